import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import type { Contact, ContactMerge } from '@parley/protocol/admin';
import type { AdminRequest } from '../area-api.js';
import { inboxName, longTime } from '../format.js';
import { errorText } from '../kit/error-text.js';
import { pageStyles } from '../kit/page.styles.js';
import { ContactMergeApi } from './merge-api.js';
import { contactMergeEn, type ContactMergeStrings } from './merge-strings.js';

/**
 * "Merge with…" on a contact's profile (admins, in the Contacts page, fetched when an admin opens a contact): find the
 * other record of the same person, read what will happen, merge; the merges of the last 24 hours listed with *Undo*.
 * A likely duplicate (another record with the same vouched-for email, issue #81) is suggested above: "Possible
 * duplicate: Ada · Merge…" opens the form with it chosen. `quiet` (the visitor panel's) shows only that suggestion, and
 * nothing when there is none. Tells the page with `chat-contact-merged` (bubbling, composed) after a merge or an undo,
 * so it reads the contact again. Escape closes the form and gives the focus back to its button.
 *
 * @summary Merge another contact into this one, undo within 24 hours.
 * @tag chat-admin-contact-merge
 * @event chat-contact-merged - A merge or its undo changed the contact (`detail.contactId`).
 */
export class ChatAdminContactMerge extends LitElement {
  static override styles = [
    pageStyles,
    css`
      :host {
        display: block;
      }
      .choice {
        display: flex;
        gap: 6px;
        align-items: baseline;
      }
      fieldset {
        border: 0;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 4px;
      }
      .merge-form {
        display: grid;
        gap: 10px;
      }
      .merges {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 6px;
      }
      :host([quiet]) .card {
        border: 0;
        padding: 0;
        background: none;
        box-shadow: none;
      }
      .duplicate {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 8px;
        align-items: baseline;
        margin: 0;
      }
      .merges li {
        display: flex;
        gap: 8px;
        align-items: center;
        justify-content: space-between;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    contact: { attribute: false },
    theme: { type: String, reflect: true },
    strings: { attribute: false },
    anonymous: { attribute: false },
    quiet: { type: Boolean, reflect: true },
    _duplicates: { state: true },
    _open: { state: true },
    _found: { state: true },
    _chosen: { state: true },
    _merges: { state: true },
    _error: { state: true },
    _status: { state: true },
    _busy: { state: true },
  };

  declare api: AdminRequest | undefined;
  /** The inbox's colour scheme (`light`, `dark` or none: the system's), as its pages have it. */
  declare theme: string | undefined;
  declare contact: Contact | undefined;
  /** A translation's strings, over the English ones. */
  declare strings: Partial<ContactMergeStrings> | undefined;
  /** How a contact without a name or email is called (`Visitor #…`, the inbox's `strings.anonymous`). */
  declare anonymous: ((id: string) => string) | undefined;
  /** Only the suggestion of a likely duplicate (and its form once opened): the visitor panel's. */
  declare quiet: boolean;
  /** Other records with the same vouched-for email, once read. */
  declare private _duplicates: readonly Contact[] | undefined;
  declare private _open: boolean;
  declare private _found: readonly Contact[] | undefined;
  declare private _chosen: Contact | undefined;
  declare private _merges: readonly ContactMerge[] | undefined;
  declare private _error: string | undefined;
  declare private _status: string | undefined;
  declare private _busy: boolean;
  /** The contact whose merges were read. */
  #readFor: string | undefined;

  get #t(): ContactMergeStrings {
    return { ...contactMergeEn, ...this.strings };
  }

