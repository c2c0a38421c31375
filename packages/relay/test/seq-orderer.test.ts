import type { Message } from '@parley/protocol';
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { Reach, StoredFrame } from '../src/bus/bus.js';
import { SeqOrderer, messageFrame, type FillReport } from '../src/bus/seq-orderer.js';
import { until } from './support/until.js';

const conversationId = 'c1';

function message(seq: number, kind: Message['kind'] = 'text', clientId = `m${seq}`): Message {
  return {
    id: String(seq),
    clientId,
    conversationId,
    seq,
    ts: 0,
    author: { role: 'visitor', id: 'v1' },
    text: 't',
    kind,
  };
}

/** A stored message as its relay offers it: from another relay, or (with `from`) from a local sender with its ack. */
function frame(seq: number, from?: string, kind: Message['kind'] = 'text'): StoredFrame {
  return {
    conversationId,
    seq,
    siteId: 'site1',
    frame: messageFrame(message(seq, kind)),
    note: kind === 'note',
    ...(from ? { origin: from, ack: `ack ${seq}` } : {}),
  };
}

/** The orderers a test made: closed after it, whether it passed or not. */
const open = new Set<SeqOrderer>();
afterEach(() => {
  for (const orderer of open) orderer.close();
  open.clear();
});

/** An orderer over an in-memory store, recording what it hands the relay, as `seq`, `seq note`, `seq ack→x`. */
function harness(options: { gapWaitMs?: number; giveUpMs?: number; readMs?: number } = {}) {
  const store: Message[] = [];
  const log: string[] = [];
  const fills: FillReport[] = [];
  const source = {
    down: false,
    reads: 0,
    async messagesAfter(id: string, after: number, limit: number): Promise<Message[]> {
      source.reads += 1;
      await new Promise((resolve) =>
        options.readMs === undefined ? setImmediate(resolve) : setTimeout(resolve, options.readMs),
      );
      if (source.down) throw new Error('store down');
      return store.filter((m) => m.conversationId === id && m.seq > after).slice(0, limit);
    },
    async siteOf(): Promise<string> {
      return 'site1';
    },
  };
  const deliver = (stored: StoredFrame, reach: Reach): void => {
    const parts = [String(stored.seq)];
    if (stored.note) parts.push('note');
    if (stored.ack !== undefined) parts.push(`ack→${String(stored.origin)}`);
    if (reach === 'everyone' && stored.origin !== undefined) parts.push(`not to ${String(stored.origin)}`);
    if (reach === 'sender') parts.push('(ack only)');
    log.push(parts.join(' '));
  };
  const orderer = new SeqOrderer(deliver, {
    source,
    gapWaitMs: options.gapWaitMs ?? 10,
    giveUpMs: options.giveUpMs ?? 5000,
    onFill: (fill) => fills.push(fill),
  });
  // The orderer's timers do not keep a process alive (a relay's server does): this test's do, until it closes,
  // which each test does, and `afterEach` does for a test that failed first (else the file would never end).
  const alive = setInterval(() => undefined, 1000);
  const close = orderer.close.bind(orderer);
  orderer.close = () => {
    clearInterval(alive);
    close();
  };
  open.add(orderer);
  /** Stores messages 1..n (as committed by anyone). */
  const commit = (...messages: Message[]) => store.push(...messages);
  return { orderer, log, fills, source, commit };
}

