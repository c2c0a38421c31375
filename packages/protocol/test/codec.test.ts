import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CLOSES,
  ERRORS,
  LIMITS,
  decodeClientFrame,
  decodeServerFrame,
  encodeFrame,
  negotiate,
  closeInfo,
  type ClientFrame,
} from '../src/index.js';
import { validServerFrames } from './server-frames.js';

const validClientFrames: ClientFrame[] = [
  { type: 'hello', siteKey: 'pk_demo', resume: { c_1: 4 }, context: { url: 'https://example.com/' } },
  { type: 'hello', staffToken: 'st_secret' },
  { type: 'send', id: '01HZXW3K9Q', text: 'Hello there' },
  { type: 'send', id: 'abc', conversationId: 'c_1', text: 'note', note: true },
  { type: 'history', ref: 'r1', before: 10, limit: 50 },
  { type: 'typing', active: true },
  { type: 'read', seq: 3 },
  { type: 'delivered', conversationId: 'c_1', seq: 3 },
  { type: 'context', context: { url: 'https://example.com/pricing', title: 'Pricing' } },
  { type: 'ping', ts: 1 },
  { type: 'transcript', ref: 'tr1' },
];

describe('codec', () => {
  for (const frame of validClientFrames) {
    it(`round-trips client frame ${frame.type}`, () => {
      const result = decodeClientFrame(encodeFrame(frame));
      assert.deepEqual(result, { ok: true, frame });
    });
  }
  for (const frame of validServerFrames) {
    it(`round-trips server frame ${frame.type}`, () => {
      const result = decodeServerFrame(encodeFrame(frame));
      assert.deepEqual(result, { ok: true, frame });
    });
  }

  it('decodes binary frames as UTF-8 and refuses invalid UTF-8', () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ type: 'ping' }));
    assert.deepEqual(decodeClientFrame(bytes), { ok: true, frame: { type: 'ping' } });
    const bad = decodeClientFrame(new Uint8Array([0x7b, 0xff, 0x7d]));
    assert.equal(bad.ok, false);
    assert.equal(!bad.ok && bad.error.code, 'bad_frame');
  });

  it('ignores unknown fields so newer peers stay compatible', () => {
    const result = decodeClientFrame(JSON.stringify({ type: 'send', id: 'm1', text: 'hi', future: { x: 1 } }));
    assert.deepEqual(result, { ok: true, frame: { type: 'send', id: 'm1', text: 'hi' } });
  });

  it('reports unknown frame types with the frame reference', () => {
    const result = decodeClientFrame(JSON.stringify({ type: 'teleport', id: 'x1' }));
    assert.deepEqual(result, {
      ok: false,
      error: { code: 'unknown_frame', message: 'Unknown frame type "teleport".', ref: 'x1' },
    });
  });

  it('does not treat inherited object keys as frame types', () => {
    for (const type of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const result = decodeClientFrame(JSON.stringify({ type }));
      assert.equal(!result.ok && result.error.code, 'unknown_frame', type);
    }
  });

  const malformed: Array<[string, string]> = [
    ['not JSON', '{"type":'],
    ['a JSON array', '[1,2]'],
    ['a JSON string', '"hello"'],
    ['null', 'null'],
    ['no type', '{"id":"m1"}'],
    ['a numeric type', '{"type":7}'],
    ['send without text', '{"type":"send","id":"m1"}'],
    ['send with empty text', '{"type":"send","id":"m1","text":""}'],
    ['send with an id that has spaces', '{"type":"send","id":"m 1","text":"x"}'],
    ['send with text too long', JSON.stringify({ type: 'send', id: 'm1', text: 'x'.repeat(LIMITS.maxTextLength + 1) })],
    ['read with a negative seq', '{"type":"read","seq":-1}'],
    ['read with a fractional seq', '{"type":"read","seq":1.5}'],
    ['history with a page too large', '{"type":"history","ref":"r","limit":1000}'],
    ['hello with a malformed hash', '{"type":"hello","siteKey":"k","user":{"id":"u","hash":"zz"}}'],
  ];
  for (const [name, text] of malformed) {
    it(`rejects ${name} as bad_frame without throwing`, () => {
      const result = decodeClientFrame(text);
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.error.code, 'bad_frame');
    });
  }

  it('names the offending field', () => {
    const result = decodeClientFrame('{"type":"send","id":"m1","text":5}');
    assert.ok(!result.ok);
    assert.match(result.error.message, /^Invalid send frame: text: /);
    assert.equal(result.error.ref, 'm1');
  });
});

describe('version negotiation', () => {
  it('picks parley.v1 from a list of offers', () => {
    assert.equal(negotiate('parley.v9, parley.v1'), 'parley.v1');
    assert.equal(negotiate(['chat', ' parley.v1 ']), 'parley.v1');
  });
  it('refuses when nothing known is offered', () => {
    assert.equal(negotiate('parley.v4'), null);
    assert.equal(negotiate('parley.v1, parley.v2'), 'parley.v2');
    assert.equal(negotiate('parley.v1, parley.v3, parley.v2'), 'parley.v3');
    assert.equal(negotiate(''), null);
    assert.equal(negotiate(undefined), null);
  });
});

describe('codes', () => {
  it('never gives two closes the same number', () => {
    const codes = Object.values(CLOSES).map((close) => close.code);
    assert.equal(new Set(codes).size, codes.length);
  });
  it('keeps close reasons within the 123-byte limit', () => {
    for (const close of Object.values(CLOSES)) assert.ok(new TextEncoder().encode(close.reason).length <= 123);
  });
  it('classifies closes for retry', () => {
    assert.equal(closeInfo(CLOSES.unauthorized.code)[1], 'never');
    assert.equal(closeInfo(CLOSES.identity_refused.code)[1], 'never');
    assert.equal(closeInfo(CLOSES.slow_consumer.code)[1], 'retry');
    assert.equal(closeInfo(CLOSES.token_expired.code)[1], 'refresh');
    assert.equal(closeInfo(1006)[1], 'retry');
  });
  it('gives every error an HTTP status', () => {
    for (const [code, spec] of Object.entries(ERRORS)) assert.ok(spec.httpStatus >= 400 && spec.httpStatus < 600, code);
  });
});
