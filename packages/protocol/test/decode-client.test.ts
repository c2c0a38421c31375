// Keeps the relay's hand-written `send` parser (src/decode-client.ts) in lock-step with `Send` in frames.ts, the
// source of truth: valid frames decode to the same output, and the generated corpus of test/lockstep.ts gets the
// same verdict from both, with the same error code, `ref` and offending field.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  EmailGiven,
  LIMITS,
  Send,
  decodeClientFrame,
  decodeFrame,
  schemaParsers,
  type DecodeResult,
} from '../src/index.js';
import { encode, lockstepTests, type Json } from './lockstep.js';

// `email` is among the mutated values (a message's `via`) and, since issue #36, a client frame: zod's on both sides.
const reference = schemaParsers({ send: Send, email: EmailGiven });
const decodeBySchema = (text: string): DecodeResult<unknown> => decodeFrame(text, reference);
// Other frame types are zod's on both sides; only whether `send` is told apart from them matters here.
const decodeSend = (text: string): DecodeResult<unknown> => {
  const result = decodeClientFrame(text);
  return result.ok && result.frame.type !== 'send' ? decodeBySchema(text) : result;
};

/** Valid send frames, with and without each optional member, at the limits. */
const valid: Record<string, Json>[] = [
  { type: 'send', id: 'm1', text: 'hi' },
  { type: 'send', id: '01JB5K2W9T_x-y', conversationId: 'c_9', text: 'hello there', note: false },
  {
    type: 'send',
    id: 'A'.repeat(LIMITS.maxIdLength),
    conversationId: 'A'.repeat(LIMITS.maxIdLength),
    text: 'x'.repeat(LIMITS.maxTextLength),
    note: true,
  },
  { type: 'send', id: 'n', text: 'é 🦊 <b>"quoted"</b>\n' },
  { type: 'send', id: 'b', conversationId: 'c_1', text: 'Pick one', buttons: [{ label: 'Yes' }, { label: 'No 🦊' }] },
  {
    type: 'send',
    id: 'b4',
    text: 'x',
    buttons: Array.from({ length: LIMITS.maxButtons }, () => ({ label: 'y'.repeat(LIMITS.maxButtonLabel) })),
  },
  { type: 'send', id: 'rating-3', text: 'Great help', rating: { seq: 3, score: 5 } },
  {
    type: 'send',
    id: 'b2',
    conversationId: 'c_1',
    text: 'Did this help?',
    buttons: [
      { label: 'Yes', id: 'faq-yes:e_1' },
      { label: 'Talk to a person', id: 'handover' },
    ],
  },
  { type: 'send', id: 'reply-4', text: 'Yes, thanks', reply: { seq: 4, id: 'faq-yes:e_1' } },
  { type: 'send', id: 'reply-4', text: 'Talk to a person', reply: { seq: 4, id: 'A'.repeat(64) } },
  { type: 'send', id: 'f1', text: '', attachments: [{ id: 'att_1' }] },
  {
    type: 'send',
    id: 'f2',
    conversationId: 'c_1',
    text: 'Both invoices',
    attachments: Array.from({ length: LIMITS.maxAttachments }, (_, i) => ({ id: `att_${i}` })),
  },
];

describe('decodeClientFrame: send, by hand, in lock-step with the zod schema', () => {
  lockstepTests({ valid, types: ['send'], decode: decodeSend, reference: decodeBySchema, seed: 0x5e4d, rounds: 2000 });

  it('says what is wrong and with which member, and keeps the ref', () => {
    const cases: Array<[Json, RegExp, string | undefined]> = [
      [
        { type: 'send', id: 'bad id', text: 'x' },
        /^Invalid send frame: id: expected an id of 1–64 characters/,
        'bad id',
      ],
      [
        { type: 'send', id: 'm1', text: '' },
        /^Invalid send frame: text: expected a text of at least 1 character, or attachments\.$/,
        'm1',
      ],
      [{ type: 'send', id: 'm1', text: 'x'.repeat(LIMITS.maxTextLength + 1) }, /: text: /, 'm1'],
      [{ type: 'send', id: 'm1', conversationId: 'c/1', text: 'x' }, /: conversationId: /, 'm1'],
      [{ type: 'send', id: 'm1', text: 'x', note: 'yes' }, /: note: expected a boolean\.$/, 'm1'],
      [{ type: 'send', id: 'm1', text: 'a\u0000b' }, /: text: expected text without U\+0000 or unpaired/, 'm1'],
      [{ type: 'send', id: 'm1', text: 'fox \ud83e' }, /: text: expected text without U\+0000 or unpaired/, 'm1'],
      [{ type: 'send', id: 'm1', text: '\udd8a fox' }, /: text: expected text without U\+0000 or unpaired/, 'm1'],
    ];
    for (const [frame, message, ref] of cases) {
      const result = decodeClientFrame(encode(frame));
      assert.ok(!result.ok, encode(frame));
      assert.equal(result.error.code, 'bad_frame');
      assert.equal(result.error.ref, ref);
      assert.match(result.error.message, message);
    }
  });
});
