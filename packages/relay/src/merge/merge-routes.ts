import {
  ContactDuplicates,
  ContactMerge,
  ContactMergeList,
  MergeContactsBody,
  MergeConversationsBody,
  MergeConversationsResult,
  MergeState,
} from '@parley/protocol/admin';
import { ApiError } from '../http/admin-http.js';
import { contactsJson } from '../admin/public.js';
import {
  adminRoute,
  conversationOr404,
  visibleIds,
  visibleOr404,
  type AdminRoute,
  type Call,
} from '../features/admin-routes/admin-route.js';
import { ok } from '../http/openapi/openapi-parts.js';
import type { ContactMergeRecord } from './merge-repository.js';
import { MergeRefused, type Merge } from './merge.js';

function mergeOf(call: Call): Merge {
  const merge = call.use('merge');
  if (!merge) throw new ApiError('not_found', 'Merging is not part of this relay.');
  return merge;
}

/** A refusal of the feature as the API's error. */
async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof MergeRefused) throw new ApiError(error.code, error.message);
    throw error;
  }
}

function contactMerge(record: ContactMergeRecord, visible?: ReadonlySet<string>): ContactMerge {
  return {
    id: record.id,
    contactId: record.contactId,
    mergedContactId: record.mergedContactId,
    conversations: visible ? record.conversations.filter((id) => visible.has(id)) : [...record.conversations],
    by: record.mergedBy,
    at: record.mergedAt,
    undoUntil: record.undoUntil,
    undoneAt: record.undoneAt,
  };
}

const by = (call: Call) => ({ id: call.staff.id, name: call.staff.name });

/**
 * Merging (docs/merge.md): conversations by any staff member of the site; contacts (and their undo) by admins, since
 * they join two people's records.
 */
