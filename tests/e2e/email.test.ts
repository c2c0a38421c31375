// Journey: email. Email as visitors and staff meet it — the reply a visitor missed, a visitor's answer by mail, a
// site's support address as a channel, a team's own mailbox over IMAP and SMTP — with a real relay, real SMTP servers on
// loopback (for the mailbox: a private Dovecot and Postfix of Debian's packages) and one real Chromium. A
// new feature of email adds its browser test here (tests/e2e/README.md).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningRelay } from '@parley/relay';
import nodemailer from 'nodemailer';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import { ADMIN_TOKEN } from '../support/admin-harness.js';
import { admin, adminDir, buildWidget, helloSocket, launchChromium, startE2eRelay, until } from '../support/e2e.js';
import { startMailCatcher } from '../support/mail-catcher.js';
import { Dovecot, type MailUser } from '../support/dovecot.js';
import { Postfix } from '../support/postfix.js';

/**
 * The journey's one Chromium, held from its first test to its last: every block's own launchChromium() (directly or
 * through a harness) gets this browser instead of launching one and closing it when the block ends.
 */
let journeyBrowser: Browser;

before(async () => {
  journeyBrowser = await launchChromium();
});
after(() => journeyBrowser?.close());

// End-to-end: email as a visitor meets it — the built widget on the demo page, a real relay sending to a real SMTP
// server, real Chromium. A visitor leaves a message and goes; the staff reply reaches them by email; its link opens
// the conversation on another device, once. A visitor nobody answered is asked for their email in the chat, and
// the reply reaches it. And a relay without SMTP promises no email.
describe('email', () => {
  const siteKey = 'pk_test_email_e2e';
  const adminToken = 'st_admin_test_email_e2e';

  const widget = (page: Page) => page.locator('chat-widget');

  describe('email end to end', () => {
    let browser: Browser;
    before(async () => {
      buildWidget();
      browser = await launchChromium();
    });
    after(() => browser?.close());

    it('emails the reply a visitor missed; its link opens the conversation on another device, once', async () => {
      const smtp = await startMailCatcher();
      const { relay, close } = await startE2eRelay({
        siteKey,
        adminToken,
        smtpUrl: smtp.url,
        emailFrom: 'Demo shop <shop@demo.example>',
        emailReplyDelayS: 1,
        outboxTiming: { pollMs: 50 },
      });
      try {
        // No staff online: the widget offers to leave a message and promises a reply by email.
        const first = await browser.newContext();
        const page = await first.newPage();
        await page.goto(`${relay.httpUrl}/`);
        await widget(page).locator('button[part=launcher]').click();
        await widget(page).locator('[part=presence]', { hasText: 'We’ll reply by email' }).waitFor();
        const form = widget(page).locator('form[part=form]');
        await form.locator('input[name=email]').fill('lea@example.com');
        await form.locator('textarea[name=text]').fill('Do you ship to Lisbon?');
        await form.locator('button[type=submit]').click();
        await widget(page).locator('.msg.mine', { hasText: 'Do you ship to Lisbon?' }).waitFor();
        const conversationId = await widget(page).evaluate(
          (el) => (el as HTMLElement & { conversationId?: string }).conversationId,
        );
        assert.ok(conversationId);
        await until(
          async () => (await relay.store.messagesAfter(conversationId, 0, 10)).length === 1,
          'the message stored',
        );
        await first.close();

        const staff = await helloSocket(relay.wsUrl, { staffToken: adminToken });
        staff.send(JSON.stringify({ type: 'send', id: 'reply-1', conversationId, text: 'Yes, in 3 days.' }));
        await until(async () => smtp.mails.length === 1, 'the reply email');
        staff.close();
        const mail = smtp.mails[0]!;
        assert.equal(mail.to && !Array.isArray(mail.to) ? mail.to.text : '', 'lea@example.com');
        assert.match(mail.text ?? '', /Yes, in 3 days\./);
        const link = /(https?:\/\/\S+#parley-link=[\w-]+)/.exec(mail.text ?? '')?.[1];
        assert.ok(link, 'a link back into the chat');

        // Another device: the link opens the chat in that conversation, and leaves the address bar at once.
        const second = await browser.newContext();
        const other = await second.newPage();
        await other.goto(link);
        await widget(other).locator('.msg', { hasText: 'Yes, in 3 days.' }).waitFor();
        await widget(other).locator('.msg.mine', { hasText: 'Do you ship to Lisbon?' }).waitFor();
        assert.doesNotMatch(other.url(), /parley-link|#/);
        assert.equal(
          await widget(other).evaluate((el) => (el as HTMLElement & { conversationId?: string }).conversationId),
          conversationId,
        );
        await second.close();

        // The same link again (forwarded, or opened twice) grants nothing, and says why.
        const third = await browser.newContext();
        const again = await third.newPage();
        await again.goto(link);
        await widget(again)
          .locator('[part~=notice]', { hasText: 'This link works once, and it was used already.' })
          .waitFor();
        assert.equal(await widget(again).locator('.msg', { hasText: 'Yes, in 3 days.' }).count(), 0);
        await third.close();
      } finally {
        await close();
        await smtp.close();
      }
    });

    it('asks a visitor nobody answered for their email in the chat, and emails the reply there (issue #36)', async () => {
      const smtp = await startMailCatcher();
      const { relay, close } = await startE2eRelay({
        siteKey,
        adminToken,
        smtpUrl: smtp.url,
        emailFrom: 'Demo shop <shop@demo.example>',
        emailReplyDelayS: 1,
        outboxTiming: { pollMs: 50 },
      });
      try {
        // The site asks after 5 s without a reply (the shortest it may set).
        const put = await fetch(`${relay.httpUrl}/v1/admin/automations`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            botName: 'Demo',
            hours: null,
            welcome: { enabled: false, texts: {} },
            away: { enabled: false, texts: {}, emailTexts: {} },
            csat: { enabled: false, texts: {} },
            emailAskSeconds: 5,
          }),
        });
        assert.equal(put.status, 200);
        // An agent is online: the visitor writes in the composer, no form asks anything first.
        const staff = await helloSocket(relay.wsUrl, { staffToken: adminToken });
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${relay.httpUrl}/`);
        await widget(page).locator('button[part=launcher]').click();
        await widget(page).locator('[part=presence]', { hasText: 'We’re online' }).waitFor();
        await widget(page).locator('textarea[part=input]').fill('Is the red tent waterproof?');
        await widget(page).locator('textarea[part=input]').press('Enter');
        await widget(page).locator('.msg.mine', { hasText: 'Is the red tent waterproof?' }).waitFor();
        const card = widget(page).locator('form[part=email-ask]');
        assert.equal(await card.count(), 0, 'not before the site’s wait');
        // Nobody answers: the card comes, in the conversation.
        await card.waitFor({ timeout: 15_000 });
        await card.locator('input[type=email]').fill('noor@example.com');
        await card.locator('button[type=submit]').click();
        await widget(page).locator('[part~=notice]', { hasText: 'n***@ex***.com' }).waitFor();
        const conversationId = await widget(page).evaluate(
          (el) => (el as HTMLElement & { conversationId?: string }).conversationId,
        );
        assert.ok(conversationId);
        await context.close();

        staff.send(JSON.stringify({ type: 'send', id: 'late-reply', conversationId, text: 'Yes, 3000 mm.' }));
        await until(async () => smtp.mails.length === 1, 'the reply email');
        staff.close();
        const mail = smtp.mails[0]!;
        assert.equal(mail.to && !Array.isArray(mail.to) ? mail.to.text : '', 'noor@example.com');
        assert.match(mail.text ?? '', /Yes, 3000 mm\./);
      } finally {
        await close();
        await smtp.close();
      }
    });

    it('promises no email when the relay sends none', async () => {
      const { relay, close } = await startE2eRelay({ siteKey, adminToken });
      try {
        const health = (await (await fetch(`${relay.httpUrl}/healthz`)).json()) as { email: string };
        assert.equal(health.email, 'off');
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${relay.httpUrl}/`);
        await widget(page).locator('button[part=launcher]').click();
        await widget(page).locator('[part=presence]', { hasText: 'We’ll reply here when we’re back' }).waitFor();
        assert.equal(await widget(page).locator('input[name=email]').count(), 0, 'no address asked for');
        await widget(page).locator('textarea[part=input]').waitFor();
        await context.close();
      } finally {
        await close();
      }
    });
  });
});

