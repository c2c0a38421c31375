// Against the real relay (port 0, real sockets, `ws` as the WebSocket): the delivery guarantees end to end.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startRelay, type RunningRelay } from '@parley/relay';
import WebSocket from 'ws';
import { ParleyClient } from '../src/index.js';
import { StaffClient } from '../src/staff.js';
import type { LocalMessage, ParleyClientOptions, StaffClientOptions, WebSocketConstructor } from '../src/types.js';
import { until } from './until.js';

const SITE_KEY = 'pk_test_sdk_relay';
const ADMIN_TOKEN = 'st_admin_test_sdk_relay';
const IDENTITY_SECRET = 'idsecret_sdk_relay_0001';

function boot(dataDir: string): Promise<RunningRelay> {
  return startRelay({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    siteKey: SITE_KEY,
    adminToken: ADMIN_TOKEN,
    identitySecret: IDENTITY_SECRET,
    allowedOrigins: ['*'],
    logLevel: 'silent',
  });
}

/**
 * A `ws` constructor that records its sockets (to cut them), can be held shut (to keep a client away), and dials
 * wherever `gate.target` points (a relay restarted on a new port stands in for one restarted in place).
 */
function controlledWebSocket(target: string) {
  const sockets: WebSocket[] = [];
  const gate = { shut: false, target };
  class Controlled extends WebSocket {
    constructor(_url: string, protocols?: string | string[]) {
      // While shut, dial a port nobody listens on: the attempt fails like a network that is down.
      super(gate.shut ? 'ws://127.0.0.1:9/v1/ws' : gate.target, protocols);
      sockets.push(this);
    }
  }
  return { WebSocket: Controlled as unknown as WebSocketConstructor, sockets, gate };
}

const common = {
  WebSocket: WebSocket as unknown as WebSocketConstructor,
  storage: 'memory',
  backoff: { minMs: 20, maxMs: 200 },
} as const;

function client(url: string, options: Partial<ParleyClientOptions> = {}): ParleyClient {
  return new ParleyClient({ url, ...common, siteKey: SITE_KEY, ...options });
}

function staffClient(url: string, options: Partial<StaffClientOptions> = {}): StaffClient {
  return new StaffClient({ url, ...common, token: ADMIN_TOKEN, ...options });
}

function texts(messages: readonly LocalMessage[]): string[] {
  return messages.map((message) => message.text);
}

