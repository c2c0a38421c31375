/**
 * Local time in an IANA time zone, for reports: which local hour an instant falls in, correct across daylight
 * saving changes, computed so that the database only does integer arithmetic (SQLite has no time zones).
 *
 * A range is cut into {@link ZoneSegment}s inside which the zone's offset from UTC is constant. Inside one, the
 * local hour of `ts` is `floor((ts + offset) / 1 h)` — the same integer division in SQLite and PostgreSQL — and
 * the segment it came from tells the hour's real start (`hour × 1 h − offset`), so the hour that repeats when
 * clocks go back stays two buckets, and the hour that is skipped when they go forward is none.
 */

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** A stretch of time `[start, end)` over which the zone is `offset` ms ahead of UTC. */
export interface ZoneSegment {
  readonly start: number;
  readonly end: number;
  readonly offset: number;
}

/** A local hour, as the database reports it: the segment it was counted in, and its local hour number. */
export interface LocalHour {
  readonly segment: number;
  readonly hour: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A formatter that writes an instant's offset in `tz` as `GMT+05:30` (`GMT-04:56:02` for old local mean times,
 * `GMT` at zero): one `format` call is about 1 µs, a quarter of reading the local time's parts, and a report over
 * 400 days asks for thousands of offsets on the event loop.
 */
function formatter(tz: string): Intl.DateTimeFormat {
  let format = formatters.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' });
    if (formatters.size > 100) formatters.clear();
    formatters.set(tz, format);
  }
  return format;
}

/**
 * Loads ICU's date and time zone data: the process's first date formatter takes about 13 ms to make, the next ones
 * 0.1 ms. Called once the relay listens, so that the first report or zoned time a request asks for does not hold
 * the loop that long.
 */
export function loadTimeZoneData(): void {
  formatter('UTC');
}

/** True when `tz` is a time zone this runtime knows (an IANA name such as `Europe/Paris`, or `UTC`). */
export function isTimeZone(tz: string): boolean {
  if (tz.length === 0 || tz.length > 64) return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

const OFFSET = /GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** How far ahead of UTC the zone is at `t`, in ms (negative west of Greenwich). */
export function offsetAt(t: number, tz: string): number {
  const text = formatter(tz).format(t);
  const match = OFFSET.exec(text);
  if (!match) throw new Error(`unexpected offset for ${tz}: ${text}`);
  if (!match[1]) return 0;
  const ms = (Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4] ?? 0)) * 1000;
  return match[1] === '-' ? -ms : ms;
}

/**
 * Cuts `[from, to)` into stretches of constant offset. Offsets are probed every 6 hours and each change is found
 * to the millisecond by bisection; zones change their offset at most a few times a year.
 */
export function zoneSegments(from: number, to: number, tz: string): ZoneSegment[] {
  const segments: ZoneSegment[] = [];
  let start = from;
  let offset = offsetAt(from, tz);
  let probe = from;
  while (probe < to) {
    const next = Math.min(probe + 6 * HOUR, to - 1);
    if (next <= probe) break;
    const nextOffset = offsetAt(next, tz);
    if (nextOffset !== offset) {
      // The first instant in (probe, next] with the new offset.
      let lo = probe;
      let hi = next;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(mid, tz) === offset) lo = mid;
        else hi = mid;
      }
      segments.push({ start, end: hi, offset });
      start = hi;
      offset = offsetAt(hi, tz);
    }
    probe = next;
  }
  segments.push({ start, end: to, offset });
  return segments;
}

/**
 * SQL for a column of epoch milliseconds: which segment a row's time is in, and its local hour number there.
 * Every number is a safe integer this module computed, written into the SQL (no user text reaches it), so that
 * both engines see plain integer arithmetic. Rows must already be limited to `[segments[0].start, last.end)`.
 */
export function localHourSql(column: string, segments: readonly ZoneSegment[]): { segment: string; hour: string } {
  for (const s of segments) {
    if (![s.start, s.end, s.offset].every(Number.isSafeInteger)) throw new Error('zone segments must be integers');
  }
  if (segments.length === 1) return { segment: '0', hour: `((${column} + ${segments[0]!.offset}) / ${HOUR})` };
  const pick = (value: (s: ZoneSegment, i: number) => number): string =>
    `CASE ${segments
      .slice(0, -1)
      .map((s, i) => `WHEN ${column} < ${s.end} THEN ${value(s, i)}`)
      .join(' ')} ELSE ${value(segments[segments.length - 1]!, segments.length - 1)} END`;
  return {
    segment: pick((_s, i) => i),
    hour: `((${column} + ${pick((s) => s.offset)}) / ${HOUR})`,
  };
}

