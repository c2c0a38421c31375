import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLOSES, type Message } from '@parley/protocol';
import { MemoryStore } from '../src/outbox/memory-store.js';
import { ParleyClient } from '../src/client.js';
import { VisitorClient } from '../src/visitor-client.js';
import type { MessageStatus, ParleyClientOptions, ParleyEvents } from '../src/types.js';
import { FakeClock, FakeEnvironment, fakeWebSocket, settle, staffMessage, welcome } from './fakes.js';

function setup(options: Partial<ParleyClientOptions> = {}) {
  const clock = new FakeClock();
  const fake = fakeWebSocket();
  const environment = new FakeEnvironment();
  const client = new ParleyClient({
    url: 'ws://relay.test/v1/ws',
    siteKey: 'pk_test',
    WebSocket: fake.WebSocket,
    clock,
    environment,
    random: () => 0,
    context: () => ({ url: 'https://shop.test/' }),
    ...options,
  });
  const events: { [K in keyof ParleyEvents]?: ParleyEvents[K][] } = {};
  for (const type of ['message', 'messageStatus', 'typing', 'unreadChange', 'error', 'read', 'presence'] as const) {
    client.on(type, (payload) => ((events[type] ??= []) as unknown[]).push(payload));
  }
  /** Accepts the latest socket and welcomes it. */
  const open = async (overrides: Parameters<typeof welcome>[0] = {}): Promise<void> => {
    fake.last().accept();
    await settle();
    fake.last().receive(welcome(overrides));
    await settle();
  };
  const sends = () => fake.sockets.flatMap((socket) => socket.framesOf('send'));
  const ack = (id: string, seq: number, duplicate = false) =>
    fake
      .last()
      .receive({ type: 'ack', id, messageId: `m_${seq}`, conversationId: 'c_1', seq, ts: 1000 + seq, duplicate });
  return { clock, fake, environment, client, events, open, sends, ack };
}

/** The statuses a message moved from, in order. */
function previousStatuses(events: ParleyEvents['messageStatus'][] | undefined, clientId: string): MessageStatus[] {
  return (events ?? []).filter((e) => e.message.clientId === clientId).map((e) => e.previous);
}

