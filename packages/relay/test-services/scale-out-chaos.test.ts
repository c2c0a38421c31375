/**
 * Two-relay chaos (issue #22): visitors and staff talk through two relay processes on PostgreSQL and Redis while
 * their sockets are cut at random, every reconnect goes to either relay at random, and each relay is SIGKILLed
 * once (then started again): the first by the fault of the relay-process fixture, right after committing a message
 * and before acknowledging or publishing it, the second from outside at a random moment. Every frame on every
 * connection is accounted for (`support/ordering.ts`): per conversation, messages and acks in increasing sequence
 * order, no echo, no ack ahead of a message the connection has not had, and, after the last resume, nothing
 * missing. Visitors resume by cursor; staff reconnect without cursors and load each conversation's history before
 * they write in it, as the inbox does (a staff resume replays after subscribing, which docs/protocol.md allows to
 * interleave). It prints its seed; `CHAOS_SEED=n` replays the choices (not the timing).
 */
import type { ServerFrame } from '@parley/protocol';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from '../test/support/client.js';
import { adminToken, siteKey } from '../test/support/desk.js';
import { RelayProcess } from '../test/support/relay-process.js';
import { until } from '../test/support/until.js';
import { checkConnection, missingSeqs, type ConnectionStart } from './support/ordering.js';
import { TestSchemas, type TestSchema } from './support/postgres.js';
import { RedisInstance } from './support/services.js';

const VISITORS = 8;
const MESSAGES_PER_VISITOR = 40;
const STAFF = 2;
const IN_FLIGHT = 3;
/** A message whose text holds this kills the first relay right after its commit (see test/fixtures). */
const killMarker = 'chaos-kill-after-commit';

/** A deterministic generator (mulberry32), so a failing run's choices can be replayed with its seed. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
const random = generator(seed);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let redis: RedisInstance;
const schemas = new TestSchemas('parley_chaos');
let schema: TestSchema;
/** The two relay slots; a killed relay's slot gets its successor once it listens. */
const slots: Array<RelayProcess | undefined> = [undefined, undefined];
const everyRelay: RelayProcess[] = [];

function startRelay(extra: Record<string, string> = {}): Promise<RelayProcess> {
  return RelayProcess.start({
    PARLEY_STORE: 'postgres',
    PARLEY_DATABASE_URL: schema.url(),
    PARLEY_BUS: 'redis',
    PARLEY_REDIS_URL: redis.url,
    PARLEY_SITE_KEY: siteKey,
    PARLEY_ADMIN_TOKEN: adminToken,
    PARLEY_RELAY_SECRET: 'chaos-scale-test-relay-secret-0123456789abcdef',
    PARLEY_DATA_KEY: Buffer.alloc(32, 5).toString('base64'),
    PARLEY_RATE_LIMIT_BURST: '0',
    PARLEY_IP_RATE_LIMIT_BURST: '0',
    PARLEY_MAX_CONNECTIONS_PER_IP: '0',
    PARLEY_NEW_CONVERSATIONS_PER_ADDRESS_PER_HOUR: '0',
    ...extra,
  }).then((relay) => {
    everyRelay.push(relay);
    return relay;
  });
}

/** A relay that is up, chosen at random (the balancer: no stickiness). */
function anyRelay(): RelayProcess | undefined {
  const up = slots.filter((relay): relay is RelayProcess => relay !== undefined && relay.child.exitCode === null);
  return up[Math.floor(random() * up.length)];
}

/** One connection and what it held before its first frame. */
interface Connection {
  readonly client: TestClient;
  readonly role: 'visitor' | 'staff';
  /** Visitors: the conversation and the resume cursor sent in hello. */
  readonly conversationId?: string;
  readonly cursor?: number;
  /** The relay it opened on (its WebSocket address), for a failure's account. */
  readonly relay?: string;
}

const connections: Connection[] = [];
let chaos = true;
/** Set once the test is over, passed or failed: every peer stops reconnecting, so nothing outlives the file. */
let stopped = false;

/** Keeps one connection open, reconnecting (to any relay) when it is cut or its relay dies. */
abstract class Peer {
  current: TestClient | undefined;
  /** Every connection it opened, in order, for a failure's account. */
  readonly opened: TestClient[] = [];
  /** The relay of the current connection. */
  relay: RelayProcess | undefined;
  private processed = 0;

