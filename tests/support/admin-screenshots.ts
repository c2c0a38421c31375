// Screenshots of the staff inbox with a few live conversations, light, dark and narrow, for a human look:
//   node --conditions=source --import tsx tests/support/admin-screenshots.ts [outDir]
// Writes admin-light.png, admin-dark.png, admin-narrow-list.png, admin-narrow-thread.png,
// admin-narrow-visitor.png, admin-composer-<confirm|emoji|mention>-<light|dark>.png, admin-narrow-<emoji|confirm>.png,
// admin-snooze-<light|dark>.png, admin-narrow-snooze.png, admin-narrow-snoozed.png,
// widget-prechat-<scheme>.png and widget-emoji-<scheme>.png (the widget on a phone: the pre-chat form, the emoji
// picker), widget-refused-<scheme>.png (the widget's refused files), admin-broadcasts.png,
// admin-stats.png, admin-deliveries-light.png and admin-deliveries-dark.png, and admin-page-<page>-<light|dark>.png
// for every page of the top bar and the settings area, signed in with the owner's account.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type WebSocket from 'ws';
import { ADMIN_TOKEN, buildWidget, helloSocket, startAdminHarness } from './admin-harness.js';

const outDir = process.argv[2] ?? '/tmp/parley-admin-shots';
mkdirSync(outDir, { recursive: true });

buildWidget();
const h = await startAdminHarness();

