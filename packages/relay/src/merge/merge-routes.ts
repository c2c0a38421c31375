import {
  MergeContactsBody,
  MergeConversationsBody,
  type ContactMerge,
  type ContactDuplicates,
  type ContactMergeList,
  type MergeConversationsResult,
  type MergeState,
} from '@parley/protocol/admin';
import { ApiError, parseBody } from '../http/admin-http.js';
import { contactsJson } from '../admin/contacts/contact-routes.js';
import {
  conversationOr404,
  visibleIds,
  visibleOr404,
  type AdminRoute,
  type Call,
} from '../http/admin-routes/admin-route.js';
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
  {
    method: 'GET',
    path: '/v1/admin/conversations/{id}/merge',
    run: async (call) => {
      const conversation = await conversationOr404(call);
      const state = await mergeOf(call).state(call.site.id, conversation.id);
      return { status: 200, body: state satisfies MergeState };
    },
  },
  {
    method: 'POST',
    path: '/v1/admin/conversations/{id}/merge',
    requestBody: MergeConversationsBody,
    run: async (call) => {
      const body = await parseBody(call.request, MergeConversationsBody);
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
  },
  {
    method: 'POST',
    path: '/v1/admin/contacts/{id}/merge',
    permission: 'contacts.manage',
    requestBody: MergeContactsBody,
    run: async (call) => {
      const body = await parseBody(call.request, MergeContactsBody);
      const merged = await refusing(() =>
        mergeOf(call).mergeContacts(call.site.id, call.params.id!, body.from, by(call)),
      );
      return { status: 200, body: contactMerge(merged) };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/contacts/{id}/duplicates',
    // A hint for those who may act on it: who else has this person's address is not every member's to learn.
    permission: 'contacts.manage',
    run: async (call) => {
      const found = await mergeOf(call).duplicates(call.site.id, call.params.id!);
      if (!found) throw new ApiError('not_found', 'No such contact on this site.');
      return { status: 200, body: { items: await contactsJson(call, found) } satisfies ContactDuplicates };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/contacts/{id}/merges',
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
  },
  {
    method: 'POST',
    path: '/v1/admin/contact-merges/{id}/undo',
    permission: 'contacts.manage',
    run: async (call) => {
      const undone = await refusing(() => mergeOf(call).undoContactMerge(call.site.id, call.params.id!, by(call)));
      return { status: 200, body: contactMerge(undone) };
    },
  },
];
