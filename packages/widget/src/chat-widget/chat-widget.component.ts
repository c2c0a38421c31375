// Over 500 lines on purpose: the visitor's widget is one element whose regions (launcher, panel, messages, and the
// composer or a form in its footer) render from one client's state; elements of their own would add shadow roots and
// bytes to the 30 kB budget. It keeps the binding to its client and the views. Beside it: the composer (composer.ts:
// the message form, typing, files picked or pasted), the parts fetched when first needed (lazy-parts.ts: automation
// UI, attachments, the pre-chat and leave-a-message forms, the emoji picker), the visitor's session (visitor-session.ts:
// storage, profile, the page-wide client), the message rows (message-view.ts), icons, styles, strings, the client
// registry and links. Import order is bundle order: this one keeps the chat's first open smallest (measured for
// issue #35).
import { inTimeOrder } from '@parley/protocol';
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ConnectionState, LocalMessage, WelcomeFrame } from '@parley/sdk';
import { generation, storageBase, visitorClient, type Profile } from './visitor-session.js';
import { SoundSwitch } from '@parley/sdk/sound';
import { chatEvent } from '../events/chat-events.js';
import { messageRow, welcomeRow } from './message-view.js';
import { loadLocale, missingLocale } from '../i18n/built-in.js';
import { resolveLocale, type ResolvedLocale } from '../i18n/i18n.js';
import type { withOverrides } from './string-overrides.js';
import { dropClient, readStored, siteStorageKey, writeStored, type ChatClient } from './client-registry.js';
import { hoursNow, quickReplies } from './automation-parts.js';
import { instanceCss } from './launcher.styles.js';
import { icon, icons } from './icons.js';
import { LOCATION_CHANGE, pageContext, watchLocation } from './page-context.js';
import { chatWidgetStyles } from './chat-widget.styles.js';
import { takeLinkToken } from './link-token.js';
import { Composer } from './composer.js';
import { LazyParts } from './lazy-parts.js';
import * as parts from './parts.js';

/** A visitor the site's backend vouches for: `hash` is HMAC-SHA256(identity secret, id), hex. */
export interface ChatIdentity {
  id: string;
  hash: string;
  name?: string;
  email?: string;
  /**
   * The contact's custom attributes by key (`plan`, `seats`…; docs/attributes.md). Unsigned, they are stored as
   * the visitor's unverified claim; with `attributesHash` (your backend's HMAC of them) they count as verified.
   */
  attributes?: Record<string, string | number | boolean | null>;
  /** HMAC-SHA256(identity secret, the attributes' signing text), hex, made by your backend. */
  attributesHash?: string;
  /** HMAC-SHA256(identity secret, `emailSigningText(id, email)`), hex: `email` then counts as your word (merge.md). */
  emailHash?: string;
  /**
   * The company the user belongs to (docs/companies.md): your id of it, its name and attributes. Unsigned, it is the
   * visitor's claim; with `companyHash` (your backend's HMAC of it) it is your word.
   */
  company?: { id: string; name?: string; attributes?: Record<string, string | number | boolean | null> };
  /** HMAC-SHA256(identity secret, `companySigningText(id, company)`), hex, made by your backend. */
  companyHash?: string;
}

type OpenReason = 'user' | 'api';

