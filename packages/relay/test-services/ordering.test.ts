/**
 * Delivery order on every connection when relays miss each other's frames (issue #22): one relay loses Redis
 * (through a TCP proxy the suite cuts), or a relay dies between commit and publish (the fault the relay-process
 * fixture injects when `PARLEY_TEST_KILL_AFTER_COMMIT` is set; it exists only in test/fixtures, which no build
 * ships). Two relay processes on a fresh PostgreSQL schema and a redis-server of the suite's own. The accounting
 * of frames is `support/ordering.ts`; the two-relay chaos test is `scale-out-chaos.test.ts`.
 */
import type { ServerFrame } from '@parley/protocol';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from '../test/support/client.js';
import { adminToken, siteKey } from '../test/support/desk.js';
import { RelayProcess } from '../test/support/relay-process.js';
import { checkConnection } from './support/ordering.js';
import { TestSchemas, type TestSchema } from './support/postgres.js';
import { RedisInstance, TcpProxy } from './support/services.js';

const killMarker = 'kill-after-commit';

let redis: RedisInstance;
let redisProxy: TcpProxy;
const schemas = new TestSchemas('parley_order');
let schema: TestSchema;
const started: RelayProcess[] = [];

function relayEnv(redisUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PARLEY_STORE: 'postgres',
    PARLEY_DATABASE_URL: schema.url(),
    PARLEY_BUS: 'redis',
    PARLEY_REDIS_URL: redisUrl,
    PARLEY_SITE_KEY: siteKey,
    PARLEY_ADMIN_TOKEN: adminToken,
    PARLEY_RELAY_SECRET: 'ordering-test-relay-secret-0123456789abcdef',
    PARLEY_DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
    // Gap fills are logged at info, catch-ups at debug: the test tells which path delivered a missed message.
    PARLEY_LOG_LEVEL: 'debug',
    // Every client comes from 127.0.0.1: per-address limits would only measure themselves.
    PARLEY_RATE_LIMIT_BURST: '0',
    PARLEY_IP_RATE_LIMIT_BURST: '0',
    PARLEY_MAX_CONNECTIONS_PER_IP: '0',
    PARLEY_NEW_CONVERSATIONS_PER_ADDRESS_PER_HOUR: '0',
    ...extra,
  };
}

async function relay(redisUrl: string, extra?: Record<string, string>): Promise<RelayProcess> {
  const process = await RelayProcess.start(relayEnv(redisUrl, extra), { captureLog: true });
  started.push(process);
  return process;
}

const visitor = (at: RelayProcess, extra: Record<string, unknown> = {}) =>
  TestClient.hello(at.wsUrl, { siteKey, ...extra });
const staff = (at: RelayProcess) => TestClient.hello(at.wsUrl, { staffToken: adminToken });

async function metric(at: RelayProcess, name: string): Promise<number> {
  const text = await (await fetch(`${at.httpUrl}/metrics`)).text();
  const found = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
  assert.ok(found, `${name} in /metrics`);
  return Number(found[1]);
}

const gapFill = 'redis bus: filled a gap from the store';
const catchUp = 'redis bus: caught a conversation up from the store';

/**
 * How `relay` came to deliver message `seq` of each conversation, which it could only read from the store: by a
 * gap fill (a frame above the gap was held: the sender's next message, with its ack) or by a catch-up (after an
 * outage, or when another relay's heartbeat vanished). Every conversation has exactly one of them; each gap fill
 * is logged at info with its conversation and range. Returns how many were gap fills.
 */
function filledBy(relay: RelayProcess, conversations: readonly string[], seq: number): { gap: number } {
  const covers = (entry: Record<string, unknown>, id: string, message: string) =>
    entry.message === message &&
    entry.conversationId === id &&
    Number(entry.fromSeq) <= seq &&
    Number(entry.toSeq) >= seq;
  let gap = 0;
  for (const id of conversations) {
    const byGap = relay.logs.filter((entry) => covers(entry, id, gapFill));
    const byCatchUp = relay.logs.filter((entry) => covers(entry, id, catchUp));
    assert.equal(byGap.length + byCatchUp.length, 1, `${id}: message ${seq} read from the store once`);
    for (const line of byGap) assert.equal(line.level, 'info');
    gap += byGap.length;
  }
  return { gap };
}

