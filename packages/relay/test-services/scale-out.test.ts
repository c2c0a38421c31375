/**
 * Two relay processes sharing PostgreSQL (a fresh schema of the test database, reached through a TCP proxy
 * that the suite can cut) and Redis (a redis-server of the suite's own, which it can kill and restart), as
 * `docs/scaling.md` describes. Needs `redis-server` and PostgreSQL (`PARLEY_TEST_DATABASE_URL`, by default
 * `postgres://postgres@127.0.0.1:5432/test`).
 */
import type { ServerFrame } from '@parley/protocol';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from '../test/support/client.js';
import { adminToken, siteKey } from '../test/support/desk.js';
import { RelayProcess } from '../test/support/relay-process.js';
import { until } from '../test/support/until.js';
import { checkConnection } from './support/ordering.js';
import { TestSchemas, testDatabaseUrl, type TestSchema } from './support/postgres.js';
import { RedisInstance, TcpProxy } from './support/services.js';

type Message = Extract<ServerFrame, { type: 'message' }>['message'];

let redis: RedisInstance;
const schemas = new TestSchemas('parley_scale');
let schema: TestSchema;
let pgProxy: TcpProxy;
let relays: RelayProcess[] = [];
let nextAddress = 10;

/** Each client comes from its own loopback address, so per-address limits count it alone. */
const address = (): string => `127.0.0.${nextAddress++}`;

function relayEnv(): Record<string, string> {
  return {
    PARLEY_STORE: 'postgres',
    PARLEY_DATABASE_URL: schema.url(pgProxy.port),
    PARLEY_BUS: 'redis',
    PARLEY_REDIS_URL: redis.url,
    PARLEY_SITE_KEY: siteKey,
    PARLEY_ADMIN_TOKEN: adminToken,
    // Visitor tokens signed by one relay must be accepted by the other.
    PARLEY_RELAY_SECRET: 'scale-out-test-relay-secret-0123456789abcdef',
    // Emails and identity secrets sealed by one relay must open on the other.
    PARLEY_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
    PARLEY_RATE_LIMIT_BURST: '1000',
    PARLEY_RATE_LIMIT_PER_SECOND: '1000',
    PARLEY_IP_RATE_LIMIT_BURST: '100',
    PARLEY_IP_RATE_LIMIT_PER_SECOND: '5',
    PARLEY_MAX_CONNECTIONS_PER_IP: '3',
  };
}

async function visitor(relay: RelayProcess, extra: Record<string, unknown> = {}, localAddress = address()) {
  return TestClient.hello(relay.wsUrl, { siteKey, ...extra }, { localAddress });
}

async function staff(relay: RelayProcess, resume?: Record<string, number>) {
  return TestClient.hello(
    relay.wsUrl,
    { staffToken: adminToken, ...(resume ? { resume } : {}) },
    { localAddress: address() },
  );
}

function messagesOf(client: TestClient, conversationId: string): Message[] {
  return client.frames.flatMap((frame) =>
    frame.type === 'message' && frame.message.conversationId === conversationId ? [frame.message] : [],
  );
}

/** Sequences the client holds: delivered messages, and its own sends by their acks (the sender gets no echo). */
function heldSeqs(client: TestClient, conversationId: string): number[] {
  const acked = client.frames.flatMap((frame) =>
    frame.type === 'ack' && frame.conversationId === conversationId ? [frame.seq] : [],
  );
  return [...messagesOf(client, conversationId).map((message) => message.seq), ...acked];
}

/** Waits until the client holds every one of `seqs` for the conversation. */
async function receivedSeqs(
  client: TestClient,
  conversationId: string,
  seqs: readonly number[],
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const have = new Set(heldSeqs(client, conversationId));
    const missing = seqs.filter((seq) => !have.has(seq));
    if (missing.length === 0) return;
    if (Date.now() > deadline) throw new Error(`missing seqs ${missing.join(',')} of ${conversationId}`);
    await client
      .next(
        'message',
        (frame) => frame.message.conversationId === conversationId && !have.has(frame.message.seq),
        Math.max(1, deadline - Date.now()),
      )
      .catch(() => undefined);
  }
}

