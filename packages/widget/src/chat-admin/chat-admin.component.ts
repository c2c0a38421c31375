import { LitElement, html, nothing, svg, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { HttpAdminApi, type AdminApi } from './admin-api.js';
import type { AdminClient } from './admin-client.js';
import { adminEn, type AdminStrings } from './admin-strings.js';
import { AVAILABILITIES, type Availability, type StaffMe } from './admin-types.js';
import { chatAdminInboxStyles } from './chat-admin-inbox.styles.js';
import { chatAdminListStyles } from './chat-admin-list.styles.js';
import { chatAdminThreadStyles } from './chat-admin-thread.styles.js';
import { chatAdminNarrowStyles, chatAdminStyles } from './chat-admin.styles.js';
import { InboxController } from './inbox-controller.js';
import { InboxLocaleController } from './inbox-locale.js';
import { Notifier } from './notifier.js';
import type { AuthApi } from './auth-api.js';
import { canSee } from './page-entry.js';
import { ADMIN_PAGES, ADMIN_PARTS, SIGN_IN, definePage, type AdminPage } from './pages.js';

/** Regions of the inbox render into this element's shadow root (see `AdminRegion`), so it adopts their styles. */
const REGION_TAGS =
  'chat-admin-inbox, chat-admin-list, chat-admin-thread, chat-admin-composer, chat-admin-visitor, chat-admin-prefs';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The notifications button's bell: shown instead of its word on a phone, where the word left the site's name one
 * letter (the word stays, read by screen readers). Drawn by the phone shell's styles, which only a phone fetches.
 */
const bellIcon = svg`<svg class="bell" viewBox="0 0 24 24" aria-hidden="true"><path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0"/></svg>`;

/**
 * Parley's staff inbox: sign in with a staff token, then answer visitors live. Mine / Unassigned / All views,
 * status tabs with counts and unread badges, search, a conversation view with history, replies, private notes,
 * typing and read receipts, a visitor panel, assignment, status, priority and labels, saved replies behind `/`,
 * broadcasts, stats, sound and desktop notifications, and keyboard shortcuts (`?` lists them).
 *
 * The relay serves it at `/admin`; there it finds the API and the WebSocket on its own origin. Elsewhere set
 * `api-base` and `relay`. The token is kept in sessionStorage (this tab only) and sent only in the
 * `Authorization` header and the WebSocket hello, never in a URL.
 *
 * @summary Staff inbox: conversations, replies and notes, visitor panel, broadcasts, stats, notifications.
 * @tag chat-admin
 *
 * @event chat-admin-sign-in - Signed in. `detail: { me }`.
 * @event chat-admin-sign-out - Signed out. `detail: { reason: 'user' | 'refused' }`.
 * @event chat-admin-notify - Staff were told about a new conversation, message or visitor. `detail: { kind, conversationId, text, channels }`.
 * @event chat-unread-change - Unread visitor messages over the listed conversations changed. `detail: { count }`.
 *
 * @csspart topbar - The bar with the site name, the sections and the account.
 * @csspart inbox - The conversation list column.
 * @csspart conversation-list - The list of conversations.
 * @csspart conversation - The open conversation.
 * @csspart message-list - The message history (a log).
 * @csspart message - Every message; also `message-visitor`, `message-staff` or `message-note`.
 * @csspart composer - The reply and note form.
 * @csspart visitor-panel - The visitor details.
 *
 * @cssproperty --chat-accent - Brand color. Default `#2563eb`.
 * @cssproperty --chat-accent-contrast - Text on the accent. Default white.
 * @cssproperty --chat-bg - Background.
 * @cssproperty --chat-fg - Text.
 * @cssproperty --chat-muted - Secondary text.
 * @cssproperty --chat-surface - Panels and the visitor's messages.
 * @cssproperty --chat-border - Borders.
 * @cssproperty --chat-note-bg - Private note background.
 * @cssproperty --chat-note-fg - Private note text.
 * @cssproperty --chat-danger - Errors and urgent priority.
 * @cssproperty --chat-font - Font family. Default: the system UI font.
 */
export class ChatAdmin extends LitElement {
  static override styles = [
    chatAdminStyles,
    chatAdminInboxStyles,
    chatAdminListStyles,
    chatAdminThreadStyles,
    chatAdminNarrowStyles,
  ];

  static override properties = {
    apiBase: { type: String, attribute: 'api-base' },
    relay: { type: String },
    theme: { type: String, reflect: true },
    strings: { attribute: false },
    createApi: { attribute: false },
    createClient: { attribute: false },
    createAuth: { attribute: false },
    hash: { type: Boolean },
    docsBase: { type: String, attribute: 'docs-base' },
    notifier: { attribute: false },
  };

  /** The admin API root. Default: `/v1/admin` on this page's origin. */
  declare apiBase: string | undefined;
  /** The relay's WebSocket endpoint. Default: `/v1/ws` on this page's origin (`ws:` or `wss:`). */
  declare relay: string | undefined;
  /** `light`, `dark`, or `auto` (default: follows the system). */
  declare theme: 'light' | 'dark' | 'auto';
  /** The strings shown; English by default. */
  declare strings: AdminStrings;
  /**
   * Makes the API client for an API token, or for the session cookie (`{ csrf }`, signed in with an account).
   * Default: {@link HttpAdminApi} on `apiBase`.
   */
  declare createApi: (credential: string | { csrf: string }) => AdminApi;
  /**
   * Makes the live connection for an API token, or `undefined` (the session cookie), at once or when its code has
   * come. Default: a `StaffClient` on `relay`, whose code (the SDK's socket, outbox and timeline) is a chunk of its
   * own, fetched at sign-in: the sign-in page's first load carries none of it.
   */
  declare createClient: (token: string | undefined, account?: string) => AdminClient | Promise<AdminClient>;
  /** Makes the account routes' client (`/v1/auth/*`). Default: `HttpAuthApi` on this page's origin. */
  declare createAuth: (() => AuthApi) | undefined;
  /**
   * Keeps the page shown in the address's fragment (`#settings/team`, so it can be linked and survives a reload),
   * and reads one-time links from it (`#setup=…`, `#invite=…`, `#reset=…`). The page the relay serves sets it.
   */
  declare hash: boolean;
  /**
   * Where Parley's guides are published, so that the pages link to them by their titles: an address in which
   * `{page}` is replaced by the guide's name (`rules`, `safety`, `email`, `api-channel`), e.g.
   * `https://docs.example.com/parley/{page}.html`, or a folder the name is appended to. Default: none (the pages
   * name the guides without a link).
   */
  declare docsBase: string | undefined;
  /** Sound and desktop notifications, with their persisted switches. */
  declare notifier: Notifier;

  /** The inbox's state and effects; the regions render from it. */
  readonly #inbox = new InboxController(this);
  /** The agent's language: the strings, `lang`, `dir` and `Intl`'s locale (inbox-locale.ts). */
  readonly #locale = new InboxLocaleController(this);
  /** The account menu is open. */
  #menu = false;

  constructor() {
    super();
    this.theme = 'auto';
    this.strings = adminEn;
    this.hash = false;
    this.createApi = (credential) => new HttpAdminApi(this.apiBase ?? `${location.origin}/v1/admin`, credential);
    this.createClient = (token, account) => {
      const url = this.relay ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/ws`;
      // Without a token the relay authenticates the socket by the session cookie; the outbox is then the
      // account's own, so what one account queued is never sent as another who signs in on this browser.
      return import('@parley/sdk/staff').then(
        ({ StaffClient }) =>
          new StaffClient(token ? { url, token } : { url, storageKey: `${url}|staff:account:${account ?? ''}` }),
      );
    };
    this.notifier = new Notifier();
  }

  // ---- public API ------------------------------------------------------------------------------------------

  /** The signed-in staff member, once signed in. */
  get me(): StaffMe | undefined {
    return this.#inbox.state.me;
  }

  /**
   * Signs in with a staff token: checks it with `GET /me`, keeps it in sessionStorage, connects the live
   * socket and loads the inbox. Rejects (and keeps nothing) when the token is refused.
   */
  signIn(token: string): Promise<StaffMe> {
    return this.#inbox.signIn(token);
  }

  /** Signs out: closes the connection and forgets the token. */
  signOut(reason: 'user' | 'refused' = 'user'): void {
    this.#inbox.signOut(reason);
  }

  /** Opens a conversation (and marks it read). */
  openConversation(id: string): Promise<void> {
    return this.#inbox.conversation.open(id);
  }

  /** The language the inbox is shown in (`de`, `pt-BR`; `en` by default): see {@link ChatAdmin.setLocale}. */
  get locale(): string {
    return this.#locale.tag;
  }

  /**
   * Shows the inbox in `tag` (one of the inbox's languages, `INBOX_LOCALES`; else its closest, else English) and keeps
   * the choice in this browser; `undefined` forgets it (the browser's languages decide again). Re-renders in place.
   */
  setLocale(tag: string | undefined): Promise<void> {
    return this.#locale.choose(tag);
  }

  // ---- lifecycle -------------------------------------------------------------------------------------------

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('keydown', this.#onShortcut);
    document.addEventListener('visibilitychange', this.#onVisibility);
    // A phone's layout and screens (docs/agent-app.md): a chunk fetched only where the width is a phone's.
    const phone = matchMedia('(max-width: 600px)');
    const load = (): unknown =>
      phone.matches &&
      import('./phone/phone-shell.js').then(
        (m) => m.phoneShell(this, this.#inbox),
        () => undefined,
      );
    phone.addEventListener('change', load);
    load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('keydown', this.#onShortcut);
    document.removeEventListener('visibilitychange', this.#onVisibility);
  }

  /** Also waits for the regions, which render after this element (they are elements of its shadow root). */
  protected override async getUpdateComplete(): Promise<boolean> {
    const result = await super.getUpdateComplete();
    for (let pending = this.#pendingRegions(); pending.length > 0; pending = this.#pendingRegions()) {
      await Promise.all(pending.map((region) => region.updateComplete));
    }
    return result;
  }

  #pendingRegions(): LitElement[] {
    return [...this.renderRoot.querySelectorAll<LitElement>(REGION_TAGS)].filter((region) => region.isUpdatePending);
  }

  /** The page whose tab was last brought into view. */
  #tabShown: string | undefined;

  protected override updated(): void {
    this.#inbox.focusIn(this.renderRoot);
    // On a phone the tabs are a row that scrolls sideways: the current one is brought into it when the page changes.
    const page = this.#inbox.state.page;
    if (page !== this.#tabShown) {
      this.#tabShown = page;
      this.renderRoot.querySelector('.tab[aria-current=page]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && !dialog.open) dialog.showModal();
  }

  // ---- keyboard --------------------------------------------------------------------------------------------

  #onShortcut = (event: KeyboardEvent): void => {
    const inbox = this.#inbox;
    const { me, dialog, current } = inbox.state;
    if (!me || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.composedPath().some((target) => isTyping(target as EventTarget))) return;
    if (dialog) return; // the dialog handles its own keys
    const key = event.key.toLowerCase();
    if (key === '?') inbox.openDialog('shortcuts');
    else if (key === 'j' || key === 'k') {
      // From the focused option when focus is in the list (and focus follows), else from the open conversation.
      const active = (this.renderRoot as ShadowRoot).activeElement;
      const option = active?.closest('[part=conversation-list]') ? active!.id.slice('option-'.length) : undefined;
      inbox.setPage('inbox');
      inbox.list.move(key === 'j' ? 1 : -1, option ?? current?.id, option !== undefined);
    } else if (key === 'e' && current) inbox.conversation.toggleResolved();
    else if (key === 'r' && current) inbox.conversation.focusComposer('reply');
    else if (key === 'n' && current) inbox.conversation.focusComposer('note');
    else if (key === '/') {
      inbox.setPage('inbox');
      inbox.focus('#search');
    } else return;
    event.preventDefault();
  };

  #onVisibility = (): void => {
    if (!document.hidden) this.#inbox.visible();
  };

  #closeDialog = (): void => this.#inbox.closeDialog();

  // ---- rendering -------------------------------------------------------------------------------------------

  // Under the strings' object, so that a change of language (or of a page's strings) makes every view anew in it: a
  // feature's element reads its strings as it renders, and a region re-renders on the controller's changes only.
  // Their state is the controller's and stays (the open conversation, the page, the list).
  protected override render(): TemplateResult {
    return html`${keyed(this.strings, this.#renderShell())}`;
  }

  #renderShell(): TemplateResult {
    const inbox = this.#inbox;
    const { me, page: pageId, showThread, showVisitor, notices, error, dialog } = inbox.state;
    const s = this.strings;
    // Signed out: the sign-in page's chunk; not fetched while a kept token or the session cookie is being tried.
    if (!me) return inbox.state.signingIn && !customElements.get(SIGN_IN.tag) ? html`` : this.#renderPage(s, SIGN_IN);
    const page =
      ADMIN_PAGES.find((each) => each.id === pageId.split('/')[0] && canSee(each, me.role, me.permissions)) ??
      ADMIN_PAGES[0]!;
    // Signed in: the composer's and the visitor panel's chunks, while the list loads, so that the first conversation
    // opens with them (the sign-in page, a first load, needs neither).
    void definePage(ADMIN_PARTS.composer).catch(() => undefined);
    void definePage(ADMIN_PARTS.visitor).catch(() => undefined);
    return html`
      <div class="app ${showThread ? 'show-thread' : ''} ${showVisitor ? 'show-visitor' : ''}">
        ${this.#renderTopbar(s, me, page)}
        ${this.#renderPage(s, page)}
        <div class="notices" role="status" aria-live="polite">
          ${notices.map(
            (notice) =>
              html`<button type="button" class="notice" @click=${() => void inbox.conversation.open(notice.conversationId)}>${notice.text}</button>`,
          )}
        </div>
        ${
          error
            ? html`<div class="error-bar" role="alert">
              <span>${error}</span>
              <button type="button" class="ghost" @click=${() => inbox.dismissError()}>${s.close}</button>
            </div>`
            : nothing
        }
        ${dialog === 'shortcuts' ? this.#renderShortcuts(s) : nothing}
        ${dialog === 'settings' ? this.#renderPrefs() : nothing}
      </div>
    `;
  }

  /**
   * The page's element, from the page table, with `api`, `strings` and `inbox`, and the shell's `theme`: a page with
   * a shadow root of its own sets its palette from that attribute, as the shell does.
   */
  #renderPage(s: AdminStrings, page: AdminPage): TemplateResult {
    if (!customElements.get(page.tag)) {
      // Its chunk comes the first time the page is shown; render again once it is defined.
      definePage(page).then(
        () => this.requestUpdate(),
        (error: unknown) => this.#inbox.fail(error),
      );
      const waiting = html`<p class="page-loading" role="status">${s.loading}</p>`;
      return page.main === false ? waiting : html`<main class="page" aria-label=${s[page.label]}>${waiting}</main>`;
    }
    const tag = unsafeStatic(page.tag);
    const element = staticHtml`<${tag} theme=${this.theme} .api=${this.#inbox.api} .strings=${s} .inbox=${this.#inbox}></${tag}>`;
    return page.main === false ? element : html`<main class="page" aria-label=${s[page.label]}>${element}</main>`;
  }

  #renderTopbar(s: AdminStrings, me: StaffMe, shown: AdminPage): TemplateResult {
    const inbox = this.#inbox;
    return html`<header class="topbar" part="topbar">
      <strong class="brand">${me.site.name}</strong>
      <nav aria-label=${s.title}>
        ${ADMIN_PAGES.filter((page) => canSee(page, me.role, me.permissions)).map(
          (page) =>
            html`<button type="button" class="tab" aria-current=${page === shown ? 'page' : 'false'} @click=${() => inbox.setPage(page.id)}>
              ${s[page.label]}
            </button>`,
        )}
      </nav>
      ${this.#renderAvailability(s)}
      <span class="connection ${inbox.state.connection}" role="status"><span class="dot" aria-hidden="true"></span>${s.connection[inbox.state.connection]}</span>
      <button id="settings-button" type="button" class="ghost" @click=${() => inbox.openDialog('settings')}>
        ${bellIcon}<span class="button-label">${s.notifications}</span>
      </button>
      <button type="button" class="ghost" aria-keyshortcuts="?" @click=${() => inbox.openDialog('shortcuts')}>
        <span aria-hidden="true">?</span><span class="sr-only">${s.shortcuts}</span>
      </button>
      ${this.#renderAccount(s, me)}
    </header>`;
  }

  /**
   * The account menu (a disclosure): the signed-in name opens a list with the Account page and Sign out; Escape, a
   * choice or focus leaving it closes it.
   */
  #renderAccount(s: AdminStrings, me: StaffMe): TemplateResult {
    const close = (focus?: boolean): void => {
      this.#menu = false;
      if (focus) this.#inbox.focusTarget = '#account-button';
      this.requestUpdate();
    };
    return html`<div
      class="account"
      @keydown=${(event: KeyboardEvent) => event.key === 'Escape' && this.#menu && close(true)}
      @focusout=${(event: FocusEvent) => !(event.currentTarget as Element).contains(event.relatedTarget as Node) && close()}
    >
      <button id="account-button" type="button" class="ghost who" title=${me.role} aria-expanded=${this.#menu} aria-controls="account-menu" @click=${() => {
        this.#menu = !this.#menu;
        this.requestUpdate();
      }}>${me.name}</button>
      ${
        this.#menu
          ? html`<div id="account-menu" class="menu">
              <a href="#settings/account" @click=${(event: Event) => {
                event.preventDefault();
                close();
                this.#inbox.setPage('settings/account');
              }}>${s.account}</a>
              <button type="button" @click=${() => {
                close();
                this.signOut('user');
              }}>${s.signOut}</button>
            </div>`
          : nothing
      }
    </div>`;
  }

  /** The signed-in staff member's availability: a labelled select, so keyboards and screen readers get it for free. */
  #renderAvailability(s: AdminStrings): TemplateResult | typeof nothing {
    const current = this.#inbox.state.availability;
    if (current === undefined) return nothing;
    return html`<label class="availability ${current}"
      ><span class="dot" aria-hidden="true"></span><span class="sr-only">${s.availability}</span>
      <select
        id="availability"
        @change=${(event: Event) =>
          void this.#inbox.setAvailability((event.currentTarget as HTMLSelectElement).value as Availability)}
      >
        ${AVAILABILITIES.map((each) => html`<option value=${each} ?selected=${current === each}>${s.availabilities[each]}</option>`)}
      </select></label
    >`;
  }

  /** The Notifications dialog, whose chunk comes the first time it is opened. */
  #renderPrefs(): TemplateResult {
    if (!customElements.get(ADMIN_PARTS.prefs.tag))
      void definePage(ADMIN_PARTS.prefs).then(
        () => this.requestUpdate(),
        (error: unknown) => this.#inbox.fail(error),
      );
    return html`<chat-admin-prefs .inbox=${this.#inbox} .notifier=${this.notifier}></chat-admin-prefs>`;
  }

  #renderShortcuts(s: AdminStrings): TemplateResult {
    return html`<dialog aria-labelledby="shortcuts-title" @close=${this.#closeDialog} @cancel=${this.#closeDialog}>
      <h2 id="shortcuts-title">${s.shortcuts}</h2>
      <dl class="shortcut-list">
        ${s.shortcutList.map(([keys, what]) => html`<div><dt><kbd>${keys}</kbd></dt><dd>${what}</dd></div>`)}
      </dl>
      <form method="dialog"><button class="primary" autofocus>${s.close}</button></form>
    </dialog>`;
  }
}
