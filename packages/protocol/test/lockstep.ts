// The machinery of the lock-step tests: a compact hand-written decoder (decode-server.ts for clients, the `send`
// parser of decode-client.ts for the relay) checked against the zod schemas of frames.ts, the source of truth, on
// valid frames and on a generated corpus of mutations (wrong types, missing fields, out-of-range numbers, extra
// keys, unknown types, wrong enum values).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ERROR_CODES, LIMITS, type DecodeResult } from '../src/index.js';
import { message } from './server-frames.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// Numbers JSON.stringify cannot write (1e400 parses as Infinity) go in as placeholders replaced in the text.
const RAW: Record<string, string> = { '\u0000inf': '1e400', '\u0000-inf': '-1e400', '\u0000-zero': '-0' };

/** Replacement values: every JSON kind, boundaries of the limits, and the enum values of every schema. */
export const pool: Json[] = [
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
  // Text that cannot be kept verbatim (U+0000, lone surrogates), and astral text that can.
  'a\u0000b',
  '\ud83e',
  'x\udd8a',
  '🦊',
  'ok_ID-9',
  'A'.repeat(LIMITS.maxIdLength),
  'A'.repeat(LIMITS.maxIdLength + 1),
  'x'.repeat(LIMITS.maxTextLength),
  'x'.repeat(LIMITS.maxTextLength + 1),
  ...['visitor', 'staff', 'system', 'bot', 'admin', 'agent', 'text', 'note', 'broadcast', 'email'],
  [{ label: 'Yes' }],
  [{ label: '' }],
  [{ label: 'x'.repeat(LIMITS.maxButtonLabel + 1) }],
  [{ label: 'a' }, { label: 'b' }, { label: 'c' }, { label: 'd' }, { label: 'e' }],
  [{ label: 'Yes', id: 'faq-yes:e1' }],
  [{ label: 'Yes', id: 'bad id' }],
  [{ id: 'att_1' }],
  [{ id: 'bad id' }],
  [],
  Array.from({ length: LIMITS.maxAttachments + 1 }, (_, i) => ({ id: `att_${i}` })),
  { seq: 1, score: 5 },
  { seq: 1, id: 'handover' },
  { seq: 1, id: '' },
  { seq: 0, id: 'x' },
  { seq: 0, score: 3 },
  { seq: 2, score: 6 },
  5,
  6,
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

export function encode(value: Json): string {
  let text = JSON.stringify(value);
  for (const [placeholder, raw] of Object.entries(RAW)) text = text.replaceAll(JSON.stringify(placeholder), raw);
  return text;
}

/** Every path to a member of `value`, parents before children. */
export function paths(value: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const found: Array<Array<string | number>> = [];
  if (Array.isArray(value)) {
    value.forEach((item, index) => found.push([...prefix, index], ...paths(item, [...prefix, index])));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) found.push([...prefix, key], ...paths(item, [...prefix, key]));
  }
  return found;
}

/** A deep copy of `root` with the member at `path` replaced (or removed, with `remove`). */
export function mutate(root: Json, path: Array<string | number>, replacement: Json | typeof remove): Json {
  const copy = structuredClone(root);
  let parent = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = path.at(-1)!;
  if (replacement !== remove) parent[last] = replacement;
  else if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete parent[last];
  return copy;
}
export const remove = Symbol('remove');

/** Every mutation of one valid frame, labelled; `types` are the frame types the decoders know. */
export function* mutations(frame: Record<string, Json>, types: readonly string[]): Generator<[string, string]> {
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
  for (const type of [...types, ...unknownTypes]) yield [`type = ${type}`, encode({ ...frame, type })];
}

/**
 * An assertion that a compact decoder agrees with the zod reference on a text: the same verdict; for a valid frame
 * the same output, key order included; for an invalid one the same code, `ref` and offending field. The assertion
 * returns whether the frame was accepted.
 */
export function agreement(compact: Decode, reference: Decode): (text: string, label: string) => boolean {
  return (text, label) => {
    const fast = compact(text);
    const schema = reference(text);
    assert.equal(fast.ok, schema.ok, `${label}: compact ${fast.ok ? 'accepts' : 'rejects'}, zod does not`);
    if (fast.ok && schema.ok) {
      assert.deepStrictEqual(fast.frame, schema.frame, label);
      assert.equal(JSON.stringify(fast.frame), JSON.stringify(schema.frame), `${label}: key order`);
      return true;
    }
    if (!fast.ok && !schema.ok) {
      assert.equal(fast.error.code, schema.error.code, label);
      assert.equal(fast.error.ref, schema.error.ref, label);
      // Both name the same field: "Invalid <type> frame: <path>:" (the explanations differ).
      const field = (text: string): string => /^Invalid \S+ frame: [^:]*:/.exec(text)?.[0] ?? text;
      assert.equal(field(fast.error.message), field(schema.error.message), label);
    }
    return false;
  };
}

/** A decoder under comparison. */
export type Decode = (text: string) => DecodeResult<unknown>;

/** A seeded generator (the same corpus every run): `random(n)` is an integer in [0, n). */
export function seeded(seed: number): (n: number) => number {
  return (n) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
}

/** `rounds` frames, each one of `valid` with one to three random mutations stacked. */
export function* stackedMutations(
  valid: readonly Json[],
  rounds: number,
  random: (n: number) => number,
): Generator<string> {
  for (let round = 0; round < rounds; round++) {
    let value: Json = valid[random(valid.length)]!;
    for (let step = 1 + random(3); step > 0; step--) {
      const all = paths(value);
      if (all.length === 0) break;
      const path = all[random(all.length)]!;
      value = mutate(value, path, random(5) === 0 ? remove : pool[random(pool.length)]!);
    }
    yield encode(value);
  }
}

/**
 * The lock-step tests of one compact decoder, to call inside a `describe`: each valid frame is accepted exactly as
 * zod accepts it (and decodes to itself), every mutation of it gets zod's verdict, and so do `rounds` frames with
 * random mutations stacked (seeded: the same corpus every run).
 */
export function lockstepTests(options: {
  readonly valid: readonly Record<string, Json>[];
  readonly types: readonly string[];
  readonly decode: Decode;
  readonly reference: Decode;
  readonly seed: number;
  readonly rounds: number;
}): void {
  const { valid, types, decode, reference } = options;
  const agree = agreement(decode, reference);
  for (const frame of valid) {
    const name = `${String(frame.type)} ${encode(frame).slice(0, 60)}`;
    it(`accepts ${name} exactly as zod does`, () => {
      const text = encode(frame);
      assert.ok(reference(text).ok, 'the example must be valid for zod');
      assert.equal(agree(text, 'valid example'), true);
      assert.deepStrictEqual(decode(text), { ok: true, frame });
    });

    it(`gives zod's verdict on every mutation of ${name}`, () => {
      let accepted = 0;
      let rejected = 0;
      for (const [label, text] of mutations(frame, types)) {
        if (agree(text, label)) accepted++;
        else rejected++;
      }
      // The corpus must exercise both sides, or it proves nothing.
      assert.ok(accepted > 0 && rejected > 0, `accepted ${accepted}, rejected ${rejected}`);
    });
  }

  it("gives zod's verdict on stacked random mutations", () => {
    let round = 0;
    for (const text of stackedMutations(valid, options.rounds, seeded(options.seed)))
      agree(text, `round ${round++}: ${text}`);
  });
}
