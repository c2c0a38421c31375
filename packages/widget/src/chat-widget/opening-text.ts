import type { WelcomeFrame } from '@parley/sdk';
import type { Strings } from '../i18n/en.js';

/*
 * How the header says when the site is back, in the visitor's language and time zone. Part of the automation UI
 * fetched on first need (automation-ui.ts): it is only ever shown out of hours, and keeps the element's first
 * load within its budget. The relay words its away reply the same way (packages/relay/src/automations).
 */

/** The local calendar day of `instant` in `timeZone` (the browser's when `undefined`), in days since 1970-01-01. */
const localDay = (instant: number, timeZone?: string): number =>
  Date.parse(new Date(instant).toLocaleDateString('en-CA', { timeZone })) / 86_400_000;

/**
 * "today 9:00 AM", "tomorrow 9:00 AM", "Thursday 9:00 AM", or with the date a week or more ahead: the next opening
 * as read at `now`, counted in calendar days (a daylight saving change makes no day count twice). A weekday alone
 * named today's opening as if it were a week away (issue #36).
 */
export function openingText(until: number, now: number, tag: string, timeZone?: string): string {
  const days = localDay(until, timeZone) - localDay(now, timeZone);
  const format = (options: Intl.DateTimeFormatOptions): string =>
    new Intl.DateTimeFormat(tag, { hour: 'numeric', minute: '2-digit', timeZone, ...options }).format(until);
  return days < 2
    ? `${new Intl.RelativeTimeFormat(tag, { numeric: 'auto' }).format(days, 'day')} ${format({})}`
    : format(days < 7 ? { weekday: 'long' } : { weekday: 'long', month: 'long', day: 'numeric' });
}

/** "We're away — back today 9:00 AM" while closed, in the visitor's language and time zone; `undefined` while open. */
export function closedNotice(
  hours: WelcomeFrame['hours'],
  s: Pick<Strings, 'closed'> & Required<Pick<Strings, 'closedUntil'>>,
  tag: string,
  now: number,
  timeZone?: string,
): string | undefined {
  if (!hours || hours.open) return undefined;
  return hours.until === undefined ? s.closed : s.closedUntil(openingText(hours.until, now, tag, timeZone));
}
