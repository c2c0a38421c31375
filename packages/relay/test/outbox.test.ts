import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  MAX_HANDLER_TIMEOUT_MS,
  type OutboxHandler,
  type OutboxInsert,
  type OutboxJob,
  type DeliveryOutcome,
} from '../src/outbox/outbox.js';
import { OutboxWorker } from '../src/outbox/outbox-worker.js';
import { outboxMetrics } from '../src/outbox/outbox-metrics.js';
import { createLogger } from '../src/log.js';
import type { AdminDb, Repositories } from '../src/store/repositories.js';
import { openSqliteAdminDb } from '../src/store/sqlite-admin-db.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { DEFAULT_SITE_ID } from '../src/store/store.js';
import { TestClient } from './support/client.js';
import { startTestRelay } from './support/relay.js';
import { tempDir } from './support/temp.js';
import { ERASURE_PLAN, MIGRATIONS } from '../src/features/features.js';

const log = createLogger('silent');
const site = {
  id: DEFAULT_SITE_ID,
  name: 'Shop',
  siteKey: 'pk_outbox_test',
  allowedOrigins: ['*'],
  identitySecret: 'identity-secret-0123456789',
  requireIdentity: false,
};

/** A handler whose outcomes the test scripts, recording every attempt. */
class ScriptedHandler implements OutboxHandler<{ n: number }> {
  readonly attempts: Array<OutboxJob<{ n: number }>> = [];
  readonly deadJobs: Array<{ id: string; error: string }> = [];
  timeoutMs = 1000;

  constructor(
    readonly kind: string,
    readonly maxAttempts: number,
    readonly script: (job: OutboxJob<{ n: number }>) => DeliveryOutcome | Promise<DeliveryOutcome>,
  ) {}

  async deliver(job: OutboxJob<{ n: number }>): Promise<DeliveryOutcome> {
    this.attempts.push(job);
    return this.script(job);
  }

  async dead(job: OutboxJob<{ n: number }>, error: string): Promise<void> {
    this.deadJobs.push({ id: job.id, error });
  }
}

