/** Mentions (issue #19): a staff member named with @ in a private note, and whether they have opened it since. */

import type { OutboxInsert } from '../outbox/outbox.js';
import type { MentionListing, MentionRecord, Mentionable } from './mention-store.js';
import { enqueue } from '../store/sql/outbox-rows.js';
import type { SqlDb } from '../store/sql/sql-db.js';

/** Active staff of every site, as mentions name them. */
export async function mentionableStaff(db: SqlDb): Promise<Mentionable[]> {
  const rows = await db.all<{ id: string; site_id: string; name: string }>(
    'SELECT id, site_id, name FROM staff WHERE revoked_at IS NULL AND deactivated_at IS NULL ORDER BY site_id, id',
  );
  return rows.map((row) => ({ id: row.id, siteId: row.site_id, name: row.name }));
}

/**
 * Records the mentions of one note, each once: a note's mentions written again (the outbox's retry) change
 * nothing. `effects` is asked, with the staff ids recorded now for the first time, for the jobs to write in the
 * same transaction (their emails), so a mention is emailed once or not at all, never twice.
 */
export async function recordMentions(
  db: SqlDb,
  mention: MentionRecord,
  effects: (firstTime: readonly string[]) => readonly OutboxInsert[],
): Promise<string[]> {
  return db.transaction(async (tx) => {
    const recorded: string[] = [];
    for (const staffId of mention.staffIds) {
      const inserted = await tx.run(
        `INSERT INTO mentions (staff_id, conversation_id, seq, site_id, author_id, created_at)
         SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM conversations WHERE id = ? AND site_id = ?)
         ON CONFLICT (staff_id, conversation_id, seq) DO NOTHING`,
        [
          staffId,
          mention.conversationId,
          mention.seq,
          mention.siteId,
          mention.authorId,
          mention.createdAt,
          mention.conversationId,
          mention.siteId,
        ],
      );
      if (inserted > 0) recorded.push(staffId);
    }
    if (recorded.length > 0) await enqueue(tx, effects(recorded));
    return recorded;
  });
}

interface MentionRow {
  conversation_id: string;
  seq: number | string;
  author_id: string;
  author_name: string | null;
  text: string | null;
  created_at: number | string;
  read_at: number | string | null;
}

/** A staff member's mentions, newest first: all of them, or only those not read yet. */
export async function listMentions(
  db: SqlDb,
  siteId: string,
  staffId: string,
  options: { readonly unread?: boolean; readonly before?: number; readonly limit: number },
): Promise<{ items: MentionListing[]; unread: number }> {
  const rows = await db.all<MentionRow>(
    `SELECT m.conversation_id, m.seq, m.author_id, s.name AS author_name, msg.text, m.created_at, m.read_at
     FROM mentions m
     LEFT JOIN staff s ON s.id = m.author_id
     LEFT JOIN messages msg ON msg.conversation_id = m.conversation_id AND msg.seq = m.seq
     WHERE m.site_id = ? AND m.staff_id = ?${options.unread ? ' AND m.read_at IS NULL' : ''}${
       options.before === undefined ? '' : ' AND m.created_at < ?'
     }
     ORDER BY m.created_at DESC, m.seq DESC
     LIMIT ?`,
    [siteId, staffId, ...(options.before === undefined ? [] : [options.before]), options.limit],
  );
  const [count] = await db.all<{ n: number | string }>(
    'SELECT count(*) AS n FROM mentions WHERE site_id = ? AND staff_id = ? AND read_at IS NULL',
    [siteId, staffId],
  );
  return {
    items: rows.map((row) => ({
      conversationId: row.conversation_id,
      seq: Number(row.seq),
      author: { id: row.author_id, name: row.author_name ?? '' },
      text: row.text ?? '',
      createdAt: Number(row.created_at),
      readAt: row.read_at === null ? null : Number(row.read_at),
    })),
    unread: Number(count?.n ?? 0),
  };
}

/** Marks a staff member's mentions in a conversation read; resolves with how many were unread. */
export async function markMentionsRead(
  db: SqlDb,
  siteId: string,
  staffId: string,
  conversationId: string,
  now: number,
): Promise<number> {
  return db.run(
    'UPDATE mentions SET read_at = ? WHERE site_id = ? AND staff_id = ? AND conversation_id = ? AND read_at IS NULL',
    [now, siteId, staffId, conversationId],
  );
}

export async function mentionReadAt(
  db: SqlDb,
  siteId: string,
  staffId: string,
  conversationId: string,
  seq: number,
): Promise<number | null | undefined> {
  const [row] = await db.all<{ read_at: number | string | null }>(
    'SELECT read_at FROM mentions WHERE site_id = ? AND staff_id = ? AND conversation_id = ? AND seq = ?',
    [siteId, staffId, conversationId, seq],
  );
  return row === undefined ? undefined : row.read_at === null ? null : Number(row.read_at);
}
