// End-to-end: a site's automations (issue #17) with a visitor on the demo page and staff in /admin, one Chromium,
// a real relay: the bot's welcome, quick-reply buttons, and a rating the agent sees.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { ADMIN_TOKEN, buildWidget, startAdminHarness, type AdminHarness } from '../support/admin-harness.js';

let h: AdminHarness;

before(async () => {
  buildWidget();
  h = await startAdminHarness();
});
after(() => h?.close());

const admin = (page: Page) => page.locator('chat-admin');
const widget = (page: Page) => page.locator('chat-widget');

describe('automations end to end', () => {
  it('the visitor sees the bot’s welcome and the agent’s buttons, answers one, rates the conversation, and the agent sees the rating', async () => {
    const saved = await fetch(`${h.relay.httpUrl}/v1/admin/automations`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        botName: 'Ada',
        hours: null,
        welcome: { enabled: true, texts: { en: 'Welcome to Acme Outdoor! What are you planning?' } },
        away: { enabled: false, texts: {}, emailTexts: {} },
        csat: { enabled: true, texts: {} },
      }),
    });
    assert.equal(saved.status, 200);

    const staffContext = await h.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const staff = await staffContext.newPage();
    await staff.goto(`${h.relay.httpUrl}/admin`);
    await admin(staff).getByRole('button', { name: 'Sign in with an API token instead' }).click();
    await admin(staff).locator('#token').fill(ADMIN_TOKEN);
    await admin(staff).getByRole('button', { name: 'Sign in', exact: true }).click();
    await admin(staff).locator('.connection.open').waitFor();

    // The demo page without its `data-welcome`: the greeting is the site's, from the relay.
    const visitorContext = await h.browser.newContext({ viewport: { width: 1200, height: 800 }, locale: 'en-GB' });
    const visitor = await visitorContext.newPage();
    // (A fulfilled route would make Chromium take the page for a public one and block its local WebSocket.)
    await visitor.addInitScript({
      content: `new MutationObserver((records) => {
        for (const record of records)
          for (const node of record.addedNodes)
            if (node.nodeName === 'SCRIPT') node.removeAttribute('data-welcome');
      }).observe(document, { childList: true, subtree: true });`,
    });
    await visitor.goto(`${h.relay.httpUrl}/`);
    await widget(visitor).locator('button[part=launcher]').click();
    const greeting = widget(visitor).locator('.msg.bot').first();
    await greeting.locator('.bubble', { hasText: 'Welcome to Acme Outdoor!' }).waitFor();
    assert.equal((await greeting.locator('.author').textContent())?.trim(), 'Ada');
    const composer = widget(visitor).locator('textarea[part=input]');
    await composer.fill('Which tent for a family?');
    await composer.press('Enter');

    // Staff see the visitor's message and the bot's welcome stored after it, marked as the bot's.
    const option = admin(staff).locator('[role=option]').first();
    await option.click();
    await admin(staff).locator('.msg.visitor .bubble', { hasText: 'Which tent' }).waitFor();
    const stored = admin(staff).locator('.msg.bot', { hasText: 'Welcome to Acme Outdoor!' });
    await stored.waitFor();
    assert.match((await stored.locator('.author').textContent()) ?? '', /Ada\s+Bot/);
    // …and the visitor sees the welcome once, first.
    assert.equal(await widget(visitor).locator('.bubble', { hasText: 'Welcome to Acme Outdoor!' }).count(), 1);

    // Staff ask with buttons; the visitor answers with one, from the keyboard.
    await admin(staff).locator('#composer-input').fill('How many people?');
    await admin(staff).locator('details.buttons-field summary').click();
    await admin(staff).locator('input[name=buttons]').fill('2 people | 4 people');
    await admin(staff).locator('#composer-input').press('Enter');
    const buttons = widget(visitor).locator('[part=quick-replies] button');
    await buttons.first().waitFor();
    assert.deepEqual(
      (await buttons.allTextContents()).map((t) => t.trim()),
      ['2 people', '4 people'],
    );
    await buttons.nth(1).focus();
    await visitor.keyboard.press('Enter');
    await admin(staff).locator('.msg.visitor .bubble', { hasText: '4 people' }).waitFor();
    assert.equal(await widget(visitor).locator('[part=quick-replies]').count(), 0);

    // Staff resolve; the visitor is asked once, rates 4 with a comment.
    await admin(staff).locator('button.resolve').click();
    const rating = widget(visitor).locator('form.rating');
    await rating.waitFor();
    await rating.getByLabel('4 out of 5').check();
    await rating.locator('textarea').fill('Quick and kind');
    await rating.getByRole('button', { name: 'Send rating' }).click();
    await widget(visitor).locator('.msg.mine .bubble', { hasText: '★★★★☆ Quick and kind' }).waitFor();
    assert.equal(await rating.count(), 0);

    // The agent sees the rating in the conversation, and in the stats.
    await admin(staff).locator('.msg.visitor .rating', { hasText: 'Rated 4 out of 5' }).waitFor();
    const stats = await fetch(`${h.relay.httpUrl}/v1/admin/stats`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    assert.deepEqual(((await stats.json()) as { csat: unknown }).csat, { count: 1, average: 4 });

    await visitorContext.close();
    await staffContext.close();
  });
  it('the widget’s header follows the desk live: the last agent going Offline, then new hours, without a reload', async () => {
    const put = (path: string, body: unknown) =>
      fetch(`${h.relay.httpUrl}/v1/admin${path}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const automations = {
      botName: 'Ada',
      hours: null,
      welcome: { enabled: false, texts: {} },
      away: { enabled: false, texts: {}, emailTexts: {} },
      csat: { enabled: false, texts: {} },
    };
    assert.equal((await put('/automations', automations)).status, 200);

    // The admin is signed in to the inbox: the only staff online.
    const staffContext = await h.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const staff = await staffContext.newPage();
    await staff.goto(`${h.relay.httpUrl}/admin`);
    await admin(staff).getByRole('button', { name: 'Sign in with an API token instead' }).click();
    await admin(staff).locator('#token').fill(ADMIN_TOKEN);
    await admin(staff).getByRole('button', { name: 'Sign in', exact: true }).click();
    await admin(staff).locator('.connection.open').waitFor();

    const visitorContext = await h.browser.newContext({ viewport: { width: 1200, height: 800 }, locale: 'en-US' });
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${h.relay.httpUrl}/`);
    await widget(visitor).locator('button[part=launcher]').click();
    const header = widget(visitor).locator('[part=presence]');
    await header.filter({ hasText: 'We’re online' }).waitFor();

    // They set themself Offline (still signed in): the visitor's header says nobody is there.
    assert.equal((await put('/me/availability', { availability: 'offline' })).status, 200);
    await header.filter({ hasNotText: 'We’re online' }).waitFor();
    assert.equal(await widget(visitor).locator('[part=presence] .dot.on').count(), 0);
    assert.equal((await put('/me/availability', { availability: 'online' })).status, 200);
    await header.filter({ hasText: 'We’re online' }).waitFor();

    // The admin saves hours that have the desk closed now (open an hour, in two days): "We’re away — back …".
    const day = (new Date().getUTCDay() + 2) % 7;
    const hours = { timezone: 'UTC', weekly: [{ day, open: '09:00', close: '10:00' }], holidays: [] };
    assert.equal((await put('/automations', { ...automations, hours })).status, 200);
    await header.filter({ hasText: /^\s*We’re away — back \w+day 9:00\s?AM\s*$/ }).waitFor();
    // Removing them: online again, as the inbox still is.
    assert.equal((await put('/automations', automations)).status, 200);
    await header.filter({ hasText: 'We’re online' }).waitFor();
    await visitorContext.close();
    await staffContext.close();
  });
});
