import { MentionPage, MentionsRead, MentionsReadResult } from '@parley/protocol/admin';
import { adminRoute, visibleIds, visibleOr404, type AdminRoute } from '../features/admin-routes/admin-route.js';
import { flag, millis, pageSize } from '../features/admin-routes/route-query.js';
import { ok } from '../http/openapi/openapi-parts.js';

/** Mentions (issue #19): where colleagues named the caller with @ in a note, and marking them read. */
export const mentionRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/me/mentions',
    doc: {
      summary: 'My mentions',
      description:
        'Notes in which a colleague named me with `@` and my name, newest first, and how many I have not read. A mention is recorded once per note, right after the note is stored; a colleague away from the inbox (no connection within 45 s, or not available) is emailed a minute later if they have email notifications on and have not opened the conversation by then.',
      tag: 'mentions',
      responses: ok('A page of mentions.', MentionPage),
    },
    query: {
      unread: flag('Only those not read yet.'),
      before: millis('Only those written before this time (ms): the next page.', { type: 'integer' }),
      limit: pageSize(50, 200),
    },
    run: async (call) => {
      const { unread, before, limit } = call.query;
      const page = await call.admin.repos.mentions.listMentions(call.site.id, call.staff.id, {
        unread,
        ...(before !== undefined ? { before } : {}),
        limit,
      });
      // Only where the caller may still see the conversation (issue #41): it may have moved to another team since.
      const visible = await visibleIds(
        call,
        page.items.map((item) => item.conversationId),
      );
      const shown = visible ? { ...page, items: page.items.filter((item) => visible.has(item.conversationId)) } : page;
      return { status: 200, body: shown satisfies MentionPage };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/me/mentions/read',
    requestBody: MentionsRead,
    doc: {
      summary: 'Mark my mentions in a conversation read',
      description:
        'The inbox calls it when I open the conversation. A conversation of another site, or none, is 404, as on every route that names one.',
      tag: 'mentions',
      notFound: true,
      responses: ok('How many were unread.', MentionsReadResult),
    },
    run: async (call) => {
      const { conversationId } = call.body;
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
  }),
];
