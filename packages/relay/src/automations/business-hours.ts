/**
 * Business hours: when a site is open, from weekly opening spans in the site's IANA time zone and holidays (local
 * dates on which it stays closed). Pure functions of a clock reading, so tests move time at will.
 */

/** One opening span of a weekday, in the site's local time: `open` and `close` are `HH:MM`, `close` up to `24:00`. */
export interface OpeningSpan {
  /** 0 Sunday … 6 Saturday, as `Date.prototype.getDay`. */
  readonly day: number;
  readonly open: string;
  readonly close: string;
}

/** A site's business hours. */
export interface BusinessHours {
  /** IANA time zone, e.g. `Europe/Paris`. */
  readonly timezone: string;
  readonly weekly: readonly OpeningSpan[];
  /** Local dates (`YYYY-MM-DD`) closed all day. */
  readonly holidays: readonly string[];
}

/** Whether the site is open at a moment, and `until` when that changes (ms; `undefined`: not within 60 days). */
export interface HoursState {
  readonly open: boolean;
  readonly until: number | undefined;
}

const dayMs = 24 * 60 * 60_000;
/** How far ahead a change is looked for: past it, a site is closed (or open) "until further notice". */
const horizonDays = 60;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A cached formatter of local wall-clock fields in `timezone` (building one costs far more than using it). */
function fieldsFormatter(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** The local wall clock at `instant` in `timezone`, read as if it were UTC (ms). */
function wallClock(instant: number, timezone: string): number {
  const parts: Record<string, number> = {};
  for (const part of fieldsFormatter(timezone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

/**
 * The instant at which the local wall clock in `timezone` reads `wall` (read as UTC): the earlier one in the hour
 * that repeats when clocks go back; in the hour skipped when they go forward, as late as the gap is long (02:30
 * where 02:00 jumps to 03:00 is 03:30), never before it.
 */
function fromWallClock(wall: number, timezone: string): number {
  const first = wall - (wallClock(wall, timezone) - wall);
  // Once more across a DST change between the guess and the answer.
  const second = wall - (wallClock(first, timezone) - first);
  if (wallClock(second, timezone) === wall) return second;
  if (wallClock(first, timezone) === wall) return first;
  // No instant reads `wall` (a DST gap): the two guesses straddle it, one offset each; the later is past it.
  return Math.max(first, second);
}

function minutes(time: string): number {
  const [hours, mins] = time.split(':').map(Number);
  return hours! * 60 + mins!;
}

/** `YYYY-MM-DD` of a wall-clock day start. */
function isoDate(wallDay: number): string {
  return new Date(wallDay).toISOString().slice(0, 10);
}

/** The open intervals (instants, merged where they touch) from the local day before `now` to the horizon. */
function openIntervals(hours: BusinessHours, now: number): Array<[number, number]> {
  const holidays = new Set(hours.holidays);
  const today = Math.floor(wallClock(now, hours.timezone) / dayMs) * dayMs;
  const intervals: Array<[number, number]> = [];
  for (let day = today - dayMs; day <= today + horizonDays * dayMs; day += dayMs) {
    if (holidays.has(isoDate(day))) continue;
    const weekday = new Date(day).getUTCDay();
    const spans = hours.weekly.filter((span) => span.day === weekday).sort((a, b) => minutes(a.open) - minutes(b.open));
    for (const span of spans) {
      const start = fromWallClock(day + minutes(span.open) * 60_000, hours.timezone);
      const end = fromWallClock(day + minutes(span.close) * 60_000, hours.timezone);
      if (end <= start) continue;
      const last = intervals.at(-1);
      if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else intervals.push([start, end]);
    }
  }
  return intervals;
}

/**
 * Whether a site keeping `hours` is open at `now`, and until when.
 *
 * @example
 * hoursAt({ timezone: 'Europe/Paris', weekly: [{ day: 1, open: '09:00', close: '17:00' }], holidays: [] }, Date.now());
 * // { open: false, until: <next Monday 09:00 in Paris> }
 */
export function hoursAt(hours: BusinessHours, now: number): HoursState {
  for (const [start, end] of openIntervals(hours, now)) {
    if (now < start) return { open: false, until: start };
    if (now < end) return { open: true, until: end };
  }
  return { open: false, until: undefined };
}
