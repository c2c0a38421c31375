/** The durable outbox's rows (issue #16): written in the transaction of their cause, claimed and settled by the worker. */

import type { OutboxInsert, OutboxJob } from '../outbox-job.js';
import type { OutboxClaim, OutboxCounts, OutboxRecord, OutboxSettlement, OutboxStatus } from '../admin-store.js';
import { INSERT_CHUNK, chunks, pageOf, placeholders } from './admin-rows.js';
import { enqueue } from './outbox-rows.js';
import type { SqlDb, SqlValue } from './sql-db.js';

/** Writes side effects in a transaction of their own (causes that have no transaction of theirs). */
export async function enqueueOutbox(db: SqlDb, items: readonly OutboxInsert[], now: number): Promise<void> {
  await db.transaction((db) => enqueue(db, items, now));
}

/** An outbox row as the admin API and the worker read it. */
interface OutboxRow {
  seq: number | string;
  id: string;
  kind: string;
  site_id: string;
  key: string | null;
  conversation_id: string | null;
  status: OutboxStatus;
  attempts: number;
  due_at: number | string;
  created_at: number | string;
  done_at: number | string | null;
  last_error: string | null;
  detail: string | null;
  held: number;
}

/** The columns a claimed job is read from: what {@link toJob} reads, and `seq` to order the claim. */
type ClaimedRow = Pick<OutboxRow, 'seq' | 'id' | 'kind' | 'site_id' | 'key' | 'attempts' | 'created_at'> & {
  payload: string;
};
/** Of the row the claim changed (`outbox`, by that name on both stores), and its payload, written apart. */
const CLAIMED_COLUMNS = `seq, id, kind, site_id, key, attempts, created_at,
  (SELECT p.payload FROM outbox_payload p WHERE p.seq = outbox.seq) AS payload`;

function toJob(row: ClaimedRow): OutboxJob {
  return {
    id: row.id,
    kind: row.kind,
    siteId: row.site_id,
    key: row.key,
    payload: JSON.parse(row.payload) as unknown,
    // Counted up when claimed: the attempts made before this one.
    attempts: row.attempts - 1,
    createdAt: Number(row.created_at),
  };
}

function toRecord(row: OutboxRow): OutboxRecord {
  return {
    id: row.id,
    kind: row.kind,
    siteId: row.site_id,
    key: row.key,
    conversationId: row.conversation_id,
    status: row.status,
    attempts: row.attempts,
    dueAt: Number(row.due_at),
    createdAt: Number(row.created_at),
    doneAt: row.done_at === null ? null : Number(row.done_at),
    lastError: row.last_error,
    detail: row.detail,
    held: row.status === 'pending' && Number(row.held) === 1,
  };
}

const JOB_COLUMNS =
  'seq, id, kind, site_id, key, conversation_id, status, attempts, due_at, created_at, done_at, last_error, detail, held';

/**
 * What a pending job must satisfy to be claimed at `now`: ready (not held behind its key's head), due, not leased by
 * a live claim, of a kind this relay delivers, and first of its key (no earlier pending job with the same key,
 * retries included: rows written before held jobs existed, or two relays' writes that crossed, are ordered here).
 */
function claimable(kinds: readonly string[]): string {
  return `o.status = 'pending' AND o.held = 0 AND o.due_at <= ? AND (o.lease_until IS NULL OR o.lease_until < ?)
    AND o.kind IN (${placeholders(kinds.length)})
    AND (o.key IS NULL OR NOT EXISTS (
      SELECT 1 FROM outbox p WHERE p.key = o.key AND p.status = 'pending' AND p.seq < o.seq))`;
}

/**
 * Claims up to `limit` due jobs of `kinds` until `leaseUntil`: counts the attempt, and clears the dedupe key (a
 * cause that comes while the job is under way gets a job of its own). On PostgreSQL the candidates are locked with
 * `SKIP LOCKED`, so relays claiming at the same moment take different jobs; SQLite has one writer at a time.
 */
export async function claimOutbox(
  db: SqlDb,
  kinds: readonly string[],
  now: number,
  leaseUntil: number,
  limit: number,
): Promise<OutboxJob[]> {
  if (kinds.length === 0) return [];
  const claim = { kinds, now, leaseUntil, limit };
  if (db.dialect === 'sqlite') {
    // A read first: an idle outbox costs no write transaction (which would queue behind the message path's lock).
    // One due job is enough to know (reading the whole batch here checked every candidate twice).
    const due = await db.all<{ seq: number }>(
      `SELECT o.seq FROM outbox o WHERE ${claimable(kinds)} ORDER BY o.due_at, o.seq LIMIT 1`,
      [now, now, ...kinds],
    );
    if (due.length === 0) return [];
  }
  // A claim lost in a crash only means the job is claimed again.
  return db.transaction((db) => claimOn(db, claim), { durable: false });
}

