import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ConnectionState, LocalMessage, MessageStatus } from '@parley/sdk';
import { StaffClient } from '@parley/sdk/staff';
import type { Author } from '@parley/protocol';
import { chatEvent } from '../events/chat-events.js';
import { linkify } from '../chat-widget/linkify.js';
import { AdminApiError, HttpAdminApi, type AdminApi } from './admin-api.js';
import type { AdminClient } from './admin-client.js';
import { chatAdminEvent } from './admin-events.js';
import { adminEn, type AdminStrings } from './admin-strings.js';
import {
  PRIORITIES,
  STATUSES,
  VIEWS,
  type AdminConversation,
  type CannedResponse,
  type ConversationPatch,
  type ConversationStatus,
  type InboxCounts,
  type InboxView,
  type Message,
  type StaffMe,
  type StaffToken,
} from './admin-types.js';
import { chatAdminStyles } from './chat-admin.styles.js';
import { browserName, localTime, longTime, shortTime } from './format.js';
import { NOTIFY_KINDS, Notifier, type NotifyKind } from './notifier.js';

/** A message in the conversation view: stored (with `seq`) or one of ours on its way. */
interface ThreadEntry {
  clientId: string;
  seq?: number;
  ts: number;
  author: Author;
  text: string;
  kind: 'text' | 'note' | 'broadcast';
  mine: boolean;
  /** Our own messages: the SDK's status (queued … delivered); stored history: `sent`. */
  status: MessageStatus;
}

interface Thread {
  entries: ThreadEntry[];
  hasMore: boolean;
}

interface Notice {
  id: number;
  text: string;
  conversationId: string;
}

type Panel = 'inbox' | 'broadcasts' | 'stats';
type Dialog = 'shortcuts' | 'settings';

const TOKEN_KEY = 'parley-admin:token';
const PAGE_SIZE = 50;
const HISTORY_PAGE = 30;
const NOTICE_MS = 8000;
const REFRESH_DEBOUNCE_MS = 600;

const emptyCounts = (): InboxCounts => ({
  mine: 0,
  unassigned: 0,
  all: 0,
  open: 0,
  pending: 0,
  snoozed: 0,
  resolved: 0,
});

function fromStored(message: Message): ThreadEntry {
  return {
    clientId: message.clientId,
    seq: message.seq,
    ts: message.ts,
    author: message.author,
    text: message.text,
    kind: message.kind,
    mine: false,
    status: 'sent',
  };
}

function fromLocal(message: LocalMessage): ThreadEntry {
  const entry: ThreadEntry = {
    clientId: message.clientId,
    ts: message.ts,
    author: message.author,
    text: message.text,
    kind: message.kind,
    mine: message.mine,
    status: message.status,
  };
  if (message.seq !== undefined) entry.seq = message.seq;
  return entry;
}

