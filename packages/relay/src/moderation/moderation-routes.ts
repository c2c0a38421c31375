import { ConversationFlags, FlagsDismissed, type SafetyFlag, SpamState } from '@parley/protocol/admin';
import { ApiError } from '../http/admin-http.js';
import {
  adminRoute,
  audit,
  conversationOr404,
  type AdminRoute,
  type Call,
} from '../features/admin-routes/admin-route.js';
import { ok } from '../http/openapi/openapi-parts.js';
import type { Moderation } from './moderation.js';

function moderationOf(call: Call): Moderation {
  const moderation = call.use('moderation');
  if (!moderation) throw new ApiError('not_found', 'Spam and review are not part of this relay.');
  return moderation;
}

/** Spam and review (docs/safety.md, "Spam and review"): any staff member of the site. */
export const moderationRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/conversations/{id}/flags',
    resource: 'conversation',
    doc: {
      summary: 'Why a conversation is up for review',
      description:
        'Its flags not dismissed, oldest first: raised by the content filter and link rules (`word`, `pattern`, `link`) and by the spam limits (`repeat`: the same text or links in too many conversations within an hour; `network`: too many new conversations from one network). While it is marked as spam, a last `spam` flag names who marked it. Any staff member.',
      tag: 'conversations',
      responses: ok('Its flags.', ConversationFlags),
    },
    run: async (call) => {
      const { items, spam } = await moderationOf(call).flagsOf(await conversationOr404(call));
      const marked: SafetyFlag[] = spam
        ? [{ reason: 'spam', detail: spam.markedByName, seq: null, at: spam.markedAt }]
        : [];
      return {
        status: 200,
        body: { items: [...items, ...marked], spam: spam !== undefined } satisfies ConversationFlags,
      };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/conversations/{id}/flags/dismiss',
    resource: 'conversation',
    doc: {
      summary: 'Dismiss a conversation’s flags',
      description:
        'Every flag not dismissed yet; the conversation leaves the `review` view. A dismissed flag stays dismissed: the same reason and detail do not flag it again. Audited (`conversation.flags-dismiss`). Any staff member.',
      tag: 'conversations',
      responses: ok('How many were dismissed.', FlagsDismissed),
    },
    run: async (call) => {
      const conversation = await conversationOr404(call);
      const dismissed = await moderationOf(call).dismiss(conversation, call.staff.id);
      if (dismissed > 0)
        await audit(call, 'conversation.flags-dismiss', 'conversation', conversation.id, { dismissed });
      return { status: 200, body: { dismissed } satisfies FlagsDismissed };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/conversations/{id}/spam',
    resource: 'conversation',
    doc: {
      summary: 'Mark a conversation as spam',
      description:
        'It is hidden from every view of the list but `spam` and kept out of reports; its visitor and the network it was opened from (IPv4 /24, IPv6 /48) are blocked for the site’s `spam.blockHours`: their messages are refused with `blocked`. Marking again starts the block again. Audited (`conversation.spam`). Any staff member.',
      tag: 'conversations',
      responses: ok('Marked.', SpamState),
    },
    run: async (call) => {
      const conversation = await conversationOr404(call);
      const mark = await moderationOf(call).markSpam(conversation, call.staff);
      await audit(call, 'conversation.spam', 'conversation', conversation.id, { blockedUntil: mark.until });
      return { status: 200, body: { spam: true, blockedUntil: mark.until } satisfies SpamState };
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/v1/admin/conversations/{id}/spam',
    resource: 'conversation',
    doc: {
      summary: 'Not spam',
      description:
        'Takes the mark off: the conversation shows again, counts in reports, and its blocks are lifted. 409 `conflict` when it is not marked. Audited (`conversation.not-spam`). Any staff member.',
      tag: 'conversations',
      conflict: true,
      responses: ok('Not spam.', SpamState),
    },
    run: async (call) => {
      const conversation = await conversationOr404(call);
      if (!(await moderationOf(call).unmarkSpam(conversation)))
        throw new ApiError('conflict', 'This conversation is not marked as spam.');
      await audit(call, 'conversation.not-spam', 'conversation', conversation.id);
      return { status: 200, body: { spam: false, blockedUntil: null } satisfies SpamState };
    },
  }),
];
