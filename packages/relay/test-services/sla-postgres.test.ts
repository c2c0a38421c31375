/**
 * SLA policies on PostgreSQL (issue #86): the suite every store runs, the first-reply SLA of routing's settings
 * migrated into a default policy, and two relays on one database deciding each clock once.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { RunningRelay } from '../src/index.js';
import { TestClient } from '../test/support/client.js';
import { call, siteKey, startDesk } from '../test/support/desk.js';
import { until } from '../test/support/until.js';
import { slaSuite, testClock } from '../test/sla-suite.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_sla');
after(() => schemas.dropAll());

const options = {
  relaySecret: 'relay-secret-sla-pg-0123456789abcdef',
  dataKey: Buffer.alloc(32, 9).toString('base64'),
  ipRateLimitPerSecond: 0,
  // The tests poll the admin API every 20 ms while clocks start: no token bucket runs dry under them on a slow machine.
  adminRateLimitPerSecond: 0,
  store: 'postgres' as const,
};

slaSuite('PostgreSQL', async ({ keep, ...rest }) => {
  const { connectionString } = await schemas.create(keep);
  return startDesk({ ...options, databaseUrl: connectionString, ...rest });
});

describe('SLA on PostgreSQL', () => {
  it('migrates the first-reply SLA of routing’s settings into the site’s default policy', async () => {
    const schema = await schemas.create('migrate');
    let relay = await startDesk({ ...options, databaseUrl: schema.connectionString });
    await relay.close();
    // A database as the release before left it: routing's settings with an SLA, the migration not applied yet.
    await schema.query(`DELETE FROM $schema.sla_policies`);
    await schema.query(`DELETE FROM $schema.parley_schema_migrations WHERE name = 'sla.default-from-routing'`);
    await schema.query(
      `INSERT INTO $schema.routing_settings (site_id, settings, updated_at) VALUES ('default', $1, 5)
       ON CONFLICT (site_id) DO UPDATE SET settings = excluded.settings`,
      [
        JSON.stringify({
          mode: 'off',
          defaultCapacity: 10,
          reassignAfterMinutes: null,
          sla: { firstResponseMinutes: 25, raisePriorityTo: 'urgent', notifyEmail: true },
          assignOnReply: true,
        }),
      ],
    );
    relay = await startDesk({ ...options, databaseUrl: schema.connectionString });
    try {
      const list = await call(relay, 'GET', '/v1/admin/sla/policies');
      assert.equal(list.body.policies.length, 1);
      const [policy] = list.body.policies;
      assert.deepEqual(
        [policy.isDefault, policy.firstResponseMinutes, policy.raisePriorityTo, policy.notifyEmail],
        [true, 25, 'urgent', true],
      );
    } finally {
      await relay.close();
    }
  });

  it('two relays: clocks start once from the log, and a breach is decided once', async () => {
    const { connectionString } = await schemas.create('two');
    const clock = testClock();
    const both = {
      ...options,
      databaseUrl: connectionString,
      clock: clock.now,
      outboxClock: clock.now,
      outboxTiming: { pollMs: 20 },
    };
    const relays: RunningRelay[] = [await startDesk(both)];
    relays.push(await startDesk(both));
    const [a, b] = relays as [RunningRelay, RunningRelay];
    try {
      const made = await call(a, 'POST', '/v1/admin/sla/policies', {
        name: 'All',
        firstResponseMinutes: 10,
        nextResponseMinutes: 5,
        raisePriorityTo: 'high',
        isDefault: true,
      });
      assert.equal(made.status, 201);
      // Relay B reads the policy within its refresh; the test asks it at once.
      await b.use('sla')!.refresh();
      const ids: string[] = [];
      const clients: TestClient[] = [];
      for (let i = 0; i < 4; i++) {
        const relay = relays[i % 2]!;
        const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
        await client.say('m-1', `Hello ${i}`);
        ids.push(welcome.conversationId!);
        clients.push(client);
      }
      const clocksOf = async (relay: RunningRelay, id: string) =>
        (await call(relay, 'GET', `/v1/admin/conversations/${id}/sla`)).body.clocks as Array<{
          target: string;
          cycle: number;
          state: string;
        }>;
      await until(
        async () => (await Promise.all(ids.map((id) => clocksOf(b, id)))).every((c) => c.length === 1),
        'clocks',
      );
      // A reply through relay B to a conversation whose visitor is on relay A; the customer answers on A.
      const reply = await call(b, 'POST', `/v1/admin/conversations/${ids[0]}/messages`, { id: 'r-1', text: 'Hi' });
      assert.equal(reply.status, 201);
      await until(async () => (await clocksOf(a, ids[0]!)).some((c) => c.state === 'met'), 'met');
      await clients[0]!.say('m-2', 'Thanks, and…');
      await until(async () => (await clocksOf(a, ids[0]!)).some((c) => c.target === 'nextResponse'), 'next response');
      clock.offset += 11 * 60_000;
      for (const relay of relays) relay.admin.outbox.nudge();
      const conversation = (id: string) => a.admin.repos.conversations.getConversation('default', id);
      await until(
        async () => (await Promise.all(ids.map(conversation))).every((c) => c!.priority === 'high'),
        'breached',
      );
      await until(async () => {
        const jobs = (await call(a, 'GET', '/v1/admin/outbox?kind=sla.breach')).body.items as Array<{ status: string }>;
        return jobs.length === 5 && jobs.every((job) => job.status !== 'pending');
      }, 'every timer done');
      const jobs = (await call(a, 'GET', '/v1/admin/outbox?kind=sla.breach')).body.items as Array<{ status: string }>;
      // Three first replies breached, the fourth's (answered) skipped, and ids[0]'s next response breached.
      assert.deepEqual(jobs.map((job) => job.status).sort(), [
        'delivered',
        'delivered',
        'delivered',
        'delivered',
        'skipped',
      ]);
      const audit = await call(a, 'GET', '/v1/admin/audit?limit=100');
      const breaches = (audit.body.items as Array<{ action: string }>).filter((entry) => entry.action === 'sla.breach');
      assert.equal(breaches.length, 4);
      for (const client of clients) client.close();
    } finally {
      for (const relay of relays) await relay.close();
    }
  });
});
