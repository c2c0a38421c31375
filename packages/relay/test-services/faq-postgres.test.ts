/**
 * FAQ answers with two relays on one PostgreSQL and a Redis bus: entries added through one relay are answered from
 * on the other once it reads them (every 10 s), and a staff reply made through one relay stops the bot's answers
 * written by the other (its handler confirms against the store: the other relay's memory never saw the reply).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningRelay } from '../src/index.js';
import { TestClient } from '../test/support/client.js';
import { adminToken, call, siteKey, startDesk } from '../test/support/desk.js';
import { until } from '../test/support/until.js';
import { TestSchemas } from './support/postgres.js';
import { RedisInstance } from './support/services.js';

const schemas = new TestSchemas('parley_faq');

describe('FAQ answers on PostgreSQL with two relays', () => {
  let redis: RedisInstance;
  let relays: RunningRelay[];
  before(async () => {
    redis = await RedisInstance.start();
    const { connectionString } = await schemas.create('two');
    const options = {
      relaySecret: 'relay-secret-faq-pg-0123456789abcdef',
      dataKey: Buffer.alloc(32, 9).toString('base64'),
      ipRateLimitPerSecond: 0,
      store: 'postgres' as const,
      databaseUrl: connectionString,
      bus: 'redis' as const,
      redisUrl: redis.url,
      outboxTiming: { pollMs: 20 },
    };
    relays = [await startDesk(options)];
    relays.push(await startDesk(options));
    const saved = await call(relays[0]!, 'PUT', '/v1/admin/automations', {
      botName: 'Ada',
      hours: null,
      welcome: { enabled: false, texts: {} },
      away: { enabled: false, texts: {}, emailTexts: {} },
      csat: { enabled: false, texts: {} },
      faq: { enabled: true },
    });
    assert.equal(saved.status, 200);
    const created = await call(relays[0]!, 'POST', '/v1/admin/faq', {
      language: 'en',
      question: 'How do I track my order?',
      answer: 'Use the tracking link in your confirmation email.',
      phrasings: ['where is my order'],
      keywords: ['tracking', 'delivery'],
    });
    assert.equal(created.status, 201);
  });
  after(async () => {
    for (const relay of relays ?? []) await relay.close();
    await redis?.stop();
    await schemas.dropAll();
  });

  it('answers on the other relay once it has read the entries, and not after a staff reply made elsewhere', async () => {
    // The other relay reads entries changed through the first every 10 s: a visitor of its asks until it answers.
    let asked = 0;
    await until(
      async () => {
        const { client } = await TestClient.hello(relays[1]!.wsUrl, { siteKey }, { protocol: 'parley.v2' });
        await client.say(`probe-${asked++}`, 'Where is my order?');
        const answered = await client
          .next('message', (frame) => frame.message.automation === 'faq', 1000)
          .then(() => true)
          .catch(() => false);
        client.close();
        return answered;
      },
      'the other relay to answer from the entries',
      { timeoutMs: 15_000, intervalMs: 200 },
    );

    // A visitor on the second relay, a staff reply through the first: the second relay's memory never saw it.
    const { client, welcome } = await TestClient.hello(relays[1]!.wsUrl, { siteKey }, { protocol: 'parley.v2' });
    const conversationId = welcome.conversationId!;
    await client.say('m-1', 'Hello');
    const staff = await TestClient.hello(relays[0]!.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v2' });
    await staff.client.say('s-1', 'Hi, this is Sam.', { conversationId });
    await client.next('message', (frame) => frame.message.author.role === 'staff');
    await client.say('m-2', 'Where is my order?');
    const idle = async () =>
      (await relays[0]!.admin.repos.outbox.outboxCounts(Date.now())).byKind.every(
        (k) => !k.kind.startsWith('automation.') || k.status !== 'pending',
      );
    await until(idle, 'an idle outbox');
    const stored = await relays[0]!.store.messagesAfter(conversationId, 0, 100);
    assert.deepEqual(
      stored.map((m) => m.author.role),
      ['visitor', 'staff', 'visitor'],
    );
    const skipped = await relays[0]!.admin.repos.outbox.listOutbox(welcome.site.id, { kind: 'automation.faq' }, 100);
    const mine = skipped.items.filter((job) => job.conversationId === conversationId);
    // Written from the second relay's memory (a match where it thought the bot was answering), skipped by the store.
    assert.deepEqual(
      mine.map((job) => [job.status, job.detail]),
      [['skipped', 'staff replied']],
    );
    client.close();
    staff.client.close();
  });
});
