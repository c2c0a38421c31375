import { LIMITS, isVerbatim } from '@parley/protocol';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MalformedEmailError,
  cleanText,
  maxHeaderBytes,
  emailFromJson,
  parseBody,
  parseHead,
  replyClientId,
  replyText,
  trimToLimit,
} from '../src/inbound-email/inbound-message.js';

describe('inbound email: text', () => {
  it('cleans text from outside to the protocol’s rule: no U+0000 or control characters, no lone surrogates', () => {
    const cleaned = cleanText('a\u0000b\u0007c\r\nd\te\u001b[31m\ud83ef\udd8a 🦊');
    assert.equal(cleaned, 'abc\nd\te[31m\uFFFDf\uFFFD 🦊');
    assert.ok(isVerbatim(cleaned));
  });

  it('cuts to the limit with an ellipsis, never between the halves of a surrogate pair', () => {
    assert.equal(trimToLimit('short', 10), 'short');
    assert.equal(trimToLimit('abcdefghijkl', 10), 'abcdefghi…');
    const astral = 'abcdefgh🦊🦊';
    const cut = trimToLimit(astral, 10);
    assert.ok(cut.length <= 10);
    assert.ok(isVerbatim(cut), 'no half emoji');
    assert.equal(cut, 'abcdefgh…');
  });

  it('makes the stored reply: stripped, cleaned, within the protocol’s text limit', () => {
    const long = replyText(`${'word '.repeat(2000)}\n\nOn Mon, 8 Jan 2024, Acme <a@b.example> wrote:\n> old`);
    assert.equal(long.length, LIMITS.maxTextLength);
    assert.ok(long.endsWith('…'));
    assert.equal(replyText('\u0000Thanks!\n\n-- \nJane'), 'Thanks!');
    assert.equal(replyText('> only a quote'), '');
  });

  it('derives the client id from the Message-ID: the same email gives the same id, a valid one', () => {
    const email = {
      from: 'a@b.example',
      recipients: [],
      messageId: 'x@y',
      subject: undefined,
      automation: { headers: {} },
      text: 'hi',
    };
    const id = replyClientId(email, 'hi');
    assert.match(id, new RegExp(`^em_[A-Za-z0-9_-]{43}$`));
    assert.ok(id.length <= LIMITS.maxIdLength);
    assert.equal(replyClientId(email, 'other'), id, 'the Message-ID decides');
    assert.notEqual(replyClientId({ ...email, messageId: 'z@y' }, 'hi'), id);
    const without = { ...email, messageId: undefined };
    assert.equal(replyClientId(without, 'hi'), replyClientId(without, 'hi'));
    assert.notEqual(replyClientId(without, 'hi'), replyClientId(without, 'hello'));
  });
});

