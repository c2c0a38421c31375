/**
 * The erasure registry is complete: every table of a store's schema with a column naming a conversation or a
 * contact is erased with them, by some feature's declaration (`erasure` in its feature module) or as one of the
 * roots the store deletes itself. Run against SQLite (test/erasure.test.ts) and PostgreSQL (test-services/).
 */
import assert from 'node:assert/strict';
import type { ErasurePlan } from '../src/store/erasure-plan.js';

/** A column of the schema, as read from the store. */
export interface SchemaColumn {
  readonly table: string;
  readonly column: string;
  readonly notNull: boolean;
}

/** The rows the store erases itself (erasure's roots): what every feature's rows hang from. */
const ROOTS = new Set(['conversations', 'contacts', 'visitors']);
const CONVERSATION_COLUMNS = new Set(['conversation_id']);
const CONTACT_COLUMNS = new Set(['contact_id', 'visitor_id']);

/** What is missing from `plan` for this schema (empty when complete), in words. */
export function erasureGaps(columns: readonly SchemaColumn[], plan: ErasurePlan): string[] {
  const gaps: string[] = [];
  const tables = new Map<string, SchemaColumn[]>();
  for (const column of columns) tables.set(column.table, [...(tables.get(column.table) ?? []), column]);
  const declared = (list: ErasurePlan['conversations'], table: string): boolean =>
    list.some((entry) => entry.table === table);
  for (const [table, cols] of tables) {
    if (ROOTS.has(table)) continue;
    const conversation = cols.find((col) => CONVERSATION_COLUMNS.has(col.column));
    const contact = cols.find((col) => CONTACT_COLUMNS.has(col.column));
    if (conversation && !declared(plan.conversations, table))
      gaps.push(`${table}.${conversation.column}: no feature erases it with its conversation`);
    // Rows that name a contact go with the contact, unless each also names a conversation (erased with it).
    if (contact && !(conversation?.notNull && declared(plan.conversations, table)) && !declared(plan.contacts, table))
      gaps.push(`${table}.${contact.column}: no feature erases it with its contact`);
  }
  // And every declaration names a real table and column (a typo would erase nothing).
  for (const [kind, list, fallback] of [
    ['conversation', plan.conversations, 'conversation_id'],
    ['contact', plan.contacts, 'contact_id'],
  ] as const)
    for (const entry of list) {
      const column = entry.column ?? fallback;
      if (!columns.some((col) => col.table === entry.table && col.column === column))
        gaps.push(`${entry.table}.${column}: declared for ${kind} erasure, but no such column`);
    }
  return gaps;
}

/** Asserts {@link erasureGaps} finds nothing, naming every gap. */
export function assertErasureComplete(columns: readonly SchemaColumn[], plan: ErasurePlan): void {
  assert.ok(columns.length > 50, `the schema was read (${columns.length} columns)`);
  assert.deepEqual(erasureGaps(columns, plan), []);
}
