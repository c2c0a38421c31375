import {
  ERROR_RETRY,
  LIMITS,
  type AckFrame,
  type Author,
  type ErrorFrameData,
  type HelloFrame,
  type HistoryPageFrame,
  type Message,
  type ServerFrame,
  type VisitorContext,
  type WelcomeFrame,
} from '@parley/protocol';
import { Backoff } from './connection/backoff.js';
import { systemClock, type Clock, type TimerHandle } from './connection/clock.js';
import { Connection } from './connection/connection.js';
import { Emitter } from './events.js';
import { createId } from './ids.js';
import { IdbStore } from './outbox/idb-store.js';
import { MemoryStore } from './outbox/memory-store.js';
import { Outbox, type OutboxRecord } from './outbox/outbox.js';
import type { Store } from './outbox/store.js';
import { Tabs, type TabMessage } from './tabs.js';
import type {
  ConnectionState,
  ConversationSummary,
  LoadEarlierOptions,
  LocalMessage,
  MessageStatus,
  ParleyClientOptions,
  ParleyEvents,
  SendOptions,
  StorageKind,
  WebSocketConstructor,
} from './types.js';

/** Send a typing signal at most this often while typing. */
const TYPING_THROTTLE_MS = 3000;
/** Stop typing after this pause. */
const TYPING_IDLE_MS = 5000;
/** A remote typing state expires after this long without news. */
const TYPING_EXPIRY_MS = 6000;
/** Delivered receipts are batched over this window. */
const DELIVERED_BATCH_MS = 250;
/** Retry a send refused with a retryable error after this long, when the relay does not say. */
const DEFAULT_RETRY_MS = 1000;

/** Statuses in the order a message moves through them; `failed` (absent, so -1) ranks below all. */
const STATUS_ORDER: readonly MessageStatus[] = ['queued', 'sending', 'sent', 'delivered', 'read'];

type SendResult = 'acked' | 'failed' | 'retry' | 'disconnected';

interface PendingRequest {
  frame: { type: 'history'; ref: string; conversationId?: string; before?: number; after?: number; limit: number };
  resolve(page: HistoryPageFrame): void;
  reject(error: unknown): void;
}

