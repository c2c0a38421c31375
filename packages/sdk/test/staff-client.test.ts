import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLOSES, EDIT_WINDOW_MS } from '@parley/protocol';
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

  it('emits saved replies created, changed or deleted as canned events, and drops malformed ones', async () => {
    const { fake, client, open } = setup();
    const changes: ParleyEvents['canned'][] = [];
    client.on('canned', (change) => changes.push(change));
    client.connect();
    await open({
      role: 'staff',
      conversationId: undefined,
      visitorToken: undefined,
      visitorId: undefined,
      staff: { id: 'st_1', name: 'Sam', role: 'admin' },
    });
    const response = { id: 'cr_1', shortcut: 'ship', text: 'It ships today.', createdAt: 1, updatedAt: 2 };
    fake.last().receive({ type: 'canned', response });
    fake.last().receive({ type: 'canned', response: { ...response, shortcut: 7 } } as Record<string, unknown>);
    fake.last().receive({ type: 'canned', deleted: 'cr_1' });
    assert.deepEqual(changes, [{ response }, { deleted: 'cr_1' }]);
  });

  it('emits a contact changed elsewhere as a contact event, and drops a malformed one', async () => {
    const { fake, client, open } = setup();
    const changes: ParleyEvents['contact'][] = [];
    client.on('contact', (change) => changes.push(change));
    client.connect();
    await open({
      role: 'staff',
      conversationId: undefined,
      visitorToken: undefined,
      visitorId: undefined,
      staff: { id: 'st_1', name: 'Sam', role: 'admin' },
    });
    fake.last().receive({ type: 'contact', contactId: 'v_1' });
    fake.last().receive({ type: 'contact', contactId: 7 } as Record<string, unknown>);
    assert.deepEqual(changes, [{ contactId: 'v_1' }]);
  });

  it('emits staff reads from other connections as read events, as well as the visitor’s (issue #43)', async () => {
    const { fake, client, open } = setup();
    const reads: ParleyEvents['read'][] = [];
    client.on('read', (read) => reads.push({ conversationId: read.conversationId, seq: read.seq, by: read.by }));
    client.connect();
    await open({
      role: 'staff',
      conversationId: undefined,
      visitorToken: undefined,
      visitorId: undefined,
      staff: { id: 'st_1', name: 'Sam', role: 'admin' },
    });
    fake.last().receive({ type: 'read', conversationId: 'c_1', seq: 3, by: 'staff' });
    fake.last().receive({ type: 'read', conversationId: 'c_2', seq: 1, by: 'visitor' });
    fake.last().receive({ type: 'delivered', conversationId: 'c_1', seq: 4, by: 'staff' });
    assert.deepEqual(reads, [
      { conversationId: 'c_1', seq: 3, by: 'staff' },
      { conversationId: 'c_2', seq: 1, by: 'visitor' },
    ]);
  });

  it('edits and deletes its own recent messages by ref, and tells each change once (issue #36)', async () => {
    const { fake, client, open } = setup();
    client.connect();
    await open({
      role: 'staff',
      conversationId: undefined,
      visitorToken: undefined,
      visitorId: undefined,
      staff: { id: 'st_1', name: 'Ann', role: 'admin' },
    });
    const mine = { ...staffMessage(1, 'c_9'), ts: 1_000_000 };
    const colleague = { ...staffMessage(2, 'c_9'), author: { role: 'staff' as const, id: 'st_2' } };
    await client.addHistory('c_9', { messages: [mine, colleague], hasMore: false });
    const [held, theirs] = client.messages('c_9');
    assert.ok(held && theirs);
    assert.equal(client.canEdit(held, 1_000_000 + 60_000), true);
    assert.equal(client.canEdit(held, 1_000_000 + EDIT_WINDOW_MS + 1), false, 'past the window');
    assert.equal(client.canEdit(theirs, 1_000_000), false, 'a colleague’s');
    assert.equal(client.canEdit({ ...held, deleted: true }, 1_000_000), false, 'deleted');

    const updates: string[] = [];
    client.on('messageUpdate', (message) => updates.push(`${message.id}:${message.text}:${message.deleted ?? false}`));
    const edited = client.editMessage(held, 'reply one, fixed');
    await settle();
    const [edit] = fake.last().framesOf('edit');
    assert.deepEqual(edit, {
      type: 'edit',
      ref: edit!.ref,
      conversationId: 'c_9',
      messageId: 'm_1',
      text: 'reply one, fixed',
    });
    const changed = { ...mine, text: 'reply one, fixed', editedAt: 1_060_000 };
    fake.last().receive({ type: 'update', ref: edit!.ref, message: changed });
    // The broadcast of the same change (another tab of ours gets it too): no second event.
    fake.last().receive({ type: 'update', message: changed });
    assert.equal(await edited, held);
    assert.equal(held.text, 'reply one, fixed');
    assert.equal(held.editedAt, 1_060_000);

    const refused = client.deleteMessage(theirs);
    await settle();
    const [deletion] = fake.last().framesOf('delete');
    fake.last().receive({ type: 'error', code: 'forbidden', message: 'Not yours', ref: deletion!.ref });
    await assert.rejects(refused, { code: 'forbidden' });
    assert.equal(theirs.deleted, undefined);

    // A colleague deleted theirs: told as it comes.
    fake.last().receive({ type: 'update', message: { ...colleague, text: '', editedAt: 1_070_000, deleted: true } });
    assert.deepEqual(updates, ['m_1:reply one, fixed:false', 'm_2::true']);
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
  it('signs in without a token (the inbox’s session cookie): the hello carries no credential', async () => {
    const { fake, client, open } = setup({ token: undefined, storageKey: 'relay|account:acct_1' });
    client.connect();
    await open({ staff: { id: 'st_1', name: 'Ann', role: 'admin' } });
    const [hello] = fake.last().framesOf('hello');
    assert.ok(hello);
    assert.equal('staffToken' in hello, false);
    assert.equal('siteKey' in hello, false);
    assert.equal(client.welcome?.staff?.id, 'st_1');
  });

  it('takes in history pages fetched elsewhere: one ordered timeline with live and pending messages, no events', async () => {
    const { fake, client, open } = setup();
    client.connect();
    await open({ staff: { id: 'st_1', name: 'Ann', role: 'admin' } });
    const visitor = (seq: number) => ({ ...staffMessage(seq, 'c_9'), author: { role: 'visitor' as const, id: 'v_1' } });
    const events: string[] = [];
    client.on('message', (message) => events.push(`${message.seq}`));
    fake.last().receive({ type: 'message', message: visitor(5) });
    const pending = await client.send('on my way', { conversationId: 'c_9' });
    assert.equal(client.hasEarlier('c_9'), undefined);

    // The newest page (it overlaps the live message), and a message of another conversation that does not belong.
    const held = await client.addHistory('c_9', {
      messages: [...[3, 4, 5].map(visitor), staffMessage(1, 'c_other')],
      hasMore: true,
    });
    assert.deepEqual(
      held.map((m) => m.seq),
      [3, 4, 5],
    );
    assert.equal(client.hasEarlier('c_9'), true);
    assert.deepEqual(
      client.messages('c_9').map((m) => m.seq ?? m.clientId),
      [3, 4, 5, pending.clientId],
    );
    assert.deepEqual(client.messages('c_other'), []);
    assert.deepEqual(events, ['5', 'undefined'], 'history is not emitted as messages');

    // A newer page (after a reconnect) leaves hasEarlier; the page reaching the start clears it.
    await client.addHistory('c_9', { messages: [4, 5, 6].map(visitor), hasMore: true });
    assert.equal(client.hasEarlier('c_9'), true);
    await client.addHistory('c_9', { messages: [1, 2].map(visitor), hasMore: false });
    assert.equal(client.hasEarlier('c_9'), false);
    assert.deepEqual(
      client.messages('c_9').map((m) => m.seq ?? 'pending'),
      [1, 2, 3, 4, 5, 6, 'pending'],
    );
    assert.equal(client.unreadCount, 6);
  });

  it('loads earlier pages of a named conversation and keeps hasEarlier', async () => {
    const { fake, client, open } = setup();
    client.connect();
    await open({ staff: { id: 'st_1', name: 'Ann', role: 'admin' } });
    await client.addHistory('c_9', { messages: [11, 12].map((seq) => staffMessage(seq, 'c_9')), hasMore: true });
    const loading = client.loadEarlier({ conversationId: 'c_9', limit: 10 });
    await settle();
    const [request] = fake.last().framesOf('history');
    assert.equal(request?.conversationId, 'c_9');
    assert.equal(request?.before, 11);
    const messages = Array.from({ length: 10 }, (_, i) => staffMessage(i + 1, 'c_9'));
    fake.last().receive({ type: 'history', ref: request!.ref, conversationId: 'c_9', messages, hasMore: false });
    const page = await loading;
    assert.equal(page.messages.length, 10);
    assert.equal(client.hasEarlier('c_9'), false);
    assert.deepEqual(
      client.messages('c_9').map((m) => m.seq),
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    assert.ok(
      client.messages('c_9').every((m) => m.mine),
      "staff's own messages, by id",
    );
  });
});
