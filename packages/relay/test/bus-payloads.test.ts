/**
 * The Redis bus's payloads (`busPayloads`): a turn's entries in order, as one payload while they are few, cut into
 * several when they would make a string past V8's regular heap (over 128 KiB), each a `[relayId, ...entries]` that
 * the other relays read on its own.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { busPayloads, type BusEntry } from '../src/bus/redis-bus.js';

const relayId = 'relay-a:1:0badf00d';
/** V8's largest string outside its large-object space, in bytes (two a character, the worst case). */
const regularHeapBytes = 128 * 1024;

/** A stored message's entry, with a frame of about `chars` characters of `fill`. */
function stored(i: number, chars = 400, fill = 'x'): BusEntry {
  const frame = JSON.stringify({ type: 'message', message: { id: String(i), seq: i, text: fill.repeat(chars) } });
  return [`c/conv${i % 7}`, frame, `conv${i % 7}`, i, 'default', 0];
}

/** The entries the payloads carry, in order, each payload checked to name the relay first. */
function carried(payloads: readonly string[]): unknown[] {
  return payloads.flatMap((payload) => {
    const [first, ...entries] = JSON.parse(payload) as unknown[];
    assert.equal(first, relayId);
    return entries;
  });
}

describe('the Redis bus’s payloads', () => {
  it('carry a turn of few entries in one payload, as before', () => {
    const entries = [stored(1), stored(2), ['#', JSON.stringify(['merge:moved', { conversationId: 'a' }])] as const];
    assert.deepEqual(busPayloads(relayId, entries), [JSON.stringify([relayId, ...entries])]);
    assert.deepEqual(busPayloads(relayId, []), []);
  });

  it('cut a large turn into payloads that each stay in V8’s regular heap, every entry once and in order', () => {
    for (const fill of ['x', 'é', '"', '\\']) {
      const entries = Array.from({ length: 2000 }, (_, i) => stored(i, 400, fill));
      const payloads = busPayloads(relayId, entries);
      assert.ok(payloads.length > 1, `${fill}: ${payloads.length} payload`);
      for (const payload of payloads) assert.ok(payload.length * 2 <= regularHeapBytes, `${fill}: ${payload.length}`);
      assert.deepEqual(carried(payloads), JSON.parse(JSON.stringify(entries)));
    }
  });

  it('send an entry longer than the bound in a payload of its own, between the others', () => {
    const entries = [stored(1), stored(2, 200_000), stored(3)];
    const payloads = busPayloads(relayId, entries);
    assert.equal(payloads.length, 3);
    assert.deepEqual(carried(payloads), JSON.parse(JSON.stringify(entries)));
  });
});
