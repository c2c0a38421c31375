import { screenedInput } from '../../core/screening.js';
import * as z from 'zod/mini';
import { ConversationStatus, ConversationSummary, LIMITS, type Message } from '@parley/protocol';
import {
  ConversationPage,
  ConversationPatch,
  Label,
  Me,
  MessageCreate,
  MessagePage,
  MessageResult,
  ChannelChoice,
  VIEW_LIMITS,
  ViewFilter,
} from '@parley/protocol/admin';
import { conversationListParams, scopeCondition } from '../conversation-filters.js';
import type { OutboxInsert } from '../../outbox/outbox.js';
import type { ConversationPatch as Change, ConversationFilter, ConversationRecord } from '../../store/admin-store.js';
import { searchTerms } from '../../store/sql/admin-rows.js';
import { wireRole } from '../../store/store.js';
import { conversationTimelineRoute } from './conversation-timeline.js';
import { checkChannelChoice, conversationChannelsRoute } from './conversation-channels.js';
import { replyDeliveriesRoute } from './reply-deliveries.js';
import { ApiError, check } from '../../http/admin-http.js';
import { errorResponse, ok, status } from '../../http/openapi/openapi-parts.js';
import { cursor, encodeCursor, flag, pageSize, rawQuery, seq, text } from '../../features/admin-routes/route-query.js';
import {
  adminRoute,
  conversationOr404,
  audit,
  type AdminRoute,
  type Call,
} from '../../features/admin-routes/admin-route.js';

/** The conversation list's built-in views (`view`); a saved view's id is taken there too. */
const BUILT_IN_VIEWS = ['mine', 'unassigned', 'all', 'overdue', 'mentions', 'review', 'spam'] as const;

/**
 * The conversation list's own parameters; features add the ones their filters read (`conversationListParams`),
 * before `cursor`.
 */
const listQuery = {
  status: text(ConversationStatus, 'Only this status.', status),
  // A built-in view, or a saved view's id (as `savedView`): the inbox shows saved views beside the built-in ones.
  view: text(
    z.union([
      z.enum(BUILT_IN_VIEWS),
      z
        .string()
        .check(
          z.regex(
            /^vw_[A-Za-z0-9_-]{1,64}$/,
            'one of mine, unassigned, all, overdue, mentions, review, spam, or a saved view’s id',
          ),
        ),
    ]),
    '`mine`: assigned to the caller; `unassigned`; `all` (default); `overdue`: the first-reply deadline passed unanswered (still unanswered, not resolved); `mentions`: a colleague named the caller in a note they have not read (opening the conversation in the inbox reads them: `POST /v1/admin/me/mentions/read`); `review`: flagged for review, flags not dismissed; `spam`: marked as spam (such conversations are in no other view). A saved view’s id (`vw_…`) is taken here too, as `savedView`.',
    { type: 'string', enum: [...BUILT_IN_VIEWS] },
  ),
  unread: flag('Only conversations with visitor messages after the staff read mark.'),
  label: text(Label, 'Only conversations with this label.', { type: 'string', maxLength: 64 }),
  // A saved view's criteria as parameters (docs/views-and-bulk.md); `savedView` applies one, these override it.
  assignee: text(
    ViewFilter.shape.assignee.def.innerType,
    '`me`: assigned to the caller; `none`: unassigned; otherwise a staff id.',
    { type: 'string', pattern: '^(me|none|[A-Za-z0-9_-]{1,128})$' },
  ),
  teamId: text(ViewFilter.shape.teamId.def.innerType, 'Only conversations of this team.', {
    type: 'string',
    pattern: '^[A-Za-z0-9_-]{1,128}$',
  }),
  labels: text(
    z.string().check(z.maxLength(VIEW_LIMITS.labels * 65)),
    'Only conversations with all of these labels, comma-separated (at most 5).',
    { type: 'string' },
  ),
  channel: text(
    ChannelChoice,
    'Only conversations that came in on this channel: `chat`, `email`, `api` (an API channel’s), or a messaging provider’s id (`whatsapp`, `telegram`, `twilio`…: `GET /v1/admin/conversation-channels`).',
    { type: 'string', pattern: '^[a-z]{1,32}$' },
  ),
  savedView: text(
    z.string().check(z.maxLength(128)),
    'A saved view’s id (`GET /v1/admin/views`): its filter applies; `status`, `assignee`, `teamId`, `labels` and `channel` given as well override its own. Another’s personal view is 404.',
    { type: 'string' },
  ),
  q: text(
    z.string().check(z.maxLength(200)),
    'Full-text search over message text (notes included): every word must occur, the last may be a prefix. A conversation is also found when every word is in its custom attribute values or its contact’s (text, list, link, number; anywhere in the value, case aside; verified ones only with `attributeValues=verified`). docs/attributes.md.',
    { type: 'string', maxLength: 200 },
  ),
  cursor: cursor(),
  limit: pageSize(25, 100),
};
/** A team of the site, as routing keeps it. */
type Team = Awaited<ReturnType<Call['admin']['repos']['routing']['listTeams']>>[number];

