// Keeps the compact server-frame decoder (src/decode-server.ts) in lock-step with the zod schemas of frames.ts,
// which stay the source of truth: valid frames decode to the same output, and a generated corpus of mutations
// (test/lockstep.ts) gets the same verdict from both, with the same error code, `ref` and offending field.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as z from 'zod/mini';
import {
  ConversationEvent,
  ConversationSummary,
  ERROR_CODES,
  PrechatWireForm,
  ServerFrame,
  decodeFrame,
  decodeServerFrame,
  decodeServerFrameForVisitor,
  decodeServerFrameForWidget,
  readPrechatForm,
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

/**
 * A decoded frame as a visitor's decoder gives it: a message's `via` (for staff) dropped like an unknown field, and
 * an `update`'s `ref` (the answer to a staff member's edit: a visitor never asks).
 */
function withoutVia(frame: unknown): unknown {
  const strip = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, 'via')) return value;
    const { via: _via, ...rest } = value as Record<string, unknown>;
    return rest;
  };
  const record = frame as Record<string, unknown>;
  if (record.type === 'message') return { ...record, message: strip(record.message) };
  if (record.type === 'update') {
    const { ref: _ref, ...update } = record;
    return { ...update, message: strip(record.message) };
  }
  if (record.type === 'history') return { ...record, messages: (record.messages as unknown[]).map(strip) };
  return frame;
}

/**
 * What a visitor's decoder must answer: {@link decodeServerFrame}'s verdict without `via` (and an update's `ref`);
 * for a frame that only a bad `via` or update `ref` made invalid, the frame without it (the visitor's decoder never
 * looks at the field).
 */
function visitorVerdict(text: string): DecodeResult<unknown> {
  const result = decodeServerFrame(text);
  if (result.ok) return { ok: true, frame: withoutVia(result.frame) };
  const frame = JSON.parse(text) as Record<string, unknown>;
  if (frame.type === 'update' && /^Invalid update frame: ref: /.test(result.error.message))
    return visitorVerdict(JSON.stringify({ ...frame, ref: undefined }));
  if (!/\bvia: /.test(result.error.message)) return result;
  const drop = (value: unknown): unknown =>
    typeof value === 'object' && value !== null ? { ...value, via: undefined } : value;
  const messages = frame.type === 'history' && Array.isArray(frame.messages) ? frame.messages.map(drop) : undefined;
  return visitorVerdict(JSON.stringify(messages ? { ...frame, messages } : { ...frame, message: drop(frame.message) }));
}

describe('decodeServerFrameForWidget, protocol 2 for a visitor: the same decoder without the staff-only frames', () => {
  // The answers of past conversations are read by their own decoder (decode-past.test.ts), not the widget's.
  const staffOnly = new Set(['conversation', 'canned', 'contact', 'conversations', 'continue']);

  it('leaves out exactly the staff-only frames, and a message’s via', () => {
    for (const frame of valid) {
      const result = decodeServerFrameForWidget(encode(frame));
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
        assert.deepStrictEqual(decodeServerFrameForWidget(text), visitorVerdict(text), label);
        compared++;
      }
      assert.ok(compared > 0);
    });
  }
});

/** Protocol 2's and 3's members of a frame, which a protocol 1 decoder drops like unknown fields. */
const PROTOCOL_2_MEMBERS: Record<string, readonly string[]> = {
  message: [
    'buttons',
    'automation',
    'rating',
    'reply',
    'attachments',
    'editedAt',
    'deleted',
    'redacted',
    'hidden',
    'sources',
  ],
  welcome: ['hours', 'greeting', 'attachments', 'emailAskMs', 'safety'],
  presence: ['hours'],
  ack: ['redacted'],
};

