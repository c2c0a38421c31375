// Keeps the compact server-frame decoder (src/decode-server.ts) in lock-step with the zod schemas of frames.ts,
// which stay the source of truth: valid frames decode to the same output, and a generated corpus of mutations
// (test/lockstep.ts) gets the same verdict from both, with the same error code, `ref` and offending field.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ERROR_CODES,
  ServerFrame,
  decodeFrame,
  decodeServerFrame,
  decodeServerFrameForVisitor,
  decodeServerFrameForWidget,
  schemaParsers,
  type DecodeResult,
} from '../src/index.js';
import { agreement, encode, lockstepTests, mutations, type Json } from './lockstep.js';
import { message, validServerFrames } from './server-frames.js';

// The reference is built from the ServerFrame union itself, so a frame added to frames.ts is checked at once.
const unionOptions = ServerFrame.def.options;
const schemaTypes = unionOptions.map((option) => (option.def.shape.type.def as { values: string[] }).values[0]!);
const reference = schemaParsers(Object.fromEntries(unionOptions.map((option, i) => [schemaTypes[i], option])));
const decodeBySchema = (text: string): DecodeResult<unknown> => decodeFrame(text, reference);

/** Valid frames: every type, with and without each optional member. */
const valid = validServerFrames as unknown as Record<string, Json>[];

const agree = agreement(decodeServerFrame, decodeBySchema);

describe('decodeServerFrame, compact, in lock-step with the zod schemas', () => {
  it('has a valid example of every server frame in frames.ts', () => {
    const covered = new Set(valid.map((frame) => frame.type));
    for (const type of schemaTypes) assert.ok(covered.has(type), `no valid example of the "${type}" frame here`);
  });

  lockstepTests({
    valid,
    types: schemaTypes,
    decode: decodeServerFrame,
    reference: decodeBySchema,
    seed: 0x2f6b,
    rounds: 3000,
  });

  it('agrees on envelopes that are not frames', () => {
    for (const text of ['', '{', '[]', '"welcome"', 'null', '7', '{}', '{"type":7}', '{"type":null,"id":"m1"}']) {
      agree(text, text);
    }
    const invalidUtf8 = new Uint8Array([0x7b, 0xff, 0x7d]);
    assert.deepStrictEqual(decodeServerFrame(invalidUtf8), decodeFrame(invalidUtf8, reference));
    const bytes = new TextEncoder().encode(encode(valid.find((frame) => frame.type === 'ack')!));
    assert.deepStrictEqual(decodeServerFrame(bytes), decodeFrame(bytes, reference));
    assert.deepStrictEqual(decodeServerFrame(bytes.buffer as ArrayBuffer), decodeFrame(bytes, reference));
  });

  it('names the offending field', () => {
    const ack = valid.find((frame) => frame.type === 'ack')!;
    const result = decodeServerFrame(encode({ ...ack, seq: -1 }));
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'bad_frame');
    assert.equal(result.error.ref, 'm1');
    assert.match(result.error.message, /^Invalid ack frame: seq: /);
    const nested = decodeServerFrame(
      encode({
        type: 'history',
        ref: 'r',
        conversationId: 'c',
        messages: [message, { ...message, kind: 'x' }],
        hasMore: false,
      }),
    );
    assert.ok(!nested.ok);
    assert.match(nested.error.message, /^Invalid history frame: messages\.1\.kind: /);
  });
});

/** A decoded frame as a visitor's decoder gives it: a message's `via` (for staff) dropped like an unknown field. */
function withoutVia(frame: unknown): unknown {
  const strip = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, 'via')) return value;
    const { via: _via, ...rest } = value as Record<string, unknown>;
    return rest;
  };
  const record = frame as Record<string, unknown>;
  if (record.type === 'message') return { ...record, message: strip(record.message) };
  if (record.type === 'history') return { ...record, messages: (record.messages as unknown[]).map(strip) };
  return frame;
}

/**
 * What a visitor's decoder must answer: {@link decodeServerFrame}'s verdict without `via`; for a frame that only a
 * bad `via` made invalid, the frame without it (the visitor's decoder never looks at the field).
 */
function visitorVerdict(text: string): DecodeResult<unknown> {
  const result = decodeServerFrame(text);
  if (result.ok) return { ok: true, frame: withoutVia(result.frame) };
  if (!/\bvia: /.test(result.error.message)) return result;
  const frame = JSON.parse(text) as Record<string, unknown>;
  const drop = (value: unknown): unknown =>
    typeof value === 'object' && value !== null ? { ...value, via: undefined } : value;
  const messages = frame.type === 'history' && Array.isArray(frame.messages) ? frame.messages.map(drop) : undefined;
  return visitorVerdict(JSON.stringify(messages ? { ...frame, messages } : { ...frame, message: drop(frame.message) }));
}