/**
 * Checks that a change's assignee and team are the site's (`bad_request` naming the field otherwise); the team, to
 * route in. Asked once per request, however many conversations it changes.
 */
export async function checkTargets(
  call: Call,
  patch: Pick<ConversationPatch, 'assigneeId' | 'teamId'>,
): Promise<Team | undefined> {
  if (patch.assigneeId) {
    const assignee = await call.admin.repos.desk.getStaff(call.site.id, patch.assigneeId);
    if (!assignee || assignee.revokedAt !== null)
      throw new ApiError('bad_request', 'Invalid body.assigneeId: no such staff member on this site.');
  }
  if (!patch.teamId) return undefined;
  const team = (await call.admin.repos.routing.listTeams(call.site.id)).find((found) => found.id === patch.teamId);
  if (!team) throw new ApiError('bad_request', 'Invalid body.teamId: no such team on this site.');
  return team;
}

/**
 * Writes a staff member's change to a conversation through the desk's one writer (every feature's effects, the
 * audit entry the thread's timeline is read from, the publish to other inboxes). Moving it to a team: routing
 * picks an agent inside it (unless the change names one, or its assignee is in it).
 */
export async function writeChange(
  call: Call,
  before: ConversationRecord,
  patch: Change,
  team: Team | undefined,
  details: Record<string, unknown>,
): Promise<ConversationRecord | undefined> {
  let routed: readonly OutboxInsert[] | undefined;
  if (team) {
    const assignee = patch.assigneeId === undefined ? before.assigneeId : patch.assigneeId;
    if (patch.assigneeId === undefined && (assignee === null || !team.memberIds.includes(assignee)))
      routed = call.use('routing')?.assignmentEffects(call.site.id, before.id, 'team', assignee);
  }
  return call.admin.conversations.update({
    siteId: call.site.id,
    before,
    patch,
    cause: { kind: 'staff', staffId: call.staff.id, staffName: call.staff.name },
    at: call.now,
    effects: routed,
    audit: { action: 'conversation.update', details },
  });
}

/** The saved view named by the list's `savedView`: the site's shared ones and the caller's own; else 404. */
async function savedViewOr404(call: Call, id: string): Promise<{ filter: ViewFilter }> {
  const view = await call.use('views')?.find(call.site.id, call.staff.id, id);
  if (!view) throw new ApiError('not_found', 'Invalid query.savedView: no such saved view.');
  return view;
}

