import type { WidgetLook } from '@parley/protocol/admin';
import type { SqlDb } from '../store/sql/sql-db.js';

/** What a site that never chose a look has: every field the widget's default. */
export const DEFAULT_LOOK: WidgetLook = { theme: null, position: null, prechat: null };

interface Row {
  theme: string | null;
  position: string | null;
  prechat: string | null;
}

/** The widget look's table, `widget_looks`: one row per site that saved a look. */
export class WidgetLookRepository {
  constructor(private readonly db: SqlDb) {}

  async get(siteId: string): Promise<WidgetLook> {
    const [row] = await this.db.all<Row>('SELECT theme, position, prechat FROM widget_looks WHERE site_id = ?', [
      siteId,
    ]);
    // The route stored only what the contract allows: the columns read back as its values.
    return row ? ({ theme: row.theme, position: row.position, prechat: row.prechat } as WidgetLook) : DEFAULT_LOOK;
  }

  async put(siteId: string, look: WidgetLook, now: number): Promise<void> {
    await this.db.run(
      `INSERT INTO widget_looks (site_id, theme, position, prechat, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (site_id) DO UPDATE SET theme = excluded.theme, position = excluded.position,
         prechat = excluded.prechat, updated_at = excluded.updated_at`,
      [siteId, look.theme, look.position, look.prechat, now],
    );
  }
}
