import * as z from 'zod/mini';
import {
  SlaAttainment,
  SlaClocks,
  SlaPolicy,
  SlaPolicyInput,
  SlaPolicyList,
  SlaPolicyOrder,
  SlaPolicyPatch,
  type SlaClock,
} from '@parley/protocol/admin';
import { ApiError } from '../http/admin-http.js';
import { conversationListParams, filtersCondition, parseReportFilters, reportFilterQuery } from '../admin/public.js';
import {
  adminRoute,
  audit,
  conversationOr404,
  type AdminRoute,
  type Call,
} from '../features/admin-routes/admin-route.js';
import { millis, text } from '../features/admin-routes/route-query.js';
import { ok } from '../http/openapi/openapi-parts.js';
import { randomId } from '../random-id.js';
import type { ClockRecord, PolicyFields, PolicyRecord } from './sla-repository.js';
import type { Sla } from './sla.js';

const tag = 'sla';
/** The longest range the attainment report reads: a year and a day. */
const MAX_RANGE_MS = 366 * 24 * 3_600_000;

function slaOf(call: Call): Sla {
  const sla = call.use('sla');
  if (!sla) throw new ApiError('not_found', 'SLA policies are not part of this relay.');
  return sla;
}

function policyJson(policy: PolicyRecord): SlaPolicy {
  const { siteId: _site, ...rest } = policy as PolicyRecord & { siteId?: string };
  return rest;
}

/** A clock as the API shows it: its state, and while paused the due time it would have if it resumed now. */
function clockJson(sla: Sla, clock: ClockRecord, now: number): SlaClock {
  const state =
    clock.breachedAt !== null && clock.metAt === null
      ? 'breached'
      : clock.metAt !== null
        ? clock.breachedAt !== null
          ? 'breached'
          : 'met'
        : clock.pausedSince !== null
          ? 'paused'
          : 'running';
  const policy = sla.policy(clock.policyId);
  const dueAt =
    clock.pausedSince !== null && policy
      ? sla.schedule(policy, clock.siteId, now, clock.remainingMs ?? 0, clock.remainingMs ?? 0).dueAt
      : clock.dueAt;
  return {
    target: clock.target,
    cycle: clock.cycle,
    policyId: clock.policyId,
    startedAt: clock.startedAt,
    dueAt,
    warnAt: clock.pausedSince !== null ? null : clock.warnAt,
    state,
    pausedSince: clock.pausedSince,
    pausedMs: clock.pausedMs + (clock.pausedSince !== null ? Math.max(0, now - clock.pausedSince) : 0),
    warnedAt: clock.warnedAt,
    metAt: clock.metAt,
    breachedAt: clock.breachedAt,
  };
}

/** A policy's fields from a body, over `base` (a new policy's defaults, or the policy as it is). */
function fields(body: Partial<PolicyFields>, base: PolicyFields): PolicyFields {
  const merged: PolicyFields = {
    name: body.name ?? base.name,
    firstResponseMinutes:
      body.firstResponseMinutes !== undefined ? body.firstResponseMinutes : base.firstResponseMinutes,
    nextResponseMinutes: body.nextResponseMinutes !== undefined ? body.nextResponseMinutes : base.nextResponseMinutes,
    resolutionMinutes: body.resolutionMinutes !== undefined ? body.resolutionMinutes : base.resolutionMinutes,
    businessHours: body.businessHours ?? base.businessHours,
    warnAtPercent: body.warnAtPercent !== undefined ? body.warnAtPercent : base.warnAtPercent,
    raisePriorityTo: body.raisePriorityTo !== undefined ? body.raisePriorityTo : base.raisePriorityTo,
    notifyEmail: body.notifyEmail ?? base.notifyEmail,
    match: body.match ?? base.match,
  };
  if (merged.firstResponseMinutes === null && merged.nextResponseMinutes === null && merged.resolutionMinutes === null)
    throw new ApiError('bad_request', 'Invalid body.firstResponseMinutes: a policy keeps at least one target.');
  return merged;
}

const NEW_POLICY: PolicyFields = {
  name: '',
  firstResponseMinutes: null,
  nextResponseMinutes: null,
  resolutionMinutes: null,
  businessHours: false,
  warnAtPercent: 80,
  raisePriorityTo: null,
  notifyEmail: false,
  match: {},
};