/** A frame as protocol 1 has it: protocol 2's members left out (a visitor's frame, `bot` nowhere in it). */
function protocol1(frame: Record<string, Json>): Record<string, Json> {
  const strip = (value: Json | undefined, members: readonly string[]): Json | undefined =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).filter(([key]) => !members.includes(key)))
      : value;
  if (frame.type === 'welcome') return strip(frame, PROTOCOL_2_MEMBERS.welcome!) as Record<string, Json>;
  if (frame.type === 'presence') return strip(frame, PROTOCOL_2_MEMBERS.presence!) as Record<string, Json>;
  if (frame.type === 'ack') return strip(frame, PROTOCOL_2_MEMBERS.ack!) as Record<string, Json>;
  if (frame.type === 'message' && 'message' in frame)
    return { ...frame, message: strip(frame.message, PROTOCOL_2_MEMBERS.message!)! };
  if (frame.type === 'history' && Array.isArray(frame.messages))
    return { ...frame, messages: frame.messages.map((message) => strip(message, PROTOCOL_2_MEMBERS.message!)!) };
  return frame;
}

describe('decodeServerFrameForVisitor, protocol 1 for a visitor (the SDK core’s)', () => {
  // `update` is a visitor's frame of protocol 3 only: a relay never sends it on protocol 1.
  const notVisitors = new Set([
    'conversation',
    'canned',
    'contact',
    'transcript',
    'email',
    'prechat',
    'update',
    'conversations',
    'continue',
  ]);
  const hasBot = (text: string): boolean => text.includes('"bot"');
  const protocol1Frames = valid
    .filter((frame) => !notVisitors.has(String(frame.type)) && !hasBot(encode(frame)))
    .map(protocol1);

  it('reads every visitor frame of protocol 1 as the widget’s decoder does, and drops protocol 2’s members', () => {
    for (const frame of valid) {
      const text = encode(frame);
      const result = decodeServerFrameForVisitor(text);
      if (notVisitors.has(String(frame.type))) {
        const ref = typeof frame.ref === 'string' ? { ref: frame.ref } : {};
        const error = { code: 'unknown_frame', message: `Unknown frame type "${String(frame.type)}".`, ...ref };
        assert.deepStrictEqual(result, { ok: false, error });
      } else if (!hasBot(text)) {
        assert.deepStrictEqual(result, { ok: true, frame: withoutVia(protocol1(frame)) }, text);
      }
    }
    assert.ok(protocol1Frames.some((frame) => frame.type === 'welcome'));
  });

  it('refuses the bot role, which a relay never sends on protocol 1', () => {
    const bot = valid.find((frame) => frame.type === 'message' && hasBot(encode(frame)))!;
    const result = decodeServerFrameForVisitor(encode(bot));
    assert.ok(!result.ok);
    assert.match(result.error.message, /^Invalid message frame: message\.author\.role: /);
    const typing = { type: 'typing', conversationId: 'c_1', author: { role: 'bot', id: 'bot' }, active: true };
    assert.equal(decodeServerFrameForVisitor(encode(typing)).ok, false);
    assert.equal(decodeServerFrameForWidget(encode(typing)).ok, true);
  });

  for (const frame of protocol1Frames) {
    it(`agrees with the widget’s decoder on every mutation of ${String(frame.type)} ${encode(frame).slice(0, 40)}`, () => {
      let compared = 0;
      for (const [label, text] of mutations(frame, schemaTypes)) {
        const parsed = JSON.parse(text) as Record<string, Json>;
        // Mutations into protocol 2 (a bot, a member it adds) or into a frame a visitor never gets: not protocol 1's.
        if (notVisitors.has(String(parsed.type)) || hasBot(text)) continue;
        if (encode(protocol1(parsed)) !== text) continue;
        assert.deepStrictEqual(decodeServerFrameForVisitor(text), decodeServerFrameForWidget(text), label);
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

describe('a visitor’s welcome’s replySeconds (how fast the site typically replies): the widget’s decoder alone', () => {
  const welcome: Record<string, Json> = {
    type: 'welcome',
    protocol: 'parley.v3',
    sessionId: 's5',
    role: 'visitor',
    site: { id: 'site_1', name: 'Demo' },
    staffOnline: 1,
    heartbeatMs: 25_000,
    limits: { maxFrameBytes: 16384, maxTextLength: 4000 },
    serverTime: 1,
    replySeconds: 600,
  };
  const widgetAgrees = agreement(decodeServerFrameForWidget, decodeBySchema);

  it('is read by the widget as the schema reads it; the staff decoder drops it like an unknown field', () => {
    assert.deepStrictEqual(decodeServerFrameForWidget(encode(welcome)), { ok: true, frame: welcome });
    assert.deepStrictEqual(decodeBySchema(encode(welcome)), { ok: true, frame: welcome });
    const { replySeconds: _dropped, ...staff } = welcome;
    assert.deepStrictEqual(decodeServerFrame(encode(welcome)), { ok: true, frame: staff });
  });

  it('gets the schema’s verdict on every mutation of such a welcome (a positive integer, or absent)', () => {
    let refused = 0;
    for (const [label, text] of mutations(welcome, schemaTypes)) {
      if ((JSON.parse(text) as { type?: unknown }).type !== 'welcome') continue;
      if (!widgetAgrees(text, label) && label.startsWith('replySeconds')) refused++;
    }
    assert.ok(refused > 0, 'some values of replySeconds refused');
  });
});

describe('a visitor’s welcome’s strings (the site’s own words, issue #85): the widget’s decoder alone', () => {
  const welcome: Record<string, Json> = {
    type: 'welcome',
    protocol: 'parley.v3',
    sessionId: 's6',
    role: 'visitor',
    site: { id: 'site_1', name: 'Demo' },
    staffOnline: 1,
    heartbeatMs: 25_000,
    limits: { maxFrameBytes: 16384, maxTextLength: 4000 },
    serverTime: 1,
    strings: { locale: 'pt-BR', texts: { hello: 'Oi!', typing: '{name} está digitando…' } },
  };
  const widgetAgrees = agreement(decodeServerFrameForWidget, decodeBySchema);

  it('is read by the widget as the schema reads it; the staff decoder drops it like an unknown field', () => {
    assert.deepStrictEqual(decodeServerFrameForWidget(encode(welcome)), { ok: true, frame: welcome });
    assert.deepStrictEqual(decodeBySchema(encode(welcome)), { ok: true, frame: welcome });
    const { strings: _dropped, ...staff } = welcome;
    assert.deepStrictEqual(decodeServerFrame(encode(welcome)), { ok: true, frame: staff });
  });

  it('gets the schema’s verdict on every mutation of such a welcome', () => {
    let refused = 0;
    for (const [label, text] of mutations(welcome, schemaTypes)) {
      if ((JSON.parse(text) as { type?: unknown }).type !== 'welcome') continue;
      if (!widgetAgrees(text, label) && label.startsWith('strings')) refused++;
    }
    assert.ok(refused > 0, 'some values of strings refused');
    for (const texts of [[], null, 'hi', { hello: 7 }, { hello: null }])
      assert.ok(
        !decodeServerFrameForWidget(encode({ ...welcome, strings: { locale: 'de', texts } })).ok,
        String(texts),
      );
  });
});

describe('a visitor’s welcome’s prechat (the site’s pre-chat form as JSON text, issue #86): the widget’s decoder alone', () => {
  const form = {
    fields: [
      { key: 'name', type: 'text', required: true },
      { key: 'attribute:plan', label: 'Formule', type: 'choice', options: ['Free', 'Pro'] },
      { key: 'attribute:newsletter', type: 'checkbox', required: false },
    ],
  };
  const welcome: Record<string, Json> = {
    type: 'welcome',
    protocol: 'parley.v3',
    sessionId: 's7',
    role: 'visitor',
    site: { id: 'site_1', name: 'Demo' },
    staffOnline: 0,
    heartbeatMs: 25_000,
    limits: { maxFrameBytes: 16384, maxTextLength: 4000 },
    serverTime: 1,
    prechat: JSON.stringify(form),
  };
  const widgetAgrees = agreement(decodeServerFrameForWidget, decodeBySchema);

  it('is read by the widget as the schema reads it; the staff decoder drops it like an unknown field', () => {
    assert.deepStrictEqual(decodeServerFrameForWidget(encode(welcome)), { ok: true, frame: welcome });
    assert.deepStrictEqual(decodeBySchema(encode(welcome)), { ok: true, frame: welcome });
    const { prechat: _dropped, ...staff } = welcome;
    assert.deepStrictEqual(decodeServerFrame(encode(welcome)), { ok: true, frame: staff });
  });

  it('gets the schema’s verdict on every mutation of such a welcome', () => {
    let refused = 0;
    for (const [label, text] of mutations(welcome, schemaTypes)) {
      if ((JSON.parse(text) as { type?: unknown }).type !== 'welcome') continue;
      if (!widgetAgrees(text, label) && label.startsWith('prechat')) refused++;
    }
    assert.ok(refused > 0, 'some values of prechat refused');
  });

  it('its text is read by readPrechatForm as PrechatWireForm’s schema reads it', () => {
    const forms: unknown[] = [
      form,
      { fields: [] },
      { fields: [{ key: 'name', type: 'text', colour: 'red' }] },
      { fields: [{ key: 'name', type: 'select' }] },
      { fields: [{ key: 'name', type: 'text', options: 'a' }] },
      { fields: [{ key: 'name', type: 'text', options: [1] }] },
      { fields: [{ key: 'name', type: 'text', label: 7 }] },
      { fields: [{ key: 'name', type: 'text', required: 'yes' }] },
      { fields: [{ type: 'text' }] },
      { fields: [null] },
      { fields: {} },
      null,
      [],
    ];
    for (const each of forms) {
      const parsed = z.safeParse(PrechatWireForm, each);
      assert.deepStrictEqual(
        readPrechatForm(JSON.stringify(each)),
        parsed.success ? parsed.data : undefined,
        JSON.stringify(each),
      );
    }
    assert.equal(readPrechatForm('{not json'), undefined);
  });
});

describe('a conversation’s messaging provider (issue #84, ADR 2026-11-30-channel-providers)', () => {
  const frame = valid.find(
    (each) => each.type === 'conversation' && (each.conversation as Record<string, Json>).provider,
  )!;
  const conversation = frame.conversation as Record<string, Json>;
  /** A decoder built before `provider`: the schema without it, as every client of protocol 3 before it. */
  const { provider: _new, ...olderShape } = ConversationSummary.shape;
  const older = schemaParsers({
    conversation: z.object({ type: ConversationEvent.shape.type, conversation: z.object(olderShape) }),
  });

  it('is kept by the staff decoder, with its label', () => {
    const decoded = decodeServerFrame(encode(frame));
    assert.ok(decoded.ok);
    assert.deepStrictEqual(decoded.frame, frame);
  });

  it('is dropped by a decoder from before it, which reads the conversation as an API channel’s', () => {
    const { provider: _dropped, ...rest } = conversation;
    assert.deepStrictEqual(decodeFrame(encode(frame), older), { ok: true, frame: { ...frame, conversation: rest } });
  });

  it('is why the kind stays `api`: a kind the decoder does not know loses the whole frame', () => {
    const asKind = { ...frame, conversation: { ...conversation, channel: 'whatsapp' } };
    for (const decode of [decodeServerFrame, (text: string) => decodeFrame(text, older)]) {
      const result = decode(encode(asKind));
      assert.ok(!result.ok);
      assert.equal(result.error.code, 'bad_frame');
    }
  });

  it('refuses a provider without its id or label, naming the field', () => {
    for (const [provider, field] of [
      [{ id: 'whatsapp' }, 'conversation.provider.label'],
      [{ label: 'WhatsApp' }, 'conversation.provider.id'],
      ['whatsapp', 'conversation.provider'],
    ] as const) {
      const result = decodeServerFrame(encode({ ...frame, conversation: { ...conversation, provider } }));
      assert.ok(!result.ok, JSON.stringify(provider));
      assert.match(result.error.message ?? '', new RegExp(field.replaceAll('.', '\\.')));
    }
  });
});
