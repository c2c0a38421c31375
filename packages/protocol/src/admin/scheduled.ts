import * as z from 'zod/mini';
import { doc, Text } from './document.js';

/** Send later: a staff message scheduled for a time, editable and cancellable until then. */

/** The furthest ahead a message can be scheduled (ms): a year and a day. */
export const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 60 * 60 * 1000;

/**
 * Where a scheduled message is: `scheduled` (waiting; editable), `sending` (its time has come; no longer editable),
 * `sent`, `cancelled`, or `failed` (refused when it was sent: the reason is in `error`).
 */
export const SCHEDULED_STATUSES = ['scheduled', 'sending', 'sent', 'cancelled', 'failed'] as const;
export type ScheduledStatus = (typeof SCHEDULED_STATUSES)[number];

const SendAt = z
  .int()
  .check(
    z.gte(0),
    doc({ description: 'When to send it, in ms since the epoch: in the future, at most a year ahead.' }),
  );

/** `POST /v1/admin/conversations/{id}/scheduled`. */
export const ScheduledCreate = z
  .strictObject({ text: Text, sendAt: SendAt })
  .check(doc({ example: { text: 'Following up on your question.', sendAt: 4102444800000 } }));

/** `PATCH /v1/admin/scheduled/{id}`: a new text, a new time, or both. */
export const ScheduledPatch = z
  .strictObject({ text: z.optional(Text), sendAt: z.optional(SendAt) })
  .check(doc({ example: { text: 'matrix' } }));

/** A scheduled message as the admin API shows it. */
export const ScheduledMessage = z.object({
  id: z.string(),
  conversationId: z.string(),
  staffId: z.string().check(doc({ description: 'Who scheduled it: it is sent as them.' })),
  staffName: z.string(),
  text: z.string(),
  sendAt: z.int(),
  status: z.enum(SCHEDULED_STATUSES),
  /** The stored message's id once sent. */
  messageId: z.nullable(z.string()),
  error: z.nullable(z.string().check(doc({ description: 'Why it was not sent (`failed`).' }))),
  createdAt: z.int(),
  updatedAt: z.int(),
});

/**
 * `GET /v1/admin/conversations/{id}/scheduled`: the conversation's messages still to send, and those that could not
 * be sent (`failed`, until cancelled), soonest first.
 */
export const ScheduledList = z.object({ items: z.array(ScheduledMessage) });

export type ScheduledCreate = z.input<typeof ScheduledCreate>;
export type ScheduledPatch = z.input<typeof ScheduledPatch>;
export type ScheduledMessage = z.output<typeof ScheduledMessage>;
export type ScheduledList = z.output<typeof ScheduledList>;
