/**
 * Rules and macros' findings of the security review (issue #80, docs/rules.md), run on SQLite
 * (`test/rules-security.test.ts`) and PostgreSQL (`test-services/rules-security-postgres.test.ts`): what rules and
 * macros write is screened, the run log shows only what its reader may see, personal macros call no webhook without
 * the right, a site's `matches` patterns are capped, and attribute conditions can ask for verified values only.
 * A real relay on port 0, real sockets, signed-in members.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StartOptions } from '../../src/index.js';
import { MAX_SITE_PATTERNS } from '../../src/rules/rules-routes.js';
import { identified } from '../attributes-scenarios.js';
import { invite, setUpOwner, type Browser } from './auth-browser.js';
import { TestClient } from './client.js';
import { identitySecret, siteKey, startDesk, type Desk } from './desk.js';
import { until } from './until.js';
import { WebhookReceiver } from './webhook-receiver.js';

const CARD = '4242 4242 4242 4242';

export function rulesSecuritySuite(name: string, options: () => Promise<StartOptions> | StartOptions): void {
  describe(`rules and macros (${name}): issue #80`, () => {
    let relay: Desk;
    let receiver: WebhookReceiver;
    let owner: Browser;
    let ana: Browser;
    let anaId: string;
    const visitors: TestClient[] = [];

    before(async () => {
      receiver = await WebhookReceiver.start();
      relay = await startDesk({
        identitySecret,
        ipRateLimitPerSecond: 0,
        adminRateLimitBurst: 0,
        newConversationsPerAddressPerHour: 10_000,
        webhookAllowPrivate: true,
        outboxTiming: { pollMs: 50 },
        ...(await options()),
      });
      owner = await setUpOwner(relay);
      ana = await invite(relay, owner, 'agent', 'ana@example.com', 'ana password 1234');
      anaId = (await ana.call('GET', '/v1/admin/me')).body.id;
      // Routing off: nothing assigns the conversations but these tests.
      const routing = await owner.call('GET', '/v1/admin/routing');
      await owner.call('PUT', '/v1/admin/routing', { ...routing.body.settings, mode: 'manual' });
    });
    after(async () => {
      for (const client of visitors) client.close();
      await relay.close();
      await receiver.close();
    });

    async function visitor(text: string, hello: Record<string, unknown> = {}): Promise<string> {
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, ...hello }, { protocol: 'parley.v2' });
      await client.say(`m-${visitors.length}`, text);
      visitors.push(client);
      return welcome.conversationId!;
    }
    async function clearRules(): Promise<void> {
      for (const rule of (await owner.call('GET', '/v1/admin/rules')).body.items)
        assert.equal((await owner.call('DELETE', `/v1/admin/rules/${rule.id}`)).status, 204);
    }
    async function rule(body: Record<string, unknown>): Promise<string> {
      const made = await owner.call('POST', '/v1/admin/rules', { conditions: [], ...body });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      return made.body.id;
    }
    const messages = async (id: string) =>
      (await owner.call('GET', `/v1/admin/conversations/${id}/messages`)).body.items as Array<{
        text: string;
        kind: string;
        author: { role: string };
        redacted?: { kinds: string[] };
      }>;
    const bots = async (id: string) => (await messages(id)).filter((message) => message.author.role === 'bot');

    it('screens the messages and notes rules and macros write, as every message is', async () => {
      await clearRules();
      await rule({
        name: 'Card on file',
        trigger: 'message.visitor',
        conditions: [{ field: 'text', op: 'contains', value: 'order' }],
        actions: [
          { type: 'send_message', text: `We charged ${CARD}.` },
          { type: 'add_note', text: `Their card: ${CARD}` },
        ],
      });
      const id = await visitor('where is my order?');
      const written = await until(async () => {
        const found = await bots(id);
        return found.length === 2 ? found : undefined;
      }, 'the rule’s message and note');
      for (const message of written) {
        assert.ok(!message.text.includes(CARD), `stored as written: ${message.text}`);
        assert.match(message.text, /\[card ending 4242\]/);
        assert.deepEqual(message.redacted?.kinds, ['card']);
      }

      const reply = await owner.call('POST', '/v1/admin/canned-responses', {
        shortcut: 'card',
        text: `Your card ${CARD} is on file.`,
      });
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
      const macro = await owner.call('POST', '/v1/admin/macros', {
        name: 'Card reply',
        actions: [{ type: 'send_saved_reply', replyId: reply.body.id }],
      });
      assert.equal(macro.status, 201, JSON.stringify(macro.body));
      const ran = await ana.call('POST', `/v1/admin/conversations/${id}/macros/${macro.body.id}/run`);
      assert.equal(ran.status, 200, JSON.stringify(ran.body));
      // Written as Ana (the macro's sender by default), screened as what she types.
      const sent = (await messages(id)).at(-1)!;
      assert.equal(sent.author.role, 'staff');
      assert.ok(!sent.text.includes(CARD), `stored as written: ${sent.text}`);
      assert.match(sent.text, /\[card ending 4242\]/);
    });

    it('screens a scheduled message’s text when it is scheduled and when it is edited; sends it as screened', async () => {
      const id = await visitor('a question for later');
      const made = await ana.call('POST', `/v1/admin/conversations/${id}/scheduled`, {
        text: `Your card ${CARD} was charged.`,
        sendAt: Date.now() + 60 * 60_000,
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      assert.equal(made.body.text, 'Your card [card ending 4242] was charged.');
      const listed = (await ana.call('GET', `/v1/admin/conversations/${id}/scheduled`)).body.items;
      assert.ok(!JSON.stringify(listed).includes(CARD), 'kept in the clear until its time');
      // An edit is screened the same way, and moves it to its time (a moment from now) to see what is sent.
      const edited = await ana.call('PATCH', `/v1/admin/scheduled/${made.body.id}`, {
        text: `Refunded to ${CARD}.`,
        sendAt: Date.now() + 300,
      });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.equal(edited.body.text, 'Refunded to [card ending 4242].');
      const sent = await until(
        async () => (await messages(id)).find((message) => message.author.role === 'staff'),
        'the scheduled message sent',
      );
      assert.equal(sent.text, 'Refunded to [card ending 4242].');
      assert.deepEqual(sent.redacted?.kinds, ['card'], 'the message says what was replaced');
    });

    it('lists in the run log only the conversations the reader may see', async () => {
      await clearRules();
      const gone = await owner.call('POST', '/v1/admin/canned-responses', { shortcut: 'gone', text: 'gone' });
      const ruleId = await rule({
        name: 'Label and fail',
        trigger: 'message.visitor',
        conditions: [{ field: 'text', op: 'contains', value: 'runlog' }],
        actions: [
          { type: 'add_labels', labels: ['seen'] },
          { type: 'send_saved_reply', replyId: gone.body.id },
        ],
      });
      // The saved reply is gone by the time the rule fires: each firing fails, and says so in the last errors.
      assert.equal((await owner.call('DELETE', `/v1/admin/canned-responses/${gone.body.id}`)).status, 204);
      const mine = await visitor('runlog one');
      const theirs = await visitor('runlog two');
      await until(async () => {
        const runs = (await owner.call('GET', `/v1/admin/rules/${ruleId}/runs`)).body.items;
        return runs.length === 2 && runs.every((run: { status: string }) => run.status === 'failed') ? runs : undefined;
      }, 'both firings settled');
      assert.equal((await owner.call('PATCH', `/v1/admin/conversations/${mine}`, { assigneeId: anaId })).status, 200);
      const set = await owner.call('PUT', '/v1/admin/visibility', { mode: 'own', unassigned: false });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      try {
        const ids = (items: Array<{ conversationId: string | null }>) =>
          items.map((item) => item.conversationId).sort();
        assert.deepEqual(
          ids((await owner.call('GET', `/v1/admin/rules/${ruleId}/runs`)).body.items),
          [mine, theirs].sort(),
        );
        assert.deepEqual(ids((await ana.call('GET', `/v1/admin/rules/${ruleId}/runs`)).body.items), [mine]);
        const listed = async (browser: Browser) =>
          (await browser.call('GET', '/v1/admin/rules')).body.items.find((item: { id: string }) => item.id === ruleId)
            .runs;
        assert.deepEqual(ids((await listed(owner)).lastErrors), [mine, theirs].sort());
        const agents = await listed(ana);
        assert.deepEqual(ids(agents.lastErrors), [mine]);
        assert.equal(agents.fired, 2, 'the counts name no conversation');
      } finally {
        await owner.call('PUT', '/v1/admin/visibility', { mode: 'all', unassigned: true });
      }
    });

    it('lets a personal macro call a webhook only with the webhooks or automations right', async () => {
      const body = { name: 'Ping', actions: [{ type: 'call_webhook', url: receiver.url() }] };
      const refused = await ana.call('POST', '/v1/admin/me/macros', body);
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.match(refused.body.error.message, /body\.actions\.0: calling a webhook needs the webhooks\.manage/);
      const own = await ana.call('POST', '/v1/admin/me/macros', {
        name: 'Pend',
        actions: [{ type: 'set_status', status: 'pending' }],
      });
      assert.equal(own.status, 201, JSON.stringify(own.body));
      const changed = await ana.call('PATCH', `/v1/admin/me/macros/${own.body.id}`, { actions: body.actions });
      assert.equal(changed.status, 403, JSON.stringify(changed.body));
      assert.deepEqual(
        (await ana.call('GET', '/v1/admin/macros')).body.items
          .filter((macro: { shared: boolean }) => !macro.shared)
          .map((macro: { name: string; actions: Array<{ type: string }> }) => [macro.name, macro.actions[0]!.type]),
        [['Pend', 'set_status']],
        'nothing saved',
      );
      // An owner may (and runs it).
      const owners = await owner.call('POST', '/v1/admin/me/macros', body);
      assert.equal(owners.status, 201, JSON.stringify(owners.body));
    });

    it('caps the matches patterns of a site’s rules, saying so, and saves nothing', async () => {
      await clearRules();
      const patterns = (from: number, n: number) =>
        Array.from({ length: n }, (_, i) => ({ field: 'text', op: 'matches', value: `\\bword${from + i}\\b` }));
      const perRule = 20;
      const full = Math.floor(MAX_SITE_PATTERNS / perRule);
      for (let r = 0; r < full; r++)
        await rule({
          name: `p${r}`,
          trigger: 'message.visitor',
          match: 'any',
          conditions: patterns(r * perRule, perRule),
          actions: [{ type: 'add_labels', labels: ['p'] }],
        });
      const over = await owner.call('POST', '/v1/admin/rules', {
        name: 'one too many',
        trigger: 'message.visitor',
        conditions: patterns(10_000, MAX_SITE_PATTERNS - full * perRule + 1),
        actions: [{ type: 'add_labels', labels: ['p'] }],
      });
      assert.equal(over.status, 409, JSON.stringify(over.body));
      assert.match(over.body.error.message, new RegExp(`at most ${MAX_SITE_PATTERNS} .matches. conditions`));
      assert.equal((await owner.call('GET', '/v1/admin/rules')).body.items.length, full);
      // Editing a rule counts the site's others, not its own old ones.
      const first = (await owner.call('GET', '/v1/admin/rules')).body.items[0];
      const patched = await owner.call('PATCH', `/v1/admin/rules/${first.id}`, { conditions: patterns(500, perRule) });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      await clearRules();
    });

    it('offers attribute conditions on verified values only: a visitor’s unsigned claim is then no value', async () => {
      await clearRules();
      const tier = await owner.call('POST', '/v1/admin/attributes', {
        key: 'tier',
        label: 'Tier',
        type: 'list',
        scope: 'contact',
        options: ['Free', 'Pro'],
      });
      assert.equal(tier.status, 201, JSON.stringify(tier.body));
      const condition = { field: 'attribute', scope: 'contact', key: 'tier', op: 'is', value: 'Pro' };
      const refused = await owner.call('POST', '/v1/admin/rules', {
        name: 'Bad',
        trigger: 'message.visitor',
        conditions: [{ ...condition, verified: 'yes' }],
        actions: [{ type: 'add_labels', labels: ['x'] }],
      });
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.match(refused.body.error.message, /body\.conditions\.0\.verified/);
      await rule({
        name: 'Pro, as claimed',
        trigger: 'message.visitor',
        conditions: [condition],
        actions: [{ type: 'add_labels', labels: ['pro-any'] }],
      });
      const verifiedOnly = await owner.call('POST', '/v1/admin/rules', {
        name: 'Pro, verified',
        trigger: 'message.visitor',
        conditions: [{ ...condition, verified: true }],
        actions: [{ type: 'add_labels', labels: ['pro-verified'] }],
      });
      assert.equal(verifiedOnly.status, 201, JSON.stringify(verifiedOnly.body));
      assert.equal(verifiedOnly.body.conditions[0].verified, true);
      const claim = await identified(relay, 'u-claim', { tier: 'Pro' }, false, 'first');
      const signed = await identified(relay, 'u-signed', { tier: 'Pro' }, true, 'first');
      visitors.push(claim.client, signed.client);
      const tierOf = async (contactId: string) =>
        ((await owner.call('GET', `/v1/admin/contacts/${contactId}/attributes`)).body.items ?? []).find(
          (item: { key: string }) => item.key === 'tier',
        );
      // The values are written a moment after the hello: the second message is surely tried on them.
      assert.equal((await until(() => tierOf(claim.contactId), 'the claim')).verified, false);
      assert.equal((await until(() => tierOf(signed.contactId), 'the signed value')).verified, true);
      await claim.client.say('claim-2', 'second');
      await signed.client.say('signed-2', 'second');
      const labels = async (id: string): Promise<string[]> =>
        (await owner.call('GET', `/v1/admin/conversations/${id}`)).body.labels;
      await until(async () => (await labels(signed.conversationId)).includes('pro-verified'), 'the verified rule');
      await until(async () => (await labels(claim.conversationId)).includes('pro-any'), 'the rule on any value');
      // Both rules' firings for the claim's second message are written in one batch: the one that held is there.
      assert.deepEqual((await labels(claim.conversationId)).sort(), ['pro-any']);
      assert.deepEqual((await labels(signed.conversationId)).sort(), ['pro-any', 'pro-verified']);
      await clearRules();
    });

    it('keeps the dry run to members with the automations right', async () => {
      const body = {
        rule: {
          name: 'Try',
          trigger: 'message.visitor',
          conditions: [],
          actions: [{ type: 'add_labels', labels: ['x'] }],
        },
        limit: 10,
      };
      const agents = await ana.call('POST', '/v1/admin/rules/dry-run', body);
      assert.equal(agents.status, 403, JSON.stringify(agents.body));
      assert.equal((await owner.call('POST', '/v1/admin/rules/dry-run', body)).status, 200);
    });
  });
}
