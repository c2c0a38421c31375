/**
 * Roles and permissions' suite (issue #41, docs/accounts.md "Roles and permissions"), run on SQLite
 * (`test/roles.test.ts`) and PostgreSQL (`test-services/roles-postgres.test.ts`): a real relay on port 0, real
 * sockets, signed-in members, each holding a built-in role or a custom role of one single permission.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCESS_CLOSE } from '@parley/protocol';
import { PERMISSIONS, type Permission } from '@parley/protocol/admin';
import type { StartOptions } from '../../src/index.js';
import { ADMIN_ROUTES } from './admin-routes.js';
import { Browser, invite, setUpOwner } from './auth-browser.js';
import { TestClient } from './client.js';
import { siteKey, startDesk, type Desk } from './desk.js';

/** A caller of the matrix: a built-in role, or a custom role granting one permission (or none). */
type Holder = 'owner' | 'admin' | 'agent' | Permission | 'none';

/** What a built-in role grants (the catalog's, restated here so that a change to it is a change to this test). */
const GRANTS: Record<'owner' | 'admin' | 'agent', readonly Permission[]> = {
  owner: PERMISSIONS,
  admin: PERMISSIONS,
  agent: ['reports.view', 'emails.reveal'],
};

/**
 * Routes with a rule of their own on top of their permission, each with why: the matrix expects them refused to
 * a custom role even when it grants the route's permission.
 */
const STRICTER: Record<string, string> = {
  // The relay's sites are its operator's: an admin of its default site, holding every permission.
  'GET /v1/admin/sites': 'every permission',
  'POST /v1/admin/sites': 'every permission',
};

