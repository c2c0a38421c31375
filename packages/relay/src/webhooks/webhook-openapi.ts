import {
  MAX_WEBHOOK_BATCH_EVENTS,
  WEBHOOK_EVENT_DATA,
  WebhookBatchBody,
  webhookEventBody,
} from '@parley/protocol/admin';
import type { Json } from '../http/openapi/openapi-parts.js';
import { schemaJson } from '../http/openapi/schema-json.js';

// What the relay sends to webhook endpoints, for the document's `webhooks` section. The endpoints' own routes carry
// their prose in `webhook-routes.ts`.

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