/** {@link claimOutbox}'s statement on `db`, inside a transaction of the caller's. */
async function claimOn(db: SqlDb, { kinds, now, leaseUntil, limit }: OutboxClaim): Promise<OutboxJob[]> {
  if (kinds.length === 0 || limit <= 0) return [];
  const lock = db.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
  const rows = await db.all<ClaimedRow>(
    `UPDATE outbox SET lease_until = ?, attempts = attempts + 1, dedupe_key = NULL
     WHERE seq IN (SELECT o.seq FROM outbox o WHERE ${claimable(kinds)} ORDER BY o.due_at, o.seq LIMIT ?${lock})
     RETURNING ${CLAIMED_COLUMNS}`,
    [leaseUntil, now, now, ...kinds, limit],
  );
  return rows.sort((a, b) => Number(a.seq) - Number(b.seq)).map(toJob);
}

/**
 * Records a finished job: delivered, skipped or dead. Only a pending job changes (a replayed one is not undone). A
 * keyed job releases the next held job of its key into the ready line.
 */
export async function finishOutbox(
  db: SqlDb,
  id: string,
  status: 'delivered' | 'skipped' | 'dead',
  now: number,
  detail: string | null,
  error: string | null,
): Promise<boolean> {
  const [finished] = await db.all<{ key: string | null }>(
    `UPDATE outbox SET status = ?, done_at = ?, lease_until = NULL, detail = ?, last_error = ?
     WHERE id = ? AND status = 'pending' RETURNING key`,
    [status, now, detail, error, id],
  );
  if (!finished) return false;
  if (finished.key !== null) {
    await db.run(
      `UPDATE outbox SET held = 0
       WHERE seq = (SELECT min(seq) FROM outbox WHERE key = ? AND status = 'pending' AND held = 1)`,
      [finished.key],
    );
  }
  return true;
}

/**
 * Records many outcomes in one transaction (the worker's batch): each finished job as {@link finishOutbox} does,
 * each failed one due again as {@link retryOutbox} does. Only pending jobs change. The commit does not wait for the
 * disk: what a crash could lose is bookkeeping whose loss only repeats a delivery. With `claim`, the same transaction
 * then claims due jobs as {@link claimOutbox} does (the jobs these outcomes released among them), and returns them:
 * one commit where a claim after the outcomes made two.
 */
export async function settleOutbox(
  db: SqlDb,
  settlements: readonly OutboxSettlement[],
  claim?: OutboxClaim,
): Promise<OutboxJob[]> {
  if (settlements.length === 0 && !claim) return [];
  // An outcome lost in a crash leaves the job pending: it is delivered again (at least once, as promised).
  return db.transaction((db) => settleAndClaimOn(db, settlements, claim), { durable: false });
}

/**
 * {@link settleOutbox}'s statements on `db`, inside a transaction of the caller's (webhooks add their log rows), and
 * with `claim` its claim after them.
 */
export async function settleAndClaimOn(
  db: SqlDb,
  settlements: readonly OutboxSettlement[],
  claim: OutboxClaim | undefined,
): Promise<OutboxJob[]> {
  await settleOn(db, settlements);
  return claim ? claimOn(db, claim) : [];
}

/** The outcomes' statements of {@link settleOutbox}, inside a transaction of the caller's. */
async function settleOn(db: SqlDb, settlements: readonly OutboxSettlement[]): Promise<void> {
  // Finished jobs with the same outcome (under load, nearly all: delivered, `HTTP 2xx`) in one statement each,
  // and the next held job of every key they finish released in one more: a statement per job was most of what
  // recording an outcome cost.
  const finished = new Map<
    string,
    { status: string; at: number; detail: string | null; error: string | null; ids: string[] }
  >();
  for (const s of settlements) {
    if (s.status === 'pending') {
      await retryOutbox(db, s.id, s.dueAt, s.error);
      continue;
    }
    const group = `${s.status}\u0000${s.at}\u0000${s.detail ?? '\u0001'}\u0000${s.error ?? '\u0001'}`;
    let same = finished.get(group);
    if (!same) finished.set(group, (same = { status: s.status, at: s.at, detail: s.detail, error: s.error, ids: [] }));
    same.ids.push(s.id);
  }
  const keys = new Set<string>();
  for (const { status, at, detail, error, ids } of finished.values()) {
    for (const part of chunks(ids, INSERT_CHUNK)) {
      const rows = await db.all<{ key: string | null }>(
        `UPDATE outbox SET status = ?, done_at = ?, lease_until = NULL, detail = ?, last_error = ?
         WHERE id IN (${placeholders(part.length)}) AND status = 'pending' RETURNING key`,
        [status, at, detail, error, ...part],
      );
      for (const { key } of rows) if (key !== null) keys.add(key);
    }
  }
  if (keys.size === 0) return;
  // Per key, the first held job (`min` over the key's index stops at it); the keys as one JSON array. A `GROUP BY`
  // over `key IN (…)` read every pending job of each key instead: 55 µs per key on SQLite against 3.
  const each = db.dialect === 'postgres' ? 'json_array_elements_text(?::json)' : 'json_each(?)';
  await db.run(
    `UPDATE outbox SET held = 0 WHERE seq IN (
       SELECT (SELECT min(p.seq) FROM outbox p WHERE p.key = k.value AND p.status = 'pending' AND p.held = 1)
       FROM ${each} AS k)`,
    [JSON.stringify([...keys])],
  );
}

