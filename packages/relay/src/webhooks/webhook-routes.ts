import {
  WebhookCreate,
  WebhookCreated,
  WebhookDeliveryPage,
  WebhookEndpoint,
  WebhookList,
  WebhookPatch,
  WebhookResendQueued,
  WebhookTestQueued,
  type WebhookDelivery,
  type WebhookSubscription,
} from '@parley/protocol/admin';
import { randomId, randomToken } from '../auth/tokens.js';
import type { WebhookDeliveryRecord, WebhookEndpointRecord } from './webhook-store.js';
import { checkWebhookUrl } from '../outbound/address-guard.js';
import { webhookEvent, type WebhookPayload } from './webhook-events.js';
import { WEBHOOK_KIND } from './webhook-handler.js';
import type { Webhooks } from './webhooks.js';
import { ApiError } from '../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../features/admin-routes/admin-route.js';
import { type Json, ok } from '../http/openapi/openapi-parts.js';
import { pageSize, seq } from '../features/admin-routes/route-query.js';

/** Endpoints a site may have: every event is one job per subscribed endpoint, so fan-out stays bounded. */
export const MAX_WEBHOOKS_PER_SITE = 20;

/** The resend route's second path parameter, as the API document shows it. */
const deliveryParam: Json = {
  name: 'deliveryId',
  in: 'path',
  required: true,
  description: 'The delivery log row.',
  schema: { type: 'string', pattern: '^[0-9]{1,18}$' },
};

/** An endpoint as the API shows it: never its secret (shown once, at creation). */
export function webhookJson(endpoint: WebhookEndpointRecord): WebhookEndpoint {
  return {
    id: endpoint.id,
    url: endpoint.url,
    // The store keeps what `WebhookCreate`/`WebhookPatch` let in.
    events: [...endpoint.events] as WebhookSubscription[],
    enabled: endpoint.enabled,
    batch: endpoint.batch,
    disabledReason: endpoint.disabledReason,
    disabledAt: endpoint.disabledAt,
    createdAt: endpoint.createdAt,
    updatedAt: endpoint.updatedAt,
  };
}

function deliveryJson(delivery: WebhookDeliveryRecord): WebhookDelivery {
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    attempt: delivery.attempt,
    at: delivery.at,
    outcome: delivery.outcome,
    statusCode: delivery.statusCode,
    error: delivery.error,
    latencyMs: delivery.latencyMs,
    excerpt: delivery.excerpt,
    events: delivery.eventCount ?? 1,
    resendable: delivery.resendable,
  };
}

/** The webhooks feature, part of every relay that serves these routes. */
function webhooksOf(call: Call): Webhooks {
  const webhooks = call.use('webhooks');
  if (!webhooks) throw new ApiError('not_found', 'Webhooks are not part of this relay.');
  return webhooks;
}

/** The URL to store; `bad_request` naming why when the relay will not send there. */
function webhookUrl(call: Call, raw: string): string {
  const checked = checkWebhookUrl(raw, webhooksOf(call).allowPrivate);
  if ('error' in checked) throw new ApiError('bad_request', `Invalid body.url: ${checked.error}.`);
  return checked.url;
}

async function webhookOr404(call: Call): Promise<WebhookEndpointRecord> {
  const found = await call.admin.repos.webhooks.getWebhook(call.site.id, call.params.id!);
  if (!found) throw new ApiError('not_found', 'No such webhook endpoint on this site.');
  return found;
}

/**
 * Routes of webhook endpoints (docs/webhooks.md): admins manage them and read their delivery log. Their order is the
 * order of the published document's paths (docs/api/openapi.json), which lists a path where its first route stands.
 */
