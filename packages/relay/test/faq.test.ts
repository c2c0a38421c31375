import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Message } from '@parley/protocol';
import type { OutboxInsert } from '../src/outbox/outbox.js';
import type { RunningRelay } from '../src/index.js';
import { faqOnlySettings } from './support/bot-settings.js';
import { TestClient } from './support/client.js';
import { adminToken, call, siteKey, startDesk } from './support/desk.js';
import { until } from './support/until.js';

const settings = faqOnlySettings;

const entries = [
  {
    language: 'en',
    question: 'How do I track my order?',
    answer: 'Use the tracking link in your confirmation email.',
    phrasings: ['where is my order', 'where is my parcel'],
    keywords: ['tracking', 'delivery'],
  },
  {
    language: 'en',
    question: 'How do I return an item?',
    answer: 'Returns are free within 30 days: print the label from your account.',
    phrasings: ['send an item back', 'get a refund'],
    keywords: ['return', 'refund'],
  },
  {
    language: 'en',
    question: 'How do I change my password?',
    answer: 'Choose "Forgot password" on the sign-in page.',
    phrasings: ['reset my password'],
    keywords: ['password', 'login'],
  },
  {
    language: 'fr',
    question: 'Où est ma commande ?',
    answer: 'Suivez-la avec le lien de votre e-mail de confirmation.',
    phrasings: ['suivre mon colis'],
    keywords: ['livraison', 'colis'],
  },
];

/** No automation job is pending. */
async function automationsIdle(relay: RunningRelay): Promise<boolean> {
  const { byKind } = await relay.admin.repos.outbox.outboxCounts(Date.now());
  return byKind.every((count) => !count.kind.startsWith('automation.') || count.status !== 'pending');
}

async function messages(relay: RunningRelay, conversationId: string): Promise<Message[]> {
  return relay.store.messagesAfter(conversationId, 0, 100, { includeNotes: true });
}

async function visitor(relay: RunningRelay, locale = 'en-US') {
  const { client, welcome } = await TestClient.hello(
    relay.wsUrl,
    { siteKey, context: { locale } },
    { protocol: 'parley.v2' },
  );
  return { client, conversationId: welcome.conversationId!, siteId: welcome.site.id };
}

