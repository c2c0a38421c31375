import {
  WebhookCreate,
  WebhookCreated,
  WebhookDeliveryPage,
  WebhookEndpoint,
  WebhookList,
  WebhookPatch,
  WebhookResendQueued,
  WebhookTestQueued,
  MAX_WEBHOOK_BATCH_EVENTS,
  WEBHOOK_EVENT_DATA,
  WebhookBatchBody,
  webhookEventBody,
} from '@parley/protocol/admin';
import { type Json, body, idParam, ok, operation, query } from '../http/openapi/openapi-parts.js';
import { schemaJson } from '../http/openapi/schema-json.js';

/** Webhook endpoints and their delivery log (`webhook-routes.ts` serves them), and the events they get. */

const deliveryParam: Json = {
  name: 'deliveryId',
  in: 'path',
  required: true,
  description: 'The delivery log row.',
  schema: { type: 'string', pattern: '^[0-9]{1,18}$' },
};

export const webhookPaths = (): Record<string, Json> => ({
  '/v1/admin/webhooks': {
    get: operation('Webhook endpoints', 'Oldest first; never their secrets.', {
      tag: 'webhooks',
      adminOnly: true,
      responses: ok('The endpoints.', WebhookList),
    }),
    post: operation(
      'Add a webhook endpoint',
      `Enabled at once. The answer carries the signing secret (\`whsec_…\`): the only time it is shown, so keep it (it verifies \`Parley-Signature\`, docs/webhooks.md). At most 20 endpoints per site (409 \`conflict\`).`,
      {
        tag: 'webhooks',
        adminOnly: true,
        requestBody: body(WebhookCreate),
        conflict: true,
        responses: ok('Created.', WebhookCreated, '201'),
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
        requestBody: body(WebhookPatch),
        notFound: true,
        responses: ok('Changed.', WebhookEndpoint),
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
        responses: ok('A page of attempts.', WebhookDeliveryPage),
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
        responses: ok('Queued.', WebhookTestQueued, '202'),
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
        responses: ok('Queued.', WebhookResendQueued, '202'),
      },
    ),
  },
});

/** The headers of every signed POST the relay makes (webhook events, API channels' replies). */
export const eventHeaders: Json = {
  'Parley-Signature': {
    required: true,
    description: '`t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`; t is the time of the attempt.',
    schema: { type: 'string' },
  },
  'Parley-Event-Id': { required: true, schema: { type: 'string' } },
  'Parley-Event-Type': { required: true, schema: { type: 'string' } },
  'User-Agent': { required: true, schema: { type: 'string', const: 'Parley-Webhooks/1' } },
};

function event(type: keyof typeof WEBHOOK_EVENT_DATA, summary: string): Json {
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
            schema: schemaJson(webhookEventBody(type)),
          },
        },
      },
      responses: { '2XX': { description: 'Received. Any other answer (a redirect too) is a failure.' } },
    },
  };
}

/** A batching endpoint's request (ADR 0039): several events, signed once. */
function batch(): Json {
  const { 'Parley-Signature': signature, 'User-Agent': agent } = eventHeaders as Record<string, Json>;
  const headers: Record<string, Json> = {
    'Parley-Signature': signature!,
    'Parley-Event-Count': {
      required: true,
      description: 'How many events the body holds (1 to 500).',
      schema: { type: 'integer', minimum: 1, maximum: MAX_WEBHOOK_BATCH_EVENTS },
    },
    'User-Agent': agent!,
  };
  return {
    post: {
      summary: 'Several events in one request (a batching endpoint)',
      description:
        'What an endpoint made with `batch: true` receives instead of one request per event: up to 500 events (and 1 MiB) per request, each event as a single request would carry it (deduplicate on each event’s `id`), a conversation’s events in their order, and all in one request (up to four requests to an endpoint at once, never sharing a conversation; a conversation’s later events in a later request). The answer counts for the whole batch: 2xx delivers every event in it; anything else retries each of them, one per request, on the schedule of single events.',
      tags: ['webhooks'],
      parameters: Object.entries(headers).map(([name, header]) => ({
        name,
        in: 'header',
        ...(header as Record<string, Json>),
      })),
      requestBody: { required: true, content: { 'application/json': { schema: schemaJson(WebhookBatchBody) } } },
      responses: { '2XX': { description: 'Received, every event of it. Any other answer is a failure of each.' } },
    },
  };
}

/** The OpenAPI 3.1 `webhooks` section: what the relay sends. */
export const webhookEvents = (): Record<string, Json> => ({
  'conversation.created': event('conversation.created', 'A conversation was opened (its first message stored)'),
  'message.created': event(
    'message.created',
    'A message was stored: a visitor’s, staff’s, a broadcast, or (to `note.created` subscribers only) a private note',
  ),
  'conversation.updated': event(
    'conversation.updated',
    'Status, assignee, team, priority or labels changed (through the admin API or the inbox), or routing changed them: an assignment, an escalation (`overdue` and the raised priority)',
  ),
  'contact.created': event('contact.created', 'A visitor became a contact (their first message)'),
  'contact.erased': event('contact.erased', 'A contact was erased: ids only, never what was erased'),
  batch: batch(),
});
