import { AdminApiError, type Report, type ReportQuery } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** A report's query as the URL carries it. */
function reportQuery(q: Record<string, string>): ReportQuery {
  return { from: Number(q['from']), to: Number(q['to']), bucket: q['bucket'] as ReportQuery['bucket'], tz: q['tz']! };
}

/** Reports (`/reports`, `/reports.csv`) of the fake admin API. */
export function withReports<B extends FakeBase>(Base: B) {
  return class extends Base {
    /** The queries `report` was called with, for JSON and for CSV. */
    reportQueries: ReportQuery[] = [];
    csvQueries: ReportQuery[] = [];
    /** What `report` answers for a query (a report with one bucket per day of the range and nothing else, unless set). */
    reportFor: (query: ReportQuery) => Report = (query) => ({
      range: query,
      conversations: [{ t: query.from, count: 0 }],
      messages: [{ t: query.from, visitor: 0, staff: 0, bot: 0 }],
      firstResponse: { medianMs: null, p90Ms: null, count: 0 },
      resolution: { medianMs: null, p90Ms: null, count: 0 },
      agents: [],
      busiestHours: Array.from({ length: 7 }, () => new Array<number>(24).fill(0)),
      csat: null,
    });
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
      } satisfies FakeRoutes);
    }
  };
}
