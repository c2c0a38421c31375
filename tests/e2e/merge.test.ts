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

/**
 * The agent signed in at /admin, and a visitor on the demo site who opened the chat and said `first`: both pages,
 * with what each page threw, and the visitor's conversation once the relay has stored the message (the bubble shows
 * before the relay acknowledges it).
 */
async function staffAndVisitor(first: string) {
  const { context: staffContext, page: staff, cspViolations, pageErrors } = await h.staffPage();
  const visitorContext = await h.browser.newContext({ viewport: { width: 1200, height: 800 } });
  const visitor = await visitorContext.newPage();
  const visitorErrors: string[] = [];
  visitor.on('pageerror', (error) => visitorErrors.push(error.message));
  await visitor.goto(`${h.relay.httpUrl}/`);
  await widget(visitor).locator('button[part=launcher]').click();
  const input = widget(visitor).locator('textarea[part=input]');
  await input.fill(first);
  await input.press('Enter');
  await widget(visitor).locator('.msg.mine .bubble', { hasText: first }).waitFor();
  type Listed = { id: string; visitor: { id: string }; lastMessage?: { text: string } };
  let conversation: Listed | undefined;
  for (let waited = 0; !conversation; waited += 100) {
    if (waited > 15_000) assert.fail(`no conversation holds "${first}"`);
    const items = (await api('GET', '/v1/admin/conversations')).body.items as Listed[];
    conversation = items.find((item) => item.lastMessage?.text === first);
    if (!conversation) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const close = async () => {
    await visitorContext.close();
    await staffContext.close();
  };
  return { staff, visitor, conversation, cspViolations, pageErrors, visitorErrors, close };
}

/** Another conversation of `visitorId`, written as the relay would have stored it: [client id, text, role] each. */
async function otherConversation(
  id: string,
  visitorId: string,
  messages: readonly (readonly [string, string, 'visitor' | 'staff'])[],
): Promise<void> {
  for (const [clientId, text, role] of messages)
    await h.relay.store.append({
      siteId: 'default',
      conversationId: id,
      visitorId,
      clientId,
      author: role === 'visitor' ? { role, id: visitorId } : { role, id: 'staff_sam', name: 'Sam' },
      text,
      kind: 'text',
    });
}

describe('merge end to end', () => {
  it('the agent merges the widget’s conversation into the visitor’s older one; the widget follows', async () => {
    const {
      staff,
      visitor,
      conversation: newer,
      cspViolations,
      pageErrors,
      visitorErrors,
      close,
    } = await staffAndVisitor('Is my order on its way?');

    // The visitor's older conversation, from an hour ago (written as the relay would have stored it then).
    const older = `c_older_${Date.now()}`;
    await otherConversation(older, newer.visitor.id, [
      ['o-1', 'I ordered the blue tent.', 'visitor'],
      ['o-2', 'Thanks, it ships on Monday.', 'staff'],
    ]);
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
    await close();
  });

  it('two conversations that overlapped in time read in the order they were written, in the widget, the inbox and the print view', async () => {
    const {
      staff,
      visitor,
      conversation: newer,
      cspViolations,
      pageErrors,
      close,
    } = await staffAndVisitor('Also, can I change the colour?');

    // The visitor's other conversation ran at the same time: 60 and 30 minutes ago; the widget's message was
    // written 45 minutes ago (moved back in time, as if the two chats had gone on side by side).
    const other = `c_side_${Date.now()}`;
    await otherConversation(other, newer.visitor.id, [
      ['s-1', 'Where is my parcel?', 'visitor'],
      ['s-2', 'It is at the depot.', 'staff'],
    ]);
    const now = Date.now();
    const db = new Database(join(h.relay.config.dataDir, 'parley.db'));
    db.prepare("UPDATE messages SET ts = ? WHERE conversation_id = ? AND client_id = 's-1'").run(
      now - 3_600_000,
      other,
    );
    db.prepare("UPDATE messages SET ts = ? WHERE conversation_id = ? AND client_id = 's-2'").run(
      now - 1_800_000,
      other,
    );
    db.prepare('UPDATE messages SET ts = ? WHERE conversation_id = ?').run(now - 2_700_000, newer.id);
    db.prepare('UPDATE conversations SET created_at = created_at - 3600000 WHERE id = ?').run(other);
    db.close();

    const merged = await api('POST', `/v1/admin/conversations/${other}/merge`, { from: newer.id });
    assert.equal(merged.status, 200, JSON.stringify(merged.body));
    // In sequence order the widget's message comes last (3); in the order written, between the other two.
    const written = ['Where is my parcel?', 'Also, can I change the colour?', 'It is at the depot.'];

    const bubbles = widget(visitor).locator('.msg .bubble');
    await widget(visitor).locator('.msg .bubble', { hasText: 'parcel' }).waitFor({ timeout: 15_000 });
    await until(
      async () => (await bubbles.allTextContents()).map((t) => t.trim()).join('|') === written.join('|'),
      bubbles,
    );

    await staff.goto(`${h.relay.httpUrl}/admin#conversation=${other}`);
    const thread = admin(staff).locator('.log .bubble');
    await admin(staff).locator('.log .bubble', { hasText: 'parcel' }).waitFor();
    await until(
      async () => (await thread.allTextContents()).map((t) => t.trim()).join('|') === written.join('|'),
      thread,
    );

    // The print view (and so the PDF) reads the same way; its items keep their sequence numbers.
    const menu = admin(staff).locator('chat-admin-export');
    await menu.locator('summary').click();
    await menu.getByRole('button', { name: 'Print' }).click();
    const frame = await (async () => {
      for (let i = 0; i < 100; i += 1) {
        const found = staff.frames().find((each) => each !== staff.mainFrame());
        if (found && (await found.locator('li.message').count()) === 3) return found;
        await staff.waitForTimeout(100);
      }
      throw new Error('no print view');
    })();
    assert.deepEqual(
      (await frame.locator('li.message p.text').allTextContents()).map((t) => t.trim()),
      written,
    );
    assert.deepEqual(
      await frame.locator('li.message').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.seq)),
      ['1', '3', '2'],
    );

    assert.deepEqual(await cspViolations(), []);
    assert.deepEqual(pageErrors, []);
    await close();
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