describe('inbound email: parsing', () => {
  it('reads a raw message: From, the recipients of its headers, a bare Message-ID, the text part over HTML', async () => {
    const raw = [
      'From: "Doe, Jane" <Jane@Example.com>',
      'To: "Acme" <reply+00-0123456789abcdef@reply.example>, other@x.example',
      'Cc: undisclosed: hidden@x.example;',
      'Delivered-To: Reply+AA-0123456789ABCDEF@reply.example',
      'Message-ID: <abc@mail.example.com>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Plain wins',
      '--b',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>HTML loses</p>',
      '--b--',
      '',
    ].join('\r\n');
    const email = await parseHead(Buffer.from(raw));
    assert.equal(email.from, 'Jane@Example.com');
    assert.equal(email.messageId, 'abc@mail.example.com');
    assert.equal((await parseBody(Buffer.from(raw))).trim(), 'Plain wins');
    assert.deepEqual(email.recipients, [
      'reply+aa-0123456789abcdef@reply.example',
      'reply+00-0123456789abcdef@reply.example',
      'other@x.example',
      'hidden@x.example',
    ]);
    const enveloped = await parseHead(Buffer.from(raw), ['rcpt@reply.example']);
    assert.deepEqual(enveloped.recipients, ['rcpt@reply.example'], 'the envelope decides over the headers');
  });

  it('refuses bytes that are not an email', async () => {
    await assert.rejects(parseHead(Buffer.from('')), MalformedEmailError);
  });

  it('refuses a message with two From headers, or two addresses in its From (DMARC checks only the first)', async () => {
    const raw = (from: string[]): Buffer =>
      Buffer.from([...from, 'To: r@reply.example', 'Subject: hi', '', 'Hello', ''].join('\r\n'));
    await assert.rejects(parseHead(raw(['From: jane@example.com', 'From: mallory@example.com'])), {
      name: 'MalformedEmailError',
      message: 'The email has more than one From address: send it from one.',
    });
    await assert.rejects(parseHead(raw(['From: jane@example.com, mallory@example.com'])), MalformedEmailError);
    await assert.rejects(
      parseHead(raw(['From: Friends: jane@example.com, mallory@example.com;'])),
      MalformedEmailError,
    );
    assert.equal((await parseHead(raw(['From: "Doe, Jane" <jane@example.com>']))).from, 'jane@example.com');
  });

  it('refuses a header block over 100 KiB unread, as Postfix does, and reads one just under', async () => {
    const raw = (to: string): Buffer => Buffer.from(`From: jane@example.com\r\nTo: ${to}\r\n\r\nHello\r\n`);
    await assert.rejects(parseHead(raw(`${'g: a@b;'.repeat(15_000)} r@reply.example`)), {
      name: 'HeaderTooLargeError',
      message: `The header block is larger than 100 KiB.`,
    });
    const under = `${'x'.repeat(maxHeaderBytes - 200)} <r@reply.example>`;
    assert.deepEqual((await parseHead(raw(under))).recipients, ['r@reply.example']);
  });

  it('reads only the header block for the head: a body that is not even MIME costs nothing there', async () => {
    const raw = Buffer.from(`From: jane@example.com\r\nTo: r@reply.example\r\n\r\n${'<div>'.repeat(100_000)}`);
    assert.deepEqual(await parseHead(raw), {
      from: 'jane@example.com',
      recipients: ['r@reply.example'],
      messageId: undefined,
      fromName: undefined,
      subject: undefined,
      replyTo: [],
      automation: { headers: { from: 'jane@example.com' } },
    });
  });

  it('turns an HTML-only body into text with its own converter, and refuses HTML nested past 400 levels', async () => {
    const html = (body: string): Buffer =>
      Buffer.from(['From: jane@example.com', 'Content-Type: text/html; charset=utf-8', '', body, ''].join('\r\n'));
    assert.equal(await parseBody(html('<p>Fish &amp; chips</p><p>Tuesday?</p>')), 'Fish & chips\n\nTuesday?');
    await assert.rejects(parseBody(html(`${'<div>'.repeat(401)}deep`)), { name: 'HtmlTooDeepError' });
  });

  it('reads the webhook’s JSON: display names, lists and header values of recipients', () => {
    const email = emailFromJson({
      from: 'Jane Doe <Jane@Example.com>',
      to: '"Doe, Acme" <Reply+00-0123456789abcdef@reply.example>, b@x.example',
      text: 'hi',
      messageId: ' <m@x> ',
    });
    assert.deepEqual(email, {
      from: 'Jane@Example.com',
      recipients: ['reply+00-0123456789abcdef@reply.example', 'b@x.example'],
      messageId: 'm@x',
      fromName: 'Jane Doe',
      subject: undefined,
      replyTo: [],
      automation: { headers: { from: 'Jane Doe <Jane@Example.com>' } },
      text: 'hi',
      // For the original the inbox shows: the fields as given, as headers.
      headers: [
        'From: Jane Doe <Jane@Example.com>',
        'To: "Doe, Acme" <Reply+00-0123456789abcdef@reply.example>, b@x.example',
        'Message-ID: <m@x>',
      ].join('\n'),
    });
    assert.deepEqual(emailFromJson({ from: 'jane@example.com', to: ['a@x.example', 'B <b@x.example>'], text: '' }), {
      from: 'jane@example.com',
      recipients: ['a@x.example', 'b@x.example'],
      messageId: undefined,
      fromName: undefined,
      subject: undefined,
      replyTo: [],
      automation: { headers: { from: 'jane@example.com' } },
      text: '',
      headers: 'From: jane@example.com\nTo: a@x.example, B <b@x.example>',
    });
    assert.equal(emailFromJson({ from: 'not an address', to: 'a@x.example', text: 'x' }).from, undefined);
    assert.equal(
      emailFromJson({ from: 'a@b.example', to: 'a@x.example', subject: ' Re: Order\r\n4411 ', text: '' }).subject,
      'Re: Order 4411',
      'one line',
    );
    assert.deepEqual(
      emailFromJson({ from: 'a@b.example', to: `@x, y@, ${'a'.repeat(8000)}, a@b@c.example`, text: '' }).recipients,
      ['a@b@c.example'],
      'an address has something on both sides of an @; a long run without one is none',
    );
    assert.equal(
      emailFromJson({ from: 'Mallory <m@x.example>, Jane <j@x.example>', to: 'a@x.example', text: '' }).from,
      undefined,
      'two senders are none',
    );
    assert.equal(
      emailFromJson({ from: '"j@x.example" <J@x.example>', to: 'a@x.example', text: '' }).from,
      'J@x.example',
    );
  });
});
