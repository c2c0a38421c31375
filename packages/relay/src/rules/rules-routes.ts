import {
  Macro,
  MacroInput,
  MacroList,
  MacroPatch,
  MacroRunResult,
  Rule,
  RuleInput,
  RuleList,
  RuleOrder,
  RulePatch,
  RuleRunList,
  RulesWebhookSecret,
} from '@parley/protocol/admin';
import { randomId } from '../auth/tokens.js';
import { ApiError, parseBody } from '../http/admin-http.js';
import {
  adminRoute,
  audit,
  conversationOr404,
  visibleIds,
  type AdminRoute,
  type Call,
} from '../features/admin-routes/admin-route.js';
import { ok } from '../http/openapi/openapi-parts.js';
import { runActions, siteSigningKey } from './rule-actions.js';
import { checkActions, checkPersonalWebhooks, checkRule, checkSitePatterns, rulesOf } from './rule-checks.js';
import { dryRunRoute } from './rule-dry-run.js';
import { RUN_LOG_MS, type MacroRecord, type RuleRecord } from './rules-repository.js';

export { MAX_SITE_PATTERNS } from './rule-checks.js';

/** The most rules, and macros, a site keeps. */
export const MAX_RULES = 200;
export const MAX_MACROS = 200;
const EMPTY_RUNS: Rule['runs'] = { fired: 0, failed: 0, lastFiredAt: null, lastErrors: [] };

