// Journey: settings. An admin sets up the desk in /admin's settings and sees the effect where it shows — the desk's
// pages, rules, automations, custom attributes, message safety, the help center's articles, API channels, messaging
// channels, the public origin — with a real relay and one real Chromium. A new settings page adds its browser test here
// (tests/e2e/README.md).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { attributesSigningText } from '@parley/protocol/admin';
import { identityHash, type RunningRelay } from '@parley/relay';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import WebSocket from 'ws';
import { ADMIN_TOKEN, type AdminHarness, startAdminHarness } from '../support/admin-harness.js';
import { TelegramBotApi, photoUpdate } from '../support/telegram-bot-api.js';
import { type GraphNumber, WhatsAppGraphApi, inbound, status, webhook } from '../support/whatsapp-graph-api.js';
import {
  admin,
  adminDir,
  buildWidget,
  helloSocket,
  launchChromium,
  screenshotsDir,
  startE2eRelay,
  until,
  watchCsp,
  widget,
} from '../support/e2e.js';

/**
 * The journey's one Chromium, held from its first test to its last: every block's own launchChromium() (directly or
 * through a harness) gets this browser instead of launching one and closing it when the block ends.
 */
let journeyBrowser: Browser;

before(async () => {
  journeyBrowser = await launchChromium();
});
after(() => journeyBrowser?.close());

