import type { SqlDb } from '../store/sql/sql-db.js';

/** A snoozed conversation's wake-up time, as stored. */
export interface SnoozeRecord {
  readonly siteId: string;
  readonly conversationId: string;
  /** When it goes back to open (ms since the epoch). */
  readonly until: number;
  readonly snoozedBy: string;
  readonly createdAt: number;
}

interface Row {
  site_id: string;
  conversation_id: string;
  until: number | string;
  snoozed_by: string;
  created_at: number | string;
}

const record = (row: Row): SnoozeRecord => ({
  siteId: row.site_id,
  conversationId: row.conversation_id,
  until: Number(row.until),
  snoozedBy: row.snoozed_by,
  createdAt: Number(row.created_at),
});

/**
 * The snooze feature's table, `conversation_snoozes`: when each snoozed conversation wakes. The conversation's status
 * (`snoozed`) says whether it is snoozed; a row left behind by a conversation reopened otherwise means nothing.
 */
export class SnoozeRepository {
  constructor(private readonly db: SqlDb) {}

  async get(siteId: string, conversationId: string): Promise<SnoozeRecord | undefined> {
    const [row] = await this.db.all<Row>(
      'SELECT * FROM conversation_snoozes WHERE site_id = ? AND conversation_id = ?',
      [siteId, conversationId],
    );
    return row ? record(row) : undefined;
  }

  async put(snooze: SnoozeRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO conversation_snoozes (conversation_id, site_id, until, snoozed_by, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (conversation_id) DO UPDATE SET until = excluded.until, snoozed_by = excluded.snoozed_by,
         created_at = excluded.created_at`,
      [snooze.conversationId, snooze.siteId, snooze.until, snooze.snoozedBy, snooze.createdAt],
    );
  }

  async delete(siteId: string, conversationId: string): Promise<void> {
    await this.db.run('DELETE FROM conversation_snoozes WHERE site_id = ? AND conversation_id = ?', [
      siteId,
      conversationId,
    ]);
  }

  /** The ids of conversations snoozed now, on every site (a few: they are asked on each visitor message). */
  async snoozedIds(): Promise<string[]> {
    const rows = await this.db.all<{ conversation_id: string }>(
      `SELECT s.conversation_id FROM conversation_snoozes s
         JOIN conversations c ON c.id = s.conversation_id AND c.site_id = s.site_id
       WHERE c.status = 'snoozed'`,
    );
    return rows.map((row) => row.conversation_id);
  }
}
