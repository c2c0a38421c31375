import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningRelay } from '../src/index.js';
import { TestClient } from './support/client.js';
import { call, siteKey, startDesk } from './support/desk.js';
import { until } from './support/until.js';

/** The bot's answers come from outbox jobs: with CI's other suites beside this one, 5 s was once not enough. */
const SLOW_CI = 20_000;

// FAQ answers and routing attached together, as `startRelay` wires them (no hand-over injected): a visitor who
// asks for a person is handed to an online agent by the hand-over's own transaction.

describe('"Talk to a person": the FAQ bot hands over, routing assigns', () => {
  let relay: RunningRelay;
  let entryId: string;
  before(async () => {
    relay = await startDesk({ ipRateLimitPerSecond: 0, outboxTiming: { pollMs: 50 } });
    const automations = {
      botName: 'Ada',
      hours: null,
      welcome: { enabled: false, texts: {} },
      away: { enabled: false, texts: {}, emailTexts: {} },
      csat: { enabled: false, texts: {} },
      faq: { enabled: true },
    };
    assert.equal((await call(relay, 'PUT', '/v1/admin/automations', automations)).status, 200);
    const entry = await call(relay, 'POST', '/v1/admin/faq', {
      language: 'en',
      question: 'How do I track my order?',
      answer: 'Use the tracking link in your confirmation email.',
      phrasings: ['where is my parcel'],
      keywords: ['tracking'],
    });
    assert.equal(entry.status, 201);
    entryId = entry.body.id;
    // The relay rebuilds its FAQ index after answering (a change through this relay applies within moments): a
    // message sent before the rebuild ends is matched against the entries before it, and gets no answer.
    await until(() => relay.use('automations')?.faq.entry('default', entryId), "the entry in the relay's FAQ index");
    const routing = { mode: 'round-robin', defaultCapacity: 10, reassignAfterMinutes: null, sla: null };
    assert.equal((await call(relay, 'PUT', '/v1/admin/routing', routing)).status, 200);
  });
  after(() => relay.close());

  it('escalates the conversation and assigns it to an agent who came online meanwhile', async () => {
    const { client, welcome } = await TestClient.hello(
      relay.wsUrl,
      { siteKey, context: { locale: 'en-US' } },
      { protocol: 'parley.v2' },
    );
    const conversationId = welcome.conversationId!;
    await client.say('m-1', 'Where is my parcel?');
    const answer = await client.next('message', (frame) => frame.message.automation === 'faq', SLOW_CI);
    // Nobody was online when the conversation opened: routing left it unassigned.
    await until(async () => {
      const { byKind } = await relay.admin.repos.outbox.outboxCounts(Date.now());
      return !byKind.some((count) => count.kind === 'routing.assign' && count.status === 'pending');
    }, 'the first assignment tried');
    assert.equal((await relay.admin.repos.conversations.getConversation('default', conversationId))!.assigneeId, null);

    const created = await call(relay, 'POST', '/v1/admin/tokens', { name: 'Grace', role: 'agent' });
    assert.equal(created.status, 201);
    const agentId = created.body.id as string;
    const { client: agent } = await TestClient.hello(relay.wsUrl, { staffToken: created.body.token });
    await until(async () => {
      const staff = (await call(relay, 'GET', '/v1/admin/routing')).body.staff as Array<{
        id: string;
        online: boolean;
      }>;
      return staff.some((s) => s.id === agentId && s.online);
    }, 'the agent online');

    const reply = { seq: answer.message.seq, id: `faq-no:${entryId}` };
    await client.say(`reply-${reply.seq}`, 'Talk to a person', { reply });
    const handedOver = await client.next('message', (frame) => frame.message.automation === 'handover', SLOW_CI);
    assert.equal(handedOver.message.author.role, 'bot');
    // The agent's inbox hears of the assignment, live.
    const update = await agent.next(
      'conversation',
      (frame) => frame.conversation.id === conversationId && frame.conversation.assigneeId === agentId,
      SLOW_CI,
    );
    assert.equal(update.conversation.assigneeId, agentId);
    await until(
      async () =>
        (await relay.admin.repos.conversations.getConversation('default', conversationId))!.labels.includes('handover'),
      'marked as handed over',
    );
    const faq = (await call(relay, 'GET', '/v1/admin/faq')).body.items.find((e: { id: string }) => e.id === entryId);
    assert.equal(faq.counts.escalated, 1);
    // Asked again (a reconnecting widget resends): one hand-over, one assignment.
    await client.say(`reply-${reply.seq}`, 'Talk to a person', { reply });
    await client.roundTrip();
    const assigned = await relay.admin.repos.outbox.listOutbox('default', { kind: 'routing.assign' }, 100);
    assert.equal(assigned.items.filter((job) => job.conversationId === conversationId).length, 2, 'new + hand-over');
    client.close();
    agent.close();
  });
});
