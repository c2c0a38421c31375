import * as z from 'zod/mini';
import { ConversationPriority, ConversationStatus, Message } from '../frames.js';
import { type Components, doc, list, millis, page } from './document.js';

/** Webhook endpoints and their delivery log (docs/webhooks.md): what the admin API takes and answers. */

/** The most events a batching endpoint gets in one request (ADR 0039). */
export const MAX_WEBHOOK_BATCH_EVENTS = 500;
/** The largest body of a batched request, in bytes (a batch is cut before an event that would pass it). */
export const MAX_WEBHOOK_BATCH_BYTES = 1024 * 1024;

/** The longest endpoint URL the relay keeps. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;

/**
 * What an endpoint may subscribe to. Each is an event type, except `note.created`: private notes are
 * `message.created` events (`data.message.kind === 'note'`) that only endpoints subscribed to `note.created`
 * receive, so a receiver that mirrors the conversation for the visitor never gets an internal note by accident.
 */
export const WEBHOOK_SUBSCRIPTIONS = [
  'conversation.created',
  'conversation.updated',
  'message.created',
  'message.updated',
  'note.created',
  'contact.created',
  'contact.erased',
] as const;

/** One of {@link WEBHOOK_SUBSCRIPTIONS}. */
export type WebhookSubscription = (typeof WEBHOOK_SUBSCRIPTIONS)[number];

const WebhookUrl = z.string().check(
  z.minLength(1),
  z.maxLength(MAX_WEBHOOK_URL_LENGTH),
  doc({
    format: 'uri',
    omit: ['minLength'],
    description:
      '`http:` or `https:`, no credentials, no fragment. Loopback, private (RFC 1918, CGNAT, unique local), link-local, metadata, unspecified and multicast addresses are refused (also after DNS resolution, at every delivery) unless the relay runs with `PARLEY_WEBHOOK_ALLOW_PRIVATE`.',
  }),
);

// Duplicates are accepted and dropped (the relay keeps a set), so the document's `uniqueItems` is advice.
const WebhookEvents = z
  .array(z.enum(WEBHOOK_SUBSCRIPTIONS, { error: `one of ${WEBHOOK_SUBSCRIPTIONS.join(', ')}` }))
  .check(
    z.minLength(1),
    z.maxLength(WEBHOOK_SUBSCRIPTIONS.length),
    doc({
      uniqueItems: true,
      omit: ['maxItems'],
      description:
        'What the endpoint receives. `note.created` subscribes to private notes, which arrive as `message.created` events with `data.message.kind` `note`; `message.created` alone never sends a note.',
    }),
  );

const WebhookBatch = z.boolean().check(
  doc({
    description:
      'Several events per request: the body is `{"events": [...]}` (up to 500 events, 1 MiB), each event as a single delivery would send it, a conversation’s events in order. Without it, one event per request. See docs/webhooks.md, "Batches".',
  }),
);

/** `POST /v1/admin/webhooks`. */
export const WebhookCreate = z
  .object({ url: WebhookUrl, events: WebhookEvents, batch: z.optional(WebhookBatch) })
  .check(doc({ example: { url: 'https://hooks.example.com/matrix', events: ['message.created'] } }));

/** `PATCH /v1/admin/webhooks/{id}`: what changes. */
export const WebhookPatch = z
  .object({
    url: z.optional(WebhookUrl),
    events: z.optional(WebhookEvents),
    enabled: z.optional(z.boolean()),
    batch: z.optional(WebhookBatch),
  })
  .check(doc({ example: { enabled: true } }));

/** A webhook endpoint as the API shows it: never its secret (shown once, at creation). */
export const WebhookEndpoint = z.object({
  id: z.string(),
  url: z.string(),
  events: WebhookEvents,
  enabled: z.boolean(),
  batch: WebhookBatch,
  disabledReason: z.nullable(z.string()).check(
    doc({
      description: 'Why the relay disabled it (deliveries failed for about a day, 410 Gone, a refused address).',
    }),
  ),
  disabledAt: z.nullable(millis),
  createdAt: millis,
  updatedAt: millis,
});

/** The answer to `POST /v1/admin/webhooks`: the endpoint and its signing secret. */
export const WebhookCreated = z.intersection(
  WebhookEndpoint,
  z.object({ secret: z.string().check(doc({ description: 'Shown this once.' })) }),
);

