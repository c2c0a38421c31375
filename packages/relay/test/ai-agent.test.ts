/**
 * The AI agent (docs/ai.md, "The AI agent", issue #83): a visitor's question answered from the site's published
 * articles with their links, nothing related said so without a model call, the hand-over (asked in words, after two
 * "could not help", with a summary note), the bot silent once a person replied or was assigned, the FAQ's answers as
 * before when the provider fails, no personal data nor another site's articles in a prompt, one answer per message,
 * and the setting's checks. A real relay on port 0 and a loopback OpenAI-compatible model server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Message } from '@parley/protocol';
import { parseAgentReply } from '../src/ai/agent/agent-reply.js';
import { asksForPerson } from '../src/ai/agent/agent-texts.js';
import { faqOnlySettings } from './support/bot-settings.js';
import { TestClient } from './support/client.js';
import { siteKey, startDesk, type Desk } from './support/desk.js';
import { startModelServer, type ModelServer } from './support/model-servers.js';
import { addOtherSite } from './support/other-site.js';
import { until } from './support/until.js';

const otherToken = 'st_other_admin_agent_0123456789abcdef';
const SLOW_CI = 20_000;

describe('the AI agent', () => {
  let relay: Desk;
  let openai: ModelServer;
  const clients: TestClient[] = [];

  /** No automation or AI job is pending. */
  const idle = async (): Promise<boolean> => {
    const { byKind } = await relay.admin.repos.outbox.outboxCounts(Date.now());
    return byKind.every(
      (count) => !(count.kind.startsWith('automation.') || count.kind.startsWith('ai.')) || count.status !== 'pending',
    );
  };
  const settle = () => until(idle, 'the bot’s jobs done', { timeoutMs: SLOW_CI });
  const botMessages = async (conversationId: string): Promise<Message[]> =>
    (await relay.store.messagesAfter(conversationId, 0, 100, { includeNotes: true })).filter(
      (message) => message.author.role === 'bot',
    );

  async function visitor(profile: Record<string, unknown> = {}) {
    const { client, welcome } = await TestClient.hello(
      relay.wsUrl,
      { siteKey, context: { locale: 'en-US' }, ...profile },
      { protocol: 'parley.v3' },
    );
    clients.push(client);
    return { client, conversationId: welcome.conversationId! };
  }

  before(async () => {
    openai = await startModelServer('openai');
    relay = await startDesk({ ipRateLimitPerSecond: 0, aiAllowPrivate: true, outboxTiming: { pollMs: 50 } });
    const ai = relay.use('ai')!;
    ai.limits = { firstByteMs: 400, idleMs: 400, totalMs: 3000, maxRetries: 1, backoffMs: 20, maxRetryAfterMs: 200 };
    ai.breaker = { threshold: 100, cooldownMs: 100 };
    const set = await relay.call('PUT', '/v1/admin/ai', {
      enabled: true,
      provider: 'openai',
      baseUrl: openai.baseUrl,
      model: 'gpt-test',
      apiKey: 'sk-agent-test-0123456789',
    });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.equal((await relay.call('PUT', '/v1/admin/automations', faqOnlySettings)).status, 200);
    const entry = await relay.call('POST', '/v1/admin/faq', {
      language: 'en',
      question: 'Change password',
      answer: 'Choose "Forgot password" on the sign-in page.',
      keywords: ['password'],
    });
    assert.equal(entry.status, 201, JSON.stringify(entry.body));
    await until(() => relay.use('automations')?.faq.entry('default', entry.body.id), 'the entry in the FAQ index');
    for (const [slug, title, status, body] of [
      ['track-parcel', 'Track your parcel', 'published', 'Every parcel has a tracking number in the shipping email.'],
      ['return-parcel', 'Return a parcel', 'published', 'Send a parcel back within 30 days with the prepaid label.'],
      ['draft-parcel', 'Parcel drafts', 'draft', 'A parcel draft nobody may see.'],
    ] as const) {
      const made = await relay.call('POST', '/v1/admin/help/articles', { title, slug, locale: 'en', body, status });
      assert.equal(made.status, 201, JSON.stringify(made.body));
    }
    await addOtherSite(relay, 'pk_other_agent', otherToken);
    const theirs = await relay.call(
      'POST',
      '/v1/admin/help/articles',
      {
        title: 'Parcel vault of the other site',
        slug: 'vault',
        locale: 'en',
        body: 'Another site’s parcel tracking number secret.',
        status: 'published',
      },
      otherToken,
    );
    assert.equal(theirs.status, 201, JSON.stringify(theirs.body));
  });
  after(async () => {
    for (const client of clients) client.close();
    await Promise.all([relay.close(), openai.close()]);
  });

  it('refuses a setting it cannot use, naming the field, and turns on only with the AI tools on', async () => {
    const refusals: Array<[Record<string, unknown>, RegExp, string?]> = [
      [{ enabled: true, colour: 'red' }, /unknown field colour/],
      [{ enabled: true, name: 'A'.repeat(61) }, /body\.name/],
      [{ enabled: true, tone: 'x'.repeat(301) }, /body\.tone/],
      [{ enabled: true, avoid: ['x'.repeat(101)] }, /body\.avoid/],
      [{ enabled: true, avoid: Array.from({ length: 21 }, (_, i) => `t${i}`) }, /body\.avoid/],
      [{ enabled: true }, /body\.enabled: the AI tools are off/, otherToken],
    ];
    for (const [body, message, as] of refusals) {
      const refused = await relay.call('PUT', '/v1/admin/ai/agent', body, as);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.match(refused.body.error.message, message);
    }
    const untouched = { enabled: false, name: null, tone: '', avoid: [] };
    assert.deepEqual((await relay.call('GET', '/v1/admin/ai/agent')).body, untouched);
    assert.deepEqual((await relay.call('GET', '/v1/admin/ai/agent', undefined, otherToken)).body, untouched);
    const saved = await relay.call('PUT', '/v1/admin/ai/agent', { enabled: true, name: 'Ada', avoid: ['refunds'] });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.deepEqual(saved.body, { enabled: true, name: 'Ada', tone: '', avoid: ['refunds'] });
    // A field left out is kept.
    const toned = await relay.call('PUT', '/v1/admin/ai/agent', { enabled: true, tone: 'Warm and brief.' });
    assert.deepEqual(toned.body, { enabled: true, name: 'Ada', tone: 'Warm and brief.', avoid: ['refunds'] });
  });

  it('answers from a published article, citing it with its address, typing meanwhile, under its name', async () => {
    const before = openai.requests.length;
    openai.script({ answer: 'ANSWER: Your tracking number is in the shipping email [1].\nSOURCES: 1' });
    const { client, conversationId } = await visitor();
    await client.say('m-1', 'Where is my parcel? I need the tracking number');
    const answer = await client.next('message', (frame) => frame.message.author.role === 'bot', SLOW_CI);
    assert.equal(answer.message.automation, 'ai');
    assert.equal(answer.message.clientId, 'bot-ai-1');
    assert.equal(answer.message.author.name, 'Ada');
    assert.equal(answer.message.text, 'Your tracking number is in the shipping email.');
    assert.deepEqual(answer.message.sources, [
      { title: 'Track your parcel', url: `${relay.publicUrl}/help/${siteKey}/en/track-parcel` },
    ]);
    assert.deepEqual(answer.message.buttons, [{ label: 'Talk to a person', id: 'handover' }]);
    const typing = client.frames.filter((frame) => frame.type === 'typing');
    assert.deepEqual(
      typing.map((frame) => frame.type === 'typing' && [frame.author.role, frame.active]),
      [
        ['bot', true],
        ['bot', false],
      ],
    );
    // One call, its prompt the site's published sources only, in the format asked.
    const sent = openai.requests.slice(before);
    assert.equal(sent.length, 1);
    assert.match(sent[0]!.raw, /Track your parcel/);
    assert.match(sent[0]!.raw, /ANSWER: <your answer>/);
    assert.match(sent[0]!.raw, /Warm and brief/);
    assert.match(sent[0]!.raw, /refunds/);
    assert.doesNotMatch(sent[0]!.raw, /nobody may see/, 'a draft is never a source');
    assert.doesNotMatch(sent[0]!.raw, /vault|Another site/, 'another site’s article is never a source');
    // The answer comes back with its sources in the history and the inbox's conversation API.
    const page = await relay.call('GET', `/v1/admin/conversations/${conversationId}/messages`);
    const stored = (page.body.items as Message[]).find((message) => message.clientId === 'bot-ai-1');
    assert.deepEqual(stored?.sources, answer.message.sources);
    // Counted as the agent's usage.
    const usage = await relay.call('GET', '/v1/admin/ai/usage');
    assert.ok(usage.body.features.some((feature: { feature: string }) => feature.feature === 'agent'));
  });

  it('leaves a question an FAQ entry answers directly to the FAQ, without asking the model', async () => {
    const before = openai.requests.length;
    const { client } = await visitor();
    await client.say('m-1', 'Change password');
    const answer = await client.next('message', (frame) => frame.message.author.role === 'bot', SLOW_CI);
    assert.equal(answer.message.automation, 'faq');
    await settle();
    assert.equal(openai.requests.length, before);
  });

  it('gives older widgets the sources as lines of text', async () => {
    openai.script({ answer: 'ANSWER: Send it back within 30 days.\nSOURCES: 1' });
    const { client, welcome } = await TestClient.hello(
      relay.wsUrl,
      { siteKey, context: { locale: 'en-US' } },
      { protocol: 'parley.v2' },
    );
    clients.push(client);
    await client.say('m-1', 'How do I return a parcel?');
    const answer = await client.next('message', (frame) => frame.message.author.role === 'bot', SLOW_CI);
    assert.equal(answer.message.sources, undefined);
    assert.equal(
      answer.message.text,
      `Send it back within 30 days.\n🔗 Return a parcel: ${relay.publicUrl}/help/${siteKey}/en/return-parcel`,
    );
    assert.ok(welcome.conversationId);
  });

  it('says so when nothing is related, without asking the model, and hands over the second time', async () => {
    const before = openai.requests.length;
    openai.script({ answer: 'The visitor asked about bicycles and helmets; nothing answered yet.' });
    const { client, conversationId } = await visitor();
    await client.say('m-1', 'Do you sell bicycles?');
    const unsure = await client.next('message', (frame) => frame.message.author.role === 'bot', SLOW_CI);
    assert.equal(unsure.message.automation, 'ai-unsure');
    assert.equal(
      unsure.message.text,
      "I couldn't find an answer to that in our help articles. Someone from the team can help you.",
    );
    assert.deepEqual(unsure.message.buttons, [{ label: 'Talk to a person', id: 'handover' }]);
    await settle();
    assert.equal(openai.requests.length, before, 'no model call to guess');

    await client.say('m-2', 'And helmets, do you sell helmets?');
    const handedOver = await client.next('message', (frame) => frame.message.automation === 'handover', SLOW_CI);
    assert.equal(handedOver.message.author.role, 'bot');
    await until(async () => (await botMessages(conversationId)).some((m) => m.kind === 'note'), 'the summary note');
    await settle();
    const note = (await botMessages(conversationId)).find((message) => message.kind === 'note')!;
    assert.equal(note.text, 'Summary (AI): The visitor asked about bicycles and helmets; nothing answered yet.');
    assert.ok(!client.frames.some((frame) => frame.type === 'message' && frame.message.kind === 'note'));
    const record = await relay.admin.repos.conversations.getConversation('default', conversationId);
    assert.ok(record!.labels.includes('handover'));
    // The only call was the summary's.
    assert.equal(openai.requests.length, before + 1);
  });

  it('hands over at once when the visitor asks for a person in their words, then stays silent', async () => {
    const before = openai.requests.length;
    openai.script({ answer: 'Wants a person.' });
    const { client, conversationId } = await visitor();
    await client.say('m-1', 'I want to talk to a human please');
    const handedOver = await client.next('message', (frame) => frame.message.automation === 'handover', SLOW_CI);
    assert.equal(handedOver.message.author.role, 'bot');
    await until(async () => (await botMessages(conversationId)).some((m) => m.kind === 'note'), 'the summary note');
    await client.say('m-2', 'Where is my parcel? I need the tracking number');
    await settle();
    const said = (await botMessages(conversationId)).filter((message) => message.kind === 'text');
    assert.deepEqual(
      said.map((message) => message.automation),
      ['handover'],
    );
    assert.equal(openai.requests.length, before + 1, 'only the summary asked the model');
  });

  it('hands over when the model says the visitor wants a person', async () => {
    openai.script({ answer: 'PERSON' }, { answer: 'Summary.' });
    const { client } = await visitor();
    await client.say('m-1', 'My parcel tracking number is wrong, get me somebody from your team');
    const handedOver = await client.next('message', (frame) => frame.message.automation === 'handover', SLOW_CI);
    assert.equal(handedOver.message.author.role, 'bot');
    await settle();
  });

  it('drops an answer when staff reply while the model is answering', async () => {
    const before = openai.requests.length;
    openai.script({ answer: 'ANSWER: It is in the email.\nSOURCES: 1', delayMs: 150 });
    const { client, conversationId } = await visitor();
    await client.say('m-1', 'Where is my parcel? I need the tracking number');
    await until(() => openai.requests.length > before, 'the model asked');
    const staff = await relay.call('POST', `/v1/admin/conversations/${conversationId}/messages`, {
      id: 'staff-1',
      text: 'Let me check that for you.',
    });
    assert.equal(staff.status, 201, JSON.stringify(staff.body));
    await settle();
    assert.deepEqual(await botMessages(conversationId), []);
  });

  it('stays silent in a conversation assigned to a person', async () => {
    const { client, conversationId } = await visitor();
    // The conversation is made by its first message: the agent off for it, then assigned, then on again.
    assert.equal((await relay.call('PUT', '/v1/admin/ai/agent', { enabled: false })).status, 200);
    await client.say('m-1', 'Hello');
    await settle();
    const grace = await relay.call('POST', '/v1/admin/tokens', { name: 'Grace', role: 'agent' });
    assert.equal(grace.status, 201, JSON.stringify(grace.body));
    const assigned = await relay.call('PATCH', `/v1/admin/conversations/${conversationId}`, {
      assigneeId: grace.body.id,
    });
    assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
    assert.equal((await relay.call('PUT', '/v1/admin/ai/agent', { enabled: true })).status, 200);
    const before = openai.requests.length;
    await client.say('m-2', 'Where is my parcel? I need the tracking number');
    await settle();
    assert.deepEqual(await botMessages(conversationId), []);
    assert.equal(openai.requests.length, before);
  });

  it('falls back to the FAQ’s articles when the provider fails, times out or the budget is used up', async () => {
    const cases: Array<[string, () => Promise<void>]> = [
      ['500', async () => openai.script({ status: 500 }, { status: 500 })],
      ['timeout', async () => openai.script({ hang: true }, { hang: true })],
      [
        'budget',
        async () => {
          const spent = await relay.call('PUT', '/v1/admin/ai', { enabled: true, monthlyTokenBudget: 1 });
          assert.equal(spent.status, 200, JSON.stringify(spent.body));
        },
      ],
    ];
    for (const [name, arrange] of cases) {
      await arrange();
      const { client } = await visitor();
      await client.say('m-1', 'Where is my parcel? I need the tracking number');
      const fallback = await client.next('message', (frame) => frame.message.author.role === 'bot', SLOW_CI);
      assert.equal(fallback.message.automation, 'faq-articles', name);
      assert.match(fallback.message.text, /Track your parcel/, name);
      await settle();
    }
    assert.equal((await relay.call('PUT', '/v1/admin/ai', { enabled: true, monthlyTokenBudget: null })).status, 200);
    // Without the FAQ, the visitor still hears that a person will read it.
    const automations = { ...faqOnlySettings, faq: { enabled: false } };
    assert.equal((await relay.call('PUT', '/v1/admin/automations', automations)).status, 200);
    openai.script({ status: 500 }, { status: 500 });
    const { client } = await visitor();
    await client.say('m-1', 'Where is my parcel? I need the tracking number');
    const unavailable = await client.next('message', (frame) => frame.message.author.role === 'bot', SLOW_CI);
    assert.equal(unavailable.message.automation, 'ai-unavailable');
    assert.deepEqual(unavailable.message.buttons, [{ label: 'Talk to a person', id: 'handover' }]);
    await settle();
    assert.equal((await relay.call('PUT', '/v1/admin/automations', faqOnlySettings)).status, 200);
  });

  it('sends no email, card or phone number of the conversation to the provider', async () => {
    const before = openai.requests.length;
    openai.script({ answer: 'ANSWER: We will write to [EMAIL_1] about it.\nSOURCES: 1' });
    const { client } = await visitor({ name: 'Jane Roe', email: 'jane.roe@example.com' });
    await client.say(
      'm-1',
      'My card 4242 4242 4242 4242 paid for the parcel, where is the tracking number? Write to jane.roe@example.com or call +44 20 7946 0958',
    );
    const answer = await client.next('message', (frame) => frame.message.automation === 'ai', SLOW_CI);
    assert.equal(answer.message.text, 'We will write to jane.roe@example.com about it.');
    await settle();
    const sent = openai.requests.slice(before).map((request) => request.raw);
    assert.equal(sent.length, 1);
    for (const leaked of ['4242424242424242', '4242 4242', 'jane.roe@example.com', 'Jane', 'Roe', '7946'])
      assert.ok(!sent[0]!.includes(leaked), `${leaked} reached the provider`);
  });

  it('folds the messages a visitor writes while it answers into one job, which answers the latest', async () => {
    const before = openai.requests.length;
    openai.script(
      { answer: 'ANSWER: It is in the shipping email.\nSOURCES: 1', delayMs: 150 },
      { answer: 'ANSWER: Send it back within 30 days with the prepaid label.\nSOURCES: 1' },
    );
    const { client, conversationId } = await visitor();
    await client.say('m-1', 'Where is my parcel? I need the tracking number');
    await until(() => openai.requests.length > before, 'the model asked');
    // While the model answers the first, four more: the first of them writes a job, the next three fold into it.
    for (const [id, text] of [
      ['m-2', 'Hello?'],
      ['m-3', 'It was a blue parcel'],
      ['m-4', 'Sorry, one more thing'],
      ['m-5', 'And how do I return a parcel?'],
    ] as const)
      await client.say(id, text);
    await settle();
    const jobs = (await relay.admin.repos.outbox.listOutbox('default', { kind: 'ai.answer' }, 500)).items.filter(
      (job) => job.conversationId === conversationId,
    );
    assert.equal(jobs.length, 2, JSON.stringify(jobs));
    const stored = await relay.store.messagesAfter(conversationId, 0, 100, { includeNotes: false });
    const latest = stored.find((message) => message.clientId === 'm-5')!;
    const answers = stored.filter((message) => message.automation === 'ai');
    assert.deepEqual(
      answers.map((message) => [message.clientId, message.text]),
      [
        ['bot-ai-1', 'It is in the shipping email.'],
        [`bot-ai-${latest.seq}`, 'Send it back within 30 days with the prepaid label.'],
      ],
    );
    assert.equal(openai.requests.length, before + 2, 'the model asked once for the four');
    assert.match(openai.requests.at(-1)!.raw, /how do I return a parcel/);
  });

  it('falls back to the FAQ for the latest message of a burst when the provider fails on it, not for the first', async () => {
    const before = openai.requests.length;
    openai.script(
      { answer: 'ANSWER: It is in the shipping email.\nSOURCES: 1', delayMs: 150 },
      { status: 500 },
      { status: 500 },
    );
    const { client, conversationId } = await visitor();
    await client.say('m-1', 'Where is my parcel? I need the tracking number');
    await until(() => openai.requests.length > before, 'the model asked');
    // While the model answers: a greeting no article answers writes the next job, the question folds into it.
    await client.say('m-2', 'Hello?');
    await client.say('m-3', 'And how do I return a parcel?');
    await settle();
    const written = (await botMessages(conversationId)).map((message) => [message.automation, message.text]);
    assert.equal(written.length, 2, JSON.stringify(written));
    assert.deepEqual(written[0], ['ai', 'It is in the shipping email.']);
    assert.equal(written[1]![0], 'faq-articles', JSON.stringify(written));
    assert.match(written[1]![1]!, /Return a parcel/);
  });

  it('stores one answer when its job runs twice', async () => {
    openai.fallback = { answer: 'ANSWER: In the shipping email.\nSOURCES: 1' };
    const { client, conversationId } = await visitor();
    await client.say('m-1', 'Where is my parcel? I need the tracking number');
    await client.next('message', (frame) => frame.message.automation === 'ai', SLOW_CI);
    await settle();
    // Delivered again, as after a relay died before recording the outcome.
    const payload = { conversationId, seq: 1, locale: 'en-US' };
    await relay.admin.repos.outbox.enqueueOutbox(
      [{ kind: 'ai.answer', siteId: 'default', key: `automation:${conversationId}`, conversationId, payload }],
      Date.now(),
    );
    const before = openai.requests.length;
    await settle();
    assert.equal(openai.requests.length, before, 'the provider is not asked again');
    const jobs = await relay.admin.repos.outbox.listOutbox('default', { kind: 'ai.answer' }, 500);
    const runs = jobs.items.filter((job) => job.conversationId === conversationId);
    assert.equal(runs.length, 2);
    assert.ok(
      runs.some((job) => /already answered/.test(job.detail ?? '')),
      JSON.stringify(runs),
    );
    const answers = (await botMessages(conversationId)).filter((message) => message.automation === 'ai');
    assert.equal(answers.length, 1);
  });

  it('adds the summary note to a hand-over the visitor asks for with the button under its answer', async () => {
    openai.script(
      { answer: 'ANSWER: It is in the shipping email.\nSOURCES: 1' },
      { answer: 'The visitor read the answer and wants a person.' },
    );
    const { client, conversationId } = await visitor();
    await client.say('m-1', 'Where is my parcel? I need the tracking number');
    const answer = await client.next('message', (frame) => frame.message.automation === 'ai', SLOW_CI);
    const reply = { seq: answer.message.seq, id: 'handover' };
    await client.say(`reply-${reply.seq}`, 'Talk to a person', { reply });
    await client.next('message', (frame) => frame.message.automation === 'handover', SLOW_CI);
    await until(async () => (await botMessages(conversationId)).some((m) => m.kind === 'note'), 'the summary note');
    const note = (await botMessages(conversationId)).find((message) => message.kind === 'note')!;
    assert.equal(note.text, 'Summary (AI): The visitor read the answer and wants a person.');
    await settle();
  });

  // Last: with routing on, conversations opened while an agent is online are theirs, and the bot stays silent there.
  it('routes the conversation it hands over to an agent online, labelled, with the summary note', async () => {
    const routing = { mode: 'round-robin', defaultCapacity: 10, reassignAfterMinutes: null, sla: null };
    assert.equal((await relay.call('PUT', '/v1/admin/routing', routing)).status, 200);
    openai.fallback = { answer: 'The visitor wants a person about a parcel.' };
    const { client, conversationId } = await visitor();
    // Opened while nobody is online: routing leaves it to the bot.
    await client.say('m-1', 'Hello there');
    await client.next('message', (frame) => frame.message.author.role === 'bot', SLOW_CI);
    await settle();
    const made = await relay.call('POST', '/v1/admin/tokens', { name: 'Hedy', role: 'agent' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const { client: agent } = await TestClient.hello(relay.wsUrl, { staffToken: made.body.token });
    clients.push(agent);
    await until(async () => {
      const staff = (await relay.call('GET', '/v1/admin/routing')).body.staff as Array<{ id: string; online: boolean }>;
      return staff.some((member) => member.id === made.body.id && member.online);
    }, 'the agent online');

    await client.say('m-2', "I'd like to speak with a real person");
    await client.next('message', (frame) => frame.message.automation === 'handover', SLOW_CI);
    const update = await agent.next(
      'conversation',
      (frame) => frame.conversation.id === conversationId && frame.conversation.assigneeId === made.body.id,
      SLOW_CI,
    );
    assert.equal(update.conversation.assigneeId, made.body.id);
    await until(async () => {
      const record = await relay.admin.repos.conversations.getConversation('default', conversationId);
      return record!.labels.includes('handover') && record!.assigneeId === made.body.id;
    }, 'labelled and assigned');
    await until(async () => (await botMessages(conversationId)).some((m) => m.kind === 'note'), 'the summary note');
    const note = (await botMessages(conversationId)).find((message) => message.kind === 'note')!;
    assert.equal(note.text, 'Summary (AI): The visitor wants a person about a parcel.');
    // The agent sees the note live; the visitor never does.
    await agent.next('message', (frame) => frame.message.kind === 'note', SLOW_CI);
    await settle();
    assert.ok(!client.frames.some((frame) => frame.type === 'message' && frame.message.kind === 'note'));
  });
});

