// End-to-end: the help center from the inbox (issue #42) in real Chromium, with a real relay on port 0. A member
// writes an article in Settings → Help center, watching the relay's preview, and publishes it; inserts its link
// into a reply with the keyboard and sends it to a visitor; the visitor says whether it helped, in the widget's panel
// and on the portal without JavaScript; and the inbox counts the votes.
// PARLEY_SHOTS=<dir> writes screenshots of the editor and the feedback at 1280 and 390 px, light and dark.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { buildWidget, startAdminHarness, until, watchCsp, type AdminHarness } from '../support/admin-harness.js';

let h: AdminHarness;

before(async () => {
  buildWidget();
  h = await startAdminHarness();
});
after(() => h?.close());

const admin = (page: Page) => page.locator('chat-admin');
const widget = (page: Page) => page.locator('chat-widget');
const shots = process.env.PARLEY_SHOTS;
if (shots) mkdirSync(shots, { recursive: true });

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  if (shots) await page.screenshot({ path: join(shots, `${name}.png`), fullPage });
}

/** Light and dark at the page's width, then at 390 px, then back to 1280 px light. */
async function fourShots(page: Page, name: string, fullPage = false): Promise<void> {
  if (!shots) return;
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 1280 ? 900 : 844 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await shot(page, `${name}-${width}-${scheme}`, fullPage);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
}

const api: AdminHarness['api'] = (method, path, body) => h.api(method, `/v1/admin${path}`, body);

