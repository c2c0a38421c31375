import { defineFeature } from '../features/feature.js';
import { ruleActions } from '../rules/public.js';
import { snoozeRuleAction } from './snooze-rule-action.js';
import { SNOOZE_MIGRATIONS } from './snooze-migrations.js';
import { SnoozeRepository } from './snooze-repository.js';
import { snoozeRoutes } from './snooze-routes.js';
import { Snooze } from './snooze.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    snooze: Snooze;
  }
}

/** Snooze until a time: a conversation set aside goes back to open by itself (docs/automations.md, "Snooze"). */
export const snoozeFeature = defineFeature({
  name: 'snooze',
  migrations: SNOOZE_MIGRATIONS,
  adminRoutes: snoozeRoutes,
  erasure: { conversations: [{ table: 'conversation_snoozes' }] },
  // Rules and macros may snooze a conversation.
  contributes: [ruleActions.with(snoozeRuleAction)],
  create: ({ admin, db, log, options }) => {
    const snooze = new Snooze({
      admin,
      repository: new SnoozeRepository(db),
      log,
      ...(options.clock ? { now: options.clock } : {}),
    });
    return {
      instance: snooze,
      hooks: snooze,
      handlers: [snooze.handler()],
      start: () => snooze.start(),
      stop: () => snooze.stop(),
    };
  },
});
