/** The durable outbox's rows (issue #16): written in the transaction of their cause, claimed and settled by the worker. */

import { randomId } from '../../auth/tokens.js';
import type { OutboxInsert } from '../../outbox/outbox.js';
import { INSERT_CHUNK, chunks } from './admin-rows.js';
import type { SqlDb, SqlValue } from './sql-db.js';

/** The columns {@link outboxValues} fills, in its order. */
export const OUTBOX_INSERT_COLUMNS =
  'id, kind, site_id, key, dedupe_key, conversation_id, payload, status, attempts, due_at, created_at';

/** One row's values for {@link OUTBOX_INSERT_COLUMNS}. */
export function outboxValues(item: OutboxInsert, now: number): SqlValue[] {
  return [
    randomId('ob'),
    item.kind,
    item.siteId,
    item.key ?? null,
    item.dedupeKey ?? null,
    item.conversationId ?? null,
    JSON.stringify(item.payload ?? null),
    'pending',
    0,
    item.dueAt ?? now,
    now,
  ];
}

/** `(?, ?, …)` for one row of {@link OUTBOX_INSERT_COLUMNS}. */
export const OUTBOX_ROW_MARKS = `(${OUTBOX_INSERT_COLUMNS.split(',')
  .map(() => '?')
  .join(', ')})`;

/**
 * Writes side effects on `db`, which should be the transaction of their cause (call it inside `db.transaction`).
 * An item whose kind and dedupe key match a pending job is folded into it (nothing written).
 */
export async function enqueue(db: SqlDb, items: readonly OutboxInsert[], now = Date.now()): Promise<void> {
  for (const part of chunks(items, Math.floor(INSERT_CHUNK / 11))) {
    await db.run(
      `INSERT INTO outbox (${OUTBOX_INSERT_COLUMNS}) VALUES ${part.map(() => OUTBOX_ROW_MARKS).join(', ')}
       ON CONFLICT DO NOTHING`,
      part.flatMap((item) => outboxValues(item, now)),
    );
  }
}
