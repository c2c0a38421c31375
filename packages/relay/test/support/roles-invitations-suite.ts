/**
 * Invitations that give one of the site's own roles (issue #41, docs/accounts.md "Roles and permissions"), run on
 * SQLite (`test/roles-invitations.test.ts`) and PostgreSQL (`test-services/roles-invitations-postgres.test.ts`): a
 * real relay on port 0, signed-in members, real acceptances.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Permission } from '@parley/protocol/admin';
import type { StartOptions } from '../../src/index.js';
import { Browser, fragmentToken, invite, setUpOwner } from './auth-browser.js';
import { startDesk, type Desk } from './desk.js';

export function rolesInvitationsSuite(name: string, options: () => Promise<StartOptions> | StartOptions): void {
  describe(`roles (${name}): invitations that give a custom role`, () => {
    let relay: Desk;
    let owner: Browser;

    const makeRole = async (roleName: string, permissions: readonly Permission[]): Promise<string> => {
      const made = await owner.call('POST', '/v1/admin/roles', { name: roleName, permissions });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      return made.body.id as string;
    };
    /** Accepts the invitation in `browser` (a new one unless given), signing it in when it works. */
    const accept = (link: string, email: string, browser = new Browser(relay)) =>
      browser.call('POST', '/v1/auth/invitations/accept', {
        token: fragmentToken(link, 'invite'),
        name: email.split('@')[0],
        password: 'a long enough password',
      });
    const pending = async (): Promise<Array<{ id: string; email: string; role: string; customRole?: unknown }>> =>
      (await owner.call('GET', '/v1/admin/team')).body.invitations;

    before(async () => {
      relay = await startDesk({ ipRateLimitPerSecond: 0, adminRateLimitBurst: 0, ...(await options()) });
      owner = await setUpOwner(relay);
    });
    after(() => relay.close());

    it('gives the member the role on acceptance; the role cannot be deleted while the invitation is pending', async () => {
      const roleId = await makeRole('Supervisor', ['conversations.all', 'reports.view']);
      const sent = await owner.call('POST', '/v1/admin/team/invitations', { email: 'sup@example.com', roleId });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      assert.deepEqual([sent.body.role, sent.body.customRole], ['agent', { id: roleId, name: 'Supervisor' }]);
      const listed = (await pending()).find((invitation) => invitation.id === sent.body.id);
      assert.deepEqual(listed?.customRole, { id: roleId, name: 'Supervisor' });
      const inspected = await new Browser(relay).call('POST', '/v1/auth/invitations/inspect', {
        token: fragmentToken(sent.body.link, 'invite'),
      });
      assert.deepEqual(
        [inspected.status, inspected.body.role, inspected.body.customRole],
        [200, 'agent', { id: roleId, name: 'Supervisor' }],
      );
      // Held by the invitation: deleting it is refused, and nothing changes.
      const refused = await owner.call('DELETE', `/v1/admin/roles/${roleId}`);
      assert.deepEqual([refused.status, refused.body.error.code], [409, 'conflict']);
      assert.match(refused.body.error.message, /invitation/);

      const member = new Browser(relay);
      const accepted = await accept(sent.body.link, 'sup@example.com', member);
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
      const me = await member.call('GET', '/v1/admin/me');
      assert.deepEqual([me.body.role, me.body.permissions], ['agent', ['conversations.all', 'reports.view']]);
      const team = await owner.call('GET', '/v1/admin/team');
      const row = team.body.items.find((item: { id: string }) => item.id === me.body.id);
      assert.deepEqual([row.role, row.customRole], ['agent', { id: roleId, name: 'Supervisor' }]);
      assert.equal((await pending()).length, 0);
      const roles = (await owner.call('GET', '/v1/admin/roles')).body.items;
      assert.equal(roles.find((role: { id: string }) => role.id === roleId).members, 1);
      const audit = await owner.call('GET', '/v1/admin/audit?limit=10');
      const entries = audit.body.items as Array<{ action: string; targetId: string; details: Record<string, unknown> }>;
      assert.equal(entries.find((entry) => entry.targetId === sent.body.id)?.details.role, roleId);
      assert.deepEqual(entries.find((entry) => entry.action === 'invitation.accept')?.details.customRole, {
        id: roleId,
        name: 'Supervisor',
      });
      // Now a member holds it: still refused, for that reason.
      const held = await owner.call('DELETE', `/v1/admin/roles/${roleId}`);
      assert.equal(held.status, 409);
      assert.match(held.body.error.message, /Members hold this role/);
    });

    it('frees the role once its invitation is withdrawn', async () => {
      const roleId = await makeRole('Withdrawn', ['reports.view']);
      const sent = await owner.call('POST', '/v1/admin/team/invitations', { email: 'gone@example.com', roleId });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      assert.equal((await owner.call('DELETE', `/v1/admin/roles/${roleId}`)).status, 409);
      assert.equal((await owner.call('DELETE', `/v1/admin/team/invitations/${sent.body.id}`)).status, 204);
      assert.equal((await owner.call('DELETE', `/v1/admin/roles/${roleId}`)).status, 204);
      assert.equal((await accept(sent.body.link, 'gone@example.com')).status, 404);
    });

    it('lets nobody invite with a role that grants more than they hold; bad input invites nobody', async () => {
      const managerRole = await makeRole('Team lead', ['team.manage']);
      const wider = await makeRole('Wider', ['team.manage', 'settings.manage']);
      const manager = await invite(relay, owner, 'agent', 'lead@example.com');
      const managerId = (await manager.call('GET', '/v1/admin/me')).body.id as string;
      const given = await owner.call('PATCH', `/v1/admin/team/${managerId}`, { roleId: managerRole });
      assert.equal(given.status, 200, JSON.stringify(given.body));
      const before = (await pending()).length;
      for (const [who, body, status, code] of [
        // An admin's every permission, an agent's reports.view and emails.reveal, a role's settings.manage.
        [manager, { email: 'x@example.com', role: 'admin' }, 403, 'forbidden'],
        [manager, { email: 'x@example.com', role: 'agent' }, 403, 'forbidden'],
        [manager, { email: 'x@example.com', roleId: wider }, 403, 'forbidden'],
        [owner, { email: 'x@example.com' }, 400, 'bad_request'],
        [owner, { email: 'x@example.com', role: 'agent', roleId: managerRole }, 400, 'bad_request'],
        [owner, { email: 'x@example.com', roleId: 'role_nothere' }, 400, 'bad_request'],
        [owner, { email: 'x@example.com', roleId: 'admin' }, 400, 'bad_request'],
        [owner, { email: 'x@example.com', role: 'owner' }, 400, 'bad_request'],
      ] as const) {
        const answer = await who.call('POST', '/v1/admin/team/invitations', body);
        assert.deepEqual([answer.status, answer.body?.error?.code], [status, code], JSON.stringify(body));
      }
      assert.equal((await pending()).length, before, 'nothing invited');
      // What they hold, they may give.
      const own = await manager.call('POST', '/v1/admin/team/invitations', {
        email: 'deputy@example.com',
        roleId: managerRole,
      });
      assert.equal(own.status, 201, JSON.stringify(own.body));
      assert.equal((await accept(own.body.link, 'deputy@example.com')).status, 200);
    });

    it('refuses the acceptance clearly, changing nothing, when the role is gone', async () => {
      const roleId = await makeRole('Racing', ['audit.view']);
      const sent = await owner.call('POST', '/v1/admin/team/invitations', { email: 'race@example.com', roleId });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      const repository = relay.use('roles')!.repository;
      const { invitationRole, settleInvitation } = repository;
      const members = async () => (await owner.call('GET', '/v1/admin/team')).body.items.length as number;
      const count = await members();
      try {
        // As if it went before the acceptance began (a change made by hand): nothing is made, the link still works.
        repository.invitationRole = async () => 'gone';
        const refused = await accept(sent.body.link, 'race@example.com');
        assert.deepEqual([refused.status, refused.body.error.code], [409, 'conflict']);
        assert.match(refused.body.error.message, /no longer exists/);
        assert.equal(await members(), count);
        assert.equal((await pending()).length, 1);
        // As if it went while the member was being made: the membership is not left with an agent's permissions.
        repository.invitationRole = invitationRole;
        repository.settleInvitation = async () => 'gone';
        const late = await accept(sent.body.link, 'race@example.com');
        assert.deepEqual([late.status, late.body.error.code], [409, 'conflict']);
        const row = (await owner.call('GET', '/v1/admin/team')).body.items.find(
          (item: { email: string }) => item.email === 'race@example.com',
        );
        assert.deepEqual([row.active, row.customRole], [false, undefined]);
      } finally {
        repository.invitationRole = invitationRole;
        repository.settleInvitation = settleInvitation;
      }
    });

    it('lets a custom role that manages the team on every site of an account make its reset link', async () => {
      const grants: Permission[] = ['team.manage', 'reports.view', 'emails.reveal'];
      const siteB = (await owner.call('POST', '/v1/admin/sites', { name: 'Site B' })).body.id as string;
      const switchTo = async (by: Browser, siteId: string) =>
        assert.equal((await by.call('POST', '/v1/auth/site', { siteId })).status, 200);
      const idOf = async (by: Browser, email: string) =>
        ((await by.call('GET', '/v1/admin/team')).body.items as Array<{ id: string; email: string }>).find(
          (member) => member.email === email,
        )!.id;
      // On each site: a manager whose role grants team.manage and an agent's permissions, and an agent, Vic.
      const manager = new Browser(relay);
      const vic = new Browser(relay);
      for (const siteId of ['default', siteB]) {
        await switchTo(owner, siteId);
        const roleId = await makeRole('Desk lead', grants);
        for (const [email, browser, given] of [
          ['desk-lead@example.com', manager, { roleId }],
          ['vic@example.com', vic, { role: 'agent' }],
        ] as const) {
          const sent = await owner.call('POST', '/v1/admin/team/invitations', { email, ...given });
          assert.equal(sent.status, 201, JSON.stringify(sent.body));
          assert.equal((await accept(sent.body.link, email, browser)).status, 200);
        }
      }
      await switchTo(owner, 'default');
      await switchTo(manager, 'default');
      const made = await manager.call(
        'POST',
        `/v1/admin/team/members/${await idOf(manager, 'vic@example.com')}/reset-link`,
      );
      assert.equal(made.status, 201, JSON.stringify(made.body));
      // Without team.manage on site B, the account is not theirs to reset there.
      await switchTo(owner, siteB);
      const onB = (await owner.call('GET', '/v1/admin/roles')).body.items.find(
        (role: { name: string }) => role.name === 'Desk lead',
      );
      assert.equal(
        (await owner.call('PATCH', `/v1/admin/roles/${onB.id}`, { permissions: ['reports.view', 'emails.reveal'] }))
          .status,
        200,
      );
      const refused = await manager.call(
        'POST',
        `/v1/admin/team/members/${await idOf(manager, 'vic@example.com')}/reset-link`,
      );
      assert.deepEqual([refused.status, refused.body.error.code], [403, 'forbidden']);
      assert.match(refused.body.error.message, /Site B/);
      await switchTo(owner, 'default');
    });
  });
}