/** The API document's tag of the rules' and macros' routes (the feature's `apiTag`). */
const tag = 'rules';
const deleted = { '204': { description: 'Deleted.' } };

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
  const which = shared ? 'a shared macro' : 'a macro of your own';
  // The shared ones take the feature's permission; a member's own are every member's to write.
  const permission = shared ? {} : { permission: null };
  return [
    adminRoute({
      method: 'POST',
      path: base,
      ...permission,
      requestBody: MacroInput,
      doc: shared
        ? {
            summary: 'Add a shared macro',
            description:
              'Shown to every member of the site. At most 200 macros a site (409). Audited as `macro.create`.',
            tag,
            conflict: true,
            responses: ok('Added.', Macro, '201'),
          }
        : {
            summary: 'Add a macro of your own',
            description:
              'Shown only to you. At most 200 macros a site (409). A `call_webhook` action (signed with the site’s rules key) needs `webhooks.manage` or `automations.manage` (403 otherwise). Audited as `macro.create`.',
            tag,
            conflict: true,
            responses: ok('Added.', Macro, '201'),
          },
      run: async (call) => {
        // The relay's own schema, over the conditions and actions its features contribute: the contract's
        // `requestBody` (the router's parse) takes any of the contract's.
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
    }),
    adminRoute({
      method: 'PATCH',
      path: `${base}/{id}`,
      ...permission,
      resource: 'macro',
      requestBody: MacroPatch,
      doc: {
        summary: `Change ${which}`,
        description: 'Its name, sender or actions. Audited as `macro.update`.',
        tag,
        responses: ok('Changed.', Macro),
      },
      run: async (call) => {
        // The relay's own schema (see the POST above).
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
    }),
    adminRoute({
      method: 'DELETE',
      path: `${base}/{id}`,
      ...permission,
      resource: 'macro',
      doc: { summary: `Delete ${which}`, description: 'Audited as `macro.delete`.', tag, responses: deleted },
      run: async (call) => {
        const macro = await mine(call);
        await rulesOf(call).rules.repository.deleteMacro(call.site.id, macro.id);
        await audit(call, 'macro.delete', 'macro', macro.id);
        return { status: 204 };
      },
    }),
  ];
}

/**
 * Rules (docs/rules.md): those with the feature's permission (`automations.manage`) write them, every member reads
 * them and their run log. Macros: see each route.
 */
export const rulesRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/rules',
    permission: null,
    doc: {
      summary: 'The site’s rules',
      description:
        'In order, each with its run counts of the last 30 days and its last errors (those of conversations the caller may see). Every member may read them.',
      tag,
      responses: ok('The rules.', RuleList),
    },
    run: async (call) => ({
      status: 200,
      body: { items: await ruleJson(call, await rulesOf(call).rules.repository.siteRules(call.site.id)) },
    }),
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/rules',
    requestBody: RuleInput,
    doc: {
      summary: 'Add a rule',
      description:
        'Added last. Patterns (`matches`) are RE2 and checked; members, teams, saved replies and webhook addresses must exist and be allowed (400 naming the field). At most 200 rules a site, and 50 `matches` conditions across them (409). Audited as `rule.create`.',
      tag,
      conflict: true,
      responses: ok('Added.', Rule, '201'),
    },
    run: async (call) => {
      // The relay's own schema, over the conditions and actions its features contribute: the contract's
      // `requestBody` (the router's parse) takes any of the contract's.
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
  }),
  adminRoute({
    method: 'PUT',
    path: '/v1/admin/rules/order',
    requestBody: RuleOrder,
    doc: {
      summary: 'Reorder the rules',
      description:
        'Rule ids, each once, in the new order: they go first, and the rules not named keep their order after them. Rules of a trigger are tried in this order. Audited as `rule.reorder`.',
      tag,
      responses: ok('The rules, in their new order.', RuleList),
    },
    run: async (call) => {
      const { ids } = call.body;
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
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/rules/webhook-secret',
    doc: {
      summary: 'The key rule webhooks are signed with',
      description:
        'The `call_webhook` action signs its POSTs as webhooks do (`Parley-Signature: t=…,v1=…`, HMAC-SHA256 of `<t>.<body>`), with this key of the site. Derived from the relay’s secret: it changes only with it.',
      tag,
      responses: ok('The key.', RulesWebhookSecret),
    },
    run: async (call) => {
      const { host } = rulesOf(call);
      return {
        status: 200,
        body: { secret: siteSigningKey(host.relaySecret, call.site.id) } satisfies RulesWebhookSecret,
        headers: { 'cache-control': 'no-store' },
      };
    },
  }),
  dryRunRoute,
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/rules/{id}',
    resource: 'rule',
    requestBody: RulePatch,
    doc: {
      summary: 'Change a rule',
      description: 'Any of its fields, checked as when it was added. Audited as `rule.update`.',
      tag,
      conflict: true,
      responses: ok('Changed.', Rule),
    },
    run: async (call) => {
      // The relay's own schema (see adding a rule).
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
  }),
  adminRoute({
    method: 'DELETE',
    path: '/v1/admin/rules/{id}',
    resource: 'rule',
    doc: {
      summary: 'Delete a rule',
      description: 'Its firings not yet run are skipped. Audited as `rule.delete`.',
      tag,
      responses: deleted,
    },
    run: async (call) => {
      const feature = rulesOf(call);
      if (!(await feature.rules.repository.deleteRule(call.site.id, call.params.id!, call.now)))
        throw new ApiError('not_found', 'No such rule on this site.');
      await feature.rules.refresh();
      await audit(call, 'rule.delete', 'rule', call.params.id!);
      return { status: 204 };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/rules/{id}/runs',
    permission: null,
    resource: 'rule',
    doc: {
      summary: 'A rule’s run log',
      description:
        'Its latest 100 firings, newest first, with what each did or why it failed: those of conversations the caller may see.',
      tag,
      responses: ok('The firings.', RuleRunList),
    },
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
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/macros',
    permission: null,
    doc: {
      summary: 'The macros',
      description: 'The site’s shared macros and the caller’s own, by name.',
      tag,
      responses: ok('The macros.', MacroList),
    },
    run: async (call) => ({
      status: 200,
      body: {
        items: (await rulesOf(call).rules.repository.macros(call.site.id, call.staff.id)).map(macroJson),
      },
    }),
  }),
  ...macroWrites('/v1/admin/macros', true),
  ...macroWrites('/v1/admin/me/macros', false),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/conversations/{id}/macros/{macroId}/run',
    permission: null,
    resource: 'conversation',
    doc: {
      summary: 'Run a macro on a conversation',
      description:
        'Its actions in order, as the caller: changes next to each other are one change (one timeline line); messages and notes are the caller’s when the macro’s `sender` is `agent` (a reply they typed: it takes an unassigned conversation under the site’s assign-on-reply), the site’s bot’s when it is `bot`; screened as a member’s. An action that cannot be done is reported and the others still run. A personal macro with a `call_webhook` action is refused (403) to a caller without `webhooks.manage` or `automations.manage`. Audited as `macro.run`.',
      tag,
      parameters: [
        { name: 'macroId', in: 'path', required: true, description: 'The macro.', schema: { type: 'string' } },
      ],
      responses: ok('Each action’s outcome.', MacroRunResult),
    },
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
  }),
];
