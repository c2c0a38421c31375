import { html, nothing, type TemplateResult } from 'lit';
import { AI_FEATURES, type AiFeature, type AiFeatureBudgets, type AiUsage } from '@parley/protocol/admin';
import type { AiPageStrings } from '../../ai/ai-strings.js';
import { inboxLocale } from '../../intl-locale.js';

/** The largest budget the relay takes (the contract's bound). */
const MAX_BUDGET = 1_000_000_000_000;

/**
 * The per-feature budgets as the form holds them (`featureBudget-<feature>`): the map the relay takes (every feature
 * with a budget; one left empty has none), and the features whose value is not a whole number of tokens ≥ 1.
 */
export function readFeatureBudgets(data: FormData): {
  budgets: Partial<Record<AiFeature, number>>;
  invalid: AiFeature[];
} {
  const budgets: Partial<Record<AiFeature, number>> = {};
  const invalid: AiFeature[] = [];
  for (const feature of AI_FEATURES) {
    const text = String(data.get(`featureBudget-${feature}`) ?? '').trim();
    if (text === '') continue;
    const budget = Number(text);
    if (Number.isInteger(budget) && budget >= 1 && budget <= MAX_BUDGET) budgets[feature] = budget;
    else invalid.push(feature);
  }
  return { budgets, invalid };
}

/**
 * The per-feature budgets' table in the AI form: each feature, its tokens this month (from `current`, this month's
 * usage) and its budget, an input. `invalid` marks the refused ones; `error` is said under the table.
 */
export function renderFeatureBudgets(
  t: AiPageStrings,
  budgets: AiFeatureBudgets,
  current: AiUsage | undefined,
  invalid: readonly AiFeature[],
  error: string | undefined,
): TemplateResult {
  const used = (feature: AiFeature): string => {
    const row = current?.features.find((each) => each.feature === feature);
    return (row ? row.inputTokens + row.outputTokens : 0).toLocaleString(inboxLocale());
  };
  return html`<fieldset class="feature-budgets">
    <legend>${t.featureBudgets}</legend>
    <p id="ai-featureBudgets-help" class="help">${t.featureBudgetsHelp}</p>
    <div class="table-wrap">
      <table class="stack">
        <thead>
          <tr>
            <th scope="col">${t.feature}</th>
            <th scope="col" class="num">${t.usedThisMonth}</th>
            <th scope="col">${t.featureBudget}</th>
          </tr>
        </thead>
        <tbody>
          ${AI_FEATURES.map(
            (feature) =>
              html`<tr data-feature=${feature}>
                <th scope="row"><label for="ai-budget-${feature}">${t.features[feature]}</label></th>
                <td class="num feature-used" data-label=${t.usedThisMonth}>${used(feature)}</td>
                <td data-label=${t.featureBudget}>
                  <input
                    id="ai-budget-${feature}"
                    name="featureBudget-${feature}"
                    type="number"
                    min="1"
                    step="1"
                    inputmode="numeric"
                    aria-describedby=${invalid.includes(feature) ? 'ai-featureBudgets-error' : 'ai-featureBudgets-help'}
                    aria-invalid=${invalid.includes(feature) ? 'true' : 'false'}
                    .value=${budgets[feature] === null ? '' : String(budgets[feature])}
                  />
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${error ? html`<p id="ai-featureBudgets-error" class="field-error">${error}</p>` : nothing}
  </fieldset>`;
}
