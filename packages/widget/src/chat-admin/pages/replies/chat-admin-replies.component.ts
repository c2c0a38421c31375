import { css, html, nothing, type TemplateResult } from 'lit';
import type { AdminApi } from '../../admin-api.js';
import type { CannedResponse } from '../../admin-types.js';
import { fieldOf } from '../../field-errors.js';
import { AdminPage } from '../../kit/admin-page.js';
import { Confirm } from '../../kit/confirm.js';
import { ListController } from '../../kit/list-controller.js';
import { RepliesApi } from './replies-api.js';
import { repliesEn, type RepliesStrings } from './replies-strings.js';
import { pageStyles } from '../../kit/page.styles.js';

const FIELDS = ['shortcut', 'text'] as const;

/**
 * The Saved replies page of `<chat-admin>`: the site's saved replies with a search, a form to add or edit one (the
 * relay's refusals shown beside the field they are about), and deletion after a confirmation. Any staff member may
 * manage them, as the API allows; the composer's `/` list follows each change.
 *
 * @summary Saved replies: list, search, add, edit, delete.
 * @tag chat-admin-replies
 */
export class ChatAdminReplies extends AdminPage {
  static override styles = [
    pageStyles,
    css`
      .reply code {
        font-weight: 600;
      }
      .reply .text {
        white-space: pre-wrap;
      }
    `,
  ];

  static override properties = {
    ...AdminPage.properties,
    _query: { state: true },
    _fieldErrors: { state: true },
  };

  declare private _query: string;
  /** The relay's refusal per field (`shortcut`, `text`). */
  declare private _fieldErrors: Partial<Record<(typeof FIELDS)[number], string>>;
  /** The page's own texts (English; a host may replace them). */
  texts: RepliesStrings = repliesEn;
  /** The saved replies, by shortcut, and the one the form edits. */
  readonly #replies = new ListController<CannedResponse>(this);
  /** The reply whose deletion waits for a confirmation. */
  readonly #confirm = new Confirm<CannedResponse>(this);

  constructor() {
    super();
    this._query = '';
    this._fieldErrors = {};
  }

