// The reliability suite's chaos test (issue #15): visitors and staff, each a real SDK client in this process,
// exchange messages with a relay in its own process while their sockets are cut at random and the relay is killed
// with SIGKILL and restarted twice on the same data. Every message is accounted for at the end: everything
// acknowledged is stored exactly once, gap-free and in order, and every client's timeline holds its conversations
// exactly as stored.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ParleyClient, type LocalMessage, type WebSocketConstructor } from '@parley/sdk';
import { StaffClient } from '@parley/sdk/staff';
import WebSocket from 'ws';

const bin = fileURLToPath(new URL('../../packages/relay/bin/parley-relay.js', import.meta.url));
const SITE_KEY = 'pk_test_chaos';
const ADMIN_TOKEN = 'st_admin_test_chaos_0123456789';
const VISITORS = 12;
const MESSAGES_PER_VISITOR = 30;
const STAFF = 2;

/** A deterministic generator (mulberry32), so a failing run can be replayed with its seed. */
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

/** The relay as a site owner runs it: the built bin, in its own process, on this test's data directory. */
class Relay {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(dataDir: string): Promise<Relay> {
    const child = spawn(process.execPath, [bin], {
      env: {
        ...process.env,
        PARLEY_HOST: '127.0.0.1',
        PARLEY_PORT: '0',
        PARLEY_DATA_DIR: dataDir,
        PARLEY_SITE_KEY: SITE_KEY,
        PARLEY_ADMIN_TOKEN: ADMIN_TOKEN,
        PARLEY_LOG_LEVEL: 'error',
        // One address (127.0.0.1) for every client: per-address limits would only measure themselves.
        PARLEY_RATE_LIMIT_BURST: '0',
        PARLEY_IP_RATE_LIMIT_BURST: '0',
        PARLEY_MAX_CONNECTIONS_PER_IP: '0',
        PARLEY_NEW_CONVERSATIONS_PER_ADDRESS_PER_HOUR: '0',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const found = /\(WebSocket (ws:\/\/\S+)\)/.exec(line);
        if (found) resolve(found[1]!);
      });
      child.once('exit', (code) => reject(new Error(`the relay exited (${code}) before listening`)));
    });
    return new Relay(child, url);
  }

  kill(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGKILL');
    });
  }

  stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}

