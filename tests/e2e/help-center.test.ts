// End-to-end: the help center's portal (issue #42) in real Chromium. Without JavaScript a visitor reads the front
// page, opens an article and searches; with it, the page reports no CSP violation (the JSON-LD block included) and
// shows the site's colour; and axe finds no serious or critical issue. Then the widget's Help tab, on a page with the
// site's loader: the articles, a search, an article read in the panel, back to the chat, and articles suggested
// while the visitor types a first message. A real relay on port 0.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { adminCaller, launchChromium, openSitePage, startE2eRelay, watchCsp } from '../support/e2e.js';

const siteKey = 'pk_help_e2e';
const adminToken = 'st_admin_help_e2e_0123456789abcdef';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let relay: Awaited<ReturnType<typeof startE2eRelay>>;
let browser: Browser;
let base = '';

const admin = adminCaller(() => relay.relay.httpUrl, adminToken);

before(async () => {
  relay = await startE2eRelay({ siteKey, adminToken });
  browser = await launchChromium();
  base = `${relay.relay.httpUrl}/help/${siteKey}`;
  await admin('PATCH', '/v1/admin/settings', { brandColor: '#7c2d12' });
  const collection = await admin('POST', '/v1/admin/help/collections', { name: 'Orders', slug: 'orders' });
  for (const [slug, title, body] of [
    [
      'track-order',
      'Track your order',
      'Each shipment has a **tracking number** in the [confirmation](https://example.com/mail) email.',
    ],
    [
      'return-item',
      'Return an item',
      'You have 30 days to send an item back.\n\n1. Print the label\n2. Drop the parcel at a post office',
    ],
  ])
    await admin('POST', '/v1/admin/help/articles', {
      title,
      slug,
      locale: 'en',
      body,
      summary: `${title}, step by step.`,
      collectionId: collection.id,
      status: 'published',
    });
});
after(async () => {
  await browser?.close();
  await relay?.close();
});

describe('the help center’s portal', () => {
  it('works without JavaScript: the front page, an article, and the search form', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(base);
    assert.equal(await page.locator('h2').first().textContent(), 'Orders');
    await page.getByRole('link', { name: 'Track your order' }).click();
    await page.waitForURL(`${base}/en/track-order`);
    assert.equal(await page.locator('h1').textContent(), 'Track your order');
    assert.equal(await page.locator('.body strong').textContent(), 'tracking number');
    await page.getByRole('searchbox').fill('retrun');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/search\?/);
    assert.match((await page.locator('main').textContent()) ?? '', /Showing results for return/);
    assert.equal(await page.getByRole('link', { name: 'Return an item' }).count(), 1);
    await context.close();
  });

  it('keeps to its CSP with the JSON-LD block, and is themed with the site’s colour', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = await watchCsp(page);
    await page.goto(`${base}/en/track-order`);
    const header = await page.locator('header.top').evaluate((element) => getComputedStyle(element).backgroundColor);
    assert.equal(header, 'rgb(124, 45, 18)');
    const data = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
    assert.equal(data.headline, 'Track your order');
    assert.deepEqual(await violations(), []);
    await context.close();
  });

  it('passes axe with no serious or critical issue on the front page, an article and a search', async () => {
    // axe is injected by the test, which the page's CSP would refuse: bypassed for this context only.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    for (const path of ['', '/en/return-item', '/search?q=order&locale=en']) {
      await page.goto(`${base}${path}`);
      await page.addScriptTag({ content: axeSource });
      const found = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string }[] }> } })
          .axe;
        return (await axe.run()).violations.map((v) => `${v.impact} ${v.id}`);
      });
      assert.deepEqual(
        found.filter((v) => v.startsWith('serious') || v.startsWith('critical')),
        [],
        `${path || '/'}: ${found.join(', ')}`,
      );
    }
    await context.close();
  });

  it('the widget: a Help tab with the articles, a search, an article in the panel, then the chat; suggestions as the visitor types', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      const csp = await watchCsp(page);
      // The site's loader says the site has articles: the element gets `help`.
      const loader = await (await fetch(`${relay.relay.httpUrl}/widget.js?site=${siteKey}`)).text();
      assert.match(loader.split('\n')[0]!, /d\["help"\]\?\?=""/);
      await openSitePage(page, relay.relay.httpUrl, siteKey);
      const widget = page.locator('chat-widget');
      await widget.locator('.launcher').click();
      const helpButton = widget.locator('[part="help-button"]');
      await helpButton.click();
      assert.equal(await helpButton.getAttribute('aria-pressed'), 'true');
      // Before a search: the latest articles, and focus in the search field.
      const titles = widget.locator('.help-list .help-title');
      await titles.first().waitFor();
      assert.deepEqual((await titles.allTextContents()).sort(), ['Return an item', 'Track your order']);
      assert.equal(
        await widget
          .locator('.help-search input')
          .evaluate((input) => input === (input.getRootNode() as ShadowRoot).activeElement),
        true,
      );
      // A search as the visitor types (a typo corrected).
      await widget.locator('.help-search input').fill('trakcing');
      await page.waitForFunction(() => {
        const root = document.querySelector('chat-widget')!.shadowRoot!;
        return (
          [...root.querySelectorAll('.help-list .help-title')].map((e) => e.textContent).join() === 'Track your order'
        );
      });
      // The article in the panel, its link to the portal, and back to the chat with focus in the composer.
      await widget.locator('.help-list .help-item').first().click();
      await widget.locator('.help-article h3').waitFor();
      assert.equal(await widget.locator('.help-article h3').textContent(), 'Track your order');
      assert.match((await widget.locator('.help-body').textContent()) ?? '', /tracking number/);
      assert.equal(
        await widget.locator('.help-center-link').getAttribute('href'),
        `${relay.relay.httpUrl}/help/${siteKey}/en/track-order`,
      );
      await widget.locator('.help-chat-button').click();
      await widget.locator('.panel form textarea').waitFor();
      assert.equal(await widget.locator('.help').count(), 0);
      assert.equal(
        await widget
          .locator('.panel form textarea')
          .evaluate((input) => input === (input.getRootNode() as ShadowRoot).activeElement),
        true,
      );
      // A first message typed: articles that may answer it, above the composer; one opens in the tab.
      await widget.locator('.panel form textarea').pressSequentially('how do I return an ite', { delay: 20 });
      const suggested = widget.locator('[part="help-suggestions"] .help-item');
      await suggested.first().waitFor();
      assert.equal(await suggested.first().textContent(), 'Return an item');
      await suggested.first().click();
      await widget.locator('.help-article h3').waitFor();
      assert.equal(await widget.locator('.help-article h3').textContent(), 'Return an item');
      assert.deepEqual(await csp(), []);
    } finally {
      await page.close();
    }
  });
});