describe('SeqOrderer: one conversation, in order, on one relay', () => {
  it('delivers in sequence and drops a sequence it has delivered', () => {
    const { orderer, log } = harness();
    for (const seq of [1, 2, 2, 3]) orderer.offer(frame(seq));
    assert.deepEqual(log, ['1', '2', '3']);
    assert.equal(orderer.duplicatesDropped, 1);
    orderer.close();
  });

  it('holds a frame above a gap and delivers the lower one first when it comes in time, without the store', async () => {
    const { orderer, log, source } = harness({ gapWaitMs: 1000 });
    orderer.offer(frame(1));
    orderer.offer(frame(3, 'sock'));
    assert.deepEqual(log, ['1'], 'the ack of 3 waits with its message');
    orderer.offer(frame(2));
    assert.deepEqual(log, ['1', '2', '3 ack→sock not to sock']);
    assert.equal(source.reads, 0);
    assert.equal(orderer.acksHeld, 1);
    orderer.close();
  });

  it('fills a gap from the store, then delivers the held ack and its message without its sender', async () => {
    const { orderer, log, fills, commit } = harness();
    commit(message(1), message(2), message(3));
    orderer.offer(frame(1));
    // 2 was stored and acknowledged on a relay that cannot publish (Redis cut); 3 is this relay's sender's.
    orderer.offer(frame(3, 'visitor'));
    await until(() => log.length === 3, 'the gap filled');
    assert.deepEqual(log, ['1', '2', '3 ack→visitor not to visitor']);
    assert.deepEqual(fills, [{ conversationId, fromSeq: 2, toSeq: 2, frames: 1, reason: 'gap' }]);
    assert.deepEqual([orderer.gapFills, orderer.filled, orderer.acksHeld, orderer.echoesSuppressed], [1, 1, 1, 1]);
    // The late original of 2 is dropped.
    orderer.offer(frame(2));
    assert.equal(log.length, 3);
    orderer.close();
  });

  it('fills notes in a gap to staff like any message (the bus tells who gets a note)', async () => {
    const { orderer, log, commit } = harness();
    commit(message(1), message(2, 'note'), message(3));
    orderer.offer(frame(1));
    orderer.offer(frame(3));
    await until(() => log.length === 3, 'the gap filled');
    assert.deepEqual(log, ['1', '2 note', '3']);
    orderer.close();
  });

  it('stops a fill at a message this relay is still appending, and delivers it with its ack when it settles', async () => {
    const { orderer, log, commit } = harness();
    commit(message(1));
    orderer.offer(frame(1));
    // This relay's sender wrote 2 (committed, not settled yet); another relay's 3 arrives first.
    orderer.appending(conversationId, 'm2');
    commit(message(2), message(3));
    orderer.offer(frame(3));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(log, ['1'], 'neither the fill nor the held frame passes the append in flight');
    orderer.appended(conversationId, 'm2', 2);
    orderer.offer(frame(2, 'sender'));
    // At once when the fill has stopped at 2; on a loaded machine the fill may still be reading, and then it
    // delivers the held frame in its place: the same outcome, a moment later.
    await until(() => log.length === 3, 'the settled append and the held frame');
    assert.deepEqual(log, ['1', '2 ack→sender not to sender', '3']);
    assert.equal(orderer.echoesSuppressed, 1);
    orderer.close();
  });

  it('delivers a message whose append settles while a fill is reading with its ack, in its place', async () => {
    const { orderer, log, commit } = harness({ readMs: 100 });
    commit(message(1));
    orderer.offer(frame(1));
    orderer.appending(conversationId, 'm2');
    commit(message(2), message(3));
    orderer.offer(frame(3));
    // The gap's fill has started (10 ms) and is still reading (100 ms) when the append settles.
    await new Promise((resolve) => setTimeout(resolve, 40));
    orderer.appended(conversationId, 'm2', 2);
    orderer.offer(frame(2, 'sender'));
    assert.deepEqual(log, ['1'], 'held while the fill reads');
    await until(() => log.length === 3, 'the fill');
    assert.deepEqual(log, ['1', '2 ack→sender not to sender', '3']);
    assert.equal(orderer.echoesSuppressed, 1);
    orderer.close();
  });

  it('goes on filling once an append in flight fails', async () => {
    const { orderer, log, commit } = harness();
    commit(message(1), message(2), message(3));
    orderer.offer(frame(1));
    orderer.appending(conversationId, 'm2');
    orderer.offer(frame(3));
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.deepEqual(log, ['1']);
    // Its commit was confirmed too late (the store's deadline answered first): the fill takes it.
    orderer.appended(conversationId, 'm2');
    await until(() => log.length === 3, 'the fill to go on');
    assert.deepEqual(log, ['1', '2', '3']);
    orderer.close();
  });

  it('answers a resend of a delivered sequence with its ack alone', () => {
    const { orderer, log } = harness();
    orderer.offer(frame(1));
    orderer.offer(frame(1, 'resender'));
    assert.deepEqual(log, ['1', '1 ack→resender (ack only)']);
    orderer.close();
  });

  it('gives both local senders of one held message their acks: the first is left out of the fan-out', async () => {
    const { orderer, log } = harness({ gapWaitMs: 1000 });
    orderer.offer(frame(1));
    orderer.offer(frame(3));
    orderer.offer(frame(3, 'first'));
    orderer.offer(frame(3, 'second'));
    orderer.offer(frame(2));
    assert.deepEqual(log, ['1', '2', '3 ack→first not to first', '3 ack→second (ack only)']);
    orderer.close();
  });

  it('waits at first sight for its own appends in flight, which may settle lower', () => {
    const { orderer, log } = harness({ gapWaitMs: 1000 });
    orderer.appending(conversationId, 'm7');
    orderer.offer(frame(8));
    assert.deepEqual(log, [], 'the window is not started by the remote frame');
    orderer.appended(conversationId, 'm7', 7);
    orderer.offer(frame(7, 'staff'));
    assert.deepEqual(log, ['7 ack→staff not to staff', '8']);
    orderer.close();
  });

  it('starts the window at the first frame otherwise, and drops older frames that come later', () => {
    const { orderer, log } = harness();
    orderer.offer(frame(5));
    orderer.offer(frame(4));
    assert.deepEqual(log, ['5']);
    assert.equal(orderer.lateFrames, 1);
    orderer.close();
  });
});

