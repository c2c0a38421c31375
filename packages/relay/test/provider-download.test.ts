/**
 * The frame's download of a customer's file from a provider (`downloadFile`, relay/src/messaging/provider-http.ts,
 * docs/channels.md "Files through the attachments pipeline"), against a loopback server: the file streamed to the
 * staging path, the cap enforced before the first byte when the size is declared and while the bytes come when it is
 * not, nothing left behind on a failure, a path that exists never written through, redirects followed (the token
 * dropped when they leave the origin) or refused, and failures in words that never carry the address.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TOO_LARGE, downloadFile } from '../src/messaging/provider-http.js';
import { tempDir } from './support/temp.js';

type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

async function serve(
  routes: Record<string, Route>,
): Promise<{ server: Server; origin: string; seen: IncomingMessage[] }> {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
    if (!route) return void res.writeHead(404).end();
    void route(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** Writes `bytes` in 64 KiB chunks without a content-length, stopping when the client goes. */
async function chunked(res: ServerResponse, bytes: Buffer): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/plain' });
  const gone = new AbortController();
  res.once('close', () => gone.abort());
  for (let at = 0; at < bytes.length && !res.destroyed; at += 64 * 1024)
    if (!res.write(bytes.subarray(at, at + 64 * 1024)))
      await once(res, 'drain', { signal: gone.signal }).catch(() => undefined);
  res.end();
}

describe('downloadFile: a provider’s file streamed to the staging folder', () => {
  const file = Buffer.alloc(3 * 1024 * 1024 + 17, 0x61);
  let main: Awaited<ReturnType<typeof serve>>;
  let other: Awaited<ReturnType<typeof serve>>;
  const dir = tempDir('parley-provider-download-');
  let n = 0;
  const staged = () => join(dir, `up_${++n}`);
  const get = (
    path: string,
    to: string,
    options: { max?: number; redirect?: 'follow' | 'error'; token?: string } = {},
  ) =>
    downloadFile(
      'Messenger',
      'a media file',
      path.startsWith('http') ? path : `${main.origin}${path}`,
      {
        redirect: options.redirect ?? 'error',
        signal: AbortSignal.timeout(10_000),
        ...(options.token ? { headers: { authorization: `Bearer ${options.token}` } } : {}),
      },
      options.max ?? 10 * 1024 * 1024,
      'application/octet-stream',
      to,
    );

  before(async () => {
    other = await serve({ '/elsewhere': (_req, res) => void res.writeHead(200).end('moved here') });
    main = await serve({
      '/declared': (_req, res) =>
        void res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(file.length) }).end(file),
      '/undeclared': (_req, res) => chunked(res, file),
      '/gone': (_req, res) => void res.writeHead(404).end('no'),
      '/same-origin': (_req, res) => void res.writeHead(302, { location: '/declared' }).end(),
      '/cross-origin': (_req, res) => void res.writeHead(302, { location: `${other.origin}/elsewhere` }).end(),
    });
  });
  after(async () => {
    for (const { server } of [main, other]) {
      server.closeAllConnections();
      server.close();
    }
  });

  it('streams a file to the path, its type from the answer', async () => {
    for (const path of ['/declared', '/undeclared']) {
      const to = staged();
      assert.deepEqual(await get(path, to), { size: file.length, type: 'text/plain' });
      assert.ok((await readFile(to)).equals(file), path);
    }
  });

  it('refuses a declared size over the cap before a byte is written, and cuts off an undeclared one as it passes', async () => {
    const before = await readdir(dir);
    for (const path of ['/declared', '/undeclared'])
      assert.deepEqual(await get(path, staged(), { max: 1024 * 1024 }), { error: TOO_LARGE }, path);
    assert.deepEqual(await readdir(dir), before, 'nothing left behind');
  });

  it('says why it failed without the address, leaving nothing behind', async () => {
    const before = await readdir(dir);
    assert.deepEqual(await get('/gone', staged()), { error: 'HTTP 404 downloading a media file' });
    const closed = await serve({});
    const origin = closed.origin;
    closed.server.close();
    await once(closed.server, 'close');
    const unreached = await get(`${origin}/secret-token-in-path`, staged());
    assert.ok('error' in unreached);
    assert.match(unreached.error, /^Messenger could not be reached/);
    assert.ok(!unreached.error.includes('secret-token-in-path'));
    assert.deepEqual(await readdir(dir), before);
  });

  it('never writes through a path that exists', async () => {
    const to = staged();
    await writeFile(to, 'someone else’s');
    assert.ok('error' in (await get('/declared', to)));
    assert.equal(await readFile(to, 'utf8'), 'someone else’s');
  });

  it('follows redirects only when asked, dropping the token when one leaves the origin', async () => {
    assert.deepEqual(await get('/same-origin', staged()), { error: 'HTTP 302 downloading a media file' });
    assert.deepEqual(await get('/same-origin', staged(), { redirect: 'follow' }), {
      size: file.length,
      type: 'text/plain',
    });
    const to = staged();
    const seenBefore = other.seen.length;
    assert.deepEqual(await get('/cross-origin', to, { redirect: 'follow', token: 'EAAGsecret' }), {
      size: 10,
      type: 'application/octet-stream',
    });
    assert.equal(await readFile(to, 'utf8'), 'moved here');
    assert.equal(other.seen[seenBefore]!.headers.authorization, undefined, 'the token stays with its origin');
    assert.equal(main.seen.at(-1)!.headers.authorization, 'Bearer EAAGsecret');
  });
});
