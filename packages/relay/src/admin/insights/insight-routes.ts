import * as z from 'zod/mini';
import type { AuditEntry, AuditFacets, DeepReadonly, Stats } from '@parley/protocol/admin';
import { ApiError, check } from '../../http/admin-http.js';
import { pageLimit, QueryMillis, QuerySeq, queryObject, type AdminRoute } from '../../http/admin-routes/admin-route.js';

const AuditQuery = z.object({
  actor: z.optional(z.string().check(z.maxLength(128))),
  action: z.optional(z.string().check(z.maxLength(64))),
  from: z.optional(QueryMillis),
  to: z.optional(QueryMillis),
  cursor: z.optional(QuerySeq),
  limit: z.optional(z.string()),
});

/** Ratings count in stats for this long (30 days). */
const ratingsWindowMs = 30 * 24 * 60 * 60_000;

/** Routes of what happened on the site: stats and the audit log. */
export const insightRoutes: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: '/v1/admin/stats',
    run: async (call) => {
      const stats = await call.admin.repos.desk.stats(call.site.id, call.now);
      const ratings = await call.admin.repos.automations.ratingStats(call.site.id, call.now - ratingsWindowMs);
      return {
        status: 200,
        body: {
          visitorsOnline: call.admin.onlineContacts(call.site.id).size,
          staffOnline: call.core.presence.staffOnline(call.site.id),
          ...stats,
          csat: ratings,
        } satisfies Stats,
      };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/audit',
    permission: 'audit.view',
    run: async (call) => {
      const query = check(AuditQuery, queryObject(call.request), 'query');
      const limit = pageLimit(query.limit, 50, 200);
      const from = query.from === undefined ? undefined : Number(query.from);
      const to = query.to === undefined ? undefined : Number(query.to);
      if (from !== undefined && to !== undefined && from >= to)
        throw new ApiError('bad_request', 'Invalid query.from: must be before query.to.');
      const items = await call.admin.repos.audit.listAudit({
        siteId: call.site.id,
        actorId: query.actor,
        action: query.action,
        from,
        to,
        before: query.cursor,
        limit,
      });
      const last = items[items.length - 1];
      return {
        status: 200,
        body: {
          items: items.map(({ siteId: _site, ...entry }): AuditEntry => entry),
          ...(items.length === limit && last ? { nextCursor: last.id } : {}),
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/audit/facets',
    permission: 'audit.view',
    run: async (call) => ({
      status: 200,
      body: (await call.admin.repos.audit.auditFacets(call.site.id)) satisfies DeepReadonly<AuditFacets>,
    }),
  },
];
