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
import { AttributesApi } from './attributes-api.js';
import { attributesEn, type AttributesStrings } from './attributes-strings.js';

const SCOPES: readonly AttributeScope[] = ['contact', 'conversation'];

/** An attribute's reference in the filter: `<scope>.<key>`, as the `attribute` parameter starts. */
const refOf = (definition: Pick<AttributeDefinition, 'scope' | 'key'>): string =>
  `${definition.scope}.${definition.key}`;

/**
 * The Reports page's filter by a custom attribute (a report filter of custom attributes, `report-filter.ts`;
 * docs/attributes.md): one of the site's contact or conversation attributes (archived ones aside, as the relay
 * refuses them), then its value as its type takes one (a list's option, Yes or No, a number, a date, a text), which
 * sets the reports' `attribute` parameter to `<scope>.<key>:is:<value>` (as the conversation list's filter). Text
 * compares without regard to case. It keeps the attribute chosen while its value is empty, and narrows nothing then.
 * Shows nothing while the site has no attribute.
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
    `,
  ];

  static override properties = {
    api: { attribute: false },
    strings: { attribute: false },
    params: { attribute: false },
    theme: { type: String, reflect: true },
    _definitions: { state: true },
    _ref: { state: true },
    _value: { state: true },
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
  /** The `attribute` parameter the controls show: the page's, or the one this sent last. */
  #shown = '';
  /** The `attribute` parameter last said in words to the page. */
  #said = '';
  #reading = false;

  constructor() {
    super();
    this._ref = '';
    this._value = '';
  }

  get #t(): AttributesStrings {
    return { ...attributesEn, ...this.strings?.attributes };
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('api') && this.api && !this._definitions && !this.#reading) void this.#read(this.api);
    // The page's values (it gives back those of a choice at once, so they differ only when the page changed them).
    const kept = this.params?.['attribute'] ?? '';
    if (kept !== this.#shown) {
      this.#shown = kept;
      const filter = kept === '' ? undefined : parseAttributeFilter(kept);
      this._ref = filter ? refOf(filter) : '';
      this._value = filter?.value ?? '';
    }
  }

  protected override updated(): void {
    // A kept filter (a reload, the page opened again) is said in words once the attributes' names are in.
    const kept = this.#shown;
    if (kept !== '' && kept !== this.#said && this._definitions) {
      this.#said = kept;
      this.dispatchEvent(reportFilterChange({ params: { attribute: kept }, summary: this.#summary(kept) }));
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

  /** `attribute`'s text in words: the attribute's label and its value (Yes or No for a checkbox). */
  #summary(attribute: string): string {
    const t = this.#t;
    const filter = parseAttributeFilter(attribute);
    if (!filter) return attribute;
    const definition = this.#definition(refOf(filter));
    const value = filter.value ?? '';
    const shown =
      definition?.type === 'checkbox' ? (value === 'true' ? t.yes : value === 'false' ? t.no : value) : value;
    return t.filterSummary(definition?.label ?? refOf(filter), shown);
  }

  /** Chooses `ref` and `value`: the page is told when the parameter changes. */
  #choose(ref: string, value: string): void {
    this._ref = ref;
    this._value = value;
    const [scope, key] = ref.split('.') as [AttributeScope, string];
    const attribute = ref === '' || value === '' ? '' : formatAttributeFilter({ scope, key, op: 'is', value });
    if (attribute === this.#shown) return;
    this.#shown = attribute;
    this.#said = attribute;
    this.dispatchEvent(
      reportFilterChange(
        attribute === '' ? { params: {} } : { params: { attribute }, summary: this.#summary(attribute) },
      ),
    );
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
        <select name="attribute" @change=${(e: Event) => this.#choose((e.target as HTMLSelectElement).value, '')}>
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
      ${this._ref === '' ? nothing : this.#valueField(t, chosen)}`;
  }

  /** The value's field, as the attribute's type takes it (a text field while its definition is not known). */
  #valueField(t: AttributesStrings, definition: AttributeDefinition | undefined): TemplateResult {
    const pick = (e: Event) => this.#choose(this._ref, (e.target as HTMLInputElement | HTMLSelectElement).value.trim());
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
    return html`<label class="attribute-value">${t.filterValue(definition?.label ?? this._ref)} ${field}</label>`;
  }
}
