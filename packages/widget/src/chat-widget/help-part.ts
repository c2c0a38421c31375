import type { CSSResult, nothing as litNothing, TemplateResult } from 'lit';
import type { Strings } from '../i18n/en.js';
import type { Lit } from './automation-ui.js';
import type { PartsHost } from './parts-host.js';
import { helpStringsEn, type HelpStrings } from './help-strings.js';

/*
 * The widget's help part (issue #42, docs/help-center.md "In the widget"), fetched when the visitor opens the Help tab
 * (on a site with published articles: its loader sets `help`) or types a first message there. The tab takes the
 * conversation's place in the panel: a search field (search as you type), the most read articles before a search, an
 * article read inside the panel, and "Still need help? Chat with us" back to the conversation. While the visitor
 * types the first message, up to three articles that may answer it show above the composer. Everything comes from
 * the relay's public help routes (`/v1/help/<site key>/…`, no cookie, no token); an article's HTML is the relay's
 * rendering of its Markdown (no raw HTML, links and images checked), the same as the portal's. Like the other parts
 * it imports nothing at run time but its words: the element hands it lit.
 */

/** The element, as the help part sees it: where the relay is, and the site. */
export interface HelpHost extends PartsHost {
  /** The relay's WebSocket endpoint (`wss://host/v1/ws`): the help routes are beside it. */
  readonly relay?: string | undefined;
  readonly siteKey?: string | undefined;
}

/** An article as the search lists it. */
interface Listed {
  readonly locale: string;
  readonly slug: string;
  readonly title: string;
  readonly summary: string;
}

/** An article as the panel shows it. */
interface Article extends Listed {
  readonly html: string;
  readonly url: string;
}

export interface HelpPart {
  /** Whether the Help tab is shown in place of the conversation. */
  readonly open: boolean;
  /** Shows or hides the tab (the header's Help button); showing it puts focus in its search field. */
  show(open: boolean): void;
  /** The header's Help button: shows or hides the tab. */
  button(s: Strings): TemplateResult;
  /** The tab: search, the list or an article, and the way back to the conversation. */
  view(s: Strings): TemplateResult;
  /** The composer's text while the visitor types the first message: articles that may answer it are asked for. */
  input(text: string): void;
  /** Those articles, above the composer (nothing while there are none). */
  suggestions(s: Strings): unknown;
  readonly styles: CSSResult;
  /** The element goes: pending searches and timers stop. */
  disconnect(): void;
}

/** Pause after a keystroke before searching (search as you type). */
const PAUSE_MS = 250;
/** Letters typed before articles are suggested for a first message. */
const SUGGEST_FROM = 4;

/** The https origin of a `wss://host/v1/ws` endpoint (`ws:` gives `http:`). */
function httpOrigin(relay: string): string {
  const url = new URL(relay);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  return url.origin;
}

