import { css, html, nothing, type TemplateResult } from 'lit';
import type { Company, CompanyContact } from '@parley/protocol/admin';
import type { ConversationStatus } from '../../admin-types.js';
import { CompaniesApi } from './companies-api.js';
import { companiesEn, type CompaniesStrings } from './companies-strings.js';
import { takeRequestedCompany } from './company-request.js';
import { AdminPage } from '../../kit/admin-page.js';
import { Confirm } from '../../kit/confirm.js';
import { pageStyles } from '../../kit/page.styles.js';
import { SearchList, searchList, searchListStyles } from '../../kit/search-list.js';
import { inboxName, longTime, shortTime } from '../../format.js';
import { holds } from '../../page-entry.js';

type AttributeValue = string | number | boolean;
/** An attribute row of the edit form: its key, its value as typed, and the type it keeps. */
interface AttributeRow {
  key: string;
  value: string;
  type: 'string' | 'number' | 'boolean';
}

/** Domains as typed ("acme.com, acme.io") as the API takes them. */
const domainList = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((each) => each.trim().toLowerCase())
    .filter(Boolean);

/** A row's value in its type: a number or a checkbox stays one when it still reads as one. */
function typed(row: AttributeRow): AttributeValue {
  const text = row.value.trim();
  if (row.type === 'number' && text !== '' && Number.isFinite(Number(text))) return Number(text);
  if (row.type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return row.value;
}

/**
 * The Companies page of `<chat-admin>` (docs/companies.md): a search over the site's companies and a new one made;
 * a company's page with its details and attributes (edited in one form), its contacts (most recently seen first,
 * paged) and their conversations, each opening in the inbox; deleting a company (its contacts kept) for those who
 * hold `contacts.manage`, confirmed in place.
 *
 * @summary Companies: search, create, a company's attributes, contacts and conversations.
 * @tag chat-admin-companies
 */
export class ChatAdminCompanies extends AdminPage {
  static override styles = [
    pageStyles,
    searchListStyles,
    css`
      .contacts,
      .conversations {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 4px;
      }
      .contacts > li {
        display: grid;
        gap: 4px;
        padding: 8px 0;
        border-block-end: 1px solid var(--_border);
      }
      .conversations li {
        display: flex;
        gap: 8px;
        align-items: center;
        justify-content: space-between;
      }
      .details {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 6px 16px;
        margin: 0;
      }
      .details dd {
        font-weight: normal;
        overflow-wrap: anywhere;
        margin: 0;
      }
      .attribute-row {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 2fr) auto;
        gap: 6px;
        align-items: end;
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    _company: { state: true },
    _contacts: { state: true },
    _contactsNext: { state: true },
    _editing: { state: true },
    _adding: { state: true },
    _rows: { state: true },
  };

  /** The company whose page is shown. */
  declare private _company: Company | undefined;
  declare private _contacts: CompanyContact[] | undefined;
  declare private _contactsNext: string | undefined;
  declare private _editing: boolean;
  /** The new company's form is open. */
  declare private _adding: boolean;
  /** The edit form's attribute rows. */
  declare private _rows: AttributeRow[];
  readonly #confirm = new Confirm<Company>(this);
  /** The search's results (the kit's search list). */
  readonly #results = new SearchList<Company>(
    this,
    (q, cursor) => this.api && new CompaniesApi(this.api).list({ q, ...(cursor ? { cursor } : {}) }),
    (error) => this.say(this.errorText(error), true),
  );

  constructor() {
    super();
    this._editing = false;
    this._adding = false;
    this._rows = [];
  }

  /** The page's texts: the host's `strings.companyPage` over the English ones. */
  get texts(): CompaniesStrings {
    return { ...companiesEn, ...this.strings?.companyPage };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.search('');
    const requested = takeRequestedCompany();
    if (requested !== undefined) void this.show(requested);
  }

  /** Deleting a company takes `contacts.manage`: hidden from those who do not hold it. */
  get #mayDelete(): boolean {
    return holds(this.inbox?.state.me, 'contacts.manage');
  }

  /** Lists the companies matching `q` ('' for all). */
  async search(q: string, more = false): Promise<void> {
    await this.#results.search(q, more);
  }

  /** Shows a company's page: its details and its first contacts. */
  async show(id: string, more = false): Promise<void> {
    const api = this.api;
    if (!api) return;
    try {
      const detail = await new CompaniesApi(api).get(
        id,
        more && this._contactsNext ? { cursor: this._contactsNext } : {},
      );
      this._company = detail.company;
      this._contacts = more ? [...(this._contacts ?? []), ...detail.contacts] : detail.contacts;
      this._contactsNext = detail.nextCursor;
      if (more) return;
      this._editing = false;
      this._adding = false;
      this.status = undefined;
      this.error = undefined;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#company-title')?.focus();
    } catch (error) {
      this.say(this.errorText(error), true);
    }
  }

  #back(): void {
    const id = this._company?.id;
    this._company = undefined;
    this._contacts = undefined;
    void this.search(this.#results.query).then(() =>
      (
        this.renderRoot.querySelector<HTMLElement>(`button.company[data-id="${id}"]`) ??
        this.renderRoot.querySelector<HTMLElement>('#company-search')
      )?.focus(),
    );
  }

  #openAdd(open: boolean): void {
    this._adding = open;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(open ? '#company-name' : 'button.add-company')?.focus(),
    );
  }

  #onCreate = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const name = String(form.get('name') ?? '').trim();
    const externalId = String(form.get('externalId') ?? '').trim();
    const domains = domainList(String(form.get('domains') ?? ''));
    void this.run(async (api) => {
      const made = await new CompaniesApi(api).create({
        name,
        ...(externalId ? { externalId } : {}),
        ...(domains.length ? { domains } : {}),
      });
      this._adding = false;
      await this.show(made.id);
    }, this.texts.created(name));
  };

  #edit(open: boolean): void {
    const company = this._company;
    this._editing = open;
    if (open && company)
      this._rows = Object.entries(company.attributes).map(([key, value]) => ({
        key,
        value: String(value),
        type: typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string',
      }));
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(open ? '#edit-name' : 'button.edit-company')?.focus(),
    );
  }

  #onSave = (event: SubmitEvent): void => {
    event.preventDefault();
    const company = this._company;
    if (!company) return;
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const externalId = String(form.get('externalId') ?? '').trim();
    const attributes: Record<string, AttributeValue | null> = {};
    const kept = new Set<string>();
    for (const row of this._rows) {
      const key = row.key.trim();
      if (!key) continue;
      kept.add(key);
      attributes[key] = typed(row);
    }
    for (const key of Object.keys(company.attributes)) if (!kept.has(key)) attributes[key] = null;
    void this.run(async (api) => {
      this._company = await new CompaniesApi(api).update(company.id, {
        name: String(form.get('name') ?? ''),
        externalId: externalId || null,
        domains: domainList(String(form.get('domains') ?? '')),
        attributes,
      });
      this.#edit(false);
    }, this.texts.saved);
  };

  async #delete(company: Company): Promise<void> {
    const done = await this.run(async (api) => {
      await new CompaniesApi(api).delete(company.id);
      this._company = undefined;
      this._contacts = undefined;
      this.#results.remove(company.id);
    }, this.texts.deleted(company.name));
    if (done) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#company-search')?.focus();
    }
  }

  protected override render(): TemplateResult {
    const t = this.texts;
    return html`<section class="card" aria-labelledby="companies-title">
        <h2 id="companies-title">${t.title}</h2>
        <p class="muted">${t.intro}</p>
        ${this.saveState()}
      </section>
      ${this._company ? this.#page(this._company) : this.#list()}`;
  }

  #list(): TemplateResult {
    const t = this.texts;
    return html`<section class="card" aria-labelledby="companies-list-title">
        <div class="card-head">
          <h2 id="companies-list-title" class="sr-only">${t.search}</h2>
        </div>
        ${searchList(this.#results, {
          name: 'company',
          list: 'companies',
          texts: t,
          loading: this.strings.loading,
          busy: this.busy,
          row: (company) =>
            html`<strong dir="auto">${company.name}</strong>
              <span class="muted"
                >${company.domains.length ? html`${company.domains.join(', ')} · ` : nothing}${t.contactCount(
                  company.contactCount,
                )}</span
              >`,
          open: (company) => void this.show(company.id),
        })}
      </section>
      <section class="card" aria-labelledby="company-add-title">
        <h2 id="company-add-title">${t.addTitle}</h2>
        ${this._adding ? this.#addForm() : html`<div class="actions"><button type="button" class="secondary add-company" @click=${() => this.#openAdd(true)}>${t.add}</button></div>`}
      </section>`;
  }

  #addForm(): TemplateResult {
    const t = this.texts;
    return html`<form class="add" data-save="add" @submit=${this.#onCreate}>
      <label>${t.name}<input id="company-name" name="name" required maxlength="200" autocomplete="off" /></label>
      <label
        >${t.externalId}<input name="externalId" maxlength="256" autocomplete="off" aria-describedby="add-external-help"
      /></label>
      <p class="help" id="add-external-help">${t.externalIdHelp}</p>
      <label>${t.domains}<input name="domains" autocomplete="off" aria-describedby="add-domains-help" /></label>
      <p class="help" id="add-domains-help">${t.domainsHelp}</p>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.busy}>${t.create}</button>
        <button type="button" class="secondary cancel" @click=${() => this.#openAdd(false)}>${t.cancel}</button>
        ${this.saveState('add')}
      </div>
    </form>`;
  }

  #page(company: Company): TemplateResult {
    const t = this.texts;
    return html`<section class="card" aria-labelledby="company-title">
        <div class="card-head">
          <h2 id="company-title" tabindex="-1" dir="auto">${company.name}</h2>
          <button type="button" class="secondary back" @click=${() => this.#back()}>${t.back}</button>
        </div>
        ${this._editing ? this.#editForm(company) : this.#details(company)}
      </section>
      ${this.#contactsCard()}
      ${
        this.#mayDelete
          ? html`<section class="card" aria-labelledby="company-delete-title">
              <h2 id="company-delete-title" class="sr-only">${t.delete}</h2>
              ${
                this.#confirm.is(company)
                  ? this.#confirm.render(
                      {
                        text: t.confirmDelete(company.name),
                        ok: t.delete.replace('…', ''),
                        cancel: t.cancel,
                        busy: this.busy,
                      },
                      (item) => this.#delete(item),
                    )
                  : html`<div class="actions">
                      <button type="button" class="danger delete-company" @click=${() => this.#confirm.ask(company)}>${t.delete}</button>
                      <span class="muted">${t.deleteHelp}</span>
                    </div>`
              }
            </section>`
          : nothing
      }`;
  }

  #details(company: Company): TemplateResult {
    const t = this.texts;
    const row = (term: string, value: unknown) =>
      value === undefined || value === '' ? nothing : html`<dt>${term}</dt><dd dir="auto">${value}</dd>`;
    const attributes = Object.entries(company.attributes);
    return html`<dl class="details" aria-label=${t.details}>
        ${row(t.externalId, company.externalId)} ${row(t.domains, company.domains.join(', '))}
        ${row(t.sourceTerm, t.sources[company.source])} ${row(t.createdTerm, longTime(company.createdAt))}
      </dl>
      <h3>${t.attributes}</h3>
      ${
        attributes.length === 0
          ? html`<p class="muted">${t.noAttributes}</p>`
          : html`<dl class="details attributes">
              ${attributes.map(
                ([key, value]) =>
                  html`<dt>${key}</dt><dd dir="auto">${typeof value === 'boolean' ? (value ? t.yes : t.no) : String(value)}</dd>`,
              )}
            </dl>`
      }
      <div class="actions">
        <button type="button" class="secondary edit-company" @click=${() => this.#edit(true)}>${t.edit}</button>
      </div>`;
  }

  #editForm(company: Company): TemplateResult {
    const t = this.texts;
    const setRow = (index: number, change: Partial<AttributeRow>) =>
      (this._rows = this._rows.map((row, at) => (at === index ? { ...row, ...change } : row)));
    return html`<form class="edit" data-save="edit" @submit=${this.#onSave}>
      <label>${t.name}<input id="edit-name" name="name" required maxlength="200" .value=${company.name} /></label>
      <label
        >${t.externalId}<input name="externalId" maxlength="256" .value=${company.externalId ?? ''} aria-describedby="edit-external-help"
      /></label>
      <p class="help" id="edit-external-help">${t.externalIdHelp}</p>
      <label
        >${t.domains}<input name="domains" .value=${company.domains.join(', ')} aria-describedby="edit-domains-help"
      /></label>
      <p class="help" id="edit-domains-help">${t.domainsHelp}</p>
      <fieldset>
        <legend>${t.attributes}</legend>
        ${this._rows.map(
          (row, index) => html`<div class="attribute-row">
            <label
              >${t.attributeKey}<input
                class="attribute-key"
                maxlength="40"
                .value=${row.key}
                @input=${(event: Event) => setRow(index, { key: (event.target as HTMLInputElement).value })}
            /></label>
            <label
              >${t.attributeValue}<input
                class="attribute-value"
                maxlength="1000"
                .value=${row.value}
                @input=${(event: Event) => setRow(index, { value: (event.target as HTMLInputElement).value })}
            /></label>
            <button
              type="button"
              class="secondary remove-attribute"
              aria-label=${t.removeAttribute(row.key || String(index + 1))}
              @click=${() => (this._rows = this._rows.filter((_, at) => at !== index))}
            >
              ×
            </button>
          </div>`,
        )}
        <button
          type="button"
          class="link add-attribute"
          @click=${() => (this._rows = [...this._rows, { key: '', value: '', type: 'string' }])}
        >
          ${t.addAttribute}
        </button>
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.busy}>${t.save}</button>
        <button type="button" class="secondary cancel" @click=${() => this.#edit(false)}>${t.cancel}</button>
        ${this.saveState('edit')}
      </div>
    </form>`;
  }

  #contactsCard(): TemplateResult {
    const t = this.texts;
    const contacts = this._contacts;
    return html`<section class="card" aria-labelledby="company-contacts-title">
      <h2 id="company-contacts-title">${t.contacts}</h2>
      ${
        contacts === undefined
          ? html`<p class="muted">${this.strings.loading}</p>`
          : contacts.length === 0
            ? html`<p class="muted">${t.noContacts}</p>`
            : html`<ul class="contacts">
                ${contacts.map(
                  (contact) => html`<li data-id=${contact.id}>
                    <strong dir="auto">${inboxName(contact, this.strings.anonymous)}</strong>
                    <span class="muted"
                      >${contact.emailMasked ? html`${contact.emailMasked} · ` : nothing}${shortTime(contact.lastSeenAt)} ·
                      ${t.sources[contact.source]}</span
                    >
                    ${
                      contact.conversations.length === 0
                        ? html`<span class="muted">${t.noConversations}</span>`
                        : html`<ul class="conversations">
                            ${contact.conversations.map(
                              (c) => html`<li data-id=${c.id}>
                                <span
                                  ><strong>${this.strings.statuses[c.status as ConversationStatus] ?? c.status}</strong> ·
                                  ${shortTime(c.updatedAt)}</span
                                >
                                <button type="button" class="secondary open" @click=${() => void this.inbox?.conversation.open(c.id)}>
                                  ${t.openConversation}
                                </button>
                              </li>`,
                            )}
                          </ul>`
                    }
                  </li>`,
                )}
              </ul>`
      }
      ${
        this._contactsNext && this._company
          ? html`<button type="button" class="secondary more-contacts" @click=${() => void this.show(this._company!.id, true)}>
              ${t.moreContacts}
            </button>`
          : nothing
      }
    </section>`;
  }
}
