// End-to-end (issue #40): an admin defines custom attributes in Settings → Custom attributes; the demo page identifies
// its visitor with attributes (one signed by "the site's backend", one not), the visitor writes; in the inbox the
// visitor panel shows them (the unsigned one marked Unverified), staff change them in place, and the conversation
// list's attribute filter finds the conversation — a real relay and Chromium. PARLEY_SHOTS=<dir> writes screenshots
// of the panel and the settings page at 1280 and 390 px, light and dark.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { attributesSigningText } from '@parley/protocol/admin';
import { buildWidget, startAdminHarness, type AdminHarness } from '../support/admin-harness.js';

const IDENTITY_SECRET = 'idsecret_admin_e2e';
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

const hmac = (text: string) => createHmac('sha256', IDENTITY_SECRET).update(text).digest('hex');

/** Screenshots at 1280 and 390 px, light and dark; `ready` brings what is shot into view at each size. */
async function shoot(page: Page, name: string, ready: (width: number) => Promise<void>): Promise<void> {
  if (!shots) return;
  for (const scheme of ['light', 'dark'] as const)
    for (const width of [1280, 390]) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await ready(width);
      await page.screenshot({ path: join(shots, `${name}-${width}-${scheme}.png`) });
    }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('custom attributes end to end', () => {
  it('defined in settings, given by identify(), shown and edited in the visitor panel, filtered on', async () => {
    const { context: staffContext, page: staff, cspViolations, pageErrors } = await h.staffPage();

    // Settings → Custom attributes: a list attribute of contacts, a number, a checkbox, a conversation's text.
    await admin(staff).getByRole('button', { name: 'Settings' }).click();
    await admin(staff).getByRole('link', { name: 'Custom attributes' }).click();
    const page = admin(staff).locator('chat-admin-attributes');
    const define = async (label: string, type: string, scope: string, options?: string) => {
      await page.locator('#attribute-label').fill(label);
      await page.locator('#attribute-type').selectOption(type);
      await page.locator(`input[name=scope][value=${scope}]`).check();
      if (options) await page.locator('#attribute-options').fill(options);
      await page.locator('form[data-save=attribute] button[type=submit]').click();
      await page.locator('.attribute h3', { hasText: label }).waitFor();
    };
    await define('Plan', 'list', 'contact', 'Free\nPro\nEnterprise');
    await define('Seats', 'number', 'contact');
    await define('VIP', 'checkbox', 'contact');
    await define('Order number', 'text', 'conversation');
    const keys = (await api('GET', '/v1/admin/attributes')).body.items.map(
      (item: { scope: string; key: string }) => `${item.scope}.${item.key}`,
    );
    assert.deepEqual(keys, ['contact.plan', 'contact.seats', 'contact.vip', 'conversation.order_number']);
    await shoot(staff, 'attributes-settings', async () => {
      await page.locator('#attributes-title').scrollIntoViewIfNeeded();
    });

    // The site's page identifies its visitor: seats signed by its backend, the plan not.
    const visitorContext = await h.browser.newContext({ viewport: { width: 1200, height: 800 } });
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${h.relay.httpUrl}/`);
    const signed = { seats: 12 };
    const user = { id: 'u_e2e_42', hash: hmac('u_e2e_42'), name: 'Ada Lovelace' };
    await visitor.evaluate(
      (identity) => (window as unknown as { Parley: (...args: unknown[]) => void }).Parley('identify', identity),
      { ...user, attributes: signed, attributesHash: hmac(attributesSigningText(user.id, signed)) },
    );
    await widget(visitor).locator('button[part=launcher]').click();
    const input = widget(visitor).locator('textarea[part=input]');
    await input.fill('Hello, I would like more seats on my plan.');
    await input.press('Enter');
    // The unsigned claim, on the page's next identify (a new hello): stored as unverified, seats kept verified.
    await visitor.evaluate(
      (identity) => (window as unknown as { Parley: (...args: unknown[]) => void }).Parley('identify', identity),
      { ...user, attributes: { plan: 'Enterprise', seats: 99 } },
    );

    // The inbox: the visitor panel shows them; the claim is marked.
    await admin(staff).getByRole('button', { name: 'Inbox' }).click();
    await admin(staff).locator('[role=option]').first().click();
    await admin(staff).locator('.msg.visitor .bubble', { hasText: 'more seats' }).waitFor();
    const card = admin(staff).locator('chat-admin-attributes-card');
    await card.locator('#attribute-contact-plan-unverified').waitFor();
    assert.equal(await card.locator('#attribute-contact-plan').inputValue(), 'Enterprise');
    assert.equal(
      await card.locator('#attribute-contact-seats').inputValue(),
      '12',
      'a claim never replaces a signed value',
    );
    assert.equal(await card.locator('#attribute-contact-seats-unverified').count(), 0);
    await shoot(staff, 'attributes-panel', async (width) => {
      // On a phone the visitor panel is a drawer.
      const toggle = admin(staff).getByRole('button', { name: 'Visitor', exact: true });
      if (width === 390 && (await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true')
        await toggle.click();
      await card.locator('#attribute-contact-vip').scrollIntoViewIfNeeded();
    });

    // Staff set them in place: the plan (now verified), the VIP box, the conversation's order number.
    await card.locator('#attribute-contact-plan').selectOption('Pro');
    await card.locator('#attribute-contact-plan-unverified').waitFor({ state: 'detached' });
    await card.locator('#attribute-contact-vip').check();
    await card.locator('#attribute-conversation-order_number').fill('A-1042');
    await card.locator('#attribute-conversation-order_number').press('Enter');
    const conversationId = (await api('GET', '/v1/admin/conversations')).body.items[0].id as string;
    const readBack = async () => (await api('GET', `/v1/admin/conversations/${conversationId}/attributes`)).body;
    for (let tries = 0; ; tries++) {
      const now = await readBack();
      const values = Object.fromEntries(
        [...now.contact.items, ...now.conversation.items].map((item: { key: string; value: unknown }) => [
          item.key,
          item.value,
        ]),
      );
      if (values.vip === true && values.order_number === 'A-1042' && values.plan === 'Pro') {
        assert.equal(values.seats, 12);
        break;
      }
      assert.ok(tries < 100, JSON.stringify(values));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    // The list filtered by an attribute.
    const filtered = async (filter: string) =>
      (await api('GET', `/v1/admin/conversations?attribute=${encodeURIComponent(filter)}`)).body.items.map(
        (item: { id: string }) => item.id,
      );
    assert.deepEqual(await filtered('contact.plan:is:pro'), [conversationId]);
    assert.deepEqual(await filtered('contact.seats:gt:20'), []);
    assert.deepEqual(await filtered('conversation.order_number:is_set'), [conversationId]);

    // Reports: the range's conversations by the plan.
    await admin(staff).getByRole('button', { name: 'Reports' }).click();
    const breakdown = admin(staff).locator('chat-admin-attribute-breakdown');
    await breakdown.locator('tbody tr').first().waitFor();
    const rows = await breakdown
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [tr.querySelector('th')!.textContent!.trim(), tr.querySelector('.n')!.textContent!.trim()]),
      );
    assert.deepEqual(rows, [
      ['Free', '0'],
      ['Pro', '1'],
      ['Enterprise', '0'],
      ['Not set', '0'],
    ]);
    await shoot(staff, 'attributes-report', async () => {
      await breakdown.scrollIntoViewIfNeeded();
    });

    assert.deepEqual(await cspViolations(), []);
    assert.deepEqual(pageErrors, []);
    await visitorContext.close();
    await staffContext.close();
  });
});
