// Over 500 lines on purpose: ParleyClient is one state machine (timeline, outbox resend, receipts, typing, tabs) over
// private state that each part reads. What needs none of that state lives beside it: the outbox's flush loop and
// lock (outbox/outbox.ts), the hello's visitor context (visitor-context.ts), the abort helper (abortable.ts).
// Cutting the state apart was measured twice for issue #35 (docs/decisions/0005-sdk-entries-and-size.md): a routine
// moved out to a module function costs 10-30 B of the core's 8 kB budget, the receipts as a class of their own
// 189 B, the receipts and the timeline as two classes 295 B. Issue #87 settled it after a third pass found every seam
// over the 8,192 B budget too: this file stays one, and the budget holds.
import {
  MAX_HISTORY_PAGE,
  MAX_RESUME_CURSORS,
  MAX_TEXT_LENGTH,
  RETRYABLE_ERRORS,
  decodeServerFrameForVisitor,
  type AckFrame,
  type AttachmentId,
  type Author,
  type DecodeResult,
  type ErrorFrameData,
  type HelloFrame,
  type HistoryPageFrame,
  type Message,
  type ServerFrame,
  type VisitorContext,
  type WelcomeFrame,
} from '@parley/protocol';
import { systemClock, type Clock } from './connection/clock.js';
import { Connection } from './connection/connection.js';
import { Timers } from './connection/timers.js';
import { abortable } from './abortable.js';
import { Emitter } from './events.js';
import { createId } from './ids.js';
import { IdbStore } from './outbox/idb-store.js';
import { MemoryStore } from './outbox/memory-store.js';
import { Outbox, type OutboxRecord } from './outbox/outbox.js';
import type { Store } from './outbox/store.js';
import { Tabs, type TabMessage } from './tabs.js';
import { clip, fit, pageContext } from './visitor-context.js';
import {
  DEFAULT_RETRY_MS,
  DELIVERED_BATCH_MS,
  TYPING_EXPIRY_MS,
  TYPING_IDLE_MS,
  TYPING_THROTTLE_MS,
} from './timing.js';
import type {
  ConnectionState,
  LoadEarlierOptions,
  LocalMessage,
  MessageStatus,
  ParleyClientOptions,
  ParleyEvents,
  SendOptions,
  StorageKind,
  UploadError,
  WebSocketConstructor,
} from './types.js';

/**
 * How a send ended: `true` when the record is done with (acknowledged, or refused for good), `false` when it stays
 * in the outbox and the flush stops (a retryable refusal, or the connection dropped).
 */
type SendResult = boolean;

/** A client frame that the relay answers by its `ref`. */
type RequestFrame = Extract<
  Parameters<Connection['send']>[0],
  { type: 'history' | 'transcript' | 'email' | 'edit' | 'delete' | 'prechat' | 'conversations' | 'past' | 'continue' }
> & { ref: string };

/**
 * A request answered by the frame with its `ref` (or an `error` with it). A tuple, not an object: a minifier shortens
 * no member names, and these are the core's (docs/decisions/0005-sdk-entries-and-size.md).
 */
type PendingRequest = [frame: RequestFrame, resolve: (answer: ServerFrame) => void, reject: (error: unknown) => void];

/** The marks this side keeps per conversation, persisted: the resume cursor and the read mark. */
type MarkKind = 'cursor' | 'read';