// End-to-end: the inbox's Desk pages (issue #19) with a real relay and /admin in Chromium, driven as a user would,
// mostly from the keyboard. A visitor with a name and an email writes; an admin adds a saved reply, finds the
// contact, reveals the email, downloads the export and erases the contact; the audit log shows each of those by a
// readable name and filters them; the site is renamed (a new visitor's welcome carries the name) and its identity
// secret rotated (the old one refused at once).
describe('desk', () => {
  const ADMIN_TOKEN = 'st_admin_test_desk_e2e_0123456789';
  const SITE_KEY = 'pk_test_desk';

  let relay: RunningRelay;
  let browser: Browser;
  let close: () => Promise<void>;

  before(async () => {
    buildWidget();
    // Neither the site's name, its origins nor its identity secret configured: the inbox owns them.
    ({ relay, close } = await startE2eRelay({
      siteKey: SITE_KEY,
      adminToken: ADMIN_TOKEN,
      adminDir,
      allowedOrigins: undefined,
    }));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await close?.();
  });

  async function signIn(): Promise<{ context: BrowserContext; staff: Page; violations: () => Promise<string[]> }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const staff = await context.newPage();
    const violations = await watchCsp(staff);
    await staff.goto(`${relay.httpUrl}/admin`);
    await admin(staff).getByRole('button', { name: 'Sign in with an API token instead' }).click();
    await admin(staff).locator('#token').fill(ADMIN_TOKEN);
    await admin(staff).locator('#token').press('Enter');
    await admin(staff).locator('.connection.open').waitFor();
    return { context, staff, violations };
  }

  async function desk(staff: Page, name: string, tag: string): Promise<Locator> {
    // Contacts is in the top bar; Saved replies, Audit log and Site in the settings area.
    if (name === 'Contacts') await admin(staff).locator('.topbar nav').getByRole('button', { name }).click();
    else {
      await admin(staff).locator('.topbar nav').getByRole('button', { name: 'Settings' }).click();
      await admin(staff).getByRole('link', { name, exact: true }).click();
    }
    const page = admin(staff).locator(tag);
    await page.locator('.card').first().waitFor();
    return page;
  }

  async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${relay.httpUrl}/v1/admin${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  describe('the Desk pages end to end', () => {
    it('saved replies, a contact revealed, exported and erased, and the audit log of it all', async () => {
      const guest = await helloSocket(relay.wsUrl, {
        siteKey: SITE_KEY,
        name: 'Ada Visitor',
        email: 'ada@example.com',
      });
      guest.send(JSON.stringify({ type: 'send', id: 'm-1', text: 'Where is my tent?' }));
      await until(async () => (await api('GET', '/contacts?q=Ada')).body.items.length === 1, 'the contact stored');
      const contactId: string = (await api('GET', '/contacts?q=Ada')).body.items[0].id;
      const { context, staff, violations } = await signIn();

      // Saved replies: added from the keyboard, and the relay keeps it.
      const replies = await desk(staff, 'Saved replies', 'chat-admin-replies');
      await replies.locator('#reply-shortcut').fill('tent');
      await replies.locator('#reply-shortcut').press('Tab');
      await staff.keyboard.type('Your tent ships tomorrow.');
      await staff.keyboard.press('Tab');
      await staff.keyboard.press('Enter');
      await replies.locator('.reply code', { hasText: '/tent' }).waitFor();
      assert.deepEqual(
        (await api('GET', '/canned-responses')).body.items.map((c: { shortcut: string }) => c.shortcut),
        ['tent'],
      );

      // Contacts: found by name; the email revealed (audited), the export downloaded, then the erasure.
      const contacts = await desk(staff, 'Contacts', 'chat-admin-contacts');
      await contacts.locator('#contact-search').fill('Ada');
      await contacts.locator('#contact-search').press('Enter');
      await contacts.locator('button.contact', { hasText: 'Ada Visitor' }).click();
      await contacts.locator('#contact-title', { hasText: 'Ada Visitor' }).waitFor();
      await contacts.getByRole('button', { name: 'Reveal' }).click();
      await contacts.locator('.email', { hasText: 'ada@example.com' }).waitFor();
      await contacts.locator('.conversations li').first().waitFor();
      const [download] = await Promise.all([
        staff.waitForEvent('download'),
        contacts.getByRole('button', { name: 'Export (JSON)' }).click(),
      ]);
      assert.equal(download.suggestedFilename(), `contact-${contactId}.json`);
      assert.match(download.url(), /^blob:/, 'no URL carrying a credential');
      const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
      assert.equal(exported.contact.email, 'ada@example.com');
      assert.deepEqual(
        exported.messages.map((m: { text: string }) => m.text),
        ['Where is my tent?'],
      );
      await contacts.getByRole('button', { name: 'Erase…' }).press('Enter');
      await contacts.locator('#erase-word').waitFor();
      await staff.keyboard.type('erase');
      await staff.keyboard.press('Enter');
      await contacts.getByRole('status').filter({ hasText: 'Ada Visitor was erased.' }).waitFor();
      assert.equal((await api('GET', `/contacts/${contactId}`)).status, 404);

      // The audit log: each of those by a readable name, and filtered by action.
      const audit = await desk(staff, 'Audit log', 'chat-admin-audit');
      await audit.locator('tbody tr').first().waitFor();
      const actions = await audit.locator('tbody td.what').allInnerTexts();
      for (const name of ['Erased a contact', 'Exported a contact', 'Revealed an email', 'Added a saved reply'])
        assert.ok(
          actions.some((text) => text.startsWith(name)),
          `${name} in ${JSON.stringify(actions)}`,
        );
      await audit.getByLabel('Action').selectOption({ label: 'Revealed an email' });
      await audit.getByRole('button', { name: 'Apply' }).press('Enter');
      await until(async () => (await audit.locator('tbody tr').count()) === 1, 'one reveal');
      assert.match(await audit.locator('tbody td.who').innerText(), /Admin/);

      assert.deepEqual(await violations(), []);
      guest.close();
      await context.close();
    });

    it('the site renamed reaches a new visitor, and the rotated identity secret replaces the old one at once', async () => {
      const { context, staff, violations } = await signIn();
      const site = await desk(staff, 'Site', 'chat-admin-site');
      await site.locator('#site-name').fill('Acme Tents');
      await site.locator('form.site').getByRole('button', { name: 'Save' }).click();
      await site.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      const welcome = await new Promise<{ site: { name: string } }>((resolve, reject) => {
        const ws = new WebSocket(relay.wsUrl, 'parley.v1');
        ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', siteKey: SITE_KEY })));
        ws.once('message', (data: Buffer) => {
          resolve(JSON.parse(data.toString()));
          ws.close();
        });
        ws.once('error', reject);
      });
      assert.equal(welcome.site.name, 'Acme Tents');

      const old = (await relay.store.getSite('default'))!.identitySecret;
      await site.getByRole('button', { name: 'Rotate…' }).press('Enter');
      await site.getByRole('button', { name: 'Rotate the secret' }).press('Enter');
      const secret = await site.locator('#site-secret').inputValue();
      assert.match(secret, /^is_/);
      assert.notEqual(secret, old);
      const hello = (key: string) =>
        new Promise<string>((resolve, reject) => {
          const ws = new WebSocket(relay.wsUrl, 'parley.v1');
          ws.once('open', () =>
            ws.send(
              JSON.stringify({ type: 'hello', siteKey: SITE_KEY, user: { id: 'u1', hash: identityHash(key, 'u1') } }),
            ),
          );
          ws.once('message', (data: Buffer) => {
            resolve((JSON.parse(data.toString()) as { type: string }).type);
            ws.close();
          });
          ws.once('close', (code: number) => resolve(String(code)));
          ws.once('error', reject);
        });
      assert.equal(await hello(secret), 'welcome');
      assert.notEqual(await hello(old), 'welcome');
      assert.deepEqual(await violations(), []);
      await context.close();
    });
  });
});

// End-to-end (issue #40): rules and macros with a real relay, the built widget and inbox, and Chromium. An admin
// builds a rule in Settings → Rules and macros without typing JSON (a refusal first, shown beside its row); a visitor
// writes from the demo site and the rule labels the conversation and answers as the bot; the thread's timeline says
// the rule did it; then a macro is run from the composer with its shortcut and each action's outcome is shown.
// PARLEY_SHOTS=<dir> writes screenshots at 1280 and 390 px, light and dark.
describe('rules', () => {
  let h: AdminHarness;

  before(async () => {
    buildWidget();
    h = await startAdminHarness();
  });
  after(() => h?.close());

  const shots = screenshotsDir();

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
      await widget(visitor)
        .getByText('Our sales team will answer about plans and prices.')
        .waitFor({ timeout: 15_000 });
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
});