/** A failed attempt to try again at `dueAt`. */
export async function retryOutbox(db: SqlDb, id: string, dueAt: number, error: string): Promise<void> {
  await db.run(`UPDATE outbox SET due_at = ?, lease_until = NULL, last_error = ? WHERE id = ? AND status = 'pending'`, [
    dueAt,
    error,
    id,
  ]);
}

/** The site's jobs, newest first, filtered by status and kind; `before` is the `seq` cursor of the next page. */
export async function listOutbox(
  db: SqlDb,
  siteId: string,
  filter: { status?: OutboxStatus | undefined; kind?: string | undefined; before?: number | undefined },
  limit: number,
): Promise<{ items: OutboxRecord[]; next: number | undefined }> {
  const where = ['site_id = ?'];
  const params: SqlValue[] = [siteId];
  if (filter.status) {
    where.push('status = ?');
    params.push(filter.status);
  }
  if (filter.kind) {
    where.push('kind = ?');
    params.push(filter.kind);
  }
  if (filter.before !== undefined) {
    where.push('seq < ?');
    params.push(filter.before);
  }
  const rows = await db.all<OutboxRow>(
    `SELECT ${JOB_COLUMNS} FROM outbox WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`,
    [...params, limit + 1],
  );
  return pageOf(rows, limit, toRecord, (row) => Number(row.seq));
}

/** Puts a dead job of the site back in line, due now, with its attempts reset. False when there is no such dead job. */
export async function replayOutbox(
  db: SqlDb,
  siteId: string,
  id: string,
  now: number,
): Promise<OutboxRecord | undefined> {
  const rows = await db.all<OutboxRow>(
    `UPDATE outbox SET status = 'pending', attempts = 0, due_at = ?, lease_until = NULL, done_at = NULL, held = 0
     WHERE id = ? AND site_id = ? AND status = 'dead' RETURNING ${JOB_COLUMNS}`,
    [now, id, siteId],
  );
  return rows[0] && toRecord(rows[0]);
}

/** Jobs per kind and status, and the oldest due pending job's due time, for `/metrics`. */
export async function outboxCounts(db: SqlDb, now: number): Promise<OutboxCounts> {
  const rows = await db.all<{ kind: string; status: OutboxStatus; n: number | string }>(
    `SELECT kind, status, count(*) AS n FROM outbox WHERE status IN ('pending', 'dead') GROUP BY kind, status`,
  );
  // Held jobs count: they are due, and waiting (behind their key's head).
  const [oldest] = await db.all<{ due: number | string | null }>(
    `SELECT min(due) AS due FROM (
       SELECT min(due_at) AS due FROM outbox WHERE status = 'pending' AND held = 0 AND due_at <= ?
       UNION ALL
       SELECT min(due_at) AS due FROM outbox WHERE status = 'pending' AND held = 1 AND due_at <= ?) AS m`,
    [now, now],
  );
  return {
    byKind: rows.map((row) => ({ kind: row.kind, status: row.status, count: Number(row.n) })),
    oldestDueAt: oldest?.due === null || oldest?.due === undefined ? undefined : Number(oldest.due),
  };
}

/** Deletes finished jobs: delivered or skipped before `doneBefore`, dead before `deadBefore`. Resolves with the count. */
export async function pruneOutbox(db: SqlDb, doneBefore: number, deadBefore: number, limit: number): Promise<number> {
  return db.transaction(async (db) => {
    const jobs = await db.all<{ seq: number | string }>(
      `SELECT seq FROM outbox WHERE done_at IS NOT NULL
         AND ((status IN ('delivered', 'skipped') AND done_at < ?) OR (status = 'dead' AND done_at < ?)) LIMIT ?`,
      [doneBefore, deadBefore, limit],
    );
    return deleteJobs(db, jobs);
  });
}

/** Deletes jobs, with their payloads, inside a transaction of the caller's. Resolves with the jobs deleted. */
async function deleteJobs(db: SqlDb, jobs: readonly { seq: number | string }[]): Promise<number> {
  const seqs = jobs.map(({ seq }) => Number(seq));
  let deleted = 0;
  for (const part of chunks(seqs, INSERT_CHUNK)) {
    const marks = placeholders(part.length);
    await db.run(`DELETE FROM outbox_payload WHERE seq IN (${marks})`, part);
    deleted += await db.run(`DELETE FROM outbox WHERE seq IN (${marks})`, part);
  }
  return deleted;
}

/**
 * Erases the jobs about `conversationIds` (pending or done: a webhook's payload holds the message text), with their
 * payloads. The table has no index by conversation (see migration `outbox.jobs`): a scan per chunk of conversations.
 */
export async function eraseOutbox(db: SqlDb, conversationIds: readonly string[]): Promise<void> {
  for (const part of chunks(conversationIds, INSERT_CHUNK)) {
    const jobs = await db.all<{ seq: number | string }>(
      `SELECT seq FROM outbox WHERE conversation_id IN (${placeholders(part.length)})`,
      part,
    );
    await deleteJobs(db, jobs);
  }
}
