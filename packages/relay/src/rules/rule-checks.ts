// What the rules' and macros' routes check beside their bodies' schemas (docs/rules.md): patterns, what the kinds of
// conditions and actions check, the site's cap of patterns, and who may write a personal webhook.
import type { RuleAction, RuleActionType, RuleCondition, RuleField } from '@parley/protocol/admin';
import { ApiError } from '../http/admin-http.js';
import type { Call } from '../features/admin-routes/admin-route.js';
import { patternError } from '../safety/public.js';
import { TimeSlice } from '../time-slice.js';
import { kindOf } from './rule-actions.js';
import type { RuleKinds } from './rule-kinds.js';
import type { ActionOf, ConditionOf } from './rule-points.js';
import type { RuleRecord } from './rules-repository.js';
import type { RulesFeature } from './rules-instance.js';

/**
 * The most `matches` conditions a site's rules hold together: they are compiled into one pattern set per site (see
 * `RulePatterns`), whose size is what each message pays for and what a save compiles.
 */
export const MAX_SITE_PATTERNS = 50;

const patternCount = (conditions: readonly RuleCondition[]): number =>
  conditions.filter((condition) => 'op' in condition && condition.op === 'matches').length;

/** Refuses `conditions` when, with the site's other rules' patterns, they pass {@link MAX_SITE_PATTERNS}. */
export function checkSitePatterns(
  others: readonly RuleRecord[],
  conditions: readonly RuleCondition[] | undefined,
): void {
  const adding = patternCount(conditions ?? []);
  if (adding === 0) return;
  const kept = others.reduce((sum, rule) => sum + patternCount(rule.conditions), 0);
  if (kept + adding > MAX_SITE_PATTERNS)
    throw new ApiError(
      'conflict',
      `A site's rules hold at most ${MAX_SITE_PATTERNS} \`matches\` conditions (${kept} kept, ${adding} more asked); use fewer patterns or join them with |.`,
    );
}

/** The rules feature of the call's relay; `not_found` when it is not part of it. */
export function rulesOf(call: Call): RulesFeature {
  const rules = call.use('rules');
  if (!rules) throw new ApiError('not_found', 'Rules are not part of this relay.');
  return rules;
}

/**
 * What the schema cannot check: patterns that RE2 takes, and what each condition's and action's kind checks (members,
 * teams, saved replies, webhook addresses, attributes that exist and may be reached). Throws a `bad_request` naming
 * the field.
 */
export async function checkRule(
  call: Call,
  conditions: readonly RuleCondition[] | undefined,
  actions: readonly RuleAction[] | undefined,
): Promise<void> {
  const { kinds } = rulesOf(call);
  // Each pattern compiled to check it takes up to a millisecond or so: the loop turns between them.
  const slice = new TimeSlice();
  for (const [i, condition] of (conditions ?? []).entries()) {
    await slice.pass();
    if ('op' in condition && condition.op === 'matches') {
      const error = patternError(condition.value);
      if (error) throw new ApiError('bad_request', `Invalid body.conditions.${i}.value: ${error}`);
    }
    await checkCondition(call, kinds, condition, `body.conditions.${i}`);
  }
  await checkActions(call, actions);
}

function checkCondition<Field extends RuleField>(
  call: Call,
  kinds: RuleKinds,
  condition: ConditionOf<Field>,
  path: string,
): Promise<void> | void {
  return kinds.condition<Field>(condition.field as Field).check?.(call, condition, path);
}

/** What each action's kind checks (members, teams, saved replies, webhook addresses); `bad_request` naming the field. */
export async function checkActions(call: Call, actions: readonly RuleAction[] | undefined): Promise<void> {
  if (!actions) return;
  const { kinds } = rulesOf(call);
  for (const [i, action] of actions.entries()) await checkAction(call, kinds, action, `Invalid body.actions.${i}`);
}

function checkAction<Type extends RuleActionType>(
  call: Call,
  kinds: RuleKinds,
  action: ActionOf<Type>,
  field: string,
): Promise<void> | void {
  return kindOf(kinds, action)?.check?.(call, action, field);
}

/**
 * A personal macro's webhook is signed with the site's rules key: only a member who may manage webhooks or automations
 * may write one, or run one (kept from before their role changed). Shared macros are written by admins.
 */
export function checkPersonalWebhooks(call: Call, actions: readonly RuleAction[] | undefined, field: string): void {
  const index = (actions ?? []).findIndex((action) => action.type === 'call_webhook');
  if (index < 0) return;
  if (call.permissions.includes('webhooks.manage') || call.permissions.includes('automations.manage')) return;
  throw new ApiError(
    'forbidden',
    `${field}.${index}: calling a webhook needs the webhooks.manage or automations.manage permission.`,
  );
}
