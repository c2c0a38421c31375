// End-to-end (issue #40): staff schedule a reply from /admin with Send later, see it listed above the composer, and
// at its time the relay sends it — the visitor's widget on the demo page receives it, the list empties — with a
// real relay and Chromium. PARLEY_SHOTS=<dir> writes screenshots at 1280 and 390 px, light and dark.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { buildWidget, startAdminHarness, type AdminHarness } from '../support/admin-harness.js';

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

/** The admin API, as the admin. */
const api: AdminHarness['api'] = (method, path, body) => h.api(method, path, body);

describe('send later end to end', () => {
  it('a reply scheduled from the inbox is listed, then sent at its time to the visitor', async () => {
    const { context: staffContext, page: staff, cspViolations, pageErrors } = await h.staffPage();

    const visitorContext = await h.browser.newContext({ viewport: { width: 1200, height: 800 } });
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${h.relay.httpUrl}/`);
    await widget(visitor).locator('button[part=launcher]').click();
    const input = widget(visitor).locator('textarea[part=input]');
    await input.fill('Can you tell me on Monday whether the tent is back in stock?');
    await input.press('Enter');

    await admin(staff).locator('[role=option]').first().click();
    await admin(staff).locator('.msg.visitor .bubble', { hasText: 'back in stock' }).waitFor();
    const composer = admin(staff).locator('#composer-input');
    const sendLater = admin(staff).locator('chat-admin-send-later');
    for (const [reply, pick] of [
      ['The tent is back in stock: it ships today.', 'Monday 9:00'],
      ['Checking with the warehouse now.', 'In 1 hour'],
    ] as const) {
      await composer.fill(reply);
      await sendLater.locator('summary').click();
      await sendLater.getByRole('button', { name: pick }).click();
      await admin(staff).locator('chat-admin-scheduled .scheduled-text', { hasText: reply }).waitFor();
      assert.equal(await composer.inputValue(), '');
    }
    const listed = admin(staff).locator('chat-admin-scheduled .scheduled-text');
    assert.deepEqual(await listed.allTextContents(), [
      'Checking with the warehouse now.',
      'The tent is back in stock: it ships today.',
    ]);
    const conversationId = (await api('GET', '/v1/admin/conversations')).body.items[0].id as string;
    const stored = (await api('GET', `/v1/admin/conversations/${conversationId}/scheduled`)).body.items;
    assert.equal(stored.length, 2);
    assert.equal(new Date(stored[1].sendAt).getDay(), 1, 'Monday');

    if (shots) {
      await sendLater.locator('summary').click();
      for (const scheme of ['light', 'dark'] as const)
        for (const width of [1280, 390]) {
          await staff.emulateMedia({ colorScheme: scheme });
          await staff.setViewportSize({ width, height: width === 390 ? 780 : 900 });
          await sendLater.locator('.send-later-menu').waitFor();
          await staff.screenshot({ path: join(shots, `send-later-${width}-${scheme}.png`) });
        }
      await sendLater.locator('summary').click();
      for (const scheme of ['light', 'dark'] as const)
        for (const width of [1280, 390]) {
          await staff.emulateMedia({ colorScheme: scheme });
          await staff.setViewportSize({ width, height: width === 390 ? 780 : 900 });
          await admin(staff).locator('chat-admin-scheduled .scheduled').scrollIntoViewIfNeeded();
          await staff.screenshot({ path: join(shots, `send-later-list-${width}-${scheme}.png`) });
        }
      await staff.emulateMedia({ colorScheme: 'light' });
      await staff.setViewportSize({ width: 1280, height: 900 });
    }

    // Edit the soonest to a few seconds from now: the relay sends it then, as the staff member, once.
    const soon = stored.find((item: { text: string }) => item.text.startsWith('Checking'));
    const moved = await api('PATCH', `/v1/admin/scheduled/${soon.id}`, { sendAt: Date.now() + 2_000 });
    assert.equal(moved.status, 200);
    await widget(visitor).locator('.msg.theirs .bubble', { hasText: 'Checking with the warehouse now.' }).waitFor();
    await admin(staff).locator('.msg.staff .bubble', { hasText: 'Checking with the warehouse now.' }).waitFor();
    await listed.filter({ hasText: 'Checking' }).waitFor({ state: 'detached', timeout: 10_000 });
    assert.deepEqual(await listed.allTextContents(), ['The tent is back in stock: it ships today.']);

    // Cancel the other from the inbox.
    await admin(staff).locator('chat-admin-scheduled').getByRole('button', { name: 'Cancel' }).click();
    await admin(staff).locator('chat-admin-scheduled .scheduled').waitFor({ state: 'detached' });
    assert.deepEqual((await api('GET', `/v1/admin/conversations/${conversationId}/scheduled`)).body.items, []);
    const messages = (await api('GET', `/v1/admin/conversations/${conversationId}/messages`)).body.items;
    assert.deepEqual(
      messages
        .filter((m: { author: { role: string } }) => m.author.role === 'staff')
        .map((m: { text: string }) => m.text),
      ['Checking with the warehouse now.'],
    );

    assert.deepEqual(await cspViolations(), []);
    assert.deepEqual(pageErrors, []);
    await visitorContext.close();
    await staffContext.close();
  });
});
