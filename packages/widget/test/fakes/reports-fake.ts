import { AdminApiError, type Report, type ReportQuery } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** The reports' own parameters: the others are the conversation list's filters other features add. */
const OWN = new Set(['from', 'to', 'bucket', 'tz', 'channel', 'team', 'agent', 'label', 'split', 'format']);

/** A report's query as the URL carries it. */
function reportQuery(q: Record<string, string>): ReportQuery {
  const listFilters = Object.fromEntries(Object.entries(q).filter(([name]) => !OWN.has(name)));
  return {
    from: Number(q['from']),
    to: Number(q['to']),
    bucket: q['bucket'] as ReportQuery['bucket'],
    tz: q['tz']!,
    ...(q['channel'] !== undefined && { channel: q['channel'].split(',') }),
    ...(q['team'] !== undefined && { team: q['team'].split(',') }),
    ...(q['agent'] !== undefined && { agent: q['agent'].split(',') }),
    ...(q['label'] !== undefined && { label: q['label'].split(',') }),
    ...(q['split'] !== undefined && { split: q['split'] as NonNullable<ReportQuery['split']> }),
    ...(Object.keys(listFilters).length > 0 && { listFilters }),
  };
}

/** Reports (`/reports`, `/reports.csv`) of the fake admin API. */
export function withReports<B extends FakeBase>(Base: B) {
  return class extends Base {
    /** The queries `report` was called with, for JSON and for CSV. */
    reportQueries: ReportQuery[] = [];
    csvQueries: ReportQuery[] = [];
    /** What `report` answers for a query (a report with one bucket per day of the range and nothing else, unless set). */
    reportFor: (query: ReportQuery) => Report = ({
      channel,
      team,
      agent,
      label,
      split: _split,
      listFilters,
      ...range
    }) => ({
      range,
      filters: {
        ...(channel && { channel }),
        ...(team && { team }),
        ...(agent && { agent }),
        ...(label && { label }),
        ...(listFilters && { listFilters: { ...listFilters } }),
      },
      conversations: [{ t: range.from, count: 0 }],
      messages: [{ t: range.from, visitor: 0, staff: 0, bot: 0 }],
      firstResponse: { medianMs: null, p90Ms: null, count: 0 },
      resolution: { medianMs: null, p90Ms: null, count: 0 },
      agents: [],
      busiestHours: Array.from({ length: 7 }, () => new Array<number>(24).fill(0)),
      csat: null,
    });
    /** The site's teams, staff and labels (`/reports/filters`). */
    reportChoices = {
      channel: [{ id: 'chat', label: 'Chat' }],
      team: [
        { id: 'team_billing', label: 'Billing' },
        { id: 'team_sales', label: 'Sales' },
      ],
      agent: [
        { id: 'st_1', label: 'Ada' },
        { id: 'st_2', label: 'Bo' },
      ],
      label: [
        { id: 'vip', label: 'vip' },
        { id: 'refund', label: 'refund' },
      ],
    };
    /** The queries and formats of the per-conversation exports asked for. */
    rowExports: Array<{ query: ReportQuery; format: string }> = [];
    /** What `report` throws, when set. */
    refuseReport: AdminApiError | undefined;

    report(query: ReportQuery): Promise<Report>;
    report(query: ReportQuery, csv: true): Promise<Blob>;
    async report(query: ReportQuery, csv?: true): Promise<Report | Blob> {
      if (csv) {
        this.csvQueries.push(query);
        return new Blob(['Conversations\r\n'], { type: 'text/csv' });
      }
      this.reportQueries.push(query);
      if (this.refuseReport) throw this.refuseReport;
      return structuredClone(this.reportFor(query));
    }

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /reports': (c) => this.report(reportQuery(c.q)),
        'GET /reports.csv': (c) => this.report(reportQuery(c.q), true),
        'GET /reports/filters': async () => structuredClone(this.reportChoices),
        'GET /reports/conversations': async (c) => {
          this.rowExports.push({ query: reportQuery({ bucket: 'day', ...c.q }), format: c.q['format']! });
          return new Blob([c.q['format'] === 'json' ? '{"conversations":[]}' : 'id,created_at\r\n']);
        },
      } satisfies FakeRoutes);
    }
  };
}