/**
 * Parley's website chat: a launcher button and a chat panel, in a shadow root, talking to a Parley relay.
 *
 * Add it with the one-line loader (`<script src="https://RELAY/widget.js" data-site-key="…" async>`) or from npm
 * (`import '@parley/widget'`, then `<chat-widget relay="wss://RELAY/v1/ws" site-key="…">`). Several elements
 * for the same relay, site and identity share one connection, and the connection outlives the element, so an
 * SPA that re-renders or swaps the body neither loses the conversation nor opens a second socket.
 *
 * @summary Website chat: launcher, panel, pre-chat and leave-a-message forms, offline queue, typing, receipts.
 *
 * @event chat-ready - The element is bound to a client. `detail: { siteKey, conversationId }`.
 * @event chat-open - The panel opened. `detail: { reason: 'user' | 'api' }`.
 * @event chat-close - The panel closed. `detail: { reason: 'user' | 'api' }`.
 * @event chat-message - A message entered the timeline. `detail: { message: LocalMessage }`.
 * @event chat-unread-change - The unread count changed. `detail: { count }`.
 *
 * @csspart launcher - The round button that opens and closes the panel.
 * @csspart badge - The unread count on the launcher.
 * @csspart panel - The chat dialog.
 * @csspart header - The panel's title bar (site name, presence, sound and close buttons).
 * @csspart title - The site name.
 * @csspart help-button - The header's button to the Help tab (with the `help` attribute).
 * @csspart help - The Help tab: the search, the articles, an article, and "Chat with us".
 * @csspart help-article - An article read in the Help tab.
 * @csspart help-suggestions - Articles suggested above the composer while the visitor types a first message.
 * @csspart presence - "We're online" / "We'll reply by email" (or, when the relay sends no email, "We'll reply here").
 * @csspart menu-button - The header's menu button (shown when the relay sends email, once the conversation has a message).
 * @csspart menu - Its menu; `menu-item` on each entry ("Email me this conversation").
 * @csspart sound-button - The sound switch.
 * @csspart close-button - The close button in the header.
 * @csspart banner - The offline notice; also `notice` for what a transcript request or an email's link came to.
 * @csspart message-list - The scrolling message log.
 * @csspart message - Every message row; also `message-mine` or `message-theirs`.
 * @csspart bubble - The text of a message.
 * @csspart sources - Under an AI answer: "Sources", the help-center articles it drew on, as links.
 * @csspart typing - The typing indicator.
 * @csspart composer - The message form.
 * @csspart input - The message text area.
 * @csspart send-button - The send button.
 * @csspart form - The pre-chat and leave-a-message forms.
 * @csspart email-ask - "Get notified by email": the card in the message log that asks for the visitor's email when a
 *   live answer is unlikely (nobody available, out of hours, no reply within the site's wait), or from the menu.
 * @csspart emoji-button - The composer's emoji button; `emoji-picker` is its grid of emoji while open (fetched on the
 *   first click).
 * @csspart attach-button - The composer's paper-clip (on a site that accepts files).
 * @csspart pending-files - The files chosen, pasted or dropped, waiting above the composer.
 * @csspart drop-target - What covers the panel while files are dragged over it.
 * @csspart thumbnail - An image of a message (a button that opens the lightbox).
 * @csspart file-card - A document of a message: name, type, size and a download button.
 * @csspart file-error - Why a message's file was not sent.
 * @csspart file-refused - Files refused when picked, pasted or dropped (too large, a type the site does not take), and why.
 * @csspart lightbox - The full image, a modal dialog.
 * @csspart safety-warning - Under the composer, on a site that hides sensitive data: "This looks like a card number.
 *   We'll hide it." (empty until it says something).
 * @csspart refusal - Beside a message the site refused (`content_refused`, `blocked`): the relay's words.
 *
 * @cssproperty --chat-accent - Brand color of the launcher, header and own messages. Default `#2563eb` (or the `accent` attribute).
 * @cssproperty --chat-accent-contrast - Text on the accent. Default: black or white, whichever contrasts more.
 * @cssproperty --chat-bg - Panel background.
 * @cssproperty --chat-fg - Panel text.
 * @cssproperty --chat-muted - Secondary text (times, statuses).
 * @cssproperty --chat-surface - Background of the other side's messages.
 * @cssproperty --chat-border - Borders and separators.
 * @cssproperty --chat-banner-bg - Offline notice background.
 * @cssproperty --chat-banner-fg - Offline notice text.
 * @cssproperty --chat-radius - Panel corner radius. Default `16px`.
 * @cssproperty --chat-font - Font family. Default: the system UI font.
 * @cssproperty --chat-width - Panel width. Default `380px`.
 * @cssproperty --chat-height - Panel height. Default `620px` (never taller than the viewport).
 * @cssproperty --chat-launcher-size - Launcher diameter. Default `56px`.
 * @cssproperty --chat-offset-x - Distance from the side of the viewport. Default `20px` (or the `offset` attribute).
 * @cssproperty --chat-offset-y - Distance from the bottom. Default `20px` (or the `offset` attribute).
 * @cssproperty --chat-z-index - Stacking order. Default `2147483000` (or the `z-index` attribute).
 */
export class ChatWidget extends LitElement {
  static override styles = chatWidgetStyles;

  static override properties = {
    relay: { type: String },
    siteKey: { type: String, attribute: 'site-key' },
    siteName: { type: String, attribute: 'site-name' },
    accent: { type: String },
    prechat: { type: String },
    help: { type: Boolean },
    consentVersion: { type: String, attribute: 'consent-version' },
    position: { type: String, reflect: true },
    offset: { type: String },
    zIndex: { type: String, attribute: 'z-index' },
    theme: { type: String, reflect: true },
    locale: { type: String },
    opened: { type: Boolean, reflect: true, attribute: 'open' },
    client: { attribute: false },
    identity: { attribute: false },
    _messages: { state: true },
    _connection: { state: true },
    _staffOnline: { state: true },
    _unread: { state: true },
    _typing: { state: true },
    _hasMore: { state: true },
    _loadingEarlier: { state: true },
    _profile: { state: true },
    _muted: { state: true },
    _online: { state: true },
    _fatal: { state: true },
    _empty: { state: true },
    _notice: { state: true },
    _hours: { state: true },
    _welcome: { state: true },
  };

