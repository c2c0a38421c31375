// End-to-end: email as a channel. Mail to a site's support address, over SMTP to the relay's listener, opens a
// conversation that appears live in <chat-admin> (real Chromium); the agent's reply from the inbox reaches a real
// SMTP server threaded under the customer's email; the customer's answer, as a real mail program writes it (MIME,
// format=flowed, an HTML quote), continues the conversation with its quote removed.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import type { Browser, Page } from 'playwright-core';
import type { RunningRelay } from '@parley/relay';
import { ADMIN_TOKEN, buildWidget } from '../support/admin-harness.js';
import { adminDir, launchChromium, startE2eRelay, until } from '../support/e2e.js';
import { startMailCatcher } from '../support/mail-catcher.js';

const support = 'help@shop.e2e.example';

const admin = (page: Page) => page.locator('chat-admin');

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
    const confirmationOf = () => smtp.mails.find((mail) => mail.subject === `Confirm ${support} as a support address`);
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
