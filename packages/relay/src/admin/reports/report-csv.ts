import type { ReportSplit, ReportSplitRow } from '@parley/protocol/admin';
import type { ReportQuery, SiteReport } from './report-store.js';
import { offsetAt } from '../../store/zoned-hours.js';
import { csvLines, type CsvValue } from '../csv.js';

/** Weekday names of a report's `busiestHours` rows (Monday first). */
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * A report as CSV for a spreadsheet: one section per table, each a title line, a header row and its rows, with
 * a blank line between sections. Times are local to the report's time zone, with their offset
 * (`2026-11-02T00:00:00-05:00`). The title names the filters a report keeps to; a split report ends with one row
 * per value. Cells go through {@link csvLines}: formulas are defused whatever the reader's separator, and
 * fields quoted as needed.
 */
export function reportCsv(
  range: Omit<ReportQuery, 'siteId'>,
  report: SiteReport,
  split?: { readonly by: ReportSplit; readonly rows: readonly ReportSplitRow[] },
): string {
  const local = (t: number): string => localIso(t, range.tz);
  const f = range.filters;
  const narrowed = [
    f?.channel && `channels ${f.channel.join(' ')}`,
    f?.team && `teams ${f.team.join(' ')}`,
    f?.agent && `agents ${f.agent.join(' ')}`,
    f?.label && `labels ${f.label.join(' ')}`,
    ...Object.entries(f?.listFilters?.params ?? {}).map(([name, value]) => `${name} ${value}`),
  ].filter((part) => typeof part === 'string');
  const sections: CsvValue[][][] = [
    [
      [
        `Report from ${local(range.from)} to ${local(range.to)} by ${range.bucket} in ${range.tz}${narrowed.length > 0 ? `, ${narrowed.join(', ')}` : ''}`,
      ],
    ],
    [['Conversations'], ['start', 'conversations'], ...report.conversations.map((b) => [local(b.t), b.count])],
    [
      ['Messages'],
      ['start', 'visitor', 'staff', 'bot'],
      ...report.messages.map((b) => [local(b.t), b.visitor, b.staff, b.bot]),
    ],
    [
      ['Response times'],
      ['measure', 'median_ms', 'p90_ms', 'count'],
      ['first_response', report.firstResponse.medianMs, report.firstResponse.p90Ms, report.firstResponse.count],
      ['resolution', report.resolution.medianMs, report.resolution.p90Ms, report.resolution.count],
    ],
    [
      ['Agents'],
      ['staff_id', 'name', 'conversations', 'assigned', 'messages', 'first_response_median_ms'],
      ...report.agents.map((a) => [
        a.staffId,
        a.name,
        a.conversations,
        a.assigned,
        a.messages,
        a.firstResponseMedianMs,
      ]),
    ],
    [
      ['Busiest hours (visitor messages)'],
      ['weekday', ...Array.from({ length: 24 }, (_, h) => String(h))],
      ...report.busiestHours.map((row, i) => [WEEKDAYS[i]!, ...row]),
    ],
    [['CSAT'], ['score', 'ratings'], ...(report.csat ? report.csat.distribution.map((n, i) => [i + 1, n]) : [])],
  ];
  if (split) {
    sections.push([
      [{ channel: 'Channels', team: 'Teams', agent: 'Agents (assignee)', label: 'Labels' }[split.by]],
      [
        split.by,
        'label',
        'conversations',
        'visitor_messages',
        'staff_messages',
        'bot_messages',
        'first_response_median_ms',
        'first_response_p90_ms',
        'resolution_median_ms',
        'resolution_p90_ms',
        'csat_count',
        'csat_average',
      ],
      ...split.rows.map((row) => [
        row.id,
        row.label,
        row.conversations,
        row.messages.visitor,
        row.messages.staff,
        row.messages.bot,
        row.firstResponse.medianMs,
        row.firstResponse.p90Ms,
        row.resolution.medianMs,
        row.resolution.p90Ms,
        row.csat?.count ?? 0,
        row.csat?.average ?? null,
      ]),
    ]);
  }
  return sections.map((section) => csvLines(section)).join('\r\n\r\n') + '\r\n';
}

/** `t` as local ISO 8601 with the zone's offset at that instant. */
export function localIso(t: number, tz: string): string {
  const offset = offsetAt(t, tz);
  const wall = new Date(t + offset).toISOString().slice(0, 19);
  if (offset === 0) return `${wall}Z`;
  const minutes = Math.abs(offset) / 60_000;
  const sign = offset < 0 ? '-' : '+';
  return `${wall}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
