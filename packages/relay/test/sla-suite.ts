/**
 * The SLA policies' suite (issue #86), run on SQLite (`test/sla.test.ts`) and PostgreSQL
 * (`test-services/sla-postgres.test.ts`): each clock, pauses, the breach, a restart, the old routing field and the
 * attainment report, against a real relay with real sockets.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunningRelay, StartOptions } from '../src/index.js';
import { TestClient } from './support/client.js';
import { adminToken, call, siteKey } from './support/desk.js';
import { until as untilDefault } from './support/until.js';

const minute = 60_000;

/** {@link untilDefault} with room for a loaded machine: a batch's log read, a job's poll, PostgreSQL. */
const until = (check: () => Promise<boolean> | boolean, what: string) =>
  untilDefault(check, what, { timeoutMs: 20_000 });

/** The real time plus an offset the test moves forward: the relay's clock and its outbox worker's. */
export function testClock(): { offset: number; now: () => number } {
  const clock = { offset: 0, now: () => Date.now() + clock.offset };
  return clock;
}

/** Starts a relay on the suite's store; `dataDir` (SQLite) or the schema (PostgreSQL) kept across a restart when named. */
export type StartSlaRelay = (options: StartOptions & { readonly keep?: string }) => Promise<RunningRelay>;

async function visitor(relay: RunningRelay, text = 'Hello'): Promise<{ id: string; client: TestClient }> {
  const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v2' });
  await client.say('m-1', text);
  return { id: welcome.conversationId!, client };
}

async function reply(relay: RunningRelay, id: string, text: string): Promise<void> {
  const answer = await call(relay, 'POST', `/v1/admin/conversations/${id}/messages`, {
    id: `r-${Math.random().toString(36).slice(2)}`,
    text,
  });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
}

interface Clock {
  target: string;
  cycle: number;
  state: string;
  dueAt: number;
  warnAt: number | null;
  startedAt: number;
  pausedMs: number;
  metAt: number | null;
  breachedAt: number | null;
}

