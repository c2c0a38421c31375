// JSON replies with long lists are made a slice at a time (slow-input.test.ts measures the loop while a thousand FAQ
// entries go out); these tests hold the text they make to what JSON.stringify makes, through a real uWS server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { TemplatedApp, us_listen_socket } from 'uWebSockets.js';
import { abortFlag } from '../src/http/body-stream.js';
import { jsonInSlices, jsonNegotiated } from '../src/http/respond.js';
import { loadUws } from '../src/uws.js';

async function textOf(pieces: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const piece of pieces) text += piece;
  return text;
}

/** A list of `n` entries of about 300 bytes each, with what JSON.stringify turns into something else. */
const entries = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `faq_${i}`,
    phrasings: [`${'word '.repeat(50)}${i}`],
    at: new Date(Date.UTC(2026, 10, 25, 0, 0, i % 60)),
    gone: undefined,
    quote: 'a "quoted" \u2028 line',
  }));

describe('jsonInSlices', () => {
  it('makes text that parses to what JSON.stringify gives', async () => {
    const value = { max: 1000, items: [...entries(400), undefined, () => 1], next: null };
    const text = await textOf(jsonInSlices(value, 'items'));
    assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(value)));
  });

  it('writes the list alone, and an empty list, as JSON', async () => {
    assert.equal(await textOf(jsonInSlices({ items: [1, 2] }, 'items')), '{"items":[1,2]}');
    assert.equal(await textOf(jsonInSlices({ a: 'x', items: [] }, 'items')), '{"a":"x","items":[]}');
  });

  it('hands a long list on in pieces, not as one string', async () => {
    const pieces: string[] = [];
    for await (const piece of jsonInSlices({ items: entries(2000) }, 'items')) pieces.push(piece);
    assert.ok(pieces.length >= 5, `${pieces.length} pieces`);
    assert.ok(pieces.every((piece) => piece.length < 80 * 1024));
  });
});

describe('jsonNegotiated over a real socket', () => {
  let app: TemplatedApp;
  let socket: us_listen_socket;
  let base: string;
  const { uws } = loadUws();
  const bodies: Record<string, unknown> = {
    '/long': { items: entries(1000), max: 1000 },
    '/short': { items: entries(3), max: 1000 },
  };

  before(async () => {
    app = uws.App();
    for (const [path, body] of Object.entries(bodies))
      app.get(path, (res, req) => {
        const acceptEncoding = req.getHeader('accept-encoding');
        const aborted = abortFlag(res);
        // Answered on a later turn, as the admin routes answer after their awaits.
        setImmediate(() => jsonNegotiated(res, 200, body, acceptEncoding, aborted, { 'x-route': path }));
      });
    socket = await new Promise<us_listen_socket>((resolve, reject) =>
      app.listen('127.0.0.1', 0, (listening) => (listening ? resolve(listening) : reject(new Error('no port')))),
    );
    base = `http://127.0.0.1:${uws.us_socket_local_port(socket)}`;
  });

  after(() => {
    uws.us_listen_socket_close(socket);
    app.close();
  });

  /** The raw body of `path` asked for in `encoding`, and the response's headers. */
  async function get(path: string, encoding: string): Promise<{ body: Buffer; headers: Headers }> {
    // node:http, not fetch: fetch decodes the body, and the test is of the bytes as sent.
    const { request } = await import('node:http');
    return new Promise((resolve, reject) => {
      request(`${base}${path}`, { headers: { 'accept-encoding': encoding } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            body: Buffer.concat(chunks),
            headers: new Headers(response.headers as Record<string, string>),
          }),
        );
        response.on('error', reject);
      })
        .on('error', reject)
        .end();
    });
  }

  const decode = { br: brotliDecompressSync, gzip: gunzipSync, identity: (body: Buffer) => body };

  for (const encoding of ['br', 'gzip', 'identity'] as const)
    it(`sends a list of a thousand in ${encoding}, streamed, equal to the list`, async () => {
      const { body, headers } = await get('/long', encoding);
      assert.equal(headers.get('content-encoding') ?? 'identity', encoding);
      assert.equal(headers.get('transfer-encoding'), 'chunked');
      assert.equal(headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(headers.get('x-route'), '/long');
      assert.deepEqual(
        JSON.parse(decode[encoding](body).toString('utf8')),
        JSON.parse(JSON.stringify(bodies['/long'])),
      );
    });

  it('sends a short list whole, with its length', async () => {
    const { body, headers } = await get('/short', 'identity');
    assert.equal(headers.get('content-length'), String(body.byteLength));
    assert.equal(body.toString('utf8'), JSON.stringify(bodies['/short']));
  });
});
