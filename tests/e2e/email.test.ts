// End-to-end: email as a visitor meets it — the built widget on the demo page, a real relay sending to a real SMTP
// server, real Chromium. A visitor leaves a message and goes; the staff reply reaches them by email; its link opens
// the conversation on another device, once. A visitor nobody answered is asked for their email in the chat, and
// the reply reaches it. And a relay without SMTP promises no email.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildWidget, helloSocket, launchChromium, startE2eRelay, until } from '../support/e2e.js';
import { startMailCatcher } from '../support/mail-catcher.js';

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