describe('SeqOrderer: hand-offs, catch-ups and a store that stays down', () => {
  it('lets a visitor follow at once where it has delivered as far as the replay, and counts the interest', () => {
    const { orderer, log } = harness();
    assert.equal(orderer.follow(conversationId, 'site1', 4), true, 'a new window starts at the cursor');
    orderer.offer(frame(4));
    orderer.offer(frame(5));
    assert.deepEqual(log, ['5'], 'what the replay sent is not sent again');
    orderer.sweep(Date.now() + 24 * 3600_000);
    assert.equal(orderer.size, 1, 'kept while followed');
    orderer.release(conversationId);
    orderer.sweep(Date.now() + 24 * 3600_000);
    assert.equal(orderer.size, 0);
    orderer.close();
  });

  it('makes a hand-off wait while the relay is behind the store, and catches up first', async () => {
    const { orderer, log, commit } = harness({ gapWaitMs: 1000 });
    commit(message(1), message(2), message(3));
    orderer.offer(frame(1));
    // The visitor's replay read the store through 3; this relay has delivered 1 (2 and 3 are on their way, or lost).
    const wait = orderer.follow(conversationId, 'site1', 3);
    assert.notEqual(wait, true);
    await wait;
    assert.deepEqual(log, ['1', '2', '3'], 'its other subscribers got 2 and 3 before the new one subscribes');
    assert.equal(orderer.follow(conversationId, 'site1', 3), true);
    orderer.close();
  });

  it('catches every tracked conversation up from the store after an outage', async () => {
    const { orderer, log, commit, fills } = harness();
    orderer.offer(frame(1));
    commit(message(1), message(2), message(3, 'note'));
    assert.equal(await orderer.catchUp(), 2);
    assert.deepEqual(log, ['1', '2', '3 note']);
    assert.equal(fills[0]?.reason, 'catch-up');
    assert.equal(orderer.gapFills, 0, 'a catch-up is no gap fill');
    orderer.close();
  });

  it('delivers what it holds, gap and all, when the store stays down past the limit', async () => {
    const { orderer, log, source } = harness({ gapWaitMs: 5, giveUpMs: 50 });
    source.down = true;
    orderer.offer(frame(1));
    orderer.offer(frame(3, 'sock'));
    await until(() => log.length === 2, 'the held frames to be given up', { timeoutMs: 3000 });
    assert.deepEqual(log, ['1', '3 ack→sock not to sock']);
    orderer.close();
  });
});