describe('ParleyClient: outbox and delivery', () => {
  it('queues a message while offline, in memory in Node, and sends it once the connection opens', async () => {
    const { client, events, open, sends, ack } = setup();
    assert.equal(client.storageKind, 'memory');
    const message = await client.send('hello');
    assert.equal(message.status, 'queued');
    assert.deepEqual(
      client.messages().map((m) => m.text),
      ['hello'],
    );
    assert.equal(events.message?.length, 1);
    client.connect();
    await open();
    assert.deepEqual(
      sends().map((f) => [f.id, f.text]),
      [[message.clientId, 'hello']],
    );
    assert.equal(message.status, 'sending');
    ack(message.clientId, 1);
    await settle();
    assert.equal(message.status, 'sent');
    assert.equal(message.seq, 1);
    assert.equal(message.conversationId, 'c_1');
    assert.deepEqual(previousStatuses(events.messageStatus, message.clientId), ['queued', 'sending']);
    assert.equal(events.message?.length, 1, 'the ack reconciles, it does not add a message');
  });

  it('flushes in order, one message on the wire at a time', async () => {
    const { client, open, sends, ack } = setup();
    const a = await client.send('one');
    const b = await client.send('two');
    const c = await client.send('three');
    client.connect();
    await open();
    assert.deepEqual(
      sends().map((f) => f.text),
      ['one'],
    );
    ack(a.clientId, 1);
    await settle();
    assert.deepEqual(
      sends().map((f) => f.text),
      ['one', 'two'],
    );
    ack(b.clientId, 2);
    await settle();
    ack(c.clientId, 3);
    await settle();
    assert.deepEqual(
      client.messages().map((m) => [m.seq, m.text, m.status]),
      [
        [1, 'one', 'sent'],
        [2, 'two', 'sent'],
        [3, 'three', 'sent'],
      ],
    );
  });

  it('resends an unacknowledged message with the same id after a drop, and shows it once', async () => {
    const { clock, fake, client, open, sends, ack } = setup();
    client.connect();
    await open();
    const message = await client.send('are you there?');
    await settle();
    assert.equal(message.status, 'sending');
    fake.last().drop(1006);
    assert.equal(message.status, 'queued');
    clock.advance(clock.delays()[0]!);
    await open();
    assert.deepEqual(
      sends().map((f) => f.id),
      [message.clientId, message.clientId],
    );
    ack(message.clientId, 1, true);
    await settle();
    assert.equal(client.messages().length, 1);
    assert.equal(message.status, 'sent');
  });

  it('reconciles a delivery of our own message that overtakes its ack', async () => {
    const { fake, client, events, open, ack } = setup();
    client.connect();
    await open();
    const message = await client.send('hi');
    await settle();
    fake.last().receive({
      type: 'message',
      message: {
        id: 'm_1',
        clientId: message.clientId,
        conversationId: 'c_1',
        seq: 1,
        ts: 5,
        author: { role: 'visitor', id: 'v_1' },
        text: 'hi',
        kind: 'text',
      },
    });
    ack(message.clientId, 1);
    await settle();
    assert.equal(client.messages().length, 1);
    assert.equal(events.message?.length, 1);
    assert.equal(message.status, 'sent');
  });

  it('retries after retryAfterMs on a retryable error, keeping the message queued', async () => {
    const { clock, fake, client, open, sends, ack } = setup();
    client.connect();
    await open();
    const message = await client.send('hi');
    await settle();
    fake.last().receive({
      type: 'error',
      code: 'rate_limited',
      message: 'slow down',
      ref: message.clientId,
      retryAfterMs: 2000,
    });
    await settle();
    assert.equal(message.status, 'queued');
    clock.advance(1999);
    await settle();
    assert.equal(sends().length, 1);
    clock.advance(1);
    await settle();
    assert.equal(sends().length, 2);
    ack(message.clientId, 1);
    await settle();
    assert.equal(message.status, 'sent');
  });

  it('fails a message refused for good, says why, and moves on to the next', async () => {
    const { fake, client, events, open, sends } = setup();
    const bad = await client.send('x');
    const good = await client.send('y');
    client.connect();
    await open();
    fake.last().receive({ type: 'error', code: 'forbidden', message: 'no', ref: bad.clientId });
    await settle();
    assert.equal(bad.status, 'failed');
    assert.deepEqual(bad.error, { code: 'forbidden', message: 'no' });
    assert.deepEqual(events.error?.at(-1), { code: 'forbidden', message: 'no', fatal: false });
    assert.deepEqual(
      sends().map((f) => f.id),
      [bad.clientId, good.clientId],
    );
  });

  it("treats an error code it does not know (a newer relay's) as a generic error: failed, not retried", async () => {
    const { clock, fake, client, events, open, sends, ack } = setup();
    const refused = await client.send('x');
    const next = await client.send('y');
    client.connect();
    await open();
    fake
      .last()
      .receive({ type: 'error', code: 'quota_exceeded', message: 'later', ref: refused.clientId, retryAfterMs: 50 });
    await settle();
    assert.equal(refused.status, 'failed');
    assert.deepEqual(refused.error, { code: 'quota_exceeded', message: 'later' });
    assert.deepEqual(events.error?.at(-1), { code: 'quota_exceeded', message: 'later', fatal: false });
    ack(next.clientId, 1);
    clock.advance(10_000);
    await settle();
    assert.deepEqual(
      sends().map((f) => f.id),
      [refused.clientId, next.clientId],
    );
    // Not about a frame of ours: still an error event.
    fake.last().receive({ type: 'error', code: 'maintenance_soon', message: 'in 5 min' });
    await settle();
    assert.deepEqual(events.error?.at(-1), { code: 'maintenance_soon', message: 'in 5 min', fatal: false });
  });

  it('still drops an error frame whose code is not a string or that lacks a field, as a bad frame', async () => {
    const { fake, client, events, open, ack } = setup();
    client.connect();
    await open();
    const message = await client.send('hi');
    await settle();
    for (const frame of [
      { type: 'error', code: 7, message: 'no', ref: message.clientId },
      { type: 'error', code: null, message: 'no', ref: message.clientId },
      { type: 'error', message: 'no', ref: message.clientId },
      { type: 'error', code: 'quota_exceeded', ref: message.clientId },
    ]) {
      fake.last().receive(frame);
      await settle();
      assert.equal(events.error?.at(-1)?.code, 'bad_frame', JSON.stringify(frame));
      assert.equal(message.status, 'sending', JSON.stringify(frame));
    }
    assert.equal(events.error?.length, 4);
    ack(message.clientId, 1);
    await settle();
    assert.equal(message.status, 'sent');
  });

  it('survives a reload: the outbox, the visitor token and the cursor are persisted and the message sent once', async () => {
    const store = new MemoryStore();
    const first = setup({ storage: store });
    first.client.connect();
    await first.open({ visitorToken: 'vt_kept' });
    first.fake.last().receive({ type: 'message', message: staffMessage(1) });
    await settle();
    first.fake.last().drop(1006);
    const queued = await first.client.send('sent while offline');
    first.client.close();

    const second = setup({ storage: store });
    await settle();
    assert.deepEqual(
      second.client.messages('c_1').map((m) => [m.clientId, m.status]),
      [[queued.clientId, 'queued']],
    );
    // Before the welcome no conversation is known: the visitor's queued messages are shown all the same.
    assert.deepEqual(
      second.client.messages().map((m) => m.clientId),
      [queued.clientId],
    );
    second.client.connect();
    await second.open();
    const hello = second.fake.last().framesOf('hello')[0]!;
    assert.equal(hello.visitorToken, 'vt_kept');
    assert.deepEqual(hello.resume, { c_1: 1 });
    assert.deepEqual(
      second.sends().map((f) => f.id),
      [queued.clientId],
    );
    second.ack(queued.clientId, 2);
    await settle();
    const left = (await store.entries('')).filter(([key]) => key.includes(':outbox:'));
    assert.deepEqual(left, [], 'the outbox is empty once acknowledged');
  });
});