// End-to-end: a visitor's reply by email, sent over SMTP to the relay's listener, appears live in <chat-admin>.
describe('inbound-email', () => {
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
});

// End-to-end: email as a channel. Mail to a site's support address, over SMTP to the relay's listener, opens a
// conversation that appears live in <chat-admin> (real Chromium); the agent's reply from the inbox reaches a real
// SMTP server threaded under the customer's email; the customer's answer, as a real mail program writes it (MIME,
// format=flowed, an HTML quote), continues the conversation with its quote removed.
describe('support-address', () => {
  const support = 'help@shop.e2e.example';

  /** How Thunderbird writes an answer: format=flowed plain text and HTML with the quote in a `blockquote type=cite`. */
  function thunderbirdAnswer(options: {
    from: string;
    to: string;
    subject: string;
    messageId: string;
    inReplyTo: string;
    references: string;
  }): string {
    return [
      `From: Maria Lopez <${options.from}>`,
      `To: ${options.to}`,
      `Subject: ${options.subject}`,
      `Message-ID: <${options.messageId}>`,
      `In-Reply-To: ${options.inReplyTo}`,
      `References: ${options.references}`,
      'Date: Wed, 25 Nov 2026 10:15:00 +0100',
      'MIME-Version: 1.0',
      'User-Agent: Mozilla Thunderbird',
      'Content-Type: multipart/alternative; boundary="------------tb0123456789"',
      '',
      'This is a multi-part message in MIME format.',
      '--------------tb0123456789',
      'Content-Type: text/plain; charset=UTF-8; format=flowed',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Perfect, the tracking number works. Merci beaucoup ! ',
      '',
      'On 25/11/2026 09:58, Shop help wrote:',
      '> It left the warehouse yesterday: tracking 4411-XY.',
      '',
      '--------------tb0123456789',
      'Content-Type: text/html; charset=UTF-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      '<html><body><p>Perfect, the tracking number works. Merci beaucoup !</p>',
      '<div class="moz-cite-prefix">On 25/11/2026 09:58, Shop help wrote:<br></div>',
      '<blockquote type="cite"><p>It left the warehouse yesterday: tracking 4411-XY.</p></blockquote>',
      '</body></html>',
      '',
      '--------------tb0123456789--',
      '',
    ].join('\r\n');
  }

  describe('a support address end to end', () => {
    let relay: RunningRelay;
    let stop: () => Promise<void>;
    let browser: Browser;
    let smtp: Awaited<ReturnType<typeof startMailCatcher>>;
    before(async () => {
      buildWidget();
      smtp = await startMailCatcher();
      ({ relay, close: stop } = await startE2eRelay({
        siteKey: 'pk_test_support_e2e',
        adminToken: ADMIN_TOKEN,
        adminDir,
        smtpUrl: smtp.url,
        emailFrom: 'Shop <shop@shop.e2e.example>',
        emailReplyDelayS: 0,
        emailChannelReplyDelayS: 0,
        outboxTiming: { pollMs: 50 },
        inboundDomain: 'reply.shop.e2e.example',
        inboundSmtpPort: 0,
        inboundSmtpHost: '127.0.0.1',
      }));
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await stop?.();
      await smtp?.close();
    });

    it('opens a conversation live in the inbox; the reply goes out threaded; the answer continues it', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const staff = await context.newPage();
      const pageErrors: string[] = [];
      staff.on('pageerror', (error) => pageErrors.push(error.message));
      await staff.goto(`${relay.httpUrl}/admin`);
      await admin(staff).getByRole('button', { name: 'Sign in with an API token instead' }).click();
      await admin(staff).locator('#token').fill(ADMIN_TOKEN);
      await admin(staff).getByRole('button', { name: 'Sign in', exact: true }).click();
      await admin(staff).locator('.connection.open').waitFor();

      // The admin sets the support address on the settings page.
      await staff.goto(`${relay.httpUrl}/admin#settings/email`);
      await admin(staff).getByRole('button', { name: 'Add an address' }).click();
      await admin(staff).locator('input[name=address]').fill(support);
      await admin(staff).locator('input[name=name]').fill('Shop help');
      await admin(staff).getByRole('button', { name: 'Save' }).click();
      await admin(staff).locator('form [role=status]', { hasText: 'Saved.' }).waitFor();
      // It takes no mail until confirmed (issue #80): the code mailed to it, typed where it was added.
      const confirmationOf = () =>
        smtp.mails.find((mail) => mail.subject === `Confirm ${support} as a support address`);
      await until(async () => confirmationOf() !== undefined, 'the confirmation email');
      const text = confirmationOf()!.text ?? '';
      const code = /\n\n(\S+)\n\n/.exec(text)?.[1];
      assert.ok(code, text);
      const waiting = admin(staff).locator(`form.waiting[data-address="${support}"]`);
      await waiting.locator('input[name=code]').fill(code);
      await waiting.getByRole('button', { name: 'Confirm' }).click();
      await admin(staff).locator('[role=status]', { hasText: 'Confirmed.' }).waitFor();
      await staff.goto(`${relay.httpUrl}/admin#inbox`);
      await admin(staff).locator('.connection.open').waitFor();

      // A customer writes to it from their mail program.
      const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: relay.inbound!.smtpPort!, secure: false });
      const sent = await mailer.sendMail({
        from: 'Maria Lopez <maria@customer.e2e.example>',
        to: `Shop help <${support}>`,
        subject: 'Where is order 4411?',
        text: 'Hello,\n\nmy order 4411 has not arrived yet. Can you check?\n\nMaria',
        messageId: '<order-4411@customer.e2e.example>',
      });
      assert.match(sent.response, /^250 /);

      // It appears in the list, live: the contact's name, the Email badge, the subject.
      const item = admin(staff).locator('[role=option]', { hasText: 'Maria Lopez' });
      await item.waitFor();
      assert.equal((await item.locator('.channel').textContent())?.trim(), 'Email');
      assert.equal((await item.locator('.subject').textContent())?.trim(), 'Where is order 4411?');
      await item.click();
      await admin(staff).locator('.msg.visitor .bubble', { hasText: 'has not arrived yet' }).waitFor();
      assert.match(
        (await admin(staff).locator('.conversation-head .subject').textContent()) ?? '',
        /Where is order 4411\?/,
      );

      // The agent answers from the composer; the email reaches the customer's server, threaded under theirs.
      await admin(staff).locator('#composer-input').fill('It left the warehouse yesterday: tracking 4411-XY.');
      await admin(staff).locator('#composer-input').press('Enter');
      await until(async () => smtp.mails.some((mail) => mail.text?.includes('tracking 4411-XY')), 'the reply email');
      const reply = smtp.mails.find((mail) => mail.text?.includes('tracking 4411-XY'))!;
      assert.equal(
        reply.to && !Array.isArray(reply.to) ? reply.to.value[0]?.address : undefined,
        'maria@customer.e2e.example',
      );
      // From the support address, under its name; threaded under her email; no link into a chat she never used.
      assert.deepEqual(reply.from?.value[0], { address: support, name: 'Shop help' });
      assert.equal(reply.subject, 'Re: Where is order 4411?');
      assert.equal(reply.inReplyTo, '<order-4411@customer.e2e.example>');
      const references = [reply.references ?? []].flat();
      assert.ok(references.includes('<order-4411@customer.e2e.example>'), `References ${references.join(' ')}`);
      assert.ok(!reply.text?.includes('/#'), 'no link into the chat');
      const replyTo = reply.replyTo?.value[0]?.address;
      assert.ok(replyTo?.endsWith('@reply.shop.e2e.example'), `Reply-To ${replyTo}`);

      // Her answer, as Thunderbird writes it, to the Reply-To: it continues the conversation, quote removed.
      const raw = thunderbirdAnswer({
        from: 'maria@customer.e2e.example',
        to: replyTo!,
        subject: `Re: ${reply.subject ?? ''}`,
        messageId: 'answer-1@customer.e2e.example',
        inReplyTo: reply.messageId ?? '',
        references: [...references, reply.messageId ?? ''].join(' '),
      });
      assert.match(
        (await mailer.sendMail({ envelope: { from: 'maria@customer.e2e.example', to: [replyTo!] }, raw })).response,
        /^250 /,
      );
      const answer = admin(staff).locator('.msg.visitor .bubble', { hasText: 'tracking number works' });
      await answer.waitFor();
      assert.equal((await answer.textContent())?.trim(), 'Perfect, the tracking number works. Merci beaucoup !');
      assert.equal(await admin(staff).locator('.msg.visitor .bubble', { hasText: 'left the warehouse' }).count(), 0);
      assert.equal(
        await admin(staff).locator('[role=option]', { hasText: 'Maria Lopez' }).count(),
        1,
        'one conversation',
      );

      // Her mail program's vacation reply, and a delivery failure for her address: nothing changes in the
      // conversation but the bounce mark, which the visitor panel shows.
      const count = await admin(staff).locator('.msg').count();
      assert.match(
        (
          await mailer.sendMail({
            from: 'maria@customer.e2e.example',
            to: support,
            subject: 'Automatic reply: Re: Where is order 4411?',
            text: 'I am away until Monday.',
            headers: { 'Auto-Submitted': 'auto-replied' },
            inReplyTo: reply.messageId ?? '',
            references: [...references, reply.messageId ?? ''],
          })
        ).response,
        /^250 2\.0\.0 Accepted, not stored/,
      );
      const dsn = [
        'Return-Path: <>',
        'From: Mail Delivery System <MAILER-DAEMON@mx.shop.e2e.example>',
        `To: ${support}`,
        'Subject: Undelivered Mail Returned to Sender',
        'Auto-Submitted: auto-replied',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn-1"',
        '',
        '--dsn-1',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Your message could not be delivered.',
        '--dsn-1',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.shop.e2e.example',
        '',
        'Final-Recipient: rfc822; maria@customer.e2e.example',
        'Action: failed',
        'Status: 5.1.1',
        'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
        '--dsn-1--',
        '',
      ].join('\r\n');
      assert.match(
        (await mailer.sendMail({ envelope: { from: '', to: [support] }, raw: dsn })).response,
        /^250 2\.0\.0 Accepted, not stored/,
      );
      await admin(staff).locator('.bouncing').waitFor();
      assert.equal(await admin(staff).locator('.msg').count(), count, 'no message added');
      assert.equal(await admin(staff).locator('[role=option]').count(), 1, 'no conversation opened');
      assert.deepEqual(pageErrors, []);
      await context.close();
    });
  });
});

