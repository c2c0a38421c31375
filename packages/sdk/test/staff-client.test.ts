import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLOSES } from '@parley/protocol';
import { MemoryStore } from '../src/outbox/memory-store.js';
import { StaffClient } from '../src/staff.js';
import type { ParleyEvents, StaffClientOptions } from '../src/types.js';
import { FakeClock, FakeEnvironment, fakeWebSocket, settle, staffMessage, welcome } from './fakes.js';

function setup(options: Partial<StaffClientOptions> = {}) {
  const clock = new FakeClock();
  const fake = fakeWebSocket();
  const client = new StaffClient({
    url: 'ws://relay.test/v1/ws',
    token: 'st_admin_test',
    WebSocket: fake.WebSocket,
    clock,
    environment: new FakeEnvironment(),
    random: () => 0,
    ...options,
  });
  /** Accepts the latest socket and welcomes it as staff. */
  const open = async (overrides: Parameters<typeof welcome>[0] = {}): Promise<void> => {
    fake.last().accept();
    await settle();
    fake.last().receive(welcome({ role: 'staff', conversationId: undefined, visitorToken: undefined, ...overrides }));
    await settle();
  };
  return { clock, fake, client, open };
}

describe('StaffClient', () => {
  it('staff must name the conversation and see their own messages as mine', async () => {
    const { fake, client, open } = setup();
    // @ts-expect-error -- staff must name the conversation; JavaScript callers get a TypeError
    await assert.rejects(client.send('hi'), TypeError);
    client.connect();
    await open({
      role: 'staff',
      staff: { id: 'st_1', name: 'Ann', role: 'admin' },
      conversationId: undefined,
      visitorToken: undefined,
    });
    assert.equal(fake.last().framesOf('hello')[0]!.staffToken, 'st_admin_test');
    const message = await client.send('hello visitor', { conversationId: 'c_9' });
    await settle();
    assert.equal(fake.last().framesOf('send')[0]!.conversationId, 'c_9');
    fake.last().receive({
      type: 'ack',
      id: message.clientId,
      messageId: 'm_1',
      conversationId: 'c_9',
      seq: 1,
      ts: 1,
      duplicate: false,
    });
    fake
      .last()
      .receive({ type: 'message', message: { ...staffMessage(2, 'c_9'), author: { role: 'visitor', id: 'v_1' } } });
    fake.last().receive({ type: 'read', conversationId: 'c_9', seq: 1, by: 'visitor' });
    const timeline = client.messages('c_9');
    assert.deepEqual(
      timeline.map((m) => [m.seq, m.mine, m.status]),
      [
        [1, true, 'read'],
        [2, false, 'sent'],
      ],
    );
    assert.equal(client.unreadCount, 1);
    fake.last().receive({ type: 'presence', conversationId: 'c_9', visitorOnline: true });
    assert.deepEqual(
      client.conversations().map((c) => [c.conversationId, c.unread, c.visitorOnline, c.lastMessage?.seq]),
      [['c_9', 1, true, 2]],
    );
  });

  it('emits inbox changes to staff as conversation events, and drops malformed ones', async () => {
    const { fake, client, open } = setup();
    const changes: ParleyEvents['conversation'][] = [];
    client.on('conversation', (conversation) => changes.push(conversation));
    client.connect();
    await open({
      role: 'staff',
      conversationId: undefined,
      visitorToken: undefined,
      visitorId: undefined,
      staff: { id: 'st_1', name: 'Sam', role: 'admin' },
    });
    const conversation: ParleyEvents['conversation'] = {
      id: 'c_9',
      status: 'resolved',
      priority: 'high',
      assigneeId: 'st_1',
      labels: ['vip'],
      lastSeq: 2,
      staffReadSeq: 2,
      visitorReadSeq: 1,
      unread: 0,
      visitor: { id: 'v_9', verified: false, online: true },
      createdAt: 1,
      updatedAt: 2,
    };
    fake.last().receive({ type: 'conversation', conversation });
    fake
      .last()
      .receive({ type: 'conversation', conversation: { ...conversation, status: 'closed-ish' } } as Record<
        string,
        unknown
      >);
    assert.deepEqual(
      changes.map((change) => [change.id, change.status, change.labels]),
      [['c_9', 'resolved', ['vip']]],
    );
  });

  it('refreshes its token after a token_expired close and says hello with the new one', async () => {
    let refreshed = 0;
    const { fake, client, open } = setup({ refreshToken: async () => `st_fresh_${++refreshed}` });
    client.connect();
    await open();
    fake.last().drop(CLOSES.token_expired.code);
    await settle();
    assert.equal(refreshed, 1);
    assert.equal(fake.sockets.length, 2);
    fake.last().accept();
    await settle();
    assert.equal(fake.last().framesOf('hello')[0]!.staffToken, 'st_fresh_1');
  });

  it('stops for good on token_expired without a refreshToken hook', async () => {
    const { fake, client, open } = setup();
    const errors: ParleyEvents['error'][] = [];
    client.on('error', (error) => errors.push(error));
    client.connect();
    await open();
    fake.last().drop(CLOSES.token_expired.code, 'token expired');
    assert.equal(client.state, 'closed');
    assert.deepEqual(errors, [{ code: 'token_expired', message: 'token expired', fatal: true }]);
  });

  it("keeps each token's storage apart without storing the token, and needs one", async () => {
    const storage = new MemoryStore();
    const first = setup({ token: 'st_first_secret', storage });
    const second = setup({ token: 'st_second_secret', storage });
    assert.equal(first.client.role, 'staff');
    await first.client.send('from the first', { conversationId: 'c_1' });
    await second.client.send('from the second', { conversationId: 'c_1' });
    const keys = (await storage.entries('')).map(([key]) => key);
    assert.equal(keys.length, 2);
    assert.notEqual(keys[0]!.split(':outbox:')[0], keys[1]!.split(':outbox:')[0]);
    for (const key of keys) assert.doesNotMatch(key, /secret/);
    assert.throws(() => new StaffClient({ url: 'ws://relay.test/v1/ws', token: '' }), TypeError);
  });
});
