import * as z from 'zod/mini';
import { Id, doc } from './document.js';

/** Mentions: where colleagues named a staff member with `@` in a private note. */

/** `POST /v1/admin/me/mentions/read`. */
export const MentionsRead = z
  .object({ conversationId: Id.check(doc({ omit: ['minLength', 'maxLength', 'pattern'] })) })
  .check(doc({ additionalProperties: false, example: { conversationId: 'c_matrix' } }));

/** A note that named the caller. */
export const Mention = z.object({
  conversationId: z.string(),
  seq: z.int().check(doc({ description: 'The note’s sequence number in its conversation.' })),
  author: z.object({ id: z.string(), name: z.string() }),
  text: z.string().check(doc({ description: 'The note (empty if it is gone).' })),
  createdAt: z.number().check(doc({ description: 'When the note was written (ms).' })),
  readAt: z
    .nullable(z.number())
    .check(doc({ description: 'When the caller opened the conversation after it, or null.' })),
});

/** `GET /v1/admin/me/mentions`: a page, newest first, and how many are unread. */
export const MentionPage = z.object({ items: z.array(Mention), unread: z.int() });

/** `POST /v1/admin/me/mentions/read`: how many were unread. */
export const MentionsReadResult = z.object({ read: z.int() });

export type Mention = z.output<typeof Mention>;
export type MentionPage = z.output<typeof MentionPage>;