describe('ParleyClient: timeline', () => {
  it('deduplicates by (conversation, seq) across a resume replay and keeps order', async () => {
    const { clock, fake, client, events, open } = setup();
    client.connect();
    await open();
    fake.last().receive({ type: 'message', message: staffMessage(1) });
    fake.last().receive({ type: 'message', message: staffMessage(2) });
    fake.last().drop(1006);
    clock.advance(500); // the backoff's floor (random() is 0 here)
    await open({ lastSeq: 3 });
    assert.deepEqual(fake.last().framesOf('hello')[0]!.resume, { c_1: 2 });
    fake.last().receive({ type: 'message', message: staffMessage(2) });
    fake.last().receive({ type: 'message', message: staffMessage(3) });
    assert.deepEqual(
      client.messages().map((m) => m.seq),
      [1, 2, 3],
    );
    assert.equal(events.message?.length, 3);
  });

  it('asks for the missing messages when it sees a gap', async () => {
    const { fake, client, open } = setup();
    client.connect();
    await open({ lastSeq: 2 });
    fake.last().receive({ type: 'message', message: staffMessage(5) });
    const [request] = fake.last().framesOf('history');
    assert.equal(request?.after, 2);
    fake.last().receive({
      type: 'history',
      ref: request!.ref,
      conversationId: 'c_1',
      messages: [3, 4, 5].map((s) => staffMessage(s)),
      hasMore: false,
    });
    await settle();
    assert.deepEqual(
      client.messages().map((m) => m.seq),
      [3, 4, 5],
    );
  });

  it('loadEarlier() pages back and can be aborted', async () => {
    const { fake, client, open } = setup();
    client.connect();
    await open({ lastSeq: 40 });
    fake.last().receive({ type: 'message', message: staffMessage(41) });
    const page = client.loadEarlier({ limit: 2 });
    await settle();
    const [request] = fake.last().framesOf('history');
    assert.equal(request?.before, 41);
    assert.equal(request?.limit, 2);
    fake.last().receive({
      type: 'history',
      ref: request!.ref,
      conversationId: 'c_1',
      messages: [staffMessage(39), staffMessage(40)],
      hasMore: true,
    });
    const result = await page;
    assert.equal(result.hasMore, true);
    assert.deepEqual(
      result.messages.map((m) => m.seq),
      [39, 40],
    );
    assert.deepEqual(
      client.messages().map((m) => m.seq),
      [39, 40, 41],
    );

    const controller = new AbortController();
    const aborted = client.loadEarlier({ signal: controller.signal });
    await settle();
    controller.abort();
    await assert.rejects(aborted, { name: 'AbortError' });
  });
});

