import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { RunningRelay } from '../src/index.js';
import { PUBLIC_DIR } from '../src/http/public-assets.js';
import { rawRequest, type RawResponse } from './support/http.js';
import { startTestRelay } from './support/relay.js';

function decode(response: RawResponse): Buffer {
  const coding = response.headers['content-encoding'];
  if (coding === 'br') return brotliDecompressSync(response.body);
  if (coding === 'gzip') return gunzipSync(response.body);
  return response.body;
}

describe('relay: what it serves with no folders configured', () => {
  let relay: RunningRelay;
  before(async () => {
    relay = await startTestRelay({ siteKey: 'pk_home_test_1', siteName: 'Acme <b>Outdoor</b>' });
  });
  after(() => relay.close());

  it('serves the widget and the inbox it carries (dist/public), precompressed', async () => {
    assert.ok(existsSync(join(PUBLIC_DIR, 'widget/widget.js')), 'the relay package is built (npm run build)');
    const loader = await rawRequest(relay.httpUrl, '/widget.js', { headers: { 'accept-encoding': 'br' } });
    assert.equal(loader.status, 200);
    assert.equal(loader.headers['content-encoding'], 'br');
    const source = decode(loader).toString();
    assert.equal(source, readFileSync(join(PUBLIC_DIR, 'widget/widget.js'), 'utf8'));
    const chunk = /chat-widget\.[0-9a-f]{10}\.js/.exec(source)?.[0];
    assert.ok(chunk, 'the loader names the hashed element');
    const element = await rawRequest(relay.httpUrl, `/widget/${chunk}`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(element.status, 200);
    assert.equal(element.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(decode(element).toString(), readFileSync(join(PUBLIC_DIR, 'widget', chunk), 'utf8'));
    const inbox = await rawRequest(relay.httpUrl, '/admin');
    assert.equal(inbox.status, 200);
    const script = /src="\/admin\/(admin\.[0-9a-f]{10}\.js)"/.exec(inbox.body.toString())?.[1];
    assert.ok(script, 'the inbox page names its hashed script');
    assert.equal((await rawRequest(relay.httpUrl, `/admin/${script}`)).status, 200);
  });

  it('serves a front page with the install snippet for the default site, escaped, under the page CSP', async () => {
    const page = await rawRequest(relay.httpUrl, '/', { headers: { host: 'chat.example.com:8443' } });
    assert.equal(page.status, 200);
    const html = page.body.toString();
    assert.match(html, /Parley relay/);
    assert.match(html, /href="\/admin"/);
    assert.ok(
      html.includes(
        '&lt;script src=&quot;http://chat.example.com:8443/widget.js?site=pk_home_test_1&quot; async&gt;&lt;/script&gt;',
      ),
    );
    assert.ok(html.includes('Acme &lt;b&gt;Outdoor&lt;/b&gt;'));
    assert.ok(!html.includes('<b>Outdoor'));
    assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
    // A Host header that is not a host name is not echoed into the page.
    const hostile = await rawRequest(relay.httpUrl, '/', { headers: { host: 'x"><script>alert(1)</script>' } });
    assert.equal(hostile.status, 200);
    assert.ok(!hostile.body.toString().includes('alert(1)'));
    assert.ok(hostile.body.toString().includes('YOUR-RELAY'));
    const compressed = await rawRequest(relay.httpUrl, '/', {
      headers: { host: 'chat.example.com:8443', 'accept-encoding': 'br' },
    });
    assert.equal(compressed.headers['content-encoding'], 'br');
    assert.equal(decode(compressed).toString(), html);
    assert.equal((await rawRequest(relay.httpUrl, '/home/home.css')).status, 200);
    assert.equal((await rawRequest(relay.httpUrl, '/', { method: 'POST' })).status, 405);
  });
});
