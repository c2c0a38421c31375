import type { VisibilitySettings } from '@parley/protocol/admin';
import type { SqlDb } from '../store/sql/sql-db.js';

interface Row {
  mode: VisibilitySettings['mode'];
  unassigned: number;
}

/** Every conversation, as before issue #41: what a site without a row shows. */
export const SHOW_ALL: VisibilitySettings = { mode: 'all', unassigned: true };

/** A site's visibility settings (`visibility_settings`). */
export class VisibilityRepository {
  constructor(private readonly db: SqlDb) {}

  async get(siteId: string): Promise<VisibilitySettings> {
    const [row] = await this.db.all<Row>('SELECT mode, unassigned FROM visibility_settings WHERE site_id = ?', [
      siteId,
    ]);
    return row ? { mode: row.mode, unassigned: Number(row.unassigned) === 1 } : SHOW_ALL;
  }

  async put(siteId: string, settings: VisibilitySettings, at: number): Promise<void> {
    await this.db.run(
      `INSERT INTO visibility_settings (site_id, mode, unassigned, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (site_id) DO UPDATE SET mode = excluded.mode, unassigned = excluded.unassigned,
         updated_at = excluded.updated_at`,
      [siteId, settings.mode, settings.unassigned ? 1 : 0, at],
    );
  }
}
