/** Broadcasts: the campaign, its stored targets and their outcomes. */

import type { BroadcastSegment, BroadcastRecord, BroadcastOutcome, PendingTarget } from '../admin-store.js';
import { INSERT_CHUNK, chunks, type BroadcastRow } from './admin-rows.js';
import type { SqlDb } from './sql-db.js';

export async function createBroadcast(
  db: SqlDb,
  broadcast: Omit<BroadcastRecord, 'targeted' | 'stored' | 'delivered' | 'read' | 'finishedAt' | 'status'>,
  contactIds: readonly string[],
): Promise<void> {
  await db.transaction(async (db) => {
    await db.run(
      `INSERT INTO broadcasts (id, site_id, text, segment, status, author_name, created_by, created_at) VALUES (?, ?, ?, ?, 'running', ?, ?, ?)`,
      [
        broadcast.id,
        broadcast.siteId,
        broadcast.text,
        JSON.stringify(broadcast.segment),
        broadcast.authorName,
        broadcast.createdBy,
        broadcast.createdAt,
      ],
    );
    for (const part of chunks(contactIds, INSERT_CHUNK)) {
      await db.run(
        `INSERT INTO broadcast_targets (broadcast_id, contact_id) VALUES ${part.map(() => '(?, ?)').join(', ')}`,
        part.flatMap((contactId) => [broadcast.id, contactId]),
      );
    }
  });
}

export async function getBroadcast(db: SqlDb, siteId: string, id: string): Promise<BroadcastRecord | undefined> {
  const [row] = await db.all<BroadcastRow>('SELECT * FROM broadcasts WHERE site_id = ? AND id = ?', [siteId, id]);
  return row && broadcastRecord(db, row);
}

export async function listBroadcasts(db: SqlDb, siteId: string, limit: number): Promise<BroadcastRecord[]> {
  const rows = await db.all<BroadcastRow>(
    'SELECT * FROM broadcasts WHERE site_id = ? ORDER BY created_at DESC, id DESC LIMIT ?',
    [siteId, limit],
  );
  return Promise.all(rows.map((row) => broadcastRecord(db, row)));
}

async function broadcastRecord(db: SqlDb, row: BroadcastRow): Promise<BroadcastRecord> {
  const [figures] = await db.all<{
    targeted: number;
    stored: number | null;
    delivered: number | null;
    read: number | null;
  }>(
    `SELECT count(*) AS targeted,
            coalesce(sum(CASE WHEN t.seq > 0 THEN 1 ELSE 0 END), 0) AS stored,
            coalesce(sum(CASE WHEN t.seq > 0 AND ${db.isTrue('t.delivered')} THEN 1 ELSE 0 END), 0) AS delivered,
            coalesce(sum(CASE WHEN t.seq > 0 AND c.visitor_read_seq >= t.seq THEN 1 ELSE 0 END), 0) AS read
     FROM broadcast_targets t LEFT JOIN conversations c ON c.id = t.conversation_id
     WHERE t.broadcast_id = ?`,
    [row.id],
  );
  return {
    id: row.id,
    siteId: row.site_id,
    text: row.text,
    segment: JSON.parse(row.segment) as BroadcastSegment,
    status: row.status,
    authorName: row.author_name,
    createdBy: row.created_by,
    createdAt: row.created_at,
    finishedAt: row.finished_at ?? undefined,
    targeted: Number(figures?.targeted ?? 0),
    stored: Number(figures?.stored ?? 0),
    delivered: Number(figures?.delivered ?? 0),
    read: Number(figures?.read ?? 0),
  };
}

export async function runningBroadcasts(db: SqlDb): Promise<Array<{ id: string; siteId: string }>> {
  const rows = await db.all<{ id: string; site_id: string }>(
    `SELECT id, site_id FROM broadcasts WHERE status = 'running' ORDER BY created_at`,
  );
  return rows.map((row) => ({ id: row.id, siteId: row.site_id }));
}

export async function pendingTargets(
  db: SqlDb,
  broadcastId: string,
  siteId: string,
  limit: number,
): Promise<PendingTarget[]> {
  const rows = await db.all<{ contact_id: string; hint: string | null; latest: string | null }>(
    `SELECT t.contact_id, k.conversation_hint AS hint,
            (SELECT c.id FROM conversations c WHERE c.site_id = ? AND c.visitor_id = t.contact_id ORDER BY c.created_at DESC, c.id DESC LIMIT 1) AS latest
     FROM broadcast_targets t LEFT JOIN contacts k ON k.site_id = ? AND k.contact_id = t.contact_id
     WHERE t.broadcast_id = ? AND t.seq IS NULL
     ORDER BY t.contact_id LIMIT ?`,
    [siteId, siteId, broadcastId, limit],
  );
  return rows.map((row) => ({ contactId: row.contact_id, conversationId: row.latest ?? row.hint ?? undefined }));
}

export async function recordOutcomes(
  db: SqlDb,
  broadcastId: string,
  outcomes: readonly BroadcastOutcome[],
): Promise<void> {
  await db.transaction(async (db) => {
    for (const outcome of outcomes) {
      await db.run(
        'UPDATE broadcast_targets SET conversation_id = ?, seq = ?, delivered = ? WHERE broadcast_id = ? AND contact_id = ?',
        [outcome.conversationId ?? null, outcome.seq, outcome.delivered, broadcastId, outcome.contactId],
      );
    }
  });
}

export async function finishBroadcast(db: SqlDb, id: string, status: 'done' | 'failed', now: number): Promise<void> {
  await db.run('UPDATE broadcasts SET status = ?, finished_at = ? WHERE id = ?', [status, now, id]);
}

// ---- stats ---------------------------------------------------------------------------------------------
