/**
 * Reports from day summaries (issue #37, docs/reports.md "Day summaries"): a report's range is cut at the local days
 * of its time zone. Each whole day that is over is read from `report_days`, one row per (site, time zone, local
 * day) computed the first time a report needs it; the rest (a part of a day at either end, and the days not over
 * yet) is computed from the rows, as report-queries.ts always did. The message path pays nothing: a day that is over
 * gets no new message (the relay stamps each with the time it writes it). What can still change a day afterwards
 * forgets its summary by a trigger (migration `desk.report-days`): a conversation deleted (erasure of a contact or
 * a conversation, retention) forgets every day it had messages in; a change of assignee, status or resolution forgets
 * the days of its creation and resolutions. First replies are the one figure a later message changes (a reply comes
 * days after the conversation was created): a summary keeps the conversations not answered yet, and each report
 * looks at those again.
 *
 * Every part is kept in a form that adds up across days: counts per local hour, per staff member and per score,
 * the conversations each staff member wrote in (a set: a conversation over two days counts once), and the
 * durations themselves, whose medians and 90th percentiles are taken over the whole range at the end.
 */

import type { AgentLoad, Durations, ReportQuery, SiteReport } from './report-store.js';
import { bucketStarts, dayStart, offsetAt, weekHour, zoneSegments, localHourSql } from '../../store/zoned-hours.js';
import { messageScope, messagesByHour } from './report-queries.js';
import { TimeSlice } from '../../time-slice.js';
import { NOT_SPAM } from '../../store/sql/admin-rows.js';
import { filtersCondition, filtersKey, keepsDays, type ReportFilters } from './report-filters.js';
import type { SqlDb, SqlValue } from '../../store/sql/sql-db.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * How long after its end a day is summarised: a message is stamped with the time its batch is written, so a day is
 * complete once every batch begun in it has committed, and the relays' clocks agree to well within this.
 */
export const REPORT_DAY_SETTLED_MS = HOUR;

type Num = number | string;

/** A stretch of a report's figures in a form that adds up across stretches (and is stored as JSON). */
export interface ReportPart {
  /** [local hour number, UTC offset in ms, visitor, staff, bot] text messages. */
  readonly hours: Array<[number, number, number, number, number]>;
  /** [local hour number, UTC offset in ms, conversations created]. */
  readonly created: Array<[number, number, number]>;
  /** Text messages per staff member. */
  readonly sent: Record<string, number>;
  /** The conversations each staff member sent a text in. */
  readonly wrote: Record<string, string[]>;
  /** First replies of the conversations created in the stretch: [staff member, ms]. */
  readonly replies: Array<[string, number]>;
  /** Conversations created in the stretch without a first reply when it was computed. */
  readonly unanswered: string[];
  /** Conversations created in the stretch, per assignee (as assigned when computed). */
  readonly assigned: Record<string, number>;
  /** Creation to resolution of the conversations resolved in the stretch and still resolved, in ms. */
  readonly resolved: number[];
  /** Ratings given in the stretch: how many 1s … 5s. */
  readonly csat: number[];
}

