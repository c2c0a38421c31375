// End-to-end (issue #36): staff edit and delete their own reply from /admin, and the visitor's widget on the demo page
// follows live — the edited text marked "Edited", the deleted one "Message deleted" — with a real relay and Chromium.
import assert from 'node:assert/strict';
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

describe('editing and deleting a message end to end', () => {
  it('staff edit one reply and delete another from the inbox; the visitor sees both change in place', async () => {
    const staffContext = await h.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const staff = await staffContext.newPage();
    const cspViolations = await watchCsp(staff);
    const pageErrors: string[] = [];
    staff.on('pageerror', (error) => pageErrors.push(error.message));
    await staff.goto(`${h.relay.httpUrl}/admin`);
    await admin(staff).getByRole('button', { name: 'Sign in with an API token instead' }).click();
    await admin(staff).locator('#token').fill(ADMIN_TOKEN);
    await admin(staff).getByRole('button', { name: 'Sign in', exact: true }).click();
    await admin(staff).locator('.connection.open').waitFor();

    const visitorContext = await h.browser.newContext({ viewport: { width: 1200, height: 800 } });
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${h.relay.httpUrl}/`);
    await widget(visitor).locator('button[part=launcher]').click();
    const composer = widget(visitor).locator('textarea[part=input]');
    await composer.fill('When does my tent ship?');
    await composer.press('Enter');

    // Staff open the conversation and write two replies.
    await admin(staff).locator('[role=option]').first().click();
    await admin(staff).locator('.msg.visitor .bubble', { hasText: 'my tent' }).waitFor();
    for (const reply of ['It ships tomorow.', 'Your refund is on its way.']) {
      await admin(staff).locator('#composer-input').fill(reply);
      await admin(staff).locator('#composer-input').press('Enter');
      await widget(visitor).locator('.msg.theirs .bubble', { hasText: reply }).waitFor();
    }

    // Edit the first, from the keyboard: the menu button, Edit, the text, Enter.
    const first = admin(staff).locator('article.msg.staff', { hasText: 'It ships tomorow.' });
    await first.hover();
    await first.getByRole('button', { name: 'Message actions' }).click();
    await first.getByRole('menuitem', { name: 'Edit' }).press('Enter');
    const box = first.getByRole('textbox', { name: 'Edit message' });
    await box.fill('It ships tomorrow.');
    await box.press('Enter');
    const edited = admin(staff).locator('article.msg.staff', { hasText: 'It ships tomorrow.' });
    await edited.locator('.edited', { hasText: 'Edited' }).waitFor();

    // The visitor's widget follows: the new text, marked Edited.
    const theirs = widget(visitor).locator('.msg.theirs', { hasText: 'It ships tomorrow.' });
    await theirs.locator('[part=changed]', { hasText: 'Edited' }).waitFor();
    assert.equal(await widget(visitor).locator('.msg.theirs .bubble', { hasText: 'tomorow' }).count(), 0);

    // Delete the second, after the confirm.
    const second = admin(staff).locator('article.msg.staff', { hasText: 'Your refund is on its way.' });
    await second.hover();
    await second.getByRole('button', { name: 'Message actions' }).click();
    await second.getByRole('menuitem', { name: 'Delete' }).click();
    await admin(staff).locator('.confirm').getByRole('button', { name: 'Delete' }).click();
    await admin(staff).locator('.bubble.deleted', { hasText: 'Message deleted' }).waitFor();
    await widget(visitor).locator('[part=changed]', { hasText: 'Message deleted' }).waitFor();
    assert.equal(await widget(visitor).locator('.bubble', { hasText: 'refund' }).count(), 0);

    assert.deepEqual(await cspViolations(), []);
    assert.deepEqual(pageErrors, []);
    await visitorContext.close();
    await staffContext.close();
  });
});
