// End-to-end: mentions between two staff members in /admin, and the inbox's service worker showing a push, in one
// Chromium against a real relay.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  ADMIN_TOKEN,
  buildWidget,
  helloSocket,
  notificationsShown,
  startAdminHarness,
  until,
  type AdminHarness,
} from '../support/admin-harness.js';

let h: AdminHarness;

before(async () => {
  buildWidget();
  h = await startAdminHarness();
});
after(() => h?.close());

const admin = (page: Page) => page.locator('chat-admin');

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(`${h.relay.httpUrl}/admin`);
  await admin(page).getByRole('button', { name: 'Sign in with an API token instead' }).click();
  await admin(page).locator('#token').fill(token);
  await admin(page).locator('#token').press('Enter');
  await admin(page).locator('.connection.open').waitFor();
}

/** Registers the inbox's service worker from `page`, as the Notifications page does, and waits until it is active. */
async function registerWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.register('/admin/sw.js', {
      scope: '/admin',
      updateViaCache: 'none',
    });
    const pending = registration.installing ?? registration.waiting;
    if (!registration.active && pending)
      await new Promise<void>((resolve) =>
        pending.addEventListener('statechange', () => pending.state === 'activated' && resolve()),
      );
  });
}

describe('mentions and browser push end to end', () => {
  it('a note naming a colleague tells them in their inbox, lists it under Mentions, and opening it reads it', async () => {
    const made = await fetch(`${h.relay.httpUrl}/v1/admin/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Noor Haddad', role: 'agent' }),
    });
    const agent = (await made.json()) as { id: string; token: string };
    await h.relay.mentions.refresh();

    // A visitor writes.
    const visitorContext = await h.browser.newContext();
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${h.relay.httpUrl}/`);
    const widget = visitor.locator('chat-widget');
    await widget.locator('button[part=launcher]').click();
    await widget.locator('textarea[part=input]').fill('My parcel never arrived');
    await widget.locator('textarea[part=input]').press('Enter');
    await widget.locator('.msg.mine .status', { hasText: 'Sent' }).waitFor();

    // Noor is in the inbox; the admin opens the conversation and writes a note naming her.
    const noorContext = await h.browser.newContext();
    const noor = await noorContext.newPage();
    await signIn(noor, agent.token);
    const lead = await (await h.browser.newContext()).newPage();
    await signIn(lead, ADMIN_TOKEN);
    await admin(lead).locator('[role=option]', { hasText: 'My parcel never arrived' }).click();
    await admin(lead).getByRole('button', { name: 'Note' }).click();
    await admin(lead).locator('#composer-input').fill('@Noor Haddad can you check the carrier?');
    await admin(lead).locator('#composer-input').press('Enter');

    // Noor is told, and her Mentions view lists the conversation until she opens it.
    await admin(noor).locator('.notice', { hasText: 'mentioned you' }).waitFor();
    const mentions = admin(noor).locator('.views button', { hasText: 'Mentions' });
    await until(async () => (await mentions.locator('.count').textContent())?.trim() === '1', 'the Mentions count');
    await mentions.click();
    const listed = admin(noor).locator('[role=option]');
    await until(async () => (await listed.count()) === 1, 'one conversation under Mentions');
    await listed.first().click();
    await admin(noor).locator('.msg', { hasText: 'can you check the carrier' }).waitFor();
    await until(async () => (await mentions.locator('.count').textContent())?.trim() === '0', 'the mention read');
    await visitorContext.close();
    await noorContext.close();
  });

  it('the inbox’s service worker shows a pushed message as a notification, and a second push with its tag replaces it', async () => {
    const context = await h.browser.newContext({ permissions: ['notifications'] });
    const page = await context.newPage();
    await page.goto(`${h.relay.httpUrl}/admin`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    const registrations = new Map<string, string>();
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: updated }) => {
      for (const each of updated) if (!each.isDeleted) registrations.set(each.scopeURL, each.registrationId);
    });
    await registerWorker(page);
    await until(
      async () => registrations.has(`${h.relay.httpUrl}/admin`),
      `the registration (${[...registrations.keys()]})`,
    );
    const registrationId = registrations.get(`${h.relay.httpUrl}/admin`)!;
    const origin = new URL(h.relay.httpUrl).origin;
    // What the relay pushes (packages/relay/src/push/push.ts), as the browser hands it to the worker once decrypted.
    const push = (body: string) =>
      cdp.send('ServiceWorker.deliverPushMessage', {
        origin,
        registrationId,
        data: JSON.stringify({ title: 'New message from Ada', body, tag: 'conversation:c_1', conversationId: 'c_1' }),
      });
    const shown = async () => (await notificationsShown(page)).map(({ title, body, tag }) => ({ title, body, tag }));
    await push('Is the blue tent in stock?');
    await until(async () => (await shown()).length === 1, 'the notification');
    assert.deepEqual(await shown(), [
      { title: 'New message from Ada', body: 'Is the blue tent in stock?', tag: 'conversation:c_1' },
    ]);
    await push('And the green one?');
    await until(async () => (await shown())[0]?.body === 'And the green one?', 'the replaced notification');
    assert.equal((await shown()).length, 1, 'the same tag replaces, it does not add');
    await context.close();
  });
  it('clicking a pushed notification brings the open inbox to its conversation', async () => {
    // A visitor writes; the admin's inbox is open on Settings, not on the conversation.
    const visitor = await helloSocket(h.relay.wsUrl, { siteKey: 'pk_test_admin', name: 'Grace' });
    visitor.send(JSON.stringify({ type: 'send', id: 'm1', text: 'Where is my kayak?' }));
    let conversationId = '';
    await until(async () => {
      const listed = await fetch(`${h.relay.httpUrl}/v1/admin/conversations`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      const { items } = (await listed.json()) as { items: Array<{ id: string; lastMessage?: { text: string } }> };
      conversationId = items.find((item) => item.lastMessage?.text === 'Where is my kayak?')?.id ?? '';
      return conversationId !== '';
    }, 'the stored message');
    visitor.close();
    const context = await h.browser.newContext({ permissions: ['notifications'] });
    const page = await context.newPage();
    await signIn(page, ADMIN_TOKEN);
    await admin(page).locator('.topbar nav').getByRole('button', { name: 'Settings' }).click();
    // The settings area in, with its first page, before the click (its chunk would otherwise land after it).
    await admin(page).locator('chat-admin-account .card').first().waitFor();
    await registerWorker(page);
    await until(async () => context.serviceWorkers().length === 1, 'the service worker');
    const [worker] = context.serviceWorkers();

    // The notification as the worker shows a push (push.ts's payload), then a click on it. DevTools cannot click a
    // notification, so the worker is handed the event a click fires.
    const clicked = await worker!.evaluate(
      async ({ conversationId, siteId }) => {
        // The worker's globals, which the DOM typings lack.
        const scope = self as unknown as {
          registration: ServiceWorkerRegistration;
          dispatchEvent(event: Event): boolean;
        };
        const NotificationEvent = (self as unknown as { NotificationEvent: new (type: string, init: object) => Event })
          .NotificationEvent;
        await scope.registration.showNotification('New message from Grace', {
          body: 'Where is my kayak?',
          tag: `conversation:${conversationId}`,
          data: { conversationId, siteId },
        });
        const [notification] = await scope.registration.getNotifications();
        scope.dispatchEvent(new NotificationEvent('notificationclick', { notification: notification! }));
        return notification!.data as unknown;
      },
      { conversationId, siteId: 'default' },
    );
    assert.deepEqual(clicked, { conversationId, siteId: 'default' });
    await admin(page).locator(`#option-${conversationId}[aria-selected=true]`).waitFor();
    await admin(page).locator('.msg', { hasText: 'Where is my kayak?' }).waitFor();
    assert.equal(
      (await admin(page).locator('.topbar nav button[aria-current=page]').textContent())?.trim(),
      'Inbox',
      'back on the inbox',
    );
    await context.close();
  });
});
