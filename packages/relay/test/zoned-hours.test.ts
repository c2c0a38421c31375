import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bucketStarts,
  dayStart,
  isTimeZone,
  localHourOf,
  offsetAt,
  weekHour,
  zoneSegments,
} from '../src/store/zoned-hours.js';

const at = (iso: string): number => Date.parse(iso);
const H = 3_600_000;

describe('zoned hours', () => {
  it('knows IANA zones and refuses anything else', () => {
    assert.equal(isTimeZone('Europe/Paris'), true);
    assert.equal(isTimeZone('UTC'), true);
    assert.equal(isTimeZone('Mars/Olympus'), false);
    assert.equal(isTimeZone(''), false);
  });

  it('cuts a range where the offset changes, to the millisecond', () => {
    // Paris goes forward on 29 March 2026 at 01:00 UTC.
    const segments = zoneSegments(at('2026-03-28T00:00:00Z'), at('2026-03-31T00:00:00Z'), 'Europe/Paris');
    assert.deepEqual(segments, [
      { start: at('2026-03-28T00:00:00Z'), end: at('2026-03-29T01:00:00Z'), offset: H },
      { start: at('2026-03-29T01:00:00Z'), end: at('2026-03-31T00:00:00Z'), offset: 2 * H },
    ]);
  });

  it('gives a 23-hour day when clocks go forward, and no bucket for the skipped hour', () => {
    const segments = zoneSegments(at('2026-03-28T23:00:00Z'), at('2026-03-29T22:00:00Z'), 'Europe/Paris');
    const days = bucketStarts(segments, 'day', 'Europe/Paris');
    assert.deepEqual(
      days.map((d) => d.start),
      [at('2026-03-28T23:00:00Z')],
    );
    const hours = bucketStarts(segments, 'hour', 'Europe/Paris');
    assert.equal(hours.length, 23);
    assert.deepEqual(
      hours.slice(0, 3).map((h) => h.start),
      [at('2026-03-28T23:00:00Z'), at('2026-03-29T00:00:00Z'), at('2026-03-29T01:00:00Z')],
    );
  });

  it('keeps half-hour zones on their own hours', () => {
    assert.equal(offsetAt(at('2026-06-01T00:00:00Z'), 'Asia/Kolkata'), 5.5 * H);
    const segments = zoneSegments(at('2026-06-01T00:00:00Z'), at('2026-06-01T03:00:00Z'), 'Asia/Kolkata');
    assert.deepEqual(
      bucketStarts(segments, 'hour', 'Asia/Kolkata').map((h) => new Date(h.start).toISOString()),
      ['2026-05-31T23:30:00.000Z', '2026-06-01T00:30:00.000Z', '2026-06-01T01:30:00.000Z', '2026-06-01T02:30:00.000Z'],
    );
    const june1 = Math.floor(localHourOf(at('2026-06-01T12:00:00Z'), segments).hour / 24);
    assert.equal(dayStart(june1, 'Asia/Kolkata'), at('2026-05-31T18:30:00Z'));
  });

  it('finds the start of a local day, and the weekday and hour of a local hour (Monday first)', () => {
    // 1 November 2026 in New York is 25 hours long: it starts at 04:00 UTC, the next day at 05:00 UTC.
    const day = Math.floor((at('2026-11-01T12:00:00Z') - 5 * H) / 86_400_000);
    assert.equal(dayStart(day, 'America/New_York'), at('2026-11-01T04:00:00Z'));
    assert.equal(dayStart(day + 1, 'America/New_York'), at('2026-11-02T05:00:00Z'));
    // Santiago went forward at midnight on 6 September 2026: that day starts at 01:00 local (04:00 UTC).
    const santiago = Math.floor(at('2026-09-06T12:00:00Z') / 86_400_000);
    assert.equal(dayStart(santiago, 'America/Santiago'), at('2026-09-06T04:00:00Z'));
    assert.deepEqual(weekHour(0), { weekday: 3, hour: 0 }); // Thursday 1 January 1970
    assert.deepEqual(weekHour(4 * 24 + 13), { weekday: 0, hour: 13 }); // Monday 5 January, 13:00
  });
});
