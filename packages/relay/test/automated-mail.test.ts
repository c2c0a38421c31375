import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { classifyMail, deliveryStatusOf, maxBounceRecipients, type MailKind } from '../src/email/automated-mail.js';
import { parseHead } from '../src/inbound-email/inbound-message.js';
import { leastCpuMs } from './support/cpu-time.js';

const fixture = (name: string): Buffer =>
  readFileSync(new URL(`./fixtures/automated-mail/${name}.eml`, import.meta.url));

/** A fixture read as the relay reads mail (its header block through mailparser, on this thread), then classified. */
async function classify(raw: Buffer): Promise<MailKind> {
  return classifyMail((await parseHead(raw)).automation);
}

describe('automated mail: bounces', () => {
  it('reads a Gmail DSN: the failed address, permanent (5.1.1)', async () => {
    assert.deepEqual(await classify(fixture('gmail-bounce')), {
      kind: 'bounce',
      recipients: ['no.such.user.4411@gmail.com'],
      permanent: true,
    });
  });

  it('reads a Postfix DSN (folded Diagnostic-Code, text/rfc822-headers of our own mail), with CRLF line ends too', async () => {
    const expected = { kind: 'bounce', recipients: ['jean.dupont@exemple-fai.fr'], permanent: true };
    const raw = fixture('postfix-bounce');
    assert.deepEqual(await classify(raw), expected);
    assert.deepEqual(await classify(Buffer.from(raw.toString('latin1').replace(/\n/g, '\r\n'), 'latin1')), expected);
  });

  it('takes a Postfix delay warning as a bounce that is not permanent', async () => {
    assert.deepEqual(await classify(fixture('postfix-delayed')), {
      kind: 'bounce',
      recipients: ['kim@slow.example'],
      permanent: false,
    });
  });

  it('reads an Exchange Online NDR (Status 5.1.10, From <postmaster@…>)', async () => {
    assert.deepEqual(await classify(fixture('exchange-ndr')), {
      kind: 'bounce',
      recipients: ['m.schmidt@contoso.com'],
      permanent: true,
    });
  });

  it('reads an Exim bounce without a report part by its X-Failed-Recipients', async () => {
    assert.deepEqual(await classify(fixture('exim-bounce')), {
      kind: 'bounce',
      recipients: ['anna@gone.example'],
      permanent: true,
    });
  });

  it('takes a mailer daemon’s mail with a null sender as a bounce even without recipients it can read', () => {
    assert.deepEqual(
      classifyMail({ headers: { from: 'MAILER-DAEMON@mx.example (Mail Delivery System)', 'return-path': '< >' } }),
      { kind: 'bounce', recipients: [], permanent: false },
    );
  });

  it('decodes a base64 status part and bounds what a crafted report names, in linear time', () => {
    const status = Buffer.from(
      'Reporting-MTA: dns; mx.example\n\nFinal-Recipient: rfc822; <A@B.example>\nAction: failed\nStatus: 5.2.2\n',
    ).toString('base64');
    const raw = (body: string): Buffer =>
      Buffer.from(
        [
          'From: postmaster@mx.example',
          'Content-Type: multipart/report; report-type="delivery-status"; boundary=b1',
          '',
          '--b1',
          'Content-Type: text/plain',
          '',
          'Sorry.',
          '--b1',
          'Content-Type: message/delivery-status',
          ...body.split('\n'),
          '--b1--',
          '',
        ].join('\r\n'),
      );
    const decoded = deliveryStatusOf(
      raw(`Content-Transfer-Encoding: base64\n\n${status}`),
      0,
      'multipart/report; report-type=delivery-status; boundary=b1',
    );
    assert.match(decoded ?? '', /Final-Recipient: rfc822; <A@B\.example>/);
    assert.deepEqual(classifyMail({ headers: {}, deliveryStatus: decoded }), {
      kind: 'bounce',
      recipients: ['a@b.example'],
      permanent: true,
    });

    const many = Array.from(
      { length: 20_000 },
      (_, i) => `Final-Recipient: rfc822; u${i}@x.example\nAction: failed\nStatus: 5.1.1\n`,
    ).join('\n');
    const classify = () =>
      classifyMail({
        headers: { 'content-type': 'multipart/report; report-type=delivery-status' },
        deliveryStatus: many,
      });
    const kind = classify();
    const took = leastCpuMs(classify);
    assert.equal(kind.kind, 'bounce');
    assert.equal(kind.kind === 'bounce' && kind.recipients.length, maxBounceRecipients);
    assert.ok(took < 50, `classified a crafted 1 MB report in ${took.toFixed(1)} ms of CPU`);
    // A status that is not an address of mail (X.400, garbage) names nobody.
    assert.deepEqual(
      classifyMail({
        headers: { 'content-type': 'multipart/report; report-type=delivery-status' },
        deliveryStatus:
          '\nFinal-Recipient: x400; /C=FR/\nAction: failed\nStatus: 5.0.0\n\nFinal-Recipient: rfc822; not an address\nAction: failed\nStatus: 5.0.0',
      }),
      { kind: 'bounce', recipients: [], permanent: false },
    );
  });
});

