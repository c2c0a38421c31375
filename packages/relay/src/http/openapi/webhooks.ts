import { MAX_WEBHOOK_URL_LENGTH } from '../../webhooks/webhook-address.js';
import { WEBHOOK_SUBSCRIPTIONS } from '../../webhooks/webhook-events.js';
import { type Json, body, idParam, ok, operation, page, query, ref } from './openapi-parts.js';

/** Webhook endpoints and their delivery log (`admin-routes/webhooks.ts` serves them), and the events they get. */

const url: Json = {
  type: 'string',
  format: 'uri',
  maxLength: MAX_WEBHOOK_URL_LENGTH,
  description:
    '`http:` or `https:`, no credentials, no fragment. Loopback, private (RFC 1918, CGNAT, unique local), link-local, metadata, unspecified and multicast addresses are refused (also after DNS resolution, at every delivery) unless the relay runs with `PARLEY_WEBHOOK_ALLOW_PRIVATE`.',
};
const events: Json = {
  type: 'array',
  minItems: 1,
  uniqueItems: true,
  items: { type: 'string', enum: [...WEBHOOK_SUBSCRIPTIONS] },
  description:
    'What the endpoint receives. `note.created` subscribes to private notes, which arrive as `message.created` events with `data.message.kind` `note`; `message.created` alone never sends a note.',
};
const deliveryParam: Json = {
  name: 'deliveryId',
  in: 'path',
  required: true,
  description: 'The delivery log row.',
  schema: { type: 'string', pattern: '^[0-9]{1,18}$' },
};

export const webhookPaths: Record<string, Json> = {
  '/v1/admin/webhooks': {
    get: operation('Webhook endpoints', 'Oldest first; never their secrets.', {
      tag: 'webhooks',
      adminOnly: true,
      responses: ok('The endpoints.', {
        type: 'object',
        required: ['items'],
        properties: { items: { type: 'array', items: ref('WebhookEndpoint') } },
      }),
    }),
    post: operation(
      'Add a webhook endpoint',
      `Enabled at once. The answer carries the signing secret (\`whsec_…\`): the only time it is shown, so keep it (it verifies \`Parley-Signature\`, docs/webhooks.md). At most 20 endpoints per site (409 \`conflict\`).`,
      {
        tag: 'webhooks',
        adminOnly: true,
        requestBody: body({ type: 'object', required: ['url', 'events'], properties: { url, events } }),
        conflict: true,
        responses: ok(
          'Created.',
          {
            allOf: [
              ref('WebhookEndpoint'),
              {
                type: 'object',
                required: ['secret'],
                properties: { secret: { type: 'string', description: 'Shown this once.' } },
              },
            ],
          },
          '201',
        ),
      },
    ),
  },
  '/v1/admin/webhooks/{id}': {
    patch: operation(
      'Change a webhook endpoint',
      'URL, events, enabled. Enabling an endpoint the relay disabled clears why; pending deliveries go to the new URL. Disabling it skips its pending deliveries (their log rows say so, and can be resent once it is enabled again).',
      {
        tag: 'webhooks',
        adminOnly: true,
        parameters: [idParam('webhook endpoint')],
        requestBody: body({ type: 'object', properties: { url, events, enabled: { type: 'boolean' } } }),
        notFound: true,
        responses: ok('Changed.', ref('WebhookEndpoint')),
      },
    ),
    delete: operation('Delete a webhook endpoint', 'With its delivery log; its pending deliveries are skipped.', {
      tag: 'webhooks',
      adminOnly: true,
      parameters: [idParam('webhook endpoint')],
      notFound: true,
      responses: { '204': { description: 'Deleted.' } },
    }),
  },
  '/v1/admin/webhooks/{id}/deliveries': {
    get: operation(
      'Delivery log',
      'One row per attempt, newest first, kept 30 days: when, the outcome, the status code or the error, the latency and the start of the answer.',
      {
        tag: 'webhooks',
        adminOnly: true,
        parameters: [
          idParam('webhook endpoint'),
          query('cursor', 'The `nextCursor` of the previous page.', { type: 'string' }),
          query('limit', 'Page size (default 50).', { type: 'integer', minimum: 1, maximum: 200 }),
        ],
        notFound: true,
        responses: ok('A page of attempts.', page('WebhookDelivery')),
      },
    ),
  },
  '/v1/admin/webhooks/{id}/test': {
    post: operation(
      'Send a test event',
      'Queues a `ping` event for this endpoint, whatever it subscribes to: `data: { webhook: { id } }`, signed, retried and logged like every event (the inbox’s **Send a test event**). 409 `conflict` when the endpoint is disabled. Audited (`webhook.test`).',
      {
        tag: 'webhooks',
        adminOnly: true,
        parameters: [idParam('webhook endpoint')],
        notFound: true,
        conflict: true,
        responses: ok(
          'Queued.',
          {
            type: 'object',
            required: ['eventId'],
            properties: {
              eventId: { type: 'string', description: 'The ping’s event id (`evt_…`), as its delivery log rows show.' },
            },
          },
          '202',
        ),
      },
    ),
  },
  '/v1/admin/webhooks/{id}/deliveries/{deliveryId}/resend': {
    post: operation(
      'Resend an event',
      "Sends the attempt's event again, as a new delivery with the same event id and body (receivers that saw it deduplicate on the id). 409 `conflict` when the endpoint is disabled, or the body is no longer kept (`resendable: false`).",
      {
        tag: 'webhooks',
        adminOnly: true,
        parameters: [idParam('webhook endpoint'), deliveryParam],
        notFound: true,
        conflict: true,
        responses: ok(
          'Queued.',
          {
            type: 'object',
            required: ['jobId'],
            properties: { jobId: { type: 'string', description: 'The new outbox job.' } },
          },
          '202',
        ),
      },
    ),
  },
};

