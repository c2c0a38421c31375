import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import {
  formatAttributeFilter,
  parseAttributeFilter,
  ATTRIBUTE_LIMITS,
  type AttributeDefinition,
  type AttributeScope,
} from '@parley/protocol/admin';
import type { AdminApi } from '../../admin-api.js';
import type { AdminStrings } from '../../admin-strings.js';
import { errorText } from '../../kit/error-text.js';
import { pageStyles } from '../../kit/page.styles.js';
import { reportFilterChange, type ReportParams } from '../reports/report-filter-event.js';
import { attributeOps, type AttributeOp as Op } from './attribute-ops.js';
import { AttributesApi } from './attributes-api.js';
import { attributesEn, type AttributesStrings } from './attributes-strings.js';

const SCOPES: readonly AttributeScope[] = ['contact', 'conversation'];

/** Comparisons that take no value. */
const takesValue = (op: Op): boolean => op !== 'is_set' && op !== 'not_set';

/** An attribute's reference in the filter: `<scope>.<key>`, as the `attribute` parameter starts. */
const refOf = (definition: Pick<AttributeDefinition, 'scope' | 'key'>): string =>
  `${definition.scope}.${definition.key}`;

/**
 * The Reports page's filter by a custom attribute (a report filter of custom attributes, `report-filter.ts`;
 * docs/attributes.md): one of the site's contact or conversation attributes (archived ones aside, as the relay
 * refuses them), a comparison its type takes (as the saved views' and the rules': is, is not, contains, more or less
 * than, set or not), then its value as its type takes one (a list's option, Yes or No, a number, a date, a text),
 * which sets the reports' `attribute` parameter to `<scope>.<key>:<op>[:<value>]` (as the conversation list's
 * filter), and "Verified values only" its `attributeValues=verified`. Text compares without regard to case. It keeps
 * the attribute chosen while its value is empty, and narrows nothing then. Shows nothing while the site has no
 * attribute.
 *
 * @summary The Reports page's custom attribute filter.
 * @tag chat-admin-attribute-filter
 * @event chat-report-filter-change - The choice changed (`params.attribute`, and it in words).
 */
