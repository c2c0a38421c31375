import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InboundParser } from '../src/inbound-email/inbound-parser.js';

const message = (headers: string[], body: string): Buffer => Buffer.from([...headers, '', body, ''].join('\r\n'));

describe('InboundParser (inbound email read on a thread)', () => {
  it('reads the header block, then the body as the reply to store, and refuses what the thread refuses', async () => {
    const parser = new InboundParser();
    try {
      const raw = message(
        ['From: Jane <jane@example.com>', 'To: r@reply.example', 'Content-Type: text/html; charset=utf-8'],
        '<p>Yes &amp; thanks.</p><blockquote>On Mon, 8 Jan 2024, Acme &lt;a@acme.example&gt; wrote:<br>Hi</blockquote>',
      );
      assert.deepEqual(await parser.head(raw), {
        ok: true,
        head: {
          from: 'jane@example.com',
          recipients: ['r@reply.example'],
          messageId: undefined,
          fromName: 'Jane',
          subject: undefined,
          replyTo: [],
          automation: {
            headers: { from: 'Jane <jane@example.com>', 'content-type': 'text/html; charset=utf-8' },
          },
        },
      });
      const { original, ...body } = (await parser.body(raw)) as { original?: { source: string; text: string } };
      assert.deepEqual(body, { ok: true, text: 'Yes & thanks.', files: [], dropped: 0 });
      // The original for the inbox comes from the same reading: the HTML's quote kept.
      assert.equal(original?.source, 'raw');
      assert.match(original?.text ?? '', /Yes & thanks\.[\s\S]*wrote:/);
      assert.deepEqual(await parser.reply('Sure.\n\n> quoted'), { ok: true, text: 'Sure.' });
      assert.deepEqual(await parser.head(message(['From: a@x.example', 'From: b@x.example'], 'x')), {
        ok: false,
        reason: 'malformed',
        detail: 'The email has more than one From address: send it from one.',
      });
      assert.deepEqual(
        await parser.body(message(['From: a@x.example', 'Content-Type: text/html'], '<b>'.repeat(100_000))),
        { ok: false, reason: 'too_complex', detail: 'The HTML nests deeper than 400 levels.' },
      );
    } finally {
      await parser.close();
    }
  });

  it('ends a thread past its time limit, refuses that message, and reads the next on a new thread', async () => {
    const parser = new InboundParser({ timeoutMs: 40 });
    try {
      // A To of groups just under the 100 KiB header cap: 70–250 ms of mailparser's address parsing (Node.js 24–22),
      // past 40 ms; a plain message on the new thread takes 2-4 ms (the thread reads a sample before it serves).
      const slow = message(['From: a@x.example', `To: ${'g: a@b;'.repeat(14_000)}`], 'x');
      assert.deepEqual(await parser.head(slow), {
        ok: false,
        reason: 'too_complex',
        detail: 'The message is too complex to read.',
      });
      const fine = await parser.head(message(['From: a@x.example', 'To: r@reply.example'], 'x'));
      assert.equal(fine.ok, true);
    } finally {
      await parser.close();
    }
  });

  it('answers busy once closed', async () => {
    const parser = new InboundParser();
    await parser.close();
    assert.equal((await parser.reply('hi')).ok, false);
    assert.deepEqual(await parser.reply('hi'), {
      ok: false,
      reason: 'busy',
      detail: 'The message cannot be read now; try again later.',
    });
  });
});
