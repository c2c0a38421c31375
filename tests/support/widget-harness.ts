// Shared setup for the widget's end-to-end tests: the built widget, the demo site, a real relay, real Chromium.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startRelay, type RunningRelay } from '@parley/relay';
import WebSocket from 'ws';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const widgetDir = join(root, 'packages/widget/dist');
export const siteDir = join(root, 'examples/site');

/** Builds the widget bundles (loader and element) so the test runs what the relay would serve. */
export function buildWidget(): void {
  const result = spawnSync(process.execPath, [join(root, 'packages/widget/scripts/bundle.mjs')], {
    cwd: join(root, 'packages/widget'),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`widget build failed:\n${result.stdout}\n${result.stderr}`);
}

export interface Harness {
  relay: RunningRelay;
  browser: Browser;
  /** A staff member connected the whole time, so visitors see "online" and get the composer. */
  staff: WebSocket;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-widget-e2e-'));
  const relay = await startRelay({
    port: 0,
    dataDir,
    siteKey: 'pk_test_widget',
    adminToken: 'st_admin_test_widget_e2e',
    identitySecret: 'idsecret_widget_e2e',
    allowedOrigins: ['*'],
    logLevel: 'silent',
    widgetDir,
    siteDir,
  });
  const browser = await chromium.launch({
    executablePath: process.env['CHROME_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const staff = new WebSocket(relay.wsUrl, 'parley.v1');
  await new Promise<void>((resolve, reject) => {
    staff.once('open', () => staff.send(JSON.stringify({ type: 'hello', staffToken: 'st_admin_test_widget_e2e' })));
    staff.once('message', () => resolve());
    staff.once('error', reject);
  });
  return {
    relay,
    browser,
    staff,
    async close() {
      staff.close();
      await browser.close();
      await relay.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
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

/** The texts stored in the visitor's conversation, in sequence order, as the relay has them. */
export async function storedTexts(relay: RunningRelay, page: Page): Promise<string[]> {
  const conversationId = await page.evaluate(
    () => document.querySelector<HTMLElement & { conversationId?: string }>('chat-widget')?.conversationId,
  );
  if (!conversationId) return [];
  const messages = await relay.store.messagesAfter(conversationId, 0, 100);
  return messages.map((m) => m.text);
}
