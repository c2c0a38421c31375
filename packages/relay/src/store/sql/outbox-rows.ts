/**
 * The outbox's rows as written: by the message stores in the transaction of a message, by the admin queries in the
 * transaction of their cause (see outbox-queries.ts for the rest of the outbox).
 */

import { randomId } from '../../auth/tokens.js';
import type { OutboxInsert } from '../../outbox/outbox.js';
import { INSERT_CHUNK, chunks } from './admin-rows.js';
import type { SqlDb, SqlValue } from './sql-db.js';

/** The columns {@link outboxRows} fills, in its order. */
export const OUTBOX_INSERT_COLUMNS =
  'id, kind, site_id, key, dedupe_key, conversation_id, payload, status, attempts, due_at, created_at, held';

let lastMs = 0;
let counter = 0;

/**
 * `ob_<time><counter><random>`: ids that grow with time, so that a new row's entry lands at the end of the unique
 * index on `id` rather than on a random page of it (a random id dirtied one more page per job in every commit).
 */
function outboxId(now: number): string {
  counter = now === lastMs ? counter + 1 : 0;
  lastMs = now;
  return `ob_${now.toString(36).padStart(9, '0')}${counter.toString(36).padStart(4, '0')}${randomId('').slice(1, 9)}`;
}

/**
 * One row of {@link outboxRowMarks}, per item, for writing `items` in one statement (or several, in this order).
 *
 * A keyed job is `held` when an earlier job of its key is pending: it waits out of the ready line until that one
 * finishes (see `finishOutbox` in outbox-queries.ts). The statement looks for a pending one in the table; one earlier in `items`
 * is named here, since a statement does not see its own rows on PostgreSQL. An earlier item with a dedupe key may
 * be folded rather than written, so it holds nothing back (the later one is then ready, and the claim's own check
 * still keeps the order).
 */
export function outboxRows(items: readonly OutboxInsert[], now: number): SqlValue[][] {
  const keys = new Set<string>();
  return items.map((item) => {
    const key = item.key ?? null;
    const heldInBatch = key !== null && keys.has(key);
    if (key !== null && !item.dedupeKey) keys.add(key);
    return [
      outboxId(now),
      item.kind,
      item.siteId,
      key,
      item.dedupeKey ?? null,
      item.conversationId ?? null,
      JSON.stringify(item.payload ?? null),
      'pending',
      0,
      item.dueAt ?? now,
      now,
      heldInBatch ? 1 : null,
      key,
    ];
  });
}

/**
 * `(?, ?, …)` for one row of {@link outboxRows}: `held` is the batch's word or, failing that, whether a job of the
 * key is pending. On PostgreSQL the pending job found is locked (`FOR SHARE`) until the commit, so a relay finishing
 * it at the same moment waits, then sees this job and releases it; without the lock, this job could be held behind
 * one that was finished (and released nothing) meanwhile, and wait forever.
 */
export function outboxRowMarks(dialect: SqlDb['dialect']): string {
  const lock = dialect === 'postgres' ? ' FOR SHARE' : '';
  return `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, CASE WHEN EXISTS (
    SELECT 1 FROM outbox p WHERE p.key = ? AND p.status = 'pending'${lock}) THEN 1 ELSE 0 END))`;
}

/** An `INSERT` of `rows` rows of {@link outboxRows}; a job folded into a pending one by its dedupe key is skipped. */
export function outboxInsertSql(dialect: SqlDb['dialect'], rows: number): string {
  const marks = outboxRowMarks(dialect);
  return `INSERT INTO outbox (${OUTBOX_INSERT_COLUMNS}) VALUES ${Array.from({ length: rows }, () => marks).join(', ')}
    ON CONFLICT DO NOTHING`;
}

/** The values of one row of {@link outboxRows}. */
const OUTBOX_ROW_WIDTH = 13;

/**
 * Writes side effects on `db`, which should be the transaction of their cause (call it inside `db.transaction`).
 * An item whose kind and dedupe key match a pending job is folded into it (nothing written).
 */
export async function enqueue(db: SqlDb, items: readonly OutboxInsert[], now = Date.now()): Promise<void> {
  const rows = outboxRows(items, now);
  for (const part of chunks(rows, Math.floor(INSERT_CHUNK / OUTBOX_ROW_WIDTH))) {
    await db.run(outboxInsertSql(db.dialect, part.length), part.flat());
  }
}
