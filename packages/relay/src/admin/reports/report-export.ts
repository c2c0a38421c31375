import { REPORT_EXPORT_COLUMNS, type ReportConversationRow, type ReportExportFormat } from '@parley/protocol/admin';
import type { ReportConversation, ReportExportCursor, ReportQuery } from './report-store.js';
import { localIso } from './report-csv.js';
import { filtersJson } from './report-filters.js';
import { csvLines, type CsvValue } from '../csv.js';
import { TimeSlice } from '../../time-slice.js';
import type { SqlValue } from '../../store/sql/sql-db.js';
import type { UseFeature } from '../../features/feature-instances.js';
import { extensionPoint } from '../../features/extension-point.js';

/**
 * The per-conversation export (issue #86, docs/reports.md "Per-conversation export"): one row per conversation created
 * in the report's range that its filter set keeps, oldest first, as CSV or JSON, made while it is sent. It is read a
 * page at a time ({@link REPORT_EXPORT_PAGE} conversations, report-export-queries.ts), and the next page is read only
 * when the socket has taken the last one: a year's conversations are never held at once, and each page is a bounded
 * piece of work, the loop given a turn between pages.
 */

/** Conversations per page read. */
export const REPORT_EXPORT_PAGE = 200;

/** What makes one page: the repository's `exportPage` over the request's query and the caller's scope. */
export type ExportPages = (after: ReportExportCursor | undefined, limit: number) => Promise<ReportConversation[]>;

/**
 * What another feature adds to each row of the export, contributed to the desk's point {@link reportExportColumns}
 * (docs/architecture.md's points): the SLA's breaches, when a feature exposes them. Its columns follow the desk's in
 * the CSV and sit under the JSON row's `columns`; a conversation it says nothing of has them empty.
 */
export interface ReportExportColumns {
  /** Its columns' names (snake_case, unique among the export's). */
  readonly names: readonly string[];
  /** Their values for a page's conversations, by conversation id (one per name, in order). */
  values(use: UseFeature, siteId: string, ids: readonly string[]): Promise<ReadonlyMap<string, readonly CsvValue[]>>;
}

/** The desk's point: columns other features add to the per-conversation export. */
export const reportExportColumns = extensionPoint<ReportExportColumns>('desk.reportColumns');

/** The pages of the export, one after the other, until one comes back short. */
export async function* exportRows(pages: ExportPages): AsyncGenerator<readonly ReportConversation[]> {
  let after: ReportExportCursor | undefined;
  const slice = new TimeSlice();
  for (;;) {
    const page = await pages(after, REPORT_EXPORT_PAGE);
    if (page.length > 0) yield page;
    if (page.length < REPORT_EXPORT_PAGE) return;
    const last = page[page.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
    await slice.pass();
  }
}

/** A conversation as the export's JSON row: times local to `tz`, durations in seconds, the email masked. */
export function exportRow(
  row: ReportConversation,
  tz: string,
  mask: (sealed: string | null) => string | null,
): ReportConversationRow {
  const seconds = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 100) / 10);
  return {
    id: row.id,
    createdAt: localIso(row.createdAt, tz),
    channel: row.channel,
    status: row.status,
    priority: row.priority,
    teamId: row.teamId,
    team: row.team,
    assigneeId: row.assigneeId,
    assignee: row.assignee,
    labels: [...row.labels],
    firstResponseSeconds: seconds(row.firstResponseMs),
    resolutionSeconds: seconds(row.resolutionMs),
    resolvedAt: row.resolvedAt === null ? null : localIso(row.resolvedAt, tz),
    customerMessages: row.customerMessages,
    staffMessages: row.staffMessages,
    csatScore: row.csatScore,
    csatComment: row.csatComment,
    contactId: row.contactId,
    contactName: row.contactName,
    contactEmailMasked: mask(row.contactEmailSealed),
  };
}

/** A JSON row as the CSV's cells, in {@link REPORT_EXPORT_COLUMNS}' order (labels joined by `; `). */
function csvRow(row: ReportConversationRow): CsvValue[] {
  return [
    row.id,
    row.createdAt,
    row.channel,
    row.status,
    row.priority,
    row.teamId,
    row.team,
    row.assigneeId,
    row.assignee,
    row.labels.join('; '),
    row.firstResponseSeconds,
    row.resolutionSeconds,
    row.resolvedAt,
    row.customerMessages,
    row.staffMessages,
    row.csatScore,
    row.csatComment,
    row.contactId,
    row.contactName,
    row.contactEmailMasked,
  ];
}

/** Where the export's rows come from and how they are written. */
export interface ExportSource {
  readonly query: ReportQuery;
  readonly pages: ExportPages;
  readonly mask: (sealed: string | null) => string | null;
  /** Other features' columns ({@link reportExportColumns}), and how they reach their running parts. */
  readonly columns: readonly ReportExportColumns[];
  readonly use: UseFeature;
}

/**
 * The export's body in `format`: CSV (a byte order mark, a header row, a row per conversation, cells defused against
 * formulas by {@link csvLines}) or JSON (`{"range":…,"filters":…,"conversations":[…]}`), a page of rows per chunk.
 */
export async function* exportBody(format: ReportExportFormat, source: ExportSource): AsyncGenerator<string> {
  const { query, pages, mask, columns, use } = source;
  const names = columns.flatMap((column) => column.names);
  const more = async (page: readonly ReportConversation[]): Promise<Map<string, CsvValue[]>> => {
    const out = new Map<string, CsvValue[]>();
    if (columns.length === 0) return out;
    const ids = page.map((row) => row.id);
    const parts = await Promise.all(columns.map((column) => column.values(use, query.siteId, ids)));
    for (const id of ids) {
      out.set(
        id,
        parts.flatMap((part, i) => part.get(id) ?? new Array<CsvValue>(columns[i]!.names.length).fill(null)),
      );
    }
    return out;
  };
  if (format === 'csv') {
    yield `\uFEFF${csvLines([[...REPORT_EXPORT_COLUMNS, ...names]])}\r\n`;
    for await (const page of exportRows(pages)) {
      const extra = await more(page);
      const lines = page.map((row) => [...csvRow(exportRow(row, query.tz, mask)), ...(extra.get(row.id) ?? [])]);
      yield `${csvLines(lines)}\r\n`;
    }
    return;
  }
  const range = { from: query.from, to: query.to, tz: query.tz };
  yield `{"range":${JSON.stringify(range)},"filters":${JSON.stringify(filtersJson(query.filters ?? {}))},"conversations":[`;
  let first = true;
  for await (const page of exportRows(pages)) {
    const extra = await more(page);
    const json = page
      .map((row) => {
        const values = extra.get(row.id);
        const out = exportRow(row, query.tz, mask);
        return JSON.stringify(
          values ? { ...out, columns: Object.fromEntries(names.map((name, i) => [name, values[i] ?? null])) } : out,
        );
      })
      .join(',');
    yield first ? json : `,${json}`;
    first = false;
  }
  yield ']}\n';
}

/** The caller's scope as the export's extra condition (`undefined`: the whole site). */
export type ExportScope = { readonly sql: string; readonly params: readonly SqlValue[] } | undefined;