describe('the help center from the inbox', () => {
  it('writes an article with the relay’s preview, inserts its link in a reply, and counts what visitors said of it', async () => {
    const { context: staffContext, page: staff, cspViolations: staffCsp, pageErrors } = await h.staffPage();

    // The editor: the preview is the relay's rendering (raw HTML shown as text), then published.
    await admin(staff).getByRole('button', { name: 'Settings' }).click();
    await admin(staff).getByRole('link', { name: 'Help center' }).click();
    const page = admin(staff).locator('chat-admin-help');
    await page.locator('.new-article').click();
    await page.locator('#help-title').fill('Reset your password');
    assert.equal(await page.locator('#help-slug').inputValue(), 'reset-your-password');
    await page.locator('#help-summary').fill('Forgot it? Get a new one in a minute.');
    await page
      .locator('#help-body')
      .fill(
        'Open **Settings**, then choose *Reset password*.\n\n1. Check your inbox\n2. Follow the link\n\n<b>not bold</b> and [help](https://example.com/help)',
      );
    await page.locator('.preview strong').waitFor();
    assert.equal(await page.locator('.preview strong').textContent(), 'Settings');
    assert.equal(await page.locator('.preview b').count(), 0, 'raw HTML is not rendered');
    assert.match((await page.locator('.preview').textContent()) ?? '', /<b>not bold<\/b>/);
    assert.equal(await page.locator('.preview ol li').count(), 2);
    assert.equal(
      await page.locator('.preview a').getAttribute('rel'),
      'noopener nofollow ugc',
      'links as the portal makes them',
    );
    // Bad input is said beside its field, and nothing is written.
    await page.locator('#help-slug').fill('Not a slug');
    await page.locator('button[value=publish]').click();
    assert.match((await page.locator('#help-slug-error').textContent()) ?? '', /lower-case/);
    assert.equal((await api('GET', '/help/articles')).body.items.length, 0);
    await page.locator('#help-slug').fill('reset-password');
    assert.equal(await page.locator('#help-slug-error').count(), 0, 'the refusal goes once the field changes');
    await page.locator('.editor').scrollIntoViewIfNeeded();
    await fourShots(staff, 'help-editor');
    await page.locator('button[value=publish]').click();
    await page.locator('tr.article .state', { hasText: 'Published' }).waitFor();
    const [written] = (await api('GET', '/help/articles')).body.items;
    assert.equal(written.status, 'published');
    const url = `${h.relay.httpUrl}/help/pk_test_admin/en/reset-password`;
    assert.equal(written.url, url);
    // The preview was the portal's HTML.
    const portal = await (await fetch(url)).text();
    const preview = await page.locator('.preview').innerHTML();
    assert.ok(portal.includes(preview.replace(/<!--[^>]*-->/g, '').trim()), 'the preview is the portal’s body');

    // A visitor writes; the member inserts the article's link in the reply, by keyboard, and sends it.
    const visitorContext = await h.browser.newContext({ viewport: { width: 390, height: 844 } });
    const visitor = await visitorContext.newPage();
    const visitorCsp = await watchCsp(visitor);
    await visitor.goto(`${h.relay.httpUrl}/`);
    await widget(visitor).locator('button[part=launcher]').click();
    const composer = widget(visitor).locator('textarea[part=input]');
    await composer.fill('I forgot my password, how do I get a new one? Thanks');
    await composer.press('Enter');
    await admin(staff).getByRole('button', { name: 'Inbox' }).click();
    await admin(staff).locator('[role=option]').first().click();
    const reply = admin(staff).locator('chat-admin-composer textarea');
    await reply.click();
    await reply.pressSequentially('Here you go:');
    await reply.press('Control+Shift+K');
    const links = admin(staff).locator('chat-admin-article-link');
    await links.locator('[role=option]', { hasText: 'Reset your password' }).waitFor();
    await staff.keyboard.type('reset');
    await staff.keyboard.press('Enter');
    await until(async () => (await reply.inputValue()).includes(url), 'the link inserted');
    assert.equal(await reply.inputValue(), `Here you go: Reset your password: ${url}`);
    assert.equal(await reply.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement), true);
    await shot(staff, 'help-link-inserted-1280-light');
    await reply.press('Enter');
    await widget(visitor).getByText(`Here you go: Reset your password:`).waitFor({ timeout: 15_000 });

    // The visitor reads it in the widget's panel (the site has an article: its loader gave the widget a Help tab) and
    // says it did not help.
    await widget(visitor).locator('[part="help-button"]').click();
    await widget(visitor).locator('.help-list .help-item').first().click();
    await widget(visitor).locator('.help-article h3').waitFor();
    await widget(visitor).locator('.help-feedback').scrollIntoViewIfNeeded();
    await fourShots(visitor, 'help-feedback-widget-ask');
    await widget(visitor).getByRole('button', { name: 'No' }).click();
    await widget(visitor).locator('.help-feedback', { hasText: 'Thanks for your feedback.' }).waitFor();
    await fourShots(visitor, 'help-feedback-widget-thanks');
    await until(async () => (await api('GET', '/help/articles')).body.items[0].notHelpful === 1, 'the widget’s vote');

    // Another visitor, on the portal without JavaScript: a plain form, then the article again with thanks. (Another
    // browser: votes are told apart by address and user agent, and every page here comes from 127.0.0.1.)
    const plain = await h.browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 900 },
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
    });
    const reader = await plain.newPage();
    const readerCsp = await watchCsp(reader);
    await reader.goto(url);
    await fourShots(reader, 'help-feedback-portal-ask', true);
    await reader.getByRole('button', { name: 'Yes' }).click();
    await reader.waitForURL(`${url}?feedback=thanks#feedback`);
    assert.equal(await reader.locator('.feedback').textContent(), 'Thanks for your feedback.');
    await fourShots(reader, 'help-feedback-portal-thanks', true);
    assert.deepEqual(await readerCsp(), []);

    const [counted] = (await api('GET', '/help/articles')).body.items;
    assert.deepEqual([counted.helpful, counted.notHelpful], [1, 1]);
    // The inbox's list shows them.
    await admin(staff).getByRole('button', { name: 'Settings' }).click();
    await admin(staff).getByRole('link', { name: 'Help center' }).click();
    await page.locator('tr.article .feedback', { hasText: '1 yes · 1 no' }).waitFor();
    await page.locator('table.articles').scrollIntoViewIfNeeded();
    await fourShots(staff, 'help-list');
    // And in Reports, over the report's range.
    await admin(staff).getByRole('button', { name: 'Reports' }).click();
    const card = admin(staff).locator('chat-admin-help-feedback');
    await card.locator('tbody tr', { hasText: 'Reset your password' }).waitFor();
    assert.deepEqual(await card.locator('tbody tr td').allTextContents(), ['1', '1', '50%']);
    await card.scrollIntoViewIfNeeded();
    await fourShots(staff, 'help-reports');

    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await staffCsp(), []);
    assert.deepEqual(await visitorCsp(), []);
    await plain.close();
    await staffContext.close();
    await visitorContext.close();
  });
});
