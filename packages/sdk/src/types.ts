import type {
  AttachmentRef,
  Author,
  CannedEventFrame,
  ConversationSummary as InboxConversation,
  MessageSource,
  Redacted,
  VisitorContext,
  WelcomeFrame,
} from '@parley/protocol';
import type { Clock } from './connection/clock.js';
import type { StorageKind, Store } from './outbox/store.js';

export type { AttachmentRef, Author, MessageSource, Redacted, StorageKind, VisitorContext, WelcomeFrame };

/**
 * A file of one of this side's messages, kept with it in the outbox until the message is sent (protocol 3; see
 * `@parley/sdk/attachments`, which makes them).
 */
export interface LocalFile {
  /** The bytes, kept in the outbox (IndexedDB stores a `Blob`) until the message is sent. */
  blob: Blob;
  /** The file's name as the visitor or staff member chose it (the relay cleans it). */
  name: string;
  /** The type the browser says (`blob.type`, possibly empty); the relay reads the real one from the bytes. */
  type: string;
  size: number;
  /** The upload's reference, once uploaded: a reload or a retry does not upload it again. */
  ref?: AttachmentRef;
  /** In memory only: the share of the bytes uploaded, 0–1, while uploading. */
  progress?: number;
  /** In memory only: an object URL of the blob for an image's preview (`blob:`), made by `Attachments`. */
  url?: string;
}

/** Why an upload did not name its file: a refusal of the relay (`attachment_too_large`…), or `cancelled`. */
export interface UploadError {
  code: string;
  message: string;
  /** A retryable code (`rate_limited`, `store_unavailable`): try again after this long. */
  retryAfterMs?: number;
}

/** The connection's state. It changes in one place and every change is emitted as `stateChange`. */
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * Where a message is on its way:
 * - `queued`: stored in the outbox, waiting for a connection (or for its turn);
 * - `sending`: on the wire, not acknowledged yet;
 * - `sent`: acknowledged, so stored by the relay;
 * - `delivered`: the other side's client received it;
 * - `read`: the other side read it;
 * - `failed`: refused for good (`error` says why); it will not be retried.
 */
export type MessageStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

/** A message as the client shows it: confirmed by the relay, or still pending (optimistic). */
export interface LocalMessage {
  /** The id this client generated (sortable); stable from `queued` to `read`. */
  clientId: string;
  /** Unknown for a visitor's first message until it is acknowledged. */
  conversationId?: string;
  /** The per-conversation sequence, once stored. */
  seq?: number;
  /** The relay's message id, once stored. */
  id?: string;
  /** Server time of storage, or local time while pending (ms since the epoch). */
  ts: number;
  author: Author;
  text: string;
  kind: 'text' | 'note' | 'broadcast';
  /**
   * Protocol 2: quick-reply buttons under the message; a click sends the label as the visitor's message, with the
   * button's `id` when it has one (`VisitorClient.choose`).
   */
  buttons?: Array<{ label: string; id?: string }>;
  /** Protocol 2: the automation that wrote a bot's message (`welcome`, `away`, `csat`: a rating request). */
  automation?: string;
  /** Protocol 2: a visitor's rating of the request at `seq`, 1–5 (the text is the comment). */
  rating?: { seq: number; score: number };
  /** Protocol 2: the button `id` of the message at `seq` a visitor's message chose (the text is its label). */
  reply?: { seq: number; id: string };
  /** `email`: a visitor's reply by email, which the relay stored for them. */
  via?: 'email';
  /** The help-center articles a bot's answer drew on (the AI agent's), shown as links under it: at most 5. */
  sources?: MessageSource[];
  status: MessageStatus;
  /** Sent by this client's identity (this visitor, or this staff member). */
  mine: boolean;
  /** Why the message failed (`status: 'failed'`). */
  error?: { code: string; message: string };
  /**
   * Protocol 3, one of this side's messages not sent yet (and after, in this tab): its files, with their blobs,
   * upload progress and previews. An empty list is a cancelled message (`Attachments.cancel`): show none.
   */
  files?: LocalFile[];
  /** Protocol 3: the files the message carries, as the relay describes them (signed addresses for images). */
  attachments?: AttachmentRef[];
  /** Protocol 3: when its author last edited or deleted it (ms); absent for a message never changed. */
  editedAt?: number;
  /** Protocol 3: its author deleted it (the text is then empty). */
  deleted?: boolean;
  /**
   * Message safety (docs/safety.md): what the relay replaced in the text before storing it (`kinds`: `card`,
   * `iban`…; `sealed`: staff may reveal the originals). One of this side's messages takes it, with the stored text,
   * from its ack. Absent when nothing was replaced. Read by `VisitorClient` and `StaffClient` (protocols 2 and 3);
   * the core `ParleyClient` (protocol 1) gets the stored text without it.
   */
  redacted?: Redacted;
  /** Message safety: the site's content filter hid this visitor's message (staff see it folded). */
  hidden?: boolean;
  /**
   * The message came into this conversation by a merge (docs/merge.md): the conversation it was written in and its
   * sequence there. Show a conversation's messages with `inTimeOrder` (`@parley/protocol`) to read them in the order
   * they were written. Read by `VisitorClient` and `StaffClient`.
   */
  origin?: { from: string; seq: number };
}

