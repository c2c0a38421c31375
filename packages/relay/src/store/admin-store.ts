import type { ConversationPriority, ConversationStatus, Message } from '@parley/protocol';
import type { Conversation } from './store.js';
import { MESSAGE_COLUMNS, toMessage, type MessageRow } from './message-row.js';

/** Whose conversations a list shows: assigned to the caller, to nobody, or all of the site's. */
export type InboxView = 'mine' | 'unassigned' | 'all';

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
export interface ConversationRecord extends Conversation {
  readonly assigneeId: string | null;
  readonly priority: ConversationPriority;
  readonly labels: readonly string[];
  /** Visitor messages after `staffReadSeq`. */
  readonly unread: number;
  readonly lastMessage:
    | {
        readonly seq: number;
        readonly text: string;
        readonly ts: number;
        readonly authorRole: Message['author']['role'];
      }
    | undefined;
  readonly visitor: {
    readonly id: string;
    readonly name: string | undefined;
    /** AES-256-GCM ciphertext, base64 (see `admin/email-cipher.ts`). */
    readonly emailEnc: string | undefined;
    readonly verified: boolean;
    readonly context: ContactContext | undefined;
  };
}

/** Where a keyset page starts: after this (updatedAt, id) in newest-first order. */
export interface ActivityCursor {
  readonly at: number;
  readonly id: string;
}

/** Filters of {@link AdminStore.listConversations}. */
export interface ConversationFilter {
  readonly siteId: string;
  /** The caller, for `view: 'mine'` and the `mine` count. */
  readonly staffId: string;
  readonly status?: ConversationStatus | undefined;
  readonly view?: InboxView | undefined;
  readonly unread?: boolean | undefined;
  readonly label?: string | undefined;
  /** Full-text query over message text (notes included): every word must occur; the last may be a prefix. */
  readonly q?: string | undefined;
  readonly cursor?: ActivityCursor | undefined;
  readonly limit: number;
}

/** Counts per view (within the status filter) and per status (within the view filter); other filters apply to all. */
export interface InboxCounts {
  readonly mine: number;
  readonly unassigned: number;
  readonly all: number;
  readonly open: number;
  readonly pending: number;
  readonly snoozed: number;
  readonly resolved: number;
}

/** What may change on a conversation. */
export interface ConversationPatch {
  readonly status?: ConversationStatus | undefined;
  readonly assigneeId?: string | null | undefined;
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
  readonly verified: boolean;
  readonly conversationHint?: string | undefined;
  readonly context?: ContactContext | undefined;
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
  readonly createdAt: number;
  readonly lastSeenAt: number;
  /** Their conversations on the site, oldest first. */
  readonly conversationIds: readonly string[];
}

/** Where a page of contacts starts: after this (lastSeenAt, id), most recently seen first. */
export type ContactCursor = ActivityCursor;

/** Filters of {@link AdminStore.listContacts}. */
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

/** A saved reply. */
export interface CannedResponse {
  readonly id: string;
  readonly shortcut: string;
  readonly text: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A staff member as listed (never the token or its hash). */
export interface StaffListing {
  readonly id: string;
  readonly name: string;
  readonly role: 'admin' | 'agent';
  readonly createdAt: number;
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

/** Site figures from the store (online counts come from the relay's presence). */
export interface StoreStats {
  readonly openConversations: number;
  readonly messagesToday: number;
  readonly medianFirstReplySeconds: number | null;
}

/**
 * Data access for the admin API, beside the {@link Store} of the message path: inbox queries, workflow updates,
 * contacts (encrypted email, keyed-hash lookup, export, erasure), canned responses, staff tokens, broadcasts, the
 * audit log and stats. Every method is scoped to one site, so a caller can never reach another site's rows.
 * Implementations ({@link SqlAdminStore} over SQLite or PostgreSQL) pass `test/admin-store-contract.ts`.
 */
export interface AdminStore {
  readonly kind: string;
  close(): Promise<void>;

  listConversations(
    filter: ConversationFilter,
  ): Promise<{ items: ConversationRecord[]; next: ActivityCursor | undefined; counts: InboxCounts }>;
  getConversation(siteId: string, id: string): Promise<ConversationRecord | undefined>;
  /** Applies `patch` (labels replace the old set); resolves `undefined` when no such conversation on the site. */
  updateConversation(
    siteId: string,
    id: string,
    patch: ConversationPatch,
    now: number,
  ): Promise<ConversationRecord | undefined>;

  /** Records visitor hellos in one transaction; later values win, missing ones keep what was stored. */
  touchContacts(touches: readonly ContactTouch[]): Promise<void>;
  listContacts(filter: ContactFilter): Promise<{ items: ContactRecord[]; next: ContactCursor | undefined }>;
  getContact(siteId: string, id: string): Promise<ContactRecord | undefined>;
  setSubscribed(siteId: string, id: string, subscribed: boolean): Promise<ContactRecord | undefined>;
  exportContact(siteId: string, id: string): Promise<ContactExport | undefined>;
  /**
   * Deletes the contact, their visitor row, their conversations with every message (full-text index rows
   * included), labels and broadcast targets. Resolves with what was deleted, or `undefined` if nothing was held.
   */
  eraseContact(
    siteId: string,
    id: string,
  ): Promise<{ conversations: number; messages: number; conversationIds: string[] } | undefined>;
  /** Contact ids of a segment: the whole site, the verified, the subscribed, or an explicit list (ids or email hashes). */
  segmentContacts(
    siteId: string,
    segment:
      | { type: 'all' | 'verified' | 'subscribed' }
      | { type: 'ids'; ids: readonly string[] }
      | { type: 'emailHashes'; hashes: readonly string[] },
  ): Promise<string[]>;

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

