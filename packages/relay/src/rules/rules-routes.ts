import {
  MacroInput,
  MacroPatch,
  RuleInput,
  RuleOrder,
  RulePatch,
  type Macro,
  type MacroRunResult,
  type Rule,
  type RulesWebhookSecret,
} from '@parley/protocol/admin';
import { randomId } from '../auth/tokens.js';
import { ApiError, parseBody } from '../http/admin-http.js';
import { audit, conversationOr404, visibleIds, type AdminRoute, type Call } from '../http/admin-routes/admin-route.js';
import { runActions, siteSigningKey } from './rule-actions.js';
import { checkActions, checkPersonalWebhooks, checkRule, checkSitePatterns, rulesOf } from './rule-checks.js';
import { dryRunRoute } from './rule-dry-run.js';
import { RUN_LOG_MS, type MacroRecord, type RuleRecord } from './rules-repository.js';

export { MAX_SITE_PATTERNS } from './rule-checks.js';

/** The most rules, and macros, a site keeps. */
export const MAX_RULES = 200;
export const MAX_MACROS = 200;
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

const macroJson = ({ siteId: _site, ...macro }: MacroRecord): Macro => macro;

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
        const body = await parseBody(call.request, rulesOf(call).kinds.bodies.MacroInput);
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
          sender: body.sender,
          actions: body.actions,
          createdAt: call.now,
          updatedAt: call.now,
        };
        await repository.putMacro(macro);
        await audit(call, 'macro.create', 'macro', macro.id, { name: macro.name, shared, sender: macro.sender });
        return { status: 201, body: macroJson(macro) };
      },
    },
    {
      method: 'PATCH',
      path: `${base}/{id}`,
      ...(shared ? { permission: 'automations.manage' as const } : {}),
      requestBody: MacroPatch,
      run: async (call) => {
        const body = await parseBody(call.request, rulesOf(call).kinds.bodies.MacroPatch);
        const before = await mine(call);
        if (!shared) checkPersonalWebhooks(call, body.actions, 'body.actions');
        await checkActions(call, body.actions);
        const macro: MacroRecord = {
          ...before,
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.sender !== undefined ? { sender: body.sender } : {}),
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
      const body = await parseBody(call.request, rulesOf(call).kinds.bodies.RuleInput);
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
  dryRunRoute,
  {
    method: 'PATCH',
    path: '/v1/admin/rules/{id}',
    permission: 'automations.manage',
    requestBody: RulePatch,
    run: async (call) => {
      const body = await parseBody(call.request, rulesOf(call).kinds.bodies.RulePatch);
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
        // As the member, its messages are theirs: as a reply they typed (assign on reply, first-reply time, rules).
        ...(macro.sender === 'agent' ? { author: { id: call.staff.id, name: call.staff.name } } : {}),
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
