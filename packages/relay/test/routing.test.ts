import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningRelay, StartOptions } from '../src/index.js';
import { TestClient } from './support/client.js';
import { call, siteKey, startDesk } from './support/desk.js';
import { until } from './support/until.js';

const minute = 60_000;

const routing = {
  mode: 'round-robin',
  defaultCapacity: 100,
  reassignAfterMinutes: null,
  sla: null,
};

/** The real time plus an offset the test moves forward: the relay's clock and its outbox worker's. */
function testClock(): { offset: number; now: () => number } {
  const clock = { offset: 0, now: () => Date.now() + clock.offset };
  return clock;
}

function start(clock: { now: () => number }, options: StartOptions = {}): Promise<RunningRelay> {
  return startDesk({
    ipRateLimitPerSecond: 0,
    newConversationsPerAddressPerHour: 10_000,
    clock: clock.now,
    outboxClock: clock.now,
    outboxTiming: { pollMs: 50 },
    ...options,
  });
}

interface Agent {
  id: string;
  token: string;
  client?: TestClient;
}

async function agent(relay: RunningRelay, name: string, connect = true): Promise<Agent> {
  const created = await call(relay, 'POST', '/v1/admin/tokens', { name, role: 'agent' });
  assert.equal(created.status, 201);
  const made: Agent = { id: created.body.id, token: created.body.token };
  if (connect) made.client = (await TestClient.hello(relay.wsUrl, { staffToken: made.token })).client;
  return made;
}

/** Waits until the relay's routing sees these agents online. */
async function online(relay: RunningRelay, agents: readonly Agent[]): Promise<void> {
  await until(async () => {
    const staff = (await call(relay, 'GET', '/v1/admin/routing')).body.staff as Array<{ id: string; online: boolean }>;
    return agents.every((a) => staff.find((s) => s.id === a.id)?.online);
  }, 'the agents online');
}

/** A visitor opens a conversation; resolves with its id. */
async function visitor(relay: RunningRelay, text = 'Hello'): Promise<{ id: string; client: TestClient }> {
  const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v2' });
  await client.say('m-1', text);
  return { id: welcome.conversationId!, client };
}

/** No job of routing's is pending (their timers in the future included, unless `due` only). */
async function routingIdle(relay: RunningRelay, kinds = ['routing.assign', 'routing.reassign']): Promise<boolean> {
  const { byKind } = await relay.admin.repos.outbox.outboxCounts(Date.now());
  return byKind.every((count) => !kinds.includes(count.kind) || count.status !== 'pending');
}

async function conversation(relay: RunningRelay, id: string) {
  return (await relay.admin.repos.conversations.getConversation('default', id))!;
}

describe('routing: assignment', () => {
  const clock = testClock();
  let relay: RunningRelay;
  before(async () => {
    relay = await start(clock);
  });
  after(() => relay.close());

  it('round-robin spreads 100 new conversations over 3 agents within one', async () => {
    const agents = [await agent(relay, 'Ann'), await agent(relay, 'Bob'), await agent(relay, 'Cy')];
    assert.equal((await call(relay, 'PUT', '/v1/admin/routing', routing)).status, 200);
    await online(relay, agents);
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) {
      const opened = await visitor(relay, `Hello ${i}`);
      ids.push(opened.id);
      opened.client.close();
    }
    await until(() => routingIdle(relay), 'every assignment made', { timeoutMs: 20_000 });
    const counts = new Map<string, number>();
    for (const id of ids) {
      const assignee = (await conversation(relay, id)).assigneeId;
      assert.ok(assignee, `${id} assigned`);
      counts.set(assignee, (counts.get(assignee) ?? 0) + 1);
    }
    assert.deepEqual([...counts.keys()].sort(), agents.map((a) => a.id).sort());
    const spread = [...counts.values()];
    assert.ok(Math.max(...spread) - Math.min(...spread) <= 1, `spread ${spread.join(', ')}`);
    // Each assignment was audited nowhere (no person made it) but told the inbox: an agent's socket saw its own.
    for (const a of agents) a.client!.close();
  });
});

