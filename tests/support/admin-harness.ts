// Setup for the staff inbox's end-to-end tests: the built widget and /admin page, the demo site, a real relay
// with its admin API, one real Chromium.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningRelay, StartOptions } from '@parley/relay';
import { adminDir, launchChromium, startE2eRelay, watchCsp } from './e2e.js';

export { buildWidget, helloSocket, notificationsShown, until, watchCsp } from './e2e.js';

export const ADMIN_TOKEN = 'st_admin_test_admin_e2e_0123456789';

export interface AdminHarness {
  relay: RunningRelay;
  browser: Browser;
  /**
   * A call to the relay's HTTP API as the admin (`path` from the origin: `/v1/admin/…`), its status and its JSON
   * body (none for a 204).
   */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Opens /admin in `page` and signs in with the admin's API token, as a person would; resolves once connected. */
  signIn(page: Page): Promise<void>;
  /**
   * A new context (1280 × 900 unless `viewport` says) with a page signed in at /admin, its CSP violations and the
   * errors it threw recorded from its first load.
   */
  staffPage(viewport?: { width: number; height: number }): Promise<StaffPage>;
  close(): Promise<void>;
}

/** What {@link AdminHarness.staffPage} opens. */
export interface StaffPage {
  context: BrowserContext;
  page: Page;
  cspViolations: () => Promise<string[]>;
  pageErrors: string[];
}

export async function startAdminHarness(options: Partial<StartOptions> = {}): Promise<AdminHarness> {
  const { relay, close } = await startE2eRelay({
    siteKey: 'pk_test_admin',
    adminToken: ADMIN_TOKEN,
    identitySecret: 'idsecret_admin_e2e',
    adminDir,
    ...options,
  });
  const browser = await launchChromium();
  const signIn = (page: Page) => signInWithToken(page, relay.httpUrl, ADMIN_TOKEN);
  return {
    relay,
    browser,
    async api(method, path, body) {
      const response = await fetch(`${relay.httpUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: response.status === 204 ? undefined : await response.json() };
    },
    signIn,
    async staffPage(viewport = { width: 1280, height: 900 }) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const cspViolations = await watchCsp(page);
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(page);
      return { context, page, cspViolations, pageErrors };
    },
    async close() {
      await browser.close();
      await close();
    },
  };
}

/** Opens the relay's /admin in `page` and signs in with an API token, as a person would; resolves once connected. */
export async function signInWithToken(page: Page, httpUrl: string, token: string): Promise<void> {
  const admin = page.locator('chat-admin');
  await page.goto(`${httpUrl}/admin`);
  await admin.getByRole('button', { name: 'Sign in with an API token instead' }).click();
  await admin.locator('#token').fill(token);
  await admin.getByRole('button', { name: 'Sign in', exact: true }).click();
  await admin.locator('.connection.open').waitFor();
}

/**
 * Resolves once the inbox's service worker controls `page`. It takes over only after keeping every file of the build
 * (all or none): in a rehearsal of CI on a slow machine (four Chromiums on two cores, load average 15) that took more
 * than 30 s, so the wait is long. It asserts nothing about speed.
 */
export async function shellWorkerInControl(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 120_000 });
}

/**
 * Replaces the page's Notification API with a recorder that has permission, before any script runs, so a test
 * can see what the inbox showed on the desktop. Returns a reader of the notifications shown.
 */
export async function recordNotifications(page: Page): Promise<() => Promise<{ title: string; body: string }[]>> {
  // Plain JavaScript, not a function: the TypeScript loader would add helpers the page does not have.
  await page.addInitScript({
    content: `(() => {
      const shown = [];
      const RecordingNotification = function (title, options) {
        shown.push({ title, body: (options && options.body) || '' });
        this.onclick = null;
      };
      RecordingNotification.permission = 'granted';
      RecordingNotification.requestPermission = () => Promise.resolve('granted');
      RecordingNotification.prototype.close = function () {};
      Object.defineProperty(window, 'Notification', { value: RecordingNotification, configurable: true, writable: true });
      window.__notifications = shown;
    })();`,
  });
  return () =>
    page.evaluate(() => (window as unknown as { __notifications: { title: string; body: string }[] }).__notifications);
}
