import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeClientFrame } from '@parley/protocol';
import { createId } from '../src/ids.js';

describe('createId', () => {
  it('makes valid, unique ids that sort in creation order, even within one millisecond', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => createId(1_700_000_000_000 + Math.floor(i / 100)));
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual([...ids].sort(), ids);
    for (const id of ids.slice(0, 20))
      assert.ok(decodeClientFrame(JSON.stringify({ type: 'send', id, text: 'x' })).ok, id);
    assert.equal(ids[0]!.length, 26);
  });

  it('keeps order when the clock steps back', () => {
    const a = createId(1_800_000_000_000);
    const b = createId(1_799_999_999_000);
    assert.ok(b > a);
  });
});
