/**
 * Conversations name their messaging provider, on SQLite (the suite: test/support/channel-providers-suite.ts), and
 * the conversations channels opened before are given theirs by the migration.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../src/features/features.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { channelProvidersSuite, PROVIDER_MIGRATIONS, seedChannelRows } from './support/channel-providers-suite.js';

channelProvidersSuite('SQLite', async () => ({}));

describe('the providers of conversations opened before (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-providers-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('are read from their messaging channel; other rows keep none', async () => {
    const path = join(dir, `${randomUUID()}.db`);
    const older = new SqliteStore({ path, migrations: MIGRATIONS.filter((m) => !PROVIDER_MIGRATIONS.has(m.name)) });
    await older.init();
    await older.close();
    const db = new Database(path);
    try {
      for (const [sql, params] of seedChannelRows) db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
    const store = new SqliteStore({ path, migrations: MIGRATIONS });
    await store.init();
    await store.close();
    const after = new Database(path, { readonly: true });
    try {
      const rows = after
        .prepare<[], { conversation_id: string; channel: string; provider: string | null }>(
          'SELECT conversation_id, channel, provider FROM conversation_channels ORDER BY conversation_id',
        )
        .all();
      assert.deepEqual(
        rows.map((row) => [row.conversation_id, row.channel, row.provider]),
        [
          ['c_api', 'api', null],
          ['c_email', 'email', null],
          ['c_gone', 'api', null],
          ['c_tg', 'api', 'telegram'],
          ['c_wa', 'api', 'whatsapp'],
        ],
      );
    } finally {
      after.close();
    }
  });
});
