// End-to-end: the inbox's Desk pages (issue #19) with a real relay and /admin in Chromium, driven as a user would,
// mostly from the keyboard. A visitor with a name and an email writes; an admin adds a saved reply, finds the
// contact, reveals the email, downloads the export and erases the contact; the audit log shows each of those by a
// readable name and filters them; the site is renamed (a new visitor's welcome carries the name) and its identity
// secret rotated (the old one refused at once).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import WebSocket from 'ws';
import { identityHash, type RunningRelay } from '@parley/relay';
import { adminDir, buildWidget, helloSocket, launchChromium, startE2eRelay, until, watchCsp } from '../support/e2e.js';

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

const admin = (page: Page) => page.locator('chat-admin');

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
    const guest = await helloSocket(relay.wsUrl, { siteKey: SITE_KEY, name: 'Ada Visitor', email: 'ada@example.com' });
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