/** One attempt in an endpoint's delivery log. */
export const WebhookDelivery = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  attempt: z.int().check(z.minimum(1), doc({ description: 'The attempt of this delivery (1 for the first).' })),
  at: millis,
  outcome: z.enum(['delivered', 'failed', 'skipped']),
  statusCode: z.nullable(z.int()).check(doc({ description: 'The receiver’s status; null when it did not answer.' })),
  error: z.nullable(z.string()),
  latencyMs: z.int(),
  excerpt: z
    .nullable(z.string())
    .check(doc({ description: 'The start of the answer: 512 characters at most, control characters removed.' })),
  events: z.int().check(
    z.minimum(1),
    doc({
      description:
        'How many events the request carried: 1, or a batch’s count (then `eventId` is its first event’s and `eventType` is `batch`).',
    }),
  ),
  resendable: z.boolean().check(doc({ description: 'The event’s body is still kept, so Resend can send it.' })),
});

/** The webhook endpoints of a site (`GET /v1/admin/webhooks`), oldest first. */
export const WebhookList = list(WebhookEndpoint);

/** A page of an endpoint's delivery log, newest first. */
export const WebhookDeliveryPage = page(WebhookDelivery);

/** `POST /v1/admin/webhooks/{id}/test`: the queued ping. */
export const WebhookTestQueued = z.object({
  eventId: z.string().check(doc({ description: 'The ping’s event id (`evt_…`), as its delivery log rows show.' })),
});

/** `POST …/deliveries/{deliveryId}/resend`: the new outbox job. */
export const WebhookResendQueued = z.object({
  jobId: z.string().check(doc({ description: 'The new outbox job.' })),
});

/** An event's body as the relay POSTs it to an endpoint. */
export const WebhookEvent = z.object({
  id: z.string().check(doc({ description: '`evt_…`: the same on every attempt and resend; deduplicate on it.' })),
  type: z
    .string()
    .check(
      doc({ description: 'A subscription’s type (see docs/webhooks.md), or `ping`: a test event an admin asked for.' }),
    ),
  createdAt: millis.check(doc({ description: 'When it happened (ms since the epoch).' })),
  siteId: z.string(),
  data: z.record(z.string(), z.unknown()),
});

/**
 * A batching endpoint's request body (ADR 0039): its events, each as a single delivery's body; a conversation's
 * events in their order. Signed whole, as a single event's body is.
 */
export const WebhookBatchBody = z.object({
  events: z.array(WebhookEvent).check(z.minLength(1), z.maxLength(MAX_WEBHOOK_BATCH_EVENTS)),
});

const conversationFields = z.object({
  id: z.string(),
  status: ConversationStatus,
  priority: ConversationPriority,
  assigneeId: z.nullable(z.string()),
  labels: z.array(z.string()),
  teamId: z.optional(z.nullable(z.string()).check(doc({ description: 'Its team (routing); null for none.' }))),
  overdue: z.optional(
    z.boolean().check(doc({ description: 'Its first-reply deadline passed unanswered (an escalation).' })),
  ),
  updatedAt: millis,
});

/** What each event's `data` carries, by type. */
export const WEBHOOK_EVENT_DATA = {
  'conversation.created': z.object({
    conversation: z.object({ id: z.string(), createdAt: millis }),
    openedBy: z.object({ role: z.enum(['visitor', 'staff', 'system']), id: z.string() }),
  }),
  'message.created': z.object({ message: Message }),
  'message.updated': z.object({ message: Message }),
  'conversation.updated': z.object({
    conversation: conversationFields,
    previous: z
      .object({
        status: z.optional(z.string()),
        priority: z.optional(z.string()),
        assigneeId: z.optional(z.nullable(z.string())),
        labels: z.optional(z.array(z.string())),
        teamId: z.optional(z.nullable(z.string())),
        overdue: z.optional(z.boolean()),
      })
      .check(doc({ description: 'The old value of each field that changed, and only those.' })),
  }),
  'contact.created': z.object({
    contact: z.object({
      id: z.string().check(doc({ description: 'The visitor id (your user id when identity is verified).' })),
      name: z.optional(z.string()),
      verified: z.boolean(),
      createdAt: millis,
    }),
  }),
  'contact.erased': z.object({
    contact: z.object({ id: z.string() }),
    conversationIds: z.array(z.string()),
  }),
} as const;

/** The body of an event of `type`: the common fields, its `type`, and its `data`. */
export function webhookEventBody<T extends keyof typeof WEBHOOK_EVENT_DATA>(type: T) {
  return z.intersection(
    WebhookEvent,
    z.object({
      type: z.optional(z.literal(type).check(doc({ omit: ['type'] }))),
      data: z.optional(WEBHOOK_EVENT_DATA[type]),
    }),
  );
}

export type WebhookEndpoint = z.output<typeof WebhookEndpoint>;
export type WebhookDelivery = z.output<typeof WebhookDelivery>;
export type WebhookCreated = z.output<typeof WebhookCreated>;
export type WebhookCreate = z.input<typeof WebhookCreate>;
export type WebhookPatch = z.input<typeof WebhookPatch>;

/** This area's named schemas in the document. */
export const webhookComponents: Components = { WebhookEndpoint, WebhookDelivery, WebhookEvent };
