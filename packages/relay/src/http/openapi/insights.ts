import { type Json, limit, ok, operation, page, query, ref } from './openapi-parts.js';

/** Stats and the audit log. (`admin-routes/insights.ts` serves them.) */
export const insightPaths: Record<string, Json> = {
  '/v1/admin/stats': {
    get: operation(
      'Site figures',
      '`visitorsOnline`: contacts with an open connection on this relay; `messagesToday`: since 00:00 UTC; `medianFirstReplySeconds`: from the first visitor message to the first staff reply, over conversations created in the last 7 days (null when none was answered).',
      {
        tag: 'stats',
        responses: ok('Figures.', ref('Stats')),
      },
    ),
  },
  '/v1/admin/audit': {
    get: operation(
      'The audit log',
      'Newest first: who did what, when, on what. Filter by actor (staff id) and action.',
      {
        tag: 'staff',
        adminOnly: true,
        parameters: [
          query('actor', 'A staff id.', { type: 'string' }),
          query('action', 'e.g. `contact.reveal`.', { type: 'string' }),
          query('cursor', 'The `nextCursor` of the previous page.', { type: 'string' }),
          limit(50, 200),
        ],
        responses: ok('A page of entries.', page('AuditEntry')),
      },
    ),
  },
};
