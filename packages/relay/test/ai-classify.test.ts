/**
 * The rule action "classify with AI" (issue #83, “Triage”; docs/ai.md, “Classify”): applied with the rule's other
 * changes or suggested in a note, only ever the site's own labels, teams and attribute options, every failure leaving
 * the conversation as it was with the reason in the run log, and nothing personal or another site's in the prompt.
 * A real relay, real sockets, the loopback OpenAI-compatible model server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readClassification } from '@parley/protocol/admin';
import { MAX_SITE_CALLS } from '../src/ai/classify/classify.js';
import { TestClient } from './support/client.js';
import { siteKey, startDesk, type Desk } from './support/desk.js';
import { startModelServer, type ModelServer } from './support/model-servers.js';
import { addOtherSite } from './support/other-site.js';
import { until } from './support/until.js';

const otherToken = 'st_other_admin_classify_0123456789abcdef';

describe('ai classify (rule action)', () => {
  let relay: Desk;
  let openai: ModelServer;
  let billing: string;
  const clients: TestClient[] = [];

  before(async () => {
    openai = await startModelServer('openai');
    relay = await startDesk({
      ipRateLimitPerSecond: 0,
      newConversationsPerAddressPerHour: 10_000,
      aiAllowPrivate: true,
      outboxTiming: { pollMs: 50 },
    });
    const ai = relay.use('ai')!;
    ai.limits = { firstByteMs: 400, idleMs: 400, totalMs: 3000, maxRetries: 0, backoffMs: 20, maxRetryAfterMs: 0 };
    ai.breaker = { threshold: 1000, cooldownMs: 300 };
    await addOtherSite(relay, 'pk_other_classify', otherToken);
    billing = (await relay.call('POST', '/v1/admin/teams', { name: 'Billing', memberIds: [] })).body.id;
    // The site's labels are those its conversations carry; the other site's never reach its prompts.
    const labelled = await visitor('seed');
    assert.equal(
      (await relay.call('PATCH', `/v1/admin/conversations/${labelled}`, { labels: ['billing', 'refund', 'shipping'] }))
        .status,
      200,
    );
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey: 'pk_other_classify' });
    clients.push(client);
    await client.say('o-1', 'other site');
    await relay.call(
      'PATCH',
      `/v1/admin/conversations/${welcome.conversationId}`,
      { labels: ['other-secret-label'] },
      otherToken,
    );
    await relay.call('POST', '/v1/admin/teams', { name: 'Other Secret Team', memberIds: [] }, otherToken);
    for (const definition of [
      { key: 'plan', label: 'Plan', type: 'list', scope: 'contact', options: ['Free', 'Pro'] },
      { key: 'order_number', label: 'Order number', type: 'number', scope: 'conversation' },
    ])
      assert.equal((await relay.call('POST', '/v1/admin/attributes', definition)).status, 201);
    await relay.call(
      'POST',
      '/v1/admin/attributes',
      { key: 'secret_tier', label: 'Secret tier', type: 'text', scope: 'conversation' },
      otherToken,
    );
    await useAi();
    // The rules start reading the message log near where it stood when a site first had a rule on messages: the
    // seed's message, if read, is fired on here (the warm-up's own message after it), not by the first test's rule.
    const warm = await relay.call('POST', '/v1/admin/rules', {
      name: 'Warm-up',
      trigger: 'message.visitor',
      conditions: [],
      actions: [{ type: 'set_priority', priority: 'low' }],
    });
    const warmed = await visitor('warm-up');
    await until(
      async () =>
        (await relay.call('GET', `/v1/admin/rules/${warm.body.id}/runs`)).body.items.some(
          (run: { conversationId: string; status: string }) => run.conversationId === warmed && run.status === 'done',
        ),
      'the warm-up rule’s run',
    );
  });
  after(async () => {
    for (const client of clients) client.close();
    await Promise.all([relay.close(), openai.close()]);
  });

  const useAi = (over: Record<string, unknown> = {}) =>
    relay.call('PUT', '/v1/admin/ai', {
      enabled: true,
      provider: 'openai',
      baseUrl: openai.baseUrl,
      model: 'gpt-test',
      monthlyTokenBudget: null,
      ...over,
    });

  /** A visitor's conversation (their message `text`), as `profile`. */
  async function visitor(text: string, profile: Record<string, unknown> = {}): Promise<string> {
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, ...profile });
    clients.push(client);
    await client.say('m-1', text);
    return welcome.conversationId!;
  }

  async function clearRules(): Promise<void> {
    for (const rule of (await relay.call('GET', '/v1/admin/rules')).body.items)
      assert.equal((await relay.call('DELETE', `/v1/admin/rules/${rule.id}`)).status, 204);
  }

  /** A rule on visitor messages with `actions`; a visitor writes `text`; resolves once the rule's run is logged. */
  async function fire(actions: unknown[], text: string, profile: Record<string, unknown> = {}) {
    await clearRules();
    const made = await relay.call('POST', '/v1/admin/rules', {
      name: 'Triage',
      trigger: 'message.visitor',
      conditions: [],
      actions,
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const id = await visitor(text, profile);
    const run = await until(async () => {
      const runs = (await relay.call('GET', `/v1/admin/rules/${made.body.id}/runs`)).body.items as Array<{
        conversationId: string;
        status: string;
        detail: string | null;
      }>;
      return runs.find((each) => each.conversationId === id && each.status !== 'pending');
    }, 'the rule’s run');
    const conversation = (await relay.call('GET', `/v1/admin/conversations/${id}`)).body;
    return { id, run, conversation };
  }

  const answer = (json: unknown) => ({ answer: JSON.stringify(json), usage: { input: 30, output: 10 } });

  it('applies the labels, priority, team and attributes it chose with the rule’s other changes, in one write', async () => {
    openai.script(
      answer({
        labels: ['Billing', 'refund'],
        priority: 'high',
        team: 'billing',
        attributes: { 'contact.plan': 'pro', 'conversation.order_number': '1234' },
      }),
    );
    const before = openai.requests.length;
    const { id, run, conversation } = await fire(
      [
        {
          type: 'ai_classify',
          classify: ['labels', 'priority', 'team'],
          attributes: [
            { scope: 'contact', key: 'plan' },
            { scope: 'conversation', key: 'order_number' },
          ],
          mode: 'apply',
        },
        { type: 'add_labels', labels: ['triaged'] },
      ],
      'I was charged twice for order 1234 on the Pro plan, please refund',
    );
    assert.equal(run.status, 'done', run.detail ?? '');
    // The run log says what the model chose.
    assert.match(
      run.detail!,
      /^ai_classify: done: Labels: billing, refund · Priority: high · Team: Billing · Plan: Pro · Order number: 1234; add_labels: done$/,
    );
    assert.deepEqual([...conversation.labels].sort(), ['billing', 'refund', 'triaged']);
    assert.equal(conversation.priority, 'high');
    assert.equal(conversation.teamId, billing);
    const attributes = (await relay.call('GET', `/v1/admin/conversations/${id}/attributes`)).body;
    const values = (scope: 'contact' | 'conversation') =>
      Object.fromEntries(
        attributes[scope].items.map((item: { key: string; value: unknown; source: string }) => [
          item.key,
          [item.value, item.source],
        ]),
      );
    assert.deepEqual(values('conversation'), { order_number: [1234, 'staff'] });
    assert.deepEqual(values('contact'), { plan: ['Pro', 'staff'] });
    // One change: the classification and the label after it are one timeline entry.
    const audit = (await relay.call('GET', '/v1/admin/audit?action=conversation.update')).body.items.filter(
      (entry: { targetId: string }) => entry.targetId === id,
    );
    assert.equal(audit.length, 1, JSON.stringify(audit));
    // The values it read are audited as the rule's, by key only.
    const written = (await relay.call('GET', '/v1/admin/audit?action=attributes.set')).body.items.filter(
      (entry: { targetId: string }) => entry.targetId === id || entry.targetId === conversation.visitor.id,
    );
    assert.deepEqual(
      written.map((entry: { actorName: string; targetType: string; details: unknown }) => [
        entry.actorName,
        entry.targetType,
        entry.details,
      ]),
      [
        ["Rule 'Triage' (AI)", 'contact', { keys: ['plan'] }],
        ["Rule 'Triage' (AI)", 'conversation', { keys: ['order_number'] }],
      ],
    );
    // What the model was offered: the site's own labels, the priorities, its team, the attributes' definitions.
    assert.equal(openai.requests.length, before + 1);
    const prompt = openai.requests.at(-1)!.raw;
    for (const offered of ['billing', 'refund', 'shipping', 'urgent', 'Billing', 'contact.plan', 'Free', 'Pro'])
      assert.ok(prompt.includes(offered), `${offered} was not offered`);
    const month = new Date().toISOString().slice(0, 7);
    const usage = (await relay.call('GET', `/v1/admin/ai/usage?month=${month}`)).body;
    const classify = usage.features.find((feature: { feature: string }) => feature.feature === 'classify');
    assert.equal(classify?.calls, 1);
    assert.equal(usage.recent[0].feature, 'classify');
  });

  it('suggests in a private note (words and data) and changes nothing', async () => {
    openai.script(answer({ labels: ['shipping'], priority: 'low', team: 'Billing' }));
    const { id, run, conversation } = await fire(
      [{ type: 'ai_classify', classify: ['labels', 'priority', 'team'], mode: 'suggest' }],
      'Where is my parcel?',
    );
    assert.equal(run.status, 'done', run.detail ?? '');
    assert.match(run.detail!, /suggested Labels: shipping · Priority: low · Team: Billing/);
    assert.deepEqual(conversation.labels, []);
    assert.equal(conversation.priority, 'none');
    assert.equal(conversation.teamId ?? null, null);
    const notes = (await relay.call('GET', `/v1/admin/conversations/${id}/messages`)).body.items.filter(
      (message: { kind: string }) => message.kind === 'note',
    );
    assert.equal(notes.length, 1);
    assert.equal(notes[0].automation, 'ai_classify');
    assert.equal(notes[0].author.role, 'bot');
    const read = readClassification(notes[0].text);
    assert.ok(read, notes[0].text);
    assert.match(read.words, /^AI suggests — Labels: shipping/);
    assert.deepEqual(read.classification, {
      labels: ['shipping'],
      priority: 'low',
      team: { id: billing, name: 'Billing' },
    });
  });

  it('drops labels, teams and options the site does not have, never creating one', async () => {
    openai.script(
      answer({
        labels: ['vip-invented', 'other-secret-label'],
        team: 'Other Secret Team',
        priority: 'catastrophic',
        attributes: { 'contact.plan': 'Platinum', 'conversation.secret_tier': 'gold' },
      }),
    );
    const { run, conversation } = await fire(
      [
        {
          type: 'ai_classify',
          classify: ['labels', 'team', 'priority'],
          attributes: [{ scope: 'contact', key: 'plan' }],
          mode: 'suggest',
        },
      ],
      'Help',
    );
    assert.equal(run.status, 'done', run.detail ?? '');
    assert.match(run.detail!, /suggested nothing/);
    for (const dropped of ['vip-invented', 'other-secret-label', 'Other Secret Team', 'catastrophic', 'contact.plan'])
      assert.ok(run.detail!.includes(dropped), `${dropped} not said dropped: ${run.detail}`);
    assert.deepEqual(conversation.labels, []);
    assert.equal(conversation.teamId ?? null, null);
    const labels = await relay.call('GET', '/v1/admin/conversations?label=vip-invented');
    assert.equal(labels.body.items.length, 0);
  });

  for (const [what, script, reason] of [
    ['a malformed answer', { answer: 'Sure! The labels are billing and refund.' }, /not JSON/],
    ['a provider failure', { status: 500 }, /ai_classify: AI: .*Nothing was changed/],
  ] as const)
    it(`leaves the conversation unchanged on ${what}, says why, and runs the other actions`, async () => {
      openai.script(script);
      const { run, conversation } = await fire(
        [
          { type: 'ai_classify', classify: ['labels', 'priority'], mode: 'apply' },
          { type: 'add_labels', labels: ['seen'] },
        ],
        'My invoice is wrong',
      );
      assert.equal(run.status, 'failed');
      assert.match(run.detail!, reason);
      assert.match(run.detail!, /add_labels: done/);
      assert.deepEqual(conversation.labels, ['seen']);
      assert.equal(conversation.priority, 'none');
    });

  it('leaves it unchanged when the budget is used up or AI is off, without calling the provider', async () => {
    const before = openai.requests.length;
    await useAi({ monthlyTokenBudget: 1 });
    const spent = await fire(
      [{ type: 'ai_classify', classify: ['priority'], mode: 'apply' }],
      'Urgent: the site is down',
    );
    assert.equal(spent.run.status, 'failed');
    assert.match(spent.run.detail!, /ai_classify: AI: .*budget/i);
    assert.equal(spent.conversation.priority, 'none');
    await useAi({ enabled: false });
    const off = await fire([{ type: 'ai_classify', classify: ['priority'], mode: 'suggest' }], 'Urgent again');
    assert.equal(off.run.status, 'failed');
    assert.match(off.run.detail!, /ai_classify: AI: AI is turned off/);
    assert.equal(openai.requests.length, before, 'the provider was not called');
    await useAi();
  });

  it('keeps the contact’s name, email and phone and the other site’s values out of the prompt', async () => {
    openai.script(answer({ labels: ['refund'] }));
    const before = openai.requests.length;
    const { run } = await fire(
      [
        {
          type: 'ai_classify',
          classify: ['labels', 'team'],
          attributes: [{ scope: 'contact', key: 'plan' }],
          mode: 'suggest',
        },
      ],
      'Hi, Jane Roe here: write to jane.roe@example.com or call +44 20 7946 0958 about my refund',
      { name: 'Jane Roe', email: 'jane.roe@example.com' },
    );
    assert.equal(run.status, 'done', run.detail ?? '');
    const prompt = openai.requests.slice(before).map((request) => request.raw);
    assert.equal(prompt.length, 1);
    for (const leaked of ['jane.roe@example.com', 'Jane', 'Roe', '7946', 'other-secret-label', 'Other Secret Team'])
      assert.ok(!prompt[0]!.includes(leaked), `${leaked} reached the provider`);
    assert.ok(!prompt[0]!.includes('secret_tier'), 'the other site’s attribute reached the provider');
    assert.match(prompt[0]!, /\[EMAIL_1\]/);
    assert.match(prompt[0]!, /\[PHONE_1\]/);
  });

  it('holds no other conversation behind a provider that hangs: a site’s calls at once are capped, the rest wait', async () => {
    const ai = relay.use('ai')!;
    const limits = ai.limits;
    ai.limits = { ...limits, firstByteMs: 2500, totalMs: 5000 };
    openai.fallback = { hang: true };
    const before = openai.requests.length;
    try {
      await clearRules();
      const made = await relay.call('POST', '/v1/admin/rules', {
        name: 'Triage',
        trigger: 'message.visitor',
        conditions: [],
        actions: [
          { type: 'ai_classify', classify: ['priority'], mode: 'apply' },
          { type: 'add_labels', labels: ['seen'] },
        ],
      });
      const ids = await Promise.all(Array.from({ length: MAX_SITE_CALLS + 1 }, (_, n) => visitor(`hanging ${n}`)));
      const runs = async () =>
        (
          (await relay.call('GET', `/v1/admin/rules/${made.body.id}/runs`)).body.items as Array<{
            conversationId: string;
            status: string;
            detail: string | null;
          }>
        ).filter((run) => ids.includes(run.conversationId));
      // One firing over the cap is told at once (and tried again later), while the others' calls still hang.
      const busy = await until(
        async () => (await runs()).find((run) => run.status === 'failed' && /at their limit/.test(run.detail ?? '')),
        'the firing over the cap',
        { intervalMs: 100 },
      );
      await until(() => openai.requests.length - before >= MAX_SITE_CALLS, 'the calls at the provider');
      assert.equal(openai.requests.length - before, MAX_SITE_CALLS, 'only the cap’s calls reach the provider');
      const pending = (await runs()).filter((run) => run.conversationId !== busy.conversationId);
      assert.ok(
        pending.every((run) => run.status === 'pending'),
        JSON.stringify(pending),
      );
      // Each hanging call ends at its bound: the conversation unchanged by it, the rule's next action run.
      const ended = await until(
        async () => {
          const all = (await runs()).filter((run) => run.conversationId !== busy.conversationId);
          return all.length === MAX_SITE_CALLS && all.every((run) => run.status === 'failed') ? all : undefined;
        },
        'the hanging calls’ end',
        // Asked seldom: the admin API's per-member rate is not the subject here.
        { timeoutMs: 10_000, intervalMs: 200 },
      );
      for (const run of ended) assert.match(run.detail!, /ai_classify: AI: .*; add_labels: done/);
    } finally {
      openai.fallback = { answer: 'Hello from the model.' };
      ai.limits = limits;
    }
  });

  it('refuses at save what the schema cannot check, naming the field', async () => {
    await clearRules();
    const base = { name: 'x', trigger: 'message.visitor', conditions: [] };
    const refusals: Array<[unknown, RegExp]> = [
      [{ type: 'ai_classify', classify: [], mode: 'apply' }, /body\.actions\.0\.classify: name something/],
      [{ type: 'ai_classify', classify: ['labels', 'labels'], mode: 'apply' }, /body\.actions\.0\.classify/],
      [{ type: 'ai_classify', classify: ['mood'], mode: 'apply' }, /body\.actions\.0\.classify\.0/],
      [{ type: 'ai_classify', classify: ['labels'], mode: 'maybe' }, /body\.actions\.0\.mode/],
      [{ type: 'ai_classify', classify: ['labels'], mode: 'apply', extra: 1 }, /extra/],
      [
        { type: 'ai_classify', classify: [], attributes: [{ scope: 'contact', key: 'nope' }], mode: 'apply' },
        /body\.actions\.0\.attributes\.0\.key: no contact attribute nope on this site/,
      ],
      // Another site's attribute is no attribute of this one.
      [
        {
          type: 'ai_classify',
          classify: [],
          attributes: [{ scope: 'conversation', key: 'secret_tier' }],
          mode: 'apply',
        },
        /body\.actions\.0\.attributes\.0\.key: no conversation attribute secret_tier/,
      ],
    ];
    for (const [action, message] of refusals) {
      const refused = await relay.call('POST', '/v1/admin/rules', { ...base, actions: [action] });
      assert.equal(refused.status, 400, JSON.stringify(action));
      assert.match(refused.body.error.message, message, JSON.stringify(action));
    }
    assert.deepEqual((await relay.call('GET', '/v1/admin/rules')).body.items, []);
  });
});
