import type { ConversationFlags, FlagsDismissed, SafetyFlag, SpamState } from '@parley/protocol/admin';
import { ApiError } from '../http/admin-http.js';
import { audit, conversationOr404, type AdminRoute, type Call } from '../http/admin-routes/admin-route.js';
import type { Moderation } from './moderation.js';

function moderationOf(call: Call): Moderation {
  const moderation = call.use('moderation');
  if (!moderation) throw new ApiError('not_found', 'Spam and review are not part of this relay.');
  return moderation;
}

/** Spam and review (docs/safety.md, "Spam and review"): any staff member of the site. */
export const moderationRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/conversations/{id}/flags',
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
  },
  {
    method: 'POST',
    path: '/v1/admin/conversations/{id}/flags/dismiss',
    run: async (call) => {
      const conversation = await conversationOr404(call);
      const dismissed = await moderationOf(call).dismiss(conversation, call.staff.id);
      if (dismissed > 0)
        await audit(call, 'conversation.flags-dismiss', 'conversation', conversation.id, { dismissed });
      return { status: 200, body: { dismissed } satisfies FlagsDismissed };
    },
  },
  {
    method: 'POST',
    path: '/v1/admin/conversations/{id}/spam',
    run: async (call) => {
      const conversation = await conversationOr404(call);
      const mark = await moderationOf(call).markSpam(conversation, call.staff);
      await audit(call, 'conversation.spam', 'conversation', conversation.id, { blockedUntil: mark.until });
      return { status: 200, body: { spam: true, blockedUntil: mark.until } satisfies SpamState };
    },
  },
  {
    method: 'DELETE',
    path: '/v1/admin/conversations/{id}/spam',
    run: async (call) => {
      const conversation = await conversationOr404(call);
      if (!(await moderationOf(call).unmarkSpam(conversation)))
        throw new ApiError('conflict', 'This conversation is not marked as spam.');
      await audit(call, 'conversation.not-spam', 'conversation', conversation.id);
      return { status: 200, body: { spam: false, blockedUntil: null } satisfies SpamState };
    },
  },
];
