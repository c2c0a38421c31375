// Screenshots of "Show original" (issue #38): a reply by email over SMTP, its original open in the inbox, at 1280 and
// 390 px, light and dark, for a human look:
//   node --conditions=source --import tsx tests/support/email-original-screenshots.ts [outDir]
// Writes original-<1280|390>-<light|dark>.png and original-link-<1280|390>-light.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import WebSocket from 'ws';
import { ADMIN_TOKEN } from './admin-harness.js';
import { adminDir, buildWidget, launchChromium, startE2eRelay } from './e2e.js';

const outDir = process.argv[2] ?? '/tmp/parley-original-shots';
mkdirSync(outDir, { recursive: true });

buildWidget();
const { relay, close } = await startE2eRelay({
  siteKey: 'pk_test_original_shots',
  adminToken: ADMIN_TOKEN,
  adminDir,
  inboundDomain: 'reply.shots.example',
  inboundSmtpPort: 0,
  inboundSmtpHost: '127.0.0.1',
});
const browser = await launchChromium();

// A visitor who gave their email and wrote once.
const ws = new WebSocket(relay.wsUrl, 'parley.v1');
const welcome = await new Promise<{ conversationId: string }>((resolve, reject) => {
  ws.once('open', () =>
    ws.send(
      JSON.stringify({
        type: 'hello',
        siteKey: 'pk_test_original_shots',
        name: 'Noor Haddad',
        email: 'noor@example.com',
      }),
    ),
  );
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { type: string; conversationId?: string };
    if (frame.type === 'welcome') resolve(frame as { conversationId: string });
  });
  ws.once('error', reject);
});
ws.send(JSON.stringify({ type: 'send', id: 'first', text: 'Is the blue tent back in stock?' }));
await new Promise((resolve) => ws.on('message', (data) => JSON.parse(data.toString()).type === 'ack' && resolve(null)));

// Their answer from a mail program: HTML and plain text, a Gmail quote, the usual headers.
await nodemailer.createTransport({ host: '127.0.0.1', port: relay.inbound!.smtpPort!, secure: false }).sendMail({
  from: 'Noor Haddad <noor@example.com>',
  to: relay.inbound!.replyAddressOf(welcome.conversationId)!,
  subject: 'Re: Your conversation with Acme Outdoor — the blue tent (order 4411)',
  messageId: '<CAF=noor-reply-1+x9QeW2pAq7Lh0sY3mZk@mail.example.com>',
  inReplyTo: '<conversation-4411@acme.example>',
  references: '<conversation-4411@acme.example>',
  headers: {
    'X-Mailer': 'Example Mail 12.4 (build 8831)',
    Received:
      'from mail.example.com (mail.example.com [127.0.0.1]) by mx.acme.example with ESMTPS id 4Xk2p; Wed, 25 Nov 2026 02:41:45 +0000',
    'DKIM-Signature': `v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=20230601; h=to:subject:message-id:date:from:mime-version; bh=${'A'.repeat(44)}; b=${'Zm9vYmFy'.repeat(40)}`,
  },
  text: [
    'Great, please keep one for me. I can pick it up on Saturday.',
    '',
    '-- ',
    'Noor',
    '',
    'On Mon, Jan 8, 2024 at 10:02 AM Acme Outdoor <support@acme.example> wrote:',
    '> It is back next week. Would you like us to hold one for you?',
    '>',
    '> <b>Acme Outdoor</b> · https://shop.example.com/tents/blue-tent-with-a-very-long-address-that-wraps',
  ].join('\n'),
  html: '<div>Great, please keep one for me. I can pick it up on Saturday.</div><div class="gmail_quote"><div class="gmail_attr">On Mon, Jan 8, 2024 at 10:02 AM Acme Outdoor &lt;support@acme.example&gt; wrote:</div><blockquote class="gmail_quote">It is back next week.</blockquote></div>',
});

for (const [width, height] of [
  [1280, 800],
  [390, 780],
] as const) {
  for (const scheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({
      viewport: { width, height },
      colorScheme: scheme,
      deviceScaleFactor: width < 500 ? 2 : 1,
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(`${relay.httpUrl}/admin`);
    const admin = page.locator('chat-admin');
    await admin.getByRole('button', { name: 'Sign in with an API token instead' }).click();
    await admin.locator('#token').fill(ADMIN_TOKEN);
    await admin.getByRole('button', { name: 'Sign in', exact: true }).click();
    await admin.locator('[role=option]').first().click();
    const link = admin.locator('.msg.visitor').getByRole('button', { name: 'Show original' });
    await link.waitFor();
    if (scheme === 'light') await page.screenshot({ path: join(outDir, `original-link-${width}-light.png`) });
    await link.click();
    await admin.locator('dialog.email-original .email-original-text').waitFor();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    await page.screenshot({ path: join(outDir, `original-${width}-${scheme}.png`) });
    await context.close();
  }
}

ws.close();
await browser.close();
await close();
console.log(`screenshots in ${outDir}`);