/** The schemas of this area. */
export const webhookSchemas: Record<string, Json> = {
  WebhookEndpoint: {
    type: 'object',
    required: ['id', 'url', 'events', 'enabled', 'disabledReason', 'disabledAt', 'createdAt', 'updatedAt'],
    properties: {
      id: { type: 'string' },
      url: { type: 'string' },
      events,
      enabled: { type: 'boolean' },
      disabledReason: {
        type: ['string', 'null'],
        description: 'Why the relay disabled it (deliveries failed for about a day, 410 Gone, a refused address).',
      },
      disabledAt: { type: ['integer', 'null'] },
      createdAt: { type: 'integer' },
      updatedAt: { type: 'integer' },
    },
  },
  WebhookDelivery: {
    type: 'object',
    required: [
      'id',
      'eventId',
      'eventType',
      'attempt',
      'at',
      'outcome',
      'statusCode',
      'error',
      'latencyMs',
      'excerpt',
      'resendable',
    ],
    properties: {
      id: { type: 'string' },
      eventId: { type: 'string' },
      eventType: { type: 'string' },
      attempt: { type: 'integer', minimum: 1, description: 'The attempt of this delivery (1 for the first).' },
      at: { type: 'integer' },
      outcome: { type: 'string', enum: ['delivered', 'failed', 'skipped'] },
      statusCode: { type: ['integer', 'null'], description: 'The receiver’s status; null when it did not answer.' },
      error: { type: ['string', 'null'] },
      latencyMs: { type: 'integer' },
      excerpt: {
        type: ['string', 'null'],
        description: 'The start of the answer: 512 characters at most, control characters removed.',
      },
      resendable: { type: 'boolean', description: 'The event’s body is still kept, so Resend can send it.' },
    },
  },
  WebhookEvent: {
    type: 'object',
    required: ['id', 'type', 'createdAt', 'siteId', 'data'],
    properties: {
      id: { type: 'string', description: '`evt_…`: the same on every attempt and resend; deduplicate on it.' },
      type: {
        type: 'string',
        description: 'A subscription’s type (see docs/webhooks.md), or `ping`: a test event an admin asked for.',
      },
      createdAt: { type: 'integer', description: 'When it happened (ms since the epoch).' },
      siteId: { type: 'string' },
      data: { type: 'object' },
    },
  },
};

const eventHeaders: Json = {
  'Parley-Signature': {
    required: true,
    description: '`t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`; t is the time of the attempt.',
    schema: { type: 'string' },
  },
  'Parley-Event-Id': { required: true, schema: { type: 'string' } },
  'Parley-Event-Type': { required: true, schema: { type: 'string' } },
  'User-Agent': { required: true, schema: { type: 'string', const: 'Parley-Webhooks/1' } },
};

