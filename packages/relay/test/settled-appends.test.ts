import type { Message, ServerFrame } from '@parley/protocol';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { WebSocket } from 'uWebSockets.js';
import type { RelayContext } from '../src/context.js';
import { startRelay, type RunningRelay } from '../src/index.js';
import type { Connection } from '../src/ws/connection.js';
import { SettledAppends } from '../src/ws/handlers.js';
import { TestClient, settle } from './support/client.js';

/** A stand-in for a uWS socket that records what happens to it, in order, in a log shared by all sockets. */
function fakeSocket(name: string, log: string[], options: { closed?: boolean; dropSends?: boolean } = {}) {
  const conn = { id: name, phase: options.closed ? 'closed' : 'ready', replaying: false } as Connection;
  let corked = false;
  const ws = {
    getUserData: () => conn,
    cork(handler: () => void) {
      log.push(`${name}: cork`);
      corked = true;
      handler();
      corked = false;
      log.push(`${name}: uncork`);
      return ws;
    },
    send(frame: string) {
      const { seq } = JSON.parse(frame) as { seq: number };
      log.push(`${name}: ack ${seq}${corked ? '' : ' (not corked)'}`);
      return options.dropSends ? 2 : 1;
    },
    getBufferedAmount: () => 0,
    end(code: number) {
      log.push(`${name}: end ${code}${corked ? ' (corked!)' : ''}`);
      conn.phase = 'closed';
    },
  };
  return ws as unknown as WebSocket<Connection>;
}

function fakeContext(log: string[]): RelayContext {
  const metrics = { framesOut: 0, slowConsumersClosed: 0, ackLatency: { observe: () => undefined } };
  return {
    metrics,
    config: { maxBackpressureBytes: 1024 },
    publishMessage: (message: Message, _siteId: string, origin?: WebSocket<Connection>) =>
      log.push(`publish ${message.seq} from ${origin?.getUserData().id ?? 'nobody'}`),
  } as unknown as RelayContext;
}

const ack = (seq: number): ServerFrame => ({ type: 'ack', id: `m${seq}`, messageId: String(seq), conversationId: 'c1', seq, ts: 0, duplicate: false });
const stored = (seq: number) => ({ message: { seq, conversationId: 'c1' } as Message, siteId: 'site' });

describe('SettledAppends: acks of a committed batch', () => {
  it('sends each socket its acks in one cork, then publishes in order from each sender', async () => {
    const log: string[] = [];
    const ctx = fakeContext(log);
    const a = fakeSocket('a', log);
    const b = fakeSocket('b', log);
    const settled = new SettledAppends();
    // As a batch resolves: a's 1 and 2, b's 3, a's 4; b's 5 is a resend (duplicate: nothing to publish).
    settled.add(ctx, a, ack(1), 0, stored(1));
    settled.add(ctx, a, ack(2), 0, stored(2));
    settled.add(ctx, b, ack(3), 0, stored(3));
    settled.add(ctx, a, ack(4), 0, stored(4));
    settled.add(ctx, b, { ...ack(5), duplicate: true } as ServerFrame, 0, undefined);
    assert.deepEqual(log, [], 'nothing is sent before the batch has settled');
    await Promise.resolve();
    assert.deepEqual(log, [
      'a: cork',
      'a: ack 1',
      'a: ack 2',
      'a: ack 4',
      'a: uncork',
      'b: cork',
      'b: ack 3',
      'b: ack 5',
      'b: uncork',
      'publish 1 from a',
      'publish 2 from a',
      'publish 3 from b',
      'publish 4 from a',
    ]);
  });

  it('skips a closed socket but still publishes its message, and closes a slow consumer only after the cork', async () => {
    const log: string[] = [];
    const ctx = fakeContext(log);
    const gone = fakeSocket('gone', log, { closed: true });
    const slow = fakeSocket('slow', log, { dropSends: true });
    const settled = new SettledAppends();
    settled.add(ctx, gone, ack(1), 0, stored(1));
    settled.add(ctx, slow, ack(2), 0, stored(2));
    await Promise.resolve();
    assert.deepEqual(log, ['slow: cork', 'slow: ack 2', 'slow: uncork', 'slow: end 4009', 'publish 1 from gone', 'publish 2 from slow']);
  });
});

describe('relay: acks and fan-out after a commit', () => {
  const siteKey = 'pk_test_settled';
  const adminToken = 'st_admin_test_settled_0123456789';
  let relay: RunningRelay;
  let dataDir = '';
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-settled-'));
    relay = await startRelay({ port: 0, host: '127.0.0.1', dataDir, siteKey, adminToken, identitySecret: 'identity-secret-0123456789', logLevel: 'silent', rateLimitBurst: 0, ipRateLimitBurst: 0 });
  });
  after(async () => {
    await relay.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('acks the sender without sending its message back; its other tabs and staff get the message', async () => {
    const { client: tab1, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    const { client: tab2 } = await TestClient.hello(relay.wsUrl, { siteKey, visitorToken: welcome.visitorToken! });
    const { client: staff } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken });
    const ack = await tab1.say('own-1', 'hello from tab 1');
    const [inTab2, inStaff] = await Promise.all([
      tab2.next('message', (frame) => frame.message.clientId === 'own-1'),
      staff.next('message', (frame) => frame.message.clientId === 'own-1'),
    ]);
    assert.deepEqual([inTab2.message.seq, inStaff.message.seq], [ack.seq, ack.seq]);
    // Staff replies: the visitor's tabs get it, the replying staff socket only its ack.
    const reply = await staff.say('staff-1', 'hi', { conversationId: welcome.conversationId });
    await tab1.next('message', (frame) => frame.message.clientId === 'staff-1');
    await settle();
    assert.equal(tab1.frames.some((frame) => frame.type === 'message' && frame.message.clientId === 'own-1'), false);
    assert.equal(staff.frames.some((frame) => frame.type === 'message' && frame.message.seq === reply.seq), false);
    for (const client of [tab1, tab2, staff]) client.close();
  });

  it('acks a pipelined burst in order, each once, and delivers it to the other tab in order', async () => {
    const { client: sender, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    const { client: reader } = await TestClient.hello(relay.wsUrl, { siteKey, visitorToken: welcome.visitorToken! });
    for (let i = 1; i <= 300; i++) sender.send({ type: 'send', id: `b-${i}`, text: `burst ${i}` });
    const acks = await sender.collect('ack', 300);
    assert.deepEqual(
      acks.map((frame) => [frame.id, frame.seq]),
      Array.from({ length: 300 }, (_, i) => [`b-${i + 1}`, i + 1]),
    );
    const delivered = await reader.collect('message', 300);
    assert.deepEqual(
      delivered.map((frame) => frame.message.seq),
      Array.from({ length: 300 }, (_, i) => i + 1),
    );
    sender.close();
    reader.close();
  });
});
