import * as z from 'zod/mini';
import { AuditFacets, AuditPage, Stats, type AuditEntry, type DeepReadonly } from '@parley/protocol/admin';
import { ApiError } from '../../http/admin-http.js';
import { adminRoute, type AdminRoute } from '../../features/admin-routes/admin-route.js';
import { millis, pageSize, QuerySeq, text } from '../../features/admin-routes/route-query.js';
import { ok } from '../../http/openapi/openapi-parts.js';

/** Ratings count in stats for this long (30 days). */
const ratingsWindowMs = 30 * 24 * 60 * 60_000;

/** Routes of what happened on the site: stats and the audit log. */
export const insightRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/stats',
    doc: {
      summary: 'Site figures',
      description:
        '`visitorsOnline`: contacts with an open connection on this relay; `messagesToday`: since 00:00 UTC; `medianFirstReplySeconds`: from the first visitor message to the first staff reply, over conversations created in the last 7 days (null when none was answered).',
      tag: 'stats',
      responses: ok('Figures.', Stats),
    },
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
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/audit',
    permission: 'audit.view',
    doc: {
      summary: 'The audit log',
      description:
        'Newest first: who did what, when, on what. Filter by actor (staff id), action and a time range (`from` inclusive, `to` exclusive, ms since the epoch); the filters combine. 400 `bad_request` when `from` is not before `to`.',
      tag: 'staff',
      responses: ok('A page of entries.', AuditPage),
    },
    query: {
      actor: text(z.string().check(z.maxLength(128)), 'A staff id.', { type: 'string' }),
      action: text(z.string().check(z.maxLength(64)), 'e.g. `contact.reveal`.', { type: 'string' }),
      from: millis('Entries at or after this time (ms since the epoch).'),
      to: millis('Entries before this time (ms since the epoch).'),
      // The cursor is the last entry's id, passed to the store as it came.
      cursor: text(QuerySeq, 'The `nextCursor` of the previous page.', { type: 'string' }),
      limit: pageSize(50, 200),
    },
    run: async (call) => {
      const { query } = call;
      const { limit, from, to } = query;
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
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/audit/facets',
    permission: 'audit.view',
    doc: {
      summary: "The audit log's filters",
      description:
        'Who appears in the site’s audit log (each actor once, with the name on their newest entry, by name) and which actions (alphabetical): the values the log’s filters offer, including staff since revoked.',
      tag: 'staff',
      responses: ok('Actors and actions.', AuditFacets),
    },
    run: async (call) => ({
      status: 200,
      body: (await call.admin.repos.audit.auditFacets(call.site.id)) satisfies DeepReadonly<AuditFacets>,
    }),
  }),
];