/** Backoff between reconnect attempts: full jitter between `minMs` and an exponentially growing ceiling. */
export interface BackoffOptions {
  /** Shortest delay. Default 500. */
  minMs?: number;
  /** Longest delay. Default 20000. */
  maxMs?: number;
  /** Growth of the ceiling per attempt. Default 2. */
  factor?: number;
}

/** Options shared by {@link ParleyClient} (visitors) and `StaffClient` (staff, from `@parley/sdk/staff`). */
export interface ClientOptions {
  /** The relay's WebSocket endpoint, e.g. `wss://relay.example.com/v1/ws`. */
  url: string;
  /**
   * Set by the clients that read protocol 2 (`VisitorClient`, `StaffClient`): the protocols they offer, most
   * preferred first. `ParleyClient` reads protocol 1 and offers only it; leave this alone.
   */
  subprotocols?: string[];
  /**
   * Default `'indexeddb'` where it exists; falls back to `'memory'` (see {@link ParleyClient.storageKind}).
   * A {@link Store} of your own (a file or a database for a Node bot) works too.
   */
  storage?: StorageKind | Store;
  /** Namespaces persisted state. Default: derived from `url` and `siteKey` (staff: a hash of `token`). */
  storageKey?: string;
  /** The WebSocket constructor. Default `globalThis.WebSocket`; in Node 20 pass `ws`. */
  WebSocket?: WebSocketConstructor;
  /** Reconnect backoff. Defaults 500 / 20000 / 2. */
  backoff?: BackoffOptions;
  /** Ping interval. Default: the relay's `welcome.heartbeatMs`. */
  heartbeatMs?: number;
  /** How long past a ping a silent connection is declared dead. Default 10000. */
  heartbeatGraceMs?: number;
  /** Share messages, read marks and open state with other tabs, and let one tab flush the outbox. Default: true in browsers. */
  tabs?: boolean;
  /** Time source and timers. Default: the real ones. Tests inject fake ones. */
  clock?: Clock;
  /** Random source in [0, 1) for backoff jitter. Default `Math.random`. */
  random?: () => number;
  /** The page's `online` and visibility signals. Default: `window` and `document` where they exist. */
  environment?: Environment;
}

/** Options for {@link ParleyClient}: a visitor of a site. */
export interface ParleyClientOptions extends ClientOptions {
  /** The site's public key. */
  siteKey: string;
  /**
   * An identified visitor; `hash` is HMAC-SHA256(identity secret, id) computed by the site's backend. `attributes`
   * are the contact's custom attributes by key (docs/attributes.md); with `attributesHash`, the backend's signature
   * of them, they count as verified.
   */
  user?: {
    id: string;
    hash: string;
    name?: string;
    email?: string;
    attributes?: Record<string, string | number | boolean | null>;
    attributesHash?: string;
    /** HMAC-SHA256(identity secret, `emailSigningText(id, email)`), hex: the email counts as the site's word. */
    emailHash?: string;
    /**
     * The company the user belongs to (docs/companies.md): your id of it, its name, its attributes (text, number or
     * checkbox by key; `null` removes one). With `companyHash` it is your word; without, an unverified claim.
     */
    company?: { id: string; name?: string; attributes?: Record<string, string | number | boolean | null> };
    /** HMAC-SHA256(identity secret, `companySigningText(id, company)`), hex: the company counts as the site's word. */
    companyHash?: string;
  };
  /** Unverified visitor name (e.g. from a pre-chat form). */
  name?: string;
  /** Unverified visitor email. */
  email?: string;
  /**
   * The pre-chat consent the visitor gave: `version` names the text they agreed to (a version string the site
   * sets, or a hash of the text). Sent with every hello; the relay records it with the time it first saw it.
   */
  consent?: { version: string };
  /** Page context (url, title, referrer, locale, timezone), read at each hello. Default: read from `location`. */
  context?: () => VisitorContext;
  /**
   * Start as this visitor instead of the one this browser stored: the `visitorToken` of a session that a link in
   * an email grants (`POST /v1/visitor/link`). Kept, like every welcome's token, for the next visits.
   */
  visitorToken?: string;
}

/** Options for `StaffClient` (from `@parley/sdk/staff`): a staff member, or a bot acting as one. */
export interface StaffClientOptions extends ClientOptions {
  /**
   * An API token (bots, integrations). Sent in the hello frame, never in the URL. Leave it out in the inbox signed
   * in with the relay's session cookie: the browser sends the cookie with the WebSocket upgrade, and the hello then
   * carries no credential (set `storageKey` per account, since there is no token to key storage by).
   */
  token?: string;
  /** Called before reconnecting after a `token_expired` close; resolves to the new staff token. */
  refreshToken?: () => Promise<string>;
}

/** Page signals the connection reacts to. */
export interface Environment {
  /** Subscribes to `online`, `offline` and the page becoming visible; returns the unsubscribe function. */
  subscribe(handlers: { online(): void; offline(): void; visible(): void }): () => void;
}

