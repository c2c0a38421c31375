import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import type { AdminApi } from '../../admin-api.js';
import { RepliesApi } from './replies-api.js';
import { adminEn, type AdminStrings } from '../../admin-strings.js';
import type { CannedResponse } from '../../admin-types.js';
import { chatAdminPanelStyles } from '../../chat-admin-panel.styles.js';
import { deskStyles } from '../../desk.styles.js';
import { fieldOf, messageOf } from '../../field-errors.js';
import { repliesEn, type RepliesStrings } from './replies-strings.js';

/** What the page uses of the inbox: the composer's list of saved replies, kept current after a change. */
interface RepliesInbox {
  set(patch: { canned: CannedResponse[] }): void;
}

const FIELDS = ['shortcut', 'text'] as const;

/**
 * The Saved replies page of `<chat-admin>`: the site's saved replies with a search, a form to add or edit one (the
 * relay's refusals shown beside the field they are about), and deletion after a confirmation. Any staff member may
 * manage them, as the API allows; the composer's `/` list follows each change.
 *
 * @summary Saved replies: list, search, add, edit, delete.
 * @tag chat-admin-replies
 */
export class ChatAdminReplies extends LitElement {
  static override styles = [
    chatAdminPanelStyles,
    deskStyles,
    css`
      form {
        display: grid;
        gap: 6px;
      }
      .replies {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 12px;
      }
      .reply {
        display: grid;
        gap: 4px;
        padding-block-end: 12px;
        border-block-end: 1px solid var(--_border);
      }
      .reply code {
        font-weight: 600;
      }
      .reply p {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .actions {
        display: flex;
        gap: 8px;
        align-items: center;
        flex-wrap: wrap;
      }
      textarea {
        min-height: 5em;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    strings: { attribute: false },
    inbox: { attribute: false },
    _items: { state: true },
    _query: { state: true },
    _editing: { state: true },
    _confirming: { state: true },
    _error: { state: true },
    _fieldErrors: { state: true },
    _status: { state: true },
    _busy: { state: true },
  };

  /** The admin API (set by `<chat-admin>`). */
  declare api: AdminApi | undefined;
  declare strings: AdminStrings;
  /** The inbox (set by `<chat-admin>`): its composer's list follows the changes made here. */
  declare inbox: RepliesInbox | undefined;
  declare private _items: CannedResponse[] | undefined;
  declare private _query: string;
  /** The reply being edited, or `null` when the form adds one. */
  declare private _editing: CannedResponse | null;
  declare private _confirming: CannedResponse | undefined;
  declare private _error: string | undefined;
  /** The relay's refusal per field (`shortcut`, `text`). */
  declare private _fieldErrors: Partial<Record<(typeof FIELDS)[number], string>>;
  declare private _status: string;
  declare private _busy: boolean;
  /** The page's own texts (English; a host may replace them). */
  texts: RepliesStrings = repliesEn;

  constructor() {
    super();
    this.strings = adminEn;
    this._query = '';
    this._editing = null;
    this._fieldErrors = {};
    this._status = '';
    this._busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  /** Reads the saved replies again. */
  async refresh(): Promise<void> {
    if (!this.api) return;
    try {
      this.#store(await this.api.cannedResponses());
      this._error = undefined;
    } catch (error) {
      this._error = messageOf(error);
    }
  }

  #store(items: CannedResponse[]): void {
    this._items = [...items].sort((a, b) => a.shortcut.localeCompare(b.shortcut));
    this.inbox?.set({ canned: this._items });
  }

  #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const api = this.api;
    if (!api || this._busy) return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    // The shortcut as typed, with a leading slash forgiven; the relay checks the rest.
    const shortcut = String(data.get('shortcut') ?? '')
      .trim()
      .replace(/^\//, '');
    const text = String(data.get('text') ?? '');
    const editing = this._editing;
    this._busy = true;
    this._status = '';
    this._fieldErrors = {};
    void (async () => {
      try {
        const saved = editing
          ? await new RepliesApi(api).update(editing.id, { shortcut, text })
          : await new RepliesApi(api).create({ shortcut, text });
        this.#store([...(this._items ?? []).filter((item) => item.id !== saved.id), saved]);
        this._editing = null;
        form.reset();
        this._status = this.texts.saved;
        this._error = undefined;
      } catch (error) {
        const field = fieldOf(error, FIELDS, 'shortcut');
        if (field) {
          this._fieldErrors = { [field]: messageOf(error) };
          await this.updateComplete;
          this.renderRoot.querySelector<HTMLElement>(`#reply-${field}`)?.focus();
        } else this._error = messageOf(error);
      } finally {
        this._busy = false;
      }
    })();
  };

  #askDelete(item: CannedResponse): void {
    this._confirming = item;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.confirm .cancel')?.focus());
  }

  #cancelDelete(item: CannedResponse): void {
    this._confirming = undefined;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`.reply[data-id="${item.id}"] .delete`)?.focus(),
    );
  }

  async #delete(item: CannedResponse): Promise<void> {
    const api = this.api;
    if (!api) return;
    this._busy = true;
    try {
      await new RepliesApi(api).delete(item.id);
      this.#store((this._items ?? []).filter((other) => other.id !== item.id));
      this._confirming = undefined;
      if (this._editing?.id === item.id) this._editing = null;
      this._status = this.texts.deleted;
      this._error = undefined;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#reply-search')?.focus();
    } catch (error) {
      this._error = messageOf(error);
    } finally {
      this._busy = false;
    }
  }

  #edit(item: CannedResponse): void {
    this._editing = item;
    this._fieldErrors = {};
    this._status = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#reply-shortcut')?.focus());
  }

  protected override render(): TemplateResult {
    const t = this.texts;
    const items = this._items;
    const q = this._query.trim().toLowerCase();
    const shown = items?.filter(
      (item) => !q || item.shortcut.toLowerCase().includes(q) || item.text.toLowerCase().includes(q),
    );
    return html`<section class="card" aria-labelledby="replies-title">
        <h2 id="replies-title">${t.title}</h2>
        <p class="muted">${t.intro}</p>
        ${this._error ? html`<p class="error" role="alert">${this.strings.error(this._error)}</p>` : nothing}
        <p class="muted" role="status" aria-live="polite">${this._status}</p>
      </section>
      ${this.#form()}
      <section class="card" aria-labelledby="replies-list-title">
        <div class="card-head">
          <h2 id="replies-list-title">${items && shown ? t.count(shown.length, items.length) : this.strings.loading}</h2>
        </div>
        <label for="reply-search">${t.search}</label>
        <input
          id="reply-search"
          type="search"
          .value=${this._query}
          @input=${(event: Event) => (this._query = (event.target as HTMLInputElement).value)}
        />
        ${
          items && items.length === 0
            ? html`<p class="muted">${t.none}</p>`
            : shown && shown.length === 0
              ? html`<p class="muted">${t.noMatch}</p>`
              : html`<ul class="replies">
                  ${(shown ?? []).map((item) => this.#reply(item))}
                </ul>`
        }
      </section>`;
  }

  #reply(item: CannedResponse): TemplateResult {
    const t = this.texts;
    const confirming = this._confirming?.id === item.id;
    return html`<li class="reply" data-id=${item.id}>
      <code>/${item.shortcut}</code>
      <p dir="auto">${item.text}</p>
      <div class="actions">
        ${
          confirming
            ? html`<div
                class="actions confirm"
                role="group"
                aria-label=${t.confirmDelete(item.shortcut)}
                @keydown=${(event: KeyboardEvent) => {
                  if (event.key === 'Escape') {
                    event.preventDefault();
                    this.#cancelDelete(item);
                  }
                }}
              >
                <span role="alert">${t.confirmDelete(item.shortcut)}</span>
                <button type="button" class="danger" ?disabled=${this._busy} @click=${() => void this.#delete(item)}>
                  ${t.delete}
                </button>
                <button type="button" class="cancel" @click=${() => this.#cancelDelete(item)}>${t.cancel}</button>
              </div>`
            : html`<button type="button" aria-label=${`${t.edit}: /${item.shortcut}`} @click=${() => this.#edit(item)}>
                  ${t.edit}
                </button>
                <button
                  type="button"
                  class="delete"
                  aria-label=${`${t.delete}: /${item.shortcut}`}
                  @click=${() => this.#askDelete(item)}
                >
                  ${t.delete}
                </button>`
        }
      </div>
    </li>`;
  }

  #form(): TemplateResult {
    const t = this.texts;
    const editing = this._editing;
    const errors = this._fieldErrors;
    const field = (name: (typeof FIELDS)[number]) =>
      errors[name] ? html`<p class="field-error" id=${`reply-${name}-error`}>${errors[name]}</p>` : nothing;
    return html`<section class="card" aria-labelledby="reply-form-title">
      <h2 id="reply-form-title">${editing ? t.editing(editing.shortcut) : t.add}</h2>
      <form @submit=${this.#onSubmit} data-editing=${editing?.id ?? ''} novalidate>
        <label for="reply-shortcut">${t.shortcut}</label>
        <input
          id="reply-shortcut"
          name="shortcut"
          autocomplete="off"
          spellcheck="false"
          .value=${editing?.shortcut ?? ''}
          aria-invalid=${errors.shortcut ? 'true' : 'false'}
          aria-describedby=${errors.shortcut ? 'reply-shortcut-error reply-shortcut-help' : 'reply-shortcut-help'}
        />
        <p class="muted" id="reply-shortcut-help">${t.shortcutHelp}</p>
        ${field('shortcut')}
        <label for="reply-text">${t.text}</label>
        <textarea
          id="reply-text"
          name="text"
          .value=${editing?.text ?? ''}
          aria-invalid=${errors.text ? 'true' : 'false'}
          aria-describedby=${errors.text ? 'reply-text-error' : nothing}
        ></textarea>
        ${field('text')}
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${this._busy}>${t.save}</button>
          ${
            editing
              ? html`<button
                  type="button"
                  @click=${() => {
                    this._editing = null;
                    this._fieldErrors = {};
                  }}
                >
                  ${t.cancel}
                </button>`
              : nothing
          }
        </div>
      </form>
    </section>`;
  }
}
