// Screenshots of the staff inbox on a phone (issue #43), for a human look: at 360 and 390 px, light and dark, with
// touch, every view of the inbox (the list, a row swiped left past the threshold and right short of it, a row's
// long-press menu, the Notifications dialog, a conversation, its visitor panel, the composer with the keyboard up)
// and every page of the bottom bar.
//   node --conditions=source --import tsx tests/support/phone-screenshots.ts [outDir]
// Writes phone-<width>-<scheme>-<view>.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_TOKEN, buildWidget, helloSocket, startAdminHarness } from './admin-harness.js';

const outDir = process.argv[2] ?? '/tmp/parley-phone-shots';
mkdirSync(outDir, { recursive: true });

buildWidget();
const h = await startAdminHarness();
const visitors = [];
for (const [name, texts] of [
  ['Ingrid Larsen-Bjørnstad', ['Hi! Do you ship to Norway?', 'The green Trekker 2, size 2.']],
  ['Sam Okafor', ['My order #4412 has not arrived yet.']],
  [undefined, ['Hello?']],
] as const) {
  const ws = await helloSocket(h.relay.wsUrl, {
    siteKey: 'pk_test_admin',
    ...(name && { name }),
    context: { url: 'https://shop.example.com/tents/trekker-2', title: 'Trekker 2', timezone: 'Europe/Oslo' },
  });
  for (const [i, text] of texts.entries())
    ws.send(JSON.stringify({ type: 'send', id: `p${visitors.length}${i}`, text }));
  visitors.push(ws);
}

try {
  for (const width of [360, 390]) {
    for (const scheme of ['light', 'dark'] as const) {
      const context = await h.browser.newContext({
        viewport: { width, height: 780 },
        colorScheme: scheme,
        hasTouch: true,
        isMobile: true,
        deviceScaleFactor: 1,
      });
      const page = await context.newPage();
      const shell = page.locator('chat-admin');
      const shot = (view: string) => page.screenshot({ path: join(outDir, `phone-${width}-${scheme}-${view}.png`) });
      await page.goto(`${h.relay.httpUrl}/admin`);
      await shell.getByRole('button', { name: 'Sign in with an API token instead' }).click();
      await shot('sign-in');
      await shell.locator('#token').fill(ADMIN_TOKEN);
      await shell.getByRole('button', { name: 'Sign in', exact: true }).click();
      await shell.locator('[role=option]').nth(2).waitFor();
      await page.waitForLoadState('networkidle');
      await shot('list');
      // Real touch (the DevTools protocol's), held mid-gesture for the picture.
      const cdp = await context.newCDPSession(page);
      const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd' | 'touchCancel', x?: number, y?: number) =>
        cdp.send('Input.dispatchTouchEvent', { type, touchPoints: x === undefined ? [] : [{ x, y: y! }] });
      const row = shell.locator('[role=option]').first();
      const box = (await row.boundingBox())!;
      const y = box.y + box.height / 2;
      for (const [view, from, to] of [
        ['swipe-resolve', box.x + box.width - 40, box.x + box.width - 150],
        ['swipe-assign', box.x + box.width / 2 - 30, box.x + box.width / 2 + 30],
      ] as const) {
        await touch('touchStart', from, y);
        for (let step = 1; step <= 8; step++) await touch('touchMove', from + ((to - from) * step) / 8, y);
        await shot(view);
        await touch('touchCancel');
        await shell.locator('[role=option][data-swipe]').waitFor({ state: 'detached' });
      }
      await touch('touchStart', box.x + box.width / 2, y);
      await shell.locator('.row-menu').waitFor();
      await touch('touchEnd');
      await shot('row-menu');
      await page.keyboard.press('Escape');
      await shell.locator('.row-menu').waitFor({ state: 'detached' });
      // The Mentions view of the list (notes naming this member), then back to all conversations.
      await shell.locator('.views button', { hasText: 'Mentions' }).click();
      await page.waitForLoadState('networkidle');
      await shot('mentions');
      await shell.locator('.views button', { hasText: 'All' }).click();
      await shell.locator('[role=option]').first().waitFor();
      // The member's own preferences: notifications, and keeping the last conversations for offline.
      await shell.locator('#settings-button').click();
      await shell.locator('#offline-recent').waitFor();
      await shot('preferences');
      await shell.getByRole('button', { name: 'Close', exact: true }).click();
      await shell.locator('dialog').waitFor({ state: 'detached' });
      await shell.locator('[role=option]', { hasText: 'Ingrid' }).click();
      await shell.locator('#composer-input').waitFor();
      // Its messages come over the socket, which the network's idleness does not wait for.
      await shell.locator('.msg', { hasText: 'The green Trekker 2' }).waitFor();
      await page.waitForLoadState('networkidle');
      await shot('thread');
      await shell.locator('#composer-input').fill('Yes, we ship to Norway in 3 to 5 days.');
      // The keyboard up: the visual viewport shrinks to 420 px (what a phone's keyboard leaves).
      await page.evaluate(() => {
        Object.defineProperty(visualViewport, 'height', { value: 420, configurable: true });
        visualViewport!.dispatchEvent(new Event('resize'));
      });
      await shot('keyboard');
      await page.evaluate(() => {
        delete (visualViewport as unknown as Record<string, unknown>).height;
        visualViewport!.dispatchEvent(new Event('resize'));
      });
      await shell.getByRole('button', { name: 'Visitor', exact: true }).click();
      await shell.locator('.visitor-panel').waitFor();
      await shot('visitor');
      await page.goBack();
      await page.goBack();
      await shell.locator('[part=conversation-list]').waitFor();
      const tabs = (await shell.locator('.topbar nav .tab').allTextContents()).map((tab) => tab.trim());
      for (const label of tabs.filter((tab) => tab !== 'Inbox')) {
        await shell.locator('.topbar nav').getByRole('button', { name: label }).click();
        await shell.locator('.page-loading').waitFor({ state: 'detached' });
        await page.waitForLoadState('networkidle');
        await shot(label.toLowerCase().replace(/\W+/g, '-'));
      }
      await context.close();
    }
  }
  console.log(`screenshots in ${outDir}`);
} finally {
  for (const ws of visitors) ws.close();
  await h.close();
}