describe('routing: capacity and availability', () => {
  const clock = testClock();
  let relay: RunningRelay;
  before(async () => {
    relay = await start(clock);
  });
  after(() => relay.close());

  it('least-open respects capacity, and an away or offline agent gets nothing', async () => {
    const small = await agent(relay, 'Small');
    const big = await agent(relay, 'Big');
    const away = await agent(relay, 'Away');
    const offline = await agent(relay, 'Gone', false);
    assert.equal(
      (await call(relay, 'PUT', '/v1/admin/routing', { ...routing, mode: 'least-open', defaultCapacity: 2 })).status,
      200,
    );
    assert.equal((await call(relay, 'PATCH', `/v1/admin/routing/staff/${small.id}`, { capacity: 1 })).status, 200);
    const set = await call(relay, 'PUT', '/v1/admin/me/availability', { availability: 'away' }, away.token);
    assert.equal(set.status, 200);
    assert.equal(set.body.availability, 'away');
    assert.equal(set.body.online, false);
    await online(relay, [small, big]);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const opened = await visitor(relay);
      ids.push(opened.id);
      await until(() => routingIdle(relay), 'the assignment made');
      opened.client.close();
    }
    const assignees = await Promise.all(ids.map(async (id) => (await conversation(relay, id)).assigneeId));
    // Least-open alternates while both have room; then Small is full (1), Big takes its second; then nobody has room.
    assert.equal(assignees.filter((id) => id === small.id).length, 1);
    assert.equal(assignees.filter((id) => id === big.id).length, 2);
    assert.equal(assignees.filter((id) => id === null).length, 1);
    assert.ok(!assignees.includes(away.id) && !assignees.includes(offline.id));
    const audit = await call(relay, 'GET', '/v1/admin/audit?action=availability.update');
    assert.equal(audit.body.items.length, 1);
    // An agent may set only their own availability; capacities are the admins'.
    assert.equal(
      (await call(relay, 'PATCH', `/v1/admin/routing/staff/${big.id}`, { capacity: 9 }, away.token)).status,
      403,
    );
    assert.equal((await call(relay, 'PUT', '/v1/admin/routing', routing, away.token)).status, 403);
    assert.equal(
      (await call(relay, 'PUT', '/v1/admin/me/availability', { availability: 'busy' }, away.token)).status,
      400,
    );
    for (const a of [small, big, away]) a.client!.close();
  });

  it('hands a conversation over: the job of assignmentEffects assigns it to an online, available agent', async () => {
    const taker = await agent(relay, 'Taker');
    await call(relay, 'PUT', '/v1/admin/routing', { ...routing, mode: 'least-open', defaultCapacity: 5 });
    await online(relay, [taker]);
    // Routing off while the conversation opens: nobody takes it then.
    await call(relay, 'PUT', '/v1/admin/routing', { ...routing, mode: 'off' });
    const opened = await visitor(relay);
    await until(() => routingIdle(relay), 'nothing to route');
    assert.equal((await conversation(relay, opened.id)).assigneeId, null);
    await call(relay, 'PUT', '/v1/admin/routing', { ...routing, mode: 'least-open', defaultCapacity: 5 });
    const effects = relay.routing.assignmentEffects('default', opened.id, 'handover');
    assert.ok(effects && effects.length === 1);
    await relay.admin.repos.outbox.enqueueOutbox(effects, Date.now());
    relay.admin.outbox.nudge();
    await until(async () => (await conversation(relay, opened.id)).assigneeId === taker.id, 'assigned to Taker');
    opened.client.close();
    taker.client!.close();
  });
});