export const mergeRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/conversations/{id}/merge',
    resource: 'conversation',
    doc: {
      summary: 'What a conversation was merged into, and what into it',
      description:
        '`mergedInto` names the conversation a merged one now lives in (follow it: a merged conversation takes no new message, 409 `conflict`); `mergedFrom` the conversations it absorbed; `origins` where each absorbed message came from (its conversation and sequence there).',
      tag: 'conversations',
      responses: ok('Its merges.', MergeState),
    },
    run: async (call) => {
      const conversation = await conversationOr404(call);
      const state = await mergeOf(call).state(call.site.id, conversation.id);
      return { status: 200, body: state satisfies MergeState };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/conversations/{id}/merge',
    resource: 'conversation',
    requestBody: MergeConversationsBody,
    doc: {
      summary: 'Merge another conversation into this one',
      description:
        'Every message of `from` moves into `{id}` after its own, in their order, keeping their text, time and ids; each records where it came from. Labels are joined, the more active status and higher priority kept, the assignee and team of `{id}` first. `from` is resolved and closed for good: its visitor’s widget follows to `{id}`. One transaction: all of it or nothing. The two must have the same contact (else 409 `conflict`: merge the contacts first); neither may have been merged already. A timeline event on each and a `conversation.updated` webhook for each. With `mergeContacts: true` (`contacts.manage`), conversations of two contacts are merged in one request: the contacts first (`contactMerge` in the answer; it cannot be undone once the conversations are one), then the conversations; if the second step is refused, the message says the contacts were merged and how to undo it.',
      tag: 'conversations',
      conflict: true,
      responses: ok('Merged: the result, and what moved.', MergeConversationsResult),
    },
    run: async (call) => {
      const body = call.body;
      // Both must be the caller's to see (issue #41): the one it goes into and the one it takes.
      await conversationOr404(call);
      const from = await call.admin.repos.conversations.getConversation(call.site.id, body.from);
      if (from) visibleOr404(call, from);
      // Merging the contacts on the way takes what merging them alone takes.
      if (body.mergeContacts === true && !call.permissions.includes('contacts.manage'))
        throw new ApiError(
          'forbidden',
          'Invalid body.mergeContacts: merging contacts takes the contacts.manage permission.',
        );
      const {
        conversation,
        outcome,
        contactMerge: joined,
      } = await refusing(() =>
        mergeOf(call).mergeConversations(call.site.id, call.params.id!, body.from, by(call), body.mergeContacts),
      );
      const result: MergeConversationsResult = {
        conversation: call.admin.summary(conversation),
        merged: { from: body.from, messages: outcome.moved, firstSeq: outcome.moved > 0 ? outcome.offset + 1 : 0 },
        ...(joined ? { contactMerge: contactMerge(joined) } : {}),
      };
      return { status: 200, body: result };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/contacts/{id}/merge',
    permission: 'contacts.manage',
    resource: 'contact',
    requestBody: MergeContactsBody,
    doc: {
      summary: 'Merge another contact into this one',
      description:
        'Two records of the same person become `{id}`: the conversations of `from` move to it, notes are joined, the later consent and the email kept, a verified identity wins over an unverified one, and `from` is removed. Audited (`contact.merge`). Undo within 24 hours with `POST /v1/admin/contact-merges/{mergeId}/undo`.',
      tag: 'contacts',
      responses: ok('Merged.', ContactMerge),
    },
    run: async (call) => {
      const merged = await refusing(() =>
        mergeOf(call).mergeContacts(call.site.id, call.params.id!, call.body.from, by(call)),
      );
      return { status: 200, body: contactMerge(merged) };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/contacts/{id}/duplicates',
    // A hint for those who may act on it: who else has this person's address is not every member's to learn.
    permission: 'contacts.manage',
    resource: 'contact',
    doc: {
      summary: 'Likely duplicates of a contact',
      description:
        'Other contacts of the site with the same email as `{id}`, both addresses vouched for: signed by the site (`user.emailHash`, docs/merge.md) or set by staff. An address the page or the visitor gave is a claim and matches nothing, so nobody can put their record beside another person’s by typing their address. At most 5, most recently seen first; their conversations as far as the caller may see them.',
      tag: 'contacts',
      responses: ok('Its likely duplicates (often none).', ContactDuplicates),
    },
    run: async (call) => {
      const found = await mergeOf(call).duplicates(call.site.id, call.params.id!);
      if (!found) throw new ApiError('not_found', 'No such contact on this site.');
      return { status: 200, body: { items: await contactsJson(call, found) } satisfies ContactDuplicates };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/contacts/{id}/merges',
    resource: 'contact',
    doc: {
      summary: 'The merges a contact took part in',
      description: 'Newest first, undone ones included.',
      tag: 'contacts',
      responses: ok('Its merges.', ContactMergeList),
    },
    run: async (call) => {
      const merges = await mergeOf(call).contactMerges(call.site.id, call.params.id!);
      // A contact merged away has no record but its merges; anything else unknown on this site is not there.
      if (merges.length === 0 && !(await call.admin.repos.contacts.getContact(call.site.id, call.params.id!)))
        throw new ApiError('not_found', 'No such contact on this site.');
      // The conversations each merge moved, as far as the caller may see them (issue #41).
      const visible = await visibleIds(
        call,
        merges.flatMap((merge) => merge.conversations),
      );
      return {
        status: 200,
        body: { items: merges.map((merge) => contactMerge(merge, visible)) } satisfies ContactMergeList,
      };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/contact-merges/{id}/undo',
    permission: 'contacts.manage',
    resource: 'contact merge',
    doc: {
      summary: 'Undo a merge of contacts',
      description:
        'Within 24 hours: both contacts as they were before, the absorbed one’s conversations back with it (those started since stay). 409 `conflict` once undone or past the time, or once one of the conversations it moved was merged with one it did not move (it holds both people’s messages; the message names them).',
      tag: 'contacts',
      conflict: true,
      responses: ok('Undone.', ContactMerge),
    },
    run: async (call) => {
      const undone = await refusing(() => mergeOf(call).undoContactMerge(call.site.id, call.params.id!, by(call)));
      return { status: 200, body: contactMerge(undone) };
    },
  }),
];
