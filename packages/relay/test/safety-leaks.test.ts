import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import { createLogger } from '../src/log.js';
import { png } from './support/attachment-files.js';
import { TestClient } from './support/client.js';
import { adminToken, relaySecret, siteKey, startDesk, type Desk } from './support/desk.js';
import { SmtpCatcher } from './support/smtp-catcher.js';
import { setSupportAddresses } from './support/support-addresses.js';
import { tempDir } from './support/temp.js';
import { until } from './support/until.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

// Issue #39, "Done when": after redaction, the originals are nowhere — not in the raw bytes of the database file,
// its WAL, the search index (inside the database), the outbox's payloads, the files' names, the webhooks posted, the
// emails sent, nor the log. Every door a message comes in by: a visitor's and a staff member's socket, the admin
// API, a staff edit, an email to a support address (its subject too), an API channel, a file's name.

/** Luhn-valid card numbers, one per door, so a leak names its door. */
const CARDS = {
  visitor: '4242 4242 4242 4242',
  staff: '4111 1111 1111 1111',
  admin: '5555 5555 5555 4444',
  edit: '6011 1111 1111 1117',
  email: '5105 1051 0510 5100',
  subject: '4012 8888 8888 1881',
  api: '3782 822463 10005',
  file: '4000 0566 5566 5556',
  reply: '4000 0000 0000 0002',
  // Issue #80: as people paste them, groups joined by zero-width spaces, and glued to `_` in a file's name.
  pasted: '6200\u200b0000\u200b0000\u200b0005',
  named: '5200828282828210',
} as const;
const SECRET = 'AKIAIOSFODNN7EXAMPLE';
/** Masked by default: sealed for staff to reveal, so never in plaintext. */
const IBAN = 'GB82 WEST 1234 5698 7654 32';

const inboundSecret = 'inbound-secret-for-tests-0123456789';
const support = 'help@shop.test.example';

/** Each original as it might have been written down: as sent, and without its spaces. */
function needles(): Array<{ name: string; bytes: Buffer }> {
  const originals: Array<[string, string]> = [...Object.entries(CARDS), ['secret', SECRET], ['iban', IBAN]];
  return originals.flatMap(([name, text]) => [
    { name: `${name} as sent`, bytes: Buffer.from(text) },
    { name: `${name} digits`, bytes: Buffer.from(text.replace(/ /g, '')) },
  ]);
}

/** Every file under `dir`, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** What of `needles` appears in `haystack`, named by where. */
function leaks(where: string, haystack: Buffer): string[] {
  return needles()
    .filter(({ bytes }) => haystack.includes(bytes))
    .map(({ name }) => `${name} in ${where}`);
}

/** The raw bytes of every file the relay keeps (the database, its WAL and shared memory, files, anything else). */
function dataLeaks(dataDir: string): string[] {
  return files(dataDir).flatMap((path) => leaks(path.slice(dataDir.length), readFileSync(path)));
}

