// Text that cannot be stored and returned exactly as sent (U+0000, unpaired UTF-16 surrogates) is refused in
// every string field of every client frame, with `bad_frame` naming the field; text that can (astral
// characters, combining marks, right-to-left scripts, noncharacters) is accepted as it is.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LIMITS, decodeClientFrame, isVerbatim } from '../src/index.js';
import { encode, mutate, paths, type Json } from './lockstep.js';

/** One frame of each client type with every string field it has, set to a valid value. */
const frames: Record<string, Json>[] = [
  {
    type: 'hello',
    siteKey: 'pk_1',
    visitorToken: 'v1.a.b',
    staffToken: 'st_1',
    user: { id: 'user-1', hash: 'a'.repeat(64), name: 'Ada', email: 'ada@example.com' },
    name: 'Ada',
    email: 'ada@example.com',
    context: { url: 'https://x.example/', title: 'T', referrer: 'https://r.example/', locale: 'en', timezone: 'UTC' },
    consent: { version: 'privacy-2026-01' },
  },
  { type: 'send', id: 'm1', conversationId: 'c1', text: 'hi' },
  { type: 'context', context: { url: 'https://x.example/', title: 'T', referrer: '', locale: 'en', timezone: 'UTC' } },
];

/** Paths to the string fields that hold free text (ids, hashes and the type have narrower rules of their own). */
function textPaths(frame: Json): Array<Array<string | number>> {
  const narrow = new Set(['type', 'id', 'conversationId', 'hash']);
  return paths(frame).filter((path) => {
    const value = path.reduce<Json>((node, key) => (node as Record<string, Json>)[key]!, frame);
    return typeof value === 'string' && !(path.length === 1 && narrow.has(String(path[0]))) && path.at(-1) !== 'hash';
  });
}

const unstorable = ['\u0000', 'a\u0000', '\ud800', 'x\udbff', '\udc00y', 'a\udfffb', '\ud83e\ud83e\udd8a'];
const storable = ['🦊', 'e\u0301', 'שלום עולם', 'مرحبا', '\ud83e\udd8a\u200d', '\ufffe\uffff', '\ue000', 'a\u0001b'];

describe('text kept verbatim: every string field of every client frame', () => {
  it('knows which strings can be kept verbatim', () => {
    for (const text of unstorable) assert.equal(isVerbatim(text), false, JSON.stringify(text));
    for (const text of storable) assert.equal(isVerbatim(text), true, JSON.stringify(text));
  });

  it('refuses U+0000 and unpaired surrogates with bad_frame naming the field', () => {
    let checked = 0;
    for (const frame of frames) {
      const fields = textPaths(frame);
      assert.ok(fields.length > 0);
      for (const path of fields) {
        for (const bad of unstorable) {
          const text = encode(mutate(frame, path, `ok${bad}`.slice(0, 30)));
          const result = decodeClientFrame(text);
          assert.ok(!result.ok, text);
          assert.equal(result.error.code, 'bad_frame', text);
          assert.ok(
            result.error.message.includes(`: ${path.join('.')}: expected text without U+0000`),
            `${text} → ${result.error.message}`,
          );
          checked++;
        }
      }
    }
    assert.ok(checked >= 15 * unstorable.length, `checked ${checked}`);
  });

  it('accepts every other text as it is, in every field', () => {
    for (const frame of frames) {
      for (const path of textPaths(frame)) {
        for (const good of storable) {
          const value = mutate(frame, path, good);
          const result = decodeClientFrame(encode(value));
          assert.ok(result.ok, encode(value));
          assert.deepStrictEqual(result.frame, value);
        }
      }
    }
  });

  it('accepts a text of exactly the limit in astral characters, and refuses one code unit more', () => {
    const fox = '🦊'.repeat(LIMITS.maxTextLength / 2);
    const ok = decodeClientFrame(encode({ type: 'send', id: 'm1', text: fox }));
    assert.ok(ok.ok && ok.frame.type === 'send' && ok.frame.text === fox);
    const over = decodeClientFrame(encode({ type: 'send', id: 'm1', text: `${fox}x` }));
    assert.ok(!over.ok && /: text: /.test(over.error.message));
  });
});
