// Keeps the compact server-frame decoder (src/decode-server.ts) in lock-step with the zod schemas of frames.ts,
// which stay the source of truth: valid frames decode to the same output, and a generated corpus of mutations
// (wrong types, missing fields, out-of-range numbers, extra keys, unknown types, wrong enum values) gets the
// same verdict from both, with the same error code, `ref` and offending field.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ERROR_CODES,
  LIMITS,
  ServerFrame,
  decodeFrame,
  decodeServerFrame,
  decodeServerFrameForVisitor,
  schemaParsers,
  type DecodeResult,
} from '../src/index.js';
import { message, validServerFrames } from './server-frames.js';

// The reference is built from the ServerFrame union itself, so a frame added to frames.ts is checked at once.
const unionOptions = ServerFrame.def.options;
const schemaTypes = unionOptions.map((option) => (option.def.shape.type.def as { values: string[] }).values[0]!);
const reference = schemaParsers(Object.fromEntries(unionOptions.map((option, i) => [schemaTypes[i], option])));
const decodeBySchema = (text: string): DecodeResult<unknown> => decodeFrame(text, reference);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Valid frames: every type, with and without each optional member. */
const valid = validServerFrames as unknown as Record<string, Json>[];

// Numbers JSON.stringify cannot write (1e400 parses as Infinity) go in as placeholders replaced in the text.
const RAW: Record<string, string> = { '\u0000inf': '1e400', '\u0000-inf': '-1e400', '\u0000-zero': '-0' };

/** Replacement values: every JSON kind, boundaries of the limits, and the enum values of every schema. */
const pool: Json[] = [
  null,
  true,
  false,
  0,
  1,
  -1,
  1.5,
  999,
  1000,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 1,
  -Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER - 1,
  1e308,
  ...Object.keys(RAW),
  '',
  'x',
  'a b',
  'é',
  'ok_ID-9',
  'A'.repeat(LIMITS.maxIdLength),
  'A'.repeat(LIMITS.maxIdLength + 1),
  ...['visitor', 'staff', 'system', 'admin', 'agent', 'text', 'note', 'broadcast'],
  ...['open', 'pending', 'snoozed', 'resolved', 'none', 'low', 'urgent', 'bad_frame', ERROR_CODES.at(-1)!],
  ...['Visitor', 'constructor', 'toString', '__proto__'],
  [],
  ['x'],
  [1],
  {},
  { id: 'x' },
  message,
];

const unknownTypes = ['', 'Welcome', 'hello', 'ping', 'send', 'constructor', '__proto__', 'toString', 'hasOwnProperty'];

function encode(value: Json): string {
  let text = JSON.stringify(value);
  for (const [placeholder, raw] of Object.entries(RAW)) text = text.replaceAll(JSON.stringify(placeholder), raw);
  return text;
}

/** Every path to a member of `value`, parents before children. */
function paths(value: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const found: Array<Array<string | number>> = [];
  if (Array.isArray(value)) {
    value.forEach((item, index) => found.push([...prefix, index], ...paths(item, [...prefix, index])));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) found.push([...prefix, key], ...paths(item, [...prefix, key]));
  }
  return found;
}

/** A deep copy of `root` with the member at `path` replaced (or removed, with `remove`). */
function mutate(root: Json, path: Array<string | number>, replacement: Json | typeof remove): Json {
  const copy = structuredClone(root);
  let parent = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = path.at(-1)!;
  if (replacement !== remove) parent[last] = replacement;
  else if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete parent[last];
  return copy;
}
const remove = Symbol('remove');

/** Every mutation of one valid frame, labelled. */
function* mutations(frame: Record<string, Json>): Generator<[string, string]> {
  for (const path of paths(frame)) {
    const where = path.join('.');
    yield [`${where} removed`, encode(mutate(frame, path, remove))];
    for (const value of pool) yield [`${where} = ${encode(value)}`, encode(mutate(frame, path, value))];
  }
  // An unknown key in every object, the frame included: both must drop it.
  for (const path of [[], ...paths(frame)]) {
    const target = path.reduce<Json>((node, key) => (node as Record<string, Json>)[key]!, frame);
    if (target === null || typeof target !== 'object' || Array.isArray(target)) continue;
    const withExtra =
      path.length === 0 ? { ...frame, future: { x: 1 } } : mutate(frame, path, { ...target, future: [1] });
    yield [`${path.join('.') || 'frame'} + unknown key`, encode(withExtra)];
  }
  for (const type of [...schemaTypes, ...unknownTypes]) yield [`type = ${type}`, encode({ ...frame, type })];
}

