import type { Message, ServerFrame } from '@parley/protocol';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningRelay } from '../src/index.js';
import type { Connection, Socket } from '../src/ws/connection.js';
import { SettledAppends, type SettledOutput } from '../src/ws/settled-appends.js';
import { TestClient } from './support/client.js';
import { adminToken, siteKey, startDesk } from './support/desk.js';

/** A stand-in for a uWS socket: its user data, nothing else (acks reach it through the output). */
function fakeSocket(name: string, options: { closed?: boolean } = {}) {
  const conn = { id: name, phase: options.closed ? 'closed' : 'ready', replaying: false } as Connection;
  return { getUserData: () => conn } as unknown as Socket;
}

/** An output that logs, in one list, each ack handed over for a socket and each message handed to the core. */
function fakeOutput(log: string[]): SettledOutput {
  const metrics = { framesOut: 0, ackLatency: { observe: () => undefined } };
  return {
    metrics,
    settled: (message: Message, _siteId: string, origin: Socket, ack: string | undefined, duplicate: boolean) => {
      if (ack !== undefined) {
        const { seq, duplicate: again } = JSON.parse(ack) as { seq: number; duplicate: boolean };
        log.push(`${origin.getUserData().id}: ack ${seq}${again ? ' (duplicate)' : ''}`);
      }
      log.push(`${duplicate ? 'resend' : 'publish'} ${message.seq} from ${origin.getUserData().id}`);
    },
  } as unknown as SettledOutput;
}

const ack = (seq: number): ServerFrame => ({
  type: 'ack',
  id: `m${seq}`,
  messageId: String(seq),
  conversationId: 'c1',
  seq,
  ts: 0,
  duplicate: false,
});
const stored = (seq: number) => ({ seq, conversationId: 'c1' }) as Message;

describe('SettledAppends: acks of a committed batch', () => {
  it('hands each ack and its message to the core, in batch order, after the batch settles', async () => {
    const log: string[] = [];
    const output = fakeOutput(log);
    const a = fakeSocket('a');
    const b = fakeSocket('b');
    const settled = new SettledAppends(output);
    // As a batch resolves: a's 1 and 2, b's 3, a's 4; b's 5 is a resend (the core decides what to publish).
    settled.add(a, ack(1), 0, stored(1), 'site', false);
    settled.add(a, ack(2), 0, stored(2), 'site', false);
    settled.add(b, ack(3), 0, stored(3), 'site', false);
    settled.add(a, ack(4), 0, stored(4), 'site', false);
    settled.add(b, { ...ack(5), duplicate: true } as ServerFrame, 0, stored(5), 'site', true);
    assert.deepEqual(log, [], 'nothing is queued before the batch has settled');
    await Promise.resolve();
    assert.deepEqual(log, [
      'a: ack 1',
      'publish 1 from a',
      'a: ack 2',
      'publish 2 from a',
      'b: ack 3',
      'publish 3 from b',
      'a: ack 4',
      'publish 4 from a',
      'b: ack 5 (duplicate)',
      'resend 5 from b',
    ]);
  });

  it('queues no ack for a closed socket but still publishes its stored message', async () => {
    const log: string[] = [];
    const output = fakeOutput(log);
    const gone = fakeSocket('gone', { closed: true });
    const here = fakeSocket('here');
    const settled = new SettledAppends(output);
    settled.add(gone, ack(1), 0, stored(1), 'site', false);
    settled.add(here, ack(2), 0, stored(2), 'site', false);
    await Promise.resolve();
    assert.deepEqual(log, ['publish 1 from gone', 'here: ack 2', 'publish 2 from here']);
  });
});

describe('relay: acks and fan-out after a commit', () => {
  let relay: RunningRelay;
  before(async () => {
    relay = await startDesk({ identitySecret: 'identity-secret-0123456789', rateLimitBurst: 0, ipRateLimitBurst: 0 });
  });
  after(() => relay.close());

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
    // Both messages were published before these pings were answered: had either come back, it would be in.
    await Promise.all([tab1.roundTrip(), staff.roundTrip()]);
    assert.equal(
      tab1.frames.some((frame) => frame.type === 'message' && frame.message.clientId === 'own-1'),
      false,
    );
    assert.equal(
      staff.frames.some((frame) => frame.type === 'message' && frame.message.seq === reply.seq),
      false,
    );
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

  it("gives each of two tabs writing at once its acks and the other tab's messages in sequence order", async () => {
    const { client: one, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    const { client: two } = await TestClient.hello(relay.wsUrl, { siteKey, visitorToken: welcome.visitorToken! });
    const rounds = 200;
    for (let i = 1; i <= rounds; i++) {
      one.send({ type: 'send', id: `one-${i}`, text: `one ${i}` });
      two.send({ type: 'send', id: `two-${i}`, text: `two ${i}` });
    }
    const [acksOne, acksTwo] = await Promise.all([one.collect('ack', rounds), two.collect('ack', rounds)]);
    await Promise.all([one.collect('message', rounds), two.collect('message', rounds)]);
    // Every sequence once: each tab's acks and the other tab's messages together cover 1..2×rounds.
    for (const [client, own] of [
      [one, acksOne],
      [two, acksTwo],
    ] as const) {
      const seen = client.frames.flatMap((frame) =>
        frame.type === 'ack' ? [frame.seq] : frame.type === 'message' ? [frame.message.seq] : [],
      );
      assert.deepEqual(
        seen,
        Array.from({ length: 2 * rounds }, (_, i) => i + 1),
        'in order, no gap, nothing twice',
      );
      assert.equal(own.length, rounds);
    }
    one.close();
    two.close();
  });
});
