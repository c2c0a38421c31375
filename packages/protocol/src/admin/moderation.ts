import * as z from 'zod/mini';
import { doc } from './document.js';
import { SafetyFlag } from './safety.js';

/** Spam and review (docs/safety.md, "Spam and review"): a conversation's flags, and marking it as spam. */

/** `GET /v1/admin/conversations/{id}/flags`: its flags not dismissed, oldest first; a `spam` one while it is marked. */
export const ConversationFlags = z
  .object({
    items: z.array(SafetyFlag),
    spam: z
      .boolean()
      .check(doc({ description: 'Marked as spam (hidden from every view but `spam`, out of reports).' })),
  })
  .check(
    doc({
      example: {
        items: [{ reason: 'repeat', detail: 'same text in 3 conversations', seq: 1, at: 1767225600000 }],
        spam: false,
      },
    }),
  );
export type ConversationFlags = z.output<typeof ConversationFlags>;

/** `POST /v1/admin/conversations/{id}/flags/dismiss`: how many flags were dismissed. */
export const FlagsDismissed = z.object({ dismissed: z.int() });
export type FlagsDismissed = z.output<typeof FlagsDismissed>;

/** `POST` and `DELETE /v1/admin/conversations/{id}/spam`: the conversation's state after. */
export const SpamState = z.object({
  spam: z.boolean(),
  /** Until when its visitor and network are blocked (ms since the epoch); `null` when not marked. */
  blockedUntil: z.nullable(z.int()),
});
export type SpamState = z.output<typeof SpamState>;
