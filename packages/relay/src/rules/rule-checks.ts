// What the rules' and macros' routes check beside their bodies' schemas (docs/rules.md): patterns, members, teams,
// saved replies, webhook addresses, attributes, the site's cap of patterns, and who may write a personal webhook.
import type { RuleAction, RuleCondition } from '@parley/protocol/admin';
import { attributeOpsFor, checkAttributeValue } from '@parley/protocol/admin';
import { ApiError } from '../http/admin-http.js';
import type { Call } from '../http/admin-routes/admin-route.js';
import { patternError } from '../safety/filter-patterns.js';
import { TimeSlice } from '../time-slice.js';
import { checkWebhookUrl } from '../webhooks/webhook-address.js';
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
 * What the schema cannot check: patterns that RE2 takes, and members, teams, saved replies and webhook addresses that
 * exist and may be reached. Throws a `bad_request` naming the field.
 */
export async function checkRule(
  call: Call,
  conditions: readonly RuleCondition[] | undefined,
  actions: readonly RuleAction[] | undefined,
): Promise<void> {
  // Each pattern compiled to check it takes up to a millisecond or so: the loop turns between them.
  const slice = new TimeSlice();
  for (const [i, condition] of (conditions ?? []).entries()) {
    await slice.pass();
    if ('op' in condition && condition.op === 'matches') {
      const error = patternError(condition.value);
      if (error) throw new ApiError('bad_request', `Invalid body.conditions.${i}.value: ${error}`);
    }
    if (condition.field === 'attribute') await checkAttributeCondition(call, condition, `body.conditions.${i}`);
    if (
      (condition.field === 'assignee' || condition.field === 'team') &&
      (condition.op === 'is' || condition.op === 'is_not') &&
      !condition.value
    )
      throw new ApiError('bad_request', `Invalid body.conditions.${i}.value: ${condition.op} needs a value`);
  }
  await checkActions(call, actions);
}

/**
 * An attribute condition names an attribute of the site (not archived), a comparison its type makes, and a value of
 * its type (kept as written: it compares by the value's type when tried).
 */
async function checkAttributeCondition(
  call: Call,
  condition: Extract<RuleCondition, { field: 'attribute' }>,
  field: string,
): Promise<void> {
  const found = await call.use('attributes')?.repository.definitionByKey(call.site.id, condition.scope, condition.key);
  if (!found || found.archived)
    throw new ApiError(
      'bad_request',
      `Invalid ${field}.key: no ${condition.scope} attribute ${condition.key} on this site.`,
    );
  const ops = attributeOpsFor(found.type);
  if (!ops.includes(condition.op))
    throw new ApiError('bad_request', `Invalid ${field}.op: ${found.label} (${found.type}) takes ${ops.join(', ')}.`);
  const bare = condition.op === 'is_set' || condition.op === 'not_set';
  if (bare !== (condition.value === undefined || condition.value === ''))
    throw new ApiError(
      'bad_request',
      `Invalid ${field}.value: ${bare ? `${condition.op} takes none` : `${condition.op} needs one`}.`,
    );
  if (bare || condition.op === 'contains') return;
  const checked = checkAttributeValue(found, condition.value!);
  if ('error' in checked) throw new ApiError('bad_request', `Invalid ${field}.value: ${found.label} ${checked.error}.`);
}

/** Members, teams, saved replies and webhook addresses that exist and may be reached; `bad_request` naming the field. */
export async function checkActions(call: Call, actions: readonly RuleAction[] | undefined): Promise<void> {
  if (!actions) return;
  const { repos } = call.admin;
  const siteId = call.site.id;
  let teams: readonly { id: string }[] | undefined;
  let replies: readonly { id: string }[] | undefined;
  for (const [i, action] of actions.entries()) {
    const field = `Invalid body.actions.${i}`;
    switch (action.type) {
      case 'assign':
        if (action.staffId !== null) {
          const staff = await repos.desk.getStaff(siteId, action.staffId);
          if (!staff || staff.revokedAt !== null)
            throw new ApiError('bad_request', `${field}.staffId: no such member on this site.`);
        }
        break;
      case 'assign_team':
        teams ??= await repos.routing.listTeams(siteId);
        if (action.teamId !== null && !teams.some((team) => team.id === action.teamId))
          throw new ApiError('bad_request', `${field}.teamId: no such team on this site.`);
        break;
      case 'send_saved_reply':
        replies ??= await repos.canned.listCanned(siteId);
        if (!replies.some((reply) => reply.id === action.replyId))
          throw new ApiError('bad_request', `${field}.replyId: no such saved reply on this site.`);
        break;
      case 'call_webhook': {
        const checked = checkWebhookUrl(action.url, rulesOf(call).allowPrivate);
        if ('error' in checked) throw new ApiError('bad_request', `${field}.url: ${checked.error}`);
        break;
      }
      default:
        break;
    }
  }
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
