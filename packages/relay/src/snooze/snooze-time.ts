import type { SnoozePreset } from '@parley/protocol/admin';
import { dayStart, offsetAt } from '../store/zoned-hours.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The local hour a snooze to a day ends at: the start of a working morning. */
export const MORNING_HOUR = 9;
/** "Later today": this long from now, to the next quarter hour. */
export const LATER_TODAY_MS = 3 * HOUR;
/** The furthest a conversation can be snoozed. */
export const MAX_SNOOZE_MS = 366 * DAY;

/** The local day (days since 1970-01-01 in `tz`) that `t` falls on. */
function localDay(t: number, tz: string): number {
  return Math.floor((t + offsetAt(t, tz)) / DAY);
}

/** When `day` (local, in `tz`) reaches `hour` o'clock. */
function atHour(day: number, hour: number, tz: string): number {
  const start = dayStart(day, tz);
  // Add the hours on the local clock, so a day whose clocks change before 09:00 still wakes at 09:00.
  const t = start + hour * HOUR;
  return t - (offsetAt(t, tz) - offsetAt(start, tz));
}

/** When a preset ends, from `now`, in the site's time zone. */
export function presetTime(preset: SnoozePreset, now: number, tz: string): number {
  switch (preset) {
    case 'later-today':
      return Math.ceil((now + LATER_TODAY_MS) / (15 * MINUTE)) * 15 * MINUTE;
    case 'tomorrow':
      return atHour(localDay(now, tz) + 1, MORNING_HOUR, tz);
    case 'next-week': {
      // The next Monday (1970-01-01 was a Thursday: local day 0 is weekday 3 counted from Monday).
      const today = localDay(now, tz);
      const weekday = (((today + 3) % 7) + 7) % 7;
      return atHour(today + (7 - weekday), MORNING_HOUR, tz);
    }
  }
}

/** When a snooze to a date (`YYYY-MM-DD`, the site's calendar) ends: that morning; `undefined` for no such date. */
export function dateTime(date: string, tz: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const utc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (new Date(utc).toISOString().slice(0, 10) !== date) return undefined;
  return atHour(utc / DAY, MORNING_HOUR, tz);
}
