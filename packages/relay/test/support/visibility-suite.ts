/**
 * Who sees what's suite (issue #41, docs/accounts.md), run on SQLite (`test/visibility.test.ts`) and PostgreSQL
 * (`test-services/visibility-postgres.test.ts`): a real relay on port 0, real sockets, signed-in members.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCESS_CLOSE } from '@parley/protocol';
import type { StartOptions } from '../../src/index.js';
import { exampleOf } from '@parley/protocol/admin';
import { ADMIN_ROUTES } from './admin-routes.js';
import { Browser, invite, setUpOwner } from './auth-browser.js';
import { TestClient } from './client.js';
import { siteKey, startDesk, type Desk } from './desk.js';
import { until } from './until.js';

/**
 * Who sees what (issue #41): a site shows its agents all conversations, their teams' and their own, or their own, and
 * every door to a conversation holds to it. Ana is an agent in the Billing team; Bo an agent in none.
 *   mine:      assigned to Ana          billing:  unassigned, team Billing
 *   bos:       assigned to Bo           free:     unassigned, no team
 *   sales:     unassigned, team Sales (Ana is not in it)
 */
export function visibilitySuite(name: string, options: () => Promise<StartOptions> | StartOptions): void {
  describe(`visibility (${name}): agents see all, their teams’ and their own, or their own`, () => {
    let relay: Desk;
    let owner: Browser;
    let ana: Browser;
    let anaId: string;
    let boId: string;
    const ids: Record<'mine' | 'billing' | 'bos' | 'free' | 'sales', string> = {} as never;
    const visitors: Record<string, TestClient> = {};

    const setMode = async (mode: 'all' | 'team' | 'own', unassigned: boolean): Promise<void> => {
      const set = await owner.call('PUT', '/v1/admin/visibility', { mode, unassigned });
      assert.equal(set.status, 200, JSON.stringify(set.body));
    };
    const listed = async (browser: Browser, query = ''): Promise<{ ids: string[]; all: number }> => {
      const page = await browser.call('GET', `/v1/admin/conversations?limit=100${query}`);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      return { ids: page.body.items.map((item: { id: string }) => item.id).sort(), all: page.body.counts.all };
    };
    const named = (...names: Array<keyof typeof ids>): string[] => names.map((name) => ids[name]).sort();

    before(async () => {
      relay = await startDesk({ ipRateLimitPerSecond: 0, adminRateLimitBurst: 0, ...(await options()) });
      owner = await setUpOwner(relay);
      ana = await invite(relay, owner, 'agent', 'ana@example.com', 'ana password 1234');
      const bo = await invite(relay, owner, 'agent', 'bo@example.com', 'bo password 12345');
      anaId = (await ana.call('GET', '/v1/admin/me')).body.id;
      boId = (await bo.call('GET', '/v1/admin/me')).body.id;
      const billing = await owner.call('POST', '/v1/admin/teams', { name: 'Billing', memberIds: [anaId] });
      const sales = await owner.call('POST', '/v1/admin/teams', { name: 'Sales', memberIds: [boId] });
      assert.equal(billing.status, 201, JSON.stringify(billing.body));
      // Routing off: nothing assigns the conversations but this test.
      const routing = await owner.call('GET', '/v1/admin/routing');
      await owner.call('PUT', '/v1/admin/routing', { ...routing.body.settings, mode: 'manual' });
      const placed: Record<keyof typeof ids, { assigneeId?: string; teamId?: string }> = {
        mine: { assigneeId: anaId },
        billing: { teamId: billing.body.id },
        bos: { assigneeId: boId },
        free: {},
        sales: { teamId: sales.body.id },
      };
      for (const [name, patch] of Object.entries(placed) as Array<[keyof typeof ids, object]>) {
        const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, name });
        await client.say(`${name}-1`, `Hello from ${name}`);
        ids[name] = welcome.conversationId!;
        visitors[name] = client;
        if (Object.keys(patch).length > 0) {
          const changed = await owner.call('PATCH', `/v1/admin/conversations/${ids[name]}`, {
            ...patch,
            ...('teamId' in patch ? { assigneeId: null } : {}),
          });
          assert.equal(changed.status, 200, JSON.stringify(changed.body));
        }
      }
    });
    after(async () => {
      for (const client of Object.values(visitors)) client.close();
      await relay.close();
    });

    it('shows all by default; owners and API tokens see all in every mode', async () => {
      const every = named('mine', 'billing', 'bos', 'free', 'sales');
      assert.deepEqual((await ana.call('GET', '/v1/admin/visibility')).body, { mode: 'all', unassigned: true });
      assert.deepEqual((await listed(ana)).ids, every);
      await setMode('own', false);
      assert.deepEqual((await listed(owner)).ids, every);
      const token = await relay.agent('Integration');
      const byToken = await relay.call('GET', '/v1/admin/conversations?limit=100', undefined, token.token);
      assert.equal(byToken.body.items.length, 5);
    });

    it('narrows the list, its counts and its search to the mode', async () => {
      for (const [mode, unassigned, expected] of [
        ['own', false, named('mine')],
        ['own', true, named('mine', 'billing', 'free')],
        ['team', false, named('mine', 'billing')],
        ['team', true, named('mine', 'billing', 'free')],
        ['all', false, named('mine', 'billing', 'bos', 'free', 'sales')],
      ] as const) {
        await setMode(mode, unassigned);
        const seen = await listed(ana);
        assert.deepEqual(seen.ids, expected, `${mode}, unassigned ${unassigned}`);
        assert.equal(seen.all, expected.length, `counts in ${mode}`);
        // Search finds only what the list shows: every conversation says "Hello from".
        assert.deepEqual((await listed(ana, '&q=hello')).ids, expected, `search in ${mode}`);
      }
    });

    it('answers every route of a conversation it may not see as not found, in every mode, and changes nothing', async () => {
      const problems: string[] = [];
      for (const [mode, unassigned, hidden] of [
        ['own', false, ids.bos],
        ['own', false, ids.free],
        ['own', true, ids.sales],
        ['team', false, ids.free],
        ['team', true, ids.bos],
      ] as const) {
        await setMode(mode, unassigned);
        const before = (await owner.call('GET', `/v1/admin/conversations/${hidden}`)).body;
        for (const route of ADMIN_ROUTES.filter((r) => r.path.startsWith('/v1/admin/conversations/{id}'))) {
          const path = route.path
            .replace('{id}', hidden)
            .replace('{seq}', '1')
            .replace('{macroId}', 'mc_none')
            .replace('{locale}', 'de');
          // The route's own example body: one it would act on, were the conversation the agent's.
          const body =
            route.method === 'GET' ? undefined : route.requestBody ? (exampleOf(route.requestBody) ?? {}) : {};
          const answer = await ana.call(route.method, path, body);
          if (answer.status !== 404 || answer.body?.error?.code !== 'not_found')
            problems.push(`${mode}: ${route.method} ${route.path}: ${answer.status} ${JSON.stringify(answer.body)}`);
        }
        const after = (await owner.call('GET', `/v1/admin/conversations/${hidden}`)).body;
        if (JSON.stringify({ ...after, visitor: undefined }) !== JSON.stringify({ ...before, visitor: undefined }))
          problems.push(`${mode}: ${hidden} changed`);
      }
      assert.deepEqual(problems, []);
      await setMode('own', false);
      const hidden = ids.bos;
      const before = (await owner.call('GET', `/v1/admin/conversations/${hidden}`)).body;
      // With bodies that would change it, too.
      const patched = await ana.call('PATCH', `/v1/admin/conversations/${hidden}`, { status: 'resolved' });
      assert.equal(patched.status, 404);
      const posted = await ana.call('POST', `/v1/admin/conversations/${hidden}/messages`, {
        id: 'sneak-1',
        text: 'hi',
      });
      assert.equal(posted.status, 404);
      const bulk = await ana.call('POST', '/v1/admin/conversations/bulk', {
        ids: [hidden, ids.mine],
        addLabels: ['seen'],
      });
      assert.equal(bulk.status, 200, JSON.stringify(bulk.body));
      assert.deepEqual(
        bulk.body.results.map((result: { id: string; outcome: string }) => [result.id, result.outcome]),
        [
          [hidden, 'not_found'],
          [ids.mine, 'ok'],
        ],
      );
      const merged = await ana.call('POST', `/v1/admin/conversations/${ids.mine}/merge`, { from: hidden });
      assert.equal(merged.status, 404);
      const read = await ana.call('POST', '/v1/admin/me/mentions/read', { conversationId: hidden });
      assert.equal(read.status, 404);
      const after = (await owner.call('GET', `/v1/admin/conversations/${hidden}`)).body;
      assert.deepEqual({ ...after, visitor: undefined }, { ...before, visitor: undefined });
    });

    it('counts saved views and tries rules only on what the agent may see', async () => {
      await setMode('own', false);
      const made = await ana.call('POST', '/v1/admin/views', { name: 'Everything open', filter: {} });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      assert.equal(made.body.count, (await listed(ana)).ids.length);
      const views = await ana.call('GET', '/v1/admin/views');
      assert.equal(views.body.items.find((view: { id: string }) => view.id === made.body.id).count, 1);
      const ownerViews = await owner.call('POST', '/v1/admin/views', { name: 'All of them', filter: {} });
      assert.ok(ownerViews.body.count >= 5);
      const dryRun = {
        rule: {
          name: 'Any',
          trigger: 'message.visitor',
          conditions: [],
          actions: [{ type: 'add_labels', labels: ['x'] }],
        },
        limit: 100,
      };
      // The dry run is for those who write rules (issue #80): an agent may not; a member who writes rules but sees
      // only their own conversations is shown only those.
      assert.equal((await ana.call('POST', '/v1/admin/rules/dry-run', dryRun)).status, 403);
      const writer = await owner.call('POST', '/v1/admin/roles', {
        name: 'Rule writer',
        permissions: ['automations.manage'],
      });
      assert.equal(writer.status, 201, JSON.stringify(writer.body));
      assert.equal((await owner.call('PATCH', `/v1/admin/team/${anaId}`, { roleId: writer.body.id })).status, 200);
      try {
        const tried = await ana.call('POST', '/v1/admin/rules/dry-run', dryRun);
        assert.equal(tried.status, 200, JSON.stringify(tried.body));
        assert.deepEqual(
          tried.body.matches.map((match: { conversationId: string }) => match.conversationId),
          [ids.mine],
        );
      } finally {
        assert.equal((await owner.call('PATCH', `/v1/admin/team/${anaId}`, { role: 'agent' })).status, 200);
      }
    });

    it('lists a contact’s conversations as far as the agent may see them', async () => {
      await setMode('own', false);
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, name: 'Cleo' });
      await client.say('cleo-1', 'first');
      client.close();
      const contactId = welcome.visitorId!;
      const hiddenOne = welcome.conversationId!;
      assert.deepEqual((await owner.call('GET', `/v1/admin/contacts/${contactId}`)).body.conversationIds, [hiddenOne]);
      assert.deepEqual((await ana.call('GET', `/v1/admin/contacts/${contactId}`)).body.conversationIds, []);
      await owner.call('PATCH', `/v1/admin/conversations/${hiddenOne}`, { assigneeId: anaId });
      assert.deepEqual((await ana.call('GET', `/v1/admin/contacts/${contactId}`)).body.conversationIds, [hiddenOne]);
      const page = await ana.call('GET', '/v1/admin/contacts?q=Cleo');
      assert.deepEqual(page.body.items[0].conversationIds, [hiddenOne]);
    });

    it('hands the staff socket only what the agent may see: live, replayed and asked for', async () => {
      await setMode('own', false);
      const socket = await ana.socket();
      socket.send({ type: 'hello', resume: { [ids.mine]: 0, [ids.bos]: 0 } });
      await socket.next('welcome');
      // The replay: her conversation's message, not Bo's.
      const replayed = await socket.next('message');
      assert.equal(replayed.message.conversationId, ids.mine);
      await visitors.bos!.say('bos-2', 'secret of Bo');
      visitors.bos!.send({ type: 'typing', active: true });
      await visitors.mine!.say('mine-2', 'for Ana');
      const live = await socket.next('message', (frame) => frame.message.clientId === 'mine-2');
      assert.equal(live.message.conversationId, ids.mine);
      // Asking for Bo's conversation by name: not found, as if there were none.
      socket.send({ type: 'history', ref: 'h-bos', conversationId: ids.bos });
      assert.equal((await socket.next('error', (frame) => frame.ref === 'h-bos')).code, 'not_found');
      socket.send({ type: 'send', id: 'sneak-2', conversationId: ids.bos, text: 'hi Bo’s visitor' });
      assert.equal((await socket.next('error', (frame) => frame.ref === 'sneak-2')).code, 'not_found');
      // Every frame that names a conversation: refused as not found, and Bo's visitor hears nothing of it.
      const heard = visitors.bos!.frames.length;
      const named = [
        { type: 'typing', conversationId: ids.bos, active: true },
        { type: 'read', conversationId: ids.bos, seq: 1 },
        { type: 'delivered', conversationId: ids.bos, seq: 1 },
        { type: 'edit', ref: 'e-bos', conversationId: ids.bos, messageId: 'm_none', text: 'changed' },
        { type: 'delete', ref: 'd-bos', conversationId: ids.bos, messageId: 'm_none' },
      ];
      for (const frame of named) {
        const errors = socket.frames.filter((seen) => seen.type === 'error').length;
        socket.send(frame);
        await until(
          async () => socket.frames.filter((seen) => seen.type === 'error').length > errors,
          `the answer to ${frame.type}`,
        );
        const answer = socket.frames.filter((seen) => seen.type === 'error').at(-1)!;
        assert.equal(answer.type === 'error' && answer.code, 'not_found', frame.type);
      }
      await visitors.bos!.roundTrip();
      assert.deepEqual(
        visitors.bos!.frames.slice(heard).filter((frame) => frame.type !== 'pong'),
        [],
        'the visitor heard nothing',
      );
      await socket.roundTrip();
      const leaked = socket.frames.filter((frame) => JSON.stringify(frame).includes(ids.bos));
      assert.deepEqual(
        leaked.filter((frame) => frame.type !== 'error'),
        [],
      );

      // Assigned to her: she is told, and follows it from then on.
      await owner.call('PATCH', `/v1/admin/conversations/${ids.bos}`, { assigneeId: anaId });
      await socket.next('conversation', (frame) => frame.conversation.id === ids.bos);
      await visitors.bos!.say('bos-3', 'now for Ana');
      await socket.next('message', (frame) => frame.message.clientId === 'bos-3');
      // Given back to Bo: she is told it left, and gets nothing of it after.
      await owner.call('PATCH', `/v1/admin/conversations/${ids.bos}`, { assigneeId: boId });
      const left = await socket.next(
        'conversation',
        (frame) => frame.conversation.id === ids.bos && frame.conversation.assigneeId === boId,
      );
      assert.equal(left.conversation.assigneeId, boId);
      await visitors.bos!.say('bos-4', 'Bo only again');
      await visitors.mine!.say('mine-3', 'still Ana');
      await socket.next('message', (frame) => frame.message.clientId === 'mine-3');
      assert.equal(
        socket.frames.some((frame) => frame.type === 'message' && frame.message.clientId === 'bos-4'),
        false,
      );

      // Changing the mode closes her socket with ACCESS_CLOSE: it reconnects into the new scope.
      await setMode('all', true);
      assert.equal((await socket.closed).code, ACCESS_CLOSE.code);
      const again = await ana.socket();
      again.send({ type: 'hello' });
      await again.next('welcome');
      await visitors.bos!.say('bos-5', 'everyone sees this');
      await again.next('message', (frame) => frame.message.clientId === 'bos-5');
      again.close();
    });

    it('notifies only members who may see the conversation', async () => {
      await setMode('own', false);
      const seeing = await relay.admin.seeing('default', [anaId, boId], ids.bos);
      assert.deepEqual([...seeing], [boId]);
      await setMode('team', false);
      assert.deepEqual([...(await relay.admin.seeing('default', [anaId, boId], ids.billing))], [anaId]);
    });
  });
}
