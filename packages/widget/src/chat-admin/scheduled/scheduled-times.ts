/** The quick picks of Send later, on the staff member's own clock (the browser's time zone). */

const HOUR = 3_600_000;

/** An hour from `now`, to the minute. */
export function inAnHour(now: number): number {
  return Math.ceil((now + HOUR) / 60_000) * 60_000;
}

/** Tomorrow at 09:00 local time. */
export function tomorrowMorning(now: number): number {
  const date = new Date(now);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1, 9, 0).getTime();
}

/** The next Monday at 09:00 local time (a week on, when it is Monday today). */
export function mondayMorning(now: number): number {
  const date = new Date(now);
  const days = (8 - date.getDay()) % 7 || 7;
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days, 9, 0).getTime();
}

/** A time as a `datetime-local` input shows it (local, to the minute). */
export function localInput(t: number): string {
  const date = new Date(t - new Date(t).getTimezoneOffset() * 60_000);
  return date.toISOString().slice(0, 16);
}

/** A `datetime-local` input's value as a time; `undefined` when empty or invalid. */
export function fromLocalInput(value: string): number | undefined {
  if (!value) return undefined;
  const t = new Date(value).getTime();
  return Number.isNaN(t) ? undefined : t;
}
