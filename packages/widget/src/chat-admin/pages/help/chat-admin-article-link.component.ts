import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import type { InboxController } from '../../inbox-controller.js';
import { errorText } from '../../kit/error-text.js';
import { HelpApi, type HelpListedArticle } from './help-api.js';

/** The part's texts (English; a host may replace them through `texts`). */
export const articleLinkEn = {
  title: 'Insert a link to an article',
  search: 'Search published articles',
  loading: 'Loading articles…',
  none: 'No published article matches.',
  noArticles: 'No published articles yet: write one in Settings → Help center.',
  close: 'Close',
  hint: 'Arrows choose, Enter inserts the link, Escape closes.',
  count: (n: number) => (n === 1 ? '1 article' : `${n} articles`),
};

/** Most articles listed at once (the search narrows them). */
const SHOWN = 8;

/** Lower case without accents, for matching what is typed against titles. */
const fold = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/**
 * The composer's article links (issue #42): a search field over the site's published articles (a combobox: arrows
 * move, Enter or a click inserts, Escape closes), which puts `Title: <portal address>` at the composer's caret.
 * Fetched in a chunk of its own the first time the composer's Article button (or Ctrl/Cmd+Shift+K) opens it.
 *
 * @summary Search published articles and insert a link to one into the reply.
 * @tag chat-admin-article-link
 */
export class ChatAdminArticleLink extends LitElement {
  static override styles = css`
    :host {
      display: block;
      margin-top: 8px;
      padding: 10px;
      border: 1px solid var(--_border, #8888);
      border-radius: 10px;
      background: var(--_bg, Canvas);
      color: var(--_fg, CanvasText);
      font: inherit;
    }
    h3 {
      margin: 0 0 6px;
      font-size: 14px;
    }
    input {
      box-sizing: border-box;
      width: 100%;
      padding: 6px 8px;
      border: 1px solid var(--_control, var(--_border, #888));
      border-radius: 8px;
      background: var(--_raised, Field);
      color: inherit;
      font: inherit;
    }
    [role='listbox'] {
      list-style: none;
      margin: 6px 0 0;
      padding: 0;
      max-height: 14rem;
      overflow: auto;
    }
    [role='option'] {
      padding: 6px 8px;
      border-radius: 6px;
      cursor: pointer;
      overflow-wrap: anywhere;
    }
    [role='option'][aria-selected='true'] {
      background: color-mix(in srgb, var(--_accent, Highlight) 18%, transparent);
      outline: 1px solid var(--_accent, Highlight);
    }
    .muted {
      color: var(--_muted, GrayText);
      font-size: 12px;
    }
    .row {
      display: flex;
      gap: 8px;
      align-items: center;
      justify-content: space-between;
      margin-top: 6px;
    }
    button {
      border: 1px solid var(--_border, #8888);
      border-radius: 8px;
      padding: 6px 12px;
      background: var(--_raised, ButtonFace);
      color: inherit;
      font: inherit;
      font-weight: 600;
      cursor: pointer;
    }
    .error {
      color: var(--_danger, #c00);
    }
  `;

  static override properties = {
    inbox: { attribute: false },
    insert: { attribute: false },
    close: { attribute: false },
    _articles: { state: true },
    _query: { state: true },
    _index: { state: true },
    _error: { state: true },
  };

  declare inbox: InboxController;
  /** Puts the text at the composer's caret (and focus back there). */
  declare insert: (text: string) => void;
  /** Closes it (`refocus`: focus goes back to the composer's Article button). */
  declare close: (refocus: boolean) => void;
  declare private _articles: HelpListedArticle[] | undefined;
  declare private _query: string;
  declare private _index: number;
  declare private _error: string | undefined;
  /** The part's texts. */
  texts = articleLinkEn;

  constructor() {
    super();
    this._query = '';
    this._index = 0;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLInputElement>('input')?.focus();
  }

  async #load(): Promise<void> {
    const api = this.inbox.api;
    if (!api) return;
    try {
      this._articles = (await new HelpApi(api).articles({ status: 'published' })).items;
    } catch (error) {
      this._error = errorText(error);
    }
  }

  /** The published articles whose title or summary holds every word typed, in the list's order (latest first). */
  #matches(): HelpListedArticle[] {
    const words = fold(this._query).split(/\s+/).filter(Boolean);
    return (this._articles ?? [])
      .filter((a) => {
        const text = fold(`${a.title} ${a.summary ?? ''} ${a.slug}`);
        return words.every((word) => text.includes(word));
      })
      .slice(0, SHOWN);
  }

  #pick(article: HelpListedArticle | undefined): void {
    if (!article) return;
    this.insert(`${article.title}: ${article.url}`);
  }

  #onKey = (event: KeyboardEvent): void => {
    const matches = this.#matches();
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.close(true);
    } else if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && matches.length > 0) {
      event.preventDefault();
      const by = event.key === 'ArrowDown' ? 1 : -1;
      this._index = (this._index + by + matches.length) % matches.length;
    } else if (event.key === 'Enter') {
      event.preventDefault();
      this.#pick(matches[Math.min(this._index, matches.length - 1)]);
    }
  };

  protected override render(): TemplateResult {
    const t = this.texts;
    const matches = this.#matches();
    const active = matches[Math.min(this._index, matches.length - 1)];
    const none = this._articles?.length === 0 ? t.noArticles : t.none;
    return html`<div @keydown=${this.#onKey}>
      <h3 id="article-link-title">${t.title}</h3>
      <input
        type="search"
        role="combobox"
        aria-label=${t.search}
        placeholder=${t.search}
        aria-autocomplete="list"
        aria-expanded=${matches.length > 0 ? 'true' : 'false'}
        aria-controls="article-links"
        aria-activedescendant=${active ? `article-link-${active.id}` : nothing}
        aria-describedby="article-link-hint"
        .value=${this._query}
        @input=${(event: Event) => {
          this._query = (event.target as HTMLInputElement).value;
          this._index = 0;
        }}
      />
      ${
        this._articles === undefined
          ? html`<p class="muted">${this._error ? '' : t.loading}</p>`
          : matches.length === 0
            ? html`<p class="muted" role="status">${none}</p>`
            : html`<ul id="article-links" role="listbox" aria-labelledby="article-link-title">
                ${matches.map(
                  (a) => html`<li
                    id=${`article-link-${a.id}`}
                    role="option"
                    aria-selected=${a === active ? 'true' : 'false'}
                    @mousedown=${(event: Event) => event.preventDefault()}
                    @click=${() => this.#pick(a)}
                  >
                    <span dir="auto">${a.title}</span> <span class="muted">${a.locale}</span>
                  </li>`,
                )}
              </ul>`
      }
      <div class="row">
        <span class="muted" id="article-link-hint">${t.hint}</span>
        <button type="button" class="done" @click=${() => this.close(true)}>${t.close}</button>
      </div>
      <p class="error" role="alert">${this._error ?? ''}</p>
    </div>`;
  }
}
