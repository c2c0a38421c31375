import { css, html, nothing, type TemplateResult } from 'lit';
import type { Company, ContactCompany } from '@parley/protocol/admin';
import { AdminRegion } from '../admin-region.js';
import { errorText } from '../kit/error-text.js';
import { CompaniesApi } from '../pages/companies/companies-api.js';
import { companiesEn, type CompaniesStrings } from '../pages/companies/companies-strings.js';
import { requestCompany } from '../pages/companies/company-request.js';

const cardStyles = css`
  .company-card .company-line {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 8px;
    align-items: center;
  }
  .company-card form {
    display: flex;
    gap: 6px;
    margin-block-start: 6px;
  }
  .company-card input {
    flex: 1 1 8em;
    min-width: 0;
    font: inherit;
    padding: 4px 6px;
    border: 1px solid color-mix(in srgb, var(--_fg) 45%, var(--_surface));
    border-radius: 6px;
    background: var(--_surface);
    color: var(--_fg);
  }
  .company-card .found {
    list-style: none;
    margin: 6px 0 0;
    padding: 0;
    display: grid;
    gap: 2px;
  }
  /* A claim, in the notes' colours: they keep their contrast in both themes. */
  .company-card .unverified {
    font-size: 11px;
    font-weight: 600;
    padding: 1px 6px;
    border-radius: 999px;
    background: var(--_note-bg);
    color: var(--_note-fg);
  }
  .company-card .field-error {
    color: var(--_danger);
    font-size: 12px;
    margin: 0;
  }
`;

/**
 * The open conversation's contact's company in the visitor panel (docs/companies.md): its name (marked *Unverified*
 * when the page claimed it unsigned), a link to its page, and a search to set another or none. Shown in the contact
 * card, a section of its outlet (companies/contact-section.ts), which fetches its chunk the first time a contact is
 * shown.
 *
 * @summary A contact's company, shown and set in place.
 * @tag chat-admin-company-card
 */
export class ChatAdminCompanyCard extends AdminRegion {
  static override properties = {
    ...AdminRegion.properties,
    _data: { state: true },
    _found: { state: true },
    _error: { state: true },
    _busy: { state: true },
  };

  declare private _data: ContactCompany | undefined;
  declare private _found: Company[] | undefined;
  declare private _error: string | undefined;
  declare private _busy: boolean;
  #readFor = '';

  constructor() {
    super();
    this._busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Its rules go into the shadow root it renders in (`<chat-admin>`'s), once.
    const root = this.getRootNode();
    const sheet = cardStyles.styleSheet;
    if (root instanceof ShadowRoot && sheet && !root.adoptedStyleSheets.includes(sheet))
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  get #texts(): CompaniesStrings {
    return { ...companiesEn, ...this.inbox.strings.companyPage };
  }

  protected override willUpdate(changed: Parameters<AdminRegion['willUpdate']>[0]): void {
    super.willUpdate(changed);
    const contactId = this.inbox?.state.current?.visitor.id;
    const api = this.inbox?.api;
    if (!contactId || !api || contactId === this.#readFor) return;
    this.#readFor = contactId;
    this._data = undefined;
    this._found = undefined;
    this._error = undefined;
    void new CompaniesApi(api)
      .ofContact(contactId)
      .then((data) => {
        if (this.#readFor === contactId) this._data = data;
      })
      .catch((error: unknown) => {
        if (this.#readFor === contactId) this._error = errorText(error);
      });
  }

  async #search(q: string): Promise<void> {
    const api = this.inbox.api;
    if (!api) return;
    try {
      this._found = (await new CompaniesApi(api).list({ q: q.trim(), limit: 5 })).items;
      this._error = undefined;
    } catch (error) {
      this._error = errorText(error);
    }
  }

  async #set(companyId: string | null): Promise<void> {
    const api = this.inbox.api;
    const contactId = this._data?.contactId;
    if (!api || !contactId) return;
    this._busy = true;
    try {
      this._data = await new CompaniesApi(api).setForContact(contactId, companyId);
      this._found = undefined;
      this._error = undefined;
    } catch (error) {
      this._error = errorText(error);
    } finally {
      this._busy = false;
    }
  }

  #open(company: Company): void {
    requestCompany(company.id);
    this.inbox.setPage('companies');
  }

  protected override render(): TemplateResult | typeof nothing {
    const t = this.#texts;
    if (!this.inbox.state.current) return nothing;
    const data = this._data;
    if (!data && !this._error) return nothing;
    const company = data?.company ?? null;
    return html`<section class="company-card" aria-labelledby="company-card-title">
      <h3 id="company-card-title">${t.panelTitle}</h3>
      ${
        company
          ? html`<div class="company-line">
              <strong dir="auto" class="company-name">${company.name}</strong>
              ${
                data?.source === 'visitor'
                  ? html`<span class="unverified" title=${t.unverifiedHelp}>${t.unverified}</span>`
                  : nothing
              }
              <button type="button" class="link open-company" @click=${() => this.#open(company)}>${t.panelOpen}</button>
              <button type="button" class="link remove-company" ?disabled=${this._busy} @click=${() => void this.#set(null)}>
                ${t.panelRemove}
              </button>
            </div>`
          : data
            ? html`<p class="muted">${t.panelNone}</p>`
            : nothing
      }
      ${data ? this.#chooser(t) : nothing}
      ${this._error ? html`<p class="field-error" role="alert">${this._error}</p>` : nothing}
    </section>`;
  }

  #chooser(t: CompaniesStrings): TemplateResult {
    return html`<form
        role="search"
        aria-label=${t.panelChoose}
        @submit=${(event: SubmitEvent) => {
          event.preventDefault();
          void this.#search(String(new FormData(event.currentTarget as HTMLFormElement).get('q') ?? ''));
        }}
      >
        <input name="q" type="search" maxlength="200" class="company-search" placeholder=${t.panelSearch} aria-label=${t.panelSearch} />
        <button type="submit" class="secondary">${t.searchButton}</button>
      </form>
      ${
        this._found === undefined
          ? nothing
          : this._found.length === 0
            ? html`<p class="muted">${t.none}</p>`
            : html`<ul class="found">
                ${this._found.map(
                  (each) => html`<li>
                    <button
                      type="button"
                      class="link set-company"
                      data-id=${each.id}
                      ?disabled=${this._busy || each.id === this._data?.company?.id}
                      @click=${() => void this.#set(each.id)}
                    >
                      ${t.panelSet}: ${each.name}
                    </button>
                  </li>`,
                )}
              </ul>`
      }`;
  }
}
