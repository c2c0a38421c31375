/**
 * Automations with two relays on one PostgreSQL and a Redis bus: an out-of-hours visitor gets one away reply
 * whichever relays deliver the outbox, and a conversation resolved through both relays at once gets one rating
 * request.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningRelay } from '../src/index.js';
import { TestClient } from '../test/support/client.js';
import { call, siteKey, startDesk } from '../test/support/desk.js';
import { until } from '../test/support/until.js';
import { TestSchemas } from './support/postgres.js';
import { RedisInstance } from './support/services.js';

const schemas = new TestSchemas('parley_automations');
// Monday 23 November 2026, 08:00 in Paris: the desk opens at 09:00.
const clock = () => Date.parse('2026-11-23T07:00:00Z');

describe('automations on PostgreSQL with two relays', () => {
  let redis: RedisInstance;
  let relays: RunningRelay[];
  before(async () => {
    redis = await RedisInstance.start();
    const { connectionString } = await schemas.create('two');
    const options = {
      relaySecret: 'relay-secret-automations-pg-0123456789',
      dataKey: Buffer.alloc(32, 7).toString('base64'),
      ipRateLimitPerSecond: 0,
      store: 'postgres' as const,
      databaseUrl: connectionString,
      bus: 'redis' as const,
      redisUrl: redis.url,
      clock,
      outboxTiming: { pollMs: 20 },
    };
    relays = [await startDesk(options)];
    relays.push(await startDesk(options));
    const saved = await call(relays[0]!, 'PUT', '/v1/admin/automations', {
      botName: 'Ada',
      hours: {
        timezone: 'Europe/Paris',
        weekly: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })),
        holidays: [],
      },
      welcome: { enabled: false, texts: {} },
      away: { enabled: true, texts: {}, emailTexts: {} },
      csat: { enabled: true, texts: {} },
    });
    assert.equal(saved.status, 200);
  });
  after(async () => {
    for (const relay of relays ?? []) await relay.close();
    await redis?.stop();
    await schemas.dropAll();
  });

  it('answers out of hours once, and asks for one rating when both relays resolve at once', async () => {
    // The other relay takes the settings from the store (it reads them again every 10 s): its welcome says so.
    await until(
      async () => {
        const { client: probe, welcome: said } = await TestClient.hello(
          relays[1]!.wsUrl,
          { siteKey },
          { protocol: 'parley.v2' },
        );
        probe.close();
        return said.hours !== undefined;
      },
      'the other relay to hold the settings',
      { timeoutMs: 15_000, intervalMs: 500 },
    );
    const { client, welcome } = await TestClient.hello(relays[0]!.wsUrl, { siteKey }, { protocol: 'parley.v2' });
    const conversationId = welcome.conversationId!;
    const { client: tab } = await TestClient.hello(
      relays[1]!.wsUrl,
      { siteKey, visitorToken: welcome.visitorToken!, resume: { [conversationId]: 0 } },
      { protocol: 'parley.v2' },
    );
    await client.say('m-1', 'Hello?');
    await client.say('m-2', 'Anyone?');
    await tab.say('m-3', 'Hello from my phone');
    await tab.next('message', (frame) => frame.message.automation === 'away');
    const pending = async () =>
      (await relays[0]!.admin.repos.outbox.outboxCounts(Date.now())).byKind.every((k) => k.status !== 'pending');
    await until(pending, 'an idle outbox');
    const path = `/v1/admin/conversations/${conversationId}`;
    const patches = await Promise.all(relays.map((relay) => call(relay, 'PATCH', path, { status: 'resolved' })));
    assert.deepEqual(
      patches.map((p) => p.status),
      [200, 200],
    );
    await client.next('message', (frame) => frame.message.automation === 'csat');
    await until(pending, 'an idle outbox');
    const stored = await relays[0]!.store.messagesAfter(conversationId, 0, 100);
    // The away reply goes out after whichever visitor message the worker is quicker than; there is one.
    const count = (what: string) => stored.filter((m) => (m.automation ?? m.author.role) === what).length;
    assert.deepEqual(['visitor', 'away', 'csat'].map(count), [3, 1, 1]);
    assert.equal(stored.at(-1)!.automation, 'csat');
    client.close();
    tab.close();
  });
});
