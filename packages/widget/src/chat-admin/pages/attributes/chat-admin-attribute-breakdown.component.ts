import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { AttributeBreakdown, AttributeDefinition } from '@parley/protocol/admin';
import type { AdminApi } from '../../admin-api.js';
import type { AdminStrings } from '../../admin-strings.js';
import type { ReportQuery } from '../../admin-types.js';
import { errorText } from '../../kit/error-text.js';
import { pageStyles } from '../../kit/page.styles.js';
import { AttributesApi } from './attributes-api.js';
import { attributesEn, type AttributesStrings } from './attributes-strings.js';

/**
 * The Reports page's breakdown of conversations by a custom attribute: a list or checkbox attribute chosen, the
 * conversations of the report's range per value (each with a meter), and those without one. Shows nothing while
 * the site has no such attribute. A section of the Reports page (report-section.ts), given the page's `query`.
 *
 * @summary Conversations by a list or checkbox attribute, over the report's range.
 * @tag chat-admin-attribute-breakdown
 */
export class ChatAdminAttributeBreakdown extends LitElement {
  static override styles = [
    pageStyles,
    css`
      /* A card of the Reports page's column: as wide as the others (no auto margins in its grid). */
      :host {
        display: block;
        max-width: none;
        margin: 0;
      }
      td meter {
        inline-size: 100%;
        min-inline-size: 6em;
      }
      td.n {
        text-align: end;
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    strings: { attribute: false },
    query: { attribute: false },
    theme: { type: String, reflect: true },
    _attributes: { state: true },
    _chosen: { state: true },
    _breakdown: { state: true },
    _error: { state: true },
  };

  declare api: AdminApi | undefined;
  declare strings: AdminStrings | undefined;
  /** The range and filters the Reports page shows (its sections' `query`); the breakdown is of the range. */
  declare query: ReportQuery | undefined;
  /** The inbox's theme (`auto`, `light`, `dark`), as the page's. */
  declare theme: string | undefined;
  declare private _attributes: AttributeDefinition[] | undefined;
  declare private _chosen: string | undefined;
  declare private _breakdown: AttributeBreakdown | undefined;
  declare private _error: string | undefined;
  #asked = '';

  get #t(): AttributesStrings {
    return { ...attributesEn, ...this.strings?.attributes };
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('api') && this.api)
      void new AttributesApi(this.api)
        .list()
        .then((items) => {
          this._attributes = items.filter(
            (item) => !item.archived && (item.type === 'list' || item.type === 'checkbox'),
          );
          this._chosen ??= this._attributes[0]?.id;
        })
        .catch((error: unknown) => (this._error = errorText(error)));
    const { api, query, _chosen: chosen } = this;
    const range = query && { from: query.from, to: query.to };
    const key = `${chosen}:${range?.from}:${range?.to}`;
    if (!api || !range || !chosen || key === this.#asked) return;
    this.#asked = key;
    void new AttributesApi(api)
      .breakdown(chosen, range)
      .then((breakdown) => {
        if (this.#asked === key) {
          this._breakdown = breakdown;
          this._error = undefined;
        }
      })
      .catch((error: unknown) => {
        if (this.#asked === key) this._error = errorText(error);
      });
  }

  protected override render(): TemplateResult | typeof nothing {
    const t = this.#t;
    const attributes = this._attributes;
    if (!attributes || attributes.length === 0) return nothing;
    const breakdown = this._breakdown?.attribute.id === this._chosen ? this._breakdown : undefined;
    const max = Math.max(1, ...(breakdown?.items.map((item) => item.count) ?? []), breakdown?.unset ?? 0);
    const row = (value: string, count: number) =>
      html`<tr>
        <th scope="row">${value}</th>
        <td><meter min="0" max=${max} value=${count} aria-label=${`${value}: ${t.conversations(count)}`}></meter></td>
        <td class="n">${count}</td>
      </tr>`;
    return html`<section class="card" aria-labelledby="breakdown-title">
      <h2 id="breakdown-title">${t.breakdownTitle}</h2>
      <p class="intro">${t.breakdownIntro}</p>
      <label
        >${t.breakdownOf}
        <select
          id="breakdown-attribute"
          @change=${(event: Event) => (this._chosen = (event.target as HTMLSelectElement).value)}
        >
          ${attributes.map(
            (item) => html`<option value=${item.id} ?selected=${item.id === this._chosen}>${item.label}</option>`,
          )}
        </select></label
      >
      ${this._error ? html`<p class="muted" role="alert">${this._error}</p>` : nothing}
      ${
        breakdown
          ? html`<div class="table-wrap">
              <table class="breakdown">
                <tbody>
                  ${breakdown.items.map((item) =>
                    row(typeof item.value === 'boolean' ? (item.value ? t.yes : t.no) : item.value, item.count),
                  )}
                  ${row(t.unset, breakdown.unset)}
                </tbody>
              </table>
            </div>`
          : nothing
      }
    </section>`;
  }
}
