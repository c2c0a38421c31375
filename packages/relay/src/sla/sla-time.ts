import { hoursAt, type BusinessHours } from '../automations/public.js';

/**
 * Time as an SLA counts it: every minute, or only the site's business hours (issue #86). Pure functions of a clock
 * reading and the hours, so tests move time at will (across a DST change too: the hours are read in their zone).
 */

/** Steps at most: an opening and a closing a day, for more than a year. */
const maxSteps = 1000;

/**
 * The instant at which `ms` of counted time has passed since `from`: `from + ms` without hours; with them, only
 * while open. A site closed for good (no opening within 60 days) counts every minute past its last closing, so a
 * clock never stops for ever.
 *
 * @example
 * // Opened Friday 16:00 with 9–17 hours, a 2 h target: due Monday 10:00.
 * addCounted(hours, friday1600, 2 * 3_600_000);
 */
export function addCounted(hours: BusinessHours | undefined, from: number, ms: number): number {
  if (!hours || ms <= 0) return from + Math.max(ms, 0);
  let at = from;
  let left = ms;
  for (let step = 0; step < maxSteps; step++) {
    const state = hoursAt(hours, at);
    if (state.until === undefined) return at + left;
    if (state.open) {
      const span = state.until - at;
      if (span >= left) return at + left;
      left -= span;
    }
    at = state.until;
  }
  return at + left;
}

/** Counted time between `from` and `to` (ms): all of it without hours, only the open part with them. */
export function countedBetween(hours: BusinessHours | undefined, from: number, to: number): number {
  if (to <= from) return 0;
  if (!hours) return to - from;
  let at = from;
  let counted = 0;
  for (let step = 0; step < maxSteps && at < to; step++) {
    const state = hoursAt(hours, at);
    const until = state.until === undefined ? to : Math.min(state.until, to);
    if (state.open || state.until === undefined) counted += until - at;
    at = until;
  }
  return counted;
}
