import { DEFAULT_SAFETY } from '@parley/protocol/admin';
import { defineFeature } from '../features/feature.js';
import { MODERATION_MIGRATIONS } from './moderation-migrations.js';
import { ModerationRepository } from './moderation-repository.js';
import { moderationRoutes } from './moderation-routes.js';
import { Moderation } from './moderation.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    moderation: Moderation;
  }
}

/**
 * Spam and review (issue #39, docs/safety.md "Spam and review"): flags for review, the spam limits on visitor
 * messages, and marking a conversation as spam (hidden, out of reports, its visitor and network blocked a while).
 */
export const moderationFeature = defineFeature({
  name: 'moderation',
  migrations: MODERATION_MIGRATIONS,
  adminRoutes: moderationRoutes,
  erasure: {
    conversations: [
      { table: 'conversation_flags' },
      { table: 'conversation_spam' },
      { table: 'conversation_networks' },
    ],
  },
  create: ({ admin, db, log, relaySecret, options, use }) => {
    const moderation = new Moderation({
      admin,
      repository: new ModerationRepository(db),
      log,
      relaySecret,
      // The site's limits, as saved with its safety settings (the defaults on a relay without them).
      spamSettings: (siteId) => use('safety')?.settings(siteId).spam ?? DEFAULT_SAFETY.spam,
      ...(options.clock ? { now: options.clock } : {}),
    });
    return {
      instance: moderation,
      hooks: moderation,
      start: () => moderation.start(),
      stop: () => moderation.stop(),
    };
  },
});
