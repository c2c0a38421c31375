import * as z from 'zod/mini';
import {
  type DeepReadonly,
  REPORT_BUCKETS,
  REPORT_EXPORT_COLUMNS,
  REPORT_EXPORT_FORMATS,
  REPORT_FILTER_VALUES,
  REPORT_SPLITS,
  Report,
  ReportConversationExport,
  ReportFilterChoices,
  type ReportSplit,
  type ReportSplitRow,
} from '@parley/protocol/admin';
import { reportCsv, localIso } from './report-csv.js';
import type { ReportBucket, ReportQuery, SiteReport } from './report-store.js';
import {
  filtersJson,
  parseReportFilters,
  reportFilterQuery,
  type FilterName,
  type ReportFilters,
} from './report-filters.js';
import { exportBody, REPORT_EXPORT_PAGE } from './report-export.js';
import { channelList } from '../conversations/conversation-channels.js';
import { conversationListParams } from '../conversation-filters.js';
import { scopeCondition } from '../../core/staff-scope.js';
import { isTimeZone } from '../../store/zoned-hours.js';
import { ApiError } from '../../http/admin-http.js';
import { adminRoute, audit, type AdminRoute, type Call } from '../../features/admin-routes/admin-route.js';
import { millis, text, type ParsedQuery } from '../../features/admin-routes/route-query.js';
import { answer, ok } from '../../http/openapi/openapi-parts.js';

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
  // The filter set (report-filters.ts): `channel`, `team`, `agent`, `label`; other features' list filters
  // (`attribute`) come through the route's `queryPoint`.
  ...reportFilterQuery,
  split: text(
    z.enum(REPORT_SPLITS, { error: `one of ${REPORT_SPLITS.join(', ')}` }),
    `Adds \`split\`: the range’s totals once per channel, team, agent (assignee) or label (each narrowed by the filter set as well; at most ${REPORT_FILTER_VALUES} rows). Each value’s whole days are kept as summaries of their own, so the first split of a long range costs a report per row.`,
    { type: 'string', enum: [...REPORT_SPLITS] },
  ),
};

/** The parameters of the report's own (the rest of a request's are other features' list filters). */
const OWN = new Set([...Object.keys(reportQuery), 'format']);

type ReportCall = Call<unknown, ParsedQuery<typeof reportQuery>>;

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
  'Computed by the store through its indexes, never by reading every message (docs/reports.md). Buckets follow the time zone across daylight saving changes: a day may last 23 or 25 hours, the hour clocks go back is two buckets. The filter set narrows every figure to the conversations that came in on the channels `channel` names, are queued for a team of `team`, assigned to a staff member of `agent`, carry a label of `label` (each now), and match the conversation list’s filters other features add (custom attributes’ `attribute`); `split=channel|team|agent|label` adds one row of totals per value. `400 bad_request` for a missing or reversed range, a range over the cap, an unknown bucket or time zone, and a channel, team, staff member or label the site does not have (naming some it has: another site’s are unknown here). Any staff member.';

/** The rows a split may have, in order: the values of `by` on the site (or the relay), each an id and a name. */
async function splitValues(call: ReportCall, by: ReportSplit): Promise<Array<{ id: string; label: string }>> {
  if (by === 'channel') return channelList(call.admin.channelProviders).items;
  const member = by === 'agent' ? 'agent' : by;
  const values = await call.admin.repos.reports.choices(call.site.id, member);
  return by === 'label' ? values : [...values, { id: 'none', label: by === 'team' ? 'No team' : 'Unassigned' }];
}

/** The report a request asks for: its range, its filter set, and its split (one report per value) if asked. */
async function reportOf(call: ReportCall): Promise<{
  range: Omit<ReportQuery, 'siteId' | 'filters'>;
  filters: ReportFilters;
  report: SiteReport;
  split: { by: ReportSplit; rows: ReportSplitRow[]; truncated?: boolean } | undefined;
}> {
  const range = reportRange(call.query);
  const filters = await parseReportFilters(call, call.query, OWN);
  const query = { siteId: call.site.id, ...range, filters };
  const reports = call.admin.repos.reports;
  const report = await reports.report(query);
  let split: { by: ReportSplit; rows: ReportSplitRow[]; truncated?: boolean } | undefined;
  const by = call.query.split;
  if (by !== undefined) {
    const member: FilterName = by;
    const given = filters[member];
    const values = (await splitValues(call, by)).filter((value) => given === undefined || given.includes(value.id));
    const rows: ReportSplitRow[] = [];
    // One at a time: each is a report of its own (its days kept under its own filter set), and a relay on
    // PostgreSQL would otherwise take a pool connection per value at once.
    for (const value of values.slice(0, REPORT_FILTER_VALUES)) {
      const one = await reports.report({ ...query, bucket: 'day', filters: { ...filters, [member]: [value.id] } });
      rows.push({ id: value.id, label: value.label, ...totals(one) });
    }
    split = { by, rows, ...(values.length > REPORT_FILTER_VALUES && { truncated: true }) };
  }
  return { range, filters, report, split };
}