/** When a local hour counted in `segment` really starts (ms since the epoch). */
export function hourStart(hour: LocalHour, segments: readonly ZoneSegment[]): number {
  return hour.hour * HOUR - segments[hour.segment]!.offset;
}

/** Weekday (0 = Monday … 6 = Sunday) and hour of the day (0–23) of a local hour number. */
export function weekHour(localHour: number): { weekday: number; hour: number } {
  // 1970-01-01, local hour 0, was a Thursday (weekday 3).
  const inWeek = (((localHour + 72) % 168) + 168) % 168;
  return { weekday: Math.floor(inWeek / 24), hour: inWeek % 24 };
}

/** Day starts already found, by `tz:day`: facts of the zone's rules, asked again by each report over the same days. */
const dayStarts = new Map<string, number>();

/** When the local day numbered `day` (days since 1970-01-01, local) starts in `tz`: its first instant. */
export function dayStart(day: number, tz: string): number {
  const key = `${tz}:${day}`;
  let start = dayStarts.get(key);
  if (start === undefined) {
    start = findDayStart(day, tz);
    if (dayStarts.size >= 100_000) dayStarts.clear();
    dayStarts.set(key, start);
  }
  return start;
}

function findDayStart(day: number, tz: string): number {
  const midnight = day * DAY;
  const guess = midnight - offsetAt(midnight, tz);
  const t = midnight - offsetAt(guess, tz);
  // Where midnight does not exist (clocks went forward at 00:00), the day starts at the first instant after it.
  if (Math.floor((t + offsetAt(t, tz)) / DAY) < day) return zoneSegments(t, t + 3 * HOUR, tz)[1]?.start ?? t;
  return t;
}

/** The local hour (and its segment) an instant falls in. */
export function localHourOf(t: number, segments: readonly ZoneSegment[]): LocalHour {
  let segment = segments.findIndex((s) => t < s.end);
  if (segment < 0) segment = segments.length - 1;
  return { segment, hour: Math.floor((t + segments[segment]!.offset) / HOUR) };
}

/**
 * The buckets that `[from, to)` touches, by their start: every local hour (`hour`) or local day (`day`). The
 * first starts at or before `from`. Keys are what {@link bucketKey} gives a counted local hour.
 */
export function bucketStarts(
  segments: readonly ZoneSegment[],
  bucket: 'hour' | 'day',
  tz: string,
): Array<{ key: number; start: number }> {
  const out: Array<{ key: number; start: number }> = [];
  const seen = new Set<number>();
  for (const [i, s] of segments.entries()) {
    const first = Math.floor((s.start + s.offset) / HOUR);
    const last = Math.floor((s.end - 1 + s.offset) / HOUR);
    for (let hour = first; hour <= last; hour++) {
      const key = bucketKey({ segment: i, hour }, segments, bucket);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ key, start: bucket === 'hour' ? key : dayStart(key, tz) });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Every local hour `segments` cover, with its slice `[start, end)` of them (the first and last may be partial). */
export function localHours(
  segments: readonly ZoneSegment[],
): Array<LocalHour & { readonly start: number; readonly end: number }> {
  const out: Array<LocalHour & { start: number; end: number }> = [];
  for (const [segment, s] of segments.entries()) {
    const first = Math.floor((s.start + s.offset) / HOUR);
    const last = Math.floor((s.end - 1 + s.offset) / HOUR);
    for (let hour = first; hour <= last; hour++) {
      out.push({
        segment,
        hour,
        start: Math.max(s.start, hour * HOUR - s.offset),
        end: Math.min(s.end, (hour + 1) * HOUR - s.offset),
      });
    }
  }
  return out;
}

/** The bucket a counted local hour belongs to: its real start (hours), or its local day number (days). */
export function bucketKey(hour: LocalHour, segments: readonly ZoneSegment[], bucket: 'hour' | 'day'): number {
  return bucket === 'hour' ? hourStart(hour, segments) : Math.floor(hour.hour / 24);
}
