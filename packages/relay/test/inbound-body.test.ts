import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Encoding from 'encoding-japanese';
import iconv from 'iconv-lite';
import { parseBody, rawReplyText, replyText } from '../src/inbound-email/inbound-message.js';
import { maxMimeParts } from '../src/inbound-email/mime-body.js';

// Every message here is written for these tests (issue #38): the shapes of Gmail's, Apple Mail's, Thunderbird's,
// Outlook's and Yahoo's replies, with made-up people and text.

/** A MIME part: its headers, a blank line, its body (bytes kept as they are). */
function part(headers: readonly string[], body: string | Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${headers.join('\r\n')}\r\n\r\n`), Buffer.from(body)]);
}

/** A `multipart/<subtype>` part holding `parts`. */
function multipart(subtype: string, boundary: string, parts: readonly Buffer[]): Buffer {
  return Buffer.concat([
    Buffer.from(`Content-Type: multipart/${subtype}; boundary="${boundary}"\r\n\r\n`),
    ...parts.flatMap((each) => [Buffer.from(`--${boundary}\r\n`), each, Buffer.from('\r\n')]),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
}

/** A whole message: a sender, then `body` (a part: its own headers first). */
function message(body: Buffer): Buffer {
  return Buffer.concat([Buffer.from('From: jane@example.com\r\nMIME-Version: 1.0\r\n'), body]);
}

const html = (body: string, charset = 'utf-8'): Buffer => part([`Content-Type: text/html; charset=${charset}`], body);
const plain = (body: string): Buffer => part(['Content-Type: text/plain; charset=utf-8'], body);
const image = part(['Content-Type: image/png', 'Content-Transfer-Encoding: base64', 'Content-ID: <logo@x>'], 'iVBO');
const pdf = part(
  [
    'Content-Type: application/pdf',
    'Content-Disposition: attachment; filename="order.pdf"',
    'Content-Transfer-Encoding: base64',
  ],
  'JVBERi0xLjQ=',
);

describe('inbound email: the body’s MIME structure', () => {
  it('turns HTML-only mail into text inside multipart/alternative, multipart/related and multipart/mixed', async () => {
    const reply = html('<div dir="ltr">Tuesday <b>works</b> for me.</div>');
    const shapes = {
      alternative: multipart('alternative', 'a1', [reply]),
      related: multipart('related', 'r1', [reply, image]),
      mixed: multipart('mixed', 'm1', [reply, pdf]),
      'alternative of related, in mixed': multipart('mixed', 'm2', [
        multipart('alternative', 'a2', [multipart('related', 'r2', [reply, image])]),
        pdf,
      ]),
    };
    for (const [shape, body] of Object.entries(shapes))
      assert.equal(await parseBody(message(body)), 'Tuesday works for me.', shape);
  });

  it('reads the visitor’s HTML beside a plain-text part of its own (a list’s footer), not the footer alone', async () => {
    const raw = message(multipart('mixed', 'm', [html('<p>The blue one, please.</p>'), plain('-- \nSent via Lists')]));
    assert.equal(replyText(await parseBody(raw)), 'The blue one, please.');
  });

  it('prefers an alternative’s plain text, takes its HTML when the plain text is empty, skips attachments', async () => {
    const both = multipart('alternative', 'a', [plain('Plain wins'), html('<p>HTML loses</p>')]);
    assert.equal((await parseBody(message(both))).trim(), 'Plain wins');
    const emptyPlain = multipart('alternative', 'a', [plain('\r\n'), html('<p>HTML it is</p>')]);
    assert.equal(await parseBody(message(emptyPlain)), 'HTML it is');
    const forwarded = part(['Content-Type: message/rfc822'], 'From: old@example.com\r\n\r\nForwarded words');
    const withForward = multipart('mixed', 'm', [plain('See the mail below.'), forwarded, pdf]);
    assert.equal((await parseBody(message(withForward))).trim(), 'See the mail below.');
  });
});

describe('inbound email: charsets', () => {
  it('honours an HTML part’s <meta charset> when its MIME header names no charset', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('<html><head><meta charset="iso-8859-1"></head><body><p>'),
      Buffer.from('Ça marche, merci beaucoup, à mardi !', 'latin1'),
      Buffer.from('</p></body></html>'),
    ]);
    const raw = message(part(['Content-Type: text/html', 'Content-Transfer-Encoding: 8bit'], latin1));
    assert.equal(await parseBody(raw), 'Ça marche, merci beaucoup, à mardi !');
  });

  it('honours <meta http-equiv="Content-Type" content="…; charset=…"> inside multipart too', async () => {
    const cyrillic = Buffer.concat([
      Buffer.from(
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body>',
      ),
      iconv.encode('Спасибо, всё пришло.', 'windows-1251'),
      Buffer.from('</body></html>'),
    ]);
    const htmlPart = part(
      ['Content-Type: text/html', 'Content-Transfer-Encoding: base64'],
      cyrillic.toString('base64'),
    );
    assert.equal(await parseBody(message(multipart('alternative', 'a', [htmlPart]))), 'Спасибо, всё пришло.');
  });

  it('reads legacy charsets from <meta> too: Shift_JIS, ISO-2022-JP', async () => {
    const japanese = (charset: string, bytes: Buffer): Buffer =>
      message(
        part(
          ['Content-Type: text/html', 'Content-Transfer-Encoding: base64'],
          Buffer.concat([Buffer.from(`<meta charset="${charset}"><p>`), bytes, Buffer.from('</p>')]).toString('base64'),
        ),
      );
    assert.equal(await parseBody(japanese('Shift_JIS', iconv.encode('承知しました。', 'Shift_JIS'))), '承知しました。');
    const jis = Encoding.convert(Encoding.stringToCode('承知しました。'), { to: 'JIS', from: 'UNICODE' });
    assert.equal(await parseBody(japanese('ISO-2022-JP', Buffer.from(jis))), '承知しました。');
  });

  it('lets the MIME header’s charset win over <meta>, and reads <meta> for HTML only', async () => {
    const utf8 = '<meta charset="iso-8859-1"><p>Café crème</p>';
    assert.equal(await parseBody(message(html(utf8, 'utf-8'))), 'Café crème');
    const utf16 = part(
      ['Content-Type: text/html', 'Content-Transfer-Encoding: 8bit'],
      '<meta charset="utf-16"><p>Ça va</p>',
    );
    assert.equal(await parseBody(message(utf16)), 'Ça va', 'a declared UTF-16 is read as UTF-8, as browsers do');
    const plainWithMeta = part(['Content-Type: text/plain', 'Content-Transfer-Encoding: 8bit'], utf8);
    assert.equal(await parseBody(message(plainWithMeta)), utf8);
  });

  it('still decodes legacy charsets named in the MIME header', async () => {
    const samples: ReadonlyArray<[charset: string, text: string, bytes: Buffer]> = [
      ['Shift_JIS', 'ありがとうございます。', iconv.encode('ありがとうございます。', 'Shift_JIS')],
      [
        'ISO-2022-JP',
        '了解しました。',
        Buffer.from(Encoding.convert(Encoding.stringToCode('了解しました。'), { to: 'JIS', from: 'UNICODE' })),
      ],
      ['KOI8-R', 'Договорились.', iconv.encode('Договорились.', 'KOI8-R')],
      ['GBK', '谢谢，收到了。', iconv.encode('谢谢，收到了。', 'GBK')],
      ['windows-1252', 'Très bien – “merci”', iconv.encode('Très bien – “merci”', 'windows-1252')],
    ];
    for (const [charset, text, bytes] of samples) {
      const body = part(
        [`Content-Type: text/plain; charset=${charset}`, 'Content-Transfer-Encoding: base64'],
        bytes.toString('base64'),
      );
      assert.equal((await parseBody(message(body))).trim(), text, charset);
    }
  });
});

describe('inbound email: mislabelled charsets (issue #84)', () => {
  const labelled = (charset: string, bytes: Buffer, type = 'text/plain'): Buffer =>
    message(part([`Content-Type: ${type}; charset=${charset}`, 'Content-Transfer-Encoding: 8bit'], bytes));

  it('reads a part labelled US-ASCII or Latin-1 that carries UTF-8 as UTF-8, as mail programs do', async () => {
    const text = 'Grüße, Jürgen – ça marche, 了解しました';
    for (const charset of ['us-ascii', 'US-ASCII', 'ascii', 'iso-8859-1', 'ISO_8859-1', 'latin1', 'windows-1252'])
      assert.equal((await parseBody(labelled(charset, Buffer.from(text)))).trim(), text, charset);
    assert.equal(
      (await parseBody(labelled('"us-ascii"', Buffer.from(`<p>${text}</p>`), 'text/html'))).trim(),
      text,
      'an HTML part too',
    );
  });

  it('reads those labels as windows-1252 when the bytes are not UTF-8, and leaves other charsets alone', async () => {
    const text = 'Thanks – that’s fixed, café';
    for (const charset of ['us-ascii', 'iso-8859-1'])
      assert.equal((await parseBody(labelled(charset, iconv.encode(text, 'windows-1252')))).trim(), text, charset);
    // Valid UTF-8 bytes under a label that is not a loose one are read in that charset, as it says.
    const utf8 = Buffer.from('Привет');
    assert.equal((await parseBody(labelled('koi8-r', utf8))).trim(), iconv.decode(utf8, 'koi8-r'));
    assert.equal((await parseBody(labelled('iso-8859-2', utf8))).trim(), iconv.decode(utf8, 'iso-8859-2'));
    assert.equal((await parseBody(labelled('us-ascii', Buffer.from('plain ascii')))).trim(), 'plain ascii');
  });
});

describe('inbound email: format=flowed (RFC 3676)', () => {
  const flowed = (body: string, delSp = false): Buffer =>
    message(part([`Content-Type: text/plain; charset=utf-8; format=flowed${delSp ? '; delsp=yes' : ''}`], body));

  it('joins a flowed line only with the next line of the same quote depth', async () => {
    const body = 'See you \r\non Tuesday.\r\n> Would Tuesday \r\n> suit you? \r\n>> When can \r\n>> you come?\r\n';
    assert.equal(
      await parseBody(flowed(body)),
      'See you on Tuesday.\n> Would Tuesday suit you? \n>> When can you come?\n',
    );
    const glued = 'My last line \r\n> first quoted line\r\n';
    assert.equal(await parseBody(flowed(glued)), 'My last line \n> first quoted line\n');
  });

  it('removes space-stuffing, keeps the signature separator fixed and honours DelSp=yes', async () => {
    assert.equal(
      await parseBody(flowed(' From here on \r\nit is fine.\r\n-- \r\nJane\r\n')),
      'From here on it is fine.\n-- \nJane\n',
    );
    assert.equal(await parseBody(flowed('ありがとう \r\nございます。\r\n', true)), 'ありがとうございます。\n');
  });

  it('keeps a bottom-posted answer apart from the quote above it', async () => {
    const body = '> Which colour would \r\n> you like? \r\nThe blue \r\none.\r\n';
    assert.equal(replyText(await parseBody(flowed(body))), 'The blue one.');
  });
});

describe('inbound email: quotes marked up in HTML', () => {
  const reply = async (body: string): Promise<string> => rawReplyText(message(html(body)));

  it('drops Gmail’s quote with its attribution, in any language', async () => {
    assert.equal(
      await reply(
        '<div dir="ltr">Kyllä, tilaus 4411.</div><br><div class="gmail_quote gmail_quote_container">' +
          '<div dir="ltr" class="gmail_attr">ma 8. tammik. 2024 klo 10.02 Acme &lt;help@acme.example&gt;:<br></div>' +
          '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">Mikä on tilausnumero?</blockquote></div>',
      ),
      'Kyllä, tilaus 4411.',
    );
  });

  it('keeps what the visitor wrote between Gmail’s quotes (answering inline)', async () => {
    assert.equal(
      await reply(
        '<div dir="ltr">See below.</div><div class="gmail_quote"><div class="gmail_attr">Acme &lt;a@acme.example&gt;:</div>' +
          '<blockquote class="gmail_quote">What size?</blockquote><div>Medium.</div>' +
          '<blockquote class="gmail_quote">Which colour?</blockquote><div>Blue.</div></div>',
      ),
      'See below.\n\nMedium.\n\nBlue.',
    );
  });

  it('drops Apple Mail’s and Thunderbird’s blockquote type="cite" (and Thunderbird’s attribution)', async () => {
    assert.equal(
      await reply(
        '<div>Sure.</div><div><br><blockquote type="cite"><div>Could you send it again?</div></blockquote></div>',
      ),
      'Sure.',
    );
    assert.equal(
      await reply(
        '<p>Fine by me.</p><div class="moz-cite-prefix">Dnia 8.01.2024 o 10:02, Acme pisze:<br></div>' +
          '<blockquote type="cite" cite="mid:x@acme.example"><p>Is Tuesday fine?</p></blockquote>',
      ),
      'Fine by me.',
    );
  });

  it('drops Outlook’s reply header and everything after it', async () => {
    assert.equal(
      await reply(
        '<div>Zgoda.</div><hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr">' +
          '<b>Od:</b> Acme<br><b>Wysłane:</b> poniedziałek</div><div>Czy wtorek pasuje?</div>',
      ),
      'Zgoda.',
    );
    for (const colour of ['#E1E1E1', '#B5C4DF'])
      assert.equal(
        await reply(
          `<p>OK.</p><div><div style="border:none;border-top:solid ${colour} 1.0pt;padding:3.0pt 0cm 0cm 0cm">` +
            '<p><b>Od:</b> Acme</p></div></div><p>Czy wtorek pasuje?</p>',
        ),
        'OK.',
        colour,
      );
  });

  it('drops Outlook for Mac’s OLK_SRC_BODY_SECTION, Outlook on the web’s x_divRplyFwdMsg and Proton Mail’s quote', async () => {
    assert.equal(
      await reply(
        '<div>Reply</div><span id="OLK_SRC_BODY_SECTION"><div><span>From: </span>Acme<br><span>Date: </span>Tue</div>' +
          '<div>Hi</div></span><div>P.S. the second one too.</div>',
      ),
      'Reply\nP.S. the second one too.',
    );
    assert.equal(
      await reply('<div>Sí.</div><div id="x_divRplyFwdMsg"><b>De:</b> Acme</div><div>¿Martes?</div>'),
      'Sí.',
    );
    assert.equal(
      await reply(
        '<div>Yes.</div><div class="protonmail_quote">On Monday, Acme wrote:<br><blockquote>Which?</blockquote></div>',
      ),
      'Yes.',
    );
  });

  it('drops Yahoo’s quote', async () => {
    assert.equal(
      await reply(
        '<div>Ja, graag.</div><div id="yahoo_quoted_8812" class="yahoo_quoted"><div>Op maandag schreef Acme:</div>' +
          '<div>Zal ik het sturen?</div></div>',
      ),
      'Ja, graag.',
    );
  });

  it('keeps what the visitor wrote under the quote, and never makes a non-empty email empty', async () => {
    assert.equal(
      await reply(
        '<div class="gmail_quote"><blockquote class="gmail_quote">Which size?</blockquote></div><div>Medium, please.</div>',
      ),
      'Medium, please.',
    );
    assert.equal(
      await parseBody(message(html('<blockquote type="cite">Only what was quoted</blockquote>'))),
      '> Only what was quoted',
    );
  });
});

describe('inbound email: limits', () => {
  it(`refuses a message of more than ${maxMimeParts} MIME parts (the multipart itself counted) as too complex`, async () => {
    const parts = (count: number): Buffer =>
      message(
        multipart(
          'mixed',
          'm',
          Array.from({ length: count }, (_, index) => plain(`p${index}`)),
        ),
      );
    await assert.rejects(parseBody(parts(maxMimeParts)), {
      name: 'MimeTooComplexError',
      message: `The message has more than ${maxMimeParts} MIME parts.`,
    });
    assert.match(await parseBody(parts(maxMimeParts - 1)), /^p0\n\np1\n\n.*\n\np998$/s);
  });
});