describe('what safety replaced is nowhere', () => {
  it('after messages through every door, no original is in the data dir, the webhooks, the emails or the log', async () => {
    const logLines: string[] = [];
    const catcher = await SmtpCatcher.start();
    const receiver = await WebhookReceiver.start();
    // A data dir of the test's own: it is read once the relay has stopped.
    const dataDir = tempDir('parley-leaks-');
    const desk: Desk = await startDesk({
      dataDir,
      relaySecret,
      inboundDomain: 'reply.test.example',
      inboundSmtpPort: 0,
      inboundSmtpHost: '127.0.0.1',
      inboundSecret,
      ipRateLimitPerSecond: 0,
      adminRateLimitPerSecond: 0,
      smtpUrl: catcher.url,
      emailFrom: 'Shop <shop@shop.test.example>',
      emailReplyDelayS: 0,
      emailChannelReplyDelayS: 0,
      webhookAllowPrivate: true,
      outboxTiming: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 80 },
      logger: createLogger('debug', (line) => logLines.push(line)),
    });
    let closed = false;
    try {
      const hook = await desk.call('POST', '/v1/admin/webhooks', {
        url: receiver.url('/hooks'),
        events: ['message.created', 'message.updated'],
      });
      assert.equal(hook.status, 201, JSON.stringify(hook.body));
      const staff = (await TestClient.hello(desk.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v3' })).client;

      // A visitor who gave an email (staff replies are emailed), and their message with a card, a key and an IBAN.
      const { client, welcome } = await TestClient.hello(
        desk.wsUrl,
        { siteKey, email: 'eva@customer.test.example' },
        { protocol: 'parley.v3' },
      );
      const ack = await client.say('v1', `card ${CARDS.visitor}, key ${SECRET}, refund to ${IBAN}`);
      assert.equal(ack.text, 'card [card ending 4242], key [secret: AWS key], refund to [IBAN ending 5432]');
      const conversationId = welcome.conversationId!;

      // A file whose name holds a card number.
      const upload = await fetch(
        `${desk.httpUrl}/v1/attachments?${new URLSearchParams({ clientId: 'v2', name: `card ${CARDS.file}.png` })}`,
        { method: 'POST', body: await png(), headers: { authorization: `Bearer ${welcome.visitorToken!}` } },
      );
      const file = (await upload.json()) as { id: string; name: string };
      assert.equal(upload.status, 201, JSON.stringify(file));
      assert.equal(file.name, 'card [card ending 5556].png');
      await client.say('v2', '', { attachments: [{ id: file.id }] });
      const glued = await fetch(
        `${desk.httpUrl}/v1/attachments?${new URLSearchParams({ clientId: 'v3', name: `card_${CARDS.named}.png` })}`,
        { method: 'POST', body: await png(), headers: { authorization: `Bearer ${welcome.visitorToken!}` } },
      );
      const gluedFile = (await glued.json()) as { id: string; name: string };
      assert.equal(glued.status, 201, JSON.stringify(gluedFile));
      assert.equal(gluedFile.name, 'card_[card ending 8210].png');
      await client.say('v3', '', { attachments: [{ id: gluedFile.id }] });
      assert.equal((await client.say('v4', `pasted ${CARDS.pasted}`)).text, 'pasted [card ending 0005]');

      // Staff: by socket, by the admin API, and an edit.
      staff.send({ type: 'send', id: 's1', conversationId, text: `try ${CARDS.staff}` });
      const staffAck = await staff.next('ack', (frame) => frame.id === 's1');
      const posted = await desk.call('POST', `/v1/admin/conversations/${conversationId}/messages`, {
        id: 's2',
        text: `or ${CARDS.admin}`,
      });
      assert.equal(posted.status, 201);
      staff.send({
        type: 'edit',
        ref: 'e1',
        conversationId,
        messageId: staffAck.messageId,
        text: `no, ${CARDS.edit}`,
      });
      await staff.next('update', (frame) => frame.ref === 'e1');

      // An email to the support address, with a card in its subject and its body.
      assert.equal((await setSupportAddresses(desk, [{ address: support }])).status, 200);
      await nodemailer.createTransport({ host: '127.0.0.1', port: desk.inbound!.smtpPort!, secure: false }).sendMail({
        from: 'Eva <eva@customer.test.example>',
        to: support,
        subject: `Card ${CARDS.subject} declined`,
        text: `My card ${CARDS.email} was declined.`,
        messageId: '<declined@customer.test.example>',
      });

      // An API channel's message.
      const channel = await desk.call('POST', '/v1/admin/api-channels', {
        name: 'SMS',
        webhookUrl: receiver.url('/sms'),
      });
      assert.equal(channel.status, 201, JSON.stringify(channel.body));
      const sms = await fetch(`${desk.httpUrl}/v1/channels/api/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${channel.body.token as string}`, 'content-type': 'application/json' },
        body: JSON.stringify({ contactId: '+15550001111', messageId: 'SM-1', text: `card ${CARDS.api}` }),
      });
      assert.equal(sms.status, 201, await sms.text());

      // A staff reply in the conversation by email, which is emailed from the support address.
      const email = await until(async () => {
        const items = (await desk.call('GET', '/v1/admin/conversations?limit=100')).body.items as Array<{
          id: string;
          channel?: string;
          subject?: string;
        }>;
        return items.find((item) => item.channel === 'email');
      }, 'the conversation by email');
      assert.equal(email.subject, 'Card [card ending 1881] declined');
      const reply = await desk.call('POST', `/v1/admin/conversations/${email.id}/messages`, {
        id: 'r1',
        text: `we see ${CARDS.reply} on file`,
      });
      assert.equal(reply.status, 201);

      // Everything owed has gone: the webhooks of the nine messages and the edit, and the reply's email.
      await until(() => receiver.requests.filter((request) => request.path === '/hooks').length >= 10, 'the webhooks');
      // The reply's, after the support address's confirmation (which the test's operator vouched for instead).
      const sent = (await catcher.waitFor(2)).find((each) => !(each.mail.subject ?? '').startsWith('Confirm '));
      assert.match(sent!.mail.text ?? '', /we see \[card ending 0002\] on file/);

      // While the relay runs (the WAL not yet checkpointed), then once it has stopped.
      const running = dataLeaks(desk.dataDir);
      client.close();
      staff.close();
      await desk.close();
      closed = true;
      const found = [
        ...running,
        ...dataLeaks(dataDir),
        ...receiver.requests.flatMap((request) => leaks(`webhook ${request.path}`, Buffer.from(request.body))),
        ...catcher.emails.flatMap((sent) => leaks('an email sent', Buffer.from(sent.raw))),
        ...leaks('the log', Buffer.from(logLines.join('\n'))),
      ];
      assert.deepEqual(found, []);
      // The search would have seen them: the redacted texts themselves are there, in the files and the webhooks.
      const marker = Buffer.from('refund to [IBAN ending 5432]');
      assert.ok(
        files(dataDir).some((path) => readFileSync(path).includes(marker)),
        'the scan reads what is stored',
      );
      assert.ok(receiver.requests.some((request) => request.body.includes('[card ending 4242]')));
    } finally {
      if (!closed) await desk.close();
      await receiver.close();
      await catcher.stop();
    }
  });
});
