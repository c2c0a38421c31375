import type { SafetyFlag } from '@parley/protocol/admin';
import type { SqlDb } from '../store/sql/sql-db.js';

/** A flag to record: why, what matched, which message. */
export interface FlagInput {
  readonly reason: SafetyFlag['reason'];
  readonly detail: string;
  readonly seq: number | null;
}

/** A conversation marked as spam, with what it blocks. */
export interface SpamMark {
  readonly siteId: string;
  readonly conversationId: string;
  readonly visitorId: string;
  /** The keyed hash of the network it was opened from; null when not known. */
  readonly network: string | null;
  readonly markedBy: string;
  /** Their name then, for the inbox's banner. */
  readonly markedByName: string;
  readonly markedAt: number;
  /** Its visitor and network are blocked until then (ms). */
  readonly until: number;
}

type Num = number | string;

interface FlagRow {
  reason: SafetyFlag['reason'];
  detail: string;
  seq: Num | null;
  at: Num;
}

interface SpamRow {
  site_id: string;
  conversation_id: string;
  visitor_id: string;
  network: string | null;
  marked_by: string;
  marked_by_name: string;
  marked_at: Num;
  until: Num;
}

const mark = (row: SpamRow): SpamMark => ({
  siteId: row.site_id,
  conversationId: row.conversation_id,
  visitorId: row.visitor_id,
  network: row.network,
  markedBy: row.marked_by,
  markedByName: row.marked_by_name,
  markedAt: Number(row.marked_at),
  until: Number(row.until),
});

/**
 * Spam and review's tables: `conversation_flags` (why a conversation is up for review), `conversation_spam` (marked
 * as spam, and what that blocks until when) and `conversation_networks` (the keyed hash of the network each
 * conversation was opened from).
 */
export class ModerationRepository {
  constructor(private readonly db: SqlDb) {}

  /** Records a flag unless the conversation has it (dismissed or not); resolves whether it was new. */
  async addFlag(siteId: string, conversationId: string, flag: FlagInput, at: number): Promise<boolean> {
    // Only for a conversation of the site that exists: a flag raised as an erasure runs must not outlive it.
    const added = await this.db.run(
      `INSERT INTO conversation_flags (conversation_id, site_id, reason, detail, seq, at)
       SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM conversations WHERE id = ? AND site_id = ?)
       ON CONFLICT (conversation_id, reason, detail) DO NOTHING`,
      [conversationId, siteId, flag.reason, flag.detail, flag.seq, at, conversationId, siteId],
    );
    return added > 0;
  }

  /** The conversation's flags not dismissed, oldest first. */
  async openFlags(siteId: string, conversationId: string): Promise<SafetyFlag[]> {
    const rows = await this.db.all<FlagRow>(
      `SELECT reason, detail, seq, at FROM conversation_flags
       WHERE conversation_id = ? AND site_id = ? AND dismissed_at IS NULL ORDER BY at, reason, detail`,
      [conversationId, siteId],
    );
    return rows.map((row) => ({
      reason: row.reason,
      detail: row.detail,
      seq: row.seq === null ? null : Number(row.seq),
      at: Number(row.at),
    }));
  }

  /** Dismisses the conversation's open flags; resolves how many. */
  async dismissFlags(siteId: string, conversationId: string, staffId: string, at: number): Promise<number> {
    return this.db.run(
      `UPDATE conversation_flags SET dismissed_at = ?, dismissed_by = ?
       WHERE conversation_id = ? AND site_id = ? AND dismissed_at IS NULL`,
      [at, staffId, conversationId, siteId],
    );
  }

  /** Records the network a new conversation was opened from (once: the first message's). */
  async recordNetwork(siteId: string, conversationId: string, network: string, at: number): Promise<void> {
    await this.db.run(
      `INSERT INTO conversation_networks (conversation_id, site_id, network, at) VALUES (?, ?, ?, ?)
       ON CONFLICT (conversation_id) DO NOTHING`,
      [conversationId, siteId, network, at],
    );
  }

  async networkOf(siteId: string, conversationId: string): Promise<string | null> {
    const [row] = await this.db.all<{ network: string }>(
      'SELECT network FROM conversation_networks WHERE conversation_id = ? AND site_id = ?',
      [conversationId, siteId],
    );
    return row?.network ?? null;
  }

  async spamMark(siteId: string, conversationId: string): Promise<SpamMark | undefined> {
    const [row] = await this.db.all<SpamRow>(
      'SELECT * FROM conversation_spam WHERE conversation_id = ? AND site_id = ?',
      [conversationId, siteId],
    );
    return row ? mark(row) : undefined;
  }

  /**
   * Marks a conversation as spam (again: a new block time), and forgets the site's report day summaries in the same
   * transaction: its conversations' figures change (see report-days.ts; the epoch keeps a report computed meanwhile
   * from keeping a summary made before).
   */
  async markSpam(spam: SpamMark): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO conversation_spam (conversation_id, site_id, visitor_id, network, marked_by, marked_by_name, marked_at, until)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (conversation_id) DO UPDATE SET network = excluded.network, marked_by = excluded.marked_by,
           marked_by_name = excluded.marked_by_name, marked_at = excluded.marked_at, until = excluded.until`,
        [
          spam.conversationId,
          spam.siteId,
          spam.visitorId,
          spam.network,
          spam.markedBy,
          spam.markedByName,
          spam.markedAt,
          spam.until,
        ],
      );
      await forgetReports(tx, spam.siteId);
    });
  }

  /** Takes a conversation's spam mark off (and its blocks); resolves whether it had one. */
  async unmarkSpam(siteId: string, conversationId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const removed = await tx.run('DELETE FROM conversation_spam WHERE conversation_id = ? AND site_id = ?', [
        conversationId,
        siteId,
      ]);
      if (removed > 0) await forgetReports(tx, siteId);
      return removed > 0;
    });
  }

  /** The marks whose blocks are not over at `now`, every site's (the relays hold them in memory), at most `limit`. */
  async activeBlocks(now: number, limit: number): Promise<SpamMark[]> {
    const rows = await this.db.all<SpamRow>(
      'SELECT * FROM conversation_spam WHERE until > ? ORDER BY until DESC LIMIT ?',
      [now, limit],
    );
    return rows.map(mark);
  }
}

/** Forgets a site's report day summaries and moves its epoch (as the `desk.report-days` triggers do). */
async function forgetReports(db: SqlDb, siteId: string): Promise<void> {
  await db.run('DELETE FROM report_days WHERE site_id = ?', [siteId]);
  await db.run(
    `INSERT INTO report_epochs (site_id, n) VALUES (?, 1) ON CONFLICT (site_id) DO UPDATE SET n = report_epochs.n + 1`,
    [siteId],
  );
}