  /** Says hello on a fresh connection, records it, and handles its frames until it closes; then again. */
  async run(done: () => boolean): Promise<void> {
    while (!stopped && (!done() || !this.current || this.current.ws.readyState !== this.current.ws.OPEN)) {
      if (this.current && this.current.ws.readyState === this.current.ws.OPEN) {
        await this.current.next('error', () => false, 200).catch(() => undefined);
        continue;
      }
      await pause(20 + random() * 80);
      const relay = anyRelay();
      if (!relay) continue;
      try {
        const client = await this.open(relay);
        this.opened.push(client);
        this.current = client;
        this.relay = relay;
        this.processed = 0;
        client.ws.on('message', () => this.pump(client));
        this.pump(client);
        this.welcomed(client);
      } catch {
        // The relay died during the hello: try again.
      }
    }
  }

  private pump(client: TestClient): void {
    if (client !== this.current) return;
    while (this.processed < client.frames.length) this.frame(client, client.frames[this.processed++]!);
  }

  protected abstract open(relay: RelayProcess): Promise<TestClient>;
  protected abstract welcomed(client: TestClient): void;
  protected abstract frame(client: TestClient, frame: ServerFrame): void;
}

class Visitor extends Peer {
  conversationId: string | undefined;
  private token: string | undefined;
  private cursor = 0;
  private next = 0;
  private readonly unacked: string[] = [];
  /** The next new message carries the kill marker. */
  poisoned = false;
  readonly acked = new Map<string, number>();

  constructor(private readonly index: number) {
    super();
  }

  done(): boolean {
    return this.next === MESSAGES_PER_VISITOR && this.unacked.length === 0;
  }

  /** Whether it has messages left to write: only such a visitor can still carry the kill marker. */
  writing(): boolean {
    return this.next < MESSAGES_PER_VISITOR;
  }

  protected async open(relay: RelayProcess): Promise<TestClient> {
    const resume = this.conversationId ? { resume: { [this.conversationId]: this.cursor } } : {};
    const { client, welcome } = await TestClient.hello(relay.wsUrl, {
      siteKey,
      ...(this.token ? { visitorToken: this.token } : {}),
      ...resume,
    });
    this.conversationId ??= welcome.conversationId!;
    this.token = welcome.visitorToken!;
    connections.push({
      client,
      role: 'visitor',
      conversationId: this.conversationId,
      cursor: this.cursor,
      relay: relay.wsUrl,
    });
    return client;
  }

  protected welcomed(client: TestClient): void {
    // Resent in order, as an outbox does: those stored already are acknowledged as duplicates.
    for (const id of this.unacked) this.write(client, id);
    this.more(client);
  }

  protected frame(client: TestClient, frame: ServerFrame): void {
    if (frame.type === 'message' && frame.message.conversationId === this.conversationId)
      this.cursor = Math.max(this.cursor, frame.message.seq);
    if (frame.type !== 'ack') return;
    this.cursor = Math.max(this.cursor, frame.seq);
    this.acked.set(frame.id, frame.seq);
    const at = this.unacked.indexOf(frame.id);
    if (at >= 0) this.unacked.splice(at, 1);
    void pause(random() * 60).then(() => this.more(client));
  }

  private more(client: TestClient): void {
    while (this.next < MESSAGES_PER_VISITOR && this.unacked.length < IN_FLIGHT) {
      const id = `v${this.index}-${String(this.next++).padStart(3, '0')}`;
      this.unacked.push(id);
      if (this.poisoned) {
        this.poisoned = false;
        this.texts.set(id, `visitor message ${id} ${killMarker}`);
      }
      this.write(client, id);
    }
  }

  private readonly texts = new Map<string, string>();

  private write(client: TestClient, id: string): void {
    if (client === this.current && client.ws.readyState === client.ws.OPEN)
      client.send({ type: 'send', id, text: this.texts.get(id) ?? `visitor message ${id}` });
  }
}

class Staff extends Peer {
  readonly known = new Set<string>();
  /** Conversations whose history this connection has: it may write there. */
  private ready = new Set<string>();
  private asked = new Set<string>();
  private replies = 0;
  readonly unacked = new Map<string, { conversationId: string; text: string; note: boolean }>();

  constructor(private readonly index: number) {
    super();
  }