/** Asserts that both decoders agree on `text`; returns whether it was accepted. */
function agree(text: string, label: string): boolean {
  const compact = decodeServerFrame(text);
  const schema = decodeBySchema(text);
  assert.equal(compact.ok, schema.ok, `${label}: compact ${compact.ok ? 'accepts' : 'rejects'}, zod does not`);
  if (compact.ok && schema.ok) {
    assert.deepStrictEqual(compact.frame, schema.frame, label);
    assert.equal(JSON.stringify(compact.frame), JSON.stringify(schema.frame), `${label}: key order`);
    return true;
  }
  if (!compact.ok && !schema.ok) {
    assert.equal(compact.error.code, schema.error.code, label);
    assert.equal(compact.error.ref, schema.error.ref, label);
    // Both name the same field: "Invalid <type> frame: <path>:" (the explanations differ).
    const field = (text: string): string => /^Invalid \S+ frame: [^:]*:/.exec(text)?.[0] ?? text;
    assert.equal(field(compact.error.message), field(schema.error.message), label);
  }
  return false;
}

describe('decodeServerFrame, compact, in lock-step with the zod schemas', () => {
  it('has a valid example of every server frame in frames.ts', () => {
    const covered = new Set(valid.map((frame) => frame.type));
    for (const type of schemaTypes) assert.ok(covered.has(type), `no valid example of the "${type}" frame here`);
  });

  for (const frame of valid) {
    const name = `${String(frame.type)} ${encode(frame).slice(0, 60)}`;
    it(`accepts ${name} exactly as zod does`, () => {
      const text = encode(frame);
      assert.ok(decodeBySchema(text).ok, 'the example must be valid for zod');
      assert.equal(agree(text, 'valid example'), true);
      assert.deepStrictEqual(decodeServerFrame(text), { ok: true, frame });
    });

    it(`gives zod's verdict on every mutation of ${name}`, () => {
      let accepted = 0;
      let rejected = 0;
      for (const [label, text] of mutations(frame)) {
        if (agree(text, label)) accepted++;
        else rejected++;
      }
      // The corpus must exercise both sides, or it proves nothing.
      assert.ok(accepted > 0 && rejected > 0, `accepted ${accepted}, rejected ${rejected}`);
    });
  }

  it("gives zod's verdict on stacked random mutations", () => {
    let seed = 0x2f6b;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (let round = 0; round < 3000; round++) {
      let value: Json = valid[random(valid.length)]!;
      for (let step = 1 + random(3); step > 0; step--) {
        const all = paths(value);
        if (all.length === 0) break;
        const path = all[random(all.length)]!;
        value = mutate(value, path, random(5) === 0 ? remove : pool[random(pool.length)]!);
      }
      agree(encode(value), `round ${round}: ${encode(value)}`);
    }
  });

  it('agrees on envelopes that are not frames', () => {
    for (const text of ['', '{', '[]', '"welcome"', 'null', '7', '{}', '{"type":7}', '{"type":null,"id":"m1"}']) {
      agree(text, text);
    }
    const invalidUtf8 = new Uint8Array([0x7b, 0xff, 0x7d]);
    assert.deepStrictEqual(decodeServerFrame(invalidUtf8), decodeFrame(invalidUtf8, reference));
    const bytes = new TextEncoder().encode(encode(valid[3]!));
    assert.deepStrictEqual(decodeServerFrame(bytes), decodeFrame(bytes, reference));
    assert.deepStrictEqual(decodeServerFrame(bytes.buffer as ArrayBuffer), decodeFrame(bytes, reference));
  });

  it('names the offending field', () => {
    const result = decodeServerFrame(encode({ ...valid[2]!, seq: -1 }));
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

describe('decodeServerFrameForVisitor, the same decoder without the staff-only frames', () => {
  const staffOnly = new Set(['conversation']);

  it('leaves out exactly the staff-only frames', () => {
    for (const frame of valid) {
      const result = decodeServerFrameForVisitor(encode(frame));
      if (staffOnly.has(String(frame.type))) {
        const error = { code: 'unknown_frame', message: `Unknown frame type "${String(frame.type)}".` };
        assert.deepStrictEqual(result, { ok: false, error });
      } else {
        assert.deepStrictEqual(result, { ok: true, frame });
      }
    }
  });

  for (const frame of valid.filter((example) => !staffOnly.has(String(example.type)))) {
    it(`agrees with decodeServerFrame on every mutation of ${String(frame.type)} ${encode(frame).slice(0, 40)}`, () => {
      let compared = 0;
      for (const [label, text] of mutations(frame)) {
        if (staffOnly.has(String((JSON.parse(text) as { type?: unknown }).type))) continue;
        assert.deepStrictEqual(decodeServerFrameForVisitor(text), decodeServerFrame(text), label);
        compared++;
      }
      assert.ok(compared > 0);
    });
  }
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
