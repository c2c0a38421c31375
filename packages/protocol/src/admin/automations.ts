import * as z from 'zod/mini';
import { LIMITS } from '../limits.js';
import { NOT_VERBATIM, isVerbatim } from '../verbatim.js';
import { doc } from './document.js';

/**
 * A site's automations (issue #17): the bot's name, business hours, and the welcome, away and rating (CSAT)
 * messages with their text per language. One JSON document per site, replaced as a whole by
 * `PUT /v1/admin/automations`.
 */

/** True for an IANA time zone this runtime knows (`Europe/Paris`). */
export function isTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

const text = z
  .string()
  .check(z.minLength(1), z.maxLength(LIMITS.maxTextLength), z.refine(isVerbatim, { error: NOT_VERBATIM }));
const time = (description: string) =>
  z
    .string()
    .check(
      z.regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, { error: 'expected HH:MM (00:00–24:00)' }),
      doc({ pattern: '^\\d{2}:\\d{2}$', description }),
    );
const date = z
  .string()
  .check(
    z.regex(/^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/, { error: 'expected YYYY-MM-DD' }),
    doc({ format: 'date', omit: ['pattern'] }),
  );
/** A language: the primary subtag of a BCP 47 tag (`en`, `fr`, `ar`…). */
const language = z
  .string()
  .check(z.regex(/^[a-z]{2,3}$/, { error: 'expected a language code such as en' }), doc({ omit: ['type'] }));
/** Text per language; a language left out takes the built-in text of that language, or else English's. */
const texts = (what: string) =>
  z.record(language, text).check(
    z.refine((record) => Object.keys(record).length <= 50, { error: 'at most 50 languages' }),
    doc({
      description: `${what}, per language (\`en\`, \`fr\`…); a language left out takes the built-in text in it, or else English.`,
    }),
  );

const OpeningSpan = z
  .strictObject({
    day: z.int().check(z.gte(0), z.lte(6), doc({ description: '0 Sunday … 6 Saturday.' })),
    open: time('Local time, `HH:MM`.'),
    close: time('Local time, after `open`; up to `24:00`.'),
  })
  .check(z.refine((span) => span.open < span.close, { error: 'open must be before close' }));

/** A site's automation settings, as the admin API takes and returns them. */
export const AutomationSettings = z
  .strictObject({
    /** The bot's name, shown as the author of its messages. */
    botName: z
      .string()
      .check(
        z.minLength(1),
        z.maxLength(64),
        z.refine(isVerbatim, { error: NOT_VERBATIM }),
        doc({ description: "The bot's name: the author of its messages." }),
      ),
    /** `null`: no business hours (always open; no away reply). */
    hours: z
      .nullable(
        z.strictObject({
          timezone: z
            .string()
            .check(
              z.refine(isTimeZone, { error: 'expected an IANA time zone such as Europe/Paris' }),
              doc({ description: 'An IANA time zone, e.g. `Europe/Paris`.' }),
            ),
          weekly: z.array(OpeningSpan).check(z.maxLength(28)),
          holidays: z.array(date).check(z.maxLength(366), doc({ description: 'Local dates closed all day.' })),
        }),
      )
      .check(doc({ description: 'Business hours; null: none (always open, no away reply).' })),
    /** The first message of every new conversation, from the bot (stored right after the visitor's first message). */
    welcome: z.strictObject({ enabled: z.boolean(), texts: texts('The welcome message') }),
    /**
     * The reply to a visitor who writes out of hours: once per conversation per away period. `{time}` is replaced
     * by the next opening in the visitor's language and time zone; `emailTexts` apply when the visitor's email is
     * known.
     */
    away: z.strictObject({
      enabled: z.boolean(),
      texts: texts('The away reply (`{time}`: the next opening, in the visitor’s language and time zone)'),
      emailTexts: texts('The away reply when the visitor’s email is known'),
    }),
    /** The rating request (1–5 and a comment) sent when a conversation is resolved. */
    csat: z.strictObject({ enabled: z.boolean(), texts: texts('The rating request') }),
    /**
     * How long after a visitor's last message without a staff reply the widget asks for their email ("Get notified
     * by email", issue #36), in seconds. Optional: absent takes 2 minutes.
     */
    emailAskSeconds: z.optional(
      z.int().check(
        z.gte(5),
        z.lte(3600),
        doc({
          description:
            'Seconds after the visitor’s last message without a staff reply before the widget asks for their email (when none is known). Absent: 120.',
        }),
      ),
    ),
    /**
     * FAQ answers (ADR 0011): the bot answers a visitor's message that matches one of the site's FAQ entries well,
     * or suggests up to three, until staff reply or the visitor asks for a person. Optional: settings saved before
     * it have it off.
     */
    faq: z.optional(
      z.strictObject({ enabled: z.boolean() }).check(
        doc({
          description:
            'FAQ answers: the bot answers a visitor’s message that matches an FAQ entry well (`/v1/admin/faq`), or suggests up to three, until staff reply or the visitor asks for a person. Absent: off.',
        }),
      ),
    ),
  })
  .check(
    doc({
      example: {
        botName: 'Matrix',
        hours: null,
        welcome: { enabled: false, texts: {} },
        away: { enabled: false, texts: {}, emailTexts: {} },
        csat: { enabled: false, texts: {} },
      },
    }),
  );

/** `GET /v1/admin/automations`: the settings, the built-in texts, and whether the site is open now. */
export const AutomationsAnswer = z.object({
  settings: AutomationSettings,
  defaults: z
    .record(z.string(), z.unknown())
    .check(
      doc({ description: 'The built-in texts per automation (`welcome`, `away`, `awayEmail`, `csat`) and language.' }),
    ),
  now: z.nullable(z.object({ open: z.boolean(), until: z.optional(z.number()) })).check(
    doc({
      description: 'Whether the site is open now, and `until` when that changes (ms); null without business hours.',
    }),
  ),
  updatedAt: z.nullable(z.number()).check(doc({ description: 'When the settings were last saved; null: never.' })),
});

export type AutomationSettings = z.output<typeof AutomationSettings>;
export type AutomationsAnswer = z.output<typeof AutomationsAnswer>;
