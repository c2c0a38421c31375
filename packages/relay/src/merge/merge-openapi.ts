import {
  ContactDuplicates,
  ContactMerge,
  ContactMergeList,
  MergeContactsBody,
  MergeConversationsBody,
  MergeConversationsResult,
  MergeState,
} from '@parley/protocol/admin';
import { type Json, body, idParam, ok, operation } from '../http/openapi/openapi-parts.js';

/** How the API document describes merge's routes (`merge-routes.ts` serves them; docs/merge.md). */
export const mergePaths = (): Record<string, Json> => ({
  '/v1/admin/conversations/{id}/merge': {
    get: operation(
      'What a conversation was merged into, and what into it',
      '`mergedInto` names the conversation a merged one now lives in (follow it: a merged conversation takes no new message, 409 `conflict`); `mergedFrom` the conversations it absorbed; `origins` where each absorbed message came from (its conversation and sequence there).',
      {
        tag: 'conversations',
        parameters: [idParam('conversation')],
        notFound: true,
        responses: ok('Its merges.', MergeState),
      },
    ),
    post: operation(
      'Merge another conversation into this one',
      'Every message of `from` moves into `{id}` after its own, in their order, keeping their text, time and ids; each records where it came from. Labels are joined, the more active status and higher priority kept, the assignee and team of `{id}` first. `from` is resolved and closed for good: its visitor’s widget follows to `{id}`. One transaction: all of it or nothing. The two must have the same contact (else 409 `conflict`: merge the contacts first); neither may have been merged already. A timeline event on each and a `conversation.updated` webhook for each. With `mergeContacts: true` (`contacts.manage`), conversations of two contacts are merged in one request: the contacts first (`contactMerge` in the answer; it cannot be undone once the conversations are one), then the conversations; if the second step is refused, the message says the contacts were merged and how to undo it.',
      {
        tag: 'conversations',
        parameters: [idParam('conversation')],
        requestBody: body(MergeConversationsBody),
        notFound: true,
        conflict: true,
        responses: ok('Merged: the result, and what moved.', MergeConversationsResult),
      },
    ),
  },
  '/v1/admin/contacts/{id}/merge': {
    post: operation(
      'Merge another contact into this one',
      'Two records of the same person become `{id}`: the conversations of `from` move to it, notes are joined, the later consent and the email kept, a verified identity wins over an unverified one, and `from` is removed. Audited (`contact.merge`). Undo within 24 hours with `POST /v1/admin/contact-merges/{mergeId}/undo`.',
      {
        tag: 'contacts',
        adminOnly: true,
        parameters: [idParam('contact')],
        requestBody: body(MergeContactsBody),
        notFound: true,
        responses: ok('Merged.', ContactMerge),
      },
    ),
  },
  '/v1/admin/contacts/{id}/duplicates': {
    get: operation(
      'Likely duplicates of a contact',
      'Other contacts of the site with the same email as `{id}`, both addresses vouched for: signed by the site (`user.emailHash`, docs/merge.md) or set by staff. An address the page or the visitor gave is a claim and matches nothing, so nobody can put their record beside another person’s by typing their address. At most 5, most recently seen first; their conversations as far as the caller may see them.',
      {
        tag: 'contacts',
        adminOnly: true,
        parameters: [idParam('contact')],
        notFound: true,
        responses: ok('Its likely duplicates (often none).', ContactDuplicates),
      },
    ),
  },
  '/v1/admin/contacts/{id}/merges': {
    get: operation('The merges a contact took part in', 'Newest first, undone ones included.', {
      tag: 'contacts',
      parameters: [idParam('contact')],
      notFound: true,
      responses: ok('Its merges.', ContactMergeList),
    }),
  },
  '/v1/admin/contact-merges/{id}/undo': {
    post: operation(
      'Undo a merge of contacts',
      'Within 24 hours: both contacts as they were before, the absorbed one’s conversations back with it (those started since stay). 409 `conflict` once undone or past the time, or once one of the conversations it moved was merged with one it did not move (it holds both people’s messages; the message names them).',
      {
        tag: 'contacts',
        adminOnly: true,
        parameters: [idParam('contact merge')],
        notFound: true,
        conflict: true,
        responses: ok('Undone.', ContactMerge),
      },
    ),
  },
});
