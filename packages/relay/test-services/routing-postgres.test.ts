/**
 * Routing with two relays on one PostgreSQL: an agent connected to one relay is online for the other (the
 * heartbeat in the database), a new conversation is assigned once whichever relay delivers its job, and two
 * hand-overs of one conversation, written through both relays at once, assign it once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningRelay } from '../src/index.js';
import { TestClient } from '../test/support/client.js';
import { adminToken, siteKey, startDesk } from '../test/support/desk.js';
import { until } from '../test/support/until.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_routing');

async function call(relay: RunningRelay, method: string, path: string, body?: unknown, token = adminToken) {
  const response = await fetch(`${relay.httpUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as any) : undefined };
}

describe('routing on PostgreSQL with two relays', () => {
  let relays: RunningRelay[];
  before(async () => {
    const { connectionString } = await schemas.create('two');
    const options = {
      relaySecret: 'relay-secret-routing-pg-0123456789',
      dataKey: Buffer.alloc(32, 7).toString('base64'),
      ipRateLimitPerSecond: 0,
      store: 'postgres' as const,
      databaseUrl: connectionString,
      outboxTiming: { pollMs: 20 },
    };
    relays = [await startDesk(options)];
    relays.push(await startDesk(options));
  });
  after(async () => {
    for (const relay of relays ?? []) await relay.close();
    await schemas.dropAll();
  });

  it('assigns each new conversation once, to agents of either relay', async () => {
    const [a, b] = relays as [RunningRelay, RunningRelay];
    const agents: Array<{ id: string; client: TestClient }> = [];
    for (const [relay, name] of [
      [a, 'On A'],
      [b, 'On B'],
    ] as const) {
      const created = await call(a, 'POST', '/v1/admin/tokens', { name, role: 'agent' });
      const { client } = await TestClient.hello(relay.wsUrl, { staffToken: created.body.token });
      agents.push({ id: created.body.id, client });
    }
    // Saved through both: each applies its own at once (the other would read it within 10 s).
    const settings = { mode: 'round-robin', defaultCapacity: 50, reassignAfterMinutes: null, sla: null };
    for (const relay of relays) assert.equal((await call(relay, 'PUT', '/v1/admin/routing', settings)).status, 200);
    await until(async () => {
      const staff = (await call(a, 'GET', '/v1/admin/routing')).body.staff as Array<{ online: boolean }>;
      return staff.filter((member) => member.online).length === 2;
    }, 'both agents online for relay A');

    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { client, welcome } = await TestClient.hello(a.wsUrl, { siteKey });
      await client.say('m-1', `Hello ${i}`);
      ids.push(welcome.conversationId!);
      client.close();
    }
    const assignee = async (id: string) =>
      (await a.admin.repos.conversations.getConversation('default', id))?.assigneeId ?? null;
    await until(async () => (await Promise.all(ids.map(assignee))).every((id) => id !== null), 'all assigned');
    const assigned = await Promise.all(ids.map(assignee));
    // Round-robin over both relays' agents: the agent on B is online for A.
    for (const agent of agents) assert.equal(assigned.filter((id) => id === agent.id).length, 3);
    const jobs = (await call(a, 'GET', '/v1/admin/outbox?kind=routing.assign')).body.items as Array<{
      conversationId: string;
      status: string;
    }>;
    for (const id of ids)
      assert.deepEqual(
        jobs.filter((job) => job.conversationId === id).map((job) => job.status),
        ['delivered'],
      );

    // Two hand-overs of one unassigned conversation, written through both relays at once: one assignment.
    await call(a, 'PATCH', `/v1/admin/conversations/${ids[0]}`, { assigneeId: null });
    await Promise.all(
      relays.map(async (relay) => {
        await relay.admin.repos.outbox.enqueueOutbox(
          relay.routing.assignmentEffects('default', ids[0]!, 'handover')!,
          Date.now(),
        );
        relay.admin.outbox.nudge();
      }),
    );
    await until(async () => {
      const items = (await call(a, 'GET', '/v1/admin/outbox?kind=routing.assign')).body.items as Array<{
        conversationId: string;
        status: string;
      }>;
      return items.filter((job) => job.conversationId === ids[0] && job.status !== 'pending').length === 3;
    }, 'both hand-overs done');
    const handovers = (
      (await call(a, 'GET', '/v1/admin/outbox?kind=routing.assign')).body.items as Array<{
        conversationId: string;
        status: string;
        detail: string | null;
      }>
    ).filter((job) => job.conversationId === ids[0] && job.detail?.includes('handover'));
    assert.equal(handovers.length, 1, JSON.stringify(handovers));
    assert.notEqual(await assignee(ids[0]!), null);
    for (const agent of agents) agent.client.close();
  });
});
