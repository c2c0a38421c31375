import { defineFeature } from '../features/feature.js';
import { SCHEDULED_MIGRATIONS } from './scheduled-migrations.js';
import { ScheduledMessages } from './scheduled-messages.js';
import { ScheduledRepository } from './scheduled-repository.js';
import { scheduledRoutes } from './scheduled-routes.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    scheduled: ScheduledMessages;
  }
}

/** Send later: staff messages scheduled for a time, sent as whoever scheduled them (docs/send-later.md). */
export const scheduledFeature = defineFeature({
  name: 'scheduled',
  migrations: SCHEDULED_MIGRATIONS,
  adminRoutes: scheduledRoutes,
  erasure: { conversations: [{ table: 'scheduled_messages' }] },
  create: ({ admin, db, log, options }) => {
    const scheduled = new ScheduledMessages({
      admin,
      repository: new ScheduledRepository(db),
      log,
      ...(options.clock ? { now: options.clock } : {}),
    });
    return { instance: scheduled, handlers: [scheduled.handler()] };
  },
});
