/**
 * What a reply does to its conversation (issue #81), run on SQLite (`test/reply-effects.test.ts`) and PostgreSQL
 * (`test-services/reply-effects-postgres.test.ts`): a customer who writes reopens a resolved, pending or snoozed
 * conversation (back in Open, its counts and the inbox, with a timeline event and a webhook); an agent who answers
 * an unassigned conversation takes it, unless the site turned that off. A real relay on port 0, real sockets.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StartOptions } from '../../src/index.js';
import { TestClient } from './client.js';
import { adminToken, siteKey, startDesk, type Desk } from './desk.js';
import { until } from './until.js';
import { WebhookReceiver } from './webhook-receiver.js';

/** The suite; `options` picks the store. */
export function replyEffectsSuite(name: string, options: () => Promise<StartOptions> | StartOptions): void {
  describe(`what a reply does (${name})`, () => {
    let relay: Desk;
    let receiver: WebhookReceiver;
    let staff: TestClient;
    let made = 0;

    before(async () => {
      receiver = await WebhookReceiver.start();
      relay = await startDesk({
        ipRateLimitPerSecond: 0,
        newConversationsPerAddressPerHour: 10_000,
        webhookAllowPrivate: true,
        outboxTiming: { pollMs: 50 },
        ...(await options()),
      });
      const hook = await relay.call('POST', '/v1/admin/webhooks', {
        url: receiver.url(),
        events: ['conversation.updated'],
      });
      assert.equal(hook.status, 201);
      ({ client: staff } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken }));
    });
    after(async () => {
      staff?.close();
      await relay?.close();
      await receiver?.close();
    });

    async function conversation(): Promise<{ id: string; visitor: TestClient }> {
      made += 1;
      const { client: visitor, welcome } = await TestClient.hello(
        relay.wsUrl,
        { siteKey, user: undefined },
        { protocol: 'parley.v2' },
      );
      await visitor.say(`m-${made}`, 'My order has not arrived');
      return { id: welcome.conversationId!, visitor };
    }

    const read = async (id: string) => (await relay.call('GET', `/v1/admin/conversations/${id}`)).body;
    const openIds = async (): Promise<{ ids: string[]; open: number }> => {
      const list = (await relay.call('GET', '/v1/admin/conversations?status=open&limit=100')).body;
      return { ids: list.items.map((item: { id: string }) => item.id), open: list.counts.open };
    };

    /** The `conversation.updated` webhooks of `id`, as `previous → now` statuses. */
    function statusChanges(id: string): string[] {
      return receiver.requests
        .map((request) => JSON.parse(request.body) as { type: string; data: any })
        .filter((event) => event.type === 'conversation.updated' && event.data.conversation.id === id)
        .filter((event) => event.data.previous.status !== undefined)
        .map((event) => `${event.data.previous.status} → ${event.data.conversation.status}`);
    }

    for (const status of ['resolved', 'pending', 'snoozed'] as const) {
      it(`a customer who writes to a ${status} conversation reopens it: Open, its counts, the inbox, the timeline`, async () => {
        const { id, visitor } = await conversation();
        const set =
          status === 'snoozed'
            ? await relay.call('PUT', `/v1/admin/conversations/${id}/snooze`, { until: Date.now() + 86_400_000 })
            : await relay.call('PATCH', `/v1/admin/conversations/${id}`, { status });
        assert.equal(set.status, 200, JSON.stringify(set.body));
        assert.equal((await read(id)).status, status);
        const closed = await openIds();
        assert.ok(!closed.ids.includes(id));

        // What the inbox was told before: only what it is told after the customer writes counts below.
        await staff.next(
          'conversation',
          (frame) => frame.conversation.id === id && frame.conversation.status === status,
        );
        staff.frames.splice(0);
        await visitor.say(`again-${id}`, 'Hello? Still nothing.');
        const live = await staff.next(
          'conversation',
          (frame) => frame.conversation.id === id && frame.conversation.status === 'open',
        );
        assert.equal(live.conversation.status, 'open');
        assert.equal((await read(id)).status, 'open');
        const reopened = await openIds();
        assert.ok(reopened.ids.includes(id));
        assert.equal(reopened.open, closed.open + 1);
        await until(() => statusChanges(id).includes(`${status} → open`), 'the reopening webhook');
        const events = (await relay.call('GET', `/v1/admin/conversations/${id}/events`)).body.items as Array<{
          type: string;
          status?: string;
        }>;
        assert.deepEqual(
          events.filter((event) => event.type === 'status').map((event) => event.status),
          [status, 'open'],
        );
        visitor.close();
      });
    }

    it('a staff reply or note to a resolved conversation leaves it resolved; an open one stays as it is', async () => {
      const { id, visitor } = await conversation();
      assert.equal((await relay.call('PATCH', `/v1/admin/conversations/${id}`, { status: 'resolved' })).status, 200);
      const note = await relay.call('POST', `/v1/admin/conversations/${id}/messages`, {
        id: `n-${id}`,
        text: 'Closed after the refund',
        note: true,
      });
      assert.equal(note.status, 201, JSON.stringify(note.body));
      const reply = await relay.call('POST', `/v1/admin/conversations/${id}/messages`, { id: `r-${id}`, text: 'Bye!' });
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
      // The outbox has nothing of this conversation to deliver: no reopening was written.
      const pending = await relay.admin.repos.outbox.listOutbox('default', { kind: 'conversation.reopen' }, 100);
      assert.ok(!pending.items.some((job: { conversationId?: string | null }) => job.conversationId === id));
      assert.equal((await read(id)).status, 'resolved');
      visitor.close();
    });

    it('an agent who answers an unassigned conversation takes it; an assigned one stays with its assignee', async () => {
      const ana = await relay.agent('Ana');
      const bo = await relay.agent('Bo');
      const { id, visitor } = await conversation();
      assert.equal((await read(id)).assigneeId, null);
      const answered = await relay.call(
        'POST',
        `/v1/admin/conversations/${id}/messages`,
        { id: `a-${id}`, text: 'Looking into it' },
        ana.token,
      );
      assert.equal(answered.status, 201, JSON.stringify(answered.body));
      await until(async () => (await read(id)).assigneeId === ana.id, 'the conversation to be Ana’s');
      // The list names who wrote the last message, so that the inbox says "You" to its author alone.
      const listed = (await relay.call('GET', '/v1/admin/conversations?limit=100')).body.items.find(
        (item: { id: string }) => item.id === id,
      );
      assert.deepEqual(listed.lastMessage, {
        seq: 2,
        text: 'Looking into it',
        ts: listed.lastMessage.ts,
        authorRole: 'staff',
        authorId: ana.id,
        authorName: 'Ana',
      });
      const events = (await relay.call('GET', `/v1/admin/conversations/${id}/events`)).body.items as Array<{
        type: string;
        assignee?: { id: string } | null;
        actor: { id: string };
      }>;
      assert.deepEqual(
        events.filter((event) => event.type === 'assigned').map((event) => [event.actor.id, event.assignee?.id]),
        [[ana.id, ana.id]],
      );
      // Bo's reply does not take it from Ana.
      const second = await relay.call(
        'POST',
        `/v1/admin/conversations/${id}/messages`,
        { id: `b-${id}`, text: 'Me too' },
        bo.token,
      );
      assert.equal(second.status, 201);
      await staff.roundTrip();
      assert.equal((await read(id)).assigneeId, ana.id);
      visitor.close();
    });

    it('with assign on reply off, an answer leaves the conversation unassigned', async () => {
      const current = (await relay.call('GET', '/v1/admin/routing')).body.settings;
      const saved = await relay.call('PUT', '/v1/admin/routing', { ...current, assignOnReply: false });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.equal(saved.body.settings.assignOnReply, false);
      try {
        const ana = await relay.agent('Ana 2');
        const { id, visitor } = await conversation();
        const answered = await relay.call(
          'POST',
          `/v1/admin/conversations/${id}/messages`,
          { id: `a-${id}`, text: 'Looking into it' },
          ana.token,
        );
        assert.equal(answered.status, 201);
        const jobs = await relay.admin.repos.outbox.listOutbox('default', { kind: 'routing.claim' }, 100);
        assert.ok(!jobs.items.some((job: { conversationId?: string | null }) => job.conversationId === id));
        assert.equal((await read(id)).assigneeId, null);
        visitor.close();
      } finally {
        await relay.call('PUT', '/v1/admin/routing', { ...current, assignOnReply: true });
      }
    });
  });
}
