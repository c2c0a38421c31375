import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillTime } from '../src/automations/automation-settings.js';
import { hoursAt, type BusinessHours } from '../src/automations/business-hours.js';
import { openingText } from '../src/automations/opening-text.js';

// New York: daylight saving ends Sunday 1 November 2026 (02:00 EDT → 01:00 EST) and starts Sunday 8 March 2026
// (02:00 EST → 03:00 EDT). Tuesday 24 November 2026 is in EST (UTC−5).
const ny = 'America/New_York';
const everyDay: BusinessHours = {
  timezone: ny,
  weekly: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, open: '09:00', close: '17:00' })),
  holidays: [],
};
const at = (iso: string): number => Date.parse(iso);

describe('the next opening as a visitor reads it (issue #36, point 14)', () => {
  it('names today’s opening "today", not the weekday, on a Tuesday morning in the site’s zone', () => {
    const tuesdays: BusinessHours = { timezone: ny, weekly: [{ day: 2, open: '09:00', close: '17:00' }], holidays: [] };
    const now = at('2026-11-24T12:00:00Z'); // Tuesday 07:00 in New York
    const { open, until } = hoursAt(tuesdays, now);
    assert.deepEqual({ open, until }, { open: false, until: at('2026-11-24T14:00:00Z') }); // 09:00 today
    assert.equal(openingText(until!, now, 'en', ny), 'today 9:00 AM');
    // The away reply of a visitor whose zone is unknown: the site's zone.
    assert.equal(
      fillTime("We'll be back {time}.", until, { locale: 'en-US' }, ny, now),
      "We'll be back today 9:00 AM.",
    );
    // Past the opening, next Tuesday is a week away: it says which Tuesday.
    const evening = at('2026-11-24T23:00:00Z');
    assert.equal(hoursAt(tuesdays, evening).until, at('2026-12-01T14:00:00Z'));
    assert.equal(openingText(at('2026-12-01T14:00:00Z'), evening, 'en', ny), 'Tuesday, December 1 at 9:00 AM');
  });

  it('says tomorrow, then weekdays, in the visitor’s language and zone', () => {
    const now = at('2026-11-24T23:00:00Z'); // Tuesday 18:00 in New York, Wednesday 00:00 in Paris
    assert.equal(openingText(at('2026-11-25T14:00:00Z'), now, 'en', ny), 'tomorrow 9:00 AM');
    assert.equal(openingText(at('2026-11-25T14:00:00Z'), now, 'fr', 'Europe/Paris'), 'aujourd’hui 15:00');
    assert.equal(openingText(at('2026-11-27T14:00:00Z'), now, 'en', ny), 'Friday 9:00 AM');
  });

  it('counts calendar days across the end of daylight saving time (a 25-hour day)', () => {
    const saturdayNight = at('2026-11-01T03:30:00Z'); // Saturday 31 October, 23:30 EDT
    assert.deepEqual(hoursAt(everyDay, saturdayNight), { open: false, until: at('2026-11-01T14:00:00Z') });
    assert.equal(openingText(at('2026-11-01T14:00:00Z'), saturdayNight, 'en', ny), 'tomorrow 9:00 AM');
    // 26 hours ahead, but two calendar days: Monday 00:30 EST.
    assert.equal(openingText(at('2026-11-02T05:30:00Z'), saturdayNight, 'en', ny), 'Monday 12:30 AM');
    // In the repeated hour (01:30 EST, the second time): still Sunday, still today.
    const repeated = at('2026-11-01T06:30:00Z');
    assert.deepEqual(hoursAt(everyDay, repeated), { open: false, until: at('2026-11-01T14:00:00Z') });
    assert.equal(openingText(at('2026-11-01T14:00:00Z'), repeated, 'en', ny), 'today 9:00 AM');
  });

  it('counts calendar days across the start of daylight saving time (a 23-hour day), and opens after a gap', () => {
    const saturdayNight = at('2026-03-08T04:30:00Z'); // Saturday 7 March, 23:30 EST
    assert.deepEqual(hoursAt(everyDay, saturdayNight), { open: false, until: at('2026-03-08T13:00:00Z') });
    // 23 hours ahead, but the next calendar day: Sunday 23:30 EDT.
    assert.equal(openingText(at('2026-03-09T03:30:00Z'), saturdayNight, 'en', ny), 'tomorrow 11:30 PM');
    // An opening at 02:30, which that Sunday skips, is at 03:30 EDT: never before the gap.
    const gap: BusinessHours = { timezone: ny, weekly: [{ day: 0, open: '02:30', close: '05:00' }], holidays: [] };
    assert.deepEqual(hoursAt(gap, at('2026-03-08T05:00:00Z')), { open: false, until: at('2026-03-08T07:30:00Z') });
    assert.deepEqual(hoursAt(gap, at('2026-03-08T07:45:00Z')), { open: true, until: at('2026-03-08T09:00:00Z') });
  });
});