function event(type: string, summary: string, data: Json): Json {
  return {
    post: {
      summary,
      description:
        'POSTed to every enabled endpoint subscribed to it, signed (docs/webhooks.md). Answer 2xx within 10 s; anything else is retried for about a day (30 attempts, 30 s doubling to 1 h), 429/503 no sooner than their `Retry-After` (a floor: never sooner than the backoff either); 410 Gone stops for good. At least once, in order per conversation and endpoint.',
      tags: ['webhooks'],
      parameters: Object.entries(eventHeaders as Record<string, Json>).map(([name, header]) => ({
        name,
        in: 'header',
        ...(header as Record<string, Json>),
      })),
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              allOf: [ref('WebhookEvent'), { type: 'object', properties: { type: { const: type }, data } }],
            },
          },
        },
      },
      responses: { '2XX': { description: 'Received. Any other answer (a redirect too) is a failure.' } },
    },
  };
}

const conversationFields: Json = {
  type: 'object',
  required: ['id', 'status', 'priority', 'assigneeId', 'labels', 'updatedAt'],
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['open', 'pending', 'snoozed', 'resolved'] },
    priority: { type: 'string', enum: ['none', 'low', 'medium', 'high', 'urgent'] },
    assigneeId: { type: ['string', 'null'] },
    labels: { type: 'array', items: { type: 'string' } },
    teamId: { type: ['string', 'null'], description: 'Its team (routing); null for none.' },
    overdue: { type: 'boolean', description: 'Its first-reply deadline passed unanswered (an escalation).' },
    updatedAt: { type: 'integer' },
  },
};

/** The OpenAPI 3.1 `webhooks` section: what the relay sends. */
export const webhookEvents: Record<string, Json> = {
  'conversation.created': event('conversation.created', 'A conversation was opened (its first message stored)', {
    type: 'object',
    required: ['conversation', 'openedBy'],
    properties: {
      conversation: {
        type: 'object',
        required: ['id', 'createdAt'],
        properties: { id: { type: 'string' }, createdAt: { type: 'integer' } },
      },
      openedBy: {
        type: 'object',
        required: ['role', 'id'],
        properties: { role: { type: 'string', enum: ['visitor', 'staff', 'system'] }, id: { type: 'string' } },
      },
    },
  }),
  'message.created': event(
    'message.created',
    'A message was stored: a visitor’s, staff’s, a broadcast, or (to `note.created` subscribers only) a private note',
    { type: 'object', required: ['message'], properties: { message: ref('Message') } },
  ),
  'conversation.updated': event(
    'conversation.updated',
    'Status, assignee, team, priority or labels changed (through the admin API or the inbox), or routing changed them: an assignment, an escalation (`overdue` and the raised priority)',
    {
      type: 'object',
      required: ['conversation', 'previous'],
      properties: {
        conversation: conversationFields,
        previous: {
          type: 'object',
          description: 'The old value of each field that changed, and only those.',
          properties: {
            status: { type: 'string' },
            priority: { type: 'string' },
            assigneeId: { type: ['string', 'null'] },
            labels: { type: 'array', items: { type: 'string' } },
            teamId: { type: ['string', 'null'] },
            overdue: { type: 'boolean' },
          },
        },
      },
    },
  ),
  'contact.created': event('contact.created', 'A visitor became a contact (their first message)', {
    type: 'object',
    required: ['contact'],
    properties: {
      contact: {
        type: 'object',
        required: ['id', 'verified', 'createdAt'],
        properties: {
          id: { type: 'string', description: 'The visitor id (your user id when identity is verified).' },
          name: { type: 'string' },
          verified: { type: 'boolean' },
          createdAt: { type: 'integer' },
        },
      },
    },
  }),
  'contact.erased': event('contact.erased', 'A contact was erased: ids only, never what was erased', {
    type: 'object',
    required: ['contact', 'conversationIds'],
    properties: {
      contact: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
      conversationIds: { type: 'array', items: { type: 'string' } },
    },
  }),
};