describe('decodeServerFrameForVisitor, the same decoder without the staff-only frames', () => {
  // And without the transcript answer, which only the widget's client asks for (decodeServerFrameForWidget).
  const staffOnly = new Set(['conversation', 'transcript']);

  it('leaves out exactly the staff-only frames, and a message’s via', () => {
    for (const frame of valid) {
      const result = decodeServerFrameForVisitor(encode(frame));
      if (staffOnly.has(String(frame.type))) {
        const ref = typeof frame.ref === 'string' ? { ref: frame.ref } : {};
        const error = { code: 'unknown_frame', message: `Unknown frame type "${String(frame.type)}".`, ...ref };
        assert.deepStrictEqual(result, { ok: false, error });
      } else {
        assert.deepStrictEqual(result, { ok: true, frame: withoutVia(frame) });
      }
    }
  });

  for (const frame of valid.filter((example) => !staffOnly.has(String(example.type)))) {
    it(`agrees with decodeServerFrame on every mutation of ${String(frame.type)} ${encode(frame).slice(0, 40)}`, () => {
      let compared = 0;
      for (const [label, text] of mutations(frame, schemaTypes)) {
        if (staffOnly.has(String((JSON.parse(text) as { type?: unknown }).type))) continue;
        assert.deepStrictEqual(decodeServerFrameForVisitor(text), visitorVerdict(text), label);
        compared++;
      }
      assert.ok(compared > 0);
    });
  }
});

describe('decodeServerFrameForWidget, the visitor’s decoder and the transcript answer', () => {
  it('reads a transcript answer as decodeServerFrame does, and every visitor frame as the visitor’s decoder does', () => {
    const answer = encode({ type: 'transcript', ref: 'r1', emailMasked: 'a***@ex***.com' });
    assert.deepStrictEqual(decodeServerFrameForWidget(answer), decodeServerFrame(answer));
    assert.equal(decodeServerFrameForWidget(answer).ok, true);
    assert.equal(decodeServerFrameForWidget(encode({ type: 'transcript', ref: 'r1' })).ok, false);
    for (const frame of valid) {
      if (frame.type === 'conversation' || frame.type === 'transcript') continue;
      assert.deepStrictEqual(decodeServerFrameForWidget(encode(frame)), decodeServerFrameForVisitor(encode(frame)));
    }
  });
});

describe('error codes: an open enum (ADR 0004, amended)', () => {
  const decoders = { compact: decodeServerFrame, visitor: decodeServerFrameForVisitor, zod: decodeBySchema };
  const error = { type: 'error', code: 'rate_limited', message: 'slow down', ref: 'm1', retryAfterMs: 500 };

  it('accepts every catalog code and a code this build does not know, as it came', () => {
    for (const code of [...ERROR_CODES, 'quota_exceeded', 'x', '']) {
      const frame = { ...error, code };
      for (const [name, decode] of Object.entries(decoders)) {
        assert.deepStrictEqual(decode(encode(frame)), { ok: true, frame }, `${name}: ${code}`);
      }
    }
  });

  it('still refuses a code that is not a string, and a missing or invalid field', () => {
    const refused: Array<[string, Json, RegExp]> = [
      ['code = 7', { ...error, code: 7 }, /: code: /],
      ['code = null', { ...error, code: null }, /: code: /],
      ['code = ["rate_limited"]', { ...error, code: ['rate_limited'] }, /: code: /],
      ['code = {}', { ...error, code: {} }, /: code: /],
      ['code removed', { type: 'error', message: 'm' }, /: code: /],
      ['message removed', { type: 'error', code: 'quota_exceeded' }, /: message: /],
      ['message = 1', { ...error, code: 'quota_exceeded', message: 1 }, /: message: /],
      ['retryAfterMs = -1', { ...error, code: 'quota_exceeded', retryAfterMs: -1 }, /: retryAfterMs: /],
      ['ref = 5', { ...error, code: 'quota_exceeded', ref: 5 }, /: ref: /],
    ];
    for (const [label, frame, field] of refused) {
      for (const [name, decode] of Object.entries(decoders)) {
        const result = decode(encode(frame));
        assert.ok(!result.ok, `${name}: ${label} accepted`);
        assert.equal(result.error.code, 'bad_frame', `${name}: ${label}`);
        assert.match(result.error.message, new RegExp(`^Invalid error frame${field.source}`), `${name}: ${label}`);
      }
    }
  });
});
