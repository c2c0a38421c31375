import * as z from 'zod/mini';
import { type MentionPage, MentionsRead } from '@parley/protocol/admin';
import { check, parseBody } from '../http/admin-http.js';
import {
  pageLimit,
  QueryMillis,
  queryObject,
  visibleIds,
  visibleOr404,
  type AdminRoute,
} from '../http/admin-routes/admin-route.js';

const ListQuery = z.object({
  unread: z.optional(z.enum(['true', 'false'])),
  before: z.optional(QueryMillis),
  limit: z.optional(z.string()),
});

/** Mentions (issue #19): where colleagues named the caller with @ in a note, and marking them read. */
export const mentionRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/me/mentions',
    run: async (call) => {
      const { unread, before, limit } = check(ListQuery, queryObject(call.request), 'query');
      const page = await call.admin.repos.mentions.listMentions(call.site.id, call.staff.id, {
        unread: unread === 'true',
        ...(before !== undefined ? { before: Number(before) } : {}),
        limit: pageLimit(limit, 50, 200),
      });
      // Only where the caller may still see the conversation (issue #41): it may have moved to another team since.
      const visible = await visibleIds(
        call,
        page.items.map((item) => item.conversationId),
      );
      const shown = visible ? { ...page, items: page.items.filter((item) => visible.has(item.conversationId)) } : page;
      return { status: 200, body: shown satisfies MentionPage };
    },
  },
  {
    method: 'POST',
    path: '/v1/admin/me/mentions/read',
    requestBody: MentionsRead,
    run: async (call) => {
      const { conversationId } = await parseBody(call.request, MentionsRead);
      // As every route that names a conversation: another site's, or none, is not found (not `read: 0`).
      visibleOr404(call, await call.admin.repos.conversations.getConversation(call.site.id, conversationId));
      const read = await call.admin.repos.mentions.markMentionsRead(
        call.site.id,
        call.staff.id,
        conversationId,
        call.now,
      );
      return { status: 200, body: { read } };
    },
  },
];
