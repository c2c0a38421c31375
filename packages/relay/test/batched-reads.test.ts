import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchedReads } from '../src/store/batched-reads.js';

describe('BatchedReads', () => {
  it('answers the reads of one turn with one call per batch of distinct keys, each its own value', async () => {
    const calls: string[][] = [];
    const reads = new BatchedReads<string, string>(
      (key) => key,
      async (keys) => {
        calls.push([...keys]);
        return new Map(keys.filter((key) => key !== 'none').map((key) => [key, key.toUpperCase()]));
      },
      3,
    );
    const answers = await Promise.all(['a', 'b', 'a', 'none', 'c', 'd'].map((key) => reads.get(key)));
    assert.deepEqual(answers, ['A', 'B', 'A', undefined, 'C', 'D']);
    assert.deepEqual(calls, [
      ['a', 'b', 'none'],
      ['c', 'd'],
    ]);
    assert.equal(await reads.get('e'), 'E', 'a later read is a batch of its own');
    assert.equal(calls.length, 3);
  });

  it('fails every read of a batch whose call failed, and only those', async () => {
    const reads = new BatchedReads<string, number>(
      (key) => key,
      async (keys) => {
        if (keys.includes('bad')) throw new Error('down');
        return new Map(keys.map((key) => [key, key.length]));
      },
      2,
    );
    const results = await Promise.allSettled(['bad', 'x', 'yy'].map((key) => reads.get(key)));
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
      ['down', 'down', 2],
    );
  });
});