  /** The relay's WebSocket endpoint, e.g. `wss://chat.example.com/v1/ws`. The loader derives it from its `src`. */
  declare relay: string | undefined;
  /** The site's public key (`pk_…`). */
  declare siteKey: string | undefined;
  /** Title of the panel. Default: the site name the relay sends. */
  declare siteName: string | undefined;
  /** Accent color (any CSS color). A page's `--chat-accent` wins over it. */
  declare accent: string | undefined;
  /** Pre-chat form (name, email, consent): `off` (default), `optional` (can be skipped) or `required`. */
  declare prechat: 'off' | 'optional' | 'required';
  /**
   * A Help tab (search and read the site's help-center articles in the panel), and articles suggested while the
   * visitor types a first message. The site's loader sets it once the site has a published article.
   */
  declare help: boolean;
  /**
   * Names the pre-chat consent text, e.g. `privacy-2026-01`: the relay records it, with the time, when a visitor
   * ticks the box (staff see it on the contact). Default: a hash of the text shown, so a changed text is a new
   * version.
   */
  declare consentVersion: string | undefined;
  /** Side of the viewport: `right` (default) or `left`. */
  declare position: 'right' | 'left';
  /** Distance from the viewport's edges: `"20"`, `"20px"`, or `"20px 90px"` (side, then bottom). */
  declare offset: string | undefined;
  /** CSS z-index of the launcher and panel. */
  declare zIndex: string | undefined;
  /** `light` (default), `dark`, or `auto` (follows the visitor's system). */
  declare theme: 'light' | 'dark' | 'auto';
  /** Language tag (`en`, `fr`, `es`, `ar`, …). Default: the browser's languages. */
  declare locale: string | undefined;
  /** Whether the panel is open (attribute `open`). Setting it opens or closes without events or focus moves. */
  declare opened: boolean;
  /**
   * The client to use instead of a page-wide one made from `relay` and `site-key`. The element never closes a
   * client it was given.
   */
  declare client: ChatClient | undefined;
  /** The identified visitor (see {@link ChatWidget.identify}); may be set before the element is defined. */
  declare identity: ChatIdentity | undefined;

  declare private _messages: readonly LocalMessage[];
  declare private _connection: ConnectionState;
  declare private _staffOnline: number;
  declare private _unread: number;
  declare private _typing: string | undefined;
  declare private _hasMore: boolean | undefined;
  declare private _loadingEarlier: boolean;
  declare private _profile: Profile;
  declare private _muted: boolean;
  declare private _online: boolean;
  declare private _fatal: string | undefined;
  declare private _empty: boolean;
  declare private _notice: string | undefined;
  /** The site's business hours, as the last welcome said (protocol 2). */
  declare private _hours: WelcomeFrame['hours'];
  /**
   * The relay's last welcome: the site's name, its welcome message in the visitor's language and how fast it
   * typically replies (protocol 2).
   */
  declare private _welcome: WelcomeFrame | undefined;
  /** Re-renders when the business hours change (open ↔ closed). */
  #hoursTimer: ReturnType<typeof setTimeout> | undefined;

