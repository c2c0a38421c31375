import type { SecretSealer } from './secret-sealer.js';
import type { MessageExtra } from './message-row.js';
import type { Author, Message } from '@parley/protocol';
import type { OutboxInsert } from './outbox-job.js';

/**
 * What the message path knows of a message's conversation as it stores the message, read with its sequence (the row
 * it already reads, or remembers until another connection writes): as it was before this batch's messages. A new
 * conversation is `open` and unassigned.
 */
export interface ConversationState {
  readonly status: Conversation['status'];
  readonly assigneeId: string | null;
}

/** The state of a conversation the message path has just created. */
export const NEW_CONVERSATION: ConversationState = { status: 'open', assigneeId: null };

/**
 * The side effects of a newly stored message (see `ChatHooks.messageEffects`): called inside the append's
 * transaction, once per message stored (never for a resend), so the outbox rows it returns commit with the message
 * or not at all. Synchronous, cheap, never throws.
 */
export type MessageEffects = (
  message: Message,
  siteId: string,
  conversation: ConversationState,
) => readonly OutboxInsert[] | undefined;

/** A message the store has just committed, with its site. */
export interface CommittedMessage {
  readonly siteId: string;
  readonly message: Message;
}

/**
 * Told of the new messages of each commit (not resends), in the batch's order (id order on SQLite; on PostgreSQL the
 * ids need not follow it), once committed and before their appends resolve, while it is {@link CommittedListener.active}: the message log's tap (`message-log/message-tap.ts`). It
 * must not throw: the appends are committed.
 */
export interface CommittedListener {
  /** Asked once per commit: whether to be told of it (nothing is gathered when not). */
  active(): boolean;
  committed(committed: readonly CommittedMessage[]): void;
}

/** The id of the site a relay creates for itself when none is configured: the operator's site. */
export const DEFAULT_SITE_ID = 'default';

/**
 * The database's schema is older than this build and the store was told not to migrate (`PARLEY_MIGRATE=skip`):
 * run `parley-relay migrate` first.
 */
export class SchemaBehindError extends Error {
  override name = 'SchemaBehindError';

  constructor(
    readonly current: number,
    readonly expected: number,
  ) {
    super(
      `the database schema is v${current}, this relay needs v${expected}, and PARLEY_MIGRATE=skip: run \`parley-relay migrate\` first.`,
    );
  }
}

/** A site served by the relay: one website (or app) with its own visitors, staff and credentials. */
export interface Site {
  readonly id: string;
  readonly name: string;
  /** Public key that the widget sends in `hello`; not a secret. */
  readonly siteKey: string;
  /** Origins allowed to open visitor connections, e.g. `https://example.com`. `*` allows any. */
  readonly allowedOrigins: readonly string[];
  /** Secret for verifying `user.hash` = HMAC-SHA256(identitySecret, user.id). Never sent to clients. */
  readonly identitySecret: string;
  /** When true, visitors must be identified users with a valid hash. */
  readonly requireIdentity: boolean;
}

/** A staff row's role on its site: an owner counts as an admin wherever admins may act. */
export type StaffRole = 'owner' | 'admin' | 'agent';

/** What an API token may do: `read` (GET, HEAD), `write` (every other method), `admin` (admin-only routes). */
export type TokenScope = 'read' | 'write' | 'admin';

/** Every scope, in order. */
export const TOKEN_SCOPES: readonly TokenScope[] = ['read', 'write', 'admin'];

/**
 * A `staff` row: either a member (a person's account on this site, `accountId` set, no token) or an API token
 * (no account, found by the SHA-256 of its token; tokens themselves are never stored). Every use of a staff id
 * (assignee, audit actor, routing, email settings) works the same for both.
 */
