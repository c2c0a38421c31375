/**
 * What the relay acknowledges is stored and returned exactly as it was delivered live, whatever the store: text
 * that cannot be kept verbatim (U+0000, unpaired UTF-16 surrogates) is refused at the door with `bad_frame`
 * naming the field, and stores nothing; every other text (astral characters, combining marks, right-to-left
 * scripts, exactly the length limit) is acknowledged, delivered live and returned by history and the admin API
 * byte for byte. Run by test/verbatim.test.ts (SQLite) and test-services/verbatim.test.ts (PostgreSQL).
 */
import { LIMITS, type Message } from '@parley/protocol';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningRelay, StartOptions } from '../src/index.js';
import { TestClient } from './support/client.js';
import { startTestRelay } from './support/relay.js';

export const verbatimSiteKey = 'pk_test_verbatim';
const adminToken = 'st_admin_test_verbatim_0123456789';
const identitySecret = 'identity-secret-for-verbatim-0123456';

/** Texts that cannot be stored as they are: U+0000 and unpaired surrogates, alone and inside other text. */
export const unstorableTexts = ['a\u0000b', '\u0000', 'fox \ud83e', '\udd8a fox', 'x\udbffy', '\ud83e\ud83e\udd8a'];

/** Texts that must come back exactly: astral, combining, right-to-left, controls, and the length limit. */
export const storableTexts = [
  '🦊 👩‍👩‍👧‍👦 🇫🇷 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'e\u0301 n\u0303 a\u030a\u0323 Z\u0351\u0352\u0353',
  'שלום, مرحبا بالعالم \u202eevil.exe\u202c ok',
  '\u0001\u001f\u007f\u200b\ufeff\ufffd\ufffe\uffff\ue000 \t\r\n',
  '🦊'.repeat(LIMITS.maxTextLength / 2),
  'é'.repeat(LIMITS.maxTextLength),
];

/** The stored messages of a conversation through the admin API, oldest first. */
async function adminMessages(relay: RunningRelay, conversationId: string): Promise<Message[]> {
  const response = await fetch(`${relay.httpUrl}/v1/admin/conversations/${conversationId}/messages?limit=100`, {
    headers: { authorization: `Bearer ${adminToken}` },
  });
  if (response.status === 404) return [];
  assert.equal(response.status, 200);
  return ((await response.json()) as { items: Message[] }).items;
}

/** The stored messages of the client's conversation through a `history` frame. */
async function history(client: TestClient, ref: string): Promise<Message[]> {
  client.send({ type: 'history', ref, after: 0, limit: 100 });
  return (await client.next('history', (page) => page.ref === ref)).messages;
}

/** The same text, compared as UTF-8 bytes (a U+FFFD in place of a lone surrogate shows here). */
function assertSameBytes(actual: string, expected: string, what: string): void {
  assert.ok(Buffer.from(actual, 'utf8').equals(Buffer.from(expected, 'utf8')), what);
  assert.equal(actual, expected, what);
}

