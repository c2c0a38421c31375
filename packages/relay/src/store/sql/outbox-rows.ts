/**
 * The outbox's rows as written: by the message stores in the transaction of a message, by the admin queries in the
 * transaction of their cause (see outbox-queries.ts for the rest of the outbox).
 */

import { randomId } from '../../random-id.js';
import type { OutboxInsert } from '../outbox-job.js';
import { INSERT_CHUNK, chunks } from './admin-rows.js';
import type { SqlDb, SqlValue } from './sql-db.js';

/** The columns of `outbox` that {@link outboxRows} fills, in its order. */
const OUTBOX_INSERT_COLUMNS =
  'id, kind, site_id, key, dedupe_key, conversation_id, status, attempts, due_at, created_at, held';

/**
 * Jobs to write: their `outbox` rows, and their payloads (written apart, in `outbox_payload`, so that the job's row,
 * which changes as it is claimed and finished, stays small: migration `outbox.payloads`).
 */
export interface OutboxRows {
  /** The values of each job's row: see {@link outboxRowMarks}. The first is the job's id. */
  readonly jobs: SqlValue[][];
  /** `[job id, payload JSON]` per job, in the order of {@link jobs}. */
  readonly payloads: [string, string][];
}

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
export function outboxRows(items: readonly OutboxInsert[], now: number): OutboxRows {
  const keys = new Set<string>();
  const jobs: SqlValue[][] = [];
  const payloads: [string, string][] = [];
  for (const item of items) {
    const key = item.key ?? null;
    const heldInBatch = key !== null && keys.has(key);
    if (key !== null && !item.dedupeKey) keys.add(key);
    const id = outboxId(now);
    jobs.push([
      id,
      item.kind,
      item.siteId,
      key,
      item.dedupeKey ?? null,
      item.conversationId ?? null,
      'pending',
      0,
      item.dueAt ?? now,
      now,
      heldInBatch ? 1 : null,
      key,
    ]);
    payloads.push([id, JSON.stringify(item.payload ?? null)]);
  }
  return { jobs, payloads };
}

/**
 * `(?, ?, …)` for one row of {@link outboxRows}: `held` is the batch's word or, failing that, whether a job of the
 * key is pending. On PostgreSQL the pending job found is locked (`FOR SHARE`) until the commit, so a relay finishing
 * it at the same moment waits, then sees this job and releases it; without the lock, this job could be held behind
 * one that was finished (and released nothing) meanwhile, and wait forever.
 */
export function outboxRowMarks(dialect: SqlDb['dialect']): string {
  const lock = dialect === 'postgres' ? ' FOR SHARE' : '';
  return `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, CASE WHEN EXISTS (
    SELECT 1 FROM outbox p WHERE p.key = ? AND p.status = 'pending'${lock}) THEN 1 ELSE 0 END))`;
}

/** An `INSERT` of `rows` rows of {@link OutboxRows.jobs}; a job folded into a pending one by its dedupe key is skipped. */
export function outboxInsertSql(dialect: SqlDb['dialect'], rows: number): string {
  const marks = outboxRowMarks(dialect);
  return outboxInsert(Array.from({ length: rows }, () => marks).join(', '));
}

/** {@link outboxInsertSql} given its rows of {@link outboxRowMarks}. */
export function outboxInsert(values: string): string {
  return `INSERT INTO outbox (${OUTBOX_INSERT_COLUMNS}) VALUES ${values} ON CONFLICT DO NOTHING`;
}

/**
 * An `INSERT` of `rows` rows of {@link OutboxRows.payloads}, after their jobs' own: each keyed by its job's `seq`,
 * found by the job's id, so a job folded by its dedupe key (not written) leaves no payload behind.
 */
export function outboxPayloadSql(rows: number): string {
  return outboxPayloadInsert(Array.from({ length: rows }, () => '(?, ?)').join(', '));
}

/** {@link outboxPayloadSql} given its `(?, ?), …`. */
export function outboxPayloadInsert(values: string): string {
  return `INSERT INTO outbox_payload (seq, payload)
    SELECT o.seq, j.column2 FROM (VALUES ${values}) AS j JOIN outbox o ON o.id = j.column1`;
}

/** The values of one row of {@link OutboxRows.jobs}. */
const OUTBOX_ROW_WIDTH = 12;

/**
 * Writes side effects on `db`, which should be the transaction of their cause (call it inside `db.transaction`).
 * An item whose kind and dedupe key match a pending job is folded into it (nothing written). Resolves with the
 * ids given to the items, in their order (a folded item's id names no job).
 */
export async function enqueue(db: SqlDb, items: readonly OutboxInsert[], now = Date.now()): Promise<string[]> {
  const { jobs, payloads } = outboxRows(items, now);
  for (const part of chunks(jobs, Math.floor(INSERT_CHUNK / OUTBOX_ROW_WIDTH))) {
    await db.run(outboxInsertSql(db.dialect, part.length), part.flat());
  }
  for (const part of chunks(payloads, Math.floor(INSERT_CHUNK / 2))) {
    await db.run(outboxPayloadSql(part.length), part.flat());
  }
  return payloads.map(([id]) => id);
}
