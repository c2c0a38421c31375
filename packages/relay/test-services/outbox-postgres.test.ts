/**
 * The outbox on PostgreSQL: several relays' workers on one database deliver every job once in the ordinary case
 * (`FOR UPDATE SKIP LOCKED` and a lease), keep each key's order across relays, and a message's side effects commit in
 * the append's own transaction.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Message } from '@parley/protocol';
import { createLogger } from '../src/log.js';
import type { DeliveryOutcome, OutboxHandler, OutboxJob } from '../src/outbox/outbox.js';
import { OutboxWorker } from '../src/outbox/outbox-worker.js';
import { openPostgresAdminDb } from '../src/store/postgres-admin-db.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import { DEFAULT_SITE_ID } from '../src/store/store.js';
import pg from 'pg';
import { numbered } from '../src/store/sql/admin-rows.js';
import { outboxInsertSql, outboxPayloadSql, outboxRows } from '../src/store/sql/outbox-rows.js';
import { finishOutbox } from '../src/store/sql/outbox-queries.js';
import type { SqlDb } from '../src/store/sql/sql-db.js';
import { TestSchemas } from './support/postgres.js';
import { ERASURE_PLAN, MIGRATIONS } from '../src/features/features.js';

const schemas = new TestSchemas('parley_outbox');
after(() => schemas.dropAll());

const site = {
  id: DEFAULT_SITE_ID,
  name: 'Shop',
  siteKey: 'pk_outbox_pg',
  allowedOrigins: ['*'],
  identitySecret: 'identity-secret-0123456789',
  requireIdentity: false,
};

/** Records which relay delivered what, in order; each delivery takes a few ms, as a real receiver would. */
function recorder(relay: string, log: Array<{ relay: string; job: OutboxJob<{ n: number; key?: string }> }>) {
  const handler: OutboxHandler<{ n: number; key?: string }> = {
    kind: 'test',
    maxAttempts: 3,
    timeoutMs: 5000,
    async deliver(job): Promise<DeliveryOutcome> {
      log.push({ relay, job });
      await new Promise((resolve) => setTimeout(resolve, 2));
      return { status: 'delivered' };
    },
  };
  return handler as OutboxHandler;
}

