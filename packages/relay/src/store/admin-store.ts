/**
 * The admin side's records, and the repository interfaces of its core areas (conversations, contacts, sites, the
 * desk, broadcasts, the outbox…); the other areas have a file each, in their feature's folder
 * (`webhooks/webhook-store.ts`…). Each repository is a query module bound to one database (see repositories.ts).
 */

import type { ConversationPriority, ConversationStatus, Message } from '@parley/protocol';
import type { ViewFilter } from '@parley/protocol/admin';
import type { OutboxInsert, OutboxJob } from './outbox-job.js';
import type { Conversation, Site, Staff, TokenScope } from './store.js';
import type { SqlCondition } from './sql/sql-condition.js';

/**
 * Whose conversations a list shows: assigned to the caller, to nobody, all of the site's, or those whose first
 * reply is overdue (the deadline passed unanswered, and still not answered nor resolved).
 */
export type InboxView = 'mine' | 'unassigned' | 'all' | 'overdue' | 'mentions' | 'review' | 'spam';

/** What a visitor's browser told the relay, kept per contact (the last page they were seen on). */
export interface ContactContext {
  readonly url?: string | undefined;
  readonly title?: string | undefined;
  readonly referrer?: string | undefined;
  readonly locale?: string | undefined;
  readonly timezone?: string | undefined;
  readonly userAgent?: string | undefined;
}

/** A conversation with everything the inbox shows, as stored (the email is still ciphertext). */
/** How a conversation came in. */
export type ConversationChannel = 'chat' | 'email' | 'api';

/** A conversation as {@link ConversationRepository.conversationState} reads it. */
export type ConversationState = Pick<
  ConversationRecord,
  'id' | 'siteId' | 'status' | 'assigneeId' | 'lastSeq' | 'visitor'
>;

export interface ConversationRecord extends Conversation {
  readonly assigneeId: string | null;
  /** The team it went to, or `null`. */
  readonly teamId: string | null;
  readonly priority: ConversationPriority;
  readonly labels: readonly string[];
  /** When the first staff reply came (ms; the bot's never counts), or `null`. */
  readonly firstResponseAt: number | null;
  /** When the first reply is due under the site's SLA (ms), or `null` without one. */
  readonly dueAt: number | null;
  /** The first-reply deadline passed unanswered. */
  readonly overdue: boolean;
  /** When it was last resolved (ms), or `null`. */
  readonly resolvedAt: number | null;
  /** How it came in: the chat, an email to a support address, or an API channel (issue #38). */
  readonly channel: ConversationChannel;
  /** The subject it was opened with (an email's), or `null`. */
  readonly subject: string | null;
  /**
   * The address it came through (the support address an email was sent to; an API channel's or a messaging
   * channel's id), or `null`.
   */
  readonly channelAddress: string | null;
  /** The messaging provider's id it came through (`whatsapp`; its channel is then `api`), or `null`. */
  readonly provider: string | null;
  /** Visitor messages after `staffReadSeq`. */
  readonly unread: number;
  readonly lastMessage:
    | {
        readonly seq: number;
        readonly text: string;
        readonly ts: number;
        readonly authorRole: Message['author']['role'];
        /** Who wrote it; the inbox names a colleague and says "You" for the reader's own. */
        readonly authorId?: string | undefined;
        readonly authorName?: string | undefined;
      }
    | undefined;
  readonly visitor: {
    readonly id: string;
    readonly name: string | undefined;
    /** AES-256-GCM ciphertext, base64 (see `admin/email-cipher.ts`). */
    readonly emailEnc: string | undefined;
    readonly verified: boolean;
    readonly context: ContactContext | undefined;
    readonly consent: ContactConsent | undefined;
    /** When a delivery report said the contact's email fails for good (ms); absent when not (issue #38). */
    readonly emailBouncingAt?: number | undefined;
  };
}

/** Where a keyset page starts: after this (updatedAt, id) in newest-first order. */
export interface ActivityCursor {
  readonly at: number;
  readonly id: string;
}