describe('routing: teams', () => {
  const clock = testClock();
  let relay: RunningRelay;
  before(async () => {
    relay = await start(clock);
  });
  after(() => relay.close());

  it('a conversation moved to a team goes to an online member of it', async () => {
    const outsider = await agent(relay, 'Outsider');
    const member = await agent(relay, 'Member');
    await call(relay, 'PUT', '/v1/admin/routing', { ...routing, mode: 'least-open' });
    await online(relay, [outsider, member]);
    const created = await call(relay, 'POST', '/v1/admin/teams', { name: 'Billing', memberIds: [member.id] });
    assert.equal(created.status, 201);
    // Only the outsider is online at first: the new conversation goes to them.
    await call(relay, 'PUT', '/v1/admin/me/availability', { availability: 'away' }, member.token);
    const opened = await visitor(relay);
    await until(async () => (await conversation(relay, opened.id)).assigneeId === outsider.id, 'assigned');
    await call(relay, 'PUT', '/v1/admin/me/availability', { availability: 'online' }, member.token);
    const moved = await call(relay, 'PATCH', `/v1/admin/conversations/${opened.id}`, { teamId: created.body.id });
    assert.equal(moved.status, 200);
    assert.equal(moved.body.teamId, created.body.id);
    await until(async () => (await conversation(relay, opened.id)).assigneeId === member.id, 'routed inside the team');
    const unknown = await call(relay, 'PATCH', `/v1/admin/conversations/${opened.id}`, { teamId: 'team_nope' });
    assert.equal(unknown.status, 400);
    for (const a of [outsider, member]) a.client!.close();
    opened.client.close();
  });
});

describe('routing: an offline assignee', () => {
  const clock = testClock();
  let relay: RunningRelay;
  before(async () => {
    relay = await start(clock);
  });
  after(() => relay.close());

  it('loses their conversation after N minutes offline, once', async () => {
    const first = await agent(relay, 'First');
    await call(relay, 'PUT', '/v1/admin/routing', { ...routing, reassignAfterMinutes: 5 });
    await online(relay, [first]);
    const opened = await visitor(relay);
    await until(async () => (await conversation(relay, opened.id)).assigneeId === first.id, 'assigned to First');
    const second = await agent(relay, 'Second');
    await online(relay, [second]);
    first.client!.close();
    await until(
      async () =>
        (await relay.admin.repos.outbox.outboxCounts(Date.now())).byKind.some((c) => c.kind === 'routing.reassign'),
      'the reassignment timer written',
    );
    // Four minutes on, First is offline but not for long enough: nothing moves.
    clock.offset += 4 * minute;
    await relay.routing.heartbeat();
    await relay.admin.outbox.runOnce();
    assert.equal((await conversation(relay, opened.id)).assigneeId, first.id);
    clock.offset += 2 * minute;
    await relay.routing.heartbeat();
    relay.admin.outbox.nudge();
    await until(async () => (await conversation(relay, opened.id)).assigneeId === second.id, 'reassigned to Second');
    await until(() => routingIdle(relay), 'routing idle');
    const jobs = await call(relay, 'GET', '/v1/admin/outbox?kind=routing.assign');
    const reassigned = jobs.body.items.filter((job: { detail: string | null }) => job.detail?.includes('reassign'));
    assert.equal(reassigned.length, 1);
    second.client!.close();
    opened.client.close();
  });
});

describe('routing: an assignee whose relay died', () => {
  const clock = testClock();
  let relay: RunningRelay;
  before(async () => {
    relay = await start(clock);
  });
  after(() => relay.close());

  it('loses their conversation too, though no close was seen: the heartbeat’s sweep starts the timer', async () => {
    await call(relay, 'PUT', '/v1/admin/routing', { ...routing, reassignAfterMinutes: 5 });
    // Seen by a relay that then died: a heartbeat row, and no connection here (so no close will ever come).
    const ghost = await agent(relay, 'Ghost', false);
    await relay.admin.repos.routing.staffSeen([{ id: ghost.id, siteId: 'default' }], clock.now());
    await relay.routing.heartbeat();
    const opened = await visitor(relay);
    await until(async () => (await conversation(relay, opened.id)).assigneeId === ghost.id, 'assigned to Ghost');
    const live = await agent(relay, 'Live');
    clock.offset += minute;
    await relay.routing.heartbeat();
    const timers = (await call(relay, 'GET', '/v1/admin/outbox?kind=routing.reassign')).body.items;
    assert.equal(timers.length, 1);
    clock.offset += 5 * minute;
    await relay.routing.heartbeat();
    relay.admin.outbox.nudge();
    await until(async () => (await conversation(relay, opened.id)).assigneeId === live.id, 'reassigned to Live');
    live.client!.close();
    opened.client.close();
  });
});