/** Builds the help part on the element's lit: the header's button, the tab (hidden until the button opens it), the suggestions. */
export function helpPart(
  { html, css, nothing }: Lit & { readonly nothing: typeof litNothing },
  host: HelpHost,
): HelpPart {
  // Suggestions are for the visitor's first message: while the log shows none of theirs.
  const empty = (): boolean => !root().querySelector('.log .mine');
  let shown = false;
  let query = '';
  let listed: readonly Listed[] | undefined;
  let corrected: string | null = null;
  let article: Article | undefined;
  let failed = false;
  let suggested: readonly Listed[] = [];
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  let suggestTimer: ReturnType<typeof setTimeout> | undefined;
  let searching: AbortController | undefined;
  let suggesting: AbortController | undefined;
  /** The articles answered "Did this help?" in this page's life (`locale/slug`): thanked, not asked again. */
  const voted = new Set<string>();
  /** The locale the site's articles were found in (the widget's language, else English). */
  let locale: string | undefined;

  const words = (s: Strings): HelpStrings => {
    const words: Record<string, unknown> = { ...helpStringsEn, ...s.helpStrings };
    // The site's own words, under their key in the catalogue (`help.open`: string-overrides.ts).
    for (const [key, word] of Object.entries(s)) if (key.startsWith('help.')) words[key.slice(5)] = word;
    return words as unknown as HelpStrings;
  };
  const root = (): ParentNode => host.renderRoot;
  const focus = (selector: string): void =>
    void host.updateComplete.then(() => root().querySelector<HTMLElement>(selector)?.focus());
  const base = (): string | undefined => {
    const { relay, siteKey: key } = host;
    return relay && key ? `${httpOrigin(relay)}/v1/help/${encodeURIComponent(key)}` : undefined;
  };

  /** The JSON answer of a help route, or undefined (offline, refused, or aborted). */
  const get = async <T>(path: string, signal: AbortSignal): Promise<T | undefined> => {
    const at = base();
    if (!at) return undefined;
    try {
      const response = await fetch(at + path, { signal, credentials: 'omit' });
      return response.ok ? ((await response.json()) as T) : undefined;
    } catch {
      return undefined;
    }
  };

  /** Searches the articles (no words: the most read), in the widget's language, else in English. */
  const search = async (
    text: string,
    signal: AbortSignal,
    extra = '',
  ): Promise<{ items: Listed[]; corrected: string | null } | undefined> => {
    // The widget's language, as its panel is marked (`lang`): articles are asked in it, else in English.
    const language = (root().querySelector('[lang]')?.getAttribute('lang') ?? 'en').split('-')[0]!;
    const tries = locale ? [locale] : language === 'en' ? ['en'] : [language, 'en'];
    let found: { items: Listed[]; corrected: string | null } | undefined;
    for (const tried of tries) {
      found = await get(`/search?q=${encodeURIComponent(text)}&locale=${tried}${extra}`, signal);
      if (!found) return undefined;
      // The first locale with articles is the site's for this visitor (a search finding none says nothing of it).
      if (found.items.length > 0 || text) {
        if (found.items.length > 0) locale ??= tried;
        break;
      }
    }
    return found;
  };

  const list = async (): Promise<void> => {
    searching?.abort();
    const controller = (searching = new AbortController());
    const text = query;
    const found = await search(text, controller.signal);
    if (controller.signal.aborted) return;
    failed = !found;
    listed = found?.items;
    corrected = found?.corrected ?? null;
    host.requestUpdate();
  };

  const read = async (item: Pick<Listed, 'locale' | 'slug'>): Promise<void> => {
    searching?.abort();
    const controller = (searching = new AbortController());
    const found = await get<Article>(
      `/articles/${encodeURIComponent(item.locale)}/${encodeURIComponent(item.slug)}`,
      controller.signal,
    );
    if (controller.signal.aborted) return;
    failed = !found;
    article = found;
    shown = true;
    host.requestUpdate();
    focus(found ? '.help-article h3' : '.help-search input');
  };

  const back = (): void => {
    article = undefined;
    failed = false;
    host.requestUpdate();
    if (!listed) void list();
    focus('.help-search input');
  };

  const onSearch = (event: Event): void => {
    query = (event.currentTarget as HTMLInputElement).value.trim();
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => void list(), PAUSE_MS);
  };

  // A link to another article of the help center opens in the panel; any other link in a new tab, never in the
  // widget's page (the visitor would lose their place, and the conversation with it).
  const onBodyClick = (event: MouseEvent): void => {
    const link = (event.target as Element).closest?.('a');
    if (!link?.href) return;
    event.preventDefault();
    const at = base();
    const own = at && article ? new URL(article.url) : undefined;
    const target = new URL(link.href);
    // The portal at the relay (`/help/<key>/<locale>/<slug>`), or at the site's custom domain (`/<locale>/<slug>`).
    const pattern = own?.pathname.startsWith('/help/')
      ? /\/help\/[^/]+\/([^/]+)\/([^/?#]+)$/
      : /^\/([^/]+)\/([^/?#]+)$/;
    const match = own && target.origin === own.origin ? pattern.exec(target.pathname) : null;
    if (match) void read({ locale: decodeURIComponent(match[1]!), slug: decodeURIComponent(match[2]!) });
    else window.open(target.href, '_blank', 'noopener');
  };

  // "Did this help?": a form body, so the request is a simple one (no preflight); no cookie. The relay counts one
  // vote per visitor and article a day; the panel thanks at once and does not ask again.
  const vote = (helpful: boolean): void => {
    const at = base();
    if (!at || !article) return;
    const key = `${article.locale}/${article.slug}`;
    voted.add(key);
    host.requestUpdate();
    focus('.help-feedback');
    void fetch(`${at}/articles/${encodeURIComponent(article.locale)}/${encodeURIComponent(article.slug)}/feedback`, {
      method: 'POST',
      body: new URLSearchParams({ helpful: helpful ? 'yes' : 'no' }),
      credentials: 'omit',
    }).catch(() => undefined);
  };

  const feedback = (w: HelpStrings, shown: Article): TemplateResult =>
    voted.has(`${shown.locale}/${shown.slug}`)
      ? html`<p class="help-feedback" tabindex="-1" role="status">${w.thanks}</p>`
      : html`<div class="help-feedback" role="group" aria-labelledby="help-feedback-q">
          <p id="help-feedback-q">${w.didItHelp}</p>
          <button type="button" class="help-vote" @click=${() => vote(true)}>${w.yes}</button>
          <button type="button" class="help-vote" @click=${() => vote(false)}>${w.no}</button>
        </div>`;

  // Back to the conversation, focus in the composer.
  const chat = (): void => {
    shown = false;
    article = undefined;
    host.requestUpdate();
    focus('.panel form textarea');
  };

  const item = (entry: Listed): TemplateResult =>
    html`<li>
      <button type="button" class="help-item" @click=${() => void read(entry)}>
        <span class="help-title">${entry.title}</span>
        ${entry.summary ? html`<span class="help-summary">${entry.summary}</span>` : nothing}
      </button>
    </li>`;

  const stillNeedHelp = (w: HelpStrings): TemplateResult =>
    html`<div class="help-chat">
      <p>${w.stillNeedHelp}</p>
      <button type="button" class="help-chat-button" @click=${chat}>${w.chatWithUs}</button>
    </div>`;

  const show = (next: boolean): void => {
    shown = next;
    if (!next) {
      article = undefined;
      host.requestUpdate();
      return;
    }
    if (!listed) void list();
    host.requestUpdate();
    if (!article) focus('.help-search input');
  };
  /** The composer's text (empty once sent, or once the conversation has a message): suggestions for it. */
  const input = (text: string): void => {
    clearTimeout(suggestTimer);
    const typed = text.trim();
    if (typed.length < SUGGEST_FROM) {
      suggesting?.abort();
      if (suggested.length) {
        suggested = [];
        host.requestUpdate();
      }
      return;
    }
    suggestTimer = setTimeout(async () => {
      suggesting?.abort();
      const controller = (suggesting = new AbortController());
      const found = await search(typed, controller.signal, '&prefix=1&limit=3');
      if (controller.signal.aborted) return;
      suggested = found?.items ?? [];
      host.requestUpdate();
    }, PAUSE_MS);
  };
  // The composer's text while the conversation has no message: articles that may answer the first one.
  const onComposer = (event: Event): void => {
    const field = event.target as HTMLTextAreaElement;
    if (field.name === 'text' && field.form?.classList.contains('composer')) input(empty() ? field.value : '');
  };
  host.renderRoot.addEventListener('input', onComposer);

  return {
    get open() {
      return shown;
    },
    show,
    button: (s) =>
      html`<button
        class="icon-button"
        part="help-button"
        type="button"
        aria-label=${words(s).open}
        title=${words(s).open}
        aria-pressed=${shown ? 'true' : 'false'}
        @click=${() => show(!shown)}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path
            fill="none"
            stroke="currentColor"
            stroke-width="2"
            stroke-linecap="round"
            d="M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18ZM9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6v.6M12 17v.5"
          />
        </svg>
      </button>`,
    view(s) {
      const w = words(s);
      if (article) {
        return html`<div class="help" part="help">
          <button type="button" class="help-back" @click=${back}>← ${w.back}</button>
          <article class="help-article" part="help-article">
            <h3 tabindex="-1">${article.title}</h3>
            <div class="help-body" .innerHTML=${article.html} @click=${onBodyClick}></div>
            <a class="help-center-link" href=${article.url} target="_blank" rel="noopener">${w.openInCenter}</a>
          </article>
          ${feedback(w, article)}
          ${stillNeedHelp(w)}
        </div>`;
      }
      const heading = query ? w.results : w.popular;
      return html`<div class="help" part="help">
        <form class="help-search" role="search" @submit=${(event: Event) => event.preventDefault()}>
          <input
            type="search"
            aria-label=${w.search}
            placeholder=${w.searchPlaceholder}
            .value=${query}
            maxlength="200"
            enterkeyhint="search"
            @input=${onSearch}
          />
        </form>
        <h3 class="help-heading">${heading}</h3>
        <p class="help-status" role="status">
          ${
            failed
              ? w.failed
              : !listed
                ? s.loading
                : listed.length === 0
                  ? w.none
                  : corrected
                    ? w.corrected(corrected)
                    : nothing
          }
        </p>
        ${listed?.length ? html`<ul class="help-list">${listed.map(item)}</ul>` : nothing}
        ${stillNeedHelp(w)}
      </div>`;
    },
    input,
    suggestions(s) {
      if (!suggested.length || shown || !empty()) return nothing;
      const w = words(s);
      return html`<div class="help-suggest" part="help-suggestions">
        <p id="help-suggested">${w.suggested}</p>
        <ul aria-labelledby="help-suggested">
          ${suggested.map(
            (entry) =>
              html`<li><button type="button" class="help-item" @click=${() => void read(entry)}>${entry.title}</button></li>`,
          )}
        </ul>
      </div>`;
    },
    disconnect() {
      host.renderRoot.removeEventListener('input', onComposer);
      clearTimeout(searchTimer);
      clearTimeout(suggestTimer);
      searching?.abort();
      suggesting?.abort();
    },
    styles: css`
      .help {
        flex: 1;
        min-height: 0;
        overflow-y: auto;
        padding: 12px 16px 16px;
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      /* The search field and each article's button: one box, 44 px high. */
      .help-search input,
      .help-item {
        box-sizing: border-box;
        width: 100%;
        min-height: 44px;
        padding: 8px 12px;
        border: 1px solid var(--_border);
        border-radius: 10px;
        color: var(--_fg);
        font: inherit;
      }
      .help-search input {
        background: var(--_bg);
      }
      .help-heading {
        margin: 8px 0 0;
        font-size: 0.85em;
        color: var(--_muted);
        font-weight: 600;
      }
      .help-status {
        margin: 0;
        color: var(--_muted);
        font-size: 0.9em;
      }
      .help-status:empty {
        display: none;
      }
      .help-list,
      .help-suggest ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 6px;
      }
      .help-item {
        display: grid;
        gap: 2px;
        background: var(--_surface);
        text-align: start;
        cursor: pointer;
      }
      .help-item:hover {
        border-color: var(--_accent);
      }
      .help-title {
        font-weight: 600;
      }
      .help-summary {
        color: var(--_muted);
        font-size: 0.9em;
      }
      .help-back,
      .help-chat-button {
        align-self: start;
        min-height: 44px;
        padding: 8px 12px;
        border: 0;
        border-radius: 10px;
        font: inherit;
        cursor: pointer;
      }
      .help-back {
        background: transparent;
        color: var(--_accent);
        padding-inline: 0;
      }
      .help-article h3 {
        margin: 4px 0 8px;
        font-size: 1.15em;
      }
      .help-article h3:focus {
        outline: none;
      }
      .help-body {
        line-height: 1.5;
        overflow-wrap: anywhere;
      }
      .help-body img {
        max-width: 100%;
        height: auto;
      }
      .help-body pre {
        overflow-x: auto;
      }
      /* Tables with rules and a marked header row; one wider than the panel scrolls sideways on its own. */
      .help-body table {
        display: block;
        width: max-content;
        max-width: 100%;
        overflow-x: auto;
        border-collapse: collapse;
        margin: 8px 0;
        overflow-wrap: normal;
      }
      .help-body table:focus-visible {
        outline: 2px solid var(--_accent);
        outline-offset: 2px;
      }
      .help-body th,
      .help-body td {
        border: 1px solid var(--_border);
        padding: 4px 8px;
        text-align: start;
        vertical-align: top;
      }
      .help-body thead th {
        background: var(--_surface);
        font-weight: 600;
        border-bottom-width: 2px;
      }
      .help-body .align-left {
        text-align: left;
      }
      .help-body .align-center {
        text-align: center;
      }
      .help-body .align-right {
        text-align: right;
      }
      .help-body a,
      .help-center-link {
        color: var(--_accent);
      }
      .help-chat {
        margin-top: auto;
        padding-top: 12px;
        border-top: 1px solid var(--_border);
      }
      .help-chat p {
        margin: 0 0 6px;
        color: var(--_muted);
      }
      .help-chat-button {
        background: var(--_accent);
        color: var(--_accent-fg);
        font-weight: 600;
      }
      .help-feedback {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: center;
        margin: 12px 0 0;
      }
      .help-feedback p {
        margin: 0;
        font-weight: 600;
      }
      .help-feedback:focus {
        outline: none;
      }
      .help-vote {
        min-height: 44px;
        min-width: 64px;
        padding: 8px 14px;
        border: 1px solid var(--_border);
        border-radius: 10px;
        background: transparent;
        color: inherit;
        font: inherit;
        cursor: pointer;
      }
      .help-vote:hover {
        border-color: var(--_accent);
      }
      .help-suggest {
        padding: 8px 12px 0;
      }
      .help-suggest p {
        margin: 0 0 6px;
        font-size: 0.85em;
        color: var(--_muted);
      }
    `,
  };
}
