import { defineFeature } from '../features/feature.js';
import { LogConsumer } from '../message-log/log-consumer.js';
import { RULES_ACTIONS, type RunHost } from './rule-actions.js';
import { RULES_CONDITIONS } from './rule-conditions.js';
import { RuleKinds } from './rule-kinds.js';
import { ruleActions, ruleConditions } from './rule-points.js';
import type { RulesFeature } from './rules-instance.js';
import { Rules } from './rules.js';
import { RULES_MIGRATIONS } from './rules-migrations.js';
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
  // Writing rules and shared macros; the routes every member may call say so.
  permission: 'automations.manage',
  apiTag: {
    name: 'rules',
    description:
      'Rules (if this, then that: a trigger, conditions and actions, each firing once per event) and macros (named lists of the same actions, run by hand). docs/rules.md.',
  },
  erasure: { conversations: [{ table: 'rule_firings' }] },
  // What rules test and do: the rules' own, and what other features contribute (rule-points.ts).
  points: [ruleConditions, ruleActions],
  contributes: [ruleConditions.with(...RULES_CONDITIONS), ruleActions.with(...RULES_ACTIONS)],
  create: ({ admin, config, contributions, db, log, relaySecret, options, use }) => {
    const now = options.clock ?? Date.now;
    const kinds = new RuleKinds(contributions(ruleConditions), contributions(ruleActions));
    const host: RunHost = { admin, use, relaySecret, allowPrivate: config.webhookAllowPrivate, now, actions: kinds };
    const open = (siteId: string): boolean | undefined => use('automations')?.hours(siteId)?.open;
    const rules = new Rules({ repository: new RulesRepository(db), host, kinds, log, open });
    const consumer = new LogConsumer({
      name: 'rules',
      db,
      log,
      handle: (batch) => rules.handleLog(batch),
      wanted: () => rules.wantsMessages(),
    });
    return {
      instance: { rules, host, kinds, allowPrivate: config.webhookAllowPrivate, open },
      desk: rules,
      handlers: [rules.handler()],
      logConsumers: [consumer],
      start: () => rules.start(),
      stop: () => rules.stop(),
    };
  },
});
