// End-to-end: the inbox designed for a phone (issue #43, docs/agent-app.md), in Chromium with a phone's viewport and
// touch. The list, the thread and the visitor panel are screens that the browser's back button goes back through; the
// main views are a bottom bar; the composer stays above the keyboard; every control is a 44 px touch target.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type WebSocket from 'ws';
import { buildWidget, helloSocket, startAdminHarness, type AdminHarness } from '../support/admin-harness.js';

let h: AdminHarness;
const visitors: WebSocket[] = [];

before(async () => {
  buildWidget();
  h = await startAdminHarness();
  for (const name of ['Ana', 'Bo']) {
    const visitor = await helloSocket(h.relay.wsUrl, { siteKey: 'pk_test_admin', name });
    visitor.send(JSON.stringify({ type: 'send', id: `phone-${name}`, text: `Hello from ${name}` }));
    visitors.push(visitor);
  }
});
after(async () => {
  for (const visitor of visitors) visitor.close();
  await h?.close();
});

/**
 * The visible controls smaller than 44 × 44 px (a checkbox or radio: 22 px, inside a label that is larger), across
 * shadow roots. Plain JavaScript, not a function: the TypeScript loader would add helpers the page does not have.
 */
const SMALL_TARGETS = `(() => {
  const small = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('button, select, input, textarea, summary, [role=option], a.button')) {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
      if (box.bottom <= 0 || box.top >= innerHeight) continue;
      const tick = el.type === 'checkbox' || el.type === 'radio';
      const min = tick ? 22 : 44;
      const wide = el.tagName === 'SUMMARY' || tick ? true : box.width >= 44;
      if (box.height < min - 0.5 || !wide)
        small.push((el.id ? '#' + el.id : el.tagName.toLowerCase() + '.' + [...el.classList].join('.')) + ' ' +
          Math.round(box.width) + 'x' + Math.round(box.height) + ' "' + (el.textContent || el.ariaLabel || '').trim().slice(0, 20) + '"');
    }
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
  };
  walk(document);
  return small;
})()`;

async function touchTargets(page: Page, where: string): Promise<void> {
  const small = (await page.evaluate(SMALL_TARGETS)) as string[];
  assert.deepEqual(small, [], `${where}: controls under 44 px`);
}

