/**
 * The AI agent outside business hours (issue #83, docs/ai.md "Hand-over"): a visitor who asks for a person while the
 * team is away gets what the automations give without the agent, the away reply saying when the team is back (by
 * email where the relay sends email and knows the visitor's address), beside the hand-over's message, never a silent
 * hand-over. A real relay on a clock set to a closed hour, and a loopback OpenAI-compatible model server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Message } from '@parley/protocol';
import { TestClient } from './support/client.js';
import { siteKey, startDesk, type Desk } from './support/desk.js';
import { startModelServer, type ModelServer } from './support/model-servers.js';
import { until } from './support/until.js';

const SLOW_CI = 20_000;
// Monday 23 November 2026, 08:00 in Paris: the desk opens at 09:00 (Monday to Friday).
const mondayMorning = Date.parse('2026-11-23T07:00:00Z');

const settings = {
  botName: 'Ada',
  hours: {
    timezone: 'Europe/Paris',
    weekly: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })),
    holidays: [],
  },
  welcome: { enabled: false, texts: {} },
  away: { enabled: true, texts: {}, emailTexts: {} },
  csat: { enabled: false, texts: {} },
  faq: { enabled: true },
};

const AWAY = /^We're away right now\. We'll be back today 9:00 AM: leave your message and we'll answer then\.$/;
const AWAY_BY_EMAIL = /^We're away right now\. We'll be back today 9:00 AM and will answer you by email\.$/;

describe('the AI agent outside business hours', () => {
  let relay: Desk;
  let openai: ModelServer;
  const clients: TestClient[] = [];

  const idle = async (): Promise<boolean> => {
    const { byKind } = await relay.admin.repos.outbox.outboxCounts(Date.now());
    return byKind.every(
      (count) => !(count.kind.startsWith('automation.') || count.kind.startsWith('ai.')) || count.status !== 'pending',
    );
  };
  const settle = () => until(idle, 'the bot’s jobs done', { timeoutMs: SLOW_CI });
  /** The bot's messages to the visitor (notes left out), as `[automation, text]`. */
  const said = async (conversationId: string): Promise<Array<[string | undefined, string]>> =>
    (await relay.store.messagesAfter(conversationId, 0, 100, { includeNotes: false }))
      .filter((message: Message) => message.author.role === 'bot')
      .map((message) => [message.automation, message.text]);
  const agentOn = async (enabled: boolean) =>
    assert.equal((await relay.call('PUT', '/v1/admin/ai/agent', { enabled })).status, 200);

  async function visitor(profile: Record<string, unknown> = {}) {
    const { client, welcome } = await TestClient.hello(
      relay.wsUrl,
      { siteKey, context: { locale: 'en-US', timezone: 'Europe/Paris' }, ...profile },
      { protocol: 'parley.v3' },
    );
    clients.push(client);
    return { client, conversationId: welcome.conversationId! };
  }

  before(async () => {
    openai = await startModelServer('openai');
    relay = await startDesk({
      ipRateLimitPerSecond: 0,
      aiAllowPrivate: true,
      outboxTiming: { pollMs: 50 },
      // The relay sends email (nothing is due within these tests), so the away reply may promise an answer by email.
      smtpUrl: 'smtp://127.0.0.1:9',
      emailFrom: 'Shop <support@shop.example>',
      clock: () => mondayMorning,
    });
    const ai = relay.use('ai')!;
    ai.limits = { firstByteMs: 400, idleMs: 400, totalMs: 3000, maxRetries: 1, backoffMs: 20, maxRetryAfterMs: 200 };
    const set = await relay.call('PUT', '/v1/admin/ai', {
      enabled: true,
      provider: 'openai',
      baseUrl: openai.baseUrl,
      model: 'gpt-test',
    });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const saved = await relay.call('PUT', '/v1/admin/automations', settings);
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const article = await relay.call('POST', '/v1/admin/help/articles', {
      title: 'Track your parcel',
      slug: 'track-parcel',
      locale: 'en',
      body: 'Every parcel has a tracking number in the shipping email.',
      status: 'published',
    });
    assert.equal(article.status, 201, JSON.stringify(article.body));
    openai.fallback = { answer: 'The visitor wants a person.' };
  });
  after(async () => {
    for (const client of clients) client.close();
    await Promise.all([relay.close(), openai.close()]);
  });

  it('answers a visitor asking for a person in their words with the away reply and the hand-over', async () => {
    await agentOn(false);
    const { client: alone, conversationId: withoutAgent } = await visitor();
    await alone.say('m-1', 'I want to talk to a human please');
    await settle();
    // Without the agent, words hand nothing over: the away reply tells the visitor when the team is back.
    const baseline = await said(withoutAgent);
    assert.equal(baseline[0]?.[0], 'away');
    assert.match(baseline[0]![1], AWAY);

    await agentOn(true);
    const asked = openai.requests.length;
    const { client, conversationId } = await visitor();
    await client.say('m-1', 'I want to talk to a human please');
    await client.next('message', (frame) => frame.message.automation === 'handover', SLOW_CI);
    await settle();
    const withAgent = await said(conversationId);
    assert.deepEqual(
      withAgent.map(([automation]) => automation),
      ['away', 'handover'],
    );
    assert.equal(withAgent[0]![1], baseline[0]![1], 'the same away reply as without the agent');
    // The model was asked only for the hand-over's summary note, never to answer.
    assert.equal(openai.requests.length, asked + 1);
    const record = await relay.admin.repos.conversations.getConversation('default', conversationId);
    assert.ok(record!.labels.includes('handover'));
  });

  it('promises an answer by email to a visitor whose address it has, when the model says they want a person', async () => {
    openai.script({ answer: 'PERSON' });
    const { client, conversationId } = await visitor({ email: 'ana@example.com' });
    await client.say('m-1', 'This is getting nowhere, get me somebody from your team about my parcel');
    await client.next('message', (frame) => frame.message.automation === 'handover', SLOW_CI);
    await settle();
    const withAgent = await said(conversationId);
    assert.deepEqual(
      withAgent.map(([automation]) => automation),
      ['away', 'handover'],
    );
    assert.match(withAgent[0]![1], AWAY_BY_EMAIL);
  });

  it('keeps the period’s one away reply when the visitor taps “Talk to a person” under an answer, as without the agent', async () => {
    const run = async (enabled: boolean, answer: string) => {
      await agentOn(enabled);
      if (enabled) openai.script({ answer: 'ANSWER: The tracking number is in the shipping email.\nSOURCES: 1' });
      const { client, conversationId } = await visitor();
      await client.say('m-1', 'Where is my parcel? I need the tracking number');
      const first = await client.next('message', (frame) => frame.message.automation === answer, SLOW_CI);
      assert.ok(
        first.message.buttons?.some((button) => button.id === 'handover'),
        'Talk to a person is offered',
      );
      const reply = { seq: first.message.seq, id: 'handover' };
      await client.say(`reply-${reply.seq}`, 'Talk to a person', { reply });
      await client.next('message', (frame) => frame.message.automation === 'handover', SLOW_CI);
      await settle();
      return (await said(conversationId)).map(([automation]) => automation);
    };
    // Without the agent the help center's articles answer; with it, the agent: the rest is the same.
    const without = await run(false, 'faq-articles');
    const withAgent = await run(true, 'ai');
    assert.deepEqual(without, ['away', 'faq-articles', 'handover']);
    assert.deepEqual(withAgent, ['away', 'ai', 'handover']);
  });
});
