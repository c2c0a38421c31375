import { ERROR_CODES, LIMITS } from '@parley/protocol';
import { type Json, consent, context, errorResponse, priority, ref, status } from './openapi-parts.js';
import { CONTRACT_COMPONENTS, schemaJson } from './schema-json.js';

/** The document's components: security schemes, shared responses and schemas. */
export const components: Record<string, Json> = {
  securitySchemes: {
    staffToken: {
      type: 'http',
      scheme: 'bearer',
      description:
        'An API token (`st_…`), made with `POST /v1/admin/tokens` or `parley-relay token create`, with scopes (read: GET; write: other methods; admin: admin-only routes) and an optional expiry (401 `token_expired`).',
    },
    sessionCookie: {
      type: 'apiKey',
      in: 'cookie',
      name: '__Host-parley_session',
      description:
        'The inbox’s session (HttpOnly, Secure, SameSite=Strict), from `POST /v1/auth/login`. Every change also needs `X-Parley-CSRF: <csrfToken>` and the relay’s own `Origin` (403 `csrf_refused`). See docs/accounts.md.',
    },
  },
  responses: {
    BadRequest: errorResponse(
      '`bad_request`: a malformed body, query or path parameter (the message names the field); `payload_too_large` (413) for bodies over 1 MiB.',
    ),
    Unauthorized: errorResponse(
      '`unauthorized`: no token or session, an unknown or revoked token, a visitor token, or an ended session; `token_expired`: an API token past its expiry.',
    ),
    Forbidden: errorResponse(
      '`forbidden`: an agent on an admin-only route, or an API token without the scope; `origin_refused`: a browser origin not allowed to use the admin API; `csrf_refused`: a change with the session cookie but without `X-Parley-CSRF` or from another origin; `2fa_required`: the site requires two-factor and the account has none, or the session was opened without its code.',
    ),
    NotFound: errorResponse('`not_found`: no such resource on the token’s site.'),
    Conflict: errorResponse('`conflict`: the request conflicts with the current state.'),
    RateLimited: {
      ...(errorResponse('`rate_limited`: wait `retry-after` seconds.') as Record<string, Json>),
      headers: { 'retry-after': { schema: { type: 'integer' } } },
    },
  },
  schemas: {
    ...Object.fromEntries(
      Object.entries(CONTRACT_COMPONENTS).map(([name, schema]) => [name, schemaJson(schema, true)]),
    ),
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
            role: {
              type: 'string',
              enum: ['visitor', 'staff', 'system', 'bot'],
              description: "`bot`: the site's automations, under the bot's name (id `bot`).",
            },
            id: { type: 'string' },
            name: { type: 'string' },
          },
        },
        text: { type: 'string' },
        kind: { type: 'string', enum: ['text', 'note', 'broadcast'] },
        via: {
          type: 'string',
          enum: ['email'],
          description: 'A visitor’s reply by email (docs/email.md); absent for every other message.',
        },
        buttons: ref('QuickReplies'),
        automation: {
          type: 'string',
          description: 'The automation that wrote a bot message: `welcome`, `away`, `csat` (a rating request).',
        },
        rating: {
          type: 'object',
          description: "A visitor's rating: the request's `seq` and a score; the text is their comment.",
          required: ['seq', 'score'],
          properties: {
            seq: { type: 'integer', minimum: 1 },
            score: { type: 'integer', minimum: 1, maximum: 5 },
          },
        },
        attachments: {
          type: 'array',
          description:
            'Protocol 3: the files the message carries (its text may then be empty). Listed messages carry fresh signed addresses for images; `message.created` webhooks carry the facts only (fetch a file with a staff token).',
          minItems: 1,
          maxItems: LIMITS.maxAttachments,
          items: ref('MessageAttachment'),
        },
        editedAt: {
          type: 'number',
          description:
            'When its author last edited or deleted it (ms since the epoch); absent for a message never changed. Staff change their own messages for 15 minutes (docs/protocol.md, "Editing and deleting").',
        },
        deleted: {
          type: 'boolean',
          description: 'Its author deleted it: the text is empty. Absent when not.',
        },
        origin: {
          type: 'object',
          description:
            'It came into this conversation by a merge (docs/merge.md): the conversation it was written in and its `seq` there. Its own `seq` follows the conversation’s messages (a sequence never changes); to read a merged conversation in the order it was written, interleave each origin’s messages by `ts`. Absent for a message written here.',
          required: ['from', 'seq'],
          properties: { from: { type: 'string' }, seq: { type: 'integer', minimum: 1 } },
        },
      },
    },
    MessageAttachment: {
      type: 'object',
      description:
        'A file of a message (docs/attachments.md): what the relay read from its bytes. `url` and `thumbnail.url` are signed addresses for `<img>`, images only, valid until `urlsExpireAt`; other files are fetched from `/v1/attachments/{id}` with a token.',
      required: ['id', 'name', 'type', 'size', 'sha256'],
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        type: { type: 'string', description: 'The media type read from the bytes.' },
        size: { type: 'integer', minimum: 0 },
        sha256: { type: 'string', description: 'SHA-256 of the stored bytes, hex.' },
        width: { type: 'integer', minimum: 1 },
        height: { type: 'integer', minimum: 1 },
        url: { type: 'string' },
        thumbnail: {
          type: 'object',
          required: ['url', 'width', 'height'],
          properties: { url: { type: 'string' }, width: { type: 'integer' }, height: { type: 'integer' } },
        },
        urlsExpireAt: { type: 'number', description: 'ms since the epoch' },
      },
    },
    QuickReplies: {
      type: 'array',
      description: 'Quick-reply buttons: the visitor clicks one to send its label as their message.',
      minItems: 1,
      maxItems: LIMITS.maxButtons,
      items: {
        type: 'object',
        required: ['label'],
        properties: { label: { type: 'string', minLength: 1, maxLength: LIMITS.maxButtonLabel } },
      },
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
            authorRole: { type: 'string', enum: ['visitor', 'staff', 'system', 'bot'] },
            authorId: { type: 'string', description: 'Who wrote it: a staff id for staff, the contact for a visitor.' },
            authorName: {
              type: 'string',
              description: 'The author’s name as stored with the message, when it has one.',
            },
          },
        },
        visitor: {
          type: 'object',
          required: ['id', 'verified', 'online'],
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            emailMasked: { type: 'string', examples: ['j***@ex***.com'] },
            verified: {
              type: 'boolean',
              description: 'The user id was signed by the site; name and email are as given.',
            },
            online: { type: 'boolean' },
            context,
            consent,
            emailBouncingAt: {
              type: 'number',
              description:
                'When a delivery report said the visitor’s email fails for good (ms): no email is sent to it until staff change the email. Absent when not.',
            },
          },
        },
        createdAt: { type: 'number' },
        updatedAt: { type: 'number' },
        teamId: { type: 'string', description: 'The team it went to; absent for none.' },
        firstResponseAt: {
          type: 'number',
          description: 'When the first staff reply came (ms; the bot’s never counts); absent before it.',
        },
        dueAt: {
          type: 'number',
          description: 'When the first reply is due under the site’s SLA (ms); absent without.',
        },
        overdue: { type: 'boolean', description: 'The first-reply deadline passed unanswered; absent when not.' },
        resolvedAt: { type: 'number', description: 'When it was last resolved (ms); absent when never.' },
        channel: {
          type: 'string',
          enum: ['email', 'api'],
          description: 'How it came in: an email to a support address, or an API channel; absent for the chat.',
        },
        subject: { type: 'string', description: 'The subject it was opened with (an email’s); absent without one.' },
      },
    },
  },
};
