// End-to-end: the inbox as an installable app (issue #43, docs/agent-app.md). The relay serves the web app manifest
// and its icons with the right headers, the page links them, and Chromium's own installability check, asked through
// the DevTools protocol in a real (not incognito) profile, finds nothing missing.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext } from 'playwright-core';
import type { RunningRelay } from '@parley/relay';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { signInWithToken } from '../support/admin-harness.js';
import { adminDir, buildWidget, helloSocket, notificationsShown, startE2eRelay, until } from '../support/e2e.js';

const ADMIN_TOKEN = 'st_admin_test_inbox_app_0123456789';
let relay: RunningRelay;
let close: () => Promise<void>;

before(async () => {
  buildWidget();
  ({ relay, close } = await startE2eRelay({ siteKey: 'pk_test_inbox_app', adminToken: ADMIN_TOKEN, adminDir }));
});
after(() => close?.());

interface Manifest {
  id: string;
  name: string;
  short_name: string;
  start_url: string;
  scope: string;
  display: string;
  background_color: string;
  theme_color: string;
  icons: { src: string; sizes: string; type: string; purpose?: string }[];
}

/** A PNG's width and height, from its IHDR chunk (bytes 16–23), after checking the signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
  assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('the inbox as an installable app', () => {
  it('serves its manifest: name, start and scope /admin, standalone, and icons of 192, 512 and a maskable 512', async () => {
    const response = await fetch(`${relay.httpUrl}/admin/app.webmanifest`, { headers: { 'accept-encoding': 'br' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/manifest+json; charset=utf-8');
    // A fixed address an installed app keeps: revalidated, never cached as immutable.
    assert.equal(response.headers.get('cache-control'), 'no-cache');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    const manifest = (await response.json()) as Manifest;
    assert.equal(manifest.name, 'Parley inbox');
    assert.equal(manifest.short_name, 'Parley');
    assert.equal(manifest.id, '/admin');
    assert.equal(manifest.start_url, '/admin');
    assert.equal(manifest.scope, '/admin');
    assert.equal(manifest.display, 'standalone');
    assert.match(manifest.background_color, /^#[0-9a-f]{6}$/);
    assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/);
    const png = manifest.icons.filter((icon) => icon.type === 'image/png');
    const sized = (sizes: string, purpose?: string) =>
      png.find((icon) => icon.sizes === sizes && icon.purpose === purpose);
    for (const [sizes, purpose] of [['192x192'], ['512x512'], ['512x512', 'maskable']] as const) {
      const icon = sized(sizes, purpose);
      assert.ok(icon, `a ${sizes} ${purpose ?? 'any'} PNG icon`);
      const image = await fetch(`${relay.httpUrl}${icon.src}`);
      assert.equal(image.status, 200, icon.src);
      assert.equal(image.headers.get('content-type'), 'image/png');
      const [width, height] = sizes.split('x').map(Number);
      assert.deepEqual(pngSize(Buffer.from(await image.arrayBuffer())), { width, height }, icon.src);
    }
    const svg = manifest.icons.find((icon) => icon.type === 'image/svg+xml');
    assert.equal(svg?.sizes, 'any');
    const vector = await fetch(`${relay.httpUrl}${svg.src}`);
    assert.equal(vector.headers.get('content-type'), 'image/svg+xml');
    assert.match(await vector.text(), /^<svg [^>]*viewBox="0 0 512 512"/);
  });

  it('is installable by Chromium’s own check, themed for light and dark, with an icon for iPhone home screens', async () => {
    // Installability is not checked in incognito profiles (playwright's default contexts): a profile of its own.
    const profile = await mkdtemp(join(tmpdir(), 'parley-app-profile-'));
    let context: BrowserContext | undefined;
    try {
      context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, args: chromiumArgs });
      const page = await context.newPage();
      await page.goto(`${relay.httpUrl}/admin`);
      await page.locator('chat-admin').getByRole('button', { name: 'Sign in', exact: true }).waitFor();
      const cdp = await context.newCDPSession(page);
      const { url, errors, data } = (await cdp.send('Page.getAppManifest')) as {
        url: string;
        errors: { message: string }[];
        data?: string;
      };
      assert.equal(url, `${relay.httpUrl}/admin/app.webmanifest`);
      assert.deepEqual(errors, [], 'the manifest parses without errors');
      assert.equal((JSON.parse(data!) as Manifest).start_url, '/admin');
      const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
        installabilityErrors: { errorId: string }[];
      };
      assert.deepEqual(installabilityErrors, [], 'Chromium finds the inbox installable');

      const themes = await page.evaluate(() =>
        [...document.querySelectorAll('meta[name="theme-color"]')].map((meta) => ({
          media: meta.getAttribute('media'),
          color: meta.getAttribute('content'),
        })),
      );
      assert.deepEqual(themes, [
        { media: '(prefers-color-scheme: light)', color: '#ffffff' },
        { media: '(prefers-color-scheme: dark)', color: '#14161b' },
      ]);
      const touchIcon = await page.evaluate(() =>
        document.querySelector('link[rel="apple-touch-icon"]')?.getAttribute('href'),
      );
      const image = await fetch(`${relay.httpUrl}${touchIcon}`);
      assert.equal(image.status, 200);
      assert.deepEqual(pngSize(Buffer.from(await image.arrayBuffer())), { width: 180, height: 180 });
    } finally {
      await context?.close();
      await rm(profile, { recursive: true, force: true });
    }
  });
  it('shows the unread count on the app’s icon (the Badging API) as in the tab’s title, and clears it once read', async () => {
    const profile = await mkdtemp(join(tmpdir(), 'parley-app-profile-'));
    let context: BrowserContext | undefined;
    const visitor = await helloSocket(relay.wsUrl, { siteKey: 'pk_test_inbox_app', name: 'Bea' });
    try {
      context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, args: chromiumArgs });
      // What the page asks of the Badging API, recorded (a headless browser has no icon to draw it on). Plain
      // JavaScript, not a function: the TypeScript loader would add helpers the page does not have.
      await context.addInitScript(`{
        const calls = (window.badgeCalls = []);
        Navigator.prototype.setAppBadge = async (count) => void calls.push(count);
        Navigator.prototype.clearAppBadge = async () => void calls.push('clear');
      }`);
      const page = await context.newPage();
      const admin = page.locator('chat-admin');
      await signInWithToken(page, relay.httpUrl, ADMIN_TOKEN);

      visitor.send(JSON.stringify({ type: 'send', id: 'badge-1', text: 'Anyone there?' }));
      await page.waitForFunction(() => document.title === '(1) Parley inbox');
      const calls = () => page.evaluate(() => (window as unknown as { badgeCalls: unknown[] }).badgeCalls);
      assert.equal((await calls()).at(-1), 1, 'the badge says 1');
      // Read: the conversation opened, the count and the badge go.
      await admin.locator('[role=option]').first().click();
      await page.waitForFunction(() => document.title === 'Parley inbox');
      assert.equal((await calls()).at(-1), 'clear');
    } finally {
      visitor.close();
      await context?.close();
      await rm(profile, { recursive: true, force: true });
    }
  });
  it('closes a conversation’s notifications once it is read in the app, or elsewhere, and keeps the others', async () => {
    const profile = await mkdtemp(join(tmpdir(), 'parley-app-profile-'));
    let context: BrowserContext | undefined;
    const visitors = await Promise.all(
      ['Cato', 'Dana'].map((name) => helloSocket(relay.wsUrl, { siteKey: 'pk_test_inbox_app', name })),
    );
    try {
      context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, args: chromiumArgs });
      await context.grantPermissions(['notifications'], { origin: relay.httpUrl });
      const page = await context.newPage();
      const admin = page.locator('chat-admin');
      await signInWithToken(page, relay.httpUrl, ADMIN_TOKEN);
      for (const [i, visitor] of visitors.entries())
        visitor.send(JSON.stringify({ type: 'send', id: `read-${i}`, text: `Question ${i}` }));
      await admin.locator('[role=option]', { hasText: 'Dana' }).waitFor();
      const listed = await fetch(`${relay.httpUrl}/v1/admin/conversations?status=open`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      const { items } = (await listed.json()) as { items: { id: string; visitor: { name?: string } }[] };
      const idOf = (name: string) => items.find((item) => item.visitor.name === name)!.id;

      // The worker, registered as the Notifications page does, shows two pushes as push.ts sends them: a message and
      // a mention in Cato's conversation, a message in Dana's.
      await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.register('/admin/sw.js', {
          scope: '/admin',
          updateViaCache: 'none',
        });
        const pending = registration.installing ?? registration.waiting;
        if (!registration.active && pending)
          await new Promise<void>((resolve) =>
            pending.addEventListener('statechange', () => pending.state === 'activated' && resolve()),
          );
      });
      await until(async () => context!.serviceWorkers().length === 1, 'the service worker');
      const [worker] = context.serviceWorkers();
      const shown = async (): Promise<string[]> =>
        (await notificationsShown(worker!)).map((notification) => notification.tag);
      await worker!.evaluate(
        async ([cato, dana]) => {
          const { registration } = self as unknown as { registration: ServiceWorkerRegistration };
          await registration.showNotification('Cato', { tag: `conversation:${cato}`, data: { conversationId: cato } });
          await registration.showNotification('Noted', { tag: `mention:${cato}:3`, data: { conversationId: cato } });
          await registration.showNotification('Dana', { tag: `conversation:${dana}`, data: { conversationId: dana } });
        },
        [idOf('Cato'), idOf('Dana')],
      );
      assert.equal((await shown()).length, 3);

      // Cato's conversation read: its two go, Dana's stays.
      await admin.locator('[role=option]', { hasText: 'Cato' }).click();
      await admin.locator('.msg', { hasText: 'Question 0' }).waitFor();
      await until(async () => (await shown()).length === 1, 'Cato’s notifications closed');
      assert.deepEqual(await shown(), [`conversation:${idOf('Dana')}`]);

      // Dana's read elsewhere (another device, a colleague): the open inbox hears it live and closes hers at once.
      const elsewhere = await helloSocket(relay.wsUrl, { staffToken: ADMIN_TOKEN });
      try {
        elsewhere.send(JSON.stringify({ type: 'read', conversationId: idOf('Dana'), seq: 1 }));
        await until(async () => (await shown()).length === 0, 'Dana’s notification closed by the live read');
      } finally {
        elsewhere.close();
      }
    } finally {
      for (const visitor of visitors) visitor.close();
      await context?.close();
      await rm(profile, { recursive: true, force: true });
    }
  });
});
