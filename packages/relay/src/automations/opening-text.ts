/**
 * How a next opening reads to a visitor — "today 9:00 AM", "tomorrow 9:00 AM", "Thursday 9:00 AM", or with its date
 * a week or more ahead — in their language and time zone. A weekday alone named today's opening as if it were a
 * week away ("back Tuesday 9:00 AM" read on a Tuesday morning, issue #36). Days are counted on the calendar of
 * `timeZone`, not in 24-hour steps, so a day of 23 or 25 hours (a daylight saving change) counts as one.
 *
 * The widget words its header the same way (packages/widget/src/chat-widget/automation-parts.ts).
 */

const dayMs = 86_400_000;

/** The local calendar day of `instant` in `timeZone`, as days since 1970-01-01. */
function localDay(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  const format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
  for (const part of format.formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!) / dayMs;
}

/**
 * `until` as a visitor reads it at `now`, in `locale` and `timeZone` (both valid: a bad one throws).
 *
 * @example
 * openingText(Date.parse('2026-11-24T14:00Z'), Date.parse('2026-11-24T12:30Z'), 'en', 'America/New_York');
 * // "today 9:00 AM"
 */
export function openingText(until: number, now: number, locale: string, timeZone: string): string {
  const days = localDay(until, timeZone) - localDay(now, timeZone);
  const time = { hour: 'numeric', minute: '2-digit', timeZone } as const;
  if (days === 0 || days === 1) {
    const day = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(days, 'day');
    return `${day} ${new Intl.DateTimeFormat(locale, time).format(until)}`;
  }
  if (days > 1 && days < 7) return new Intl.DateTimeFormat(locale, { ...time, weekday: 'long' }).format(until);
  return new Intl.DateTimeFormat(locale, { ...time, weekday: 'long', month: 'long', day: 'numeric' }).format(until);
}
