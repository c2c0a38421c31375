// End-to-end (issue #39): message safety with a real relay, the built widget and inbox, and Chromium. An admin sets
// the site's Safety page (a refusal shown beside its field, then saved); the visitor is warned of a card number as
// they type, and their bubble shows the text as stored once acknowledged; staff see the replaced parts marked and
// reveal a masked IBAN for their view only (recorded in the audit log, gone on reload).
// PARLEY_SHOTS=<dir> writes screenshots at 1280 and 390 px, light and dark.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { ADMIN_TOKEN, buildWidget, startAdminHarness, watchCsp, type AdminHarness } from '../support/admin-harness.js';

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

const CARD = '4242 4242 4242 4242';
const IBAN = 'GB82 WEST 1234 5698 7654 32';

async function signIn(page: Page): Promise<void> {
  await page.goto(`${h.relay.httpUrl}/admin`);
  await admin(page).getByRole('button', { name: 'Sign in with an API token instead' }).click();
  await admin(page).locator('#token').fill(ADMIN_TOKEN);
  await admin(page).getByRole('button', { name: 'Sign in', exact: true }).click();
  await admin(page).locator('.connection.open').waitFor();
}

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  if (shots) await page.screenshot({ path: join(shots, `${name}.png`), fullPage });
}

describe('message safety end to end', () => {
  it('the Safety page saves, the widget warns and shows the stored text, and staff reveal a masked IBAN', async () => {
    const staffContext = await h.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const staff = await staffContext.newPage();
    const staffCsp = await watchCsp(staff);
    const pageErrors: string[] = [];
    staff.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(staff);

    // Settings → Safety: the defaults (cards redacted, IBANs masked), a refusal beside its field, then saved.
    await admin(staff).getByRole('button', { name: 'Settings' }).click();
    await admin(staff).getByRole('link', { name: 'Safety' }).click();
    const page = admin(staff).locator('chat-admin-safety');
    await page.locator('form').waitFor();
    assert.equal(await page.locator('input[name="sensitive.card"][value=redact]').isChecked(), true);
    assert.equal(await page.locator('input[name="sensitive.iban"][value=mask]').isChecked(), true);
    const refused = page.locator('textarea[name="links.refuse"]');
    await refused.fill('bit.ly\nhttps://spam.example/path');
    await page.getByRole('button', { name: 'Save' }).click();
    const error = page.locator('.field-error');
    await error.waitFor();
    assert.match(await error.innerText(), /^“https:\/\/spam\.example\/path”: a domain name such as example\.com/);
    assert.equal(await refused.getAttribute('aria-invalid'), 'true');
    await shot(staff, 'safety-page-error-1280-light');
    await refused.fill('bit.ly\nspam.example');
    await page.locator('input[name="sensitive.ssn"][value=redact]').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.save-state[role=status]', { hasText: 'Saved.' }).first().waitFor();
    assert.equal(await page.locator('.field-error').count(), 0);
    const saved = await fetch(`${h.relay.httpUrl}/v1/admin/safety`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const settings = (await saved.json()) as { links: { refuse: string[] }; sensitive: { ssn: string } };
    assert.deepEqual(settings.links.refuse, ['bit.ly', 'spam.example']);
    assert.equal(settings.sensitive.ssn, 'redact');

    // The visitor: warned as they type, the bubble replaced by the stored text once acknowledged.
    const visitorContext = await h.browser.newContext({ viewport: { width: 390, height: 780 } });
    const visitor = await visitorContext.newPage();
    const visitorCsp = await watchCsp(visitor);
    const fetched: string[] = [];
    visitor.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    await visitor.goto(`${h.relay.httpUrl}/`);
    await widget(visitor).locator('button[part=launcher]').click();
    const composer = widget(visitor).locator('textarea[part=input]');
    const warning = widget(visitor).locator('[part=safety-warning]');
    const safetyPart = (): boolean => fetched.some((path) => /^\/widget\/safety\.[0-9a-f]{10}\.js$/.test(path));
    await widget(visitor).locator('[part=presence]', { hasText: 'online' }).waitFor();
    assert.equal(safetyPart(), false, 'opening the chat fetches no detector');
    await composer.pressSequentially('Order 1234-5678-9012 please');
    await warning.waitFor({ state: 'attached' });
    assert.ok(safetyPart(), 'the first keystroke on a site that hides something fetches it');
    await visitor.waitForTimeout(500);
    assert.equal((await warning.innerText()).trim(), '', 'an order number is no card');
    await composer.fill('');
    await composer.pressSequentially(`My card is ${CARD}, thanks`);
    await widget(visitor).locator('[part=safety-warning] span').waitFor();
    assert.equal((await warning.innerText()).trim(), 'This looks like a card number. We’ll hide it.');
    assert.equal(await warning.getAttribute('role'), 'status');
    assert.equal(await composer.getAttribute('aria-describedby'), 'safety-note');
    await shot(visitor, 'widget-warning-390-light');
    await composer.press('Enter');
    const mine = widget(visitor).locator('.msg.mine .bubble');
    await mine.filter({ hasText: 'My card is [card ending 4242], thanks' }).waitFor();
    assert.equal(await widget(visitor).locator('.msg.mine', { hasText: CARD }).count(), 0);
    // Typed and sent before the warning's pause ends (300 ms): held once, the warning says it. Both in one task of the
    // page, as a visitor quick on Enter does it: a fill and a press apart let the pause end between them on a slow
    // machine, and the warning then came first and the first press sent.
    await composer.evaluate((element: HTMLTextAreaElement, text: string) => {
      element.value = text;
      element.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
      element.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    }, `My IBAN is ${IBAN}`);
    await widget(visitor).locator('[part=safety-warning]', { hasText: 'This looks like an IBAN' }).waitFor();
    await composer.press('Enter');
    await mine.filter({ hasText: 'My IBAN is [IBAN ending' }).waitFor();
    await shot(visitor, 'widget-stored-390-light');

    // Staff: the card's replacement marked; the IBAN masked, revealed for this view only, recorded.
    await admin(staff).getByRole('button', { name: 'Inbox' }).click();
    await admin(staff).locator('[role=option]').first().click();
    const cardMessage = admin(staff).locator('article.msg.visitor', { hasText: 'My card is' });
    await cardMessage.locator('mark.redaction', { hasText: '[card ending 4242]' }).waitFor();
    assert.equal(await cardMessage.locator('.reveal').count(), 0, 'redacted, not masked: nothing to reveal');
    const ibanMessage = admin(staff).locator('article.msg.visitor', { hasText: 'My IBAN is' });
    await ibanMessage.locator('mark.redaction').waitFor();
    await shot(staff, 'inbox-redacted-1280-light');
    await ibanMessage.getByRole('button', { name: 'Reveal' }).click();
    await ibanMessage.locator('.bubble.revealed', { hasText: `My IBAN is ${IBAN}` }).waitFor();
    await ibanMessage.getByText('Revealed for this view only. Your reveal was recorded in the audit log.').waitFor();
    await shot(staff, 'inbox-revealed-1280-light');
    const audit = await fetch(`${h.relay.httpUrl}/v1/admin/audit?action=message.reveal`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const entries = ((await audit.json()) as { items: { action: string }[] }).items;
    assert.equal(entries.filter((entry) => entry.action === 'message.reveal').length, 1, 'the reveal is recorded');

    // Gone on reload: the original was never kept.
    await staff.reload();
    await admin(staff).locator('.connection.open').waitFor();
    await admin(staff).locator('[role=option]').first().click();
    await admin(staff).locator('article.msg.visitor', { hasText: 'My IBAN is [IBAN ending' }).waitFor();
    assert.equal(await admin(staff).locator('article.msg.visitor', { hasText: IBAN }).count(), 0);

    if (shots) {
      // The same views at the other width and in the dark theme, for a person to look at.
      for (const [scheme, width] of [
        ['dark', 1280],
        ['light', 390],
        ['dark', 390],
      ] as const) {
        await staff.emulateMedia({ colorScheme: scheme });
        await staff.setViewportSize({ width, height: width === 390 ? 780 : 900 });
        await admin(staff)
          .locator('article.msg.visitor', { hasText: 'My IBAN is' })
          .getByRole('button', { name: 'Reveal' })
          .click();
        await admin(staff).locator('.bubble.revealed').waitFor();
        await shot(staff, `inbox-revealed-${width}-${scheme}`);
        await admin(staff).getByRole('button', { name: 'Hide again' }).click();
        // The demo page's widget has no `theme` attribute (light); the dark palette is `theme="dark"` (or `auto`).
        await widget(visitor).evaluate((element, theme) => element.setAttribute('theme', theme), scheme);
        await visitor.setViewportSize({ width, height: width === 390 ? 780 : 900 });
        await composer.fill(`card ${CARD}`);
        await widget(visitor).locator('[part=safety-warning] span').waitFor();
        await shot(visitor, `widget-warning-${width}-${scheme}`);
        await composer.fill('');
      }
      await staff.goto(`${h.relay.httpUrl}/admin#settings/safety`);
      for (const [scheme, width] of [
        ['light', 1280],
        ['dark', 1280],
        ['light', 390],
        ['dark', 390],
      ] as const) {
        await staff.emulateMedia({ colorScheme: scheme });
        await staff.setViewportSize({ width, height: 900 });
        await admin(staff).locator('chat-admin-safety form').waitFor();
        await shot(staff, `safety-page-${width}-${scheme}`);
        // The page scrolls inside the settings area: the lower sections, each in view.
        for (const section of ['filter', 'links', 'spam']) {
          await admin(staff).locator(`chat-admin-safety #safety-${section}`).scrollIntoViewIfNeeded();
          await shot(staff, `safety-page-${section}-${width}-${scheme}`);
        }
      }
    }

    assert.deepEqual(await staffCsp(), []);
    assert.deepEqual(await visitorCsp(), []);
    assert.deepEqual(pageErrors, []);
    await visitorContext.close();
    await staffContext.close();
  });
});
