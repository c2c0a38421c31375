/** The desk: canned responses, staff tokens, the audit log and the site's stats. */

import type { AuditEntry, AuditFacets, AuditFilter, CannedResponse, StaffListing, StoreStats } from '../admin-store.js';
import { toAudit, type AuditRow } from './admin-rows.js';
import type { SqlDb, SqlValue } from './sql-db.js';
import { parseScopes, type StaffRole } from '../store.js';

export async function listCanned(db: SqlDb, siteId: string): Promise<CannedResponse[]> {
  const rows = await db.all<{
    id: string;
    shortcut: string;
    text: string;
    created_at: number;
    updated_at: number;
  }>('SELECT id, shortcut, text, created_at, updated_at FROM canned_responses WHERE site_id = ? ORDER BY shortcut', [
    siteId,
  ]);
  return rows.map((row) => ({
    id: row.id,
    shortcut: row.shortcut,
    text: row.text,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

export async function createCanned(
  db: SqlDb,
  siteId: string,
  canned: CannedResponse,
): Promise<CannedResponse | undefined> {
  const changed = await db.run(
    `INSERT INTO canned_responses (id, site_id, shortcut, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (site_id, shortcut) DO NOTHING`,
    [canned.id, siteId, canned.shortcut, canned.text, canned.createdAt, canned.updatedAt],
  );
  return changed === 0 ? undefined : canned;
}

export async function updateCanned(
  db: SqlDb,
  siteId: string,
  id: string,
  patch: { shortcut?: string | undefined; text?: string | undefined },
  now: number,
): Promise<CannedResponse | 'conflict' | undefined> {
  return db.transaction(async (db) => {
    const [existing] = await db.all<{ shortcut: string; text: string; created_at: number }>(
      'SELECT shortcut, text, created_at FROM canned_responses WHERE site_id = ? AND id = ?',
      [siteId, id],
    );
    if (!existing) return undefined;
    const shortcut = patch.shortcut ?? existing.shortcut;
    const text = patch.text ?? existing.text;
    if (shortcut !== existing.shortcut) {
      const [taken] = await db.all<{ id: string }>(
        'SELECT id FROM canned_responses WHERE site_id = ? AND shortcut = ?',
        [siteId, shortcut],
      );
      if (taken) return 'conflict' as const;
    }
    await db.run('UPDATE canned_responses SET shortcut = ?, text = ?, updated_at = ? WHERE site_id = ? AND id = ?', [
      shortcut,
      text,
      now,
      siteId,
      id,
    ]);
    return { id, shortcut, text, createdAt: existing.created_at, updatedAt: now };
  });
}

export async function deleteCanned(db: SqlDb, siteId: string, id: string): Promise<boolean> {
  return (await db.run('DELETE FROM canned_responses WHERE site_id = ? AND id = ?', [siteId, id])) > 0;
}

export async function listStaff(db: SqlDb, siteId: string): Promise<StaffListing[]> {
  const rows = await db.all<{
    id: string;
    name: string;
    role: StaffRole;
    created_at: number;
    scopes: string | null;
    expires_at: number | null;
  }>(
    `SELECT id, name, role, created_at, scopes, expires_at FROM staff
     WHERE site_id = ? AND revoked_at IS NULL AND account_id IS NULL ORDER BY created_at, id`,
    [siteId],
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    role: row.role === 'agent' ? 'agent' : 'admin',
    createdAt: Number(row.created_at),
    scopes: parseScopes(row.scopes) ?? [],
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
  }));
}

export async function getStaff(
  db: SqlDb,
  siteId: string,
  id: string,
): Promise<(StaffListing & { revokedAt: number | null; deactivatedAt: number | null }) | undefined> {
  const [row] = await db.all<{
    id: string;
    name: string;
    role: StaffRole;
    created_at: number;
    revoked_at: number | null;
    scopes: string | null;
    expires_at: number | null;
    deactivated_at: number | null;
  }>(
    'SELECT id, name, role, created_at, revoked_at, scopes, expires_at, deactivated_at FROM staff WHERE site_id = ? AND id = ?',
    [siteId, id],
  );
  return (
    row && {
      id: row.id,
      name: row.name,
      role: row.role === 'agent' ? 'agent' : 'admin',
      createdAt: Number(row.created_at),
      revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
      scopes: parseScopes(row.scopes) ?? [],
      expiresAt: row.expires_at === null ? null : Number(row.expires_at),
      deactivatedAt: row.deactivated_at === null ? null : Number(row.deactivated_at),
    }
  );
}

export async function revokeStaff(db: SqlDb, siteId: string, id: string, now: number): Promise<boolean> {
  return (
    (await db.run(
      'UPDATE staff SET revoked_at = ? WHERE site_id = ? AND id = ? AND revoked_at IS NULL AND account_id IS NULL',
      [now, siteId, id],
    )) > 0
  );
}

export async function appendAudit(db: SqlDb, entry: Omit<AuditEntry, 'id'>): Promise<void> {
  await db.run(
    'INSERT INTO audit_log (site_id, at, actor_id, actor_name, action, target_type, target_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    [
      entry.siteId,
      entry.at,
      entry.actorId,
      entry.actorName,
      entry.action,
      entry.targetType,
      entry.targetId,
      JSON.stringify(entry.details),
    ],
  );
}

export function pruneAudit(db: SqlDb, action: string, before: number): Promise<number> {
  return db.run('DELETE FROM audit_log WHERE action = ? AND at < ?', [action, before]);
}

export async function listAudit(db: SqlDb, filter: AuditFilter): Promise<AuditEntry[]> {
  const where = ['site_id = ?'];
  const params: SqlValue[] = [filter.siteId];
  if (filter.actorId !== undefined) {
    where.push('actor_id = ?');
    params.push(filter.actorId);
  }
  if (filter.action !== undefined) {
    where.push('action = ?');
    params.push(filter.action);
  }
  if (filter.target !== undefined) {
    where.push('target_type = ?', 'target_id = ?');
    params.push(filter.target.type, filter.target.id);
  }
  if (filter.from !== undefined) {
    where.push('at >= ?');
    params.push(filter.from);
  }
  if (filter.to !== undefined) {
    where.push('at < ?');
    params.push(filter.to);
  }
  if (filter.before !== undefined) {
    where.push('id < ?');
    params.push(Number(filter.before));
  }
  // Newest first by id (entries are appended in time order): audit_by_site, audit_by_actor or audit_by_action
  // gives the order, and a date range only bounds the walk.
  const rows = await db.scan<AuditRow>(
    `SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`,
    [...params, filter.limit],
  );
  return rows.map(toAudit);
}

export async function auditFacets(db: SqlDb, siteId: string): Promise<AuditFacets> {
  // The latest name of each actor: the name on their newest entry.
  const actors = await db.scan<{ actor_id: string; actor_name: string }>(
    `SELECT a.actor_id, a.actor_name FROM audit_log a
     JOIN (SELECT actor_id, max(id) AS id FROM audit_log WHERE site_id = ? GROUP BY actor_id) latest ON latest.id = a.id
     ORDER BY a.actor_name, a.actor_id`,
    [siteId],
  );
  const actions = await db.scan<{ action: string }>(
    'SELECT DISTINCT action FROM audit_log WHERE site_id = ? ORDER BY action',
    [siteId],
  );
  return {
    actors: actors.map((row) => ({ id: row.actor_id, name: row.actor_name })),
    actions: actions.map((row) => row.action),
  };
}

export async function stats(db: SqlDb, siteId: string, now: number): Promise<StoreStats> {
  const day = new Date(now);
  const startOfDay = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
  const [open] = await db.scan<{ n: number }>(
    `SELECT count(*) AS n FROM conversations WHERE site_id = ? AND status = 'open'`,
    [siteId],
  );
  // Conversations active today hold every message of today, so the scan stays within them.
  const [today] = await db.scan<{ n: number }>(
    `SELECT count(*) AS n FROM conversations c JOIN messages m ON m.conversation_id = c.id
     WHERE c.site_id = ? AND c.updated_at >= ? AND m.ts >= ?`,
    [siteId, startOfDay, startOfDay],
  );
  // First reply: the first staff text after the first visitor message, over conversations of the last 7 days.
  const replies = await db.scan<{ first_visitor: number; first_reply: number | null }>(
    `SELECT f.first_visitor,
            (SELECT min(m.ts) FROM messages m WHERE m.conversation_id = f.id AND m.author_role = 'staff' AND m.kind = 'text' AND m.ts >= f.first_visitor) AS first_reply
     FROM (SELECT c.id, (SELECT min(m.ts) FROM messages m WHERE m.conversation_id = c.id AND m.author_role = 'visitor') AS first_visitor
           FROM conversations c WHERE c.site_id = ? AND c.created_at >= ?) f
     WHERE f.first_visitor IS NOT NULL`,
    [siteId, now - 7 * 24 * 3600 * 1000],
  );
  const waits = replies
    .filter((row) => row.first_reply !== null)
    .map((row) => (Number(row.first_reply) - Number(row.first_visitor)) / 1000)
    .sort((a, b) => a - b);
  const mid = Math.floor(waits.length / 2);
  const median = waits.length === 0 ? null : waits.length % 2 === 1 ? waits[mid]! : (waits[mid - 1]! + waits[mid]!) / 2;
  return {
    openConversations: Number(open?.n ?? 0),
    messagesToday: Number(today?.n ?? 0),
    medianFirstReplySeconds: median,
  };
}
