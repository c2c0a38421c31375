// Property-based tests (fast-check) of the protocol's decoders, each pair against its zod reference: the relay's
// client-frame decoder (zod, with the hand-written `send` parser) and the clients' compact server-frame decoder.
// On any generated input — valid frames, frames with random members removed, replaced or added, text of every
// kind (astral, combining, U+0000, lone surrogates, at and past the length limit), JSON that is no frame, text
// that is no JSON — both decoders of a pair never throw, give the same verdict (the same output, or the same code,
// `ref` and offending field), and what they accept round-trips: encoded again, it decodes to itself.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  ClientFrame,
  LIMITS,
  ServerFrame,
  decodeClientFrame,
  decodeFrame,
  decodeServerFrame,
  schemaParsers,
  type DecodeResult,
} from '../src/index.js';
import { agreement, encode, mutate, paths, remove, type Json } from './lockstep.js';
import { validServerFrames } from './server-frames.js';

/** Runs per property: enough to reach the rare branches, quick enough for `npm test` (about a second each). */
const numRuns = 3000;

/** Every frame of a discriminated union, decoded by zod alone: the reference. */
function zodReference(union: typeof ClientFrame | typeof ServerFrame): (text: string) => DecodeResult<unknown> {
  const options = union.def.options;
  const parsers = schemaParsers(
    Object.fromEntries(
      options.map((option) => [(option.def.shape.type.def as { values: string[] }).values[0]!, option]),
    ),
  );
  return (text) => decodeFrame(text, parsers);
}

/** One UTF-16 code unit, any of them: lone surrogates and U+0000 included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));

/** Text of every kind: graphemes (astral, combining), raw code points, raw code units, and the awkward ones. */
export const anyText = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: codeUnit }),
  fc.string({ unit: fc.constantFrom('\u0000', '\ud83e', '\udd8a', '🦊', 'e\u0301', 'ש', '\u202e', 'a', '"', '\\') }),
  fc
    .tuple(fc.integer({ min: LIMITS.maxTextLength - 2, max: LIMITS.maxTextLength + 1 }), fc.constantFrom('x', '🦊'))
    .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length)),
);

/** A client id: mostly valid, sometimes not. */
const anId = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/) },
  { weight: 1, arbitrary: anyText },
);

/** Client frames built from scratch, valid or nearly. */
const clientFrames: fc.Arbitrary<Json> = fc.oneof(
  fc.record(
    { type: fc.constant('send'), id: anId, conversationId: anId, text: anyText, note: fc.boolean() },
    { requiredKeys: ['type', 'id', 'text'] },
  ),
  fc.record(
    {
      type: fc.constant('hello'),
      siteKey: anyText,
      visitorToken: anyText,
      name: anyText,
      email: anyText,
      user: fc.record(
        { id: anyText, hash: fc.stringMatching(/^[0-9a-f]{64}$/), name: anyText, email: anyText },
        { requiredKeys: ['id', 'hash'] },
      ),
      context: fc.record(
        { url: anyText, title: anyText, referrer: anyText, locale: anyText, timezone: anyText },
        {
          requiredKeys: [],
        },
      ),
      resume: fc.dictionary(anId, fc.nat()),
    },
    { requiredKeys: ['type'] },
  ),
  fc.record(
    {
      type: fc.constant('history'),
      ref: anId,
      conversationId: anId,
      before: fc.nat(),
      after: fc.nat(),
      limit: fc.integer({ min: 0, max: 101 }),
    },
    { requiredKeys: ['type', 'ref'] },
  ),
  fc.record(
    { type: fc.constantFrom('typing'), active: fc.boolean(), conversationId: anId },
    { requiredKeys: ['type', 'active'] },
  ),
  fc.record(
    { type: fc.constantFrom('read', 'delivered'), seq: fc.nat(), conversationId: anId },
    { requiredKeys: ['type', 'seq'] },
  ),
  fc.record({
    type: fc.constant('context'),
    context: fc.record(
      { url: anyText, title: anyText, referrer: anyText, locale: anyText, timezone: anyText },
      {
        requiredKeys: [],
      },
    ),
  }),
  fc.record({ type: fc.constant('ping'), ts: fc.double() }, { requiredKeys: ['type'] }),
);

