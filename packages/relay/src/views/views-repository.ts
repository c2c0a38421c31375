import type { ViewFilter } from '@parley/protocol/admin';
import { NOT_SPAM } from '../store/sql/admin-rows.js';
import type { SqlCondition } from '../admin/public.js';
import { matchCondition } from '../store/sql/conversation-queries.js';
import type { SqlDb, SqlValue } from '../store/sql/sql-db.js';

/** A saved view as stored. */
export interface ViewRecord {
  readonly id: string;
  readonly siteId: string;
  readonly ownerId: string;
  readonly shared: boolean;
  readonly name: string;
  readonly filter: ViewFilter;
  readonly position: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

interface Row {
  id: string;
  site_id: string;
  owner_id: string;
  shared: number | string;
  name: string;
  filter: string;
  position: number | string;
  created_at: number | string;
  updated_at: number | string;
}

/** A stored filter: written only after the contract's check, so read back as it is. */
const readFilter = (text: string): ViewFilter => JSON.parse(text) as ViewFilter;

const record = (row: Row): ViewRecord => ({
  id: row.id,
  siteId: row.site_id,
  ownerId: row.owner_id,
  shared: Number(row.shared) === 1,
  name: row.name,
  filter: readFilter(row.filter),
  position: Number(row.position),
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

/** The condition of a whole filter, status included, over `conversations c`. */
function filterCondition(filter: ViewFilter, staffId: string): { sql: string; params: SqlValue[] } {
  const { status, ...match } = filter;
  const condition = matchCondition(match, staffId);
  return status === undefined
    ? condition
    : { sql: `c.status = ? AND ${condition.sql}`, params: [status, ...condition.params] };
}

/** The saved views' table, `saved_views`, and their counts. */
export class ViewsRepository {
  constructor(private readonly db: SqlDb) {}

  /** The site's shared views and `staffId`'s own, in their order (then by name). */
  async visible(siteId: string, staffId: string): Promise<ViewRecord[]> {
    const rows = await this.db.all<Row>(
      `SELECT * FROM saved_views WHERE site_id = ? AND (shared = 1 OR owner_id = ?) ORDER BY position, name, id`,
      [siteId, staffId],
    );
    return rows.map(record);
  }

  /** How many views the site keeps, shared and personal (a site's views are bounded). */
  async countOnSite(siteId: string): Promise<number> {
    const [row] = await this.db.all<{ n: number | string }>('SELECT count(*) AS n FROM saved_views WHERE site_id = ?', [
      siteId,
    ]);
    return Number(row?.n ?? 0);
  }

  async get(siteId: string, id: string): Promise<ViewRecord | undefined> {
    const [row] = await this.db.all<Row>('SELECT * FROM saved_views WHERE site_id = ? AND id = ?', [siteId, id]);
    return row ? record(row) : undefined;
  }

  async insert(view: ViewRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO saved_views (id, site_id, owner_id, shared, name, filter, position, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        view.id,
        view.siteId,
        view.ownerId,
        view.shared ? 1 : 0,
        view.name,
        JSON.stringify(view.filter),
        view.position,
        view.createdAt,
        view.updatedAt,
      ],
    );
  }

  async update(view: ViewRecord): Promise<boolean> {
    return (
      (await this.db.run(
        'UPDATE saved_views SET name = ?, filter = ?, position = ?, updated_at = ? WHERE site_id = ? AND id = ?',
        [view.name, JSON.stringify(view.filter), view.position, view.updatedAt, view.siteId, view.id],
      )) > 0
    );
  }

  async delete(siteId: string, id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM saved_views WHERE site_id = ? AND id = ?', [siteId, id])) > 0;
  }

  /**
   * Deletes the personal views of staff members removed for good (a revoked token, a staff row gone); a deactivated
   * member's stay, for if they come back (no one else sees them). Shared views stay: they are the site's.
   */
  async deleteOrphans(): Promise<number> {
    return this.db.run(
      `DELETE FROM saved_views WHERE shared = 0 AND NOT EXISTS (
         SELECT 1 FROM staff s WHERE s.id = saved_views.owner_id AND s.site_id = saved_views.site_id AND s.revoked_at IS NULL)`,
    );
  }

  /**
   * How many conversations each view shows now (spam aside), as `staffId` sees them: one pass over the site's
   * conversations, a sum per view, whatever the number of views.
   */
  async counts(
    siteId: string,
    staffId: string,
    views: readonly ViewRecord[],
    extra: ReadonlyMap<string, readonly SqlCondition[]> = new Map(),
  ): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (views.length === 0) return counts;
    const sums: string[] = [];
    const params: SqlValue[] = [];
    views.forEach((view, index) => {
      // The view's own criteria, then the conditions features made of its others (its custom attributes).
      const conditions = [filterCondition(view.filter, staffId), ...(extra.get(view.id) ?? [])];
      sums.push(
        `coalesce(sum(CASE WHEN ${conditions.map((condition) => `(${condition.sql})`).join(' AND ')} THEN 1 ELSE 0 END), 0) AS v${index}`,
      );
      for (const condition of conditions) params.push(...condition.params);
    });
    const [row] = await this.db.scan<Record<string, number | string>>(
      `SELECT ${sums.join(', ')} FROM conversations c WHERE c.site_id = ? AND ${NOT_SPAM}`,
      [...params, siteId],
    );
    views.forEach((view, index) => counts.set(view.id, Number(row?.[`v${index}`] ?? 0)));
    return counts;
  }
}