async function clocks(relay: RunningRelay, id: string): Promise<{ policy: { name: string } | null; clocks: Clock[] }> {
  const answer = await call(relay, 'GET', `/v1/admin/conversations/${id}/sla`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body;
}

async function clockOf(relay: RunningRelay, id: string, target: string): Promise<Clock | undefined> {
  return (await clocks(relay, id)).clocks.find((clock) => clock.target === target);
}

async function conversation(relay: RunningRelay, id: string) {
  return (await relay.admin.repos.conversations.getConversation('default', id))!;
}

/** No SLA job is due now (timers later are not counted). */
async function slaIdle(relay: RunningRelay, now: number): Promise<boolean> {
  const jobs = await call(relay, 'GET', '/v1/admin/outbox?status=pending');
  return (jobs.body.items as Array<{ kind: string; dueAt: number }>).every(
    (job) => !job.kind.startsWith('sla.') || job.dueAt > now,
  );
}

/** The suite, on the store `start` makes relays on. */
export function slaSuite(store: string, start: StartSlaRelay): void {
  describe(`SLA policies (${store})`, () => {
    it('keeps policies in order, the default last, and refuses bad input naming the field', async () => {
      const relay = await start({});
      try {
        const made = await call(relay, 'POST', '/v1/admin/sla/policies', {
          name: 'Everyone',
          firstResponseMinutes: 60,
          isDefault: true,
        });
        assert.equal(made.status, 201, JSON.stringify(made.body));
        const urgent = await call(relay, 'POST', '/v1/admin/sla/policies', {
          name: 'Urgent',
          firstResponseMinutes: 5,
          match: { priorities: ['urgent'] },
        });
        const vip = await call(relay, 'POST', '/v1/admin/sla/policies', {
          name: 'VIP',
          resolutionMinutes: 240,
          match: { labels: ['vip'] },
        });
        let list = await call(relay, 'GET', '/v1/admin/sla/policies');
        assert.deepEqual(
          list.body.policies.map((p: { name: string }) => p.name),
          ['Urgent', 'VIP', 'Everyone'],
        );
        const ordered = await call(relay, 'PUT', '/v1/admin/sla/policies/order', {
          ids: [vip.body.id, urgent.body.id],
        });
        assert.equal(ordered.status, 200);
        assert.deepEqual(
          ordered.body.policies.map((p: { name: string }) => p.name),
          ['VIP', 'Urgent', 'Everyone'],
        );
        // The default is not ordered; every other policy must be named once.
        const bad = await call(relay, 'PUT', '/v1/admin/sla/policies/order', { ids: [vip.body.id] });
        assert.equal(bad.status, 400);
        assert.match(bad.body.error.message, /ids/);
        const unknown = await call(relay, 'POST', '/v1/admin/sla/policies', {
          name: 'X',
          firstResponseMinutes: 5,
          colour: 'red',
        });
        assert.equal(unknown.status, 400);
        assert.match(unknown.body.error.message, /colour/);
        const none = await call(relay, 'POST', '/v1/admin/sla/policies', { name: 'Nothing' });
        assert.equal(none.status, 400);
        assert.match(none.body.error.message, /firstResponseMinutes/);
        const tooLong = await call(relay, 'PATCH', `/v1/admin/sla/policies/${vip.body.id}`, { warnAtPercent: 100 });
        assert.equal(tooLong.status, 400);
        assert.match(tooLong.body.error.message, /warnAtPercent/);
        const patched = await call(relay, 'PATCH', `/v1/admin/sla/policies/${vip.body.id}`, { businessHours: true });
        assert.equal(patched.body.businessHours, true);
        assert.equal(patched.body.resolutionMinutes, 240);
        assert.equal((await call(relay, 'DELETE', `/v1/admin/sla/policies/${urgent.body.id}`)).status, 204);
        assert.equal((await call(relay, 'DELETE', `/v1/admin/sla/policies/${urgent.body.id}`)).status, 404);
        list = await call(relay, 'GET', '/v1/admin/sla/policies');
        assert.deepEqual(
          list.body.policies.map((p: { name: string }) => p.name),
          ['VIP', 'Everyone'],
        );
        // Nothing changed by the refusals; each change audited.
        const audit = await call(relay, 'GET', '/v1/admin/audit?limit=50');
        const actions = (audit.body.items as Array<{ action: string }>).map((entry) => entry.action);
        for (const action of ['sla.policy.create', 'sla.policy.order', 'sla.policy.update', 'sla.policy.delete'])
          assert.ok(actions.includes(action), action);
      } finally {
        await relay.close();
      }
    });

    it('the old routing sla field is the default policy; a breach escalates once, a reply in time meets it, the bot is no reply', async () => {
      const clock = testClock();
      const relay = await start({ clock: clock.now, outboxClock: clock.now, outboxTiming: { pollMs: 50 } });
      try {
        const saved = await call(relay, 'PUT', '/v1/admin/routing', {
          mode: 'off',
          defaultCapacity: 10,
          reassignAfterMinutes: null,
          sla: { firstResponseMinutes: 10, raisePriorityTo: 'high', notifyEmail: false },
          assignOnReply: false,
        });
        assert.equal(saved.status, 200);
        await until(
          async () => (await call(relay, 'GET', '/v1/admin/sla/policies')).body.policies.length === 1,
          'the default',
        );
        const [policy] = (await call(relay, 'GET', '/v1/admin/sla/policies')).body.policies;
        assert.equal(policy.isDefault, true);
        assert.equal(policy.firstResponseMinutes, 10);
        assert.equal(policy.raisePriorityTo, 'high');
        await call(relay, 'PUT', '/v1/admin/automations', {
          botName: 'Ada',
          hours: null,
          welcome: { enabled: true, texts: {} },
          away: { enabled: false, texts: {}, emailTexts: {} },
          csat: { enabled: false, texts: {} },
        });
        const { client: staff } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken });
        const late = await visitor(relay);
        const answered = await visitor(relay);
        await until(async () => (await clockOf(relay, answered.id, 'firstResponse')) !== undefined, 'the clock');
        await until(async () => (await relay.store.messagesAfter(late.id, 0, 10)).length === 2, 'the bot’s welcome');
        await reply(relay, answered.id, 'On it!');
        await until(async () => (await clockOf(relay, answered.id, 'firstResponse'))?.state === 'met', 'met');
        const running = (await clockOf(relay, late.id, 'firstResponse'))!;
        assert.equal(running.state, 'running');
        assert.ok(running.dueAt - running.startedAt === 10 * minute);
        assert.equal(running.warnAt, running.startedAt + 8 * minute);
        assert.equal((await conversation(relay, late.id)).dueAt, running.dueAt);
        clock.offset += 11 * minute;
        relay.admin.outbox.nudge();
        const frame = await staff.next(
          'conversation',
          (f) => f.conversation.id === late.id && f.conversation.overdue === true,
        );
        assert.equal(frame.conversation.priority, 'high');
        await until(() => slaIdle(relay, clock.now()), 'SLA jobs done');
        assert.equal((await clockOf(relay, late.id, 'firstResponse'))!.state, 'breached');
        assert.equal((await conversation(relay, answered.id)).overdue, false);
        assert.notEqual((await conversation(relay, answered.id)).firstResponseAt, null);
        const breaches = await call(relay, 'GET', '/v1/admin/outbox?kind=sla.breach');
        assert.deepEqual(
          (breaches.body.items as Array<{ conversationId: string; status: string }>)
            .map((job) => `${job.conversationId === late.id ? 'late' : 'answered'}:${job.status}`)
            .sort(),
          ['answered:skipped', 'late:delivered'],
        );
        const audit = await call(relay, 'GET', '/v1/admin/audit?limit=50');
        const entries = (audit.body.items as Array<{ action: string; targetId: string }>).filter(
          (e) => e.action === 'sla.breach',
        );
        assert.deepEqual(
          entries.map((e) => e.targetId),
          [late.id],
        );
        // Attainment: one met, one breached, under the default policy.
        const report = await call(
          relay,
          'GET',
          `/v1/admin/sla/attainment?from=${clock.now() - 60 * minute}&to=${clock.now() + minute}&split=policy`,
        );
        assert.equal(report.status, 200, JSON.stringify(report.body));
        assert.deepEqual(report.body.rows, [
          { id: policy.id, name: 'Default', target: 'firstResponse', met: 1, breached: 1, attainment: 0.5 },
        ]);
        // Narrowed by the reports' filter set: a label on the late one keeps only its breach; an unknown team is refused.
        const labelled = await call(relay, 'PATCH', `/v1/admin/conversations/${late.id}`, { labels: ['vip'] });
        assert.equal(labelled.status, 200, JSON.stringify(labelled.body));
        const range = `from=${clock.now() - 60 * minute}&to=${clock.now() + minute}`;
        const vip = await call(relay, 'GET', `/v1/admin/sla/attainment?${range}&label=vip`);
        assert.equal(vip.status, 200, JSON.stringify(vip.body));
        assert.deepEqual(vip.body.rows, [
          { id: policy.id, name: 'Default', target: 'firstResponse', met: 0, breached: 1, attainment: 0 },
        ]);
        const email = await call(relay, 'GET', `/v1/admin/sla/attainment?${range}&channel=email`);
        assert.deepEqual(email.body.rows, []);
        const noTeam = await call(relay, 'GET', `/v1/admin/sla/attainment?${range}&team=team_nope`);
        assert.equal(noTeam.status, 400);
        assert.match(noTeam.body.error.message, /query\.team/);
        const badRange = await call(relay, 'GET', `/v1/admin/sla/attainment?from=10&to=5`);
        assert.equal(badRange.status, 400);
        assert.match(badRange.body.error.message, /from/);
        staff.close();
        late.client.close();
        answered.client.close();
      } finally {
        await relay.close();
      }
    });

    it('next response: a cycle per customer message after a staff reply, met by the next reply, breached otherwise', async () => {
      const clock = testClock();
      const relay = await start({ clock: clock.now, outboxClock: clock.now, outboxTiming: { pollMs: 50 } });
      try {
        await call(relay, 'POST', '/v1/admin/sla/policies', {
          name: 'Chat',
          firstResponseMinutes: 30,
          nextResponseMinutes: 20,
          raisePriorityTo: 'urgent',
          warnAtPercent: null,
          isDefault: true,
        });
        const opened = await visitor(relay);
        await until(async () => (await clockOf(relay, opened.id, 'firstResponse')) !== undefined, 'started');
        // The customer writes again before any reply: no next-response clock yet.
        await opened.client.say('m-2', 'Anyone?');
        await reply(relay, opened.id, 'Hi!');
        await until(async () => (await clockOf(relay, opened.id, 'firstResponse'))?.state === 'met', 'first met');
        assert.equal(await clockOf(relay, opened.id, 'nextResponse'), undefined);
        await opened.client.say('m-3', 'Thanks, one more question');
        await until(async () => (await clockOf(relay, opened.id, 'nextResponse'))?.cycle === 1, 'cycle 1');
        await opened.client.say('m-4', 'and another');
        await reply(relay, opened.id, 'Sure');
        await until(async () => (await clockOf(relay, opened.id, 'nextResponse'))?.state === 'met', 'cycle 1 met');
        await opened.client.say('m-5', 'Last one');
        await until(async () => (await clockOf(relay, opened.id, 'nextResponse'))?.cycle === 2, 'cycle 2');
        const second = (await clockOf(relay, opened.id, 'nextResponse'))!;
        assert.equal(second.dueAt - second.startedAt, 20 * minute);
        clock.offset += 21 * minute;
        relay.admin.outbox.nudge();
        await until(async () => (await clockOf(relay, opened.id, 'nextResponse'))?.state === 'breached', 'breached');
        const record = await conversation(relay, opened.id);
        assert.equal(record.priority, 'urgent');
        // A next response's breach is not the first reply's: the conversation is not in Overdue.
        assert.equal(record.overdue, false);
        opened.client.close();
      } finally {
        await relay.close();
      }
    });

    it('pauses while pending or snoozed and resumes on reopen with the time it had left; resolving meets resolution', async () => {
      const clock = testClock();
      const relay = await start({ clock: clock.now, outboxClock: clock.now, outboxTiming: { pollMs: 50 } });
      try {
        await call(relay, 'POST', '/v1/admin/sla/policies', {
          name: 'All',
          firstResponseMinutes: 60,
          resolutionMinutes: 120,
          isDefault: true,
        });
        const opened = await visitor(relay);
        await until(async () => (await clocks(relay, opened.id)).clocks.length === 2, 'two clocks');
        const before = (await clockOf(relay, opened.id, 'firstResponse'))!;
        const patch = await call(relay, 'PATCH', `/v1/admin/conversations/${opened.id}`, { status: 'pending' });
        assert.equal(patch.status, 200, JSON.stringify(patch.body));
        await until(async () => (await clockOf(relay, opened.id, 'firstResponse'))?.state === 'paused', 'paused');
        // An hour and a half waiting on the customer: past the first deadline, nothing breaches.
        clock.offset += 90 * minute;
        relay.admin.outbox.nudge();
        await until(() => slaIdle(relay, clock.now()), 'timers looked at');
        assert.equal((await clockOf(relay, opened.id, 'firstResponse'))!.state, 'paused');
        await call(relay, 'PATCH', `/v1/admin/conversations/${opened.id}`, { status: 'open' });
        await until(async () => (await clockOf(relay, opened.id, 'firstResponse'))?.state === 'running', 'resumed');
        const after = (await clockOf(relay, opened.id, 'firstResponse'))!;
        const moved = after.dueAt - before.dueAt;
        assert.ok(moved >= 90 * minute - 5000 && moved <= 90 * minute + 5000, `moved ${moved}`);
        assert.ok(after.pausedMs >= 90 * minute - 5000, `paused ${after.pausedMs}`);
        // The old deadline's timer, looked at now, changes nothing.
        assert.equal(after.breachedAt, null);
        await call(relay, 'PATCH', `/v1/admin/conversations/${opened.id}`, { status: 'resolved' });
        await until(async () => (await clockOf(relay, opened.id, 'resolution'))?.state === 'met', 'resolution met');
        assert.equal((await clockOf(relay, opened.id, 'firstResponse'))!.state, 'paused');
        opened.client.close();
      } finally {
        await relay.close();
      }
    });

    it('a change of priority chooses the policy again: its clocks take the new targets', async () => {
      const clock = testClock();
      const relay = await start({ clock: clock.now, outboxClock: clock.now, outboxTiming: { pollMs: 50 } });
      try {
        await call(relay, 'POST', '/v1/admin/sla/policies', { name: 'All', firstResponseMinutes: 60, isDefault: true });
        await call(relay, 'POST', '/v1/admin/sla/policies', {
          name: 'Urgent',
          firstResponseMinutes: 10,
          resolutionMinutes: 120,
          match: { priorities: ['urgent'] },
        });
        const opened = await visitor(relay);
        await until(async () => (await clocks(relay, opened.id)).policy?.name === 'All', 'the default');
        assert.equal((await clocks(relay, opened.id)).clocks.length, 1);
        const patch = await call(relay, 'PATCH', `/v1/admin/conversations/${opened.id}`, { priority: 'urgent' });
        assert.equal(patch.status, 200, JSON.stringify(patch.body));
        await until(async () => (await clocks(relay, opened.id)).policy?.name === 'Urgent', 'the urgent policy');
        const first = (await clockOf(relay, opened.id, 'firstResponse'))!;
        // The time it ran (a moment) counts against the new target: due about 10 minutes after it started.
        assert.ok(Math.abs(first.dueAt - first.startedAt - 10 * minute) < 10_000, `${first.dueAt - first.startedAt}`);
        // The resolution target the default lacked starts from the conversation's start.
        const resolution = (await clockOf(relay, opened.id, 'resolution'))!;
        assert.equal(resolution.dueAt - resolution.startedAt, 120 * minute);
        clock.offset += 11 * minute;
        relay.admin.outbox.nudge();
        await until(async () => (await clockOf(relay, opened.id, 'firstResponse'))?.state === 'breached', 'breached');
        opened.client.close();
      } finally {
        await relay.close();
      }
    });

    it('a restart in the middle of a clock still breaches once', async () => {
      const clock = testClock();
      const keep = `restart-${Math.random().toString(36).slice(2)}`;
      let relay = await start({ keep, clock: clock.now, outboxClock: clock.now, outboxTiming: { pollMs: 50 } });
      let id: string;
      try {
        await call(relay, 'POST', '/v1/admin/sla/policies', { name: 'All', resolutionMinutes: 30, isDefault: true });
        const opened = await visitor(relay);
        id = opened.id;
        await until(async () => (await clockOf(relay, opened.id, 'resolution')) !== undefined, 'the clock');
        opened.client.close();
      } finally {
        await relay.close();
      }
      clock.offset += 31 * minute;
      relay = await start({ keep, clock: clock.now, outboxClock: clock.now, outboxTiming: { pollMs: 50 } });
      try {
        await until(
          async () => (await clockOf(relay, id, 'resolution'))?.state === 'breached',
          'breached after the restart',
        );
        await until(() => slaIdle(relay, clock.now()), 'SLA jobs done');
        const jobs = await call(relay, 'GET', '/v1/admin/outbox?kind=sla.breach');
        assert.deepEqual(
          jobs.body.items.map((job: { status: string }) => job.status),
          ['delivered'],
        );
      } finally {
        await relay.close();
      }
    });
  });
}
