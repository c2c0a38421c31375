/** The audit log: who did what, when, on what. */

import type { AuditEntry, AuditFacets, AuditFilter } from '../admin-store.js';
import { toAudit, type AuditRow } from './admin-rows.js';
import type { SqlDb, SqlValue } from './sql-db.js';

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