  protected async open(relay: RelayProcess): Promise<TestClient> {
    const { client } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken });
    connections.push({ client, role: 'staff', relay: relay.wsUrl });
    this.ready = new Set();
    this.asked = new Set();
    return client;
  }

  protected welcomed(client: TestClient): void {
    for (const id of this.known) this.ask(client, id);
  }

  protected frame(client: TestClient, frame: ServerFrame): void {
    if (frame.type === 'message') {
      const id = frame.message.conversationId;
      this.known.add(id);
      this.ask(client, id);
      if (chaos && this.ready.has(id) && frame.message.author.role === 'visitor' && random() < 0.3) {
        const note = random() < 0.2;
        const clientId = `s${this.index}-${this.replies++}`;
        this.unacked.set(clientId, { conversationId: id, text: `${note ? 'note' : 'reply'} ${clientId}`, note });
        this.write(client, clientId);
      }
    } else if (frame.type === 'history') {
      this.ready.add(frame.conversationId);
      for (const [clientId, reply] of this.unacked)
        if (reply.conversationId === frame.conversationId) this.write(client, clientId);
    } else if (frame.type === 'ack') {
      this.unacked.delete(frame.id);
    }
  }

  /**
   * Learns the site's conversations as the inbox does, from the admin API's list, and asks its connection for the
   * history of each it did not know: a conversation written to and quiet again before this peer's first connection
   * (under load a hello can come late) is never seen live, and no live frame would make it known.
   */
  async discover(): Promise<void> {
    const client = this.current!;
    const response = await fetch(`${this.relay!.httpUrl}/v1/admin/conversations?limit=100`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    assert.equal(response.status, 200);
    const { items, nextCursor } = (await response.json()) as { items: Array<{ id: string }>; nextCursor?: string };
    assert.equal(nextCursor, undefined, 'every conversation on one page');
    for (const { id } of items) {
      this.known.add(id);
      this.ask(client, id);
    }
  }

  private ask(client: TestClient, conversationId: string): void {
    if (this.asked.has(conversationId)) return;
    this.asked.add(conversationId);
    client.send({ type: 'history', ref: `h-${conversationId}`, conversationId, after: 0, limit: 100 });
  }

  private write(client: TestClient, clientId: string): void {
    const reply = this.unacked.get(clientId)!;
    if (client === this.current && client.ws.readyState === client.ws.OPEN)
      client.send({
        type: 'send',
        id: clientId,
        conversationId: reply.conversationId,
        text: reply.text,
        note: reply.note,
      });
  }
}

/** A port, from a relay's address: enough to tell the relays of one run apart. */
const portOf = (address: string | undefined): string => address?.replace(/^.*:(\d+).*$/, '$1') ?? '?';

/**
 * What each peer's last connection still lacks, in words: the sequences missing from a conversation it holds, or a
 * conversation a staff member has no history page of (with whether it ever saw one of its messages).
 */
function whatIsMissing(
  visitors: readonly Visitor[],
  staff: readonly Staff[],
  byConversation: ReadonlyMap<string, readonly unknown[]>,
  notes: ReadonlyMap<string, ReadonlySet<number>>,
): string[] {
  const short: string[] = [];
  for (const peer of [...visitors, ...staff]) {
    const last = connections.filter((connection) => connection.client === peer.current).at(-1)!;
    const ids = peer instanceof Visitor ? [peer.conversationId!] : [...byConversation.keys()];
    for (const id of ids) {
      const start: ConnectionStart = { role: last.role, cursor: last.cursor, notes: notes.get(id)! };
      const account = checkConnection(last.client.frames, id, start);
      const stored = byConversation.get(id)!.length;
      const missing = missingSeqs(account, stored, start);
      if (missing.length === 0 && account.floor !== undefined) continue;
      const where = `${last.role} connection ${connections.indexOf(last)} on ${portOf(last.relay)}, ${id}`;
      const owner = visitors.findIndex((visitor) => visitor.conversationId === id);
      short.push(
        account.floor === undefined
          ? `${where} (visitor ${owner}'s, ${stored} messages): no history page, ` +
              `${peer instanceof Staff && peer.known.has(id) ? 'though' : 'never'} seen live`
          : `${where}: missing ${missing.join(', ')} of ${stored} (from ${account.floor})`,
      );
    }
  }
  return short;
}

/**
 * A failed wait's account: what is missing (the first five), the relays now, each peer's connections in order (relay;
 * live messages of frames for staff, acks of frames for visitors), and the relays' bus counters.
 */
