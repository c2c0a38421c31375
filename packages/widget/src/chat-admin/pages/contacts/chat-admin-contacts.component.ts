import { css, html, nothing, type TemplateResult } from 'lit';
import { ContactsApi } from './contacts-api.js';
import type { AdminConversation, Contact } from '../../admin-types.js';
import { pageStyles } from '../../kit/page.styles.js';
import { SearchList, searchList, searchListStyles } from '../../kit/search-list.js';
import { contactsEn, type ContactsStrings } from './contacts-strings.js';
import { inboxName, longTime, shortTime } from '../../format.js';
import { AdminPage } from '../../kit/admin-page.js';
import { defineContactForm, type ChatAdminContactForm } from '../../contact/chat-admin-contact-form.component.js';
import { contactEn, type ContactStrings } from '../../contact/contact-strings.js';
import { definePage } from '../../define-page.js';
import { holds } from '../../page-entry.js';
import { takeRequestedContact } from './contact-request.js';

/** The newest conversations of a contact shown on their profile. */
const SHOWN_CONVERSATIONS = 20;

/**
 * The Contacts page of `<chat-admin>`: a search over the site's contacts, a contact's profile (the email revealed on
 * request, an audited action), their conversations (each opens in the inbox), and for admins the JSON export and the
 * erasure, confirmed by typing a word. Agents see neither: the API refuses both to them. A profile shown is read
 * again when a colleague changes the contact (the inbox's `contactChanges`), unless it is being edited.
 *
 * @summary Contacts: search, profile, conversations, export, erase.
 * @tag chat-admin-contacts
 */