/** A short, stable, non-secret fingerprint, so a staff token can namespace storage without being stored. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

function clip(value: string | undefined, max: number): string | undefined {
  return value ? value.slice(0, max) : undefined;
}

/** The page's context, read from the browser; empty elsewhere. */
function pageContext(): VisitorContext {
  const g = globalThis as { location?: Location; document?: Document; navigator?: Navigator };
  const context: VisitorContext = {};
  const url = clip(g.location?.href, 2048);
  const title = clip(g.document?.title, 256);
  const referrer = clip(g.document?.referrer, 2048);
  const locale = clip(g.navigator?.language, 35);
  let timezone: string | undefined;
  try {
    timezone = clip(Intl.DateTimeFormat().resolvedOptions().timeZone, 64);
  } catch {
    timezone = undefined;
  }
  if (url) context.url = url;
  if (title) context.title = title;
  if (referrer) context.referrer = referrer;
  if (locale) context.locale = locale;
  if (timezone) context.timezone = timezone;
  return context;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/**
 * The Parley client, for visitors (with `siteKey`) and staff (with `token`), in browsers and in Node.
 *
 * It keeps one connection to the relay (reconnecting with backoff, resuming by sequence), a durable outbox
 * (IndexedDB, one flushing tab at a time) and a timeline per conversation that is ordered by sequence and
 * deduplicated, with your own pending messages reconciled with their acks, never shown twice.
 *
 * @example
 * const client = new ParleyClient({ url: 'wss://relay.example.com/v1/ws', siteKey: 'pk_live_…' });
 * client.on('message', (message) => render(client.messages()));
 * client.connect();
 * await client.send('Hello!'); // durably queued; sent now or when the connection returns
 */
export class ParleyClient {
  readonly #options: ParleyClientOptions;
  readonly #events = new Emitter<ParleyEvents>();
  readonly #clock: Clock;
  readonly #connection: Connection;
  readonly #namespace: string;
  readonly #init: Promise<void>;
  #store: Store = new MemoryStore();
  #outbox: Outbox;
  #tabs: Tabs | undefined;
  #storageKind: StorageKind;

  #welcome: WelcomeFrame | undefined;
  #visitorToken: string | undefined;
  #token: string | undefined;
  #conversationId: string | undefined;
  #staffOnline = 0;
  #unread = 0;

  /** Confirmed messages per conversation, sorted by seq. */
  readonly #timeline = new Map<string, LocalMessage[]>();
  /** Own messages not stored yet (queued, sending, failed), by clientId. */
  readonly #pending = new Map<string, LocalMessage>();
  /** Highest contiguous seq seen per conversation (sent as `resume`). */
  readonly #cursors = new Map<string, number>();
  /** This side's read mark per conversation. */
  readonly #readMarks = new Map<string, number>();
  /** The other side's delivered and read marks per conversation. */
  readonly #peerMarks = new Map<string, { delivered: number; read: number }>();
  /** Read marks not yet sent (offline). */
  readonly #unsentReads = new Map<string, number>();
  /** Delivered receipts to send, and the last one sent, per conversation. */
  readonly #deliveredDue = new Map<string, number>();
  readonly #deliveredSent = new Map<string, number>();
  #deliveredTimer: TimerHandle | undefined;
  /** Catch-up requests in flight (a gap was seen), per conversation. */
  readonly #catchingUp = new Set<string>();

  readonly #requests = new Map<string, PendingRequest>();
  readonly #inFlight = new Map<string, (result: SendResult) => void>();
  #flushing = false;
  #flushAgain = false;
  #closed = false;
  /** Visitor presence per conversation (staff). */
  readonly #visitorOnline = new Map<string, boolean>();
  #retryTimer: TimerHandle | undefined;

  readonly #typingSent = new Map<string, { at: number; timer: TimerHandle | undefined }>();
  readonly #remoteTyping = new Map<string, TimerHandle>();

  /** @param options - see {@link ParleyClientOptions}. */
  constructor(options: ParleyClientOptions) {
    if (!options.url) throw new TypeError('ParleyClient: `url` is required.');
    if (!options.siteKey && !options.token)
      throw new TypeError('ParleyClient: pass `siteKey` (visitors) or `token` (staff).');
    this.#options = options;
    this.#token = options.token;
    this.#clock = options.clock ?? systemClock;
    this.#namespace =
      options.storageKey ?? `${options.url}|${options.siteKey ?? `staff:${fingerprint(options.token ?? '')}`}`;
    const storage = options.storage ?? 'indexeddb';
    const wantsIdb = storage === 'indexeddb' && typeof indexedDB !== 'undefined';
    if (typeof storage === 'object') this.#store = storage;
    this.#storageKind = wantsIdb ? 'indexeddb' : this.#store.kind;
    this.#outbox = new Outbox(this.#store, this.#namespace, false);
    const WebSocketClass = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!WebSocketClass) throw new TypeError('ParleyClient: no WebSocket here; pass one (in Node: `ws`).');
    this.#connection = new Connection({
      url: options.url,
      WebSocket: WebSocketClass,
      clock: this.#clock,
      backoff: new Backoff(options.backoff, options.random),
      hello: () => this.#hello(),
      heartbeatMs: options.heartbeatMs,
      graceMs: options.heartbeatGraceMs,
      refreshToken:
        options.refreshToken &&
        (async () => {
          this.#token = await options.refreshToken!();
        }),
      environment: options.environment,
    });
    this.#connection.on('stateChange', (change) => {
      if (change.previous === 'open') this.#disconnected();
      this.#events.emit('stateChange', change);
    });
    this.#connection.on('error', (error) => this.#events.emit('error', error));
    this.#connection.on('welcome', (welcome) => this.#welcomed(welcome));
    this.#connection.on('frame', (frame) => this.#frame(frame));
    this.#init = this.#load(wantsIdb);
  }

  // ---- public surface --------------------------------------------------------------------------------------

  /** `idle` until `connect()`, then `connecting`, `open`, `reconnecting`; `closed` after `close()` or a terminal refusal. */
  get state(): ConnectionState {
    return this.#connection.state;
  }

  /**
   * Where the outbox, visitor token and cursors live: `indexeddb`, or `memory` when IndexedDB is unavailable
   * (or `storage: 'memory'` was asked). Settled once the store has been opened, before the first hello.
   */
  get storageKind(): StorageKind {
    return this.#storageKind;
  }

  /** Visitors: their conversation id, once the relay has told it (welcome or first ack). */
  get conversationId(): string | undefined {
    return this.#conversationId;
  }

  /** How many staff are online (visitors; staff see it too). */
  get staffOnline(): number {
    return this.#staffOnline;
  }

  /** Messages from the other side after this side's read mark, over every conversation the client holds. */
  get unreadCount(): number {
    return this.#unread;
  }

  /** The last welcome, while connected or after. */
  get welcome(): WelcomeFrame | undefined {
    return this.#welcome;
  }

  /** Whether this tab should play sounds: exactly one tab of the browser is the leader (Web Locks). */
  get leader(): boolean {
    return this.#tabs ? this.#tabs.leader : true;
  }

  /** Opens the connection (idempotent). The first hello waits for the storage to load. */
  connect(): void {
    this.#connection.connect();
  }

  /**
   * Resolves with the welcome once the connection is open. Rejects when the client closes for good or
   * `signal` aborts. Does not connect by itself.
   */
  ready(signal?: AbortSignal): Promise<WelcomeFrame> {
    if (this.state === 'open' && this.#welcome) return Promise.resolve(this.#welcome);
    if (this.state === 'closed') return Promise.reject(new Error('Parley client closed.'));
    return new Promise<WelcomeFrame>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const cleanup = (): void => {
        offWelcome();
        offState();
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        cleanup();
        reject(abortError(signal!));
      };
      const offWelcome = this.#events.on('welcome', (welcome) => {
        cleanup();
        resolve(welcome);
      });
      const offState = this.#events.on('stateChange', ({ current, reason }) => {
        if (current !== 'closed') return;
        cleanup();
        reject(new Error(`Parley client closed: ${reason}`));
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * Queues a message and resolves once it is durably stored in the outbox (it is sent at once when connected,
   * otherwise when the connection returns; it never rejects for being offline, only if the storage fails). The returned message then
   * moves through `sending → sent → delivered → read` (or `failed`), each move a `messageStatus` event.
   *
   * @throws TypeError when the text is empty or too long, or when staff omit `conversationId`.
   */
  async send(text: string, options: SendOptions = {}): Promise<LocalMessage> {
    if (text.trim().length === 0) throw new TypeError('ParleyClient.send: empty text.');
    if (text.length > LIMITS.maxTextLength) {
      throw new TypeError(`ParleyClient.send: text longer than ${LIMITS.maxTextLength} characters.`);
    }
    if (this.#isStaff() && !options.conversationId) {
      throw new TypeError('ParleyClient.send: staff must pass `conversationId`.');
    }
    await this.#init;
    const record: OutboxRecord = { clientId: createId(this.#clock.now()), text, ts: this.#clock.now() };
    const conversationId = options.conversationId ?? this.#conversationId;
    if (conversationId) record.conversationId = conversationId;
    if (options.note) record.note = true;
    const message = this.#pendingFromRecord(record);
    this.#pending.set(message.clientId, message);
    this.#events.emit('message', message);
    try {
      await this.#outbox.put(record);
    } catch (error) {
      // Not stored, so it would never be sent: say so rather than show it queued forever.
      this.#fail(message, { code: 'storage_failed', message: String(error) });
      throw error;
    }
    this.#tabs?.post({ t: 'queued', message: { ...message } });
    this.stopTyping(conversationId);
    void this.#flush();
    return message;
  }

  /**
   * The timeline of a conversation (default: the visitor's): stored messages by sequence, then pending ones
   * in the order they were written. Deduplicated; a new array on every call. After a reload it holds what
   * arrived since the last sequence seen (and the queued messages); call `loadEarlier()` for the history.
   */
  messages(conversationId?: string): readonly LocalMessage[] {
    const id = conversationId ?? this.#conversationId;
    const confirmed = id ? (this.#timeline.get(id) ?? []) : [];
    const pending = [...this.#pending.values()]
      .filter((message) => (message.conversationId ?? this.#conversationId) === id)
      .sort((a, b) => (a.clientId < b.clientId ? -1 : 1));
    return [...confirmed, ...pending];
  }

  /**
   * The conversations this client holds messages for, most recently active first: for a staff inbox. Each
   * summary has the newest message, the unread count and, for staff, whether the visitor is online.
   */
  conversations(): ConversationSummary[] {
    const role = this.#role();
    const summaries: ConversationSummary[] = [];
    for (const [conversationId, list] of this.#timeline) {
      const mark = this.#readMarks.get(conversationId) ?? 0;
      let unread = 0;
      for (let i = list.length - 1; i >= 0 && list[i]!.seq! > mark; i--) {
        if (list[i]!.author.role !== role && list[i]!.kind !== 'note') unread++;
      }
      const summary: ConversationSummary = { conversationId, unread };
      const last = list.at(-1);
      if (last) summary.lastMessage = last;
      const online = this.#visitorOnline.get(conversationId);
      if (online !== undefined) summary.visitorOnline = online;
      summaries.push(summary);
    }
    return summaries.sort((a, b) => (b.lastMessage?.ts ?? 0) - (a.lastMessage?.ts ?? 0));
  }

  /**
   * Loads the page of stored messages before the oldest one held (or the newest page, when none is held),
   * adds them to the timeline and returns them, oldest first. Waits for the connection if needed. History is
   * not emitted as `message` events.
   */
  async loadEarlier(options: LoadEarlierOptions = {}): Promise<{ messages: LocalMessage[]; hasMore: boolean }> {
    const { signal } = options;
    await this.#init;
    if (this.state !== 'open') await this.ready(signal);
    if (signal?.aborted) throw abortError(signal);
    const conversationId = options.conversationId ?? this.#conversationId;
    if (!conversationId) return { messages: [], hasMore: false };
    const held = this.#timeline.get(conversationId);
    // Nothing held and no cursor (staff opening a conversation): ask for the newest page.
    const cursor = this.#cursors.get(conversationId);
    const before = held?.[0]?.seq ?? (cursor === undefined ? Number.MAX_SAFE_INTEGER : cursor + 1);
    if (before <= 1) return { messages: [], hasMore: false };
    const limit = Math.min(Math.max(1, options.limit ?? 30), LIMITS.maxHistoryPage);
    const page = await this.#request({ type: 'history', ref: createId(), conversationId, before, limit }, signal);
    const messages = page.messages.map((message) => this.#confirm(message, false));
    this.#recount();
    return { messages, hasMore: page.hasMore };
  }

  /**
   * Call on every keystroke: sends `typing` at most every 3 s, and stops by itself after a 5 s pause.
   * Visitors may omit the conversation.
   */
  typing(conversationId?: string): void {
    const key = conversationId ?? this.#conversationId ?? '';
    const now = this.#clock.now();
    let entry = this.#typingSent.get(key);
    if (!entry || now - entry.at >= TYPING_THROTTLE_MS) {
      if (!this.#sendFrame({ type: 'typing', active: true, ...(conversationId && { conversationId }) })) return;
      if (entry?.timer !== undefined) this.#clock.clearTimeout(entry.timer);
      entry = { at: now, timer: undefined };
      this.#typingSent.set(key, entry);
    }
    if (entry.timer !== undefined) this.#clock.clearTimeout(entry.timer);
    entry.timer = this.#clock.setTimeout(() => this.stopTyping(conversationId), TYPING_IDLE_MS);
  }

  /** Says typing stopped (on send, blur); does nothing if no typing signal is active. */
  stopTyping(conversationId?: string): void {
    const key = conversationId ?? this.#conversationId ?? '';
    const entry = this.#typingSent.get(key) ?? this.#typingSent.get('');
    if (!entry) return;
    if (entry.timer !== undefined) this.#clock.clearTimeout(entry.timer);
    this.#typingSent.delete(key);
    this.#typingSent.delete('');
    this.#sendFrame({ type: 'typing', active: false, ...(conversationId && { conversationId }) });
  }

  /**
   * Marks the conversation read up to `seq` (default: its newest message). Updates the unread count at once,
   * tells other tabs, and tells the relay now or on reconnect.
   */
  markRead(seq?: number, conversationId?: string): void {
    const id = conversationId ?? this.#conversationId;
    if (!id) return;
    const upTo = seq ?? Math.max(this.#timeline.get(id)?.at(-1)?.seq ?? 0, this.#cursors.get(id) ?? 0);
    if (!this.#setReadMark(id, upTo)) return;
    this.#tabs?.post({ t: 'read', conversationId: id, seq: upTo });
    this.#unsentReads.set(id, upTo);
    this.#sendReads();
  }

  /** Tells staff the visitor moved to another page (SPA navigation). */
  updateContext(context: VisitorContext): void {
    this.#sendFrame({ type: 'context', context });
  }

  /** Shares the chat panel's open state with the other tabs (they get `openChange` with `local: false`). */
  setOpen(open: boolean): void {
    this.#tabs?.post({ t: 'open', open });
    this.#events.emit('openChange', { open, local: true });
  }

  /**
   * Subscribes to an event; returns the unsubscribe function.
   *
   * @example
   * const off = client.on('stateChange', ({ current, reason }) => console.log(current, reason));
   */
  on<K extends keyof ParleyEvents>(type: K, listener: (payload: ParleyEvents[K]) => void): () => void {
    return this.#events.on(type, listener);
  }

  /** Closes the connection and releases every timer, listener, tab channel and lock. Final. */
  close(): void {
    this.#closed = true;
    this.#connection.close();
    for (const entry of this.#typingSent.values()) {
      if (entry.timer !== undefined) this.#clock.clearTimeout(entry.timer);
    }
    this.#typingSent.clear();
    for (const timer of this.#remoteTyping.values()) this.#clock.clearTimeout(timer);
    this.#remoteTyping.clear();
    if (this.#deliveredTimer !== undefined) this.#clock.clearTimeout(this.#deliveredTimer);
    if (this.#retryTimer !== undefined) this.#clock.clearTimeout(this.#retryTimer);
    this.#deliveredTimer = this.#retryTimer = undefined;
    this.#tabs?.close();
    this.#tabs = undefined;
    for (const request of this.#requests.values()) request.reject(new Error('Parley client closed.'));
    this.#requests.clear();
    this.#events.clear();
  }

  // ---- storage ---------------------------------------------------------------------------------------------

  async #load(wantsIdb: boolean): Promise<void> {
    const idb = wantsIdb ? await IdbStore.open() : undefined;
    if (idb) this.#store = idb;
    this.#storageKind = this.#store.kind;
    // Tabs exist where documents do; in Node a BroadcastChannel would only keep the process alive.
    const useTabs = this.#options.tabs ?? typeof document !== 'undefined';
    this.#outbox = new Outbox(this.#store, this.#namespace, useTabs);
    if (useTabs && !this.#closed)
      this.#tabs = new Tabs(
        this.#namespace,
        (message) => this.#tabMessage(message),
        () => {},
      );
    const ns = this.#namespace;
    try {
      const [token, cursors, reads, records] = await Promise.all([
        this.#store.get<string>(`${ns}:token`),
        this.#store.entries<number>(`${ns}:cursor:`),
        this.#store.entries<number>(`${ns}:read:`),
        this.#outbox.list(),
      ]);
      this.#visitorToken = token;
      for (const [key, seq] of cursors) this.#cursors.set(key.slice(`${ns}:cursor:`.length), seq);
      for (const [key, seq] of reads) this.#readMarks.set(key.slice(`${ns}:read:`.length), seq);
      for (const record of records) {
        if (this.#pending.has(record.clientId)) continue;
        const message = this.#pendingFromRecord(record);
        this.#pending.set(record.clientId, message);
        this.#events.emit('message', message);
      }
    } catch (error) {
      this.#events.emit('error', { code: 'storage', message: String(error), fatal: false });
    }
  }

  #persist(key: string, value: unknown): void {
    this.#store.set(`${this.#namespace}:${key}`, value).catch(() => undefined);
  }

  #persistMax(key: string, seq: number): void {
    this.#store.update<number>(`${this.#namespace}:${key}`, (old) => Math.max(old ?? 0, seq)).catch(() => undefined);
  }

  // ---- connection ------------------------------------------------------------------------------------------

  #isStaff(): boolean {
    return this.#welcome ? this.#welcome.role === 'staff' : Boolean(this.#options.token);
  }

  async #hello(): Promise<HelloFrame> {
    await this.#init;
    const options = this.#options;
    const hello: HelloFrame = { type: 'hello' };
    if (this.#token) {
      hello.staffToken = this.#token;
    } else {
      if (options.siteKey) hello.siteKey = options.siteKey;
      if (this.#visitorToken) hello.visitorToken = this.#visitorToken;
      if (options.user) hello.user = options.user;
      if (options.name) hello.name = clip(options.name, 256);
      if (options.email) hello.email = clip(options.email, 256);
      try {
        hello.context = options.context ? options.context() : pageContext();
      } catch {
        // A throwing context callback must not block the connection.
      }
    }
    const cursors = [...this.#cursors].sort((a, b) => b[1] - a[1]).slice(0, LIMITS.maxResumeCursors);
    if (cursors.length > 0) hello.resume = Object.fromEntries(cursors);
    return hello;
  }

  #welcomed(welcome: WelcomeFrame): void {
    this.#welcome = welcome;
    if (welcome.visitorToken && welcome.visitorToken !== this.#visitorToken) {
      this.#visitorToken = welcome.visitorToken;
      this.#persist('token', welcome.visitorToken);
    }
    if (welcome.conversationId) {
      this.#conversationId = welcome.conversationId;
      if (!this.#cursors.has(welcome.conversationId) && welcome.lastSeq !== undefined) {
        this.#setCursor(welcome.conversationId, welcome.lastSeq);
      }
      if (welcome.readSeq) this.#peerMark(welcome.conversationId, 'read', welcome.readSeq);
    }
    this.#setStaffOnline(welcome.staffOnline);
    // Relabel our pending copies now that we know who we are.
    const author = this.#me();
    for (const message of this.#pending.values()) message.author = author;
    this.#events.emit('welcome', welcome);
    for (const request of this.#requests.values()) this.#sendFrame(request.frame);
    this.#sendReads();
    this.#scheduleDelivered();
    void this.#flush();
  }

  #disconnected(): void {
    for (const resolve of [...this.#inFlight.values()]) resolve('disconnected');
    this.#inFlight.clear();
    for (const message of this.#pending.values()) if (message.status === 'sending') this.#setStatus(message, 'queued');
    this.#catchingUp.clear();
    for (const key of [...this.#remoteTyping.keys()]) this.#expireTyping(key);
  }

  #sendFrame(frame: Parameters<Connection['send']>[0]): boolean {
    return this.#connection.send(frame);
  }

  #frame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'ack':
        return this.#acked(frame);
      case 'message':
        this.#confirm(frame.message, true);
        return this.#recount();
      case 'history': {
        const request = this.#requests.get(frame.ref);
        if (!request) return;
        this.#requests.delete(frame.ref);
        return request.resolve(frame);
      }
      case 'typing':
        return this.#remoteTypingEvent(frame.conversationId, frame.author, frame.active);
      case 'read':
      case 'delivered':
        if (frame.by === this.#role()) {
          // Our own side read elsewhere (another tab or device): that moves our read mark.
          if (frame.type === 'read') this.#setReadMark(frame.conversationId, frame.seq);
          return;
        }
        this.#peerMark(frame.conversationId, frame.type, frame.seq);
        if (frame.type === 'read')
          this.#events.emit('read', { conversationId: frame.conversationId, seq: frame.seq, by: frame.by });
        return;
      case 'presence':
        if (frame.staffOnline !== undefined) {
          this.#setStaffOnline(frame.staffOnline);
        }
        if (frame.conversationId !== undefined && frame.visitorOnline !== undefined) {
          this.#visitorOnline.set(frame.conversationId, frame.visitorOnline);
          this.#events.emit('presence', { conversationId: frame.conversationId, visitorOnline: frame.visitorOnline });
        }
        return;
      case 'error':
        return this.#errorFrame(frame);
      case 'conversation':
        return this.#events.emit('conversation', frame.conversation);
      default:
        return;
    }
  }

  #setStaffOnline(count: number): void {
    if (count === this.#staffOnline) return;
    this.#staffOnline = count;
    this.#events.emit('presence', { staffOnline: count });
  }

  #errorFrame(frame: ErrorFrameData): void {
    const resolve = frame.ref ? this.#inFlight.get(frame.ref) : undefined;
    if (frame.ref && resolve) {
      this.#inFlight.delete(frame.ref);
      const message = this.#pending.get(frame.ref);
      if (ERROR_RETRY[frame.code] === 'retry') {
        if (message) this.#setStatus(message, 'queued');
        this.#scheduleFlush(frame.retryAfterMs ?? DEFAULT_RETRY_MS);
        return resolve('retry');
      }
      const error = { code: frame.code, message: frame.message };
      if (message) this.#fail(message, error);
      this.#tabs?.post({ t: 'failed', clientId: frame.ref, error });
      this.#events.emit('error', { ...error, fatal: false });
      return resolve('failed');
    }
    const request = frame.ref ? this.#requests.get(frame.ref) : undefined;
    if (frame.ref && request) {
      this.#requests.delete(frame.ref);
      return request.reject(Object.assign(new Error(frame.message), { code: frame.code }));
    }
    this.#events.emit('error', { code: frame.code, message: frame.message, fatal: false });
  }

  #request(frame: PendingRequest['frame'], signal?: AbortSignal): Promise<HistoryPageFrame> {
    return new Promise<HistoryPageFrame>((resolve, reject) => {
      const done = (): void => {
        this.#requests.delete(frame.ref);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        done();
        reject(abortError(signal!));
      };
      this.#requests.set(frame.ref, {
        frame,
        resolve: (page) => {
          done();
          resolve(page);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#sendFrame(frame); // if the socket just dropped, it is sent again after the next welcome
    });
  }

  // ---- outbox ----------------------------------------------------------------------------------------------

  #me(): Author {
    const welcome = this.#welcome;
    if (welcome?.staff) return { role: 'staff', id: welcome.staff.id, name: welcome.staff.name };
    if (this.#isStaff()) return { role: 'staff', id: '' };
    const name = this.#options.user?.name ?? this.#options.name;
    return { role: 'visitor', id: welcome?.visitorId ?? '', ...(name && { name }) };
  }

  #role(): 'visitor' | 'staff' {
    return this.#isStaff() ? 'staff' : 'visitor';
  }

  #isMine(author: Author): boolean {
    if (author.role !== this.#role()) return false;
    return author.role === 'visitor' || author.id === this.#welcome?.staff?.id;
  }

  #pendingFromRecord(record: OutboxRecord): LocalMessage {
    const message: LocalMessage = {
      clientId: record.clientId,
      ts: record.ts,
      author: this.#me(),
      text: record.text,
      kind: record.note ? 'note' : 'text',
      status: 'queued',
      mine: true,
    };
    if (record.conversationId) message.conversationId = record.conversationId;
    return message;
  }

  #scheduleFlush(delayMs: number): void {
    if (this.#retryTimer !== undefined) this.#clock.clearTimeout(this.#retryTimer);
    this.#retryTimer = this.#clock.setTimeout(() => {
      this.#retryTimer = undefined;
      void this.#flush();
    }, delayMs);
  }

  /**
   * Sends the outbox in order, one message at a time (each waits for its ack, so a refusal or a retry never
   * reorders the conversation), under the cross-tab lock. Records are re-read inside the lock: another tab
   * may have sent some already.
   */
  async #flush(): Promise<void> {
    await this.#init;
    if (this.#flushing) {
      this.#flushAgain = true;
      return;
    }
    this.#flushing = true;
    try {
      do {
        this.#flushAgain = false;
        if (this.state !== 'open' || this.#retryTimer !== undefined) return;
        await this.#outbox.exclusive(async () => {
          while (this.state === 'open') {
            const [record] = await this.#outbox.list();
            if (!record) return;
            const result = await this.#sendOne(record);
            if (result === 'acked' || result === 'failed') await this.#outbox.remove(record.clientId);
            else return;
          }
        });
      } while (this.#flushAgain);
    } catch (error) {
      this.#events.emit('error', { code: 'storage', message: String(error), fatal: false });
    } finally {
      this.#flushing = false;
    }
  }

  #sendOne(record: OutboxRecord): Promise<SendResult> {
    let message = this.#pending.get(record.clientId);
    if (!message) {
      if (this.#findConfirmed(record.clientId, record.conversationId)) return Promise.resolve('acked');
      message = this.#pendingFromRecord(record);
      this.#pending.set(record.clientId, message);
      this.#events.emit('message', message);
    }
    if (message.status === 'failed') return Promise.resolve('failed');
    const conversationId = record.conversationId ?? (this.#isStaff() ? undefined : this.#conversationId);
    return new Promise<SendResult>((resolve) => {
      this.#inFlight.set(record.clientId, resolve);
      const sent = this.#sendFrame({
        type: 'send',
        id: record.clientId,
        text: record.text,
        ...(conversationId && { conversationId }),
        ...(record.note && { note: true }),
      });
      if (!sent) {
        this.#inFlight.delete(record.clientId);
        return resolve('disconnected');
      }
      this.#setStatus(message, 'sending');
    });
  }

  #acked(ack: AckFrame): void {
    const message = this.#pending.get(ack.id);
    const resolve = this.#inFlight.get(ack.id);
    this.#inFlight.delete(ack.id);
    if (!this.#isStaff()) this.#conversationId ??= ack.conversationId;
    if (message) {
      const stored: Message = {
        id: ack.messageId,
        clientId: ack.id,
        conversationId: ack.conversationId,
        seq: ack.seq,
        ts: ack.ts,
        author: message.author,
        text: message.text,
        kind: message.kind,
      };
      this.#confirm(stored, false);
      this.#recount();
    }
    resolve?.('acked');
  }

  #fail(message: LocalMessage, error: { code: string; message: string }): void {
    message.error = error;
    this.#setStatus(message, 'failed');
  }

  #setStatus(message: LocalMessage, status: MessageStatus): void {
    const previous = message.status;
    if (previous === status) return;
    message.status = status;
    this.#events.emit('messageStatus', { message, previous });
  }

  // ---- timeline --------------------------------------------------------------------------------------------

  #findConfirmed(clientId: string, conversationId: string | undefined): LocalMessage | undefined {
    const lists = conversationId ? [this.#timeline.get(conversationId) ?? []] : [...this.#timeline.values()];
    for (const list of lists) {
      for (let i = list.length - 1; i >= 0; i--) if (list[i]!.clientId === clientId) return list[i];
    }
    return undefined;
  }

  /**
   * Adds a stored message to its conversation's timeline, once: a (conversation, seq) already held is ignored,
   * and our own pending copy with the same clientId becomes the stored one (never a second entry).
   */
  #confirm(stored: Message, live: boolean, fromTab = false): LocalMessage {
    const { conversationId, seq } = stored;
    let list = this.#timeline.get(conversationId);
    if (!list) this.#timeline.set(conversationId, (list = []));
    // Binary search for the insertion point; most messages append.
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (list[mid]!.seq! < seq) low = mid + 1;
      else high = mid;
    }
    const existing = list[low];
    if (existing && existing.seq === seq) return existing;

    const pending = this.#pending.get(stored.clientId);
    let message: LocalMessage;
    if (pending && (pending.conversationId ?? conversationId) === conversationId) {
      this.#pending.delete(stored.clientId);
      message = pending;
      Object.assign(message, { conversationId, seq, id: stored.id, ts: stored.ts, author: stored.author });
      list.splice(low, 0, message);
      this.#setStatus(message, this.#receiptStatus(message));
      // Other tabs hold a copy of our pending message (see `queued`); whichever way we learnt it is stored, say so.
      if (!fromTab) this.#tabs?.post({ t: 'confirmed', message: stored });
      // An ack may be lost while the delivery arrives (or another tab sent it): it is stored, drop the record.
      if (!this.#inFlight.has(stored.clientId)) void this.#outbox.remove(stored.clientId).catch(() => undefined);
    } else {
      message = {
        clientId: stored.clientId,
        conversationId,
        seq,
        id: stored.id,
        ts: stored.ts,
        author: stored.author,
        text: stored.text,
        kind: stored.kind,
        status: 'sent',
        mine: this.#isMine(stored.author),
      };
      message.status = this.#receiptStatus(message);
      list.splice(low, 0, message);
      if (live) this.#events.emit('message', message);
    }
    this.#advanceCursor(conversationId, seq, live);
    if (live && stored.author.role !== this.#role()) this.#dueDelivered(conversationId, seq);
    return message;
  }

  /** `sent`, or `delivered`/`read` when the other side's marks already cover it. */
  #receiptStatus(message: LocalMessage): MessageStatus {
    const marks = message.conversationId ? this.#peerMarks.get(message.conversationId) : undefined;
    if (!marks || message.seq === undefined || !this.#receiptsApply(message)) return 'sent';
    if (marks.read >= message.seq) return 'read';
    if (marks.delivered >= message.seq) return 'delivered';
    return 'sent';
  }

  /** Receipts from the other side apply to this side's messages (ours and colleagues'), never to notes. */
  #receiptsApply(message: LocalMessage): boolean {
    return message.author.role === this.#role() && message.kind !== 'note';
  }

  #peerMark(conversationId: string, kind: 'delivered' | 'read', seq: number): void {
    let marks = this.#peerMarks.get(conversationId);
    if (!marks) this.#peerMarks.set(conversationId, (marks = { delivered: 0, read: 0 }));
    if (marks[kind] >= seq) return;
    marks[kind] = seq;
    if (kind === 'read') marks.delivered = Math.max(marks.delivered, seq);
    for (const message of this.#timeline.get(conversationId) ?? []) {
      if (message.seq! > seq) break;
      const next = this.#receiptStatus(message);
      if (STATUS_ORDER.indexOf(next) > STATUS_ORDER.indexOf(message.status)) this.#setStatus(message, next);
    }
  }

  /** Moves the resume cursor over contiguous sequences; a gap asks the relay for what is missing. */
  #advanceCursor(conversationId: string, seq: number, live: boolean): void {
    const cursor = this.#cursors.get(conversationId);
    if (cursor === undefined) {
      this.#setCursor(conversationId, seq);
      return;
    }
    if (seq <= cursor) return;
    if (seq > cursor + 1) {
      if (live) this.#catchUp(conversationId, cursor);
      return;
    }
    let next = seq;
    const list = this.#timeline.get(conversationId) ?? [];
    for (const message of list) if (message.seq === next + 1) next++;
    this.#setCursor(conversationId, next);
  }

  #setCursor(conversationId: string, seq: number): void {
    this.#cursors.set(conversationId, seq);
    this.#persistMax(`cursor:${conversationId}`, seq);
  }

  #catchUp(conversationId: string, after: number): void {
    if (this.#catchingUp.has(conversationId) || this.state !== 'open') return;
    this.#catchingUp.add(conversationId);
    const ref = createId();
    this.#request({ type: 'history', ref, conversationId, after, limit: LIMITS.maxHistoryPage })
      .then((page) => {
        this.#catchingUp.delete(conversationId);
        for (const message of page.messages) this.#confirm(message, true);
        this.#recount();
        const cursor = this.#cursors.get(conversationId) ?? 0;
        const newest = this.#timeline.get(conversationId)?.at(-1)?.seq ?? 0;
        if (page.hasMore || newest > cursor) this.#catchUp(conversationId, cursor);
      })
      .catch(() => this.#catchingUp.delete(conversationId));
  }

  // ---- receipts and unread ---------------------------------------------------------------------------------

  #dueDelivered(conversationId: string, seq: number): void {
    if (seq <= (this.#deliveredSent.get(conversationId) ?? 0)) return;
    if (seq <= (this.#deliveredDue.get(conversationId) ?? 0)) return;
    this.#deliveredDue.set(conversationId, seq);
    this.#scheduleDelivered();
  }

  #scheduleDelivered(): void {
    if (this.#deliveredTimer !== undefined || this.#deliveredDue.size === 0) return;
    this.#deliveredTimer = this.#clock.setTimeout(() => {
      this.#deliveredTimer = undefined;
      for (const [conversationId, seq] of [...this.#deliveredDue]) {
        if (!this.#sendFrame({ type: 'delivered', conversationId, seq })) return;
        this.#deliveredDue.delete(conversationId);
        this.#deliveredSent.set(conversationId, seq);
      }
    }, DELIVERED_BATCH_MS);
  }

  #setReadMark(conversationId: string, seq: number): boolean {
    if (seq <= (this.#readMarks.get(conversationId) ?? 0)) return false;
    this.#readMarks.set(conversationId, seq);
    this.#persistMax(`read:${conversationId}`, seq);
    this.#recount();
    return true;
  }

  #sendReads(): void {
    for (const [conversationId, seq] of [...this.#unsentReads]) {
      if (!this.#sendFrame({ type: 'read', conversationId, seq })) return;
      this.#unsentReads.delete(conversationId);
    }
  }

  #recount(): void {
    let count = 0;
    for (const summary of this.conversations()) count += summary.unread;
    if (count === this.#unread) return;
    this.#unread = count;
    this.#events.emit('unreadChange', { count });
  }

  // ---- typing ----------------------------------------------------------------------------------------------

  #remoteTypingEvent(conversationId: string, author: Author, active: boolean): void {
    if (author.role === 'visitor' && this.#role() === 'visitor') return; // ourselves, in another tab
    if (author.role === 'staff' && author.id === this.#welcome?.staff?.id) return;
    const key = `${conversationId}\n${author.role}\n${author.id}`;
    const timer = this.#remoteTyping.get(key);
    if (timer !== undefined) this.#clock.clearTimeout(timer);
    this.#remoteTyping.delete(key);
    if (active) {
      this.#remoteTyping.set(
        key,
        this.#clock.setTimeout(() => this.#expireTyping(key), TYPING_EXPIRY_MS),
      );
    }
    if (active || timer !== undefined) this.#events.emit('typing', { conversationId, author, active });
  }

  #expireTyping(key: string): void {
    const timer = this.#remoteTyping.get(key);
    if (timer === undefined) return;
    this.#clock.clearTimeout(timer);
    this.#remoteTyping.delete(key);
    const [conversationId = '', role = 'staff', id = ''] = key.split('\n');
    this.#events.emit('typing', {
      conversationId,
      author: { role: role as Author['role'], id },
      active: false,
    });
  }

  // ---- tabs ------------------------------------------------------------------------------------------------

  #tabMessage(message: TabMessage): void {
    switch (message.t) {
      case 'queued': {
        const copy = message.message;
        if (this.#pending.has(copy.clientId) || this.#findConfirmed(copy.clientId, copy.conversationId)) return;
        this.#pending.set(copy.clientId, copy);
        this.#events.emit('message', copy);
        return;
      }
      case 'confirmed':
        this.#confirm(message.message, false, true);
        return this.#recount();
      case 'failed': {
        const pending = this.#pending.get(message.clientId);
        if (pending) this.#fail(pending, message.error);
        return;
      }
      case 'read':
        this.#setReadMark(message.conversationId, message.seq);
        return;
      case 'open':
        this.#events.emit('openChange', { open: message.open, local: false });
        return;
    }
  }
}
