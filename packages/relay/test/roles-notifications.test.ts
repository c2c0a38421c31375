/**
 * Who routing's and the relay's notices email, by permission rather than by the name of a built-in role (issue #41,
 * docs/accounts.md "Roles and permissions"): a real relay on port 0, signed-in members, a real SMTP server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Permission } from '@parley/protocol/admin';
import { Browser, fragmentToken, setUpOwner } from './support/auth-browser.js';
import { TestClient } from './support/client.js';
import { siteKey, startDesk, type Desk } from './support/desk.js';
import { SmtpCatcher } from './support/smtp-catcher.js';
import { until } from './support/until.js';

const minute = 60_000;

describe('roles: notices go to the holders of a permission, not to a built-in role', () => {
  const clock = { offset: 0, now: () => Date.now() + clock.offset };
  let catcher: SmtpCatcher;
  let relay: Desk;
  let owner: Browser;
  const members = new Map<string, Browser>();

  /** Invites `email` (the invitation comes by email: SMTP is on) and signs them in, as `role`. */
  const invite = async (role: 'admin' | 'agent', email: string): Promise<Browser> => {
    const sent = await owner.call('POST', '/v1/admin/team/invitations', { email, role });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    await until(() => catcher.emails.some((caught) => caught.to.includes(email)), `the invitation to ${email}`);
    const text = catcher.emails.find((caught) => caught.to.includes(email))!.mail.text ?? '';
    const browser = new Browser(relay);
    const accepted = await browser.call('POST', '/v1/auth/invitations/accept', {
      token: fragmentToken(/\S+#invite=[A-Za-z0-9_-]+/.exec(text)![0], 'invite'),
      name: email.split('@')[0],
      password: 'a long enough password',
    });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    return browser;
  };

  before(async () => {
    catcher = await SmtpCatcher.start();
    relay = await startDesk({
      ipRateLimitPerSecond: 0,
      adminRateLimitBurst: 0,
      smtpUrl: catcher.url,
      emailFrom: 'Parley <parley@example.com>',
      clock: clock.now,
      outboxClock: clock.now,
      outboxTiming: { pollMs: 50 },
      emailClock: clock.now,
    });
    owner = await setUpOwner(relay);
    members.set('owner', owner);
    members.set('admin', await invite('admin', 'admin@example.com'));
    members.set('agent', await invite('agent', 'agent@example.com'));
    // Custom roles: one that manages the team (and nothing else), one that sees and reports on everything.
    const custom: Array<[string, readonly Permission[]]> = [
      ['lead', ['team.manage']],
      ['watcher', ['conversations.all', 'reports.view', 'settings.manage']],
      ['hooks', ['webhooks.manage']],
    ];
    for (const [name, permissions] of custom) {
      const role = await owner.call('POST', '/v1/admin/roles', { name, permissions });
      assert.equal(role.status, 201, JSON.stringify(role.body));
      const member = await invite('agent', `${name}@example.com`);
      const id = (await member.call('GET', '/v1/admin/me')).body.id as string;
      const given = await owner.call('PATCH', `/v1/admin/team/${id}`, { roleId: role.body.id });
      assert.equal(given.status, 200, JSON.stringify(given.body));
      members.set(name, member);
    }
    // Everyone has an address, without notifications yet.
    for (const [name, member] of members) {
      const set = await member.call('PATCH', '/v1/admin/me/notifications', { email: `${name}@example.com` });
      assert.equal(set.status, 200, JSON.stringify(set.body));
    }
  });
  after(async () => {
    await relay.close();
    await catcher.stop();
  });

  it('emails the owner, the admin and a custom role with team.manage; not the agent, nor a role without it', async () => {
    const routing = await owner.call('GET', '/v1/admin/routing');
    const sla = { firstResponseMinutes: 10, raisePriorityTo: 'high', notifyEmail: true };
    const set = await owner.call('PUT', '/v1/admin/routing', { ...routing.body.settings, mode: 'off', sla });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, name: 'Eve' });
    await client.say('eve-1', 'Anyone there?');
    const conversationId = welcome.conversationId!;
    const read = async () => (await relay.admin.repos.conversations.getConversation('default', conversationId))!;
    await until(async () => (await read()).dueAt !== null, 'the deadline set');
    // Everyone wants notifications, from now on: only the escalation's are sent.
    for (const member of members.values()) {
      const on = await member.call('PATCH', '/v1/admin/me/notifications', { notify: true });
      assert.equal(on.status, 200, JSON.stringify(on.body));
    }
    catcher.emails.length = 0;
    clock.offset += 11 * minute;
    relay.admin.outbox.nudge();
    const sent = await catcher.waitFor(3);
    await until(async () => (await read()).overdue, 'escalated');
    await until(async () => {
      const { byKind } = await relay.admin.repos.outbox.outboxCounts(clock.now());
      return byKind.every((count) => count.kind !== 'email.notify' || count.status !== 'pending');
    }, 'every notification sent');
    assert.deepEqual(
      catcher.emails.flatMap((email) => email.to).sort(),
      ['admin@example.com', 'lead@example.com', 'owner@example.com'],
      JSON.stringify(sent.map((email) => email.to)),
    );
    client.close();
  });

  it('emails a disabled webhook’s notice to the owner, the admin and a custom role with webhooks.manage', async () => {
    catcher.emails.length = 0;
    await relay.admin.repos.outbox.enqueueOutbox(
      [
        {
          kind: 'email.admin',
          siteId: 'default',
          payload: {
            template: 'webhook-disabled',
            endpointId: 'wh_1',
            url: 'https://hooks.example/x',
            error: 'HTTP 500',
          },
        },
      ],
      clock.now(),
    );
    relay.admin.outbox.nudge();
    const [notice] = await catcher.waitFor(1);
    assert.deepEqual([...notice!.to].sort(), ['admin@example.com', 'hooks@example.com', 'owner@example.com']);
  });
});