/** The figures of `[from, to)` from the rows, in the report's time zone, of the conversations `filters` keeps. */
export async function livePart(
  db: SqlDb,
  siteId: string,
  from: number,
  to: number,
  tz: string,
  filters?: ReportFilters,
): Promise<ReportPart> {
  const query: ReportQuery = { siteId, from, to, bucket: 'hour', tz, ...(filters && { filters }) };
  const segments = zoneSegments(from, to, tz);
  const created = localHourSql('c.created_at', segments);
  const scope = await messageScope(db, query, segments);
  const filter = filtersCondition(filters);
  const [createdRows, hourRows, wroteRows, replyRows, assignedRows, resolvedRows, csatRows] = await Promise.all([
    db.scan<{ s: Num; h: Num; n: Num }>(
      `SELECT ${created.segment} AS s, ${created.hour} AS h, count(*) AS n
       FROM conversations c WHERE c.site_id = ? AND c.created_at >= ? AND c.created_at < ? AND ${NOT_SPAM}${filter.sql}
       GROUP BY 1, 2`,
      [siteId, from, to, ...filter.params],
    ),
    messagesByHour(db, query, segments, scope),
    db.scan<{ g: string; c: string; n: Num }>(
      `SELECT m.author_id AS g, m.conversation_id AS c, count(*) AS n
       FROM messages m ${scope.join}
       WHERE ${scope.where} AND m.author_role = 'staff' AND m.kind = 'text'
       GROUP BY m.author_id, m.conversation_id`,
      scope.params,
    ),
    firstReplies(db, `c.site_id = ? AND c.created_at >= ? AND c.created_at < ? AND ${NOT_SPAM}${filter.sql}`, [
      siteId,
      from,
      to,
      ...filter.params,
    ]),
    db.scan<{ g: string; n: Num }>(
      `SELECT c.assignee_id AS g, count(*) AS n FROM conversations c
       WHERE c.site_id = ? AND c.created_at >= ? AND c.created_at < ? AND c.assignee_id IS NOT NULL AND ${NOT_SPAM}${filter.sql}
       GROUP BY c.assignee_id`,
      [siteId, from, to, ...filter.params],
    ),
    db.scan<{ x: Num }>(
      `SELECT c.resolved_at - c.created_at AS x FROM conversations c
       WHERE c.site_id = ? AND c.resolved_at >= ? AND c.resolved_at < ? AND c.status = 'resolved' AND ${NOT_SPAM}${filter.sql}`,
      [siteId, from, to, ...filter.params],
    ),
    ratings(db, from, to, scope.join, scope.bySite, scope.site),
  ]);
  const hours = new Map<string, [number, number, number, number, number]>();
  for (const row of hourRows) {
    const offset = segments[row.s]!.offset;
    const key = `${row.h}:${offset}`;
    let entry = hours.get(key);
    if (!entry) hours.set(key, (entry = [row.h, offset, 0, 0, 0]));
    entry[row.role === 'visitor' ? 2 : row.role === 'staff' ? 3 : 4] += row.n;
  }
  const sent: Record<string, number> = {};
  const wrote: Record<string, string[]> = {};
  for (const row of wroteRows) {
    sent[row.g] = (sent[row.g] ?? 0) + Number(row.n);
    (wrote[row.g] ??= []).push(row.c);
  }
  const csat = [0, 0, 0, 0, 0];
  for (const row of csatRows) csat[Number(row.score) - 1]! += Number(row.n);
  return {
    hours: [...hours.values()],
    created: createdRows.map((row) => [Number(row.h), segments[Number(row.s)]!.offset, Number(row.n)]),
    sent,
    wrote,
    replies: replyRows.filter((row) => row.x !== null).map((row) => [row.g!, Number(row.x)]),
    unanswered: replyRows.filter((row) => row.x === null).map((row) => row.id),
    assigned: Object.fromEntries(assignedRows.map((row) => [row.g, Number(row.n)])),
    resolved: resolvedRows.map((row) => Number(row.x)),
    csat,
  };
}

/**
 * First replies of the conversations `where` selects (on `c`): from the first visitor message to the first staff
 * text after it, `x` null when there is none yet. Walks each conversation's `(conversation_id, seq)` index from its
 * start to the first match, as report-queries.ts `firstResponses`.
 */
function firstReplies(
  db: SqlDb,
  where: string,
  params: readonly SqlValue[],
): Promise<Array<{ id: string; g: string | null; x: Num | null }>> {
  if (db.dialect === 'postgres') {
    return db.scan(
      `SELECT c.id, r.author_id AS g, r.ts - v.ts AS x
       FROM conversations c
       LEFT JOIN LATERAL (SELECT m.seq, m.ts FROM messages m
                          WHERE m.conversation_id = c.id AND m.author_role = 'visitor'
                          ORDER BY m.seq LIMIT 1) v ON true
       LEFT JOIN LATERAL (SELECT m.author_id, m.ts FROM messages m
                          WHERE m.conversation_id = c.id AND m.seq > v.seq AND m.author_role = 'staff'
                            AND m.kind = 'text'
                          ORDER BY m.seq LIMIT 1) r ON true
       WHERE ${where}`,
      params,
    );
  }
  return db.scan(
    `SELECT f.cid AS id, r.author_id AS g, r.ts - v.ts AS x
     FROM (SELECT c.id AS cid,
                  (SELECT m.id FROM messages m WHERE m.conversation_id = c.id AND m.author_role = 'visitor'
                   ORDER BY m.seq LIMIT 1) AS vid
           FROM conversations c WHERE ${where}) f
     LEFT JOIN messages v ON v.id = f.vid
     LEFT JOIN messages r ON r.id = (SELECT m.id FROM messages m
                                     WHERE m.conversation_id = f.cid AND m.seq > v.seq AND m.author_role = 'staff'
                                       AND m.kind = 'text'
                                     ORDER BY m.seq LIMIT 1)`,
    params,
  );
}

