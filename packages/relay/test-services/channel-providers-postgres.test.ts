/**
 * Conversations name their messaging provider, on PostgreSQL (the suite: test/support/channel-providers-suite.ts),
 * and the conversations channels opened before are given theirs by the migration.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { MIGRATIONS } from '../src/features/features.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import {
  channelProvidersSuite,
  PROVIDER_MIGRATIONS,
  seedChannelRows,
} from '../test/support/channel-providers-suite.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_providers');
after(() => schemas.dropAll());

channelProvidersSuite('PostgreSQL', async () => ({
  store: 'postgres' as const,
  databaseUrl: (await schemas.create()).connectionString,
  dataKey: Buffer.alloc(32, 7).toString('base64'),
}));

describe('the providers of conversations opened before (PostgreSQL)', () => {
  it('are read from their messaging channel; other rows keep none', async () => {
    const schema = await schemas.create();
    const open = (migrations: typeof MIGRATIONS) =>
      new PostgresStore({ connectionString: schema.connectionString, poolSize: 1, migrations });
    const older = open(MIGRATIONS.filter((m) => !PROVIDER_MIGRATIONS.has(m.name)));
    await older.init();
    await older.close();
    for (const [sql, params] of seedChannelRows) {
      let n = 0;
      await schema.query(sql.replace(/\?/g, () => `$${++n}`).replace(/INSERT INTO (\w+)/, 'INSERT INTO $schema.$1'), [
        ...params,
      ]);
    }
    const store = open(MIGRATIONS);
    await store.init();
    await store.close();
    const rows = await schema.query<{ conversation_id: string; channel: string; provider: string | null }>(
      'SELECT conversation_id, channel, provider FROM $schema.conversation_channels ORDER BY conversation_id',
    );
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
  });
});