/** A visitor over a raw socket: hello with a profile and page context, then a few messages. */
async function visitor(
  name: string | undefined,
  email: string | undefined,
  page: string,
  timezone: string,
  texts: string[],
): Promise<WebSocket> {
  const ws = await helloSocket(
    h.relay.wsUrl,
    {
      siteKey: 'pk_test_admin',
      ...(name && { name }),
      ...(email && { email }),
      context: {
        url: `https://shop.example.com${page}`,
        title: `Acme Outdoor — ${page.slice(1) || 'home'}`,
        timezone,
        locale: 'en-GB',
      },
    },
    {
      headers: {
        'user-agent':
          'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      },
    },
  );
  for (const [i, text] of texts.entries()) {
    const id = `shot${Date.now().toString(36)}${i}${Math.random().toString(36).slice(2, 6)}`;
    // One at a time, each stored (acked) before the next, so the inbox shows them in this order.
    const acked = new Promise<void>((resolve) => {
      const onFrame = (data: WebSocket.RawData): void => {
        const frame = JSON.parse(data.toString()) as { type: string; id?: string };
        if (frame.type !== 'ack' || frame.id !== id) return;
        ws.off('message', onFrame);
        resolve();
      };
      ws.on('message', onFrame);
    });
    ws.send(JSON.stringify({ type: 'send', id, text }));
    await acked;
  }
  return ws;
}

const sockets = [
  await visitor('Ingrid Larsen', 'ingrid.larsen@example.no', '/tents/trekker-2', 'Europe/Oslo', [
    'Hi! Do you ship to Norway?',
    'And is the Trekker 2 tent in stock in green? https://shop.example.com/tents/trekker-2',
  ]),
  await visitor('Marco Rossi', 'marco@example.it', '/stoves', 'Europe/Rome', [
    'My stove order #4412 has not arrived yet.',
  ]),
  await visitor(undefined, undefined, '/', 'America/New_York', ['<img src=x onerror=alert(1)> is this safe?']),
  await visitor('Aiko Tanaka', 'aiko@example.jp', '/sleeping-bags', 'Asia/Tokyo', [
    'Which sleeping bag is warmest under 1 kg?',
  ]),
];

// What the Deliveries page lists: two deliveries given up on, one between retries.
{
  const repos = h.relay.admin.repos;
  const now = Date.now();
  await repos.outbox.enqueueOutbox(
    [
      { kind: 'webhook', siteId: 'default', payload: {} },
      { kind: 'email.reply', siteId: 'default', payload: {} },
      { kind: 'webhook', siteId: 'default', payload: {} },
    ],
    now - 86_400_000,
  );
  const jobs = await repos.outbox.claimOutbox(['webhook', 'email.reply'], now, now + 1000, 10);
  await repos.outbox.finishOutbox(
    jobs[0]!.id,
    'dead',
    now - 3_600_000,
    null,
    'HTTP 500 from hooks.acme.example (30 attempts)',
  );
  await repos.outbox.finishOutbox(jobs[1]!.id, 'dead', now - 600_000, null, 'connect ECONNREFUSED 10.0.0.25:587');
  await repos.outbox.retryOutbox(jobs[2]!.id, now + 240_000, 'HTTP 503 from hooks.acme.example');
}

for (const scheme of ['light', 'dark'] as const) {
  const context = await h.browser.newContext({ viewport: { width: 1360, height: 820 }, colorScheme: scheme });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`${h.relay.httpUrl}/admin`);
  if (scheme === 'light') await page.screenshot({ path: join(outDir, 'admin-sign-in.png') });
  await page.locator('chat-admin').getByRole('button', { name: 'Sign in with an API token instead' }).click();
  await page.locator('chat-admin #token').fill(ADMIN_TOKEN);
  await page.locator('chat-admin').getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('chat-admin [role=option]').nth(3).waitFor();
  await page.locator('chat-admin [role=option]').nth(3).click(); // Ingrid, the oldest: two messages
  await page
    .locator('chat-admin .msg')
    .first()
    .waitFor()
    .catch(async (e) => {
      await page.screenshot({ path: join(outDir, 'debug.png') });
      throw e;
    });
  await page.locator('chat-admin #composer-input').fill('Yes, we ship to Norway in 3 working days.');
  await page.locator('chat-admin #composer-input').press('Enter');
  await page.locator('chat-admin').getByRole('button', { name: 'Note', exact: true }).click();
  await page.locator('chat-admin #composer-input').fill('Check green stock with the warehouse.');
  await page.locator('chat-admin #composer-input').press('Enter');
  await page.locator('chat-admin .msg.note').waitFor();
  await page.locator('chat-admin #composer-input').fill('/');
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve))); // the input rendered
  await page.screenshot({ path: join(outDir, `admin-${scheme}.png`) });
  // Snooze's menu in the thread's header (issue #35), open.
  await page.locator('chat-admin chat-admin-snooze summary').click();
  await page.locator('chat-admin .snooze-menu').waitFor();
  await page.screenshot({ path: join(outDir, `admin-snooze-${scheme}.png`) });
  await page.locator('chat-admin chat-admin-snooze summary').click();
  // The composer (issue #36): a lone /word's confirm, the emoji grid, the @ list in a note.
  const input = page.locator('chat-admin #composer-input');
  await input.fill('/shipping');
  await input.press('Enter');
  await page.locator('chat-admin .confirm-send').waitFor();
  await page.screenshot({ path: join(outDir, `admin-composer-confirm-${scheme}.png`) });
  await input.press('Escape');
  await input.fill('');
  await page.locator('chat-admin .emoji-button').click();
  await page.locator('chat-admin chat-admin-emoji [role=gridcell]').first().waitFor();
  await page.screenshot({ path: join(outDir, `admin-composer-emoji-${scheme}.png`) });
  await page.keyboard.press('Escape');
  // The list opens when the site has teammates to name (accounts other than the token's).
  await input.fill('Can you check this, @');
  if (await page.locator('chat-admin #mentions').isVisible()) {
    await page.screenshot({ path: join(outDir, `admin-composer-mention-${scheme}.png`) });
    await input.press('Escape');
  }
  await input.fill('');
  if (scheme === 'light') {
    await Promise.all([
      page.waitForResponse((response) => response.url().includes('/v1/admin/broadcasts')),
      page.locator('chat-admin').getByRole('button', { name: 'Broadcasts' }).click(),
    ]);
    await page.locator('chat-admin #past-title').waitFor();
    await page.screenshot({ path: join(outDir, 'admin-broadcasts.png') });
    await page.locator('chat-admin').getByRole('button', { name: 'Stats' }).click();
    await page.locator('chat-admin dl.stats').waitFor();
    await page.screenshot({ path: join(outDir, 'admin-stats.png') });
  }
  await page.locator('chat-admin').getByRole('button', { name: 'Settings' }).click();
  await page.locator('chat-admin').getByRole('link', { name: 'Deliveries' }).click();
  await page.locator('chat-admin chat-admin-deliveries .job').first().waitFor();
  await page.screenshot({ path: join(outDir, `admin-deliveries-${scheme}.png`) });
  await context.close();
}

