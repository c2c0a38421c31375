/**
 * Merging on PostgreSQL (docs/merge.md): the SQLite suite on PostgreSQL, and two relays on one database and a Redis
 * bus: a visitor's widget on one relay follows a merge made through the other, with its old cursor, nothing lost or
 * twice, and the agent's next reply (through the other relay) reaches it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MERGED_CLOSE } from '@parley/protocol';
import { MIGRATIONS } from '../src/features/features.js';
import type { StartOptions } from '../src/index.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import {
  CUSTOMER_MIGRATIONS,
  CUSTOMERS_AFTER,
  customersAfter,
  seedConversations,
  seedCustomerRows,
} from '../test/support/channel-customers-migration.js';
import { TestClient } from '../test/support/client.js';
import { siteKey, startDesk, type Desk } from '../test/support/desk.js';
import { mergeSuite, twoConversations } from '../test/support/merge-suite.js';
import { TestSchemas } from './support/postgres.js';
import { RedisInstance } from './support/services.js';

const schemas = new TestSchemas('parley_merge');

mergeSuite('PostgreSQL', async () => {
  const { connectionString } = await schemas.create('one');
  return { store: 'postgres', databaseUrl: connectionString };
});

describe("channels' conversations from before (PostgreSQL)", () => {
  it('are each given the customer they are with, also one an earlier merge moved to another contact', async () => {
    const schema = await schemas.create('before');
    const open = (migrations: typeof MIGRATIONS) =>
      new PostgresStore({ connectionString: schema.connectionString, poolSize: 1, migrations });
    const older = open(MIGRATIONS.filter((m) => !CUSTOMER_MIGRATIONS.has(m.name)));
    await older.init();
    await seedConversations(older);
    await older.close();
    for (const [sql, params] of seedCustomerRows) {
      let n = 0;
      await schema.query(sql.replace(/\?/g, () => `$${++n}`).replace(/^(INSERT INTO|UPDATE) (\w+)/, '$1 $schema.$2'), [
        ...params,
      ]);
    }
    const store = open(MIGRATIONS);
    await store.init();
    await store.close();
    assert.deepEqual(
      await customersAfter(
        (sql) => schema.query(sql),
        (table) => `$schema.${table}`,
      ),
      CUSTOMERS_AFTER,
    );
  });
});

describe('merge on two relays (PostgreSQL, Redis)', () => {
  let redis: RedisInstance;
  let relays: Desk[] = [];

  before(async () => {
    redis = await RedisInstance.start();
    const { connectionString } = await schemas.create('two');
    const options: StartOptions = {
      relaySecret: 'relay-secret-merge-pg-0123456789abcdef',
      dataKey: Buffer.alloc(32, 5).toString('base64'),
      ipRateLimitPerSecond: 0,
      newConversationsPerAddressPerHour: 10_000,
      store: 'postgres',
      databaseUrl: connectionString,
      bus: 'redis',
      redisUrl: redis.url,
    };
    relays = [await startDesk(options), await startDesk(options)];
  });
  after(async () => {
    for (const relay of relays) await relay.close();
    await redis?.stop();
    await schemas.dropAll();
  });

  it('the widget on one relay follows a merge made through the other', async () => {
    const [first, second] = relays as [Desk, Desk];
    const { older, newer, client, token } = await twoConversations(first);
    const merged = await second.call('POST', `/v1/admin/conversations/${older}/merge`, { from: newer });
    assert.equal(merged.status, 200, JSON.stringify(merged.body));
    assert.equal((await client.closed).code, MERGED_CLOSE.code);

    // Back on the first relay (which learnt of the merge through the bus), with the old cursor.
    const again = await TestClient.hello(
      first.wsUrl,
      { siteKey, visitorToken: token, resume: { [newer]: 2 } },
      { protocol: 'parley.v3' },
    );
    assert.equal(again.welcome.conversationId, older);
    const replay = await again.client.collect('message', 4);
    assert.deepEqual(
      replay.map((frame) => `${frame.message.seq} ${frame.message.text}`),
      ['1 Old question', '2 Old answer', '3 New question', '4 New detail'],
    );
    // Each moved message says where it was written (Message.origin), the result's own do not.
    assert.deepEqual(
      replay.map((frame) => frame.message.origin),
      [undefined, undefined, { from: newer, seq: 1 }, { from: newer, seq: 2 }],
    );
    const reply = await second.call('POST', `/v1/admin/conversations/${older}/messages`, { id: 'r-1', text: 'Here' });
    assert.equal(reply.status, 201);
    const live = await again.client.next('message', (frame) => frame.message.seq === 5);
    assert.equal(live.message.text, 'Here');
    await again.client.roundTrip();
    assert.equal(again.client.frames.filter((frame) => frame.type === 'message').length, 5, 'nothing twice');

    // Staff on the first relay cannot write to the absorbed conversation either.
    const refused = await first.call('POST', `/v1/admin/conversations/${newer}/messages`, { id: 'r-2', text: 'Hi' });
    assert.equal(refused.status, 409);
    again.client.close();
  });
});