// End-to-end: a site's automations (issue #17) with a visitor on the demo page and staff in /admin, one Chromium,
// a real relay: the bot's welcome, quick-reply buttons, and a rating the agent sees.
describe('automations', () => {
  let h: AdminHarness;

  before(async () => {
    buildWidget();
    h = await startAdminHarness();
  });
  after(() => h?.close());

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
});

// End-to-end (issue #40): an admin defines custom attributes in Settings → Custom attributes; the demo page identifies
// its visitor with attributes (one signed by "the site's backend", one not), the visitor writes; in the inbox the
// visitor panel shows them (the unsigned one marked Unverified), staff change them in place, and the conversation
// list's attribute filter finds the conversation — a real relay and Chromium. PARLEY_SHOTS=<dir> writes screenshots
// of the panel and the settings page at 1280 and 390 px, light and dark.
describe('attributes', () => {
  const IDENTITY_SECRET = 'idsecret_admin_e2e';
  let h: AdminHarness;

  before(async () => {
    buildWidget();
    h = await startAdminHarness();
  });
  after(() => h?.close());

  const shots = screenshotsDir();

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
});

// End-to-end (issue #39): message safety with a real relay, the built widget and inbox, and Chromium. An admin sets
// the site's Safety page (a refusal shown beside its field, then saved); the visitor is warned of a card number as
// they type, and their bubble shows the text as stored once acknowledged; staff see the replaced parts marked and
// reveal a masked IBAN for their view only (recorded in the audit log, gone on reload).
// PARLEY_SHOTS=<dir> writes screenshots at 1280 and 390 px, light and dark.
describe('message-safety', () => {
  let h: AdminHarness;

  before(async () => {
    buildWidget();
    h = await startAdminHarness();
  });
  after(() => h?.close());

  const shots = screenshotsDir();

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
});