/** Routes of the signed-in staff member and of conversations: the list, one conversation, its messages. */
export const conversationRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/me',
    doc: {
      summary: 'Who am I',
      description: 'The staff member the token belongs to, and their site.',
      tag: 'staff',
      responses: ok('The caller.', Me),
    },
    run: async ({ staff, site, permissions }) => ({
      status: 200,
      body: {
        id: staff.id,
        name: staff.name,
        role: wireRole(staff),
        site: { id: site.id, name: site.name },
        permissions: [...permissions],
      } satisfies Me,
    }),
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/conversations',
    doc: {
      summary: 'List conversations',
      description:
        'Newest activity first, with counts per view (within the status filter) and per status (within the view filter); `unread`, `label`, `q` and a saved view’s criteria (`assignee`, `teamId`, `labels`, `channel`, or `savedView`) narrow everything, counts included.',
      tag: 'conversations',
      responses: ok('A page of conversations.', ConversationPage),
    },
    query: listQuery,
    queryPoint: { point: conversationListParams, before: 'cursor' },
    run: async (call) => {
      const { query } = call;
      // What the features' filters read: the request's parameters as given (every one declared: the router checked).
      const raw = rawQuery(call.request);
      const builtIn = query.view?.startsWith('vw_') ? undefined : (query.view as ConversationFilter['view']);
      const savedId = query.savedView ?? (builtIn === undefined ? query.view : undefined);
      const saved = savedId === undefined ? undefined : await savedViewOr404(call, savedId);
      // A channel the relay does not have is refused, named, as a kind outside the list was.
      if (query.channel !== undefined) checkChannelChoice(call.admin.channelProviders, query.channel, 'query.channel');
      const given = check(
        ViewFilter,
        {
          ...(query.assignee !== undefined && { assignee: query.assignee }),
          ...(query.teamId !== undefined && { teamId: query.teamId }),
          ...(query.labels !== undefined && { labels: query.labels.split(',') }),
          ...(query.channel !== undefined && { channel: query.channel }),
        },
        'query',
      );
      const { status, ...match } = { ...saved?.filter, ...(query.status && { status: query.status }), ...given };
      const visible = scopeCondition(call.scope);
      const conditions = [
        ...(visible ? [visible] : []),
        ...(await call.admin.conversationFilters.conditions(call.site.id, raw)),
        // A saved view's custom attributes: the `attribute` parameter's filter, once per criterion.
        ...((saved && (await call.use('views')?.criteriaConditions(call.site.id, saved.filter, 'view', raw))) ?? []),
      ];
      await call.admin.flushContacts();
      const page = await call.admin.repos.conversations.listConversations({
        siteId: call.site.id,
        staffId: call.staff.id,
        status,
        view: builtIn,
        unread: query.unread,
        label: query.label,
        match,
        q: query.q,
        ...(query.q !== undefined && {
          alsoFound: await call.admin.conversationFilters.searchConditions(call.site.id, searchTerms(query.q), raw),
        }),
        conditions,
        cursor: query.cursor,
        limit: query.limit,
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
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/conversations/{id}',
    resource: 'conversation',
    doc: {
      summary: 'One conversation',
      description: 'Its inbox summary.',
      tag: 'conversations',
      responses: ok('The conversation.', ConversationSummary),
    },
    run: async (call) => {
      await call.admin.flushContacts();
      return { status: 200, body: call.admin.summary(await conversationOr404(call)) };
    },
  }),
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/conversations/{id}',
    resource: 'conversation',
    requestBody: ConversationPatch,
    doc: {
      summary: 'Change a conversation',
      description:
        'Status, assignee (a staff id of the site, or null), team (a team id of the site, or null; when routing is on and no assignee is given, an agent of the team takes it), priority, labels (replacing the old set). The new summary is also pushed to the site’s staff sockets as a `conversation` frame.',
      tag: 'conversations',
      responses: ok('The changed conversation.', ConversationSummary),
    },
    run: async (call) => {
      const patch = call.body;
      const before = await conversationOr404(call);
      const team = await checkTargets(call, patch);
      const updated = await writeChange(call, before, patch, team, { ...patch });
      if (!updated) throw new ApiError('not_found', 'No such conversation on this site.');
      return { status: 200, body: call.admin.summary(updated) };
    },
  }),
  // Listed here so that the API document keeps its paths in the order it always had.
  conversationTimelineRoute,
  conversationChannelsRoute,
  replyDeliveriesRoute,
  adminRoute({
    method: 'GET',
    path: '/v1/admin/conversations/{id}/messages',
    resource: 'conversation',
    doc: {
      summary: 'Messages of a conversation',
      description: 'Oldest first, private notes included; without `before`, the newest page.',
      tag: 'conversations',
      responses: ok('A page of messages.', MessagePage),
    },
    query: {
      before: seq('Messages with a sequence below this.', { type: 'integer', minimum: 0 }),
      limit: pageSize(50, LIMITS.maxHistoryPage),
    },
    run: async (call) => {
      const conversation = await conversationOr404(call);
      const { limit } = call.query;
      const before = call.query.before ?? conversation.lastSeq + 1;
      const items = await call.core.store.messagesBefore(conversation.id, before, limit + 1, { includeNotes: true });
      const hasMore = items.length > limit;
      if (hasMore) items.shift();
      return {
        status: 200,
        body: { items: call.use('attachments')?.files.signAll(items, call.baseUrl) ?? items, hasMore },
      };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/conversations/{id}/messages',
    resource: 'conversation',
    requestBody: MessageCreate,
    doc: {
      summary: 'Reply, or write a private note',
      description:
        'Stored, then fanned out exactly like a WebSocket `send` (a note reaches staff only). Idempotent on `id`: a retry answers 200 with the original message and `duplicate: true`.',
      tag: 'conversations',
      responses: {
        ...ok('Stored.', MessageResult, '201'),
        ...ok('Stored before under the same id; nothing was stored again.', MessageResult),
        '409': errorResponse(
          '`reply_window_closed`: the conversation’s messaging channel takes no free reply now (WhatsApp, 24 hours after the customer last wrote); send an approved template. Nothing was stored.',
        ),
        '503': errorResponse('The store is unavailable; nothing was stored. Retry with the same id.'),
      },
    },
    run: async (call) => {
      const body = call.body;
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
      let refused;
      try {
        refused = await screened?.check?.();
      } catch (error) {
        call.core.log.warn('admin append failed', { error: String(error) });
        throw new ApiError('store_unavailable', undefined, { 'retry-after': '1' });
      }
      if (refused) throw new ApiError(refused.code, refused.message);
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
  }),
];
