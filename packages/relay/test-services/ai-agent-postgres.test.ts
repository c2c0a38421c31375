/**
 * The AI agent on PostgreSQL (issue #83): its setting stored and read by a second relay on the same database within
 * the refresh period, and an answer with its sources stored and read back (the message's extra fields), with two
 * relays delivering the outbox. The provider is the loopback OpenAI-compatible server of the relay's own tests.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Message } from '@parley/protocol';
import { TestClient } from '../test/support/client.js';
import { siteKey, startDesk, type Desk } from '../test/support/desk.js';
import { startModelServer, type ModelServer } from '../test/support/model-servers.js';
import { until } from '../test/support/until.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_ai_agent');

describe('the AI agent (PostgreSQL, two relays)', () => {
  let relays: Desk[] = [];
  let openai: ModelServer;
  const clients: TestClient[] = [];

  before(async () => {
    openai = await startModelServer('openai');
    const { connectionString } = await schemas.create();
    const options = {
      store: 'postgres' as const,
      databaseUrl: connectionString,
      dataKey: Buffer.alloc(32, 7).toString('base64'),
      relaySecret: 'relay-secret-ai-agent-pg-0123456789',
      ipRateLimitPerSecond: 0,
      aiAllowPrivate: true,
      outboxTiming: { pollMs: 50 },
    };
    relays = [await startDesk(options)];
    relays.push(await startDesk(options));
  });
  after(async () => {
    for (const client of clients) client.close();
    for (const relay of relays) await relay.close();
    await openai?.close();
    await schemas.dropAll();
  });

  it('takes the setting on both relays and stores an answer with its sources', async () => {
    const [first, second] = relays as [Desk, Desk];
    const ai = await first.call('PUT', '/v1/admin/ai', {
      enabled: true,
      provider: 'openai',
      baseUrl: openai.baseUrl,
      model: 'gpt-test',
    });
    assert.equal(ai.status, 200, JSON.stringify(ai.body));
    const article = await first.call('POST', '/v1/admin/help/articles', {
      title: 'Track your parcel',
      slug: 'track-parcel',
      locale: 'en',
      body: 'Every parcel has a tracking number in the shipping email.',
      status: 'published',
    });
    assert.equal(article.status, 201, JSON.stringify(article.body));
    const saved = await first.call('PUT', '/v1/admin/ai/agent', { enabled: true, name: 'Ada', tone: 'Brief.' });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    // The other relay reads it from the store within its refresh period (10 s).
    await until(() => second.use('ai')!.agent!.settings('default').enabled, 'the other relay to hold the setting', {
      timeoutMs: 15_000,
      intervalMs: 200,
    });
    assert.deepEqual((await second.call('GET', '/v1/admin/ai/agent')).body, saved.body);

    openai.fallback = { answer: 'ANSWER: It is in the shipping email.\nSOURCES: 1' };
    const { client, welcome } = await TestClient.hello(second.wsUrl, { siteKey }, { protocol: 'parley.v3' });
    clients.push(client);
    await client.say('m-1', 'Where is my parcel? I need the tracking number');
    const conversationId = welcome.conversationId!;
    const answer = await until(
      async () =>
        (await first.store.messagesAfter(conversationId, 0, 50)).find(
          (message: Message) => message.automation === 'ai',
        ),
      'the answer stored',
      { timeoutMs: 20_000 },
    );
    assert.equal(answer.text, 'It is in the shipping email.');
    assert.equal(answer.author.name, 'Ada');
    // Whichever relay delivered the job names the article on its own public address.
    assert.equal(answer.sources?.length, 1);
    assert.equal(answer.sources[0]!.title, 'Track your parcel');
    assert.ok(
      relays.some((relay) => answer.sources![0]!.url === `${relay.publicUrl}/help/${siteKey}/en/track-parcel`),
      answer.sources[0]!.url,
    );
    const page = await second.call('GET', `/v1/admin/conversations/${conversationId}/messages`);
    const listed = (page.body.items as Message[]).find((message) => message.automation === 'ai');
    assert.deepEqual(listed?.sources, answer.sources);
  });
});