/** A report's figures over its whole range (a split's row). */
function totals(report: SiteReport): Omit<ReportSplitRow, 'id' | 'label'> {
  const messages = { visitor: 0, staff: 0, bot: 0 };
  for (const bucket of report.messages) {
    messages.visitor += bucket.visitor;
    messages.staff += bucket.staff;
    messages.bot += bucket.bot;
  }
  return {
    conversations: report.conversations.reduce((sum, bucket) => sum + bucket.count, 0),
    messages,
    firstResponse: report.firstResponse,
    resolution: report.resolution,
    csat: report.csat && { ...report.csat, distribution: [...report.csat.distribution] },
  };
}

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
    queryPoint: { point: conversationListParams, before: 'split' },
    run: async (call) => {
      const { range, filters, report, split } = await reportOf(call);
      return {
        status: 200,
        body: {
          range,
          filters: filtersJson(filters),
          ...(split && { split }),
          ...report,
        } satisfies DeepReadonly<Report>,
      };
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
    queryPoint: { point: conversationListParams, before: 'split' },
    run: async (call) => {
      const { range, filters, report, split } = await reportOf(call);
      const day = (t: number): string => localIso(t, range.tz).slice(0, 10);
      return {
        status: 200,
        text: reportCsv({ ...range, filters }, report, split && { by: split.by, rows: split.rows }),
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="parley-report-${day(range.from)}-${day(range.to - 1)}.csv"`,
        },
      };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/reports/filters',
    permission: 'reports.view',
    doc: {
      summary: 'What a report can be filtered by',
      description:
        'The values each member of the reports’ filter set takes on the site, named: the relay’s channels, the site’s teams, its staff members (former ones too: their conversations are still reported) and the labels its conversations carry (the most used first, at most 200). `none` (no team, unassigned) is taken by `team` and `agent` without being listed. What the inbox’s Reports page offers.',
      tag: 'stats',
      responses: ok('The choices.', ReportFilterChoices),
    },
    run: async (call) => {
      const reports = call.admin.repos.reports;
      const [team, agent, label] = await Promise.all([
        reports.choices(call.site.id, 'team'),
        reports.choices(call.site.id, 'agent'),
        reports.choices(call.site.id, 'label'),
      ]);
      const channel = channelList(call.admin.channelProviders).items.map(({ id, label }) => ({ id, label }));
      return { status: 200, body: { channel, team, agent, label } satisfies ReportFilterChoices };
    },
  }),
  adminRoute({
    method: 'GET',
    path: '/v1/admin/reports/conversations',
    permission: 'reports.view',
    exportLimit: true,
    doc: {
      summary: 'Conversations of a report, one row each',
      description: `One row per conversation created in the range that the filter set keeps (the conversations a report counts), oldest first, for a manager’s spreadsheet: ${REPORT_EXPORT_COLUMNS.map((c) => `\`${c}\``).join(', ')}, then the columns other features add. \`format=csv\` (default) or \`json\`, as a download (\`Content-Disposition: attachment\`). Times are local to \`tz\` with their offset; durations in seconds (first response as the report’s: first visitor message to the first staff text after it; resolution for conversations resolved now); the CSAT score and comment are the visitor’s last rating, its text as stored (redacted data stays redacted); the contact’s email is masked. The body streams, ${REPORT_EXPORT_PAGE} conversations read at a time as the socket takes them, so a range of any length is exported without holding it. A member who sees only some conversations (docs/accounts.md “Who sees what”) gets only those. Same range (at most 400 days, \`bucket\` is not read) and filters as the report; \`split\` is refused. Audited (\`report.export\`).`,
      tag: 'stats',
      responses: {
        '200': {
          ...(answer('The conversations (`format=json`).', ReportConversationExport) as object),
          content: {
            ...(answer('', ReportConversationExport) as { content: object }).content,
            'text/csv': {
              schema: {
                type: 'string',
                description: `With \`format=csv\`: UTF-8 with a byte order mark, a header row (${REPORT_EXPORT_COLUMNS.join(', ')}) and a row per conversation; labels joined by \`; \`; cells a spreadsheet would run as formulas are defused with a leading apostrophe.`,
              },
            },
          },
        },
      },
    },
    query: {
      ...reportQuery,
      format: text(
        z.enum(REPORT_EXPORT_FORMATS, { error: `one of ${REPORT_EXPORT_FORMATS.join(', ')}` }),
        '`csv` (default) or `json`.',
        { type: 'string', enum: [...REPORT_EXPORT_FORMATS], default: 'csv' },
      ).or('csv'),
    },
    queryPoint: { point: conversationListParams, before: 'split' },
    run: async (call) => {
      if (call.query.split !== undefined) {
        throw new ApiError(
          'bad_request',
          'Invalid query.split: the export has one row per conversation, not per value.',
        );
      }
      const { from, to, tz } = reportRange({ ...call.query, bucket: 'day' });
      const filters = await parseReportFilters(call, call.query, OWN);
      const query: ReportQuery = { siteId: call.site.id, from, to, bucket: 'day', tz, filters };
      const scope = scopeCondition(call.scope);
      const format = call.query.format;
      const reports = call.admin.repos.reports;
      await audit(call, 'report.export', 'site', call.site.id, { format, from, to, filters: filtersJson(filters) });
      const day = (t: number): string => localIso(t, tz).slice(0, 10);
      return {
        status: 200,
        headers: {
          'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
          'content-disposition': `attachment; filename="parley-conversations-${day(from)}-${day(to - 1)}.${format}"`,
        },
        stream: logged(
          call,
          exportBody(format, {
            query,
            pages: (after, limit) => reports.exportPage(query, scope, after, limit),
            mask: (sealed) => (sealed === null ? null : (call.admin.cipher.mask(sealed) ?? null)),
            columns: call.admin.reportColumns,
            use: call.use,
          }),
        ),
      };
    },
  }),
];

/** The export's chunks, a failure while it streams logged (the status line has gone out by then). */
async function* logged(call: Call, source: AsyncIterable<string>): AsyncGenerator<string> {
  try {
    yield* source;
  } catch (error) {
    call.core.log.warn('report export failed while streaming', { error: String(error), siteId: call.site.id });
    throw error;
  }
}
