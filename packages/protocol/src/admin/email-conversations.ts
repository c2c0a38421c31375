import * as z from 'zod/mini';
import { ClientId, Message } from '../frames.js';
import { doc, isAddress, Text } from './document.js';

/**
 * Email conversations staff start (issue #84, docs/email.md "Starting a conversation by email"): an agent writes to
 * a customer's address from one of the site's sending addresses (a connected mailbox, or a confirmed support
 * address); the customer's reply continues the conversation.
 */

/** One line of at most `max` characters. */
const OneLine = (max: number) =>
  z.string().check(z.minLength(1), z.maxLength(max), z.regex(/^[^\r\n\0]*$/, 'must be one line'));

/** An address a conversation may be started from. */
export const EmailSender = z.object({
  address: z.string(),
  name: z.nullable(z.string()).check(doc({ description: 'The `From` name; the site’s name when null.' })),
  kind: z.enum(['mailbox', 'support']).check(
    doc({
      description:
        '`mailbox`: a team’s mailbox, sending through its own SMTP server; `support`: a confirmed support address, sending through the relay’s mailer.',
    }),
  ),
});

/** `GET /v1/admin/email-conversations/senders`. */
export const EmailSenderList = z.object({ items: z.array(EmailSender) });

/** `POST /v1/admin/email-conversations`. */
export const EmailConversationCreate = z
  .strictObject({
    id: ClientId.check(
      doc({
        pattern: '^[A-Za-z0-9_-]{1,64}$',
        omit: ['minLength', 'maxLength'],
        description:
          'Client-generated id: a retry with the same id answers the same conversation (200), and nothing is stored or sent twice.',
      }),
    ),
    from: z
      .string()
      .check(
        z.maxLength(320),
        z.refine(isAddress, 'must be one plain address'),
        doc({ description: 'One of the site’s sending addresses (`GET /v1/admin/email-conversations/senders`).' }),
      ),
    to: z
      .string()
      .check(
        z.maxLength(320),
        z.refine(isAddress, 'must be one plain address, like ana@example.com'),
        doc({ description: 'The customer’s address: their contact is found by it, or made.' }),
      ),
    name: z.optional(OneLine(100).check(doc({ description: 'The customer’s name, for a contact made now.' }))),
    subject: OneLine(200).check(doc({ description: 'The email’s subject, and the conversation’s.' })),
    text: Text.check(doc({ description: 'The first message, emailed to the customer.' })),
  })
  .check(
    doc({
      example: {
        id: 'start-1',
        from: 'support@shop.example',
        to: 'eva@customer.example',
        name: 'Eva',
        subject: 'Your order 1234',
        text: 'Your parcel left our warehouse today.',
      },
    }),
  );

/** What starting an email conversation answers: the conversation and its first message. */
export const EmailConversationResult = z.object({
  conversationId: z.string(),
  message: Message,
  duplicate: z.boolean(),
});

export type EmailSender = z.output<typeof EmailSender>;
export type EmailSenderList = z.output<typeof EmailSenderList>;
export type EmailConversationCreate = z.input<typeof EmailConversationCreate>;
export type EmailConversationResult = z.output<typeof EmailConversationResult>;
