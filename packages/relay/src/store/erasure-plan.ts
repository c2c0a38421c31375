import { INSERT_CHUNK, chunks, placeholders } from './sql/admin-rows.js';
import type { SqlDb } from './sql/sql-db.js';

/**
 * A table whose rows belong to a conversation (by `conversation_id`) or a contact (by `contact_id`), erased with
 * it. Features declare theirs (`erasure` in their feature module); the store runs the plan made of them all.
 */
export interface ErasedTable {
  readonly table: string;
  /** The column naming the conversation or contact; default `conversation_id` or `contact_id`. */
  readonly column?: string;
  /**
   * For a contact table without `site_id`: an SQL condition with one `?` (the site's id) that keeps the delete
   * inside the site, e.g. `broadcast_id IN (SELECT id FROM broadcasts WHERE site_id = ?)`.
   */
  readonly siteCondition?: string;
  /** Code for a table that needs more than a delete (files to purge): replaces the delete. */
  readonly erase?: (db: SqlDb, ids: readonly string[], siteId: string) => Promise<void>;
  /**
   * The tables that code deletes from, when more than {@link table} (the outbox's jobs and their payloads): a store
   * that keeps deleted rows' bytes until a vacuum (PostgreSQL) vacuums each after an erasure.
   */
  readonly tables?: readonly string[];
}

/** Every table an erasure by `plan` deletes from, once each. */
export function erasedTables(plan: ErasurePlan): string[] {
  return [...new Set([...plan.conversations, ...plan.contacts].flatMap((entry) => entry.tables ?? [entry.table]))];
}

/**
 * What a site's retention period erases besides its conversations and contacts once it is past (`before`, in ms),
 * in the same transaction: rows of a feature that belong to neither (files uploaded into a conversation never made).
 */
export type ExpiredRows = (db: SqlDb, siteId: string, before: number) => Promise<unknown>;

/** Everything kept per conversation and per contact, besides the conversations, contacts and visitors themselves. */
export interface ErasurePlan {
  readonly conversations: readonly ErasedTable[];
  readonly contacts: readonly ErasedTable[];
  /** Each feature's {@link ExpiredRows}, run after the conversations and contacts are erased. */
  readonly expired?: readonly ExpiredRows[];
}

/**
 * Deletes the rows of `ids` (a site's conversations or contacts) from each table, in the plan's order. Resolves
 * with the rows deleted per table (tables erased by code are not counted).
 */
export async function eraseRows(
  db: SqlDb,
  tables: readonly ErasedTable[],
  ids: readonly string[],
  siteId: string,
  defaultColumn: 'conversation_id' | 'contact_id',
): Promise<Map<string, number>> {
  const deleted = new Map<string, number>();
  if (ids.length === 0) return deleted;
  for (const entry of tables) {
    if (entry.erase) {
      await entry.erase(db, ids, siteId);
      continue;
    }
    const column = entry.column ?? defaultColumn;
    for (const part of chunks(ids, INSERT_CHUNK)) {
      const marks = placeholders(part.length);
      // Conversation ids are unique across sites; contact ids only within one, so their deletes name the site.
      const rows =
        defaultColumn === 'conversation_id'
          ? await db.run(`DELETE FROM ${entry.table} WHERE ${column} IN (${marks})`, part)
          : entry.siteCondition
            ? await db.run(`DELETE FROM ${entry.table} WHERE ${column} IN (${marks}) AND ${entry.siteCondition}`, [
                ...part,
                siteId,
              ])
            : await db.run(`DELETE FROM ${entry.table} WHERE site_id = ? AND ${column} IN (${marks})`, [
                siteId,
                ...part,
              ]);
      deleted.set(entry.table, (deleted.get(entry.table) ?? 0) + rows);
    }
  }
  return deleted;
}
