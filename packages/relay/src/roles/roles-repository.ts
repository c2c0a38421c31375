import { PERMISSIONS, type Permission } from '@parley/protocol/admin';
import type { SqlDb } from '../store/sql/sql-db.js';

/** A site's custom role as stored. */
export interface RoleRecord {
  readonly id: string;
  readonly siteId: string;
  readonly name: string;
  readonly permissions: readonly Permission[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

interface Row {
  id: string;
  site_id: string;
  name: string;
  permissions: string;
  created_at: number | string;
  updated_at: number | string;
}

const COLUMNS = 'id, site_id, name, permissions, created_at, updated_at';

/** Only a staff row that is an agent holds its custom role: one made admin or owner another way holds theirs. */
const HOLDS = "JOIN staff st ON st.id = s.staff_id AND st.role = 'agent'";

/**
 * How long an accepted invitation still holds its role (ms): between its link being used and its new member being
 * given the role, a deletion of the role is refused as while it was pending.
 */
export const INVITATION_HOLD_MS = 60_000;

/** An `auth_links` row an invitation's role still counts for: pending (`?` now), or used since (`?` now − hold). */
const LIVE_LINK = '(used_at IS NULL AND expires_at > ?) OR used_at > ?';

/** A role's name as compared for uniqueness: two roles of a site never differ only by case or outer spaces. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

function record(row: Row): RoleRecord {
  return {
    id: row.id,
    siteId: row.site_id,
    name: row.name,
    permissions: parsePermissions(row.permissions),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** Reads a `permissions` column (a JSON array), in the catalog's order; names the relay no longer knows are dropped. */
export function parsePermissions(raw: string): Permission[] {
  try {
    const value = JSON.parse(raw) as unknown;
    return Array.isArray(value) ? PERMISSIONS.filter((permission) => value.includes(permission)) : [];
  } catch {
    return [];
  }
}

/** Custom roles (`roles`) and who holds one (`staff_roles`). */
export class RolesRepository {
  constructor(private readonly db: SqlDb) {}

  async list(siteId: string): Promise<RoleRecord[]> {
    const rows = await this.db.all<Row>(`SELECT ${COLUMNS} FROM roles WHERE site_id = ? ORDER BY name_key, id`, [
      siteId,
    ]);
    return rows.map(record);
  }

  async get(siteId: string, id: string): Promise<RoleRecord | undefined> {
    const [row] = await this.db.all<Row>(`SELECT ${COLUMNS} FROM roles WHERE site_id = ? AND id = ?`, [siteId, id]);
    return row && record(row);
  }

  /** How many members hold each of the site's custom roles. */
  async holders(siteId: string): Promise<Map<string, number>> {
    const rows = await this.db.all<{ role_id: string; n: number | string }>(
      `SELECT s.role_id, COUNT(*) AS n FROM staff_roles s ${HOLDS} WHERE s.site_id = ? GROUP BY s.role_id`,
      [siteId],
    );
    return new Map(rows.map((row) => [row.role_id, Number(row.n)]));
  }

  /** Each member's custom role id, for the members who hold one. */
  async assignments(siteId: string): Promise<Map<string, string>> {
    const rows = await this.db.all<{ staff_id: string; role_id: string }>(
      `SELECT s.staff_id, s.role_id FROM staff_roles s ${HOLDS} WHERE s.site_id = ?`,
      [siteId],
    );
    return new Map(rows.map((row) => [row.staff_id, row.role_id]));
  }

  /** The custom role a member holds, if any. */
  async roleOf(siteId: string, staffId: string): Promise<RoleRecord | undefined> {
    const [row] = await this.db.all<Row>(
      `SELECT r.id, r.site_id, r.name, r.permissions, r.created_at, r.updated_at
         FROM staff_roles s JOIN roles r ON r.id = s.role_id ${HOLDS}
        WHERE s.staff_id = ? AND s.site_id = ?`,
      [staffId, siteId],
    );
    return row && record(row);
  }

  /** Adds a role; `conflict` when the site has one of that name, `limit` when it has `max` already. */
  async create(role: RoleRecord, max: number): Promise<'created' | 'conflict' | 'limit'> {
    return this.db.transaction(async (db) => {
      const [count] = await db.all<{ n: number | string }>('SELECT COUNT(*) AS n FROM roles WHERE site_id = ?', [
        role.siteId,
      ]);
      if (Number(count?.n ?? 0) >= max) return 'limit';
      if (await nameTaken(db, role.siteId, role.name, undefined)) return 'conflict';
      await db.run(
        `INSERT INTO roles (id, site_id, name, name_key, permissions, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [
          role.id,
          role.siteId,
          role.name,
          nameKey(role.name),
          JSON.stringify(role.permissions),
          role.createdAt,
          role.updatedAt,
        ],
      );
      return 'created';
    });
  }

  /** Renames a role or changes what it grants; `undefined` when there is no such role, `conflict` for a taken name. */
  async update(
    siteId: string,
    id: string,
    patch: { readonly name?: string; readonly permissions?: readonly Permission[] },
    at: number,
  ): Promise<RoleRecord | 'conflict' | undefined> {
    return this.db.transaction(async (db) => {
      const [row] = await db.all<Row>(`SELECT ${COLUMNS} FROM roles WHERE site_id = ? AND id = ?`, [siteId, id]);
      if (!row) return undefined;
      const name = patch.name ?? row.name;
      if (patch.name !== undefined && (await nameTaken(db, siteId, name, id))) return 'conflict';
      const permissions = patch.permissions ? JSON.stringify(patch.permissions) : row.permissions;
      await db.run(
        'UPDATE roles SET name = ?, name_key = ?, permissions = ?, updated_at = ? WHERE site_id = ? AND id = ?',
        [name, nameKey(name), permissions, at, siteId, id],
      );
      return record({ ...row, name, permissions, updated_at: at });
    });
  }

  /**
   * Deletes a role nobody holds: `held` while a member holds it, `invited` while a pending invitation gives it (or
   * one was accepted in the last {@link INVITATION_HOLD_MS}: its member is being made); nothing changes then.
   */
  async delete(siteId: string, id: string, now: number): Promise<'deleted' | 'held' | 'invited' | undefined> {
    return this.db.transaction(async (db) => {
      // A row left behind by a change of role made elsewhere (the staff row is no agent now) holds nothing.
      await db.run(
        `DELETE FROM staff_roles WHERE role_id = ? AND staff_id IN (SELECT id FROM staff WHERE role <> 'agent')`,
        [id],
      );
      // Nor does an invitation that can no longer be accepted: expired, withdrawn, purged, or accepted long ago.
      await db.run(
        `DELETE FROM invitation_roles WHERE role_id = ? AND link_id NOT IN (SELECT id FROM auth_links WHERE ${LIVE_LINK})`,
        [id, now, now - INVITATION_HOLD_MS],
      );
      const [row] = await db.all<{ id: string }>('SELECT id FROM roles WHERE site_id = ? AND id = ?', [siteId, id]);
      if (!row) return undefined;
      const [held] = await db.all<{ n: number | string }>('SELECT COUNT(*) AS n FROM staff_roles WHERE role_id = ?', [
        id,
      ]);
      if (Number(held?.n ?? 0) > 0) return 'held';
      const [invited] = await db.all<{ n: number | string }>(
        'SELECT COUNT(*) AS n FROM invitation_roles WHERE role_id = ?',
        [id],
      );
      if (Number(invited?.n ?? 0) > 0) return 'invited';
      await db.run('DELETE FROM roles WHERE site_id = ? AND id = ?', [siteId, id]);
      return 'deleted';
    });
  }

  /** Records that an invitation (its `auth_links` id) gives one of the site's roles. */
  async setInvitationRole(siteId: string, linkId: string, roleId: string, at: number): Promise<void> {
    await this.db.run('INSERT INTO invitation_roles (link_id, site_id, role_id, created_at) VALUES (?, ?, ?, ?)', [
      linkId,
      siteId,
      roleId,
      at,
    ]);
  }

  /** The role each of the site's invitations gives, by invitation id, for those that give one. */
  async invitationRoles(siteId: string): Promise<Map<string, RoleRecord>> {
    const rows = await this.db.all<Row & { link_id: string }>(
      `SELECT i.link_id, r.id, r.site_id, r.name, r.permissions, r.created_at, r.updated_at
         FROM invitation_roles i JOIN roles r ON r.id = i.role_id WHERE i.site_id = ?`,
      [siteId],
    );
    return new Map(rows.map((row) => [row.link_id, record(row)]));
  }

  /**
   * The role an invitation gives: `undefined` when it gives none of the site's own, `gone` when it gave one that is
   * no longer there (the feature's tables were changed by hand; deletion is refused while an invitation gives it).
   */
  async invitationRole(linkId: string): Promise<RoleRecord | 'gone' | undefined> {
    const [row] = await this.db.all<Partial<Row> & { role_id: string }>(
      `SELECT i.role_id, r.id, r.site_id, r.name, r.permissions, r.created_at, r.updated_at
         FROM invitation_roles i LEFT JOIN roles r ON r.id = i.role_id WHERE i.link_id = ?`,
      [linkId],
    );
    if (!row) return undefined;
    return row.id === undefined || row.id === null ? 'gone' : record(row as Row);
  }

  /**
   * Gives the member an accepted invitation made the role it gives, in one transaction, and forgets the invitation:
   * the role, or `gone` when the invitation's row or its role is no longer there (and nothing changed).
   */
  async settleInvitation(siteId: string, linkId: string, staffId: string, at: number): Promise<RoleRecord | 'gone'> {
    return this.db.transaction(async (db) => {
      const [row] = await db.all<Row>(
        `SELECT r.id, r.site_id, r.name, r.permissions, r.created_at, r.updated_at
           FROM invitation_roles i JOIN roles r ON r.id = i.role_id WHERE i.link_id = ? AND i.site_id = ?`,
        [linkId, siteId],
      );
      if (!row) return 'gone';
      await db.run(
        `INSERT INTO staff_roles (staff_id, site_id, role_id, assigned_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (staff_id) DO UPDATE SET role_id = excluded.role_id, assigned_at = excluded.assigned_at`,
        [staffId, siteId, row.id, at],
      );
      await db.run('DELETE FROM invitation_roles WHERE link_id = ?', [linkId]);
      return record(row);
    });
  }

  /** Forgets the role of an invitation withdrawn. */
  async forgetInvitation(siteId: string, linkId: string): Promise<void> {
    await this.db.run('DELETE FROM invitation_roles WHERE site_id = ? AND link_id = ?', [siteId, linkId]);
  }

  /** Gives a member a custom role (`roleId`), or takes theirs away (`null`: they hold their built-in role again). */
  async assign(siteId: string, staffId: string, roleId: string | null, at: number): Promise<void> {
    if (roleId === null) {
      await this.db.run('DELETE FROM staff_roles WHERE site_id = ? AND staff_id = ?', [siteId, staffId]);
      return;
    }
    await this.db.run(
      `INSERT INTO staff_roles (staff_id, site_id, role_id, assigned_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (staff_id) DO UPDATE SET role_id = excluded.role_id, assigned_at = excluded.assigned_at`,
      [staffId, siteId, roleId, at],
    );
  }

  /** The permissions an API token was made with, if it was made with a list. */
  async tokenPermissions(siteId: string, staffId: string): Promise<Permission[] | undefined> {
    const [row] = await this.db.all<{ permissions: string }>(
      'SELECT permissions FROM token_permissions WHERE staff_id = ? AND site_id = ?',
      [staffId, siteId],
    );
    return row && parsePermissions(row.permissions);
  }

  /** Every listed token's permissions on the site, by token id. */
  async tokensPermissions(siteId: string): Promise<Map<string, Permission[]>> {
    const rows = await this.db.all<{ staff_id: string; permissions: string }>(
      'SELECT staff_id, permissions FROM token_permissions WHERE site_id = ?',
      [siteId],
    );
    return new Map(rows.map((row) => [row.staff_id, parsePermissions(row.permissions)]));
  }

  /** Records the permissions a token is made with. */
  async setTokenPermissions(siteId: string, staffId: string, permissions: readonly Permission[]): Promise<void> {
    await this.db.run('INSERT INTO token_permissions (staff_id, site_id, permissions) VALUES (?, ?, ?)', [
      staffId,
      siteId,
      JSON.stringify(permissions),
    ]);
  }
}

async function nameTaken(db: SqlDb, siteId: string, name: string, except: string | undefined): Promise<boolean> {
  const rows = await db.all<{ id: string }>('SELECT id FROM roles WHERE site_id = ? AND name_key = ?', [
    siteId,
    nameKey(name),
  ]);
  return rows.some((row) => row.id !== except);
}
