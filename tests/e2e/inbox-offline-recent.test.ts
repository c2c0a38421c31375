// End-to-end: the last conversations a member opened, kept for offline when they opt in (issue #43,
// docs/agent-app.md). Off by default: then no cache holds anything of theirs. Turned on in the Notifications dialog,
// the service worker keeps the conversations opened in a cache of their own; with the relay out of reach, the
// reloaded inbox lists them and shows their messages. Turning it off, or signing out, deletes the cache.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import type WebSocket from 'ws';
import {
  buildWidget,
  helloSocket,
  shellWorkerInControl,
  startAdminHarness,
  until,
  type AdminHarness,
} from '../support/admin-harness.js';

let h: AdminHarness;
const visitors: WebSocket[] = [];
const RECENT = 'parley-offline-conversations';

before(async () => {
  buildWidget();
  h = await startAdminHarness();
  for (const name of ['Offline Ana', 'Offline Bo', 'Offline Cy']) {
    const visitor = await helloSocket(h.relay.wsUrl, { siteKey: 'pk_test_admin', name });
    visitor.send(JSON.stringify({ type: 'send', id: `recent-${name.replace(' ', '-')}`, text: `Hello from ${name}` }));
    visitors.push(visitor);
  }
});
after(async () => {
  for (const visitor of visitors) visitor.close();
  await h?.close();
});

/** Every cache's name and the paths it holds, as the page's `caches` reads them. */
function cached(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    const all: Record<string, string[]> = {};
    for (const name of await caches.keys())
      all[name] = (await (await caches.open(name)).keys()).map((request) => new URL(request.url).pathname);
    return all;
  });
}

async function signedInPhone(): Promise<{ context: BrowserContext; page: Page; pageErrors: string[] }> {
  const context = await h.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await h.signIn(page);
  await page.locator('chat-admin [role=option]').nth(2).waitFor();
  // The worker takes over the page once it has kept the shell: from then on the page's requests go through it.
  await shellWorkerInControl(page);
  return { context, page, pageErrors };
}

/** Opens the listed conversation of `name` and waits for its messages, then goes back to the list. */
async function openConversation(page: Page, name: string): Promise<void> {
  const shell = page.locator('chat-admin');
  await shell.locator('[role=option]', { hasText: name }).click();
  await shell.locator('.msg.visitor', { hasText: `Hello from ${name}` }).waitFor();
  await page.waitForLoadState('networkidle');
  await shell.locator('.back').click();
  await shell.locator('[part=conversation-list]').waitFor();
}

/** The option's switch in the Notifications dialog, set to `on`; the dialog is closed again. */
async function keepOffline(page: Page, on: boolean): Promise<void> {
  const shell = page.locator('chat-admin');
  await shell.locator('#settings-button').click();
  const box = shell.locator('#offline-recent');
  await box.waitFor();
  if ((await box.isChecked()) !== on) await box.click();
  // The switch is held until the cache is made or deleted and the service worker has read it again.
  await until(() => box.isEnabled(), 'the switch settled');
  assert.equal(await page.evaluate((name) => caches.has(name), RECENT), on, `the cache ${on ? 'made' : 'deleted'}`);
  assert.equal(await box.isChecked(), on);
  await shell.getByRole('button', { name: 'Close', exact: true }).click();
  await shell.locator('dialog').waitFor({ state: 'detached' });
}

describe('the last conversations, kept for offline', () => {
  it('are not kept by default; turned on and off, or at sign-out, their cache goes', async () => {
    const { context, page, pageErrors } = await signedInPhone();
    const shell = page.locator('chat-admin');
    await openConversation(page, 'Offline Ana');
    await openConversation(page, 'Offline Bo');

    // Off by default: one cache, the shell's, with the page and the build's scripts and nothing of the API.
    let all = await cached(page);
    assert.deepEqual(Object.keys(all).length, 1, `only the shell's cache: ${Object.keys(all).join(', ')}`);
    const [shellName] = Object.keys(all);
    assert.match(shellName!, /^parley-inbox-[0-9a-f]{10}$/);
    assert.ok(
      all[shellName!]!.every((path) => path === '/admin' || /^\/admin\/[a-z0-9-]+\.[0-9a-f]{10}\.js$/.test(path)),
      'nothing but the shell',
    );

    // The switch says what it means, and is off.
    await shell.locator('#settings-button').click();
    const box = shell.locator('#offline-recent');
    assert.equal(await box.isChecked(), false, 'off by default');
    assert.match(
      (await shell.locator('#offline-recent-hint').textContent()) ?? '',
      /will be kept on this device/,
      'the sentence that says so',
    );
    await shell.getByRole('button', { name: 'Close', exact: true }).click();

    // On: a cache of its own, beside the shell's; a conversation opened is kept in it.
    await keepOffline(page, true);
    await openConversation(page, 'Offline Cy');
    await until(
      async () => ((await cached(page))[RECENT] ?? []).some((path) => path.endsWith('/messages')),
      'the conversation opened kept',
    );
    all = await cached(page);
    assert.ok(
      all[shellName!]!.every((path) => !path.startsWith('/v1/')),
      'the shell’s cache holds no API answer',
    );

    // Off: the cache goes.
    await keepOffline(page, false);
    assert.deepEqual(Object.keys(await cached(page)), [shellName]);

    // On again, then signing out: the cache goes with the session.
    await keepOffline(page, true);
    await shell.locator('#account-button').click();
    await shell.getByRole('button', { name: 'Sign out' }).click();
    await shell.getByRole('button', { name: 'Sign in with an API token instead' }).waitFor();
    await until(
      async () => !(await page.evaluate((name) => caches.has(name), RECENT)),
      'the cache deleted at sign-out',
    );
    assert.deepEqual(Object.keys(await cached(page)), [shellName]);
    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  it('shows the conversations opened, and their messages, after a reload with the relay out of reach', async () => {
    const { context, page, pageErrors } = await signedInPhone();
    const shell = page.locator('chat-admin');
    await keepOffline(page, true);
    await openConversation(page, 'Offline Ana');
    await openConversation(page, 'Offline Bo');
    await until(
      async () => ((await cached(page))[RECENT] ?? []).filter((path) => path.endsWith('/messages')).length === 2,
      'both conversations kept',
    );

    // The relay out of reach (the page's and its worker's requests alike), and the app opened again.
    await context.setOffline(true);
    await page.reload();
    const rows = shell.locator('[part=conversation-list] [role=option]');
    await rows.nth(1).waitFor();
    const names = (await rows.locator('.name').allTextContents()).map((name) => name.trim()).sort();
    assert.deepEqual(names, ['Offline Ana', 'Offline Bo'], 'the kept conversations, and only them');
    await shell.locator('.connection:not(.open)').waitFor({ state: 'attached' });
    for (const name of ['Offline Ana', 'Offline Bo']) {
      await rows.filter({ hasText: name }).click();
      await shell.locator('.msg.visitor', { hasText: `Hello from ${name}` }).waitFor();
      await shell.locator('.back').click();
      await shell.locator('[part=conversation-list]').waitFor();
    }
    await context.setOffline(false);
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
