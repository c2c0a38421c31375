// How fast a site typically replies (issue #81) on SQLite: the shared scenarios (reply-time-scenarios.ts), the
// buckets, and the figure computed again by a welcome once it is 15 minutes old, never before.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { REPLY_BUCKETS, replyBucket } from '../src/reply-time/reply-bucket.js';
import { REPLY_REFRESH_MS } from '../src/reply-time/reply-times.js';
import { conversation, replySeconds, replyTimeScenarios, REPLY_TIME_DESK } from './reply-time-scenarios.js';
import { siteKey, startDesk, type Desk } from './support/desk.js';
import { until } from './support/until.js';

replyTimeScenarios(async () => {
  const desk = await startDesk(REPLY_TIME_DESK);
  return {
    desk,
    delayStaffReplies: async (ms) => {
      const db = new Database(join(desk.dataDir, 'parley.db'));
      try {
        db.pragma('busy_timeout = 5000');
        db.prepare(`UPDATE messages SET ts = ts + ? WHERE author_role = 'staff'`).run(ms);
      } finally {
        db.close();
      }
    },
  };
});

describe('the reply-time buckets', () => {
  it('are the smallest bucket holding the median, none above a day or below 5 conversations', () => {
    const minute = 60_000;
    assert.deepEqual(REPLY_BUCKETS, [600, 3600, 21_600, 86_400]);
    for (const [medianMs, count, expected] of [
      [0, 5, 600],
      [10 * minute, 5, 600],
      [10 * minute + 1, 5, 3600],
      [60 * minute, 40, 3600],
      [61 * minute, 40, 21_600],
      [6 * 60 * minute, 40, 21_600],
      [7 * 60 * minute, 40, 86_400],
      [24 * 60 * minute, 40, 86_400],
      [24 * 60 * minute + 1, 40, undefined],
      [30_000, 4, undefined],
      [null, 0, undefined],
    ] as const)
      assert.equal(replyBucket(medianMs, count), expected, `${medianMs} ms over ${count}`);
  });
});

describe('when the figure is computed', () => {
  let desk: Desk;
  let offset = 0;
  before(async () => {
    desk = await startDesk({ ...REPLY_TIME_DESK, clock: () => Date.now() + offset });
  });
  after(() => desk.close());

  it('by a welcome that finds none or one 15 minutes old, in the background: never per connection', async () => {
    // The first welcome finds none: it sends none, and has the site's computed (none yet: nothing answered).
    assert.equal(await replySeconds(desk), undefined);
    // That computation, awaited (a refresh asked while one is pending waits for it).
    await desk.use('reply-time')!.refresh((await desk.store.getSiteByKey(siteKey))!.id);
    for (let i = 0; i < 5; i++) await conversation(desk);
    // Computed a moment ago: the welcomes send that, however many connect.
    for (let i = 0; i < 3; i++) assert.equal(await replySeconds(desk), undefined);
    offset = REPLY_REFRESH_MS;
    // This one finds it old: it still sends the old figure, and has it computed again for the next.
    assert.equal(await replySeconds(desk), undefined);
    await until(async () => (await replySeconds(desk)) === 600, 'the figure computed again');
  });
});