describe('ParleyClient: receipts, unread, typing', () => {
  it('sends delivered receipts for the other side’s messages, batched', async () => {
    const { clock, fake, client, open } = setup();
    client.connect();
    await open();
    for (const seq of [1, 2, 3]) fake.last().receive({ type: 'message', message: staffMessage(seq) });
    assert.equal(fake.last().framesOf('delivered').length, 0);
    clock.advance(250);
    assert.deepEqual(fake.last().framesOf('delivered'), [{ type: 'delivered', conversationId: 'c_1', seq: 3 }]);
  });

  it('says delivered only up to what it holds without a gap (the resume cursor)', async () => {
    const { clock, fake, client, open } = setup();
    client.connect();
    await open({ lastSeq: 2 });
    fake.last().receive({ type: 'message', message: staffMessage(5) }); // 3 and 4 are missing
    clock.advance(250);
    assert.deepEqual(fake.last().framesOf('delivered'), [{ type: 'delivered', conversationId: 'c_1', seq: 2 }]);
    const [request] = fake.last().framesOf('history');
    const page = { type: 'history', ref: request!.ref, conversationId: 'c_1', hasMore: false } as const;
    fake.last().receive({ ...page, messages: [3, 4, 5].map((s) => staffMessage(s)) });
    await settle();
    clock.advance(250);
    assert.deepEqual(fake.last().framesOf('delivered').at(-1), { type: 'delivered', conversationId: 'c_1', seq: 5 });
  });

  it('moves our messages to delivered, then read, from the other side’s marks', async () => {
    const { fake, client, events, open, ack } = setup();
    client.connect();
    await open();
    const message = await client.send('hi');
    await settle();
    ack(message.clientId, 1);
    await settle();
    fake.last().receive({ type: 'delivered', conversationId: 'c_1', seq: 1, by: 'staff' });
    assert.equal(message.status, 'delivered');
    fake.last().receive({ type: 'read', conversationId: 'c_1', seq: 1, by: 'staff' });
    assert.equal(message.status, 'read');
    assert.deepEqual(events.read, [{ conversationId: 'c_1', seq: 1, by: 'staff' }]);
  });

  it('counts unread messages from the other side and clears them with markRead()', async () => {
    const { fake, client, events, open } = setup();
    client.connect();
    await open();
    fake.last().receive({ type: 'message', message: staffMessage(1) });
    fake.last().receive({ type: 'message', message: staffMessage(2) });
    assert.equal(client.unreadCount, 2);
    client.markRead();
    assert.equal(client.unreadCount, 0);
    assert.deepEqual(
      events.unreadChange?.map((e) => e.count),
      [1, 2, 0],
    );
    assert.deepEqual(fake.last().framesOf('read'), [{ type: 'read', conversationId: 'c_1', seq: 2 }]);
  });

  it('throttles typing and stops after a pause', async () => {
    const { clock, fake, client, open } = setup();
    client.connect();
    await open();
    for (let i = 0; i < 10; i++) {
      client.typing();
      clock.advance(200);
    }
    assert.deepEqual(
      fake
        .last()
        .framesOf('typing')
        .map((f) => f.active),
      [true],
    );
    clock.advance(1200);
    client.typing(); // 3.2 s later: one more signal
    assert.deepEqual(
      fake
        .last()
        .framesOf('typing')
        .map((f) => f.active),
      [true, true],
    );
    clock.advance(5000);
    assert.deepEqual(
      fake
        .last()
        .framesOf('typing')
        .map((f) => f.active),
      [true, true, false],
    );
  });

  it('stops typing when it sends, before and after the relay names the conversation', async () => {
    const { fake, client, open, ack } = setup();
    client.connect();
    await open({ conversationId: undefined }); // a new visitor: no conversation yet
    const typing = () => fake.last().framesOf('typing');
    client.typing();
    const first = await client.send('hi');
    await settle();
    ack(first.clientId, 1);
    await settle();
    assert.equal(client.conversationId, 'c_1');
    client.typing();
    await client.send('again');
    assert.deepEqual(typing(), [
      { type: 'typing', active: true },
      { type: 'typing', active: false },
      { type: 'typing', active: true },
      { type: 'typing', active: false },
    ]);
  });

  it('expires a remote typing state by itself', async () => {
    const { clock, fake, client, events, open } = setup();
    client.connect();
    await open();
    fake.last().receive({ type: 'typing', conversationId: 'c_1', author: { role: 'staff', id: 'st_1' }, active: true });
    clock.advance(6000);
    assert.deepEqual(
      events.typing?.map((e) => e.active),
      [true, false],
    );
  });

  it('tracks staff presence', async () => {
    const { fake, client, open } = setup();
    client.connect();
    await open({ staffOnline: 2 });
    assert.equal(client.staffOnline, 2);
    fake.last().receive({ type: 'presence', staffOnline: 0 });
    assert.equal(client.staffOnline, 0);
  });
});