/** The suite, for a relay started with `options` (its store); the caller's `after` may drop what it made. */
export function verbatimContract(name: string, options: () => Promise<StartOptions> | StartOptions): void {
  describe(`text kept verbatim (${name})`, () => {
    let relay: RunningRelay;
    before(async () => {
      relay = await startTestRelay({
        siteKey: verbatimSiteKey,
        adminToken,
        identitySecret,
        rateLimitBurst: 1000,
        ...(await options()),
      });
    });
    after(() => relay.close());

    it('refuses a send whose text cannot be kept verbatim with bad_frame naming text, and stores nothing', async () => {
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey: verbatimSiteKey });
      for (const [index, text] of unstorableTexts.entries()) {
        client.send({ type: 'send', id: `bad${index}`, text });
        const error = await client.next('error', (frame) => frame.ref === `bad${index}`);
        assert.equal(error.code, 'bad_frame', JSON.stringify(text));
        assert.match(error.message, /: text: expected text without U\+0000 or unpaired/);
        assert.equal(error.retryAfterMs, undefined);
      }
      // The connection is still good, and nothing but the one good message was stored.
      const ack = await client.say('good', 'after the refusals');
      assert.equal(ack.seq, 1);
      const stored = await history(client, 'h1');
      assert.deepEqual(
        stored.map((message) => message.clientId),
        ['good'],
      );
      assert.deepEqual(
        (await adminMessages(relay, welcome.conversationId!)).map((message) => message.clientId),
        ['good'],
      );
      client.close();
    });

    it('refuses a hello whose name, user or context cannot be kept verbatim, naming the field', async () => {
      const bad = 'Ada\u0000';
      const hellos: Array<[Record<string, unknown>, string]> = [
        [{ name: bad }, 'name'],
        [{ email: 'ada\ud800@example.com' }, 'email'],
        [{ user: { id: 'u1', hash: 'a'.repeat(64), name: bad } }, 'user.name'],
        [{ user: { id: 'u\udc001', hash: 'a'.repeat(64) } }, 'user.id'],
        [{ context: { title: 'Tents \ud83e' } }, 'context.title'],
        [{ context: { url: 'https://x.example/\u0000' } }, 'context.url'],
      ];
      for (const [fields, field] of hellos) {
        const client = await TestClient.open(relay.wsUrl);
        client.send({ type: 'hello', siteKey: verbatimSiteKey, ...fields });
        const error = await client.next('error');
        assert.equal(error.code, 'bad_frame');
        assert.ok(error.message.includes(`: ${field}: expected text without U+0000`), error.message);
        // Not welcomed: a send is refused until a hello is accepted; a good hello then is.
        client.send({ type: 'send', id: 'm1', text: 'hi' });
        assert.equal((await client.next('error', (frame) => frame.ref === 'm1')).code, 'hello_required');
        client.send({ type: 'hello', siteKey: verbatimSiteKey, name: 'Ada' });
        await client.next('welcome');
        client.close();
      }
    });

    it('refuses a context update that cannot be kept verbatim, and keeps the one before', async () => {
      const { client } = await TestClient.hello(relay.wsUrl, {
        siteKey: verbatimSiteKey,
        context: { title: 'Before' },
      });
      client.send({ type: 'context', context: { title: 'After \udc00' } });
      const error = await client.next('error');
      assert.equal(error.code, 'bad_frame');
      assert.match(error.message, /: context\.title: expected text without U\+0000/);
      client.close();
    });

    it('refuses through the admin API a staff message that cannot be kept verbatim, and stores nothing', async () => {
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey: verbatimSiteKey });
      await client.say('first', 'so that the conversation exists');
      const post = (id: string, text: string) =>
        fetch(`${relay.httpUrl}/v1/admin/conversations/${welcome.conversationId}/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ id, text }),
        });
      for (const [index, text] of unstorableTexts.entries()) {
        const response = await post(`staff${index}`, text);
        assert.equal(response.status, 400, JSON.stringify(text));
        const body = (await response.json()) as { error: { code: string; message: string } };
        assert.equal(body.error.code, 'bad_request');
        assert.match(body.error.message, /text: expected text without U\+0000/);
      }
      const fox = '🦊 e\u0301 שלום';
      assert.equal((await post('staff-ok', fox)).status, 201);
      const stored = await adminMessages(relay, welcome.conversationId!);
      assert.deepEqual(
        stored.map((message) => [message.clientId, message.text]),
        [
          ['first', 'so that the conversation exists'],
          ['staff-ok', fox],
        ],
      );
      client.close();
    });

    it('acks, delivers live and returns by history and the admin API exactly what was sent', async () => {
      const author = 'Zoë 🦊 \u05e9\u05dc\u05d5\u05dd e\u0301';
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey: verbatimSiteKey, name: author });
      const { client: staff } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken });
      for (const [index, text] of storableTexts.entries()) {
        const ack = await client.say(`ok${index}`, text);
        assert.equal(ack.duplicate, false);
        const live = await staff.next('message', (frame) => frame.message.clientId === `ok${index}`);
        assertSameBytes(live.message.text, text, `live ${index}`);
        assertSameBytes(live.message.author.name!, author, `live author ${index}`);
      }
      const byHistory = await history(client, 'h2');
      const byAdmin = await adminMessages(relay, welcome.conversationId!);
      for (const stored of [byHistory, byAdmin]) {
        assert.equal(stored.length, storableTexts.length);
        for (const [index, text] of storableTexts.entries()) {
          assertSameBytes(stored[index]!.text, text, `stored ${index}`);
          assertSameBytes(stored[index]!.author.name!, author, `stored author ${index}`);
        }
      }
      client.close();
      staff.close();
    });
  });
}
