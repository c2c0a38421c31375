import { html, nothing, type TemplateResult } from 'lit';
import type { AttributeDefinition, AttributeFilter } from '@parley/protocol/admin';
import { attributeOps } from '../pages/attributes/attribute-ops.js';
import type { ViewsStrings } from './views-strings.js';

/** The most attribute criteria a view keeps (the contract's `VIEW_LIMITS.attributes`). */
export const MAX_ATTRIBUTES = 5;

/** An attribute criterion as the dialog edits it: `ref` is `<scope>.<key>` (empty until one is chosen). */
export interface Criterion {
  ref: string;
  op: AttributeFilter['op'];
  value: string;
  /** Verified values only: a visitor's unsigned claim counts as not set (docs/attributes.md). */
  verified: boolean;
}

/** A saved criterion, as the dialog edits it. */
export function criterionOf(filter: AttributeFilter): Criterion {
  return {
    ref: `${filter.scope}.${filter.key}`,
    op: filter.op,
    value: filter.value ?? '',
    verified: !!filter.verified,
  };
}

/** A criterion as the contract says it (`is_set` and `not_set` take no value; `verified` only when asked). */
export function criterionFilter({ ref, op, value, verified }: Criterion): AttributeFilter {
  const [scope, key] = ref.split('.') as [AttributeFilter['scope'], string];
  return {
    scope,
    key,
    op,
    ...(op !== 'is_set' && op !== 'not_set' && { value }),
    ...(verified && { verified }),
  };
}

/** A new criterion on the first of `definitions`. */
export function firstCriterion(definitions: readonly AttributeDefinition[]): Criterion {
  const first = definitions[0]!;
  return {
    ref: `${first.scope}.${first.key}`,
    op: attributeOps(first.type)[0] as Criterion['op'],
    value: '',
    verified: false,
  };
}

/** `criterion` with `change`: a new attribute starts over (no value, a comparison its type takes). */
export function changedCriterion(
  criterion: Criterion,
  change: Partial<Criterion>,
  definitions: readonly AttributeDefinition[],
): Criterion {
  const next = { ...criterion, ...change };
  if (change.ref === undefined) return next;
  const ops = attributeOps(definitionOf(definitions, next.ref)?.type);
  if (!ops.includes(next.op)) next.op = ops[0] as Criterion['op'];
  next.value = '';
  return next;
}

const definitionOf = (definitions: readonly AttributeDefinition[], ref: string): AttributeDefinition | undefined =>
  definitions.find((each) => `${each.scope}.${each.key}` === ref);

/** What the criteria's fieldset needs of the dialog. */
export interface CriteriaHost {
  readonly t: ViewsStrings;
  readonly criteria: readonly Criterion[];
  /** The site's attributes (archived ones aside). */
  readonly definitions: readonly AttributeDefinition[];
  set(index: number, change: Partial<Criterion>): void;
  remove(index: number): void;
  add(): void;
}

/**
 * The saved view dialog's custom attribute criteria: per row the attribute, its comparison, a value field by its type,
 * *Remove*, and *Verified values only*; *Add an attribute* below (at most {@link MAX_ATTRIBUTES}).
 */
export function criteriaFieldset({ t, criteria, definitions, set, remove, add }: CriteriaHost): TemplateResult {
  const row = (criterion: Criterion, index: number) => {
    const found = definitionOf(definitions, criterion.ref);
    const label = found?.label ?? criterion.ref;
    const bare = criterion.op === 'is_set' || criterion.op === 'not_set';
    const valueInput = bare
      ? nothing
      : found?.type === 'list' || found?.type === 'checkbox'
        ? html`<select
            aria-label=${`${label}: ${t.value}`}
            @change=${(event: Event) => set(index, { value: (event.target as HTMLSelectElement).value })}
          >
            <option value="" ?selected=${criterion.value === ''}></option>
            ${(found.type === 'list' ? (found.options ?? []) : ['true', 'false']).map(
              (option) =>
                html`<option value=${option} ?selected=${option === criterion.value}>
                  ${found.type === 'checkbox' ? (option === 'true' ? t.yes : t.no) : option}
                </option>`,
            )}
          </select>`
        : html`<input
            aria-label=${`${label}: ${t.value}`}
            type=${found?.type === 'number' ? 'number' : found?.type === 'date' ? 'date' : 'text'}
            maxlength="2000"
            .value=${criterion.value}
            @input=${(event: Event) => set(index, { value: (event.target as HTMLInputElement).value })}
          />`;
    return html`<li class="criterion">
      <select
        aria-label=${t.attribute}
        @change=${(event: Event) => set(index, { ref: (event.target as HTMLSelectElement).value })}
      >
        ${found || !criterion.ref ? nothing : html`<option value=${criterion.ref} selected>${criterion.ref}</option>`}
        ${definitions.map((each) => {
          const ref = `${each.scope}.${each.key}`;
          return html`<option value=${ref} ?selected=${ref === criterion.ref}>
            ${t.scopes[each.scope]} · ${each.label}
          </option>`;
        })}
      </select>
      <select
        aria-label=${`${label}: ${t.comparison}`}
        @change=${(event: Event) => set(index, { op: (event.target as HTMLSelectElement).value as Criterion['op'] })}
      >
        ${attributeOps(found?.type).map(
          (op) =>
            html`<option value=${op} ?selected=${op === criterion.op}>${t.ops[op as Criterion['op']] ?? op}</option>`,
        )}
      </select>
      ${valueInput}
      <button type="button" class="ghost" aria-label=${t.removeAttribute(label)} @click=${() => remove(index)}>
        ×
      </button>
      <label class="verified-only"
        ><input
          type="checkbox"
          aria-describedby="view-verified-hint"
          .checked=${criterion.verified}
          @change=${(event: Event) => set(index, { verified: (event.target as HTMLInputElement).checked })}
        />
        ${t.verifiedOnly}<span class="sr-only">: ${label}</span></label
      >
    </li>`;
  };
  return html`<fieldset class="criteria">
    <legend>${t.attributes}</legend>
    ${criteria.length > 0 ? html`<ul>${criteria.map(row)}</ul>` : nothing}
    <button
      type="button"
      class="ghost"
      ?disabled=${criteria.length >= MAX_ATTRIBUTES || definitions.length === 0}
      @click=${add}
    >
      ${t.addAttribute}
    </button>
    <span class="hint muted">${t.attributesHint}</span>
    ${criteria.length > 0 ? html`<span id="view-verified-hint" class="hint muted">${t.verifiedHint}</span>` : nothing}
  </fieldset>`;
}