export const webhookRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/webhooks',
    doc: {
      summary: 'Webhook endpoints',
      description: 'Oldest first; never their secrets.',
      tag: 'webhooks',
      responses: ok('The endpoints.', WebhookList),
    },
    run: async (call) => ({
      status: 200,
      body: { items: (await call.admin.repos.webhooks.listWebhooks(call.site.id)).map(webhookJson) },
    }),
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/webhooks',
    requestBody: WebhookCreate,
    doc: {
      summary: 'Add a webhook endpoint',
      description: `Enabled at once. The answer carries the signing secret (\`whsec_…\`): the only time it is shown, so keep it (it verifies \`Parley-Signature\`, docs/webhooks.md). At most 20 endpoints per site (409 \`conflict\`).`,
      tag: 'webhooks',
      conflict: true,
      responses: ok('Created.', WebhookCreated, '201'),
    },
    run: async (call) => {
      const body = call.body;
      const url = webhookUrl(call, body.url);
      if ((await call.admin.repos.webhooks.listWebhooks(call.site.id)).length >= MAX_WEBHOOKS_PER_SITE)
        throw new ApiError('conflict', `A site may have ${MAX_WEBHOOKS_PER_SITE} webhook endpoints at most.`);
      const secret = randomToken('whsec', 32);
      const created = await call.admin.repos.webhooks.createWebhook({
        id: randomId('wh'),
        siteId: call.site.id,
        url,
        events: [...new Set(body.events)],
        secretSealed: webhooksOf(call).sealer.seal(secret),
        enabled: true,
        batch: body.batch ?? false,
        disabledReason: null,
        disabledAt: null,
        createdAt: call.now,
        updatedAt: call.now,
      });
      await audit(call, 'webhook.create', 'webhook', created.id, {
        url,
        events: created.events,
        batch: created.batch,
      });
      await webhooksOf(call).subscriptions.refresh();
      return { status: 201, body: { ...webhookJson(created), secret } };
    },
  }),
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/webhooks/{id}',
    resource: 'webhook endpoint',
    requestBody: WebhookPatch,
    doc: {
      summary: 'Change a webhook endpoint',
      description:
        'URL, events, enabled. Enabling an endpoint the relay disabled clears why; pending deliveries go to the new URL. Disabling it skips its pending deliveries (their log rows say so, and can be resent once it is enabled again).',
      tag: 'webhooks',
      responses: ok('Changed.', WebhookEndpoint),
    },
    run: async (call) => {
      const body = call.body;
      const patch = {
        ...(body.url !== undefined ? { url: webhookUrl(call, body.url) } : {}),
        ...(body.events !== undefined ? { events: [...new Set(body.events)] } : {}),
        ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
        ...(body.batch !== undefined ? { batch: body.batch } : {}),
      };
      const updated = await call.admin.repos.webhooks.updateWebhook(call.site.id, call.params.id!, patch, call.now);
      if (!updated) throw new ApiError('not_found', 'No such webhook endpoint on this site.');
      await audit(call, 'webhook.update', 'webhook', updated.id, patch);
      await webhooksOf(call).subscriptions.refresh();
      return { status: 200, body: webhookJson(updated) };
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/v1/admin/webhooks/{id}',
    resource: 'webhook endpoint',
    doc: {
      summary: 'Delete a webhook endpoint',
      description: 'With its delivery log; its pending deliveries are skipped.',
      tag: 'webhooks',
      responses: { '204': { description: 'Deleted.' } },
    },
    run: async (call) => {
      await call.request.body;
      const endpoint = await webhookOr404(call);
      if (!(await call.admin.repos.webhooks.deleteWebhook(call.site.id, endpoint.id)))
        throw new ApiError('not_found', 'No such webhook endpoint on this site.');
      await audit(call, 'webhook.delete', 'webhook', endpoint.id, { url: endpoint.url });
      await webhooksOf(call).subscriptions.refresh();
      return { status: 204 };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/webhooks/{id}/deliveries',
    resource: 'webhook endpoint',
    doc: {
      summary: 'Delivery log',
      description:
        'One row per attempt, newest first, kept 30 days: when, the outcome, the status code or the error, the latency and the start of the answer.',
      tag: 'webhooks',
      responses: ok('A page of attempts.', WebhookDeliveryPage),
    },
    query: {
      cursor: seq('The `nextCursor` of the previous page.'),
      limit: pageSize(50, 200, {
        description: 'Page size (default 50).',
        schema: { type: 'integer', minimum: 1, maximum: 200 },
      }),
    },
    run: async (call) => {
      const endpoint = await webhookOr404(call);
      const page = await call.admin.repos.webhooks.listWebhookDeliveries(
        call.site.id,
        endpoint.id,
        call.query.cursor,
        call.query.limit,
      );
      return {
        status: 200,
        body: {
          items: page.items.map(deliveryJson),
          ...(page.next !== undefined ? { nextCursor: String(page.next) } : {}),
        },
      };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/webhooks/{id}/test',
    resource: 'webhook endpoint',
    doc: {
      summary: 'Send a test event',
      description:
        'Queues a `ping` event for this endpoint, whatever it subscribes to: `data: { webhook: { id } }`, signed, retried and logged like every event (the inbox’s **Send a test event**). 409 `conflict` when the endpoint is disabled. Audited (`webhook.test`).',
      tag: 'webhooks',
      conflict: true,
      responses: ok('Queued.', WebhookTestQueued, '202'),
    },
    run: async (call) => {
      await call.request.body;
      const endpoint = await webhookOr404(call);
      if (!endpoint.enabled)
        throw new ApiError(
          'conflict',
          'This endpoint is disabled: enable it first, or the test event would be skipped.',
        );
      // A `ping` goes the way every event goes: an outbox job, signed and retried by the webhook handler, its
      // attempts in the delivery log. It names only the endpoint, so the receiver learns nothing else.
      const event = webhookEvent('ping', call.site.id, { webhook: { id: endpoint.id } }, call.now);
      const payload: WebhookPayload = { endpointId: endpoint.id, event };
      await call.admin.repos.outbox.enqueueOutbox(
        [{ kind: WEBHOOK_KIND, siteId: call.site.id, key: null, conversationId: null, payload }],
        call.now,
      );
      await audit(call, 'webhook.test', 'webhook', endpoint.id, { eventId: event.id });
      call.admin.outbox.nudge();
      return { status: 202, body: { eventId: event.id } };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/webhooks/{id}/deliveries/{deliveryId}/resend',
    resource: 'webhook endpoint',
    doc: {
      summary: 'Resend an event',
      description:
        "Sends the attempt's event again, as a new delivery with the same event id and body (receivers that saw it deduplicate on the id). 409 `conflict` when the endpoint is disabled, or the body is no longer kept (`resendable: false`).",
      tag: 'webhooks',
      parameters: [deliveryParam],
      conflict: true,
      responses: ok('Queued.', WebhookResendQueued, '202'),
    },
    run: async (call) => {
      await call.request.body;
      const endpoint = await webhookOr404(call);
      if (!endpoint.enabled)
        throw new ApiError('conflict', 'This endpoint is disabled: enable it first, or the resend would be skipped.');
      const deliveryId = call.params.deliveryId!;
      let resent = await call.admin.repos.webhooks.resendWebhookDelivery(
        call.site.id,
        endpoint.id,
        deliveryId,
        call.now,
      );
      // A delivery made from the message log has no job: its event is rebuilt from the stored message.
      if (resent === 'gone')
        resent = (await call.use('webhooks')?.resendLogged(call.site.id, endpoint.id, deliveryId, call.now)) ?? resent;
      if (resent === 'not_found') throw new ApiError('not_found', 'No such delivery of this endpoint.');
      if (resent === 'gone')
        throw new ApiError(
          'conflict',
          "The event's body is no longer kept (delivered over 7 days ago, or its conversation was erased).",
        );
      await audit(call, 'webhook.resend', 'webhook', endpoint.id, { deliveryId, jobId: resent.jobId });
      call.admin.outbox.nudge();
      return { status: 202, body: { jobId: resent.jobId } };
    },
  }),
];