// End-to-end: the help center from the inbox (issue #42) in real Chromium, with a real relay on port 0. A member
// writes an article in Settings → Help center, watching the relay's preview, and publishes it; inserts its link
// into a reply with the keyboard and sends it to a visitor; the visitor says whether it helped, in the widget's panel
// and on the portal without JavaScript; and the inbox counts the votes.
// PARLEY_SHOTS=<dir> writes screenshots of the editor and the feedback at 1280 and 390 px, light and dark.
describe('help-center-inbox', () => {
  let h: AdminHarness;

  before(async () => {
    buildWidget();
    h = await startAdminHarness();
  });
  after(() => h?.close());

  const shots = screenshotsDir();

  async function shot(page: Page, name: string, fullPage = false): Promise<void> {
    if (shots) await page.screenshot({ path: join(shots, `${name}.png`), fullPage });
  }

  /** Light and dark at the page's width, then at 390 px, then back to 1280 px light. */
  async function fourShots(page: Page, name: string, fullPage = false): Promise<void> {
    if (!shots) return;
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width === 1280 ? 900 : 844 });
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await shot(page, `${name}-${width}-${scheme}`, fullPage);
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: 'light' });
  }

  const api: AdminHarness['api'] = (method, path, body) => h.api(method, `/v1/admin${path}`, body);

  describe('the help center from the inbox', () => {
    it('writes an article with the relay’s preview, inserts its link in a reply, and counts what visitors said of it', async () => {
      const { context: staffContext, page: staff, cspViolations: staffCsp, pageErrors } = await h.staffPage();

      // The editor: the preview is the relay's rendering (raw HTML shown as text), then published.
      await admin(staff).getByRole('button', { name: 'Settings' }).click();
      await admin(staff).getByRole('link', { name: 'Help center' }).click();
      const page = admin(staff).locator('chat-admin-help');
      await page.locator('.new-article').click();
      await page.locator('#help-title').fill('Reset your password');
      assert.equal(await page.locator('#help-slug').inputValue(), 'reset-your-password');
      await page.locator('#help-summary').fill('Forgot it? Get a new one in a minute.');
      await page
        .locator('#help-body')
        .fill(
          'Open **Settings**, then choose *Reset password*.\n\n1. Check your inbox\n2. Follow the link\n\n<b>not bold</b> and [help](https://example.com/help)',
        );
      await page.locator('.preview strong').waitFor();
      assert.equal(await page.locator('.preview strong').textContent(), 'Settings');
      assert.equal(await page.locator('.preview b').count(), 0, 'raw HTML is not rendered');
      assert.match((await page.locator('.preview').textContent()) ?? '', /<b>not bold<\/b>/);
      assert.equal(await page.locator('.preview ol li').count(), 2);
      assert.equal(
        await page.locator('.preview a').getAttribute('rel'),
        'noopener nofollow ugc',
        'links as the portal makes them',
      );
      // Bad input is said beside its field, and nothing is written.
      await page.locator('#help-slug').fill('Not a slug');
      await page.locator('button[value=publish]').click();
      assert.match((await page.locator('#help-slug-error').textContent()) ?? '', /lower-case/);
      assert.equal((await api('GET', '/help/articles')).body.items.length, 0);
      await page.locator('#help-slug').fill('reset-password');
      assert.equal(await page.locator('#help-slug-error').count(), 0, 'the refusal goes once the field changes');
      await page.locator('.editor').scrollIntoViewIfNeeded();
      await fourShots(staff, 'help-editor');
      await page.locator('button[value=publish]').click();
      await page.locator('tr.article .state', { hasText: 'Published' }).waitFor();
      const [written] = (await api('GET', '/help/articles')).body.items;
      assert.equal(written.status, 'published');
      const url = `${h.relay.httpUrl}/help/pk_test_admin/en/reset-password`;
      assert.equal(written.url, url);
      // The preview was the portal's HTML.
      const portal = await (await fetch(url)).text();
      const preview = await page.locator('.preview').innerHTML();
      assert.ok(portal.includes(preview.replace(/<!--[^>]*-->/g, '').trim()), 'the preview is the portal’s body');

      // A visitor writes; the member inserts the article's link in the reply, by keyboard, and sends it.
      const visitorContext = await h.browser.newContext({ viewport: { width: 390, height: 844 } });
      const visitor = await visitorContext.newPage();
      const visitorCsp = await watchCsp(visitor);
      await visitor.goto(`${h.relay.httpUrl}/`);
      await widget(visitor).locator('button[part=launcher]').click();
      const composer = widget(visitor).locator('textarea[part=input]');
      await composer.fill('I forgot my password, how do I get a new one? Thanks');
      await composer.press('Enter');
      await admin(staff).getByRole('button', { name: 'Inbox' }).click();
      await admin(staff).locator('[role=option]').first().click();
      const reply = admin(staff).locator('chat-admin-composer textarea');
      await reply.click();
      await reply.pressSequentially('Here you go:');
      await reply.press('Control+Shift+K');
      const links = admin(staff).locator('chat-admin-article-link');
      await links.locator('[role=option]', { hasText: 'Reset your password' }).waitFor();
      await staff.keyboard.type('reset');
      await staff.keyboard.press('Enter');
      await until(async () => (await reply.inputValue()).includes(url), 'the link inserted');
      assert.equal(await reply.inputValue(), `Here you go: Reset your password: ${url}`);
      assert.equal(await reply.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement), true);
      await shot(staff, 'help-link-inserted-1280-light');
      await reply.press('Enter');
      await widget(visitor).getByText(`Here you go: Reset your password:`).waitFor({ timeout: 15_000 });

      // The visitor reads it in the widget's panel (the site has an article: its loader gave the widget a Help tab) and
      // says it did not help.
      await widget(visitor).locator('[part="help-button"]').click();
      await widget(visitor).locator('.help-list .help-item').first().click();
      await widget(visitor).locator('.help-article h3').waitFor();
      await widget(visitor).locator('.help-feedback').scrollIntoViewIfNeeded();
      await fourShots(visitor, 'help-feedback-widget-ask');
      await widget(visitor).getByRole('button', { name: 'No' }).click();
      await widget(visitor).locator('.help-feedback', { hasText: 'Thanks for your feedback.' }).waitFor();
      await fourShots(visitor, 'help-feedback-widget-thanks');
      await until(async () => (await api('GET', '/help/articles')).body.items[0].notHelpful === 1, 'the widget’s vote');

      // Another visitor, on the portal without JavaScript: a plain form, then the article again with thanks. (Another
      // browser: votes are told apart by address and user agent, and every page here comes from 127.0.0.1.)
      const plain = await h.browser.newContext({
        javaScriptEnabled: false,
        viewport: { width: 1280, height: 900 },
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
      });
      const reader = await plain.newPage();
      const readerCsp = await watchCsp(reader);
      await reader.goto(url);
      await fourShots(reader, 'help-feedback-portal-ask', true);
      await reader.getByRole('button', { name: 'Yes' }).click();
      await reader.waitForURL(`${url}?feedback=thanks#feedback`);
      assert.equal(await reader.locator('.feedback').textContent(), 'Thanks for your feedback.');
      await fourShots(reader, 'help-feedback-portal-thanks', true);
      assert.deepEqual(await readerCsp(), []);

      const [counted] = (await api('GET', '/help/articles')).body.items;
      assert.deepEqual([counted.helpful, counted.notHelpful], [1, 1]);
      // The inbox's list shows them.
      await admin(staff).getByRole('button', { name: 'Settings' }).click();
      await admin(staff).getByRole('link', { name: 'Help center' }).click();
      await page.locator('tr.article .feedback', { hasText: '1 yes · 1 no' }).waitFor();
      await page.locator('table.articles').scrollIntoViewIfNeeded();
      await fourShots(staff, 'help-list');
      // And in Reports, over the report's range.
      await admin(staff).getByRole('button', { name: 'Reports' }).click();
      const card = admin(staff).locator('chat-admin-help-feedback');
      await card.locator('tbody tr', { hasText: 'Reset your password' }).waitFor();
      assert.deepEqual(await card.locator('tbody tr td').allTextContents(), ['1', '1', '50%']);
      await card.scrollIntoViewIfNeeded();
      await fourShots(staff, 'help-reports');

      assert.deepEqual(pageErrors, []);
      assert.deepEqual(await staffCsp(), []);
      assert.deepEqual(await visitorCsp(), []);
      await plain.close();
      await staffContext.close();
      await visitorContext.close();
    });
  });
});

