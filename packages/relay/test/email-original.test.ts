import Database from 'better-sqlite3';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import type { EmailOriginal } from '@parley/protocol/admin';
import { headerList, maxOriginalHeaderBytes, maxOriginalText } from '../src/inbound-email/email-original-text.js';
import { replyAddress } from '../src/email/reply-address.js';
import { TestClient } from './support/client.js';
import { relaySecret, siteKey, startDesk, type Desk } from './support/desk.js';
import { originalSafetySuite } from './support/email-original-safety-suite.js';
import { until } from './support/until.js';

// The original of a reply by email (issue #38): kept as each reply is stored, by SMTP and by the webhook, and read
// back by staff of the conversation's site through `GET /v1/admin/conversations/{id}/messages/{seq}/original`.

const inboundSecret = 'inbound-secret-for-tests-0123456789';
const domain = 'reply.test.example';

const quoted = [
  '',
  'On Mon, Jan 8, 2024 at 10:02 AM Acme Support <',
  'help@acme.example> wrote:',
  '',
  '> Could you send us your order number?',
].join('\n');

describe('the original of a reply by email', () => {
  it('reads a header block as headers: folded lines joined, a value begun on the next line, a line without a name', () => {
    assert.deepEqual(headerList('To:\n reply+a@x.example\nSubject: a long\n\tsubject\nnot a header\n'), [
      { name: 'To', value: 'reply+a@x.example' },
      { name: 'Subject', value: 'a long subject' },
      { name: '', value: 'not a header' },
    ]);
  });

  let relay: Desk;
  before(async () => {
    relay = await startDesk({
      relaySecret,
      inboundDomain: domain,
      inboundSmtpPort: 0,
      inboundSmtpHost: '127.0.0.1',
      inboundSecret,
      ipRateLimitPerSecond: 0,
    });
  });
  after(() => relay.close());

  async function visitor(email: string) {
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, name: 'Jane', email });
    await client.say('first', 'Hello, my order has not arrived.');
    const conversationId = welcome.conversationId!;
    await until(
      async () => (await relay.admin.repos.conversations.getConversation('default', conversationId))?.visitor.emailEnc,
      'the contact to be stored with their email',
    );
    client.close();
    return {
      conversationId,
      visitorId: welcome.visitorId!,
      address: replyAddress(relaySecret, conversationId, domain)!,
    };
  }

  const smtp = () => nodemailer.createTransport({ host: '127.0.0.1', port: relay.inbound!.smtpPort!, secure: false });

  const original = (conversationId: string, seq: number | string, as?: string) =>
    relay.call('GET', `/v1/admin/conversations/${conversationId}/messages/${seq}/original`, undefined, as);

  function header(body: EmailOriginal, name: string): string | undefined {
    return body.headers.find((each) => each.name.toLowerCase() === name.toLowerCase())?.value;
  }

  function rows(conversationId: string): number {
    const db = new Database(join(relay.dataDir, 'parley.db'), { readonly: true });
    try {
      const row = db.prepare('SELECT COUNT(*) AS n FROM email_originals WHERE conversation_id = ?').get(conversationId);
      return (row as { n: number }).n;
    } finally {
      db.close();
    }
  }

  it('keeps an SMTP reply’s headers and whole text, quote included, while the message holds the reply alone', async () => {
    const jane = await visitor('jane.original@example.com');
    const sent = await smtp().sendMail({
      from: '"Jane Doe" <jane.original@example.com>',
      to: jane.address,
      subject: 'Re: Your conversation',
      text: `It is 4411.${quoted}`,
      messageId: '<original-1@mail.example.com>',
      headers: { 'X-Long': `${'folded '.repeat(20)}end` },
    });
    assert.match(sent.response, /^250 /);
    const stored = (await relay.store.messagesAfter(jane.conversationId, 0, 10)).find((m) => m.seq === 2);
    assert.equal(stored?.text, 'It is 4411.');
    const answer = await original(jane.conversationId, 2);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const body = answer.body as EmailOriginal;
    assert.equal(body.source, 'raw');
    assert.equal(header(body, 'Subject'), 'Re: Your conversation');
    assert.equal(header(body, 'From'), 'Jane Doe <jane.original@example.com>');
    assert.equal(header(body, 'Message-ID'), '<original-1@mail.example.com>');
    // A folded header is one header, its lines joined.
    assert.match(header(body, 'X-Long')!, /^(folded ){20}end$/);
    assert.equal(body.text.trim(), `It is 4411.${quoted}`);
    assert.deepEqual(body.truncated, { headers: false, text: false });
    assert.equal(body.receivedAt, stored!.ts);
  });

  it('keeps an HTML-only reply as text with its marked-up quote, which the stored reply left out', async () => {
    const jane = await visitor('html.original@example.com');
    await smtp().sendMail({
      from: 'html.original@example.com',
      to: jane.address,
      html: '<div>Works <b>now</b>, thanks.</div><div class="gmail_quote"><div>On Mon, Jan 8, 2024 at 10:02 AM Acme &lt;help@acme.example&gt; wrote:</div><blockquote class="gmail_quote">Try <script>alert(1)</script>again?</blockquote></div>',
    });
    const stored = (await relay.store.messagesAfter(jane.conversationId, 0, 10)).find((m) => m.seq === 2);
    assert.equal(stored?.text, 'Works now, thanks.');
    const body = (await original(jane.conversationId, 2)).body as EmailOriginal;
    assert.match(body.text, /^Works now, thanks\./);
    assert.match(body.text, /On Mon, Jan 8, 2024 at 10:02 AM Acme <help@acme\.example> wrote:/);
    assert.match(body.text, /> Try again\?/);
    assert.doesNotMatch(body.text, /alert/);
  });

  it('keeps what the webhook gives: its JSON fields as headers and the whole text; and a raw message posted', async () => {
    const jane = await visitor('hook.original@example.com');
    const posted = await fetch(`${relay.httpUrl}/v1/inbound/email`, {
      method: 'POST',
      headers: { authorization: `Bearer ${inboundSecret}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        from: 'Jane <hook.original@example.com>',
        to: [jane.address],
        subject: 'Re: order\r\nBcc: injected@example.com',
        text: `By the hook.${quoted}`,
        messageId: '<hook-1@mail.example.com>',
      }),
    });
    assert.equal(posted.status, 201, await posted.text());
    const body = (await original(jane.conversationId, 2)).body as EmailOriginal;
    assert.equal(body.source, 'fields');
    assert.deepEqual(body.headers, [
      { name: 'From', value: 'Jane <hook.original@example.com>' },
      { name: 'To', value: jane.address },
      // A line break in a field cannot make a header of its own.
      { name: 'Subject', value: 'Re: order Bcc: injected@example.com' },
      { name: 'Message-ID', value: '<hook-1@mail.example.com>' },
    ]);
    assert.equal(body.text, `By the hook.${quoted}`);

    const raw = [
      'From: hook.original@example.com',
      `To: ${jane.address}`,
      'Subject: posted raw',
      'Message-ID: <hook-raw@mail.example.com>',
      '',
      `Raw by the hook.${quoted}`,
    ].join('\r\n');
    const rawPosted = await fetch(`${relay.httpUrl}/v1/inbound/email`, {
      method: 'POST',
      headers: { authorization: `Bearer ${inboundSecret}`, 'content-type': 'message/rfc822' },
      body: raw,
    });
    assert.equal(rawPosted.status, 201, await rawPosted.text());
    const rawBody = (await original(jane.conversationId, 3)).body as EmailOriginal;
    assert.equal(rawBody.source, 'raw');
    assert.equal(header(rawBody, 'Subject'), 'posted raw');
    assert.equal(rawBody.text.trim(), `Raw by the hook.${quoted}`);
  });

  it('keeps the first delivery of an email delivered twice, and nothing more', async () => {
    const jane = await visitor('twice.original@example.com');
    const mail = { from: 'twice.original@example.com', to: jane.address, messageId: '<twice-original@example.com>' };
    assert.match((await smtp().sendMail({ ...mail, text: 'First delivery' })).response, /^250 /);
    assert.match((await smtp().sendMail({ ...mail, text: 'Second delivery' })).response, /^250 /);
    assert.equal(rows(jane.conversationId), 1);
    const body = (await original(jane.conversationId, 2)).body as EmailOriginal;
    assert.equal(body.text.trim(), 'First delivery');
  });

  it('bounds the header block and the text, and says they were cut', async () => {
    const jane = await visitor('long.original@example.com');
    const filler = Array.from({ length: 1200 }, (_, i) => `X-Filler-${i}: ${'h'.repeat(60)}`).join('\r\n');
    const words = 'word '.repeat(30_000);
    const raw = Buffer.from(
      [
        'From: long.original@example.com',
        `To: ${jane.address}`,
        filler,
        'Message-ID: <long@mail.example.com>',
        '',
        `Start. ${words}`,
      ].join('\r\n'),
    );
    assert.ok(raw.indexOf('\r\n\r\n') > maxOriginalHeaderBytes);
    const posted = await fetch(`${relay.httpUrl}/v1/inbound/email`, {
      method: 'POST',
      headers: { authorization: `Bearer ${inboundSecret}`, 'content-type': 'message/rfc822' },
      body: raw,
    });
    assert.equal(posted.status, 201, await posted.text());
    const body = (await original(jane.conversationId, 2)).body as EmailOriginal;
    assert.deepEqual(body.truncated, { headers: true, text: true });
    assert.equal(body.text.length, maxOriginalText);
    assert.ok(body.text.startsWith('Start. word word'));
    const kept = body.headers.map((each) => `${each.name}: ${each.value}`).join('\r\n');
    assert.ok(kept.length <= maxOriginalHeaderBytes);
    // Cut at a line's end: every header kept is whole.
    assert.ok(
      body.headers.every((each) => each.name === 'From' || each.name === 'To' || each.value === 'h'.repeat(60)),
    );
  });

  it('answers 404 for a message that did not come by email, 400 for a bad seq, and nothing to another site', async () => {
    const jane = await visitor('sites.original@example.com');
    await smtp().sendMail({ from: 'sites.original@example.com', to: jane.address, text: 'Mine only' });
    assert.equal((await original(jane.conversationId, 2)).status, 200);
    const typed = await original(jane.conversationId, 1);
    assert.equal(typed.status, 404);
    assert.match(JSON.stringify(typed.body), /No original email is kept for this message/);
    assert.equal((await original(jane.conversationId, 99)).status, 404);
    assert.equal((await original(jane.conversationId, 0)).status, 400);
    assert.equal((await original(jane.conversationId, 'two')).status, 400);
    assert.equal((await original('no_such_conversation', 2)).status, 404);

    const site = await relay.call('POST', '/v1/admin/sites', { name: 'Other shop' });
    assert.equal(site.status, 201, JSON.stringify(site.body));
    const other = await original(jane.conversationId, 2, site.body.adminToken as string);
    assert.equal(other.status, 404);
    assert.doesNotMatch(JSON.stringify(other.body), /Mine only/);
  });

  it('goes with its conversation when the contact is erased', async () => {
    const jane = await visitor('erased.original@example.com');
    await smtp().sendMail({ from: 'erased.original@example.com', to: jane.address, text: 'Forget me' });
    assert.equal(rows(jane.conversationId), 1);
    const erased = await relay.call('DELETE', `/v1/admin/contacts/${jane.visitorId}`);
    assert.equal(erased.status, 204, JSON.stringify(erased.body));
    assert.equal(rows(jane.conversationId), 0);
    assert.equal((await original(jane.conversationId, 2)).status, 404);
  });

  it('goes with its conversation when retention erases it', async () => {
    const aged = await startDesk({
      relaySecret,
      inboundDomain: domain,
      inboundSmtpPort: 0,
      inboundSmtpHost: '127.0.0.1',
      ipRateLimitPerSecond: 0,
      retentionDays: 1,
    });
    try {
      const { client, welcome } = await TestClient.hello(aged.wsUrl, { siteKey, email: 'aged@example.com' });
      await client.say('first', 'Hello?');
      client.close();
      const conversationId = welcome.conversationId!;
      await until(
        async () => (await aged.admin.repos.conversations.getConversation('default', conversationId))?.visitor.emailEnc,
        'the contact to be stored with their email',
      );
      await nodemailer
        .createTransport({ host: '127.0.0.1', port: aged.inbound!.smtpPort!, secure: false })
        .sendMail({ from: 'aged@example.com', to: replyAddress(relaySecret, conversationId, domain)!, text: 'Old' });
      const db = new Database(join(aged.dataDir, 'parley.db'));
      try {
        assert.equal(
          (db.prepare('SELECT COUNT(*) AS n FROM email_originals').get() as { n: number }).n,
          1,
          'kept at first',
        );
        db.prepare('UPDATE conversations SET updated_at = ? WHERE id = ?').run(
          Date.now() - 2 * 86_400_000,
          conversationId,
        );
        assert.equal((await aged.admin.retention.run()).conversations, 1);
        assert.equal((db.prepare('SELECT COUNT(*) AS n FROM email_originals').get() as { n: number }).n, 0);
      } finally {
        db.close();
      }
    } finally {
      await aged.close();
    }
  });
});

originalSafetySuite('SQLite', () => ({}));
