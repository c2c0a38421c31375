import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { Contact, ContactPatch } from '../admin-types.js';
import type { AdminRequest } from '../area-api.js';
import { pageStyles } from '../kit/page.styles.js';
import { fieldOf } from '../field-errors.js';
import { errorText } from '../kit/error-text.js';
import { ContactsApi } from '../pages/contacts/contacts-api.js';
import { contactEn, type ContactStrings } from './contact-strings.js';

const FIELDS = ['name', 'email', 'notes'] as const;
type Field = (typeof FIELDS)[number];

/** What the form edits: a contact as the Contacts page has it, or a conversation's visitor with the notes read. */
export interface EditableContact {
  readonly id: string;
  readonly name?: string | undefined;
  readonly emailMasked?: string | undefined;
  readonly notes?: string | undefined;
}

/**
 * A contact's edit form (name, email, notes), in the visitor panel and on the Contacts page. Sends only what changed
 * (`PATCH /v1/admin/contacts/{id}`); a field the relay refuses is marked and said beside it, focused, and nothing is
 * saved. The email is masked until revealed, so its box starts empty: left empty, it is kept; *Remove the email*
 * (shown while the contact has one) removes it (`email: null`).
 *
 * @summary Edit a contact's name, email and notes.
 * @tag chat-admin-contact-form
 */
export class ChatAdminContactForm extends LitElement {
  static override styles = [
    pageStyles,
    css`
      :host {
        display: block;
      }
      form {
        display: grid;
        gap: 4px;
      }
      label {
        font-weight: 600;
        margin-block-start: 6px;
      }
      label.remove {
        font-weight: normal;
        display: flex;
        gap: 6px;
        align-items: center;
        margin-block-start: 0;
      }
      label.remove input {
        width: auto;
      }
      input,
      textarea {
        width: 100%;
        box-sizing: border-box;
      }
      textarea {
        min-height: 6em;
        resize: vertical;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        margin-block-start: 8px;
      }
      .muted {
        margin: 0;
      }
    `,
  ];

  static override properties = {
    theme: { type: String, reflect: true },
    contact: { attribute: false },
    api: { attribute: false },
    texts: { attribute: false },
    _errors: { state: true },
    _error: { state: true },
    _busy: { state: true },
    _removing: { state: true },
  };

  /** `light`, `dark` or `auto`, as the inbox's (its palette is its own shadow root's). */
  declare theme: string;
  declare contact: EditableContact | undefined;
  declare api: AdminRequest | undefined;
  /** The form's texts (English unless the host gives others). */
  declare texts: ContactStrings;
  /** Called with the contact as saved. */
  onSaved: (contact: Contact) => void = () => undefined;
  onCancel: () => void = () => undefined;
  declare private _errors: Partial<Record<Field, string>>;
  declare private _error: string | undefined;
  declare private _busy: boolean;
  /** *Remove the email* is ticked: the address box is disabled. */
  declare private _removing: boolean;

  constructor() {
    super();
    this.texts = contactEn;
    this.theme = 'auto';
    this._errors = {};
    this._busy = false;
    this._removing = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('contact')) this._removing = false;
  }

  /** Focuses the first field (the host calls it when the form opens). */
  override focus(): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#contact-name')?.focus());
  }

  #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const contact = this.contact;
    const api = this.api;
    if (!contact || !api || this._busy) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const name = String(data.get('name') ?? '').trim();
    const email = String(data.get('email') ?? '').trim();
    const notes = String(data.get('notes') ?? '');
    const remove = contact.emailMasked !== undefined && data.get('remove-email') === 'on';
    const patch: ContactPatch = {
      ...(name !== (contact.name ?? '') ? { name } : {}),
      ...(remove ? { email: null } : email !== '' ? { email } : {}),
      ...(notes !== (contact.notes ?? '') ? { notes } : {}),
    };
    this._errors = {};
    this._error = undefined;
    if (Object.keys(patch).length === 0) {
      this.onCancel();
      return;
    }
    this._busy = true;
    void new ContactsApi(api)
      .update(contact.id, patch)
      .then((saved) => this.onSaved(saved))
      .catch((error: unknown) => {
        const field = fieldOf(error, FIELDS) as Field | undefined;
        if (!field) {
          this._error = errorText(error);
          return;
        }
        this._errors = { [field]: this.texts.invalid[field] };
        void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#contact-${field}`)?.focus());
      })
      .finally(() => (this._busy = false));
  };

  protected override render(): TemplateResult | typeof nothing {
    const contact = this.contact;
    if (!contact) return nothing;
    const t = this.texts;
    const errors = this._errors;
    const described = (field: Field, help: boolean) =>
      [errors[field] ? `contact-${field}-error` : '', help ? `contact-${field}-help` : ''].filter(Boolean).join(' ') ||
      nothing;
    const error = (field: Field) =>
      errors[field] ? html`<p class="field-error" id=${`contact-${field}-error`}>${errors[field]}</p>` : nothing;
    return html`<form
      novalidate
      @submit=${this.#onSubmit}
      @keydown=${(event: KeyboardEvent) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        this.onCancel();
      }}
    >
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
      <label for="contact-name">${t.name}</label>
      <input
        id="contact-name"
        name="name"
        autocomplete="off"
        maxlength="120"
        dir="auto"
        .value=${contact.name ?? ''}
        aria-invalid=${errors.name ? 'true' : 'false'}
        aria-describedby=${described('name', true)}
      />
      <p class="help" id="contact-name-help">${t.nameHelp}</p>
      ${error('name')}
      <label for="contact-email">${t.email}</label>
      <input
        id="contact-email"
        name="email"
        type="email"
        autocomplete="off"
        spellcheck="false"
        maxlength="254"
        placeholder=${contact.emailMasked ?? ''}
        ?disabled=${this._removing}
        aria-invalid=${errors.email ? 'true' : 'false'}
        aria-describedby=${described('email', true)}
      />
      <p class="help" id="contact-email-help">${t.emailHelp(contact.emailMasked)}</p>
      ${error('email')}
      ${
        contact.emailMasked !== undefined
          ? html`<label class="remove"
              ><input
                type="checkbox"
                id="contact-remove-email"
                name="remove-email"
                .checked=${this._removing}
                @change=${(event: Event) => (this._removing = (event.target as HTMLInputElement).checked)}
              />
              ${t.removeEmail}</label
            >`
          : nothing
      }
      <label for="contact-notes">${t.notes}</label>
      <textarea
        id="contact-notes"
        name="notes"
        maxlength="5000"
        dir="auto"
        .value=${contact.notes ?? ''}
        aria-invalid=${errors.notes ? 'true' : 'false'}
        aria-describedby=${described('notes', true)}
      ></textarea>
      <p class="help" id="contact-notes-help">${t.notesHelp}</p>
      ${error('notes')}
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this._busy}>${t.save}</button>
        <button type="button" class="secondary cancel" @click=${() => this.onCancel()}>${t.cancel}</button>
      </div>
    </form>`;
  }
}

/** Registers `<chat-admin-contact-form>` once (the chunks that use it call this). */
export function defineContactForm(): void {
  if (!customElements.get('chat-admin-contact-form'))
    customElements.define('chat-admin-contact-form', ChatAdminContactForm);
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-admin-contact-form': ChatAdminContactForm;
  }
}