export class ChatAdminContacts extends AdminPage {
  static override styles = [
    pageStyles,
    searchListStyles,
    css`
      .conversations {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 4px;
      }
      .conversations li {
        display: flex;
        gap: 8px;
        align-items: center;
        justify-content: space-between;
        padding: 6px 0;
        border-block-end: 1px solid var(--_border);
      }
      .conversations .last {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .profile {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 6px 16px;
        margin: 0;
      }
      .profile dd {
        font-weight: normal;
        overflow-wrap: anywhere;
      }
      .profile dd.notes {
        white-space: pre-wrap;
      }
      .profile + .actions {
        margin-block-start: 12px;
      }
      .erase {
        display: grid;
        gap: 6px;
        border: 1px solid var(--_danger);
        border-radius: 8px;
        padding: 10px 12px;
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    _contact: { state: true },
    _email: { state: true },
    _conversations: { state: true },
    _erasing: { state: true },
    _typed: { state: true },
    _editing: { state: true },
  };

  /** The contact whose profile is shown. */
  declare private _contact: Contact | undefined;
  /** Their revealed email. */
  declare private _email: string | undefined;
  declare private _conversations: AdminConversation[] | undefined;
  /** The erasure's confirmation is open. */
  declare private _erasing: boolean;
  declare private _typed: string;
  /** The profile's edit form is open. */
  declare private _editing: boolean;
  /** The page's own texts (English; a host may replace them). */
  texts: ContactsStrings = contactsEn;
  /** The search's results (the kit's search list). */
  readonly #results = new SearchList<Contact>(
    this,
    (q, cursor) => this.api && new ContactsApi(this.api).list({ q, ...(cursor ? { cursor } : {}) }),
    (error) => this.say(this.errorText(error), true),
  );

  /** The contact edit form's texts (the host's `strings.contact` over the English ones). */
  get #contactTexts(): ContactStrings {
    return { ...contactEn, ...this.strings.contact };
  }

  /** A contact named as everywhere in the inbox: name, else masked email, else "Visitor #…". */
  #name(contact: Contact): string {
    return inboxName(contact, this.strings.anonymous);
  }

  #edit(open: boolean): void {
    this._editing = open;
    if (open) this.status = undefined;
    void this.updateComplete.then(() =>
      open
        ? this.renderRoot.querySelector<ChatAdminContactForm>('chat-admin-contact-form')?.focus()
        : this.renderRoot.querySelector<HTMLElement>('button.edit-contact')?.focus(),
    );
  }

  #saved(saved: Contact): void {
    this._contact = saved;
    this.#results.replace(saved);
    this.status = this.#contactTexts.saved;
    this.#edit(false);
  }

  constructor() {
    super();
    this._erasing = false;
    this._typed = '';
    this._editing = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    defineContactForm();
    void this.search('');
    // Opened to show a contact (`requestContact`): its profile at once.
    const requested = takeRequestedContact();
    if (requested !== undefined) void this.show(requested);
    this.#watch();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unwatch?.();
    this.#unwatch = undefined;
  }

  #unwatch: (() => void) | undefined;
  /** The shown contact's change count when it was read (the inbox's `contactChanges`). */
  #readAt = 0;

  /** Contacts changed elsewhere reach the inbox's state live (the staff socket's `contact` frame). */
  #watch(): void {
    if (this.inbox && this.isConnected) this.#unwatch ??= this.inbox.watch(this);
  }

  protected override willUpdate(changed: Parameters<AdminPage['willUpdate']>[0]): void {
    super.willUpdate(changed);
    this.#watch();
    const contact = this._contact;
    const changes = contact ? (this.inbox?.state.contactChanges.get(contact.id) ?? 0) : 0;
    if (!contact || changes === this.#readAt) return;
    this.#readAt = changes;
    // Changed by a colleague (or this page's own save): the profile and its row read again, unless being edited.
    const api = this.api;
    if (!api || this._editing) return;
    void new ContactsApi(api)
      .get(contact.id)
      .then((fresh) => {
        if (this._contact?.id !== fresh.id) return;
        this._contact = fresh;
        this.#results.replace(fresh);
      })
      // Erased meanwhile, or offline: the profile stays as it was read; its next action says why.
      .catch(() => undefined);
  }

  /** Export, erasure and merging take `contacts.manage`: hidden from those who do not hold it. */
  get #admin(): boolean {
    return holds(this.inbox?.state.me, 'contacts.manage');
  }

  /** Lists the contacts matching `q` (a name, an id, or an exact email; '' for all). */
  async search(q: string, more = false): Promise<void> {
    await this.#results.search(q, more);
  }

  /** Shows a contact's profile and their newest conversations. */
  async show(id: string): Promise<void> {
    const api = this.api;
    if (!api) return;
    try {
      const contact = await new ContactsApi(api).get(id);
      this.#readAt = this.inbox?.state.contactChanges.get(id) ?? 0;
      this._contact = contact;
      this._email = undefined;
      this._erasing = false;
      this._editing = false;
      this.status = undefined;
      this.error = undefined;
      this._conversations = undefined;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#contact-title')?.focus();
      const ids = contact.conversationIds.slice(-SHOWN_CONVERSATIONS).reverse();
      // A conversation the visitor was given but never wrote in is not stored: left out.
      const found = await Promise.all(ids.map((each) => api.conversation(each).catch(() => undefined)));
      if (this._contact?.id === id) this._conversations = found.filter((c): c is AdminConversation => c !== undefined);
    } catch (error) {
      this.say(this.errorText(error), true);
    }
  }

  #back(): void {
    const id = this._contact?.id;
    this._contact = undefined;
    this._erasing = false;
    void this.updateComplete.then(() =>
      (
        this.renderRoot.querySelector<HTMLElement>(`button.contact[data-id="${id}"]`) ??
        this.renderRoot.querySelector<HTMLElement>('#contact-search')
      )?.focus(),
    );
  }

  async #reveal(contact: Contact): Promise<void> {
    try {
      this._email = await this.api!.revealEmail(contact.id);
    } catch (error) {
      this.say(this.errorText(error), true);
    }
  }

  /** Downloads the relay's JSON export, fetched with the API's own credentials (never a URL carrying them). */
  async #export(contact: Contact): Promise<void> {
    const file = `contact-${contact.id}.json`;
    await this.run(async (api) => {
      const data = await new ContactsApi(api).export(contact.id);
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = file;
      link.hidden = true;
      this.renderRoot.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    }, this.texts.exported(file));
  }

  #openErase(): void {
    this._erasing = true;
    this._typed = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#erase-word')?.focus());
  }

  #closeErase(): void {
    this._erasing = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.open-erase')?.focus());
  }

  #onErase = (event: SubmitEvent): void => {
    event.preventDefault();
    const contact = this._contact;
    if (!contact || this._typed.trim().toLowerCase() !== this.texts.eraseWord || this.busy) return;
    void (async () => {
      const erased = await this.run(
        async (api) => {
          await new ContactsApi(api).erase(contact.id);
          this.#results.remove(contact.id);
          this._contact = undefined;
          this._erasing = false;
        },
        this.texts.erased(this.#name(contact)),
      );
      if (!erased) return;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#contact-search')?.focus();
    })();
  };

  protected override render(): TemplateResult {
    const t = this.texts;
    return html`<section class="card" aria-labelledby="contacts-title">
        <h2 id="contacts-title">${t.title}</h2>
        <p class="muted">${t.intro}</p>
        ${this.saveState()}
      </section>
      ${this._contact ? this.#profile(this._contact) : this.#list()}`;
  }

  #list(): TemplateResult {
    const t = this.texts;
    return html`<section class="card" aria-labelledby="contacts-list-title">
      <h2 id="contacts-list-title" class="sr-only">${t.search}</h2>
      ${searchList(this.#results, {
        name: 'contact',
        list: 'contacts',
        texts: t,
        loading: this.strings.loading,
        busy: this.busy,
        row: (contact) =>
          html`<strong dir="auto">${this.#name(contact)}</strong>
            <span class="muted"
              >${contact.emailMasked ? html`${contact.emailMasked} · ` : nothing}${t.lastSeen(
                shortTime(contact.lastSeenAt),
              )}</span
            >`,
        open: (contact) => void this.show(contact.id),
      })}
    </section>`;
  }

  #profile(contact: Contact): TemplateResult {
    const t = this.texts;
    return html`<section class="card" aria-labelledby="contact-title">
        <div class="card-head">
          <h2 id="contact-title" tabindex="-1" dir="auto">${this.#name(contact)}</h2>
          <button type="button" class="secondary back" @click=${() => this.#back()}>${t.back}</button>
        </div>
        ${
          this._editing
            ? html`<chat-admin-contact-form
                theme=${this.theme}
                .contact=${contact}
                .api=${this.api}
                .texts=${this.#contactTexts}
                .onSaved=${(saved: Contact) => this.#saved(saved)}
                .onCancel=${() => this.#edit(false)}
              ></chat-admin-contact-form>`
            : this.#details(contact)
        }
      </section>
      ${this.#conversationsCard()}
      ${this.#admin ? this.#adminActions(contact) : nothing}
      ${this.#admin ? this.#merge(contact) : nothing}`;
  }

  /** "Merge with…" (admins; docs/merge.md): its element comes in a chunk of its own, when an admin opens a contact. */
  #merge(contact: Contact): TemplateResult {
    void definePage({
      tag: 'chat-admin-contact-merge',
      load: async () => (await import('../../merge/chat-admin-contact-merge.component.js')).ChatAdminContactMerge,
    });
    return html`<chat-admin-contact-merge
      .api=${this.api}
      .contact=${contact}
      theme=${this.theme ?? nothing}
      .strings=${this.strings.contactMerge}
      .anonymous=${this.strings.anonymous}
      @chat-contact-merged=${() => void this.show(contact.id)}
    ></chat-admin-contact-merge>`;
  }

  #details(contact: Contact): TemplateResult {
    const t = this.texts;
    const c = this.#contactTexts;
    const row = (term: string, value: unknown) =>
      value === undefined || value === '' ? nothing : html`<dt>${term}</dt><dd dir="auto">${value}</dd>`;
    return html`<dl class="profile" aria-label=${t.profile}>
          <dt>${t.email}</dt>
          <dd>
            ${
              this._email
                ? html`<span class="email">${this._email}</span>`
                : contact.emailMasked && !holds(this.inbox?.state.me, 'emails.reveal')
                  ? html`<span class="email">${contact.emailMasked}</span>`
                  : contact.emailMasked
                    ? html`<span class="email">${contact.emailMasked}</span>
                      <button
                        type="button"
                        class="secondary reveal"
                        aria-describedby="reveal-help"
                        @click=${() => void this.#reveal(contact)}
                      >
                        ${t.reveal}
                      </button>
                      <span class="help" id="reveal-help">${t.revealHelp}</span>`
                    : html`<span class="muted">${t.noEmail}</span>`
            }
          </dd>
          ${row(t.verified, contact.verified ? t.yes : t.no)} ${row(t.subscribed, contact.subscribed ? t.yes : t.no)}
          ${contact.consent ? row(t.consentTerm, t.consent(contact.consent.version, longTime(contact.consent.at))) : nothing}
          ${row(t.firstSeen, longTime(contact.createdAt))} ${row(t.lastSeenTerm, longTime(contact.lastSeenAt))}
          ${row(t.page, contact.context?.url)} ${row(t.locale, contact.context?.locale)}
          ${row(t.timezone, contact.context?.timezone)}
          <dt>${c.notes}</dt>
          <dd class="notes" dir="auto">${contact.notes ?? html`<span class="muted">${c.noNotes}</span>`}</dd>
        </dl>
        <div class="actions">
          <button type="button" class="secondary edit-contact" @click=${() => this.#edit(true)}>${c.edit}</button>
        </div>`;
  }

  #conversationsCard(): TemplateResult {
    const t = this.texts;
    return html`<section class="card" aria-labelledby="contact-conversations-title">
        <h2 id="contact-conversations-title">${t.conversations}</h2>
        ${
          this._conversations === undefined
            ? html`<p class="muted">${this.strings.loading}</p>`
            : this._conversations.length === 0
              ? html`<p class="muted">${t.noConversations}</p>`
              : html`<ul class="conversations">
                  ${this._conversations.map(
                    (c) =>
                      html`<li data-id=${c.id}>
                        <span class="last" dir="auto"
                          ><strong>${this.strings.statuses[c.status]}</strong> · ${shortTime(c.updatedAt)}
                          ${c.lastMessage ? html`· ${c.lastMessage.text}` : nothing}</span
                        >
                        <button type="button" class="secondary open" @click=${() => void this.inbox?.conversation.open(c.id)}>
                          ${t.openConversation}
                        </button>
                      </li>`,
                  )}
                </ul>`
        }
      </section>`;
  }

  #adminActions(contact: Contact): TemplateResult {
    const t = this.texts;
    const matches = this._typed.trim().toLowerCase() === t.eraseWord;
    return html`<section class="card" aria-labelledby="contact-data-title">
      <h2 id="contact-data-title" class="sr-only">${t.export}</h2>
      <div class="actions">
        <button type="button" class="secondary export" ?disabled=${this.busy} @click=${() => void this.#export(contact)}>
          ${t.export}
        </button>
        <span class="muted">${t.exportHelp}</span>
      </div>
      ${
        this._erasing
          ? html`<form
              class="erase"
              @submit=${this.#onErase}
              @keydown=${(event: KeyboardEvent) => {
                if (event.key === 'Escape') {
                  event.preventDefault();
                  this.#closeErase();
                }
              }}
            >
              <label for="erase-word">${t.eraseConfirm(t.eraseWord)}</label>
              <input
                id="erase-word"
                autocomplete="off"
                spellcheck="false"
                .value=${this._typed}
                @input=${(event: Event) => (this._typed = (event.target as HTMLInputElement).value)}
              />
              <div class="actions">
                <button type="submit" class="danger" ?disabled=${!matches || this.busy}>${t.eraseNow}</button>
                <button type="button" class="secondary cancel" @click=${() => this.#closeErase()}>${t.cancel}</button>
              </div>
            </form>`
          : html`<div class="actions">
              <button type="button" class="danger open-erase" @click=${() => this.#openErase()}>${t.erase}</button>
              <span class="muted">${t.eraseHelp}</span>
            </div>`
      }
    </section>`;
  }
}
