import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VisitorHistory } from '../src/history.js';
import { VisitorClient } from '../src/visitor-client.js';
import { FakeClock, FakeEnvironment, fakeWebSocket, settle, welcome } from './fakes.js';

/** A VisitorClient on a fake socket, welcomed, with its history. */
async function setup() {
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
  fake.last().receive(welcome());
  await settle();
  return { fake, client, history: new VisitorHistory(client) };
}

describe('VisitorHistory (@parley/sdk/history, issue #86)', () => {
  it('lists the visitor’s conversations page by page, with the relay’s cursor', async () => {
    const { fake, client, history } = await setup();
    const listed = history.list();
    await settle();
    const [first] = fake.last().framesOf('conversations');
    assert.ok(first);
    assert.equal(first.before, undefined);
    const conversation = {
      id: 'c_old',
      status: 'resolved',
      createdAt: 1,
      updatedAt: 2,
      lastSeq: 4,
      last: { text: 'Thanks!', ts: 2, mine: false, name: 'Ana' },
    } as const;
    fake.last().receive({ type: 'conversations', ref: first.ref, conversations: [conversation], next: '2.c_old' });
    assert.deepEqual(await listed, { conversations: [conversation], next: '2.c_old' });

    const more = history.list('2.c_old');
    await settle();
    const second = fake.last().framesOf('conversations')[1]!;
    assert.equal(second.before, '2.c_old');
    fake.last().receive({ type: 'conversations', ref: second.ref, conversations: [] });
    assert.deepEqual(await more, { conversations: [] });
    client.close();
  });

  it('reads a past conversation’s page without making it the client’s, and refusals reject with their code', async () => {
    const { fake, client, history } = await setup();
    const read = history.read('c_old', 9);
    await settle();
    const [asked] = fake.last().framesOf('past');
    assert.deepEqual(
      { ...asked, ref: undefined },
      { type: 'past', ref: undefined, conversationId: 'c_old', before: 9 },
    );
    const message = {
      id: '7',
      clientId: 'm7',
      conversationId: 'c_old',
      seq: 8,
      ts: 5,
      author: { role: 'visitor', id: 'v_1' },
      text: 'Where is my parcel?',
      kind: 'text',
    } as const;
    fake
      .last()
      .receive({ type: 'history', ref: asked!.ref, conversationId: 'c_old', messages: [message], hasMore: true });
    const page = await read;
    assert.equal(page.hasMore, true);
    assert.equal(page.messages[0]!.text, 'Where is my parcel?');
    assert.equal(page.messages[0]!.mine, true);
    // Not the client's timeline: its own conversation holds nothing of it.
    assert.deepEqual(client.messages(), []);

    const refused = history.read('c_theirs');
    await settle();
    const second = fake.last().framesOf('past')[1]!;
    fake.last().receive({ type: 'error', code: 'not_found', message: 'No such conversation.', ref: second.ref });
    await assert.rejects(refused, { code: 'not_found' });
    client.close();
  });

  it('asks to continue a conversation or start a new one, and resolves with the token', async () => {
    const { fake, client, history } = await setup();
    const resumed = history.continueIn('c_old');
    const started = history.continueIn();
    await settle();
    const [one, two] = fake.last().framesOf('continue');
    assert.equal(one!.conversationId, 'c_old');
    assert.equal(two!.conversationId, undefined);
    fake.last().receive({ type: 'continue', ref: two!.ref, conversationId: 'c_new', visitorToken: 'v1.b.c' });
    fake.last().receive({ type: 'continue', ref: one!.ref, conversationId: 'c_old', visitorToken: 'v1.a.b' });
    assert.deepEqual(await resumed, { conversationId: 'c_old', visitorToken: 'v1.a.b' });
    assert.deepEqual(await started, { conversationId: 'c_new', visitorToken: 'v1.b.c' });
    client.close();
  });
});