describe('the outbox on PostgreSQL', () => {
  it('three relays drain 300 jobs with each delivered once, and each key in the order written', async () => {
    const { connectionString } = await schemas.create('drain');
    const messages = new PostgresStore({ connectionString, migrations: MIGRATIONS });
    await messages.init();
    await messages.upsertSite(site);
    const stores = [1, 2, 3].map(() => openPostgresAdminDb({ connectionString, erasure: ERASURE_PLAN }));
    try {
      const items = Array.from({ length: 300 }, (_, n) => ({
        kind: 'test',
        siteId: site.id,
        key: n % 3 === 0 ? `k${n % 7}` : null,
        payload: { n, key: n % 3 === 0 ? `k${n % 7}` : undefined },
      }));
      await stores[0]!.repos.outbox.enqueueOutbox(items, Date.now());
      const log: Array<{ relay: string; job: OutboxJob<{ n: number; key?: string }> }> = [];
      const workers = stores.map((store, i) => {
        const worker = new OutboxWorker({ repos: store.repos, log: createLogger('silent'), concurrency: 4 });
        worker.register(recorder(`relay${i}`, log));
        return worker;
      });
      // All three look at once, again and again, until nothing is left.
      for (let round = 0; round < 200 && log.length < 300; round++)
        await Promise.all(workers.map((worker) => worker.runOnce()));
      const delivered = log.map((entry) => entry.job.payload.n).sort((a, b) => a - b);
      assert.deepEqual(delivered, [...Array(300).keys()], 'every job once');
      assert.ok(new Set(log.map((entry) => entry.relay)).size >= 2, 'the relays shared the work');
      const byKey = new Map<string, number[]>();
      for (const { job } of log)
        if (job.payload.key !== undefined)
          byKey.set(job.payload.key, [...(byKey.get(job.payload.key) ?? []), job.payload.n]);
      for (const [key, order] of byKey)
        assert.deepEqual(
          order,
          [...order].sort((a, b) => a - b),
          `key ${key} in the order written`,
        );
      const counts = await stores[0]!.repos.outbox.outboxCounts(Date.now());
      assert.deepEqual(counts.byKind, [], 'nothing pending or dead');
    } finally {
      for (const store of stores) await store.close();
      await messages.close();
    }
  });

  it('writes a message’s side effects in the append’s transaction, and none for a resend', async () => {
    const { connectionString } = await schemas.create('effects');
    const messages = new PostgresStore({ connectionString, migrations: MIGRATIONS });
    await messages.init();
    await messages.upsertSite(site);
    const admin = openPostgresAdminDb({ connectionString, erasure: ERASURE_PLAN });
    try {
      const caused: Message[] = [];
      messages.setMessageEffects((message, siteId) => {
        caused.push(message);
        return [{ kind: 'test', siteId, conversationId: message.conversationId, payload: { seq: message.seq } }];
      });
      const input = {
        siteId: site.id,
        conversationId: 'c_pg_effects',
        visitorId: 'v1',
        clientId: 'm1',
        author: { role: 'visitor' as const, id: 'v1' },
        text: 'hello',
        kind: 'text' as const,
      };
      await Promise.all([messages.append(input), messages.append({ ...input, clientId: 'm2' })]);
      const resend = await messages.append(input);
      assert.equal(resend.duplicate, true);
      assert.equal(caused.length, 2);
      const jobs = (await admin.repos.outbox.listOutbox(site.id, {}, 10)).items;
      assert.deepEqual(
        jobs.map((job) => job.conversationId),
        ['c_pg_effects', 'c_pg_effects'],
      );
    } finally {
      await admin.close();
      await messages.close();
    }
  });

  it('a job written while another relay finishes the one before it of its key is released, whichever goes first', async () => {
    const { connectionString } = await schemas.create('held');
    const messages = new PostgresStore({ connectionString, migrations: MIGRATIONS });
    await messages.init();
    await messages.upsertSite(site);
    const admin = openPostgresAdminDb({ connectionString, erasure: ERASURE_PLAN });
    // Two relays' connections, each holding a transaction open at the moment that matters.
    const writer = new pg.Client({ connectionString });
    const finisher = new pg.Client({ connectionString });
    await writer.connect();
    await finisher.connect();
    const write = async (n: number): Promise<void> => {
      const { jobs, payloads } = outboxRows([{ kind: 'test', siteId: site.id, key: 'k', payload: { n } }], Date.now());
      await writer.query(numbered(outboxInsertSql('postgres', 1)), jobs.flat());
      await writer.query(numbered(outboxPayloadSql(1)), payloads.flat());
    };
    const finisherDb = {
      dialect: 'postgres',
      all: async (sql: string, params: readonly unknown[] = []) =>
        (await finisher.query(numbered(sql), [...params])).rows,
      run: async (sql: string, params: readonly unknown[] = []) =>
        (await finisher.query(numbered(sql), [...params])).rowCount ?? 0,
    } as unknown as SqlDb;
    const claim = async (): Promise<number[]> =>
      (await admin.repos.outbox.claimOutbox(['test'], Date.now(), Date.now() + 60_000, 10)).map(
        (job) => (job.payload as { n: number }).n,
      );
    const held = async (): Promise<boolean[]> =>
      (await admin.repos.outbox.listOutbox(site.id, { status: 'pending' }, 10)).items.reverse().map((job) => job.held);
    try {
      await admin.repos.outbox.enqueueOutbox(
        [{ kind: 'test', siteId: site.id, key: 'k', payload: { n: 1 } }],
        Date.now(),
      );
      const [first] = await admin.repos.outbox.claimOutbox(['test'], Date.now(), Date.now() + 60_000, 10);

      // The write first: job 2 is held behind job 1, which stays locked until the write commits; the finish waits
      // for that, then sees job 2 and releases it.
      await writer.query('BEGIN');
      await write(2);
      const finishing = admin.repos.outbox.finishOutbox(first!.id, 'delivered', Date.now(), null, null);
      await sleep(200);
      await writer.query('COMMIT');
      assert.equal(await finishing, true);
      assert.deepEqual(await held(), [false], 'job 2 was released');
      assert.deepEqual(await claim(), [2]);

      // The finish first: the write waits for it, then finds nothing pending before it, and job 3 is ready.
      const [second] = (await admin.repos.outbox.listOutbox(site.id, { status: 'pending' }, 10)).items;
      await finisher.query('BEGIN');
      assert.equal(await finishOutbox(finisherDb, second!.id, 'delivered', Date.now(), null, null), true);
      await writer.query('BEGIN');
      const writing = write(3).then(() => writer.query('COMMIT'));
      await sleep(200);
      await finisher.query('COMMIT');
      await writing;
      assert.deepEqual(await held(), [false], 'job 3 is ready');
      assert.deepEqual(await claim(), [3]);
    } finally {
      await writer.end();
      await finisher.end();
      await admin.close();
      await messages.close();
    }
  });
});
