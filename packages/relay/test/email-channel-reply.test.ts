/**
 * A customer who only ever emailed gets mail that reads like mail (issue #81): the reply, threaded under their
 * email, signed by who wrote it; no chat transcript, no "replied to your conversation", no "you left your address
 * in the chat". A chat visitor's reply email keeps its chat wording.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import { TestClient } from './support/client.js';
import { relaySecret, siteKey, startDesk, type Desk } from './support/desk.js';
import { SmtpCatcher } from './support/smtp-catcher.js';
import { setSupportAddresses } from './support/support-addresses.js';
import { until } from './support/until.js';

const support = 'help@shop.test.example';

describe('email: a reply on the email channel', () => {
  let relay: Desk;
  let catcher: SmtpCatcher;

  before(async () => {
    catcher = await SmtpCatcher.start();
    relay = await startDesk({
      relaySecret,
      inboundDomain: 'reply.test.example',
      inboundSmtpPort: 0,
      inboundSmtpHost: '127.0.0.1',
      ipRateLimitPerSecond: 0,
      smtpUrl: catcher.url,
      emailFrom: 'Shop <shop@shop.test.example>',
      emailReplyDelayS: 0,
      emailChannelReplyDelayS: 0,
      outboxTiming: { pollMs: 50 },
    });
    const saved = await setSupportAddresses(relay, [{ address: support, name: 'Shop help' }]);
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    // The confirmation mailed to the new address (the test's operator vouched for it instead) is not what is tested.
    await catcher.waitFor(1);
    catcher.emails.splice(0);
  });
  after(async () => {
    await relay?.close();
    await catcher?.stop();
  });

  it('is the reply, threaded and signed, without a chat transcript or chat wording', async () => {
    const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: relay.inbound!.smtpPort!, secure: false });
    await smtp.sendMail({
      from: 'Eva <eva@customer.test.example>',
      to: support,
      subject: 'Size exchange',
      text: 'Can I swap the M for an L?',
      messageId: '<swap@customer.test.example>',
    });
    const id = await until(async () => {
      const items = (await relay.call('GET', '/v1/admin/conversations?limit=100')).body.items as Array<{
        id: string;
        channel: string;
      }>;
      return items.find((item) => item.channel === 'email')?.id;
    }, 'the conversation by email');
    const ana = await relay.agent('Ana');
    const replied = await relay.call(
      'POST',
      `/v1/admin/conversations/${id}/messages`,
      { id: 'r-1', text: 'Yes, an L is on its way.' },
      ana.token,
    );
    assert.equal(replied.status, 201, JSON.stringify(replied.body));
    const [sent] = await catcher.waitFor(1);
    const mail = sent!.mail;
    assert.equal(mail.subject, 'Re: Size exchange');
    assert.equal(mail.inReplyTo, '<swap@customer.test.example>');
    const text = mail.text ?? '';
    const html = String(mail.html);
    // The reply first, signed by its author and the site.
    assert.match(text, /^Yes, an L is on its way\.\n/);
    assert.match(text, /\n-- \nAna\nShop help\n?$/);
    for (const body of [text, html]) {
      assert.doesNotMatch(body, /replied to your conversation/);
      assert.doesNotMatch(body, /in the chat/);
      assert.doesNotMatch(body, /Continue the conversation/);
      // No transcript: the customer's own email is in their mailbox already, threaded.
      assert.doesNotMatch(body, /Can I swap the M for an L\?/);
    }
    assert.match(html, /Yes, an L is on its way\./);
  });

  it('keeps the chat’s wording for a chat visitor who left an address', async () => {
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, email: 'chat@customer.test.example' });
    await client.say('c-1', 'Hello from the chat');
    await until(
      async () =>
        (await relay.admin.repos.conversations.getConversation('default', welcome.conversationId!))?.visitor.emailEnc,
      'the chat visitor stored',
    );
    client.close();
    await until(
      () => relay.admin.core.presence.conversationVisitors('default', welcome.conversationId!) === 0,
      'the visitor gone',
    );
    const before = catcher.emails.length;
    const replied = await relay.call('POST', `/v1/admin/conversations/${welcome.conversationId}/messages`, {
      id: 'r-2',
      text: 'Thanks for writing.',
    });
    assert.equal(replied.status, 201);
    const sent = (await catcher.waitFor(before + 1)).at(-1);
    const text = sent!.mail.text ?? '';
    assert.match(text, /replied to your conversation/);
    assert.match(text, /Hello from the chat/);
    assert.match(text, /you left your address in the chat/);
  });
});
