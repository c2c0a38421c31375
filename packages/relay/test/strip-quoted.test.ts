import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stripQuoted } from '../src/inbound-email/strip-quoted.js';

/**
 * A corpus of replies as mail programs send them (text/plain parts, or the text mailparser makes of an HTML-only
 * part), each with what the visitor wrote.
 */
const corpus: ReadonlyArray<{ readonly name: string; readonly mail: string; readonly reply: string }> = [
  {
    name: 'Gmail, English, attribution wrapped over two lines',
    mail: [
      'Yes, the order number is 4411.',
      '',
      'On Mon, Jan 8, 2024 at 10:02 AM Acme Support <',
      'reply+635f61626364-0123456789abcdef@mail.acme.example> wrote:',
      '',
      '> Could you send us your order number?',
      '>',
      '> --',
      '> Acme',
    ].join('\r\n'),
    reply: 'Yes, the order number is 4411.',
  },
  {
    name: 'Apple Mail, with a mobile signature',
    mail: [
      'Thanks, that fixed it!',
      '',
      'Sent from my iPhone',
      '',
      '> On 8 Jan 2024, at 10:02, Acme Support <help@acme.example> wrote:',
      '> ',
      '> Please clear your cache and try again.',
    ].join('\n'),
    reply: 'Thanks, that fixed it!',
  },
  {
    name: 'Apple Mail attribution outside the quote',
    mail: 'Great.\n\nOn 8 Jan 2024, at 10:02, Acme Support <help@acme.example> wrote:\n\n> Done.\n',
    reply: 'Great.',
  },
  {
    name: 'Outlook desktop: -----Original Message-----',
    mail: [
      'Hello,',
      '',
      'It still does not work on my laptop.',
      '',
      'Regards,',
      'Jane',
      '',
      '-----Original Message-----',
      'From: Acme Support <help@acme.example>',
      'Sent: Monday, January 8, 2024 10:02 AM',
      'To: jane@example.com',
      'Subject: Your question',
      '',
      'Please try again.',
    ].join('\r\n'),
    reply: 'Hello,\n\nIt still does not work on my laptop.\n\nRegards,\nJane',
  },
  {
    name: 'Outlook on the web: a rule, then a From/Sent header block',
    mail: [
      'I will try tomorrow.',
      '',
      '________________________________',
      'From: Acme Support <help@acme.example>',
      'Sent: Monday, January 8, 2024 10:02',
      'To: Jane Doe <jane@example.com>',
      'Subject: Re: login',
      '',
      'Any news?',
    ].join('\n'),
    reply: 'I will try tomorrow.',
  },
  {
    name: 'Outlook in French, bold header names',
    mail: [
      'Merci beaucoup !',
      '',
      '*De :* Acme Support <help@acme.example>',
      '*Envoyé :* lundi 8 janvier 2024 10:02',
      '*À :* jane@example.com',
      '*Objet :* Votre question',
      '',
      'Bonjour,',
    ].join('\n'),
    reply: 'Merci beaucoup !',
  },
  {
    name: 'Gmail, French',
    mail: 'Parfait, merci.\n\nLe lun. 8 janv. 2024 à 10:02, Acme Support <help@acme.example> a écrit :\n> Bonjour,\n',
    reply: 'Parfait, merci.',
  },
  {
    name: 'Gmail, Spanish',
    mail: 'Sí, funciona.\n\nEl lun, 8 ene 2024 a las 10:02, Acme Support (<help@acme.example>) escribió:\n> Hola,\n',
    reply: 'Sí, funciona.',
  },
  {
    name: 'Gmail, German',
    mail: 'Danke!\n\nAm Mo., 8. Jan. 2024 um 10:02 Uhr schrieb Acme Support <\nhelp@acme.example>:\n\n> Hallo,\n',
    reply: 'Danke!',
  },
  {
    name: 'Thunderbird, German',
    mail: 'Passt.\n\nAcme Support <help@acme.example> schrieb am 08.01.24 um 10:02:\n> Hallo,\n',
    reply: 'Passt.',
  },
  {
    name: 'Gmail, Arabic, with bidirectional marks',
    mail: [
      'شكرا جزيلا، تم حل المشكلة.',
      '',
      'في الاثنين، 8 يناير 2024 في 10:02 ص تمت كتابة ما يلي بواسطة \u202aAcme Support\u202c\u200f <\u202ahelp@acme.example\u202c\u200f>:',
      '',
      '> مرحبا،',
    ].join('\n'),
    reply: 'شكرا جزيلا، تم حل المشكلة.',
  },
  {
    name: 'Outlook, Arabic header block',
    mail: 'حسنا.\n\nمن: Acme Support <help@acme.example>\nتاريخ: 8 يناير 2024\nإلى: jane@example.com\n\nمرحبا',
    reply: 'حسنا.',
  },
  {
    name: 'a signature after "-- "',
    mail: 'See you then.\n\n-- \nJane Doe\nCEO, Example Ltd\n+1 555 0100\n',
    reply: 'See you then.',
  },
  {
    name: 'bottom-posted: the reply under the quote',
    mail: 'On Mon, Jan 8, 2024 at 10:02 AM Acme <help@acme.example> wrote:\n> Which browser?\n\nFirefox 121.\n',
    reply: 'Firefox 121.',
  },
  {
    name: 'interleaved answers between quoted questions',
    mail: '> Which browser?\nFirefox.\n> Which system?\nLinux.\n',
    reply: 'Firefox.\nLinux.',
  },
  {
    name: 'an HTML-only reply after conversion: blockquote lines come quoted',
    mail: 'Works now.\n\nOn Mon, Jan 8, 2024 at 10:02 AM Acme <help@acme.example> wrote:\n\n> Try again?\n> \n> Acme\n',
    reply: 'Works now.',
  },
  {
    name: 'the visitor’s own "wrote:" with no date or address is kept',
    mail: 'On Monday I wrote:\nmy password is not accepted.\n',
    reply: 'On Monday I wrote:\nmy password is not accepted.',
  },
  {
    name: 'blank lines are tidied, paragraphs kept',
    mail: '\n\n  First.\n\n\n\nSecond.   \n\n\n',
    reply: '  First.\n\nSecond.',
  },
  {
    name: 'a Yahoo attribution with leading spaces',
    mail: 'ok\n\n    On Monday, January 8, 2024, 10:02:00 AM GMT+1, Acme <help@acme.example> wrote:  \n\n\n Hello\n',
    reply: 'ok',
  },
];

