import * as z from 'zod/mini';
import { type Components, Id, Text, doc, list } from './document.js';

/** Broadcasts: a message to a segment of contacts, sent in the background. */

// The document shows the ids and emails as plain strings; the relay checks them as below.
const plain = doc({ omit: ['minLength', 'maxLength', 'pattern'] });
const tag = doc({ omit: ['type'] });

/** Who a broadcast goes to. */
export const Segment = z.discriminatedUnion('type', [
  z.object({ type: z.enum(['all', 'online', 'verified', 'subscribed']) }),
  z.object({
    type: z.literal('ids').check(tag),
    ids: z.array(Id.check(plain)).check(z.minLength(1), z.maxLength(10_000)),
  }),
  z.object({
    type: z.literal('emails').check(tag),
    emails: z
      .array(z.string().check(z.minLength(3), z.maxLength(256), plain))
      .check(z.minLength(1), z.maxLength(10_000)),
  }),
]);

/** `POST /v1/admin/broadcasts`. */
export const BroadcastCreate = z
  .object({ text: Text, segment: Segment })
  .check(doc({ example: { text: 'matrix', segment: { type: 'all' } } }));

/** A broadcast with its figures. */
export const Broadcast = z.object({
  id: z.string(),
  text: z.string(),
  segment: Segment,
  status: z.enum(['running', 'done', 'failed']),
  targeted: z.int().check(doc({ description: 'Contacts in the segment when it was sent.' })),
  stored: z.int().check(doc({ description: 'Targets whose message is stored.' })),
  delivered: z.int().check(doc({ description: 'Stored while the target had an open connection (delivered at once).' })),
  read: z.int().check(doc({ description: 'Targets whose read mark has reached the broadcast.' })),
  createdAt: z.number(),
  finishedAt: z.optional(z.number()),
});

/** The newest broadcasts. */
export const BroadcastList = list(Broadcast);

export type Segment = z.output<typeof Segment>;
export type Broadcast = z.output<typeof Broadcast>;
export type BroadcastCreate = z.input<typeof BroadcastCreate>;

/** This area's named schemas in the document. */
export const broadcastComponents: Components = { Segment, Broadcast };
