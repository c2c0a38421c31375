import type { Redacted } from '@parley/protocol';
import type { ScheduledMessage, ScheduledStatus } from '@parley/protocol/admin';
import { enqueue } from '../store/sql/outbox-rows.js';
import type { OutboxInsert } from '../outbox/outbox.js';
import type { SqlDb } from '../store/sql/sql-db.js';

/** A scheduled message as stored: the wire's shape and its site. */
export interface ScheduledRecord extends ScheduledMessage {
  readonly siteId: string;
  /** What message safety replaced in the text when it was written (it is stored screened); absent: nothing. */
  readonly redacted?: Redacted | undefined;
}

interface Row {
  id: string;
  site_id: string;
  conversation_id: string;
  staff_id: string;
  staff_name: string;
  text: string;
  send_at: number | string;
  status: ScheduledStatus;
  message_id: string | null;
  error: string | null;
  created_at: number | string;
  updated_at: number | string;
  redacted: string | null;
}

const record = (row: Row): ScheduledRecord => ({
  id: row.id,
  siteId: row.site_id,
  conversationId: row.conversation_id,
  staffId: row.staff_id,
  staffName: row.staff_name,
  text: row.text,
  sendAt: Number(row.send_at),
  status: row.status,
  messageId: row.message_id,
  error: row.error,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
  ...(row.redacted ? { redacted: JSON.parse(row.redacted) as Redacted } : {}),
});

/** A change to a waiting message: its text, its time, or its cancellation. */
export interface ScheduledChange {
  /** The new text, screened; with what was replaced in it (none: `undefined`). */
  readonly text?: string | undefined;
  readonly redacted?: Redacted | undefined;
  readonly sendAt?: number | undefined;
  readonly cancel?: boolean;
  /** Who it is sent as from now on: whoever writes its text (never a colleague's name on words they did not write). */
  readonly author?: { readonly id: string; readonly name: string } | undefined;
}

/**
 * Send later's table, `scheduled_messages`. A row changes only while it is `scheduled` (every write says so in its
 * `WHERE`), so an edit racing the sending either lands before it (and is what is sent) or finds it gone (409).
 */
export class ScheduledRepository {
  constructor(private readonly db: SqlDb) {}

  async get(siteId: string, id: string): Promise<ScheduledRecord | undefined> {
    const [row] = await this.db.all<Row>('SELECT * FROM scheduled_messages WHERE site_id = ? AND id = ?', [siteId, id]);
    return row ? record(row) : undefined;
  }

  /**
   * A conversation's messages still to send (`scheduled`, `sending`) and those that could not be sent (`failed`,
   * until dismissed), soonest first.
   */
  async pending(siteId: string, conversationId: string): Promise<ScheduledRecord[]> {
    const rows = await this.db.all<Row>(
      `SELECT * FROM scheduled_messages WHERE conversation_id = ? AND site_id = ?
         AND status IN ('scheduled', 'sending', 'failed')
       ORDER BY send_at, id`,
      [conversationId, siteId],
    );
    return rows.map(record);
  }

  /** Writes a new scheduled message with the job that sends it, in one transaction. */
  async insert(scheduled: ScheduledRecord, job: OutboxInsert): Promise<void> {
    await this.db.transaction(async (db) => {
      await db.run(
        `INSERT INTO scheduled_messages (id, site_id, conversation_id, staff_id, staff_name, text, send_at, status,
           message_id, error, created_at, updated_at, redacted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          scheduled.id,
          scheduled.siteId,
          scheduled.conversationId,
          scheduled.staffId,
          scheduled.staffName,
          scheduled.text,
          scheduled.sendAt,
          scheduled.status,
          scheduled.messageId,
          scheduled.error,
          scheduled.createdAt,
          scheduled.updatedAt,
          scheduled.redacted ? JSON.stringify(scheduled.redacted) : null,
        ],
      );
      await enqueue(db, [job], scheduled.createdAt);
    });
  }

  /**
   * Changes a message still `scheduled` (and writes `job`, the sending at its new time, with it), or cancels one
   * `scheduled` or `failed` (a failed one is dismissed); resolves with it as changed, or `undefined` when it cannot
   * change any more (sent, being sent, cancelled) or is gone.
   */
  async change(
    siteId: string,
    id: string,
    change: ScheduledChange,
    at: number,
    job: (after: ScheduledRecord) => OutboxInsert | undefined,
  ): Promise<ScheduledRecord | undefined> {
    return this.db.transaction(async (db) => {
      const changed = await db.run(
        `UPDATE scheduled_messages SET text = COALESCE(?, text),
           redacted = CASE WHEN ? = 1 THEN ? ELSE redacted END, send_at = COALESCE(?, send_at),
           staff_id = COALESCE(?, staff_id), staff_name = COALESCE(?, staff_name),
           status = ?, updated_at = ? WHERE site_id = ? AND id = ? AND status IN (?, ?)`,
        [
          change.text ?? null,
          change.text === undefined ? 0 : 1,
          change.text === undefined ? null : change.redacted ? JSON.stringify(change.redacted) : null,
          change.sendAt ?? null,
          change.author?.id ?? null,
          change.author?.name ?? null,
          change.cancel ? 'cancelled' : 'scheduled',
          at,
          siteId,
          id,
          'scheduled',
          change.cancel ? 'failed' : 'scheduled',
        ],
      );
      if (changed === 0) return undefined;
      const [row] = await db.all<Row>('SELECT * FROM scheduled_messages WHERE id = ?', [id]);
      const after = record(row!);
      const insert = job(after);
      if (insert) await enqueue(db, [insert], at);
      return after;
    });
  }

  /**
   * Takes a due message for sending: `scheduled` → `sending` when its time has come. True when this call took it, or
   * when it was taken before and not finished (a relay that died mid-send: the sending is done again, once).
   */
  async take(siteId: string, id: string, now: number): Promise<boolean> {
    const taken = await this.db.run(
      `UPDATE scheduled_messages SET status = 'sending', updated_at = ?
       WHERE site_id = ? AND id = ? AND status = 'scheduled' AND send_at <= ?`,
      [now, siteId, id, now],
    );
    if (taken > 0) return true;
    const [row] = await this.db.all<{ status: ScheduledStatus }>(
      'SELECT status FROM scheduled_messages WHERE site_id = ? AND id = ?',
      [siteId, id],
    );
    return row?.status === 'sending';
  }

  /** Records how a sending ended: `sent` with the message's id, or `failed` with why. */
  async finish(
    siteId: string,
    id: string,
    outcome: { readonly messageId: string } | { readonly error: string },
    at: number,
  ): Promise<void> {
    await this.db.run(
      `UPDATE scheduled_messages SET status = ?, message_id = ?, error = ?, updated_at = ?
       WHERE site_id = ? AND id = ? AND status = 'sending'`,
      'messageId' in outcome
        ? ['sent', outcome.messageId, null, at, siteId, id]
        : ['failed', null, outcome.error, at, siteId, id],
    );
  }
}
