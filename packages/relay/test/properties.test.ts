// A property-based test (fast-check) of the relay over real sockets, against SQLite: any sequence of generated
// frames — valid sends and resends, text of every kind (astral, combining, U+0000, lone surrogates, past the
// limit), oversized frames, wrong types, wrong ids, other visitors' conversation ids, unknown types, text that
// is no JSON — leaves the relay up, and each frame is answered as docs/protocol.md says, no more and no less:
// an `ack` (a resend: the original one, `duplicate: true`), a `history` page, a `pong`, an `error` with the code
// and `ref` the protocol gives, or nothing at all for `typing`, `delivered` and `context`. Nothing is stored
// from a refused frame, and history and the admin API return everything acknowledged byte for byte.
//
// The expected answer comes from a model: the frame's size, the protocol's decoder (whose agreement with the zod
// schemas is the protocol's own property test), and the messages acknowledged so far.
import { decodeClientFrame, type ClientFrame, type Message, type ServerFrame } from '@parley/protocol';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { RunningRelay } from '../src/index.js';
import { EMAIL_REPLY_ID_PREFIX } from '../src/store/message-row.js';
import { TestClient } from './support/client.js';
import { adminToken, siteKey, startDesk } from './support/desk.js';
import { health } from './support/relay.js';

/** Runs of the property: about 8 s here (two cores shared); `npm test` runs it every time. */
const numRuns = 200;

const maxFrameBytes = 16 * 1024;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// Placeholders filled in at run time: the visitor's own conversation, another visitor's, an id already acked.
const OWN = '$own';
const OTHER = '$other';
const ACKED = '$acked';

/** One UTF-16 code unit, any of them: lone surrogates and U+0000 included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));

/** Message text of every kind, now and then at, past or far past the limit. */
const text = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', minLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: codeUnit, minLength: 1 }) },
  {
    weight: 2,
    arbitrary: fc.string({
      unit: fc.constantFrom('\u0000', '\ud83e', '\udd8a', '🦊', 'e\u0301', 'ש', 'a'),
      minLength: 1,
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(3999, 4000, 4001, 20_000), fc.constantFrom('x', '🦊', 'é'))
      .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length)),
  },
);

/** A message or request id: fresh and valid, one already acked, or not an id at all. */
const id = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/) },
  { weight: 2, arbitrary: fc.constant(ACKED) },
  { weight: 1, arbitrary: fc.constantFrom('', 'bad id', 'x'.repeat(65), 'é', 'a/b') },
  // Reserved for replies by email (docs/protocol.md): a visitor's send under it is refused.
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,9}$/).map((rest) => `${EMAIL_REPLY_ID_PREFIX}${rest}`) },
  { weight: 1, arbitrary: fc.jsonValue() as fc.Arbitrary<Json> },
);

/** A conversation id: the visitor's own, another visitor's, one that does not exist, or no id. */
const conversationId = fc.oneof(
  fc.constantFrom(OWN, OTHER, 'c_nobody', 'not an id'),
  fc.jsonValue() as fc.Arbitrary<Json>,
);

/** Any JSON value, or text of every kind, for a member that should be something else. */
const wrong: fc.Arbitrary<Json> = fc.oneof(fc.jsonValue() as fc.Arbitrary<Json>, text);