/** Ratings (CSAT) visitors gave in `[from, to)`: a visitor message whose `extra` holds one (protocol 2). */
function ratings(
  db: SqlDb,
  from: number,
  to: number,
  join: string,
  bySite: string,
  site: readonly SqlValue[],
): Promise<Array<{ score: Num; n: Num }>> {
  const score =
    db.dialect === 'sqlite'
      ? "json_extract(m.extra, '$.rating.score')"
      : "((m.extra::jsonb) #>> '{rating,score}')::int";
  return db.scan(
    `SELECT ${score} AS score, count(*) AS n
     FROM messages m ${join}
     WHERE m.ts >= ? AND m.ts < ? AND m.extra IS NOT NULL AND m.author_role = 'visitor'
       AND ${score} BETWEEN 1 AND 5 ${bySite}
     GROUP BY 1`,
    [from, to, ...site],
  );
}

/** The local day (days since 1970-01-01, local) `t` falls in. */
function localDay(t: number, tz: string): number {
  return Math.floor((t + offsetAt(t, tz)) / DAY);
}

/**
 * How `[from, to)` is cut: the whole local days in it that are over by `settled`, and the stretches before and
 * after them that are computed from the rows.
 */
export function reportPlan(
  from: number,
  to: number,
  tz: string,
  settled: number,
): { days: Array<{ start: number; end: number }>; live: Array<[number, number]> } {
  const days: Array<{ start: number; end: number }> = [];
  let day = localDay(from, tz);
  let start = dayStart(day, tz);
  if (start < from) start = dayStart(++day, tz);
  for (;;) {
    const end = dayStart(day + 1, tz);
    if (end > to || end > settled || end <= start) break;
    days.push({ start, end });
    start = end;
    day++;
  }
  const live: Array<[number, number]> = [];
  if (days.length === 0) live.push([from, to]);
  else {
    if (from < days[0]!.start) live.push([from, days[0]!.start]);
    if (days[days.length - 1]!.end < to) live.push([days[days.length - 1]!.end, to]);
  }
  return { days, live };
}

/**
 * The summaries of the site's whole `days` in `tz` under the filter set `filters` (one summary per set: its
 * {@link filtersKey}, `''` for the whole site): those already kept, and the others computed now (one day at a time,
 * each a bounded piece of work) and kept, unless something forgot a day of the site while they were computed (its
 * epoch moved on): then they serve this report only.
 */
async function dayParts(
  db: SqlDb,
  siteId: string,
  tz: string,
  filters: ReportFilters | undefined,
  days: ReadonlyArray<{ start: number; end: number }>,
): Promise<ReportPart[]> {
  if (days.length === 0) return [];
  const key = filtersKey(filters);
  const kept = new Map(
    (
      await db.scan<{ day_start: Num; day_end: Num; summary: string }>(
        `SELECT day_start, day_end, summary FROM report_days
         WHERE site_id = ? AND tz = ? AND filters = ? AND day_start >= ? AND day_start < ?`,
        [siteId, tz, key, days[0]!.start, days[days.length - 1]!.end],
      )
    ).map((row) => [`${Number(row.day_start)}:${Number(row.day_end)}`, row.summary]),
  );
  let epoch = 0;
  if (days.some((day) => !kept.has(`${day.start}:${day.end}`))) {
    // The epoch is read before the rows the new summaries count. Its row exists from here on, so that the writer's
    // `FOR UPDATE` has a row to wait on when a change moves the epoch for the first time.
    // (Without waiting for the disk: a row lost in a crash is written again, with the summaries lost with it.)
    await db.transaction(
      (tx) => tx.run('INSERT INTO report_epochs (site_id, n) VALUES (?, 0) ON CONFLICT (site_id) DO NOTHING', [siteId]),
      { durable: false },
    );
    const [row] = await db.all<{ n: Num }>('SELECT n FROM report_epochs WHERE site_id = ?', [siteId]);
    epoch = Number(row?.n ?? 0);
  }
  const parts: ReportPart[] = [];
  const made: Array<{ start: number; end: number; summary: string }> = [];
  const slice = new TimeSlice();
  for (const day of days) {
    const summary = kept.get(`${day.start}:${day.end}`);
    if (summary !== undefined) {
      // A day's summary is tens of kB: ninety of them parsed at a stretch would hold the loop for tens of ms.
      await slice.pass();
      parts.push(JSON.parse(summary) as ReportPart);
      continue;
    }
    const part = await livePart(db, siteId, day.start, day.end, tz, filters);
    parts.push(part);
    made.push({ ...day, summary: JSON.stringify(part) });
  }
  // Five days to a transaction (about 200 kB for a busy site): SQLite writes on the loop, and its promise settles
  // without giving the loop a turn, so the slice gives it one between transactions.
  for (let i = 0; i < made.length; i += 5) {
    await slice.pass();
    await keep(db, siteId, tz, key, epoch, made.slice(i, i + 5));
  }
  return parts;
}

