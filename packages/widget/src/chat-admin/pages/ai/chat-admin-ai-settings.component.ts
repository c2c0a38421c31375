import { css, html, nothing, type TemplateResult } from 'lit';
import {
  AI_PROVIDERS,
  type AiFeature,
  type AiProvider,
  type AiSettings,
  type AiSettingsInput,
  type AiUsage,
} from '@parley/protocol/admin';
import type { AdminApi } from '../../admin-api.js';
import { AiApi } from '../../ai/ai-api.js';
import { forgetAiStatus } from '../../ai/ai-status.js';
import { aiPageEn, type AiPageStrings } from '../../ai/ai-strings.js';
import { fieldOf } from '../../field-errors.js';
import { AdminPage } from '../../kit/admin-page.js';
import { Confirm } from '../../kit/confirm.js';
import { pageStyles } from '../../kit/page.styles.js';
import { defineAiAgent } from './chat-admin-ai-agent.component.js';
import { readFeatureBudgets, renderFeatureBudgets } from './feature-budgets.js';
import { inboxLocale } from '../../intl-locale.js';

/** What is done with the stored key on save: kept (nothing sent), replaced by what is typed, or removed (`null`). */
type KeyChange = 'keep' | 'replace' | 'remove';

/** This month, `YYYY-MM` (UTC, as the relay counts). */
const thisMonth = (): string => new Date().toISOString().slice(0, 7);

const number = (value: number): string => value.toLocaleString(inboxLocale());

/**
 * The AI page of the settings (issue #83; admins, `settings.manage`): whether the site's agents have the AI tools,
 * on the relay's default provider (when the operator set one) or the site's own (protocol, base URL, model, and the
 * key: write-only, "a key is set", Replace or Remove, never shown), the monthly token budget and each feature's own
 * (a table beside its tokens this month, feature-budgets.ts); then the site's AI
 * agent for visitors (`<chat-admin-ai-agent>`, its own form, disabled while the tools are off); then the month's
 * usage (a month picker): per feature, calls, failures and tokens, the budget as a bar, and the latest calls.
 * The form refuses an invalid base URL or budget before any call, beside the field; the relay's refusals are said
 * there too when they name one.
 *
 * @summary The site's AI provider, budget and usage.
 * @tag chat-admin-ai
 */