  /** The inbox's saved replies as this page last listed them (a change by a colleague, live, differs). */
  #known: readonly CannedResponse[] | undefined;
  #unwatch: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#watch();
  }

  /** Saved replies changed elsewhere reach the inbox's state live (the staff socket's `canned` frame). */
  #watch(): void {
    if (this.inbox && this.isConnected) this.#unwatch ??= this.inbox.watch(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unwatch?.();
    this.#unwatch = undefined;
  }

  protected override willUpdate(changed: Parameters<AdminPage['willUpdate']>[0]): void {
    super.willUpdate(changed);
    this.#watch();
    const canned = this.inbox?.state.canned;
    if (canned && this.#known && canned !== this.#known) {
      this.#known = canned;
      this.#replies.set([...canned]);
      // The reply being edited was deleted meanwhile: the form goes back to adding one.
      const editing = this.#replies.editing;
      if (editing && !canned.some((each) => each.id === editing.id)) this.#replies.edit(null);
    }
  }

  /** Reads the saved replies. */
  protected override async load(api: AdminApi): Promise<void> {
    this.#store(await api.cannedResponses());
  }

  /** Keeps the list in shortcut order, and the composer's `/` list with it. */
  #store(items: CannedResponse[]): void {
    const sorted = [...items].sort((a, b) => a.shortcut.localeCompare(b.shortcut));
    this.#replies.set(sorted);
    this.#known = sorted;
    this.inbox?.set({ canned: sorted });
  }

  /** A refusal about a field is said beside it (and focuses it); any other above the form. */
  protected override failed(error: unknown): void {
    const field = fieldOf(error, FIELDS, 'shortcut');
    if (!field) return super.failed(error);
    this._fieldErrors = { [field]: this.errorText(error) };
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#reply-${field}`)?.focus());
  }

  #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    if (this.busy) return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    // The shortcut as typed, with a leading slash forgiven; the relay checks the rest.
    const shortcut = String(data.get('shortcut') ?? '')
      .trim()
      .replace(/^\//, '');
    const text = String(data.get('text') ?? '');
    const editing = this.#replies.editing;
    this._fieldErrors = {};
    void this.run(async (api) => {
      const saved = editing
        ? await new RepliesApi(api).update(editing.id, { shortcut, text })
        : await new RepliesApi(api).create({ shortcut, text });
      this.#store([...(this.#replies.items ?? []).filter((item) => item.id !== saved.id), saved]);
      this.#replies.edit(null);
      form.reset();
    }, this.texts.saved);
  };

  async #delete(item: CannedResponse): Promise<void> {
    const done = await this.run(async (api) => {
      await new RepliesApi(api).delete(item.id);
      this.#replies.remove(item.id);
      this.#store(this.#replies.items ?? []);
    }, this.texts.deleted);
    if (!done) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#reply-search')?.focus();
  }

  #edit(item: CannedResponse): void {
    this.#replies.edit(item);
    this._fieldErrors = {};
    this.status = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#reply-shortcut')?.focus());
  }

  protected override render(): TemplateResult {
    const t = this.texts;
    const items = this.#replies.items;
    const q = this._query.trim().toLowerCase();
    const shown = items?.filter(
      (item) => !q || item.shortcut.toLowerCase().includes(q) || item.text.toLowerCase().includes(q),
    );
    return html`<section class="card" aria-labelledby="replies-title">
        <h2 id="replies-title">${t.title}</h2>
        <p class="intro">${t.intro}</p>
        ${this.saveState()}
      </section>
      ${this.#form()}
      <section class="card" aria-labelledby="replies-list-title" data-save="replies">
        <div class="card-head">
          <h2 id="replies-list-title">${items && shown ? t.count(shown.length, items.length) : this.strings.loading}</h2>
          ${this.saveState('replies')}
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
              : html`<ul class="replies items">
                  ${(shown ?? []).map((item) => this.#reply(item))}
                </ul>`
        }
      </section>`;
  }

  #reply(item: CannedResponse): TemplateResult {
    const t = this.texts;
    return html`<li class="reply item" data-id=${item.id}>
      <code>/${item.shortcut}</code>
      <p class="text" dir="auto">${item.text}</p>
      <div class="actions">
        ${
          this.#confirm.is(item)
            ? this.#confirm.render(
                { text: t.confirmDelete(item.shortcut), ok: t.delete, cancel: t.cancel, busy: this.busy },
                () => this.#delete(item),
              )
            : html`<button type="button" class="secondary" aria-label=${`${t.edit}: /${item.shortcut}`} @click=${() => this.#edit(item)}>
                  ${t.edit}
                </button>
                <button
                  type="button"
                  class="danger delete"
                  aria-label=${`${t.delete}: /${item.shortcut}`}
                  @click=${() => this.#confirm.ask(item, `.reply[data-id="${item.id}"] .delete`)}
                >
                  ${t.delete}
                </button>`
        }
      </div>
    </li>`;
  }

  #form(): TemplateResult {
    const t = this.texts;
    const editing = this.#replies.editing;
    const errors = this._fieldErrors;
    const field = (name: (typeof FIELDS)[number]) =>
      errors[name] ? html`<p class="field-error" id=${`reply-${name}-error`}>${errors[name]}</p>` : nothing;
    return html`<section class="card" aria-labelledby="reply-form-title">
      <h2 id="reply-form-title">${editing ? t.editing(editing.shortcut) : t.add}</h2>
      <form @submit=${this.#onSubmit} data-editing=${editing?.id ?? ''} data-save="reply" novalidate>
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
        <p class="help" id="reply-shortcut-help">${t.shortcutHelp}</p>
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
          <button class="primary" type="submit" ?disabled=${this.busy}>${t.save}</button>
          ${
            editing
              ? html`<button
                  type="button"
                  class="secondary"
                  @click=${() => {
                    this.#replies.edit(null);
                    this._fieldErrors = {};
                  }}
                >
                  ${t.cancel}
                </button>`
              : nothing
          }
          ${this.saveState('reply')}
        </div>
      </form>
    </section>`;
  }
}
