// End-to-end: the installed inbox opens from its service worker's shell (issue #43, docs/agent-app.md). Once a
// member signs in, the worker (the relay's built /admin/sw.js, registered for the page's scope) keeps the page and
// every script of the build; the next open takes them from it, with no round trip, and the page opens offline. It
// keeps nothing else: no API answer, no socket.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Response } from 'playwright-core';
import { adminDir } from '../support/e2e.js';
import { buildWidget, shellWorkerInControl, startAdminHarness, type AdminHarness } from '../support/admin-harness.js';

let h: AdminHarness;

before(async () => {
  buildWidget();
  h = await startAdminHarness();
});
after(() => h?.close());

/** This build's scripts, by their hashed names, as the relay serves them. */
function builtScripts(): string[] {
  const html = readFileSync(join(adminDir, 'index.html'), 'utf8');
  const entry = /src="(\/admin\/admin\.[0-9a-f]{10}\.js)"/.exec(html)?.[1];
  assert.ok(entry, 'the page names its script');
  return [entry];
}

describe('the inbox shell, kept by its service worker', () => {
  it('is allowed the page’s scope and never kept by the HTTP cache', async () => {
    const response = await fetch(`${h.relay.httpUrl}/admin/sw.js`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('service-worker-allowed'), '/admin');
    assert.equal(response.headers.get('cache-control'), 'no-cache');
    // Only the worker's: on the page's other files it would be bytes of the first load for nothing.
    const manifest = await fetch(`${h.relay.httpUrl}/admin/app.webmanifest`);
    assert.equal(manifest.status, 200);
    assert.equal(manifest.headers.get('service-worker-allowed'), null);
  });

  it('keeps the page and every script once signed in, opens from them, and opens offline', async () => {
    const context = await h.browser.newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // Signed out, nothing is registered: the sign-in page is a first load, and fetches no shell.
    await page.goto(`${h.relay.httpUrl}/admin`);
    await page.locator('chat-admin').getByRole('button', { name: 'Sign in with an API token instead' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((all) => all.length)), 0);

    await h.signIn(page);
    // The worker installs (every file of the build, or none), takes over the page, and its cache holds the shell.
    await shellWorkerInControl(page);
    const kept = await page.evaluate(async () => {
      const names = await caches.keys();
      const cached = await Promise.all(
        names.map(async (name) =>
          (await (await caches.open(name)).keys()).map((request) => new URL(request.url).pathname),
        ),
      );
      return { names, paths: cached.flat() };
    });
    assert.equal(kept.names.length, 1, `one build's cache: ${kept.names.join(', ')}`);
    assert.match(kept.names[0]!, /^parley-inbox-[0-9a-f]{10}$/);
    assert.ok(kept.paths.includes('/admin'), 'the page');
    for (const script of builtScripts()) assert.ok(kept.paths.includes(script), script);
    const builtChunks = (await (await fetch(`${h.relay.httpUrl}/admin/sw.js`)).text()).match(
      /\/admin\/[a-z0-9-]+\.[0-9a-f]{10}\.js/g,
    );
    assert.ok(builtChunks && builtChunks.length > 10, 'the worker lists the build’s chunks');
    assert.deepEqual([...kept.paths].sort(), ['/admin', ...new Set(builtChunks)].sort(), 'the shell and nothing else');

    // The next open: the page and its scripts come from the worker, not the network; the API still from the relay.
    const responses: Response[] = [];
    page.on('response', (response) => responses.push(response));
    await page.reload();
    await page.locator('chat-admin').locator('.connection.open').waitFor();
    const fromWorker = (path: string) =>
      responses.find((response) => new URL(response.url()).pathname === path)?.fromServiceWorker();
    assert.equal(fromWorker('/admin'), true, 'the page from the shell');
    assert.equal(fromWorker(builtScripts()[0]!), true, 'its script from the shell');
    const api = responses.filter((response) => new URL(response.url()).pathname.startsWith('/v1/'));
    assert.ok(api.length > 0, 'the inbox asked the relay');
    assert.ok(
      api.every((response) => !response.fromServiceWorker()),
      'no API answer comes from the worker',
    );

    // Offline, the app still opens: the page and the inbox's element, not the browser's error page.
    await context.setOffline(true);
    await page.reload();
    assert.equal(await page.evaluate(() => customElements.get('chat-admin') !== undefined), true);
    assert.equal(await page.title(), 'Parley inbox');
    await context.setOffline(false);
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