describe('the AI agent’s reading of a model’s answer, and of a visitor asking for a person', () => {
  it('reads the three forms defensively, trusting an answer only for the sources it cites', () => {
    const cases: Array<[string, number, ReturnType<typeof parseAgentReply>]> = [
      ['ANSWER: It is in the email.\nSOURCES: 1', 2, { kind: 'answer', text: 'It is in the email.', cited: [1] }],
      [
        '```\n**ANSWER:** Two steps [2].\nSecond line [1, 2].\n**Sources:** 2, 9\n```',
        2,
        {
          kind: 'answer',
          text: 'Two steps.\nSecond line.',
          cited: [2, 1],
        },
      ],
      ['answer: lower case [1]', 1, { kind: 'answer', text: 'lower case', cited: [1] }],
      ['It is in the email [1].', 1, { kind: 'answer', text: 'It is in the email.', cited: [1] }],
      ['It is in the email.', 1, { kind: 'unknown' }],
      ['ANSWER: Made up.\nSOURCES: 7', 2, { kind: 'unknown' }],
      ['ANSWER:\nSOURCES: 1', 1, { kind: 'unknown' }],
      ['UNKNOWN', 2, { kind: 'unknown' }],
      ['  **PERSON**', 2, { kind: 'person' }],
      ['', 2, { kind: 'unknown' }],
    ];
    for (const [raw, sources, expected] of cases) assert.deepEqual(parseAgentReply(raw, sources), expected, raw);
    const long = parseAgentReply(`ANSWER: ${'a'.repeat(5000)}\nSOURCES: 1`, 1);
    assert.equal(long.kind === 'answer' && long.text.length, 2000);
  });

  it('hears a visitor asking for a person in the main languages, and not a mere mention', () => {
    for (const text of [
      'I want to talk to a human',
      'Can I speak with a real person please?',
      'human please',
      'Je voudrais parler à quelqu’un',
      'Puis-je parler à un conseiller ?',
      'Quiero hablar con una persona',
      'Ich möchte mit einem Mitarbeiter sprechen',
      'Quero falar com um atendente',
      'Vorrei parlare con un operatore',
      'أريد التحدث إلى موظف',
    ])
      assert.ok(asksForPerson(text), text);
    for (const text of [
      'Where is my parcel?',
      'Je vais parler à une amie de votre produit',
      'The person who ordered it is my brother',
      'Is there a human-readable invoice?',
    ])
      assert.ok(!asksForPerson(text), text);
  });
});
