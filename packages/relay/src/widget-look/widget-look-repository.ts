import type { WidgetLook } from '@parley/protocol/admin';
import type { SqlDb } from '../store/sql/sql-db.js';

/** What a site that never chose a look has: every field the widget's default. */
export const DEFAULT_LOOK: Required<WidgetLook> = { theme: null, position: null, prechat: null, replyTime: null };

interface Row {
  theme: string | null;
  position: string | null;
  prechat: string | null;
  reply_time: number | null;
}

/** The widget look's table, `widget_looks`: one row per site that saved a look. */
export class WidgetLookRepository {
  constructor(private readonly db: SqlDb) {}

  async get(siteId: string): Promise<Required<WidgetLook>> {
    const [row] = await this.db.all<Row>(
      'SELECT theme, position, prechat, reply_time FROM widget_looks WHERE site_id = ?',
      [siteId],
    );
    if (!row) return DEFAULT_LOOK;
    // The route stored only what the contract allows: the columns read back as its values.
    return {
      theme: row.theme,
      position: row.position,
      prechat: row.prechat,
      replyTime: row.reply_time === null ? null : Number(row.reply_time) === 1,
    } as Required<WidgetLook>;
  }

  async put(siteId: string, look: Required<WidgetLook>, now: number): Promise<void> {
    const replyTime = look.replyTime === null ? null : look.replyTime ? 1 : 0;
    await this.db.run(
      `INSERT INTO widget_looks (site_id, theme, position, prechat, reply_time, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (site_id) DO UPDATE SET theme = excluded.theme, position = excluded.position,
         prechat = excluded.prechat, reply_time = excluded.reply_time, updated_at = excluded.updated_at`,
      [siteId, look.theme, look.position, look.prechat, replyTime, now],
    );
  }
}
