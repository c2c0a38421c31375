// Text kept exactly as acknowledged, against SQLite (the contract of verbatim-contract.ts), and what the relay
// does with frames that are not JSON text at all: binary frames (close 1003) and text frames that are not UTF-8
// (the connection is failed; counted as 1007), neither of which stores anything.
import { CLOSES } from '@parley/protocol';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningRelay } from '../src/index.js';
import { TestClient } from './support/client.js';
import { adminToken, startDesk } from './support/desk.js';
import { verbatimContract, verbatimSiteKey } from './verbatim-contract.js';

verbatimContract('SQLite', () => ({}));

describe('frames that are not JSON text', () => {
  let relay: RunningRelay;
  before(async () => {
    relay = await startDesk({ siteKey: verbatimSiteKey });
  });
  after(() => relay.close());

  /** How many messages the relay stored in the conversation, through the admin API. */
  async function stored(conversationId: string): Promise<number> {
    const response = await fetch(`${relay.httpUrl}/v1/admin/conversations/${conversationId}/messages`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    if (response.status === 404) return 0;
    return ((await response.json()) as { items: unknown[] }).items.length;
  }

  it('closes with 1003 on a binary frame, even one holding a valid send, and stores nothing', async () => {
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey: verbatimSiteKey });
    client.ws.send(Buffer.from(JSON.stringify({ type: 'send', id: 'bin1', text: 'binary' })), { binary: true });
    const closed = await client.closed;
    assert.equal(closed.code, CLOSES.binary_frame.code);
    assert.equal(closed.code, 1003);
    assert.equal(client.frames.filter((frame) => frame.type === 'ack').length, 0);
    assert.equal(await stored(welcome.conversationId!), 0);
  });

  it('closes with 1003 on a binary frame before the hello too', async () => {
    const client = await TestClient.open(relay.wsUrl);
    client.ws.send(Buffer.from(JSON.stringify({ type: 'hello', siteKey: verbatimSiteKey })), { binary: true });
    assert.equal((await client.closed).code, 1003);
    assert.equal(client.frames.length, 0);
  });

  /** The relay's count of closes with `code`, from /metrics. */
  async function closes(code: number): Promise<number> {
    const text = await (await fetch(`${relay.httpUrl}/metrics`)).text();
    return Number(new RegExp(`^parley_closes_total\\{code="${code}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  }

  for (const [name, bytes] of [
    ['a lone continuation byte', [0x80]],
    ['an overlong encoding of "/"', [0xc0, 0xaf]],
    ['an encoded surrogate (CESU-8)', [0xed, 0xa0, 0x80]],
    ['a truncated four-byte sequence', [0xf0, 0x9f, 0xa6]],
    ['a byte never used in UTF-8', [0xff]],
  ] as const) {
    it(`fails the connection on a text frame holding ${name}, stores nothing, and counts it as 1007`, async () => {
      const before = await closes(1007);
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey: verbatimSiteKey });
      const frame = Buffer.concat([
        Buffer.from('{"type":"send","id":"u1","text":"'),
        Buffer.from(bytes),
        Buffer.from('"}'),
      ]);
      // ws writes a Buffer as a text frame as it is, without checking it.
      client.ws.send(frame, { binary: false });
      const closed = await client.closed;
      // uWS drops the connection without a close frame (1006); 1007 is what RFC 6455 suggests, should it send one.
      assert.ok([1007, 1006].includes(closed.code), `closed with ${closed.code}`);
      assert.equal(client.frames.filter((frame) => frame.type === 'ack' || frame.type === 'error').length, 0);
      assert.equal(await stored(welcome.conversationId!), 0);
      assert.equal(await closes(1007), before + 1);
    });
  }

  it('keeps other connections working after closing one for bad bytes', async () => {
    const { client: bystander } = await TestClient.hello(relay.wsUrl, { siteKey: verbatimSiteKey });
    const { client } = await TestClient.hello(relay.wsUrl, { siteKey: verbatimSiteKey });
    client.ws.send(Buffer.from([0x7b, 0xff, 0x7d]), { binary: false });
    assert.ok([1007, 1006].includes((await client.closed).code));
    const ack = await bystander.say('still', 'up');
    assert.equal(ack.seq, 1);
    bystander.close();
  });
});
