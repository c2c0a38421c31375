/** The desk: staff tokens and the site's stats. */

import type { StaffListing, StoreStats } from '../admin-store.js';
import type { SqlDb } from './sql-db.js';
import { ANY_STATUS } from './admin-rows.js';
import { parseScopes, type StaffRole } from '../store.js';

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
     WHERE c.site_id = ? AND ${ANY_STATUS} AND c.updated_at >= ? AND m.ts >= ?`,
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