// A team's own mailbox (issue #84) on a relay without PARLEY_SMTP_URL: a customer's mail put into the (Dovecot)
// mailbox opens a conversation live in the inbox; the agent's answer leaves through the mailbox's SMTP server (a
// Postfix that checks the login with Dovecot and delivers into it), and arrives in the customer's mailbox threaded
// under her email in her mail program's terms (fetched over IMAP); and an agent writes to a customer first.
describe('mailboxes', () => {
  const team: MailUser = { user: 'desk@team.e2e.example', password: 'imap-e2e-secret' };
  // The mailbox's SMTP login is its account's: Postfix asks Dovecot.
  const login: MailUser = team;
  const noor: MailUser = { user: 'noor@customer.e2e.example', password: 'noor-e2e-secret' };
  const omar: MailUser = { user: 'omar@customer.e2e.example', password: 'omar-e2e-secret' };
  /** The mail in `user`'s INBOX once there is some, as their mail program would fetch it. */
  const received = async (dovecot: Dovecot, user: MailUser) => {
    let found: Awaited<ReturnType<Dovecot['messages']>> = [];
    await until(async () => (found = await dovecot.messages(user)).length > 0, `mail for ${user.user}`);
    return found;
  };

  describe('a team’s mailbox end to end', () => {
    let relay: RunningRelay;
    let stop: () => Promise<void>;
    let browser: Browser;
    let dovecot: Dovecot;
    let postfix: Postfix;
    before(async () => {
      buildWidget();
      dovecot = await Dovecot.start([team, noor, omar], { postfix: true });
      postfix = await Postfix.start(dovecot);
      ({ relay, close: stop } = await startE2eRelay({
        siteKey: 'pk_test_mailbox_e2e',
        adminToken: ADMIN_TOKEN,
        adminDir,
        emailChannelReplyDelayS: 0,
        outboxTiming: { pollMs: 50 },
        mailboxAllowPrivate: true,
        mailboxPollS: 1,
      }));
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await stop?.();
      await postfix?.stop();
      await dovecot?.stop();
    });

    it('opens a conversation from the mailbox’s mail; the answer goes out through its SMTP, threaded', async () => {
      const server = (user: MailUser, port: number) => ({ host: '127.0.0.1', port, tls: 'none', ...user });
      const connected = await fetch(`${relay.httpUrl}/v1/admin/mailboxes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          address: team.user,
          name: 'Team desk',
          imap: server(team, dovecot.port),
          smtp: server(login, postfix.port),
        }),
      });
      assert.equal(connected.status, 201, await connected.text());

      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const staff = await context.newPage();
      const pageErrors: string[] = [];
      staff.on('pageerror', (error) => pageErrors.push(error.message));
      await staff.goto(`${relay.httpUrl}/admin`);
      await admin(staff).getByRole('button', { name: 'Sign in with an API token instead' }).click();
      await admin(staff).locator('#token').fill(ADMIN_TOKEN);
      await admin(staff).getByRole('button', { name: 'Sign in', exact: true }).click();
      await admin(staff).locator('.connection.open').waitFor();

      // The customer's mail lands in the mailbox: a conversation, live in the list.
      await dovecot.append(
        team,
        [
          'From: Noor Haddad <noor@customer.e2e.example>',
          `To: Team desk <${team.user}>`,
          'Subject: Wrong size delivered',
          'Message-ID: <size-77@customer.e2e.example>',
          'Date: Mon, 30 Nov 2026 09:00:00 +0100',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'I ordered an M and got an XL.',
          '',
        ].join('\r\n'),
      );
      const item = admin(staff).locator('[role=option]', { hasText: 'Noor Haddad' });
      await item.waitFor();
      assert.equal((await item.locator('.subject').textContent())?.trim(), 'Wrong size delivered');
      await item.click();
      await admin(staff).locator('.msg.visitor .bubble', { hasText: 'got an XL' }).waitFor();

      // The agent answers; the mailbox's SMTP server takes it, logged in, and Noor finds it threaded under her email.
      await admin(staff).locator('#composer-input').fill('Sorry! An M is on its way today.');
      await admin(staff).locator('#composer-input').press('Enter');
      const [reply] = await received(dovecot, noor);
      assert.match(postfix.log(), /sasl_username=desk@team\.e2e\.example/);
      assert.deepEqual(reply!.from?.value[0], { address: team.user, name: 'Team desk' });
      assert.equal(reply!.subject, 'Re: Wrong size delivered');
      assert.equal(reply!.inReplyTo, '<size-77@customer.e2e.example>');
      const references = [reply!.references ?? []].flat();
      assert.equal(references.at(-1), '<size-77@customer.e2e.example>', `References ${references.join(' ')}`);
      assert.match(reply!.messageId ?? '', /@team\.e2e\.example>$/);
      assert.match(reply!.text ?? '', /An M is on its way today\./);

      // An agent writes to a customer first: New email, from the mailbox.
      await admin(staff).getByText('New email', { exact: true }).click();
      const form = admin(staff).locator('chat-admin-email-start form');
      await form.locator('option', { hasText: team.user }).waitFor({ state: 'attached' });
      await form.locator('[name=to]').fill('omar@customer.e2e.example');
      await form.locator('[name=name]').fill('Omar Said');
      await form.locator('[name=subject]').fill('Your repair is ready');
      await form.locator('[name=text]').fill('You can pick up your bike tomorrow.');
      await form.getByRole('button', { name: 'Send' }).click();
      await admin(staff).locator('.msg .bubble', { hasText: 'pick up your bike' }).waitFor();
      const [first] = await received(dovecot, omar);
      assert.equal(first!.subject, 'Your repair is ready');
      assert.match(first!.text ?? '', /pick up your bike tomorrow/);
      assert.deepEqual(pageErrors, []);
      await context.close();
    });
  });
});
