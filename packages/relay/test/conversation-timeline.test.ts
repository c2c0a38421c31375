import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningRelay } from '../src/index.js';
import { TestClient } from './support/client.js';
import { adminToken, call, siteKey, startDesk } from './support/desk.js';

// Issue #36: the inbox's thread shows who assigned, labelled, prioritised and resolved a conversation, and when,
// from the audit log the relay already keeps.

describe('a conversation’s timeline', () => {
  let relay: RunningRelay;
  before(async () => {
    relay = await startDesk({ ipRateLimitPerSecond: 0 });
  });
  after(() => relay.close());

  it('tells assignments, labels, priority and status changes by whom and when, oldest first', async () => {
    const bo = await call(relay, 'POST', '/v1/admin/tokens', { name: 'Bo', role: 'agent' });
    assert.equal(bo.status, 201);
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    await client.say('m-1', 'My invoice is wrong');
    client.close();
    const id = welcome.conversationId!;
    const patch = async (body: Record<string, unknown>, token = adminToken) => {
      const answer = await call(relay, 'PATCH', `/v1/admin/conversations/${id}`, body, token);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
    };
    const start = Date.now();
    await patch({ assigneeId: bo.body.id });
    await patch({ labels: ['billing'] });
    await patch({ priority: 'high', labels: ['billing', 'vip'] });
    await patch({ labels: ['vip'] }, bo.body.token);
    await patch({ priority: 'high' }); // no change: no event
    await patch({ status: 'resolved' }, bo.body.token);
    await patch({ assigneeId: null });
    const events = await call(relay, 'GET', `/v1/admin/conversations/${id}/events`, undefined, bo.body.token);
    assert.equal(events.status, 200, 'any staff member reads it');
    const items = events.body.items as Array<Record<string, unknown> & { at: number; actor: { name: string } }>;
    const admin = items[0]!.actor.name;
    assert.deepEqual(
      items.map(({ at: _at, actor, ...event }) => [actor.name, event]),
      [
        [admin, { type: 'assigned', assignee: { id: bo.body.id, name: 'Bo' } }],
        [admin, { type: 'label_added', label: 'billing' }],
        [admin, { type: 'label_added', label: 'vip' }],
        [admin, { type: 'priority', priority: 'high' }],
        ['Bo', { type: 'label_removed', label: 'billing' }],
        ['Bo', { type: 'status', status: 'resolved' }],
        [admin, { type: 'assigned', assignee: null }],
      ],
    );
    const times = items.map((event) => event.at);
    assert.deepEqual(
      [...times].sort((a, b) => a - b),
      times,
    );
    assert.ok(times[0]! >= start && times.at(-1)! <= Date.now());
    const missing = await call(relay, 'GET', '/v1/admin/conversations/c_missing/events');
    assert.equal(missing.status, 404);
  });
});