export class ChatAdminAttributeFilter extends LitElement {
  static override styles = [
    pageStyles,
    css`
      /* Its controls are items of the page's row of filters, each wrapping on its own. */
      :host {
        display: contents;
      }
      label {
        display: grid;
        gap: 2px;
        font-weight: normal;
        min-width: 0;
      }
      label.attribute-value > input:not([type='number'], [type='date']) {
        inline-size: 12em;
      }
      label.attribute-verified {
        display: flex;
        align-items: center;
        gap: var(--chat-space-1, 4px);
        align-self: end;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    strings: { attribute: false },
    params: { attribute: false },
    theme: { type: String, reflect: true },
    _definitions: { state: true },
    _ref: { state: true },
    _op: { state: true },
    _value: { state: true },
    _verified: { state: true },
    _error: { state: true },
  };

  declare api: AdminApi | undefined;
  declare strings: AdminStrings | undefined;
  /** The values of its parameters, as the page keeps them (`attribute`). */
  declare params: ReportParams | undefined;
  /** The inbox's theme (`auto`, `light`, `dark`), as the page's. */
  declare theme: string | undefined;
  /** The site's attributes a report may filter by (archived ones aside), once read. */
  declare private _definitions: AttributeDefinition[] | undefined;
  /** The attribute chosen (`<scope>.<key>`), or `''`. */
  declare private _ref: string;
  /** Its value as text (`''`: none yet). */
  declare private _value: string;
  declare private _error: string | undefined;
  /** The comparison chosen. */
  declare private _op: Op;
  /** Verified values only (`attributeValues=verified`). */
  declare private _verified: boolean;
  /** The parameters the controls show (`attribute`, and `attributeValues`), as a key: the page's, or those sent last. */
  #shown = '';
  /** The parameters last said in words to the page, as a key. */
  #said = '';
  #reading = false;

  constructor() {
    super();
    this._ref = '';
    this._op = 'is';
    this._value = '';
    this._verified = false;
  }

  get #t(): AttributesStrings {
    return { ...attributesEn, ...this.strings?.attributes };
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('api') && this.api && !this._definitions && !this.#reading) void this.#read(this.api);
    // The page's values (it gives back those of a choice at once, so they differ only when the page changed them).
    const kept = paramsOf(this.params);
    if (keyOf(kept) !== this.#shown) {
      this.#shown = keyOf(kept);
      const filter = kept.attribute === undefined ? undefined : parseAttributeFilter(kept.attribute);
      this._ref = filter ? refOf(filter) : '';
      this._op = filter?.op ?? 'is';
      this._value = filter?.value ?? '';
      this._verified = !!filter && kept.attributeValues === 'verified';
    }
  }

  protected override updated(): void {
    // A kept filter (a reload, the page opened again) is said in words once the attributes' names are in.
    const kept = paramsOf(this.params);
    if (
      kept.attribute !== undefined &&
      keyOf(kept) === this.#shown &&
      this.#shown !== this.#said &&
      this._definitions
    ) {
      this.#said = this.#shown;
      this.dispatchEvent(reportFilterChange({ params: kept, summary: this.#summary(kept) }));
    }
  }

  async #read(api: AdminApi): Promise<void> {
    this.#reading = true;
    try {
      this._definitions = (await new AttributesApi(api).list()).filter((each) => !each.archived);
      this._error = undefined;
    } catch (error) {
      this._error = errorText(error);
    } finally {
      this.#reading = false;
    }
  }

  #definition(ref: string): AttributeDefinition | undefined {
    return this._definitions?.find((each) => refOf(each) === ref);
  }

  /** The parameters in words: the attribute's label, the comparison and the value (Yes or No for a checkbox). */
  #summary(params: FilterParams): string {
    const t = this.#t;
    const filter = parseAttributeFilter(params.attribute ?? '');
    if (!filter) return params.attribute ?? '';
    const definition = this.#definition(refOf(filter));
    const value = filter.value;
    const shown =
      definition?.type === 'checkbox' ? (value === 'true' ? t.yes : value === 'false' ? t.no : value) : value;
    const summary = t.filterSummary(definition?.label ?? refOf(filter), filter.op, shown);
    return params.attributeValues === 'verified' ? t.filterVerifiedSummary(summary) : summary;
  }

  /**
   * Chooses the attribute, comparison, value and verified-only: the page is told when the parameters change. Another
   * attribute starts over (no value, its type's first comparison); a comparison its type does not take becomes that.
   */
  #choose(change: { ref?: string; op?: Op; value?: string; verified?: boolean }): void {
    if (change.ref !== undefined && change.ref !== this._ref) {
      this._ref = change.ref;
      this._value = '';
      this._verified = false;
    }
    const ops = attributeOps(this.#definition(this._ref)?.type);
    const op = change.op ?? this._op;
    this._op = ops.includes(op) ? op : ops[0]!;
    if (change.value !== undefined) this._value = change.value;
    if (!takesValue(this._op)) this._value = '';
    if (change.verified !== undefined) this._verified = change.verified;
    const [scope, key] = this._ref.split('.') as [AttributeScope, string];
    const narrows = this._ref !== '' && (!takesValue(this._op) || this._value !== '');
    const params: FilterParams = narrows
      ? {
          attribute: formatAttributeFilter({
            scope,
            key,
            op: this._op,
            ...(takesValue(this._op) && { value: this._value }),
          }),
          ...(this._verified && { attributeValues: 'verified' }),
        }
      : {};
    if (keyOf(params) === this.#shown) return;
    this.#shown = keyOf(params);
    this.#said = this.#shown;
    this.dispatchEvent(reportFilterChange(narrows ? { params, summary: this.#summary(params) } : { params: {} }));
  }

  protected override render(): TemplateResult | typeof nothing {
    const t = this.#t;
    const definitions = this._definitions ?? [];
    if (this._error)
      return html`<label class="attribute"
        >${t.filterAttribute}<span class="field-error" role="alert">${this._error}</span></label
      >`;
    if (definitions.length === 0 && this._ref === '') return nothing;
    const chosen = this.#definition(this._ref);
    const option = (definition: AttributeDefinition) =>
      html`<option value=${refOf(definition)} ?selected=${refOf(definition) === this._ref}>
        ${definition.label}
      </option>`;
    return html`<label class="attribute"
        >${t.filterAttribute}
        <select
          name="attribute"
          @change=${(e: Event) => this.#choose({ ref: (e.target as HTMLSelectElement).value })}
        >
          <option value="" ?selected=${this._ref === ''}>${t.filterAny}</option>
          ${SCOPES.map((scope) => {
            const ofScope = definitions.filter((each) => each.scope === scope);
            return ofScope.length === 0
              ? nothing
              : html`<optgroup
                  label=${scope === 'contact' ? t.contactAttributes : t.conversationAttributes}
                >
                  ${ofScope.map(option)}
                </optgroup>`;
          })}
          ${this._ref !== '' && !chosen ? html`<option value=${this._ref} selected>${this._ref}</option>` : nothing}
        </select></label
      >
      ${this._ref === '' ? nothing : this.#comparison(t, chosen)}
      ${this._ref === '' || !takesValue(this._op) ? nothing : this.#valueField(t, chosen)}
      ${
        this._ref === ''
          ? nothing
          : html`<label class="attribute-verified" title=${t.filterVerifiedHint}
              ><input
                type="checkbox"
                name="attribute-verified"
                .checked=${this._verified}
                @change=${(e: Event) => this.#choose({ verified: (e.target as HTMLInputElement).checked })}
              />${t.filterVerified}</label
            >`
      }`;
  }

  /** The comparisons the attribute's type takes (all of them while its definition is not known). */
  #comparison(t: AttributesStrings, definition: AttributeDefinition | undefined): TemplateResult {
    const ops = attributeOps(definition?.type);
    return html`<label class="attribute-op"
      >${t.filterComparison}
      <select
        name="attribute-op"
        @change=${(e: Event) => this.#choose({ op: (e.target as HTMLSelectElement).value as Op })}
      >
        ${ops.map((op) => html`<option value=${op} ?selected=${op === this._op}>${t.filterOps[op] ?? op}</option>`)}
      </select></label
    >`;
  }

  /** The value's field, as the attribute's type takes it (a text field while its definition is not known). */
  #valueField(t: AttributesStrings, definition: AttributeDefinition | undefined): TemplateResult {
    const pick = (e: Event) => this.#choose({ value: (e.target as HTMLInputElement | HTMLSelectElement).value.trim() });
    const choices = (values: ReadonlyArray<[string, string]>) =>
      html`<select name="attribute-value" @change=${pick}>
        <option value="" ?selected=${this._value === ''}>${t.filterChoose}</option>
        ${values.map(([value, label]) => html`<option value=${value} ?selected=${this._value === value}>${label}</option>`)}
        ${
          this._value !== '' && !values.some(([value]) => value === this._value)
            ? html`<option value=${this._value} selected>${this._value}</option>`
            : nothing
        }
      </select>`;
    const type = definition?.type ?? 'text';
    const field =
      type === 'list'
        ? choices(definition!.options.map((option): [string, string] => [option, option]))
        : type === 'checkbox'
          ? choices([
              ['true', t.yes],
              ['false', t.no],
            ])
          : html`<input
              name="attribute-value"
              type=${type === 'number' ? 'number' : type === 'date' ? 'date' : 'text'}
              step=${type === 'number' ? 'any' : nothing}
              maxlength=${
                type === 'link' ? ATTRIBUTE_LIMITS.linkLength : type === 'text' ? ATTRIBUTE_LIMITS.textLength : nothing
              }
              .value=${this._value}
              @change=${pick}
            />`;
    return html`<label class="attribute-value">${t.filterValue} ${field}</label>`;
  }
}

/** Its parameters: the attribute filter and, with it, verified-only. */
type FilterParams = { attribute?: string; attributeValues?: 'verified' };

/** Its parameters among the page's (an `attributeValues` without an attribute narrows nothing, and is dropped). */
function paramsOf(params: ReportParams | undefined): FilterParams {
  const attribute = params?.['attribute'];
  if (!attribute) return {};
  return params['attributeValues'] === 'verified' ? { attribute, attributeValues: 'verified' } : { attribute };
}

/** Parameters as a key to compare by. */
const keyOf = (params: FilterParams): string =>
  params.attribute === undefined ? '' : `${params.attribute}\n${params.attributeValues ?? ''}`;