/** A handler type checked bivariantly, so both the DOM's and `ws`'s event types fit. */
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

/** The parts of a WebSocket the client uses; the browser's `WebSocket` and the `ws` package both fit. */
export interface SocketLike {
  readonly readyState: number;
  binaryType: string;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<{ code: number; reason: string }> | null;
  onerror: Handler<unknown> | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket constructor: `new (url, protocols)`. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => SocketLike;

/** Presence as the relay reports it. */
export type PresenceChange = { staffOnline: number } | { conversationId: string; visitorOnline: boolean };

/** Every event a {@link ParleyClient} emits. */
export interface ParleyEvents {
  /** A new message in the timeline, once: a confirmed message from anyone, or one of ours as it is queued. */
  message: LocalMessage;
  /**
   * Protocol 3 (`VisitorClient`, `StaffClient`): a message of the timeline was edited (new `text`, `editedAt`) or
   * deleted (`deleted`, an empty text) by its author; the payload is the message held, already changed.
   */
  messageUpdate: LocalMessage;
  /** One of the timeline's messages changed status. */
  messageStatus: { message: LocalMessage; previous: MessageStatus };
  /** Someone started or stopped typing; an `active` state expires by itself after a few seconds. */
  typing: { conversationId: string; author: Author; active: boolean };
  presence: PresenceChange;
  stateChange: { previous: ConnectionState; current: ConnectionState; reason: string };
  /** The total unread count changed. */
  unreadChange: { count: number };
  /**
   * The other side's read mark moved; for a `StaffClient`, also staff's, read on another connection (a colleague, or
   * the same member in another tab or on another device).
   */
  read: { conversationId: string; seq: number; by: 'visitor' | 'staff' };
  welcome: WelcomeFrame;
  /**
   * Visitors: the site's business hours changed while connected (an admin saved new ones): what `welcome.hours`
   * would now say; `undefined` when the site keeps none now.
   */
  hours: { hours: WelcomeFrame['hours'] };
  /** Something went wrong; `fatal` means the client stopped (state `closed`). */
  error: { code: string; message: string; fatal: boolean };
  /** Another tab (or this one) said the chat panel was opened or closed (see `setOpen`). */
  openChange: { open: boolean; local: boolean };
  /** Staff only: a conversation of the site was created or changed (status, assignee, priority, labels). */
  conversation: InboxConversation;
  /**
   * Staff only: a saved reply of the site was created or changed (`response`) or deleted (`deleted`, its id). It
   * says nothing of what changed while disconnected: read the list again after a reconnect's `welcome`.
   */
  canned: Omit<CannedEventFrame, 'type'>;
  /**
   * Staff only: a contact of the site was changed through the admin API (name, email, notes, subscription): read it
   * again where it is shown. Nothing is said of changes made while disconnected.
   */
  contact: { contactId: string };
}

/** One conversation as a staff client holds it (see `StaffClient.conversations()`). */
export interface ConversationSummary {
  conversationId: string;
  /** The newest stored message held. */
  lastMessage?: LocalMessage;
  /** Messages from the other side after this side's read mark. */
  unread: number;
  /** Staff: whether the visitor is online, once presence said so. */
  visitorOnline?: boolean;
}

/** Options of {@link ParleyClient.send}. */
export interface SendOptions {
  /**
   * The message's client id, when the caller names it (default: a new one). A second send with the same id is
   * the first again: the relay stores it once. A rating's is `rating-<seq>` (see `VisitorClient.rate`).
   */
  clientId?: string;
  /** Required for staff; visitors write to their own conversation. */
  conversationId?: string;
  /** Staff only: a private note that never reaches the visitor. */
  note?: boolean;
  /** Staff only: quick-reply buttons (1–4, labels of 1–40 characters, an optional id; not on a note). */
  buttons?: Array<{ label: string; id?: string }>;
  /**
   * Visitors, protocol 2 (`VisitorClient.rate` sets it, with the id `rating-<seq>`): the message answers the rating
   * request at `rating.seq` (a bot message whose `automation` is `csat`) with a score of 1–5.
   */
  rating?: { seq: number; score: number };
  /**
   * Visitors, protocol 2 (`VisitorClient.choose` sets it, with the id `reply-<seq>`): the message is the choice of
   * the button `reply.id` of the bot's or staff message at `reply.seq`.
   */
  reply?: { seq: number; id: string };
  /**
   * Protocol 3: the message's files (the text may then be empty). Made by `Attachments.send` of
   * `@parley/sdk/attachments`, which the client needs to upload them; do not set it yourself.
   */
  files?: LocalFile[];
}

/** Options of `StaffClient.send`: staff always name the conversation. */
export interface StaffSendOptions extends SendOptions {
  conversationId: string;
}

/** Options of {@link ParleyClient.loadEarlier}. */
export interface LoadEarlierOptions {
  /** Required for staff; default: the visitor's conversation. */
  conversationId?: string;
  /** Page size, 1–100. Default 30. */
  limit?: number;
  signal?: AbortSignal;
}
