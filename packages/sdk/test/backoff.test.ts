import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Backoff } from '../src/connection/backoff.js';

describe('Backoff', () => {
  it('defaults to 500 ms … 20 s with a doubling ceiling', () => {
    const backoff = new Backoff();
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 6].map((n) => backoff.ceiling(n)),
      [1000, 2000, 4000, 8000, 16000, 20000, 20000],
    );
  });

  it('stays within [minMs, ceiling] at both ends of the random range', () => {
    const low = new Backoff({ minMs: 500, maxMs: 20_000 }, () => 0);
    const high = new Backoff({ minMs: 500, maxMs: 20_000 }, () => 0.999999);
    const lows = Array.from({ length: 10 }, () => low.next());
    const highs = Array.from({ length: 10 }, () => high.next());
    assert.ok(lows.every((delay) => delay === 500));
    assert.deepEqual(highs.slice(0, 6), [1000, 2000, 4000, 8000, 16000, 20000]);
    assert.ok(highs.every((delay) => delay <= 20_000));
  });

  it('spreads delays (full jitter) instead of returning one value', () => {
    const delays = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const backoff = new Backoff({ minMs: 500, maxMs: 20_000 });
      for (let n = 0; n < 8; n++) backoff.next();
      const delay = backoff.next();
      assert.ok(delay >= 500 && delay <= 20_000, `delay ${delay} out of bounds`);
      delays.add(delay);
    }
    assert.ok(delays.size > 150, `only ${delays.size} distinct delays in 200`);
  });

  it('starts over after reset()', () => {
    const backoff = new Backoff({ minMs: 100, maxMs: 10_000, factor: 3 }, () => 0.999999);
    assert.deepEqual([backoff.next(), backoff.next(), backoff.next()], [300, 900, 2700]);
    backoff.reset();
    assert.equal(backoff.attempt, 0);
    assert.equal(backoff.next(), 300);
  });

  it('never returns less than minMs or more than maxMs for odd options', () => {
    const backoff = new Backoff({ minMs: 5000, maxMs: 1000, factor: 0.5 }, () => 0.5);
    for (let i = 0; i < 5; i++) assert.equal(backoff.next(), 5000);
  });
});
