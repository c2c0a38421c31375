import type { ReportQuery, SiteReport } from './report-store.js';
import { offsetAt } from '../../store/zoned-hours.js';
import { csvLines, type CsvValue } from '../csv.js';

/** Weekday names of a report's `busiestHours` rows (Monday first). */
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * A report as CSV for a spreadsheet: one section per table, each a title line, a header row and its rows, with
 * a blank line between sections. Times are local to the report's time zone, with their offset
 * (`2026-11-02T00:00:00-05:00`). Cells go through {@link csvLines}: formulas are defused whatever the reader's
 * separator, and fields quoted as needed.
 */
export function reportCsv(range: Omit<ReportQuery, 'siteId'>, report: SiteReport): string {
  const local = (t: number): string => localIso(t, range.tz);
  const sections: CsvValue[][][] = [
    [[`Report from ${local(range.from)} to ${local(range.to)} by ${range.bucket} in ${range.tz}`]],
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