export interface Staff {
  readonly id: string;
  readonly siteId: string;
  readonly name: string;
  readonly role: StaffRole;
  /** An API token's hash; `null` for a member. */
  readonly tokenHash: string | null;
  readonly createdAt: number;
  readonly revokedAt: number | null;
  /** A member's account; absent or `null` for an API token. */
  readonly accountId?: string | null | undefined;
  /** An API token's scopes; absent for a member (their role decides). */
  readonly scopes?: readonly TokenScope[] | undefined;
  /** When an API token stops working (ms), or `null` for never. */
  readonly expiresAt?: number | null | undefined;
  /** When a member was deactivated (ms), or `null`. */
  readonly deactivatedAt?: number | null | undefined;
}

/** The role a client sees on the wire (`welcome.staff.role`): an owner is an admin there. */
export function wireRole(staff: Pick<Staff, 'role' | 'scopes' | 'accountId'>): 'admin' | 'agent' {
  if (staff.accountId == null && staff.scopes !== undefined) return staff.scopes.includes('admin') ? 'admin' : 'agent';
  return staff.role === 'agent' ? 'agent' : 'admin';
}

/**
 * True when the staff row holds `scope`: a member always (their role decides what they may change, route by route);
 * an API token only when its scopes include it. Every way in (HTTP API, files, the staff socket) asks this.
 */
export function staffMay(staff: Pick<Staff, 'scopes' | 'accountId'>, scope: TokenScope): boolean {
  return staff.accountId != null || staff.scopes === undefined || staff.scopes.includes(scope);
}

/** True when the staff row may act as an admin: an owner or admin member, or a token with the admin scope. */
export function actsAsAdmin(staff: Pick<Staff, 'role' | 'scopes' | 'accountId'>): boolean {
  return wireRole(staff) === 'admin';
}

/**
 * The `scopes` column to store for a staff row: a token's own, else what its role gave tokens before scopes
 * existed (admin: every scope; agent: read and write); `null` for a member.
 */
export function scopesColumn(staff: Pick<Staff, 'role' | 'scopes' | 'accountId'>): string | null {
  if (staff.accountId != null) return null;
  return JSON.stringify(staff.scopes ?? (staff.role === 'agent' ? ['read', 'write'] : TOKEN_SCOPES));
}

/** Reads a `scopes` column (a JSON array); unknown values are dropped. */
export function parseScopes(raw: string | null): TokenScope[] | undefined {
  if (raw === null) return undefined;
  try {
    const value = JSON.parse(raw) as unknown;
    return Array.isArray(value) ? TOKEN_SCOPES.filter((scope) => value.includes(scope)) : [];
  } catch {
    return [];
  }
}

/** A conversation between one visitor and the site's staff. */
export interface Conversation {
  readonly id: string;
  readonly siteId: string;
  readonly visitorId: string;
  readonly status: 'open' | 'pending' | 'snoozed' | 'resolved';
  /** Sequence of the newest message (0 when none). */
  readonly lastSeq: number;
  /** Highest sequence the visitor has read. */
  readonly visitorReadSeq: number;
  /** Highest sequence staff have read. */
  readonly staffReadSeq: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** What the visitor told us about themselves; stored with their first message and updated after. */
export interface VisitorProfile {
  readonly name?: string | undefined;
  readonly email?: string | undefined;
  /** True when the visitor is an identified user whose hash was verified. */
  readonly verified: boolean;
}

/** A message to store. */
export interface AppendInput {
  readonly siteId: string;
  readonly conversationId: string;
  /** Owner of the conversation; used to create it on its first message. */
  readonly visitorId: string;
  /** Client-generated id; unique within the conversation. */
  readonly clientId: string;
  readonly author: Author;
  readonly text: string;
  readonly kind: Message['kind'];
  /** Visitor profile to record with the conversation's visitor, when the author is the visitor. */
  readonly profile?: VisitorProfile;
  /**
   * What the message carries beyond its text (protocol 2: buttons, the automation that wrote it, a rating, a choice;
   * protocol 3: its files, without signed addresses). With files, `text` may be empty.
   */
  readonly extra?: MessageExtra;
}

/** The stored message, and whether it had been stored before under the same client id. */
export interface AppendResult {
  readonly message: Message;
  readonly duplicate: boolean;
}

/** Options for reading messages. */
export interface ReadOptions {
  /** Include private staff notes (default false: never show notes to visitors by accident). */
  readonly includeNotes?: boolean;
}

/**
 * Durable storage for the relay. Every implementation passes `test/store-contract.ts`.
 *
 * Guarantees every implementation keeps:
 * - `append` resolves only once the message is durably committed (then the relay may acknowledge it).
 * - Per conversation, sequences start at 1 and increase by exactly 1, with no gaps, whatever the concurrency.
 * - `(conversationId, clientId)` is unique: appending it again resolves with the original message and
 *   `duplicate: true`, and stores nothing.
 */
export interface Store {
  /** `sqlite` or `postgres`, reported in `/healthz`. */
  readonly kind: string;
  /** Creates or migrates the schema. */
  init(): Promise<void>;
  /** Commits anything pending and releases the database. */
  close(): Promise<void>;

