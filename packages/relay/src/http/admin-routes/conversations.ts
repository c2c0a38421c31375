import { screenedInput } from '../../core/screening.js';
import * as z from 'zod/mini';
import { ConversationStatus, LIMITS, type Message } from '@parley/protocol';
import { ConversationPatch, type Me, MessageCreate } from '@parley/protocol/admin';
import type { OutboxInsert } from '../../outbox/outbox.js';
import { wireRole } from '../../store/store.js';
import { conversationTimelineRoute } from './conversation-timeline.js';
import { ApiError, check, parseBody } from '../admin-http.js';
import {
  conversationOr404,
  Label,
  audit,
  decodeCursor,
  encodeCursor,
  pageLimit,
  queryObject,
  type AdminRoute,
} from './admin-route.js';

const ConversationQuery = z.object({
  status: z.optional(ConversationStatus),
  view: z.optional(z.enum(['mine', 'unassigned', 'all', 'overdue', 'mentions', 'review', 'spam'])),
  unread: z.optional(z.enum(['true', 'false'])),
  label: z.optional(Label),
  q: z.optional(z.string().check(z.maxLength(200))),
  cursor: z.optional(z.string().check(z.maxLength(300))),
  limit: z.optional(z.string().check(z.regex(/^\d{1,3}$/))),
});
const MessagesQuery = z.object({
  before: z.optional(z.string().check(z.regex(/^\d{1,15}$/))),
  limit: z.optional(z.string().check(z.regex(/^\d{1,3}$/))),
});

/** Routes of the signed-in staff member and of conversations: the list, one conversation, its messages. */
export const conversationRoutes: readonly AdminRoute[] = [
  conversationTimelineRoute,
  {
    method: 'GET',
    path: '/v1/admin/me',
    adminOnly: false,
    run: async ({ staff, site }) => ({
      status: 200,
      body: {
        id: staff.id,
        name: staff.name,
        role: wireRole(staff),
        site: { id: site.id, name: site.name },
      } satisfies Me,
    }),
  },
  {
    method: 'GET',
    path: '/v1/admin/conversations',
    adminOnly: false,
    run: async (call) => {
      const raw = queryObject(call.request);
      const query = check(ConversationQuery, raw, 'query');
      const conditions = await call.admin.conversationFilters.conditions(call.site.id, raw);
      await call.admin.flushContacts();
      const page = await call.admin.repos.conversations.listConversations({
        siteId: call.site.id,
        staffId: call.staff.id,
        status: query.status,
        view: query.view,
        unread: query.unread === 'true',
        label: query.label,
        q: query.q,
        conditions,
        cursor: decodeCursor(query.cursor),
        limit: pageLimit(query.limit, 25, 100),
      });
      return {
        status: 200,
        body: {
          items: page.items.map((record) => call.admin.summary(record)),
          ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}),
          counts: page.counts,
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/conversations/{id}',
    adminOnly: false,
    run: async (call) => {
      await call.admin.flushContacts();
      return { status: 200, body: call.admin.summary(await conversationOr404(call)) };
    },
  },
  {
    method: 'PATCH',
    path: '/v1/admin/conversations/{id}',
    adminOnly: false,
    requestBody: ConversationPatch,
    run: async (call) => {
      const patch = await parseBody(call.request, ConversationPatch);
      const before = await conversationOr404(call);
      if (patch.assigneeId) {
        const assignee = await call.admin.repos.desk.getStaff(call.site.id, patch.assigneeId);
        if (!assignee || assignee.revokedAt !== null)
          throw new ApiError('bad_request', 'Invalid body.assigneeId: no such staff member on this site.');
      }
      // Moving it to a team: routing picks an agent inside it (unless this patch names one, or its assignee is in it).
      let routed: readonly OutboxInsert[] | undefined;
      if (patch.teamId) {
        const team = (await call.admin.repos.routing.listTeams(call.site.id)).find(
          (found) => found.id === patch.teamId,
        );
        if (!team) throw new ApiError('bad_request', 'Invalid body.teamId: no such team on this site.');
        const assignee = patch.assigneeId === undefined ? before.assigneeId : patch.assigneeId;
        if (patch.assigneeId === undefined && (assignee === null || !team.memberIds.includes(assignee)))
          routed = call.use('routing')?.assignmentEffects(call.site.id, before.id, 'team', assignee);
      }
      // Every feature's side effects (`conversation.updated` webhooks…) are written with the change.
      const updated = await call.admin.conversations.update({
        siteId: call.site.id,
        before,
        patch,
        cause: { kind: 'staff', staffId: call.staff.id, staffName: call.staff.name },
        at: call.now,
        effects: routed,
        audit: { action: 'conversation.update', details: { ...patch } },
      });
      if (!updated) throw new ApiError('not_found', 'No such conversation on this site.');
      return { status: 200, body: call.admin.summary(updated) };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/conversations/{id}/messages',
    adminOnly: false,
    run: async (call) => {
      const query = check(MessagesQuery, queryObject(call.request), 'query');
      const conversation = await conversationOr404(call);
      const limit = pageLimit(query.limit, 50, LIMITS.maxHistoryPage);
      const before = query.before === undefined ? conversation.lastSeq + 1 : Number(query.before);
      const items = await call.core.store.messagesBefore(conversation.id, before, limit + 1, { includeNotes: true });
      const hasMore = items.length > limit;
      if (hasMore) items.shift();
      return {
        status: 200,
        body: { items: call.use('attachments')?.files.signAll(items, call.baseUrl) ?? items, hasMore },
      };
    },
  },
  {
    method: 'POST',
    path: '/v1/admin/conversations/{id}/messages',
    adminOnly: false,
    requestBody: MessageCreate,
    run: async (call) => {
      const body = await parseBody(call.request, MessageCreate);
      if (body.note && body.buttons) throw new ApiError('bad_request', 'Invalid body.buttons: a note has no buttons.');
      const conversation = await conversationOr404(call);
      const kind: Message['kind'] = body.note ? 'note' : 'text';
      const input = {
        siteId: call.site.id,
        conversationId: conversation.id,
        visitorId: conversation.visitorId,
        clientId: body.id,
        author: { role: 'staff', id: call.staff.id, name: call.staff.name },
        text: body.text,
        kind,
        ...(body.buttons ? { extra: { buttons: body.buttons } } : {}),
      } as const;
      const screened = call.core.screen({ ...input, role: 'staff', via: 'admin' });
      if (screened?.refused) throw new ApiError(screened.refused.code, screened.refused.message);
      let result;
      try {
        await screened?.before?.();
        result = await call.core.store.append(screenedInput(input, screened));
      } catch (error) {
        call.core.log.warn('admin append failed', { error: String(error) });
        throw new ApiError('store_unavailable', undefined, { 'retry-after': '1' });
      }
      if (result.duplicate) {
        // Between relays, published again: the relay that stored it first may have died before publishing it.
        call.core.publishMessage(result.message, call.site.id, true);
        return { status: 200, body: { message: result.message, duplicate: true } };
      }
      call.core.metrics.messagesStored += 1;
      screened?.stored?.(result.message);
      call.core.publishMessage(result.message, call.site.id);
      await audit(call, kind === 'note' ? 'note.create' : 'message.create', 'conversation', conversation.id, {
        messageId: result.message.id,
        seq: result.message.seq,
      });
      return { status: 201, body: { message: result.message, duplicate: false } };
    },
  },
];
