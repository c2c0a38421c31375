// End-to-end: the built widget from the one-line demo page, served by a real relay, in real Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { buildWidget, startHarness, storedTexts, until, watchCsp, type Harness } from '../support/widget-harness.js';

let h: Harness;

before(async () => {
  buildWidget();
  h = await startHarness();
});
after(() => h?.close());

async function newPage(): Promise<{ context: BrowserContext; page: Page; cspViolations: () => Promise<string[]> }> {
  const context = await h.browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  const cspViolations = await watchCsp(page);
  return { context, page, cspViolations };
}

const widget = (page: Page) => page.locator('chat-widget');
// Before the element loads this is the loader's stand-in, afterwards the element's own: the same button.
const launcher = (page: Page) => widget(page).locator('button[part=launcher]');
const composer = (page: Page) => widget(page).locator('textarea[part=input]');
const statuses = (page: Page) => widget(page).locator('.msg.mine .status');

async function openAndWaitOnline(page: Page): Promise<void> {
  await launcher(page).click();
  await composer(page).waitFor();
  await widget(page).locator('[part=presence]', { hasNotText: 'Connecting' }).waitFor();
}

describe('widget end to end', () => {
  it('opens from the one-line page under a strict CSP, sends, and shows the ack', async () => {
    const { context, page, cspViolations } = await newPage();
    const response = await page.goto(`${h.relay.httpUrl}/`);
    assert.match(response!.headers()['content-security-policy'] ?? '', /style-src 'self'/);
    assert.equal(
      await page.evaluate(() => document.activeElement === document.body),
      true,
      'nothing takes focus on load',
    );
    await openAndWaitOnline(page);
    await composer(page).fill('Hello from the demo page');
    await composer(page).press('Enter');
    await statuses(page)
      .filter({ hasText: /Sent|Delivered|Read/ })
      .first()
      .waitFor();
    await until(async () => (await storedTexts(h.relay, page)).length === 1, 'the stored message');
    assert.deepEqual(await storedTexts(h.relay, page), ['Hello from the demo page']);
    // Styles applied (adopted stylesheets) and nothing was blocked by the CSP.
    const background = await launcher(page).evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.notEqual(background, 'rgba(0, 0, 0, 0)');
    assert.deepEqual(await cspViolations(), []);
    await context.close();
  });

  it('speaks a French visitor’s language from its first render, the locale fetched beside the element, CSP intact', async () => {
    const context = await h.browser.newContext({ viewport: { width: 1200, height: 800 }, locale: 'fr-FR' });
    const page = await context.newPage();
    const cspViolations = await watchCsp(page);
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    await page.goto(`${h.relay.httpUrl}/`);
    await launcher(page).click();
    await composer(page).waitFor();
    // The element is defined only once French is at hand: its first render already says it.
    assert.equal(await widget(page).locator('button[part=close-button]').getAttribute('aria-label'), 'Fermer le chat');
    assert.ok(
      fetched.some((path) => /^\/widget\/locale-fr\.[0-9a-f]{10}\.js$/.test(path)),
      `the French locale was fetched: ${fetched.join(', ')}`,
    );
    assert.ok(!fetched.some((path) => /locale-(es|ar)\./.test(path)), 'and no other');
    assert.deepEqual(await cspViolations(), []);
    await context.close();
  });

  it('records the pre-chat consent on the relay, with the version of its text and the time', async () => {
    const { context, page } = await newPage();
    await page.goto(`${h.relay.httpUrl}/`);
    await launcher(page).click();
    await widget(page).evaluate((el) => {
      el.setAttribute('prechat', 'required');
      el.setAttribute('consent-version', 'privacy-2026-e2e');
    });
    const form = widget(page).locator('form[part=form]');
    await form.locator('input[name=name]').fill('Consenting Carla');
    await form.locator('input[name=email]').fill('carla@consent.example');
    await form.locator('input[name=consent]').check();
    const before = Date.now();
    await form.locator('button[type=submit]').click();
    await composer(page).waitFor();
    await widget(page).locator('[part=presence]', { hasNotText: 'Connecting' }).waitFor();
    await composer(page).fill('I agreed');
    await composer(page).press('Enter');
    await until(async () => (await storedTexts(h.relay, page)).length === 1, 'the stored message');
    const conversationId = await widget(page).evaluate(
      (el) => (el as HTMLElement & { conversationId?: string }).conversationId,
    );
    const admin = (path: string) =>
      fetch(`${h.relay.httpUrl}${path}`, { headers: { authorization: 'Bearer st_admin_test_widget_e2e' } }).then(
        (r) => r.json() as Promise<Record<string, any>>,
      );
    await h.relay.admin.flushContacts();
    const conversation = await admin(`/v1/admin/conversations/${conversationId}`);
    assert.equal(conversation.visitor.consent.version, 'privacy-2026-e2e');
    assert.ok(conversation.visitor.consent.at >= before && conversation.visitor.consent.at <= Date.now());
    const contact = await admin(`/v1/admin/contacts/${conversation.visitor.id}`);
    assert.deepEqual(contact.consent, conversation.visitor.consent);
    await context.close();
  });

  it('queues two messages while offline and delivers both once, in order, when the network returns', async () => {
    const { context, page } = await newPage();
    let outage = false;
    const live = new Set<WebSocketRoute>();
    await page.routeWebSocket(/\/v1\/ws$/, (ws) => {
      if (outage) return void ws.close({ code: 4009, reason: 'test outage' });
      live.add(ws);
      ws.connectToServer();
    });
    await page.goto(`${h.relay.httpUrl}/`);
    await openAndWaitOnline(page);
    await composer(page).fill('before the outage');
    await composer(page).press('Enter');
    await statuses(page)
      .filter({ hasText: /Sent|Delivered|Read/ })
      .first()
      .waitFor();

    outage = true;
    await context.setOffline(true);
    for (const ws of live) await ws.close({ code: 4009, reason: 'test outage' });
    live.clear();
    await widget(page).locator('[part=banner]', { hasText: 'offline' }).waitFor();
    await composer(page).fill('first while offline');
    await composer(page).press('Enter');
    await composer(page).fill('second while offline');
    await composer(page).press('Enter');
    await until(async () => (await statuses(page).filter({ hasText: 'Queued' }).count()) === 2, 'two queued messages');

    outage = false;
    await context.setOffline(false);
    await until(
      async () =>
        (await statuses(page)
          .filter({ hasText: /Sent|Delivered|Read/ })
          .count()) === 3,
      'three sent messages',
    );
    await until(async () => (await storedTexts(h.relay, page)).length >= 3, 'three stored messages');
    assert.deepEqual(await storedTexts(h.relay, page), [
      'before the outage',
      'first while offline',
      'second while offline',
    ]);
    assert.equal(await widget(page).locator('.msg.mine').count(), 3, 'no duplicate on screen');
    await context.close();
  });

  it('sends a message queued before a reload during an outage', async () => {
    const { context, page } = await newPage();
    let outage = false;
    await page.routeWebSocket(/\/v1\/ws$/, (ws) => {
      if (outage) return void ws.close({ code: 4009, reason: 'test outage' });
      ws.connectToServer();
    });
    await page.goto(`${h.relay.httpUrl}/`);
    await openAndWaitOnline(page);
    await composer(page).fill('hello');
    await composer(page).press('Enter');
    await statuses(page)
      .filter({ hasText: /Sent|Delivered|Read/ })
      .first()
      .waitFor();

    outage = true;
    await page.reload();
    await widget(page).locator('[part=panel]').waitFor();
    await composer(page).fill('queued across a reload');
    await composer(page).press('Enter');
    await statuses(page).filter({ hasText: 'Queued' }).first().waitFor();
    await page.reload();
    await statuses(page).filter({ hasText: 'Queued' }).first().waitFor();

    outage = false;
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await until(async () => (await storedTexts(h.relay, page)).length >= 2, 'the queued message stored');
    assert.deepEqual(await storedTexts(h.relay, page), ['hello', 'queued across a reload']);
    await context.close();
  });

  it('works from the keyboard alone', async () => {
    const { context, page } = await newPage();
    await page.goto(`${h.relay.httpUrl}/`);
    await launcher(page).waitFor();
    const focusedPart = () =>
      page.evaluate(
        () => document.querySelector('chat-widget')?.shadowRoot?.activeElement?.getAttribute('part') ?? null,
      );
    for (let i = 0; i < 20 && (await focusedPart()) !== 'launcher'; i++) await page.keyboard.press('Tab');
    assert.equal(await focusedPart(), 'launcher');
    await page.keyboard.press('Enter');
    await composer(page).waitFor();
    assert.equal(await focusedPart(), 'input');
    await widget(page).locator('[part=presence]', { hasNotText: 'Connecting' }).waitFor();
    await page.keyboard.type('typed without a mouse');
    await page.keyboard.press('Enter');
    await statuses(page)
      .filter({ hasText: /Sent|Delivered|Read/ })
      .first()
      .waitFor();
    await page.keyboard.press('Escape');
    await until(async () => (await focusedPart()) === 'launcher', 'focus back on the launcher');
    assert.equal(await widget(page).getAttribute('open'), null);
    assert.deepEqual(await storedTexts(h.relay, page), ['typed without a mouse']);
    await context.close();
  });

  it('a first visit loads the loader alone; the element comes when the visitor reaches for the launcher', async () => {
    const { context, page, cspViolations } = await newPage();
    const widgetFiles: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/widget')) widgetFiles.push(path);
    });
    let sockets = 0;
    page.on('websocket', () => sockets++);
    await page.goto(`${h.relay.httpUrl}/`);
    await launcher(page).waitFor();
    // The loader's idle work was queued before this callback: once it runs, the loader has decided.
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve)));
    assert.deepEqual(widgetFiles, ['/widget.js']);
    assert.equal(await page.evaluate(() => customElements.get('chat-widget') === undefined), true);
    assert.equal(sockets, 0, 'no connection for a visitor who does not chat');
    assert.equal(await launcher(page).getAttribute('aria-label'), 'Open chat');

    // Pointing at the launcher fetches the element (a preload); it does not run, and nothing connects.
    await launcher(page).hover();
    await until(async () => widgetFiles.length === 2, 'the element fetched');
    assert.match(widgetFiles[1]!, /^\/widget\/chat-widget\.[0-9a-f]{10}\.js$/);
    assert.equal(await page.evaluate(() => customElements.get('chat-widget') === undefined), true);
    assert.equal(sockets, 0);

    // A click runs it (from the preload, not a second download) and opens the panel.
    await launcher(page).click();
    await composer(page).waitFor();
    assert.equal(await widget(page).getAttribute('open'), '');
    assert.equal(widgetFiles.filter((path) => path.includes('chat-widget')).length, 1);
    assert.equal(await widget(page).locator('button[part=launcher]').count(), 1, 'one launcher');
    assert.equal(sockets, 1);
    assert.deepEqual(await cspViolations(), []);
    await context.close();
  });

  it('a returning visitor gets the element without a click, and with it the unread reply', async () => {
    const { context, page } = await newPage();
    await page.goto(`${h.relay.httpUrl}/`);
    await openAndWaitOnline(page);
    await composer(page).fill('Is the tent waterproof?');
    await composer(page).press('Enter');
    await until(async () => (await storedTexts(h.relay, page)).length === 1, 'the stored message');
    const conversationId = await page.evaluate(
      () => document.querySelector<HTMLElement & { conversationId?: string }>('chat-widget')!.conversationId!,
    );
    await page.keyboard.press('Escape');
    await page.close();

    // Staff reply while the visitor is away; the visitor comes back on another page of the site.
    h.staff.send(JSON.stringify({ type: 'send', id: 'reply-1', conversationId, text: 'Yes, 3000 mm.' }));
    await until(
      async () => (await h.relay.store.messagesAfter(conversationId, 0, 10)).length === 2,
      'the stored reply',
    );
    const back = await context.newPage();
    await back.goto(`${h.relay.httpUrl}/`);
    await widget(back).locator('[part=badge]', { hasText: '1' }).waitFor();
    assert.equal(await launcher(back).getAttribute('aria-label'), 'Open chat, 1 unread');
    assert.equal(await widget(back).getAttribute('open'), null, 'nothing opened by itself');
    await context.close();
  });

  it('survives SPA navigation and a body swap with one element and one connection', async () => {
    const { context, page } = await newPage();
    let sockets = 0;
    page.on('websocket', () => sockets++);
    await page.goto(`${h.relay.httpUrl}/spa.html`);
    await openAndWaitOnline(page);
    await page.evaluate(
      () => ((document.querySelector('chat-widget') as HTMLElement & { marker?: number }).marker = 42),
    );
    await page.getByRole('link', { name: 'Page 2' }).click();
    await page.locator('#swap-body').click();
    await page.locator('h1', { hasText: 'Page 2' }).waitFor();
    await until(
      () => page.evaluate(() => document.querySelectorAll('chat-widget').length === 1),
      'the widget re-attached',
    );
    const marker = await page.evaluate(
      () => (document.querySelector('chat-widget') as HTMLElement & { marker?: number }).marker,
    );
    assert.equal(marker, 42, 'the same element instance');
    assert.equal(await widget(page).getAttribute('open'), '', 'still open');
    await composer(page).fill('after the body swap');
    await composer(page).press('Enter');
    await statuses(page)
      .filter({ hasText: /Sent|Delivered|Read/ })
      .first()
      .waitFor();
    assert.equal(sockets, 1, 'one WebSocket for the whole visit');
    await context.close();
  });
});
