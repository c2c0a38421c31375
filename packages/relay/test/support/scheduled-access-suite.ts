/**
 * Send later's access suite (issue #80, docs/send-later.md "Who may change one"), run on SQLite
 * (`test/scheduled.test.ts`) and PostgreSQL (`test-services/scheduled-postgres.test.ts`): a real relay on port 0,
 * real sockets, signed-in members.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StartOptions } from '../../src/index.js';
import { Browser, invite, setUpOwner } from './auth-browser.js';
import { TestClient } from './client.js';
import { siteKey, startDesk, type Desk } from './desk.js';
import { until } from './until.js';

const hour = 3_600_000;

/**
 * Who may touch a scheduled message: the conversation's visibility holds for editing and cancelling, an edit of the
 * words makes the editor the author, and the author's access is read again when it is sent. Ana is an agent in the
 * Billing team, Bo an agent in Sales; agents see their teams' conversations only.
 */
export function scheduledAccessSuite(name: string, options: () => Promise<StartOptions> | StartOptions): void {
  describe(`send later (${name}): who may touch a scheduled message`, () => {
    let relay: Desk;
    let owner: Browser;
    let ana: Browser;
    let bo: Browser;
    let anaId: string;
    let billingTeam: string;
    let billing: string;
    let visitor: TestClient;
    const clock = { offset: 0, now: () => Date.now() + clock.offset };

    const schedule = async (text: string): Promise<{ id: string; staffName: string }> => {
      const made = await ana.call('POST', `/v1/admin/conversations/${billing}/scheduled`, {
        text,
        sendAt: clock.now() + hour,
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      return made.body;
    };
    const staffMessages = async (): Promise<string[]> => {
      const page = await owner.call('GET', `/v1/admin/conversations/${billing}/messages`);
      return page.body.items
        .filter((message: { author: { role: string } }) => message.author.role === 'staff')
        .map((message: { author: { name: string }; text: string }) => `${message.author.name}: ${message.text}`);
    };

    before(async () => {
      relay = await startDesk({
        ipRateLimitPerSecond: 0,
        adminRateLimitBurst: 0,
        ...(await options()),
        clock: clock.now,
        outboxClock: clock.now,
        outboxTiming: { pollMs: 50 },
      });
      owner = await setUpOwner(relay);
      ana = await invite(relay, owner, 'agent', 'ana@example.com', 'ana password 1234');
      bo = await invite(relay, owner, 'agent', 'bo@example.com', 'bo password 12345');
      anaId = (await ana.call('GET', '/v1/admin/me')).body.id;
      const boId = (await bo.call('GET', '/v1/admin/me')).body.id;
      const team = await owner.call('POST', '/v1/admin/teams', { name: 'Billing', memberIds: [anaId] });
      assert.equal(team.status, 201, JSON.stringify(team.body));
      billingTeam = team.body.id;
      await owner.call('POST', '/v1/admin/teams', { name: 'Sales', memberIds: [boId] });
      const routing = await owner.call('GET', '/v1/admin/routing');
      await owner.call('PUT', '/v1/admin/routing', { ...routing.body.settings, mode: 'manual' });
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, name: 'Billing visitor' });
      await client.say('b-1', 'About my invoice');
      visitor = client;
      billing = welcome.conversationId!;
      const placed = await owner.call('PATCH', `/v1/admin/conversations/${billing}`, {
        teamId: billingTeam,
        assigneeId: null,
      });
      assert.equal(placed.status, 200, JSON.stringify(placed.body));
      const mode = await owner.call('PUT', '/v1/admin/visibility', { mode: 'team', unassigned: false });
      assert.equal(mode.status, 200, JSON.stringify(mode.body));
    });
    after(async () => {
      visitor.close();
      await relay.close();
    });

    it('an agent who may not see the conversation neither edits nor cancels its messages (404)', async () => {
      const made = await schedule('Your refund is on its way.');
      const edit = await bo.call('PATCH', `/v1/admin/scheduled/${made.id}`, { text: 'Bo wrote this' });
      assert.equal(edit.status, 404, JSON.stringify(edit.body));
      assert.equal((await bo.call('DELETE', `/v1/admin/scheduled/${made.id}`)).status, 404);
      const kept = await ana.call('GET', `/v1/admin/conversations/${billing}/scheduled`);
      const item = kept.body.items.find((found: { id: string }) => found.id === made.id);
      assert.equal(item.text, 'Your refund is on its way.', 'unchanged');
      assert.equal(item.status, 'scheduled', 'not cancelled');
      assert.equal((await ana.call('DELETE', `/v1/admin/scheduled/${made.id}`)).status, 200);
    });

    it('new words by a colleague are sent as that colleague, not as who scheduled it', async () => {
      const made = await schedule('Draft by Ana');
      assert.equal(made.staffName, 'ana');
      const moved = await owner.call('PATCH', `/v1/admin/scheduled/${made.id}`, { sendAt: clock.now() + 2 * hour });
      assert.equal(moved.body.staffName, 'ana', 'a new time alone leaves the words, and the author, as they were');
      const edited = await owner.call('PATCH', `/v1/admin/scheduled/${made.id}`, { text: 'Rewritten by the owner' });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.equal(edited.body.staffName, 'Owner');
      clock.offset += 3 * hour;
      await until(async () => (await staffMessages()).length > 0, 'the edited message to be sent');
      assert.deepEqual(await staffMessages(), ['Owner: Rewritten by the owner']);
    });

    it('is not sent when its author can no longer see the conversation at its time', async () => {
      const made = await schedule('Sent only if Ana still may');
      const moved = await owner.call('PUT', `/v1/admin/teams/${billingTeam}`, { name: 'Billing', memberIds: [] });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      const before = (await staffMessages()).length;
      clock.offset += 2 * hour;
      const failed = async () =>
        (await owner.call('GET', `/v1/admin/conversations/${billing}/scheduled`)).body.items.find(
          (item: { id: string }) => item.id === made.id,
        );
      await until(async () => (await failed())?.status === 'failed', 'the sending to be refused');
      assert.match((await failed()).error, /can no longer see the conversation/);
      assert.equal((await staffMessages()).length, before, 'nothing sent under her name');
    });
  });
}
