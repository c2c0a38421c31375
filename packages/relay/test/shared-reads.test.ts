import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RememberedReads, SharedReads } from '../src/core/shared-reads.js';

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

describe('RememberedReads', () => {
  /** A store whose reads answer when released, counting them; its value per key can be changed. */
  function slowStore() {
    const values = new Map<string, string>();
    const release: Array<() => void> = [];
    let reads = 0;
    const read = (key: string) =>
      new Promise<string>((resolve) => {
        reads++;
        const value = values.get(key) ?? 'none';
        release.push(() => resolve(value));
      });
    return { values, release: () => release.splice(0).forEach((go) => go()), reads: () => reads, read };
  }

  it('shares a read in flight, keeps its value for ttlMs, then reads again', async () => {
    let now = 0;
    const store = slowStore();
    store.values.set('a', 'A1');
    const reads = new RememberedReads(store.read, { ttlMs: 1000, now: () => now });
    const first = [reads.get('a'), reads.get('a')];
    store.release();
    assert.deepEqual(await Promise.all(first), ['A1', 'A1']);
    assert.equal(store.reads(), 1);
    store.values.set('a', 'A2');
    now = 999;
    assert.equal(await reads.get('a'), 'A1', 'kept within ttlMs');
    now = 1000;
    const again = reads.get('a');
    store.release();
    assert.equal(await again, 'A2');
    assert.equal(store.reads(), 2);
  });

  it('forget drops the value at once, and a read in flight before it is neither kept nor shared', async () => {
    const store = slowStore();
    store.values.set('a', 'old');
    const reads = new RememberedReads(store.read, { ttlMs: 60_000 });
    const before = reads.get('a');
    // The change lands and is reported while the first read is still out.
    store.values.set('a', 'new');
    reads.forget('a');
    const after = reads.get('a');
    store.release();
    assert.equal(await before, 'old', 'the caller that asked before the change gets what it read');
    assert.equal(await after, 'new', 'a caller after forget gets a read of its own');
    assert.equal(await reads.get('a'), 'new', 'and that is what is kept');
    assert.equal(store.reads(), 2);
  });

  it('keeps at most max keys, the least recently read going first', async () => {
    const store = slowStore();
    const reads = new RememberedReads(store.read, { ttlMs: 60_000, max: 2 });
    for (const key of ['a', 'b', 'c']) {
      const pending = reads.get(key);
      store.release();
      await pending;
    }
    assert.equal(store.reads(), 3);
    await reads.get('c');
    await reads.get('b');
    assert.equal(store.reads(), 3, 'b and c kept');
    const again = reads.get('a');
    store.release();
    await again;
    assert.equal(store.reads(), 4, 'a was dropped');
  });
});