async function failureAccount(
  visitors: readonly Visitor[],
  staff: readonly Staff[],
  short: readonly string[],
): Promise<string> {
  const relays = slots.map((relay, i) => `relay ${i + 1} on ${portOf(relay?.wsUrl)}`).join(', ');
  // Each connection in order: its index, its relay, then live messages (staff) or acks (visitors) of its frames.
  const story = (peer: Peer, counted: ServerFrame['type']): string =>
    peer.opened
      .map((client) => {
        const connection = connections.find((c) => c.client === client)!;
        const some = client.frames.filter((frame) => frame.type === counted).length;
        return `#${connections.indexOf(connection)} on ${portOf(connection.relay)} ${some}/${client.frames.length}`;
      })
      .join(' ');
  const stories = [
    ...staff.map((peer, k) => `staff ${k} (live messages/frames): ${story(peer, 'message')}`),
    ...visitors.map((peer, k) => `visitor ${k} (acks/frames): ${story(peer, 'ack')}`),
  ];
  const bus = await Promise.all(
    slots.map(async (relay) => {
      const text = await fetch(`${relay!.httpUrl}/metrics`)
        .then((response) => response.text())
        .catch(() => '');
      return `${portOf(relay?.wsUrl)}: ${(text.match(/^parley_bus_\w+ \d+$/gm) ?? []).join(' ')}`;
    }),
  );
  return [short.slice(0, 5).join('; '), relays, ...stories, `bus ${bus.join('; ')}`].join(' || ');
}

before(async () => {
  redis = await RedisInstance.start();
  schema = await schemas.create();
  slots[0] = await startRelay({ PARLEY_TEST_KILL_AFTER_COMMIT: killMarker });
  slots[1] = await startRelay();
});

after(async () => {
  chaos = false;
  stopped = true;
  for (const { client } of connections) client.close();
  await Promise.all(everyRelay.map((relay) => relay.kill('SIGTERM')));
  await redis?.stop();
  await schemas.dropAll();
});

