import type { Message } from '@parley/protocol';
import { MESSAGE_COLUMNS, toMessage, type MessageRow } from '../store/message-row.js';
import type { SqlDb } from '../store/sql/sql-db.js';

/**
 * A place in the message log: after the message `id` of the transaction `txid`. On SQLite the log is in id order
 * (one writer: commit order) and `txid` is always '0'; on PostgreSQL it is in (txid, id) order.
 */
export interface LogPosition {
  readonly txid: string;
  readonly id: number;
}

/** A stored message as the log hands it to a consumer. */
export interface LoggedMessage {
  readonly position: LogPosition;
  readonly siteId: string;
  readonly message: Message;
}

type LoggedRow = MessageRow & { site_id: string; txid: string | number };

const COLUMNS = MESSAGE_COLUMNS.split(', ')
  .map((column) => `m.${column}`)
  .join(', ');

function toLogged(row: LoggedRow): LoggedMessage {
  return { position: { txid: String(row.txid), id: Number(row.id) }, siteId: row.site_id, message: toMessage(row) };
}

/**
 * Takes (or keeps) the lease on consumer `name`'s cursor for `owner` until `leaseUntil`, making the cursor at the
 * log's end if it has none: a new consumer starts with what is stored from now on, not with the history. Returns the
 * cursor, or `undefined` while another owner's lease runs.
 */
export async function leaseCursor(
  db: SqlDb,
  name: string,
  owner: string,
  now: number,
  leaseUntil: number,
): Promise<LogPosition | undefined> {
  return db.transaction(
    async (db) => {
      // PostgreSQL: everything below the oldest transaction in flight is before the start; what commits later is after.
      const start =
        db.dialect === 'postgres'
          ? `pg_snapshot_xmin(pg_current_snapshot())::text, 0`
          : `'0', coalesce((SELECT max(id) FROM messages), 0)`;
      await db.run(
        `INSERT INTO log_cursors (name, owner, txid, message_id, updated_at) VALUES (?, NULL, ${start}, ?)
         ON CONFLICT (name) DO NOTHING`,
        [name, now],
      );
      // SQLite has one relay per data directory (it holds the directory's lock): a lease left by one killed is its own.
      const free = db.dialect === 'postgres' ? 'AND (owner = ? OR owner IS NULL OR lease_until < ?)' : '';
      const [row] = await db.all<{ txid: string; message_id: number | string }>(
        `UPDATE log_cursors SET owner = ?, lease_until = ? WHERE name = ? ${free} RETURNING txid, message_id`,
        db.dialect === 'postgres' ? [owner, leaseUntil, name, owner, now] : [owner, leaseUntil, name],
      );
      return row ? { txid: row.txid, id: Number(row.message_id) } : undefined;
    },
    // A lease lost in a crash only means it is taken again once it runs out.
    { durable: false },
  );
}

/**
 * Moves consumer `name`'s cursor to `position` and renews the lease, if `owner` still holds it; false when it does
 * not (another relay took the consumer over: stop).
 */
export async function advanceCursor(
  db: SqlDb,
  name: string,
  owner: string,
  position: LogPosition,
  now: number,
  leaseUntil: number,
): Promise<boolean> {
  // Not waiting for the disk: a move lost in a crash only means the batch is handled again, which every consumer's
  // handler is safe to do (LogConsumerOptions.handle). Waiting cost a disk flush per batch on the message path's
  // machine.
  const changed = await db.transaction(
    (tx) =>
      tx.run(
        `UPDATE log_cursors SET txid = ?, message_id = ?, lease_until = ?, updated_at = ? WHERE name = ? AND owner = ?`,
        [position.txid, position.id, leaseUntil, now, name, owner],
      ),
    { durable: false },
  );
  return changed === 1;
}

/**
 * The log's end: on SQLite after its last message; on PostgreSQL at the oldest transaction still in flight (what
 * commits from now on is after it). A read, for a consumer with nothing to do (webhooks with no endpoint) to keep its
 * cursor there without reading every message.
 */
