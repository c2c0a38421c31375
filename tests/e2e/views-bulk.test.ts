// End-to-end (issue #40): in /admin, three conversations picked with the keyboard (x, then Shift+click) are
// resolved in one bulk action and leave the Open view; a view saved from the current filter is listed with its
// count; *Select all N matching* labels every open conversation, past the page loaded — with a real relay and
// Chromium. PARLEY_SHOTS=<dir> writes screenshots at 1280 and 390 px, light and dark.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type WebSocket from 'ws';
import { buildWidget, helloSocket, startAdminHarness, type AdminHarness } from '../support/admin-harness.js';

let h: AdminHarness;
const visitors: WebSocket[] = [];
const shots = process.env.PARLEY_SHOTS;
if (shots) mkdirSync(shots, { recursive: true });

/** A visitor writes `text`; resolves once it is stored. */
async function visitor(name: string, text: string): Promise<void> {
  const ws = await helloSocket(h.relay.wsUrl, { siteKey: 'pk_test_admin', name });
  visitors.push(ws);
  const acked = new Promise<void>((resolve) =>
    ws.on('message', (data: WebSocket.RawData) => {
      if ((JSON.parse(data.toString()) as { type: string }).type === 'ack') resolve();
    }),
  );
  ws.send(JSON.stringify({ type: 'send', id: `m${visitors.length}`, text }));
  await acked;
}

/** The admin API, as the admin. */
const api: AdminHarness['api'] = (method, path, body) => h.api(method, path, body);

before(async () => {
  buildWidget();
  // Every visitor writes from 127.0.0.1: the new-conversation quota per address (20 an hour) would stop the 60 below.
  h = await startAdminHarness({ newConversationsPerAddressPerHour: 0 });
  for (const [name, text] of [
    ['Ingrid Larsen', 'Do you ship to Norway?'],
    ['Marco Rossi', 'Where is my stove?'],
    ['Aiko Tanaka', 'Is the tent waterproof?'],
    ['Lena Vogel', 'Can I pay by invoice?'],
    ['Tom Hughes', 'My order arrived damaged.'],
  ] as const)
    await visitor(name, text);
});
after(async () => {
  for (const ws of visitors) ws.close();
  await h?.close();
});

const admin = (page: Page) => page.locator('chat-admin');

async function shoot(page: Page, name: string): Promise<void> {
  if (!shots) return;
  for (const scheme of ['light', 'dark'] as const)
    for (const width of [1280, 390]) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: width === 390 ? 780 : 900 });
      await page.screenshot({ path: join(shots, `${name}-${width}-${scheme}.png`) });
    }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('bulk actions and saved views end to end', () => {
  it('picks three with the keyboard and Shift+click, resolves them, saves a view and sees its count', async () => {
    const { context, page: staff, cspViolations, pageErrors } = await h.staffPage();

    const options = admin(staff).locator('[role=option]');
    await options.nth(4).waitFor();
    await admin(staff).locator('[role=option] .pick').nth(4).waitFor();
    const ids = await options.evaluateAll((nodes) => nodes.map((node) => node.id.slice('option-'.length)));
    assert.equal(ids.length, 5);

    // The keyboard: focus the first conversation, x picks it; then Shift+click the third: the first three.
    await options.nth(0).focus();
    await staff.keyboard.press('x');
    await admin(staff).locator('[role=option][aria-checked=true]').first().waitFor();
    await options.nth(2).click({ modifiers: ['Shift'] });
    const picked = admin(staff).locator('[role=option][aria-checked=true]');
    await admin(staff).locator('.bulk-count', { hasText: '3 selected' }).waitFor();
    assert.deepEqual(
      await picked.evaluateAll((nodes) => nodes.map((node) => node.id.slice('option-'.length))),
      ids.slice(0, 3),
    );
    await shoot(staff, 'bulk-bar');

    await admin(staff).locator('.bulk').getByRole('button', { name: 'Resolve' }).click();
    await admin(staff).locator('.bulk-outcome', { hasText: '3 resolved' }).waitFor();
    // They leave the Open view; the other two stay.
    await options.nth(2).waitFor({ state: 'detached' });
    assert.deepEqual(
      await options.evaluateAll((nodes) => nodes.map((node) => node.id.slice('option-'.length))),
      ids.slice(3),
    );
    const resolved = (await api('GET', '/v1/admin/conversations?status=resolved')).body.items.map(
      (item: { id: string }) => item.id,
    );
    assert.deepEqual([...resolved].sort(), ids.slice(0, 3).sort());
    const audit = (await api('GET', '/v1/admin/audit?action=conversation.bulk')).body.items;
    assert.equal(audit.length, 1);
    assert.equal(audit[0].details.count, 3);

    // Save the Resolved tab as a view: listed with its count, and shown.
    await admin(staff)
      .locator('.statuses')
      .getByRole('button', { name: /Resolved/ })
      .click();
    await options.nth(2).waitFor();
    await admin(staff).getByRole('button', { name: 'Save view' }).click();
    const dialog = admin(staff).locator('chat-admin-views dialog');
    await dialog.waitFor();
    assert.equal(await dialog.locator('select[name=status]').inputValue(), 'resolved');
    await dialog.locator('input[name=name]').fill('Done today');
    await shoot(staff, 'views-dialog');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    const saved = admin(staff).locator('.saved-view', { hasText: 'Done today' });
    await saved.waitFor();
    assert.equal(await saved.locator('.count').textContent(), '3');
    assert.equal(await saved.getAttribute('aria-pressed'), 'true');
    assert.equal(await options.count(), 3);
    await shoot(staff, 'views');

    assert.deepEqual(await cspViolations(), []);
    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  it('Select all N matching reaches past the page loaded: a label on every open conversation', async () => {
    // 55 more visitors: with the two left open above, 57 open conversations, more than the list's page of 50.
    for (let i = 0; i < 55; i++) {
      await visitor(`Wave ${i}`, `Question number ${i}`);
      visitors.pop()?.close();
    }
    const context = await h.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const staff = await context.newPage();
    const pageErrors: string[] = [];
    staff.on('pageerror', (error) => pageErrors.push(error.message));
    await h.signIn(staff);
    const options = admin(staff).locator('[role=option]');
    await admin(staff).locator('[role=option] .pick').nth(49).waitFor();
    assert.equal(await options.count(), 50, 'one page loaded');

    await options.nth(0).focus();
    await staff.keyboard.press('x');
    const bar = admin(staff).locator('.bulk');
    await bar.getByRole('button', { name: 'Select all 50', exact: true }).click();
    await bar.getByRole('button', { name: 'Select all 57 matching' }).click();
    await bar.locator('.bulk-count', { hasText: 'All 57 matching selected' }).waitFor();
    await shoot(staff, 'bulk-matching');
    await bar.locator('input[name=label]').fill('wave');
    await bar.getByRole('button', { name: 'Add', exact: true }).click();
    await admin(staff).locator('.bulk-outcome', { hasText: '57 labelled' }).waitFor();

    const labelled = (await api('GET', '/v1/admin/conversations?status=open&label=wave&limit=100')).body;
    assert.equal(labelled.items.length, 57, 'every open conversation, loaded or not');
    assert.equal((await api('GET', '/v1/admin/conversations?status=open&limit=100')).body.items.length, 57);
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