const narrow = await h.browser.newContext({ viewport: { width: 390, height: 780 }, deviceScaleFactor: 2 });
const phone = await narrow.newPage();
await phone.goto(`${h.relay.httpUrl}/admin`);
await phone.locator('chat-admin').getByRole('button', { name: 'Sign in with an API token instead' }).click();
await phone.locator('chat-admin #token').fill(ADMIN_TOKEN);
await phone.locator('chat-admin').getByRole('button', { name: 'Sign in', exact: true }).click();
await phone.locator('chat-admin [role=option]').nth(3).waitFor();
await phone.screenshot({ path: join(outDir, 'admin-narrow-list.png') });
await phone.locator('chat-admin [role=option]').nth(2).click();
await phone.locator('chat-admin .msg').first().waitFor();
await phone.screenshot({ path: join(outDir, 'admin-narrow-thread.png') });
await phone.locator('chat-admin .emoji-button').click();
await phone.locator('chat-admin chat-admin-emoji [role=gridcell]').first().waitFor();
await phone.screenshot({ path: join(outDir, 'admin-narrow-emoji.png') });
await phone.keyboard.press('Escape');
await phone.locator('chat-admin #composer-input').fill('/shipping');
await phone.locator('chat-admin #composer-input').press('Enter');
await phone.locator('chat-admin .confirm-send').waitFor();
await phone.screenshot({ path: join(outDir, 'admin-narrow-confirm.png') });
await phone.locator('chat-admin #composer-input').press('Escape');
await phone.locator('chat-admin #composer-input').fill('');
await phone.locator('chat-admin chat-admin-snooze summary').click();
await phone.locator('chat-admin .snooze-menu').waitFor();
await phone.screenshot({ path: join(outDir, 'admin-narrow-snooze.png') });
await phone.locator('chat-admin').getByRole('button', { name: 'Tomorrow' }).click();
await phone.locator('chat-admin chat-admin-snooze .snoozed').waitFor();
await phone.screenshot({ path: join(outDir, 'admin-narrow-snoozed.png') });
await phone.locator('chat-admin').getByRole('button', { name: 'Visitor', exact: true }).click();
await phone.locator('chat-admin .visitor-panel').waitFor();
await phone.screenshot({ path: join(outDir, 'admin-narrow-visitor.png') });
await narrow.close();

