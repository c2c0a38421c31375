import { css, html, nothing, type TemplateResult } from 'lit';
import { AdminRegion } from '../admin-region.js';
import type { Contact } from '../admin-types.js';
import { errorText } from '../kit/error-text.js';
import { adoptReachStyles, reachLines } from './contact-reach.js';
import { ContactsApi } from '../pages/contacts/contacts-api.js';
import { defineContactForm, type ChatAdminContactForm } from './chat-admin-contact-form.component.js';
import { contactEn, type ContactStrings } from './contact-strings.js';
import { CONTACT_SECTIONS } from './contact-sections.js';
import { outlet } from '../outlets.js';
import { channelNames } from '../format.js';

const cardStyles = css`
  .contact-card .notes-text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    margin: 0 0 8px;
  }
  .contact-card .edit-contact {
    margin-block-end: 8px;
  }
`;

/**
 * The open conversation's contact in the visitor panel: where they are reached outside the chat (`reach`: an API
 * channel and their id there), the team's notes about them and *Edit contact* (name, email, notes;
 * `<chat-admin-contact-form>`). Fetched in a chunk of its own the first time the panel shows. A saved
 * name or email reaches every open inbox (the relay sends the contact's conversations again); the notes are read
 * again whenever the panel shows another contact, the same one renamed, or the relay says it changed (`contact`).
 *
 * @summary A contact's notes and their edit form, in the visitor panel.
 * @tag chat-admin-contact-card
 */
export class ChatAdminContactCard extends AdminRegion {
  static override properties = {
    ...AdminRegion.properties,
    _contact: { state: true },
    _editing: { state: true },
    _error: { state: true },
    _status: { state: true },
  };

  /** The contact shown, once read, and what it was read for (`id`, name and email as the conversation says). */
  declare private _contact: Contact | undefined;
  declare private _editing: boolean;
  declare private _error: string | undefined;
  /** Said politely once saved. */
  declare private _status: string | undefined;
  #readFor = '';

  constructor() {
    super();
    this._editing = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    defineContactForm();
    // Its rules go into the shadow root it renders in (`<chat-admin>`'s), once.
    const root = this.getRootNode();
    const sheet = cardStyles.styleSheet;
    if (root instanceof ShadowRoot && sheet && !root.adoptedStyleSheets.includes(sheet))
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    adoptReachStyles(this);
  }

  get #texts(): ContactStrings {
    return { ...contactEn, ...this.inbox.strings.contact };
  }

  protected override willUpdate(changed: Parameters<AdminRegion['willUpdate']>[0]): void {
    super.willUpdate(changed);
    const visitor = this.inbox?.state.current?.visitor;
    const api = this.inbox?.api;
    if (!visitor || !api) return;
    const changes = this.inbox.state.contactChanges.get(visitor.id) ?? 0;
    const key = `${visitor.id}\0${visitor.name ?? ''}\0${visitor.emailMasked ?? ''}\0${changes}`;
    if (key === this.#readFor) return;
    if (!this.#readFor.startsWith(`${visitor.id}\0`)) {
      this._contact = undefined;
      this._editing = false;
      this._status = undefined;
    }
    this.#readFor = key;
    void new ContactsApi(api)
      .get(visitor.id)
      .then((contact) => {
        if (this.#readFor === key) {
          this._contact = contact;
          this._error = undefined;
        }
      })
      .catch((error: unknown) => {
        if (this.#readFor === key) this._error = errorText(error);
      });
  }

  #edit(open: boolean): void {
    this._editing = open;
    if (open) this._status = undefined;
    void this.updateComplete.then(() =>
      open
        ? this.querySelector<ChatAdminContactForm>('chat-admin-contact-form')?.focus()
        : this.querySelector<HTMLElement>('.edit-contact')?.focus(),
    );
  }

  /**
   * Where the contact is reached outside the chat (their channels' handles), the notes (or their form), then the
   * features' sections (a duplicate to merge, the custom attributes' card: each defined once its chunk is in).
   */
  protected override render(): TemplateResult {
    return html`${this.#reach()}${this.#notes()}${this.#sections(this.inbox, this.inbox.state.me)}`;
  }

  /**
   * The contact sections outlet (`contact-sections.ts`): each feature's section, made once and kept (its state
   * survives a render), defined once its chunk is in, given the inbox.
   */
  #sections = outlet(CONTACT_SECTIONS);

  #reach(): TemplateResult | typeof nothing {
    const reach = this._contact?.reach;
    if (!reach?.length) return nothing;
    const t = this.#texts;
    return html`<section class="contact-reach" aria-labelledby="contact-reach-title">
      <h3 id="contact-reach-title">${t.reachedAt}</h3>
      ${reachLines(reach, t, channelNames(this.inbox.strings.channels, this.inbox.state.current))}
    </section>`;
  }

  #notes(): TemplateResult | typeof nothing {
    const t = this.#texts;
    const current = this.inbox.state.current;
    const contact = this._contact;
    if (!current) return nothing;
    if (!contact) return this._error ? html`<p class="muted">${this._error}</p>` : nothing;
    if (this._editing)
      return html`<section class="contact-card" aria-labelledby="contact-edit-title">
        <h3 id="contact-edit-title">${t.editTitle(this.inbox.list.nameOf(current))}</h3>
        <chat-admin-contact-form
          theme=${this.inbox.host.getAttribute('theme') ?? 'auto'}
          .contact=${{ ...contact, ...(current.visitor.emailMasked ? { emailMasked: current.visitor.emailMasked } : {}) }}
          .api=${this.inbox.api}
          .texts=${t}
          .onSaved=${(saved: Contact) => {
            this._contact = saved;
            this._status = t.saved;
            this.#edit(false);
          }}
          .onCancel=${() => this.#edit(false)}
        ></chat-admin-contact-form>
      </section>`;
    return html`<section class="contact-card" aria-labelledby="contact-notes-title">
      <h3 id="contact-notes-title">${t.notes}</h3>
      ${
        contact.notes
          ? html`<p class="notes-text" dir="auto">${contact.notes}</p>`
          : html`<p class="muted notes-text">${t.noNotes}</p>`
      }
      <button type="button" class="ghost edit-contact" @click=${() => this.#edit(true)}>${t.edit}</button>
      <p class="muted" role="status">${this._status ?? ''}</p>
    </section>`;
  }
}
