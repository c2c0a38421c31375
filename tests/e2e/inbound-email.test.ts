// End-to-end: a visitor's reply by email, sent over SMTP to the relay's listener, appears live in <chat-admin>.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import type { Page } from 'playwright-core';
import type { RunningRelay } from '@parley/relay';
import WebSocket from 'ws';
import { ADMIN_TOKEN, buildWidget } from '../support/admin-harness.js';
import { adminDir, launchChromium, startE2eRelay } from '../support/e2e.js';

let relay: RunningRelay;
let stop: () => Promise<void>;
let browser: Awaited<ReturnType<typeof launchChromium>>;

before(async () => {
  buildWidget();
  ({ relay, close: stop } = await startE2eRelay({
    siteKey: 'pk_test_inbound_e2e',
    adminToken: ADMIN_TOKEN,
    adminDir,
    inboundDomain: 'reply.e2e.example',
    inboundSmtpPort: 0,
    inboundSmtpHost: '127.0.0.1',
  }));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await stop?.();
});

const admin = (page: Page) => page.locator('chat-admin');

/** A visitor who gave their email and wrote once, over the protocol; resolves with their conversation id. */
async function visitorWrites(email: string, text: string): Promise<{ ws: WebSocket; conversationId: string }> {
  const ws = new WebSocket(relay.wsUrl, 'parley.v1');
  const frames: Array<Record<string, unknown>> = [];
  const next = (type: string): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const seen = frames.find((frame) => frame.type === type);
      if (seen) return resolve(seen);
      const onMessage = (): void => {
        const found = frames.find((frame) => frame.type === type);
        if (!found) return;
        ws.off('message', onMessage);
        resolve(found);
      };
      ws.on('message', onMessage);
      ws.once('error', reject);
    });
  ws.on('message', (data) => frames.push(JSON.parse(data.toString()) as Record<string, unknown>));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'hello', siteKey: 'pk_test_inbound_e2e', name: 'Noor', email }));
  const welcome = await next('welcome');
  ws.send(JSON.stringify({ type: 'send', id: 'first', text }));
  await next('ack');
  return { ws, conversationId: welcome.conversationId as string };
}

describe('replies by email end to end', () => {
  it('an inbound email reply appears live in <chat-admin>', async () => {
    const visitor = await visitorWrites('noor@example.com', 'Is the blue one back in stock?');

    // Staff sign in and open the conversation.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const staff = await context.newPage();
    const pageErrors: string[] = [];
    staff.on('pageerror', (error) => pageErrors.push(error.message));
    await staff.goto(`${relay.httpUrl}/admin`);
    await admin(staff).getByRole('button', { name: 'Sign in with an API token instead' }).click();
    await admin(staff).locator('#token').fill(ADMIN_TOKEN);
    await admin(staff).getByRole('button', { name: 'Sign in', exact: true }).click();
    await admin(staff).locator('.connection.open').waitFor();
    await admin(staff).locator('[role=option]').first().click();
    await admin(staff).locator('.msg.visitor .bubble', { hasText: 'blue one back in stock' }).waitFor();

    // The visitor answers the relay's email from their mail program: over SMTP, to the conversation's address.
    const sent = await nodemailer
      .createTransport({ host: '127.0.0.1', port: relay.inbound!.smtpPort!, secure: false })
      .sendMail({
        from: 'Noor <Noor@Example.com>',
        to: relay.inbound!.replyAddressOf(visitor.conversationId)!,
        subject: 'Re: Your conversation with Parley demo',
        text: 'Great, please keep one for me.\n\nOn Mon, Jan 8, 2024 at 10:02 AM Parley demo <support@parley.example> wrote:\n> It is back next week.\n',
        messageId: '<noor-reply-1@mail.example.com>',
      });
    assert.match(sent.response, /^250 /);

    // Staff see it in the open conversation, as the visitor's, without the quoted history; no reload.
    const bubble = admin(staff).locator('.msg.visitor .bubble', { hasText: 'please keep one for me' });
    await bubble.waitFor();
    assert.equal((await bubble.textContent())?.trim(), 'Great, please keep one for me.');
    // Marked as a reply by email; the visitor's message from the widget is not.
    const byEmail = admin(staff).locator('.msg.visitor', { hasText: 'please keep one for me' });
    assert.equal((await byEmail.locator('.email-badge').textContent())?.trim(), 'By email');
    const fromWidget = admin(staff).locator('.msg.visitor', { hasText: 'blue one back in stock' });
    assert.equal(await fromWidget.locator('.email-badge').count(), 0);
    assert.equal(await admin(staff).locator('.msg .bubble', { hasText: 'back next week' }).count(), 0);

    // When the stripping is wrong, staff read the email as it came (issue #38): its headers and whole text.
    await byEmail.getByRole('button', { name: 'Show original' }).click();
    const dialog = admin(staff).getByRole('dialog', { name: 'Original email' });
    const headers = dialog.locator('.email-original-headers');
    await headers.waitFor();
    const headerText = (await headers.textContent()) ?? '';
    assert.match(headerText, /^Subject: Re: Your conversation with Parley demo$/m);
    assert.match(headerText, /^Message-ID: <noor-reply-1@mail\.example\.com>$/m);
    assert.match(headerText, /^From: Noor <Noor@example\.com>$/m);
    assert.match(headerText, /^To: reply\+[^ ]+@reply\.e2e\.example$/m);
    assert.equal(
      (await dialog.locator('.email-original-text').textContent())?.trim(),
      'Great, please keep one for me.\n\nOn Mon, Jan 8, 2024 at 10:02 AM Parley demo <support@parley.example> wrote:\n> It is back next week.',
    );
    await staff.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // A message typed in the widget has no original to show.
    assert.equal(await fromWidget.getByRole('button', { name: 'Show original' }).count(), 0);
    assert.deepEqual(pageErrors, []);

    visitor.ws.close();
    await context.close();
  });
});