  listStaff(siteId: string): Promise<StaffListing[]>;
  getStaff(siteId: string, id: string): Promise<(StaffListing & { revokedAt: number | null }) | undefined>;
  /** Resolves false when no active staff member has that id on the site. */
  revokeStaff(siteId: string, id: string, now: number): Promise<boolean>;

  appendAudit(entry: Omit<AuditEntry, 'id'>): Promise<void>;
  listAudit(filter: {
    siteId: string;
    actorId?: string | undefined;
    action?: string | undefined;
    before?: string | undefined;
    limit: number;
  }): Promise<AuditEntry[]>;

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

  stats(siteId: string, now: number): Promise<StoreStats>;
}

// ---- the shared SQL implementation -----------------------------------------------------------------------

/** A bound value: booleans become 0/1 on SQLite. */
export type SqlValue = string | number | boolean | null;

/** The little a {@link SqlAdminStore} needs from a database: `?` placeholders, rows as plain objects. */
export interface SqlDb {
  readonly dialect: 'sqlite' | 'postgres';
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs a statement; resolves with the number of rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs `work` in one transaction on one connection; rolls back if it throws. */
  transaction<T>(work: (db: SqlDb) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

interface ConversationRow {
  id: string;
  site_id: string;
  visitor_id: string;
  status: ConversationStatus;
  priority: ConversationPriority;
  assignee_id: string | null;
  last_seq: number;
  visitor_read_seq: number;
  staff_read_seq: number;
  created_at: number;
  updated_at: number;
  v_name: string | null;
  v_email: string | null;
  v_verified: number | boolean | null;
  k_name: string | null;
  k_email: string | null;
  k_verified: number | boolean | null;
  k_context: string | null;
}

interface ContactRow {
  site_id: string;
  contact_id: string;
  name: string | null;
  email_enc: string | null;
  verified: number | boolean;
  subscribed: number | boolean;
  conversation_hint: string | null;
  context: string | null;
  created_at: number;
  last_seen_at: number;
}

interface AuditRow {
  id: number | string;
  site_id: string;
  at: number;
  actor_id: string;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string;
  details: string;
}

interface BroadcastRow {
  id: string;
  site_id: string;
  text: string;
  segment: string;
  status: BroadcastRecord['status'];
  author_name: string;
  created_by: string;
  created_at: number;
  finished_at: number | null;
}

const CONVERSATION_SELECT = `
  SELECT c.id, c.site_id, c.visitor_id, c.status, c.priority, c.assignee_id, c.last_seq, c.visitor_read_seq,
         c.staff_read_seq, c.created_at, c.updated_at,
         v.name AS v_name, v.email AS v_email, v.verified AS v_verified,
         k.name AS k_name, k.email_enc AS k_email, k.verified AS k_verified, k.context AS k_context
  FROM conversations c
  LEFT JOIN visitors v ON v.site_id = c.site_id AND v.visitor_id = c.visitor_id
  LEFT JOIN contacts k ON k.site_id = c.site_id AND k.contact_id = c.visitor_id`;

const CONTACT_COLUMNS =
  'site_id, contact_id, name, email_enc, verified, subscribed, conversation_hint, context, created_at, last_seen_at';
const UNREAD_CONDITION = `EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.seq > c.staff_read_seq AND m.author_role = 'visitor')`;

/** Rows per multi-row INSERT (well under SQLite's 32,766 bound parameters). */
const INSERT_CHUNK = 500;

/**
 * Words of a search query: letters, digits and `_` runs, lower-cased, at most 8. Everything else (quotes,
 * operators, parentheses) is dropped, so user input can never be read as FTS5 or tsquery syntax.
 */
export function searchTerms(q: string): string[] {
  return (q.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []).slice(0, 8);
}

function placeholders(count: number): string {
  return new Array<string>(count).fill('?').join(', ');
}

function bool(value: number | boolean | null | undefined): boolean {
  return value === true || (typeof value === 'number' && value !== 0);
}

function parseJson<T>(text: string | null): T | undefined {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * {@link AdminStore} over SQL shared by SQLite and PostgreSQL: the statements are written once with `?`
 * placeholders; only full-text search differs (`searchCondition`). See `sqlite-admin-store.ts` and
 * `postgres-admin-store.ts` for the connections.
 */
export class SqlAdminStore implements AdminStore {
  readonly kind: string;

  constructor(protected readonly db: SqlDb) {
    this.kind = db.dialect;
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  /** The condition selecting conversations with a message matching every term, and its parameter. */
  protected searchCondition(terms: readonly string[]): { sql: string; param: string } {
    if (this.db.dialect === 'postgres') {
      const query = terms.map((term, i) => (i === terms.length - 1 ? `${term}:*` : term)).join(' & ');
      return {
        sql: `c.id IN (SELECT m.conversation_id FROM messages m WHERE m.search @@ to_tsquery('simple', ?))`,
        param: query,
      };
    }
    const query = terms.map((term, i) => `"${term}"${i === terms.length - 1 ? '*' : ''}`).join(' ');
    return {
      sql: `c.id IN (SELECT m.conversation_id FROM messages m WHERE m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?))`,
      param: query,
    };
  }

  async listConversations(
    filter: ConversationFilter,
  ): Promise<{ items: ConversationRecord[]; next: ActivityCursor | undefined; counts: InboxCounts }> {
    // Filters every count shares.
    const base: string[] = ['c.site_id = ?'];
    const baseParams: SqlValue[] = [filter.siteId];
    if (filter.unread) base.push(UNREAD_CONDITION);
    if (filter.label !== undefined) {
      base.push('EXISTS (SELECT 1 FROM conversation_labels l WHERE l.conversation_id = c.id AND l.label = ?)');
      baseParams.push(filter.label);
    }
    if (filter.q !== undefined) {
      const terms = searchTerms(filter.q);
      if (terms.length === 0) base.push('1 = 0');
      else {
        const search = this.searchCondition(terms);
        base.push(search.sql);
        baseParams.push(search.param);
      }
    }
    const statusCondition =
      filter.status === undefined
        ? { sql: '1 = 1', params: [] as SqlValue[] }
        : { sql: 'c.status = ?', params: [filter.status] };
    const viewConditions = {
      mine: { sql: 'c.assignee_id = ?', params: [filter.staffId] as SqlValue[] },
      unassigned: { sql: 'c.assignee_id IS NULL', params: [] as SqlValue[] },
      all: { sql: '1 = 1', params: [] as SqlValue[] },
    };
    const view = viewConditions[filter.view ?? 'all'];

    const where = [...base, statusCondition.sql, view.sql];
    const params: SqlValue[] = [...baseParams, ...statusCondition.params, ...view.params];
    if (filter.cursor) {
      where.push('(c.updated_at < ? OR (c.updated_at = ? AND c.id < ?))');
      params.push(filter.cursor.at, filter.cursor.at, filter.cursor.id);
    }
    const rows = await this.db.all<ConversationRow>(
      `${CONVERSATION_SELECT} WHERE ${where.join(' AND ')} ORDER BY c.updated_at DESC, c.id DESC LIMIT ?`,
      [...params, filter.limit + 1],
    );
    const more = rows.length > filter.limit;
    if (more) rows.pop();
    const items = await this.#records(rows);
    const last = rows[rows.length - 1];

    const countSql: string[] = [];
    const countParams: SqlValue[] = [];
    for (const name of ['mine', 'unassigned', 'all'] as const) {
      countSql.push(
        `coalesce(sum(CASE WHEN ${statusCondition.sql} AND ${viewConditions[name].sql} THEN 1 ELSE 0 END), 0) AS ${name === 'all' ? 'n_all' : name}`,
      );
      countParams.push(...statusCondition.params, ...viewConditions[name].params);
    }
    for (const status of ['open', 'pending', 'snoozed', 'resolved'] as const) {
      countSql.push(`coalesce(sum(CASE WHEN c.status = ? AND ${view.sql} THEN 1 ELSE 0 END), 0) AS ${status}`);
      countParams.push(status, ...view.params);
    }
    const [counted] = await this.db.all<Record<string, number | string>>(
      `SELECT ${countSql.join(', ')} FROM conversations c WHERE ${base.join(' AND ')}`,
      [...countParams, ...baseParams],
    );
    const n = (key: string): number => Number(counted?.[key] ?? 0);
    return {
      items,
      next: more && last ? { at: last.updated_at, id: last.id } : undefined,
      counts: {
        mine: n('mine'),
        unassigned: n('unassigned'),
        all: n('n_all'),
        open: n('open'),
        pending: n('pending'),
        snoozed: n('snoozed'),
        resolved: n('resolved'),
      },
    };
  }

  async getConversation(siteId: string, id: string): Promise<ConversationRecord | undefined> {
    const rows = await this.db.all<ConversationRow>(`${CONVERSATION_SELECT} WHERE c.site_id = ? AND c.id = ?`, [
      siteId,
      id,
    ]);
    return (await this.#records(rows))[0];
  }

  async updateConversation(
    siteId: string,
    id: string,
    patch: ConversationPatch,
    now: number,
  ): Promise<ConversationRecord | undefined> {
    const found = await this.db.transaction(async (db) => {
      const sets: string[] = ['updated_at = ?'];
      const params: SqlValue[] = [now];
      if (patch.status !== undefined) {
        sets.push('status = ?');
        params.push(patch.status);
      }
      if (patch.priority !== undefined) {
        sets.push('priority = ?');
        params.push(patch.priority);
      }
      if (patch.assigneeId !== undefined) {
        sets.push('assignee_id = ?');
        params.push(patch.assigneeId);
      }
      const changed = await db.run(`UPDATE conversations SET ${sets.join(', ')} WHERE site_id = ? AND id = ?`, [
        ...params,
        siteId,
        id,
      ]);
      if (changed === 0) return false;
      if (patch.labels !== undefined) {
        await db.run('DELETE FROM conversation_labels WHERE conversation_id = ?', [id]);
        const labels = [...new Set(patch.labels)];
        if (labels.length > 0) {
          await db.run(
            `INSERT INTO conversation_labels (conversation_id, label) VALUES ${labels.map(() => '(?, ?)').join(', ')}`,
            labels.flatMap((label) => [id, label]),
          );
        }
      }
      return true;
    });
    return found ? this.getConversation(siteId, id) : undefined;
  }

  /** Adds labels, the last message and unread counts to a page of rows: three queries whatever its size. */
  async #records(rows: readonly ConversationRow[]): Promise<ConversationRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const marks = placeholders(ids.length);
    const labels = new Map<string, string[]>();
    for (const row of await this.db.all<{ conversation_id: string; label: string }>(
      `SELECT conversation_id, label FROM conversation_labels WHERE conversation_id IN (${marks}) ORDER BY label`,
      ids,
    )) {
      const list = labels.get(row.conversation_id) ?? [];
      list.push(row.label);
      labels.set(row.conversation_id, list);
    }
    const lastMessages = new Map<
      string,
      { seq: number; text: string; ts: number; author_role: Message['author']['role'] }
    >();
    for (const row of await this.db.all<{
      conversation_id: string;
      seq: number;
      text: string;
      ts: number;
      author_role: Message['author']['role'];
    }>(
      `SELECT m.conversation_id, m.seq, m.text, m.ts, m.author_role
       FROM conversations c JOIN messages m ON m.conversation_id = c.id AND m.seq = c.last_seq
       WHERE c.id IN (${marks})`,
      ids,
    )) {
      lastMessages.set(row.conversation_id, row);
    }
    const unread = new Map<string, number>();
    for (const row of await this.db.all<{ conversation_id: string; n: number }>(
      `SELECT m.conversation_id, count(*) AS n
       FROM conversations c JOIN messages m ON m.conversation_id = c.id AND m.seq > c.staff_read_seq
       WHERE c.id IN (${marks}) AND m.author_role = 'visitor'
       GROUP BY m.conversation_id`,
      ids,
    )) {
      unread.set(row.conversation_id, Number(row.n));
    }
    return rows.map((row) => {
      const last = lastMessages.get(row.id);
      return {
        id: row.id,
        siteId: row.site_id,
        visitorId: row.visitor_id,
        status: row.status,
        priority: row.priority,
        assigneeId: row.assignee_id,
        labels: labels.get(row.id) ?? [],
        lastSeq: row.last_seq,
        visitorReadSeq: row.visitor_read_seq,
        staffReadSeq: row.staff_read_seq,
        unread: unread.get(row.id) ?? 0,
        lastMessage: last && { seq: last.seq, text: last.text, ts: last.ts, authorRole: last.author_role },
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        visitor: {
          id: row.visitor_id,
          name: row.k_name ?? row.v_name ?? undefined,
          emailEnc: row.k_email ?? row.v_email ?? undefined,
          verified: bool(row.k_verified) || bool(row.v_verified),
          context: parseJson<ContactContext>(row.k_context),
        },
      };
    });
  }

  // ---- contacts ------------------------------------------------------------------------------------------

  async touchContacts(touches: readonly ContactTouch[]): Promise<void> {
    if (touches.length === 0) return;
    await this.db.transaction(async (db) => {
      for (const part of chunks(touches, INSERT_CHUNK)) {
        await db.run(
          `INSERT INTO contacts (site_id, contact_id, name, email_enc, email_hash, verified, subscribed, conversation_hint, context, created_at, last_seen_at)
           VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
           ON CONFLICT (site_id, contact_id) DO UPDATE SET
             name = coalesce(excluded.name, contacts.name),
             email_enc = coalesce(excluded.email_enc, contacts.email_enc),
             email_hash = coalesce(excluded.email_hash, contacts.email_hash),
             verified = excluded.verified,
             conversation_hint = coalesce(excluded.conversation_hint, contacts.conversation_hint),
             context = coalesce(excluded.context, contacts.context),
             last_seen_at = excluded.last_seen_at`,
          part.flatMap((t) => [
            t.siteId,
            t.contactId,
            t.name ?? null,
            t.emailEnc ?? null,
            t.emailHash ?? null,
            t.verified,
            false,
            t.conversationHint ?? null,
            t.context ? JSON.stringify(t.context) : null,
            t.at,
            t.at,
          ]),
        );
      }
    });
  }

  async listContacts(filter: ContactFilter): Promise<{ items: ContactRecord[]; next: ContactCursor | undefined }> {
    const where = ['site_id = ?'];
    const params: SqlValue[] = [filter.siteId];
    const either: string[] = [];
    if (filter.text !== undefined) {
      either.push(`lower(name) LIKE ? ESCAPE '\\'`, 'contact_id = ?');
      params.push(`%${filter.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`, filter.text);
    }
    if (filter.emailHash !== undefined) {
      either.push('email_hash = ?');
      params.push(filter.emailHash);
    }
    if (either.length > 0) where.push(`(${either.join(' OR ')})`);
    if (filter.cursor) {
      where.push('(last_seen_at < ? OR (last_seen_at = ? AND contact_id < ?))');
      params.push(filter.cursor.at, filter.cursor.at, filter.cursor.id);
    }
    const rows = await this.db.all<ContactRow>(
      `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE ${where.join(' AND ')} ORDER BY last_seen_at DESC, contact_id DESC LIMIT ?`,
      [...params, filter.limit + 1],
    );
    const more = rows.length > filter.limit;
    if (more) rows.pop();
    const last = rows[rows.length - 1];
    return {
      items: await this.#contacts(filter.siteId, rows),
      next: more && last ? { at: last.last_seen_at, id: last.contact_id } : undefined,
    };
  }

  async getContact(siteId: string, id: string): Promise<ContactRecord | undefined> {
    const rows = await this.db.all<ContactRow>(
      `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE site_id = ? AND contact_id = ?`,
      [siteId, id],
    );
    return (await this.#contacts(siteId, rows))[0];
  }

  async setSubscribed(siteId: string, id: string, subscribed: boolean): Promise<ContactRecord | undefined> {
    await this.db.run('UPDATE contacts SET subscribed = ? WHERE site_id = ? AND contact_id = ?', [
      subscribed,
      siteId,
      id,
    ]);
    return this.getContact(siteId, id);
  }

  async #contacts(siteId: string, rows: readonly ContactRow[]): Promise<ContactRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.contact_id);
    const conversations = new Map<string, string[]>();
    for (const row of await this.db.all<{ id: string; visitor_id: string }>(
      `SELECT id, visitor_id FROM conversations WHERE site_id = ? AND visitor_id IN (${placeholders(ids.length)}) ORDER BY created_at, id`,
      [siteId, ...ids],
    )) {
      const list = conversations.get(row.visitor_id) ?? [];
      list.push(row.id);
      conversations.set(row.visitor_id, list);
    }
    return rows.map((row) => ({
      id: row.contact_id,
      siteId: row.site_id,
      name: row.name ?? undefined,
      emailEnc: row.email_enc ?? undefined,
      verified: bool(row.verified),
      subscribed: bool(row.subscribed),
      conversationHint: row.conversation_hint ?? undefined,
      context: parseJson<ContactContext>(row.context),
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      conversationIds: conversations.get(row.contact_id) ?? [],
    }));
  }

  async exportContact(siteId: string, id: string): Promise<ContactExport | undefined> {
    const contact = await this.getContact(siteId, id);
    if (!contact) return undefined;
    const [visitorRow] = await this.db.all<{
      name: string | null;
      email: string | null;
      verified: number | boolean;
      created_at: number;
      updated_at: number;
    }>('SELECT name, email, verified, created_at, updated_at FROM visitors WHERE site_id = ? AND visitor_id = ?', [
      siteId,
      id,
    ]);
    const conversationRows = await this.db.all<ConversationRow>(
      `${CONVERSATION_SELECT} WHERE c.site_id = ? AND c.visitor_id = ? ORDER BY c.created_at, c.id`,
      [siteId, id],
    );
    const conversations = await this.#records(conversationRows);
    const ids = conversations.map((conversation) => conversation.id);
    const messages =
      ids.length === 0
        ? []
        : (
            await this.db.all<MessageRow>(
              `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id IN (${placeholders(ids.length)}) ORDER BY conversation_id, seq`,
              ids,
            )
          ).map(toMessage);
    const broadcasts = await this.db.all<{
      broadcast_id: string;
      conversation_id: string | null;
      seq: number | null;
      delivered: number | boolean;
    }>(
      `SELECT t.broadcast_id, t.conversation_id, t.seq, t.delivered FROM broadcast_targets t JOIN broadcasts b ON b.id = t.broadcast_id
       WHERE b.site_id = ? AND t.contact_id = ? ORDER BY b.created_at`,
      [siteId, id],
    );
    const targets = [id, ...ids];
    const audit = await this.db.all<AuditRow>(
      `SELECT * FROM audit_log WHERE site_id = ? AND target_id IN (${placeholders(targets.length)}) ORDER BY id`,
      [siteId, ...targets],
    );
    return {
      contact,
      visitor: visitorRow && {
        name: visitorRow.name ?? undefined,
        emailEnc: visitorRow.email ?? undefined,
        verified: bool(visitorRow.verified),
        createdAt: visitorRow.created_at,
        updatedAt: visitorRow.updated_at,
      },
      conversations,
      messages,
      broadcasts: broadcasts.map((row) => ({
        broadcastId: row.broadcast_id,
        conversationId: row.conversation_id ?? undefined,
        seq: row.seq ?? undefined,
        delivered: bool(row.delivered),
      })),
      audit: audit.map(toAudit),
    };
  }

  async eraseContact(
    siteId: string,
    id: string,
  ): Promise<{ conversations: number; messages: number; conversationIds: string[] } | undefined> {
    return this.db.transaction(async (db) => {
      const ids = (
        await db.all<{ id: string }>('SELECT id FROM conversations WHERE site_id = ? AND visitor_id = ?', [siteId, id])
      ).map((row) => row.id);
      let messages = 0;
      if (ids.length > 0) {
        const marks = placeholders(ids.length);
        await db.run(`DELETE FROM conversation_labels WHERE conversation_id IN (${marks})`, ids);
        // On SQLite the messages_fts_delete trigger removes the full-text rows; on PostgreSQL the tsvector is a column.
        messages = await db.run(`DELETE FROM messages WHERE conversation_id IN (${marks})`, ids);
        await db.run(`DELETE FROM conversations WHERE id IN (${marks})`, ids);
      }
      const visitors = await db.run('DELETE FROM visitors WHERE site_id = ? AND visitor_id = ?', [siteId, id]);
      const contacts = await db.run('DELETE FROM contacts WHERE site_id = ? AND contact_id = ?', [siteId, id]);
      await db.run(
        'DELETE FROM broadcast_targets WHERE contact_id = ? AND broadcast_id IN (SELECT id FROM broadcasts WHERE site_id = ?)',
        [id, siteId],
      );
      if (ids.length === 0 && visitors === 0 && contacts === 0) return undefined;
      return { conversations: ids.length, messages, conversationIds: ids };
    });
  }

  async segmentContacts(
    siteId: string,
    segment:
      | { type: 'all' | 'verified' | 'subscribed' }
      | { type: 'ids'; ids: readonly string[] }
      | { type: 'emailHashes'; hashes: readonly string[] },
  ): Promise<string[]> {
    if (segment.type === 'ids' || segment.type === 'emailHashes') {
      const values = [...new Set(segment.type === 'ids' ? segment.ids : segment.hashes)];
      const column = segment.type === 'ids' ? 'contact_id' : 'email_hash';
      const found = new Set<string>();
      for (const part of chunks(values, INSERT_CHUNK)) {
        for (const row of await this.db.all<{ contact_id: string }>(
          `SELECT contact_id FROM contacts WHERE site_id = ? AND ${column} IN (${placeholders(part.length)})`,
          [siteId, ...part],
        )) {
          found.add(row.contact_id);
        }
      }
      return [...found].sort();
    }
    // A bare column is a boolean only on PostgreSQL; SQLite keeps 0/1.
    const flag = (column: string): string => (this.db.dialect === 'sqlite' ? ` AND ${column} <> 0` : ` AND ${column}`);
    const condition =
      segment.type === 'verified' ? flag('verified') : segment.type === 'subscribed' ? flag('subscribed') : '';
    const sql = `SELECT contact_id FROM contacts WHERE site_id = ?${condition} ORDER BY contact_id`;
    return (await this.db.all<{ contact_id: string }>(sql, [siteId])).map((row) => row.contact_id);
  }

  // ---- canned responses ----------------------------------------------------------------------------------

  async listCanned(siteId: string): Promise<CannedResponse[]> {
    const rows = await this.db.all<{
      id: string;
      shortcut: string;
      text: string;
      created_at: number;
      updated_at: number;
    }>('SELECT id, shortcut, text, created_at, updated_at FROM canned_responses WHERE site_id = ? ORDER BY shortcut', [
      siteId,
    ]);
    return rows.map((row) => ({
      id: row.id,
      shortcut: row.shortcut,
      text: row.text,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
  }

  async createCanned(siteId: string, canned: CannedResponse): Promise<CannedResponse | undefined> {
    const changed = await this.db.run(
      `INSERT INTO canned_responses (id, site_id, shortcut, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (site_id, shortcut) DO NOTHING`,
      [canned.id, siteId, canned.shortcut, canned.text, canned.createdAt, canned.updatedAt],
    );
    return changed === 0 ? undefined : canned;
  }

  async updateCanned(
    siteId: string,
    id: string,
    patch: { shortcut?: string | undefined; text?: string | undefined },
    now: number,
  ): Promise<CannedResponse | 'conflict' | undefined> {
    return this.db.transaction(async (db) => {
      const [existing] = await db.all<{ shortcut: string; text: string; created_at: number }>(
        'SELECT shortcut, text, created_at FROM canned_responses WHERE site_id = ? AND id = ?',
        [siteId, id],
      );
      if (!existing) return undefined;
      const shortcut = patch.shortcut ?? existing.shortcut;
      const text = patch.text ?? existing.text;
      if (shortcut !== existing.shortcut) {
        const [taken] = await db.all<{ id: string }>(
          'SELECT id FROM canned_responses WHERE site_id = ? AND shortcut = ?',
          [siteId, shortcut],
        );
        if (taken) return 'conflict' as const;
      }
      await db.run('UPDATE canned_responses SET shortcut = ?, text = ?, updated_at = ? WHERE site_id = ? AND id = ?', [
        shortcut,
        text,
        now,
        siteId,
        id,
      ]);
      return { id, shortcut, text, createdAt: existing.created_at, updatedAt: now };
    });
  }

  async deleteCanned(siteId: string, id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM canned_responses WHERE site_id = ? AND id = ?', [siteId, id])) > 0;
  }

  // ---- staff ---------------------------------------------------------------------------------------------

  async listStaff(siteId: string): Promise<StaffListing[]> {
    const rows = await this.db.all<{ id: string; name: string; role: 'admin' | 'agent'; created_at: number }>(
      'SELECT id, name, role, created_at FROM staff WHERE site_id = ? AND revoked_at IS NULL ORDER BY created_at, id',
      [siteId],
    );
    return rows.map((row) => ({ id: row.id, name: row.name, role: row.role, createdAt: row.created_at }));
  }

  async getStaff(siteId: string, id: string): Promise<(StaffListing & { revokedAt: number | null }) | undefined> {
    const [row] = await this.db.all<{
      id: string;
      name: string;
      role: 'admin' | 'agent';
      created_at: number;
      revoked_at: number | null;
    }>('SELECT id, name, role, created_at, revoked_at FROM staff WHERE site_id = ? AND id = ?', [siteId, id]);
    return row && { id: row.id, name: row.name, role: row.role, createdAt: row.created_at, revokedAt: row.revoked_at };
  }

  async revokeStaff(siteId: string, id: string, now: number): Promise<boolean> {
    return (
      (await this.db.run('UPDATE staff SET revoked_at = ? WHERE site_id = ? AND id = ? AND revoked_at IS NULL', [
        now,
        siteId,
        id,
      ])) > 0
    );
  }

  // ---- audit ---------------------------------------------------------------------------------------------

  async appendAudit(entry: Omit<AuditEntry, 'id'>): Promise<void> {
    await this.db.run(
      'INSERT INTO audit_log (site_id, at, actor_id, actor_name, action, target_type, target_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [
        entry.siteId,
        entry.at,
        entry.actorId,
        entry.actorName,
        entry.action,
        entry.targetType,
        entry.targetId,
        JSON.stringify(entry.details),
      ],
    );
  }

  async listAudit(filter: {
    siteId: string;
    actorId?: string | undefined;
    action?: string | undefined;
    before?: string | undefined;
    limit: number;
  }): Promise<AuditEntry[]> {
    const where = ['site_id = ?'];
    const params: SqlValue[] = [filter.siteId];
    if (filter.actorId !== undefined) {
      where.push('actor_id = ?');
      params.push(filter.actorId);
    }
    if (filter.action !== undefined) {
      where.push('action = ?');
      params.push(filter.action);
    }
    if (filter.before !== undefined) {
      where.push('id < ?');
      params.push(Number(filter.before));
    }
    const rows = await this.db.all<AuditRow>(
      `SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`,
      [...params, filter.limit],
    );
    return rows.map(toAudit);
  }

  // ---- broadcasts ----------------------------------------------------------------------------------------

  async createBroadcast(
    broadcast: Omit<BroadcastRecord, 'targeted' | 'stored' | 'delivered' | 'read' | 'finishedAt' | 'status'>,
    contactIds: readonly string[],
  ): Promise<void> {
    await this.db.transaction(async (db) => {
      await db.run(
        `INSERT INTO broadcasts (id, site_id, text, segment, status, author_name, created_by, created_at) VALUES (?, ?, ?, ?, 'running', ?, ?, ?)`,
        [
          broadcast.id,
          broadcast.siteId,
          broadcast.text,
          JSON.stringify(broadcast.segment),
          broadcast.authorName,
          broadcast.createdBy,
          broadcast.createdAt,
        ],
      );
      for (const part of chunks(contactIds, INSERT_CHUNK)) {
        await db.run(
          `INSERT INTO broadcast_targets (broadcast_id, contact_id) VALUES ${part.map(() => '(?, ?)').join(', ')}`,
          part.flatMap((contactId) => [broadcast.id, contactId]),
        );
      }
    });
  }

  async getBroadcast(siteId: string, id: string): Promise<BroadcastRecord | undefined> {
    const [row] = await this.db.all<BroadcastRow>('SELECT * FROM broadcasts WHERE site_id = ? AND id = ?', [
      siteId,
      id,
    ]);
    return row && this.#broadcast(row);
  }

  async listBroadcasts(siteId: string, limit: number): Promise<BroadcastRecord[]> {
    const rows = await this.db.all<BroadcastRow>(
      'SELECT * FROM broadcasts WHERE site_id = ? ORDER BY created_at DESC, id DESC LIMIT ?',
      [siteId, limit],
    );
    return Promise.all(rows.map((row) => this.#broadcast(row)));
  }

  async #broadcast(row: BroadcastRow): Promise<BroadcastRecord> {
    const [figures] = await this.db.all<{
      targeted: number;
      stored: number | null;
      delivered: number | null;
      read: number | null;
    }>(
      `SELECT count(*) AS targeted,
              coalesce(sum(CASE WHEN t.seq > 0 THEN 1 ELSE 0 END), 0) AS stored,
              coalesce(sum(CASE WHEN t.seq > 0 AND t.delivered ${this.db.dialect === 'sqlite' ? '<> 0' : ''} THEN 1 ELSE 0 END), 0) AS delivered,
              coalesce(sum(CASE WHEN t.seq > 0 AND c.visitor_read_seq >= t.seq THEN 1 ELSE 0 END), 0) AS read
       FROM broadcast_targets t LEFT JOIN conversations c ON c.id = t.conversation_id
       WHERE t.broadcast_id = ?`,
      [row.id],
    );
    return {
      id: row.id,
      siteId: row.site_id,
      text: row.text,
      segment: JSON.parse(row.segment) as BroadcastSegment,
      status: row.status,
      authorName: row.author_name,
      createdBy: row.created_by,
      createdAt: row.created_at,
      finishedAt: row.finished_at ?? undefined,
      targeted: Number(figures?.targeted ?? 0),
      stored: Number(figures?.stored ?? 0),
      delivered: Number(figures?.delivered ?? 0),
      read: Number(figures?.read ?? 0),
    };
  }

  async runningBroadcasts(): Promise<Array<{ id: string; siteId: string }>> {
    const rows = await this.db.all<{ id: string; site_id: string }>(
      `SELECT id, site_id FROM broadcasts WHERE status = 'running' ORDER BY created_at`,
    );
    return rows.map((row) => ({ id: row.id, siteId: row.site_id }));
  }

  async pendingTargets(broadcastId: string, siteId: string, limit: number): Promise<PendingTarget[]> {
    const rows = await this.db.all<{ contact_id: string; hint: string | null; latest: string | null }>(
      `SELECT t.contact_id, k.conversation_hint AS hint,
              (SELECT c.id FROM conversations c WHERE c.site_id = ? AND c.visitor_id = t.contact_id ORDER BY c.created_at DESC, c.id DESC LIMIT 1) AS latest
       FROM broadcast_targets t LEFT JOIN contacts k ON k.site_id = ? AND k.contact_id = t.contact_id
       WHERE t.broadcast_id = ? AND t.seq IS NULL
       ORDER BY t.contact_id LIMIT ?`,
      [siteId, siteId, broadcastId, limit],
    );
    return rows.map((row) => ({ contactId: row.contact_id, conversationId: row.latest ?? row.hint ?? undefined }));
  }

  async recordOutcomes(broadcastId: string, outcomes: readonly BroadcastOutcome[]): Promise<void> {
    await this.db.transaction(async (db) => {
      for (const outcome of outcomes) {
        await db.run(
          'UPDATE broadcast_targets SET conversation_id = ?, seq = ?, delivered = ? WHERE broadcast_id = ? AND contact_id = ?',
          [outcome.conversationId ?? null, outcome.seq, outcome.delivered, broadcastId, outcome.contactId],
        );
      }
    });
  }

  async finishBroadcast(id: string, status: 'done' | 'failed', now: number): Promise<void> {
    await this.db.run('UPDATE broadcasts SET status = ?, finished_at = ? WHERE id = ?', [status, now, id]);
  }

  // ---- stats ---------------------------------------------------------------------------------------------

  async stats(siteId: string, now: number): Promise<StoreStats> {
    const day = new Date(now);
    const startOfDay = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
    const [open] = await this.db.all<{ n: number }>(
      `SELECT count(*) AS n FROM conversations WHERE site_id = ? AND status = 'open'`,
      [siteId],
    );
    // Conversations active today hold every message of today, so the scan stays within them.
    const [today] = await this.db.all<{ n: number }>(
      `SELECT count(*) AS n FROM conversations c JOIN messages m ON m.conversation_id = c.id
       WHERE c.site_id = ? AND c.updated_at >= ? AND m.ts >= ?`,
      [siteId, startOfDay, startOfDay],
    );
    // First reply: the first staff text after the first visitor message, over conversations of the last 7 days.
    const replies = await this.db.all<{ first_visitor: number; first_reply: number | null }>(
      `SELECT f.first_visitor,
              (SELECT min(m.ts) FROM messages m WHERE m.conversation_id = f.id AND m.author_role = 'staff' AND m.kind = 'text' AND m.ts >= f.first_visitor) AS first_reply
       FROM (SELECT c.id, (SELECT min(m.ts) FROM messages m WHERE m.conversation_id = c.id AND m.author_role = 'visitor') AS first_visitor
             FROM conversations c WHERE c.site_id = ? AND c.created_at >= ?) f
       WHERE f.first_visitor IS NOT NULL`,
      [siteId, now - 7 * 24 * 3600 * 1000],
    );
    const waits = replies
      .filter((row) => row.first_reply !== null)
      .map((row) => (Number(row.first_reply) - Number(row.first_visitor)) / 1000)
      .sort((a, b) => a - b);
    const mid = Math.floor(waits.length / 2);
    const median =
      waits.length === 0 ? null : waits.length % 2 === 1 ? waits[mid]! : (waits[mid - 1]! + waits[mid]!) / 2;
    return {
      openConversations: Number(open?.n ?? 0),
      messagesToday: Number(today?.n ?? 0),
      medianFirstReplySeconds: median,
    };
  }
}

function toAudit(row: AuditRow): AuditEntry {
  return {
    id: String(row.id),
    siteId: row.site_id,
    at: Number(row.at),
    actorId: row.actor_id,
    actorName: row.actor_name,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    details: parseJson<Record<string, unknown>>(row.details) ?? {},
  };
}
