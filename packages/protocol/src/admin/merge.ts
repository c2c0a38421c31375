import { ConversationSummary } from '../frames.js';
import * as z from 'zod/mini';
import { Contact } from './contacts.js';
import { doc } from './document.js';

/**
 * Merging conversations and contacts (docs/merge.md): two conversations of one contact become one, and two records
 * of one person become one, with an undo for a day.
 */

const id = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/, 'an id'));

/** `POST /v1/admin/conversations/{id}/merge`: the conversation `{id}` absorbs `from`. */
export const MergeConversationsBody = z
  .strictObject({
    from: id.check(
      doc({
        description:
          'The conversation absorbed: its messages move into `{id}` after its own, in their time order, and it closes for good. It must have the same contact as `{id}` (else 409 `conflict`: merge the contacts first, or ask for it with `mergeContacts`).',
      }),
    ),
    mergeContacts: z.optional(
      z.boolean().check(
        doc({
          description:
            'When the two conversations are of different contacts, `true` merges the contacts first (as `POST /v1/admin/contacts/{id}/merge` would: `{id}`’s contact is kept, unless only the other one is verified), then the conversations: one request, for those who may merge contacts (`contacts.manage`, else 403). The contact merge then cannot be undone, since the merged conversation holds both records’ messages. Ignored when the contacts are the same.',
        }),
      ),
    ),
  })
  .check(doc({ example: { from: 'c_newer' } }));

/** Where a message of a merged conversation came from. */
export const MergedOrigin = z.object({
  seq: z.int().check(doc({ description: 'Its sequence in the resulting conversation now.' })),
  from: z.string().check(doc({ description: 'The conversation it was written in.' })),
  fromSeq: z.int().check(doc({ description: 'Its sequence there.' })),
});

/** `GET /v1/admin/conversations/{id}/merge`: what a conversation was merged into, and what was merged into it. */
export const MergeState = z.object({
  mergedInto: z.nullable(
    z.string().check(
      doc({
        description:
          'The conversation this one was merged into (follow it: this one takes no new message); `null` when it was not.',
      }),
    ),
  ),
  mergedFrom: z.array(
    z.object({
      conversationId: z.string(),
      at: z.int(),
      by: z.string().check(doc({ description: 'Who merged it (a staff member’s name).' })),
      messages: z.int().check(doc({ description: 'How many messages it brought.' })),
    }),
  ),
  origins: z.array(MergedOrigin).check(doc({ description: 'Every message that came from another conversation.' })),
});

/** One merge of two contacts, as listed and undone. */
export const ContactMerge = z.object({
  id: z.string(),
  contactId: z.string().check(doc({ description: 'The contact kept.' })),
  mergedContactId: z.string().check(doc({ description: 'The contact absorbed (removed until an undo).' })),
  conversations: z.array(z.string()).check(doc({ description: 'Its conversations, moved to the kept contact.' })),
  by: z.string(),
  at: z.int(),
  undoUntil: z.int().check(doc({ description: 'Until when it can be undone (24 hours after).' })),
  undoneAt: z.nullable(z.int()),
});

/** What merging two conversations answers. */
export const MergeConversationsResult = z.object({
  conversation: ConversationSummary,
  merged: z.object({
    from: z.string(),
    messages: z.int().check(doc({ description: 'How many messages moved.' })),
    firstSeq: z.int().check(doc({ description: 'The sequence the first moved message has now (0 when none).' })),
  }),
  /** The merge of the two contacts made first (`mergeContacts`); absent when none was needed. */
  contactMerge: z.optional(ContactMerge),
});

/** `POST /v1/admin/contacts/{id}/merge`: the contact `{id}` absorbs `from`. */
export const MergeContactsBody = z
  .strictObject({
    from: id.check(
      doc({
        description:
          'The other record of the same person: its conversations, notes, consent and email join `{id}`, and it is removed (an undo restores it within 24 hours).',
      }),
    ),
  })
  .check(doc({ example: { from: 'v_other' } }));

/** `GET /v1/admin/contacts/{id}/merges`. */
export const ContactMergeList = z.object({ items: z.array(ContactMerge) });

/** The most likely duplicates of a contact listed (`GET /v1/admin/contacts/{id}/duplicates`). */
export const MAX_DUPLICATES = 5;

/** `GET /v1/admin/contacts/{id}/duplicates`: other records of the site with the same vouched-for email. */
export const ContactDuplicates = z.object({
  items: z.array(Contact).check(
    doc({
      description:
        'At most 5, most recently seen first: contacts of the same site whose email is the same as `{id}`’s, both addresses vouched for (signed by the site with `user.emailHash`, or set by staff). Empty when `{id}`’s email is a claim or there is none.',
    }),
  ),
});

/** How long a merge of contacts can be undone: 24 hours. */
export const CONTACT_MERGE_UNDO_MS = 24 * 60 * 60 * 1000;

export type MergeConversationsBody = z.input<typeof MergeConversationsBody>;
export type MergeState = z.output<typeof MergeState>;
export type MergeConversationsResult = z.output<typeof MergeConversationsResult>;
export type MergeContactsBody = z.input<typeof MergeContactsBody>;
export type ContactMerge = z.output<typeof ContactMerge>;
export type ContactMergeList = z.output<typeof ContactMergeList>;
export type ContactDuplicates = z.output<typeof ContactDuplicates>;