describe('ParleyClient: lifecycle', () => {
  it('surfaces a terminal refusal and rejects ready()', async () => {
    const { fake, client, events } = setup();
    client.connect();
    const ready = client.ready();
    fake.last().accept();
    fake.last().drop(CLOSES.identity_refused.code, CLOSES.identity_refused.reason);
    await assert.rejects(ready, /identity_refused/);
    assert.equal(client.state, 'closed');
    assert.equal(events.error?.at(-1)?.fatal, true);
  });

  it('ready() resolves with the welcome and honours an AbortSignal', async () => {
    const { client, open } = setup();
    await assert.rejects(client.ready(AbortSignal.abort()), { name: 'AbortError' });
    client.connect();
    const ready = client.ready();
    await open();
    assert.equal((await ready).conversationId, 'c_1');
  });

  it('close() releases every timer and listener', async () => {
    const { clock, fake, environment, client, open } = setup();
    client.connect();
    await open();
    client.typing();
    fake.last().receive({ type: 'message', message: staffMessage(1) });
    fake.last().receive({ type: 'typing', conversationId: 'c_1', author: { role: 'staff', id: 'st_1' }, active: true });
    assert.ok(clock.pending > 0);
    client.close();
    assert.equal(client.state, 'closed');
    assert.equal(clock.pending, 0);
    assert.equal(environment.subscriptions, 0);
  });
});

