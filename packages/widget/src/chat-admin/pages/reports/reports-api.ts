import { AreaApi } from '../../area-api.js';
import type { Report, ReportQuery } from '../../admin-types.js';

/** The Reports page's calls (any staff member): the site's figures over a range. */
export class ReportsApi extends AreaApi {
  get(query: ReportQuery): Promise<Report> {
    return this.api.request('GET', `/reports?${params(query)}`);
  }

  /** The same as a CSV file to save. */
  csv(query: ReportQuery): Promise<Blob> {
    return this.api.request('GET', `/reports.csv?${params(query)}`, undefined, 'blob');
  }
}

// URLSearchParams writes the numbers as they print.
const params = (query: ReportQuery): URLSearchParams => new URLSearchParams(query as unknown as Record<string, string>);