/** Filters of {@link ConversationRepository.listConversations}. */
/** What narrows the conversation list besides its view and status: a saved view's filter, without its status. */
export type ConversationMatch = Omit<ViewFilter, 'status'>;

export interface ConversationFilter {
  readonly siteId: string;
  /** The caller, for `view: 'mine'` and `'mentions'`, and their counts. */
  readonly staffId: string;
  readonly status?: ConversationStatus | undefined;
  readonly view?: InboxView | undefined;
  readonly unread?: boolean | undefined;
  readonly label?: string | undefined;
  /** A saved view's criteria or the same query parameters (assignee, team, labels, channel; `status` is above). */
  readonly match?: ConversationMatch | undefined;
  /** Full-text query over message text (notes included): every word must occur; the last may be a prefix. */
  readonly q?: string | undefined;
  /** Features' searches (`conversationSearch`) for `q`'s words: a conversation one finds matches `q` too. */
  readonly alsoFound?: readonly SqlCondition[] | undefined;
  /** Features' filters (`conversationFilters`): conditions on `c`, applied like `label`. */
  readonly conditions?: readonly SqlCondition[] | undefined;
  readonly cursor?: ActivityCursor | undefined;
  readonly limit: number;
}

/** Counts per view (within the status filter) and per status (within the view filter); other filters apply to all. */
export interface InboxCounts {
  readonly mine: number;
  readonly unassigned: number;
  readonly all: number;
  readonly overdue: number;
  /** Conversations with a mention of the caller they have not read. */
  readonly mentions: number;
  /** Flagged for review (flags not dismissed), not marked as spam. */
  readonly review: number;
  /** Marked as spam (in no other view). */
  readonly spam: number;
  readonly open: number;
  readonly pending: number;
  readonly snoozed: number;
  readonly resolved: number;
}

/** What may change on a conversation. */
export interface ConversationPatch {
  readonly status?: ConversationStatus | undefined;
  readonly assigneeId?: string | null | undefined;
  readonly teamId?: string | null | undefined;
  readonly priority?: ConversationPriority | undefined;
  readonly labels?: readonly string[] | undefined;
}

/** One visitor hello (or context update) to record: who they are and where they were seen. */
export interface ContactTouch {
  readonly siteId: string;
  readonly contactId: string;
  readonly name?: string | undefined;
  readonly emailEnc?: string | undefined;
  readonly emailHash?: string | undefined;
  /** True when the email given is the site's signed word (`user.emailHash`), not the page's claim. */
  readonly emailVouched?: boolean | undefined;
  readonly verified: boolean;
  readonly conversationHint?: string | undefined;
  readonly context?: ContactContext | undefined;
  /** The version of the pre-chat consent text agreed to; stored with `at` when it differs from the one held. */
  readonly consentVersion?: string | undefined;
  readonly at: number;
}

/** A contact's pre-chat consent as recorded: the version of the text, and when the relay received it. */
export interface ContactConsent {
  readonly version: string;
  readonly at: number;
}

/** A contact as stored. */
export interface ContactRecord {
  readonly id: string;
  readonly siteId: string;
  readonly name: string | undefined;
  readonly emailEnc: string | undefined;
  readonly verified: boolean;
  readonly subscribed: boolean;
  readonly conversationHint: string | undefined;
  readonly context: ContactContext | undefined;
  readonly consent: ContactConsent | undefined;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  /** The team's notes about them, or `undefined`. */
  readonly notes: string | undefined;
  /** When a delivery report said their email fails for good (ms), or `undefined` (issue #38). */
  readonly emailBouncingAt?: number | undefined;
  /** Their conversations on the site, oldest first. */
  readonly conversationIds: readonly string[];
}

/** What staff change on a contact ({@link ContactRepository.updateContact}); only the fields given change. */
export interface ContactChanges {
  /** `''` removes the name (and keeps the page's from coming back). A name or email set here wins over the page's. */
  readonly name?: string | undefined;
  /** `null` removes the email: the contact's, and the one the visitor's page gave (which the page cannot bring back). */
  readonly emailEnc?: string | null | undefined;
  readonly emailHash?: string | null | undefined;
  /** `''` removes the notes. */
  readonly notes?: string | undefined;
  readonly subscribed?: boolean | undefined;
  readonly at: number;
}