/** A replacement for a member: any JSON value, or text of any kind. */
const replacement: fc.Arbitrary<Json> = fc.oneof(fc.jsonValue() as fc.Arbitrary<Json>, anyText);

/** `frames` with zero to three random members removed, replaced, or given an unknown sibling. */
function mutated(frames: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  const step = fc.tuple(fc.nat(), fc.constantFrom('remove', 'replace', 'extra'), replacement);
  return fc.tuple(frames, fc.array(step, { maxLength: 3 })).map(([frame, steps]) => {
    let value = frame;
    for (const [index, kind, by] of steps) {
      const all = paths(value);
      if (all.length === 0) break;
      const path = all[index % all.length]!;
      if (kind === 'extra') {
        const parent = path.slice(0, -1);
        const target = parent.reduce<Json>((node, key) => (node as Record<string, Json>)[key]!, value);
        if (target !== null && typeof target === 'object' && !Array.isArray(target))
          value = parent.length === 0 ? { ...target, future: by } : mutate(value, parent, { ...target, future: by });
      } else value = mutate(value, path, kind === 'remove' ? remove : by);
    }
    return value;
  });
}

/** Wire text: a (mutated) frame, JSON that is no frame, or text that is no JSON, or a frame cut short. */
function wireText(frames: fc.Arbitrary<Json>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: mutated(frames).map(encode) },
    { weight: 1, arbitrary: fc.json() },
    { weight: 1, arbitrary: anyText },
    { weight: 1, arbitrary: fc.tuple(frames, fc.nat()).map(([frame, cut]) => encode(frame).slice(0, cut)) },
  );
}

/** The property of one decoder pair; returns how many inputs it checked and how many were accepted. */
function decoderPair(
  decode: (text: string) => DecodeResult<unknown>,
  reference: (text: string) => DecodeResult<unknown>,
  texts: fc.Arbitrary<string>,
): { cases: number; accepted: number } {
  const agree = agreement(decode, reference);
  let cases = 0;
  let accepted = 0;
  fc.assert(
    fc.property(texts, (text) => {
      cases++;
      // agreement() decodes with both and asserts the same verdict; a throw fails the property too.
      if (!agree(text, text.slice(0, 200))) return;
      accepted++;
      const first = decode(text);
      assert.ok(first.ok);
      const again = decode(encode(first.frame as Json));
      assert.ok(again.ok, 'what is accepted is accepted again once encoded');
      assert.deepStrictEqual(again.frame, first.frame);
    }),
    { numRuns, includeErrorInReport: true },
  );
  return { cases, accepted };
}

describe('properties of the decoders (fast-check)', () => {
  it('client frames: zod and the hand-written send parser agree, never throw, and round-trip', (t) => {
    const { cases, accepted } = decoderPair(decodeClientFrame, zodReference(ClientFrame), wireText(clientFrames));
    t.diagnostic(`client frames: ${cases} generated cases, ${accepted} accepted`);
    assert.ok(accepted > cases / 20 && accepted < cases, `accepted ${accepted} of ${cases}: both sides exercised`);
  });

  it('server frames: zod and the compact decoder agree, never throw, and round-trip', (t) => {
    const valid = fc.constantFrom(...(validServerFrames as unknown as Json[]));
    const { cases, accepted } = decoderPair(decodeServerFrame, zodReference(ServerFrame), wireText(valid));
    t.diagnostic(`server frames: ${cases} generated cases, ${accepted} accepted`);
    assert.ok(accepted > cases / 20 && accepted < cases, `accepted ${accepted} of ${cases}: both sides exercised`);
  });
});
