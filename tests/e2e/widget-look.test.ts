// End-to-end: the site's look (issue #36, point 8) — what the inbox sets (colour, theme, side, pre-chat form,
// welcome) reaches the demo page, whose code names the site alone, on its next load; the page's own attributes still
// override it; and what the visitor is greeted with is what staff see stored. A real relay, real Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { buildWidget, startHarness, storedTexts, until, watchCsp, type Harness } from '../support/widget-harness.js';

let h: Harness;

before(async () => {
  buildWidget();
  h = await startHarness();
});
after(() => h?.close());

const admin = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${h.relay.httpUrl}${path}`, {
    method,
    headers: { authorization: 'Bearer st_admin_test_widget_e2e', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  assert.equal(response.status, 200, `${method} ${path}`);
  return response.json() as Promise<Record<string, unknown>>;
};

const widget = (page: Page) => page.locator('chat-widget');
const launcher = (page: Page) => widget(page).locator('button[part=launcher]');

describe('the site’s look, set in the inbox', () => {
  it('reaches a page whose code names the site alone: the colour and side before the chat loads, then theme, pre-chat form and welcome', async () => {
    await admin('PATCH', '/v1/admin/settings', { brandColor: '#be123c' });
    await admin('PUT', '/v1/admin/widget-look', { theme: 'dark', position: 'left', prechat: 'optional' });
    const automations = (await admin('GET', '/v1/admin/automations')).settings as Record<string, unknown>;
    await admin('PUT', '/v1/admin/automations', {
      ...automations,
      welcome: { enabled: true, texts: { en: 'Welcome to the demo shop!' } },
    });

    const context = await h.browser.newContext({ viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    const cspViolations = await watchCsp(page);
    const served = await (await page.goto(`${h.relay.httpUrl}/`))!.text();
    // The demo's code is `<script src="/widget.js?site=…" async>`: nothing of the look is in the page.
    assert.match(served, /<script src="\/widget\.js\?site=pk_test_widget" async><\/script>/);
    assert.doesNotMatch(served, /data-(accent|theme|position|prechat|welcome)/);
    // The stand-in launcher (no element loaded yet) is drawn in the site's colour, on the left.
    await launcher(page).waitFor();
    assert.equal(await page.evaluate(() => customElements.get('chat-widget') === undefined), true);
    assert.equal(await launcher(page).evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(190, 18, 60)');
    const box = (await launcher(page).boundingBox())!;
    assert.ok(box.x < 600, `the launcher sits on the left (x = ${box.x})`);

    // Open: dark, the optional pre-chat form first; skipped, the site's welcome greets the visitor.
    await launcher(page).click();
    const form = widget(page).locator('form[part=form]');
    await form.waitFor();
    assert.equal(await widget(page).getAttribute('theme'), 'dark');
    const panel = await widget(page)
      .locator('[part=panel]')
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.notEqual(panel, 'rgb(255, 255, 255)', 'a dark panel');
    await form.locator('button.secondary').click();
    const composer = widget(page).locator('textarea[part=input]');
    await composer.waitFor();
    await widget(page).locator('.bubble', { hasText: 'Welcome to the demo shop!' }).waitFor();

    // What staff see stored after the first message is the welcome the visitor saw.
    await composer.fill('Do you ship to Norway?');
    await composer.press('Enter');
    await until(async () => (await storedTexts(h.relay, page)).length >= 2, 'the message and the stored welcome');
    assert.deepEqual((await storedTexts(h.relay, page)).slice(0, 2), [
      'Do you ship to Norway?',
      'Welcome to the demo shop!',
    ]);
    assert.deepEqual(await cspViolations(), []);
    await context.close();
  });

  it('the page’s own attributes still override the site’s choice', async () => {
    await admin('PUT', '/v1/admin/widget-look', { theme: 'dark', position: 'left', prechat: null });
    const context = await h.browser.newContext({ viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    // A page of the site's own, its code with data-theme and data-accent.
    await page.route(`${h.relay.httpUrl}/own-page`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><title>Own</title><script src="/widget.js?site=pk_test_widget" data-theme="light" data-accent="#15803d" async></script>`,
      }),
    );
    await page.goto(`${h.relay.httpUrl}/own-page`);
    await launcher(page).waitFor();
    assert.equal(await launcher(page).evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(21, 128, 61)');
    assert.equal(await widget(page).getAttribute('theme'), 'light');
    assert.equal(await widget(page).getAttribute('position'), 'left', 'what the page did not set is the site’s');
    await context.close();
  });
});