/** Where a page of contacts starts: after this (lastSeenAt, id), most recently seen first. */
export type ContactCursor = ActivityCursor;

/** Filters of {@link ContactRepository.listContacts}. */
export interface ContactFilter {
  readonly siteId: string;
  /** Case-insensitive substring of the name, or an exact contact id. */
  readonly text?: string | undefined;
  /** Exact email, as its keyed hash. */
  readonly emailHash?: string | undefined;
  readonly cursor?: ContactCursor | undefined;
  readonly limit: number;
}

/** An entry of the audit log: who did what, when, on what. */
export interface AuditEntry {
  readonly id: string;
  readonly siteId: string;
  readonly at: number;
  readonly actorId: string;
  readonly actorName: string;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string;
  readonly details: Record<string, unknown>;
}

/** Filters of {@link AuditRepository.listAudit}. */
export interface AuditFilter {
  readonly siteId: string;
  readonly actorId?: string | undefined;
  readonly action?: string | undefined;
  /** Entries about this target (a conversation's, for its timeline): its type and id (`audit_by_target`). */
  readonly target?: { readonly type: string; readonly id: string } | undefined;
  /** Entries at or after this time (ms). */
  readonly from?: number | undefined;
  /** Entries before this time (ms). */
  readonly to?: number | undefined;
  /** Entries with a smaller id (the cursor of the next page). */
  readonly before?: string | undefined;
  readonly limit: number;
}

/** The values the audit log's filters offer: its actors (by id, with their latest name) and its actions. */
export interface AuditFacets {
  readonly actors: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  readonly actions: readonly string[];
}

