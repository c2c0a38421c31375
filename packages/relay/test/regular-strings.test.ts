/**
 * `inPieces`: items cut into runs whose sizes add up to at most a bound, in order, none empty, an item over the bound
 * alone (what keeps the Redis bus's payloads and a webhook batch's body inside V8's regular heap).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inPieces } from '../src/regular-strings.js';

const length = (s: string): number => s.length;

describe('inPieces', () => {
  it('fills each run up to the bound, exactly at it included', () => {
    assert.deepEqual(inPieces(['ab', 'cd', 'efg'], length, 4), [['ab', 'cd'], ['efg']]);
    assert.deepEqual(inPieces(['ab', 'cd', 'ef'], length, 6), [['ab', 'cd', 'ef']]);
    assert.deepEqual(inPieces(['ab', 'cd', 'ef'], length, 5), [['ab', 'cd'], ['ef']]);
  });

  it('puts an item larger than the bound in a run of its own, between the others', () => {
    assert.deepEqual(inPieces(['a', 'bcdefgh', 'i', 'j'], length, 3), [['a'], ['bcdefgh'], ['i', 'j']]);
    assert.deepEqual(inPieces(['bcdefgh'], length, 3), [['bcdefgh']]);
  });

  it('gives no run for no items, and keeps every item once, in order', () => {
    assert.deepEqual(inPieces([], length, 3), []);
    const items = Array.from({ length: 500 }, (_, i) => 'x'.repeat(i % 13));
    const runs = inPieces(items, length, 40);
    assert.deepEqual(runs.flat(), items);
    for (const run of runs) assert.ok(run.length > 0 && (run.length === 1 || run.join('').length <= 40));
  });
});
