import * as z from 'zod/mini';
import { type Components, doc, millis, page } from './document.js';

/** The outbox: side effects the relay owes (emails, webhook deliveries), their state and never their content. */

/** Where a job stands. */
export const OUTBOX_STATUSES = ['pending', 'delivered', 'skipped', 'dead'] as const;

/** An email or webhook delivery the relay owes. */
export const OutboxJob = z.object({
  id: z.string().check(doc({ description: 'Stable across attempts and replays.' })),
  kind: z
    .string()
    .check(doc({ description: '`webhook`, `email.reply`, `email.transcript`, `email.notify`, `email.admin`, …' })),
  status: z.enum(OUTBOX_STATUSES),
  attempts: z
    .int()
    .check(z.minimum(0), doc({ description: 'Attempts made (a relay that died mid-delivery counts one).' })),
  conversationId: z.nullable(z.string()),
  createdAt: millis.check(doc({ description: 'When the cause was stored (ms since the epoch).' })),
  dueAt: millis.check(doc({ description: 'When the next attempt is due, or the last one was.' })),
  doneAt: z.nullable(millis),
  lastError: z.nullable(z.string()).check(doc({ description: 'Why the last attempt failed.' })),
  detail: z
    .nullable(z.string())
    .check(doc({ description: 'What the delivery came to (a status code, why it was skipped).' })),
  held: z.boolean().check(
    doc({
      description:
        'Pending, and waiting for an earlier job of the same order (a webhook for the same endpoint and conversation) to be delivered or given up on.',
    }),
  ),
});

/** A page of jobs, newest first. */
export const OutboxPage = page(OutboxJob);

export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
export type OutboxJob = z.output<typeof OutboxJob>;

/** This area's named schemas in the document. */
export const outboxComponents: Components = { OutboxJob };
export type OutboxPage = z.output<typeof OutboxPage>;
