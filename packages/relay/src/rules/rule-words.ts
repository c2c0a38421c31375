import type { RuleAction } from '@parley/protocol/admin';
import { kindOf, type ActionKinds } from './rule-actions.js';

/** An action in words, as the dry run and the run log say it (ids as given: the inbox puts names to them). */
export function describeAction(kinds: ActionKinds, action: RuleAction): string {
  return kindOf(kinds, action)?.describe(action) ?? `Unknown action ${action.type}`;
}

export function describeActions(kinds: ActionKinds, actions: readonly RuleAction[]): string[] {
  return actions.map((action) => describeAction(kinds, action));
}
