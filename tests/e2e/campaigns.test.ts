// End-to-end: campaigns (issue #42, docs/campaigns.md) — a campaign made in the admin API reaches the demo page in
// its site's loader, fires on a matching page after its delay and not on another, keeps to its cap across reloads,
// and a reply opens the chat on a conversation that starts with the campaign's message; a button clicked is sent as
// the visitor's message and shown once (issue #81). The built bundles, a real
// relay, real Chromium, the demo page's strict CSP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { buildWidget, startHarness, storedTexts, until, watchCsp, type Harness } from '../support/widget-harness.js';
import { adminCaller } from '../support/e2e.js';

let h: Harness;

before(async () => {
  buildWidget();
  h = await startHarness();
});
after(() => h?.close());

const admin = adminCaller(() => h.relay.httpUrl, 'st_admin_test_widget_e2e');

const DELAY_MS = 2000;
const TEXT = 'Comparing plans? Ask us anything.';
const bubble = (page: Page) => page.locator('div[part=campaign]').locator('.bubble');

/** Waits until the page has been open longer than the campaign's delay, and a bit (the negative cases). */
const pastDelay = (page: Page) =>
  page.waitForFunction((ms) => performance.now() > ms, DELAY_MS + 700, { polling: 100 });

describe('campaigns', () => {
  let id: string;
  let context: BrowserContext;
  before(async () => {
    const created = await admin('POST', '/v1/admin/campaigns', {
      name: 'Pricing',
      variants: [TEXT],
      buttons: ['Talk to sales'],
      urls: ['/?plan=*'],
      delaySeconds: DELAY_MS / 1000,
      frequency: { kind: 'once' },
    });
    id = created.id as string;
    context = await h.browser.newContext({ viewport: { width: 1280, height: 800 } });
  });
  after(() => context?.close());

  it('fires on a matching page after its delay, announced politely, and not on another page', async () => {
    const other = await context.newPage();
    const otherCsp = await watchCsp(other);
    await other.goto(`${h.relay.httpUrl}/`);
    await pastDelay(other);
    assert.equal(await bubble(other).count(), 0, 'no bubble on a page the campaign does not name');
    assert.deepEqual(await otherCsp(), []);
    await other.close();

    const page = await context.newPage();
    const csp = await watchCsp(page);
    // The loader is the campaigns build, with the rules in its first line; nothing else fetched before it fires.
    const requests: string[] = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    await page.goto(`${h.relay.httpUrl}/?plan=pro`);
    await bubble(page).waitFor();
    const shownAt = await page.evaluate(() => performance.now());
    assert.ok(shownAt >= DELAY_MS, `shown after its delay (${Math.round(shownAt)} ms)`);
    assert.deepEqual(
      requests
        .filter((path) => path.startsWith('/widget') || path.startsWith('/v1/'))
        .map((path) => path.replace(/\.[0-9a-f]{10}\.js$/, '.js')),
      ['/widget.js', '/widget/campaign-bubble.js', '/v1/campaigns/event'],
      'the loader; when it fires, the bubble and the beacon that counts it: no element, no socket',
    );
    // In a polite live region, with the sender and the button; focus stays where it was.
    const region = page.locator('div[part=campaign]').locator('[role=status]');
    assert.equal(await region.getAttribute('aria-live'), 'polite');
    assert.match((await region.textContent()) ?? '', /Parley.*Comparing plans\? Ask us anything\..*Talk to sales/s);
    assert.equal(await page.evaluate(() => document.activeElement === document.body), true, 'focus not moved');
    // Escape dismisses it.
    await page.keyboard.press('Escape');
    await until(async () => (await bubble(page).count()) === 0, 'the bubble dismissed');
    assert.deepEqual(await csp(), []);

    // Once per visitor: not again on a reload of the same page.
    await page.reload();
    await pastDelay(page);
    assert.equal(await bubble(page).count(), 0, 'capped: once per visitor');
    await page.close();
  });

  it('a reply opens the chat on a conversation that starts with the campaign’s message', async () => {
    const visitor = await h.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await visitor.newPage();
    const csp = await watchCsp(page);
    await page.goto(`${h.relay.httpUrl}/?plan=team`);
    await bubble(page).waitFor();
    await bubble(page).locator('button.text').click();
    assert.equal(await bubble(page).count(), 0, 'the bubble goes when the chat opens');
    const widget = page.locator('chat-widget');
    await widget.locator('.bubble', { hasText: TEXT }).waitFor();
    await until(async () => (await storedTexts(h.relay, page))[0] === TEXT, 'the campaign message stored first');

    const composer = widget.locator('textarea[part=input]');
    await composer.fill('Which plan has single sign-on?');
    await composer.press('Enter');
    await until(async () => (await storedTexts(h.relay, page)).length >= 2, 'the reply stored');
    assert.deepEqual((await storedTexts(h.relay, page)).slice(0, 2), [TEXT, 'Which plan has single sign-on?']);
    const conversationId = await page.evaluate(
      () => document.querySelector<HTMLElement & { conversationId?: string }>('chat-widget')?.conversationId,
    );
    const [first] = await h.relay.store.messagesAfter(conversationId!, 0, 1);
    assert.equal(first?.author.role, 'bot');
    assert.deepEqual(await csp(), []);

    const stats = (await admin('GET', `/v1/admin/campaigns/${id}/stats`)) as {
      total: { shown: number; opened: number; conversations: number; replied: number };
    };
    assert.deepEqual(
      { ...stats.total, shown: stats.total.shown >= 2 },
      { shown: true, opened: 1, conversations: 1, replied: 1, ratings: 0, csat: null },
    );
    await visitor.close();
  });

  it('a button clicked is sent as the visitor’s message and shown in the chat, once, reload or not', async () => {
    const visitor = await h.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await visitor.newPage();
    const csp = await watchCsp(page);
    await page.goto(`${h.relay.httpUrl}/?plan=enterprise`);
    await bubble(page).waitFor();
    await bubble(page).locator('.buttons button', { hasText: 'Talk to sales' }).click();
    const widget = page.locator('chat-widget');
    // The campaign's message, then the choice as the visitor's own message (the quick replies gone: answered).
    const mine = widget.locator('.msg.mine', { hasText: 'Talk to sales' });
    await mine.waitFor();
    await until(async () => (await storedTexts(h.relay, page)).length === 2, 'the choice stored');
    assert.deepEqual(await storedTexts(h.relay, page), [TEXT, 'Talk to sales']);
    const shown = async () => ({
      campaign: await widget.locator('.msg', { hasText: TEXT }).count(),
      choice: await widget.locator('.msg', { hasText: 'Talk to sales' }).count(),
      mine: await mine.count(),
      quickReplies: await widget.locator('.quick-replies button').count(),
    });
    assert.deepEqual(await shown(), { campaign: 1, choice: 1, mine: 1, quickReplies: 0 });

    // A reload (the chat reopens from its memory, reconnects and resyncs): still once, nothing sent again.
    await page.reload();
    await mine.waitFor();
    await widget.locator('.msg', { hasText: TEXT }).waitFor();
    assert.deepEqual(await shown(), { campaign: 1, choice: 1, mine: 1, quickReplies: 0 });
    assert.deepEqual(await storedTexts(h.relay, page), [TEXT, 'Talk to sales']);
    assert.equal(await bubble(page).count(), 0, 'no bubble for a visitor with a conversation');
    assert.deepEqual(await csp(), []);
    await visitor.close();
  });

  it('a paused campaign is gone from the site’s loader: the plain one again', async () => {
    await admin('PATCH', `/v1/admin/campaigns/${id}`, { status: 'paused' });
    const visitor = await h.browser.newContext();
    const page = await visitor.newPage();
    await page.goto(`${h.relay.httpUrl}/?plan=pro`);
    await pastDelay(page);
    assert.equal(await bubble(page).count(), 0);
    assert.equal(
      await page.evaluate(() => document.querySelector('script[src*="widget.js"]')?.hasAttribute('data-campaigns')),
      false,
    );
    await visitor.close();
  });
});
