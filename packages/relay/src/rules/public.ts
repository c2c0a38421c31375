/**
 * What other features may import of the rules (docs/architecture.md, "Boundaries"): the points they contribute
 * conditions and actions to, and the types those take. Everything else in this folder is the rules' own.
 */
export { ruleActions, ruleConditions } from './rule-points.js';
export { ActionRetry, type ActionRun } from './rule-run.js';
export type { ActionOf, ConditionOf, RuleActionKindOf, RuleConditionKindOf } from './rule-points.js';
export type { RuleFacts, Truth } from './rule-facts.js';