describe('ParleyClient: requests and a granted session (email links)', () => {
  it('VisitorClient asks for a transcript and resolves with the masked address; a refusal rejects with its code', async () => {
    // VisitorClient (`@parley/sdk/visitor`): a frame the core does not know, its answer read by a wider decoder.
    const clock = new FakeClock();
    const fake = fakeWebSocket();
    const client = new VisitorClient({
      url: 'ws://relay.test/v1/ws',
      siteKey: 'pk_test',
      WebSocket: fake.WebSocket,
      clock,
      environment: new FakeEnvironment(),
      random: () => 0,
      context: () => ({ url: 'https://shop.test/' }),
    });
    client.connect();
    fake.last().accept();
    await settle();
    fake.last().receive(welcome({ email: true }));
    await settle();
    const asked = client.requestTranscript();
    await settle();
    const [request] = fake.last().framesOf('transcript');
    assert.ok(request);
    fake.last().receive({ type: 'transcript', ref: request.ref, emailMasked: 'a***@ex***.com' });
    assert.equal((await asked).emailMasked, 'a***@ex***.com');

    const refused = client.requestTranscript();
    await settle();
    const second = fake.last().framesOf('transcript')[1]!;
    fake.last().receive({ type: 'error', code: 'no_email', message: 'No email', ref: second.ref });
    await assert.rejects(refused, { code: 'no_email' });
    client.close();
  });

  it('VisitorClient gives the visitor’s email on the open connection and resolves with it masked; invalid_email rejects (issue #36)', async () => {
    const fake = fakeWebSocket();
    const client = new VisitorClient({
      url: 'ws://relay.test/v1/ws',
      siteKey: 'pk_test',
      WebSocket: fake.WebSocket,
      clock: new FakeClock(),
      environment: new FakeEnvironment(),
      random: () => 0,
      storage: 'memory',
    });
    client.connect();
    fake.last().accept();
    await settle();
    fake.last().receive(welcome({ email: true }));
    await settle();
    const socket = fake.last();
    const saved = client.saveEmail('ada@example.com');
    await settle();
    const [frame] = socket.framesOf('email');
    assert.ok(frame);
    assert.equal(frame.email, 'ada@example.com');
    socket.receive({ type: 'email', ref: frame.ref, emailMasked: 'a***@ex***.com' });
    assert.equal((await saved).emailMasked, 'a***@ex***.com');
    assert.equal(fake.last(), socket, 'no reconnect');

    const refused = client.saveEmail('not an email');
    await settle();
    const second = socket.framesOf('email')[1]!;
    socket.receive({ type: 'error', code: 'invalid_email', message: 'Not an email address', ref: second.ref });
    await assert.rejects(refused, { code: 'invalid_email' });
    client.close();
  });

  it('VisitorClient applies a staff edit or delete to the message held, as messageUpdate (issue #36)', async () => {
    const fake = fakeWebSocket();
    const client = new VisitorClient({
      url: 'ws://relay.test/v1/ws',
      siteKey: 'pk_test',
      WebSocket: fake.WebSocket,
      clock: new FakeClock(),
      environment: new FakeEnvironment(),
      random: () => 0,
      storage: 'memory',
    });
    const updates: Array<{ id: string | undefined; text: string; editedAt?: number; deleted?: boolean }> = [];
    client.on('messageUpdate', ({ id, text, editedAt, deleted }) =>
      updates.push({ id, text, ...(editedAt && { editedAt }), ...(deleted && { deleted }) }),
    );
    client.connect();
    fake.last().accept();
    await settle();
    fake.last().receive(welcome());
    await settle();
    fake.last().receive({ type: 'message', message: staffMessage(1) });
    fake.last().receive({ type: 'message', message: staffMessage(2) });
    fake.last().receive({ type: 'update', message: { ...staffMessage(1), text: 'reply one', editedAt: 5000 } });
    fake.last().receive({ type: 'update', message: { ...staffMessage(2), text: '', editedAt: 6000, deleted: true } });
    // A message not held (an older page not loaded) is left for history to bring as it is.
    fake.last().receive({ type: 'update', message: { ...staffMessage(9), text: 'elsewhere', editedAt: 7000 } });
    await settle();
    assert.deepEqual(updates, [
      { id: 'm_1', text: 'reply one', editedAt: 5000 },
      { id: 'm_2', text: '', editedAt: 6000, deleted: true },
    ]);
    const held = client.messages();
    assert.deepEqual(
      held.map(({ seq, text, editedAt, deleted }) => ({ seq, text, editedAt, deleted })),
      [
        { seq: 1, text: 'reply one', editedAt: 5000, deleted: undefined },
        { seq: 2, text: '', editedAt: 6000, deleted: true },
      ],
    );
    client.close();
  });

  it('VisitorClient tells new business hours as the hours event, and none as undefined (issue #36)', async () => {
    const fake = fakeWebSocket();
    const client = new VisitorClient({
      url: 'ws://relay.test/v1/ws',
      siteKey: 'pk_test',
      WebSocket: fake.WebSocket,
      clock: new FakeClock(),
      environment: new FakeEnvironment(),
      random: () => 0,
      storage: 'memory',
    });
    const told: Array<ParleyEvents['hours']> = [];
    const staff: number[] = [];
    client.on('hours', (event) => told.push(event));
    client.on('presence', (event) => {
      if ('staffOnline' in event) staff.push(event.staffOnline);
    });
    client.connect();
    fake.last().accept();
    await settle();
    fake.last().receive(welcome({ protocol: 'parley.v3', staffOnline: 1 }));
    await settle();
    fake.last().receive({ type: 'presence', hours: { open: false, until: 1_800_000_000_000 } });
    fake.last().receive({ type: 'presence', staffOnline: 0 });
    fake.last().receive({ type: 'presence', hours: null });
    await settle();
    assert.deepEqual(told, [{ hours: { open: false, until: 1_800_000_000_000 } }, { hours: undefined }]);
    assert.deepEqual(staff.slice(-1), [0]);
    client.close();
  });

  it('VisitorClient speaks protocol 2: offers it first, reads a bot’s message with its buttons, and rates once', async () => {
    const clock = new FakeClock();
    const fake = fakeWebSocket();
    const options = {
      url: 'ws://relay.test/v1/ws',
      siteKey: 'pk_test',
      WebSocket: fake.WebSocket,
      clock,
      environment: new FakeEnvironment(),
      random: () => 0,
      context: () => ({ url: 'https://shop.test/' }),
    };
    const core = new ParleyClient({ ...options, storage: 'memory' });
    core.connect();
    assert.deepEqual(fake.last().protocols, 'parley.v1', 'the core reads protocol 1 only, and offers only it');
    core.close();

    const client = new VisitorClient({ ...options, storage: 'memory' });
    client.connect();
    assert.deepEqual(fake.last().protocols, ['parley.v3', 'parley.v2', 'parley.v1']);
    fake.last().accept();
    await settle();
    fake.last().receive(welcome({ protocol: 'parley.v2', conversationId: 'c_1', lastSeq: 0 }));
    await settle();
    const bot = {
      id: '9',
      clientId: 'bot-csat-1',
      conversationId: 'c_1',
      seq: 5,
      ts: 1,
      author: { role: 'bot', id: 'bot', name: 'Parley' },
      text: 'How would you rate this conversation?',
      kind: 'text',
      automation: 'csat',
      buttons: [{ label: 'Talk to a person' }],
    } satisfies Message;
    fake.last().receive({ type: 'message', message: bot });
    await settle();
    const [shown] = client.messages('c_1');
    assert.equal(shown?.author.role, 'bot');
    assert.deepEqual(shown?.buttons, [{ label: 'Talk to a person' }]);
    assert.equal(shown?.automation, 'csat');

    await client.rate(5, 4, ' Quick and kind ');
    await client.rate(5, 4, 'again');
    await settle();
    const [sent] = fake.last().framesOf('send');
    assert.deepEqual(sent, {
      type: 'send',
      id: 'rating-5',
      conversationId: 'c_1',
      text: '★★★★☆ Quick and kind',
      rating: { seq: 5, score: 4 },
    });
    assert.equal(
      client.messages('c_1').filter((m) => m.rating).length,
      1,
      'a second rating of the same request is the first again',
    );
    client.close();
  });

  it('starts as the visitor a link grants: its token in the hello over the stored one, then the welcome’s kept', async () => {
    const store = new MemoryStore();
    await store.set('ws://relay.test/v1/ws|pk_test:token', 'vt_stored');
    const { client, fake } = setup({ storage: store, visitorToken: 'vt_linked' });
    client.connect();
    fake.last().accept();
    await settle();
    assert.equal(fake.last().framesOf('hello')[0]!.visitorToken, 'vt_linked');
    fake.last().receive(welcome({ visitorToken: 'vt_fresh', conversationId: 'c_linked' }));
    await settle();
    assert.equal(await store.get('ws://relay.test/v1/ws|pk_test:token'), 'vt_fresh');
    assert.equal(client.conversationId, 'c_linked');
    client.close();
  });
});
