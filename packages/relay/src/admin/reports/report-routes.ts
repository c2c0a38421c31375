import * as z from 'zod/mini';
import { type DeepReadonly, REPORT_BUCKETS, Report } from '@parley/protocol/admin';
import { reportCsv, localIso } from './report-csv.js';
import type { ReportBucket } from './report-store.js';
import { isTimeZone } from '../../store/zoned-hours.js';
import { ApiError } from '../../http/admin-http.js';
import { adminRoute, type AdminRoute } from '../../features/admin-routes/admin-route.js';
import { millis, text, type ParsedQuery } from '../../features/admin-routes/route-query.js';
import { ok } from '../../http/openapi/openapi-parts.js';

const DAY = 86_400_000;

/** The longest range per bucket: 31 days of hours, 400 days of days. */
export const REPORT_MAX_RANGE: Readonly<Record<ReportBucket, number>> = { hour: 31 * DAY, day: 400 * DAY };

/** The query both reports take. */
const reportQuery = {
  from: millis('Start of the range, ms since 1970 (inclusive).', { type: 'integer' }).required(),
  to: millis('End of the range, ms since 1970 (exclusive).', { type: 'integer' }).required(),
  bucket: text(
    z.enum(REPORT_BUCKETS),
    'Local hours or local days (default `day`). At most 31 days of hours, 400 days of days.',
    { type: 'string', enum: [...REPORT_BUCKETS], default: 'day' },
  ).or('day'),
  tz: text(
    z.string().check(z.maxLength(64)),
    'The IANA time zone buckets and busiest hours are local to (default `UTC`).',
    { type: 'string', default: 'UTC', examples: ['Europe/Paris'] },
  ).or('UTC'),
};

/** The range of a report request, checked: `from < to`, within the bucket's cap, a time zone the relay knows. */
function reportRange(query: ParsedQuery<typeof reportQuery>): {
  from: number;
  to: number;
  bucket: ReportBucket;
  tz: string;
} {
  const { from, to, bucket, tz } = query;
  if (from >= to) throw new ApiError('bad_request', 'Invalid query.to: it must come after query.from.');
  if (to - from > REPORT_MAX_RANGE[bucket]) {
    throw new ApiError(
      'bad_request',
      `Invalid query range: at most ${REPORT_MAX_RANGE[bucket] / DAY} days with bucket=${bucket}.`,
    );
  }
  if (!isTimeZone(tz)) {
    throw new ApiError('bad_request', 'Invalid query.tz: an IANA time zone such as Europe/Paris, or UTC.');
  }
  return { from, to, bucket, tz };
}

/** What the document says of both reports, the JSON one and the CSV one. */
const reportDescription =
  'Computed by the store through its indexes, never by reading every message (docs/reports.md). Buckets follow the time zone across daylight saving changes: a day may last 23 or 25 hours, the hour clocks go back is two buckets. `400 bad_request` for a missing or reversed range, a range over the cap, an unknown bucket or time zone. Any staff member.';

/** Reports (issue #19): a site's figures over a date range, as JSON for the inbox's charts and as CSV. */
export const reportRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/v1/admin/reports',
    permission: 'reports.view',
    doc: {
      summary: 'Reports over a date range',
      description: reportDescription,
      tag: 'stats',
      responses: ok('The report.', Report),
    },
    query: reportQuery,
    run: async (call) => {
      const range = reportRange(call.query);
      const report = await call.admin.repos.reports.report({ siteId: call.site.id, ...range });
      return { status: 200, body: { range, ...report } satisfies DeepReadonly<Report> };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/reports.csv',
    permission: 'reports.view',
    doc: {
      summary: 'Reports as CSV',
      description: `The same report for a spreadsheet (\`Content-Disposition: attachment\`): one section per table (a title line, a header row, its rows; a blank line between), times local to \`tz\` with their offset. ${reportDescription}`,
      tag: 'stats',
      responses: {
        '200': { description: 'The report as CSV.', content: { 'text/csv': { schema: { type: 'string' } } } },
      },
    },
    query: reportQuery,
    run: async (call) => {
      const range = reportRange(call.query);
      const report = await call.admin.repos.reports.report({ siteId: call.site.id, ...range });
      const day = (t: number): string => localIso(t, range.tz).slice(0, 10);
      return {
        status: 200,
        text: reportCsv(range, report),
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="parley-report-${day(range.from)}-${day(range.to - 1)}.csv"`,
        },
      };
    },
  }),
];