  #client: ChatClient | undefined;
  #clientKey: string | undefined;
  /** The visitor token a link from an email granted on this page (see `#followLink`). */
  #linkedToken: string | undefined;
  #unsubscribe: (() => void)[] = [];
  readonly #parts = new LazyParts(this, () => this.#client, {
    known: () => this.#emailKnown(),
    say: (notice, email) => this.#say(notice, email),
    follow: (token) => this.#follow(token),
  });
  #sound: SoundSwitch | undefined;
  #sheet: CSSStyleSheet | undefined;
  #focusOnRender: 'input' | 'launcher' | undefined;
  readonly #composer = new Composer(
    () => this.#client,
    this.#parts,
    () => (this.#stickToBottom = true),
  );
  #typingTimer: ReturnType<typeof setTimeout> | undefined;
  #stickToBottom = true;
  #lastHref = '';
  #markedConversation: boolean | undefined;
  /** The relay, site key, client and identity the element was last bound with (nothing before the first bind). */
  #boundTo: unknown[] = [];

  constructor() {
    super();
    this.prechat = 'off';
    this.position = 'right';
    this.theme = 'light';
    this.opened = false;
    this._messages = [];
    this._connection = 'idle';
    this._staffOnline = 0;
    this._unread = 0;
    this._loadingEarlier = false;
    this._profile = {};
    this._muted = false;
    this._online = true;
    this._empty = true;
  }

  // ---- public API ------------------------------------------------------------------------------------------

  /** Shows the launcher again after {@link ChatWidget.hide}. */
  show(): void {
    this.hidden = false;
  }

  /** Hides the launcher and the panel (the connection stays). */
  hide(): void {
    this.hidden = true;
  }

  /** The visitor's conversation id, once the relay has welcomed them. */
  get conversationId(): string | undefined {
    return this.#client?.conversationId;
  }

  /**
   * Opens the panel. Focus moves into it only when the visitor just acted (a click on the page's own "Chat
   * with us" button counts, through `navigator.userActivation`), so `Parley('open')` on page load never steals
   * focus.
   */
  open(reason: OpenReason = navigator.userActivation?.isActive ? 'user' : 'api'): void {
    if (this.opened) return;
    this.opened = true;
    this.#sound?.unlock();
    this.#client?.setOpen(true);
    if (reason === 'user') this.#focusOnRender = 'input';
    this.dispatchEvent(chatEvent('chat-open', { reason }));
  }

  /** Closes the panel. From a user action, focus returns to the launcher. */
  close(reason: OpenReason = 'api'): void {
    if (!this.opened) return;
    this.opened = false;
    this.#client?.setOpen(false);
    if (reason === 'user' || this.shadowRoot?.activeElement) this.#focusOnRender = 'launcher';
    this.dispatchEvent(chatEvent('chat-close', { reason }));
  }

  /** Opens the panel if it is closed, closes it otherwise. */
  toggle(reason: OpenReason = 'api'): void {
    if (this.opened) this.close(reason);
    else this.open(reason);
  }

  /**
   * Identifies the visitor with a hash made by the site's backend; the relay refuses a hash that does not match.
   * Reconnects as that user (each user has its own stored conversation).
   *
   * @example el.identify({ id: 'u_42', hash: '9f8e…', name: 'Ada', email: 'ada@example.com' })
   */
  identify(user: ChatIdentity): void {
    this.identity = { ...user };
  }

  /** Switches the language (`en`, `fr`, `es`, `ar`, or one added with `registerLocale`). */
  setLocale(tag: string): void {
    this.locale = tag;
  }

  /**
   * Forgets the visitor on this browser (call it on logout): closes the connection, drops the identity and the
   * pre-chat profile, and starts as a new anonymous visitor.
   */
  reset(): void {
    const key = storageBase(this);
    if (this.#clientKey) dropClient(this.#clientKey);
    this.#client = undefined;
    this.identity = undefined;
    writeStored(`${key}:profile`, undefined);
    writeStored(siteStorageKey(this.siteKey, 'generation'), generation(this.siteKey) + 1);
    writeStored(siteStorageKey(this.siteKey, 'open'), undefined, 'session');
    this.#markConversation(false);
    this.opened = false;
    this.#bind();
  }

  // ---- lifecycle -------------------------------------------------------------------------------------------

  /**
   * The script-tag loader draws a stand-in launcher in this element's shadow root before the element is defined
   * (see `loader/facade.ts`). Lit renders into an existing shadow root, so clear it first: this runs while the
   * element upgrades and the first render follows in a microtask, so no frame shows neither launcher. Keyboard
   * focus on the stand-in moves to the real launcher.
   */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const standIn = this.shadowRoot;
    if (standIn) {
      if (standIn.activeElement) this.#focusOnRender = 'launcher';
      standIn.replaceChildren();
    }
    return super.createRenderRoot();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    watchLocation();
    window.addEventListener(LOCATION_CHANGE, this.#onLocation);
    window.addEventListener('online', this.#onNetwork);
    window.addEventListener('offline', this.#onNetwork);
    document.addEventListener('visibilitychange', this.#onVisibility);
    this._online = navigator.onLine;
    // On the first connection lit has not yet put back properties set before the element was defined (the
    // loader's `client` or `identity`): binding now would open a throwaway connection. The first update binds.
    if (this.hasUpdated) this.#bind();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener(LOCATION_CHANGE, this.#onLocation);
    window.removeEventListener('online', this.#onNetwork);
    window.removeEventListener('offline', this.#onNetwork);
    document.removeEventListener('visibilitychange', this.#onVisibility);
    // The client stays open: an SPA may put this element (or a new one) back, and must find the conversation.
    this.#unbind();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const [relay, siteKey, client, identity] = this.#boundTo;
    const changedBinding =
      relay !== this.relay || siteKey !== this.siteKey || client !== this.client || identity !== this.identity;
    if (this.isConnected && changedBinding) this.#bind();
    if (changed.has('opened')) {
      writeStored(siteStorageKey(this.siteKey, 'open'), this.opened || undefined, 'session');
      if (this.opened) this.#markRead();
    }
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('accent') || changed.has('offset') || changed.has('zIndex')) this.#applyInstanceStyles();
    const root = this.renderRoot as ShadowRoot;
    if (this.#focusOnRender) {
      const target =
        this.#focusOnRender === 'launcher'
          ? root.querySelector<HTMLElement>('.launcher')
          : root.querySelector<HTMLElement>('.panel form textarea, .panel form input');
      this.#focusOnRender = undefined;
      target?.focus();
    }
    const log = root.querySelector('.log');
    if (log && this.#stickToBottom && (changed.has('_messages') || changed.has('opened'))) {
      log.scrollTop = log.scrollHeight;
    }
  }

  // ---- binding to a client ---------------------------------------------------------------------------------

  /** Tells the script-tag loader, on the next page, whether to load the element before the visitor asks. */
  #markConversation(has: boolean): void {
    if (this.#markedConversation === has) return;
    this.#markedConversation = has;
    writeStored(siteStorageKey(this.siteKey, 'conversation'), has);
  }

  #bind(): void {
    this.#unbind();
    if (!this.isConnected) return;
    this.#boundTo = [this.relay, this.siteKey, this.client, this.identity];
    const base = storageBase(this);
    this._profile = readStored<Profile>(`${base}:profile`) ?? {};
    if (readStored<boolean>(siteStorageKey(this.siteKey, 'open'), 'session') && !this.opened) this.open('api');
    let client = this.client;
    if (!client && this.relay) {
      [client, this.#clientKey] = visitorClient(
        this.relay,
        this,
        base,
        this._profile,
        this.#linkedToken,
        this.#clientKey,
        () => this.#locale().tag,
      );
    }
    this.#client = client;
    if (!client) return;
    // The chimes' notes come the first time one plays; the unlock on a gesture and the mute switch are here.
    this.#sound ??= new SoundSwitch({
      storageKey: siteStorageKey(this.siteKey),
      chimes: () => parts.chime().then(({ playChime }) => playChime),
    });
    this._muted = this.#sound.muted;
    this.#unsubscribe = [
      client.on('message', (message) => {
        this.#markConversation(true);
        this.#refresh();
        this.dispatchEvent(chatEvent('chat-message', { message }));
        if (!message.mine && message.kind !== 'note') {
          // Their answer came: a person's or the bot's (which typed while the AI agent worked) is no longer typing.
          if (message.author.role !== 'visitor') this._typing = undefined;
          // One tab of the browser (the SDK's leader) plays the chime, not every open tab.
          if ((!this.opened || document.hidden) && client.leader)
            this.#sound?.play(message.kind === 'broadcast' ? 'broadcast' : 'message');
          this.#markRead();
        }
      }),
      client.on('messageStatus', () => this.#refresh()),
      // A staff member edited or deleted a message (the client changed the one it holds).
      client.on('messageUpdate', () => this.#refresh()),
      client.on('stateChange', ({ current }) => {
        this._connection = current;
      }),
      client.on('welcome', (welcome) => {
        this._welcome = welcome;
        this._staffOnline = welcome.staffOnline;
        this.#setHours(welcome.hours);
        this._fatal = undefined;
        // A site that hides sensitive data: the composer warns of it (its part fetched when the visitor types).
        this.#parts.hides = welcome.safety?.hides;
        this.#refresh();
        // A reload resumes after the last message seen: the log shows the conversation's newest page, not nothing.
        if ((welcome.lastSeq ?? 0) > 0 && !this._messages.some((m) => m.seq !== undefined)) this.#newestPage();
        this.#markConversation((welcome.lastSeq ?? 0) > 0 || !this._empty);
        this.#markRead();
      }),
      client.on('presence', (presence) => {
        if ('staffOnline' in presence) this._staffOnline = presence.staffOnline;
      }),
      // The site's hours changed while connected: the header follows without a reload.
      client.on('hours', ({ hours }) => this.#setHours(hours)),
      client.on('typing', ({ author, active }) => {
        if (author.role === 'visitor') return;
        clearTimeout(this.#typingTimer);
        this._typing = active ? (author.name ?? this.#title()) : undefined;
        // The SDK expires remote typing itself; this is a safety net should a stop ever be lost.
        if (active) this.#typingTimer = setTimeout(() => (this._typing = undefined), 10_000);
      }),
      client.on('unreadChange', ({ count }) => {
        this._unread = count;
        this.dispatchEvent(chatEvent('chat-unread-change', { count }));
      }),
      client.on('openChange', ({ open, local }) => {
        if (!local) this.opened = open;
      }),
      client.on('error', ({ message, fatal }) => {
        if (fatal) this._fatal = message;
      }),
    ];
    this._connection = client.state;
    this._staffOnline = client.staffOnline;
    this._unread = client.unreadCount;
    this.#refresh();
    this.#lastHref = location.href;
    client.connect();
    this.dispatchEvent(chatEvent('chat-ready', { siteKey: this.siteKey, conversationId: client.conversationId }));
    const token = takeLinkToken();
    if (token && this.relay) void this.#followLink(this.relay, token);
  }

  /** A link from an email: continue as the visitor it was sent to, in their conversation, with the chat open. */
  async #followLink(relay: string, token: string): Promise<void> {
    // A part of its own (parts.ts): only a page opened from an email's link needs it.
    const { exchangeLink, linkNotice } = await parts.visitorLink();
    const session = await exchangeLink(relay, token);
    if (typeof session === 'object') this.#follow(session.visitorToken);
    else this._notice = linkNotice(session, this.#locale().strings);
    this.open('api');
  }

  /**
   * Continues as the visitor `token` names, in its conversation (a link from an email, the reply it was about; a
   * past conversation continued): a client of their own (the SDK keeps their token for the next visits), showing the
   * conversation's newest page.
   */
  #follow(token: string): void {
    this.#linkedToken = token;
    this.#bind();
    this.#markConversation(true);
    this.#newestPage();
  }

  /** Shows the conversation's newest page of history (offline or refused: the log stays as it is). */
  #newestPage(): void {
    this.#client?.loadEarlier().then(
      ({ hasMore }) => {
        this._hasMore = hasMore;
        this.#refresh();
      },
      () => undefined,
    );
  }

  /** Whether the visitor's email is known: given in a form or the card, or the identity's. */
  #emailKnown(): boolean {
    return !!(this._profile.email || this.identity?.email);
  }

  /** A notice of the email part; with the email given in its card, kept in the profile as the forms' are. */
  #say(notice: string, email?: string): void {
    this._notice = notice;
    if (email) writeStored(`${storageBase(this)}:profile`, (this._profile = { ...this._profile, email }));
  }

  #unbind(): void {
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    this.#parts.disconnect();
    clearTimeout(this.#typingTimer);
    clearTimeout(this.#hoursTimer);
  }

  /** Keeps the business hours, and renders again when they change (timers past ~24 days are not kept). */
  #setHours(hours: WelcomeFrame['hours']): void {
    clearTimeout(this.#hoursTimer);
    this._hours = hours;
    const wait = hours?.until === undefined ? undefined : hours.until - Date.now();
    if (wait !== undefined && wait > 0 && wait < 2 ** 31) {
      this.#hoursTimer = setTimeout(() => (this._hours = hoursNow(hours, Date.now())), wait);
    }
  }

  /** A quick reply: the label as the visitor's message, naming the button (`reply`) when it has an id. */
  #onQuickReply = (label: string, reply?: { seq: number; id: string }): void => {
    this.#stickToBottom = true;
    void (reply ? this.#client?.choose(reply.seq, reply.id, label) : this.#client?.send(label));
  };

  #onRate = (seq: number, score: number, comment: string): void => {
    this.#stickToBottom = true;
    void this.#client?.rate(seq, score, comment);
  };

  #refresh(): void {
    const client = this.#client;
    if (!client) return;
    // A message whose files were all cancelled is gone (`Attachments.cancel`).
    const messages = client.messages().filter((m) => m.kind !== 'note' && m.files?.length !== 0);
    if (messages.some((m) => m.files || m.attachments)) this.#parts.attachments();
    // A merged conversation in the order it was written (docs/merge.md); any other as it is.
    this._messages = inTimeOrder(messages);
    this._empty = messages.length === 0;
    if (this._hasMore === undefined || messages.length === 0) {
      const first = messages.find((m) => m.seq !== undefined)?.seq;
      this._hasMore = first !== undefined ? first > 1 : undefined;
    }
  }

  #markRead(): void {
    if (this.opened && !document.hidden && this.#client && this._messages.some((m) => !m.mine)) this.#client.markRead();
  }

  #onLocation = (): void => {
    if (location.href === this.#lastHref) return;
    this.#lastHref = location.href;
    this.#client?.updateContext(pageContext(this.#locale().tag));
  };

  #onNetwork = (): void => {
    this._online = navigator.onLine;
  };

  #onVisibility = (): void => {
    this.#markRead();
  };

  #applyInstanceStyles(): void {
    const root = this.renderRoot as ShadowRoot;
    if (!('adoptedStyleSheets' in root)) return;
    const rules = instanceCss(this.accent, this.offset, this.zIndex);
    if (!this.#sheet) {
      if (!rules) return;
      this.#sheet = new CSSStyleSheet();
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, this.#sheet];
    }
    // A constructed stylesheet, not a style attribute: CSP's style-src does not apply to it.
    this.#sheet.replaceSync(rules);
  }

  #locale(): ResolvedLocale {
    const preferred = [this.locale, ...navigator.languages];
    // A language chosen after the element was defined (the `locale` attribute changed), not fetched yet: English
    // until it comes, then again in that language.
    if (missingLocale(preferred)) void loadLocale(preferred).then(() => this.requestUpdate());
    // The site's own words over the locale's (welcome.strings), applied by a part of their own (parts.ts), fetched the
    // first time a welcome carries some: the locale's words until it comes, then again with the site's.
    const words = this._welcome?.strings;
    if (words && !this.#words)
      void parts.words().then(({ withOverrides }) => {
        this.#words = withOverrides;
        this.requestUpdate();
      });
    return words && this.#words ? this.#words(resolveLocale(preferred), words) : resolveLocale(preferred);
  }

  /** The site's words' applier, once its part has come. */
  #words: typeof withOverrides | undefined;

  #title(): string {
    return this.siteName || this._welcome?.site.name || 'Chat';
  }

  // ---- user actions ----------------------------------------------------------------------------------------

  #onLauncher = (): void => {
    this.#sound?.unlock();
    this.toggle('user');
  };

  #onKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      this.close('user');
    }
  };

  #onSound = (): void => {
    const sound = this.#sound;
    if (!sound) return;
    sound.unlock();
    sound.setMuted(!sound.muted);
    this._muted = sound.muted;
  };

  #onScroll = (event: Event): void => {
    const log = event.currentTarget as HTMLElement;
    this.#stickToBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  };

  #onLoadEarlier = async (): Promise<void> => {
    const client = this.#client;
    if (!client || this._loadingEarlier) return;
    const log = this.renderRoot.querySelector('.log');
    const fromBottom = log ? log.scrollHeight - log.scrollTop : 0;
    this._loadingEarlier = true;
    try {
      const { hasMore } = await client.loadEarlier();
      this._hasMore = hasMore;
      this.#stickToBottom = false;
      this.#refresh();
      await this.updateComplete;
      if (log) log.scrollTop = log.scrollHeight - fromBottom;
      if (!hasMore) (log as HTMLElement | null)?.focus();
    } catch {
      // Offline or aborted: the button stays, the visitor can try again.
    } finally {
      this._loadingEarlier = false;
    }
  };

  /** Pre-chat and leave-a-message forms: keep the profile, reconnect with it, send the first message if any. */
  #onProfile = (event: SubmitEvent): void => {
    event.preventDefault();
    // The form came with its part: it is there to read it.
    const [profile, text] = this.#parts
      .forms()!
      .profile(
        event.currentTarget as HTMLFormElement,
        this._profile,
        this.consentVersion,
        () => this.#locale().strings,
      );
    writeStored(`${storageBase(this)}:profile`, profile);
    this.#focusOnRender = 'input';
    this.#bind();
    if (text) void this.#client?.send(text);
  };

  #onSkip = (): void => {
    // Written as the email part's notice writes it (one shape, which the bundle's compression finds twice).
    writeStored(`${storageBase(this)}:profile`, (this._profile = { ...this._profile, done: true }));
    this.#focusOnRender = 'input';
  };

  // ---- rendering -------------------------------------------------------------------------------------------

  protected override render(): TemplateResult {
    const { strings: s, tag, dir } = this.#locale();
    return html`
      <div dir=${dir} lang=${tag} @keydown=${this.#onKeydown}>
        <section
          id="panel"
          class="panel"
          part="panel"
          role="dialog"
          aria-modal="false"
          aria-labelledby="title"
          ?hidden=${!this.opened}
          @dragover=${this.#parts.drag}
          @dragleave=${this.#parts.drag}
          @drop=${this.#parts.drag}
        >
          ${this.opened ? this.#renderPanel(s, tag) : nothing}
        </section>
        <button
          class="launcher"
          part="launcher"
          type="button"
          aria-label=${this.opened ? s.closeChat : s.openChat(this._unread)}
          aria-expanded=${this.opened ? 'true' : 'false'}
          aria-controls="panel"
          @click=${this.#onLauncher}
        >
          ${icon(this.opened ? icons.close : icons.chat)}
          ${
            this._unread > 0 && !this.opened
              ? html`<span class="badge" part="badge" aria-hidden="true">${this._unread > 99 ? '99+' : this._unread}</span>`
              : nothing
          }
        </button>
      </div>
    `;
  }

  #renderPanel(s: ResolvedLocale['strings'], tag: string): TemplateResult {
    const online = this._staffOnline > 0;
    const offline = !this._online || this._connection === 'reconnecting';
    const now = Date.now();
    const hours = hoursNow(this._hours, now);
    // Out of hours, "back …" is worded by the automation part: "We're away" until it comes.
    const closed =
      hours && !hours.open ? (this.#parts.automation()?.closed(hours, s, tag, now) ?? s.closed) : undefined;
    // The site's welcome (the inbox's, its one source) shown first stands for the one the relay stored after the
    // visitor's first message: what the visitor saw is what staff see.
    const welcome = this._welcome;
    const greeting = welcome?.greeting;
    const messages = greeting ? this._messages.filter((m) => m.automation !== 'welcome') : this._messages;
    const replies = quickReplies(messages);
    const files = this.#parts.files?.strings(s);
    const help = this.help ? this.#parts.help() : undefined;
    return html`
      <header part="header">
        <div class="heading">
          <h2 id="title" part="title">${this.#title()}</h2>
          <p class="presence" part="presence">
            <span class="dot ${online && !closed ? 'on' : ''}" aria-hidden="true"></span>
            ${
              this._connection === 'open' || this._connection === 'reconnecting'
                ? (closed ??
                  (online
                    ? // How fast the site typically replies (the phrase of its bucket), else "We're online": out of
                      // hours and with nobody online, those states say it instead.
                      s.replyIn?.[[600, 3600, 21600, 86400].indexOf(welcome?.replySeconds as number)] || s.online
                    : this._welcome?.email === false
                      ? s.awayNoEmail
                      : s.away))
                : s.connecting
            }
          </p>
        </div>
        ${this.#parts.history(this._welcome?.lastSeq)?.render(s, tag)}
        ${this._welcome?.email && !this._empty ? this.#parts.email(true)?.menu(s) : nothing}
        ${help?.button(s)}
        <button
          class="icon-button"
          part="sound-button"
          type="button"
          role="switch"
          aria-checked=${this._muted ? 'false' : 'true'}
          aria-label=${s.sound}
          title=${this._muted ? s.soundOff : s.soundOn}
          @click=${this.#onSound}
        >
          ${icon(this._muted ? icons.soundOff : icons.soundOn)}
        </button>
        <button class="icon-button" part="close-button" type="button" aria-label=${s.closeChat} @click=${() => this.close('user')}>
          ${icon(icons.close)}
        </button>
      </header>
      ${
        this._fatal
          ? html`<p class="banner" part="banner" role="alert">${this._fatal}</p>`
          : offline
            ? html`<p class="banner" part="banner" role="status">
              ${s.offline}${this.#client?.storageKind === 'memory' ? html` ${s.notSaved}` : nothing}
            </p>`
            : this._notice
              ? html`<p class="banner" part="banner notice" role="status">${this._notice}</p>`
              : nothing
      }
      ${
        help?.open
          ? help.view(s)
          : html`
      <div class="log" part="message-list" role="log" aria-live="polite" aria-label=${s.messages} tabindex="0" @scroll=${this.#onScroll}>
        ${
          this._hasMore
            ? html`<button class="earlier" type="button" ?disabled=${this._loadingEarlier} @click=${this.#onLoadEarlier}>
              ${this._loadingEarlier ? s.loading : s.loadEarlier}
            </button>`
            : nothing
        }
        ${
          // The site's greeting; before the first message of a site without one, the widget's own.
          greeting || this._empty ? welcomeRow(greeting?.text ?? s.hello, greeting?.name, this.#title()) : nothing
        }
        ${repeat(
          messages,
          (m) => m.clientId,
          (m, i) =>
            messageRow(
              m,
              messages[i - 1],
              s,
              tag,
              this.#title(),
              m.files || m.attachments ? this.#parts.files?.message(m, tag) : nothing,
              // A rating request or an AI answer with its sources: the automation part says what goes under it.
              m.automation === 'csat' || m.sources
                ? this.#parts.automation()?.under(m, s, this._messages, this.#onRate)
                : nothing,
              m.editedAt ? this.#parts.automation()?.changed(m, s) : nothing,
            ),
        )}
        ${replies ? (this.#parts.automation()?.quickReplies(replies, s, this.#onQuickReply) ?? nothing) : nothing}
        ${
          // "Get notified by email", fetched once the visitor wrote without a known email; it says when it is due.
          this._welcome?.email
            ? this.#parts.email(!this.#emailKnown() && this._messages.some((m) => m.mine))?.card(s, !online || !!closed)
            : nothing
        }
      </div>
      <div class="typing" part="typing">${this._typing ? s.typing(this._typing) : nothing}</div>
      ${this.#renderFooter(s, tag)} ${files?.overlay()}`
      }
    `;
  }

  #renderFooter(s: ResolvedLocale['strings'], tag: string): TemplateResult | typeof nothing {
    const profile = this._profile;
    const identified = this.identity !== undefined;
    // The site's form, when its welcome has one for this visitor now, comes before the embed's attribute (the part
    // reads it from the client's welcome).
    if ((this._welcome?.prechat || (!identified && this.prechat !== 'off')) && !profile.done && this._empty) {
      return this.#parts.forms()?.prechat(s, profile, this, this.#onProfile, this.#onSkip) ?? nothing;
    }
    const away = this._connection === 'open' && this._staffOnline === 0;
    // A relay that sends no email cannot promise a reply by email: the visitor just writes.
    if (away && this._welcome?.email !== false && this._empty && !identified && !profile.email) {
      return this.#parts.forms()?.away(s, this.#onProfile) ?? nothing;
    }
    return this.#composer.render(s, tag);
  }
}
