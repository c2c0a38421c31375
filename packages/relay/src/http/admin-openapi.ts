import { ERROR_CODES, LIMITS } from '@parley/protocol';

/**
 * The OpenAPI 3.1 description of the admin HTTP API, served at `GET /v1/openapi.json` and kept verbatim in
 * `docs/api/openapi.json` (a test checks that the two match and that every route the relay serves is described,
 * and nothing else). Hand-written, so that the descriptions say what the API promises.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const errorRef = (name: string): Json => ({ $ref: `#/components/responses/${name}` });
const idParam = (what: string): Json => ({
  name: 'id',
  in: 'path',
  required: true,
  description: `The ${what} id.`,
  schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,128}$' },
});
const query = (name: string, description: string, schema: Json): Json => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});
const body = (schema: Json): Json => ({ required: true, content: { 'application/json': { schema } } });
const ok = (description: string, schema: Json, status = '200'): Record<string, Json> => ({
  [status]: { description, content: { 'application/json': { schema } } },
});
const page = (item: string, cursor = true): Json => ({
  type: 'object',
  required: ['items'],
  properties: {
    items: { type: 'array', items: ref(item) },
    ...(cursor
      ? {
          nextCursor: {
            type: 'string',
            description: 'Pass back as `cursor` for the next page; absent on the last page.',
          },
        }
      : {}),
  },
});

/** Errors every authenticated route can answer. */
const common: Record<string, Json> = {
  '400': errorRef('BadRequest'),
  '401': errorRef('Unauthorized'),
  '403': errorRef('Forbidden'),
  '429': errorRef('RateLimited'),
};

function operation(
  summary: string,
  description: string,
  options: {
    adminOnly?: boolean;
    parameters?: Json[];
    requestBody?: Json;
    responses: Record<string, Json>;
    notFound?: boolean;
    conflict?: boolean;
    tag: string;
  },
): Json {
  const responses: Record<string, Json> = { ...options.responses, ...common };
  if (options.notFound) responses['404'] = errorRef('NotFound');
  if (options.conflict) responses['409'] = errorRef('Conflict');
  return {
    summary,
    description: options.adminOnly ? `${description}\n\n**Admin only**: agents get 403 \`forbidden\`.` : description,
    tags: [options.tag],
    'x-admin-only': options.adminOnly ?? false,
    ...(options.parameters ? { parameters: options.parameters } : {}),
    ...(options.requestBody ? { requestBody: options.requestBody } : {}),
    responses,
  };
}

const text = { type: 'string', minLength: 1, maxLength: LIMITS.maxTextLength };
const status = { type: 'string', enum: ['open', 'pending', 'snoozed', 'resolved'] };
const priority = { type: 'string', enum: ['none', 'low', 'medium', 'high', 'urgent'] };
const limit = (fallback: number, max: number): Json =>
  query('limit', `Page size, 1–${max} (default ${fallback}).`, {
    type: 'integer',
    minimum: 1,
    maximum: max,
    default: fallback,
  });
const context = {
  type: 'object',
  description: 'What the visitor’s browser reported on the last page they were seen on.',
  properties: {
    url: { type: 'string' },
    title: { type: 'string' },
    referrer: { type: 'string' },
    locale: { type: 'string' },
    timezone: { type: 'string' },
    userAgent: { type: 'string' },
  },
};

const errorResponse = (description: string): Json => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});