  get #api(): ContactMergeApi | undefined {
    return this.api ? new ContactMergeApi(this.api) : undefined;
  }

  #name(contact: {
    readonly id: string;
    readonly name?: string | undefined;
    readonly emailMasked?: string | undefined;
  }): string {
    return inboxName(contact, this.anonymous);
  }

  protected override willUpdate(): void {
    const id = this.contact?.id;
    if (id !== undefined && id !== this.#readFor) {
      this.#readFor = id;
      this._open = false;
      this._merges = undefined;
      this._status = undefined;
      this._error = undefined;
      this._duplicates = undefined;
      void this.#readMerges(id);
    }
  }

  async #readMerges(id: string): Promise<void> {
    const api = this.#api;
    // A likely duplicate is a hint: when it cannot be read, there is none to show.
    const duplicates = api?.duplicates(id).catch(() => []);
    try {
      const merges = this.quiet ? [] : await api?.merges(id);
      if (this.#readFor === id) this._merges = merges;
    } catch {
      if (this.#readFor === id) this._merges = [];
    }
    const found = await duplicates;
    if (this.#readFor === id) this._duplicates = found;
  }

  /** Opens the form with `contact` chosen (a suggested duplicate). */
  #suggest(contact: Contact): void {
    this.#toggle(true);
    this._found = [contact];
    this._chosen = contact;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('input[type=radio]')?.focus());
  }

  #toggle(open: boolean): void {
    this._open = open;
    this._found = undefined;
    this._chosen = undefined;
    this._error = undefined;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(open ? '#contact-merge-q' : '.open-merge, .suggest-merge')?.focus(),
    );
  }

  async #find(q: string): Promise<void> {
    const api = this.#api;
    const contact = this.contact;
    if (!api || !contact || q.trim() === '') return;
    this._error = undefined;
    try {
      this._found = (await api.find(q.trim())).filter((found) => found.id !== contact.id);
    } catch (error) {
      this._error = errorText(error);
    }
  }

  #changed(contactId: string): void {
    this.dispatchEvent(
      new CustomEvent('chat-contact-merged', { detail: { contactId }, bubbles: true, composed: true }),
    );
  }

  async #merge(): Promise<void> {
    const api = this.#api;
    const contact = this.contact;
    const other = this._chosen;
    if (!api || !contact || !other || this._busy) return;
    this._busy = true;
    this._error = undefined;
    try {
      await api.merge(contact.id, other.id);
      this._open = false;
      this._status = this.#t.merged(this.#name(other));
      await this.#readMerges(contact.id);
      this.#changed(contact.id);
    } catch (error) {
      this._error = errorText(error);
    } finally {
      this._busy = false;
    }
  }

  async #undo(merge: ContactMerge): Promise<void> {
    const api = this.#api;
    if (!api || this._busy) return;
    this._busy = true;
    this._error = undefined;
    try {
      await api.undo(merge.id);
      this._status = this.#t.undone;
      await this.#readMerges(merge.contactId);
      this.#changed(merge.contactId);
    } catch (error) {
      this._error = errorText(error);
    } finally {
      this._busy = false;
    }
  }

  protected override render(): TemplateResult | typeof nothing {
    const contact = this.contact;
    if (!contact) return nothing;
    const t = this.#t;
    const now = Date.now();
    const undoable = (this._merges ?? []).filter(
      (merge) => merge.contactId === contact.id && merge.undoneAt === null && merge.undoUntil > now,
    );
    const duplicate = this._open ? undefined : this._duplicates?.[0];
    const suggestion = duplicate
      ? html`<p class="duplicate">
          <span>${t.duplicate(this.#name(duplicate))}</span>
          <button type="button" class="link suggest-merge" @click=${() => this.#suggest(duplicate)}>
            ${t.duplicateMerge}
          </button>
        </p>`
      : nothing;
    if (this.quiet)
      return suggestion === nothing && !this._open && !this._status
        ? nothing
        : html`<section class="card" aria-label=${t.title}>
            ${suggestion} ${this._open ? this.#form(contact) : nothing}
            ${this._status ? html`<p role="status">${this._status}</p>` : nothing}
            ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
          </section>`;
    return html`<section class="card" aria-labelledby="contact-merge-title">
      <h2 id="contact-merge-title">${t.title}</h2>
      <p class="muted">${t.help}</p>
      ${suggestion}
      ${
        undoable.length > 0
          ? html`<ul class="merges">
            ${undoable.map(
              (merge) =>
                html`<li>
                  <span>${t.mergeLine(this.#name({ id: merge.mergedContactId }), merge.by, longTime(merge.undoUntil))}</span>
                  <button type="button" class="secondary undo" ?disabled=${this._busy} @click=${() => void this.#undo(merge)}>
                    ${t.undo}
                  </button>
                </li>`,
            )}
          </ul>`
          : nothing
      }
      ${
        this._open
          ? this.#form(contact)
          : html`<div class="actions">
            <button type="button" class="secondary open-merge" @click=${() => this.#toggle(true)}>${t.open}</button>
          </div>`
      }
      ${this._status ? html`<p role="status">${this._status}</p>` : nothing}
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
    </section>`;
  }

  #form(contact: Contact): TemplateResult {
    const t = this.#t;
    return html`<div
      class="merge-form"
      @keydown=${(event: KeyboardEvent) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          this.#toggle(false);
        }
      }}
    >
      <form
        class="find"
        role="search"
        @submit=${(event: Event) => {
          event.preventDefault();
          void this.#find(this.renderRoot.querySelector<HTMLInputElement>('#contact-merge-q')!.value);
        }}
      >
        <label for="contact-merge-q">${t.find}</label>
        <div class="actions">
          <input id="contact-merge-q" type="search" autocomplete="off" />
          <button type="submit" class="secondary">${t.findButton}</button>
        </div>
      </form>
      ${
        this._found
          ? this._found.length === 0
            ? html`<p class="muted">${t.none}</p>`
            : html`<fieldset>
              <legend class="sr-only">${t.find}</legend>
              ${this._found.map(
                (found) =>
                  html`<label class="choice">
                    <input
                      type="radio"
                      name="contact-merge"
                      .checked=${this._chosen?.id === found.id}
                      @change=${() => (this._chosen = found)}
                    />
                    <span>${t.candidate(this.#name(found), found.conversationIds.length, longTime(found.lastSeenAt))}</span>
                  </label>`,
              )}
            </fieldset>`
          : nothing
      }
      ${this._chosen ? html`<p class="preview" role="status">${t.preview(this.#name(this._chosen), this.#name(contact))}</p>` : nothing}
      <div class="actions">
        <button type="button" class="primary confirm" ?disabled=${!this._chosen || this._busy} @click=${() => void this.#merge()}>
          ${t.confirm}
        </button>
        <button type="button" class="secondary cancel" @click=${() => this.#toggle(false)}>${t.cancel}</button>
      </div>
    </div>`;
  }
}
