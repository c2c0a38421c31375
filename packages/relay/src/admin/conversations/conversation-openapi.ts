import { LIMITS } from '@parley/protocol';
import { ConversationSummary } from '@parley/protocol';
import {
  ATTRIBUTE_VALUES,
  ConversationPage,
  ConversationPatch,
  Me,
  MessageCreate,
  MessagePage,
  MessageResult,
  TimelineAnswer,
} from '@parley/protocol/admin';
import {
  type Json,
  errorResponse,
  body,
  idParam,
  limit,
  ok,
  operation,
  query,
  status,
} from '../../http/openapi/openapi-parts.js';

/** The signed-in staff member and conversations. (`conversation-routes.ts` serves them.) */
export const conversationPaths = (): Record<string, Json> => ({
  '/v1/admin/me': {
    get: operation('Who am I', 'The staff member the token belongs to, and their site.', {
      tag: 'staff',
      responses: ok('The caller.', Me),
    }),
  },
  '/v1/admin/conversations': {
    get: operation(
      'List conversations',
      'Newest activity first, with counts per view (within the status filter) and per status (within the view filter); `unread`, `label`, `q` and a saved view’s criteria (`assignee`, `teamId`, `labels`, `channel`, or `savedView`) narrow everything, counts included.',
      {
        tag: 'conversations',
        parameters: [
          query('status', 'Only this status.', status),
          query(
            'view',
            '`mine`: assigned to the caller; `unassigned`; `all` (default); `overdue`: the first-reply deadline passed unanswered (still unanswered, not resolved); `mentions`: a colleague named the caller in a note they have not read (opening the conversation in the inbox reads them: `POST /v1/admin/me/mentions/read`); `review`: flagged for review, flags not dismissed; `spam`: marked as spam (such conversations are in no other view). A saved view’s id (`vw_…`) is taken here too, as `savedView`.',
            { type: 'string', enum: ['mine', 'unassigned', 'all', 'overdue', 'mentions', 'review', 'spam'] },
          ),
          query('unread', 'Only conversations with visitor messages after the staff read mark.', {
            type: 'string',
            enum: ['true', 'false'],
          }),
          query('label', 'Only conversations with this label.', { type: 'string', maxLength: 64 }),
          query('assignee', '`me`: assigned to the caller; `none`: unassigned; otherwise a staff id.', {
            type: 'string',
            pattern: '^(me|none|[A-Za-z0-9_-]{1,128})$',
          }),
          query('teamId', 'Only conversations of this team.', { type: 'string', pattern: '^[A-Za-z0-9_-]{1,128}$' }),
          query('labels', 'Only conversations with all of these labels, comma-separated (at most 5).', {
            type: 'string',
          }),
          query('channel', 'Only conversations that came in on this channel.', {
            type: 'string',
            enum: ['chat', 'email', 'api'],
          }),
          query(
            'savedView',
            'A saved view’s id (`GET /v1/admin/views`): its filter applies; `status`, `assignee`, `teamId`, `labels` and `channel` given as well override its own. Another’s personal view is 404.',
            { type: 'string' },
          ),
          query(
            'q',
            'Full-text search over message text (notes included): every word must occur, the last may be a prefix. A conversation is also found when every word is in its custom attribute values or its contact’s (text, list, link, number; anywhere in the value, case aside; verified ones only with `attributeValues=verified`). docs/attributes.md.',
            { type: 'string', maxLength: 200 },
          ),
          query(
            'attribute',
            'Only conversations whose custom attribute (their own, or their contact’s) compares so: `<scope>.<key>:<op>[:<value>]`, e.g. `contact.plan:is:Pro`, `conversation.seats:gt:10`, `contact.vip:is_set`. Ops by type: text and link `is`, `is_not`, `contains`; list `is`, `is_not`; number and date (`YYYY-MM-DD`) `is`, `gt`, `lt`; checkbox `is` (`true`/`false`); every type `is_set`, `not_set`. Text compares without regard to case. docs/attributes.md.',
            { type: 'string', maxLength: 2100 },
          ),
          query(
            'attributeValues',
            'Which custom attribute values `attribute`, a saved view’s criteria and `q`’s search in attribute values read: `all` (default), or `verified`: only those set by staff or by the site’s signed `identify()`; a visitor’s unsigned claim counts as not set (so `not_set` and `is_not` hold for it), as in a rule condition with `verified`. A saved view’s criterion with `verified` reads so whatever this says. docs/attributes.md.',
            { type: 'string', enum: [...ATTRIBUTE_VALUES] },
          ),
          query('cursor', 'The `nextCursor` of the previous page.', { type: 'string' }),
          limit(25, 100),
        ],
        responses: ok('A page of conversations.', ConversationPage),
      },
    ),
  },
  '/v1/admin/conversations/{id}': {
    get: operation('One conversation', 'Its inbox summary.', {
      tag: 'conversations',
      parameters: [idParam('conversation')],
      notFound: true,
      responses: ok('The conversation.', ConversationSummary),
    }),
    patch: operation(
      'Change a conversation',
      'Status, assignee (a staff id of the site, or null), team (a team id of the site, or null; when routing is on and no assignee is given, an agent of the team takes it), priority, labels (replacing the old set). The new summary is also pushed to the site’s staff sockets as a `conversation` frame.',
      {
        tag: 'conversations',
        parameters: [idParam('conversation')],
        requestBody: body(ConversationPatch),
        notFound: true,
        responses: ok('The changed conversation.', ConversationSummary),
      },
    ),
  },
  '/v1/admin/conversations/{id}/events': {
    get: operation(
      'Timeline of a conversation',
      'Who changed its assignee, labels, priority and status, and when, oldest first (the newest 500 changes): what the inbox’s thread shows between the messages. Read from the audit log’s `conversation.update` entries (every change made through this API), so an erased conversation has none. Assignments made by routing are not in it.',
      {
        tag: 'conversations',
        parameters: [idParam('conversation')],
        notFound: true,
        responses: ok('Its events.', TimelineAnswer),
      },
    ),
  },
  '/v1/admin/conversations/{id}/messages': {
    get: operation(
      'Messages of a conversation',
      'Oldest first, private notes included; without `before`, the newest page.',
      {
        tag: 'conversations',
        parameters: [
          idParam('conversation'),
          query('before', 'Messages with a sequence below this.', { type: 'integer', minimum: 0 }),
          limit(50, LIMITS.maxHistoryPage),
        ],
        notFound: true,
        responses: ok('A page of messages.', MessagePage),
      },
    ),
    post: operation(
      'Reply, or write a private note',
      'Stored, then fanned out exactly like a WebSocket `send` (a note reaches staff only). Idempotent on `id`: a retry answers 200 with the original message and `duplicate: true`.',
      {
        tag: 'conversations',
        parameters: [idParam('conversation')],
        requestBody: body(MessageCreate),
        notFound: true,
        responses: {
          ...ok('Stored.', MessageResult, '201'),
          ...ok('Stored before under the same id; nothing was stored again.', MessageResult),
          '503': errorResponse('The store is unavailable; nothing was stored. Retry with the same id.'),
        },
      },
    ),
  },
});
