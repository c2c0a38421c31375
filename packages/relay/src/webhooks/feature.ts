import { defineFeature } from '../features/feature.js';
import { webhookRoutes } from '../http/admin-routes/webhooks.js';
import { SecretSealer } from '../store/secret-sealer.js';
import { Webhooks } from './webhooks.js';
import { WEBHOOK_MIGRATIONS } from './webhook-migrations.js';
import { webhookPaths } from '../http/openapi/webhooks.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    webhooks: Webhooks;
  }
}

/** Webhooks (docs/webhooks.md): events of messages and desk changes, delivered signed through the outbox. */
export const webhooksFeature = defineFeature({
  name: 'webhooks',
  apiPaths: webhookPaths,
  migrations: WEBHOOK_MIGRATIONS,
  // A receiver's answer kept in the delivery log may echo what it was sent.
  erasure: { conversations: [{ table: 'webhook_deliveries' }] },
  adminRoutes: webhookRoutes,
  create: ({ admin, dataKey, log, config }) => {
    const webhooks = new Webhooks({
      repos: admin.repos,
      sealer: new SecretSealer(dataKey),
      log,
      allowPrivate: config.webhookAllowPrivate,
    });
    return {
      instance: webhooks,
      hooks: webhooks,
      desk: webhooks,
      handlers: [webhooks.handler],
      // Subscriptions are in memory before the first message can be stored (their events come from its append).
      start: () => webhooks.start(),
      stop: () => webhooks.stop(),
    };
  },
});
