import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningRelay } from '../src/index.js';
import { TestClient } from './support/client.js';
import { adminToken, siteKey, startDesk } from './support/desk.js';

/** A new API token of the test site with these scopes. */
async function token(relay: RunningRelay, name: string, scopes: string[]): Promise<string> {
  const response = await fetch(`${relay.httpUrl}/v1/admin/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, scopes }),
  });
  const body = (await response.json()) as { token: string };
  assert.equal(response.status, 201, JSON.stringify(body));
  return body.token;
}

describe('staff socket: an API token gets what its scopes allow, and nothing more', () => {
  let relay: RunningRelay;
  let visitor: TestClient;
  let conversationId: string;
  const tokens: Record<'read' | 'write', string> = { read: '', write: '' };

  before(async () => {
    relay = await startDesk({ ipRateLimitPerSecond: 0 });
    tokens.read = await token(relay, 'Reader', ['read']);
    tokens.write = await token(relay, 'Writer', ['write']);
    const hello = await TestClient.hello(relay.wsUrl, { siteKey });
    visitor = hello.client;
    conversationId = hello.welcome.conversationId!;
    await visitor.say('v-1', 'My card number is on file');
  });
  after(async () => {
    visitor.close();
    await relay.close();
  });

  it('a write-only token sends, but gets no replay, no history and no live traffic', async () => {
    const { client: writer } = await TestClient.hello(relay.wsUrl, {
      staffToken: tokens.write,
      resume: { [conversationId]: 0 },
    });
    try {
      writer.send({ type: 'history', ref: 'h-1', conversationId });
      const refused = await writer.next('error', (error) => error.ref === 'h-1');
      assert.equal(refused.code, 'forbidden');
      writer.send({ type: 'delivered', conversationId, seq: 1 });
      await writer.next('error', (error) => error.code === 'forbidden' && error.ref === undefined);

      // Its own send is acknowledged; the visitor gets it.
      const ack = await writer.say('w-1', 'We will look into it', { conversationId });
      assert.equal(ack.seq, 2);
      await visitor.next('message', (frame) => frame.message.seq === 2);

      // Live traffic: the visitor's next message, a typing indicator and a receipt.
      visitor.send({ type: 'typing', active: true });
      await visitor.say('v-2', 'Thanks');
      visitor.send({ type: 'read', seq: 2 });
      await writer.roundTrip();
      const given = writer.frames.filter((frame) => !['welcome', 'ack', 'error', 'pong'].includes(frame.type));
      assert.deepEqual(given, []);
    } finally {
      writer.close();
    }
  });

  it('a read-only token is replayed and answered, live traffic too, but its sends are refused with forbidden', async () => {
    const { client: reader } = await TestClient.hello(relay.wsUrl, {
      staffToken: tokens.read,
      resume: { [conversationId]: 0 },
    });
    try {
      const replayed = await reader.collect('message', 3);
      assert.deepEqual(
        replayed.map((frame) => frame.message.seq),
        [1, 2, 3],
      );
      reader.send({ type: 'history', ref: 'h-2', conversationId });
      const page = await reader.next('history', (frame) => frame.ref === 'h-2');
      assert.equal(page.messages.length, 3);

      reader.send({ type: 'send', id: 'r-1', text: 'Hello from a reader', conversationId });
      assert.equal((await reader.next('error', (error) => error.ref === 'r-1')).code, 'forbidden');
      reader.send({ type: 'typing', active: true, conversationId });
      reader.send({ type: 'read', conversationId, seq: 3 });
      await reader.collect('error', 3);
      assert.deepEqual(
        reader.frames.filter((frame) => frame.type === 'error').map((frame) => frame.code),
        ['forbidden', 'forbidden', 'forbidden'],
      );

      await visitor.say('v-3', 'Still there?');
      assert.equal((await reader.next('message', (frame) => frame.message.seq === 4)).message.text, 'Still there?');
      // Nothing the reader tried reached the visitor or the store.
      await visitor.roundTrip();
      assert.equal(
        visitor.frames.some((frame) => frame.type === 'typing' || (frame.type === 'read' && frame.by === 'staff')),
        false,
      );
      const stored = await relay.store.messagesAfter(conversationId, 0, 10);
      assert.deepEqual(
        stored.map((message) => message.clientId),
        ['v-1', 'w-1', 'v-2', 'v-3'],
      );
    } finally {
      reader.close();
    }
  });
});