/** A saved reply. */
export interface CannedResponse {
  readonly id: string;
  readonly shortcut: string;
  readonly text: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** An API token as listed (never the token or its hash). */
export interface StaffListing {
  readonly id: string;
  readonly name: string;
  /** `admin` when its scopes include `admin`, as the token's welcome says. */
  readonly role: 'admin' | 'agent';
  readonly createdAt: number;
  readonly scopes: readonly TokenScope[];
  /** When it stops working (ms), or `null` for never. */
  readonly expiresAt: number | null;
}

/** A site as listed (never its identity secret). */
export interface SiteListing {
  readonly id: string;
  readonly name: string;
  /** Public: goes in the widget's script tag. */
  readonly siteKey: string;
  readonly allowedOrigins: readonly string[];
  readonly requireIdentity: boolean;
  readonly createdAt: number;
}

/** What may change on a site through the admin API (`PATCH /v1/admin/site`, the identity secret's rotation). */
export interface SitePatch {
  readonly name?: string | undefined;
  readonly allowedOrigins?: readonly string[] | undefined;
  /** The new identity secret, already sealed with the data key (see `store/secret-sealer.ts`). */
  readonly identitySecretSealed?: string | undefined;
}

/** Who a broadcast goes to. */
export type BroadcastSegment =
  | { readonly type: 'all' | 'online' | 'verified' | 'subscribed' }
  | { readonly type: 'ids'; readonly ids: readonly string[] }
  | { readonly type: 'emails'; readonly emails: readonly string[] };

/** A broadcast with its figures: `read` is computed when read (visitor read mark ≥ the broadcast's seq). */
export interface BroadcastRecord {
  readonly id: string;
  readonly siteId: string;
  readonly text: string;
  readonly segment: BroadcastSegment;
  readonly status: 'running' | 'done' | 'failed';
  readonly authorName: string;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly finishedAt: number | undefined;
  readonly targeted: number;
  readonly stored: number;
  readonly delivered: number;
  readonly read: number;
}

/** The outcome for one broadcast target; `seq` 0 means it could not be stored. */
export interface BroadcastOutcome {
  readonly contactId: string;
  readonly conversationId: string | undefined;
  readonly seq: number;
  readonly delivered: boolean;
}

/** A broadcast target still to process, with the conversation the broadcast should go into (if any). */
export interface PendingTarget {
  readonly contactId: string;
  /** Their newest stored conversation, else the id the relay gave them at hello (not stored yet), else none. */
  readonly conversationId: string | undefined;
}

/** Everything held about one contact, for an access request. Emails are still ciphertext. */
export interface ContactExport {
  readonly contact: ContactRecord;
  readonly visitor:
    | {
        readonly name: string | undefined;
        readonly emailEnc: string | undefined;
        readonly verified: boolean;
        readonly createdAt: number;
        readonly updatedAt: number;
      }
    | undefined;
  readonly conversations: readonly ConversationRecord[];
  readonly messages: readonly Message[];
  readonly broadcasts: readonly {
    readonly broadcastId: string;
    readonly conversationId: string | undefined;
    readonly seq: number | undefined;
    readonly delivered: boolean;
  }[];
  readonly audit: readonly AuditEntry[];
}

/** A site's settings (`Repositories.retention`). */
export interface SiteSettings {
  /** Days conversations are kept after their last activity: `null` takes the relay's default, 0 keeps for ever. */
  readonly retentionDays: number | null;
  /** The site's colour in its emails, `#rrggbb`; `null` for Parley's. */
  readonly brandColor: string | null;
  /** Members must use two-factor authentication (issue #19): without it they may only set it up. */
  readonly require2fa: boolean;
  /** The site's logo, an `https:` URL shown in its emails; `null` for none. */
  readonly logoUrl: string | null;
}

/** What one retention batch erased (see {@link RetentionRepository.eraseExpired}). */
export interface ExpiredErasure {
  readonly conversations: number;
  readonly messages: number;
  /** Contacts (and visitor rows) with nothing left, last seen before the cut-off. */
  readonly contacts: number;
  readonly conversationIds: readonly string[];
  /** A batch was full: there may be more to erase. */
  readonly more: boolean;
}

/** Site figures from the store (online counts come from the relay's presence). */
export interface StoreStats {
  readonly openConversations: number;
  readonly messagesToday: number;
  readonly medianFirstReplySeconds: number | null;
}

/** Where an outbox job stands: waiting (or being delivered), done, done with nothing to send, or given up. */
export type OutboxStatus = 'pending' | 'delivered' | 'skipped' | 'dead';

/** An outbox job as the admin API lists it (its payload stays inside the relay). */
export interface OutboxRecord {
  readonly id: string;
  readonly kind: string;
  readonly siteId: string;
  readonly key: string | null;
  readonly conversationId: string | null;
  readonly status: OutboxStatus;
  /** Attempts made (claims: a relay that died mid-delivery counts too). */
  readonly attempts: number;
  /** When the next attempt is due (pending), or was last due. */
  readonly dueAt: number;
  readonly createdAt: number;
  readonly doneAt: number | null;
  readonly lastError: string | null;
  /** What the handler said of its outcome (the receiver's status, why it was skipped). */
  readonly detail: string | null;
  /** Pending behind an earlier job of its key, out of the ready line until that one finishes. */
  readonly held: boolean;
}

/** An outcome to record with `settleOutbox`: finished, or pending again until `dueAt`. */
export type OutboxSettlement =
  | {
      readonly id: string;
      readonly status: 'delivered' | 'skipped' | 'dead';
      readonly at: number;
      readonly detail: string | null;
      readonly error: string | null;
    }
  | { readonly id: string; readonly status: 'pending'; readonly dueAt: number; readonly error: string };

/** A claim of due jobs, as `claimOutbox` makes it, or `settleOutbox` in the transaction of its outcomes. */
export interface OutboxClaim {
  /** The kinds the claiming relay delivers. */
  readonly kinds: readonly string[];
  readonly now: number;
  /** The lease: until then no other claim takes the jobs. */
  readonly leaseUntil: number;
  readonly limit: number;
}

/** Pending and dead jobs per kind, and the oldest due pending job, for `/metrics`. */
export interface OutboxCounts {
  readonly byKind: ReadonlyArray<{ kind: string; status: OutboxStatus; count: number }>;
  readonly oldestDueAt: number | undefined;
}

// ---- the repositories of the admin side (see repositories.ts) ----------------------------------------------
// Every method is scoped to one site unless it says otherwise, so a caller can never reach another site's rows.

/** Conversations as the inbox shows and changes them. */
/** How a conversation came in, as the channel that opens one records it (`conversation_channels`). */
export interface ConversationChannelRow {
  readonly conversationId: string;
  readonly siteId: string;
  readonly channel: Exclude<ConversationChannel, 'chat'>;
  readonly subject: string | null;
  /** The support address; the API channel's or the messaging channel's id. */
  readonly address: string;
  /** The messaging provider's id, for a conversation a messaging channel opens (its channel `api`). */
  readonly provider?: string | undefined;
  readonly at: number;
}

export interface ConversationRepository {
  /**
   * Records the channel of a conversation a channel is about to open (before its first message, so the inbox never
   * shows it as a chat); a row already there is kept.
   */
  recordChannel(row: ConversationChannelRow): Promise<void>;
  /** Which of `ids` came in through `channel`. */
  onChannel(ids: readonly string[], channel: Exclude<ConversationChannel, 'chat'>): Promise<Set<string>>;
  listConversations(
    filter: ConversationFilter,
  ): Promise<{ items: ConversationRecord[]; next: ActivityCursor | undefined; counts: InboxCounts }>;
  getConversation(siteId: string, id: string): Promise<ConversationRecord | undefined>;
  /**
   * What a job checks before it writes in a conversation (its status, assignee, last seq, visitor), in one row read:
   * without the list's preview, labels and unread count, which read the conversation's messages.
   */
  conversationState(siteId: string, id: string): Promise<ConversationState | undefined>;
  /** Which of `ids` are the site's conversations that match `condition` (on `c`): a scope's, say (issue #41). */
  conversationsMatching(siteId: string, ids: readonly string[], condition: SqlCondition): Promise<Set<string>>;
  /**
   * Applies `patch` (labels replace the old set); resolves `undefined` when no such conversation on the site.
   * `effects` (webhook deliveries of `conversation.updated`) are written in the same transaction, if it changed.
   * `onResolved`: side effects written in the same transaction when the patch moves the conversation to
   * `resolved` from another status (once per resolution, even with two relays patching at once).
   */
  updateConversation(
    siteId: string,
    id: string,
    patch: ConversationPatch,
    now: number,
    effects?: readonly OutboxInsert[],
    onResolved?: readonly OutboxInsert[],
  ): Promise<ConversationRecord | undefined>;