/**
 * The Parley client for a visitor of a site, in browsers and in Node. Staff use `StaffClient` from
 * `@parley/sdk/staff`, which extends it with the inbox.
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
  /**
   * `flush` (a retry after a retryable refusal), `delivered` (the receipt batch), `typing …` (our typing signal's
   * end) and `remote …` (a remote typing state's expiry).
   */
  readonly #timers: Timers;
  readonly #connection: Connection;
  readonly #namespace: string;
  readonly #init: Promise<void>;
  #store: Store;
  /** Made once the store is open: nothing reads it before `#init` settles. */
  #outbox!: Outbox;
  #tabs: Tabs | undefined;
  #storageKind: StorageKind;

  #welcome: WelcomeFrame | undefined;
  #visitorToken: string | undefined;
  #conversationId: string | undefined;
  #staffOnline = 0;
  #unread = 0;

  /** Confirmed messages per conversation, sorted by seq. */
  readonly #timeline = new Map<string, LocalMessage[]>();
  /** Own messages not stored yet (queued, sending, failed), by clientId. */
  readonly #pending = new Map<string, LocalMessage>();
  /** Per conversation: the highest contiguous seq seen (sent as `resume`), and this side's read mark. */
  readonly #marks: Record<MarkKind, Map<string, number>> = { cursor: new Map(), read: new Map() };
  /** The other side's delivered and read marks per conversation (a read mark covers delivery too). */
  readonly #peerMarks: Record<'delivered' | 'read', Map<string, number>> = { delivered: new Map(), read: new Map() };
  /** Conversations whose read mark the relay has not been told yet (offline). */
  readonly #unsentReads = new Set<string>();
  /**
   * Conversations owed a delivered receipt (the other side's messages arrived). It says the resume cursor: everything
   * up to it has been received.
   */
  readonly #deliveredDue = new Set<string>();
  /** Catch-up requests in flight (a gap was seen), per conversation. */
  readonly #catchingUp = new Set<string>();

  readonly #requests = new Map<string, PendingRequest>();
  readonly #inFlight = new Map<string, (result: SendResult) => void>();
  #closed = false;

  /** When this side last said it was typing, per conversation named (`''`: a visitor's, who names none). */
  readonly #typingSent = new Map<string, number>();

  /** @param options - see {@link ParleyClientOptions}. */
  constructor(options: ParleyClientOptions) {
    if (!options.url || (this.role === 'visitor' && !options.siteKey)) {
      throw new TypeError('ParleyClient: pass `url` and `siteKey`.');
    }
    const WebSocketClass = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!WebSocketClass) throw new TypeError('ParleyClient: pass a WebSocket (Node: `ws`).');
    this.#options = options;
    const clock = (this.#clock = options.clock ?? systemClock);
    this.#timers = new Timers(clock);
    this.#namespace = options.storageKey ?? `${options.url}|${options.siteKey}`;
    const storage = options.storage ?? 'indexeddb';
    const wantsIdb = storage === 'indexeddb' && typeof indexedDB !== 'undefined';
    this.#store = typeof storage === 'object' ? storage : new MemoryStore();
    this.#storageKind = wantsIdb ? 'indexeddb' : this.#store.kind;
    this.#connection = new Connection({
      ...options,
      WebSocket: WebSocketClass,
      clock,
      decode: (data) => this.decode(data),
      hello: () => this.#hello(),
      refreshToken: () => this.refresh(),
      on: {
        stateChange: (change) => {
          if (change.previous === 'open') this.#disconnected();
          this.emit('stateChange', change);
        },
        error: (error) => this.emit('error', error),
        welcome: (welcome) => this.#welcomed(welcome),
        frame: (frame) => this.#frame(frame),
      },
    });
    this.#init = this.#load(wantsIdb);
  }

  // ---- public surface --------------------------------------------------------------------------------------

  /** Which side this client speaks for: `visitor` (a `StaffClient` says `staff`). */
  get role(): 'visitor' | 'staff' {
    return 'visitor';
  }

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
    return this.#tabs?.leader ?? true;
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
    return abortable(signal, (resolve, reject) => {
      const offWelcome = this.#events.on('welcome', resolve);
      const offState = this.#events.on('stateChange', ({ current, reason }) => {
        if (current === 'closed') reject(new Error(`Parley client closed: ${reason}`));
      });
      return () => {
        offWelcome();
        offState();
      };
    });
  }

  /**
   * Queues a message and resolves once it is durably stored in the outbox (it is sent at once when connected,
   * otherwise when the connection returns; it never rejects for being offline, only if the storage fails). The
   * returned message then moves through `sending → sent → delivered → read` (or `failed`), each move a
   * `messageStatus` event.
   *
   * @throws TypeError when the text is empty (and the message has no files) or too long.
   */
  async send(text: string, options: SendOptions = {}): Promise<LocalMessage> {
    // A message with files (protocol 3) may have an empty text.
    if (!(text.trim() || options.files) || text.length > MAX_TEXT_LENGTH) {
      throw new TypeError(`ParleyClient.send: empty, or over ${MAX_TEXT_LENGTH} characters.`);
    }
    await this.#init;
    const record: OutboxRecord = {
      // `note`, `buttons`, `rating`: sent as they are (the relay checks them).
      ...options,
      clientId: options.clientId ?? createId(this.#clock.now()),
      text,
      ts: this.#clock.now(),
      conversationId: options.conversationId ?? this.#conversationId,
    };
    const message = this.#queued(this.#fromRecord(record))!; // a new id: shown at once
    try {
      await this.#outbox.put(record);
    } catch (error) {
      // Not stored, so it would never be sent: say so rather than show it queued forever.
      this.#fail(message, { code: 'storage_failed', message: String(error) });
      throw error;
    }
    this.#tabs?.post({ t: 'queued', message }); // posting copies it
    this.stopTyping(options.conversationId);
    void this.#flush();
    return message;
  }

  /**
   * The timeline of a conversation (default: the visitor's): stored messages by sequence, then pending ones
   * in the order they were written. Deduplicated; a new array on every call. After a reload it holds what
   * arrived since the last sequence seen (and the queued messages); call `loadEarlier()` for the history. While no
   * conversation is known (a visitor's page reloaded offline, before the welcome), every queued message is the
   * visitor's: all are listed, whichever conversation they were written in.
   */
  messages(conversationId = this.#conversationId): readonly LocalMessage[] {
    const pending = [...this.#pending.values()]
      .filter((message) => !conversationId || (message.conversationId ?? this.#conversationId) === conversationId)
      .sort((a, b) => (a.clientId < b.clientId ? -1 : 1));
    return [...((conversationId && this.#timeline.get(conversationId)) || []), ...pending];
  }

  /**
   * Loads the page of stored messages before the oldest one held (or the newest page, when none is held),
   * adds them to the timeline and returns them, oldest first. Waits for the connection if needed. History is
   * not emitted as `message` events.
   */
  async loadEarlier(options: LoadEarlierOptions = {}): Promise<{ messages: LocalMessage[]; hasMore: boolean }> {
    // Open means welcomed, so the storage is loaded (the hello waited for it).
    await this.ready(options.signal);
    const conversationId = options.conversationId ?? this.#conversationId;
    // Nothing held and no cursor (staff opening a conversation): ask for the newest page.
    const cursor = this.#marks.cursor.get(conversationId!);
    const before =
      this.#timeline.get(conversationId!)?.[0]?.seq ?? (cursor === undefined ? Number.MAX_SAFE_INTEGER : cursor + 1);
    if (!conversationId || before <= 1) return { messages: [], hasMore: false };
    const limit = Math.min(Math.max(1, options.limit ?? 30), MAX_HISTORY_PAGE);
    const page = await this.request<HistoryPageFrame>(
      { type: 'history', ref: createId(), conversationId, before, limit },
      options.signal,
    );
    return { messages: await this.adopt(page.messages), hasMore: page.hasMore };
  }

  /**
   * Call on every keystroke: sends `typing` at most every 3 s, and stops by itself after a 5 s pause.
   * Visitors omit the conversation (staff name it); `stopTyping` takes the same argument.
   */
  typing(conversationId?: string): void {
    const key = conversationId ?? '';
    const now = this.#clock.now();
    const last = this.#typingSent.get(key);
    if (last === undefined || now - last >= TYPING_THROTTLE_MS) {
      if (!this.#sendFrame({ type: 'typing', active: true, conversationId })) return;
      this.#typingSent.set(key, now);
    }
    this.#timers.set(`typing ${key}`, TYPING_IDLE_MS, () => this.stopTyping(conversationId));
  }

  /** Says typing stopped (on send, blur); does nothing if no typing signal is active for that conversation. */
  stopTyping(conversationId?: string): void {
    const key = conversationId ?? '';
    if (!this.#typingSent.delete(key)) return;
    this.#timers.clear(`typing ${key}`);
    this.#sendFrame({ type: 'typing', active: false, conversationId });
  }

  /**
   * Marks the conversation read up to `seq` (default: its newest message). Updates the unread count at once,
   * tells other tabs, and tells the relay now or on reconnect.
   */
  markRead(seq?: number, conversationId = this.#conversationId): void {
    if (!conversationId) return;
    const upTo =
      seq ??
      Math.max(this.#timeline.get(conversationId)?.at(-1)?.seq ?? 0, this.#marks.cursor.get(conversationId) ?? 0);
    if (!this.#setReadMark(conversationId, upTo)) return;
    this.#tabs?.post({ t: 'read', conversationId, seq: upTo });
    this.#unsentReads.add(conversationId);
    this.#sendMarks('read', this.#unsentReads, this.#marks.read);
  }

  /** Tells staff the visitor moved to another page (SPA navigation). */
  updateContext(context: VisitorContext): void {
    this.#sendFrame({ type: 'context', context: fit(context) });
  }

  /** Shares the chat panel's open state with the other tabs (they get `openChange` with `local: false`). */
  setOpen(open: boolean): void {
    this.#tabs?.post({ t: 'open', open });
    this.emit('openChange', { open, local: true });
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
    this.#timers.clear();
    this.#tabs?.close();
    this.#tabs = undefined;
    // Each rejection deletes its own entry, which a Map's iteration allows.
    for (const [, , reject] of this.#requests.values()) reject(new Error('Parley client closed.'));
    this.#events.clear();
  }

  // ---- what a staff client changes (see StaffClient) -------------------------------------------------------

  /** Adds this side's credentials and profile to a hello frame: the visitor's site key, token and page. */
  protected credentials(hello: HelloFrame): void {
    const options = this.#options;
    hello.siteKey = options.siteKey;
    hello.visitorToken = this.#visitorToken;
    hello.user = options.user;
    hello.name = clip(options.name, 256);
    hello.email = clip(options.email, 256);
    const version = clip(options.consent?.version, 64);
    if (version) hello.consent = { version };
    try {
      hello.context = fit(options.context ? options.context() : pageContext());
    } catch {
      // A throwing context callback must not block the connection.
    }
  }

  /** The author of this side's messages: the visitor, named as in the options once the welcome says who. */
  protected me(): Author {
    const name = this.#options.user?.name ?? this.#options.name;
    return { role: 'visitor', id: this.#welcome?.visitorId ?? '', ...(name && { name }) };
  }

  /** Decodes a frame from the relay: only the frames a visitor receives (a staff client decodes every one). */
  protected decode(data: string | ArrayBuffer | Uint8Array): DecodeResult<ServerFrame> {
    return decodeServerFrameForVisitor(data);
  }

  /**
   * Uploads the files of a record before it is sent (protocol 3), for the clients that attach (`VisitorClient`,
   * `StaffClient`, with `@parley/sdk/attachments`): resolves with their ids, or with the error that refuses the
   * send (a retryable code is tried again after `retryAfterMs`, like a relay's refusal). Only records with `files`
   * come here; a client without it never queues one.
   */
  declare protected prepare?: (record: OutboxRecord, message: LocalMessage) => Promise<AttachmentId[] | UploadError>;

  /** A server frame this client does not handle itself (`presence` goes here too). Visitors need none. */
  protected onFrame(_frame: ServerFrame): void {}

  /**
   * Called on a `token_expired` close: resolves once the credential is fresh, or returns `undefined` when it
   * cannot be refreshed (visitors: the relay renews their token itself), which closes the client for good.
   */
  protected refresh(): Promise<void> | undefined {
    return undefined;
  }

  /**
   * Adds stored messages to their timelines as history (no `message` events), once the storage is loaded, and
   * returns them as held. `loadEarlier` uses it; `StaffClient` takes in pages fetched over the admin API with it.
   */
  protected async adopt(messages: readonly Message[]): Promise<LocalMessage[]> {
    await this.#init;
    const held = messages.map((message) => this.#confirm(message, false));
    this.#recount();
    return held;
  }

  /** Emits an event to this client's listeners. */
  protected emit<K extends keyof ParleyEvents>(type: K, payload: ParleyEvents[K]): void {
    this.#events.emit(type, payload);
  }

  /** Unread messages per conversation held: from the other side, after this side's read mark, notes aside. */
  protected unread(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const [conversationId, list] of this.#timeline) {
      const mark = this.#marks.read.get(conversationId) ?? 0;
      let unread = 0;
      for (let i = list.length - 1; i >= 0 && list[i]!.seq! > mark; i--) {
        if (list[i]!.author.role !== this.role && list[i]!.kind !== 'note') unread++;
      }
      counts.set(conversationId, unread);
    }
    return counts;
  }

  // ---- storage ---------------------------------------------------------------------------------------------

  async #load(wantsIdb: boolean): Promise<void> {
    const idb = wantsIdb ? await IdbStore.open() : undefined;
    const store = (this.#store = idb ?? this.#store);
    this.#storageKind = store.kind;
    const ns = this.#namespace;
    // Tabs exist where documents do; in Node a BroadcastChannel would only keep the process alive.
    const useTabs = this.#options.tabs ?? typeof document !== 'undefined';
    this.#outbox = new Outbox(store, ns, useTabs);
    if (useTabs && !this.#closed) this.#tabs = new Tabs(ns, (message) => this.#tabMessage(message));
    const loadMarks = async (kind: MarkKind): Promise<void> => {
      const prefix = `${ns}:${kind}:`;
      for (const [key, seq] of await store.entries<number>(prefix))
        this.#marks[kind].set(key.slice(prefix.length), seq);
    };
    try {
      const [token, records] = await Promise.all([
        store.get<string>(`${ns}:token`),
        this.#outbox.list(),
        loadMarks('cursor'),
        loadMarks('read'),
      ]);
      this.#visitorToken = this.#options.visitorToken ?? token;
      for (const record of records) this.#queued(this.#fromRecord(record));
    } catch (error) {
      this.emit('error', { code: 'storage', message: String(error), fatal: false });
    }
  }

  /** Sets a mark and persists it; the stored one never moves down (another tab may have moved it further). */
  #setMark(kind: MarkKind, conversationId: string, seq: number): void {
    this.#marks[kind].set(conversationId, seq);
    this.#store
      .update<number>(`${this.#namespace}:${kind}:${conversationId}`, (old) => Math.max(old ?? 0, seq))
      .catch(() => undefined);
  }

  // ---- connection ------------------------------------------------------------------------------------------

  async #hello(): Promise<HelloFrame> {
    await this.#init;
    const hello: HelloFrame = { type: 'hello' };
    this.credentials(hello);
    const cursors = [...this.#marks.cursor].sort((a, b) => b[1] - a[1]).slice(0, MAX_RESUME_CURSORS);
    if (cursors.length > 0) hello.resume = Object.fromEntries(cursors);
    return hello;
  }

  #welcomed(welcome: WelcomeFrame): void {
    this.#welcome = welcome;
    const { visitorToken, conversationId, lastSeq, readSeq } = welcome;
    if (visitorToken && visitorToken !== this.#visitorToken) {
      this.#visitorToken = visitorToken;
      this.#store.set(`${this.#namespace}:token`, visitorToken).catch(() => undefined);
    }
    if (conversationId) {
      this.#conversationId = conversationId;
      if (!this.#marks.cursor.has(conversationId) && lastSeq !== undefined) {
        this.#setMark('cursor', conversationId, lastSeq);
      }
      if (readSeq) this.#peerMark(conversationId, 'read', readSeq);
    }
    this.#setStaffOnline(welcome.staffOnline);
    // Relabel our pending copies now that we know who we are.
    const author = this.me();
    for (const message of this.#pending.values()) message.author = author;
    this.emit('welcome', welcome);
    for (const [frame] of this.#requests.values()) this.#sendFrame(frame);
    this.#sendMarks('read', this.#unsentReads, this.#marks.read);
    this.#scheduleDelivered();
    void this.#flush();
  }

  #disconnected(): void {
    for (const resolve of this.#inFlight.values()) resolve(false);
    this.#inFlight.clear();
    for (const message of this.#pending.values()) if (message.status === 'sending') this.#setStatus(message, 'queued');
    this.#catchingUp.clear();
    this.#timers.fire('remote '); // remote typing states end with the connection
  }

  /** Sends a frame if open. Members left `undefined` (no conversation named, no note) are not written: it goes as JSON. */
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
      case 'typing':
        return this.#remoteTypingEvent(frame.conversationId, frame.author, frame.active);
      case 'read':
      case 'delivered': {
        const { type, conversationId, seq, by } = frame;
        // Our own side read elsewhere (another tab or device): that moves our read mark (and a subclass hears it).
        if (by === this.role) {
          if (type === 'read') this.#setReadMark(conversationId, seq);
          return this.onFrame(frame);
        }
        this.#peerMark(conversationId, type, seq);
        if (type === 'read') this.emit('read', { conversationId, seq, by });
        return;
      }
      case 'presence':
        if (frame.staffOnline !== undefined) this.#setStaffOnline(frame.staffOnline);
        break;
      case 'error':
        return this.#errorFrame(frame);
    }
    // The answer to a request (a history page, or what a subclass asked with `request`): resolve it. Else the subclass's.
    const request = this.#requests.get((frame as { ref?: string }).ref!);
    if (request) request[1](frame);
    else this.onFrame(frame);
  }

  #setStaffOnline(count: number): void {
    if (count === this.#staffOnline) return;
    this.#staffOnline = count;
    this.emit('presence', { staffOnline: count });
  }

  #errorFrame({ ref = '', code, message, retryAfterMs }: Omit<ErrorFrameData, 'type'>): void {
    const resolve = this.#inFlight.get(ref);
    const error = { code, message };
    if (resolve) {
      this.#inFlight.delete(ref);
      const pending = this.#pending.get(ref);
      if ((RETRYABLE_ERRORS as readonly string[]).includes(code)) {
        if (pending) this.#setStatus(pending, 'queued');
        this.#timers.set('flush', retryAfterMs ?? DEFAULT_RETRY_MS, () => void this.#flush());
        return resolve(false);
      }
      if (pending) this.#fail(pending, error);
      this.#tabs?.post({ t: 'failed', clientId: ref, error });
      resolve(true);
    } else {
      const request = this.#requests.get(ref);
      if (request) return request[2](Object.assign(new Error(message), { code })); // its `reject`
    }
    this.emit('error', { ...error, fatal: false });
  }

  /**
   * Sends a frame the relay answers by its `ref`, and resolves with the answer (rejects with an `Error` carrying
   * the `code` of an `error` frame with that ref). Sent again after a reconnect until answered. For subclasses:
   * history pages use it, and a request frame the core does not know (the widget's transcript request) can too,
   * with `decode` extended to read its answer.
   */
  request<T extends ServerFrame>(frame: RequestFrame, signal?: AbortSignal): Promise<T> {
    return abortable(signal, (resolve: (answer: T) => void, reject) => {
      this.#requests.set(frame.ref, [frame, resolve as (answer: ServerFrame) => void, reject]);
      this.#sendFrame(frame); // if the socket just dropped, it is sent again after the next welcome
      return () => this.#requests.delete(frame.ref);
    });
  }

  // ---- outbox ----------------------------------------------------------------------------------------------

  #isMine(author: Author): boolean {
    return author.role === this.role && (author.role === 'visitor' || author.id === this.#welcome?.staff?.id);
  }

  #fromRecord({ note, ...record }: OutboxRecord): LocalMessage {
    return { ...record, author: this.me(), kind: note ? 'note' : 'text', status: 'queued', mine: true };
  }

  /**
   * Shows one of our messages that is not stored yet, once: returns the copy already shown if there is one, and
   * `undefined` when the timeline holds it stored (ids are unique, so the clientId alone says).
   */
  #queued(message: LocalMessage): LocalMessage | undefined {
    const { clientId } = message;
    if (this.#pending.has(clientId)) return this.#pending.get(clientId);
    for (const list of this.#timeline.values()) if (list.some((stored) => stored.clientId === clientId)) return;
    this.#pending.set(clientId, message);
    this.emit('message', message);
    return message;
  }

  /**
   * Sends the outbox in order, one message at a time (each waits for its ack, so a refusal or a retry never
   * reorders the conversation), under the cross-tab lock. Records are re-read inside the lock: another tab
   * may have sent some already.
   */
  async #flush(): Promise<void> {
    // Open means welcomed, so the outbox is loaded (the hello waited for the storage).
    if (this.state !== 'open' || this.#timers.has('flush')) return;
    try {
      await this.#outbox.flush(
        () => this.state === 'open',
        (record) => this.#sendOne(record),
      );
    } catch (error) {
      this.emit('error', { code: 'storage', message: String(error), fatal: false });
    }
  }

  async #sendOne(record: OutboxRecord): Promise<SendResult> {
    const { clientId, conversationId = this.#conversationId, ts: _ts, files, ...fields } = record;
    const message = this.#queued(this.#fromRecord(record));
    // Stored already, or refused for good: done with.
    if (!message || message.status === 'failed') return true;
    // Files first (protocol 3): the subclass's hook uploads them and names them, or says why it could not.
    const attachments = files && (await this.prepare?.(record, message));
    return new Promise<SendResult>((resolve) => {
      this.#inFlight.set(clientId, resolve);
      // An upload's refusal is a refusal of the send: failed for good, or retried (see #errorFrame).
      if (attachments && 'code' in attachments) return this.#errorFrame({ ...attachments, ref: clientId });
      // `text`, and `note`, `buttons`, `rating`, `attachments` when given.
      if (!this.#sendFrame({ ...fields, attachments, type: 'send', id: clientId, conversationId })) {
        this.#inFlight.delete(clientId);
        return resolve(false);
      }
      this.#setStatus(message, 'sending');
    });
  }

  #acked({ type: _type, id: clientId, messageId: id, duplicate: _duplicate, ...stored }: AckFrame): void {
    const message = this.#pending.get(clientId);
    const resolve = this.#inFlight.get(clientId);
    this.#inFlight.delete(clientId);
    if (this.role === 'visitor') this.#conversationId ??= stored.conversationId;
    if (message) {
      // What the ack does not carry (`buttons`, `rating`) the pending message has already. An ack's `text`, when it
      // has one, is the text as stored (the relay replaced sensitive data, `redacted` says what): it replaces ours,
      // so every client shows the same.
      const { author, text, kind } = message;
      this.#confirm({ author, text, kind, id, clientId, ...stored }, false);
      this.#recount();
    }
    resolve?.(true);
  }

  #fail(message: LocalMessage, error: { code: string; message: string }): void {
    message.error = error;
    this.#setStatus(message, 'failed');
  }

  #setStatus(message: LocalMessage, status: MessageStatus): void {
    const previous = message.status;
    if (previous === status) return;
    message.status = status;
    this.emit('messageStatus', { message, previous });
  }

  // ---- timeline --------------------------------------------------------------------------------------------

  /**
   * Adds a stored message to its conversation's timeline, once: a (conversation, seq) already held is ignored,
   * and our own pending copy with the same clientId becomes the stored one (never a second entry).
   */
  #confirm(stored: Message, live: boolean, fromTab = false): LocalMessage {
    const { conversationId, seq, clientId } = stored;
    let list = this.#timeline.get(conversationId);
    if (!list) this.#timeline.set(conversationId, (list = []));
    // The insertion point, searched from the end: most messages append.
    let low = list.length;
    while (low > 0 && list[low - 1]!.seq! >= seq) low--;
    const existing = list[low];
    if (existing?.seq === seq) return existing;

    const ours = this.#pending.get(clientId); // ids are unique: the same id is the same message
    const message: LocalMessage = ours
      ? Object.assign(ours, stored)
      : { ...stored, status: 'sent', mine: this.#isMine(stored.author) };
    list.splice(low, 0, message);
    if (ours) {
      this.#pending.delete(clientId);
      this.#setStatus(message, this.#receiptStatus(message));
      // Other tabs hold a copy of our pending message (see `queued`); whichever way we learnt it is stored, say so.
      if (!fromTab) this.#tabs?.post({ t: 'sent', message: stored });
      // An ack may be lost while the delivery arrives (or another tab sent it): it is stored, drop the record.
      if (!this.#inFlight.has(clientId)) void this.#outbox.remove(clientId).catch(() => undefined);
    } else {
      message.status = this.#receiptStatus(message);
      if (live) this.emit('message', message);
    }
    this.#advanceCursor(conversationId, seq, live);
    if (live && stored.author.role !== this.role) {
      this.#deliveredDue.add(conversationId);
      this.#scheduleDelivered();
    }
    return message;
  }

  /**
   * `sent`, or `delivered`/`read` when the other side's marks cover it. Receipts from the other side apply to
   * this side's messages (ours and colleagues'), never to notes.
   */
  #receiptStatus({ conversationId, seq, author, kind }: LocalMessage): MessageStatus {
    const { read, delivered } = this.#peerMarks;
    if (author.role !== this.role || kind === 'note') return 'sent';
    return (read.get(conversationId!) ?? 0) >= seq!
      ? 'read'
      : (delivered.get(conversationId!) ?? 0) >= seq!
        ? 'delivered'
        : 'sent';
  }

  #peerMark(conversationId: string, kind: 'delivered' | 'read', seq: number): void {
    const marks = this.#peerMarks[kind];
    if ((marks.get(conversationId) ?? 0) >= seq) return;
    // A read mark covers delivery too: `#receiptStatus` looks at it first.
    marks.set(conversationId, seq);
    // Marks only grow, so a message's receipt status only moves forward.
    for (const message of this.#timeline.get(conversationId) ?? []) {
      if (message.seq! > seq) break;
      this.#setStatus(message, this.#receiptStatus(message));
    }
  }

  /** Moves the resume cursor over contiguous sequences; a gap asks the relay for what is missing. */
  #advanceCursor(conversationId: string, seq: number, live: boolean): void {
    const cursor = this.#marks.cursor.get(conversationId);
    let next = seq;
    if (cursor !== undefined) {
      if (seq <= cursor) return;
      if (seq > cursor + 1) {
        if (live) this.#catchUp(conversationId, cursor);
        return;
      }
      for (const message of this.#timeline.get(conversationId) ?? []) if (message.seq === next + 1) next++;
    }
    this.#setMark('cursor', conversationId, next);
  }

  #catchUp(conversationId: string, after: number): void {
    if (this.#catchingUp.has(conversationId) || this.state !== 'open') return;
    this.#catchingUp.add(conversationId);
    this.request<HistoryPageFrame>({ type: 'history', ref: createId(), conversationId, after, limit: MAX_HISTORY_PAGE })
      .then((page) => {
        this.#catchingUp.delete(conversationId);
        for (const message of page.messages) this.#confirm(message, true);
        this.#recount();
        const cursor = this.#marks.cursor.get(conversationId) ?? 0;
        const newest = this.#timeline.get(conversationId)?.at(-1)?.seq ?? 0;
        if (page.hasMore || newest > cursor) this.#catchUp(conversationId, cursor);
      })
      .catch(() => this.#catchingUp.delete(conversationId));
  }

  // ---- receipts and unread ---------------------------------------------------------------------------------

  #scheduleDelivered(): void {
    if (this.#deliveredDue.size === 0 || this.#timers.has('delivered')) return;
    this.#timers.set('delivered', DELIVERED_BATCH_MS, () =>
      this.#sendMarks('delivered', this.#deliveredDue, this.#marks.cursor),
    );
  }

  /** Tells the relay the `marks` of the conversations `due`, each dropped from `due` once sent; stops offline. */
  #sendMarks(type: 'read' | 'delivered', due: Set<string>, marks: Map<string, number>): void {
    // Deleting the entry being visited is safe in a Set's iteration: no copy needed.
    for (const conversationId of due) {
      if (!this.#sendFrame({ type, conversationId, seq: marks.get(conversationId) ?? 0 })) return;
      due.delete(conversationId);
    }
  }

  #setReadMark(conversationId: string, seq: number): boolean {
    if (seq <= (this.#marks.read.get(conversationId) ?? 0)) return false;
    this.#setMark('read', conversationId, seq);
    this.#recount();
    return true;
  }

  #recount(): void {
    let count = 0;
    for (const unread of this.unread().values()) count += unread;
    if (count === this.#unread) return;
    this.#unread = count;
    this.emit('unreadChange', { count });
  }

  // ---- typing ----------------------------------------------------------------------------------------------

  #remoteTypingEvent(conversationId: string, author: Author, active: boolean): void {
    if (this.#isMine(author)) return; // ourselves, in another tab or on another device
    const key = `remote ${conversationId} ${author.role} ${author.id}`;
    const shown = this.#timers.clear(key);
    if (active) {
      this.#timers.set(key, TYPING_EXPIRY_MS, () => this.emit('typing', { conversationId, author, active: false }));
    }
    if (active || shown) this.emit('typing', { conversationId, author, active });
  }

  // ---- tabs ------------------------------------------------------------------------------------------------

  #tabMessage(message: TabMessage): void {
    switch (message.t) {
      case 'queued':
        this.#queued(message.message);
        return;
      case 'sent':
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
        return this.emit('openChange', { open: message.open, local: false });
    }
  }
}