/** A PUT to the admin API as the owner; a refusal is printed, not thrown (the other screenshots still come). */
async function adminPut(path: string, body: unknown): Promise<void> {
  const answer = await fetch(`${h.relay.httpUrl}${path}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!answer.ok) console.error(path, answer.status, await answer.text());
}

/** The demo shop on a phone in the `scheme` the visitor's system prefers, with the chat opened. */
async function widgetOnPhone(scheme: 'light' | 'dark') {
  const context = await h.browser.newContext({ viewport: { width: 390, height: 780 }, colorScheme: scheme });
  const page = await context.newPage();
  await page.goto(`${h.relay.httpUrl}/`);
  const widget = page.locator('chat-widget');
  await widget.locator('button[part=launcher]').click();
  return { context, page, widget };
}

// The widget follows the visitor's system and asks the pre-chat form first (the site's look, set as the inbox's Site
// page does), on a phone: the form, then the composer with its emoji picker open (issue #36).
{
  await adminPut('/v1/admin/widget-look', { theme: 'auto', position: null, prechat: 'optional' });
  for (const scheme of ['light', 'dark'] as const) {
    const { context, page, widget } = await widgetOnPhone(scheme);
    await widget.locator('[part=presence]', { hasNotText: 'Connecting' }).waitFor();
    // The pre-chat form (a part of its own, fetched when shown), then the composer and its emoji picker. (This relay
    // sends no email, so it offers no leave-a-message form: tests/e2e/email.test.ts shows that one.)
    const form = widget.locator('form[part=form]');
    await form.waitFor();
    await page.screenshot({ path: join(outDir, `widget-prechat-${scheme}.png`) });
    await form.locator('button.secondary').click();
    await widget.locator('[part=emoji-button]').click();
    await widget.locator('[part=emoji-picker]').waitFor();
    await page.screenshot({ path: join(outDir, `widget-emoji-${scheme}.png`) });
    await context.close();
  }
  // No pre-chat form from here on.
  await adminPut('/v1/admin/widget-look', { theme: 'auto', position: null, prechat: null });
}

// The widget's refused files (issue #36, point 5): the site takes files of at most 1 kB; a visitor picks one too
// large and one of a type the site does not take.
{
  await adminPut('/v1/admin/settings/attachments', { types: ['png', 'jpeg', 'pdf'], maxBytes: 1000, quotaBytes: null });
  for (const scheme of ['light', 'dark'] as const) {
    const { context, page, widget } = await widgetOnPhone(scheme);
    await widget.locator('[part=attach-button] input[type=file]').setInputFiles([
      { name: 'holiday-photo.png', mimeType: 'image/png', buffer: Buffer.alloc(5000) },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') },
    ]);
    await widget.locator('[part=file-refused]').waitFor();
    await page.screenshot({ path: join(outDir, `widget-refused-${scheme}.png`) });
    await context.close();
  }
}

// What the settings pages show filled in (issue #36, 10: a page looks finished with its forms open and its lists
// full): business hours, every automation on, a first-reply deadline and a team, an FAQ entry, a webhook
// endpoint, a saved reply.
{
  const admin = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${h.relay.httpUrl}/v1/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (!response.ok) console.error(method, path, response.status, await response.text());
    return response.status === 204 ? undefined : response.json();
  };
  const automations = (await admin('GET', '/automations')) as { settings: Record<string, unknown> };
  await admin('PUT', '/automations', {
    ...automations.settings,
    hours: {
      timezone: 'Europe/Oslo',
      weekly: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })),
      holidays: ['2026-12-25'],
    },
    welcome: { enabled: true, texts: { en: 'Hi! Ask us anything about your order.' } },
    away: { enabled: true, texts: {}, emailTexts: {} },
    csat: { enabled: true, texts: {} },
  });
  const routing = (await admin('GET', '/routing')) as { settings: Record<string, unknown> };
  await admin('PUT', '/routing', {
    ...routing.settings,
    mode: 'round-robin',
    sla: { firstResponseMinutes: 15, raisePriorityTo: 'high', notifyEmail: true },
  });
  await admin('POST', '/teams', { name: 'Returns and refunds', memberIds: [] });
  await admin('POST', '/faq', {
    language: 'en',
    question: 'Do you ship to Norway?',
    answer: 'Yes: orders to Norway arrive in 3 to 5 working days, duties included.',
    phrasings: ['Can I order from Oslo?'],
    keywords: ['shipping', 'norway'],
  });
  await admin('POST', '/webhooks', {
    url: 'https://hooks.acme.example/parley/a-rather-long-endpoint-path-that-must-wrap',
    events: ['conversation.created', 'message.created'],
  });
  await admin('POST', '/canned-responses', {
    shortcut: 'shipping',
    text: 'We ship to most of Europe in 3 to 5 working days.',
  });
}

// Every page of the top bar and of the settings area, light and dark, signed in as the owner's account (made from
// the first start's setup link), at 1280 px and on phones (390 and 360 px): admin-page-<page>-<scheme>[-<width>].png. A
// settings page is taken whole: the window is made as tall as the page for its picture.
const owner = { email: 'rosa@example.com', name: 'Rosa Owner', password: 'correct horse battery staple' };
const slug = (label: string) => label.toLowerCase().replace(/[^a-z]+/g, '-');
let setUp = false;
for (const [width, scheme] of [
  [1280, 'light'],
  [1280, 'dark'],
  [390, 'light'],
  [390, 'dark'],
  [360, 'light'],
  [360, 'dark'],
] as const) {
  const phone = width < 1280;
  const suffix = phone ? `-${width}` : '';
  const context = await h.browser.newContext({
    viewport: { width, height: phone ? 780 : 820 },
    colorScheme: scheme,
    ...(phone && { deviceScaleFactor: 2 }),
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  const shell = page.locator('chat-admin');
  if (!setUp) {
    setUp = true;
    await page.goto(h.relay.setupLink!);
    await shell.locator('#email').waitFor();
    await page.screenshot({ path: join(outDir, 'admin-page-setup-light.png') });
    await shell.locator('#email').fill(owner.email);
    await shell.locator('#name').fill(owner.name);
    await shell.locator('#password').fill(owner.password);
    await shell.locator('#password').press('Enter');
  } else {
    await page.goto(`${h.relay.httpUrl}/admin`);
    await shell.locator('#email').waitFor();
    await page.screenshot({ path: join(outDir, `admin-page-sign-in-${scheme}${suffix}.png`) });
    await shell.locator('#email').fill(owner.email);
    await shell.locator('#password').fill(owner.password);
    await shell.locator('#password').press('Enter');
  }
  await shell.locator('.connection.open').waitFor();
  const settle = () => page.waitForTimeout(700); // a page's chunk and its first request
  await page.screenshot({ path: join(outDir, `admin-page-inbox-${scheme}${suffix}.png`) });
  for (const label of ['Contacts', 'Broadcasts', 'Reports', 'Stats']) {
    await shell.locator('.topbar nav').getByRole('button', { name: label }).click();
    await settle();
    await page.screenshot({ path: join(outDir, `admin-page-${slug(label)}-${scheme}${suffix}.png`) });
  }
  await shell.locator('.topbar nav').getByRole('button', { name: 'Settings' }).click();
  await settle();
  const links = await shell.locator('chat-admin-settings nav a').allTextContents();
  const viewport = page.viewportSize()!;
  for (const label of links.map((text) => text.trim())) {
    await shell.locator('chat-admin-settings nav').getByRole('link', { name: label, exact: true }).click();
    await settle();
    const tall = await shell
      .locator('chat-admin-settings')
      .evaluate((area) => area.shadowRoot!.querySelector('main')!.scrollHeight + area.getBoundingClientRect().top);
    await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.ceil(tall)) });
    await settle();
    await page.screenshot({ path: join(outDir, `admin-page-${slug(label)}-${scheme}${suffix}.png`) });
    // Two-factor setup (issue #36, 11): its QR code and its two labelled fields, not turned on.
    if (label === 'Account') {
      const area = shell.locator('chat-admin-account');
      await area.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
      await area.locator('#totp-code').waitFor();
      await page.screenshot({ path: join(outDir, `admin-page-2fa-setup-${scheme}${suffix}.png`) });
    }
    await page.setViewportSize(viewport);
  }
  await context.close();
}

for (const ws of sockets) ws.close();
await h.close();
console.log(`screenshots in ${outDir}`);
