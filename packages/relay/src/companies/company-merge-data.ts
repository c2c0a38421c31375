import type { CompanySource } from '@parley/protocol/admin';
import type { ContactData } from '../merge/public.js';

/** A `company_members` row, as a merge's record keeps it for undo. */
interface MemberRow {
  site_id: string;
  contact_id: string;
  company_id: string;
  source: CompanySource;
  updated_by: string | null;
  updated_at: number | string;
}

/** Whose word a membership is, strongest first: staff, the site's signature, the page's claim. */
const strength = (column: string): string => `(CASE ${column} WHEN 'staff' THEN 3 WHEN 'signed' THEN 2 ELSE 1 END)`;

const COLUMNS = 'site_id, contact_id, company_id, source, updated_by, updated_at';

/**
 * Companies' part of a merge of contacts (`company_members`), contributed to the merge's point `merge.contactData`:
 * the kept contact's company stays when whoever put them in it is of equal or stronger word (staff, then signed, then
 * the visitor's claim) than the absorbed contact's; else the absorbed contact's membership (its company, its source,
 * who set it and when) becomes the kept contact's. The absorbed contact's row goes. Undo puts both rows back as they
 * were, unless their company was deleted since.
 */
export const companyMergeData: ContactData<MemberRow[]> = {
  name: 'companies',
  snapshot: (db, { siteId, keepId, fromId }) =>
    db.all<MemberRow>(
      `SELECT ${COLUMNS} FROM company_members WHERE site_id = ? AND contact_id IN (?, ?) ORDER BY contact_id`,
      [siteId, keepId, fromId],
    ),
  join: async (db, { siteId, keepId, fromId }) => {
    // One statement decides, on what the table holds as it runs (a hello's identify() may write meanwhile).
    await db.run(
      `INSERT INTO company_members (${COLUMNS})
       SELECT site_id, ?, company_id, source, updated_by, updated_at FROM company_members
       WHERE site_id = ? AND contact_id = ?
       ON CONFLICT (site_id, contact_id) DO UPDATE SET company_id = excluded.company_id, source = excluded.source,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at
       WHERE ${strength('company_members.source')} < ${strength('excluded.source')}`,
      [keepId, siteId, fromId],
    );
    await db.run('DELETE FROM company_members WHERE site_id = ? AND contact_id = ?', [siteId, fromId]);
  },
  restore: async (db, { siteId, keepId, fromId }, rows) => {
    await db.run('DELETE FROM company_members WHERE site_id = ? AND contact_id IN (?, ?)', [siteId, keepId, fromId]);
    if (rows.length === 0) return;
    const ids = [...new Set(rows.map((row) => row.company_id))];
    const kept = new Set(
      (
        await db.all<{ id: string }>(
          `SELECT id FROM companies WHERE site_id = ? AND id IN (${ids.map(() => '?').join(', ')})`,
          [siteId, ...ids],
        )
      ).map((row) => row.id),
    );
    // A membership of a company deleted since stays gone, as the company's deletion took it.
    for (const row of rows.filter((member) => kept.has(member.company_id)))
      await db.run(`INSERT INTO company_members (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`, [
        siteId,
        row.contact_id,
        row.company_id,
        row.source,
        row.updated_by,
        Number(row.updated_at),
      ]);
  },
};
