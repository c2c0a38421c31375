import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { after, before, describe, it } from 'node:test';
import { loaderPrefix } from '../src/http/site-loader.js';
import { siteKey, startDesk, type Desk } from './support/desk.js';
import { tempDir } from './support/temp.js';

// The site's widget look (issue #36, point 8): GET/PUT /v1/admin/widget-look, and the site's loader,
// /widget.js?site=<site key>, which sets what the site chose where the embed code sets nothing. A real relay on
// port 0 serving a loader file of the test's own.

// Long enough to be compressed (the relay does not compress what is under 1 KiB).
const LOADER = `/* the loader${' of the test'.repeat(200)} */(function(){window.loaded=true})();\n`;

/** What the loader's first line leaves on a `<script>` whose `data-*` were `dataset`, run as a browser would. */
function runPrefix(script: string, dataset: Record<string, string>): Record<string, string> {
  const data = { ...dataset };
  runInNewContext(script, { document: { currentScript: { dataset: data } }, window: {} });
  return data;
}

/** The same where `document.currentScript` is null (a module, or a callback): nothing thrown, nothing set. */
function runWithoutScript(script: string): void {
  runInNewContext(script, { document: { currentScript: null }, window: {} });
}
describe('the widget look', () => {
  let desk: Desk;
  let agent: { id: string; token: string };
  before(async () => {
    const widgetDir = tempDir('parley-look-widget-');
    writeFileSync(join(widgetDir, 'widget.js'), LOADER);
    desk = await startDesk({ ipRateLimitPerSecond: 0, widgetDir });
    agent = await desk.agent('Ana');
  });
  after(() => desk.close());

  const loader = async (query: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${desk.httpUrl}/widget.js${query}`, { headers });
    // fetch decodes a compressed body itself.
    return { response, text: await response.text() };
  };

  it('is the widget’s defaults until the site chooses one', async () => {
    const answer = await desk.call('GET', '/v1/admin/widget-look');
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { theme: null, position: null, prechat: null, replyTime: null });
  });

  it('refuses what the contract does not allow, and changes nothing', async () => {
    for (const body of [
      { theme: 'purple', position: null, prechat: null },
      { theme: null, position: 'top', prechat: null },
      { theme: null, position: null, prechat: 'always' },
      { theme: null, position: null },
      { theme: null, position: null, prechat: null, accent: '#ff0000' },
      { theme: null, position: null, prechat: null, replyTime: 'off' },
    ]) {
      const answer = await desk.call('PUT', '/v1/admin/widget-look', body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body.error.code, 'bad_request');
    }
    const theme = await desk.call('PUT', '/v1/admin/widget-look', { theme: 'purple', position: null, prechat: null });
    assert.match(theme.body.error.message, /light, dark, auto/);
    assert.deepEqual((await desk.call('GET', '/v1/admin/widget-look')).body, {
      theme: null,
      position: null,
      prechat: null,
      replyTime: null,
    });
  });

  it('is changed by admins only; agents read it', async () => {
    const look = { theme: 'dark', position: 'left', prechat: 'required' };
    const refused = await desk.call('PUT', '/v1/admin/widget-look', look, agent.token);
    assert.equal(refused.status, 403);
    assert.equal((await desk.call('GET', '/v1/admin/widget-look', undefined, agent.token)).status, 200);
  });

  it('a site that chose nothing gets the plain loader, byte for byte (it reads its key from ?site= itself)', async () => {
    const { response, text } = await loader(`?site=${siteKey}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(text, LOADER);
    assert.equal(response.headers.get('etag'), (await loader('')).response.headers.get('etag'));
  });

  it('the site’s loader sets its colour and look where the embed code sets none', async () => {
    assert.equal(
      (await desk.call('PUT', '/v1/admin/widget-look', { theme: 'dark', position: 'left', prechat: 'required' }))
        .status,
      200,
    );
    assert.equal((await desk.call('PATCH', '/v1/admin/settings', { brandColor: '#E11D48' })).status, 200);
    const { response, text } = await loader(`?site=${siteKey}`, { 'accept-encoding': 'br' });
    assert.equal(response.headers.get('content-encoding'), 'br');
    assert.equal(response.headers.get('cache-control'), 'public, max-age=300');
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.ok(text.endsWith(LOADER));
    assert.deepEqual(runPrefix(text, {}), {
      accent: '#e11d48',
      theme: 'dark',
      position: 'left',
      prechat: 'required',
    });
    // The embed code's own attributes win.
    assert.deepEqual(runPrefix(text, { theme: 'light', siteKey: 'pk_other' }), {
      siteKey: 'pk_other',
      accent: '#e11d48',
      theme: 'light',
      position: 'left',
      prechat: 'required',
    });
    // Revalidated by its own ETag: a 304 while it is the same, another ETag than the plain loader's.
    const etag = response.headers.get('etag')!;
    const again = await fetch(`${desk.httpUrl}/widget.js?site=${siteKey}`, {
      headers: { 'accept-encoding': 'br', 'if-none-match': etag },
    });
    assert.equal(again.status, 304);
    const plain = await loader('', { 'accept-encoding': 'br' });
    assert.notEqual(plain.response.headers.get('etag'), etag);
    assert.equal(plain.text, LOADER);
  });

  it('a new look reaches the loader at once', async () => {
    const before = (await loader(`?site=${siteKey}`)).response.headers.get('etag');
    const look = { theme: 'auto', position: null, prechat: null, replyTime: false };
    assert.deepEqual((await desk.call('PUT', '/v1/admin/widget-look', look)).body, look);
    await desk.call('PATCH', '/v1/admin/settings', { brandColor: null });
    const { response, text } = await loader(`?site=${siteKey}`);
    assert.notEqual(response.headers.get('etag'), before);
    // The reply-time line is the relay's to send (reply-time/), not an attribute of the element.
    assert.deepEqual(runPrefix(text, {}), { theme: 'auto' });
  });

  it('a key of no site, or not a key, gets the plain loader', async () => {
    for (const query of ['?site=pk_nobody', '?site=%3Cscript%3E', `?site=${'pk_' + 'a'.repeat(200)}`, '?site=']) {
      const { response, text } = await loader(query);
      assert.equal(response.status, 200, query);
      assert.equal(text, LOADER, query);
    }
  });

  it('writes values only as JSON strings: nothing in one escapes it', () => {
    const prefix = loaderPrefix({ accent: '"});alert(1);//', '"x': '</script>' });
    const data = runPrefix(prefix, {});
    assert.deepEqual(data, { accent: '"});alert(1);//', '"x': '</script>' });
    runWithoutScript(prefix);
  });
});
