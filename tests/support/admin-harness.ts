// Shared setup for the staff inbox's end-to-end tests: the built widget and /admin page, the demo site, a real
// relay with its admin API, one real Chromium.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startRelay, type RunningRelay } from '@parley/relay';
import { buildWidget, siteDir, widgetDir } from './widget-harness.js';

export const ADMIN_TOKEN = 'st_admin_test_admin_e2e_0123456789';
export const adminDir = join(widgetDir, 'admin');

export { buildWidget };

export interface AdminHarness {
  relay: RunningRelay;
  browser: Browser;
  close(): Promise<void>;
}

export async function startAdminHarness(): Promise<AdminHarness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-admin-e2e-'));
  const relay = await startRelay({
    port: 0,
    dataDir,
    siteKey: 'pk_test_admin',
    adminToken: ADMIN_TOKEN,
    identitySecret: 'idsecret_admin_e2e',
    allowedOrigins: ['*'],
    logLevel: 'silent',
    widgetDir,
    siteDir,
    adminDir,
  });
  const browser = await chromium.launch({
    executablePath: process.env['CHROME_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--headless=new',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  return {
    relay,
    browser,
    async close() {
      await browser.close();
      await relay.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
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