describe('two relays under chaos', () => {
  it('keeps every connection in order, without echoes or gaps, through cuts, moves and a SIGKILL of each relay', async (t) => {
    // Said first, so that a run that fails can be replayed (`CHAOS_SEED`).
    t.diagnostic(`seed ${seed}`);
    const visitors = Array.from({ length: VISITORS }, (_, i) => new Visitor(i));
    const staff = Array.from({ length: STAFF }, (_, i) => new Staff(i));
    const allDone = () => visitors.every((v) => v.done()) && staff.every((s) => s.unacked.size === 0);
    const running = [...visitors, ...staff].map((peer) => peer.run(() => !chaos && allDone()));
    const figures = { kills: 0, cuts: 0 };

    const total = VISITORS * MESSAGES_PER_VISITOR;
    const acked = () => visitors.reduce((sum, v) => sum + v.acked.size, 0);
    const cutter = (async () => {
      while (chaos) {
        await pause(40 + random() * 120);
        const open = [...visitors, ...staff].filter((peer) => peer.current?.ws.readyState === peer.current?.ws.OPEN);
        const victim = open[Math.floor(random() * open.length)]?.current;
        if (victim) {
          victim.ws.terminate();
          figures.cuts += 1;
        }
      }
    })();
    // Each relay is SIGKILLed once, at a third and at two thirds of the visitors' messages, and started again: the
    // first when a visitor on it writes the marked message (it dies between commit and publish), the second from
    // outside. Their counters are read just before.
    const readings: string[] = [];
    const read = async (relay: RelayProcess) => readings.push(await (await fetch(`${relay.httpUrl}/metrics`)).text());
    for (const [slot, share] of [
      [0, 1 / 3],
      [1, 2 / 3],
    ] as const) {
      await until(() => acked() >= total * share, `${Math.round(share * 100)}% of the messages acknowledged`, {
        timeoutMs: 120_000,
        intervalMs: 50,
      });
      const victim = slots[slot]!;
      await read(victim);
      if (slot === 0) {
        // A visitor connected to it writes the marked message next. If it moves to the other relay first (a cut),
        // the message is stored there like any other: another visitor on the first relay is asked.
        let dead = false;
        void victim.exited.then(() => (dead = true));
        await until(
          () => {
            if (dead) return true;
            // Only a visitor with messages left to write can carry it: one that has written its last (and waits
            // for acks) would hold the marker on this relay for good, and no other visitor would be asked.
            const writer = visitors.find(
              (v) => v.relay === victim && v.writing() && v.current?.ws.readyState === v.current?.ws.OPEN,
            );
            if (writer && !visitors.some((v) => v.poisoned && v.relay === victim && v.writing()))
              writer.poisoned = true;
            return false;
          },
          'the first relay to die after a commit',
          { timeoutMs: 60_000, intervalMs: 10 },
        );
        assert.equal((await victim.exited).signal, 'SIGKILL');
      } else await victim.kill('SIGKILL');
      slots[slot] = undefined;
      figures.kills += 1;
      slots[slot] = await startRelay();
    }
    await until(allDone, 'every message and reply acknowledged', { timeoutMs: 120_000, intervalMs: 50 });
    chaos = false;
    await cutter;
    await Promise.all(running);
    // Each staff member's connection now learns what it never saw live (see `Staff.discover`), as an inbox's list
    // would show it.
    await Promise.all(staff.map((peer) => peer.discover()));

    // The store: each conversation gap-free, each client id once, each visitor's messages in the order written,
    // every ack at the sequence stored for its id.
    const rows = await schema.query<{ conversation_id: string; seq: number; client_id: string; kind: string }>(
      'SELECT conversation_id, seq, client_id, kind FROM $schema.messages ORDER BY conversation_id, seq',
    );
    const byConversation = new Map<string, typeof rows>();
    for (const row of rows)
      byConversation.set(row.conversation_id, [...(byConversation.get(row.conversation_id) ?? []), row]);
    for (const visitor of visitors) {
      const stored = byConversation.get(visitor.conversationId!)!;
      assert.deepEqual(
        stored.map((row) => row.seq),
        stored.map((_, i) => i + 1),
        'gap-free',
      );
      const ids = stored.map((row) => row.client_id);
      assert.equal(new Set(ids).size, ids.length, 'each client id stored once');
      const own = ids.filter((id) => id.startsWith('v'));
      assert.deepEqual(own, [...own].sort(), "in the visitor's order");
      assert.equal(own.length, MESSAGES_PER_VISITOR);
      for (const [id, seq] of visitor.acked) assert.equal(stored[seq - 1]?.client_id, id, `${id} acked at ${seq}`);
    }

    // Every connection, every conversation: in order, no echo, no ack ahead of a missing message.
    const notes = new Map<string, Set<number>>();
    for (const [id, stored] of byConversation)
      notes.set(id, new Set(stored.filter((row) => row.kind === 'note').map((row) => row.seq)));
    let framesChecked = 0;
    const violations: string[] = [];
    for (const [n, connection] of connections.entries()) {
      const ids =
        connection.role === 'visitor'
          ? [connection.conversationId!]
          : [...byConversation.keys()].filter(
              (id) =>
                connection.client.frames.some((frame) => 'conversationId' in frame && frame.conversationId === id) ||
                connection.client.frames.some(
                  (frame) => frame.type === 'message' && frame.message.conversationId === id,
                ),
            );
      for (const id of ids) {
        const start: ConnectionStart = { role: connection.role, cursor: connection.cursor, notes: notes.get(id)! };
        const account = checkConnection(connection.client.frames, id, start);
        violations.push(...account.violations.map((text) => `connection ${n} (${connection.role}), ${id}: ${text}`));
      }
      framesChecked += connection.client.frames.length;
    }
    assert.deepEqual(violations, []);

    // After the last resume, nothing is missing: each visitor's last connection holds its whole conversation (notes
    // aside), each staff member's every conversation (from its history page and live frames).
    // A wait that times out says what was still missing, and where (the account is read once, then).
    let short: string[] = [];
    try {
      await until(
        () => (short = whatIsMissing(visitors, staff, byConversation, notes)).length === 0,
        'every last connection to hold its conversations whole',
        { timeoutMs: 30_000, intervalMs: 100 },
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}: ${await failureAccount(visitors, staff, short)}`);
    }

    for (const relay of slots) await read(relay!);
    const sum = (name: string) =>
      readings.reduce((total, text) => total + Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0), 0);
    const report = {
      ...figures,
      connections: connections.length,
      framesChecked,
      messages: rows.length,
      notes: rows.filter((row) => row.kind === 'note').length,
      gapFills: sum('parley_bus_gap_fills_total'),
      acksHeld: sum('parley_bus_acks_held_total'),
      echoesSuppressed: sum('parley_bus_echoes_suppressed_total'),
    };
    process.stdout.write(`# scale-out chaos (seed ${seed}): ${JSON.stringify(report)}\n`);
    assert.equal(figures.kills, 2);
    assert.ok(figures.cuts >= 10, `sockets were cut (${figures.cuts})`);
    assert.ok(connections.length >= VISITORS + STAFF + 20, `clients moved (${connections.length} connections)`);
  });
});