  upsertSite(site: Site): Promise<void>;
  /**
   * From now on, stores sites' identity secrets sealed by `sealer` (and opens them when read), and seals the
   * secrets still stored in plaintext. Resolves with how many it sealed. Without it, secrets are kept as given.
   */
  sealSecrets(sealer: SecretSealer): Promise<number>;
  getSite(id: string): Promise<Site | undefined>;
  getSiteByKey(siteKey: string): Promise<Site | undefined>;

  createStaff(staff: Staff): Promise<void>;
  /** Staff whose token hashes to `tokenHash`, revoked or not. */
  findStaffByTokenHash(tokenHash: string): Promise<Staff | undefined>;

  getConversation(id: string): Promise<Conversation | undefined>;
  /** The visitor's newest conversation on the site, if they have one. */
  findConversationByVisitor(siteId: string, visitorId: string): Promise<Conversation | undefined>;

  /** Stores a message (creating its conversation if needed), idempotent on `(conversationId, clientId)`. */
  append(input: AppendInput): Promise<AppendResult>;
  /**
   * From now on, writes the outbox rows `effects` returns for each new message in the message's own transaction;
   * `undefined` turns it off.
   */
  setMessageEffects(effects: MessageEffects | undefined): void;
  /** From now on, tells `listener` of each commit's new messages (see {@link CommittedListener}); `undefined` stops. */
  setCommittedListener(listener: CommittedListener | undefined): void;
  /**
   * SQLite only (its log's order is id order, one writer): the ids of up to `limit` messages after `afterId`, in
   * order, read on the store's own connection, which has the pages of the messages it just wrote in its cache. The
   * message log's consumers ask it where they would ask the admin connection, which had to read those pages again
   * through the WAL after every commit of the store's (docs/performance.md, "Where a batched webhook's cost goes").
   */
  messageIdsAfter?(afterId: number, limit: number): number[];
  /**
   * Messages with `seq > afterSeq`, oldest first, at most `limit`. Private notes are left out unless
   * `options.includeNotes` (staff only): visitors therefore see sequence numbers skip over notes.
   */
  messagesAfter(conversationId: string, afterSeq: number, limit: number, options?: ReadOptions): Promise<Message[]>;
  /** Messages with `seq < beforeSeq`, oldest first: the newest `limit` of them. Notes as in `messagesAfter`. */
  messagesBefore(conversationId: string, beforeSeq: number, limit: number, options?: ReadOptions): Promise<Message[]>;
  /**
   * Records that `by` has read up to `seq` (clamped to the conversation's last sequence). Read marks never
   * move backwards. Resolves with the read mark now stored, or `undefined` if the conversation does not exist.
   */
  markRead(conversationId: string, by: 'visitor' | 'staff', seq: number): Promise<number | undefined>;
}
