// The slim client table (src/retry.ts) against the full catalog (src/codes.ts): the same codes, in the same
// order, with the same names and retry policies. The type checker already refuses a drift; this says so at run
// time too, and covers what types cannot (order, codes outside the catalog).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLOSES, CLOSE_RETRY, ERRORS, RETRYABLE_ERRORS, closeInfo, type CloseName } from '../src/index.js';

describe('retry: the client copy of the code catalog', () => {
  it('lists every close code of CLOSES by number, with its name and retry policy', () => {
    assert.deepEqual(
      Object.entries(CLOSE_RETRY).map(([code, entry]) => [Number(code), ...entry]),
      Object.entries(CLOSES)
        .map(([name, spec]) => [spec.code, name, spec.retry])
        .sort((a, b) => Number(a[0]) - Number(b[0])),
    );
    for (const name of Object.keys(CLOSES) as CloseName[]) {
      assert.deepEqual(closeInfo(CLOSES[name].code), [name, CLOSES[name].retry]);
    }
  });

  it('retries codes outside the catalog and names none of them', () => {
    for (const code of [1006, 1011, 1012, 4999, 0, -1, 1000.5]) {
      assert.deepEqual(closeInfo(code), [undefined, 'retry'], String(code));
    }
    // Inherited keys of the table are not close codes.
    assert.deepEqual(closeInfo('constructor' as unknown as number), [undefined, 'retry']);
  });

  it('lists as retryable exactly the error codes whose policy is retry, in catalog order', () => {
    assert.deepEqual(
      RETRYABLE_ERRORS,
      Object.entries(ERRORS)
        .filter(([, spec]) => spec.retry === 'retry')
        .map(([code]) => code),
    );
  });
});