describe('FAQ answers', () => {
  let relay: RunningRelay;
  const ids: string[] = [];
  /** The hand-overs routing was asked about (the test's stand-in for routing's assignment). */
  const handovers: Array<[string, string]> = [];
  before(async () => {
    relay = await startDesk({
      ipRateLimitPerSecond: 0,
      outboxTiming: { pollMs: 50 },
      handover: (siteId, conversationId): readonly OutboxInsert[] => {
        handovers.push([siteId, conversationId]);
        return [{ kind: 'test.assign', siteId, conversationId, payload: { conversationId } }];
      },
    });
    assert.equal((await call(relay, 'PUT', '/v1/admin/automations', settings)).status, 200);
    for (const entry of entries) {
      const created = await call(relay, 'POST', '/v1/admin/faq', entry);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      ids.push(created.body.id);
    }
  });
  after(() => relay.close());

  it('keeps entries through the admin API: validated, audited, counted, changed and deleted', async () => {
    const list = await call(relay, 'GET', '/v1/admin/faq');
    assert.equal(list.status, 200);
    assert.equal(list.body.max, 1000);
    assert.deepEqual(
      list.body.items.map((entry: { question: string }) => entry.question),
      entries.map((entry) => entry.question),
    );
    assert.deepEqual(list.body.items[0].counts, { answered: 0, helpful: 0, escalated: 0 });
    for (const bad of [
      { ...entries[0], language: 'english' },
      { ...entries[0], question: '' },
      { ...entries[0], keywords: Array.from({ length: 31 }, () => 'x') },
      { ...entries[0], extra: 1 },
    ]) {
      const refused = await call(relay, 'POST', '/v1/admin/faq', bad);
      assert.equal(refused.status, 400, JSON.stringify(bad));
    }
    const temp = await call(relay, 'POST', '/v1/admin/faq', { language: 'en', question: 'Temp?', answer: 'Temp.' });
    assert.deepEqual([temp.body.phrasings, temp.body.keywords], [[], []]);
    const patched = await call(relay, 'PATCH', `/v1/admin/faq/${temp.body.id}`, { answer: 'Changed.' });
    assert.equal(patched.body.answer, 'Changed.');
    assert.equal((await call(relay, 'DELETE', `/v1/admin/faq/${temp.body.id}`)).status, 204);
    assert.equal((await call(relay, 'DELETE', `/v1/admin/faq/${temp.body.id}`)).status, 404);
    assert.equal((await call(relay, 'PATCH', `/v1/admin/faq/${temp.body.id}`, { answer: 'x' })).status, 404);
    const audit = await call(relay, 'GET', '/v1/admin/audit?limit=50');
    const actions = audit.body.items.map((item: { action: string }) => item.action);
    for (const action of ['faq.create', 'faq.update', 'faq.delete']) assert.ok(actions.includes(action), action);
    const tried = await call(relay, 'POST', '/v1/admin/faq/match', { text: 'Where is my order?', language: 'en' });
    assert.equal(tried.body.answer.id, ids[0]);
  });

  // How fast a message is matched is bench/faq-match.mjs's to measure, not a wall clock's in a suite sharing the cores.
  it('answers a matching question with its two buttons, in the visitor’s language', async () => {
    const { client, conversationId } = await visitor(relay);
    const ack = await client.say('m-1', 'Where is my order?');
    const answer = await client.next('message', (frame) => frame.message.author.role === 'bot');
    assert.equal(answer.message.automation, 'faq');
    assert.equal(answer.message.clientId, `bot-faq-${ack.seq}`);
    assert.match(answer.message.text, /^Use the tracking link in your confirmation email\.\n\nDid this help\?$/);
    assert.deepEqual(answer.message.buttons, [
      { label: 'Yes, thanks', id: `faq-yes:${ids[0]}` },
      { label: 'Talk to a person', id: `faq-no:${ids[0]}` },
    ]);
    const french = await visitor(relay, 'fr-FR');
    await french.client.say('f-1', 'Où est mon colis ?');
    const réponse = await french.client.next('message', (frame) => frame.message.author.role === 'bot');
    assert.match(réponse.message.text, /^Suivez-la .*\n\nCela vous a-t-il aidé \?$/);
    assert.deepEqual(
      réponse.message.buttons?.map((button) => button.label),
      ['Oui, merci', 'Parler à quelqu’un'],
    );
    await until(() => automationsIdle(relay), 'the FAQ’s jobs done');
    assert.equal((await messages(relay, conversationId)).length, 2);
    for (const c of [client, french.client]) c.close();
  });

  it('counts "it helped" once, however often it is sent', async () => {
    const { client, conversationId } = await visitor(relay);
    await client.say('m-1', 'How can I reset my password?');
    const answer = await client.next('message', (frame) => frame.message.automation === 'faq');
    const reply = { seq: answer.message.seq, id: `faq-yes:${ids[2]}` };
    const id = `reply-${reply.seq}`;
    const first = await client.say(id, 'Yes, thanks', { reply });
    client.send({ type: 'send', id, text: 'Yes, thanks', reply });
    const acks = () => client.frames.filter((frame) => frame.type === 'ack' && frame.id === id);
    await until(() => acks().length === 2, 'two acks');
    const again = acks()[1] as typeof first;
    assert.equal(again.duplicate, true);
    assert.equal(again.seq, first.seq);
    // Another id for the same choice is refused: one answer per message's buttons.
    client.send({ type: 'send', id: 'yes-again', text: 'Yes, thanks', reply });
    assert.equal((await client.next('error', (frame) => frame.ref === 'yes-again')).code, 'bad_frame');
    await until(() => automationsIdle(relay), 'the FAQ’s jobs done');
    const entry = (await call(relay, 'GET', '/v1/admin/faq')).body.items.find((e: { id: string }) => e.id === ids[2]);
    assert.deepEqual(entry.counts, { answered: 1, helpful: 1, escalated: 0 });
    const stored = await messages(relay, conversationId);
    assert.deepEqual(stored.at(-1)!.reply, reply);
    assert.equal(stored.length, 3);
    client.close();
  });

  it('suggests up to three entries for a weak match, and answers the one chosen', async () => {
    const { client, conversationId } = await visitor(relay);
    await client.say('m-1', 'My order has a problem, I want a refund');
    const offered = await client.next('message', (frame) => frame.message.author.role === 'bot');
    assert.equal(offered.message.automation, 'faq-suggest');
    const buttons = offered.message.buttons!;
    const shows = buttons.filter((button) => button.id?.startsWith('faq-show:'));
    assert.ok(shows.length >= 1 && shows.length <= 3, JSON.stringify(buttons));
    assert.deepEqual(buttons.at(-1), { label: 'Talk to a person', id: 'handover' });
    const chosen = shows.find((button) => button.id === `faq-show:${ids[1]}`)!;
    assert.equal(chosen.label, 'How do I return an item?');
    const ack = await client.say(`reply-${offered.message.seq}`, chosen.label, {
      reply: { seq: offered.message.seq, id: chosen.id },
    });
    const answer = await client.next('message', (frame) => frame.message.seq > ack.seq);
    assert.equal(answer.message.automation, 'faq');
    assert.match(answer.message.text, /^Returns are free within 30 days/);
    assert.equal(answer.message.clientId, `bot-faq-${ack.seq}`);
    await until(() => automationsIdle(relay), 'the FAQ’s jobs done');
    // The choice's text is a button label: it is not matched again.
    assert.equal((await messages(relay, conversationId)).length, 4);
    client.close();
  });

  it('hands over on "Talk to a person" once: the bot steps back, routing’s effects are written once', async () => {
    const { client, conversationId, siteId } = await visitor(relay);
    await client.say('m-1', 'Where is my parcel?');
    const answer = await client.next('message', (frame) => frame.message.automation === 'faq');
    const reply = { seq: answer.message.seq, id: `faq-no:${ids[0]}` };
    const before = handovers.length;
    await client.say(`reply-${reply.seq}`, 'Talk to a person', { reply });
    const handedOver = await client.next('message', (frame) => frame.message.automation === 'handover');
    assert.equal(handedOver.message.clientId, 'bot-handover');
    assert.match(handedOver.message.text, /passing you to a person/);
    // Sent again (a reconnecting widget): the original ack, no second hand-over.
    await client.say(`reply-${reply.seq}`, 'Talk to a person', { reply });
    // The bot no longer answers here.
    await client.say('m-2', 'Where is my order?');
    await until(() => automationsIdle(relay), 'the FAQ’s jobs done');
    await client.roundTrip();
    const stored = await messages(relay, conversationId);
    assert.deepEqual(
      stored.map((message) => message.automation ?? message.author.role),
      ['visitor', 'faq', 'visitor', 'handover', 'visitor'],
    );
    assert.deepEqual(handovers.slice(before), [[siteId, conversationId]]);
    const assign = await relay.admin.repos.outbox.listOutbox(siteId, { kind: 'test.assign' }, 100);
    assert.equal(assign.items.filter((job) => job.conversationId === conversationId).length, 1);
    const record = await relay.admin.repos.conversations.getConversation(siteId, conversationId);
    assert.ok(record?.labels.includes('handover'), 'marked as waiting for a person');
    const entry = (await call(relay, 'GET', '/v1/admin/faq')).body.items.find((e: { id: string }) => e.id === ids[0]);
    assert.equal(entry.counts.escalated, 1);
    client.close();
  });

  it('gives no FAQ answers in a conversation a staff member replied in', async () => {
    const { client, conversationId } = await visitor(relay);
    await client.say('m-1', 'Hello');
    const staff = await TestClient.hello(relay.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v2' });
    await staff.client.say('s-1', 'Hi, I am Sam. How can I help?', { conversationId });
    await client.say('m-2', 'Where is my order?');
    await until(() => automationsIdle(relay), 'the FAQ’s jobs done');
    await client.roundTrip();
    const stored = await messages(relay, conversationId);
    assert.deepEqual(
      stored.map((message) => message.author.role),
      ['visitor', 'staff', 'visitor'],
    );
    for (const c of [client, staff.client]) c.close();
  });

  it('steps back after three messages in a row it could not answer, until an FAQ button is chosen', async () => {
    const { client, conversationId } = await visitor(relay);
    // Suggestions (a weak match), then another weak match (not offered again while the first wait for a choice) and
    // a message that matches nothing: three misses.
    await client.say('m-1', 'My order has a problem, I want a refund');
    const offered = await client.next('message', (frame) => frame.message.automation === 'faq-suggest');
    const weak = await call(relay, 'POST', '/v1/admin/faq/match', { text: 'A refund for my order, please' });
    assert.equal(weak.body.answer, null);
    assert.ok(weak.body.suggestions.length > 0, 'a weak match too');
    await client.say('m-2', 'A refund for my order, please');
    await client.say('m-3', 'Anyone there?');
    await client.say('m-4', 'Where is my order?');
    await until(() => automationsIdle(relay), 'the FAQ’s jobs done');
    await client.roundTrip();
    assert.deepEqual(
      (await messages(relay, conversationId)).map((message) => message.automation ?? message.author.role),
      ['visitor', 'faq-suggest', 'visitor', 'visitor', 'visitor'],
      'no answer after three misses',
    );
    // Choosing one of the suggestions: the bot answers it, and answers questions again.
    const show = offered.message.buttons!.find((button) => button.id?.startsWith('faq-show:'))!;
    await client.say(`reply-${offered.message.seq}`, show.label, { reply: { seq: offered.message.seq, id: show.id } });
    await client.next('message', (frame) => frame.message.automation === 'faq');
    const ack = await client.say('m-5', 'Where is my order?');
    const answer = await client.next('message', (frame) => frame.message.clientId === `bot-faq-${ack.seq}`);
    assert.match(answer.message.text, /^Use the tracking link/);
    client.close();
  });

  it('refuses a bad reply reference with a clear error, and stores nothing', async () => {
    const a = await visitor(relay);
    await a.client.say('m-1', 'Where is my order?');
    const answer = await a.client.next('message', (frame) => frame.message.automation === 'faq');
    const b = await visitor(relay);
    await b.client.say('m-1', 'Hello there');
    const seq = answer.message.seq;
    const cases: Array<[TestClient, Record<string, unknown>, string, RegExp]> = [
      // Another conversation's message: b's conversation has no such button at that seq.
      [b.client, { id: `reply-${seq}`, reply: { seq, id: `faq-yes:${ids[0]}` } }, 'not_found', /No button/],
      [a.client, { id: 'reply-99', reply: { seq: 99, id: `faq-yes:${ids[0]}` } }, 'not_found', /seq 99/],
      [a.client, { id: `reply-${seq}`, reply: { seq, id: 'faq-yes:nope' } }, 'not_found', /No button faq-yes:nope/],
      // The visitor's own message has no buttons.
      [a.client, { id: 'reply-1', reply: { seq: 1, id: 'handover' } }, 'not_found', /No button/],
      [a.client, { id: 'choice', reply: { seq, id: `faq-yes:${ids[0]}` } }, 'bad_frame', /reply-/],
      [a.client, { id: `reply-${seq}`, reply: { seq, id: 'bad id!' } }, 'bad_frame', /reply/],
    ];
    for (const [client, frame, code, message] of cases) {
      client.send({ type: 'send', text: 'Yes, thanks', ...frame });
      const error = await client.next('error', (e) => e.ref === frame.id && e.code === code);
      assert.match(error.message, message);
      client.frames.splice(client.frames.indexOf(error), 1);
    }
    const staff = await TestClient.hello(relay.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v2' });
    staff.client.send({
      type: 'send',
      id: 'staff-reply',
      conversationId: a.conversationId,
      text: 'x',
      reply: { seq, id: `faq-yes:${ids[0]}` },
    });
    assert.equal((await staff.client.next('error', (e) => e.ref === 'staff-reply')).code, 'forbidden');
    await until(() => automationsIdle(relay), 'the FAQ’s jobs done');
    assert.equal((await messages(relay, a.conversationId)).length, 2);
    assert.equal((await messages(relay, b.conversationId)).length, 1);
    for (const c of [a.client, b.client, staff.client]) c.close();
  });

  it('reports the time matching takes, per message, in /metrics', async () => {
    const metrics = await (await fetch(`${relay.httpUrl}/metrics`)).text();
    const matches = Number(/^parley_faq_matches_total (\S+)$/m.exec(metrics)?.[1]);
    const seconds = Number(/^parley_faq_match_seconds_total (\S+)$/m.exec(metrics)?.[1]);
    assert.ok(matches >= 5, metrics);
    assert.ok(seconds > 0 && seconds / matches < 0.01);
  });
});
