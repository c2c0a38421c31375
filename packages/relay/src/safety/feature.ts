import { defineFeature } from '../features/feature.js';
import { MessageSafety } from './message-safety.js';
import { SAFETY_MIGRATIONS } from './safety-migrations.js';
import { SafetyRepository } from './safety-repository.js';
import { safetyRoutes } from './safety-routes.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    safety: MessageSafety;
  }
}

/**
 * Message safety (docs/safety.md): sensitive data replaced before a message is stored, masked messages revealed
 * with an audit, the content filter and link rules, the site's settings for them.
 */
export const safetyFeature = defineFeature({
  name: 'safety',
  migrations: SAFETY_MIGRATIONS,
  adminRoutes: safetyRoutes,
  apiTag: {
    name: 'safety',
    description:
      'Message safety (docs/safety.md): card numbers, bank details, ids and keys replaced before messages are stored; the content filter; link rules; spam limits.',
  },
  erasure: { conversations: [{ table: 'safety_sealed' }] },
  create: ({ db, dataKey, log, options, use }) => {
    const safety = new MessageSafety({
      repository: new SafetyRepository(db),
      dataKey,
      log,
      // The content filter's flags go to review (the moderation feature), when the relay has it.
      flag: (siteId, conversationId, flag) => use('moderation')?.flag(siteId, conversationId, flag),
      pollMs: options.safetyPollMs,
    });
    return { instance: safety, hooks: safety, start: () => safety.start(), stop: () => safety.stop() };
  },
});
