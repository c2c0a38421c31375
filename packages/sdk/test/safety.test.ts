// Message safety (issue #39, docs/safety.md) as the SDK sees it: an ack with the text as stored replaces the sender's
// optimistic copy (and the outbox record holding the original is gone), and the relay's refusals (`content_refused`,
// `blocked`) fail the message for good, with the relay's words, never retried.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AckFrame } from '@parley/protocol';
import { ParleyClient } from '../src/client.js';
import { MemoryStore } from '../src/outbox/memory-store.js';
import { VisitorClient } from '../src/visitor-client.js';
import type { ParleyEvents } from '../src/types.js';
import { FakeClock, FakeEnvironment, fakeWebSocket, settle, welcome } from './fakes.js';

function setup(Client: typeof ParleyClient | typeof VisitorClient = VisitorClient) {
  const clock = new FakeClock();
  const fake = fakeWebSocket();
  const store = new MemoryStore();
  const client = new Client({
    url: 'ws://relay.test/v1/ws',
    siteKey: 'pk_test',
    WebSocket: fake.WebSocket,
    clock,
    environment: new FakeEnvironment(),
    random: () => 0,
    storage: store,
    context: () => ({ url: 'https://shop.test/' }),
  });
  const events: { [K in keyof ParleyEvents]?: ParleyEvents[K][] } = {};
  for (const type of ['message', 'messageStatus', 'error'] as const) {
    client.on(type, (payload) => ((events[type] ??= []) as unknown[]).push(payload));
  }
  const open = async (): Promise<void> => {
    client.connect();
    fake.last().accept();
    await settle();
    fake.last().receive(welcome({ protocol: Client === ParleyClient ? 'parley.v1' : 'parley.v3' }));
    await settle();
  };
  const sends = () => fake.sockets.flatMap((socket) => socket.framesOf('send'));
  const outbox = async () => (await store.entries('')).filter(([key]) => key.includes(':outbox:'));
  return { clock, fake, client, events, open, sends, outbox };
}

const card = 'My card is 4242 4242 4242 4242, thanks';
const stored = 'My card is [card ending 4242], thanks';

function redactedAck(id: string, seq: number): AckFrame {
  return {
    type: 'ack',
    id,
    messageId: `m_${seq}`,
    conversationId: 'c_1',
    seq,
    ts: 1000 + seq,
    duplicate: false,
    text: stored,
    redacted: { kinds: ['card'] },
  };
}

describe('message safety: an ack with the stored text', () => {
  it('replaces the optimistic copy’s text with the stored one, keeps one message, and empties the outbox', async () => {
    const { fake, client, events, open, sends, outbox } = setup();
    await open();
    const message = await client.send(card);
    await settle();
    assert.equal(sends()[0]?.text, card, 'the original goes to the relay, which decides');
    assert.equal((await outbox()).length, 1);
    fake.last().receive(redactedAck(message.clientId, 1));
    await settle();
    const shown = client.messages('c_1');
    assert.equal(shown.length, 1, 'replaced, not added');
    assert.equal(shown[0], message, 'the object the app holds is the one changed');
    assert.equal(message.text, stored);
    assert.deepEqual(message.redacted, { kinds: ['card'] });
    assert.equal(message.status, 'sent');
    assert.equal(events.message?.length, 1);
    // The status event carries the message already changed, so a view that renders on it shows the stored text.
    const sent = events.messageStatus?.find((event) => event.message.status === 'sent');
    assert.equal(sent?.message.text, stored);
    assert.deepEqual(await outbox(), [], 'no record holds the original once acknowledged');
    const records = JSON.stringify(client.messages('c_1'));
    assert.ok(!records.includes('4242 4242'), 'nothing the client keeps holds the original');
    client.close();
  });

  it('keeps its own text when the ack has none (stored as sent)', async () => {
    const { fake, client, open } = setup();
    await open();
    const message = await client.send('order 1234-5678');
    await settle();
    fake.last().receive({
      type: 'ack',
      id: message.clientId,
      messageId: 'm_1',
      conversationId: 'c_1',
      seq: 1,
      ts: 1001,
      duplicate: false,
    });
    await settle();
    assert.equal(message.text, 'order 1234-5678');
    assert.equal('redacted' in message, false);
    client.close();
  });

  it('the core client (protocol 1) takes the stored text too, without what was replaced', async () => {
    const { fake, client, open } = setup(ParleyClient);
    await open();
    const message = await client.send(card);
    await settle();
    fake.last().receive(redactedAck(message.clientId, 1));
    await settle();
    assert.equal(message.text, stored);
    assert.equal(message.redacted, undefined, 'protocol 1 does not read `redacted`');
    client.close();
  });
});

describe('message safety: refusals', () => {
  for (const code of ['content_refused', 'blocked'] as const) {
    it(`${code}: failed for good with the relay’s message, dropped from the outbox, the next one sent`, async () => {
      const { clock, fake, client, events, open, sends, outbox } = setup();
      await open();
      const refused = await client.send('buy cheap pills at spam.example');
      const next = await client.send('hello?');
      await settle();
      const words = code === 'blocked' ? 'You cannot send messages for now.' : 'Links to that site are not allowed.';
      fake.last().receive({ type: 'error', code, message: words, ref: refused.clientId, retryAfterMs: 50 });
      await settle();
      assert.equal(refused.status, 'failed');
      assert.deepEqual(refused.error, { code, message: words });
      assert.deepEqual(events.error?.at(-1), { code, message: words, fatal: false });
      clock.advance(60_000);
      await settle();
      assert.deepEqual(
        sends().map((frame) => frame.id),
        [refused.clientId, next.clientId],
        'never sent again, even after its retryAfterMs',
      );
      assert.deepEqual(
        (await outbox()).map(([key]) => key.split(':outbox:')[1]),
        [next.clientId],
        'the refused one is out of the outbox',
      );
      client.close();
    });
  }
});