describe('the inbox on a phone', () => {
  for (const width of [360, 390]) {
    it(`at ${width} px: screens with back navigation, a bottom bar, the composer above the keyboard, 44 px targets`, async () => {
      const context = await h.browser.newContext({
        viewport: { width, height: 760 },
        hasTouch: true,
        isMobile: true,
      });
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await h.signIn(page);
      const shell = page.locator('chat-admin');
      const list = shell.locator('[part=conversation-list]');
      const thread = shell.locator('[part=conversation]');
      const panel = shell.locator('.visitor-panel');
      await list.locator('[role=option]').nth(1).waitFor();
      await page.waitForLoadState('networkidle');

      // The list: the main views are a bar at the bottom of the screen, all in view, each a touch target.
      const bar = shell.locator('.topbar nav');
      const box = (await bar.boundingBox())!;
      assert.equal(Math.round(box.y + box.height), 760, 'the bar is at the bottom of the screen');
      assert.equal(Math.round(box.width), width, 'the bar spans the screen');
      const tabs = await bar.locator('.tab').evaluateAll((buttons) =>
        buttons.map((button) => {
          const { left, right, height } = button.getBoundingClientRect();
          return { left, right, height, label: button.textContent!.trim() };
        }),
      );
      assert.ok(tabs.length >= 4, 'the main views');
      for (const tab of tabs) {
        assert.ok(tab.left >= 0 && tab.right <= width + 0.5, `${tab.label} in view`);
        assert.ok(tab.height >= 44, `${tab.label} is ${tab.height} px tall`);
      }
      await touchTargets(page, 'the list');
      const entries = await page.evaluate(() => history.length);

      // A conversation: a screen of its own, in the history; the bar makes room for the composer.
      await list.locator('[role=option]', { hasText: 'Ana' }).tap();
      await shell.locator('#composer-input').waitFor();
      await page.waitForURL(/#conversation=/);
      assert.equal(await list.isVisible(), false, 'the thread alone');
      assert.equal(await bar.isVisible(), false, 'no bar in a conversation');
      assert.equal(await page.evaluate(() => history.length), entries + 1, 'the thread is a history entry');
      await page.waitForLoadState('networkidle');
      await touchTargets(page, 'the thread');
      // A control's menu opens over the screen, whole, though its button is in a row that scrolls sideways.
      const snooze = shell.locator('details.snooze');
      await snooze.locator('summary').tap();
      const menu = snooze.locator('.snooze-menu');
      await menu.waitFor();
      const menuBox = (await menu.boundingBox())!;
      assert.ok(
        menuBox.x >= 0 && menuBox.x + menuBox.width <= width,
        `the menu in the screen: ${JSON.stringify(menuBox)}`,
      );
      const first = menu.locator('button').first();
      const hit = await first.evaluate((button) => {
        const { left, top, width: w, height: h } = button.getBoundingClientRect();
        const root = button.getRootNode() as ShadowRoot;
        return root.elementFromPoint(left + w / 2, top + h / 2) === button;
      });
      assert.ok(hit, 'the menu’s first choice can be tapped (not clipped, not covered)');
      await snooze.locator('summary').tap();
      await menu.waitFor({ state: 'hidden' });

      // The visitor panel: one more screen.
      await shell.getByRole('button', { name: 'Visitor', exact: true }).tap();
      await panel.waitFor();
      assert.equal(Math.round((await panel.boundingBox())!.width), width, 'the visitor panel fills the screen');
      await touchTargets(page, 'the visitor panel');

      // The browser's back button goes back a screen at a time, and forward again.
      await page.goBack();
      await panel.waitFor({ state: 'hidden' });
      assert.ok(await thread.isVisible(), 'back: the thread');
      assert.match(page.url(), /#conversation=/);
      await page.goBack();
      await list.waitFor();
      assert.equal(await thread.isVisible(), false, 'back again: the list');
      assert.ok(await bar.isVisible(), 'the bar is back');
      await page.goForward();
      await thread.waitFor();
      assert.equal(await list.isVisible(), false, 'forward: the thread again');

      // The in-app back buttons go through the same history: forward brings the screen they left back.
      await shell.getByRole('button', { name: 'Visitor', exact: true }).tap();
      await panel.waitFor();
      await panel.getByRole('button', { name: 'Close' }).tap();
      await panel.waitFor({ state: 'hidden' });
      await shell.locator('.back').tap();
      await list.waitFor();
      assert.equal(await page.evaluate(() => history.length), entries + 2, 'no entries piled up');
      await page.goForward();
      await thread.waitFor();

      // The keyboard up (the visual viewport shrinks to 400 px; the layout viewport does not, as in Safari): the
      // composer and its send button stay in view above it.
      await shell.locator('#composer-input').tap();
      await page.evaluate(() => {
        Object.defineProperty(visualViewport, 'height', { value: 400, configurable: true });
        visualViewport!.dispatchEvent(new Event('resize'));
      });
      for (const control of [
        shell.locator('#composer-input'),
        shell.getByRole('button', { name: 'Send', exact: true }),
      ]) {
        const rect = (await control.boundingBox())!;
        assert.ok(rect.y >= 0 && rect.y + rect.height <= 400, `above the keyboard: ${JSON.stringify(rect)}`);
      }
      assert.ok(await shell.locator('.msg.visitor').first().isVisible(), 'the thread still shows its messages');
      await page.evaluate(() => {
        delete (visualViewport as unknown as Record<string, unknown>).height;
        visualViewport!.dispatchEvent(new Event('resize'));
      });
      const composer = (await shell.locator('.composer').boundingBox())!;
      assert.ok(composer.y + composer.height > 700, 'the keyboard down: the composer at the bottom again');

      // A main view from the bar.
      await shell.locator('.back').tap();
      await bar.getByRole('button', { name: 'Contacts' }).tap();
      await shell.locator('.page-loading').waitFor({ state: 'detached' });
      await page.waitForLoadState('networkidle');
      assert.equal(
        await bar
          .locator('[aria-current=page]')
          .textContent()
          .then((text) => text?.trim()),
        'Contacts',
      );
      assert.deepEqual(pageErrors, []);
      await context.close();
    });
  }

  it('at 390 px with touch: a notification clicked (through the real service worker) opens its conversation’s screen', async () => {
    const context = await h.browser.newContext({
      viewport: { width: 390, height: 760 },
      hasTouch: true,
      isMobile: true,
      permissions: ['notifications'],
    });
    const page = await context.newPage();
    await h.signIn(page);
    const shell = page.locator('chat-admin');
    const list = shell.locator('[part=conversation-list]');
    await list.locator('[role=option]', { hasText: 'Bo' }).waitFor();
    const listed = await h.api('GET', '/v1/admin/conversations');
    const bo = (listed.body.items as Array<{ id: string; visitor: { name?: string } }>).find(
      (item) => item.visitor.name === 'Bo',
    )!.id;
    // On another main view (Contacts, from the bottom bar) when the notification is clicked.
    await shell.locator('.topbar nav').getByRole('button', { name: 'Contacts' }).tap();
    await shell.locator('.page-loading').waitFor({ state: 'detached' });
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
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    // The notification as the worker shows a push, then the event a tap on it fires (DevTools cannot tap one).
    await worker.evaluate(
      async ({ conversationId }) => {
        const scope = self as unknown as { registration: ServiceWorkerRegistration; dispatchEvent(e: Event): boolean };
        const NotificationEvent = (self as unknown as { NotificationEvent: new (type: string, init: object) => Event })
          .NotificationEvent;
        await scope.registration.showNotification('New message from Bo', {
          tag: `conversation:${conversationId}`,
          data: { conversationId, siteId: 'default', seq: 1 },
        });
        const [notification] = await scope.registration.getNotifications();
        scope.dispatchEvent(new NotificationEvent('notificationclick', { notification: notification! }));
      },
      { conversationId: bo },
    );
    // The conversation's own screen: its messages and composer, the list and the bar out of the way, its address.
    await shell.locator('.msg', { hasText: 'Hello from Bo' }).waitFor();
    await shell.locator('#composer-input').waitFor();
    await page.waitForURL(new RegExp(`#conversation=${bo}`));
    assert.equal(await list.isVisible(), false, 'the thread alone');
    assert.equal(await shell.locator('.topbar nav').isVisible(), false, 'no bar in a conversation');
    // Opened is read: its notification went.
    assert.deepEqual(
      await worker.evaluate(
        async () =>
          (await (self as unknown as { registration: ServiceWorkerRegistration }).registration.getNotifications())
            .length,
      ),
      0,
    );
    await context.close();
  });
});
