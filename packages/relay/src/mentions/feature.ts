import { defineFeature } from '../features/feature.js';
import * as mentionQueries from './mention-queries.js';
import { mentionRoutes } from './mention-routes.js';
import { Mentions } from './mentions.js';
import { MENTION_MIGRATIONS } from './mention-migrations.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    mentions: Mentions;
  }
}

/** Mentions in staff notes (docs/mentions.md): the inbox's list, an email or a push to whom a note names. */
export const mentionsFeature = defineFeature({
  name: 'mentions',
  repositories: { mentions: mentionQueries },
  migrations: MENTION_MIGRATIONS,
  erasure: { conversations: [{ table: 'mentions' }] },
  adminRoutes: mentionRoutes,
  create: ({ admin, options, use }) => {
    const mentions = new Mentions({
      admin,
      emailEnabled: () => use('email')?.enabled ?? false,
      pushEnabled: (siteId) => use('push')?.has(siteId) ?? false,
      ...(options.mentionEmailDelayMs !== undefined ? { emailDelayMs: options.mentionEmailDelayMs } : {}),
      ...(options.clock ? { now: options.clock } : {}),
    });
    return {
      instance: mentions,
      hooks: mentions,
      handlers: [mentions.recordHandler()],
      start: () => mentions.start(),
      stop: () => mentions.stop(),
    };
  },
});