export async function logEnd(db: SqlDb): Promise<LogPosition> {
  if (db.dialect === 'postgres') {
    const [row] = await db.all<{ txid: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS txid');
    return { txid: row!.txid, id: 0 };
  }
  const [row] = await db.all<{ id: number | null }>('SELECT max(id) AS id FROM messages');
  return { txid: '0', id: Number(row?.id ?? 0) };
}

/** Lets go of the lease (at shutdown), so another relay takes the consumer over at once. */
export async function releaseCursor(db: SqlDb, name: string, owner: string): Promise<void> {
  await db.run('UPDATE log_cursors SET owner = NULL, lease_until = 0 WHERE name = ? AND owner = ?', [name, owner]);
}

/**
 * Up to `limit` messages after `after`, in the log's order. On PostgreSQL only those of transactions below the
 * snapshot's xmin: every transaction before it has ended, so nothing can still appear before what is returned.
 */
export function readLog(db: SqlDb, after: LogPosition, limit: number): Promise<LoggedMessage[]> {
  const from = `FROM messages m JOIN conversations c ON c.id = m.conversation_id`;
  const read =
    db.dialect === 'postgres'
      ? db.all<LoggedRow>(
          `SELECT ${COLUMNS}, c.site_id, m.txid::text AS txid ${from}
           WHERE (m.txid, m.id) > (?::xid8, ?) AND m.txid < pg_snapshot_xmin(pg_current_snapshot())
           ORDER BY m.txid, m.id LIMIT ?`,
          [after.txid, after.id, limit],
        )
      : db.all<LoggedRow>(`SELECT ${COLUMNS}, c.site_id, '0' AS txid ${from} WHERE m.id > ? ORDER BY m.id LIMIT ?`, [
          after.id,
          limit,
        ]);
  return read.then((rows) => rows.map(toLogged));
}

/**
 * The places of up to `limit` messages after `after`, in the log's order: {@link readLog}'s, without the rows (a
 * consumer with a message tap (message-tap.ts) takes the messages this relay committed from memory, and reads only the others'
 * rows, with {@link loggedByIds}).
 */
export async function readLogPositions(db: SqlDb, after: LogPosition, limit: number): Promise<LogPosition[]> {
  if (db.dialect === 'postgres') {
    const rows = await db.all<{ txid: string; id: number | string }>(
      `SELECT m.txid::text AS txid, m.id FROM messages m
       WHERE (m.txid, m.id) > (?::xid8, ?) AND m.txid < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY m.txid, m.id LIMIT ?`,
      [after.txid, after.id, limit],
    );
    return rows.map((row) => ({ txid: row.txid, id: Number(row.id) }));
  }
  const rows = await db.all<{ id: number }>('SELECT id FROM messages WHERE id > ? ORDER BY id LIMIT ?', [
    after.id,
    limit,
  ]);
  return rows.map((row) => ({ txid: '0', id: row.id }));
}

/**
 * The stored messages with these ids, with their sites, by id; an id without a row (erased since) is not in the
 * map. The ids as one JSON array: one statement prepared once, whatever their number.
 */
export async function loggedByIds(db: SqlDb, ids: readonly number[]): Promise<Map<number, LoggedMessage>> {
  if (ids.length === 0) return new Map();
  const [each, txid] =
    db.dialect === 'postgres' ? ['json_array_elements_text(?::json)', 'm.txid::text'] : ['json_each(?)', `'0'`];
  const rows = await db.all<LoggedRow>(
    `SELECT ${COLUMNS}, c.site_id, ${txid} AS txid FROM ${each} AS k
     JOIN messages m ON m.id = k.value${db.dialect === 'postgres' ? '::bigint' : ''}
     JOIN conversations c ON c.id = m.conversation_id`,
    [JSON.stringify(ids)],
  );
  return new Map(rows.map((row) => [Number(row.id), toLogged(row)]));
}

/** How far below a batch's lowest sequence of a conversation {@link crossedEarlier} looks. */
const CROSSED_WINDOW = 256;

/**
 * PostgreSQL: the messages of the batch's conversations not read yet (after `after`, the batch's last position)
 * whose sequence is lower than one in the batch. Two relays' group commits on one conversation can reach the log in
 * the other order than their sequences (the one that waited for the other's lock took its transaction id first):
 * the consumer hands these with the batch, so a conversation's messages go in its order, and skips them when the log
 * reaches them. They are committed (the statement sees them), even above the watermark. `lowest`/`highest`: per
 * conversation of the batch, its lowest and highest sequence there.
 */
export async function crossedEarlier(
  db: SqlDb,
  after: LogPosition,
  lowest: ReadonlyMap<string, number>,
  highest: ReadonlyMap<string, number>,
): Promise<LoggedMessage[]> {
  if (db.dialect !== 'postgres' || highest.size === 0) return [];
  const ranges = [...highest].map(([id, high]) => ({
    conversation_id: id,
    low: Math.max(1, lowest.get(id)! - CROSSED_WINDOW),
    high,
  }));
  const rows = await db.all<LoggedRow>(
    `SELECT ${COLUMNS}, c.site_id, m.txid::text AS txid
     FROM jsonb_to_recordset(?::jsonb) AS q(conversation_id text, low int, high int)
     JOIN messages m ON m.conversation_id = q.conversation_id AND m.seq >= q.low AND m.seq < q.high
     JOIN conversations c ON c.id = m.conversation_id
     WHERE (m.txid, m.id) > (?::xid8, ?)
     ORDER BY m.conversation_id, m.seq`,
    [JSON.stringify(ranges), after.txid, after.id],
  );
  return rows.map(toLogged);
}

/** One stored message by id, with its site; `undefined` when it is gone (erased). */
export async function loggedMessage(db: SqlDb, id: number): Promise<LoggedMessage | undefined> {
  const txid = db.dialect === 'postgres' ? 'm.txid::text' : `'0'`;
  const [row] = await db.all<LoggedRow>(
    `SELECT ${COLUMNS}, c.site_id, ${txid} AS txid FROM messages m JOIN conversations c ON c.id = m.conversation_id
     WHERE m.id = ?`,
    [id],
  );
  return row ? toLogged(row) : undefined;
}

/**
 * The stored messages of site `siteId` with ids from `low` to `high`, in id order, at most `limit`: a batched
 * webhook delivery's messages, for a resend.
 */
export async function loggedRange(
  db: SqlDb,
  siteId: string,
  low: number,
  high: number,
  limit: number,
): Promise<LoggedMessage[]> {
  const txid = db.dialect === 'postgres' ? 'm.txid::text' : `'0'`;
  const rows = await db.all<LoggedRow>(
    `SELECT ${COLUMNS}, c.site_id, ${txid} AS txid FROM messages m JOIN conversations c ON c.id = m.conversation_id
     WHERE m.id >= ? AND m.id <= ? AND c.site_id = ? ORDER BY m.id LIMIT ?`,
    [low, high, siteId, limit],
  );
  return rows.map(toLogged);
}

/**
 * Which of `keys` have an outbox job pending (a consumer's effect of such a key must queue behind it). The keys as
 * one JSON array: one statement prepared once, whatever the batch's size (a read holds up to 2,000).
 */
export async function pendingKeys(db: SqlDb, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const each = db.dialect === 'postgres' ? 'json_array_elements_text(?::json)' : 'json_each(?)';
  const rows = await db.all<{ key: string }>(
    `SELECT k.value AS key FROM ${each} AS k
     WHERE EXISTS (SELECT 1 FROM outbox o WHERE o.key = k.value AND o.status = 'pending')`,
    [JSON.stringify(keys)],
  );
  return new Set(rows.map((row) => row.key));
}
