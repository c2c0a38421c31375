import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { EveryMinute } from '../src/core/every-minute.js';
import { until } from './support/until.js';

describe('EveryMinute', () => {
  it('reads at start, then every period; a failed read is reported and the next one still comes; stop ends it', async () => {
    let reads = 0;
    const failures: unknown[] = [];
    const every = new EveryMinute(
      async () => {
        reads++;
        if (reads === 2) throw new Error('store down');
      },
      (error) => failures.push(error),
      20,
    );
    await every.start();
    assert.equal(reads, 1);
    // Waited for, not timed: on a loaded machine (a CI rehearsal, load average over 15) 110 ms held only two reads.
    await until(() => reads >= 3, 'a read after the failed one');
    every.stop();
    const stoppedAt = reads;
    assert.ok(stoppedAt >= 3, `read ${stoppedAt} times`);
    assert.deepEqual(
      failures.map((error) => (error as Error).message),
      ['store down'],
    );
    await sleep(60);
    assert.equal(reads, stoppedAt, 'no read after stop');
  });

  it('rejects its start when the first read fails, and schedules nothing', async () => {
    let reads = 0;
    const every = new EveryMinute(
      async () => {
        reads++;
        throw new Error('no store');
      },
      () => assert.fail('a start failure is the caller’s'),
      10,
    );
    await assert.rejects(every.start(), /no store/);
    await sleep(40);
    assert.equal(reads, 1);
  });
});
