import type { SqlDb } from '../../store/sql/sql-db.js';

/** The most of a site's labels a classification offers the model (the most used first). */
export const MAX_SITE_LABELS = 100;

/**
 * The labels the site's conversations carry, the most used first: what a classification may choose among (a label is
 * never created by the model). A read over every labelled conversation of the site, so `scan` (a thread on SQLite).
 */
export async function siteLabels(db: SqlDb, siteId: string): Promise<string[]> {
  const rows = await db.scan<{ label: string }>(
    `SELECT l.label AS label FROM conversation_labels l JOIN conversations c ON c.id = l.conversation_id
       WHERE c.site_id = ? GROUP BY l.label ORDER BY COUNT(*) DESC, l.label LIMIT ?`,
    [siteId, MAX_SITE_LABELS],
  );
  return rows.map((row) => row.label);
}
