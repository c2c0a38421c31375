import { html, nothing, type TemplateResult } from 'lit';
import type { LocalMessage, WelcomeFrame } from '@parley/sdk';
import type { Strings } from '../i18n/en.js';

/*
 * What the widget shows of a site's automations (protocol 2): business hours in the header, which message gets
 * quick-reply buttons, whether a rating request waits, and the bot's mark. The buttons and the rating form
 * themselves are fetched when first needed (automation-ui.ts).
 */

/** The site's business hours as the visitor's clock reads them now: a change past `until` has happened. */
export function hoursNow(hours: WelcomeFrame['hours'], now: number): WelcomeFrame['hours'] {
  if (!hours || hours.until === undefined || now < hours.until) return hours;
  return { open: !hours.open };
}

const dayMs = 86_400_000;

/** The local calendar day of `instant` in `timeZone` (the browser's when `undefined`), as days since 1970-01-01. */
function localDay(instant: number, timeZone: string | undefined): number {
  const parts: Record<string, number> = {};
  const format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
  for (const part of format.formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!) / dayMs;
}

/**
 * "today 9:00 AM", "tomorrow 9:00 AM", "Thursday 9:00 AM", or with the date a week or more ahead: the next opening
 * as read at `now`, counted in calendar days (a daylight saving change makes no day count twice). A weekday alone
 * named today's opening as if it were a week away (issue #36). The relay words its away reply the same way.
 */
export function openingText(until: number, now: number, tag: string, timeZone?: string): string {
  const days = localDay(until, timeZone) - localDay(now, timeZone);
  const time = { hour: 'numeric', minute: '2-digit', timeZone } as const;
  if (days === 0 || days === 1) {
    const day = new Intl.RelativeTimeFormat(tag, { numeric: 'auto' }).format(days, 'day');
    return `${day} ${new Intl.DateTimeFormat(tag, time).format(until)}`;
  }
  if (days > 1 && days < 7) return new Intl.DateTimeFormat(tag, { ...time, weekday: 'long' }).format(until);
  return new Intl.DateTimeFormat(tag, { ...time, weekday: 'long', month: 'long', day: 'numeric' }).format(until);
}

/** "We're away — back today 9:00 AM", in the visitor's language and time zone; `undefined` while open. */
export function closedNotice(
  hours: WelcomeFrame['hours'],
  s: Strings,
  tag: string,
  now: number,
  timeZone?: string,
): string | undefined {
  if (!hours || hours.open) return undefined;
  if (hours.until === undefined) return s.closed;
  return s.closedUntil(openingText(hours.until, now, tag, timeZone));
}

/** The labels of the buttons to show: those of the newest message, while nobody has written after it. */
export function quickReplies(messages: readonly LocalMessage[]): LocalMessage | undefined {
  const last = messages.at(-1);
  return last && !last.mine && last.buttons && last.buttons.length > 0 ? last : undefined;
}

/** Whether the rating request `request` still waits for the visitor's answer. */
export function ratingPending(request: LocalMessage, messages: readonly LocalMessage[]): boolean {
  return (
    request.automation === 'csat' &&
    request.author.role === 'bot' &&
    request.seq !== undefined &&
    !messages.some((m) => m.rating?.seq === request.seq)
  );
}

/** The mark beside a bot's name. */
export function botMark(message: LocalMessage, s: Strings): TemplateResult | typeof nothing {
  return message.author.role === 'bot' ? html` <span class="bot-mark" part="bot-mark">${s.bot}</span>` : nothing;
}