describe('the outbox worker', () => {
  let messages: SqliteStore;
  let admin: AdminDb;
  let clock = 1_000_000;
  const now = (): number => clock;
  const worker = (handlers: OutboxHandler[], random = () => 0.5): OutboxWorker => {
    const w = new OutboxWorker({
      repos: admin.repos,
      log,
      now,
      random,
      timing: { baseDelayMs: 1000, maxDelayMs: 8000, leaseMarginMs: 500 },
    });
    for (const handler of handlers) w.register(handler as OutboxHandler);
    return w;
  };
  /**
   * Starts a worker on `repos` with one handler, whose poll and counts never come within a test (it looks when it
   * starts, when nudged, and when a flush claims), runs `meanwhile` while it runs, and stops it whatever happens.
   */
  const whileRunning = async (
    options: { handler: ScriptedHandler; repos?: Pick<Repositories, 'outbox'>; concurrency?: number },
    meanwhile: (w: OutboxWorker) => Promise<void>,
  ): Promise<void> => {
    const { handler, repos = admin.repos, concurrency } = options;
    const w = new OutboxWorker({ repos, log, now, concurrency, timing: { pollMs: 60_000, countsMs: 60_000 } });
    w.register(handler as OutboxHandler);
    w.start();
    try {
      await meanwhile(w);
    } finally {
      await w.stop();
    }
  };
  const job = (n: number, extra: Partial<OutboxInsert> = {}): OutboxInsert => ({
    kind: 'test',
    siteId: site.id,
    payload: { n },
    ...extra,
  });
  const jobs = async (): Promise<Array<{ status: string; attempts: number; last_error: string | null }>> =>
    (await admin.repos.outbox.listOutbox(site.id, {}, 200)).items
      .reverse()
      .map((j) => ({ status: j.status, attempts: j.attempts, last_error: j.lastError }));

  before(async () => {
    const path = join(tempDir('parley-outbox-'), 'parley.db');
    messages = new SqliteStore({ path, migrations: MIGRATIONS });
    await messages.init();
    await messages.upsertSite(site);
    admin = openSqliteAdminDb({ path, erasure: ERASURE_PLAN });
  });
  after(async () => {
    await admin.close();
    await messages.close();
  });

  it('refuses a handler whose attempt may outlast the bound a killed relay’s jobs wait for, naming its kind', () => {
    const handler = (timeoutMs: number): OutboxHandler => ({
      kind: 'slow',
      maxAttempts: 1,
      timeoutMs,
      deliver: async () => ({ status: 'delivered' }),
    });
    assert.throws(() => worker([handler(MAX_HANDLER_TIMEOUT_MS + 1)]), /the handler for slow takes 60001 ms/);
    assert.throws(() => worker([handler(0)]), /the handler for slow takes 0 ms/);
    assert.deepEqual(worker([handler(MAX_HANDLER_TIMEOUT_MS)]).kinds, ['slow']);
  });

  it('delivers a job once, and a skipped one is done with nothing sent', async () => {
    await admin.repos.outbox.enqueueOutbox([job(1), job(2)], clock);
    const handler = new ScriptedHandler('test', 3, (j) =>
      j.payload.n === 1 ? { status: 'delivered', detail: '200' } : { status: 'skipped', detail: 'read' },
    );
    const w = worker([handler]);
    await w.runOnce();
    await w.runOnce();
    assert.deepEqual(
      handler.attempts.map((a) => [a.payload.n, a.attempts]),
      [
        [1, 0],
        [2, 0],
      ],
    );
    const listed = (await admin.repos.outbox.listOutbox(site.id, {}, 10)).items.reverse();
    assert.deepEqual(
      listed.map((j) => [j.status, j.detail]),
      [
        ['delivered', '200'],
        ['skipped', 'read'],
      ],
    );
    assert.equal(w.counters().get('test')!.delivered, 1);
    assert.equal(w.counters().get('test')!.skipped, 1);
    await admin.repos.outbox.pruneOutbox(clock + 1, clock + 1, 100);
  });

  it('retries a failure with exponential backoff and jitter, then dead-letters it and calls the dead hook', async () => {
    await admin.repos.outbox.enqueueOutbox([job(3)], clock);
    const handler = new ScriptedHandler('test', 3, () => ({ status: 'failed', error: 'HTTP 500' }));
    // random() = 1 − ε: each delay is its ceiling (1 s, then 2 s).
    const w = worker([handler], () => 0.999_999);
    await w.runOnce();
    assert.equal(handler.attempts.length, 1);
    await w.runOnce();
    assert.equal(handler.attempts.length, 1, 'not due before its backoff');
    clock += 999;
    await w.runOnce();
    assert.equal(handler.attempts.length, 1, 'the first delay is about baseDelayMs');
    clock += 2;
    await w.runOnce();
    assert.equal(handler.attempts.length, 2);
    clock += 1999;
    await w.runOnce();
    assert.equal(handler.attempts.length, 2, 'the second delay doubled');
    clock += 2;
    await w.runOnce();
    assert.equal(handler.attempts.length, 3);
    assert.deepEqual(
      handler.attempts.map((a) => a.attempts),
      [0, 1, 2],
    );
    assert.deepEqual(await jobs(), [{ status: 'dead', attempts: 3, last_error: 'HTTP 500' }]);
    assert.equal(handler.deadJobs.length, 1);
    assert.equal(handler.deadJobs[0]!.error, 'HTTP 500');
    clock += 60_000;
    await w.runOnce();
    assert.equal(handler.attempts.length, 3, 'a dead job is not tried again');
    assert.equal(w.counters().get('test')!.retried, 2);
    assert.equal(w.counters().get('test')!.dead, 1);
  });

  it('replays a dead job with its id, from zero attempts', async () => {
    const [dead] = (await admin.repos.outbox.listOutbox(site.id, { status: 'dead' }, 10)).items;
    const replayed = await admin.repos.outbox.replayOutbox(site.id, dead!.id, clock);
    assert.equal(replayed?.status, 'pending');
    assert.equal(replayed?.attempts, 0);
    assert.equal(await admin.repos.outbox.replayOutbox(site.id, dead!.id, clock), undefined, 'only a dead job replays');
    assert.equal(await admin.repos.outbox.replayOutbox('another-site', dead!.id, clock), undefined);
    const handler = new ScriptedHandler('test', 3, () => ({ status: 'delivered' }));
    await worker([handler]).runOnce();
    assert.deepEqual(
      handler.attempts.map((a) => [a.id, a.attempts]),
      [[dead!.id, 0]],
    );
    await admin.repos.outbox.pruneOutbox(clock + 1, clock + 1, 100);
  });

  it('dead-letters a permanent failure at once, and honours a receiver’s retry-after when longer', async () => {
    await admin.repos.outbox.enqueueOutbox([job(4), job(5)], clock);
    const handler = new ScriptedHandler('test', 10, (j) =>
      j.payload.n === 4
        ? { status: 'failed', error: 'address refused', permanent: true }
        : { status: 'failed', error: '429', retryAfterMs: 5000 },
    );
    const w = worker([handler], () => 0);
    await w.runOnce();
    assert.deepEqual(
      (await jobs()).map((j) => j.status),
      ['dead', 'pending'],
    );
    clock += 4999;
    await w.runOnce();
    assert.equal(handler.attempts.length, 2);
    clock += 2;
    await w.runOnce();
    assert.equal(handler.attempts.length, 3);
    await admin.repos.outbox.pruneOutbox(clock + 1, clock + 1, 100);
    const rest = (await admin.repos.outbox.listOutbox(site.id, { status: 'pending' }, 10)).items;
    for (const j of rest) await admin.repos.outbox.finishOutbox(j.id, 'dead', clock, null, 'test over');
    await admin.repos.outbox.pruneOutbox(clock + 1, clock + 1, 100);
  });

  it('never retries before its own backoff, however short the receiver’s retry-after (it is a floor)', async () => {
    // A receiver answering 429 with Retry-After: 1 must not spend the day's attempts in a minute (docs/webhooks.md).
    await admin.repos.outbox.enqueueOutbox([job(6)], clock);
    const handler = new ScriptedHandler('test', 10, () => ({ status: 'failed', error: '429', retryAfterMs: 100 }));
    const w = worker([handler], () => 0); // backoff before attempt 2: 500 ms (half of the 1 s base, no jitter)
    await w.runOnce();
    assert.equal(handler.attempts.length, 1);
    clock += 101;
    await w.runOnce();
    assert.equal(handler.attempts.length, 1, 'not retried after the receiver’s 100 ms');
    clock += 400;
    await w.runOnce();
    assert.equal(handler.attempts.length, 2, 'retried after the backoff');
    const rest = (await admin.repos.outbox.listOutbox(site.id, { status: 'pending' }, 10)).items;
    for (const j of rest) await admin.repos.outbox.finishOutbox(j.id, 'dead', clock, null, 'test over');
    await admin.repos.outbox.pruneOutbox(clock + 1, clock + 1, 100);
  });

  it('delivers jobs of one key in the order written, one at a time, holding later ones behind a retry', async () => {
    await admin.repos.outbox.enqueueOutbox(
      [job(1, { key: 'k' }), job(2, { key: 'k' }), job(3, { key: 'other' })],
      clock,
    );
    let failFirst = true;
    const handler = new ScriptedHandler('test', 5, (j) => {
      if (j.payload.n === 1 && failFirst) {
        failFirst = false;
        return { status: 'failed', error: 'down' };
      }
      return { status: 'delivered' };
    });
    const w = worker([handler], () => 0);
    await w.runOnce();
    assert.deepEqual(
      handler.attempts.map((a) => a.payload.n),
      [1, 3],
      'job 2 waits behind job 1 of its key',
    );
    clock += 10_000;
    await w.runOnce();
    await w.runOnce();
    assert.deepEqual(
      handler.attempts.map((a) => a.payload.n),
      [1, 3, 1, 2],
    );
    await admin.repos.outbox.pruneOutbox(clock + 1, clock + 1, 100);
  });

  it('keeps a key’s later jobs out of the ready line until the one before finishes, a dead one too', async () => {
    // Two writes: the second job is held by one earlier in its own batch, the third and fourth by the table.
    await admin.repos.outbox.enqueueOutbox([job(1, { key: 'k' }), job(2, { key: 'k' })], clock);
    await admin.repos.outbox.enqueueOutbox([job(3, { key: 'k' }), job(4, { key: 'k' })], clock);
    const held = async (): Promise<Array<[number, string, boolean]>> =>
      (await admin.repos.outbox.listOutbox(site.id, {}, 200)).items.reverse().map((j, i) => [i + 1, j.status, j.held]);
    assert.deepEqual(await held(), [
      [1, 'pending', false],
      [2, 'pending', true],
      [3, 'pending', true],
      [4, 'pending', true],
    ]);
    const claim = async (): Promise<number[]> =>
      (await admin.repos.outbox.claimOutbox(['test'], clock, clock + 1000, 10)).map(
        (j) => (j.payload as { n: number }).n,
      );
    const [first] = await admin.repos.outbox.claimOutbox(['test'], clock, clock + 1000, 10);
    assert.equal((first!.payload as { n: number }).n, 1);
    assert.deepEqual(await claim(), [], 'nothing else of the key is ready while the first is under way');
    await admin.repos.outbox.finishOutbox(first!.id, 'dead', clock, null, 'gave up');
    assert.deepEqual(
      (await held()).map(([n, status, h]) => [n, status, h]),
      [
        [1, 'dead', false],
        [2, 'pending', false],
        [3, 'pending', true],
        [4, 'pending', true],
      ],
      'giving up on the first releases the second, only',
    );
    // A replayed job goes back in line ahead of the later ones of its key, which it was written before.
    const firstId = first!.id;
    await admin.repos.outbox.replayOutbox(site.id, firstId, clock);
    const replayed = await admin.repos.outbox.claimOutbox(['test'], clock, clock + 1000, 10);
    assert.deepEqual(
      replayed.map((j) => j.id),
      [firstId],
    );
    await admin.repos.outbox.finishOutbox(firstId, 'delivered', clock, null, null);
    for (const n of [2, 3, 4]) {
      const [next, ...more] = await admin.repos.outbox.claimOutbox(['test'], clock, clock + 1000, 10);
      assert.equal((next!.payload as { n: number }).n, n);
      assert.equal(more.length, 0);
      await admin.repos.outbox.finishOutbox(next!.id, 'delivered', clock, null, null);
    }
    assert.deepEqual(await claim(), []);
    await admin.repos.outbox.pruneOutbox(clock + 1, clock + 1, 100);
  });

  it('holds nothing behind a job that was folded into a pending one rather than written', async () => {
    await admin.repos.outbox.enqueueOutbox([job(1, { dedupeKey: 'x' })], clock);
    await admin.repos.outbox.enqueueOutbox([job(2, { key: 'q', dedupeKey: 'x' }), job(3, { key: 'q' })], clock);
    const items = (await admin.repos.outbox.listOutbox(site.id, {}, 200)).items.reverse();
    assert.deepEqual(
      items.map((j) => [j.key, j.held]),
      [
        [null, false],
        ['q', false],
      ],
      'the second was folded; the third is ready',
    );
    const claimed = await admin.repos.outbox.claimOutbox(['test'], clock, clock + 1000, 10);
    assert.equal(claimed.length, 2);
    for (const j of claimed) await admin.repos.outbox.finishOutbox(j.id, 'delivered', clock, null, null);
    await admin.repos.outbox.pruneOutbox(clock + 1, clock + 1, 100);
  });

  it('folds a job into a pending one with the same dedupe key, but not into one being delivered', async () => {
    await admin.repos.outbox.enqueueOutbox([job(1, { dedupeKey: 'c1' }), job(2, { dedupeKey: 'c1' })], clock);
    assert.equal((await jobs()).length, 1, 'the second is folded into the first');
    let release!: () => void;
    const handler = new ScriptedHandler('test', 3, async (j) => {
      if (j.payload.n === 1) await new Promise<void>((resolve) => (release = resolve));
      return { status: 'delivered' };
    });
    const w = worker([handler]);
    const running = w.runOnce();
    await until(() => handler.attempts.length === 1);
    // Claimed: the dedupe key is cleared, so a cause that comes now gets its own job.
    await admin.repos.outbox.enqueueOutbox([job(3, { dedupeKey: 'c1' })], clock);
    release();
    await running;
    assert.deepEqual(
      (await jobs()).map((j) => j.status),
      ['delivered', 'pending'],
    );
    await w.runOnce();
    assert.deepEqual(
      handler.attempts.map((a) => a.payload.n),
      [1, 3],
    );
    await admin.repos.outbox.pruneOutbox(clock + 1, clock + 1, 100);
  });

  it('leaves a job claimed by a relay that died to another once the lease expires (at least once)', async () => {
    await admin.repos.outbox.enqueueOutbox([job(7)], clock);
    // A claim that is never settled: the relay holding it was killed.
    const claimed = await admin.repos.outbox.claimOutbox(['test'], clock, clock + 1500, 10);
    assert.equal(claimed.length, 1);
    const handler = new ScriptedHandler('test', 3, () => ({ status: 'delivered' }));
    const w = worker([handler]);
    await w.runOnce();
    assert.equal(handler.attempts.length, 0, 'leased to the dead relay');
    clock += 1501;
    await w.runOnce();
    assert.equal(handler.attempts.length, 1);
    assert.equal(handler.attempts[0]!.id, claimed[0]!.id);
    assert.equal(handler.attempts[0]!.attempts, 1, 'the lost attempt counts');
    await admin.repos.outbox.pruneOutbox(clock + 1, clock + 1, 100);
  });

  it('delivers while nudges keep coming: a nudge never pushes a sooner look back', async () => {
    await admin.repos.outbox.enqueueOutbox([job(8)], clock);
    const handler = new ScriptedHandler('test', 3, () => ({ status: 'delivered' }));
    // It looks once at start; the job came before it.
    await whileRunning({ handler }, async (w) => {
      await until(() => handler.attempts.length === 1);
      await admin.repos.outbox.enqueueOutbox([job(9)], clock);
      // A message with a side effect every 5 ms, each nudging the worker (as a busy relay does).
      const nudging = setInterval(() => w.nudge(), 5);
      try {
        await until(() => handler.attempts.length === 2, 2000);
      } finally {
        clearInterval(nudging);
      }
    });
    assert.deepEqual(
      handler.attempts.map((a) => a.payload.n),
      [8, 9],
    );
    await admin.repos.outbox.pruneOutbox(clock + 1, clock + 1, 100);
  });

  it('claims in the transaction of its outcomes while running (the jobs they release among them), within its concurrency', async () => {
    const keyed = [1, 2, 3].flatMap((k) => [1, 2, 3, 4].map((n) => job(10 * k + n, { key: `key-${k}` })));
    await admin.repos.outbox.enqueueOutbox([...keyed, job(91), job(92), job(93), job(94)], clock);
    // Where each job was claimed: by a look of its own, or in a transaction that recorded outcomes.
    const claimedBy = new Map<number, 'look' | 'settle'>();
    const record = (how: 'look' | 'settle', claimed: OutboxJob[]): OutboxJob[] => {
      for (const j of claimed) claimedBy.set((j.payload as { n: number }).n, how);
      return claimed;
    };
    const outbox = admin.repos.outbox;
    const repos = {
      outbox: {
        ...outbox,
        claimOutbox: async (...args: Parameters<typeof outbox.claimOutbox>) =>
          record('look', await outbox.claimOutbox(...args)),
        settleOutbox: async (...args: Parameters<typeof outbox.settleOutbox>) =>
          record('settle', await outbox.settleOutbox(...args)),
      },
    };
    let inFlight = 0;
    let most = 0;
    const handler = new ScriptedHandler('test', 3, async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight -= 1;
      return { status: 'delivered' };
    });
    await whileRunning({ handler, repos, concurrency: 4 }, () => until(() => handler.attempts.length === 16, 5000));
    const delivered = handler.attempts.map((a) => a.payload.n);
    assert.equal(new Set(delivered).size, 16, 'each job once');
    for (const k of [1, 2, 3]) {
      const ofKey = delivered.filter((n) => Math.floor(n / 10) === k);
      assert.deepEqual(
        ofKey,
        [1, 2, 3, 4].map((n) => 10 * k + n),
        `key-${k} in order`,
      );
    }
    assert.ok(most <= 4, `${most} deliveries at once with a concurrency of 4`);
    // The first look claims what it has room for; the jobs held behind a key are claimed with the outcome that
    // released them, never by a look of their own.
    for (const n of [12, 13, 14, 22, 23, 24, 32, 33, 34]) assert.equal(claimedBy.get(n), 'settle', `job ${n}`);
    assert.equal(claimedBy.get(11), 'look');
    await admin.repos.outbox.pruneOutbox(clock + 1, clock + 1, 100);
  });

  it('looks again at once for a job written while its outcomes were being written, not at the next poll', async () => {
    await admin.repos.outbox.enqueueOutbox([job(71)], clock);
    const outbox = admin.repos.outbox;
    let wrote = false;
    let nudge = (): void => {};
    const repos = {
      outbox: {
        ...outbox,
        settleOutbox: async (...args: Parameters<typeof outbox.settleOutbox>) => {
          const claimed = await outbox.settleOutbox(...args);
          if (!wrote) {
            // After this flush's claim, a cause writes a job and nudges; its look comes while the flush still runs.
            wrote = true;
            await outbox.enqueueOutbox([job(72)], clock);
            nudge();
            await new Promise((resolve) => setTimeout(resolve, 60));
          }
          return claimed;
        },
      },
    };
    const handler = new ScriptedHandler('test', 3, () => ({ status: 'delivered' }));
    await whileRunning({ handler, repos }, async (w) => {
      nudge = () => w.nudge();
      await until(() => handler.attempts.length === 2, 3000);
    });
    assert.deepEqual(
      handler.attempts.map((a) => a.payload.n),
      [71, 72],
    );
    await admin.repos.outbox.pruneOutbox(clock + 1, clock + 1, 100);
  });

  it('claims only the kinds it has handlers for, and a handler that throws counts as a failure', async () => {
    await admin.repos.outbox.enqueueOutbox([job(1, { kind: 'elsewhere' }), job(2)], clock);
    const handler = new ScriptedHandler('test', 1, () => {
      throw new Error('boom');
    });
    const w = worker([handler]);
    await w.runOnce();
    assert.deepEqual(
      (await jobs()).map((j) => [j.status, j.last_error]),
      [
        ['pending', null],
        ['dead', 'boom'],
      ],
    );
    const metrics = outboxMetrics(w, clock);
    assert.match(metrics, /parley_outbox_dead_total\{kind="test"\} 1/);
    assert.match(metrics, /parley_outbox_oldest_pending_age_seconds \d+/);
  });
});

