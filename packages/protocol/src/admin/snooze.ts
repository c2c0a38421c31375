import { ConversationSummary } from '../frames.js';
import * as z from 'zod/mini';
import { doc } from './document.js';

/** Snooze until a time: a conversation set aside goes back to open by itself. */

/** The times the inbox offers, each read in the site's time zone. */
export const SNOOZE_PRESETS = ['later-today', 'tomorrow', 'next-week'] as const;
export type SnoozePreset = (typeof SNOOZE_PRESETS)[number];

/** `PUT /v1/admin/conversations/{id}/snooze`: exactly one of a time, a preset or a date. */
export const SnoozeBody = z
  .strictObject({
    until: z.optional(
      z
        .int()
        .check(z.gte(0), doc({ description: 'When it goes back to open, in ms since the epoch: up to a year ahead.' })),
    ),
    preset: z.optional(
      z.enum(SNOOZE_PRESETS, { error: `one of ${SNOOZE_PRESETS.join(', ')}` }).check(
        doc({
          description:
            '`later-today`: three hours on, to the quarter hour; `tomorrow`: 09:00; `next-week`: Monday 09:00 — in the site’s time zone.',
        }),
      ),
    ),
    date: z.optional(
      z
        .string()
        .check(
          z.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD'),
          doc({ description: 'That day at 09:00 in the site’s time zone.' }),
        ),
    ),
  })
  .check(doc({ example: { preset: 'tomorrow' } }));

/** `GET /v1/admin/conversations/{id}/snooze`. */
export const SnoozeState = z.object({
  until: z.nullable(z.int().check(doc({ description: 'When it goes back to open; `null` when it is not snoozed.' }))),
  timeZone: z.string().check(doc({ description: 'The site’s time zone, which presets and dates are read in.' })),
});

/** What snoozing (or opening it) answers: the conversation as changed, and until when. */
export const SnoozeResult = z.object({
  conversation: ConversationSummary,
  until: z.optional(z.int()),
});

export type SnoozeBody = z.input<typeof SnoozeBody>;
export type SnoozeState = z.output<typeof SnoozeState>;
export type SnoozeResult = z.output<typeof SnoozeResult>;
