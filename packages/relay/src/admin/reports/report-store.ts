import type { ReportChoice, ReportFilters } from './report-filters.js';
import type { SqlValue } from '../../store/sql/sql-db.js';

declare module '../../store/repositories.js' {
  interface Repositories {
    readonly reports: ReportRepository;
  }
}

/** How a report cuts its range: by local hour or local day of its time zone. */
export type ReportBucket = 'hour' | 'day';

/**
 * What a report covers: a site, `[from, to)` in ms, the bucket and the IANA time zone buckets are local to, and the
 * filter set narrowing it to some conversations (report-filters.ts; absent or empty: all of the site's).
 */
export interface ReportQuery {
  readonly siteId: string;
  readonly from: number;
  readonly to: number;
  readonly bucket: ReportBucket;
  readonly tz: string;
  readonly filters?: ReportFilters;
}

/** A median and 90th percentile (linear interpolation, as PostgreSQL's `percentile_cont`), over `count` values. */
export interface Durations {
  readonly medianMs: number | null;
  readonly p90Ms: number | null;
  readonly count: number;
}

/** One staff member's load over the range. */
export interface AgentLoad {
  readonly staffId: string;
  readonly name: string;
  /** Conversations they replied in (a text message in the range). */
  readonly conversations: number;
  /** Conversations created in the range and assigned to them now. */
  readonly assigned: number;
  /** Their text messages in the range (notes and broadcasts are not counted). */
  readonly messages: number;
  /** Median time to the first reply, over the conversations whose first reply was theirs. */
  readonly firstResponseMedianMs: number | null;
}

/** Visitors' ratings (1–5) given in the range. */
export interface CsatFigures {
  readonly count: number;
  readonly average: number;
  /** How many of each score: index 0 counts the 1s, index 4 the 5s. */
  readonly distribution: readonly number[];
}

/**
 * A site's figures over a range, computed by the store (see report-queries.ts): conversations created and text
 * messages per bucket (each bucket by its start), first-response and resolution times, per-agent load, visitor
 * messages per weekday × local hour (Monday first), and CSAT (`null` when no rating was given in the range).
 */
export interface SiteReport {
  readonly conversations: ReadonlyArray<{ t: number; count: number }>;
  readonly messages: ReadonlyArray<{ t: number; visitor: number; staff: number; bot: number }>;
  /** From a conversation's first visitor message to the first staff text after it; conversations created in range. */
  readonly firstResponse: Durations;
  /** From creation to resolution, for conversations resolved in the range (and still resolved). */
  readonly resolution: Durations;
  readonly agents: readonly AgentLoad[];
  /** 7 rows (Monday … Sunday) of 24 hours. */
  readonly busiestHours: readonly (readonly number[])[];
  readonly csat: CsatFigures | null;
}

export type { ReportChoice };

/** One conversation of the per-conversation export, as read (times in ms, names resolved). */
export interface ReportConversation {
  readonly id: string;
  readonly createdAt: number;
  readonly channel: string;
  readonly status: string;
  readonly priority: string;
  readonly teamId: string | null;
  readonly team: string | null;
  readonly assigneeId: string | null;
  readonly assignee: string | null;
  readonly labels: readonly string[];
  readonly firstResponseMs: number | null;
  readonly resolutionMs: number | null;
  readonly resolvedAt: number | null;
  readonly customerMessages: number;
  readonly staffMessages: number;
  readonly csatScore: number | null;
  readonly csatComment: string | null;
  readonly contactId: string;
  readonly contactName: string | null;
  /** The contact's email as stored (sealed); the route masks it. */
  readonly contactEmailSealed: string | null;
}

/** Where a page of the export starts: after this conversation (creation time, then id). */
export interface ReportExportCursor {
  readonly createdAt: number;
  readonly id: string;
}

/**
 * Reports (issue #19): aggregates the store computes with its indexes, never by reading every message; whole days
 * that are over come from day summaries kept in the database (issue #37, report-days.ts).
 */
export interface ReportRepository {
  report(query: ReportQuery): Promise<SiteReport>;
  /**
   * The report's first-response figure alone ({@link SiteReport.firstResponse}, the one definition): from the
   * first visitor message of each conversation created in the range to the first staff text after it, computed from
   * the rows (`bucket` and `tz` are not read). What the widget's "Typically replies in…" is made of (reply-time/).
   */
  firstResponse(query: ReportQuery): Promise<Durations>;
  /**
   * The site's values of a member of the filter set, named (issue #86): teams by name, staff members by name, labels
   * the most used first. With `only`, just those of them (a check of a request's values, by the indexes).
   */
  choices(siteId: string, member: 'team' | 'agent' | 'label', only?: readonly string[]): Promise<ReportChoice[]>;
  /**
   * A page of the per-conversation export (issue #86): the conversations created in `[from, to)` that the filter set
   * and `where` (the caller's scope) keep, oldest first, after `after`, at most `limit`.
   */
  exportPage(
    query: ReportQuery,
    where: { readonly sql: string; readonly params: readonly SqlValue[] } | undefined,
    after: ReportExportCursor | undefined,
    limit: number,
  ): Promise<ReportConversation[]>;
}
