// End-to-end: the conversation list's swipes and long press on a phone (issue #43, docs/agent-app.md), in Chromium
// with a phone's viewport and real touch (the DevTools protocol's `Input.dispatchTouchEvent`, so the browser's own
// touch-action, scrolling and gestures apply). A swipe left resolves a conversation on the relay, a swipe right
// assigns it to the member, a long press opens the row's menu, and a vertical drag scrolls the list and does nothing
// else.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CDPSession, Locator, Page } from 'playwright-core';
import type WebSocket from 'ws';
import { buildWidget, helloSocket, startAdminHarness, until, type AdminHarness } from '../support/admin-harness.js';

let h: AdminHarness;
const visitors: WebSocket[] = [];

before(async () => {
  buildWidget();
  h = await startAdminHarness();
  // More conversations than the screen shows, so the list scrolls.
  for (let index = 1; index <= 12; index++) {
    const name = `Swipe ${String(index).padStart(2, '0')}`;
    const visitor = await helloSocket(h.relay.wsUrl, { siteKey: 'pk_test_admin', name });
    visitor.send(JSON.stringify({ type: 'send', id: `swipe-${index}`, text: `Hello from ${name}` }));
    visitors.push(visitor);
  }
});
after(async () => {
  for (const visitor of visitors) visitor.close();
  await h?.close();
});

type Point = { x: number; y: number };

/** A finger down at `from`, moved to `to` in `steps` (a frame apart), and lifted unless `lift` is false. */
async function drag(cdp: CDPSession, from: Point, to: Point, steps = 10, lift = true): Promise<void> {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [from] });
  for (let step = 1; step <= steps; step++) {
    const x = from.x + ((to.x - from.x) * step) / steps;
    const y = from.y + ((to.y - from.y) * step) / steps;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
    await new Promise((resolve) => setTimeout(resolve, 16));
  }
  if (lift) await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

async function center(row: Locator): Promise<Point> {
  const box = (await row.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function conversationOf(row: Locator): Promise<{ id: string; status: string; assigneeId: string | null }> {
  const id = (await row.getAttribute('id'))!.slice('option-'.length);
  return (await h.api('GET', `/v1/admin/conversations/${id}`)).body;
}

async function said(page: Page): Promise<string> {
  return (await page.locator('chat-admin chat-admin-row-menu [role=status]').textContent())?.trim() ?? '';
}

describe('the conversation list’s gestures on a phone', () => {
  it('swipe left resolves, swipe right assigns to me, a long press opens the menu, a vertical drag only scrolls', async () => {
    const context = await h.browser.newContext({
      viewport: { width: 390, height: 640 },
      hasTouch: true,
      isMobile: true,
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await h.signIn(page);
    const shell = page.locator('chat-admin');
    const list = shell.locator('[part=conversation-list]');
    const rows = list.locator('[role=option]');
    await rows.nth(11).waitFor({ state: 'attached' });
    await shell.locator('chat-admin-row-menu').waitFor({ state: 'attached' });
    await page.waitForLoadState('networkidle');
    const cdp = await context.newCDPSession(page);
    const me = (await h.api('GET', '/v1/admin/me')).body as { id: string };

    // A vertical drag scrolls the list, and neither acts on a row, opens one, nor opens a menu.
    const before = await Promise.all([0, 1, 2, 3].map((index) => conversationOf(rows.nth(index))));
    const start = await center(rows.nth(3));
    assert.equal(await list.evaluate((element) => element.scrollTop), 0);
    await drag(cdp, start, { x: start.x - 8, y: start.y - 220 }, 12);
    await until(async () => (await list.evaluate((element) => element.scrollTop)) > 100, 'the list to scroll');
    assert.equal(await rows.locator('[data-swipe]').count(), 0, 'no row slid');
    assert.equal(await shell.locator('.row-menu').count(), 0, 'no menu');
    assert.equal(await shell.locator('[part=conversation]').isVisible(), false, 'no conversation opened');
    for (const [index, was] of before.entries())
      assert.deepEqual(await conversationOf(rows.nth(index)), was, 'nothing changed on the relay');
    // The drag ends in a fling; the list goes back to the top once it has come to rest.
    await until(async () => {
      const was = await list.evaluate((element) => element.scrollTop);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return (await list.evaluate((element) => element.scrollTop)) === was;
    }, 'the fling to stop');
    await list.evaluate((element) => (element.scrollTop = 0));

    // Swipe left: resolved on the relay, and said.
    const first = rows.first();
    const firstId = (await first.getAttribute('id'))!;
    const name = (await first.locator('.name').textContent())!.trim();
    const from = await center(first);
    await drag(cdp, { x: from.x + 60, y: from.y }, { x: from.x - 90, y: from.y + 6 });
    await until(async () => (await conversationOf(first)).status === 'resolved', 'the relay to store it resolved');
    await until(async () => (await said(page)) === `Resolved: ${name}`, 'the swipe said politely');
    assert.equal(await shell.locator('[part=conversation]').isVisible(), false, 'the swipe opened nothing');
    // The open list lets it go once it reads itself again.
    await shell.locator(`[id="${firstId}"]`).waitFor({ state: 'detached' });

    // Swipe right: assigned to the member signed in.
    const second = rows.first();
    const secondName = (await second.locator('.name').textContent())!.trim();
    assert.equal((await conversationOf(second)).assigneeId, null);
    const at = await center(second);
    await drag(cdp, { x: at.x - 60, y: at.y }, { x: at.x + 90, y: at.y - 5 });
    await until(async () => (await conversationOf(second)).assigneeId === me.id, 'the relay to store it assigned');
    await until(async () => (await said(page)).endsWith(`: ${secondName}`), 'the assignment said politely');

    // A long press: the row's menu, a real menu, focused; Escape closes it and gives focus back to the row.
    // Named by its id: the list reads itself again after the assignment, and a place in it could name another row.
    const third = shell.locator(`[id="${await rows.nth(1).getAttribute('id')}"]`);
    const held = await center(third);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [held] });
    const menu = shell.locator('.row-menu');
    await menu.waitFor();
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    assert.equal(await menu.getAttribute('role'), 'menu');
    const items = await menu.locator('[role^=menuitem]').allTextContents();
    assert.ok(
      ['Resolve', 'Unassigned', 'Label…', 'Later today'].every((item) => items.some((text) => text.trim() === item)),
      `the menu's items: ${items.join(', ')}`,
    );
    assert.equal(
      await menu.evaluate((element) => (element.getRootNode() as ShadowRoot).activeElement?.getAttribute('role')),
      'menuitem',
      'focus in the menu',
    );
    assert.equal(await shell.locator('[part=conversation]').isVisible(), false, 'the hold opened nothing');
    // The sheet slides in (0.15 s); measured where it comes to rest, not on its way.
    await menu.evaluate((element) =>
      Promise.all(
        element
          .closest('.row-sheet')!
          .getAnimations()
          .map((animation) => animation.finished),
      ),
    );
    const box = (await menu.boundingBox())!;
    assert.ok(box.x >= 0 && box.x + box.width <= 390 && box.y + box.height <= 640.5, 'the menu in the screen');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    assert.equal(
      await third.evaluate((row) => (row.getRootNode() as ShadowRoot).activeElement === row),
      true,
      'focus back on the row',
    );

    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
