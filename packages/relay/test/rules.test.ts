/**
 * Rules and macros (issue #40, docs/rules.md): a site's own triggers, conditions and actions, each firing once per
 * event, never looping; the run log; the dry run; macros run by hand. Real relay, real sockets, real webhooks.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { StartOptions } from '../src/index.js';
import { TestClient } from './support/client.js';
import { siteKey, startDesk, type Desk } from './support/desk.js';
import { tempDir } from './support/temp.js';
import { until } from './support/until.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

const minute = 60_000;

describe('rules (admin API, engine)', () => {
  let relay: Desk;
  let receiver: WebhookReceiver;
  const clock = { offset: 0, now: () => Date.now() + clock.offset };
  let sales: string;
  let ana: { id: string; token: string };

  before(async () => {
    receiver = await WebhookReceiver.start();
    const options: StartOptions = {
      dataDir: tempDir('parley-rules-'),
      ipRateLimitPerSecond: 0,
      newConversationsPerAddressPerHour: 10_000,
      webhookAllowPrivate: true,
      clock: clock.now,
      outboxClock: clock.now,
      outboxTiming: { pollMs: 50 },
    };
    relay = await startDesk(options);
    ana = await relay.agent('Ana');
    const team = await relay.call('POST', '/v1/admin/teams', { name: 'Sales', memberIds: [ana.id] });
    assert.equal(team.status, 201, JSON.stringify(team.body));
    sales = team.body.id;
  });
  after(async () => {
    await relay.close();
    await receiver.close();
  });

  async function visitor(page: string, text: string, id = 'm-1') {
    const { client, welcome } = await TestClient.hello(
      relay.wsUrl,
      { siteKey, context: { url: page, locale: 'fr-CA' } },
      { protocol: 'parley.v2' },
    );
    await client.say(id, text);
    return { id: welcome.conversationId!, client };
  }

  async function clearRules() {
    for (const rule of (await relay.call('GET', '/v1/admin/rules')).body.items)
      assert.equal((await relay.call('DELETE', `/v1/admin/rules/${rule.id}`)).status, 204);
  }

  const conversation = async (id: string) => (await relay.call('GET', `/v1/admin/conversations/${id}`)).body;
  const messages = async (id: string) =>
    (await relay.call('GET', `/v1/admin/conversations/${id}/messages`)).body.items as Array<{
      text: string;
      kind: string;
      author: { role: string };
    }>;

  it('refuses a rule it could not run, naming the field, and stores nothing', async () => {
    await clearRules();
    const base = {
      name: 'x',
      trigger: 'message.visitor',
      conditions: [],
      actions: [{ type: 'add_labels', labels: ['a'] }],
    };
    const refusals: Array<[unknown, RegExp]> = [
      [{ ...base, name: '' }, /body\.name: a name is needed/],
      [{ ...base, trigger: 'sometimes' }, /body\.trigger: one of conversation\.created/],
      [{ ...base, trigger: 'conversation.idle' }, /body\.idleMinutes: a conversation\.idle rule needs idleMinutes/],
      [{ ...base, actions: [] }, /body\.actions: at least one action/],
      [
        { ...base, conditions: [{ field: 'text', op: 'matches', value: '(a)\\1' }] },
        /body\.conditions\.0\.value: not a valid pattern/,
      ],
      [{ ...base, conditions: [{ field: 'status', op: 'contains', value: 'open' }] }, /body\.conditions\.0\.op/],
      [{ ...base, conditions: [{ field: 'team', op: 'is' }] }, /body\.conditions\.0\.value: is needs a value/],
      [{ ...base, actions: [{ type: 'assign_team', teamId: 'tm_nope' }] }, /body\.actions\.0\.teamId: no such team/],
      [{ ...base, actions: [{ type: 'assign', staffId: 'st_nope' }] }, /body\.actions\.0\.staffId: no such member/],
      [
        { ...base, actions: [{ type: 'send_saved_reply', replyId: 'cr_nope' }] },
        /body\.actions\.0\.replyId: no such saved reply/,
      ],
      [{ ...base, actions: [{ type: 'call_webhook', url: 'ftp://x' }] }, /body\.actions\.0\.url/],
      [{ ...base, actions: [{ type: 'explode' }] }, /body\.actions\.0\.type/],
    ];
    for (const [body, message] of refusals) {
      const refused = await relay.call('POST', '/v1/admin/rules', body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.match(refused.body.error.message, message, JSON.stringify(body));
    }
    assert.deepEqual((await relay.call('GET', '/v1/admin/rules')).body.items, []);
    // Agents read rules, never write them.
    const byAgent = await relay.call('POST', '/v1/admin/rules', base, ana.token);
    assert.equal(byAgent.status, 403);
    assert.equal((await relay.call('GET', '/v1/admin/rules', undefined, ana.token)).status, 200);
  });

  it('fires on a visitor message whose conditions hold: labels, team, a bot message, once; the timeline says so', async () => {
    await clearRules();
    const made = await relay.call('POST', '/v1/admin/rules', {
      name: 'VIP',
      trigger: 'message.visitor',
      conditions: [
        { field: 'page_url', op: 'contains', value: '/pricing' },
        { field: 'language', op: 'is', value: 'fr' },
        { field: 'text', op: 'matches', value: '\\b(enterprise|volume)\\b' },
      ],
      actions: [
        { type: 'add_labels', labels: ['vip'] },
        { type: 'assign_team', teamId: sales },
        { type: 'set_priority', priority: 'high' },
        { type: 'send_message', text: 'Our sales team will be right with you.' },
      ],
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.runs.fired, 0);

    const hit = await visitor('https://shop.test/pricing', 'Do you offer ENTERPRISE plans?');
    const miss = await visitor('https://shop.test/blog', 'Do you offer enterprise plans?');
    await until(async () => (await conversation(hit.id)).labels?.includes('vip'), 'the rule to label it');
    await until(async () => (await messages(hit.id)).some((m) => m.author.role === 'bot'), 'the bot message');
    const after = await conversation(hit.id);
    assert.equal(after.teamId, sales);
    assert.equal(after.priority, 'high');
    // A later message of the conversation is an event of its own; this one does not match, and fires nothing.
    await hit.client.say('m-2', 'hello?');
    const events = (await relay.call('GET', `/v1/admin/conversations/${hit.id}/events`)).body.items;
    // The rule's changes, as the thread's timeline tells them: by the rule, the team by its name.
    assert.deepEqual(
      events.map(
        (event: {
          type: string;
          actor: { name: string };
          label?: string;
          team?: { name: string };
          priority?: string;
        }) => [event.actor.name, event.type, event.label ?? event.team?.name ?? event.priority],
      ),
      [
        ["Rule 'VIP'", 'team', 'Sales'],
        ["Rule 'VIP'", 'label_added', 'vip'],
        ["Rule 'VIP'", 'priority', 'high'],
      ],
    );
    // The other conversation did not match (page), and is untouched.
    const other = await conversation(miss.id);
    assert.deepEqual(other.labels, []);
    assert.equal(other.teamId ?? null, null);
    await until(async () => (await relay.call('GET', '/v1/admin/rules')).body.items[0].runs.fired === 1, 'the run log');
    const runs = await relay.call('GET', `/v1/admin/rules/${made.body.id}/runs`);
    assert.equal(runs.body.items.length, 1);
    assert.equal(runs.body.items[0].status, 'done');
    assert.equal(runs.body.items[0].conversationId, hit.id);
    assert.equal((await messages(hit.id)).filter((m) => m.author.role === 'bot').length, 1);
    hit.client.close();
    miss.client.close();
  });

  it('never loops: its own change does not fire it, and rules firing on each other stop at the depth limit', async () => {
    await clearRules();
    // A adds `a` when `b` is there; B adds `b` when `a` is there and removes `a`… each change fires the other.
    const a = await relay.call('POST', '/v1/admin/rules', {
      name: 'A',
      trigger: 'conversation.updated',
      conditions: [{ field: 'label', op: 'includes', value: 'ping' }],
      actions: [
        { type: 'remove_labels', labels: ['ping'] },
        { type: 'add_labels', labels: ['pong'] },
      ],
    });
    const b = await relay.call('POST', '/v1/admin/rules', {
      name: 'B',
      trigger: 'conversation.updated',
      conditions: [{ field: 'label', op: 'includes', value: 'pong' }],
      actions: [
        { type: 'remove_labels', labels: ['pong'] },
        { type: 'add_labels', labels: ['ping'] },
      ],
    });
    assert.equal(a.status, 201);
    assert.equal(b.status, 201);
    const { id, client } = await visitor('https://shop.test/', 'hi');
    assert.equal((await relay.call('PATCH', `/v1/admin/conversations/${id}`, { labels: ['ping'] })).status, 200);
    // Staff's change (depth 0) → A (1) → B (2) → A (3): stopped there.
    await until(async () => {
      const rules = (await relay.call('GET', '/v1/admin/rules')).body.items;
      return rules.reduce((sum: number, rule: { runs: { fired: number } }) => sum + rule.runs.fired, 0) === 3;
    }, 'three firings');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rules = (await relay.call('GET', '/v1/admin/rules')).body.items;
    assert.deepEqual(
      rules.map((rule: { name: string; runs: { fired: number } }) => [rule.name, rule.runs.fired]),
      [
        ['A', 2],
        ['B', 1],
      ],
    );
    assert.deepEqual((await conversation(id)).labels, ['pong']);
    client.close();
  });

  it('fires once per idle spell, and not again until something new happens', async () => {
    await clearRules();
    const made = await relay.call('POST', '/v1/admin/rules', {
      name: 'Close idle',
      trigger: 'conversation.idle',
      idleMinutes: 30,
      conditions: [{ field: 'status', op: 'is', value: 'pending' }],
      actions: [
        { type: 'add_note', text: 'Closed after 30 minutes without an answer.' },
        { type: 'set_status', status: 'resolved' },
      ],
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const { id, client } = await visitor('https://shop.test/', 'anyone?');
    const open = await visitor('https://shop.test/', 'still open');
    assert.equal((await relay.call('PATCH', `/v1/admin/conversations/${id}`, { status: 'pending' })).status, 200);
    const rules = relay.use('rules')!.rules;
    assert.equal(await rules.sweepIdle(), 0, 'not idle yet');
    clock.offset += 31 * minute;
    assert.equal(await rules.sweepIdle(), 1);
    assert.equal(await rules.sweepIdle(), 0, 'the same spell fires once');
    await until(async () => (await conversation(id)).status === 'resolved', 'resolved by the rule');
    const notes = (await messages(id)).filter((m) => m.kind === 'note');
    assert.equal(notes.length, 1);
    assert.equal((await conversation(open.id)).status, 'open', 'its condition (pending) does not hold');
    client.close();
    open.client.close();
  });

  it('dry-runs a rule on recent conversations, changing nothing', async () => {
    await clearRules();
    const { id, client } = await visitor('https://shop.test/pricing/enterprise', 'volume discount?');
    const before = await conversation(id);
    const tried = await relay.call('POST', '/v1/admin/rules/dry-run', {
      rule: {
        name: 'try',
        trigger: 'message.visitor',
        conditions: [{ field: 'page_url', op: 'contains', value: '/pricing/enterprise' }],
        actions: [{ type: 'add_labels', labels: ['enterprise'] }],
      },
      limit: 50,
    });
    assert.equal(tried.status, 200, JSON.stringify(tried.body));
    assert.ok(tried.body.checked >= 1);
    assert.deepEqual(
      tried.body.matches.map((match: { conversationId: string }) => match.conversationId),
      [id],
    );
    assert.deepEqual(tried.body.actions, ['Add labels: enterprise']);
    assert.deepEqual((await conversation(id)).labels, before.labels);
    client.close();
  });

  it('reorders (the rules named first, the others after in their order), and refuses an id twice or unknown', async () => {
    await clearRules();
    const ids: string[] = [];
    for (const name of ['one', 'two', 'three'])
      ids.push(
        (
          await relay.call('POST', '/v1/admin/rules', {
            name,
            trigger: 'message.staff',
            conditions: [],
            actions: [{ type: 'add_labels', labels: [name] }],
          })
        ).body.id,
      );
    const reordered = await relay.call('PUT', '/v1/admin/rules/order', { ids: [ids[2], ids[0], ids[1]] });
    assert.equal(reordered.status, 200);
    assert.deepEqual(
      reordered.body.items.map((rule: { name: string }) => rule.name),
      ['three', 'one', 'two'],
    );
    const moved = await relay.call('PUT', '/v1/admin/rules/order', { ids: [ids[1]] });
    assert.deepEqual(
      moved.body.items.map((rule: { name: string }) => rule.name),
      ['two', 'three', 'one'],
    );
    for (const [body, message] of [
      [{ ids: [ids[0], ids[0]] }, /body\.ids: each rule once/],
      [{ ids: ['ru_nope'] }, /body\.ids: no rule ru_nope/],
    ] as const) {
      const refused = await relay.call('PUT', '/v1/admin/rules/order', body);
      assert.equal(refused.status, 400);
      assert.match(refused.body.error.message, message);
    }
    assert.deepEqual(
      (await relay.call('GET', '/v1/admin/rules')).body.items.map((rule: { name: string }) => rule.name),
      ['two', 'three', 'one'],
    );
  });

  it('runs a macro as the member: changes as one, a message, a signed webhook; each outcome told', async () => {
    await clearRules();
    const shared = await relay.call('POST', '/v1/admin/macros', {
      name: 'Escalate',
      actions: [
        { type: 'set_priority', priority: 'urgent' },
        { type: 'assign', staffId: ana.id },
        { type: 'send_message', text: 'I have passed this to a specialist.' },
        { type: 'call_webhook', url: receiver.url() },
        { type: 'email_transcript' },
      ],
    });
    assert.equal(shared.status, 201, JSON.stringify(shared.body));
    // An agent keeps their own; shared ones are written by admins.
    const mineOnly = { name: 'Mine', actions: [{ type: 'set_status', status: 'pending' }] };
    assert.equal((await relay.call('POST', '/v1/admin/macros', mineOnly, ana.token)).status, 403);
    const own = await relay.call('POST', '/v1/admin/me/macros', mineOnly, ana.token);
    assert.equal(own.status, 201);
    assert.equal(own.body.shared, false);
    assert.deepEqual(
      (await relay.call('GET', '/v1/admin/macros', undefined, ana.token)).body.items.map(
        (m: { name: string }) => m.name,
      ),
      ['Escalate', 'Mine'],
    );
    assert.deepEqual(
      (await relay.call('GET', '/v1/admin/macros')).body.items.map((m: { name: string }) => m.name),
      ['Escalate'],
      'another member does not see an agent’s own',
    );
    // Each route writes its own kind: a shared macro is not changed through `me`, nor another's own at all.
    assert.equal(
      (await relay.call('PATCH', `/v1/admin/me/macros/${shared.body.id}`, { name: 'x' }, ana.token)).status,
      404,
    );
    assert.equal((await relay.call('PATCH', `/v1/admin/me/macros/${own.body.id}`, { name: 'x' })).status, 404);
    assert.equal((await relay.call('DELETE', `/v1/admin/macros/${shared.body.id}`, undefined, ana.token)).status, 403);
    const { id, client } = await visitor('https://shop.test/', 'help');
    const ran = await relay.call(
      'POST',
      `/v1/admin/conversations/${id}/macros/${shared.body.id}/run`,
      undefined,
      ana.token,
    );
    assert.equal(ran.status, 200, JSON.stringify(ran.body));
    assert.deepEqual(
      ran.body.results.map((result: { action: string; ok: boolean }) => [result.action, result.ok]),
      [
        ['set_priority', true],
        ['assign', true],
        ['send_message', true],
        ['call_webhook', true],
        // The visitor gave no email.
        ['email_transcript', false],
      ],
    );
    const after = await conversation(id);
    assert.equal(after.priority, 'urgent');
    assert.equal(after.assigneeId, ana.id);
    const call = receiver.requests.find((request) => JSON.parse(request.body).type === 'rule.action');
    assert.ok(call, 'the webhook was called');
    // Signed with the site's rules key, which admins read (agents may not).
    const signature = String(call.headers['parley-signature']);
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature)!;
    const { secret } = (await relay.call('GET', '/v1/admin/rules/webhook-secret')).body;
    assert.equal(createHmac('sha256', secret).update(`${t}.${call.body}`).digest('hex'), v1);
    assert.equal((await relay.call('GET', '/v1/admin/rules/webhook-secret', undefined, ana.token)).status, 403);
    assert.equal(JSON.parse(call.body).data.macro.name, 'Escalate');
    const events = (await relay.call('GET', `/v1/admin/conversations/${id}/events`)).body.items;
    assert.ok(
      events.some(
        (event: { type: string; actor: { name: string } }) => event.type === 'priority' && event.actor.name === 'Ana',
      ),
    );
    // Another member's own macro is not there for them.
    assert.equal((await relay.call('POST', `/v1/admin/conversations/${id}/macros/${own.body.id}/run`)).status, 404);
    client.close();
  });
});
