// End-to-end: a returning visitor sees their conversation after a reload — their messages and staff's replies, in
// order, under the site's welcome — in real Chromium, from a real relay.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildWidget, startHarness, storedTexts, until, type Harness } from '../support/widget-harness.js';

let h: Harness;

before(async () => {
  buildWidget();
  h = await startHarness();
});
after(() => h?.close());

describe('widget: a reload', () => {
  it('shows the conversation so far after a reload, not only the welcome', async () => {
    const context = await h.browser.newContext({ viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${h.relay.httpUrl}/`);
    const widget = page.locator('chat-widget');
    await widget.locator('button[part=launcher]').click();
    const composer = widget.locator('textarea[part=input]');
    await composer.waitFor();
    await widget.locator('[part=presence]', { hasNotText: 'Connecting' }).waitFor();
    for (const text of ['first before the reload', 'second before the reload']) {
      await composer.fill(text);
      await composer.press('Enter');
    }
    await until(async () => (await storedTexts(h.relay, page)).length === 2, 'both stored');

    await page.reload();
    // The panel stays open across the reload (the tab remembers it); the messages come back.
    const bubbles = widget.locator('.msg .bubble');
    await until(async () => (await bubbles.count()) >= 2, 'the messages after the reload');
    const texts = await bubbles.allTextContents();
    assert.deepEqual(
      texts.filter((text) => text.includes('before the reload')),
      ['first before the reload', 'second before the reload'],
    );
    await context.close();
  });
});
