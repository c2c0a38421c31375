import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { abortAfter } from '../src/abort-after.js';

/** Resolves after `ms`, keeping the process alive meanwhile (abortAfter's own timer does not). */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('abortAfter', () => {
  it('aborts with a TimeoutError once its time is up', async () => {
    const { signal } = abortAfter(20, new AbortController().signal);
    assert.equal(signal.aborted, false);
    await sleep(60);
    assert.equal(signal.aborted, true);
    assert.equal((signal.reason as Error).name, 'TimeoutError');
    // With no signal to follow, only its time.
    const alone = abortAfter(20);
    await sleep(60);
    assert.equal((alone.signal.reason as Error).name, 'TimeoutError');
  });

  it('aborts with the reason of the signal it follows, at once, and when that one already has', () => {
    const stopping = new AbortController();
    const { signal } = abortAfter(60_000, stopping.signal);
    stopping.abort(new Error('the relay is shutting down'));
    assert.equal((signal.reason as Error).message, 'the relay is shutting down');
    assert.equal((abortAfter(60_000, stopping.signal).signal.reason as Error).message, 'the relay is shutting down');
  });

  it('aborts no more once cleared: neither at its time nor with the signal it followed', async () => {
    const stopping = new AbortController();
    const { signal, clear } = abortAfter(20, stopping.signal);
    clear();
    await sleep(60);
    stopping.abort(new Error('later'));
    assert.equal(signal.aborted, false);
  });
});
