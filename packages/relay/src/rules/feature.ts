import { defineFeature } from '../features/feature.js';
import { LogConsumer } from '../message-log/log-consumer.js';
import type { ActionHost } from './rule-actions.js';
import type { RulesFeature } from './rules-instance.js';
import { Rules } from './rules.js';
import { RULES_MIGRATIONS } from './rules-migrations.js';
import { rulesPaths } from './rules-openapi.js';
import { RulesRepository } from './rules-repository.js';
import { rulesRoutes } from './rules-routes.js';

declare module '../features/feature-instances.js' {
  interface FeatureInstances {
    rules: RulesFeature;
  }
}

/**
 * Rules and macros (docs/rules.md): a site's own "if this, then that" on the desk's events, each firing once, and
 * named lists of the same actions that members run by hand.
 */
export const rulesFeature = defineFeature({
  name: 'rules',
  migrations: RULES_MIGRATIONS,
  adminRoutes: rulesRoutes,
  apiPaths: rulesPaths,
  apiTag: {
    name: 'rules',
    description:
      'Rules (if this, then that: a trigger, conditions and actions, each firing once per event) and macros (named lists of the same actions, run by hand). docs/rules.md.',
  },
  erasure: { conversations: [{ table: 'rule_firings' }] },
  create: ({ admin, config, db, log, relaySecret, options, use }) => {
    const now = options.clock ?? Date.now;
    const host: ActionHost = { admin, use, relaySecret, allowPrivate: config.webhookAllowPrivate, now };
    const open = (siteId: string): boolean | undefined => use('automations')?.hours(siteId)?.open;
    const rules = new Rules({ repository: new RulesRepository(db), host, log, open });
    const consumer = new LogConsumer({
      name: 'rules',
      db,
      log,
      handle: (batch) => rules.handleLog(batch),
      wanted: () => rules.wantsMessages(),
    });
    return {
      instance: { rules, host, allowPrivate: config.webhookAllowPrivate, open },
      desk: rules,
      handlers: [rules.handler()],
      logConsumers: [consumer],
      start: () => rules.start(),
      stop: () => rules.stop(),
    };
  },
});
