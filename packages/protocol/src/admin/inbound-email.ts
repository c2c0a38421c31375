import * as z from 'zod/mini';
import { doc } from './document.js';

/** Replies by email: what a mail provider's inbound-parse webhook posts (`POST /v1/inbound/email`), as JSON. */

const header = (description?: string) =>
  z.string().check(z.maxLength(998), ...(description === undefined ? [] : [doc({ description })]));

/** The JSON shape a provider's inbound-parse webhook may post instead of the raw message. */
export const InboundEmailJson = z.object({
  /** `jane@example.com` or `Jane Doe <jane@example.com>`. */
  from: z
    .string()
    .check(
      z.minLength(3),
      z.maxLength(998),
      doc({ omit: ['minLength'], description: '`jane@example.com` or `Jane Doe <jane@example.com>`.' }),
    ),
  /** One address or a list, each bare or with a display name; or one header value with several. */
  to: z.union([z.string().check(z.maxLength(8000)), z.array(header()).check(z.maxLength(50))]).check(
    doc({
      exclusive: true,
      description: 'The recipients: one header value, or a list of addresses (bare or with a name).',
    }),
  ),
  subject: z.optional(header()),
  /** The plain-text body, quoted history included (it is stripped here). */
  text: z.string().check(doc({ description: 'The plain-text body, quoted history included.' })),
  messageId: z.optional(header('The `Message-ID`, with or without its angle brackets.')),
  inReplyTo: z.optional(header('The `In-Reply-To` header: the `Message-ID` it answers, in angle brackets.')),
  /**
   * The email's other headers, by name (any case): what tells an auto-reply, a bounce or a relay's own mail from a
   * person's (`Auto-Submitted`, `Precedence`, `X-Autoreply`, `List-Id`, `X-Failed-Recipients`, `X-Parley-Relay`…).
   */
  headers: z.optional(
    z.record(z.string().check(z.minLength(1), z.maxLength(100)), header()).check(
      z.refine((headers) => Object.keys(headers).length <= 100, { error: 'at most 100 headers' }),
      doc({
        description:
          'The email’s other headers by name (at most 100): `Auto-Submitted`, `Precedence`, `X-Failed-Recipients` and the like tell an auto-reply or a bounce, which is then taken and not stored (202).',
      }),
    ),
  ),
  references: z.optional(
    z
      .string()
      .check(z.maxLength(20_000), doc({ description: 'The `References` header: `Message-ID`s in angle brackets.' })),
  ),
});

/** The visitor's message the email became. */
export const InboundStored = z.object({
  conversationId: z.string(),
  messageId: z.string(),
  seq: z.int().check(z.minimum(1)),
  duplicate: z.boolean(),
});

/**
 * Taken and not stored, on purpose (`202`): an auto-reply (`Auto-Submitted`, `Precedence`, vacation headers), a
 * bounce (a delivery status notification: the address it names is marked bouncing), or mail a Parley relay sent.
 */
export const InboundIgnoredBody = z.object({
  ignored: z.enum(['auto_reply', 'bounce', 'loop']),
  detail: z.string(),
});

export type InboundEmailJson = z.output<typeof InboundEmailJson>;
export type InboundIgnoredBody = z.output<typeof InboundIgnoredBody>;
export type InboundStored = z.output<typeof InboundStored>;
