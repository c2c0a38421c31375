import type { OutboxInsert } from '../outbox/outbox.js';
import type { AuditEntry } from '../store/admin-store.js';
import { appendAudit } from '../store/sql/audit-queries.js';
import { enqueue } from '../store/sql/outbox-rows.js';
import type { SqlDb, SqlValue } from '../store/sql/sql-db.js';
import type { ContactData, ContactPair } from './merge-points.js';

/** A merge refused by what the database holds (raced by another change): nothing was written. */
export class MergeConflict extends Error {
  override name = 'MergeConflict';
}

/** A conversation merged into another, as stored. */
export interface ConversationMergeRecord {
  readonly conversationId: string;
  readonly siteId: string;
  readonly intoId: string;
  readonly mergedBy: string;
  readonly mergedByName: string;
  readonly messages: number;
  readonly mergedAt: number;
}

/** What the result of a merge becomes, beside its messages (computed by the caller from both conversations). */
export interface MergedFields {
  readonly status: string;
  readonly assigneeId: string | null;
  readonly priority: string;
  readonly teamId: string | null;
}

/** One merge of two conversations, written in one transaction by {@link MergeRepository.mergeConversations}. */
export interface ConversationMergeInput {
  readonly siteId: string;
  readonly intoId: string;
  readonly fromId: string;
  readonly visitorId: string;
  readonly fields: MergedFields;
  readonly by: { readonly id: string; readonly name: string };
  readonly at: number;
  readonly effects: readonly OutboxInsert[];
  readonly audits: readonly Omit<AuditEntry, 'id'>[];
}

/** What a merge of conversations moved. */
export interface ConversationMergeOutcome {
  /** The result's `last_seq` before: the moved messages are numbered after it. */
  readonly offset: number;
  readonly moved: number;
}

/** A merge of two contacts, as stored (the snapshot parsed on demand). */
export interface ContactMergeRecord {
  readonly id: string;
  readonly siteId: string;
  readonly contactId: string;
  readonly mergedContactId: string;
  readonly snapshot: ContactSnapshot;
  readonly conversations: readonly string[];
  readonly mergedBy: string;
  readonly mergedAt: number;
  readonly undoUntil: number;
  readonly undoneAt: number | null;
}

/** Both contacts' rows (and their visitors' rows) as they were before a merge: what undo puts back. */
export interface ContactSnapshot {
  readonly contacts: readonly Record<string, SqlValue>[];
  readonly visitors: readonly Record<string, SqlValue>[];
  /**
   * What each contribution to `merge.contactData` read for undo, by its name (absent in merges recorded before the
   * point: those joined nothing of other features).
   */
  readonly features?: Readonly<Record<string, unknown>>;
}

interface MergeRow {
  conversation_id: string;
  site_id: string;
  into_id: string;
  merged_by: string;
  merged_by_name: string;
  messages: number | string;
  merged_at: number | string;
}

interface ContactMergeRow {
  id: string;
  site_id: string;
  contact_id: string;
  merged_contact_id: string;
  snapshot: string;
  conversations: string;
  merged_by: string;
  merged_at: number | string;
  undo_until: number | string;
  undone_at: number | string | null;
}

const mergeRecord = (row: MergeRow): ConversationMergeRecord => ({
  conversationId: row.conversation_id,
  siteId: row.site_id,
  intoId: row.into_id,
  mergedBy: row.merged_by,
  mergedByName: row.merged_by_name,
  messages: Number(row.messages),
  mergedAt: Number(row.merged_at),
});

const contactMergeRecord = (row: ContactMergeRow): ContactMergeRecord => ({
  id: row.id,
  siteId: row.site_id,
  contactId: row.contact_id,
  mergedContactId: row.merged_contact_id,
  snapshot: JSON.parse(row.snapshot) as ContactSnapshot,
  conversations: JSON.parse(row.conversations) as string[],
  mergedBy: row.merged_by,
  mergedAt: Number(row.merged_at),
  undoUntil: Number(row.undo_until),
  undoneAt: row.undone_at === null ? null : Number(row.undone_at),
});

