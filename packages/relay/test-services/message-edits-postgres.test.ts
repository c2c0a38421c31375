/**
 * Staff's edits and deletes on PostgreSQL with two relays and a Redis bus (issue #36): an edit made through one
 * relay reaches a visitor and a colleague connected to the other, history there returns the message as it now is,
 * the old text is kept, and erasing the contact erases it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Message } from '@parley/protocol';
import type { RunningRelay } from '../src/index.js';
import { TestClient } from '../test/support/client.js';
import { adminToken, call, siteKey, startDesk } from '../test/support/desk.js';
import { until } from '../test/support/until.js';
import { TestSchemas } from './support/postgres.js';
import { RedisInstance } from './support/services.js';

const schemas = new TestSchemas('parley_edits');

describe('message edits on PostgreSQL with two relays', () => {
  let redis: RedisInstance;
  let relays: RunningRelay[];
  let sockets: TestClient[] = [];

  before(async () => {
    redis = await RedisInstance.start();
    const { connectionString } = await schemas.create('two');
    const options = {
      relaySecret: 'relay-secret-edits-pg-0123456789abcdef',
      dataKey: Buffer.alloc(32, 7).toString('base64'),
      ipRateLimitPerSecond: 0,
      store: 'postgres' as const,
      databaseUrl: connectionString,
      bus: 'redis' as const,
      redisUrl: redis.url,
    };
    relays = [await startDesk(options)];
    relays.push(await startDesk(options));
  });

  after(async () => {
    for (const socket of sockets) socket.close();
    for (const relay of relays ?? []) await relay.close();
    await redis?.stop();
    await schemas.dropAll();
  });

  it('an edit and a delete made on one relay reach the other; its history and the audit agree; erasure clears them', async () => {
    const [first, second] = relays as [RunningRelay, RunningRelay];
    const made = await call(first, 'POST', '/v1/admin/tokens', { name: 'Ana', role: 'agent' });
    assert.equal(made.status, 201);
    const ana = (await TestClient.hello(first.wsUrl, { staffToken: made.body.token }, { protocol: 'parley.v3' }))
      .client;
    const owner = (await TestClient.hello(second.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v3' })).client;
    const hello = await TestClient.hello(second.wsUrl, { siteKey }, { protocol: 'parley.v3' });
    const visitor = hello.client;
    sockets = [ana, owner, visitor];
    const conversationId = (await visitor.say('v-1', 'Hello?')).conversationId;

    const typo = (await ana.say('a-1', 'Helo!', { conversationId })).messageId;
    const wrong = (await ana.say('a-2', 'Your refund is denied', { conversationId })).messageId;
    ana.send({ type: 'edit', ref: 'e1', conversationId, messageId: typo, text: 'Hello!' });
    ana.send({ type: 'delete', ref: 'd1', conversationId, messageId: wrong });
    const edited = (await ana.next('update', (frame) => frame.ref === 'e1')).message;
    const deleted = (await ana.next('update', (frame) => frame.ref === 'd1')).message;
    assert.equal(edited.text, 'Hello!');
    assert.equal(deleted.deleted, true);

    for (const socket of [visitor, owner]) {
      assert.deepEqual((await socket.next('update', (frame) => frame.message.id === typo)).message, edited);
      assert.deepEqual((await socket.next('update', (frame) => frame.message.id === wrong)).message, deleted);
    }
    visitor.send({ type: 'history', ref: 'h1', after: 0 });
    const page: Message[] = (await visitor.next('history', (frame) => frame.ref === 'h1')).messages;
    assert.deepEqual(
      page.filter((message) => message.author.role === 'staff'),
      [edited, deleted],
    );

    const edits = (relays[1] as RunningRelay).use('edits')!.repository;
    assert.deepEqual(
      (await edits.history(conversationId, typo)).map((entry) => [entry.action, entry.oldText]),
      [['edit', 'Helo!']],
    );
    assert.equal((await call(second, 'DELETE', `/v1/admin/contacts/${hello.welcome.visitorId!}`)).status, 204);
    await until(async () => (await edits.history(conversationId, wrong)).length === 0, 'the old texts erased');
    assert.deepEqual(await edits.history(conversationId, typo), []);
  });
});