/** The document. */
export const OPENAPI_DOCUMENT: Json = {
  openapi: '3.1.0',
  info: {
    title: 'Parley admin API',
    version: '1.0.0',
    description: [
      'Everything staff do in `<chat-admin>`, over HTTP. Every request carries a staff token: `Authorization: Bearer <token>` (never in the URL).',
      'A token belongs to one site and has the role `admin` or `agent`; every route acts on that site only, so another site’s resources answer 404 `not_found`.',
      'Errors are `{ "error": { "code", "message" } }` with a stable code from the protocol’s catalog (docs/protocol.md) and its HTTP status.',
      'Rate limits are per token (a token bucket; contact exports have a stricter one); a refusal is 429 `rate_limited` with `retry-after` in seconds.',
      'CORS: the site’s allowed origins and same-origin; preflights (`OPTIONS`) are answered without a token.',
      'Every change, reveal and export is written to the audit log (`GET /v1/admin/audit`).',
      'Live updates come over the staff WebSocket (`message`, `typing`, `read`, `delivered`, `presence` and `conversation` frames; see docs/protocol.md).',
    ].join('\n\n'),
  },
  servers: [{ url: '/', description: 'The relay itself' }],
  security: [{ staffToken: [] }],
  tags: [
    { name: 'conversations' },
    {
      name: 'contacts',
      description:
        'Visitors who said hello. Emails are encrypted at rest (AES-256-GCM) and shown masked until revealed.',
    },
    { name: 'broadcasts' },
    { name: 'staff' },
    { name: 'canned responses' },
    { name: 'stats' },
  ],
  paths: {
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
            query('view', '`mine`: assigned to the caller; `unassigned`; `all` (default).', {
              type: 'string',
              enum: ['mine', 'unassigned', 'all'],
            }),
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
        'Status, assignee (a staff id of the site, or null), priority, labels (replacing the old set). The new summary is also pushed to the site’s staff sockets as a `conversation` frame.',
        {
          tag: 'conversations',
          parameters: [idParam('conversation')],
          requestBody: body({
            type: 'object',
            properties: {
              status,
              assigneeId: { type: ['string', 'null'] },
              priority,
              labels: { type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 64 } },
            },
          }),
          notFound: true,
          responses: ok('The changed conversation.', ref('ConversationSummary')),
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
    '/v1/admin/contacts': {
      get: operation(
        'List or search contacts',
        'Most recently seen first. `q` is an exact email (when it contains `@`, matched through the keyed hash), or a name substring or contact id.',
        {
          tag: 'contacts',
          parameters: [
            query('q', 'Email, name or id.', { type: 'string', maxLength: 200 }),
            query('cursor', 'The `nextCursor` of the previous page.', { type: 'string' }),
            limit(25, 100),
          ],
          responses: ok('A page of contacts.', page('Contact')),
        },
      ),
    },
    '/v1/admin/contacts/{id}': {
      get: operation('One contact', 'With their conversation ids.', {
        tag: 'contacts',
        parameters: [idParam('contact')],
        notFound: true,
        responses: ok('The contact.', ref('Contact')),
      }),
      patch: operation('Record consent', 'Whether the contact agreed to receive broadcasts (segment `subscribed`).', {
        tag: 'contacts',
        parameters: [idParam('contact')],
        requestBody: body({
          type: 'object',
          required: ['subscribed'],
          properties: { subscribed: { type: 'boolean' } },
        }),
        notFound: true,
        responses: ok('The contact.', ref('Contact')),
      }),
      delete: operation(
        'Erase a contact',
        'Deletes the contact, their visitor record, every conversation and message of theirs (search index included) and their broadcast targets. Rows are removed, not flagged. Audit entries keep only ids.',
        {
          tag: 'contacts',
          adminOnly: true,
          parameters: [idParam('contact')],
          notFound: true,
          responses: { '204': { description: 'Erased.' } },
        },
      ),
    },
    '/v1/admin/contacts/{id}/reveal': {
      post: operation('Reveal an email', 'The contact’s email in clear. Every reveal is in the audit log.', {
        tag: 'contacts',
        parameters: [idParam('contact')],
        notFound: true,
        responses: ok('The email.', { type: 'object', required: ['email'], properties: { email: { type: 'string' } } }),
      }),
    },
    '/v1/admin/contacts/{id}/export': {
      get: operation(
        'Export everything held about a contact',
        'For access and portability requests: the contact (email decrypted), their visitor record, conversations, every message (notes included), broadcast targets and the audit entries about them. Stricter rate limit. Audited.',
        {
          tag: 'contacts',
          adminOnly: true,
          parameters: [idParam('contact')],
          notFound: true,
          responses: ok('The export.', ref('ContactExport')),
        },
      ),
    },
    '/v1/admin/broadcasts': {
      get: operation('Recent broadcasts', 'The 50 newest, with their figures.', {
        tag: 'broadcasts',
        responses: ok('Broadcasts.', page('Broadcast', false)),
      }),
      post: operation(
        'Send a broadcast',
        'Each target gets the text as a `broadcast` message in their conversation (one is created if they have none): online targets at once, others when they return. Processed in batches in the background; poll `GET /v1/admin/broadcasts/{id}` for progress. Emails given in an `emails` segment are not stored.',
        {
          tag: 'broadcasts',
          adminOnly: true,
          requestBody: body({
            type: 'object',
            required: ['text', 'segment'],
            properties: { text, segment: ref('Segment') },
          }),
          responses: ok('Accepted; running.', ref('Broadcast'), '202'),
        },
      ),
    },
    '/v1/admin/broadcasts/{id}': {
      get: operation('One broadcast', 'Progress and delivery figures.', {
        tag: 'broadcasts',
        parameters: [idParam('broadcast')],
        notFound: true,
        responses: ok('The broadcast.', ref('Broadcast')),
      }),
    },
    '/v1/admin/tokens': {
      get: operation('Staff tokens', 'Active staff members of the site (never their tokens).', {
        tag: 'staff',
        adminOnly: true,
        responses: ok('Staff.', page('StaffMember', false)),
      }),
      post: operation('Create a staff token', 'The token is in this answer only; only its hash is stored.', {
        tag: 'staff',
        adminOnly: true,
        requestBody: body({
          type: 'object',
          required: ['name', 'role'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 120 },
            role: { type: 'string', enum: ['admin', 'agent'] },
          },
        }),
        responses: ok(
          'Created.',
          {
            allOf: [
              ref('StaffMember'),
              { type: 'object', required: ['token'], properties: { token: { type: 'string' } } },
            ],
          },
          '201',
        ),
      }),
    },
    '/v1/admin/tokens/{id}': {
      delete: operation(
        'Revoke a staff token',
        'The token stops working at once; the member’s open sockets close with 4014 (`revoked`). An admin cannot revoke the token they are using (409).',
        {
          tag: 'staff',
          adminOnly: true,
          parameters: [idParam('staff')],
          notFound: true,
          conflict: true,
          responses: { '204': { description: 'Revoked.' } },
        },
      ),
    },
    '/v1/admin/canned-responses': {
      get: operation('Canned responses', 'Sorted by shortcut.', {
        tag: 'canned responses',
        responses: ok('Canned responses.', page('CannedResponse', false)),
      }),
      post: operation('Create a canned response', 'Shortcuts are unique per site.', {
        tag: 'canned responses',
        requestBody: body({
          type: 'object',
          required: ['shortcut', 'text'],
          properties: { shortcut: ref('Shortcut'), text },
        }),
        conflict: true,
        responses: ok('Created.', ref('CannedResponse'), '201'),
      }),
    },
    '/v1/admin/canned-responses/{id}': {
      patch: operation('Change a canned response', 'Shortcut and/or text.', {
        tag: 'canned responses',
        parameters: [idParam('canned response')],
        requestBody: body({ type: 'object', properties: { shortcut: ref('Shortcut'), text } }),
        notFound: true,
        conflict: true,
        responses: ok('Changed.', ref('CannedResponse')),
      }),
      delete: operation('Delete a canned response', 'Gone for every staff member.', {
        tag: 'canned responses',
        parameters: [idParam('canned response')],
        notFound: true,
        responses: { '204': { description: 'Deleted.' } },
      }),
    },
    '/v1/admin/stats': {
      get: operation(
        'Site figures',
        '`visitorsOnline`: contacts with an open connection on this relay; `messagesToday`: since 00:00 UTC; `medianFirstReplySeconds`: from the first visitor message to the first staff reply, over conversations created in the last 7 days (null when none was answered).',
        {
          tag: 'stats',
          responses: ok('Figures.', ref('Stats')),
        },
      ),
    },
    '/v1/admin/audit': {
      get: operation(
        'The audit log',
        'Newest first: who did what, when, on what. Filter by actor (staff id) and action.',
        {
          tag: 'staff',
          adminOnly: true,
          parameters: [
            query('actor', 'A staff id.', { type: 'string' }),
            query('action', 'e.g. `contact.reveal`.', { type: 'string' }),
            query('cursor', 'The `nextCursor` of the previous page.', { type: 'string' }),
            limit(50, 200),
          ],
          responses: ok('A page of entries.', page('AuditEntry')),
        },
      ),
    },
  },
  components: {
    securitySchemes: {
      staffToken: {
        type: 'http',
        scheme: 'bearer',
        description: 'A staff token (`st_…`), created at first start or through `POST /v1/admin/tokens`.',
      },
    },
    responses: {
      BadRequest: errorResponse(
        '`bad_request`: a malformed body, query or path parameter (the message names the field); `payload_too_large` (413) for bodies over 1 MiB.',
      ),
      Unauthorized: errorResponse('`unauthorized`: no token, an unknown or revoked token, or a visitor token.'),
      Forbidden: errorResponse(
        '`forbidden`: an agent on an admin-only route; `origin_refused`: a browser origin the site does not allow.',
      ),
      NotFound: errorResponse('`not_found`: no such resource on the token’s site.'),
      Conflict: errorResponse('`conflict`: the request conflicts with the current state.'),
      RateLimited: {
        ...(errorResponse('`rate_limited`: wait `retry-after` seconds.') as Record<string, Json>),
        headers: { 'retry-after': { schema: { type: 'integer' } } },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: { code: { type: 'string', enum: [...ERROR_CODES] }, message: { type: 'string' } },
          },
        },
      },
      Me: {
        type: 'object',
        required: ['id', 'name', 'role', 'site'],
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          role: { type: 'string', enum: ['admin', 'agent'] },
          site: {
            type: 'object',
            required: ['id', 'name'],
            properties: { id: { type: 'string' }, name: { type: 'string' } },
          },
        },
      },
      Message: {
        type: 'object',
        required: ['id', 'clientId', 'conversationId', 'seq', 'ts', 'author', 'text', 'kind'],
        properties: {
          id: { type: 'string' },
          clientId: { type: 'string' },
          conversationId: { type: 'string' },
          seq: { type: 'integer', minimum: 1 },
          ts: { type: 'number', description: 'ms since the epoch' },
          author: {
            type: 'object',
            required: ['role', 'id'],
            properties: {
              role: { type: 'string', enum: ['visitor', 'staff', 'system'] },
              id: { type: 'string' },
              name: { type: 'string' },
            },
          },
          text: { type: 'string' },
          kind: { type: 'string', enum: ['text', 'note', 'broadcast'] },
        },
      },
      MessageResult: {
        type: 'object',
        required: ['message', 'duplicate'],
        properties: { message: ref('Message'), duplicate: { type: 'boolean' } },
      },
      ConversationSummary: {
        type: 'object',
        required: [
          'id',
          'status',
          'priority',
          'assigneeId',
          'labels',
          'lastSeq',
          'staffReadSeq',
          'visitorReadSeq',
          'unread',
          'visitor',
          'createdAt',
          'updatedAt',
        ],
        properties: {
          id: { type: 'string' },
          status,
          priority,
          assigneeId: { type: ['string', 'null'] },
          labels: { type: 'array', items: { type: 'string' } },
          lastSeq: { type: 'integer' },
          staffReadSeq: { type: 'integer' },
          visitorReadSeq: { type: 'integer' },
          unread: { type: 'integer', description: 'Visitor messages after `staffReadSeq`.' },
          lastMessage: {
            type: 'object',
            required: ['seq', 'text', 'ts', 'authorRole'],
            properties: {
              seq: { type: 'integer' },
              text: { type: 'string' },
              ts: { type: 'number' },
              authorRole: { type: 'string', enum: ['visitor', 'staff', 'system'] },
            },
          },
          visitor: {
            type: 'object',
            required: ['id', 'verified', 'online'],
            properties: {
              id: { type: 'string' },
              name: { type: 'string' },
              emailMasked: { type: 'string', examples: ['j***@ex***.com'] },
              verified: { type: 'boolean' },
              online: { type: 'boolean' },
              context,
            },
          },
          createdAt: { type: 'number' },
          updatedAt: { type: 'number' },
        },
      },
      InboxCounts: {
        type: 'object',
        required: ['mine', 'unassigned', 'all', 'open', 'pending', 'snoozed', 'resolved'],
        properties: Object.fromEntries(
          ['mine', 'unassigned', 'all', 'open', 'pending', 'snoozed', 'resolved'].map((name) => [
            name,
            { type: 'integer' },
          ]),
        ),
      },
      Contact: {
        type: 'object',
        required: ['id', 'verified', 'subscribed', 'online', 'createdAt', 'lastSeenAt', 'conversationIds'],
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          emailMasked: { type: 'string' },
          verified: { type: 'boolean', description: 'Identified with a valid user hash.' },
          subscribed: { type: 'boolean', description: 'Agreed to receive broadcasts.' },
          online: { type: 'boolean' },
          context,
          createdAt: { type: 'number' },
          lastSeenAt: { type: 'number' },
          conversationIds: { type: 'array', items: { type: 'string' } },
        },
      },
      ContactExport: {
        type: 'object',
        required: ['exportedAt', 'site', 'contact', 'visitor', 'conversations', 'messages', 'broadcasts', 'audit'],
        properties: {
          exportedAt: { type: 'number' },
          site: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
          contact: { type: 'object', description: 'The stored contact with `email` in clear.' },
          visitor: { type: ['object', 'null'], description: 'The message store’s visitor record, `email` in clear.' },
          conversations: { type: 'array', items: { type: 'object' } },
          messages: { type: 'array', items: ref('Message') },
          broadcasts: { type: 'array', items: { type: 'object' } },
          audit: { type: 'array', items: ref('AuditEntry') },
        },
      },
      Segment: {
        oneOf: [
          {
            type: 'object',
            required: ['type'],
            properties: { type: { type: 'string', enum: ['all', 'online', 'verified', 'subscribed'] } },
          },
          {
            type: 'object',
            required: ['type', 'ids'],
            properties: {
              type: { const: 'ids' },
              ids: { type: 'array', minItems: 1, maxItems: 10000, items: { type: 'string' } },
            },
          },
          {
            type: 'object',
            required: ['type', 'emails'],
            properties: {
              type: { const: 'emails' },
              emails: { type: 'array', minItems: 1, maxItems: 10000, items: { type: 'string' } },
            },
          },
        ],
      },
      Broadcast: {
        type: 'object',
        required: ['id', 'text', 'segment', 'status', 'targeted', 'stored', 'delivered', 'read', 'createdAt'],
        properties: {
          id: { type: 'string' },
          text: { type: 'string' },
          segment: ref('Segment'),
          status: { type: 'string', enum: ['running', 'done', 'failed'] },
          targeted: { type: 'integer', description: 'Contacts in the segment when it was sent.' },
          stored: { type: 'integer', description: 'Targets whose message is stored.' },
          delivered: {
            type: 'integer',
            description: 'Stored while the target had an open connection (delivered at once).',
          },
          read: { type: 'integer', description: 'Targets whose read mark has reached the broadcast.' },
          createdAt: { type: 'number' },
          finishedAt: { type: 'number' },
        },
      },
      StaffMember: {
        type: 'object',
        required: ['id', 'name', 'role', 'createdAt'],
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          role: { type: 'string', enum: ['admin', 'agent'] },
          createdAt: { type: 'number' },
        },
      },
      Shortcut: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,32}$' },
      CannedResponse: {
        type: 'object',
        required: ['id', 'shortcut', 'text', 'createdAt', 'updatedAt'],
        properties: {
          id: { type: 'string' },
          shortcut: { type: 'string' },
          text: { type: 'string' },
          createdAt: { type: 'number' },
          updatedAt: { type: 'number' },
        },
      },
      Stats: {
        type: 'object',
        required: ['visitorsOnline', 'staffOnline', 'openConversations', 'messagesToday', 'medianFirstReplySeconds'],
        properties: {
          visitorsOnline: { type: 'integer' },
          staffOnline: { type: 'integer' },
          openConversations: { type: 'integer' },
          messagesToday: { type: 'integer' },
          medianFirstReplySeconds: { type: ['number', 'null'] },
        },
      },
      AuditEntry: {
        type: 'object',
        required: ['id', 'at', 'actorId', 'actorName', 'action', 'targetType', 'targetId', 'details'],
        properties: {
          id: { type: 'string' },
          at: { type: 'number' },
          actorId: { type: 'string' },
          actorName: { type: 'string' },
          action: { type: 'string' },
          targetType: { type: 'string' },
          targetId: { type: 'string' },
          details: { type: 'object' },
        },
      },
    },
  },
};