/** The tables a conversation's messages bring along by message: moved with them, keyed the same way. */
const MESSAGE_TABLES = ['attachments', 'message_edits'] as const;

/**
 * The merge feature's tables (`conversation_merges`, `merged_messages`, `contact_merges`) and the one transaction of
 * each merge: everything a merge changes is written together, so a relay killed in the middle leaves the before or
 * the after, never half.
 */
export class MergeRepository {
  /**
   * @param contactData what other features keep per contact (their contributions to `merge.contactData`), joined in
   *   each merge of contacts' transaction and put back in its undo's.
   */
  constructor(
    private readonly db: SqlDb,
    private readonly contactData: readonly ContactData[] = [],
  ) {}

  /** Which database: SQLite's writes hold the event loop while they run, PostgreSQL's do not. */
  get dialect(): SqlDb['dialect'] {
    return this.db.dialect;
  }

  /** Every conversation merged into another (each a few bytes: the relay keeps them in memory for hellos). */
  async allMerges(): Promise<ConversationMergeRecord[]> {
    const rows = await this.db.scan<MergeRow>('SELECT * FROM conversation_merges');
    return rows.map(mergeRecord);
  }

  async mergeOf(siteId: string, conversationId: string): Promise<ConversationMergeRecord | undefined> {
    const [row] = await this.db.all<MergeRow>(
      'SELECT * FROM conversation_merges WHERE site_id = ? AND conversation_id = ?',
      [siteId, conversationId],
    );
    return row ? mergeRecord(row) : undefined;
  }

  async mergedInto(siteId: string, intoId: string): Promise<ConversationMergeRecord[]> {
    const rows = await this.db.all<MergeRow>(
      'SELECT * FROM conversation_merges WHERE site_id = ? AND into_id = ? ORDER BY merged_at, conversation_id',
      [siteId, intoId],
    );
    return rows.map(mergeRecord);
  }

  /** Where each message of `conversationId` that came from another conversation came from, by its seq now. */
  async origins(
    siteId: string,
    conversationId: string,
  ): Promise<Array<{ seq: number; from: string; fromSeq: number }>> {
    const rows = await this.db.all<{ seq: number | string; from_conversation_id: string; from_seq: number | string }>(
      `SELECT m.seq, o.from_conversation_id, o.from_seq FROM merged_messages o
         JOIN messages m ON m.id = o.message_id
       WHERE o.site_id = ? AND o.conversation_id = ? ORDER BY m.seq`,
      [siteId, conversationId],
    );
    return rows.map((row) => ({ seq: Number(row.seq), from: row.from_conversation_id, fromSeq: Number(row.from_seq) }));
  }