/**
 * Stores new summaries if the site's epoch is still `epoch`. The check and the writes are one transaction, and a
 * change that forgets summaries moves the epoch in its own, so a summary computed before that change committed is
 * never kept after it (PostgreSQL: `FOR UPDATE` waits for such a change to commit, then reads its epoch). The commit
 * does not wait for the disk: a summary lost in a crash is computed again by the next report that needs it.
 */
async function keep(
  db: SqlDb,
  siteId: string,
  tz: string,
  filters: string,
  epoch: number,
  made: ReadonlyArray<{ start: number; end: number; summary: string }>,
): Promise<void> {
  await db.transaction(
    async (tx) => {
      const [row] = await tx.all<{ n: Num }>(
        `SELECT n FROM report_epochs WHERE site_id = ?${tx.dialect === 'postgres' ? ' FOR UPDATE' : ''}`,
        [siteId],
      );
      if (Number(row?.n ?? 0) !== epoch) return;
      for (const day of made) {
        await tx.run(
          `INSERT INTO report_days (site_id, tz, filters, day_start, day_end, summary) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (site_id, tz, filters, day_start) DO NOTHING`,
          [siteId, tz, filters, day.start, day.end, day.summary],
        );
      }
    },
    { durable: false },
  );
}

/** The median and 90th percentile (PostgreSQL's `percentile_cont`, as report-queries.ts `interpolate`) of `list`. */
function durations(list: readonly number[]): Durations {
  if (list.length === 0) return { medianMs: null, p90Ms: null, count: 0 };
  // A typed array sorts numbers in place without a comparator: several times faster over 100,000 values.
  const values = Float64Array.from(list).sort();
  const at = (p: number): number => {
    const position = (values.length - 1) * p;
    const lower = Math.trunc(position);
    const low = values[lower]!;
    const high = values[lower + 1] ?? low;
    return Math.round(low + (high - low) * (position - lower));
  };
  return { medianMs: at(0.5), p90Ms: at(0.9), count: values.length };
}

/** A site's report (of the conversations its filter set keeps): whole days that are over from their summaries, the rest from the rows. */
export async function report(db: SqlDb, query: ReportQuery): Promise<SiteReport> {
  const { siteId, from, to, tz, filters } = query;
  // A set with another feature's filter is computed from the rows every time (report-filters.ts `keepsDays`).
  const plan = keepsDays(filters)
    ? reportPlan(from, to, tz, Date.now() - REPORT_DAY_SETTLED_MS)
    : { days: [], live: [[from, to] as [number, number]] };
  const [days, ...live] = await Promise.all([
    dayParts(db, siteId, tz, filters, plan.days),
    ...plan.live.map(([a, b]) => livePart(db, siteId, a, b, tz, filters)),
  ]);
  const parts = [...days!, ...(live as ReportPart[])];
  // First replies of the conversations not answered when their day was summarised, as they are now.
  const waiting = days!.flatMap((part) => part.unanswered);
  const late =
    waiting.length === 0
      ? []
      : await firstReplies(
          db,
          db.dialect === 'postgres'
            ? 'c.id IN (SELECT jsonb_array_elements_text(?::jsonb))'
            : 'c.id IN (SELECT value FROM json_each(?))',
          [JSON.stringify(waiting)],
        );
  return assemble(db, query, parts, late);
}

