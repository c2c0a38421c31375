// Setup for the widget's end-to-end tests: the built widget, the demo site, a real relay, real Chromium, and a
// staff member online the whole time.
import type { Browser, Page } from 'playwright-core';
import type { RunningRelay } from '@parley/relay';
import type WebSocket from 'ws';
import { helloSocket, launchChromium, startE2eRelay } from './e2e.js';

export { buildWidget, until, watchCsp } from './e2e.js';

export interface Harness {
  relay: RunningRelay;
  browser: Browser;
  /** A staff member connected the whole time, so visitors see "online" and get the composer. */
  staff: WebSocket;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const { relay, close } = await startE2eRelay({
    siteKey: 'pk_test_widget',
    adminToken: 'st_admin_test_widget_e2e',
    identitySecret: 'idsecret_widget_e2e',
  });
  const browser = await launchChromium();
  const staff = await helloSocket(relay.wsUrl, { staffToken: 'st_admin_test_widget_e2e' });
  return {
    relay,
    browser,
    staff,
    async close() {
      staff.close();
      await browser.close();
      await close();
    },
  };
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
