import { REPORT_BUCKETS, Report } from '@parley/protocol/admin';
import { type Json, ok, operation, query } from '../../http/openapi/openapi-parts.js';

const parameters: Json[] = [
  {
    ...(query('from', 'Start of the range, ms since 1970 (inclusive).', { type: 'integer' }) as object),
    required: true,
  },
  { ...(query('to', 'End of the range, ms since 1970 (exclusive).', { type: 'integer' }) as object), required: true },
  query('bucket', 'Local hours or local days (default `day`). At most 31 days of hours, 400 days of days.', {
    type: 'string',
    enum: [...REPORT_BUCKETS],
    default: 'day',
  }),
  query('tz', 'The IANA time zone buckets and busiest hours are local to (default `UTC`).', {
    type: 'string',
    default: 'UTC',
    examples: ['Europe/Paris'],
  }),
];

const description =
  'Computed by the store through its indexes, never by reading every message (docs/reports.md). Buckets follow the time zone across daylight saving changes: a day may last 23 or 25 hours, the hour clocks go back is two buckets. `400 bad_request` for a missing or reversed range, a range over the cap, an unknown bucket or time zone. Any staff member.';

/** Reports (issue #19). (`report-routes.ts` serves them.) */
export const reportPaths = (): Record<string, Json> => ({
  '/v1/admin/reports': {
    get: operation('Reports over a date range', description, {
      tag: 'stats',
      parameters,
      responses: ok('The report.', Report),
    }),
  },
  '/v1/admin/reports.csv': {
    get: operation(
      'Reports as CSV',
      `The same report for a spreadsheet (\`Content-Disposition: attachment\`): one section per table (a title line, a header row, its rows; a blank line between), times local to \`tz\` with their offset. ${description}`,
      {
        tag: 'stats',
        parameters,
        responses: {
          '200': { description: 'The report as CSV.', content: { 'text/csv': { schema: { type: 'string' } } } },
        },
      },
    ),
  },
});
