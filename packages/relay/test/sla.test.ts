import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addCounted, countedBetween } from '../src/sla/sla-time.js';
import { startDesk } from './support/desk.js';
import { tempDir } from './support/temp.js';
import { slaSuite } from './sla-suite.js';

const hour = 3_600_000;
const dirs = new Map<string, string>();

slaSuite('SQLite', ({ keep, ...options }) => {
  if (keep === undefined) return startDesk({ ipRateLimitPerSecond: 0, adminRateLimitPerSecond: 0, ...options });
  let dataDir = dirs.get(keep);
  if (!dataDir) {
    dataDir = tempDir('parley-sla-');
    dirs.set(keep, dataDir);
  }
  return startDesk({ ipRateLimitPerSecond: 0, adminRateLimitPerSecond: 0, dataDir, ...options });
});

describe('SLA time in business hours', () => {
  // Monday to Friday, 09:00–17:00 in Paris; summer time ends on Sunday 25 October 2026 (03:00 → 02:00).
  const paris = {
    timezone: 'Europe/Paris',
    weekly: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })),
    holidays: [],
  };

  it('counts only open hours, across the DST change', () => {
    // Friday 23 October 16:00 in Paris (UTC+2) is 14:00Z; two hours of target: one on Friday, one on Monday.
    const friday = Date.UTC(2026, 9, 23, 14, 0);
    const due = addCounted(paris, friday, 2 * hour);
    // Monday 26 October 10:00 in Paris is UTC+1 now: 09:00Z (not 08:00Z, as the summer offset would say).
    assert.equal(new Date(due).toISOString(), '2026-10-26T09:00:00.000Z');
    assert.equal(countedBetween(paris, friday, due), 2 * hour);
    // A conversation opened on Saturday starts counting at Monday's opening.
    const saturday = Date.UTC(2026, 9, 24, 10, 0);
    assert.equal(new Date(addCounted(paris, saturday, 30 * 60_000)).toISOString(), '2026-10-26T08:30:00.000Z');
    // And in spring, 29 March 2026 (02:00 → 03:00): Friday 27 March 16:30 (UTC+1) + 1 h → Monday 30 March 09:30 (UTC+2).
    const spring = addCounted(paris, Date.UTC(2026, 2, 27, 15, 30), hour);
    assert.equal(new Date(spring).toISOString(), '2026-03-30T07:30:00.000Z');
  });

  it('counts every minute without hours, and skips holidays', () => {
    assert.equal(addCounted(undefined, 1000, hour), 1000 + hour);
    assert.equal(countedBetween(undefined, 0, hour), hour);
    const withHoliday = { ...paris, holidays: ['2026-10-26'] };
    const due = addCounted(withHoliday, Date.UTC(2026, 9, 23, 14, 0), 2 * hour);
    assert.equal(new Date(due).toISOString(), '2026-10-27T09:00:00.000Z');
  });
});