  /**
   * Moves every message of `fromId` into `intoId`, numbered after its last (in their order, which is their time
   * order), with what hangs on them (files, edits, mentions), records where each came from, joins the labels,
   * sets the result's fields and read marks, closes the absorbed one for good, and writes the audit entries and the
   * outbox jobs (webhooks) — all in one transaction. Throws {@link MergeConflict} when either conversation changed
   * under it (merged already, moved to another contact).
   */
  async mergeConversations(input: ConversationMergeInput): Promise<ConversationMergeOutcome> {
    const { siteId, intoId, fromId, at } = input;
    return this.db.transaction(async (db) => {
      const lock = db.dialect === 'postgres' ? ' ORDER BY id FOR UPDATE' : '';
      const rows = await db.all<{
        id: string;
        visitor_id: string;
        last_seq: number | string;
        visitor_read_seq: number | string;
        staff_read_seq: number | string;
      }>(
        `SELECT id, visitor_id, last_seq, visitor_read_seq, staff_read_seq FROM conversations
         WHERE site_id = ? AND id IN (?, ?)${lock}`,
        [siteId, intoId, fromId],
      );
      const into = rows.find((row) => row.id === intoId);
      const from = rows.find((row) => row.id === fromId);
      if (!into || !from) throw new MergeConflict('a conversation is gone');
      if (into.visitor_id !== input.visitorId || from.visitor_id !== input.visitorId)
        throw new MergeConflict('the conversations are no longer of the same contact');
      const merged = await db.all<{ conversation_id: string }>(
        'SELECT conversation_id FROM conversation_merges WHERE conversation_id IN (?, ?)',
        [intoId, fromId],
      );
      if (merged.length > 0) throw new MergeConflict('a conversation was merged already');

      const offset = Number(into.last_seq);
      const moved = Number(from.last_seq);
      // Client ids are unique per conversation: one the result has already is kept apart with a prefix.
      const prefix = `mg${offset}_`;
      const clash = `client_id IN (SELECT client_id FROM messages WHERE conversation_id = ?)`;
      await db.run(`UPDATE attachments SET client_id = ? || client_id WHERE conversation_id = ? AND ${clash}`, [
        prefix,
        fromId,
        intoId,
      ]);
      await db.run(`UPDATE messages SET client_id = ? || client_id WHERE conversation_id = ? AND ${clash}`, [
        prefix,
        fromId,
        intoId,
      ]);
      await db.run('UPDATE messages SET conversation_id = ?, seq = seq + ? WHERE conversation_id = ?', [
        intoId,
        offset,
        fromId,
      ]);
      // Messages merged into the absorbed one before keep their first origin.
      await db.run('UPDATE merged_messages SET conversation_id = ? WHERE conversation_id = ?', [intoId, fromId]);
      await db.run(
        `INSERT INTO merged_messages (message_id, conversation_id, site_id, from_conversation_id, from_seq)
         SELECT id, ?, ?, ?, seq - ? FROM messages WHERE conversation_id = ? AND seq > ?
         ON CONFLICT (message_id) DO NOTHING`,
        [intoId, siteId, fromId, offset, intoId, offset],
      );
      // And on each message itself (`Message.origin`), which every read hands on, so that clients show the result in
      // time order (`inTimeOrder`). A message merged into the absorbed one before keeps its first origin here too.
      const origin =
        db.dialect === 'postgres'
          ? `extra = (coalesce(extra::jsonb, '{}'::jsonb)
               || jsonb_build_object('origin', jsonb_build_object('from', ?::text, 'seq', seq - ?)))::text
             WHERE conversation_id = ? AND seq > ? AND (extra IS NULL OR extra::jsonb -> 'origin' IS NULL)`
          : `extra = json_set(coalesce(extra, '{}'), '$.origin', json_object('from', ?, 'seq', seq - ?))
             WHERE conversation_id = ? AND seq > ? AND (extra IS NULL OR json_extract(extra, '$.origin') IS NULL)`;
      await db.run(`UPDATE messages SET ${origin}`, [fromId, offset, intoId, offset]);
      for (const table of MESSAGE_TABLES)
        await db.run(`UPDATE ${table} SET conversation_id = ? WHERE conversation_id = ?`, [intoId, fromId]);
      await db.run('UPDATE mentions SET conversation_id = ?, seq = seq + ? WHERE conversation_id = ?', [
        intoId,
        offset,
        fromId,
      ]);
      await db.run(
        `INSERT INTO conversation_labels (conversation_id, label)
         SELECT ?, label FROM conversation_labels WHERE conversation_id = ? ON CONFLICT DO NOTHING`,
        [intoId, fromId],
      );

      // Read marks: read through the end only when both were read through theirs.
      const lastSeq = offset + moved;
      const mark = (own: number | string, other: number | string, otherLast: number): number =>
        Number(own) >= offset && Number(other) >= otherLast ? lastSeq : Number(own);
      const { fields } = input;
      await db.run(
        `UPDATE conversations SET last_seq = ?, visitor_read_seq = ?, staff_read_seq = ?, status = ?, assignee_id = ?,
           priority = ?, team_id = ?, updated_at = ? WHERE id = ?`,
        [
          lastSeq,
          mark(into.visitor_read_seq, from.visitor_read_seq, moved),
          mark(into.staff_read_seq, from.staff_read_seq, moved),
          fields.status,
          fields.assigneeId,
          fields.priority,
          fields.teamId,
          at,
          intoId,
        ],
      );
      await db.run(
        `UPDATE conversations SET status = 'resolved', resolved_at = COALESCE(resolved_at, ?), updated_at = ?
         WHERE id = ?`,
        [at, at, fromId],
      );
      await db.run(
        `INSERT INTO conversation_merges (conversation_id, site_id, into_id, merged_by, merged_by_name, messages, merged_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [fromId, siteId, intoId, input.by.id, input.by.name, moved, at],
      );
      // Conversations merged into the absorbed one before now point at the result (one hop for every hello).
      await db.run('UPDATE conversation_merges SET into_id = ? WHERE into_id = ?', [intoId, fromId]);
      for (const entry of input.audits) await appendAudit(db, entry);
      if (input.effects.length > 0) await enqueue(db, input.effects, at);
      return { offset, moved };
    });
  }

  // ---- contacts ----------------------------------------------------------------------------------------------

  /** The rows of both contacts and their visitors, as they are. */
  async contactRows(siteId: string, ids: readonly [string, string], db: SqlDb = this.db): Promise<ContactSnapshot> {
    const contacts = await db.all<Record<string, SqlValue>>(
      'SELECT * FROM contacts WHERE site_id = ? AND contact_id IN (?, ?) ORDER BY contact_id',
      [siteId, ...ids],
    );
    const visitors = await db.all<Record<string, SqlValue>>(
      'SELECT * FROM visitors WHERE site_id = ? AND visitor_id IN (?, ?) ORDER BY visitor_id',
      [siteId, ...ids],
    );
    return { contacts, visitors };
  }

  /**
   * Joins the contact `fromId` into `keepId` in one transaction: `keep` becomes `joined` (the caller's choice of
   * each field), `from`'s conversations move to `keep`, what other features keep per contact joins as each says
   * (`merge.contactData`), `from`'s contact and visitor rows go, and the merge is recorded with both contacts' rows as
   * they were (theirs and the features'), for undo.
   */
  async mergeContacts(input: {
    readonly id: string;
    readonly siteId: string;
    readonly keepId: string;
    readonly fromId: string;
    readonly joined: Readonly<Record<string, SqlValue>>;
    readonly by: { readonly id: string; readonly name: string };
    readonly at: number;
    readonly undoUntil: number;
    readonly effects: readonly OutboxInsert[];
    readonly audit: Omit<AuditEntry, 'id'>;
  }): Promise<ContactMergeRecord> {
    const { siteId, keepId, fromId, at } = input;
    return this.db.transaction(async (db) => {
      const rows = await this.contactRows(siteId, [keepId, fromId], db);
      if (rows.contacts.length !== 2) throw new MergeConflict('a contact is gone');
      const pair: ContactPair = { siteId, keepId, fromId };
      // Every feature's data as it was, read before anything is written.
      const features: Record<string, unknown> = {};
      for (const data of this.contactData) features[data.name] = await data.snapshot(db, pair);
      const snapshot: ContactSnapshot = this.contactData.length > 0 ? { ...rows, features } : rows;
      const conversations = (
        await db.all<{ id: string }>('SELECT id FROM conversations WHERE site_id = ? AND visitor_id = ? ORDER BY id', [
          siteId,
          fromId,
        ])
      ).map((row) => row.id);
      const columns = Object.keys(input.joined);
      if (columns.length > 0)
        await db.run(
          `UPDATE contacts SET ${columns.map((column) => `${column} = ?`).join(', ')} WHERE site_id = ? AND contact_id = ?`,
          [...columns.map((column) => input.joined[column]!), siteId, keepId],
        );
      // The kept contact may never have written (no visitor row yet): its conversations need one.
      await db.run(
        `INSERT INTO visitors (site_id, visitor_id, created_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (site_id, visitor_id) DO NOTHING`,
        [siteId, keepId, at, at],
      );
      await db.run('UPDATE conversations SET visitor_id = ?, updated_at = ? WHERE site_id = ? AND visitor_id = ?', [
        keepId,
        at,
        siteId,
        fromId,
      ]);
      for (const data of this.contactData) await data.join(db, pair);
      await db.run('DELETE FROM contacts WHERE site_id = ? AND contact_id = ?', [siteId, fromId]);
      await db.run('DELETE FROM visitors WHERE site_id = ? AND visitor_id = ?', [siteId, fromId]);
      await db.run(
        `INSERT INTO contact_merges (id, site_id, contact_id, merged_contact_id, snapshot, conversations, merged_by,
           merged_at, undo_until, undone_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
        [
          input.id,
          siteId,
          keepId,
          fromId,
          JSON.stringify(snapshot),
          JSON.stringify(conversations),
          input.by.name,
          at,
          input.undoUntil,
        ],
      );
      await appendAudit(db, { ...input.audit, details: { ...input.audit.details, conversations } });
      if (input.effects.length > 0) await enqueue(db, input.effects, at);
      return {
        id: input.id,
        siteId,
        contactId: keepId,
        mergedContactId: fromId,
        snapshot,
        conversations,
        mergedBy: input.by.name,
        mergedAt: at,
        undoUntil: input.undoUntil,
        undoneAt: null,
      };
    });
  }

  /**
   * The ids of other contacts of the site whose email is `contactId`'s, both addresses vouched for (signed by the
   * site, or set by staff: `email_vouched`); none when `contactId`'s is a claim. At most `limit`, through the partial
   * index of vouched addresses: a claim never reaches it, and however many contacts share an address, the lookup
   * reads `limit` entries.
   */
  async duplicates(siteId: string, contactId: string, limit: number): Promise<string[]> {
    const vouched = this.db.dialect === 'postgres' ? 'email_vouched' : 'email_vouched = 1';
    const rows = await this.db.all<{ contact_id: string }>(
      `SELECT d.contact_id FROM contacts c
         JOIN contacts d ON d.site_id = c.site_id AND d.email_hash = c.email_hash AND d.${vouched}
       WHERE c.site_id = ? AND c.contact_id = ? AND c.${vouched} AND c.email_hash IS NOT NULL
         AND d.contact_id <> c.contact_id
       ORDER BY d.contact_id LIMIT ?`,
      [siteId, contactId, limit],
    );
    return rows.map((row) => row.contact_id);
  }

  async contactMerge(siteId: string, id: string): Promise<ContactMergeRecord | undefined> {
    const [row] = await this.db.all<ContactMergeRow>('SELECT * FROM contact_merges WHERE site_id = ? AND id = ?', [
      siteId,
      id,
    ]);
    return row ? contactMergeRecord(row) : undefined;
  }

  async contactMerges(siteId: string, contactId: string): Promise<ContactMergeRecord[]> {
    const rows = await this.db.all<ContactMergeRow>(
      'SELECT * FROM contact_merges WHERE site_id = ? AND (contact_id = ? OR merged_contact_id = ?) ORDER BY merged_at DESC, id',
      [siteId, contactId, contactId],
    );
    return rows.map(contactMergeRecord);
  }

  /**
   * Puts both contacts back as they were (and what other features keep of them, each as its contribution to
   * `merge.contactData` says) and moves the absorbed one's conversations back to it, in one transaction;
   * conversations the kept contact started since stay with it. Throws {@link MergeConflict} when it was undone already,
   * or when a conversation it moved was merged with one it did not move since (see `refuseMixedConversations`).
   */
  async undoContactMerge(
    merge: ContactMergeRecord,
    at: number,
    audit: Omit<AuditEntry, 'id'>,
    effects: readonly OutboxInsert[],
  ): Promise<void> {
    await this.db.transaction(async (db) => {
      const changed = await db.run(
        'UPDATE contact_merges SET undone_at = ? WHERE site_id = ? AND id = ? AND undone_at IS NULL',
        [at, merge.siteId, merge.id],
      );
      if (changed !== 1) throw new MergeConflict('this merge was undone already');
      await refuseMixedConversations(db, merge);
      await db.run('DELETE FROM contacts WHERE site_id = ? AND contact_id IN (?, ?)', [
        merge.siteId,
        merge.contactId,
        merge.mergedContactId,
      ]);
      for (const row of merge.snapshot.contacts) {
        const columns = Object.keys(row);
        await db.run(
          `INSERT INTO contacts (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
          columns.map((column) => row[column] ?? null),
        );
      }
      for (const row of merge.snapshot.visitors) {
        const columns = Object.keys(row);
        const keep = columns.filter((column) => column !== 'site_id' && column !== 'visitor_id');
        await db.run(
          `INSERT INTO visitors (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
           ON CONFLICT (site_id, visitor_id) DO UPDATE SET ${keep.map((column) => `${column} = excluded.${column}`).join(', ')}`,
          columns.map((column) => row[column] ?? null),
        );
      }
      for (const id of merge.conversations)
        await db.run('UPDATE conversations SET visitor_id = ?, updated_at = ? WHERE site_id = ? AND id = ?', [
          merge.mergedContactId,
          at,
          merge.siteId,
          id,
        ]);
      const pair: ContactPair = { siteId: merge.siteId, keepId: merge.contactId, fromId: merge.mergedContactId };
      const features = merge.snapshot.features ?? {};
      // A feature's data is put back only where the merge read it (a merge recorded before it contributed joined none).
      for (const data of this.contactData)
        if (Object.hasOwn(features, data.name)) await data.restore(db, pair, features[data.name]);
      await appendAudit(db, audit);
      if (effects.length > 0) await enqueue(db, effects, at);
    });
  }
}

/**
 * Refuses to undo a contact merge once one of the conversations it moved was merged with one it did not move (either
 * way): that conversation's messages are now two people's, and handing it back would show the returned contact the
 * kept one's messages (or leave theirs with the kept one). A merge between two moved conversations is the returned
 * contact's own and goes back with them. The conversations are locked first on PostgreSQL, as a conversation merge
 * locks them, so a merge racing this undo is seen by it or sees the contacts apart and refuses.
 */
async function refuseMixedConversations(db: SqlDb, merge: ContactMergeRecord): Promise<void> {
  const moved = new Set(merge.conversations);
  if (moved.size === 0) return;
  const ids = [...moved];
  const marks = ids.map(() => '?').join(', ');
  if (db.dialect === 'postgres')
    await db.all(`SELECT id FROM conversations WHERE site_id = ? AND id IN (${marks}) ORDER BY id FOR UPDATE`, [
      merge.siteId,
      ...ids,
    ]);
  const joined = await db.all<{ conversation_id: string; into_id: string }>(
    `SELECT conversation_id, into_id FROM conversation_merges
     WHERE site_id = ? AND (conversation_id IN (${marks}) OR into_id IN (${marks}))`,
    [merge.siteId, ...ids, ...ids],
  );
  const mixed = joined.find((row) => moved.has(row.conversation_id) !== moved.has(row.into_id));
  if (mixed)
    throw new MergeConflict(
      `conversation ${mixed.conversation_id} was merged into ${mixed.into_id} since, so it holds both contacts' messages; handing it back would show one person the other's`,
    );
}
