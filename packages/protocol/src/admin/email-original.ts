import * as z from 'zod/mini';
import { doc } from './document.js';

/** The original of a message that came in by email: what the inbox's "Show original" shows. */

/** One header of the email, unfolded (continuation lines joined), as received: encoded words are left encoded. */
export const EmailOriginalHeader = z.object({
  name: z.string(),
  value: z.string(),
});

/** `GET /v1/admin/conversations/{id}/messages/{seq}/original`. */
export const EmailOriginal = z.object({
  source: z.enum(['raw', 'fields']).check(
    doc({
      description:
        '`raw`: the email as received (SMTP, or `message/rfc822` posted to the inbound webhook); `fields`: the inbound webhook’s JSON fields, written as headers.',
    }),
  ),
  headers: z
    .array(EmailOriginalHeader)
    .check(doc({ description: 'The header block, in the order received (the first 64 KiB of it).' })),
  text: z.string().check(
    doc({
      description:
        'The whole text of the body before its quoted history was stripped: the plain-text part, or the HTML part turned into text (the first 100,000 characters).',
    }),
  ),
  receivedAt: z.int().check(doc({ description: 'When the relay stored it, in ms since the epoch.' })),
  truncated: z.object({
    headers: z.boolean().check(doc({ description: 'The header block was longer than what is kept.' })),
    text: z.boolean().check(doc({ description: 'The text was longer than what is kept.' })),
  }),
});

export type EmailOriginalHeader = z.output<typeof EmailOriginalHeader>;
export type EmailOriginal = z.output<typeof EmailOriginal>;
