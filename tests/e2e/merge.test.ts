// End-to-end (issue #40): a visitor has the widget open on their newer conversation; the agent merges it from the
// inbox ("Merge into…") into the visitor's older one. The widget shows the merged history, in order, and the agent's
// next reply (from the resulting conversation) arrives there. A real relay and Chromium. PARLEY_SHOTS=<dir> writes
// screenshots at 1280 and 390 px, light and dark.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
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

/** The admin API, as the admin. */
const api: AdminHarness['api'] = (method, path, body) => h.api(method, path, body);

describe('merge end to end', () => {
  it('the agent merges the widget’s conversation into the visitor’s older one; the widget follows', async () => {
    const staffContext = await h.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const staff = await staffContext.newPage();
    const cspViolations = await watchCsp(staff);
    const pageErrors: string[] = [];
    staff.on('pageerror', (error) => pageErrors.push(error.message));
    await h.signIn(staff);

    const visitorContext = await h.browser.newContext({ viewport: { width: 1200, height: 800 } });
    const visitor = await visitorContext.newPage();
    const visitorErrors: string[] = [];
    visitor.on('pageerror', (error) => visitorErrors.push(error.message));
    await visitor.goto(`${h.relay.httpUrl}/`);
    await widget(visitor).locator('button[part=launcher]').click();
    const input = widget(visitor).locator('textarea[part=input]');
    await input.fill('Is my order on its way?');
    await input.press('Enter');
    await widget(visitor).locator('.msg.mine .bubble', { hasText: 'on its way' }).waitFor();

    // The visitor's older conversation, from an hour ago (written as the relay would have stored it then).
    const newer = (await api('GET', '/v1/admin/conversations')).body.items[0];
    const older = `c_older_${Date.now()}`;
    for (const [clientId, text, role] of [
      ['o-1', 'I ordered the blue tent.', 'visitor'],
      ['o-2', 'Thanks, it ships on Monday.', 'staff'],
    ] as const)
      await h.relay.store.append({
        siteId: 'default',
        conversationId: older,
        visitorId: newer.visitor.id,
        clientId,
        author: role === 'visitor' ? { role, id: newer.visitor.id } : { role, id: 'staff_sam', name: 'Sam' },
        text,
        kind: 'text',
      });
    const db = new Database(join(h.relay.config.dataDir, 'parley.db'));
    db.prepare('UPDATE messages SET ts = ts - 3600000 WHERE conversation_id = ?').run(older);
    db.prepare('UPDATE conversations SET created_at = created_at - 3600000 WHERE id = ?').run(older);
    db.close();

    // The agent opens the newer conversation and merges it into the older one.
    await admin(staff).locator(`[role=option][data-id="${newer.id}"], [role=option]`).first().click();
    await admin(staff).locator('.msg.visitor .bubble', { hasText: 'on its way' }).waitFor();
    const merge = admin(staff).locator('chat-admin-merge');
    await merge.getByRole('button', { name: 'Merge into…' }).click();
    const dialog = merge.getByRole('dialog', { name: 'Merge this conversation into…' });
    await dialog.getByRole('radio', { name: new RegExp(`#${older}`) }).check();
    await dialog.locator('.preview', { hasText: `will move into #${older}` }).waitFor();
    if (shots)
      for (const scheme of ['light', 'dark'] as const)
        for (const width of [1280, 390]) {
          await staff.emulateMedia({ colorScheme: scheme });
          await staff.setViewportSize({ width, height: width === 390 ? 780 : 900 });
          await dialog.scrollIntoViewIfNeeded();
          await staff.screenshot({ path: join(shots, `merge-${width}-${scheme}.png`) });
        }
    await staff.emulateMedia({ colorScheme: 'light' });
    await staff.setViewportSize({ width: 1280, height: 900 });
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();

    // The inbox shows the result, with the timeline's event; the widget shows the merged history, in order.
    await admin(staff)
      .locator('.timeline-event', { hasText: `Merged from #${newer.id} by` })
      .waitFor();
    const bubbles = widget(visitor).locator('.msg .bubble');
    const merged = ['I ordered the blue tent.', 'Thanks, it ships on Monday.', 'Is my order on its way?'];
    await widget(visitor).locator('.msg .bubble', { hasText: 'blue tent' }).waitFor({ timeout: 15_000 });
    await until(
      async () => (await bubbles.allTextContents()).map((t) => t.trim()).join('|') === merged.join('|'),
      bubbles,
    );

    // The agent's next reply arrives there.
    await admin(staff).locator('#composer-input').fill('It left the warehouse this morning.');
    await admin(staff).locator('#composer-input').press('Enter');
    await widget(visitor).locator('.msg.theirs .bubble', { hasText: 'left the warehouse' }).waitFor();
    const state = (await api('GET', `/v1/admin/conversations/${older}/merge`)).body;
    assert.deepEqual(state.origins, [{ seq: 3, from: newer.id, fromSeq: 1 }]);
    if (shots)
      for (const scheme of ['light', 'dark'] as const)
        for (const width of [1280, 390]) {
          await staff.emulateMedia({ colorScheme: scheme });
          await staff.setViewportSize({ width, height: width === 390 ? 780 : 900 });
          await staff.screenshot({ path: join(shots, `merge-result-${width}-${scheme}.png`) });
        }

    if (shots) await visitor.screenshot({ path: join(shots, 'merge-widget-1200-light.png') });

    assert.deepEqual(await cspViolations(), []);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(visitorErrors, []);
    await visitorContext.close();
    await staffContext.close();
  });
});

/** Waits until `probe` holds (the widget's list settles after its reconnect), or fails saying what it shows. */
async function until(probe: () => Promise<boolean>, shown: { allTextContents(): Promise<string[]> }): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await probe())) {
    if (Date.now() > deadline) assert.fail(`the widget shows ${JSON.stringify(await shown.allTextContents())}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