/** A `ws` that dials wherever the relay is now, and whose open sockets the test can cut. */
function chaoticWebSocket(target: { url: string }) {
  const sockets = new Set<WebSocket>();
  class Chaotic extends WebSocket {
    constructor(_url: string, protocols?: string | string[]) {
      super(target.url, protocols);
      sockets.add(this);
      this.once('close', () => sockets.delete(this));
    }
  }
  return { WebSocket: Chaotic as unknown as WebSocketConstructor, sockets };
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

interface StoredMessage {
  seq: number;
  text: string;
  author: { role: string; id: string };
}

async function stored(relayUrl: string, conversationId: string): Promise<StoredMessage[]> {
  const http = relayUrl.replace(/^ws/, 'http').replace(/\/v1\/ws$/, '');
  let all: StoredMessage[] = [];
  let before = '';
  for (;;) {
    const response = await fetch(`${http}/v1/admin/conversations/${conversationId}/messages?limit=100${before}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    assert.equal(response.status, 200);
    const page = (await response.json()) as { items: StoredMessage[]; hasMore: boolean };
    all = [...page.items, ...all];
    if (!page.hasMore) return all;
    before = `&before=${page.items[0]!.seq}`;
  }
}

describe('chaos: socket cuts and two SIGKILLs while visitors and staff talk', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-chaos-'));
  const clients: Array<ParleyClient | StaffClient> = [];
  let relay: Relay | undefined;
  after(async () => {
    for (const client of clients) client.close();
    await relay?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('accounts for every message: acknowledged means stored once, gap-free, and seen by every client', async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
    const random = generator(seed);
    relay = await Relay.start(dataDir);
    const target = { url: relay.url };
    const network = chaoticWebSocket(target);
    const common = { WebSocket: network.WebSocket, storage: 'memory', backoff: { minMs: 20, maxMs: 250 } } as const;

    const visitors = Array.from(
      { length: VISITORS },
      (_, i) =>
        new ParleyClient({ url: target.url, siteKey: SITE_KEY, name: `Visitor ${i}`, context: () => ({}), ...common }),
    );
    const staff = Array.from(
      { length: STAFF },
      () => new StaffClient({ url: target.url, token: ADMIN_TOKEN, ...common }),
    );
    clients.push(...visitors, ...staff);
    for (const client of clients) client.connect();
    await Promise.all(clients.map((client) => client.ready()));

    const figures = { sent: 0, acked: 0, lost: 0, duplicated: 0, kills: 0, cuts: 0, staffReplies: 0 };
    const sent: Array<{ client: ParleyClient | StaffClient; message: LocalMessage }> = [];

    // Staff answer some visitor messages as they arrive (live or replayed after a resume).
    const answered = new Set<string>();
    for (const [index, member] of staff.entries()) {
      member.on('message', (message) => {
        if (message.author.role !== 'visitor' || message.seq === undefined || !message.conversationId) return;
        const key = `${message.conversationId}:${message.seq}`;
        if (answered.has(key) || random() > 0.25 / STAFF) return;
        answered.add(key);
        void member.send(`staff ${index} re ${key}`, { conversationId: message.conversationId }).then((reply) => {
          sent.push({ client: member, message: reply });
          figures.staffReplies += 1;
        });
      });
    }

    // The chaos: cut a random open socket every 20–100 ms (until everything is acknowledged), kill the relay at a third and two thirds of the sends.
    let chaosOn = true;
    const cutter = (async () => {
      while (chaosOn) {
        await new Promise((resolve) => setTimeout(resolve, 20 + random() * 80));
        const open = [...network.sockets].filter((socket) => socket.readyState === WebSocket.OPEN);
        const victim = open[Math.floor(random() * open.length)];
        if (victim) {
          victim.terminate();
          figures.cuts += 1;
        }
      }
    })();
    const total = VISITORS * MESSAGES_PER_VISITOR;
    let visitorSends = 0;
    const killAt = new Set([Math.floor(total / 3), Math.floor((2 * total) / 3)]);
    for (let round = 0; round < MESSAGES_PER_VISITOR; round++) {
      for (const [i, visitor] of visitors.entries()) {
        const message = await visitor.send(`visitor ${i} message ${round} ✓ ${'x'.repeat(Math.floor(random() * 40))}`);
        sent.push({ client: visitor, message });
        visitorSends += 1;
        if (killAt.has(visitorSends)) {
          await relay.kill();
          figures.kills += 1;
          relay = await Relay.start(dataDir);
          target.url = relay.url;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 30 + random() * 60));
    }

    // Every client's outbox drains: each message it wrote is acknowledged (has a sequence).
    const acknowledged = (): boolean =>
      sent.every(({ client, message }) =>
        client
          .messages(message.conversationId ?? (client as ParleyClient).conversationId)
          .some((m) => m.clientId === message.clientId && m.seq !== undefined),
      );
    await until(acknowledged, 'every message to be acknowledged', 90_000);
    chaosOn = false;
    await cutter;
    // Replies to the last messages may still be on their way: wait for those too, with the sockets left alone.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await until(acknowledged, 'the last replies to be acknowledged', 30_000);
    figures.sent = sent.length;

    // The store, read through the admin API, holds each conversation gap-free and every acked message once.
    const conversations = visitors.map((visitor) => visitor.conversationId!);
    const byConversation = new Map<string, StoredMessage[]>();
    for (const id of conversations) byConversation.set(id, await stored(target.url, id));
    for (const { client, message } of sent) {
      const conversationId = message.conversationId ?? (client as ParleyClient).conversationId!;
      const local = client.messages(conversationId).find((m) => m.clientId === message.clientId)!;
      const rows = byConversation.get(conversationId)!.filter((row) => row.text === message.text);
      if (rows.length === 0) figures.lost += 1;
      if (rows.length > 1) figures.duplicated += rows.length - 1;
      assert.ok(
        rows.some((row) => row.seq === local.seq),
        `${message.text} is stored at the seq it was acked with`,
      );
      figures.acked += 1;
    }
    process.stdout.write(`# chaos (seed ${seed}): ${JSON.stringify(figures)}\n`);
    assert.equal(figures.lost, 0, 'nothing acknowledged is lost');
    assert.equal(figures.duplicated, 0, 'nothing is stored twice');
    assert.equal(figures.kills, 2);
    assert.ok(figures.cuts >= 20, `sockets were cut (${figures.cuts})`);
    for (const [id, rows] of byConversation) {
      assert.deepEqual(
        rows.map((row) => row.seq),
        Array.from({ length: rows.length }, (_, i) => i + 1),
        `${id} is gap-free`,
      );
      // Each visitor's messages are stored in the order the visitor wrote them.
      const own = rows
        .filter((row) => row.author.role === 'visitor')
        .map((row) => Number(/message (\d+)/.exec(row.text)![1]));
      assert.deepEqual(
        own,
        Array.from({ length: MESSAGES_PER_VISITOR }, (_, i) => i),
        `${id} keeps the visitor's order`,
      );
    }

    // After the last resume, every client sees its conversations exactly as stored.
    const timeline = (client: ParleyClient | StaffClient, id: string) =>
      client
        .messages(id)
        .filter((m) => m.seq !== undefined)
        .map((m) => `${m.seq}:${m.text}`);
    const expected = (id: string) => byConversation.get(id)!.map((row) => `${row.seq}:${row.text}`);
    await until(
      () =>
        visitors.every(
          (visitor) =>
            timeline(visitor, visitor.conversationId!).join('\n') === expected(visitor.conversationId!).join('\n'),
        ),
      'every visitor to hold its conversation as stored',
      30_000,
    );
    // Staff follow every conversation live from where they first see it, without gaps; what came before (a
    // conversation opened while their socket was cut) is loaded as the inbox does when it opens a conversation.
    const suffix = (member: StaffClient, id: string): boolean => {
      const held = timeline(member, id);
      const all = expected(id);
      return held.length > 0 && all.slice(all.length - held.length).join('\n') === held.join('\n');
    };
    for (const member of staff) {
      await until(
        () => conversations.every((id) => suffix(member, id)),
        'staff to follow every conversation without a gap',
        30_000,
      );
      for (const id of conversations) {
        while ((await member.loadEarlier({ conversationId: id, limit: 100 })).hasMore);
        assert.deepEqual(timeline(member, id), expected(id), `staff hold ${id} as stored`);
      }
    }
  });
});
