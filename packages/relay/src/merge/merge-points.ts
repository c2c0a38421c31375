import { extensionPoint } from '../features/extension-point.js';
import type { SqlDb } from '../store/sql/sql-db.js';

/**
 * The merge feature's extension point (docs/merge.md, "What other features keep per contact"; docs/architecture.md,
 * "Adding a feature"): what another feature keeps per contact in its own tables, carried by a merge of two contacts
 * and put back by its undo. The merge joins the `contacts` rows and moves conversations itself; a feature whose rows
 * name a contact (a company membership, custom attributes' values, a channel's customer) contributes how they join,
 * from its own folder, so that the kept contact does not lose them to the absorbed contact's id.
 */

/** The two contacts of a merge, as a contribution is given them: the site's `fromId` is absorbed by `keepId`. */
export interface ContactPair {
  readonly siteId: string;
  /** The contact that stays. */
  readonly keepId: string;
  /** The contact that is absorbed: its record goes. */
  readonly fromId: string;
}

/**
 * A feature's per-contact data in a merge of contacts. Every member runs inside the merge's (or the undo's) one
 * transaction, on the `db` it is given: what it writes commits or rolls back with the merge.
 *
 * `Snapshot` is JSON (rows of plain values): it is kept in the merge's record (`contact_merges.snapshot`, under
 * `features.<name>`) until the record is erased with either contact.
 */
export interface ContactData<Snapshot = unknown> {
  /** Its key in the merge's record (the feature's name): unique among the contributions. */
  readonly name: string;
  /** What undo needs to put both contacts' data back as it was; read before anything of the merge is written. */
  snapshot(db: SqlDb, pair: ContactPair): Promise<Snapshot>;
  /** Joins the absorbed contact's data into the kept one's; nothing of it may stay on `fromId`. */
  join(db: SqlDb, pair: ContactPair): Promise<void>;
  /**
   * The undo: puts both contacts' data back as `snapshot` read it (what the kept contact gained since goes too, as
   * the `contacts` rows are put back whole). What a feature has removed since (a company, a definition) stays removed.
   */
  restore(db: SqlDb, pair: ContactPair, snapshot: Snapshot): Promise<void>;
}

/** `merge.contactData`: what other features keep per contact, joined by a merge of contacts and put back by its undo. */
export const mergeContactData = extensionPoint<ContactData>('merge.contactData');

/**
 * The {@link ContactData} of a table whose rows each name one contact in `contact_id` (per site, in `site_id`), keyed
 * by `(channel_id, <key>)`: a channel's customers (a messaging handle, an API channel's external id). The merge moves
 * the absorbed contact's rows to the kept contact; the undo puts each row back on the contact it was on (a row the
 * kept contact gained since by another merge stays: that merge's undo takes it; one deleted since stays deleted).
 * Identifiers are the caller's constants, never input.
 */
export function movedContactRows(name: string, table: string, key: string): ContactData<Record<string, string>[]> {
  return {
    name,
    snapshot: (db, { siteId, keepId, fromId }) =>
      db.all<Record<string, string>>(
        `SELECT channel_id, ${key}, contact_id FROM ${table} WHERE site_id = ? AND contact_id IN (?, ?)
         ORDER BY channel_id, ${key}`,
        [siteId, keepId, fromId],
      ),
    join: async (db, { siteId, keepId, fromId }) => {
      await db.run(`UPDATE ${table} SET contact_id = ? WHERE site_id = ? AND contact_id = ?`, [keepId, siteId, fromId]);
    },
    restore: async (db, { siteId }, rows) => {
      for (const row of rows)
        await db.run(`UPDATE ${table} SET contact_id = ? WHERE site_id = ? AND channel_id = ? AND ${key} = ?`, [
          row.contact_id!,
          siteId,
          row.channel_id!,
          row[key]!,
        ]);
    },
  };
}
