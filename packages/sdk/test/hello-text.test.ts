// The relay refuses a hello or context frame with a string it cannot keep verbatim (U+0000, a lone UTF-16
// surrogate) or longer than its limit (docs/protocol.md, "Text"), and a refused hello would leave the client
// retrying for ever. So the client fits what it sends: the name, the email and every member of the context,
// whoever made it (the page, a site's callback, the widget), cut to its limit without splitting an emoji, and
// without U+0000 or lone halves. Each frame is checked with the relay's own decoder.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeClientFrame, type ClientFrame } from '@parley/protocol';
import { ParleyClient } from '../src/client.js';
import type { ParleyClientOptions } from '../src/types.js';
import { FakeClock, FakeEnvironment, fakeWebSocket, settle, welcome } from './fakes.js';

/** A client whose hello is built and sent, and the frames it sent. */
async function hello(options: Partial<ParleyClientOptions>) {
  const fake = fakeWebSocket();
  const client = new ParleyClient({
    url: 'ws://relay.test/v1/ws',
    siteKey: 'pk_test',
    WebSocket: fake.WebSocket,
    clock: new FakeClock(),
    environment: new FakeEnvironment(),
    random: () => 0,
    storage: 'memory',
    ...options,
  });
  client.connect();
  fake.last().accept();
  await settle();
  return { client, fake, frame: fake.last().framesOf('hello')[0]! };
}

/** The frame as the relay decodes it: accepted, or the test fails with the relay's reason. */
function accepted(frame: ClientFrame): ClientFrame {
  const decoded = decodeClientFrame(JSON.stringify(frame));
  assert.ok(decoded.ok, decoded.ok ? '' : decoded.error.message);
  return decoded.frame;
}

const fox = '🦊';

describe('ParleyClient: what it sends fits the relay', () => {
  it('cuts a name, an email and a context at their limits without splitting an emoji', async () => {
    const { frame } = await hello({
      name: `${'n'.repeat(255)}${fox}`,
      email: `${'e'.repeat(255)}${fox}@example.com`,
      context: () => ({
        url: `https://shop.test/${'u'.repeat(2047 - 18)}${fox}`,
        title: `${'t'.repeat(255)}${fox}`,
        referrer: `${fox}`.repeat(1025),
        locale: `${'l'.repeat(34)}${fox}`,
        timezone: `${'z'.repeat(63)}${fox}`,
      }),
    });
    const decoded = accepted(frame) as Extract<ClientFrame, { type: 'hello' }>;
    assert.equal(decoded.name, 'n'.repeat(255));
    assert.equal(decoded.email, 'e'.repeat(255));
    assert.equal(decoded.context?.title, 't'.repeat(255));
    assert.equal(decoded.context?.referrer, fox.repeat(1024));
    assert.equal(decoded.context?.locale, 'l'.repeat(34));
    assert.equal(decoded.context?.timezone, 'z'.repeat(63));
  });

  it('leaves out U+0000 and lone surrogates, and keeps whole emoji, combining marks and right-to-left text', async () => {
    const { frame } = await hello({
      name: 'Ada\u0000 \ud83e Lovelace 🦊',
      context: () => ({ title: 'Tents \udd8a e\u0301 שלום', url: 'https://shop.test/\u0000' }),
    });
    const decoded = accepted(frame) as Extract<ClientFrame, { type: 'hello' }>;
    assert.equal(decoded.name, 'Ada  Lovelace 🦊');
    assert.equal(decoded.context?.title, 'Tents  e\u0301 שלום');
    assert.equal(decoded.context?.url, 'https://shop.test/');
  });

  it('fits a context update (SPA navigation) the same way', async () => {
    const { client, fake } = await hello({ context: () => ({ url: 'https://shop.test/' }) });
    fake.last().receive(welcome());
    await settle();
    client.updateContext({ url: 'https://shop.test/next', title: `${'t'.repeat(255)}${fox}\u0000` });
    const update = fake.last().framesOf('context')[0]!;
    const decoded = accepted(update) as Extract<ClientFrame, { type: 'context' }>;
    assert.deepEqual(decoded.context, { url: 'https://shop.test/next', title: 't'.repeat(255) });
  });
});
