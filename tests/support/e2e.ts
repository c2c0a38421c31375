// What every end-to-end test needs: the built widget and pages, a real relay in a temp data dir, one real
// Chromium, and waiting for a condition instead of sleeping. widget-harness.ts and admin-harness.ts build on it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Worker } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { buildIsFresh } from '../../scripts/ensure-build.mjs';
import { startRelay, type RunningRelay, type StartOptions } from '@parley/relay';
import WebSocket from 'ws';

const root = fileURLToPath(new URL('../..', import.meta.url));
// The tree the relay serves by default (packages/relay/dist/public: the widget's build with its files precompressed,
// as `npm start` and the release tree serve it), laid out by URL: /widget.js and /widget/*, /admin. The widget's own
// dist/public has no compressed siblings: a relay serving it compresses each file it is asked for (brotli at its best
// settings, several windows per file), about a second of CPU per e2e relay spent on nothing the tests look at.
export const widgetDir = join(root, 'packages/relay/dist/public/widget');
export const adminDir = join(root, 'packages/relay/dist/public/admin');
export const siteDir = join(root, 'examples/site');

/**
 * Builds what the test runs (the widget, the inbox and the relay's served tree) when a source is newer than the last
 * build, as `npm test` does before any suite: the files a test serves are then what the relay would serve.
 */