async function stored(conversationId: string): Promise<Array<{ seq: number; client_id: string; text: string }>> {
  return schema.query('SELECT seq, client_id, text FROM $schema.messages WHERE conversation_id = $1 ORDER BY seq', [
    conversationId,
  ]);
}

before(async () => {
  redis = await RedisInstance.start();
  schema = await schemas.create();
  const target = new URL(testDatabaseUrl);
  pgProxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
  // The first relay migrates; the second starts on a migrated schema (both at once is the store suite's test).
  relays.push(await RelayProcess.start(relayEnv()));
  relays.push(await RelayProcess.start(relayEnv()));
});

after(async () => {
  await Promise.all(relays.map((relay) => relay.kill('SIGTERM')));
  await pgProxy?.close();
  await redis?.stop();
  await schemas.dropAll();
});

describe('two relays on PostgreSQL and Redis', () => {
  it('carries messages, typing, receipts and presence between a visitor on one relay and staff on the other', async () => {
    const [a, b] = relays as [RelayProcess, RelayProcess];
    const { client: agent } = await staff(b);
    const { client: guest, welcome } = await visitor(a);
    // Relay A counts the staff member on relay B once B's change crosses the bus. A hello that reaches A before that
    // hop is welcomed with 0, and the visitor hears the count right after it (B's announcement follows its change).
    if (welcome.staffOnline !== 1)
      await guest
        .next('presence', (frame) => frame.staffOnline === 1)
        .catch((error: unknown) => {
          throw new Error(`welcomed with ${welcome.staffOnline} staff online and no presence of 1 after: ${error}`);
        });
    const conversationId = welcome.conversationId!;

    const ack = await guest.say('v-1', 'hello from relay A');
    assert.equal(ack.seq, 1);
    const seen = await agent.next('message', (frame) => frame.message.conversationId === conversationId);
    assert.equal(seen.message.text, 'hello from relay A');
    await agent.next('presence', (frame) => frame.conversationId === conversationId && frame.visitorOnline === true);

    agent.send({ type: 'typing', conversationId, active: true });
    await guest.next('typing', (frame) => frame.author.role === 'staff' && frame.active);
    guest.send({ type: 'typing', active: true });
    await agent.next('typing', (frame) => frame.conversationId === conversationId && frame.author.role === 'visitor');

    const reply = await agent.say('s-1', 'hello from relay B', { conversationId });
    assert.equal(reply.seq, 2);
    const got = await guest.next('message', (frame) => frame.message.seq === 2);
    assert.equal(got.message.text, 'hello from relay B');

    guest.send({ type: 'delivered', seq: 2 });
    await agent.next(
      'delivered',
      (frame) => frame.conversationId === conversationId && frame.by === 'visitor' && frame.seq === 2,
    );
    guest.send({ type: 'read', seq: 2 });
    await agent.next(
      'read',
      (frame) => frame.conversationId === conversationId && frame.by === 'visitor' && frame.seq === 2,
    );
    agent.send({ type: 'read', conversationId, seq: 1 });
    await guest.next('read', (frame) => frame.by === 'staff' && frame.seq === 1);

    // A second staff member on relay A: visitors everywhere learn that two are online.
    guest.frames.length = 0;
    const { client: second, welcome: secondWelcome } = await staff(a);
    assert.equal(secondWelcome.staffOnline, 2);
    await guest.next('presence', (frame) => frame.staffOnline === 2);
    second.close();
    await guest.next('presence', (frame) => frame.staffOnline === 1);

    // The admin (connected to relay B) sets themself Offline through relay A: visitors everywhere hear that nobody
    // is online, though the connection stays (issue #36, point 14); Online again counts it again.
    const availability = (value: string) =>
      fetch(`${a.httpUrl}/v1/admin/me/availability`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ availability: value }),
      });
    guest.frames.length = 0;
    assert.equal((await availability('offline')).status, 200);
    await guest.next('presence', (frame) => frame.staffOnline === 0);
    guest.frames.length = 0;
    assert.equal((await availability('online')).status, 200);
    await guest.next('presence', (frame) => frame.staffOnline === 1);

    guest.close();
    await agent.next('presence', (frame) => frame.conversationId === conversationId && frame.visitorOnline === false);
    agent.close();
    assert.deepEqual(
      (await stored(conversationId)).map((row) => row.client_id),
      ['v-1', 's-1'],
    );
  });

  it('shares per-address limits: connections and frames are counted over both relays', async () => {
    const [a, b] = relays as [RelayProcess, RelayProcess];
    const ip = address();
    const open = [
      await TestClient.open(a.wsUrl, { localAddress: ip }),
      await TestClient.open(a.wsUrl, { localAddress: ip }),
      await TestClient.open(b.wsUrl, { localAddress: ip }),
    ];
    // The relays learn each other's counts over the bus; wait until relay B refuses a fourth.
    const refused = await until(
      async () => {
        try {
          const fourth = await TestClient.open(b.wsUrl, { localAddress: ip });
          fourth.close();
          await fourth.closed;
          return false;
        } catch (error) {
          return /429/.test(String(error));
        }
      },
      'relay B to refuse a fourth connection',
      { timeoutMs: 15_000 },
    ).catch(() => false);
    assert.ok(refused, 'a fourth connection from the address is refused although relay B holds only one');

    // Frames: 80 on A and 80 on B overdraw the shared bucket (100), though each relay's own bucket would allow.
    for (const client of [open[0]!, open[2]!]) {
      for (let i = 0; i < 80; i++) client.send({ type: 'ping' });
      await client.collect('pong', 80);
      // The one fixed wait left: each relay charges the shared bucket on a 100 ms timer and shows it nowhere
      // outside Redis' internals, so wait past one charge interval.
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // A charge can come late on a busy machine (a CI run beside the benchmark): probe again, 5 frames at a time,
    // while relay B's own count stays under the bucket (at most 95 of 100), so that a refusal still comes from the
    // frames counted on relay A.
    const probe = open[2]!;
    let refusedFrame = false;
    for (let counted = 85; !refusedFrame && counted <= 95; counted += 5) {
      for (let i = 0; i < 5; i++) probe.send({ type: 'ping' });
      refusedFrame = await probe
        .next('error', (frame) => frame.code === 'rate_limited', 1500)
        .then(
          () => true,
          () => false,
        );
    }
    assert.ok(refusedFrame, 'relay B refuses frames from the address though it counted fewer than 100 itself');
    for (const client of open) client.close();
  });

  it('delivers what was stored while Redis was down once it is back, and says so in /healthz', async () => {
    const [a, b] = relays as [RelayProcess, RelayProcess];
    const { client: agent } = await staff(b);
    const { client: guest, welcome } = await visitor(a);
    const conversationId = welcome.conversationId!;
    await guest.say('r-0', 'before the outage');
    await receivedSeqs(agent, conversationId, [1]);

    await redis.stop();
    try {
      await a.waitForHealth(
        (health) => health.status === 'degraded' && (health.bus as { healthy: boolean }).healthy === false,
      );
      // Stored and acknowledged on each side; the other relay cannot hear of it yet.
      for (let i = 1; i <= 3; i++) await guest.say(`r-${i}`, `during the outage ${i}`);
      const reply = await agent.say('r-s', 'staff during the outage', { conversationId });
      assert.equal(reply.seq, 5);
    } finally {
      await redis.start();
    }
    await receivedSeqs(agent, conversationId, [1, 2, 3, 4, 5], 15_000);
    await receivedSeqs(guest, conversationId, [1, 2, 3, 4, 5], 15_000);
    const health = await a.waitForHealth((h) => h.status === 'ok');
    assert.ok(((health.bus as { reconnects: number }).reconnects ?? 0) >= 1);
    const metrics = await (await fetch(`${a.httpUrl}/metrics`)).text();
    assert.match(metrics, /parley_bus_reconnects_total [1-9]/);

    // The visitor holds every sequence: its own by their acks, the staff reply as a delivered message.
    const seqs = heldSeqs(guest, conversationId);
    assert.deepEqual(
      [...new Set(seqs)].sort((x, y) => x - y),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(
      messagesOf(guest, conversationId).map((message) => message.seq),
      [5],
      'no echo of its own sends, the reply once',
    );
    guest.close();
    agent.close();
  });

  it('refuses to acknowledge while PostgreSQL is unreachable, and stores the resend once it is back', async () => {
    const [a] = relays as [RelayProcess, RelayProcess];
    const { client: guest, welcome } = await visitor(a);
    const conversationId = welcome.conversationId!;
    await guest.say('p-0', 'before');

    pgProxy.cut();
    try {
      const started = Date.now();
      guest.send({ type: 'send', id: 'p-1', text: 'during the outage' });
      const error = await guest.next('error', (frame) => frame.ref === 'p-1', 15_000);
      assert.equal(error.code, 'store_unavailable');
      assert.ok(error.retryAfterMs! > 0);
      assert.ok(Date.now() - started < 12_000, 'refused promptly, not after a hang');
      assert.ok(!guest.frames.some((frame) => frame.type === 'ack' && frame.id === 'p-1'), 'not acknowledged');
      const health = await a.waitForHealth(
        (h) => h.status === 'degraded' && typeof h.store === 'object' && !(h.store as { healthy: boolean }).healthy,
      );
      assert.equal((health.store as { kind: string }).kind, 'postgres');
      // Refused at once while the probe says so.
      guest.send({ type: 'send', id: 'p-2', text: 'still down' });
      assert.equal((await guest.next('error', (frame) => frame.ref === 'p-2', 2000)).code, 'store_unavailable');
    } finally {
      pgProxy.restore();
    }
    // Both relays lost the database through the proxy: the next test needs B's store back too.
    await Promise.all(relays.map((relay) => relay.waitForHealth((h) => h.status === 'ok')));
    const ack = await guest.say('p-1', 'during the outage');
    assert.equal(ack.duplicate, false);
    assert.deepEqual(
      (await stored(conversationId)).map((row) => row.client_id),
      ['p-0', 'p-1'],
    );
    guest.close();
  });

  it('loses and duplicates nothing when a relay is killed under load and its clients move to the other', async () => {
    const [a, b] = relays as [RelayProcess, RelayProcess];
    /** The resume cursor each visitor connection said hello with (0 for its first). */
    const cursors = new Map<TestClient, number>();
    const { client: agent } = await staff(b);
    const perVisitor = 100;
    const visitors = 6;

    /** A visitor that keeps unacknowledged messages and resends them (same ids) after moving relay. */
    const run = async (
      index: number,
    ): Promise<{ conversationId: string; acked: Map<string, number>; client: TestClient; earlier: TestClient[] }> => {
      const ip = address();
      const first = await visitor(index % 2 === 0 ? a : b, {}, ip);
      const welcome = first.welcome;
      let client = first.client;
      const conversationId = welcome.conversationId!;
      const token = welcome.visitorToken!;
      const acked = new Map<string, number>();
      const earlier: TestClient[] = [];
      const ids = Array.from({ length: perVisitor }, (_, i) => `k${index}-${String(i).padStart(3, '0')}`);
      let sent = 0;
      let errorsSeen = 0;
      const deadline = Date.now() + 120_000;
      for (;;) {
        if (Date.now() > deadline)
          throw new Error(`visitor ${index}: ${acked.size} of ${ids.length} acknowledged after 120 s (sent ${sent})`);
        for (const frame of client.frames) if (frame.type === 'ack') acked.set(frame.id, frame.seq);
        // A send refused as retryable (the store still recovering from the test before, a rate limit) is sent again
        // after the wait it names, with everything after it, in order: what the SDK's outbox does.
        const errors = client.frames.filter((frame) => frame.type === 'error');
        if (errors.length > errorsSeen) {
          const wait = Math.max(...errors.slice(errorsSeen).map((frame) => Number(frame.retryAfterMs ?? 200)));
          errorsSeen = errors.length;
          await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 2000)));
          sent = 0;
          while (sent < ids.length && acked.has(ids[sent]!)) sent++;
        }
        // Pipelined: up to 5 in flight, as an SDK outbox flushes.
        while (sent < ids.length && sent - acked.size < 5 && client.ws.readyState === client.ws.OPEN) {
          client.send({ type: 'send', id: ids[sent]!, text: `message ${ids[sent]}` });
          sent++;
        }
        if (acked.size === ids.length) {
          return { conversationId, acked, client, earlier };
        }
        if (client.ws.readyState !== client.ws.OPEN) {
          // Moved: resume on the surviving relay and resend everything not acknowledged, in order.
          const cursor = Math.max(0, ...heldSeqs(client, conversationId));
          earlier.push(client);
          ({ client } = await visitor(b, { visitorToken: token, resume: { [conversationId]: cursor } }, ip));
          cursors.set(client, cursor);
          errorsSeen = 0;
          sent = 0;
          while (sent < ids.length && acked.has(ids[sent]!)) sent++;
          continue;
        }
        await client.next('ack', (frame) => !acked.has(frame.id), 5000).catch(() => undefined);
      }
    };

    const work = Promise.all(Array.from({ length: visitors }, (_, i) => run(i)));
    // Kill relay A once some traffic has gone through it.
    await until(async () => (await stored_count()) >= (visitors * perVisitor) / 4, 'a quarter of the messages stored', {
      timeoutMs: 60_000,
    });
    await a.kill('SIGKILL');
    const results = await work;

    let moved = 0;
    for (const { conversationId, acked, client, earlier } of results) {
      moved += earlier.length;
      const rows = await stored(conversationId);
      assert.deepEqual(
        rows.map((row) => row.seq),
        rows.map((_, i) => i + 1),
        'sequences gap-free',
      );
      const ids = rows.map((row) => row.client_id);
      assert.equal(new Set(ids).size, ids.length, 'each client id stored once');
      assert.deepEqual(ids, [...ids].sort(), 'stored in the order sent');
      for (const [id, seq] of acked) assert.equal(rows[seq - 1]?.client_id, id, `acked ${id} is stored at seq ${seq}`);
      // The visitor (live or by resume) and the staff on the surviving relay see every message.
      const all = rows.map((row) => row.seq);
      const before = new Set(earlier.flatMap((old) => heldSeqs(old, conversationId)));
      await receivedSeqs(
        client,
        conversationId,
        all.filter((seq) => !before.has(seq)),
      );
      await receivedSeqs(agent, conversationId, all, 20_000);
      // Per connection: messages and acks in increasing order, no echo, no ack ahead of a message it had not had
      // (docs/scaling.md, "Guarantees"), from the cursor each connection resumed at.
      for (const [n, connection] of [...earlier, client].entries()) {
        const account = checkConnection(connection.frames, conversationId, {
          role: 'visitor',
          cursor: cursors.get(connection) ?? 0,
          notes: new Set(),
        });
        assert.deepEqual(account.violations, [], `connection ${n} of ${conversationId}`);
      }
      client.close();
    }
    assert.ok(moved >= visitors / 2, `the visitors of the killed relay moved (${moved})`);
    agent.close();
    relays = [b];
  });
});

async function stored_count(): Promise<number> {
  const rows = await schema.query<{ n: number }>('SELECT count(*)::int AS n FROM $schema.messages');
  return rows[0]?.n ?? 0;
}