describe('side effects of a stored message', () => {
  it('are written in the message’s own transaction, once, a feature that throws fails nothing, and erasure removes them', async () => {
    const relay = await startTestRelay();
    try {
      const seen: string[] = [];
      relay.admin.core.use({
        messageEffects: (message, siteId) => {
          seen.push(message.clientId);
          return [
            { kind: 'effect.test', siteId, conversationId: message.conversationId, payload: { seq: message.seq } },
          ];
        },
      });
      relay.admin.core.use({
        messageEffects: () => {
          throw new Error('a broken feature');
        },
      });
      const { client } = await TestClient.hello(relay.wsUrl, { siteKey: relay.siteKey });
      const first = await client.say('m1', 'hello');
      client.send({ type: 'send', id: 'm1', text: 'hello' });
      const [, again] = await client.collect('ack', 2);
      assert.equal(again!.duplicate, true);
      await client.say('m2', 'second');
      assert.deepEqual(seen, ['m1', 'm2'], 'a resend causes nothing');
      const jobs = (await relay.admin.repos.outbox.listOutbox(DEFAULT_SITE_ID, {}, 10)).items;
      assert.deepEqual(jobs.map((j) => [j.kind, j.conversationId, j.status]).reverse(), [
        ['effect.test', first.conversationId, 'pending'],
        ['effect.test', first.conversationId, 'pending'],
      ]);
      // A webhook's body holds the message text: erasing the contact takes the jobs with the conversation.
      const conversation = await relay.store.getConversation(first.conversationId);
      await relay.admin.repos.contacts.eraseContact(DEFAULT_SITE_ID, conversation!.visitorId);
      assert.deepEqual((await relay.admin.repos.outbox.listOutbox(DEFAULT_SITE_ID, {}, 10)).items, []);
      client.close();
    } finally {
      await relay.close();
    }
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