export function buildWidget(): void {
  if (buildIsFresh()) return;
  const result = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the build failed:\n${result.stdout}\n${result.stderr}`);
}

/** A relay serving the built widget and the demo site, on port 0 in a fresh data dir that `close()` removes. */
export async function startE2eRelay(options: StartOptions): Promise<{ relay: RunningRelay; close(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-e2e-'));
  const relay = await startRelay({
    port: 0,
    // On loopback, as a test should be: the relay then builds the links it emails on its own address.
    host: '127.0.0.1',
    dataDir,
    allowedOrigins: ['*'],
    logLevel: 'silent',
    widgetDir,
    siteDir,
    ...options,
  });
  return {
    relay,
    async close() {
      await relay.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The process's one Chromium while a test holds it (see {@link launchChromium}), and how many do. */
let shared: { browser: Promise<Browser>; holders: number } | undefined;

/**
 * Headless Chromium from `CHROME_PATH` (default `/usr/bin/chromium`): one browser per process, shared by the blocks
 * of a journey (scripts/test.mjs runs one journey file per process; tests/e2e/README.md). A launch costs about a second of wall time and more of CPU here, a browser context a third of it.
 *
 * Each caller gets a view of that browser: its `newContext()` and `newPage()` are the browser's, `contexts()` lists
 * the caller's own, and `close()` closes the caller's contexts, and the browser once no caller holds it. Files stay
 * as isolated as before: every test works in contexts of its own (cookies, storage, service workers, cache).
 *
 * A context runs no service worker unless it asks (`serviceWorkers: 'allow'`: the app journey's tests of the
 * inbox's worker, its push and its offline shell). The inbox registers its worker at every sign-in, and the worker
 * keeps every file of the build before it takes over, which none of the other journeys looks at: the e2e suite took
 * 216 s with it and 189 s without (issue #82, a quiet 2-core machine, CPU bound throughout).
 */
export async function launchChromium(): Promise<Browser> {
  const held = (shared ??= {
    browser: chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }),
    holders: 0,
  });
  held.holders += 1;
  let browser: Browser;
  try {
    browser = await held.browser;
  } catch (error) {
    if (--held.holders === 0 && shared === held) shared = undefined;
    throw error;
  }
  const own = new Set<BrowserContext>();
  const keep = (context: BrowserContext): BrowserContext => {
    own.add(context);
    context.once('close', () => own.delete(context));
    return context;
  };
  let closed = false;
  const view: Partial<Browser> = {
    newContext: async (options) => keep(await browser.newContext({ serviceWorkers: 'block', ...options })),
    newPage: async (options) => {
      const page = await browser.newPage({ serviceWorkers: 'block', ...options });
      keep(page.context());
      return page;
    },
    contexts: () => [...own],
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all([...own].map((context) => context.close()));
      if (--held.holders > 0) return;
      if (shared === held) shared = undefined;
      await browser.close();
    },
  };
  return new Proxy(browser, {
    get: (target, key) => (key in view ? view[key as keyof Browser] : (Reflect.get(target, key, target) as unknown)),
  });
}

/** A raw protocol socket that has said hello; resolves with it once the welcome (or first frame) arrived. */
export async function helloSocket(
  url: string,
  hello: Record<string, unknown>,
  options?: WebSocket.ClientOptions,
): Promise<WebSocket> {
  const ws = new WebSocket(url, 'parley.v1', options);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', ...hello })));
    ws.once('message', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

/**
 * Waits for a condition no event announces (a row in the relay's store, a count on the page): calls `check`
 * until it resolves true, failing with `what` after `timeoutMs`. The limit says a wait has failed, not how fast
 * anything is: 30 s, as Playwright's own waits; a slow CI machine took 50 s over a test that takes 10 here.
 */
export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A notification of the inbox's service worker, as it describes it. */
export interface ShownNotification {
  tag: string;
  title: string;
  body: string;
  data: unknown;
}

/**
 * The notifications the inbox's service worker shows, as it lists them when asked (`parley.notifications-shown`,
 * admin-sw.ts): in turn with its own work. A `getNotifications()` of the test's own, taken while a push is being
 * shown, makes Chromium forget that notification. `from`: a page of the relay's origin, or the worker itself.
 */
export async function notificationsShown(from: Page | Worker): Promise<ShownNotification[]> {
  const ask = async (type: string): Promise<ShownNotification[]> => {
    const scope = self as unknown as { registration?: ServiceWorkerRegistration };
    const registration = scope.registration ?? (await navigator.serviceWorker.getRegistration('/admin'));
    const active = registration?.active;
    if (!active) return [];
    return new Promise<ShownNotification[]>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = ({ data }) => resolve(data as ShownNotification[]);
      active.postMessage({ type }, [channel.port2]);
    });
  };
  const type = 'parley.notifications-shown';
  return 'mainFrame' in from ? from.evaluate(ask, type) : from.evaluate(ask, type);
}

/** Records every CSP violation the page reports, from before its first script runs. */
export async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
}

/**
 * A caller of the test relay's admin API with a staff token: `(method, path, body?)` resolves with the JSON answer
 * (`{}` for 204) and fails the test, naming the request, on any status from 300 up. `base` is read at each call (the
 * relay starts in `before`).
 */
export function adminCaller(
  base: () => string,
  token: string,
): (method: string, path: string, body?: unknown) => Promise<Record<string, unknown>> {
  return async (method, path, body) => {
    const response = await fetch(`${base()}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    assert.ok(response.status < 300, `${method} ${path}: ${response.status}`);
    return response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>);
  };
}

/**
 * Opens a page of a site that embeds the relay's widget with `siteKey` (`<relay>/site-page`, served by the test
 * through Playwright, so that its origin is the relay's and the site's loader sets the element's defaults).
 */
export async function openSitePage(page: Page, relayUrl: string, siteKey: string): Promise<void> {
  await page.route(`${relayUrl}/site-page`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>Shop</title><script src="/widget.js?site=${siteKey}" async></script>`,
    }),
  );
  await page.goto(`${relayUrl}/site-page`);
}

/** The page's inbox element (`<chat-admin>`), for the journeys' locators. */
export const admin = (page: Page): Locator => page.locator('chat-admin');

/** The page's chat element (`<chat-widget>`). */
export const widget = (page: Page): Locator => page.locator('chat-widget');

/** Where screenshots go when `PARLEY_SHOTS` names a folder (made if missing); undefined when it names none. */
export function screenshotsDir(): string | undefined {
  const shots = process.env.PARLEY_SHOTS;
  if (shots) mkdirSync(shots, { recursive: true });
  return shots;
}
