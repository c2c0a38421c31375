// End-to-end: a visitor on the demo page and staff in /admin, one Chromium, a real relay with its admin API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  ADMIN_TOKEN,
  buildWidget,
  recordNotifications,
  startAdminHarness,
  until,
  watchCsp,
  type AdminHarness,
} from '../support/admin-harness.js';

let h: AdminHarness;

before(async () => {
  buildWidget();
  h = await startAdminHarness();
});
after(() => h?.close());

const admin = (page: Page) => page.locator('chat-admin');
const widget = (page: Page) => page.locator('chat-widget');

describe('staff inbox end to end', () => {
  it('a visitor writes, staff are notified and reply, the visitor sees the reply and read marks, and an XSS payload stays inert', async () => {
    // Staff: sign in at /admin under the relay's strict CSP, turn desktop notifications on.
    const staffContext = await h.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const staff = await staffContext.newPage();
    const notifications = await recordNotifications(staff);
    const cspViolations = await watchCsp(staff);
    const pageErrors: string[] = [];
    staff.on('pageerror', (error) => pageErrors.push(error.message));
    const response = await staff.goto(`${h.relay.httpUrl}/admin`);
    assert.match(response!.headers()['content-security-policy'] ?? '', /style-src 'self'/);
    await admin(staff).getByRole('button', { name: 'Sign in with an API token instead' }).click();
    await admin(staff).locator('#token').fill(ADMIN_TOKEN);
    await admin(staff).getByRole('button', { name: 'Sign in', exact: true }).click();
    await admin(staff).locator('.connection.open').waitFor();
    assert.equal(await staff.evaluate(() => sessionStorage.getItem('parley-admin:token')), ADMIN_TOKEN);
    assert.ok(!staff.url().includes(ADMIN_TOKEN), 'no token in the URL');
    await admin(staff).getByRole('button', { name: 'Notifications' }).click();
    await admin(staff).locator('#notify-conversation-desktop').check();
    await admin(staff).locator('#notify-message-desktop').check();
    await admin(staff).getByRole('button', { name: 'Close' }).click();

    // Visitor: the demo page in its own context (its own storage), opens the chat and writes.
    const visitorContext = await h.browser.newContext({ viewport: { width: 1200, height: 800 } });
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${h.relay.httpUrl}/`);
    await widget(visitor).locator('button[part=launcher]').click();
    await widget(visitor).locator('[part=presence]', { hasText: 'online' }).waitFor();
    const composer = widget(visitor).locator('textarea[part=input]');
    await composer.fill('Hello, do you ship to Norway?');
    await composer.press('Enter');

    // Staff are told: a desktop notification and the in-page notice; the list shows it unread.
    await admin(staff).locator('.notice', { hasText: 'New conversation' }).waitFor();
    await until(
      async () => (await notifications()).some((n) => n.title.startsWith('New conversation')),
      'the desktop notification',
    );
    assert.equal(
      (await notifications()).find((n) => n.title.startsWith('New conversation'))!.body,
      'Hello, do you ship to Norway?',
    );
    const option = admin(staff).locator('[role=option]').first();
    await option.locator('.badge', { hasText: '1' }).waitFor();

    // Staff open it (marking it read) and reply.
    await option.click();
    await admin(staff).locator('.msg.visitor .bubble', { hasText: 'do you ship to Norway' }).waitFor();
    await admin(staff).locator('#composer-input').fill('Yes, we ship to Norway in 3 days.');
    await admin(staff).locator('#composer-input').press('Enter');

    // The visitor sees the reply, and that staff read their message.
    await widget(visitor).locator('.msg.theirs .bubble', { hasText: 'Yes, we ship to Norway' }).waitFor();
    await widget(visitor).locator('.msg.mine .status', { hasText: 'Read' }).waitFor();
    // The widget is open, so the visitor read the reply: staff see it.
    await admin(staff).locator('.msg.staff .status', { hasText: 'Read' }).waitFor();

    // An XSS payload from the visitor is shown as text in the inbox, in the list and in the conversation.
    const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    await composer.fill(payload);
    await composer.press('Enter');
    const bubble = admin(staff).locator('.msg.visitor .bubble', { hasText: '<img src=x' });
    await bubble.waitFor();
    assert.equal(await bubble.textContent(), payload);
    assert.equal(await admin(staff).locator('img').count(), 0);
    assert.equal(await admin(staff).locator('.msg script').count(), 0);
    assert.equal(await staff.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    await until(
      async () => ((await option.locator('.preview').textContent()) ?? '').includes('<img src=x'),
      'the list preview',
    );

    assert.deepEqual(await cspViolations(), []);
    assert.deepEqual(pageErrors, []);
    await visitorContext.close();
    await staffContext.close();
  });
});
