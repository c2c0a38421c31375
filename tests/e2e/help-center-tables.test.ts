// End-to-end: a help article's table (issue #81) is drawn with rules, its header row marked, its columns aligned by
// class (no style attribute the portal's CSP would refuse), and a table wider than a phone scrolls sideways on its
// own instead of widening the article or the page: in the portal at 390 and 1280 px, light and dark, and in the widget's Help
// tab. A real relay on port 0, real Chromium.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { adminCaller, launchChromium, openSitePage, startE2eRelay, watchCsp } from '../support/e2e.js';

const siteKey = 'pk_help_tables_e2e';
const adminToken = 'st_admin_help_tables_e2e_0123456789';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const TABLE = [
  'Pick your size from the chest measurement; a size chart as a shop writes one, too wide for a phone.',
  '',
  '| Size | Chest (cm) | Waist (cm) | Hips (cm) | Sleeve (cm) | EU | UK | US | With a fleece underneath |',
  '| :--- | ---------: | ---------: | --------: | ----------: | -: | -: | -: | :----------------------: |',
  '| S | 86–90 | 72–76 | 88–92 | 61 | 46 | 36 | 36 | take M |',
  '| M | 94–98 | 80–84 | 96–100 | 62 | 50 | 40 | 40 | yes |',
  '| L | 102–106 | 88–92 | 104–108 | 63 | 54 | 44 | 44 | yes |',
].join('\n');

let relay: Awaited<ReturnType<typeof startE2eRelay>>;
let browser: Browser;
let base = '';

const admin = adminCaller(() => relay.relay.httpUrl, adminToken);

/** What the browser drew of the table in `body` (the article's element): rules, header, alignment, overflow. */
function measure(body: Locator) {
  return body.evaluate((element) => {
    const style = (selector: string) => getComputedStyle(element.querySelector(selector)!);
    const td = style('tbody td');
    const th = style('thead th');
    // The colour the table is drawn on: the nearest background that is not transparent (out of a shadow root too).
    let under = '';
    for (let at: Element | null = element; at && !under;) {
      const colour = getComputedStyle(at).backgroundColor;
      if (colour !== 'rgba(0, 0, 0, 0)') under = colour;
      at = at.parentElement ?? ((at.getRootNode() as ShadowRoot).host as Element | undefined) ?? null;
    }
    return {
      cellBorder: `${td.borderTopWidth} ${td.borderTopStyle}`,
      cellBorderColor: td.borderTopColor,
      background: under || 'rgb(255, 255, 255)',
      headerBackground: th.backgroundColor,
      headerRule: parseFloat(th.borderBottomWidth),
      rightAligned: style('tbody td.align-right').textAlign,
      centred: style('tbody td.align-center').textAlign,
      styleAttributes: element.querySelectorAll('[style]').length,
      // The table scrolls sideways on its own when it is wider than the article; the article and page never do.
      tableScrolls: element.querySelector('table')!.scrollWidth > element.querySelector('table')!.clientWidth,
      bodyOverflow: element.scrollWidth - element.clientWidth,
      pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    };
  });
}

before(async () => {
  relay = await startE2eRelay({ siteKey, adminToken });
  browser = await launchChromium();
  base = `${relay.relay.httpUrl}/help/${siteKey}`;
  await admin('POST', '/v1/admin/help/articles', {
    title: 'Size guide',
    slug: 'size-guide',
    locale: 'en',
    body: TABLE,
    summary: 'Which size to pick.',
    status: 'published',
  });
});
after(async () => {
  await browser?.close();
  await relay?.close();
});

describe('a help article’s table', () => {
  for (const colorScheme of ['light', 'dark'] as const)
    for (const width of [390, 1280])
      it(`is drawn with rules in the portal at ${width} px, ${colorScheme}, under its CSP`, async () => {
        const context = await browser.newContext({ colorScheme, viewport: { width, height: 800 } });
        const page = await context.newPage();
        try {
          const csp = await watchCsp(page);
          await page.goto(`${base}/en/size-guide`);
          const drawn = await measure(page.locator('.body'));
          assert.equal(drawn.cellBorder, '1px solid');
          assert.notEqual(drawn.cellBorderColor, drawn.background, 'a rule that shows');
          assert.notEqual(drawn.headerBackground, drawn.background, 'the header row is marked');
          assert.ok(drawn.headerRule >= 2, 'a heavier rule under the header');
          assert.equal(drawn.rightAligned, 'right');
          assert.equal(drawn.centred, 'center');
          assert.equal(drawn.styleAttributes, 0);
          assert.equal(drawn.pageOverflow, 0, 'the page never scrolls sideways');
          assert.equal(drawn.tableScrolls, width === 390, 'the table scrolls sideways on a phone only');
          assert.equal(drawn.bodyOverflow, 0, 'the article’s text stays put');
          assert.deepEqual(await csp(), []);
        } finally {
          await context.close();
        }
      });

  it('passes axe with no serious or critical issue at 390 px, the table scrolled by keyboard', async () => {
    // axe is injected by the test, which the page's CSP would refuse: bypassed for this context only.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/en/size-guide`);
      await page.addScriptTag({ content: axeSource });
      const found = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string }[] }> } })
          .axe;
        return (await axe.run()).violations.map((v) => `${v.impact} ${v.id}`);
      });
      assert.deepEqual(
        found.filter((v) => v.startsWith('serious') || v.startsWith('critical')),
        [],
        found.join(', '),
      );
      // The keyboard reaches the table and scrolls it.
      await page.locator('.body table').focus();
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => document.querySelector('.body table')!.scrollLeft > 0);
    } finally {
      await context.close();
    }
  });

  for (const colorScheme of ['light', 'dark'] as const)
    it(`is drawn with rules in the widget’s Help tab at 390 px, ${colorScheme}`, async () => {
      const context = await browser.newContext({ colorScheme, viewport: { width: 390, height: 800 } });
      const page: Page = await context.newPage();
      try {
        const csp = await watchCsp(page);
        await openSitePage(page, relay.relay.httpUrl, siteKey);
        const widget = page.locator('chat-widget');
        await widget.locator('.launcher').click();
        await widget.locator('[part="help-button"]').click();
        await widget.locator('.help-list .help-item').first().click();
        await widget.locator('.help-body table').waitFor();
        const drawn = await measure(widget.locator('.help-body'));
        assert.equal(drawn.cellBorder, '1px solid');
        assert.notEqual(drawn.cellBorderColor, drawn.background, 'a rule that shows');
        assert.notEqual(drawn.headerBackground, drawn.background, 'the header row is marked');
        assert.ok(drawn.headerRule >= 2, 'a heavier rule under the header');
        assert.equal(drawn.rightAligned, 'right');
        assert.equal(drawn.centred, 'center');
        assert.equal(drawn.pageOverflow, 0, 'the page never scrolls sideways');
        assert.equal(drawn.tableScrolls, true, 'the table scrolls sideways in the panel');
        assert.equal(drawn.bodyOverflow, 0, 'the article’s text stays put');
        assert.deepEqual(await csp(), []);
      } finally {
        await context.close();
      }
    });
});