  /**
   * Records visitor hellos in one transaction; later values win, missing ones keep what was stored. With
   * `effects`, the touches that create a contact are handed to it, and what it returns is written in the same
   * transaction (`contact.created` webhook deliveries).
   */
}

/** Contacts: visitors who said who they are, their export and their erasure. */
export interface ContactRepository {
  /**
   * Records visitor hellos in one transaction; later values win, missing ones keep what was stored. With
   * `effects`, the touches that create a contact are handed to it, and what it returns is written in the same
   * transaction (`contact.created` webhook deliveries).
   */
  touchContacts(
    touches: readonly ContactTouch[],
    effects?: (created: readonly ContactTouch[]) => readonly OutboxInsert[] | undefined,
  ): Promise<void>;
  listContacts(filter: ContactFilter): Promise<{ items: ContactRecord[]; next: ContactCursor | undefined }>;
  getContact(siteId: string, id: string): Promise<ContactRecord | undefined>;
  setSubscribed(siteId: string, id: string, subscribed: boolean): Promise<ContactRecord | undefined>;
  /** Staff's changes to a contact, in one statement; `undefined` if there is no such contact. */
  updateContact(siteId: string, id: string, changes: ContactChanges): Promise<ContactRecord | undefined>;
  /**
   * Marks the email of the site's contacts that have it as bouncing (issue #38): the contact by id, or every contact
   * whose email has that keyed hash. Answers the ids marked. A change of the contact's email clears the mark.
   */
  markEmailBouncing(
    siteId: string,
    target: { readonly contactId: string } | { readonly emailHash: string },
    at: number,
  ): Promise<string[]>;
  exportContact(siteId: string, id: string): Promise<ContactExport | undefined>;
  /**
   * Deletes the contact, their visitor row, their conversations with every message (full-text index rows
   * included), labels and broadcast targets. Resolves with what was deleted, or `undefined` if nothing was held.
   * `effects` gets what was erased, and what it returns is written in the same transaction (`contact.erased`).
   */
  eraseContact(
    siteId: string,
    id: string,
    effects?: (erased: { conversationIds: readonly string[] }) => readonly OutboxInsert[] | undefined,
  ): Promise<{ conversations: number; messages: number; conversationIds: string[] } | undefined>;
  /**
   * Deletes up to `limit` contacts last seen before `seenBefore` who have no conversation, no subscription and no
   * broadcast addressed to them: visitors who said hello (before contacts were created on a first message) and
   * never wrote. Resolves with how many were deleted.
   */
  pruneSilentContacts(seenBefore: number, limit: number): Promise<number>;
  /** Contact ids of a segment: the whole site, the verified, the subscribed, or an explicit list (ids or email hashes). */
  segmentContacts(
    siteId: string,
    segment:
      | { type: 'all' | 'verified' | 'subscribed' }
      | { type: 'ids'; ids: readonly string[] }
      | { type: 'emailHashes'; hashes: readonly string[] },
  ): Promise<string[]>;
}

/** Canned responses: a site's saved replies. */
export interface CannedRepository {
  listCanned(siteId: string): Promise<CannedResponse[]>;
  /** Resolves `undefined` when the shortcut is taken. */
  createCanned(siteId: string, canned: CannedResponse): Promise<CannedResponse | undefined>;
  /** Resolves `'conflict'` when the new shortcut is taken, `undefined` when there is no such response. */
  updateCanned(
    siteId: string,
    id: string,
    patch: { shortcut?: string | undefined; text?: string | undefined },
    now: number,
  ): Promise<CannedResponse | 'conflict' | undefined>;
  deleteCanned(siteId: string, id: string): Promise<boolean>;
}

/** The desk: a site's API tokens and its figures. */
export interface DeskRepository {
  listStaff(siteId: string): Promise<StaffListing[]>;
  getStaff(
    siteId: string,
    id: string,
  ): Promise<(StaffListing & { revokedAt: number | null; deactivatedAt: number | null }) | undefined>;
  /** Resolves false when no active staff member has that id on the site. */
  revokeStaff(siteId: string, id: string, now: number): Promise<boolean>;