export class ChatAdminAiSettings extends AdminPage {
  static override styles = [
    pageStyles,
    css`
      fieldset:disabled {
        opacity: 0.6;
      }
      .key-state {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: center;
      }
      meter {
        width: 100%;
        height: 12px;
      }
      .month {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: end;
      }
      td.num,
      th.num {
        text-align: end;
        font-variant-numeric: tabular-nums;
      }
      /* On a phone, a feature's name heads its block of figures (the kit stacks the cells). */
      @media (max-width: 480px) {
        table.stack > tbody > tr > th {
          display: block;
          border: 0;
          padding: 0 0 2px;
        }
        table.stack td.num {
          text-align: start;
        }
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    _settings: { state: true },
    _usage: { state: true },
    _current: { state: true },
    _badBudgets: { state: true },
    _month: { state: true },
    _inherit: { state: true },
    _key: { state: true },
    _errors: { state: true },
  };

  declare private _settings: AiSettings | undefined;
  declare private _usage: AiUsage | undefined;
  /** This month's usage, beside the per-feature budgets (the month shown under them may be another). */
  declare private _current: AiUsage | undefined;
  /** The per-feature budgets the form refused. */
  declare private _badBudgets: AiFeature[];
  declare private _month: string;
  /** The "relay's default" choice, as the form shows it. */
  declare private _inherit: boolean;
  declare private _key: KeyChange;
  /** Refusals beside their fields, by the field's name. */
  declare private _errors: Partial<
    Record<'baseUrl' | 'model' | 'monthlyTokenBudget' | 'apiKey' | 'featureBudgets', string>
  >;
  readonly #confirm = new Confirm(this);

  constructor() {
    super();
    this._month = thisMonth();
    this._inherit = false;
    this._key = 'keep';
    this._errors = {};
    this._badBudgets = [];
    defineAiAgent();
  }

  get #t(): AiPageStrings {
    return { ...aiPageEn, ...this.strings.aiPage };
  }

  protected override async load(api: AdminApi): Promise<void> {
    const ai = new AiApi(api);
    const [settings, usage] = await Promise.all([ai.settings(), ai.usage(this._month)]);
    this.#take(settings);
    this._usage = usage;
    this._current = usage;
  }

  #take(settings: AiSettings): void {
    this._settings = settings;
    this._inherit = settings.inherited && settings.defaultAvailable;
    this._key = 'keep';
  }

  /** What saving does with the key: with none stored (or the relay's), a key typed is the site's first. */
  #keyChange(settings: AiSettings): KeyChange {
    return !settings.keySet || settings.inherited ? 'replace' : this._key;
  }

  /** The form's values as the relay takes them, or the refusals beside their fields. */
  #body(form: HTMLFormElement): AiSettingsInput | undefined {
    const t = this.#t;
    const data = new FormData(form);
    const text = (name: string): string => String(data.get(name) ?? '').trim();
    const errors: ChatAdminAiSettings['_errors'] = {};
    const budgetText = text('monthlyTokenBudget');
    const budget = budgetText === '' ? null : Number(budgetText);
    if (budget !== null && (!Number.isInteger(budget) || budget < 1 || budget > 1_000_000_000_000))
      errors.monthlyTokenBudget = t.budgetInvalid;
    const features = readFeatureBudgets(data);
    this._badBudgets = features.invalid;
    if (features.invalid.length)
      errors.featureBudgets = t.featureBudgetInvalid(features.invalid.map((feature) => t.features[feature]).join(', '));
    const body: AiSettingsInput = {
      enabled: data.get('enabled') === 'on',
      monthlyTokenBudget: budget,
      featureBudgets: features.budgets,
    };
    const settings = this._settings!;
    if (this._inherit) body.inherit = true;
    else {
      const baseUrl = text('baseUrl');
      let url: URL | undefined;
      try {
        url = new URL(baseUrl);
      } catch {
        url = undefined;
      }
      if (!url || !['https:', 'http:'].includes(url.protocol) || baseUrl.length > 2048)
        errors.baseUrl = t.baseUrlInvalid;
      const model = text('model');
      if (!model) errors.model = t.modelMissing;
      Object.assign(body, { inherit: false, provider: text('provider') as AiProvider, baseUrl, model });
      const key = this.#keyChange(settings);
      if (key === 'remove') body.apiKey = null;
      else if (key === 'replace' && text('apiKey')) body.apiKey = text('apiKey');
    }
    this._errors = errors;
    if (Object.keys(errors).length) {
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return undefined;
    }
    return body;
  }

  #onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const body = this.#body(event.currentTarget as HTMLFormElement);
    if (!body || !this.api) return;
    const saved = await this.run(async (api) => this.#take(await new AiApi(api).save(body)), this.#t.saved);
    if (saved) {
      const site = this.inbox?.state.me?.site.id;
      if (site) forgetAiStatus(site);
    }
  };

  /** A refusal naming a field of the form is said beside it, the rest in the save state. */
  protected override failed(error: unknown): void {
    const field = fieldOf(error, ['baseUrl', 'model', 'monthlyTokenBudget', 'apiKey', 'featureBudgets']);
    if (field) this._errors = { ...this._errors, [field]: this.errorText(error) };
    super.failed(error);
  }

  async #showMonth(month: string): Promise<void> {
    if (!/^\d{4}-\d{2}$/.test(month)) return;
    this._month = month;
    await this.run(async (api) => (this._usage = await new AiApi(api).usage(month)));
  }

  #field(
    name: keyof ChatAdminAiSettings['_errors'],
    help?: string,
  ): { describedby: string; invalid: 'true' | 'false' } {
    const ids = [help ? `ai-${name}-help` : '', this._errors[name] ? `ai-${name}-error` : ''].filter(Boolean);
    return { describedby: ids.join(' '), invalid: this._errors[name] ? 'true' : 'false' };
  }

  #error(name: keyof ChatAdminAiSettings['_errors']): TemplateResult | typeof nothing {
    const error = this._errors[name];
    return error ? html`<p id="ai-${name}-error" class="field-error">${error}</p>` : nothing;
  }

  #renderKey(settings: AiSettings): TemplateResult {
    const t = this.#t;
    const key = this.#field('apiKey', t.keyHelp);
    const input = html`<label for="ai-key">${t.key}</label>
      <input
        id="ai-key"
        name="apiKey"
        type="password"
        autocomplete="new-password"
        spellcheck="false"
        maxlength="4096"
        aria-describedby=${key.describedby}
        aria-invalid=${key.invalid}
      />
      <p id="ai-apiKey-help" class="help">${t.keyHelp}</p>
      ${this.#error('apiKey')}`;
    if (this.#keyChange(settings) === 'replace' && (!settings.keySet || settings.inherited)) return input;
    if (this._key === 'replace')
      return html`${input}
        <div class="row">
          <button type="button" class="link keep-key" @click=${() => (this._key = 'keep')}>${t.keepKey}</button>
        </div>`;
    return html`<div class="field">
      <span class="label" id="ai-key-label"><b>${t.key}</b></span>
      <div class="key-state" role="group" aria-labelledby="ai-key-label">
        <span class="key-set">${this._key === 'remove' ? t.keyRemoved : t.keySet}</span>
        ${
          this._key === 'remove'
            ? html`<button type="button" class="link keep-key" @click=${() => (this._key = 'keep')}>${t.keepKey}</button>`
            : this.#confirm.pending
              ? this.#confirm.render(
                  { text: t.removeKeyConfirm, ok: t.removeKey, cancel: t.keepKey, id: 'ai-remove-key' },
                  () => (this._key = 'remove'),
                )
              : html`<button
                    type="button"
                    class="replace-key"
                    @click=${async () => {
                      this._key = 'replace';
                      await this.updateComplete;
                      this.renderRoot.querySelector<HTMLElement>('#ai-key')?.focus();
                    }}
                  >
                    ${t.replaceKey}
                  </button>
                  <button type="button" class="danger remove-key" @click=${() => this.#confirm.ask(true)}>${t.removeKey}</button>`
        }
      </div>
    </div>`;
  }

  #renderForm(settings: AiSettings): TemplateResult {
    const t = this.#t;
    const own = !this._inherit;
    const url = this.#field('baseUrl', t.baseUrlHelp);
    const model = this.#field('model');
    const budget = this.#field('monthlyTokenBudget', t.budgetHelp);
    const shown = (value: string | null): string => (settings.inherited ? '' : (value ?? ''));
    return html`<form data-save="ai" novalidate @submit=${this.#onSubmit}>
      <label><input type="checkbox" name="enabled" .checked=${settings.enabled} /> ${t.enabled}</label>
      ${
        settings.defaultAvailable
          ? html`<fieldset class="choices">
              <legend>${t.source}</legend>
              <label
                ><input type="radio" name="source" value="inherit" .checked=${this._inherit} @change=${() => (this._inherit = true)} />
                ${t.inherit}</label
              >
              <label
                ><input type="radio" name="source" value="own" .checked=${own} @change=${() => (this._inherit = false)} />
                ${t.own}</label
              >
              ${this._inherit ? html`<p class="help">${t.inheritHelp}</p>` : nothing}
            </fieldset>`
          : nothing
      }
      ${
        own
          ? html`<fieldset>
              <legend>${t.ownProvider}</legend>
              <label
                >${t.provider}
                <select name="provider">
                  ${AI_PROVIDERS.map(
                    (provider) =>
                      html`<option value=${provider} ?selected=${(settings.inherited ? 'openai' : (settings.provider ?? 'openai')) === provider}>
                        ${t.providers[provider]}
                      </option>`,
                  )}
                </select></label
              >
              <label for="ai-base-url">${t.baseUrl}</label>
              <input
                id="ai-base-url"
                name="baseUrl"
                type="url"
                inputmode="url"
                spellcheck="false"
                placeholder="https://api.openai.com/v1"
                .value=${shown(settings.baseUrl)}
                aria-describedby=${url.describedby}
                aria-invalid=${url.invalid}
                @input=${() => this._errors.baseUrl && (this._errors = { ...this._errors, baseUrl: undefined })}
              />
              <p id="ai-baseUrl-help" class="help">${t.baseUrlHelp}</p>
              ${this.#error('baseUrl')}
              <label for="ai-model">${t.model}</label>
              <input
                id="ai-model"
                name="model"
                spellcheck="false"
                maxlength="200"
                placeholder="gpt-4o-mini"
                .value=${shown(settings.model)}
                aria-describedby=${model.describedby}
                aria-invalid=${model.invalid}
              />
              ${this.#error('model')} ${this.#renderKey(settings)}
            </fieldset>`
          : nothing
      }
      <label for="ai-budget">${t.budget}</label>
      <input
        id="ai-budget"
        name="monthlyTokenBudget"
        type="number"
        min="1"
        step="1"
        inputmode="numeric"
        .value=${settings.monthlyTokenBudget === null ? '' : String(settings.monthlyTokenBudget)}
        aria-describedby=${budget.describedby}
        aria-invalid=${budget.invalid}
      />
      <p id="ai-monthlyTokenBudget-help" class="help">${t.budgetHelp}</p>
      ${this.#error('monthlyTokenBudget')}
      ${renderFeatureBudgets(t, settings.featureBudgets, this._current, this._badBudgets, this._errors.featureBudgets)}
      <div class="actions">
        <button class="primary" type="submit" ?disabled=${this.busy}>${t.save}</button>${this.saveState('ai')}
      </div>
    </form>`;
  }

  #renderUsage(usage: AiUsage): TemplateResult {
    const t = this.#t;
    const budget = usage.monthlyTokenBudget;
    return html`<section class="card" aria-labelledby="ai-usage-title">
      <div class="card-head">
        <h2 id="ai-usage-title">${t.usage}</h2>
        <span class="inline month"><label
          >${t.month}
          <input
            type="month"
            name="month"
            .value=${this._month}
            max=${thisMonth()}
            @change=${(event: Event) => void this.#showMonth((event.target as HTMLInputElement).value)}
        /></label></span>
      </div>
      <p class="used">${t.used(number(usage.usedTokens), budget === null ? null : number(budget))}</p>
      ${
        budget !== null
          ? html`<meter
              min="0"
              max=${budget}
              low=${budget * 0.75}
              high=${budget * 0.9}
              optimum="0"
              .value=${Math.min(usage.usedTokens, budget)}
              aria-label=${t.used(number(usage.usedTokens), number(budget))}
            ></meter>`
          : nothing
      }
      ${
        usage.features.length === 0
          ? html`<p class="muted">${t.noCalls}</p>`
          : html`<div class="table-wrap">
              <table class="stack features">
                <thead>
                  <tr>
                    <th scope="col">${t.feature}</th>
                    <th scope="col" class="num">${t.calls}</th>
                    <th scope="col" class="num">${t.failures}</th>
                    <th scope="col" class="num">${t.tokens}</th>
                  </tr>
                </thead>
                <tbody>
                  ${usage.features.map(
                    (row) =>
                      html`<tr data-feature=${row.feature}>
                        <th scope="row">${t.features[row.feature]}</th>
                        <td class="num" data-label=${t.calls}>${number(row.calls)}</td>
                        <td class="num" data-label=${t.failures}>${number(row.failures)}</td>
                        <td class="num" data-label=${t.tokens}>${number(row.inputTokens)} / ${number(row.outputTokens)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
      ${
        usage.recent.length
          ? html`<h3>${t.recent}</h3>
              <div class="table-wrap">
                <table class="stack recent">
                  <thead>
                    <tr>
                      <th scope="col">${t.at}</th>
                      <th scope="col">${t.feature}</th>
                      <th scope="col">${t.modelColumn}</th>
                      <th scope="col" class="num">${t.tokensInOut}</th>
                      <th scope="col" class="num">${t.latency}</th>
                      <th scope="col">${t.outcome}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${usage.recent.map(
                      (call) =>
                        html`<tr>
                          <td data-label=${t.at}><time datetime=${new Date(call.at).toISOString()}>${new Date(call.at).toLocaleString(inboxLocale())}</time></td>
                          <td data-label=${t.feature}>${t.features[call.feature]}</td>
                          <td data-label=${t.modelColumn}><code>${call.model}</code></td>
                          <td class="num" data-label=${t.tokensInOut}>${number(call.inputTokens)} / ${number(call.outputTokens)}</td>
                          <td class="num" data-label=${t.latency}>${number(call.latencyMs)} ms</td>
                          <td data-label=${t.outcome}><span class="state outcome-${call.outcome}">${t.outcomes[call.outcome]}</span></td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
          : nothing
      }
    </section>`;
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    const settings = this._settings;
    return html`<section class="card" aria-labelledby="ai-title">
        <h2 id="ai-title">${t.title}</h2>
        <p class="intro">${t.intro}</p>
        ${this.saveState()}
        ${settings ? this.#renderForm(settings) : this.error ? nothing : html`<p class="muted">${this.strings.loading}</p>`}
      </section>
      ${
        settings
          ? html`<chat-admin-ai-agent
              class="card"
              .api=${this.api}
              .strings=${this.strings}
              .inbox=${this.inbox}
              .toolsOn=${settings.enabled}
              theme=${this.theme ?? nothing}
            ></chat-admin-ai-agent>`
          : nothing
      }
      ${this._usage ? this.#renderUsage(this._usage) : nothing}`;
  }
}
