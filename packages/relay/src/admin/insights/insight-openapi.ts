import { AuditFacets, AuditPage, Stats } from '@parley/protocol/admin';
import { type Json, limit, ok, operation, query } from '../../http/openapi/openapi-parts.js';

/** Stats and the audit log. (`insight-routes.ts` serves them.) */
export const insightPaths = (): Record<string, Json> => ({
  '/v1/admin/stats': {
    get: operation(
      'Site figures',
      '`visitorsOnline`: contacts with an open connection on this relay; `messagesToday`: since 00:00 UTC; `medianFirstReplySeconds`: from the first visitor message to the first staff reply, over conversations created in the last 7 days (null when none was answered).',
      {
        tag: 'stats',
        responses: ok('Figures.', Stats),
      },
    ),
  },
  '/v1/admin/audit': {
    get: operation(
      'The audit log',
      'Newest first: who did what, when, on what. Filter by actor (staff id), action and a time range (`from` inclusive, `to` exclusive, ms since the epoch); the filters combine. 400 `bad_request` when `from` is not before `to`.',
      {
        tag: 'staff',
        adminOnly: true,
        parameters: [
          query('actor', 'A staff id.', { type: 'string' }),
          query('action', 'e.g. `contact.reveal`.', { type: 'string' }),
          query('from', 'Entries at or after this time (ms since the epoch).', {
            type: 'string',
            pattern: '^\\d{1,15}$',
          }),
          query('to', 'Entries before this time (ms since the epoch).', { type: 'string', pattern: '^\\d{1,15}$' }),
          query('cursor', 'The `nextCursor` of the previous page.', { type: 'string' }),
          limit(50, 200),
        ],
        responses: ok('A page of entries.', AuditPage),
      },
    ),
  },
  '/v1/admin/audit/facets': {
    get: operation(
      "The audit log's filters",
      'Who appears in the site’s audit log (each actor once, with the name on their newest entry, by name) and which actions (alphabetical): the values the log’s filters offer, including staff since revoked.',
      {
        tag: 'staff',
        adminOnly: true,
        responses: ok('Actors and actions.', AuditFacets),
      },
    ),
  },
});
