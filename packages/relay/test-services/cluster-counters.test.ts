/**
 * The counters summed over relays (`src/bus/cluster-counters.ts`) on a real Redis, between two real Redis buses:
 * changes reach the other relay by gossip, and the heartbeat costs the same however many counters there are (issue
 * #87: nothing scans all connections per second), while still correcting what gossip missed and rewriting a hash
 * Redis lost. Needs `redis-server`.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { RedisBus } from '../src/bus/redis-bus.js';
import { ClusterCounters } from '../src/bus/cluster-counters.js';
import { createLogger } from '../src/log.js';
import { until } from '../test/support/until.js';
import { RedisInstance } from './support/services.js';

const HEARTBEAT_MS = 100;

let redis: RedisInstance;
let admin: Redis;
/** The buses a test started, closed after it whatever its outcome. */
const started: RedisBus[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((bus) => bus.close()));
});

before(async () => {
  redis = await RedisInstance.start();
  admin = new Redis(redis.url);
});

after(async () => {
  admin.disconnect();
  await redis.stop();
});

/** A relay's bus and its counters, under a prefix of the test's own. */
async function relay(prefix: string, changes?: string[][]): Promise<{ bus: RedisBus; counters: ClusterCounters }> {
  const bus = new RedisBus({
    url: redis.url,
    prefix,
    source: { messagesAfter: async () => [], siteOf: async () => undefined },
    log: createLogger('silent'),
  });
  started.push(bus);
  await bus.start({ frame: () => undefined, stored: () => undefined });
  const counters = new ClusterCounters(bus, 'presence', {
    heartbeatMs: HEARTBEAT_MS,
    ttlMs: 10 * HEARTBEAT_MS,
    onRemoteChange: (fields) => changes?.push([...fields].sort()),
  });
  return { bus, counters };
}

/** The calls Redis has served of `command` since it started. */
async function calls(command: string): Promise<number> {
  const stats = await admin.info('commandstats');
  return Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
}

const heartbeats = (n: number) => new Promise((resolve) => setTimeout(resolve, n * HEARTBEAT_MS));

describe('counters summed over relays, on a real Redis', () => {
  it('sums a change on one relay on the other at once, and a relay’s goodbye takes its counts', async () => {
    const a = await relay('cc1');
    const b = await relay('cc1');
    a.counters.set('c|site|one', 2);
    await until(() => b.counters.total('c|site|one') === 2, 'the gossip at the other relay');
    b.counters.set('c|site|one', 1);
    await until(() => a.counters.total('c|site|one') === 3, 'the sum at the first relay');
    await a.counters.stop();
    await until(() => b.counters.total('c|site|one') === 1, 'the goodbye to take its counts');
  });

  it('reads no relay’s counters whole at a steady heartbeat, however many there are', async () => {
    const a = await relay('cc2');
    const b = await relay('cc2');
    for (let i = 0; i < 5000; i++) a.counters.set(`c|site|${i}`, 1);
    await until(() => b.counters.others('c|site|4999') === 1, 'the 5,000 counters at the other relay');
    await heartbeats(3);
    const [hgetall, hset] = [await calls('hgetall'), await calls('hset')];
    await heartbeats(10);
    // Ten heartbeats of two relays: a version read each, no hash read whole, and no hash written whole (each
    // heartbeat's write is one field, `@v`).
    assert.equal(await calls('hgetall'), hgetall, 'hashes read whole at steady heartbeats');
    assert.ok((await calls('hset')) - hset <= 2 * 12, 'one small write per relay and heartbeat');
    assert.equal(Number(await admin.hlen(`cc2:presence:${a.bus.relayId}`)), 5001, 'the 5,000 counters and the version');
  });

  it('corrects a change whose gossip was lost within two heartbeats, and tells what moved', async () => {
    const changes: string[][] = [];
    const a = await relay('cc3');
    const b = await relay('cc3', changes);
    a.counters.set('c|site|one', 1);
    await until(() => b.counters.total('c|site|one') === 1, 'the gossip');
    await heartbeats(3);
    // B's first heartbeat may have read A's hash before A's gossip came, and told of 'one' then: only what follows counts.
    changes.length = 0;
    // A change that reaches Redis but whose gossip the bus drops (a backlog overflow): its version is skipped.
    const publish = a.bus.publishControl.bind(a.bus);
    a.bus.publishControl = (kind, data) => void (kind === 'presence:batch' ? undefined : publish(kind, data));
    a.counters.set('c|site|two', 4);
    await heartbeats(1);
    a.bus.publishControl = publish;
    await until(() => b.counters.total('c|site|two') === 4, 'the lost change read from Redis', {
      timeoutMs: 20 * HEARTBEAT_MS,
    });
    assert.deepEqual(changes.flat(), ['c|site|two']);
    assert.equal(b.counters.total('c|site|one'), 1, 'what was right stays');
  });

  it('writes its counters whole again when Redis lost its hash', async () => {
    const a = await relay('cc4');
    const b = await relay('cc4');
    a.counters.set('c|site|one', 3);
    a.counters.set('s|site', 1);
    await until(() => b.counters.total('s|site') === 1, 'the gossip');
    await admin.del(`cc4:presence:${a.bus.relayId}`);
    await until(
      async () => (await admin.hget(`cc4:presence:${a.bus.relayId}`, 'c|site|one')) === '3',
      'the hash written again',
    );
    assert.equal(await admin.hget(`cc4:presence:${a.bus.relayId}`, 's|site'), '1');
    // The other relay read the hash when it was gone or found it whole again: either way it ends right.
    await until(
      () => b.counters.total('c|site|one') === 3 && b.counters.total('s|site') === 1,
      'the other relay to end right',
    );
  });

  it('forgets a relay that stops its heartbeat without a goodbye, within the TTL', async () => {
    const changes: string[][] = [];
    const a = await relay('cc5');
    const b = await relay('cc5', changes);
    a.counters.set('c|site|one', 1);
    await until(() => b.counters.total('c|site|one') === 1, 'the gossip');
    await heartbeats(2);
    // Killed: no goodbye, no more heartbeats (its hash expires, its place in the set grows old).
    (a.bus as unknown as { publishControl: () => void }).publishControl = () => undefined;
    (a.counters as unknown as { stopped: boolean }).stopped = true;
    await until(() => b.counters.total('c|site|one') === 0, 'the silent relay to be forgotten', {
      timeoutMs: 40 * HEARTBEAT_MS,
    });
    assert.ok(changes.flat().includes('c|site|one'));
  });
});
