// End-to-end: an API channel made in the inbox (Settings → API channels) with a real relay and /admin in Chromium.
// The admin adds a channel and copies its token from the page; a bridge (here, the test) posts a contact's message
// with it; the conversation shows in the inbox; the admin's reply from the composer reaches the channel's webhook,
// a receiver on loopback, signed with the secret the page showed once.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { RunningRelay } from '@parley/relay';
import { adminDir, buildWidget, launchChromium, startE2eRelay, until, watchCsp } from '../support/e2e.js';

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