  stats(siteId: string, now: number): Promise<StoreStats>;
}

/** Sites as operators and admins list and change them. */
export interface SiteRepository {
  /** The site a staff member (revoked or not) belongs to; `undefined` when no such id. */
  findStaffSite(staffId: string): Promise<string | undefined>;

  /** Every site on the relay, oldest first. The one place a repository is not scoped to a site: operators only. */
  listSites(): Promise<SiteListing[]>;
  /** Creates a site and its first admin in one transaction (a taken id or site key rejects, creating nothing). */
  createSite(site: Site, admin: Staff, now: number): Promise<SiteListing>;
  /** One site as listed; `undefined` when there is none. */
  getSiteListing(siteId: string): Promise<SiteListing | undefined>;
  /** Changes a site's name, origins or identity secret; resolves with it as listed (`undefined`: no such site). */
  updateSite(siteId: string, patch: SitePatch, now: number): Promise<SiteListing | undefined>;
}

/** The audit log. */
export interface AuditRepository {
  appendAudit(entry: Omit<AuditEntry, 'id'>): Promise<void>;
  /** Deletes every site's audit entries of `action` older than `before` (failed sign-ins). Resolves how many. */
  pruneAudit(action: string, before: number): Promise<number>;
  /**
   * The site's audit entries, newest first: by one actor, of one action, at or after `from` and before `to` (ms),
   * before the entry id `before` (the page cursor).
   */
  listAudit(filter: AuditFilter): Promise<AuditEntry[]>;
  /** Who appears in the site's audit log (their latest name) and which actions, for the log's filters. */
  auditFacets(siteId: string): Promise<AuditFacets>;
}

/** Broadcasts and their target queues. */
export interface BroadcastRepository {
  /** Stores the broadcast and its target list (the queue the background job works through). */
  createBroadcast(
    broadcast: Omit<BroadcastRecord, 'targeted' | 'stored' | 'delivered' | 'read' | 'finishedAt' | 'status'>,
    contactIds: readonly string[],
  ): Promise<void>;
  getBroadcast(siteId: string, id: string): Promise<BroadcastRecord | undefined>;
  listBroadcasts(siteId: string, limit: number): Promise<BroadcastRecord[]>;
  /** Broadcasts of every site still running (to resume after a restart). */
  runningBroadcasts(): Promise<Array<{ id: string; siteId: string }>>;
  pendingTargets(broadcastId: string, siteId: string, limit: number): Promise<PendingTarget[]>;
  recordOutcomes(broadcastId: string, outcomes: readonly BroadcastOutcome[]): Promise<void>;
  finishBroadcast(id: string, status: 'done' | 'failed', now: number): Promise<void>;
}

/** A site's settings, and erasing what its retention period keeps no longer. */
export interface RetentionRepository {
  getSettings(siteId: string): Promise<SiteSettings>;
  updateSettings(siteId: string, patch: Partial<SiteSettings>): Promise<SiteSettings>;
  /** Every site with its retention setting (for the retention job). */
  retentionSettings(): Promise<Array<{ siteId: string; retentionDays: number | null }>>;
  /**
   * Erases up to `limit` of the site's conversations last active before `before`, and up to `limit` contacts with
   * no conversation left last seen before it, as completely as {@link ContactRepository.eraseContact}, in one transaction.
   */
  eraseExpired(siteId: string, before: number, limit: number): Promise<ExpiredErasure>;
}

/** The outbox: side effects written with their causes, claimed and settled by the worker. */
export interface OutboxRepository {
  /** Writes side effects in a transaction of their own (causes that have no transaction of theirs). */
  enqueueOutbox(items: readonly OutboxInsert[], now: number): Promise<void>;
  /** Claims due jobs of `kinds` for delivery until `leaseUntil` (see `store/sql/outbox-queries.ts`). */
  claimOutbox(kinds: readonly string[], now: number, leaseUntil: number, limit: number): Promise<OutboxJob[]>;
  /** Records a finished job; false when it was no longer pending. */
  finishOutbox(
    id: string,
    status: 'delivered' | 'skipped' | 'dead',
    now: number,
    detail: string | null,
    error: string | null,
  ): Promise<boolean>;
  retryOutbox(id: string, dueAt: number, error: string): Promise<void>;
  /**
   * Records many outcomes in one transaction and, with `claim`, claims due jobs in it (see
   * `store/sql/outbox-queries.ts`): the jobs claimed.
   */
  settleOutbox(settlements: readonly OutboxSettlement[], claim?: OutboxClaim): Promise<OutboxJob[]>;
  listOutbox(
    siteId: string,
    filter: { status?: OutboxStatus | undefined; kind?: string | undefined; before?: number | undefined },
    limit: number,
  ): Promise<{ items: OutboxRecord[]; next: number | undefined }>;
  /** Puts a dead job back in line; `undefined` when the site has no such dead job. */
  replayOutbox(siteId: string, id: string, now: number): Promise<OutboxRecord | undefined>;
  outboxCounts(now: number): Promise<OutboxCounts>;
  /** Deletes up to `limit` finished jobs (delivered or skipped before `doneBefore`, dead before `deadBefore`). */
  pruneOutbox(doneBefore: number, deadBefore: number, limit: number): Promise<number>;
}
