import assert from 'node:assert/strict';
import { symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { RunningRelay } from '../src/index.js';
import { rawRequest, type RawResponse } from './support/http.js';
import { TestClient } from './support/client.js';
import { adminToken, siteKey, startDesk } from './support/desk.js';
import { tempDir } from './support/temp.js';

/** Text that compresses well and is larger than the 1 kB below which nothing is compressed. */
const text = (label: string, bytes: number): string => {
  let out = `/* ${label} */\n`;
  for (let i = 0; out.length < bytes; i++) out += `console.log("${label} line ${i}");\n`;
  return out;
};

/** Writes a file and its precompressed siblings, as the relay's build does (same modification time). */
function writePrecompressed(path: string, body: string): void {
  writeFileSync(path, body);
  writeFileSync(`${path}.br`, brotliCompressSync(body));
  writeFileSync(`${path}.gz`, gzipSync(body));
  const now = new Date();
  for (const file of [path, `${path}.br`, `${path}.gz`]) utimesSync(file, now, now);
}

function decode(response: RawResponse): Buffer {
  const coding = response.headers['content-encoding'];
  if (coding === 'br') return brotliDecompressSync(response.body);
  if (coding === 'gzip') return gunzipSync(response.body);
  assert.equal(coding, undefined, `unexpected content-encoding ${String(coding)}`);
  return response.body;
}

describe('relay: static files (widget, inbox, site folder)', () => {
  let relay: RunningRelay;
  const widgetDir = tempDir('parley-static-widget-');
  const adminDir = tempDir('parley-static-admin-');
  const outside = tempDir('parley-static-outside-');
  const siteDir = tempDir('parley-static-site-');
  const loader = text('loader', 3000);
  const element = text('element', 20_000);
  const plain = text('plain', 4000);

  before(async () => {
    writePrecompressed(join(widgetDir, 'widget.js'), loader);
    writePrecompressed(join(widgetDir, 'chat-widget.0123456789.js'), element);
    // No precompressed siblings: the relay compresses it once and keeps the result.
    writeFileSync(join(widgetDir, 'plain.js'), plain);
    // A few hundred bytes (as the inbox's page is) are compressed too, once; a few dozen are not worth it.
    writeFileSync(join(widgetDir, 'short.js'), text('short', 400));
    writeFileSync(join(widgetDir, 'tiny.js'), 'console.log("tiny");\n');
    writeFileSync(join(widgetDir, '.env'), 'SECRET=do-not-serve\n');
    writeFileSync(join(widgetDir, '.env.br'), brotliCompressSync('SECRET=do-not-serve\n'));
    writeFileSync(join(widgetDir, 'page.html'), '<!doctype html><p>not a widget file</p>');
    writeFileSync(join(outside, 'secret.js'), 'const secret = "outside the folder";\n');
    symlinkSync(join(outside, 'secret.js'), join(widgetDir, 'linked.js'));
    symlinkSync(join(widgetDir, 'widget.js'), join(widgetDir, 'alias.js'));
    // A precompressed sibling that is a link out of the folder is not used, even for a file that is served.
    writeFileSync(join(widgetDir, 'sibling.js'), text('sibling', 2000));
    writeFileSync(join(outside, 'evil.br'), brotliCompressSync('alert("not this file")'));
    symlinkSync(join(outside, 'evil.br'), join(widgetDir, 'sibling.js.br'));
    writeFileSync(join(adminDir, 'index.html'), `<!doctype html><title>inbox</title>${'<!-- pad -->'.repeat(200)}`);
    writePrecompressed(join(adminDir, 'admin.abcdef0123.js'), text('admin', 5000));
    writeFileSync(
      join(siteDir, 'index.html'),
      `<!doctype html><script src="/widget.js" data-site-key="%PARLEY_SITE_KEY%"></script>${'<p>shop</p>'.repeat(200)}`,
    );
    writeFileSync(join(siteDir, 'parley.db'), 'not for the web');
    relay = await startDesk({ widgetDir, adminDir, siteDir, siteKey: 'pk_static_test' });
  });
  after(() => relay.close());

  const get = (path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> =>
    rawRequest(relay.httpUrl, path, { headers, method });

  it('serves brotli, gzip or identity by Accept-Encoding, with Vary and the exact length', async () => {
    for (const [accept, coding] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0.5, gzip;q=0.8', 'gzip'],
      ['identity', undefined],
      ['br;q=0, gzip;q=0', undefined],
      [undefined, undefined],
    ] as const) {
      const response = await get('/widget.js', accept === undefined ? {} : { 'accept-encoding': accept });
      assert.equal(response.status, 200, `accept-encoding ${accept}`);
      assert.equal(response.headers['content-encoding'], coding, `accept-encoding ${accept}`);
      assert.equal(response.headers.vary, 'accept-encoding');
      assert.equal(Number(response.headers['content-length']), response.body.byteLength);
      assert.equal(decode(response).toString(), loader, `accept-encoding ${accept}`);
      if (coding) assert.ok(response.body.byteLength < Buffer.byteLength(loader) / 2, 'compressed on the wire');
    }
  });

  it('compresses a file without precompressed siblings once, and serves its new bytes after it changes', async () => {
    const first = await get('/widget/plain.js', { 'accept-encoding': 'br' });
    assert.equal(first.headers['content-encoding'], 'br');
    assert.equal(decode(first).toString(), plain);
    const changed = `${plain}\n// changed\n`;
    writeFileSync(join(widgetDir, 'plain.js'), changed);
    const later = new Date(Date.now() + 2000);
    utimesSync(join(widgetDir, 'plain.js'), later, later);
    const second = await get('/widget/plain.js', { 'accept-encoding': 'gzip' });
    assert.equal(second.headers['content-encoding'], 'gzip');
    assert.equal(decode(second).toString(), changed);
    assert.notEqual(second.headers.etag, first.headers.etag);
  });

  it('compresses files of a few hundred bytes (kept once compressed), not those of a few dozen', async () => {
    const short = await get('/widget/short.js', { 'accept-encoding': 'br' });
    assert.equal(short.headers['content-encoding'], 'br');
    assert.ok(short.body.byteLength < 200, `${short.body.byteLength} B`);
    assert.equal(decode(short).toString(), text('short', 400));
    const tiny = await get('/widget/tiny.js', { 'accept-encoding': 'br' });
    assert.equal(tiny.headers['content-encoding'], undefined);
    assert.equal(tiny.body.toString(), 'console.log("tiny");\n');
  });

  it('answers a matching If-None-Match with 304 and no body, in any coding', async () => {
    const first = await get('/widget.js', { 'accept-encoding': 'br' });
    const etag = String(first.headers.etag);
    assert.match(etag, /^"[A-Za-z0-9_-]+-br"$/);
    const again = await get('/widget.js', { 'accept-encoding': 'br', 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.byteLength, 0);
    assert.equal(again.headers.etag, etag);
    assert.equal(again.headers['cache-control'], 'public, max-age=300');
    // The same bytes cached in another coding are still the current version.
    const other = await get('/widget.js', { 'accept-encoding': 'gzip', 'if-none-match': `W/${etag}, "nope"` });
    assert.equal(other.status, 304);
    const stale = await get('/widget.js', { 'accept-encoding': 'br', 'if-none-match': '"an-old-version"' });
    assert.equal(stale.status, 200);
    assert.equal(decode(stale).toString(), loader);
    // Headers a script does not need are not paid for on every visit (the loader's budget is 3 kB on the wire).
    for (const name of ['last-modified', 'accept-ranges', 'referrer-policy'])
      assert.equal(first.headers[name], undefined, name);
  });

  it('marks content-hashed files immutable and the stable entry points short-lived', async () => {
    const hashed = await get('/widget/chat-widget.0123456789.js', { 'accept-encoding': 'br' });
    assert.equal(hashed.status, 200);
    assert.equal(hashed.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(decode(hashed).toString(), element);
    assert.equal(hashed.headers['access-control-allow-origin'], '*');
    assert.equal(hashed.headers['cross-origin-resource-policy'], 'cross-origin');
    const loaderResponse = await get('/widget.js');
    assert.equal(loaderResponse.headers['cache-control'], 'public, max-age=300');
    const adminScript = await get('/admin/admin.abcdef0123.js', { 'accept-encoding': 'gzip' });
    assert.equal(adminScript.headers['cache-control'], 'public, max-age=31536000, immutable');
    const page = await get('/admin', { 'accept-encoding': 'gzip' });
    assert.equal(page.status, 200);
    assert.equal(page.headers['cache-control'], 'no-cache');
    assert.ok(page.headers.etag);
    assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal(page.headers['x-frame-options'], 'DENY');
    assert.equal((await get('/admin/', {})).headers.etag, page.headers.etag?.toString().replace(/-gzip"$/, '"'));
  });

  it('refuses traversal, dotfiles, links and pages under /widget, in every coding', async () => {
    const refused = [
      '/widget/.env',
      '/widget/.env.br',
      '/widget/%2eenv',
      '/widget/../admin/index.html',
      '/widget/%2e%2e/%2e%2e/etc/passwd',
      '/widget/..%2f..%2fetc%2fpasswd',
      '/widget/..%5c..%5cetc%5cpasswd',
      '/widget/%c0%ae%c0%ae/etc/passwd',
      '/widget/widget.js%00.html',
      '/widget/linked.js',
      '/widget/alias.js',
      '/widget/page.html',
      '/admin/../widget/.env',
    ];
    for (const path of refused)
      for (const accept of ['br', 'gzip', 'identity']) {
        const response = await get(path, { 'accept-encoding': accept });
        assert.equal(response.status, 404, `${path} (${accept}) → ${response.status}`);
        assert.doesNotMatch(response.body.toString('latin1'), /SECRET|outside the folder|root:/);
      }
    const sibling = await get('/widget/sibling.js', { 'accept-encoding': 'br' });
    assert.equal(sibling.status, 200);
    assert.equal(decode(sibling).toString(), text('sibling', 2000));
  });

  it('answers HEAD with the headers and length of GET and no body', async () => {
    const got = await get('/widget/chat-widget.0123456789.js', { 'accept-encoding': 'gzip' });
    const head = await get('/widget/chat-widget.0123456789.js', { 'accept-encoding': 'gzip' }, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body.byteLength, 0);
    for (const name of ['content-length', 'content-encoding', 'etag', 'cache-control', 'content-type', 'vary'])
      assert.equal(head.headers[name], got.headers[name], name);
    assert.equal((await get('/admin', {}, 'HEAD')).status, 200);
    assert.equal((await get('/widget/.env', {}, 'HEAD')).status, 404);
  });

  it('answers other methods with 405 and Allow', async () => {
    for (const path of ['/widget.js', '/widget/chat-widget.0123456789.js', '/admin', '/admin/index.html'])
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
        const response = await get(path, {}, method);
        assert.equal(response.status, 405, `${method} ${path}`);
        assert.equal(response.headers.allow, 'GET, HEAD');
      }
  });

  it('serves a site folder at / with the site key filled in, under the page CSP', async () => {
    const page = await get('/', { 'accept-encoding': 'br' });
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-encoding'], 'br');
    const html = decode(page).toString();
    assert.ok(html.includes('data-site-key="pk_static_test"'));
    assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal((await get('/index.html')).status, 200);
    assert.equal((await get('/parley.db')).status, 404);
    assert.equal((await get('/', {}, 'POST')).status, 405);
    const api = await get('/v1/nope', {}, 'POST');
    assert.equal(api.status, 404);
    assert.equal(JSON.parse(api.body.toString()).error.code, 'not_found');
  });

  it('with a site folder, answers GET under /v1/ from the admin and auth APIs, not from the folder', async () => {
    const faq = await get('/v1/admin/faq', { authorization: `Bearer ${adminToken}` });
    assert.equal(faq.status, 200, faq.body.toString());
    assert.ok(Array.isArray((JSON.parse(faq.body.toString()) as { items: unknown }).items));
    const session = await get('/v1/auth/session');
    assert.equal(session.status, 401, session.body.toString());
    const unknown = await get('/v1/nope');
    assert.equal(unknown.status, 404);
    assert.equal((JSON.parse(unknown.body.toString()) as { error: { code: string } }).error.code, 'not_found');
  });

  it('serves a single byte range of the identity bytes, and 416 past the end', async () => {
    const range = await get('/widget.js', { range: 'bytes=3-12', 'accept-encoding': 'br' });
    assert.equal(range.status, 206);
    assert.equal(range.headers['content-encoding'], undefined);
    assert.equal(range.headers['content-range'], `bytes 3-12/${Buffer.byteLength(loader)}`);
    assert.equal(range.body.toString(), loader.slice(3, 13));
    const suffix = await get('/widget.js', { range: 'bytes=-5' });
    assert.equal(suffix.body.toString(), loader.slice(-5));
    const past = await get('/widget.js', { range: `bytes=${Buffer.byteLength(loader) + 10}-` });
    assert.equal(past.status, 416);
    assert.equal(past.headers['content-range'], `bytes */${Buffer.byteLength(loader)}`);
    // A validator of an older version: the whole current file, not a piece of it.
    const stale = await get('/widget.js', { range: 'bytes=0-3', 'if-range': '"old"' });
    assert.equal(stale.status, 200);
    assert.equal(stale.body.toString(), loader);
  });
});

describe('relay: compressed admin API responses', () => {
  let relay: RunningRelay;
  before(async () => {
    relay = await startDesk({ rateLimitBurst: 0, ipRateLimitBurst: 0 });
  });
  after(() => relay.close());

  const admin = (path: string, acceptEncoding?: string): Promise<RawResponse> =>
    rawRequest(relay.httpUrl, path, {
      headers: {
        authorization: `Bearer ${adminToken}`,
        ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}),
      },
    });

  it('compresses large pages when asked, streams very large ones, and sends small ones as they are', async () => {
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, email: 'big@example.com' });
    const texts = Array.from({ length: 150 }, (_, i) => `${i} ${'a long message that repeats itself '.repeat(110)}`);
    for (const [i, text] of texts.entries()) await client.say(`c-${i}`, text.slice(0, 3900));
    client.close();
    const page = `/v1/admin/conversations/${welcome.conversationId}/messages?limit=20`;

    const plain = await admin(page);
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-encoding'], undefined);
    for (const coding of ['br', 'gzip']) {
      const compressed = await admin(page, coding);
      assert.equal(compressed.headers['content-encoding'], coding);
      assert.match(String(compressed.headers.vary), /accept-encoding/);
      assert.equal(Number(compressed.headers['content-length']), compressed.body.byteLength);
      assert.ok(compressed.body.byteLength < plain.body.byteLength / 4);
      assert.deepEqual(JSON.parse(decode(compressed).toString()), JSON.parse(plain.body.toString()));
    }

    const exported = await admin(`/v1/admin/contacts/${welcome.visitorId}/export`, 'gzip, br');
    assert.equal(exported.status, 200);
    assert.equal(exported.headers['content-encoding'], 'br');
    assert.equal(exported.headers['transfer-encoding'], 'chunked', 'streamed while compressed');
    const body = JSON.parse(decode(exported).toString()) as { messages: Array<{ text: string }> };
    assert.deepEqual(
      body.messages.map((m) => m.text),
      texts.map((t) => t.slice(0, 3900)),
    );
    assert.ok(decode(exported).byteLength > 512 * 1024);

    const small = await admin('/v1/admin/tokens', 'br');
    assert.equal(small.status, 200);
    assert.equal(small.headers['content-encoding'], undefined);
  });

  it('serves the OpenAPI document precompressed, with an ETag', async () => {
    const first = await rawRequest(relay.httpUrl, '/v1/openapi.json', { headers: { 'accept-encoding': 'br' } });
    assert.equal(first.headers['content-encoding'], 'br');
    assert.ok(JSON.parse(decode(first).toString()).openapi);
    const again = await rawRequest(relay.httpUrl, '/v1/openapi.json', {
      headers: { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) },
    });
    assert.equal(again.status, 304);
  });
});
