import { inboxLocale } from '../intl-locale.js';

const HOUR = 3_600_000;

/** A snooze preset as the inbox offers it: three hours on, tomorrow morning, next Monday morning. */
export type SnoozePresetKind = 'later' | 'tomorrow' | 'monday';

/** The snooze times offered, in the browser's time zone: three hours on (to the quarter), 09:00 tomorrow, Monday. */
export function snoozeTime(preset: string, now = Date.now()): number {
  if (preset === 'later') return Math.ceil((now + 3 * HOUR) / (HOUR / 4)) * (HOUR / 4);
  const day = new Date(now);
  day.setHours(9, 0, 0, 0);
  day.setDate(day.getDate() + (preset === 'tomorrow' ? 1 : (8 - day.getDay()) % 7 || 7));
  return day.getTime();
}

const formats = new Map<string, Intl.DateTimeFormat>();
const format = (key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat => {
  const locale = inboxLocale();
  let value = formats.get(`${locale} ${key}`);
  if (!value) formats.set(`${locale} ${key}`, (value = new Intl.DateTimeFormat(locale, options)));
  return value;
};

/**
 * When a preset ends, said beside its name (issue #81: "Later today" and "Next week" gave no time): the time of day
 * for today and tomorrow ("3:15 PM", "9:00 AM"), with the weekday for next week ("Mon 9:00 AM").
 */
export function snoozeWhen(preset: SnoozePresetKind, now = Date.now()): string {
  const at = new Date(snoozeTime(preset, now));
  return preset === 'monday'
    ? format('weekday', { weekday: 'short', hour: 'numeric', minute: '2-digit' }).format(at)
    : format('time', { hour: 'numeric', minute: '2-digit' }).format(at);
}