/** Frames of every client type, valid or not; `read` is left out (its event comes back unbidden, unordered). */
const frame: fc.Arbitrary<string> = fc.oneof(
  {
    // Mostly valid sends and resends, so that the store and the model fill up.
    weight: 8,
    arbitrary: fc
      .record(
        {
          type: fc.constant('send'),
          id: fc.oneof({ weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/) }, fc.constant(ACKED)),
          text: fc.oneof({ weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1 }) }, text),
          conversationId: fc.constant(OWN),
        },
        { requiredKeys: ['type', 'id', 'text'] },
      )
      .map((value) => JSON.stringify(value)),
  },
  {
    weight: 4,
    arbitrary: fc
      .record(
        { type: fc.constant('send'), id, text, conversationId, note: fc.oneof(fc.boolean(), wrong) },
        { requiredKeys: ['type', 'id', 'text'] },
      )
      .map((value) => JSON.stringify(value)),
  },
  {
    weight: 2,
    arbitrary: fc
      .record(
        {
          type: fc.constant('history'),
          ref: fc.oneof({ weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/) }, id),
          conversationId: fc.oneof({ weight: 3, arbitrary: fc.constant(OWN) }, conversationId),
          before: fc.oneof({ weight: 4, arbitrary: fc.nat(12) }, wrong),
          after: fc.oneof({ weight: 4, arbitrary: fc.nat(12) }, wrong),
          limit: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 101 }) }, wrong),
        },
        { requiredKeys: ['type', 'ref'] },
      )
      .map((value) => JSON.stringify(value)),
  },
  {
    weight: 2,
    arbitrary: fc
      .record(
        { type: fc.constantFrom('typing', 'delivered'), active: fc.boolean(), seq: fc.nat(12), conversationId },
        { requiredKeys: ['type'] },
      )
      .map((value) => JSON.stringify(value)),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ type: fc.constant('context'), context: fc.record({ title: text, url: text }, { requiredKeys: [] }) })
      .map((value) => JSON.stringify(value)),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ type: fc.constantFrom('hello', 'ping', 'warp', ''), id, ts: fc.integer({ min: 0, max: 1e9 }) })
      .map((value) => JSON.stringify(value)),
  },
  { weight: 1, arbitrary: fc.oneof(fc.json(), text, fc.constantFrom('{', '[]', '{"type":1}', 'null')) },
);

/** A stored message as the model knows it. */
interface Stored {
  readonly seq: number;
  readonly clientId: string;
  readonly text: string;
}

/** What the relay must answer to a frame, in the model; `awaitRef` when the answer comes after an await. */
type Expected =
  | { readonly kind: 'none' }
  | { readonly kind: 'error'; readonly code: string; readonly ref: string | undefined }
  | { readonly kind: 'ack'; readonly id: string; readonly seq: number; readonly duplicate: boolean }
  | { readonly kind: 'history'; readonly ref: string; readonly messages: readonly Stored[]; readonly hasMore: boolean }
  | { readonly kind: 'pong'; readonly ts: number | undefined }
  | { readonly kind: 'cut' };

/** The answer docs/protocol.md gives a visitor's frame, given what is stored; updates the model on an ack. */
function expect(wire: string, model: Stored[], own: string): Expected {
  // Above 4 × the limit the relay does not read the frame: uWS cuts the connection (close 1009, docs/protocol.md).
  if (Buffer.byteLength(wire) > 4 * maxFrameBytes) return { kind: 'cut' };
  if (Buffer.byteLength(wire) > maxFrameBytes) return { kind: 'error', code: 'frame_too_large', ref: undefined };
  const decoded = decodeClientFrame(wire);
  if (!decoded.ok) return { kind: 'error', code: decoded.error.code, ref: decoded.error.ref };
  const frame: ClientFrame = decoded.frame;
  const mine = (requested: string | undefined): boolean => requested === undefined || requested === own;
  switch (frame.type) {
    case 'ping':
      return { kind: 'pong', ts: frame.ts };
    case 'hello':
      return { kind: 'error', code: 'already_authenticated', ref: undefined };
    case 'send': {
      if (frame.note) return { kind: 'error', code: 'forbidden', ref: frame.id };
      if (!mine(frame.conversationId)) return { kind: 'error', code: 'forbidden', ref: frame.id };
      if (frame.id.startsWith(EMAIL_REPLY_ID_PREFIX)) return { kind: 'error', code: 'forbidden', ref: frame.id };
      const earlier = model.find((message) => message.clientId === frame.id);
      if (earlier) return { kind: 'ack', id: frame.id, seq: earlier.seq, duplicate: true };
      const stored = { seq: model.length + 1, clientId: frame.id, text: frame.text };
      model.push(stored);
      return { kind: 'ack', id: frame.id, seq: stored.seq, duplicate: false };
    }
    case 'history': {
      if (!mine(frame.conversationId)) return { kind: 'error', code: 'forbidden', ref: frame.ref };
      const limit = frame.limit ?? 50;
      const page =
        frame.before !== undefined
          ? model.filter((message) => message.seq < frame.before!).slice(-(limit + 1))
          : model.filter((message) => message.seq > (frame.after ?? 0)).slice(0, limit + 1);
      const hasMore = page.length > limit;
      if (hasMore) frame.before !== undefined ? page.shift() : page.pop();
      return { kind: 'history', ref: frame.ref, messages: page, hasMore };
    }
    case 'typing':
    case 'delivered':
      return mine(frame.conversationId) ? { kind: 'none' } : { kind: 'error', code: 'forbidden', ref: undefined };
    case 'context':
      return { kind: 'none' };
    case 'transcript':
    case 'email':
      // The relay under test sends no email.
      return { kind: 'error', code: 'email_unavailable', ref: frame.ref };
    case 'prechat':
      // The site under test has no pre-chat form (docs/prechat-form.md): values for none are refused.
      return { kind: 'error', code: 'bad_frame', ref: frame.ref };
    case 'edit':
    case 'delete':
      // Staff's own messages only.
      return { kind: 'error', code: 'forbidden', ref: frame.ref };
    case 'read':
      throw new Error('read frames are not generated');
    case 'conversations':
    case 'past':
    case 'continue':
      throw new Error('past conversations’ frames are not generated (visitor-history.test.ts tests them)');
  }
}