describe('automated mail: auto-replies and bulk mail', () => {
  it('knows Outlook’s and Exchange’s automatic replies', async () => {
    assert.deepEqual(await classify(fixture('outlook-automatic-reply')), {
      kind: 'auto-reply',
      reason: 'auto-submitted',
    });
    assert.deepEqual(await classify(fixture('exchange-2010-oof')), { kind: 'auto-reply', reason: 'auto-reply-header' });
  });

  it('knows Gmail’s vacation responder', async () => {
    assert.deepEqual(await classify(fixture('gmail-vacation')), { kind: 'auto-reply', reason: 'auto-submitted' });
  });

  it('takes a mailing list’s post and a newsletter as bulk, never a person’s', async () => {
    assert.deepEqual(await classify(fixture('mailing-list')), { kind: 'auto-reply', reason: 'precedence' });
    assert.deepEqual(await classify(fixture('newsletter')), { kind: 'auto-reply', reason: 'mailing-list' });
  });

  it('knows each header by itself', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ 'auto-submitted': 'auto-generated' }, 'auto-submitted'],
      [{ 'auto-submitted': 'Auto-Replied (vacation)' }, 'auto-submitted'],
      [{ precedence: 'junk' }, 'precedence'],
      [{ precedence: 'auto_reply' }, 'precedence'],
      [{ 'x-autoreply': 'yes' }, 'auto-reply-header'],
      [{ 'x-autorespond': 'Thanks' }, 'auto-reply-header'],
      [{ 'x-auto-response-suppress': 'All' }, 'auto-reply-header'],
      [{ 'x-loop': 'helpdesk@corp.example' }, 'loop'],
      [{ 'list-id': '<users.lists.example>' }, 'mailing-list'],
      [{ 'return-path': '<>' }, 'null-sender'],
      [{ 'content-type': 'multipart/report; report-type=disposition-notification; boundary=x' }, 'null-sender'],
      [{ 'x-parley-relay': '3f2a9c1d8e7b6a50', 'auto-submitted': 'no' }, 'parley-relay'],
    ];
    for (const [headers, reason] of cases)
      assert.deepEqual(classifyMail({ headers }), { kind: 'auto-reply', reason }, JSON.stringify(headers));
  });
});

describe('automated mail: a person’s mail', () => {
  it('takes a Gmail reply and a Thunderbird one (Auto-Submitted: no) as a person’s', async () => {
    assert.deepEqual(await classify(fixture('human-reply')), { kind: 'human' });
    assert.deepEqual(await classify(fixture('thunderbird-reply-auto-submitted-no')), { kind: 'human' });
    // What the next reply email answers: its Message-ID and subject (decoded, one line).
    const head = await parseHead(fixture('human-reply'));
    assert.equal(head.messageId, 'CAF=a7Bx9kQ2mT1vLz4+Yy0nR8s_3pWq6d@mail.gmail.com');
    assert.equal(head.subject, 'Re: New reply from Shop');
    assert.equal(
      (await parseHead(fixture('thunderbird-reply-auto-submitted-no'))).subject,
      'Re: Nouvelle réponse de Shop',
    );
  });

  it('is not misled by headers that only look alike', () => {
    for (const headers of [
      { precedence: 'first-class' },
      { 'x-auto-response-suppress': 'DR, RN' },
      { from: 'Post Master <post.master@example.com>' },
      { 'content-type': 'multipart/mixed; boundary="report-type=delivery-status"' },
      { 'return-path': '<jane@example.com>' },
    ])
      assert.deepEqual(classifyMail({ headers }), { kind: 'human' }, JSON.stringify(headers));
  });
});