async function assemble(
  db: SqlDb,
  query: ReportQuery,
  parts: readonly ReportPart[],
  late: ReadonlyArray<{ g: string | null; x: Num | null }>,
): Promise<SiteReport> {
  const { from, to, bucket, tz } = query;
  // Each step below is a bounded piece of work (a year's zone offsets, its buckets, then one part at a time); the
  // slice gives the loop a turn between them.
  const slice = new TimeSlice();
  const segments = zoneSegments(from, to, tz);
  await slice.pass();
  const buckets = bucketStarts(segments, bucket, tz);
  await slice.pass();
  const conversations = new Map(buckets.map((b) => [b.key, { t: b.start, count: 0 }]));
  const messages = new Map(buckets.map((b) => [b.key, { t: b.start, visitor: 0, staff: 0, bot: 0 }]));
  const busiestHours = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const key = (hour: number, offset: number): number =>
    bucket === 'hour' ? hour * HOUR - offset : Math.floor(hour / 24);
  const sent = new Map<string, number>();
  const wrote = new Map<string, Set<string>>();
  const assigned = new Map<string, number>();
  const replies: number[] = [];
  const repliesBy = new Map<string, number[]>();
  const resolved: number[] = [];
  const csat = [0, 0, 0, 0, 0];
  const reply = (g: string, x: number): void => {
    replies.push(x);
    let list = repliesBy.get(g);
    if (!list) repliesBy.set(g, (list = []));
    list.push(x);
  };
  for (const part of parts) {
    await slice.pass();
    for (const [hour, offset, n] of part.created) {
      const entry = conversations.get(key(hour, offset));
      if (entry) entry.count += n;
    }
    for (const [hour, offset, visitor, staff, bot] of part.hours) {
      const entry = messages.get(key(hour, offset));
      if (entry) {
        entry.visitor += visitor;
        entry.staff += staff;
        entry.bot += bot;
      }
      if (visitor > 0) {
        const { weekday, hour: h } = weekHour(hour);
        busiestHours[weekday]![h]! += visitor;
      }
    }
    for (const [g, n] of Object.entries(part.sent)) sent.set(g, (sent.get(g) ?? 0) + n);
    for (const [g, ids] of Object.entries(part.wrote)) {
      let set = wrote.get(g);
      if (!set) wrote.set(g, (set = new Set()));
      for (const id of ids) set.add(id);
    }
    for (const [g, n] of Object.entries(part.assigned)) assigned.set(g, (assigned.get(g) ?? 0) + n);
    for (const [g, x] of part.replies) reply(g, x);
    for (const x of part.resolved) resolved.push(x);
    part.csat.forEach((n, i) => (csat[i]! += n));
  }
  for (const row of late) if (row.x !== null) reply(row.g!, Number(row.x));

  const firstBy = new Map([...repliesBy].map(([g, list]) => [g, durations(list)]));
  const ids = new Set([...sent.keys(), ...assigned.keys(), ...firstBy.keys()]);
  const names =
    ids.size === 0
      ? new Map<string, string>()
      : new Map(
          (
            await db.all<{ id: string; name: string }>('SELECT id, name FROM staff WHERE site_id = ?', [query.siteId])
          ).map((row) => [row.id, row.name]),
        );
  const agents: AgentLoad[] = [...ids]
    .map((staffId) => ({
      staffId,
      name: names.get(staffId) ?? staffId,
      conversations: wrote.get(staffId)?.size ?? 0,
      assigned: assigned.get(staffId) ?? 0,
      messages: sent.get(staffId) ?? 0,
      firstResponseMedianMs: firstBy.get(staffId)?.medianMs ?? null,
    }))
    .sort((a, b) => b.messages - a.messages || b.conversations - a.conversations || a.name.localeCompare(b.name));
  const rated = csat.reduce((a, b) => a + b, 0);
  return {
    conversations: [...conversations.values()],
    messages: [...messages.values()],
    firstResponse: durations(replies),
    resolution: durations(resolved),
    agents,
    busiestHours,
    csat:
      rated === 0
        ? null
        : {
            count: rated,
            average: Math.round((csat.reduce((a, b, i) => a + b * (i + 1), 0) / rated) * 100) / 100,
            distribution: csat,
          },
  };
}
