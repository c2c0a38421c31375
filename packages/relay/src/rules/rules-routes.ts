import { scopeCondition } from '../admin/conversation-filters.js';
import {
  attributeOpsFor,
  checkAttributeValue,
  MacroInput,
  MacroPatch,
  RuleDryRunBody,
  RuleInput,
  RuleOrder,
  RulePatch,
  type Macro,
  type MacroRunResult,
  type Rule,
  type RuleAction,
  type RuleCondition,
  type RuleDryRunResult,
  type RulesWebhookSecret,
} from '@parley/protocol/admin';
import { randomId } from '../auth/tokens.js';
import { ApiError, parseBody } from '../http/admin-http.js';
import { audit, conversationOr404, visibleIds, type AdminRoute, type Call } from '../http/admin-routes/admin-route.js';
import { patternError } from '../safety/filter-patterns.js';
import { TimeSlice } from '../time-slice.js';
import { checkWebhookUrl } from '../webhooks/webhook-address.js';
import { describeActions } from './rule-words.js';
import { runActions, siteSigningKey } from './rule-actions.js';
import { compileConditions, conversationTexts, needsAttributes, RulePatterns } from './rule-conditions.js';
import { RUN_LOG_MS, type MacroRecord, type RuleRecord } from './rules-repository.js';
import type { RulesFeature } from './rules-instance.js';

/** The most rules, and macros, a site keeps. */
export const MAX_RULES = 200;
export const MAX_MACROS = 200;
/**
 * The most `matches` conditions a site's rules hold together: they are compiled into one pattern set per site (see
 * `RulePatterns`), whose size is what each message pays for and what a save compiles.
 */
export const MAX_SITE_PATTERNS = 50;

const patternCount = (conditions: readonly RuleCondition[]): number =>
  conditions.filter((condition) => 'op' in condition && condition.op === 'matches').length;

/** Refuses `conditions` when, with the site's other rules' patterns, they pass {@link MAX_SITE_PATTERNS}. */
function checkSitePatterns(others: readonly RuleRecord[], conditions: readonly RuleCondition[] | undefined): void {
  const adding = patternCount(conditions ?? []);
  if (adding === 0) return;
  const kept = others.reduce((sum, rule) => sum + patternCount(rule.conditions), 0);
  if (kept + adding > MAX_SITE_PATTERNS)
    throw new ApiError(
      'conflict',
      `A site's rules hold at most ${MAX_SITE_PATTERNS} \`matches\` conditions (${kept} kept, ${adding} more asked); use fewer patterns or join them with |.`,
    );
}

function rulesOf(call: Call): RulesFeature {
  const rules = call.use('rules');
  if (!rules) throw new ApiError('not_found', 'Rules are not part of this relay.');
  return rules;
}

const EMPTY_RUNS: Rule['runs'] = { fired: 0, failed: 0, lastFiredAt: null, lastErrors: [] };

async function ruleJson(call: Call, records: readonly RuleRecord[]): Promise<Rule[]> {
  const runs = await rulesOf(call).rules.repository.runs(call.site.id, call.now - RUN_LOG_MS);
  // A rule's last errors name conversations: only those the reader may see (the counts name none).
  const named = [...runs.values()].flatMap((run) => run.lastErrors.map((error) => error.conversationId));
  const visible = await visibleIds(call, [...new Set(named)]);
  const seen = (run: Rule['runs']): Rule['runs'] =>
    visible ? { ...run, lastErrors: run.lastErrors.filter((error) => visible.has(error.conversationId)) } : run;
  return records.map(({ siteId: _site, ...record }) => ({ ...record, runs: seen(runs.get(record.id) ?? EMPTY_RUNS) }));
}

async function ruleOr404(call: Call): Promise<RuleRecord> {
  const rule = await rulesOf(call).rules.repository.rule(call.site.id, call.params.id!);
  if (!rule) throw new ApiError('not_found', 'No such rule on this site.');
  return rule;
}

/**
 * What the schema cannot check: patterns that RE2 takes, and members, teams, saved replies and webhook addresses that
 * exist and may be reached. Throws a `bad_request` naming the field.
 */