/** The stored messages of a conversation through the admin API, oldest first. */
async function adminMessages(relay: RunningRelay, conversationId: string): Promise<Message[]> {
  const response = await fetch(`${relay.httpUrl}/v1/admin/conversations/${conversationId}/messages?limit=100`, {
    headers: { authorization: `Bearer ${adminToken}` },
  });
  if (response.status === 404) return [];
  assert.equal(response.status, 200);
  return ((await response.json()) as { items: Message[] }).items;
}

/** Checks one answer against the model's expectation. */
function check(answer: ServerFrame | undefined, expected: Expected, wire: string): void {
  const where = `answer to ${wire.slice(0, 300)}: ${JSON.stringify(answer)?.slice(0, 300)}`;
  if (expected.kind === 'none') return assert.equal(answer, undefined, where);
  assert.ok(answer, `no ${where}`);
  switch (expected.kind) {
    case 'error':
      assert.ok(answer.type === 'error', where);
      assert.equal(answer.code, expected.code, where);
      assert.equal(answer.ref, expected.ref, where);
      assert.equal(answer.retryAfterMs, undefined, `${where}: never retryable`);
      return;
    case 'ack':
      assert.ok(answer.type === 'ack', where);
      assert.deepEqual([answer.id, answer.seq, answer.duplicate], [expected.id, expected.seq, expected.duplicate]);
      return;
    case 'history':
      assert.ok(answer.type === 'history', where);
      assert.equal(answer.ref, expected.ref, where);
      assert.equal(answer.hasMore, expected.hasMore, where);
      assert.deepEqual(
        answer.messages.map(({ seq, clientId, text }) => ({ seq, clientId, text })),
        expected.messages,
        where,
      );
      return;
    case 'pong':
      assert.ok(answer.type === 'pong', where);
      assert.equal(answer.ts, expected.ts, where);
      return;
  }
}