/** Index of the first frame matching, or -1. */
function indexOf(client: TestClient, match: (frame: ServerFrame) => boolean): number {
  return client.frames.findIndex(match);
}

const isMessage = (conversationId: string, seq: number) => (frame: ServerFrame) =>
  frame.type === 'message' && frame.message.conversationId === conversationId && frame.message.seq === seq;
const isAck = (conversationId: string, seq: number) => (frame: ServerFrame) =>
  frame.type === 'ack' && frame.conversationId === conversationId && frame.seq === seq;

function assertOrdered(client: TestClient, conversationId: string, role: 'visitor' | 'staff', cursor?: number): void {
  const account = checkConnection(client.frames, conversationId, { role, cursor, notes: new Set() });
  assert.deepEqual(account.violations, [], `${role} connection on ${conversationId}`);
}

before(async () => {
  redis = await RedisInstance.start();
  redisProxy = await TcpProxy.start('127.0.0.1', redis.port);
  schema = await schemas.create();
});

after(async () => {
  await Promise.all(started.map((process) => process.kill('SIGTERM')));
  await redisProxy?.close();
  await redis?.stop();
  await schemas.dropAll();
});

describe('order on every connection when a relay misses frames', () => {
  it('a relay that lost Redis: each sender gets the message it missed before its own ack, and never its message back', async () => {
    // Relay A reaches Redis directly; relay B through the proxy this test cuts.
    const a = await relay(redis.url);
    const b = await relay(`redis://127.0.0.1:${redisProxy.port}`);
    const { client: agent } = await staff(b);
    const guests = await Promise.all(Array.from({ length: 4 }, () => visitor(a)));
    const conversations = guests.map(({ welcome }) => welcome.conversationId!);
    for (const { client } of guests) await client.say('v-1', 'hello');
    // B follows each conversation (it delivered their first message to its staff).
    for (const id of conversations) await agent.next('message', isMessage(id, 1));

    // 1. B cannot publish: the staff's answers (seq 2) are stored and acknowledged on B, and never reach A.
    redisProxy.cut();
    await b.waitForHealth((health) => (health.bus as { healthy: boolean }).healthy === false);
    for (const id of conversations) assert.equal((await agent.say(`s-${id}`, 'answer', { conversationId: id })).seq, 2);
    // Each visitor on A writes again (seq 3).
    for (const { client } of guests) assert.equal((await client.say('v-3', 'and again')).seq, 3);

    for (const [i, { client }] of guests.entries()) {
      const id = conversations[i]!;
      await client.next('message', isMessage(id, 2));
      await client.roundTrip();
      assert.ok(
        indexOf(client, isMessage(id, 2)) < indexOf(client, isAck(id, 3)),
        'the visitor gets the answer it missed before the ack of its own next message',
      );
      assert.equal(indexOf(client, isMessage(id, 3)), -1, 'and never its own message back');
      assertOrdered(client, id, 'visitor', 0);
    }
    // A says what it did: each gap fill logged at info with the conversation and the range, and counted with
    // the ack it held and the echo it spared.
    assert.equal(filledBy(a, conversations, 2).gap, conversations.length);
    assert.equal(await metric(a, 'parley_bus_gap_fills_total'), conversations.length);
    assert.ok((await metric(a, 'parley_bus_acks_held_total')) >= conversations.length);
    assert.ok((await metric(a, 'parley_bus_echoes_suppressed_total')) >= conversations.length);

    // 2. Redis back: B catches up, and its staff get the visitors' messages after their own answers.
    redisProxy.restore();
    for (const id of conversations) await agent.next('message', isMessage(id, 3), 15_000);

    // 3. The other way round: B loses Redis again; the visitors write (seq 4), A stores it and B cannot hear of it;
    //    the staff on B answer (seq 5): they get each visitor's message before the ack of their answer.
    await b.waitForHealth((health) => (health.bus as { healthy: boolean }).healthy === true);
    redisProxy.cut();
    await b.waitForHealth((health) => (health.bus as { healthy: boolean }).healthy === false);
    for (const { client } of guests) assert.equal((await client.say('v-4', 'while B is deaf')).seq, 4);
    for (const id of conversations)
      assert.equal((await agent.say(`s2-${id}`, 'answer', { conversationId: id })).seq, 5);
    for (const id of conversations) await agent.next('message', isMessage(id, 4));
    await agent.roundTrip();
    for (const id of conversations) {
      assert.ok(indexOf(agent, isMessage(id, 4)) < indexOf(agent, isAck(id, 5)), 'staff get 4 before the ack of 5');
      assert.equal(indexOf(agent, isMessage(id, 5)), -1, 'and never their own answer back');
      assertOrdered(agent, id, 'staff', 0);
    }
    assert.equal(filledBy(b, conversations, 4).gap, conversations.length);
    assert.ok((await metric(b, 'parley_bus_acks_held_total')) >= conversations.length);
    // A heartbeat that Redis cut short is no sign that the other relay died (it used to start a catch-up that
    // delivered the missed messages before the staff wrote, and flapped presence).
    assert.equal(
      b.logs.filter((entry) => entry.message === 'redis bus: a relay vanished; caught up from the store').length,
      0,
    );
    redisProxy.restore();
    for (const [i, { client }] of guests.entries()) {
      await client.next('message', isMessage(conversations[i]!, 5), 15_000);
      assertOrdered(client, conversations[i]!, 'visitor', 0);
    }
    for (const { client } of guests) client.close();
    agent.close();
  });

  it('a relay killed between commit and publish: the others fill the message in, before the next ack', async () => {
    // Relay K dies (SIGKILL, by the fixture's fault) right after committing a message carrying the marker.
    const k = await relay(redis.url, { PARLEY_TEST_KILL_AFTER_COMMIT: killMarker });
    const s = await relay(redis.url);
    const { client: agent } = await staff(s);
    const { client: guest, welcome } = await visitor(s);
    const id = welcome.conversationId!;
    await guest.say('v-1', 'hello');
    await agent.next('message', isMessage(id, 1));

    // A colleague on relay K answers; K commits seq 2 and dies before acknowledging or publishing it.
    const { client: doomed } = await staff(k);
    doomed.send({ type: 'send', id: 'doomed-2', conversationId: id, text: `answer ${killMarker}` });
    assert.equal((await k.exited).signal, 'SIGKILL');
    assert.deepEqual(
      (
        await schema.query('SELECT seq, client_id FROM $schema.messages WHERE conversation_id = $1 ORDER BY seq', [id])
      ).map((row) => `${String(row.seq)}:${String(row.client_id)}`),
      ['1:v-1', '2:doomed-2'],
      'stored, though nobody heard of it',
    );

    // The visitor writes seq 3 on S: it gets the colleague's answer before its ack, not its own message back.
    assert.equal((await guest.say('v-3', 'anyone?')).seq, 3);
    await guest.next('message', isMessage(id, 2));
    await guest.roundTrip();
    assert.ok(indexOf(guest, isMessage(id, 2)) < indexOf(guest, isAck(id, 3)), 'the answer before the ack of 3');
    assert.equal(indexOf(guest, isMessage(id, 3)), -1);
    assertOrdered(guest, id, 'visitor', 0);
    // The staff on S too: 2, then 3, in order.
    await agent.next('message', isMessage(id, 3));
    assertOrdered(agent, id, 'staff', 0);

    // The colleague reconnects to S and resends: answered as a duplicate, stored once.
    const { client: again } = await staff(s);
    const ack = await again.say('doomed-2', `answer ${killMarker}`, { conversationId: id });
    assert.deepEqual([ack.seq, ack.duplicate], [2, true]);
    await again.roundTrip();
    assert.equal(indexOf(again, isMessage(id, 2)), -1, 'no echo of the resend');
    const rows = await schema.query('SELECT count(*)::int AS n FROM $schema.messages WHERE conversation_id = $1', [id]);
    assert.equal(rows[0]?.n, 3);
    for (const client of [guest, agent, again]) client.close();
  });
});
