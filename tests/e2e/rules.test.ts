// End-to-end (issue #40): rules and macros with a real relay, the built widget and inbox, and Chromium. An admin
// builds a rule in Settings → Rules and macros without typing JSON (a refusal first, shown beside its row); a visitor
// writes from the demo site and the rule labels the conversation and answers as the bot; the thread's timeline says
// the rule did it; then a macro is run from the composer with its shortcut and each action's outcome is shown.
// PARLEY_SHOTS=<dir> writes screenshots at 1280 and 390 px, light and dark.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { buildWidget, startAdminHarness, watchCsp, type AdminHarness } from '../support/admin-harness.js';

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

/** The admin API (`path` under `/v1/admin`), as the admin. */
const api: AdminHarness['api'] = (method, path, body) => h.api(method, `/v1/admin${path}`, body);

describe('rules and macros end to end', () => {
  it('a rule built in the inbox fires on the widget’s message, the timeline says so, and a macro runs from the composer', async () => {
    const { context: staffContext, page: staff, cspViolations: staffCsp, pageErrors } = await h.staffPage();

    // Settings → Rules and macros: a new rule, built of rows.
    await admin(staff).getByRole('button', { name: 'Settings' }).click();
    await admin(staff).getByRole('link', { name: 'Rules and macros' }).click();
    const page = admin(staff).locator('chat-admin-rules');
    await page.locator('.new-rule').click();
    await page.locator('#rule-name').fill('Pricing questions');
    await page.locator('#rule-trigger').selectOption('message.visitor');
    await page.locator('.add-condition').click();
    await page.locator('#rule-cond-0-field').selectOption('text');
    await page.locator('#rule-cond-0-op').selectOption('matches');
    // RE2 takes no back-references: refused beside its row, nothing saved.
    await page.locator('#rule-cond-0-value').fill('(price)\\1');
    await page.locator('#rule-act-0-type').selectOption('add_labels');
    await page.locator('#rule-act-0-value').fill('pricing');
    await page.locator('.add-action').click();
    await page.locator('#rule-act-1-type').selectOption('send_message');
    await page.locator('#rule-act-1-value').fill('Our sales team will answer about plans and prices.');
    await page.locator('form[data-save=rule] button[type=submit]').click();
    const error = page.locator('.condition[data-index="0"] .field-error');
    await error.waitFor();
    assert.match(await error.innerText(), /not a valid pattern/);
    assert.equal((await api('GET', '/rules')).body.items.length, 0, 'nothing saved');
    await shot(staff, 'rules-editor-error-1280-light', true);
    await page.locator('#rule-cond-0-value').fill('\\b(price|pricing|plans?)\\b');
    await page.locator('form[data-save=rule] button[type=submit]').click();
    await page.locator('.rule .summary').first().waitFor();
    const rules = (await api('GET', '/rules')).body.items;
    assert.equal(rules.length, 1);
    assert.deepEqual(rules[0].conditions, [{ field: 'text', op: 'matches', value: '\\b(price|pricing|plans?)\\b' }]);
    assert.deepEqual(
      rules[0].actions.map((action: { type: string }) => action.type),
      ['add_labels', 'send_message'],
    );
    await shot(staff, 'rules-page-1280-light', true);

    // The visitor asks about prices from the demo site: the bot answers, the conversation is labelled.
    const visitorContext = await h.browser.newContext({ viewport: { width: 390, height: 780 } });
    const visitor = await visitorContext.newPage();
    const visitorCsp = await watchCsp(visitor);
    await visitor.goto(`${h.relay.httpUrl}/`);
    await widget(visitor).locator('button[part=launcher]').click();
    const composer = widget(visitor).locator('textarea[part=input]');
    await composer.fill('What are your plans and prices for a team of 12?');
    await composer.press('Enter');
    await widget(visitor).getByText('Our sales team will answer about plans and prices.').waitFor({ timeout: 15_000 });
    await shot(visitor, 'widget-rule-reply-390-light');

    // Staff: the thread shows the rule's change in its timeline; the run log counts the firing.
    await admin(staff).getByRole('button', { name: 'Inbox' }).click();
    await admin(staff).locator('[role=option]').first().click();
    await admin(staff)
      .locator('.timeline-event', { hasText: "Label pricing added by Rule 'Pricing questions'" })
      .waitFor();
    const [fired] = (await api('GET', '/rules')).body.items;
    assert.equal(fired.runs.fired, 1);

    // A macro, run from the composer with its shortcut: what it will do, then each outcome.
    const macro = await api('POST', '/macros', {
      name: 'Hand to billing',
      actions: [
        { type: 'set_priority', priority: 'high' },
        { type: 'add_note', text: 'Billing will follow up.' },
      ],
    });
    assert.equal(macro.status, 201);
    const reply = admin(staff).locator('chat-admin-composer textarea');
    await reply.click();
    await reply.press('Control+Shift+M');
    const macros = admin(staff).locator('chat-admin-macros');
    await macros.locator('[role=option]', { hasText: 'Hand to billing' }).waitFor();
    await reply.page().keyboard.press('Enter');
    await macros.locator('.words', { hasText: 'high' }).waitFor();
    await shot(staff, 'macro-preview-1280-light');
    await macros.locator('.run').click();
    await macros.locator('.results li.ok').nth(1).waitFor();
    assert.equal(await macros.locator('.results li.failed').count(), 0);
    await admin(staff).locator('.timeline-event', { hasText: 'Priority set to high by' }).waitFor();
    await shot(staff, 'macro-ran-1280-light');

    if (shots) {
      // The rules page at the other width and in the dark theme, for a person to look at.
      await admin(staff).getByRole('button', { name: 'Settings' }).click();
      await admin(staff).getByRole('link', { name: 'Rules and macros' }).click();
      await page.locator('.rule .summary').first().waitFor();
      await staff.emulateMedia({ colorScheme: 'dark' });
      await shot(staff, 'rules-page-1280-dark', true);
      await staff.setViewportSize({ width: 390, height: 844 });
      await shot(staff, 'rules-page-390-dark', true);
      await staff.emulateMedia({ colorScheme: 'light' });
      await shot(staff, 'rules-page-390-light', true);
    }

    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await staffCsp(), []);
    assert.deepEqual(await visitorCsp(), []);
    await staffContext.close();
    await visitorContext.close();
  });
});