async function checkRule(
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

async function checkActions(call: Call, actions: readonly RuleAction[] | undefined): Promise<void> {
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

const macroJson = ({ siteId: _site, ...macro }: MacroRecord): Macro => macro;

/**
 * A personal macro's webhook is signed with the site's rules key: only a member who may manage webhooks or automations
 * may write one, or run one (kept from before their role changed). Shared macros are written by admins.
 */
function checkPersonalWebhooks(call: Call, actions: readonly RuleAction[] | undefined, field: string): void {
  const index = (actions ?? []).findIndex((action) => action.type === 'call_webhook');
  if (index < 0) return;
  if (call.permissions.includes('webhooks.manage') || call.permissions.includes('automations.manage')) return;
  throw new ApiError(
    'forbidden',
    `${field}.${index}: calling a webhook needs the webhooks.manage or automations.manage permission.`,
  );
}

async function macroOr404(call: Call): Promise<MacroRecord> {
  const macro = await rulesOf(call).rules.repository.macro(call.site.id, call.params.macroId ?? call.params.id!);
  // A member's own macro is theirs alone: others are told it does not exist.
  if (!macro || (macro.ownerId !== null && macro.ownerId !== call.staff.id))
    throw new ApiError('not_found', 'No such macro on this site.');
  return macro;
}

/**
 * Writing macros: the site's shared ones (admins, `/v1/admin/macros`) or a member's own (`/v1/admin/me/macros`);
 * each route writes only its kind, and a member's own macro is no one else's to see or change.
 */
function macroWrites(base: string, shared: boolean): AdminRoute[] {
  const mine = async (call: Call): Promise<MacroRecord> => {
    const macro = await macroOr404(call);
    if (macro.shared !== shared)
      throw new ApiError('not_found', shared ? 'No such shared macro on this site.' : 'No such macro of yours.');
    return macro;
  };
  return [
    {
      method: 'POST',
      path: base,
      ...(shared ? { permission: 'automations.manage' as const } : {}),
      requestBody: MacroInput,
      run: async (call) => {
        const body = await parseBody(call.request, MacroInput);
        if (!shared) checkPersonalWebhooks(call, body.actions, 'body.actions');
        await checkActions(call, body.actions);
        const { repository } = rulesOf(call).rules;
        if ((await repository.countMacros(call.site.id)) >= MAX_MACROS)
          throw new ApiError('conflict', `A site keeps at most ${MAX_MACROS} macros; delete one first.`);
        const macro: MacroRecord = {
          id: randomId('mc'),
          siteId: call.site.id,
          name: body.name,
          shared,
          ownerId: shared ? null : call.staff.id,
          actions: body.actions,
          createdAt: call.now,
          updatedAt: call.now,
        };
        await repository.putMacro(macro);
        await audit(call, 'macro.create', 'macro', macro.id, { name: macro.name, shared });
        return { status: 201, body: macroJson(macro) };
      },
    },
    {
      method: 'PATCH',
      path: `${base}/{id}`,
      ...(shared ? { permission: 'automations.manage' as const } : {}),
      requestBody: MacroPatch,
      run: async (call) => {
        const body = await parseBody(call.request, MacroPatch);
        const before = await mine(call);
        if (!shared) checkPersonalWebhooks(call, body.actions, 'body.actions');
        await checkActions(call, body.actions);
        const macro: MacroRecord = {
          ...before,
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.actions !== undefined ? { actions: body.actions } : {}),
          updatedAt: call.now,
        };
        await rulesOf(call).rules.repository.putMacro(macro);
        await audit(call, 'macro.update', 'macro', macro.id, { fields: Object.keys(body) });
        return { status: 200, body: macroJson(macro) };
      },
    },
    {
      method: 'DELETE',
      path: `${base}/{id}`,
      ...(shared ? { permission: 'automations.manage' as const } : {}),
      run: async (call) => {
        const macro = await mine(call);
        await rulesOf(call).rules.repository.deleteMacro(call.site.id, macro.id);
        await audit(call, 'macro.delete', 'macro', macro.id);
        return { status: 204 };
      },
    },
  ];
}

/** Rules (docs/rules.md): admins write them, every member reads them and their run log. Macros: see each route. */
export const rulesRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/rules',
    run: async (call) => ({
      status: 200,
      body: { items: await ruleJson(call, await rulesOf(call).rules.repository.siteRules(call.site.id)) },
    }),
  },
  {
    method: 'POST',
    path: '/v1/admin/rules',
    permission: 'automations.manage',
    requestBody: RuleInput,
    run: async (call) => {
      const body = await parseBody(call.request, RuleInput);
      await checkRule(call, body.conditions, body.actions);
      const feature = rulesOf(call);
      const { repository } = feature.rules;
      const existing = await repository.siteRules(call.site.id);
      if (existing.length >= MAX_RULES)
        throw new ApiError('conflict', `A site keeps at most ${MAX_RULES} rules; delete one first.`);
      checkSitePatterns(existing, body.conditions);
      const record: RuleRecord = {
        id: randomId('ru'),
        siteId: call.site.id,
        name: body.name,
        enabled: body.enabled,
        position: existing.reduce((max, rule) => Math.max(max, rule.position + 1), 0),
        trigger: body.trigger,
        idleMinutes: body.trigger === 'conversation.idle' ? (body.idleMinutes ?? null) : null,
        match: body.match,
        conditions: body.conditions,
        actions: body.actions,
        createdAt: call.now,
        updatedAt: call.now,
      };
      await repository.putRule(record);
      await feature.rules.refresh();
      await audit(call, 'rule.create', 'rule', record.id, { name: record.name, trigger: record.trigger });
      return { status: 201, body: (await ruleJson(call, [record]))[0]! };
    },
  },
  {
    method: 'PUT',
    path: '/v1/admin/rules/order',
    permission: 'automations.manage',
    requestBody: RuleOrder,
    run: async (call) => {
      const { ids } = await parseBody(call.request, RuleOrder);
      const feature = rulesOf(call);
      const { repository } = feature.rules;
      const existing = await repository.siteRules(call.site.id);
      const known = new Set(existing.map((rule) => rule.id));
      if (new Set(ids).size !== ids.length) throw new ApiError('bad_request', 'Invalid body.ids: each rule once.');
      const unknown = ids.find((id) => !known.has(id));
      if (unknown !== undefined)
        throw new ApiError('bad_request', `Invalid body.ids: no rule ${unknown} on this site.`);
      // The rules named go first, in that order; the others keep theirs after them.
      const given = new Set(ids);
      const order = [...ids, ...existing.map((rule) => rule.id).filter((id) => !given.has(id))];
      await repository.reorder(call.site.id, order, call.now);
      await feature.rules.refresh();
      await audit(call, 'rule.reorder', 'site', call.site.id, { ids });
      return { status: 200, body: { items: await ruleJson(call, await repository.siteRules(call.site.id)) } };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/rules/webhook-secret',
    permission: 'automations.manage',
    run: async (call) => {
      const { host } = rulesOf(call);
      return {
        status: 200,
        body: { secret: siteSigningKey(host.relaySecret, call.site.id) } satisfies RulesWebhookSecret,
        headers: { 'cache-control': 'no-store' },
      };
    },
  },
  {
    method: 'POST',
    path: '/v1/admin/rules/dry-run',
    // It reads and tries patterns over up to 500 conversations: for those who write rules.
    permission: 'automations.manage',
    requestBody: RuleDryRunBody,
    run: async (call) => {
      const { rule, limit } = await parseBody(call.request, RuleDryRunBody);
      await checkRule(call, rule.conditions, undefined);
      const test = compileConditions(rule.conditions, rule.match);
      const slice = new TimeSlice();
      const patterns = await RulePatterns.build(RulePatterns.of(rule.conditions), slice);
      const open = rulesOf(call).open(call.site.id);
      await call.admin.flushContacts();
      const visible = scopeCondition(call.scope);
      const recent = await call.admin.repos.conversations.listConversations({
        siteId: call.site.id,
        staffId: call.staff.id,
        // Only what the caller may see (issue #41): the dry run shows the conversations it matches.
        ...(visible && { conditions: [visible] }),
        limit,
      });
      const matches: RuleDryRunResult['matches'] = [];
      const attributes = needsAttributes(rule.conditions)
        ? await call.use('attributes')?.facts(
            call.site.id,
            recent.items.map((conversation) => conversation.id),
          )
        : undefined;
      // Up to 500 conversations' last messages, each tried on the rule's patterns: in slices, the loop turning between.
      for (const conversation of recent.items) {
        await slice.pass();
        const last = conversation.lastMessage;
        const known = {
          conversation,
          open,
          attributes: attributes?.get(conversation.id) ?? new Map(),
          patterns: patterns.hits(),
        };
        await known.patterns.prepare(conversationTexts(conversation), slice);
        const facts = last
          ? { ...known, message: { text: last.text, lower: last.text.toLowerCase(), seq: last.seq } }
          : known;
        if (test(facts) === true)
          matches.push({
            conversationId: conversation.id,
            visitorName: conversation.visitor.name ?? null,
            lastMessageAt: last?.ts ?? null,
            status: conversation.status,
          });
      }
      const body: RuleDryRunResult = {
        checked: recent.items.length,
        matches,
        actions: describeActions(rule.actions),
      };
      return { status: 200, body };
    },
  },
  {
    method: 'PATCH',
    path: '/v1/admin/rules/{id}',
    permission: 'automations.manage',
    requestBody: RulePatch,
    run: async (call) => {
      const body = await parseBody(call.request, RulePatch);
      const before = await ruleOr404(call);
      await checkRule(call, body.conditions, body.actions);
      const others = (await rulesOf(call).rules.repository.siteRules(call.site.id)).filter((r) => r.id !== before.id);
      checkSitePatterns(others, body.conditions);
      const trigger = body.trigger ?? before.trigger;
      const idleMinutes = trigger === 'conversation.idle' ? (body.idleMinutes ?? before.idleMinutes) : null;
      if (trigger === 'conversation.idle' && idleMinutes === null)
        throw new ApiError('bad_request', 'Invalid body.idleMinutes: a conversation.idle rule needs idleMinutes');
      const record: RuleRecord = {
        ...before,
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
        ...(body.match !== undefined ? { match: body.match } : {}),
        ...(body.conditions !== undefined ? { conditions: body.conditions } : {}),
        ...(body.actions !== undefined ? { actions: body.actions } : {}),
        trigger,
        idleMinutes,
        updatedAt: Math.max(call.now, before.updatedAt + 1),
      };
      const feature = rulesOf(call);
      await feature.rules.repository.putRule(record);
      await feature.rules.refresh();
      await audit(call, 'rule.update', 'rule', record.id, { fields: Object.keys(body) });
      return { status: 200, body: (await ruleJson(call, [record]))[0]! };
    },
  },
  {
    method: 'DELETE',
    path: '/v1/admin/rules/{id}',
    permission: 'automations.manage',
    run: async (call) => {
      const feature = rulesOf(call);
      if (!(await feature.rules.repository.deleteRule(call.site.id, call.params.id!, call.now)))
        throw new ApiError('not_found', 'No such rule on this site.');
      await feature.rules.refresh();
      await audit(call, 'rule.delete', 'rule', call.params.id!);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/rules/{id}/runs',
    run: async (call) => {
      const rule = await ruleOr404(call);
      const firings = await rulesOf(call).rules.repository.firings(rule.id, 100);
      // Each firing names its conversation: only those the reader may see (issue #41's scope).
      const named = firings.flatMap((firing) => (firing.conversationId === null ? [] : [firing.conversationId]));
      const visible = await visibleIds(call, [...new Set(named)]);
      const items = visible
        ? firings.filter((firing) => firing.conversationId !== null && visible.has(firing.conversationId))
        : firings;
      return { status: 200, body: { items } };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/macros',
    run: async (call) => ({
      status: 200,
      body: {
        items: (await rulesOf(call).rules.repository.macros(call.site.id, call.staff.id)).map(macroJson),
      },
    }),
  },
  ...macroWrites('/v1/admin/macros', true),
  ...macroWrites('/v1/admin/me/macros', false),
  {
    method: 'POST',
    path: '/v1/admin/conversations/{id}/macros/{macroId}/run',
    run: async (call) => {
      const conversation = await conversationOr404(call);
      const macro = await macroOr404(call);
      if (!macro.shared) checkPersonalWebhooks(call, macro.actions, 'macro.actions');
      const feature = rulesOf(call);
      const results = await runActions(feature.host, call.site.id, conversation.id, macro.actions, {
        cause: { kind: 'staff', staffId: call.staff.id, staffName: call.staff.name },
        id: randomId('mr'),
        event: { macro: { id: macro.id, name: macro.name }, by: { id: call.staff.id, name: call.staff.name } },
        // Run once, while the member waits: an action that fails for now is reported, not tried again later.
        retries: false,
      });
      await audit(call, 'macro.run', 'conversation', conversation.id, {
        macro: macro.name,
        failed: results.filter((result) => !result.ok).length,
      });
      return { status: 200, body: { results } satisfies MacroRunResult };
    },
  },
];