async function policyOr404(call: Call, sla: Sla): Promise<PolicyRecord> {
  const found = (await sla.repository.listPolicies(call.site.id)).find((policy) => policy.id === call.params.id);
  if (!found) throw new ApiError('not_found', 'No such SLA policy on this site.');
  return found;
}

/** The attainment's own query parameters: the rest of a request's are the conversation list's filters. */
const ATTAINMENT_OWN = new Set(['from', 'to', 'split', ...Object.keys(reportFilterQuery)]);

/** SLA policies, a conversation's clocks and the attainment report (docs/sla.md). */
export const slaRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/sla/policies',
    permission: 'settings.manage',
    doc: {
      summary: "The site's SLA policies",
      description:
        'In the order they are tried: the first whose conditions a conversation meets applies; the default, last, applies to the others.',
      tag,
      responses: ok('The policies.', SlaPolicyList),
    },
    run: async (call) => {
      const policies = await slaOf(call).repository.listPolicies(call.site.id);
      return { status: 200, body: { policies: policies.map(policyJson) } satisfies SlaPolicyList };
    },
  }),
  adminRoute({
    method: 'POST',
    path: '/v1/admin/sla/policies',
    permission: 'settings.manage',
    requestBody: SlaPolicyInput,
    doc: {
      summary: 'Add an SLA policy',
      description:
        'Tried after the others, before the default; `isDefault` makes it the default instead (the default there was stays, as an ordinary policy). At least one target. Applies to conversations whose SLA starts from now on. Audited (`sla.policy.create`).',
      tag,
      responses: ok('The policy.', SlaPolicy, '201'),
    },
    run: async (call) => {
      const sla = slaOf(call);
      const { isDefault, ...body } = call.body;
      const policy = await sla.repository.createPolicy(
        call.site.id,
        randomId('slp'),
        fields(body, NEW_POLICY),
        isDefault ?? false,
        call.now,
      );
      await sla.refresh();
      await audit(call, 'sla.policy.create', 'sla_policy', policy.id, {
        name: policy.name,
        isDefault: policy.isDefault,
      });
      return { status: 201, body: policyJson(policy) };
    },
  }),
  adminRoute({
    method: 'PATCH',
    path: '/v1/admin/sla/policies/{id}',
    permission: 'settings.manage',
    resource: 'sla_policy',
    requestBody: SlaPolicyPatch,
    doc: {
      summary: 'Change an SLA policy',
      description:
        'Only the fields given change. Running clocks keep the due times they have; new clocks take the new targets. Audited (`sla.policy.update`).',
      tag,
      responses: ok('The policy now.', SlaPolicy),
    },
    run: async (call) => {
      const sla = slaOf(call);
      const current = await policyOr404(call, sla);
      const updated = await sla.repository.updatePolicy(call.site.id, current.id, fields(call.body, current), call.now);
      if (!updated) throw new ApiError('not_found', 'No such SLA policy on this site.');
      await sla.refresh();
      await audit(call, 'sla.policy.update', 'sla_policy', updated.id, { fields: Object.keys(call.body) });
      return { status: 200, body: policyJson(updated) };
    },
  }),
  adminRoute({
    method: 'DELETE',
    path: '/v1/admin/sla/policies/{id}',
    permission: 'settings.manage',
    resource: 'sla_policy',
    doc: {
      summary: 'Delete an SLA policy',
      description:
        'Conversations it applied to keep their clocks and deadlines; new ones take another policy. Audited (`sla.policy.delete`).',
      tag,
      responses: { '204': { description: 'Deleted.' } },
    },
    run: async (call) => {
      await call.request.body;
      const sla = slaOf(call);
      if (!(await sla.repository.deletePolicy(call.site.id, call.params.id!)))
        throw new ApiError('not_found', 'No such SLA policy on this site.');
      await sla.refresh();
      await audit(call, 'sla.policy.delete', 'sla_policy', call.params.id!);
      return { status: 204 };
    },
  }),
  adminRoute({
    method: 'PUT',
    path: '/v1/admin/sla/policies/order',
    permission: 'settings.manage',
    requestBody: SlaPolicyOrder,
    doc: {
      summary: 'Order the SLA policies',
      description:
        'Every policy id but the default’s, each once, in the order they are tried (the default stays last). Audited (`sla.policy.order`).',
      tag,
      responses: ok('The policies in their new order.', SlaPolicyList),
    },
    run: async (call) => {
      const sla = slaOf(call);
      if ((await sla.repository.reorder(call.site.id, call.body.ids, call.now)) === 'mismatch')
        throw new ApiError('bad_request', 'Invalid body.ids: name every policy but the default, each once.');
      await sla.refresh();
      await audit(call, 'sla.policy.order', 'site', call.site.id, { ids: call.body.ids });
      const policies = await sla.repository.listPolicies(call.site.id);
      return { status: 200, body: { policies: policies.map(policyJson) } satisfies SlaPolicyList };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/conversations/{id}/sla',
    permission: null,
    resource: 'conversation',
    doc: {
      summary: "A conversation's SLA clocks",
      description:
        'The policy that applies and the latest cycle of each target: running (with its warning time), paused (pending, snoozed or resolved: `dueAt` is when it would be due if it resumed now), met or breached.',
      tag: 'conversations',
      responses: ok('The clocks.', SlaClocks),
    },
    run: async (call) => {
      const sla = slaOf(call);
      const conversation = await conversationOr404(call);
      const now = sla.now();
      const all = await sla.repository.clocks(call.site.id, conversation.id);
      const latest = new Map<string, ClockRecord>();
      for (const clock of all) latest.set(clock.target, clock);
      const [sample] = all;
      const record = sample ? undefined : (await sla.repository.conversations([conversation.id])).get(conversation.id);
      const policy = sla.policy(sample?.policyId ?? record?.policyId ?? '');
      return {
        status: 200,
        body: {
          policy:
            policy && policy.siteId === call.site.id
              ? { id: policy.id, name: policy.name, businessHours: policy.businessHours }
              : null,
          clocks: [...latest.values()].map((clock) => clockJson(sla, clock, now)),
          now,
        } satisfies SlaClocks,
      };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/sla/attainment',
    permission: 'reports.view',
    query: {
      from: millis('Clocks due at or after this (ms since 1970); default 30 days before `to`.'),
      to: millis('Clocks due before this (ms since 1970); default now.'),
      // The reports' filter set (docs/reports.md "Filters"): channel, team, agent, label, and the conversation
      // list's parameters other features add (custom attributes', companies'), through the route's `queryPoint`.
      ...reportFilterQuery,
      split: text(
        z.enum(['policy', 'team', 'agent']),
        'Rows per `policy` (default), `team` or `agent` (the conversation’s now).',
        {
          type: 'string',
          enum: ['policy', 'team', 'agent'],
        },
      ),
    },
    queryPoint: { point: conversationListParams, before: 'split' },
    doc: {
      summary: 'SLA attainment',
      description:
        'Clocks due in the range that were met or breached, per target and per policy, team or agent: met, breached, and the share met. A clock met after its breach counts as breached. At most a year and a day. Narrowed by the reports’ filter set (`channel`, `team`, `agent`, `label`, and the conversation list’s filters other features add, such as `attribute` and `company`), each refused with `400` when the site has no such value, as the reports refuse it.',
      tag,
      responses: ok('The report.', SlaAttainment),
    },
    run: async (call) => {
      const sla = slaOf(call);
      const to = call.query.to ?? sla.now();
      const from = call.query.from ?? to - 30 * 24 * 3_600_000;
      if (from >= to) throw new ApiError('bad_request', 'Invalid from: it must be before to.');
      if (to - from > MAX_RANGE_MS)
        throw new ApiError('bad_request', 'Invalid from: at most a year and a day before to.');
      const split = call.query.split ?? 'policy';
      const filters = await parseReportFilters(call, call.query, ATTAINMENT_OWN);
      const rows = await sla.repository.attainment(call.site.id, from, to, split, filtersCondition(filters));
      return {
        status: 200,
        body: {
          from,
          to,
          split,
          timeZone: sla.hoursOf(call.site.id)?.timezone ?? 'UTC',
          rows: rows.map((row) => ({
            ...row,
            attainment: row.met + row.breached === 0 ? null : row.met / (row.met + row.breached),
          })),
        } satisfies SlaAttainment,
      };
    },
  }),
];
