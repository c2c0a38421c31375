import { LIMITS } from '@parley/protocol';
import {
  type Json,
  errorResponse,
  body,
  idParam,
  limit,
  ok,
  operation,
  priority,
  query,
  ref,
  status,
  text,
} from './openapi-parts.js';

/** The signed-in staff member and conversations. (`admin-routes/conversations.ts` serves them.) */
export const conversationPaths: Record<string, Json> = {
  '/v1/admin/me': {
    get: operation('Who am I', 'The staff member the token belongs to, and their site.', {
      tag: 'staff',
      responses: ok('The caller.', ref('Me')),
    }),
  },
  '/v1/admin/conversations': {
    get: operation(
      'List conversations',
      'Newest activity first, with counts per view (within the status filter) and per status (within the view filter); `unread`, `label` and `q` narrow everything, counts included.',
      {
        tag: 'conversations',
        parameters: [
          query('status', 'Only this status.', status),
          query(
            'view',
            '`mine`: assigned to the caller; `unassigned`; `all` (default); `overdue`: the first-reply deadline passed unanswered (still unanswered, not resolved); `mentions`: a colleague named the caller in a note they have not read (opening the conversation in the inbox reads them: `POST /v1/admin/me/mentions/read`).',
            { type: 'string', enum: ['mine', 'unassigned', 'all', 'overdue', 'mentions'] },
          ),
          query('unread', 'Only conversations with visitor messages after the staff read mark.', {
            type: 'string',
            enum: ['true', 'false'],
          }),
          query('label', 'Only conversations with this label.', { type: 'string', maxLength: 64 }),
          query(
            'q',
            'Full-text search over message text (notes included): every word must occur, the last may be a prefix.',
            { type: 'string', maxLength: 200 },
          ),
          query('cursor', 'The `nextCursor` of the previous page.', { type: 'string' }),
          limit(25, 100),
        ],
        responses: ok('A page of conversations.', {
          type: 'object',
          required: ['items', 'counts'],
          properties: {
            items: { type: 'array', items: ref('ConversationSummary') },
            nextCursor: { type: 'string' },
            counts: ref('InboxCounts'),
          },
        }),
      },
    ),
  },
  '/v1/admin/conversations/{id}': {
    get: operation('One conversation', 'Its inbox summary.', {
      tag: 'conversations',
      parameters: [idParam('conversation')],
      notFound: true,
      responses: ok('The conversation.', ref('ConversationSummary')),
    }),
    patch: operation(
      'Change a conversation',
      'Status, assignee (a staff id of the site, or null), team (a team id of the site, or null; when routing is on and no assignee is given, an agent of the team takes it), priority, labels (replacing the old set). The new summary is also pushed to the site’s staff sockets as a `conversation` frame.',
      {
        tag: 'conversations',
        parameters: [idParam('conversation')],
        requestBody: body({
          type: 'object',
          properties: {
            status,
            assigneeId: { type: ['string', 'null'] },
            teamId: { type: ['string', 'null'] },
            priority,
            labels: { type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 64 } },
          },
        }),
        notFound: true,
        responses: ok('The changed conversation.', ref('ConversationSummary')),
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
        responses: ok('Its events.', {
          type: 'object',
          required: ['items'],
          properties: {
            items: {
              type: 'array',
              items: {
                type: 'object',
                required: ['at', 'actor', 'type'],
                properties: {
                  at: { type: 'integer', description: 'When (ms since the epoch).' },
                  actor: {
                    type: 'object',
                    required: ['id', 'name'],
                    properties: { id: { type: 'string' }, name: { type: 'string' } },
                  },
                  type: { type: 'string', enum: ['assigned', 'label_added', 'label_removed', 'priority', 'status'] },
                  assignee: {
                    type: ['object', 'null'],
                    description: '`assigned`: to whom; null when unassigned.',
                    properties: { id: { type: 'string' }, name: { type: 'string' } },
                  },
                  label: { type: 'string', description: '`label_added`, `label_removed`.' },
                  priority: { type: 'string', description: '`priority`: the new one.' },
                  status: { type: 'string', description: '`status`: the new one (`resolved`: resolved by the actor).' },
                },
              },
            },
          },
        }),
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
        responses: ok('A page of messages.', {
          type: 'object',
          required: ['items', 'hasMore'],
          properties: { items: { type: 'array', items: ref('Message') }, hasMore: { type: 'boolean' } },
        }),
      },
    ),
    post: operation(
      'Reply, or write a private note',
      'Stored, then fanned out exactly like a WebSocket `send` (a note reaches staff only). Idempotent on `id`: a retry answers 200 with the original message and `duplicate: true`.',
      {
        tag: 'conversations',
        parameters: [idParam('conversation')],
        requestBody: body({
          type: 'object',
          required: ['id', 'text'],
          properties: {
            id: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'Client-generated id.' },
            text,
            note: { type: 'boolean', default: false },
            buttons: { ...(ref('QuickReplies') as Record<string, Json>), description: 'Not on a note.' },
          },
        }),
        notFound: true,
        responses: {
          ...ok('Stored.', ref('MessageResult'), '201'),
          ...ok('Stored before under the same id; nothing was stored again.', ref('MessageResult')),
          '503': errorResponse('The store is unavailable; nothing was stored. Retry with the same id.'),
        },
      },
    ),
  },
};
