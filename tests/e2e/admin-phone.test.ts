// End-to-end: the staff inbox on a phone (issue #36, point 4). At 360 px no page of the inbox or the settings area
// may be wider than the screen (it scrolled sideways at 390 px: 516 px wide), and the inbox is one screen at a time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type WebSocket from 'ws';
import {
  ADMIN_TOKEN,
  buildWidget,
  helloSocket,
  startAdminHarness,
  type AdminHarness,
} from '../support/admin-harness.js';

let h: AdminHarness;
let visitor: WebSocket | undefined;

before(async () => {
  buildWidget();
  h = await startAdminHarness();
  // One conversation, so the list, the thread and the visitor panel have something to show.
  visitor = await helloSocket(h.relay.wsUrl, {
    siteKey: 'pk_test_admin',
    name: 'Ingrid Larsen-Bjørnstad',
    email: 'ingrid.larsen-bjornstad@example.no',
    context: {
      url: 'https://shop.example.com/tents/trekker-2?colour=green&size=2',
      title: 'Trekker 2',
      timezone: 'Europe/Oslo',
      locale: 'nb-NO',
    },
  });
  const acked = new Promise<void>((resolve) =>
    visitor!.on('message', (data: WebSocket.RawData) => {
      if ((JSON.parse(data.toString()) as { type: string }).type === 'ack') resolve();
    }),
  );
  visitor.send(
    JSON.stringify({
      type: 'send',
      id: 'phone1',
      text: 'Hi! Do you ship to Norway? https://shop.example.com/tents/trekker-2-ultralight-green-edition-2026',
    }),
  );
  await acked;
});
after(async () => {
  visitor?.close();
  await h?.close();
});

const WIDTH = 360;

/** The page's width, and what sticks out past the screen's right edge when it is too wide (for the message). */
/**
 * The page's width, and what sticks out past the screen's right edge (for the message). Plain JavaScript, not a
 * function: the TypeScript loader would add helpers the page does not have.
 */
const OVERFLOW = `(() => {
  const wide = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.right > ${WIDTH} + 1)
        wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '.' + [...el.classList].join('.') + ' ' + Math.round(box.right));
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  // The page's own scroll areas (the settings area's main, a page's main) do not scroll sideways either.
  const areas = [];
  const find = (root) => {
    for (const el of root.querySelectorAll('main, .page, .log, .list')) areas.push(el);
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) find(el.shadowRoot);
  };
  find(document);
  const sideways = areas
    .filter((el) => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
    .map((el) => el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' ' + el.scrollWidth);
  return { width: document.scrollingElement.scrollWidth, wide: wide.slice(0, 12), sideways };
})()`;

async function overflow(page: Page): Promise<{ width: number; wide: string[]; sideways: string[] }> {
  return page.evaluate(OVERFLOW);
}

async function fits(page: Page, where: string): Promise<void> {
  const { width, wide, sideways } = await overflow(page);
  if (process.env.SHOW_WIDE && wide.length) console.log(where, width, wide.join(', '));
  assert.ok(width <= WIDTH, `${where}: the page is ${width} px wide at ${WIDTH} px; too wide: ${wide.join(', ')}`);
  assert.deepEqual(sideways, [], `${where}: scrolls sideways inside the page`);
}

describe('the inbox on a phone (360 px)', () => {
  it('every inbox page and every settings page fits the screen, and the inbox is list, thread, visitor panel in turn', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const context = await h.browser.newContext({ viewport: { width: WIDTH, height: 740 }, colorScheme: scheme });
      const page = await context.newPage();
      const shell = page.locator('chat-admin');
      await page.goto(`${h.relay.httpUrl}/admin`);
      await shell.getByRole('button', { name: 'Sign in with an API token instead' }).click();
      await fits(page, 'sign-in');
      await shell.locator('#token').fill(ADMIN_TOKEN);
      await shell.getByRole('button', { name: 'Sign in', exact: true }).click();
      await shell.locator('[role=option]').first().waitFor();
      await fits(page, 'inbox: the list');
      assert.equal(await shell.locator('.conversation').isVisible(), false, 'the list alone');

      await shell.locator('[role=option]').first().click();
      await shell.locator('.msg').first().waitFor();
      await fits(page, 'inbox: the thread');
      assert.equal(await shell.locator('[part=conversation-list]').isVisible(), false, 'the thread alone');
      await shell.getByRole('button', { name: 'Visitor', exact: true }).click();
      await shell.locator('.visitor-panel').waitFor();
      await fits(page, 'inbox: the visitor panel');
      const panel = await shell.locator('.visitor-panel').boundingBox();
      assert.equal(Math.round(panel!.width), WIDTH, 'the visitor panel is a screen of its own');
      await shell.getByRole('button', { name: 'Close' }).first().click();
      await shell.locator('.back').click();
      await shell.locator('[part=conversation-list]').waitFor();

      const tabs = await shell.locator('.topbar nav .tab').allTextContents();
      for (const label of tabs.map((tab) => tab.trim()).filter((tab) => tab !== 'Inbox')) {
        await shell.locator('.topbar nav').getByRole('button', { name: label }).click();
        await shell.locator('.page-loading').waitFor({ state: 'detached' });
        await page.waitForLoadState('networkidle');
        await fits(page, label);
      }
      // The tabs are one row that scrolls sideways, with the current one in view.
      const tabRow = await shell.locator('.topbar nav').boundingBox();
      assert.ok(tabRow!.height < 60, `the tabs take ${tabRow!.height} px`);
      const settingsTab = await shell.locator('.topbar nav .tab[aria-current=page]').boundingBox();
      assert.ok(settingsTab!.x >= 0 && settingsTab!.x + settingsTab!.width <= WIDTH + 1, 'the current tab in view');
      const links = await shell.locator('chat-admin-settings nav a').allTextContents();
      assert.ok(links.length > 5, 'the settings area lists its pages');
      for (const label of links.map((link) => link.trim())) {
        await shell.locator('chat-admin-settings nav').getByRole('link', { name: label, exact: true }).click();
        await page.waitForLoadState('networkidle');
        await shell.locator('.page-loading').waitFor({ state: 'detached' });
        await fits(page, `settings: ${label}`);
        // The links are one row that scrolls sideways, with the current one in view.
        const nav = await shell.locator('chat-admin-settings nav').boundingBox();
        assert.ok(nav!.height < 70, `settings: the links take ${nav!.height} px`);
        const current = await shell.locator('chat-admin-settings nav a[aria-current=page]').boundingBox();
        assert.ok(current!.x >= 0 && current!.x + current!.width <= WIDTH + 1, `settings: ${label}'s link in view`);
      }
      await context.close();
    }
  });
});