describe('the relay over real sockets, on generated frames (fast-check)', () => {
  let relay: RunningRelay;
  let other: { client: TestClient; conversationId: string };

  before(async () => {
    relay = await startDesk({
      rateLimitBurst: 1_000_000,
      rateLimitPerSecond: 1_000_000,
      ipRateLimitBurst: 1_000_000,
      ipRateLimitPerSecond: 1_000_000,
      // Each run reads the admin API once, faster than its per-token limit allows by default.
      adminRateLimitBurst: 1_000_000,
      adminRateLimitPerSecond: 1_000_000,
      // Each run is a new visitor from 127.0.0.1 starting a conversation: no new-conversation quotas (0 = none).
      newConversationsPerAddressPerHour: 0,
      newConversationsPerSitePerMinute: 0,
    });
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    await client.say('theirs', 'another visitor’s message');
    other = { client, conversationId: welcome.conversationId! };
  });
  after(async () => {
    other.client.close();
    await relay.close();
  });

  it('answers every frame as the protocol says, stores only what it acks, and returns it byte for byte', async (t) => {
    const counts = {
      runs: 0,
      frames: 0,
      acked: 0,
      duplicates: 0,
      errors: 0,
      history: 0,
      silent: 0,
      pongs: 0,
      cut: 0,
    };
    let probes = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 12 }), async (frames) => {
        counts.runs++;
        const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
        const own = welcome.conversationId!;
        const model: Stored[] = [];
        try {
          for (const template of frames) {
            const acked = model.at(-1)?.clientId ?? 'never-acked';
            const wire = template
              .replaceAll(JSON.stringify(OWN), JSON.stringify(own))
              .replaceAll(JSON.stringify(OTHER), JSON.stringify(other.conversationId))
              .replaceAll(JSON.stringify(ACKED), JSON.stringify(acked));
            const expected = expect(wire, model, own);
            counts.frames++;
            const from = client.frames.length;
            client.sendRaw(wire);
            if (expected.kind === 'cut') {
              // Two large members in one frame (say a 40 KB text and a 40 KB note): the run ends here, nothing stored.
              // 1009, or 1006 for a client still writing when it is cut (docs/protocol.md, close codes).
              const closedWith = (await client.closed).code;
              assert.ok([1009, 1006].includes(closedWith), `cut for ${Buffer.byteLength(wire)} bytes: ${closedWith}`);
              const stored = await adminMessages(relay, own);
              assert.deepEqual(
                stored.map(({ seq, clientId, text }) => ({ seq, clientId, text })),
                model,
              );
              counts.cut++;
              return;
            }
            // Acks and history pages come after the store: wait for the one that names the frame.
            if (expected.kind === 'ack' || expected.kind === 'history' || expected.kind === 'error') {
              const ref = expected.kind === 'ack' ? expected.id : expected.ref;
              if (ref !== undefined) {
                await client.next(expected.kind === 'error' ? 'error' : expected.kind, (answer) => {
                  const named = 'id' in answer && answer.type === 'ack' ? answer.id : (answer as { ref?: string }).ref;
                  return named === ref && client.frames.indexOf(answer) >= from;
                });
              }
            }
            // Then a ping of our own: everything the relay answered to the frame has arrived before its pong.
            const ts = 2e9 + ++probes;
            client.send({ type: 'ping', ts });
            await client.next('pong', (pong) => pong.ts === ts);
            const answers = client.frames.slice(from).filter((answer) => !(answer.type === 'pong' && answer.ts === ts));
            assert.ok(answers.length <= 1, `one answer at most to ${wire.slice(0, 200)}: ${JSON.stringify(answers)}`);
            check(answers[0], expected, wire);
            if (expected.kind === 'ack') counts[expected.duplicate ? 'duplicates' : 'acked']++;
            else if (expected.kind === 'none') counts.silent++;
            else if (expected.kind === 'pong') counts.pongs++;
            else counts[expected.kind === 'error' ? 'errors' : 'history']++;
          }
          // Everything acked, and nothing else, is stored and returned exactly, by history and the admin API.
          client.send({ type: 'history', ref: 'final', after: 0, limit: 100 });
          const page = await client.next('history', (answer) => answer.ref === 'final');
          for (const stored of [page.messages, await adminMessages(relay, own)]) {
            assert.deepEqual(
              stored.map(({ seq, clientId, text }) => ({ seq, clientId, text })),
              model,
            );
            for (const [index, message] of stored.entries())
              assert.ok(Buffer.from(message.text).equals(Buffer.from(model[index]!.text)), 'the same UTF-8 bytes');
          }
        } finally {
          client.close();
        }
      }),
      { numRuns, includeErrorInReport: true },
    );
    t.diagnostic(
      `generated cases: ${counts.runs} runs, ${counts.frames} frames: ${counts.acked} acked, ${counts.duplicates} ` +
        `resends acked as duplicates, ${counts.errors} errors, ${counts.history} history pages, ${counts.pongs} pongs, ` +
        `${counts.silent} answered by nothing, ${counts.cut} cut (over 4 × the frame limit)`,
    );
    // Every kind of answer was exercised, or the property proved less than it says (a cut is rare: it takes two large
    // members in one frame, so a run may have none).
    for (const [kind, count] of Object.entries(counts)) if (kind !== 'cut') assert.ok(count > 0, `no ${kind}`);

    // The relay is up, and the other visitor's conversation holds its one message and nothing else.
    assert.equal((await health(relay)).status, 'ok');
    assert.deepEqual(
      (await adminMessages(relay, other.conversationId)).map((message) => message.clientId),
      ['theirs'],
    );
    const ack = await other.client.say('still-up', 'the relay is up');
    assert.equal(ack.seq, 2);
  });
});
