/** Sites: several on one relay, listed and created by the operator (the CLI, or admins of the default site). */

import type { SiteListing, SitePatch } from '../admin-store.js';
import { scopesColumn, type Site, type Staff } from '../store.js';
import type { SqlDb } from './sql-db.js';

interface SiteRow {
  id: string;
  name: string;
  site_key: string;
  allowed_origins: string | string[];
  require_identity: number | boolean;
  created_at: number;
}

function toListing(row: SiteRow): SiteListing {
  return {
    id: row.id,
    name: row.name,
    siteKey: row.site_key,
    // JSON text on SQLite; jsonb, already parsed, on PostgreSQL.
    allowedOrigins:
      typeof row.allowed_origins === 'string' ? (JSON.parse(row.allowed_origins) as string[]) : row.allowed_origins,
    requireIdentity: row.require_identity === true || row.require_identity === 1,
    createdAt: row.created_at,
  };
}

const columns = 'id, name, site_key, allowed_origins, require_identity, created_at';

export async function listSites(db: SqlDb): Promise<SiteListing[]> {
  const rows = await db.all<SiteRow>(`SELECT ${columns} FROM sites ORDER BY created_at, id`);
  return rows.map(toListing);
}

export async function createSite(db: SqlDb, site: Site, admin: Staff, now: number): Promise<SiteListing> {
  return db.transaction(async (tx) => {
    await tx.run(
      'INSERT INTO sites (id, name, site_key, allowed_origins, identity_secret, require_identity, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [
        site.id,
        site.name,
        site.siteKey,
        JSON.stringify(site.allowedOrigins),
        site.identitySecret,
        site.requireIdentity,
        now,
        now,
      ],
    );
    await tx.run(
      `INSERT INTO staff (id, site_id, name, role, token_hash, created_at, revoked_at, account_id, scopes, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        admin.id,
        site.id,
        admin.name,
        admin.role,
        admin.tokenHash,
        admin.createdAt,
        admin.revokedAt,
        admin.accountId ?? null,
        scopesColumn(admin),
        admin.expiresAt ?? null,
      ],
    );
    const [row] = await tx.all<SiteRow>(`SELECT ${columns} FROM sites WHERE id = ?`, [site.id]);
    return toListing(row!);
  });
}

export async function findStaffSite(db: SqlDb, staffId: string): Promise<string | undefined> {
  const [row] = await db.all<{ site_id: string }>('SELECT site_id FROM staff WHERE id = ?', [staffId]);
  return row?.site_id;
}

/** One site as listed (never its identity secret), or `undefined`. */
export async function getSiteListing(db: SqlDb, siteId: string): Promise<SiteListing | undefined> {
  const [row] = await db.all<SiteRow>(`SELECT ${columns} FROM sites WHERE id = ?`, [siteId]);
  return row && toListing(row);
}

/**
 * Changes a site's name, allowed origins or (already sealed) identity secret in one statement, so two admins saving
 * different fields at once both keep theirs. Resolves with the site as listed, or `undefined` when there is none.
 */
export async function updateSite(
  db: SqlDb,
  siteId: string,
  patch: SitePatch,
  now: number,
): Promise<SiteListing | undefined> {
  const sets: string[] = [];
  const params: Array<string | number> = [];
  if (patch.name !== undefined) {
    sets.push('name = ?');
    params.push(patch.name);
  }
  if (patch.allowedOrigins !== undefined) {
    sets.push('allowed_origins = ?');
    params.push(JSON.stringify(patch.allowedOrigins));
  }
  if (patch.identitySecretSealed !== undefined) {
    sets.push('identity_secret = ?');
    params.push(patch.identitySecretSealed);
  }
  if (sets.length > 0) {
    sets.push('updated_at = ?');
    params.push(now);
    await db.run(`UPDATE sites SET ${sets.join(', ')} WHERE id = ?`, [...params, siteId]);
  }
  return getSiteListing(db, siteId);
}