// End-to-end: an API channel made in the inbox (Settings → API channels) with a real relay and /admin in Chromium.
// The admin adds a channel and copies its token from the page; a bridge (here, the test) posts a contact's message
// with it; the conversation shows in the inbox; the admin's reply from the composer reaches the channel's webhook,
// a receiver on loopback, signed with the secret the page showed once.
describe('api-channels', () => {
  const ADMIN_TOKEN = 'st_admin_test_api_channels_e2e_0123456789';

  let relay: RunningRelay;
  let browser: Browser;
  let close: () => Promise<void>;
  let receiver: Server;
  const received: Array<{ signature: string; body: string }> = [];

  before(async () => {
    buildWidget();
    ({ relay, close } = await startE2eRelay({
      siteKey: 'pk_test_api_channels',
      adminToken: ADMIN_TOKEN,
      adminDir,
      // The channel's webhook is a receiver on loopback in this test.
      webhookAllowPrivate: true,
      outboxTiming: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 80 },
    }));
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({
          signature: String(request.headers['parley-signature'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
        });
        response.writeHead(204).end();
      });
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    receiver?.closeAllConnections();
    receiver?.close();
    await close?.();
  });

  describe('API channels end to end', () => {
    it('are made in the inbox, take a bridge’s message, and send the staff reply to their webhook, signed', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: relay.httpUrl });
      const staff = await context.newPage();
      const violations = await watchCsp(staff);
      const admin = staff.locator('chat-admin');
      await staff.goto(`${relay.httpUrl}/admin`);
      await admin.getByRole('button', { name: 'Sign in with an API token instead' }).click();
      await admin.locator('#token').fill(ADMIN_TOKEN);
      await admin.locator('#token').press('Enter');
      await admin.locator('.connection.open').waitFor();

      await admin.locator('.topbar nav').getByRole('button', { name: 'Settings' }).click();
      await admin.getByRole('link', { name: 'API channels', exact: true }).click();
      const page = admin.locator('chat-admin-api-channels');
      await page.getByLabel('Name').fill('SMS');
      const { port } = receiver.address() as AddressInfo;
      await page.getByLabel('Webhook URL (receives staff replies)').fill(`http://127.0.0.1:${port}/replies`);
      await page.getByRole('button', { name: 'Add channel' }).click();
      const token = (await page.locator('.once code.token').textContent())!.trim();
      const secret = (await page.locator('.once code.secret').textContent())!.trim();
      assert.match(token, /^pac_/);
      assert.match(secret, /^whsec_/);
      await page.getByRole('button', { name: 'Copy token' }).click();
      assert.equal(await staff.evaluate(() => navigator.clipboard.readText()), token);
      await page.locator('.channel', { hasText: `http://127.0.0.1:${port}/replies` }).waitFor();

      // The bridge posts a contact's message with the token the page showed.
      const posted = await fetch(`${relay.httpUrl}/v1/channels/api/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          contactId: '+15550001111',
          messageId: 'SM-e2e-1',
          text: 'Is my order shipped?',
          name: 'Maria',
        }),
      });
      assert.equal(posted.status, 201);

      // In the inbox: the conversation, answered from the composer.
      await admin.locator('.topbar nav').getByRole('button', { name: 'Inbox' }).click();
      const option = admin.locator('[role=option]', { hasText: 'Is my order shipped?' });
      await option.click();
      await admin.locator('.msg.visitor .bubble', { hasText: 'Is my order shipped?' }).waitFor();
      await admin.locator('#composer-input').fill('Yes, it left this morning.');
      await admin.locator('#composer-input').press('Enter');

      await until(async () => received.length === 1, 'the reply at the channel’s webhook');
      const [{ signature, body }] = received as [{ signature: string; body: string }];
      const event = JSON.parse(body) as { type: string; contactId: string; message: { text: string } };
      assert.equal(event.type, 'reply.created');
      assert.equal(event.contactId, '+15550001111');
      assert.equal(event.message.text, 'Yes, it left this morning.');
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature)!;
      assert.equal(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'), v1);

      assert.deepEqual(await violations(), []);
      await context.close();
    });
  });
});

// End-to-end: one public origin (issue #36, point 13). The relay prints http://127.0.0.1:<port> and builds file
// addresses on it; an inbox opened there shows a visitor's image with no CSP violation, and every address the page
// shows (links, images, scripts, the install snippet) is on that origin. Opened at http://localhost:<port>, the
// other loopback name, the inbox is redirected there first: before, it stayed on localhost, another origin whose
// `img-src 'self'` refused every image the relay addressed to 127.0.0.1.
describe('public-origin', () => {
  const ADMIN_TOKEN = 'st_admin_test_public_origin_0123456789';
  const SITE_KEY = 'pk_test_public_origin';

  let relay: RunningRelay;
  let browser: Browser;
  let close: () => Promise<void>;

  before(async () => {
    buildWidget();
    ({ relay, close } = await startE2eRelay({ siteKey: SITE_KEY, adminToken: ADMIN_TOKEN, adminDir }));
    browser = await launchChromium();
    await visitorSendsAnImage();
  });
  after(async () => {
    await browser?.close();
    await close?.();
  });

  /** A visitor on a protocol-3 socket uploads a PNG and sends it. */
  async function visitorSendsAnImage(): Promise<void> {
    const ws = new WebSocket(relay.wsUrl, 'parley.v3');
    const frames: Array<Record<string, unknown>> = [];
    const welcome = await new Promise<Record<string, unknown>>((resolve, reject) => {
      ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', siteKey: SITE_KEY, name: 'Pia' })));
      ws.on('message', (data: Buffer) => {
        const frame = JSON.parse(data.toString()) as Record<string, unknown>;
        frames.push(frame);
        if (frame.type === 'welcome') resolve(frame);
      });
      ws.once('error', reject);
    });
    const image = await sharp({ create: { width: 90, height: 60, channels: 3, background: { r: 200, g: 90, b: 20 } } })
      .png()
      .toBuffer();
    const uploaded = await fetch(`${relay.httpUrl}/v1/attachments?clientId=m-1&name=tent.png`, {
      method: 'POST',
      body: image,
      headers: { authorization: `Bearer ${String(welcome.visitorToken)}`, 'content-type': 'image/png' },
    });
    assert.equal(uploaded.status, 201, await uploaded.clone().text());
    const { id, url } = (await uploaded.json()) as { id: string; url: string };
    assert.ok(url.startsWith(`${relay.publicUrl}/`), url);
    ws.send(JSON.stringify({ type: 'send', id: 'm-1', text: 'Is this tent waterproof?', attachments: [{ id }] }));
    await until(async () => frames.some((frame) => frame.type === 'ack'), 'the send acknowledged');
    ws.close();
  }

  /**
   * Every address the page shows or loads from: `href` and `src` of every element (in every shadow root), resolved
   * against the page, and every http(s) address in its text. `data:` and `blob:` are the page's own.
   */
  function addressesOn(page: Page): Promise<string[]> {
    // No named functions inside: the test's transpiler would wrap them in a helper the page does not have.
    return page.evaluate(() => {
      const found: string[] = [];
      const roots: Array<Document | ShadowRoot> = [document];
      for (let root = roots.pop(); root; root = roots.pop()) {
        for (const element of root.querySelectorAll('*')) {
          for (const name of ['href', 'src']) {
            const value = element.getAttribute(name);
            if (value !== null && value !== '') found.push(new URL(value, document.baseURI).href);
          }
          if (element.shadowRoot) roots.push(element.shadowRoot);
        }
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode())
          found.push(...(node.textContent?.match(/https?:\/\/[^\s"'<>]+/g) ?? []));
      }
      for (const entry of performance.getEntriesByType('resource')) found.push(entry.name);
      return found.filter((address) => !/^(data|blob|mailto):/.test(address));
    });
  }

  /** Signs in with the admin token, opens the visitor's conversation and waits for the image to load. */
  async function openTheImage(page: Page): Promise<void> {
    await admin(page).getByRole('button', { name: 'Sign in with an API token instead' }).click();
    await admin(page).locator('#token').fill(ADMIN_TOKEN);
    await admin(page).getByRole('button', { name: 'Sign in', exact: true }).click();
    await admin(page).locator('.connection.open').waitFor();
    await admin(page).locator('[role=option]', { hasText: '📎' }).click();
    const thumbnail = admin(page).locator('.msg.visitor img');
    await thumbnail.waitFor();
    await until(async () => (await thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)) > 0, 'the image');
    assert.ok(((await thumbnail.getAttribute('src')) ?? '').startsWith(`${relay.publicUrl}/v1/attachments/`));
  }

  describe('one public origin in the inbox', () => {
    it('at the printed origin: the image loads with no CSP violation, and every address on the page is there', async () => {
      assert.match(relay.publicUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const violations = await watchCsp(page);
      await page.goto(`${relay.publicUrl}/admin`);
      await openTheImage(page);
      const inThread = await addressesOn(page);
      // The Site page's install snippet is on it too.
      await admin(page).getByRole('button', { name: 'Settings' }).click();
      await admin(page).getByRole('link', { name: 'Site', exact: true }).click();
      const code = admin(page).locator('#site-code');
      await code.waitFor();
      assert.match(await code.inputValue(), new RegExp(`^<script src="${relay.publicUrl}/widget\\.js[?"]`));
      const addresses = [...inThread, ...(await addressesOn(page))];
      assert.ok(addresses.length > 5, addresses.join('\n'));
      assert.deepEqual(
        addresses.filter((address) => !address.startsWith(`${relay.publicUrl}/`)),
        [],
      );
      assert.deepEqual(await violations(), []);
      await context.close();
    });

    it('at the other loopback name (localhost): redirected to the printed origin, and the image loads', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const violations = await watchCsp(page);
      await page.goto(`http://localhost:${relay.port}/admin`);
      assert.equal(new URL(page.url()).origin, relay.publicUrl);
      await openTheImage(page);
      assert.deepEqual(
        (await addressesOn(page)).filter((address) => !address.startsWith(`${relay.publicUrl}/`)),
        [],
      );
      assert.deepEqual(await violations(), []);
      await context.close();
    });
  });
});

