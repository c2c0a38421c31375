import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { ERASURE_PLAN, MIGRATIONS } from '../src/features/features.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { assertErasureComplete, erasureGaps, type SchemaColumn } from './erasure-coverage.js';
import { tempDir } from './support/temp.js';

/** Every column of a freshly migrated SQLite database. */
async function sqliteColumns(): Promise<SchemaColumn[]> {
  const path = join(tempDir(), 'parley.db');
  const store = new SqliteStore({ path, synchronous: 'normal', migrate: true, migrations: MIGRATIONS });
  await store.init();
  await store.close();
  const db = new Database(path, { readonly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as { name: string }[];
    return tables.flatMap(({ name }) =>
      (db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; notnull: number }[]).map((column) => ({
        table: name,
        column: column.name,
        notNull: column.notnull === 1,
      })),
    );
  } finally {
    db.close();
  }
}

test('erasure: every SQLite table that names a conversation or a contact is erased with it', async () => {
  assertErasureComplete(await sqliteColumns(), ERASURE_PLAN);
});

test('erasure: a table no feature declares is found, and so is a declaration of a table that does not exist', async () => {
  const columns = await sqliteColumns();
  const withoutMentions = {
    conversations: ERASURE_PLAN.conversations.filter((entry) => entry.table !== 'mentions'),
    contacts: ERASURE_PLAN.contacts,
  };
  assert.deepEqual(erasureGaps(columns, withoutMentions), [
    'mentions.conversation_id: no feature erases it with its conversation',
  ]);
  const typo = {
    conversations: [...ERASURE_PLAN.conversations, { table: 'mention' }],
    contacts: ERASURE_PLAN.contacts,
  };
  assert.deepEqual(erasureGaps(columns, typo), [
    'mention.conversation_id: declared for conversation erasure, but no such column',
  ]);
});
