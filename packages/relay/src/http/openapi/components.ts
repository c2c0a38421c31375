import { ERROR_CODES, LIMITS } from '@parley/protocol';
import { type Json, consent, context, errorResponse, priority, ref, status } from './openapi-parts.js';
import { outboxJobSchema } from './outbox.js';
import { webhookSchemas } from './webhooks.js';

/** The document's components: security schemes, shared responses and schemas. */
export const components: Record<string, Json> = {
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
      '`forbidden`: an agent on an admin-only route; `origin_refused`: a browser origin not allowed to use the admin API.',
    ),
    NotFound: errorResponse('`not_found`: no such resource on the token’s site.'),
    Conflict: errorResponse('`conflict`: the request conflicts with the current state.'),
    RateLimited: {
      ...(errorResponse('`rate_limited`: wait `retry-after` seconds.') as Record<string, Json>),
      headers: { 'retry-after': { schema: { type: 'integer' } } },
    },
  },
  schemas: {
    OutboxJob: outboxJobSchema,
    ...webhookSchemas,
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
            authorRole: { type: 'string', enum: ['visitor', 'staff', 'system', 'bot'] },
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
      },
    },
    InboxCounts: {
      type: 'object',
      required: ['mine', 'unassigned', 'all', 'overdue', 'open', 'pending', 'snoozed', 'resolved'],
      properties: Object.fromEntries(
        ['mine', 'unassigned', 'all', 'overdue', 'open', 'pending', 'snoozed', 'resolved'].map((name) => [
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
        verified: {
          type: 'boolean',
          description:
            'The user id was signed by the site (a valid `user.hash`). Covers the id only: name and email are as the page gave them.',
        },
        subscribed: { type: 'boolean', description: 'Agreed to receive broadcasts.' },
        online: { type: 'boolean' },
        context,
        consent,
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
        contact: {
          type: 'object',
          description: 'The stored contact with `email` in clear and `consent` (`{ version, at }` or null).',
        },
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
    Site: {
      type: 'object',
      required: ['id', 'name', 'siteKey', 'allowedOrigins', 'requireIdentity', 'createdAt'],
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        siteKey: { type: 'string', description: 'Public: goes in the widget’s script tag (`data-site-key`).' },
        allowedOrigins: { type: 'array', items: { type: 'string' } },
        requireIdentity: { type: 'boolean' },
        createdAt: { type: 'number' },
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
      required: [
        'visitorsOnline',
        'staffOnline',
        'openConversations',
        'messagesToday',
        'medianFirstReplySeconds',
        'csat',
      ],
      properties: {
        visitorsOnline: { type: 'integer' },
        staffOnline: { type: 'integer' },
        openConversations: { type: 'integer' },
        messagesToday: { type: 'integer' },
        medianFirstReplySeconds: { type: ['number', 'null'] },
        csat: {
          type: 'object',
          description: "Visitors' ratings (1–5) given in the last 30 days: how many, and their mean (null when none).",
          required: ['count', 'average'],
          properties: { count: { type: 'integer' }, average: { type: ['number', 'null'] } },
        },
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
};