/** Stored messages by sequence, then ours still on their way, in the order written. */
function byOrder(a: ThreadEntry, b: ThreadEntry): number {
  if (a.seq !== undefined && b.seq !== undefined) return a.seq - b.seq;
  if (a.seq !== undefined) return -1;
  if (b.seq !== undefined) return 1;
  return a.clientId < b.clientId ? -1 : 1;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

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
  static override styles = chatAdminStyles;

  static override properties = {
    apiBase: { type: String, attribute: 'api-base' },
    relay: { type: String },
    theme: { type: String, reflect: true },
    strings: { attribute: false },
    createApi: { attribute: false },
    createClient: { attribute: false },
    notifier: { attribute: false },
    _me: { state: true },
    _signingIn: { state: true },
    _signInError: { state: true },
    _connection: { state: true },
    _panel: { state: true },
    _dialog: { state: true },
    _view: { state: true },
    _status: { state: true },
    _query: { state: true },
    _items: { state: true },
    _counts: { state: true },
    _nextCursor: { state: true },
    _listError: { state: true },
    _current: { state: true },
    _showThread: { state: true },
    _showVisitor: { state: true },
    _mode: { state: true },
    _loadingEarlier: { state: true },
    _typing: { state: true },
    _revealed: { state: true },
    _canned: { state: true },
    _cannedQuery: { state: true },
    _cannedIndex: { state: true },
    _staff: { state: true },
    _notices: { state: true },
    _error: { state: true },
  };

  /** The admin API root. Default: `/v1/admin` on this page's origin. */
  declare apiBase: string | undefined;
  /** The relay's WebSocket endpoint. Default: `/v1/ws` on this page's origin (`ws:` or `wss:`). */
  declare relay: string | undefined;
  /** `light`, `dark`, or `auto` (default: follows the system). */
  declare theme: 'light' | 'dark' | 'auto';
  /** The strings shown; English by default. */
  declare strings: AdminStrings;
  /** Makes the API client for a token. Default: {@link HttpAdminApi} on `apiBase`. */
  declare createApi: (token: string) => AdminApi;
  /** Makes the live connection for a token. Default: a `StaffClient` on `relay` with the staff token. */
  declare createClient: (token: string) => AdminClient;
  /** Sound and desktop notifications, with their persisted switches. */
  declare notifier: Notifier;

  declare private _me: StaffMe | undefined;
  declare private _signingIn: boolean;
  declare private _signInError: string | undefined;
  declare private _connection: ConnectionState;
  declare private _panel: Panel;
  declare private _dialog: Dialog | undefined;
  declare private _view: InboxView;
  declare private _status: ConversationStatus;
  declare private _query: string;
  declare private _items: AdminConversation[];
  declare private _counts: InboxCounts;
  declare private _nextCursor: string | undefined;
  declare private _listError: string | undefined;
  declare private _current: AdminConversation | undefined;
  declare private _showThread: boolean;
  /** Narrow screens: the visitor panel is a drawer. */
  declare private _showVisitor: boolean;
  declare private _mode: 'reply' | 'note';
  declare private _loadingEarlier: boolean;
  declare private _typing: ReadonlyMap<string, string>;
  declare private _revealed: ReadonlyMap<string, string>;
  declare private _canned: CannedResponse[];
  declare private _cannedQuery: string | undefined;
  declare private _cannedIndex: number;
  declare private _staff: StaffToken[];
  declare private _notices: Notice[];
  declare private _error: string | undefined;

  #api: AdminApi | undefined;
  #client: AdminClient | undefined;
  #unsubscribe: (() => void)[] = [];
  #threads = new Map<string, Thread>();
  /** Our read mark per conversation, so a list answer that predates it does not bring unread back. */
  #readUpTo = new Map<string, number>();
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  #listRequest = 0;
  #noticeId = 0;
  #focusOnRender: string | undefined;
  #stickToBottom = true;
  #welcomed = false;

  constructor() {
    super();
    this.theme = 'auto';
    this.strings = adminEn;
    this.createApi = (token) => new HttpAdminApi(this.apiBase ?? `${location.origin}/v1/admin`, token);
    this.createClient = (token) =>
      new StaffClient({
        url: this.relay ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/ws`,
        token,
      });
    this.notifier = new Notifier();
    this._signingIn = false;
    this._connection = 'idle';
    this._panel = 'inbox';
    this._view = 'all';
    this._status = 'open';
    this._query = '';
    this._items = [];
    this._counts = emptyCounts();
    this._showThread = false;
    this._showVisitor = false;
    this._mode = 'reply';
    this._loadingEarlier = false;
    this._typing = new Map();
    this._revealed = new Map();
    this._canned = [];
    this._cannedIndex = 0;
    this._staff = [];
    this._notices = [];
  }

  // ---- public API ------------------------------------------------------------------------------------------

  /** The signed-in staff member, once signed in. */
  get me(): StaffMe | undefined {
    return this._me;
  }

  /**
   * Signs in with a staff token: checks it with `GET /me`, keeps it in sessionStorage, connects the live
   * socket and loads the inbox. Rejects (and keeps nothing) when the token is refused.
   */
  async signIn(token: string): Promise<StaffMe> {
    const api = this.createApi(token);
    const me = await api.me();
    this.#api = api;
    this._me = me;
    try {
      sessionStorage.setItem(TOKEN_KEY, token);
    } catch {
      // Storage blocked: signed in for this page only.
    }
    this.#connect(token);
    void this.#loadList();
    void api.cannedResponses().then(
      (items) => (this._canned = items),
      () => undefined,
    );
    if (me.role === 'admin') {
      void api.tokens().then(
        (items) => (this._staff = items),
        () => undefined,
      );
    }
    this.dispatchEvent(chatAdminEvent('chat-admin-sign-in', { me }));
    return me;
  }

  /** Signs out: closes the connection and forgets the token. */
  signOut(reason: 'user' | 'refused' = 'user'): void {
    this.#disconnect();
    try {
      sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      // Nothing kept.
    }
    this.#api = undefined;
    this._me = undefined;
    this._items = [];
    this._counts = emptyCounts();
    this._current = undefined;
    this._revealed = new Map();
    this._notices = [];
    this.#threads.clear();
    this.#readUpTo.clear();
    this._panel = 'inbox';
    this.#focusOnRender = '#token';
    this.dispatchEvent(chatAdminEvent('chat-admin-sign-out', { reason }));
  }

  /** Opens a conversation (and marks it read). */
  async openConversation(id: string): Promise<void> {
    const api = this.#api;
    if (!api) return;
    const listed = this._items.find((item) => item.id === id);
    if (this._current?.id !== id) {
      this._mode = 'reply';
      this._cannedQuery = undefined;
    }
    this._panel = 'inbox';
    this._showThread = true;
    this.#stickToBottom = true;
    this._current = listed ?? (this._current?.id === id ? this._current : await api.conversation(id));
    if (!this.#threads.has(id)) {
      try {
        const page = await api.messages(id, { limit: HISTORY_PAGE });
        this.#merge(id, page.items.map(fromStored), page.hasMore);
      } catch (error) {
        this.#fail(error);
      }
    }
    this.requestUpdate();
    await this.updateComplete;
    this.#markRead();
  }

  // ---- lifecycle -------------------------------------------------------------------------------------------

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('keydown', this.#onShortcut);
    document.addEventListener('visibilitychange', this.#onVisibility);
    let token: string | null = null;
    try {
      token = sessionStorage.getItem(TOKEN_KEY);
    } catch {
      token = null;
    }
    if (token && !this._me) {
      this._signingIn = true;
      this.signIn(token)
        .catch((error: unknown) => {
          if (error instanceof AdminApiError && (error.status === 401 || error.status === 403)) {
            sessionStorage.removeItem(TOKEN_KEY);
            this._signInError = this.strings.badToken;
          } else this._signInError = this.strings.error(String((error as Error)?.message ?? error));
        })
        .finally(() => (this._signingIn = false));
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('keydown', this.#onShortcut);
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#disconnect();
  }

  protected override updated(changed: PropertyValues): void {
    const root = this.renderRoot as ShadowRoot;
    if (this.#focusOnRender) {
      root.querySelector<HTMLElement>(this.#focusOnRender)?.focus();
      this.#focusOnRender = undefined;
    }
    const dialog = root.querySelector('dialog');
    if (dialog && !dialog.open) dialog.showModal();
    const log = root.querySelector('.log');
    if (log && this.#stickToBottom && (changed.has('_current') || changed.has('_typing')))
      log.scrollTop = log.scrollHeight;
  }

  // ---- connection ------------------------------------------------------------------------------------------

  #connect(token: string): void {
    this.#disconnect();
    const client = this.createClient(token);
    this.#client = client;
    this.#welcomed = false;
    this.#unsubscribe = [
      client.on('stateChange', ({ current }) => (this._connection = current)),
      client.on('welcome', () => {
        // After a reconnect, what changed meanwhile: the list, and the open conversation's newest page.
        if (this.#welcomed) {
          this.#scheduleRefresh();
          const id = this._current?.id;
          if (id) void this.#reloadNewest(id);
        }
        this.#welcomed = true;
      }),
      client.on('message', (message) => this.#onLiveMessage(message)),
      client.on('messageStatus', ({ message }) => this.#onStatus(message)),
      client.on('typing', ({ conversationId, author, active }) => {
        if (author.role !== 'visitor') return;
        const next = new Map(this._typing);
        if (active) next.set(conversationId, author.name ?? this.#visitorName(conversationId));
        else next.delete(conversationId);
        this._typing = next;
      }),
      client.on('read', ({ conversationId, seq, by }) => {
        if (by !== 'visitor') return;
        this.#updateItem(conversationId, (item) => ({ ...item, visitorReadSeq: Math.max(item.visitorReadSeq, seq) }));
      }),
      client.on('presence', (change) => {
        if (!('conversationId' in change)) return;
        const { conversationId, visitorOnline } = change;
        const before = this.#find(conversationId);
        this.#updateItem(conversationId, (item) => ({ ...item, visitor: { ...item.visitor, online: visitorOnline } }));
        if (visitorOnline && before && !before.visitor.online) {
          const who = this.#nameOf(before);
          this.#notify('visitor', conversationId, this.strings.visitorConnected(who), '');
        }
      }),
      client.on('conversation', (conversation) => this.#onConversation(conversation)),
      client.on('error', ({ code, fatal }) => {
        if (fatal && (code === 'unauthorized' || code === 'revoked' || code === 'token_expired')) {
          this.signOut('refused');
          this._signInError = this.strings.badToken;
        }
      }),
    ];
    this._connection = client.state;
    client.connect();
  }

  #disconnect(): void {
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    this.#client?.close();
    this.#client = undefined;
    clearTimeout(this.#refreshTimer);
    clearTimeout(this.#searchTimer);
    this._connection = 'idle';
  }

  // ---- inbox state -----------------------------------------------------------------------------------------

  async #loadList(more = false): Promise<void> {
    const api = this.#api;
    if (!api) return;
    const request = ++this.#listRequest;
    try {
      const page = await api.conversations({
        view: this._view,
        status: this._status,
        limit: PAGE_SIZE,
        ...(this._query.trim() && { q: this._query.trim() }),
        ...(more && this._nextCursor && { cursor: this._nextCursor }),
      });
      if (request !== this.#listRequest) return; // a newer filter won
      const items = page.items.map((item) => this.#withReadMark(item));
      this._items = more ? [...this._items, ...items.filter((i) => !this._items.some((o) => o.id === i.id))] : items;
      this._counts = page.counts;
      this._nextCursor = page.nextCursor;
      this._listError = undefined;
      const current = this._current && items.find((item) => item.id === this._current!.id);
      if (current) this._current = current;
      this.#emitUnread();
    } catch (error) {
      if (request !== this.#listRequest) return;
      if (error instanceof AdminApiError && error.status === 401) return this.signOut('refused');
      this._listError = error instanceof Error ? error.message : String(error);
    }
  }

  #scheduleRefresh(): void {
    clearTimeout(this.#refreshTimer);
    this.#refreshTimer = setTimeout(() => void this.#loadList(), REFRESH_DEBOUNCE_MS);
  }

  #withReadMark(item: AdminConversation): AdminConversation {
    const mark = this.#readUpTo.get(item.id) ?? 0;
    return mark >= item.lastSeq && item.unread > 0 ? { ...item, unread: 0, staffReadSeq: mark } : item;
  }

  #find(id: string): AdminConversation | undefined {
    return this._items.find((item) => item.id === id) ?? (this._current?.id === id ? this._current : undefined);
  }

  #updateItem(id: string, update: (item: AdminConversation) => AdminConversation): void {
    let changed = false;
    const items = this._items.map((item) => {
      if (item.id !== id) return item;
      changed = true;
      return update(item);
    });
    if (changed) this._items = items;
    if (this._current?.id === id) this._current = update(this._current);
    this.#emitUnread();
  }

  #replace(conversation: AdminConversation): void {
    this.#updateItem(conversation.id, () => this.#withReadMark(conversation));
  }

  #emitUnread(): void {
    const count = this._items.reduce((sum, item) => sum + item.unread, 0);
    this.dispatchEvent(chatEvent('chat-unread-change', { count }));
  }

  #nameOf(item: AdminConversation): string {
    return item.visitor.name || this.strings.anonymous(item.visitor.id);
  }

  #visitorName(conversationId: string): string {
    const item = this.#find(conversationId);
    return item ? this.#nameOf(item) : this.strings.visitor;
  }

  #merge(conversationId: string, entries: ThreadEntry[], hasMore?: boolean): void {
    const thread = this.#threads.get(conversationId) ?? { entries: [], hasMore: false };
    const byId = new Map(thread.entries.map((entry) => [entry.clientId, entry]));
    for (const entry of entries) {
      const held = byId.get(entry.clientId);
      // Our own message keeps its live status; a stored copy only adds its sequence.
      byId.set(
        entry.clientId,
        held
          ? {
              ...held,
              ...(entry.seq !== undefined && { seq: entry.seq, ts: entry.ts }),
              ...(held.mine ? {} : { status: entry.status }),
            }
          : entry,
      );
    }
    const next: Thread = { entries: [...byId.values()].sort(byOrder), hasMore: hasMore ?? thread.hasMore };
    this.#threads.set(conversationId, next);
    if (this._current?.id === conversationId) this.requestUpdate();
  }

  async #reloadNewest(id: string): Promise<void> {
    try {
      const page = await this.#api?.messages(id, { limit: HISTORY_PAGE });
      if (page) this.#merge(id, page.items.map(fromStored));
      this.#markRead();
    } catch {
      // The next reconnect tries again.
    }
  }

  #onLiveMessage(message: LocalMessage): void {
    const id = message.conversationId;
    if (!id) return;
    if (this.#threads.has(id)) this.#merge(id, [fromLocal(message)]);
    if (message.seq === undefined) return; // ours, just queued
    const fromVisitor = message.author.role === 'visitor';
    const viewing = this._current?.id === id && this._panel === 'inbox' && !document.hidden;
    const known = this.#find(id);
    if (known) {
      this.#updateItem(id, (item) => ({
        ...item,
        lastSeq: Math.max(item.lastSeq, message.seq!),
        lastMessage: { seq: message.seq!, text: message.text, ts: message.ts, authorRole: message.author.role },
        unread: fromVisitor && !viewing ? item.unread + 1 : item.unread,
        updatedAt: message.ts,
      }));
      // Newest activity first.
      const index = this._items.findIndex((item) => item.id === id);
      if (index > 0)
        this._items = [this._items[index]!, ...this._items.slice(0, index), ...this._items.slice(index + 1)];
      if (fromVisitor && message.kind !== 'note') {
        if (viewing) this.#markRead();
        else this.#notify('message', id, this.strings.newMessage(this.#nameOf(known)), message.text);
      }
    } else if (fromVisitor && this.#api) {
      const api = this.#api;
      void api.conversation(id).then(
        (conversation) => {
          const isNew = message.seq === 1 || conversation.lastSeq <= 1;
          const who = this.#nameOf(conversation);
          if (isNew) this.#notify('conversation', id, this.strings.newConversation(who), message.text);
          else this.#notify('message', id, this.strings.newMessage(who), message.text);
          if (this.#matchesFilters(conversation) && !this._items.some((item) => item.id === id)) {
            this._items = [conversation, ...this._items];
            this.#emitUnread();
          }
        },
        () => undefined,
      );
    }
    this.#scheduleRefresh();
  }

  /** A conversation was created or changed elsewhere (another staff member, the relay). */
  #onConversation(conversation: AdminConversation): void {
    const known = this.#find(conversation.id);
    if (known) this.#replace(conversation);
    else if (this.#matchesFilters(conversation)) {
      this._items = [this.#withReadMark(conversation), ...this._items];
      this.#emitUnread();
    }
    this.#scheduleRefresh();
  }

  #onStatus(message: LocalMessage): void {
    const id = message.conversationId;
    if (id && this.#threads.has(id)) {
      const thread = this.#threads.get(id)!;
      const entry = thread.entries.find((e) => e.clientId === message.clientId);
      if (entry) {
        entry.status = message.status;
        if (message.seq !== undefined) entry.seq = message.seq;
        entry.ts = message.ts;
        thread.entries.sort(byOrder);
        this.requestUpdate();
      }
    }
  }

  #matchesFilters(item: AdminConversation): boolean {
    if (this._query.trim()) return false; // search results come from the server only
    if (item.status !== this._status) return false;
    if (this._view === 'mine') return item.assigneeId === this._me?.id;
    if (this._view === 'unassigned') return item.assigneeId === null;
    return true;
  }

  #markRead(): void {
    const current = this._current;
    const client = this.#client;
    if (!current || !client || document.hidden || this._panel !== 'inbox') return;
    const entries = this.#threads.get(current.id)?.entries ?? [];
    const last = Math.max(current.lastSeq, ...entries.map((entry) => entry.seq ?? 0));
    if (last <= 0 || (last <= (this.#readUpTo.get(current.id) ?? current.staffReadSeq) && current.unread === 0)) return;
    this.#readUpTo.set(current.id, last);
    client.markRead(last, current.id);
    this.#updateItem(current.id, (item) => ({ ...item, unread: 0, staffReadSeq: Math.max(item.staffReadSeq, last) }));
  }

  #notify(kind: NotifyKind, conversationId: string, title: string, body: string): void {
    const channels = this.notifier.notify(kind, title, body, {
      leader: this.#client?.leader ?? true,
      tag: `${kind}:${conversationId}`,
      onClick: () => void this.openConversation(conversationId),
    });
    const id = ++this.#noticeId;
    this._notices = [...this._notices.slice(-3), { id, text: title, conversationId }];
    setTimeout(() => (this._notices = this._notices.filter((notice) => notice.id !== id)), NOTICE_MS);
    this.dispatchEvent(chatAdminEvent('chat-admin-notify', { kind, conversationId, text: title, channels }));
  }

  #fail(error: unknown): void {
    if (error instanceof AdminApiError && error.status === 401) return this.signOut('refused');
    this._error = this.strings.error(error instanceof Error ? error.message : String(error));
  }

  async #patch(patch: ConversationPatch): Promise<void> {
    const current = this._current;
    if (!current || !this.#api) return;
    try {
      this.#replace(await this.#api.updateConversation(current.id, patch));
      this.#scheduleRefresh();
    } catch (error) {
      this.#fail(error);
    }
  }

  // ---- user actions ----------------------------------------------------------------------------------------

  #onSignIn = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('token') as HTMLInputElement;
    const token = input.value.trim();
    if (!token) return;
    this._signingIn = true;
    this._signInError = undefined;
    try {
      await this.signIn(token);
      this.#focusOnRender = '.views button[aria-pressed=true]';
    } catch (error) {
      this._signInError =
        error instanceof AdminApiError && (error.status === 401 || error.status === 403)
          ? this.strings.badToken
          : this.strings.error(error instanceof Error ? error.message : String(error));
      this.#focusOnRender = '#token';
    } finally {
      this._signingIn = false;
    }
  };

  #setView(view: InboxView): void {
    this._view = view;
    this._nextCursor = undefined;
    void this.#loadList();
  }

  #setStatus(status: ConversationStatus): void {
    this._status = status;
    this._nextCursor = undefined;
    void this.#loadList();
  }

  #onSearch = (event: Event): void => {
    this._query = (event.currentTarget as HTMLInputElement).value;
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(() => void this.#loadList(), 250);
  };

  #select(index: number, focus: boolean): void {
    const item = this._items[index];
    if (!item) return;
    void this.openConversation(item.id);
    if (focus) this.#focusOnRender = `#option-${CSS.escape(item.id)}`;
  }

  /** Selects the conversation `delta` away from the focused option (in the list) or the open one. */
  #move(delta: number): void {
    if (this._items.length === 0) return;
    const active = (this.renderRoot as ShadowRoot).activeElement;
    const inList = active?.closest('[part=conversation-list]') != null;
    const from = inList ? active!.id.slice('option-'.length) : this._current?.id;
    const index = this._items.findIndex((item) => item.id === from);
    const next = index === -1 ? 0 : Math.min(this._items.length - 1, Math.max(0, index + delta));
    this.#select(next, inList);
  }

  #onListKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      this.#move(event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      this.#select(event.key === 'Home' ? 0 : this._items.length - 1, true);
    }
  };

  #onShortcut = (event: KeyboardEvent): void => {
    if (!this._me || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const path = event.composedPath();
    if (path.some((target) => isTyping(target as EventTarget))) return;
    if (this._dialog) return; // the dialog handles its own keys
    const key = event.key;
    const handled = (): void => event.preventDefault();
    if (key === '?') {
      handled();
      this._dialog = 'shortcuts';
    } else if (key === 'j' || key === 'J') {
      handled();
      this._panel = 'inbox';
      this.#move(1);
    } else if (key === 'k' || key === 'K') {
      handled();
      this._panel = 'inbox';
      this.#move(-1);
    } else if ((key === 'e' || key === 'E') && this._current) {
      handled();
      this.#toggleResolved();
    } else if ((key === 'r' || key === 'R') && this._current) {
      handled();
      this.#focusComposer('reply');
    } else if ((key === 'n' || key === 'N') && this._current) {
      handled();
      this.#focusComposer('note');
    } else if (key === '/') {
      handled();
      this._panel = 'inbox';
      this.#focusOnRender = '#search';
      this.requestUpdate();
    }
  };

  #focusComposer(mode: 'reply' | 'note'): void {
    this._panel = 'inbox';
    this._showThread = true;
    this._mode = mode;
    this.#focusOnRender = '#composer-input';
    this.requestUpdate();
  }

  #toggleResolved(): void {
    const current = this._current;
    if (!current) return;
    void this.#patch({ status: current.status === 'resolved' ? 'open' : 'resolved' });
  }

  #onVisibility = (): void => {
    if (!document.hidden) {
      this.#markRead();
      this.#scheduleRefresh();
    }
  };

  #onLoadEarlier = async (): Promise<void> => {
    const current = this._current;
    const api = this.#api;
    if (!current || !api || this._loadingEarlier) return;
    const thread = this.#threads.get(current.id);
    const oldest = thread?.entries.find((entry) => entry.seq !== undefined)?.seq;
    const log = this.renderRoot.querySelector('.log');
    const fromBottom = log ? log.scrollHeight - log.scrollTop : 0;
    this._loadingEarlier = true;
    try {
      const page = await api.messages(current.id, {
        limit: HISTORY_PAGE,
        ...(oldest !== undefined && { before: oldest }),
      });
      this.#stickToBottom = false;
      this.#merge(current.id, page.items.map(fromStored), page.hasMore);
      await this.updateComplete;
      if (log) log.scrollTop = log.scrollHeight - fromBottom;
    } catch (error) {
      this.#fail(error);
    } finally {
      this._loadingEarlier = false;
    }
  };

  #cannedMatches(): CannedResponse[] {
    const query = this._cannedQuery;
    if (query === undefined) return [];
    const q = query.toLowerCase();
    return this._canned
      .filter((c) => c.shortcut.toLowerCase().includes(q) || (q.length > 1 && c.text.toLowerCase().includes(q)))
      .sort((a, b) => Number(!a.shortcut.toLowerCase().startsWith(q)) - Number(!b.shortcut.toLowerCase().startsWith(q)))
      .slice(0, 8);
  }

  /** The `/word` just before the caret, if any. */
  #slashToken(input: HTMLTextAreaElement): { start: number; query: string } | undefined {
    const before = input.value.slice(0, input.selectionStart);
    const match = /(^|\s)\/([^\s/]*)$/.exec(before);
    if (!match) return undefined;
    return { start: before.length - match[2]!.length - 1, query: match[2]! };
  }

  #onComposerInput = (event: Event): void => {
    const input = event.currentTarget as HTMLTextAreaElement;
    const token = this._canned.length > 0 ? this.#slashToken(input) : undefined;
    if (token?.query !== this._cannedQuery) this._cannedIndex = 0;
    this._cannedQuery = token?.query;
    const id = this._current?.id;
    if (!id || this._mode !== 'reply') return; // notes are private: no typing signal
    if (input.value.trim()) this.#client?.typing(id);
    else this.#client?.stopTyping(id);
  };

  #insertCanned(input: HTMLTextAreaElement, canned: CannedResponse): void {
    const token = this.#slashToken(input);
    if (!token) return;
    const caret = input.selectionStart;
    input.value = input.value.slice(0, token.start) + canned.text + input.value.slice(caret);
    const at = token.start + canned.text.length;
    input.setSelectionRange(at, at);
    this._cannedQuery = undefined;
    input.focus();
  }

  #onComposerKeydown = (event: KeyboardEvent): void => {
    const input = event.currentTarget as HTMLTextAreaElement;
    const matches = this.#cannedMatches();
    if (this._cannedQuery !== undefined) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        if (matches.length === 0) return;
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        this._cannedIndex = (this._cannedIndex + step + matches.length) % matches.length;
        return;
      }
      if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey && matches.length > 0) {
        event.preventDefault();
        this.#insertCanned(input, matches[Math.min(this._cannedIndex, matches.length - 1)]!);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        this._cannedQuery = undefined;
        return;
      }
    }
    if (event.key === 'Escape') {
      input.blur();
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      input.form?.requestSubmit();
    }
  };

  #onSend = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const input = form.elements.namedItem('text') as HTMLTextAreaElement;
    const text = input.value.trim();
    const current = this._current;
    const client = this.#client;
    if (!text || !current || !client) return;
    input.value = '';
    this._cannedQuery = undefined;
    this.#stickToBottom = true;
    const note = this._mode === 'note';
    if (!note) client.stopTyping(current.id);
    if (!this.#threads.has(current.id)) this.#threads.set(current.id, { entries: [], hasMore: false });
    client.send(text, { conversationId: current.id, note }).catch((error: unknown) => this.#fail(error));
  };

  #onReveal = async (): Promise<void> => {
    const visitor = this._current?.visitor;
    if (!visitor || !this.#api) return;
    if (this._revealed.has(visitor.id)) {
      const next = new Map(this._revealed);
      next.delete(visitor.id);
      this._revealed = next;
      return;
    }
    try {
      const email = await this.#api.revealEmail(visitor.id);
      this._revealed = new Map(this._revealed).set(visitor.id, email);
    } catch (error) {
      this.#fail(error);
    }
  };

  #onAddLabel = (event: SubmitEvent): void => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const input = form.elements.namedItem('label') as HTMLInputElement;
    const label = input.value.trim().slice(0, 64);
    const current = this._current;
    if (!label || !current || current.labels.includes(label)) return;
    input.value = '';
    void this.#patch({ labels: [...current.labels, label] });
  };

  #closeDialog = (): void => {
    const was = this._dialog;
    this._dialog = undefined;
    this.#focusOnRender = was === 'settings' ? '#settings-button' : undefined;
  };

  // ---- rendering -------------------------------------------------------------------------------------------

  protected override render(): TemplateResult {
    if (!this._me) return this.#renderSignIn();
    const s = this.strings;
    return html`
      <div class="app ${this._showThread ? 'show-thread' : ''} ${this._showVisitor ? 'show-visitor' : ''}">
        ${this.#renderTopbar(s, this._me)}
        ${
          this._panel === 'inbox'
            ? html`<div class="columns">
              ${this.#renderInbox(s)} ${this.#renderConversation(s)} ${this._current ? this.#renderVisitor(s, this._current) : nothing}
            </div>`
            : this._panel === 'broadcasts'
              ? html`<main class="page" aria-label=${s.broadcasts}><chat-admin-broadcasts .api=${this.#api} .strings=${s}></chat-admin-broadcasts></main>`
              : html`<main class="page" aria-label=${s.stats}><chat-admin-stats .api=${this.#api} .strings=${s}></chat-admin-stats></main>`
        }
        <div class="notices" role="status" aria-live="polite">
          ${this._notices.map(
            (notice) =>
              html`<button type="button" class="notice" @click=${() => void this.openConversation(notice.conversationId)}>${notice.text}</button>`,
          )}
        </div>
        ${
          this._error
            ? html`<div class="error-bar" role="alert">
              <span>${this._error}</span>
              <button type="button" class="ghost" @click=${() => (this._error = undefined)}>${s.close}</button>
            </div>`
            : nothing
        }
        ${this._dialog === 'shortcuts' ? this.#renderShortcuts(s) : nothing}
        ${this._dialog === 'settings' ? this.#renderSettings(s) : nothing}
      </div>
    `;
  }

  #renderSignIn(): TemplateResult {
    const s = this.strings;
    return html`<main class="sign-in">
      <form class="card" @submit=${this.#onSignIn} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">${s.signInTitle}</h1>
        <p class="muted">${s.signInIntro}</p>
        <label for="token">${s.token}</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="off"
          spellcheck="false"
          required
          aria-invalid=${this._signInError ? 'true' : 'false'}
          aria-describedby=${this._signInError ? 'sign-in-error' : nothing}
        />
        ${this._signInError ? html`<p id="sign-in-error" class="error" role="alert">${this._signInError}</p>` : nothing}
        <button class="primary" type="submit" ?disabled=${this._signingIn}>${this._signingIn ? s.signingIn : s.signIn}</button>
      </form>
    </main>`;
  }

  #renderTopbar(s: AdminStrings, me: StaffMe): TemplateResult {
    const sections: [Panel, string][] = [
      ['inbox', s.inbox],
      ['broadcasts', s.broadcasts],
      ['stats', s.stats],
    ];
    return html`<header class="topbar" part="topbar">
      <strong class="brand">${me.site.name}</strong>
      <nav aria-label=${s.title}>
        ${sections.map(
          ([panel, label]) =>
            html`<button type="button" class="tab" aria-current=${this._panel === panel ? 'page' : 'false'} @click=${() => (this._panel = panel)}>
              ${label}
            </button>`,
        )}
      </nav>
      <span class="connection ${this._connection}" role="status"><span class="dot" aria-hidden="true"></span>${s.connection[this._connection]}</span>
      <button id="settings-button" type="button" class="ghost" @click=${() => (this._dialog = 'settings')}>${s.notifications}</button>
      <button type="button" class="ghost" aria-keyshortcuts="?" @click=${() => (this._dialog = 'shortcuts')}>
        <span aria-hidden="true">?</span><span class="sr-only">${s.shortcuts}</span>
      </button>
      <span class="who" title=${me.role}>${me.name}</span>
      <button type="button" class="ghost" @click=${() => this.signOut('user')}>${s.signOut}</button>
    </header>`;
  }

  #renderInbox(s: AdminStrings): TemplateResult {
    const counts = this._counts;
    return html`<section class="inbox" part="inbox" aria-label=${s.conversations}>
      <div class="filters">
        <div class="views" role="group" aria-label=${s.conversations}>
          ${VIEWS.map(
            (
              view,
            ) => html`<button type="button" aria-pressed=${this._view === view ? 'true' : 'false'} @click=${() => this.#setView(view)}>
              ${s.views[view]} <span class="count">${counts[view]}</span>
            </button>`,
          )}
        </div>
        <div class="statuses" role="group" aria-label=${s.status}>
          ${STATUSES.map(
            (status) => html`<button
              type="button"
              aria-pressed=${this._status === status ? 'true' : 'false'}
              @click=${() => this.#setStatus(status)}
            >
              ${s.statuses[status]} <span class="count">${counts[status]}</span>
            </button>`,
          )}
        </div>
        <input id="search" class="search" type="search" aria-label=${s.search} placeholder=${s.search} aria-keyshortcuts="/" .value=${this._query} @input=${this.#onSearch} />
      </div>
      ${this._listError ? html`<p class="error" role="alert">${s.error(this._listError)}</p>` : nothing}
      ${
        this._items.length === 0
          ? html`<p class="empty muted">${s.noConversations}</p>`
          : html`<ul
            class="list"
            part="conversation-list"
            role="listbox"
            aria-label=${s.conversations}
            aria-keyshortcuts="j k"
            @keydown=${this.#onListKeydown}
          >
            ${repeat(
              this._items,
              (item) => item.id,
              (item, index) => this.#renderItem(s, item, index),
            )}
          </ul>`
      }
      ${this._nextCursor ? html`<button type="button" class="more ghost" @click=${() => void this.#loadList(true)}>${s.loadEarlier}</button>` : nothing}
    </section>`;
  }

  #renderItem(s: AdminStrings, item: AdminConversation, index: number): TemplateResult {
    const selected = item.id === this._current?.id;
    const focusable =
      selected ||
      (!this._current && index === 0) ||
      (this._current !== undefined && !this._items.some((i) => i.id === this._current!.id) && index === 0);
    const name = this.#nameOf(item);
    const typing = this._typing.get(item.id);
    const last = item.lastMessage;
    return html`<li
      id=${`option-${item.id}`}
      role="option"
      class="item ${item.unread > 0 ? 'unread' : ''}"
      aria-selected=${selected ? 'true' : 'false'}
      tabindex=${focusable ? '0' : '-1'}
      @click=${() => this.#select(index, true)}
      @keydown=${(event: KeyboardEvent) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          this.#select(index, true);
        }
      }}
    >
      <span class="line">
        <span class="dot ${item.visitor.online ? 'on' : ''}" aria-hidden="true"></span>
        <span class="name">${name}</span>
        ${item.visitor.online ? html`<span class="sr-only">${s.online}</span>` : nothing}
        ${item.priority !== 'none' ? html`<span class="priority ${item.priority}">${s.priorities[item.priority]}</span>` : nothing}
        ${last ? html`<time datetime=${new Date(last.ts).toISOString()}>${shortTime(last.ts)}</time>` : nothing}
      </span>
      <span class="line">
        <span class="preview" dir="auto">${typing ? s.typing(typing) : last ? `${last.authorRole === 'staff' ? `${s.you}: ` : ''}${last.text}` : ''}</span>
        ${item.unread > 0 ? html`<span class="badge" aria-label=${s.unread(item.unread)}>${item.unread > 99 ? '99+' : item.unread}</span>` : nothing}
      </span>
      ${item.labels.length > 0 ? html`<span class="line labels">${item.labels.map((label) => html`<span class="label">${label}</span>`)}</span>` : nothing}
    </li>`;
  }

  #renderConversation(s: AdminStrings): TemplateResult {
    const current = this._current;
    if (!current) {
      return html`<main class="conversation empty-state" part="conversation" aria-label=${s.messages}><p class="muted">${s.selectConversation}</p></main>`;
    }
    const thread = this.#threads.get(current.id);
    const entries = thread?.entries ?? [];
    const typing = this._typing.get(current.id);
    const name = this.#nameOf(current);
    const assignees = this._staff.filter((staff) => staff.id !== this._me?.id);
    return html`<main class="conversation" part="conversation" aria-labelledby="conversation-title">
      <header class="conversation-head">
        <button type="button" class="ghost back" @click=${this.#onBack}><span aria-hidden="true">←</span> <span class="sr-only">${s.back}</span></button>
        <h2 id="conversation-title" tabindex="-1">${name}</h2>
        <div class="controls">
          <label
            >${s.assignee}
            <select
              @change=${(event: Event) => {
                const value = (event.currentTarget as HTMLSelectElement).value;
                void this.#patch({ assigneeId: value || null });
              }}
            >
              <option value="" ?selected=${current.assigneeId === null}>${s.unassigned}</option>
              <option value=${this._me!.id} ?selected=${current.assigneeId === this._me!.id}>${s.me(this._me!.name)}</option>
              ${assignees.map((staff) => html`<option value=${staff.id} ?selected=${current.assigneeId === staff.id}>${staff.name}</option>`)}
              ${
                current.assigneeId &&
                current.assigneeId !== this._me!.id &&
                !assignees.some((a) => a.id === current.assigneeId)
                  ? html`<option value=${current.assigneeId} selected>${current.assigneeId}</option>`
                  : nothing
              }
            </select>
          </label>
          <label
            >${s.status}
            <select @change=${(event: Event) => void this.#patch({ status: (event.currentTarget as HTMLSelectElement).value as ConversationStatus })}>
              ${STATUSES.map((status) => html`<option value=${status} ?selected=${current.status === status}>${s.statuses[status]}</option>`)}
            </select>
          </label>
          <label
            >${s.priority}
            <select @change=${(event: Event) => void this.#patch({ priority: (event.currentTarget as HTMLSelectElement).value as AdminConversation['priority'] })}>
              ${PRIORITIES.map((priority) => html`<option value=${priority} ?selected=${current.priority === priority}>${s.priorities[priority]}</option>`)}
            </select>
          </label>
          <button type="button" class="primary resolve" aria-keyshortcuts="e" @click=${() => this.#toggleResolved()}>
            ${current.status === 'resolved' ? s.reopen : s.resolve}
          </button>
          <button
            id="visitor-toggle"
            type="button"
            class="ghost visitor-toggle"
            aria-expanded=${this._showVisitor ? 'true' : 'false'}
            aria-controls="visitor-panel"
            @click=${() => {
              this._showVisitor = !this._showVisitor;
              this.#focusOnRender = this._showVisitor ? '#visitor-title' : undefined;
            }}
          >
            ${s.visitorPanel}
          </button>
        </div>
      </header>
      <div class="log" part="message-list" role="log" aria-live="polite" aria-label=${s.messages} tabindex="0" @scroll=${this.#onScroll}>
        ${
          thread?.hasMore
            ? html`<button class="earlier ghost" type="button" ?disabled=${this._loadingEarlier} @click=${this.#onLoadEarlier}>
              ${this._loadingEarlier ? s.loading : s.loadEarlier}
            </button>`
            : nothing
        }
        ${repeat(
          entries,
          (entry) => entry.clientId,
          (entry) => this.#renderMessage(s, entry, current, name),
        )}
      </div>
      <p class="typing" aria-live="polite">${typing ? s.typing(typing) : nothing}</p>
      ${this.#renderComposer(s)}
    </main>`;
  }

  #onScroll = (event: Event): void => {
    const log = event.currentTarget as HTMLElement;
    this.#stickToBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  };

  #onBack = (): void => {
    this._showThread = false;
    const id = this._current?.id;
    this.#focusOnRender = id ? `#option-${CSS.escape(id)}` : '#search';
  };

  #renderMessage(s: AdminStrings, entry: ThreadEntry, current: AdminConversation, visitorName: string): TemplateResult {
    const role = entry.kind === 'note' ? 'note' : entry.author.role === 'visitor' ? 'visitor' : 'staff';
    const who =
      entry.author.role === 'visitor'
        ? (entry.author.name ?? visitorName)
        : entry.mine
          ? s.you
          : (entry.author.name ?? s.you);
    const read = role === 'staff' && entry.seq !== undefined && entry.seq <= current.visitorReadSeq;
    const status: MessageStatus = read ? 'read' : entry.status;
    const statusText = {
      queued: s.queued,
      sending: s.queued,
      sent: s.sent,
      delivered: s.delivered,
      read: s.read,
      failed: s.failed,
    }[status];
    return html`<article class="msg ${role}" part="message message-${role}" aria-label=${role === 'note' ? `${s.noteBadge}, ${who}` : who}>
      <p class="author">${who}${role === 'note' ? html` <span class="note-badge">${s.noteBadge}</span>` : nothing}</p>
      <p class="bubble" dir="auto">${linkify(entry.text).map((part) =>
        part.kind === 'link'
          ? html`<a href=${part.href} target="_blank" rel="noopener noreferrer">${part.text}</a>`
          : part.text,
      )}</p>
      <p class="meta">
        <time datetime=${new Date(entry.ts).toISOString()}>${longTime(entry.ts)}</time>
        ${role === 'staff' ? html`<span class="status ${status}">${statusText}</span>` : nothing}
      </p>
    </article>`;
  }

  #renderComposer(s: AdminStrings): TemplateResult {
    const note = this._mode === 'note';
    const matches = this.#cannedMatches();
    const open = this._cannedQuery !== undefined;
    const active = matches[Math.min(this._cannedIndex, matches.length - 1)];
    return html`<form class="composer ${note ? 'note-mode' : ''}" part="composer" @submit=${this.#onSend}>
      <div class="modes" role="group" aria-label=${s.reply}>
        <button type="button" aria-pressed=${note ? 'false' : 'true'} aria-keyshortcuts="r" @click=${() => this.#focusComposer('reply')}>${s.reply}</button>
        <button type="button" aria-pressed=${note ? 'true' : 'false'} aria-keyshortcuts="n" @click=${() => this.#focusComposer('note')}>${s.note}</button>
      </div>
      ${
        open
          ? html`<ul id="canned" class="canned" role="listbox" aria-label=${s.cannedResponses}>
            ${
              matches.length === 0
                ? html`<li class="muted" role="option" aria-disabled="true" aria-selected="false">${s.noCanned}</li>`
                : matches.map(
                    (canned) => html`<li
                    id=${`canned-${canned.id}`}
                    role="option"
                    aria-selected=${canned === active ? 'true' : 'false'}
                    @mousedown=${(event: Event) => {
                      event.preventDefault();
                      const input = this.renderRoot.querySelector<HTMLTextAreaElement>('#composer-input');
                      if (input) this.#insertCanned(input, canned);
                    }}
                  >
                    <span class="shortcut">/${canned.shortcut}</span> <span class="canned-text">${canned.text}</span>
                  </li>`,
                  )
            }
          </ul>`
          : nothing
      }
      <div class="compose-row">
        <textarea
          id="composer-input"
          name="text"
          rows="2"
          maxlength="4000"
          aria-label=${note ? s.notePlaceholder : s.replyPlaceholder}
          placeholder=${note ? s.notePlaceholder : s.replyPlaceholder}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded=${open ? 'true' : 'false'}
          aria-controls="canned"
          aria-activedescendant=${open && active ? `canned-${active.id}` : nothing}
          @keydown=${this.#onComposerKeydown}
          @input=${this.#onComposerInput}
          @blur=${() => {
            this._cannedQuery = undefined;
            if (this._current && this._mode === 'reply') this.#client?.stopTyping(this._current.id);
          }}
        ></textarea>
        <button class="primary" type="submit">${note ? s.addNote : s.send}</button>
      </div>
    </form>`;
  }

  #renderVisitor(s: AdminStrings, current: AdminConversation): TemplateResult {
    const visitor = current.visitor;
    const context = visitor.context ?? {};
    const revealed = this._revealed.get(visitor.id);
    const href = safeHref(context.url);
    const time = localTime(context.timezone);
    return html`<aside id="visitor-panel" class="visitor-panel" part="visitor-panel" aria-labelledby="visitor-title">
      <div class="panel-head">
        <h2 id="visitor-title" tabindex="-1">${s.visitorPanel}</h2>
        <button
          type="button"
          class="ghost drawer-close"
          @click=${() => {
            this._showVisitor = false;
            this.#focusOnRender = '#visitor-toggle';
          }}
        >
          ${s.close}
        </button>
      </div>
      <p class="visitor-name">
        <span class="dot ${visitor.online ? 'on' : ''}" aria-hidden="true"></span>
        <span>${this.#nameOf(current)}</span>
        <span class="muted">${visitor.online ? s.online : s.offline}</span>
      </p>
      <dl>
        <dt>${s.email}</dt>
        <dd>
          ${
            visitor.emailMasked
              ? html`<span class="email">${revealed ?? visitor.emailMasked}</span>
                <button type="button" class="link reveal" aria-pressed=${revealed ? 'true' : 'false'} @click=${this.#onReveal}>${revealed ? s.hide : s.reveal}</button>`
              : s.unknown
          }
          ${visitor.verified ? html`<span class="verified">${s.verified}</span>` : nothing}
        </dd>
        <dt>${s.currentPage}</dt>
        <dd class="page-url">
          ${
            href
              ? html`<a href=${href} target="_blank" rel="noopener noreferrer">${context.title || context.url}</a>`
              : (context.title ?? context.url ?? s.unknown)
          }
        </dd>
        <dt>${s.browser}</dt>
        <dd>${browserName(context.userAgent) ?? s.unknown}</dd>
        <dt>${s.localTime}</dt>
        <dd>${time ?? s.unknown}</dd>
        <dt>${s.language}</dt>
        <dd>${context.locale ?? s.unknown}</dd>
      </dl>
      <h3>${s.labels}</h3>
      <ul class="chips">
        ${current.labels.map(
          (label) => html`<li class="label">
            ${label}
            <button type="button" class="chip-remove" aria-label=${s.removeLabel(label)} @click=${() => void this.#patch({ labels: current.labels.filter((l) => l !== label) })}>
              ×
            </button>
          </li>`,
        )}
      </ul>
      <form class="add-label" @submit=${this.#onAddLabel}>
        <input name="label" maxlength="64" aria-label=${s.addLabel} placeholder=${s.addLabel} />
      </form>
    </aside>`;
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

  #renderSettings(s: AdminStrings): TemplateResult {
    const prefs = this.notifier.prefs;
    const labels: Record<NotifyKind, string> = {
      conversation: s.notifyConversation,
      message: s.notifyMessage,
      visitor: s.notifyVisitor,
    };
    const blocked = this.notifier.permission === 'denied';
    return html`<dialog aria-labelledby="settings-title" @close=${this.#closeDialog} @cancel=${this.#closeDialog}>
      <h2 id="settings-title">${s.notifications}</h2>
      <table class="prefs">
        <thead>
          <tr>
            <th scope="col"><span class="sr-only">${s.notifications}</span></th>
            <th scope="col">${s.sound}</th>
            <th scope="col">${s.desktop}</th>
          </tr>
        </thead>
        <tbody>
          ${NOTIFY_KINDS.map(
            (kind) => html`<tr>
              <th scope="row">${labels[kind]}</th>
              ${(['sound', 'desktop'] as const).map(
                (channel) => html`<td>
                  <input
                    type="checkbox"
                    role="switch"
                    id=${`notify-${kind}-${channel}`}
                    aria-label=${`${labels[kind]}: ${channel === 'sound' ? s.sound : s.desktop}`}
                    .checked=${prefs[kind][channel]}
                    ?disabled=${channel === 'desktop' && (blocked || this.notifier.permission === 'unsupported')}
                    @change=${async (event: Event) => {
                      const box = event.currentTarget as HTMLInputElement;
                      await this.notifier.set(kind, channel, box.checked);
                      box.checked = this.notifier.prefs[kind][channel];
                      this.requestUpdate();
                    }}
                  />
                </td>`,
              )}
            </tr>`,
          )}
        </tbody>
      </table>
      ${blocked ? html`<p class="muted">${s.desktopBlocked}</p>` : nothing}
      <form method="dialog"><button class="primary" autofocus>${s.close}</button></form>
    </dialog>`;
  }
}