describe('against the real relay', () => {
  let dataDir: string;
  let relay: RunningRelay;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-sdk-'));
    relay = await boot(dataDir);
  });

  after(async () => {
    await relay.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('round-trips a conversation: ack, delivery to staff, reply, receipts', async () => {
    const visitor = client(relay.wsUrl);
    const staff = staffClient(relay.wsUrl);
    try {
      visitor.connect();
      staff.connect();
      await Promise.all([visitor.ready(), staff.ready()]);
      const mine = await visitor.send('hello');
      await until(visitor, () => mine.status === 'sent' || mine.status === 'delivered');
      const conversationId = visitor.conversationId!;
      await until(staff, () => staff.messages(conversationId).length === 1);
      const reply = await staff.send('hi there', { conversationId });
      await until(visitor, () => visitor.messages().length === 2);
      visitor.markRead();
      await until(staff, () => reply.status === 'read');
      assert.deepEqual(texts(visitor.messages()), ['hello', 'hi there']);
      assert.deepEqual(texts(staff.messages(conversationId)), ['hello', 'hi there']);
      assert.equal(staff.unreadCount, 1);
    } finally {
      visitor.close();
      staff.close();
    }
  });

  it('cuts the socket mid-stream: what was sent before, during and after the outage arrives once and in order', async () => {
    const controlled = controlledWebSocket(relay.wsUrl);
    const visitor = client(relay.wsUrl, { WebSocket: controlled.WebSocket });
    const staff = staffClient(relay.wsUrl);
    try {
      visitor.connect();
      staff.connect();
      await Promise.all([visitor.ready(), staff.ready()]);
      const sent: LocalMessage[] = [];
      for (let i = 1; i <= 10; i++) sent.push(await visitor.send(`m${i}`));
      // Cut the wire while messages are in flight, and keep it down while ten more are written.
      controlled.gate.shut = true;
      controlled.sockets.at(-1)!.terminate();
      await until(visitor, () => visitor.state === 'reconnecting');
      for (let i = 11; i <= 20; i++) sent.push(await visitor.send(`m${i}`));
      assert.ok(sent.slice(10).every((message) => message.status === 'queued'));
      controlled.gate.shut = false;
      await until(visitor, () => sent.every((message) => message.status !== 'queued' && message.status !== 'sending'));

      const expected = Array.from({ length: 20 }, (_, i) => `m${i + 1}`);
      assert.deepEqual(texts(visitor.messages()), expected);
      assert.deepEqual(
        visitor.messages().map((m) => m.seq),
        expected.map((_, i) => i + 1),
      );
      const conversationId = visitor.conversationId!;
      await until(staff, () => staff.messages(conversationId).length === 20);
      assert.deepEqual(texts(staff.messages(conversationId)), expected, 'staff see each message once, in order');

      // What the relay stored, read back fresh: no duplicate, no gap.
      const reader = staffClient(relay.wsUrl);
      reader.connect();
      const page = await reader.loadEarlier({ conversationId, limit: 100 });
      reader.close();
      assert.deepEqual(texts(page.messages), expected);
    } finally {
      visitor.close();
      staff.close();
    }
  });

  it('resumes without a gap after the relay restarts', async () => {
    const controlled = controlledWebSocket(relay.wsUrl);
    const forStaff = controlledWebSocket(relay.wsUrl);
    const url = 'ws://relay.invalid/v1/ws';
    const visitor = client(url, { WebSocket: controlled.WebSocket });
    const staff = staffClient(url, { WebSocket: forStaff.WebSocket });
    try {
      visitor.connect();
      staff.connect();
      await Promise.all([visitor.ready(), staff.ready()]);
      await visitor.send('before restart');
      await until(visitor, () => visitor.conversationId !== undefined && visitor.messages()[0]?.seq === 1);
      const conversationId = visitor.conversationId!;
      for (const text of ['s1', 's2']) await staff.send(text, { conversationId });
      await until(visitor, () => visitor.messages().length === 3);

      // Restart the relay on its data (the sockets follow it to its new port); keep the visitor away while staff write two more.
      controlled.gate.shut = true;
      await relay.close();
      relay = await boot(dataDir);
      controlled.gate.target = forStaff.gate.target = relay.wsUrl;
      await until(staff, () => staff.state === 'open');
      const queuedDuringOutage = await visitor.send('written while the relay was down');
      for (const text of ['s3', 's4']) await staff.send(text, { conversationId });
      await until(
        staff,
        () =>
          staff.messages(conversationId).at(-1)?.status !== 'sending' && staff.messages(conversationId).length === 5,
      );

      controlled.gate.shut = false;
      await until(
        visitor,
        () =>
          visitor.messages().length === 6 &&
          queuedDuringOutage.status !== 'queued' &&
          queuedDuringOutage.status !== 'sending',
      );
      const timeline = visitor.messages();
      assert.deepEqual(
        timeline.map((m) => m.seq),
        [1, 2, 3, 4, 5, 6],
        'no gap, no duplicate',
      );
      assert.deepEqual(texts(timeline), ['before restart', 's1', 's2', 's3', 's4', 'written while the relay was down']);
    } finally {
      visitor.close();
      staff.close();
    }
  });

  it('stops for good on an unknown site key', async () => {
    const stranger = client(relay.wsUrl, { siteKey: 'pk_nobody_knows_this' });
    const errors: { code: string; fatal: boolean }[] = [];
    stranger.on('error', (error) => errors.push(error));
    stranger.connect();
    await assert.rejects(stranger.ready());
    assert.equal(stranger.state, 'closed');
    assert.ok(
      errors.some((error) => error.fatal && error.code === 'unauthorized'),
      JSON.stringify(errors),
    );
  });
});
