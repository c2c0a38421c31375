import { contactName } from '@parley/protocol';
import { inboxLocale } from './intl-locale.js';

/**
 * How the inbox names a contact: their name, else "Visitor #" and the end of their id (`anonymous`, in the reader's
 * language). Never their email: the inbox's is masked (`s***@ex***.test`), and as a name it made two people at one
 * domain look the same in the list, the thread, the contacts and the merge dialog (issue #81). The mask still shows
 * where the email is asked for (the visitor panel, a contact's line), where it protects.
 */
export function inboxName(
  contact: { readonly id: string; readonly name?: string | null | undefined },
  anonymous?: (id: string) => string,
): string {
  return contactName({ id: contact.id, name: contact.name ?? undefined }, anonymous);
}

/**
 * The badge of a conversation's channel (list, thread header): its messaging provider's label as the relay gives it
 * ("WhatsApp"), else its kind in the reader's language ("Email", "API"); `undefined` for a chat. A relay from before
 * providers sends none, and the kind is shown.
 */
export function channelBadge(
  conversation: {
    readonly channel?: 'email' | 'api' | undefined;
    readonly provider?: { readonly label: string } | undefined;
  },
  kinds: { readonly email: string; readonly api: string },
): string | undefined {
  if (!conversation.channel) return undefined;
  return conversation.provider?.label ?? kinds[conversation.channel];
}

/**
 * The names of channels for a contact's reach lines: the kinds in the reader's language, and the open conversation's
 * messaging provider by its label (`whatsapp`: WhatsApp).
 */
export function channelNames(
  kinds: { readonly email: string; readonly api: string },
  conversation: { readonly provider?: { readonly id: string; readonly label: string } | undefined } | undefined,
): Readonly<Record<string, string>> {
  const provider = conversation?.provider;
  return provider ? { ...kinds, [provider.id]: provider.label } : kinds;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const locale = inboxLocale();
  let value = formats.get(`${locale} ${key}`);
  if (!value) formats.set(`${locale} ${key}`, (value = new Intl.DateTimeFormat(locale, options)));
  return value;
}

/** Time of day for today, otherwise a short date: for the conversation list. */
export function shortTime(ts: number, now = Date.now()): string {
  const date = new Date(ts);
  if (date.toDateString() === new Date(now).toDateString()) return format('time', { timeStyle: 'short' }).format(date);
  return format('date', { month: 'short', day: 'numeric' }).format(date);
}

/** Date and time: for messages. */
export function longTime(ts: number, now = Date.now()): string {
  const sameDay = new Date(ts).toDateString() === new Date(now).toDateString();
  return sameDay
    ? format('time', { timeStyle: 'short' }).format(ts)
    : format('datetime', { dateStyle: 'medium', timeStyle: 'short' }).format(ts);
}

/** The visitor's wall-clock time in their time zone, with the zone; `undefined` for an unknown zone. */
export function localTime(timezone: string | undefined, now = Date.now()): string | undefined {
  if (!timezone) return undefined;
  try {
    return (
      new Intl.DateTimeFormat(inboxLocale(), { timeStyle: 'short', timeZone: timezone }).format(now) + ` (${timezone})`
    );
  } catch {
    return undefined;
  }
}

/** A short browser and OS name from a user agent string ("Firefox 128 on Windows"). */
export function browserName(userAgent: string | undefined): string | undefined {
  if (!userAgent) return undefined;
  const pick = (pattern: RegExp): string | undefined => pattern.exec(userAgent)?.[1]?.split('.')[0];
  let browser: string | undefined;
  const edge = pick(/Edg(?:e|A|iOS)?\/([\d.]+)/);
  const opera = pick(/OPR\/([\d.]+)/);
  const firefox = pick(/(?:Firefox|FxiOS)\/([\d.]+)/);
  const chrome = pick(/(?:Chrome|CriOS)\/([\d.]+)/);
  const safari = /Safari\//.test(userAgent) ? pick(/Version\/([\d.]+)/) : undefined;
  if (edge) browser = `Edge ${edge}`;
  else if (opera) browser = `Opera ${opera}`;
  else if (firefox) browser = `Firefox ${firefox}`;
  else if (chrome) browser = `Chrome ${chrome}`;
  else if (safari) browser = `Safari ${safari}`;
  const os = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad|iPod/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(userAgent)
          ? 'macOS'
          : /CrOS/.test(userAgent)
            ? 'ChromeOS'
            : /Linux/.test(userAgent)
              ? 'Linux'
              : undefined;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? userAgent.slice(0, 60);
}

const units = new Map<string, Intl.NumberFormat>();

/** `value` of `unit` (`minute`) in the agent's language, short: "3 min", "3 Min.", "٣ د". */
function unit(value: number, name: 'second' | 'minute' | 'hour'): string {
  const locale = inboxLocale();
  let format = units.get(`${locale} ${name}`);
  if (!format)
    units.set(
      `${locale} ${name}`,
      (format = new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short' })),
    );
  return format.format(value);
}

/** Seconds as "42 sec", "3 min", "1 hr 5 min" (in the agent's language: "3 Min.", "1 Std., 5 Min."). */
export function duration(seconds: number): string {
  if (seconds < 60) return unit(Math.round(seconds), 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return unit(minutes, 'minute');
  const parts = [unit(Math.floor(minutes / 60), 'hour'), unit(minutes % 60, 'minute')];
  return new Intl.ListFormat(inboxLocale(), { style: 'narrow', type: 'unit' }).format(parts);
}
