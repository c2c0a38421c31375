import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { Company } from '@parley/protocol/admin';
import type { AdminApi } from '../../admin-api.js';
import type { AdminStrings } from '../../admin-strings.js';
import { errorText } from '../../kit/error-text.js';
import { pageStyles } from '../../kit/page.styles.js';
import { reportFilterChange, type ReportParams } from '../reports/report-filter-event.js';
import { CompaniesApi } from './companies-api.js';
import { companiesEn, type CompaniesStrings } from './companies-strings.js';

/** How many companies the choice offers at once: the latest changed, or those a search finds. */
const OFFERED = 25;
/** The pause in typing after which the search asks the relay. */
const SEARCH_DELAY = 250;

/**
 * The Reports page's filter by company (a report filter of companies, `report-filter.ts`; docs/companies.md): every
 * company, those in no company, or one of the site's, searched by name or domain (`GET /v1/admin/companies?q=`, the
 * latest changed until one searches), which sets the reports' `company` parameter (the conversation list's). A kept
 * company the list does not hold is read by its id, for its name.
 *
 * @summary The Reports page's company filter: a searchable choice of the site's companies.
 * @tag chat-admin-company-filter
 * @event chat-report-filter-change - The choice changed (`params.company`, and it in words).
 */
export class ChatAdminCompanyFilter extends LitElement {
  static override styles = [
    pageStyles,
    css`
      /* An item of the page's row of filters: its name over the search and the choice, which wrap when narrow. */
      :host {
        display: contents;
      }
      .company-filter {
        display: grid;
        gap: 2px;
        min-width: 0;
      }
      .pair {
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
        min-width: 0;
      }
      .pair input {
        inline-size: 11em;
      }
      .pair select {
        max-inline-size: 16em;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    strings: { attribute: false },
    params: { attribute: false },
    theme: { type: String, reflect: true },
    _found: { state: true },
    _chosen: { state: true },
    _known: { state: true },
    _error: { state: true },
  };

  declare api: AdminApi | undefined;
  declare strings: AdminStrings | undefined;
  /** The values of its parameters, as the page keeps them (`company`). */
  declare params: ReportParams | undefined;
  /** The inbox's theme (`auto`, `light`, `dark`), as the page's. */
  declare theme: string | undefined;
  /** The companies offered: the latest changed, or what the search found. */
  declare private _found: Company[] | undefined;
  /** The company chosen (its id), `none`, or `''` (every one). */
  declare private _chosen: string;
  /** The companies chosen so far, by id: their names, once read. */
  declare private _known: ReadonlyMap<string, string>;
  declare private _error: string | undefined;
  /** The `company` parameter the choice shows: the page's, or the one this sent last. */
  #shown = '';
  /** The `company` parameter last said in words to the page. */
  #said = '';
  /** Answers to older searches are dropped. */
  #search = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The kept companies being read for their names. */
  #naming = new Set<string>();

  constructor() {
    super();
    this._chosen = '';
    this._known = new Map();
  }

  get #t(): CompaniesStrings {
    return { ...companiesEn, ...this.strings?.companyPage };
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('api') && this.api && !this._found) void this.#find('');
    // The page's values (it gives back those of a choice at once, so they differ only when the page changed them).
    const kept = this.params?.['company'] ?? '';
    if (kept !== this.#shown) {
      this.#shown = kept;
      this._chosen = kept;
    }
    const named = this._known.has(kept) || this.#naming.has(kept);
    if (this.api && kept !== '' && kept !== 'none' && !named && (this._found || this._error))
      void this.#name(this.api, kept);
  }

  protected override updated(): void {
    // A kept company (a reload, the page opened again) is said in words once its name is in.
    const kept = this.#shown;
    if (kept !== '' && kept !== this.#said && (kept === 'none' || this._known.has(kept))) {
      this.#said = kept;
      this.dispatchEvent(reportFilterChange({ params: { company: kept }, summary: this.#summary(kept) }));
    }
  }

  /** Reads the companies whose name or domain holds `q` (the latest changed for none). */
  async #find(q: string): Promise<void> {
    const api = this.api;
    if (!api) return;
    const asked = ++this.#search;
    try {
      const found = (await new CompaniesApi(api).list({ ...(q && { q }), limit: OFFERED })).items;
      if (asked !== this.#search) return;
      this._found = found;
      this._known = new Map([...this._known, ...found.map((each): [string, string] => [each.id, each.name])]);
      this._error = undefined;
    } catch (error) {
      if (asked === this.#search) this._error = errorText(error);
    }
  }

  /** Reads a kept company the list does not hold, for its name (an unknown one is shown by its id). */
  async #name(api: AdminApi, id: string): Promise<void> {
    this.#naming.add(id);
    let name = id;
    try {
      name = (await new CompaniesApi(api).get(id, { limit: 1 })).company.name;
    } catch {
      // Deleted since, or another site's: shown by its id, and the relay refuses the report with its reason, which
      // the page says.
    } finally {
      this.#naming.delete(id);
      this._known = new Map([...this._known, [id, name]]);
    }
  }

  #summary(company: string): string {
    return company === 'none' ? this.#t.filterNone : (this._known.get(company) ?? company);
  }

  #typed(q: string, now = false): void {
    clearTimeout(this.#timer);
    if (now) void this.#find(q.trim());
    else this.#timer = setTimeout(() => void this.#find(q.trim()), SEARCH_DELAY);
  }

  #choose(company: string): void {
    this._chosen = company;
    if (company === this.#shown) return;
    this.#shown = company;
    this.#said = company;
    this.dispatchEvent(
      reportFilterChange(company === '' ? { params: {} } : { params: { company }, summary: this.#summary(company) }),
    );
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    const found = this._found ?? [];
    const chosen = this._chosen;
    const option = (id: string, name: string) => html`<option value=${id} ?selected=${chosen === id}>${name}</option>`;
    return html`<div class="company-filter" role="group" aria-labelledby="company-filter-title">
      <span id="company-filter-title">${t.filterTitle}</span>
      <span class="pair">
        <input
          type="search"
          name="company-q"
          maxlength="200"
          aria-label=${t.filterSearch}
          placeholder=${t.filterSearch}
          @input=${(e: Event) => this.#typed((e.target as HTMLInputElement).value)}
          @keydown=${(e: KeyboardEvent) => {
            if (e.key === 'Enter') this.#typed((e.target as HTMLInputElement).value, true);
          }}
        />
        <select
          name="company"
          aria-labelledby="company-filter-title"
          @change=${(e: Event) => this.#choose((e.target as HTMLSelectElement).value)}
        >
          ${option('', t.filterAll)} ${option('none', t.filterNone)}
          ${found.map((each) => option(each.id, each.name))}
          ${
            chosen !== '' && chosen !== 'none' && !found.some((each) => each.id === chosen)
              ? option(chosen, this.#summary(chosen))
              : nothing
          }
        </select>
      </span>
      ${this._error ? html`<span class="field-error" role="alert">${this._error}</span>` : nothing}
    </div>`;
  }
}
