import { defineFeature } from '../features/feature.js';
import * as pushQueries from './push-queries.js';
import { pushRoutes } from './push-routes.js';
import { Push, loadWebPush } from './push.js';
import { PUSH_MIGRATIONS } from './push-migrations.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    push: Push;
  }
}

/** Web Push to staff whose inbox is closed (docs/agent-app.md, "Browser push"). */
export const pushFeature = defineFeature({
  name: 'push',
  repositories: { push: pushQueries },
  migrations: PUSH_MIGRATIONS,
  // What each browser was pushed about a conversation goes with it (it names the conversation).
  erasure: { conversations: [{ table: 'push_shown' }] },
  adminRoutes: pushRoutes,
  create: ({ admin, relaySecret, config, options, db, log }) => {
    const push = new Push({
      admin,
      relaySecret,
      subject: config.publicUrl?.startsWith('https:') ? config.publicUrl : 'mailto:parley@localhost',
      allowPrivate: config.webhookAllowPrivate,
      db,
      log,
      ...(options.clock ? { now: options.clock } : {}),
      ...(options.pushReadDelayMs !== undefined ? { readDelayMs: options.pushReadDelayMs } : {}),
    });
    return {
      instance: push,
      handlers: push.handlers(),
      hooks: push.hooks(),
      ...(push.consumer ? { logConsumers: [push.consumer] } : {}),
      start: () => push.start(),
      preload: loadWebPush,
      stop: () => push.stop(),
    };
  },
});
