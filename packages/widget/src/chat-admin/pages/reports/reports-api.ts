import { AreaApi } from '../../area-api.js';
import type { ConversationChannelList, ReportFilterChoices } from '@parley/protocol/admin';
import type { Report, ReportQuery } from '../../admin-types.js';

/** The Reports page's calls (any staff member): the site's figures over a range. */
export class ReportsApi extends AreaApi {
  /** The channels to filter by: the kinds, then the relay's messaging providers (WhatsApp, Telegram…). */
  channels(): Promise<ConversationChannelList> {
    return this.api.request('GET', '/conversation-channels');
  }

  /** The site's teams, staff members and labels to filter by (issue #86). */
  filters(): Promise<ReportFilterChoices> {
    return this.api.request('GET', '/reports/filters');
  }

  get(query: ReportQuery): Promise<Report> {
    return this.api.request('GET', `/reports?${params(query)}`);
  }

  /** The same as a CSV file to save. */
  csv(query: ReportQuery): Promise<Blob> {
    return this.api.request('GET', `/reports.csv?${params(query)}`, undefined, 'blob');
  }

  /** One row per conversation of the report (same range and filters), as CSV or JSON to save. */
  conversations(query: ReportQuery, format: 'csv' | 'json'): Promise<Blob> {
    const { split: _split, bucket: _bucket, ...rest } = query;
    const search = params(rest as ReportQuery);
    search.set('format', format);
    return this.api.request('GET', `/reports/conversations?${search}`, undefined, 'blob');
  }
}

// URLSearchParams writes the numbers as they print; several values of a filter are one comma-separated parameter;
// the other features' parameters (`listFilters`) go as they are, after the desk's.
function params({ channel, team, agent, label, listFilters, ...range }: ReportQuery): URLSearchParams {
  const out = new URLSearchParams(range as unknown as Record<string, string>);
  for (const [name, values] of Object.entries({ channel, team, agent, label })) {
    if (values && values.length > 0) out.set(name, values.join(','));
  }
  for (const [name, value] of Object.entries(listFilters ?? {})) out.set(name, value);
  return out;
}
