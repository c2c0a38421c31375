import { defineFeature } from '../features/feature.js';
import * as webhookQueries from './webhook-queries.js';
import { webhookRoutes } from './webhook-routes.js';
import { SecretSealer } from '../store/secret-sealer.js';
import { loadHttpClient } from '../outbound/signed-request.js';
import { Webhooks } from './webhooks.js';
import { WEBHOOK_MIGRATIONS } from './webhook-migrations.js';
import { webhookEvents } from './webhook-openapi.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    webhooks: Webhooks;
  }
}

/**
 * Webhooks (docs/webhooks.md): events of messages (read from the message log) and desk changes (through the outbox),
 * delivered signed.
 */
export const webhooksFeature = defineFeature({
  name: 'webhooks',
  repositories: { webhooks: webhookQueries },
  apiWebhooks: webhookEvents,
  migrations: WEBHOOK_MIGRATIONS,
  // A receiver's answer kept in the delivery log may echo what it was sent.
  erasure: { conversations: [{ table: 'webhook_deliveries' }] },
  adminRoutes: webhookRoutes,
  // Each of its routes takes the one permission: an endpoint receives the site's events, its log echoes them.
  permission: 'webhooks.manage',
  create: ({ admin, db, dataKey, log, config }) => {
    const webhooks = new Webhooks({
      repos: admin.repos,
      sealer: new SecretSealer(dataKey),
      log,
      allowPrivate: config.webhookAllowPrivate,
      db,
      outbox: admin.repos,
      jobsWritten: () => admin.outbox.nudge(),
    });
    return {
      instance: webhooks,
      desk: webhooks,
      handlers: [webhooks.handler],
      ...(webhooks.consumer ? { logConsumers: [webhooks.consumer] } : {}),
      // Subscriptions are in memory before the message log is first read.
      start: () => webhooks.start(),
      stop: () => webhooks.stop(),
      // The HTTP client (undici) of every webhook, rule action, API channel reply and push: its import holds the loop
      // 60–130 ms, so it loads once the relay listens, not at the first request (nor during the start).
      preload: loadHttpClient,
    };
  },
});
