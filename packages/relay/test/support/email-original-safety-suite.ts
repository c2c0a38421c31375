/**
 * An email's original and message safety (issue #80), run on SQLite (`test/email-original.test.ts`) and PostgreSQL
 * (`test-services/email-original-postgres.test.ts`): what the stripped reply lacked — a card number in the quoted
 * history, an IBAN in the signature, a card in a header — is replaced in the original before it is kept, as the
 * site's settings replace it in messages.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import type { EmailOriginal } from '@parley/protocol/admin';
import type { StartOptions } from '../../src/index.js';
import { replyAddress } from '../../src/email/reply-address.js';
import { TestClient } from './client.js';
import { relaySecret, siteKey, startDesk, type Desk } from './desk.js';
import { until } from './until.js';

const domain = 'reply.test.example';

/** Runs the suite on the store `options` name (merged over the desk's). */
export function originalSafetySuite(name: string, options: () => Promise<StartOptions> | StartOptions): void {
  describe(`an email's original keeps nothing the site hides (${name})`, () => {
    let relay: Desk;
    before(async () => {
      relay = await startDesk({
        relaySecret,
        ipRateLimitPerSecond: 0,
        inboundDomain: domain,
        inboundSmtpPort: 0,
        inboundSmtpHost: '127.0.0.1',
        ...(await options()),
      });
    });
    after(() => relay.close());

    it('replaces a card in the quoted history, an IBAN in the signature and a card in a header', async () => {
      const { client, welcome } = await TestClient.hello(relay.wsUrl, {
        siteKey,
        name: 'Jane',
        email: 'safe.original@example.com',
      });
      await client.say('first', 'Hello?');
      client.close();
      const conversationId = welcome.conversationId!;
      await until(
        async () =>
          (await relay.admin.repos.conversations.getConversation('default', conversationId))?.visitor.emailEnc,
        'the contact to be stored with their email',
      );
      const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: relay.inbound!.smtpPort!, secure: false });
      await smtp.sendMail({
        from: 'safe.original@example.com',
        to: replyAddress(relaySecret, conversationId, domain)!,
        subject: 'Re: hello',
        messageId: '<safe-original@mail.example.com>',
        headers: { 'X-Order-Card': '5555555555554444' },
        text: [
          'Thanks, all good.',
          '',
          '-- ',
          'Jane, IBAN DE89 3704 0044 0532 0130 00',
          '',
          'On Mon, Jan 8, 2024, Acme wrote:',
          '> Was it the card 4242 4242 4242 4242?',
        ].join('\n'),
      });
      const stored = await relay.store.messagesAfter(conversationId, 1, 10);
      assert.deepEqual(
        stored.map((message) => [message.text, message.redacted]),
        [['Thanks, all good.', undefined]],
      );
      const answer = await relay.call('GET', `/v1/admin/conversations/${conversationId}/messages/2/original`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const body = answer.body as EmailOriginal;
      const everything = JSON.stringify(body);
      for (const leak of ['4242 4242 4242 4242', '5555555555554444', 'DE89 3704 0044 0532 0130 00'])
        assert.equal(everything.includes(leak), false, `${leak} is in the original`);
      assert.match(body.text, /card \[card ending 4242\]\?/);
      assert.match(body.text, /IBAN \[IBAN ending 3000\]/);
      assert.equal(body.headers.find((each) => each.name === 'X-Order-Card')?.value, '[card ending 4444]');
      assert.equal(body.headers.find((each) => each.name === 'Subject')?.value, 'Re: hello');
    });
  });
}