// End-to-end: messaging channels (issue #84) with a real relay, /admin in Chromium and loopback provider APIs. A
// Telegram bot connected in the inbox (Settings → Messaging channels): the admin pastes the bot's token; a customer's
// photo arrives through the bot's webhook and shows in the thread; the admin's reply from the composer reaches the
// Bot API as `sendMessage`. A WhatsApp number: a customer writes, an agent answers from the composer, WhatsApp reports
// the reply delivered then read and the thread says Read; a day later (the relay's clock moved on) the 24-hour window
// has closed: the composer holds Send, saying why, and sends an approved template instead.
describe('messaging-channels', () => {
  const ADMIN = 'st_admin_test_telegram_e2e_0123456789';
  const BOT_TOKEN = '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
  const NUMBER: GraphNumber = {
    phoneNumberId: '106540352242922',
    businessAccountId: '102290129340398',
    accessToken: 'EAAGm0PX4ZCpsBAOe2eTOKENforTHEloopbackONLY0123456789',
    appSecret: '0123456789abcdef0123456789abcdef',
    displayPhoneNumber: '+1 555-078-3881',
    verifiedName: 'Parley Help',
  };

  let relay: RunningRelay;
  let browser: Browser;
  let close: () => Promise<void>;
  let telegram: TelegramBotApi;
  let graph: WhatsAppGraphApi;
  /** How far the relay's clock is ahead of the real one (the WhatsApp test moves it a day on). */
  let ahead = 0;

  before(async () => {
    buildWidget();
    telegram = await TelegramBotApi.start();
    telegram.addBot(BOT_TOKEN, 'parley_help_bot', 'Parley Help');
    graph = await WhatsAppGraphApi.start();
    graph.addNumber(NUMBER);
    graph.setTemplates(NUMBER.businessAccountId, [
      {
        name: 'order_update',
        language: 'en_US',
        status: 'APPROVED',
        category: 'UTILITY',
        id: '1146345060238745',
        components: [{ type: 'BODY', text: 'Hello {{1}}, your order {{2}} has shipped.' }],
      },
    ]);
    ({ relay, close } = await startE2eRelay({
      siteKey: 'pk_test_telegram',
      adminToken: ADMIN,
      adminDir,
      telegramApiUrl: telegram.url,
      whatsappApiUrl: graph.url,
      // The features' clock and the outbox's with it (the jobs a feature writes are due on its clock).
      clock: () => Date.now() + ahead,
      outboxClock: () => Date.now() + ahead,
      outboxTiming: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 80 },
    }));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await close?.();
    await telegram?.close();
    await graph?.close();
  });

  it('connects a bot in the inbox, shows a customer’s photo, and sends the reply through the Bot API', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const staff = await context.newPage();
    const violations = await watchCsp(staff);
    const desk = staff.locator('chat-admin');
    await staff.goto(`${relay.httpUrl}/admin`);
    await desk.getByRole('button', { name: 'Sign in with an API token instead' }).click();
    await desk.locator('#token').fill(ADMIN);
    await desk.locator('#token').press('Enter');
    await desk.locator('.connection.open').waitFor();

    await desk.locator('.topbar nav').getByRole('button', { name: 'Settings' }).click();
    await desk.getByRole('link', { name: 'Messaging channels', exact: true }).click();
    const page = desk.locator('chat-admin-messaging-channels');
    await page.getByLabel('Bot token').fill(BOT_TOKEN);
    // One form per provider of the relay (Telegram, Twilio…): this one's button.
    await page.locator('form[data-provider=telegram]').getByRole('button', { name: 'Connect' }).click();
    await page.locator('.channel', { hasText: '@parley_help_bot' }).waitFor();
    assert.equal(await page.getByLabel('Bot token').inputValue(), '', 'the token leaves the page');
    assert.ok(telegram.webhook(BOT_TOKEN), 'the bot’s webhook is set');

    // A customer sends the bot a photo.
    telegram.addFile(
      'PHOTO-E2E',
      'photos/file_9.png',
      await sharp({ create: { width: 320, height: 240, channels: 3, background: '#3366cc' } })
        .png()
        .toBuffer(),
    );
    assert.equal((await telegram.deliver(BOT_TOKEN, photoUpdate(42, 'PHOTO-E2E', 'The box arrived open'))).status, 200);

    await desk.locator('.topbar nav').getByRole('button', { name: 'Inbox' }).click();
    await desk.locator('[role=option]', { hasText: 'The box arrived open' }).click();
    await desk.locator('.msg.visitor .bubble', { hasText: 'The box arrived open' }).waitFor();
    await desk.locator('.msg.visitor img').first().waitFor();
    await desk.locator('#composer-input').fill('Sorry about that, a new one is on its way.');
    await desk.locator('#composer-input').press('Enter');

    await telegram.sentCount(1);
    assert.deepEqual(
      telegram.sent.map((sent) => [sent.method, sent.chatId, sent.text]),
      [['sendMessage', '1111111', 'Sorry about that, a new one is on its way.']],
    );
    assert.deepEqual(await violations(), []);
    await context.close();
  });

  it('a WhatsApp customer writes, the agent’s reply is read, and after 24 hours the composer offers a template', async () => {
    const connected = await fetch(`${relay.httpUrl}/v1/admin/messaging-channels`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        provider: 'whatsapp',
        credentials: {
          phoneNumberId: NUMBER.phoneNumberId,
          businessAccountId: NUMBER.businessAccountId,
          accessToken: NUMBER.accessToken,
          appSecret: NUMBER.appSecret,
          verifyToken: 'a-phrase-of-our-choosing',
        },
      }),
    });
    assert.equal(connected.status, 201);
    const { webhookUrl } = (await connected.json()) as { webhookUrl: string };
    const customer = { waId: '447700900123', name: 'Ada Lovelace' };
    const says = (id: string, text: string) =>
      graph.deliver(
        webhookUrl,
        NUMBER.appSecret,
        webhook(NUMBER, inbound(id, 'text', { text: { body: text } }, customer)),
      );
    assert.equal((await says('wamid.E2E1', 'Is my order on its way?')).status, 200);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const staff = await context.newPage();
    const violations = await watchCsp(staff);
    const pageErrors: string[] = [];
    staff.on('pageerror', (error) => pageErrors.push(error.message));
    const desk = staff.locator('chat-admin');
    const openConversation = async (): Promise<void> => {
      await desk.locator('.connection.open').waitFor();
      await desk.locator('[role=option]', { hasText: 'Ada Lovelace' }).click();
      await desk.locator('.msg.visitor .bubble', { hasText: 'Is my order on its way?' }).waitFor();
    };
    await staff.goto(`${relay.httpUrl}/admin`);
    await desk.getByRole('button', { name: 'Sign in with an API token instead' }).click();
    await desk.locator('#token').fill(ADMIN);
    await desk.locator('#token').press('Enter');
    await openConversation();
    const tool = desk.locator('chat-admin-whatsapp');
    await tool.locator('.whatsapp-state', { hasText: 'WhatsApp: free replies until' }).waitFor();
    const send = desk.locator('.compose-row button[type=submit]');
    assert.equal(await send.isDisabled(), false);

    // The agent answers; WhatsApp reports the reply delivered, then read: the thread says Read.
    await desk.locator('#composer-input').fill('Yes: it ships today.');
    await desk.locator('#composer-input').press('Enter');
    await until(async () => graph.sent.length === 1, 'the reply sent to WhatsApp', 20_000);
    assert.deepEqual(
      [graph.sent[0]!.to, graph.sent[0]!.type, graph.sent[0]!.body.text],
      [customer.waId, 'text', { preview_url: false, body: 'Yes: it ships today.' }],
    );
    const get = async (path: string) =>
      (await (await fetch(`${relay.httpUrl}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as {
        items: Array<{ id: string; status: string; preview?: string }>;
      };
    const conversationId = (await get('/v1/admin/conversations?q=order')).items[0]!.id;
    // WhatsApp reports on a reply the relay recorded as sent.
    await until(
      async () =>
        (await get(`/v1/admin/conversations/${conversationId}/messaging-deliveries`)).items.some(
          (item) => item.status === 'sent',
        ),
      'the reply recorded as sent',
    );
    const reply = desk.locator('.msg.staff', { hasText: 'Yes: it ships today.' });
    for (const state of ['delivered', 'read'] as const) {
      const answer = await graph.deliver(
        webhookUrl,
        NUMBER.appSecret,
        webhook(NUMBER, status(graph.sent[0]!.id, state)),
      );
      assert.equal(answer.status, 200);
      await reply.locator(`.status.${state}`).waitFor();
    }
    assert.equal(await reply.locator('.status').textContent(), 'Read');

    // A day later (the relay's clock a day and an hour on): the window has closed.
    ahead = 25 * 60 * 60 * 1000;
    try {
      // The agent comes back to the inbox (the tab kept its sign-in).
      await staff.reload();
      await openConversation();
      await tool.locator('.whatsapp-state', { hasText: 'Outside WhatsApp’s 24-hour window' }).waitFor();
      await desk.locator('#send-held', { hasText: 'WhatsApp takes free text only within 24 hours' }).waitFor();
      assert.equal(await send.isDisabled(), true);
      await desk.locator('#composer-input').fill('Are you still there?');
      await desk.locator('#composer-input').press('Enter');
      assert.equal(await desk.locator('#composer-input').inputValue(), 'Are you still there?', 'not sent');

      // The template instead, its variables filled in.
      await tool.locator('select').selectOption({ label: 'order_update (en_US)' });
      await tool.getByLabel('Value of {{1}}').fill('Ada');
      await tool.getByLabel('Value of {{2}}').fill('#1042');
      await tool.locator('.whatsapp-preview', { hasText: 'Hello Ada, your order #1042 has shipped.' }).waitFor();
      await tool.getByRole('button', { name: 'Send template' }).click();
      await until(async () => graph.sent.length === 2, 'the template sent to WhatsApp', 20_000);
      assert.deepEqual([graph.sent[1]!.to, graph.sent[1]!.type], [customer.waId, 'template']);
      await desk.locator('.msg.staff .bubble', { hasText: 'Hello Ada, your order #1042 has shipped.' }).waitFor();
      assert.equal(graph.sent.length, 2, 'no free text went to WhatsApp');
    } finally {
      ahead = 0;
    }
    assert.deepEqual(await violations(), []);
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
