import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SharedReads } from '../src/core/shared-reads.js';

describe('SharedReads', () => {
  it('gives callers that ask while a read is in flight that read, and reads again once it has settled', async () => {
    let reads = 0;
    const release: Array<() => void> = [];
    const shared = new SharedReads(
      (key) =>
        new Promise<string>((resolve) => {
          const n = ++reads;
          release.push(() => resolve(`${key}#${n}`));
        }),
    );
    const together = [shared.get('a'), shared.get('a'), shared.get('b')];
    assert.equal(reads, 2, 'one read per key in flight');
    assert.equal(shared.size, 2);
    release.splice(0).forEach((go) => go());
    assert.deepEqual(await Promise.all(together), ['a#1', 'a#1', 'b#2']);
    assert.equal(shared.size, 0, 'nothing is kept once settled');
    const later = shared.get('a');
    release.splice(0).forEach((go) => go());
    assert.equal(await later, 'a#3', 'a later caller reads again');
  });

  it('shares a failure with the callers that waited for it, then forgets it', async () => {
    let fail = true;
    const shared = new SharedReads(async () => {
      if (fail) throw new Error('store down');
      return 1;
    });
    const results = await Promise.allSettled([shared.get('k'), shared.get('k')]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
    );
    fail = false;
    assert.equal(await shared.get('k'), 1);
  });
});
