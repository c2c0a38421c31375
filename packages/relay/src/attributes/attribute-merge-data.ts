import type { AttributeSource } from '@parley/protocol/admin';
import type { ContactData } from '../merge/public.js';

/** A `contact_attributes` row, as a merge's record keeps it for undo. */
interface ValueRow {
  site_id: string;
  contact_id: string;
  definition_id: string;
  value_text: string;
  value_num: number | string | null;
  source: AttributeSource;
  updated_at: number | string;
  updated_by: string | null;
}

/** Whose word a value is, strongest first: staff, the site's signature, the visitor's claim. */
const strength = (column: string): string => `(CASE ${column} WHEN 'staff' THEN 3 WHEN 'signed' THEN 2 ELSE 1 END)`;

const COLUMNS = 'site_id, contact_id, definition_id, value_text, value_num, source, updated_at, updated_by';

/**
 * Custom attributes' part of a merge of contacts (`contact_attributes`), contributed to the merge's point
 * `merge.contactData`, attribute by attribute: the kept contact's value stays when whoever set it is of equal or
 * stronger word (staff, then signed, then the visitor's claim) than the absorbed contact's value; else, or when the
 * kept contact has none, the absorbed contact's value (with its source, who set it and when) becomes the kept
 * contact's. The absorbed contact's values go. Undo puts both contacts' values back as they were, but for attributes
 * deleted since.
 */
export const attributeMergeData: ContactData<ValueRow[]> = {
  name: 'attributes',
  snapshot: (db, { siteId, keepId, fromId }) =>
    db.all<ValueRow>(
      `SELECT ${COLUMNS} FROM contact_attributes WHERE site_id = ? AND contact_id IN (?, ?)
       ORDER BY contact_id, definition_id`,
      [siteId, keepId, fromId],
    ),
  join: async (db, { siteId, keepId, fromId }) => {
    // One statement decides, on what the table holds as it runs (a hello's identify() may write meanwhile).
    await db.run(
      `INSERT INTO contact_attributes (${COLUMNS})
       SELECT site_id, ?, definition_id, value_text, value_num, source, updated_at, updated_by FROM contact_attributes
       WHERE site_id = ? AND contact_id = ?
       ON CONFLICT (site_id, contact_id, definition_id) DO UPDATE SET value_text = excluded.value_text,
         value_num = excluded.value_num, source = excluded.source, updated_at = excluded.updated_at,
         updated_by = excluded.updated_by
       WHERE ${strength('contact_attributes.source')} < ${strength('excluded.source')}`,
      [keepId, siteId, fromId],
    );
    await db.run('DELETE FROM contact_attributes WHERE site_id = ? AND contact_id = ?', [siteId, fromId]);
  },
  restore: async (db, { siteId, keepId, fromId }, rows) => {
    await db.run('DELETE FROM contact_attributes WHERE site_id = ? AND contact_id IN (?, ?)', [siteId, keepId, fromId]);
    const ids = new Set(rows.map((row) => row.definition_id));
    if (ids.size === 0) return;
    const kept = new Set(
      (
        await db.all<{ id: string }>(
          `SELECT id FROM attribute_definitions WHERE site_id = ? AND id IN (${[...ids].map(() => '?').join(', ')})`,
          [siteId, ...ids],
        )
      ).map((row) => row.id),
    );
    // A value of a definition deleted since stays gone, as the definition's deletion took it.
    for (const row of rows.filter((value) => kept.has(value.definition_id)))
      await db.run(`INSERT INTO contact_attributes (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
        siteId,
        row.contact_id,
        row.definition_id,
        row.value_text,
        row.value_num === null ? null : Number(row.value_num),
        row.source,
        Number(row.updated_at),
        row.updated_by,
      ]);
  },
};
