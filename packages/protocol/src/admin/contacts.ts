import * as z from 'zod/mini';
import { Message } from '../frames.js';
import { type Components, GivenConsent, PageContext, doc, page } from './document.js';
import { AuditEntry } from './insights.js';

/** Contacts: visitors who said hello. Emails are encrypted at rest and shown masked until revealed. */

/** The most a contact's notes may hold (characters). */
export const CONTACT_NOTES_MAX = 5000;

/**
 * `PATCH /v1/admin/contacts/{id}`: what staff change on a contact — its name, its email, the team's notes about it,
 * whether it agreed to receive broadcasts. Only the fields given change; at least one is. An empty name removes it
 * (the inbox then shows the email, else "Visitor" and the end of the id); `email: null` removes the email (no reply
 * or transcript is emailed then). A name or an email set (or removed) here is kept when the visitor's page later
 * says otherwise.
 */
export const ContactPatch = z
  .object({
    subscribed: z.optional(z.boolean()),
    name: z.optional(
      z.string().check(z.trim(), z.maxLength(120), doc({ description: 'Trimmed; empty removes the name.' })),
    ),
    email: z.optional(
      z
        .nullable(
          z
            .string()
            .check(
              z.trim(),
              z.minLength(3),
              z.maxLength(254),
              z.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address'),
            ),
        )
        .check(
          doc({
            description:
              'Where replies by email and transcripts go. Stored encrypted, shown masked. `null` removes it.',
          }),
        ),
    ),
    notes: z.optional(
      z
        .string()
        .check(
          z.maxLength(CONTACT_NOTES_MAX),
          doc({ description: 'The team’s notes about the contact (plain text; never shown to the visitor).' }),
        ),
    ),
  })
  .check(
    z.refine((patch) => Object.values(patch).some((value) => value !== undefined), 'give at least one field'),
    doc({ example: { name: 'Ada Lovelace', notes: 'Prefers email. Order #1042 was late.' } }),
  );

/** A contact. */
/**
 * Where a contact is reached outside the chat, as the channel that reaches them says it (issue #81): an API
 * channel's name and the contact's id there. One per channel that knows the contact; channel features declare them.
 */
export const ContactReach = z.object({
  channel: z.string().check(doc({ description: 'The kind of channel: `api` (an API channel).' })),
  label: z.string().check(doc({ description: 'The channel as the site named it: `SMS`, `WhatsApp`.' })),
  handle: z
    .string()
    .check(doc({ description: 'The contact’s address on that channel, in its terms: a phone number, a user id.' })),
});

export const Contact = z.object({
  id: z.string(),
  name: z.optional(z.string()),
  emailMasked: z.optional(z.string()),
  verified: z.boolean().check(
    doc({
      description:
        'The user id was signed by the site (a valid `user.hash`). Covers the id only: name and email are as the page gave them.',
    }),
  ),
  subscribed: z.boolean().check(doc({ description: 'Agreed to receive broadcasts.' })),
  notes: z.optional(z.string().check(doc({ description: 'The team’s notes about the contact; absent when none.' }))),
  online: z.boolean(),
  context: z.optional(PageContext),
  consent: z.optional(GivenConsent),
  emailBouncingAt: z.optional(
    z.number().check(
      doc({
        description:
          'When a delivery report said the contact’s email fails for good (ms): no email is sent to it until the email is changed. Absent when not.',
      }),
    ),
  ),
  createdAt: z.number(),
  lastSeenAt: z.number(),
  conversationIds: z.array(z.string()),
  reach: z.optional(
    z
      .array(ContactReach)
      .check(doc({ description: 'The channels that reach the contact outside the chat; absent when none.' })),
  ),
});

/** A page of contacts, most recently seen first. */
export const ContactPage = page(Contact);

/** `POST /v1/admin/contacts/{id}/reveal`: the email in clear. */
export const ContactEmail = z.object({ email: z.string() });

const record = z.record(z.string(), z.unknown());

/** Everything held about a contact (access and portability requests). */
export const ContactExport = z.object({
  exportedAt: z.number(),
  site: z.object({ id: z.optional(z.string()), name: z.optional(z.string()) }),
  contact: record.check(
    doc({ description: 'The stored contact with `email` in clear and `consent` (`{ version, at }` or null).' }),
  ),
  visitor: z.nullable(record).check(doc({ description: 'The message store’s visitor record, `email` in clear.' })),
  conversations: z.array(record),
  messages: z.array(Message),
  broadcasts: z.array(record),
  audit: z.array(AuditEntry),
  features: z.optional(record).check(
    doc({
      description:
        'What each feature holds about the contact and their conversations, by feature name: `attributes` is `{ contact, conversations }`, their custom attribute values (archived attributes included) with key, label, type, value, source and time.',
    }),
  ),
});

export type ContactReach = z.output<typeof ContactReach>;
export type Contact = z.output<typeof Contact>;
export type ContactPatch = z.input<typeof ContactPatch>;

/** This area's named schemas in the document. */
export const contactComponents: Components = { Contact, ContactExport };
export type ContactEmail = z.output<typeof ContactEmail>;
export type ContactPage = z.output<typeof ContactPage>;