describe('stripQuoted', () => {
  for (const { name, mail, reply } of corpus)
    it(name, () => {
      assert.equal(stripQuoted(mail), reply);
    });

  it('leaves nothing of a mail that is only quoted history or a signature', () => {
    assert.equal(stripQuoted('> earlier\n> text\n'), '');
    assert.equal(stripQuoted('\n-- \nJane'), '');
    assert.equal(stripQuoted('-----Original Message-----\nFrom: a@b.example\n\nhello'), '');
    assert.equal(stripQuoted(''), '');
  });

  it('reads markers after many blank lines, and attribution-like long lines, without looking back (linear)', () => {
    const blanksThenSignatures = `${'\n'.repeat(20_000)}${'Sent from my x\n'.repeat(20_000)}Reply under it`;
    assert.equal(stripQuoted(blanksThenSignatures), 'Reply under it');
    const almost = `Ok.\n${`On 1 ${' <a@b'.repeat(78)}\n`.repeat(100)}`;
    assert.equal(stripQuoted(almost).split('\n').length, 101, 'no line of it is an attribution');
    assert.equal(stripQuoted('Ja.\n\nJane <j@x.example> schrieb am 01.01.24 um 10:00:\n> Hallo'), 'Ja.');
    assert.equal(stripQuoted('Ok.\n\nJane schrieb am:'), 'Ok.\n\nJane schrieb am:', 'nothing after "am"');
  });

  it('finishes on crafted 1 MiB inputs aimed at each marker, with the right reply (every pattern is linear)', () => {
    const MiB = 1 << 20;
    const fill = (unit: string) => unit.repeat(Math.ceil(MiB / unit.length)).slice(0, MiB);
    // One line too long for an attribution, though it has its start, dates, addresses and a colon.
    const attribution = `Ok.\nOn 1 ${fill(' <a@b 10:02')}:\n> q`;
    assert.equal(stripQuoted(attribution), attribution.slice(0, -'\n> q'.length));
    // "From:" and a megabyte of spaces: no header block (nothing after the colon), no backtracking into it.
    assert.equal(stripQuoted(`Ok.\nFrom:${' '.repeat(MiB)}\nSent: 1`), 'Ok.\nFrom:\nSent: 1');
    // A line that starts like a separator and never ends like one; one that does, a megabyte of dashes inside.
    const dashes = `Ok.\n---${fill('-a')}`;
    assert.equal(stripQuoted(dashes), dashes);
    const title = `Ok.\n---a${'-'.repeat(MiB)}a---`;
    assert.equal(stripQuoted(title), title);
    // Lines shaped like header fields, and "From:" lines with no field under them: a visitor's text, kept.
    const fields = `Ok.\n${fill(`${'Name'.padEnd(29, 'x')} 1\n`)}`;
    assert.equal(stripQuoted(fields), fields.trimEnd());
    const froms = `Ok.\n${fill('From: a\nno\n')}`;
    assert.equal(stripQuoted(froms), froms.trimEnd());
    // Header fields from the first line on, a "From:" with an address among them (a header block with nothing
    // above it, skipped to its end: there is none); fields without one (no block, every line looked at thrice).
    assert.equal(stripQuoted(fill('Date: 1\nSubject: 2\nFrom: a@b.c\n')), '');
    const noFrom = `Ok.\n${fill('Date: 1\nTo: 2\n')}`;
    assert.equal(stripQuoted(noFrom), noFrom.trimEnd());
    // Greetings over attributions with no quote under them: the first is the reply.
    assert.equal(stripQuoted(fill('Hi,\nOn 1 Jan 2024 a@b wrote:\n')), 'Hi,');
    // Lines that start an attribution in German and never end one.
    const starts = fill('Am 1\nb\n');
    assert.equal(stripQuoted(starts), starts.trimEnd());
    // Right-to-left marks around dates and addresses, on one line that ends with a colon.
    const bidi = `Ok.\n${fill('\u200f1 a@b\u200e ')}:`;
    assert.equal(stripQuoted(bidi), bidi);
    // Quotes, blank lines and every marker over and over: the reply is the greeting above the first.
    assert.equal(stripQuoted(fill('> a\n\n\n\n\n')), '');
    assert.equal(
      stripQuoted(fill('Hi,\n> q\nOn Mon, 1 Jan 2024 at 10:02 <a@b> wrote:\n---x---\nFrom: a@b\nSent: 1\n-- \n')),
      'Hi,',
    );
  });

  it('keeps what a greeting is followed by under a quote, and nothing of a separator alone', () => {
    assert.equal(
      stripQuoted('Hi,\nOn Mon, Jan 8, 2024 at 10:02 AM Acme <help@acme.example> wrote:\n> Which?\n\nFirefox.'),
      'Hi,\n\nFirefox.',
    );
    // Not a greeting (no comma): a reply above the quote, and what follows the quote is history.
    assert.equal(
      stripQuoted('Thanks!\n\nOn Mon, Jan 8, 2024 at 10:02 AM Acme <help@acme.example> wrote:\n> Which?\n\nold'),
      'Thanks!',
    );
    assert.equal(stripQuoted('________\n\n-- \nJane'), '');
    assert.equal(stripQuoted('Name: Jane\nEmail: jane@example.com'), 'Name: Jane\nEmail: jane@example.com');
    // A title between dashes is a separator when it is a known one, or a header block follows; not a heading.
    assert.equal(stripQuoted('Ok.\n\n--- Step 1 ---\nOpen it.'), 'Ok.\n\n--- Step 1 ---\nOpen it.');
    assert.equal(stripQuoted('Ok.\n\n--- Původní zpráva ---\nhistory'), 'Ok.');
    assert.equal(stripQuoted('Ok.\n\n--- Anything ---\n\nFrom: a@b.example\nSent: 1'), 'Ok.');
  });

  it('stops reading past a limit with a reply that starts as the whole one, longer than the limit', () => {
    const block = `   \n\n  Hello there\n\n\n\nline\n${'-'.repeat(10)}\n> quoted\n${'word '.repeat(20)}\n${'_'.repeat(9)}\n`;
    const text = block.repeat(100);
    const whole = stripQuoted(text);
    for (const limit of [1, 10, 13, 40, 100, 1000]) {
      const cut = stripQuoted(text, limit);
      assert.ok(cut.length > limit && cut.length < whole.length, `limit ${limit}: ${cut.length}`);
      assert.ok(whole.startsWith(cut), `limit ${limit}`);
    }
    assert.equal(stripQuoted(text, whole.length), whole);
  });

  it('keeps a message under its own header block when nothing is written above it (issue #84)', () => {
    const own =
      'Od: Jan <jan@example.com>\nWysłano: środa, 1 marca 2023 12:00\nTemat: Test\n\nCześć Anno,\n\nJak się masz?';
    assert.equal(stripQuoted(own), 'Cześć Anno,\n\nJak się masz?');
    assert.equal(
      stripQuoted(`${own}\n\nDnia 28 lutego 2023 14:00 Anna <anna@example.com> napisał(a):\n> Hej`),
      'Cześć Anno,\n\nJak się masz?',
    );
    // Under a reply, a header block still ends it; under a separator, it is a forward with nothing written.
    assert.equal(stripQuoted(`Ok.\n\n${own}`), 'Ok.');
    assert.equal(stripQuoted(`________________\n${own}`), '');
  });

  it('ends the reply at a header block that starts with another field than "From:" (Hotmail’s)', () => {
    const block = 'Date: Thu, 26 Jun 2014 13:53:45 +0400\nSubject: Test\nFrom: abc@example.com\nTo: a@example.com';
    assert.equal(stripQuoted(`Fine.\n\n${block}\n\nHello! How are you?`), 'Fine.');
    // Without an address in its "From:", or with fewer than three fields, it is the visitor's.
    const form = 'Fine.\n\nDate: tomorrow at 10\nSubject: the invoice\nFrom: the shop in Lyon';
    assert.equal(stripQuoted(form), form);
    assert.equal(
      stripQuoted('Fine.\n\nSubject: 4411\nFrom: jane@example.com'),
      'Fine.\n\nSubject: 4411\nFrom: jane@example.com',
    );
  });

  it('ends the reply at an attribution that starts with a date right under it (Gmail for Android)', () => {
    assert.equal(
      stripQuoted('Hello\n02.04.2012 14:20 пользователь "bob@example.com" <\nbob@example.com> написал:\n\n> Hi'),
      'Hello',
    );
    assert.equal(stripQuoted('Ok\n26.06.2014, 14:41, "Acme" <help@acme.example>:\n> Hi'), 'Ok');
    const own = 'The parcel came on\n02.04.2024 at 14:20, and the box was open.';
    assert.equal(stripQuoted(own), own);
  });

  it('ends the reply at more shapes of attributions and separators (found on Discourse’s fixtures)', () => {
    assert.equal(stripQuoted('Alright.\n\nJane via Acme <help@acme.example> schrieb:\n\n> Hallo'), 'Alright.');
    assert.equal(
      stripQuoted('Hi there!\n\nJane <help@acme.example> schrieb am Fr., 28.\nApr. 2017 um 11:53 Uhr:\n\n> Hallo'),
      'Hi there!',
    );
    assert.equal(stripQuoted('Bar\n\n*-------- Original Message --------*\n\nTHE END.'), 'Bar');
    // A sentence with an address that ends a paragraph is the visitor's.
    const own = 'Done.\n\nI wrote to jane@example.com on the 28.\n\nNo answer yet.';
    assert.equal(stripQuoted(own), own);
  });

  it('drops Outlook for Android’s and iOS’s footer in its languages, not a sentence about Outlook', () => {
    for (const footer of [
      'Obter o Outlook para Android<https://aka.ms/AAb9ysg>',
      'Obtener Outlook para iOS',
      'Outlook für iOS beziehen',
      'Outlook voor Android downloaden',
      'Télécharger Outlook pour Android',
      'Android 版 Outlook を入手',
    ])
      assert.equal(stripQuoted(`Obrigado.\n\n${footer}`), 'Obrigado.', footer);
    for (const own of ['Outlook für Android stürzt ab', 'Outlook for iOS keeps asking for my password'])
      assert.equal(stripQuoted(`Hello.\n\n${own}`), `Hello.\n\n${own}`, own);
  });

  it('keeps a "From:" line that is not a header block', () => {
    assert.equal(
      stripQuoted('From: the shop in Lyon\nthe parcel never came'),
      'From: the shop in Lyon\nthe parcel never came',
    );
  });
});