export function rolesSuite(name: string, options: () => Promise<StartOptions> | StartOptions): void {
  describe(`roles (${name}): custom roles over permissions, every route × every role`, () => {
    let relay: Desk;
    let owner: Browser;
    const browsers = new Map<Holder, Browser>();
    const staffIds = new Map<Holder, string>();
    const roleIds = new Map<Permission | 'none', string>();
    const ids: Record<string, string> = {};
    const visitors: TestClient[] = [];

    const holders = (): Holder[] => ['owner', 'admin', 'agent', ...PERMISSIONS, 'none'];
    const grants = (holder: Holder): readonly Permission[] =>
      holder === 'owner' || holder === 'admin' || holder === 'agent'
        ? GRANTS[holder]
        : holder === 'none'
          ? []
          : [holder];
    const setMode = async (mode: 'all' | 'team' | 'own', unassigned: boolean): Promise<void> => {
      const set = await owner.call('PUT', '/v1/admin/visibility', { mode, unassigned });
      assert.equal(set.status, 200, JSON.stringify(set.body));
    };
    const makeRole = async (roleName: string, permissions: readonly Permission[]): Promise<string> => {
      const made = await owner.call('POST', '/v1/admin/roles', { name: roleName, permissions });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      return made.body.id as string;
    };
    /** A conversation of nobody's, new (the matrix erases its contact): what one who sees only their own never sees. */
    const unassigned = async (name: string): Promise<{ client: TestClient; conversationId: string }> => {
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, name });
      await client.say(`${name}-1`, `Hello from ${name}`);
      visitors.push(client);
      return { client, conversationId: welcome.conversationId! };
    };
    const assign = async (staffId: string, roleId: string): Promise<void> => {
      const given = await owner.call('PATCH', `/v1/admin/team/${staffId}`, { roleId });
      assert.equal(given.status, 200, JSON.stringify(given.body));
      assert.equal(given.body.customRole.id, roleId);
    };

    before(async () => {
      relay = await startDesk({ ipRateLimitPerSecond: 0, adminRateLimitBurst: 0, ...(await options()) });
      owner = await setUpOwner(relay);
      browsers.set('owner', owner);
      browsers.set('admin', await invite(relay, owner, 'admin', 'admin@example.com'));
      browsers.set('agent', await invite(relay, owner, 'agent', 'agent@example.com'));
      for (const permission of [...PERMISSIONS, 'none'] as const) {
        roleIds.set(permission, await makeRole(`Only ${permission}`, permission === 'none' ? [] : [permission]));
        const member = await invite(relay, owner, 'agent', `${permission.replace('.', '-')}@example.com`);
        browsers.set(permission, member);
      }
      for (const holder of holders()) {
        const me = await browsers.get(holder)!.call('GET', '/v1/admin/me');
        staffIds.set(holder, me.body.id);
      }
      for (const permission of [...PERMISSIONS, 'none'] as const)
        await assign(staffIds.get(permission)!, roleIds.get(permission)!);
      // Routing off: nothing assigns the conversations but this test.
      const routing = await owner.call('GET', '/v1/admin/routing');
      await owner.call('PUT', '/v1/admin/routing', { ...routing.body.settings, mode: 'manual' });
      // A conversation of nobody's: what a member who sees only their own never sees.
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, name: 'Eve' });
      await client.say('eve-1', 'Hello from Eve');
      visitors.push(client);
      ids.conversation = welcome.conversationId!;
      ids.contact = welcome.visitorId!;
    });
    after(async () => {
      for (const client of visitors) client.close();
      await relay.close();
    });

    it('tells each member what they may do (GET /v1/admin/me)', async () => {
      for (const holder of holders()) {
        const me = await browsers.get(holder)!.call('GET', '/v1/admin/me');
        assert.deepEqual(me.body.permissions, [...grants(holder)], holder);
        assert.equal(me.body.role, holder === 'owner' || holder === 'admin' ? 'admin' : 'agent', holder);
      }
      const token = await relay.agent('Integration');
      const byToken = await relay.call('GET', '/v1/admin/me', undefined, token.token);
      assert.deepEqual(byToken.body.permissions, ['conversations.all', 'reports.view', 'emails.reveal']);
      assert.deepEqual((await relay.call('GET', '/v1/admin/me')).body.permissions, [...PERMISSIONS]);
    });

    it('lists the built-in roles, then the site’s own, with how many hold each', async () => {
      const listed = await browsers.get('agent')!.call('GET', '/v1/admin/roles');
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      const items = listed.body.items as Array<{
        id: string;
        builtIn: boolean;
        members: number;
        permissions: string[];
      }>;
      assert.deepEqual(
        items.slice(0, 3).map((role) => [role.id, role.builtIn, role.members, role.permissions]),
        [
          ['owner', true, 1, [...PERMISSIONS]],
          ['admin', true, 1, [...PERMISSIONS]],
          ['agent', true, 1, ['reports.view', 'emails.reveal']],
        ],
      );
      for (const [permission, id] of roleIds) {
        const role = items.find((item) => item.id === id);
        assert.ok(role, permission);
        assert.deepEqual(
          [role.builtIn, role.members, role.permissions],
          [false, 1, permission === 'none' ? [] : [permission]],
        );
      }
      const team = await owner.call('GET', '/v1/admin/team');
      const holder = team.body.items.find((m: { id: string }) => m.id === staffIds.get('team.manage'));
      assert.deepEqual(
        [holder.role, holder.customRole],
        ['agent', { id: roleIds.get('team.manage'), name: 'Only team.manage' }],
      );
    });

    it('every route × every built-in role and a custom role of each single permission', async () => {
      // Targets the routes may change or delete without touching the callers: a member who holds a role of nothing
      // (any manager of the team holds all of it), a token, a spare role.
      const target = await invite(relay, owner, 'agent', 'target@example.com');
      const targetId = (await target.call('GET', '/v1/admin/me')).body.id as string;
      await assign(targetId, roleIds.get('none')!);
      const targets: Record<string, string> = {
        conversation: ids.conversation!,
        contact: ids.contact!,
        member: targetId,
        staff: (await relay.agent('Target')).id,
        team: (await owner.call('POST', '/v1/admin/teams', { name: 'Desk', memberIds: [] })).body.id,
        canned: (await owner.call('POST', '/v1/admin/canned-responses', { shortcut: 'hi', text: 'Hi!' })).body.id,
        faq: (await owner.call('POST', '/v1/admin/faq', { language: 'en', question: 'Hours?', answer: '9–5' })).body.id,
      };
      const kinds: Array<[string, string]> = [
        ['/conversations/', 'conversation'],
        ['/team/', 'member'],
        ['/teams/', 'team'],
        ['/contacts/', 'contact'],
        ['/tokens/', 'staff'],
        ['/routing/staff/', 'staff'],
        ['/canned-responses/', 'canned'],
        ['/faq/', 'faq'],
        ['/roles/', 'role'],
      ];
      const problems: string[] = [];
      let checked = 0;
      for (const route of ADMIN_ROUTES) {
        const label = `${route.method} ${route.path}`;
        const kind = kinds.find(([part]) => route.path.includes(part))?.[1];
        for (const holder of holders()) {
          // A spare role of nobody's for the roles' routes, made again once an allowed DELETE took it.
          if (kind === 'role' && targets.role === undefined) targets.role = await makeRole('Spare', []);
          const path = route.path
            .replace('{id}', (kind && targets[kind]) ?? 'none')
            .replace('{deliveryId}', '1')
            .replace('{seq}', '1')
            .replace('{macroId}', 'mc_none')
            .replace('{locale}', 'de');
          // An empty body: the route may refuse it (400), but never for want of authority, except as expected.
          const answer = await browsers.get(holder)!.call(route.method, path, route.method === 'GET' ? undefined : {});
          const refused =
            answer.status === 401 || answer.status === 403 ? (answer.body?.error?.code as string) : undefined;
          const custom = holder !== 'owner' && holder !== 'admin' && holder !== 'agent';
          const allowed =
            (route.permission === undefined || grants(holder).includes(route.permission)) &&
            !(custom && STRICTER[label] !== undefined);
          const expected = allowed ? undefined : 'forbidden';
          if (kind === 'role' && route.method === 'DELETE' && answer.status === 204) delete targets.role;
          if (refused !== expected)
            problems.push(`${label} as ${holder}: ${answer.status} ${JSON.stringify(answer.body)}`);
          checked += 1;
        }
      }
      assert.deepEqual(problems, []);
      assert.equal(checked, ADMIN_ROUTES.length * holders().length);
    });

    it('in every visibility mode, `conversations.all` and only it shows a conversation of nobody’s', async () => {
      const problems: string[] = [];
      const { conversationId } = await unassigned('Fay');
      for (const [mode, withUnassigned] of [
        ['all', false],
        ['team', false],
        ['own', false],
      ] as const) {
        await setMode(mode, withUnassigned);
        for (const holder of holders()) {
          const sees = mode === 'all' || grants(holder).includes('conversations.all');
          const browser = browsers.get(holder)!;
          const list = await browser.call('GET', '/v1/admin/conversations?limit=100');
          const listed = (list.body.items as Array<{ id: string }>).some((item) => item.id === conversationId);
          if (listed !== sees) problems.push(`${mode}: the list as ${holder} ${listed ? 'shows' : 'hides'} it`);
          // Each of its routes is one door (test/support/visibility-suite.ts tries them all): its page and messages.
          for (const path of [
            `/v1/admin/conversations/${conversationId}`,
            `/v1/admin/conversations/${conversationId}/messages`,
          ]) {
            const answer = await browser.call('GET', path);
            const expected = sees ? 200 : 404;
            if (answer.status !== expected)
              problems.push(`${mode}: ${path} as ${holder}: ${answer.status} ${JSON.stringify(answer.body)}`);
          }
        }
        const seeing = await relay.admin.seeing(
          'default',
          holders().map((holder) => staffIds.get(holder)!),
          conversationId,
        );
        const expected = holders()
          .filter((holder) => mode === 'all' || grants(holder).includes('conversations.all'))
          .map((holder) => staffIds.get(holder)!)
          .sort();
        if (JSON.stringify([...seeing].sort()) !== JSON.stringify(expected))
          problems.push(`${mode}: notified ${[...seeing].length}`);
      }
      await setMode('all', true);
      assert.deepEqual(problems, []);
    });

    it('hands the staff socket every conversation with `conversations.all`, and reconnects a holder whose role changed', async () => {
      await setMode('own', false);
      const { client: gus, conversationId } = await unassigned('Gus');
      const all = await browsers.get('conversations.all')!.socket();
      all.send({ type: 'hello', resume: { [conversationId]: 0 } });
      await all.next('welcome');
      assert.equal((await all.next('message')).message.conversationId, conversationId);
      const none = await browsers.get('none')!.socket();
      none.send({ type: 'hello' });
      await none.next('welcome');
      none.send({ type: 'history', ref: 'h-1', conversationId: conversationId });
      assert.equal((await none.next('error', (frame) => frame.ref === 'h-1')).code, 'not_found');
      await gus.say('gus-2', 'Still there?');
      await all.next('message', (frame) => frame.message.clientId === 'gus-2');
      await none.roundTrip();
      assert.equal(
        none.frames.some((frame) => JSON.stringify(frame).includes(conversationId)),
        false,
        'nothing of it reached the member who sees only their own',
      );
      // The role of nothing now grants every conversation: its holders' sockets reconnect into it.
      const widened = await owner.call('PATCH', `/v1/admin/roles/${roleIds.get('none')}`, {
        permissions: ['conversations.all'],
      });
      assert.equal(widened.status, 200, JSON.stringify(widened.body));
      assert.equal((await none.closed).code, ACCESS_CLOSE.code);
      const again = await browsers.get('none')!.socket();
      again.send({ type: 'hello', resume: { [conversationId]: 0 } });
      await again.next('welcome');
      assert.equal((await again.next('message')).message.conversationId, conversationId);
      again.close();
      all.close();
      const back = await owner.call('PATCH', `/v1/admin/roles/${roleIds.get('none')}`, { permissions: [] });
      assert.equal(back.status, 200, JSON.stringify(back.body));
      await setMode('all', true);
    });

    it('creates, renames, changes and deletes a role, each audited; bad input changes nothing', async () => {
      const before = (await owner.call('GET', '/v1/admin/roles')).body;
      for (const [body, status, code] of [
        [{}, 400, 'bad_request'],
        [{ name: 'X' }, 400, 'bad_request'],
        [{ name: '', permissions: [] }, 400, 'bad_request'],
        [{ name: '   ', permissions: [] }, 400, 'bad_request'],
        [{ name: 'x'.repeat(61), permissions: [] }, 400, 'bad_request'],
        [{ name: 'X', permissions: ['everything'] }, 400, 'bad_request'],
        [{ name: 'X', permissions: ['reports.view', 'reports.view'] }, 400, 'bad_request'],
        [{ name: 'X', permissions: 'reports.view' }, 400, 'bad_request'],
        [{ name: 'X', permissions: [], extra: 1 }, 400, 'bad_request'],
        [{ name: 'Admin', permissions: [] }, 409, 'conflict'],
        [{ name: ' only TEAM.manage ', permissions: [] }, 409, 'conflict'],
      ] as const) {
        const answer = await owner.call('POST', '/v1/admin/roles', body);
        assert.deepEqual([answer.status, answer.body?.error?.code], [status, code], JSON.stringify(body));
        assert.ok(String(answer.body.error.message).length > 10, answer.body.error.message);
      }
      assert.deepEqual((await owner.call('GET', '/v1/admin/roles')).body, before, 'nothing changed');

      const made = await owner.call('POST', '/v1/admin/roles', {
        name: '  Supervisor ',
        permissions: ['reports.view', 'conversations.all'],
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      assert.deepEqual(
        [made.body.name, made.body.permissions, made.body.builtIn, made.body.members],
        // Trimmed, and in the catalog's order whatever the request's.
        ['Supervisor', ['conversations.all', 'reports.view'], false, 0],
      );
      const id = made.body.id as string;
      for (const [path, body, status, code] of [
        [`/v1/admin/roles/${id}`, {}, 400, 'bad_request'],
        [`/v1/admin/roles/${id}`, { permissions: ['nope'] }, 400, 'bad_request'],
        [`/v1/admin/roles/${id}`, { name: 'only team.manage' }, 409, 'conflict'],
        [`/v1/admin/roles/${id}`, { name: 'owner' }, 409, 'conflict'],
        ['/v1/admin/roles/admin', { name: 'Boss' }, 409, 'conflict'],
        ['/v1/admin/roles/role_none', { name: 'Boss' }, 404, 'not_found'],
      ] as const) {
        const answer = await owner.call('PATCH', path, body);
        assert.deepEqual([answer.status, answer.body?.error?.code], [status, code], `${path} ${JSON.stringify(body)}`);
      }
      const changed = await owner.call('PATCH', `/v1/admin/roles/${id}`, {
        name: 'Lead',
        permissions: ['reports.view', 'audit.view'],
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.deepEqual([changed.body.name, changed.body.permissions], ['Lead', ['reports.view', 'audit.view']]);
      assert.equal((await owner.call('DELETE', '/v1/admin/roles/agent')).status, 409);
      assert.equal((await owner.call('DELETE', '/v1/admin/roles/role_none')).status, 404);
      assert.equal((await owner.call('DELETE', `/v1/admin/roles/${id}`)).status, 204);
      assert.equal((await owner.call('DELETE', `/v1/admin/roles/${id}`)).status, 404);
      const audit = await owner.call('GET', '/v1/admin/audit?limit=20');
      const entries = (
        audit.body.items as Array<{ action: string; targetId: string; details: Record<string, unknown> }>
      )
        .filter((entry) => entry.targetId === id)
        .map((entry) => [entry.action, entry.details]);
      assert.deepEqual(entries.reverse(), [
        ['role.create', { name: 'Supervisor', permissions: ['conversations.all', 'reports.view'] }],
        [
          'role.update',
          {
            name: 'Lead',
            previousName: 'Supervisor',
            permissions: ['reports.view', 'audit.view'],
            previousPermissions: ['conversations.all', 'reports.view'],
          },
        ],
        ['role.delete', { name: 'Lead', permissions: ['reports.view', 'audit.view'] }],
      ]);
    });

    it('refuses to delete a role a member holds, and frees it once they hold another', async () => {
      const id = await makeRole('Temporary', ['reports.view']);
      const member = await invite(relay, owner, 'agent', 'temporary@example.com');
      const memberId = (await member.call('GET', '/v1/admin/me')).body.id as string;
      await assign(memberId, id);
      const refused = await owner.call('DELETE', `/v1/admin/roles/${id}`);
      assert.deepEqual([refused.status, refused.body.error.code], [409, 'conflict']);
      assert.match(refused.body.error.message, /another role first/);
      assert.deepEqual((await member.call('GET', '/v1/admin/me')).body.permissions, ['reports.view']);
      const back = await owner.call('PATCH', `/v1/admin/team/${memberId}`, { role: 'agent' });
      assert.equal(back.status, 200, JSON.stringify(back.body));
      assert.equal(back.body.customRole, undefined);
      assert.equal((await owner.call('DELETE', `/v1/admin/roles/${id}`)).status, 204);
      assert.deepEqual((await member.call('GET', '/v1/admin/me')).body.permissions, ['reports.view', 'emails.reveal']);
    });

    it('lets a member made admin another way hold the admin role, and their custom role be deleted', async () => {
      const id = await makeRole('Left behind', ['reports.view']);
      const member = await invite(relay, owner, 'agent', 'promoted@example.com');
      const memberId = (await member.call('GET', '/v1/admin/me')).body.id as string;
      await assign(memberId, id);
      // As the store would be changed by a tool of the relay's machine: the staff row alone.
      await relay.admin.repos.accounts.updateMember('default', memberId, { role: 'admin' });
      assert.deepEqual((await member.call('GET', '/v1/admin/me')).body.permissions, [...PERMISSIONS]);
      const listed = (await owner.call('GET', '/v1/admin/roles')).body.items.find((r: { id: string }) => r.id === id);
      assert.equal(listed.members, 0);
      assert.equal((await owner.call('DELETE', `/v1/admin/roles/${id}`)).status, 204);
    });

    it('gives an API token the permissions it is made with, instead of its scopes’, on every route it may read', async () => {
      const problems: string[] = [];
      for (const permission of PERMISSIONS) {
        const made = await owner.call('POST', '/v1/admin/tokens', {
          name: `Only ${permission}`,
          scopes: ['read', 'write', 'admin'],
          permissions: [permission],
        });
        assert.equal(made.status, 201, JSON.stringify(made.body));
        assert.deepEqual(made.body.permissions, [permission]);
        const me = await relay.call('GET', '/v1/admin/me', undefined, made.body.token);
        assert.deepEqual(me.body.permissions, [permission]);
        for (const route of ADMIN_ROUTES.filter((r) => r.method === 'GET' && !r.path.includes('{'))) {
          const answer = await relay.call('GET', route.path, undefined, made.body.token);
          const refused = answer.status === 403 ? answer.body?.error?.code : undefined;
          const allowed =
            (route.permission === undefined || route.permission === permission) &&
            STRICTER[`GET ${route.path}`] === undefined;
          if (refused !== (allowed ? undefined : 'forbidden'))
            problems.push(
              `GET ${route.path} with a ${permission} token: ${answer.status} ${JSON.stringify(answer.body)}`,
            );
        }
      }
      assert.deepEqual(problems, []);
      const listed = (await owner.call('GET', '/v1/admin/tokens')).body.items;
      assert.deepEqual(listed.find((t: { name: string }) => t.name === 'Only audit.view').permissions, ['audit.view']);
      assert.equal(listed.find((t: { name: string }) => t.name === 'Integration').permissions, undefined);
      // Bad input, or more than the caller holds: refused, and no token made.
      const before = listed.length;
      for (const [who, body, status, code] of [
        [owner, { name: 'X', scopes: ['read'], permissions: ['everything'] }, 400, 'bad_request'],
        [owner, { name: 'X', scopes: ['read'], permissions: ['audit.view', 'audit.view'] }, 400, 'bad_request'],
        [
          browsers.get('webhooks.manage')!,
          { name: 'X', scopes: ['read'], permissions: ['audit.view'] },
          403,
          'forbidden',
        ],
        // By its scopes a token would hold every permission, or an agent's and every conversation.
        [browsers.get('webhooks.manage')!, { name: 'X', scopes: ['read', 'write', 'admin'] }, 403, 'forbidden'],
        [browsers.get('webhooks.manage')!, { name: 'X', scopes: ['read'] }, 403, 'forbidden'],
      ] as const) {
        const answer = await who.call('POST', '/v1/admin/tokens', body);
        assert.deepEqual([answer.status, answer.body?.error?.code], [status, code], JSON.stringify(body));
      }
      assert.equal((await owner.call('GET', '/v1/admin/tokens')).body.items.length, before);
      const own = await browsers.get('webhooks.manage')!.call('POST', '/v1/admin/tokens', {
        name: 'Hooks',
        scopes: ['read', 'write'],
        permissions: ['webhooks.manage'],
      });
      assert.equal(own.status, 201, JSON.stringify(own.body));
      assert.equal((await relay.call('GET', '/v1/admin/webhooks', undefined, own.body.token)).status, 200);
    });

    it('assigns only a role of the site, one at a time; a bad assignment changes nothing', async () => {
      const member = await invite(relay, owner, 'agent', 'assigned@example.com');
      const memberId = (await member.call('GET', '/v1/admin/me')).body.id as string;
      for (const body of [
        { roleId: 'role_nothere' },
        { roleId: 'admin' },
        { roleId: 'role_bad id' },
        { role: 'agent', roleId: roleIds.get('reports.view') },
        { role: 'owner' },
      ]) {
        const answer = await owner.call('PATCH', `/v1/admin/team/${memberId}`, body);
        assert.deepEqual([answer.status, answer.body.error.code], [400, 'bad_request'], JSON.stringify(body));
      }
      const team = await owner.call('GET', '/v1/admin/team');
      const row = team.body.items.find((m: { id: string }) => m.id === memberId);
      assert.deepEqual([row.role, row.customRole], ['agent', undefined]);
      assert.deepEqual((await member.call('GET', '/v1/admin/me')).body.permissions, ['reports.view', 'emails.reveal']);
    });

    it('lets a member who manages the team hand out only what they hold', async () => {
      const manager = browsers.get('team.manage')!;
      const member = await invite(relay, owner, 'agent', 'managed@example.com');
      const memberId = (await member.call('GET', '/v1/admin/me')).body.id as string;
      // Its role grants team.manage and nothing else: an agent's reports.view is not theirs to take away or give.
      for (const [method, path, body] of [
        ['POST', '/v1/admin/roles', { name: 'Wider', permissions: ['settings.manage'] }],
        ['PATCH', `/v1/admin/team/${memberId}`, { role: 'admin' }],
        ['PATCH', `/v1/admin/team/${memberId}`, { active: false }],
        ['PATCH', `/v1/admin/team/${staffIds.get('admin')}`, { role: 'agent' }],
        ['PATCH', `/v1/admin/roles/${roleIds.get('settings.manage')}`, { name: 'Renamed' }],
        ['DELETE', `/v1/admin/roles/${roleIds.get('settings.manage')}`, undefined],
        ['POST', `/v1/admin/team/members/${memberId}/reset-link`, {}],
      ] as const) {
        const answer = await manager.call(method, path, body);
        assert.deepEqual([answer.status, answer.body?.error?.code], [403, 'forbidden'], `${method} ${path}`);
      }
      assert.equal(
        (await owner.call('GET', '/v1/admin/team')).body.items.find((m: { id: string }) => m.id === memberId).active,
        true,
      );
      // What they hold, they may give and take: given a role of nothing, the member is theirs to change.
      await assign(memberId, roleIds.get('none')!);
      const made = await manager.call('POST', '/v1/admin/roles', { name: 'Deputy', permissions: ['team.manage'] });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const given = await manager.call('PATCH', `/v1/admin/team/${memberId}`, { roleId: made.body.id });
      assert.equal(given.status, 200, JSON.stringify(given.body));
      assert.equal((await manager.call('POST', `/v1/admin/team/members/${memberId}/reset-link`, {})).status, 201);
      assert.deepEqual((await member.call('GET', '/v1/admin/me')).body.permissions, ['team.manage']);
    });
  });
}
