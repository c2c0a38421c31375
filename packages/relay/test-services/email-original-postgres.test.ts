/**
 * The original of a reply by email on PostgreSQL (issue #38): an SMTP reply's original is kept once, read back by
 * the conversation's site, and erased with the contact.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import type { EmailOriginal } from '@parley/protocol/admin';
import { replyAddress } from '../src/email/reply-address.js';
import { TestClient } from '../test/support/client.js';
import { relaySecret, siteKey, startDesk, type Desk } from '../test/support/desk.js';
import { until } from '../test/support/until.js';
import { originalSafetySuite } from '../test/support/email-original-safety-suite.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_originals');
const domain = 'reply.test.example';

// Every suite of the file has closed its relay by then.
after(() => schemas.dropAll());

describe('emails’ originals on PostgreSQL', () => {
  let relay: Desk;

  before(async () => {
    const { connectionString } = await schemas.create('one');
    relay = await startDesk({
      relaySecret,
      dataKey: Buffer.alloc(32, 7).toString('base64'),
      ipRateLimitPerSecond: 0,
      store: 'postgres',
      databaseUrl: connectionString,
      inboundDomain: domain,
      inboundSmtpPort: 0,
      inboundSmtpHost: '127.0.0.1',
    });
  });

  after(async () => {
    await relay?.close();
  });

  it('keeps an SMTP reply’s original once, reads it back, and erases it with the contact', async () => {
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, name: 'Jane', email: 'pg@example.com' });
    await client.say('first', 'Hello?');
    client.close();
    const conversationId = welcome.conversationId!;
    await until(
      async () => (await relay.admin.repos.conversations.getConversation('default', conversationId))?.visitor.emailEnc,
      'the contact to be stored with their email',
    );
    const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: relay.inbound!.smtpPort!, secure: false });
    const mail = {
      from: 'pg@example.com',
      to: replyAddress(relaySecret, conversationId, domain)!,
      subject: 'Re: hello',
      messageId: '<pg-original@mail.example.com>',
    };
    await smtp.sendMail({ ...mail, text: 'Yes.\n\nOn Mon, Jan 8, 2024, Acme wrote:\n> Hello?' });
    await smtp.sendMail({ ...mail, text: 'A second delivery' });
    const path = `/v1/admin/conversations/${conversationId}/messages/2/original`;
    const answer = await relay.call('GET', path);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const body = answer.body as EmailOriginal;
    assert.equal(body.text.trim(), 'Yes.\n\nOn Mon, Jan 8, 2024, Acme wrote:\n> Hello?');
    assert.equal(body.headers.find((each) => each.name === 'Subject')?.value, 'Re: hello');
    assert.deepEqual(body.truncated, { headers: false, text: false });

    assert.equal((await relay.call('DELETE', `/v1/admin/contacts/${welcome.visitorId!}`)).status, 204);
    assert.equal((await relay.call('GET', path)).status, 404);
  });
});

originalSafetySuite('PostgreSQL', async () => {
  const { connectionString } = await schemas.create('safety');
  return { store: 'postgres', databaseUrl: connectionString };
});
