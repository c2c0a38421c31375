/**
 * Reports (issue #19): a site's figures over a range, aggregated by the database through indexes — the queries that
 * compute a stretch of time from the rows; report-days.ts keeps whole days that are over as summaries and uses these
 * for the rest (migration `desk.reports`, docs/reports.md):
 *
 * - messages by time: on SQLite, through ranges of their ids, with no index on `ts` (one would cost every stored
 *   message a second b-tree insert, a quarter of the relay's CPU per delivery in the bench's fan-out): ids grow with
 *   `ts` (AUTOINCREMENT, and a batch's messages share its `Date.now()`), so the first id at or after a time is found
 *   by bisection over the primary key ({@link idsAtTimes}) and a range's messages are a rowid range scan; on
 *   PostgreSQL, whose ids (a sequence) commit out of order across transactions and relays, through
 *   `messages_by_time (ts, author_role, kind, conversation_id, author_id)`, an index-only range scan;
 * - conversations created through `conversations_by_created (site_id, created_at)`, resolved through
 *   `conversations_by_resolution (site_id, resolved_at)`;
 * - ratings through `messages_rated (ts) WHERE extra IS NOT NULL`, the few messages with an `extra`.
 *
 * Time buckets are local to the report's time zone: zoned-hours.ts cuts the range where the offset changes and
 * writes each row's local hour as integer arithmetic. Medians and 90th percentiles are `percentile_cont` on
 * PostgreSQL, and on SQLite the same interpolation between the two rows a window function numbers around each
 * rank — only those rows come back.
 */

import type { AgentLoad, Durations, ReportQuery, SiteReport } from './report-store.js';
import {
  bucketKey,
  bucketStarts,
  localHourSql,
  localHours,
  weekHour,
  zoneSegments,
  type ZoneSegment,
} from '../../store/zoned-hours.js';
import { TimeSlice } from '../../time-slice.js';
import { filtersCondition } from './report-filters.js';
import { NOT_SPAM } from '../../store/sql/admin-rows.js';
import type { SqlDb, SqlValue } from '../../store/sql/sql-db.js';

type Num = number | string;

/**
 * How the message queries keep to the site and the range. Messages have no site column, so they keep to the site
 * through their conversation — a lookup per message; when the relay holds only this site, every message is the
 * site's and the join is skipped. They keep to a range by `ts` and, on SQLite, also by the ids that bound it.
 */
export interface MessageScope {
  readonly join: string;
  /**
   * The conditions on the join's conversation (`AND c.site_id = ?` and the report's filter set, or nothing), their
   * parameters in `site`.
   */
  readonly bySite: string;
  readonly site: SqlValue[];
  /** Conditions keeping `m` to the site and the report's range, and their parameters. */
  readonly where: string;
  readonly params: readonly SqlValue[];
  /** SQLite: the range's local hours, each with the ids that bound it (PostgreSQL's ts index bounds the range). */
  readonly hours?: ReadonlyArray<LocalHourRange & { readonly lo: number; readonly hi: number }>;
}

type LocalHourRange = ReturnType<typeof localHours>[number];

export async function messageScope(
  db: SqlDb,
  query: ReportQuery,
  segments: readonly ZoneSegment[],
): Promise<MessageScope> {
  const sites = await db.all<{ id: string }>('SELECT id FROM sites LIMIT 2');
  const alone = sites.length === 1 && sites[0]!.id === query.siteId;
  // A filtered report reads each message's conversation as the site's check does: a look-up of its primary key (and
  // of conversation_channels' for a channel), the shape a relay of several sites always had.
  const filter = filtersCondition(query.filters);
  const joined = !alone || filter.sql !== '';
  // SQLite's planner, given a condition an index of `conversations` serves (an assignee's), would walk that index and
  // each conversation's messages for every hour; CROSS JOIN keeps the messages' range outside, each message's
  // conversation a look-up of its primary key.
  const join = joined
    ? `${db.dialect === 'sqlite' ? 'CROSS JOIN' : 'JOIN'} conversations c ON c.id = m.conversation_id`
    : '';
  const site = joined ? [query.siteId, ...filter.params] : [];
  const bySite = joined ? `AND c.site_id = ?${filter.sql}` : '';
  if (db.dialect === 'postgres') {
    return {
      join,
      bySite,
      site,
      where: `m.ts >= ? AND m.ts < ? ${bySite}`,
      params: [query.from, query.to, ...site],
    };
  }
  const hours = localHours(segments);
  const ids = await idsAtTimes(db, [query.from, query.to, ...hours.flatMap((h) => [h.start, h.end])]);
  return {
    join,
    bySite,
    site,
    where: `m.id >= ? AND m.id < ? AND m.ts >= ? AND m.ts < ? ${bySite}`,
    params: [ids.get(query.from)!, ids.get(query.to)!, query.from, query.to, ...site],
    hours: hours.map((hour) => ({ ...hour, lo: ids.get(hour.start)!, hi: ids.get(hour.end)! })),
  };
}

/**
 * SQLite: for each of `times`, the first message id whose `ts` is at or after it (one above the highest id when
 * none is), over the primary key. Times are taken in order, each from the previous one's answer: a gallop by the
 * previous gap brackets the answer (a report's hour boundaries are about as far apart as the one before), then
 * interpolation between the bracket's times, every other step a bisection so that no distribution of times takes
 * more than twice bisection's lookups. Exact while `ts` grows with the id, which holds unless the host's clock steps
 * back; then the id range and the `ts` condition together still count no message twice, nor in a wrong hour, but
 * may miss the few written during the step.
 */
export async function idsAtTimes(db: SqlDb, times: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  // Subqueries each: SQLite reads a lone min() or max() of the key from the b-tree's edge, both in one select by a
  // scan.
  const [ends] = await db.scan<{ first: Num | null; last: Num | null; lastTs: Num | null }>(
    `SELECT (SELECT min(id) FROM messages) AS first, (SELECT max(id) FROM messages) AS last,
            (SELECT ts FROM messages ORDER BY id DESC LIMIT 1) AS lastTs`,
  );
  const end = Number(ends?.last ?? 0) + 1;
  const endTs = Number(ends?.lastTs ?? 0) + 1;
  // Every id below `lo` is before the time being sought; `loTs` is the time seen just below it.
  let lo = Number(ends?.first ?? 1);
  let loTs = -Infinity;
  let gap = 1;
  const slice = new TimeSlice();
  for (const time of [...new Set(times)].sort((a, b) => a - b)) {
    const start = lo;
    // Every id from `hi` on is at or after `time`; `hiTs` is the time seen there.
    let hi = end;
    let hiTs = endTs;
    let bracketed = false;
    let step = Math.max(1, gap);
    for (let k = 0; lo < hi; k++) {
      let mid: number;
      if (!bracketed) {
        mid = Math.min(hi - 1, lo + step - 1);
        step *= 2;
      } else if (k % 2 === 0 && Number.isFinite(loTs) && hiTs > loTs) {
        mid = Math.min(hi - 1, Math.max(lo, lo + Math.floor(((time - loTs) / (hiTs - loTs)) * (hi - lo))));
      } else {
        mid = lo + Math.floor((hi - lo) / 2);
      }
      // A lookup on the key takes microseconds; a thread's round trip would cost more than it. A year of hours is
      // thousands of them, so the loop turns every few milliseconds instead.
      await slice.pass();
      const [row] = await db.all<{ id: Num; ts: Num }>(
        'SELECT id, ts FROM messages WHERE id >= ? ORDER BY id LIMIT 1',
        [mid],
      );
      if (!row || Number(row.id) >= hi) {
        hi = mid;
        bracketed = true;
      } else if (Number(row.ts) >= time) {
        hi = Number(row.id);
        hiTs = Number(row.ts);
        bracketed = true;
      } else {
        lo = Number(row.id) + 1;
        loTs = Number(row.ts);
      }
    }
    out.set(time, lo);
    gap = lo - start;
  }
  return out;
}

type Role = 'visitor' | 'staff' | 'bot';

/**
 * Text messages per local hour and author role. PostgreSQL groups the range's rows in one hash aggregate. SQLite
 * would sort every row for a GROUP BY on an expression (ten times the cost of the scan itself), so it counts each
 * local hour's slice of `messages_by_time` on its own instead — one correlated range scan per hour, in index
 * order, nothing sorted.
 */
export async function messagesByHour(
  db: SqlDb,
  query: ReportQuery,
  segments: readonly ZoneSegment[],
  scope: MessageScope,
): Promise<Array<{ s: number; h: number; role: Role; n: number }>> {
  if (db.dialect === 'postgres') {
    const sent = localHourSql('m.ts', segments);
    const rows = await db.scan<{ s: Num; h: Num; role: Role; n: Num }>(
      `SELECT ${sent.segment} AS s, ${sent.hour} AS h, m.author_role AS role, count(*) AS n
       FROM messages m ${scope.join}
       WHERE ${scope.where} AND m.author_role IN ('visitor', 'staff', 'bot') AND m.kind = 'text'
       GROUP BY 1, 2, 3`,
      scope.params,
    );
    return rows.map((row) => ({ s: Number(row.s), h: Number(row.h), role: row.role, n: Number(row.n) }));
  }
  const hours = scope.hours!;
  const rows = await db.scan<{ i: Num; counts: string | null }>(
    `WITH b AS MATERIALIZED (SELECT key AS i, value ->> 0 AS lo, value ->> 1 AS hi, value ->> 2 AS s, value ->> 3 AS e
                FROM json_each(?))
     SELECT i, (SELECT json_array(total(m.author_role = 'visitor'), total(m.author_role = 'staff'),
                                  total(m.author_role = 'bot'))
                FROM messages m ${scope.join}
                WHERE m.id >= b.lo AND m.id < b.hi AND m.ts >= b.s AND m.ts < b.e AND m.kind = 'text'
                  ${scope.bySite}) AS counts
     FROM b`,
    [JSON.stringify(hours.map((h) => [h.lo, h.hi, h.start, h.end])), ...scope.site],
  );
  const out: Array<{ s: number; h: number; role: Role; n: number }> = [];
  for (const row of rows) {
    const hour = hours[Number(row.i)]!;
    const counts = JSON.parse(row.counts ?? '[0,0,0]') as number[];
    (['visitor', 'staff', 'bot'] as const).forEach((role, k) => {
      if (counts[k]! > 0) out.push({ s: hour.segment, h: hour.hour, role, n: counts[k]! });
    });
  }
  return out;
}

/**
 * The report computed from the rows alone, every part over the whole range (what every report was before the day
 * summaries of report-days.ts, and what they must give: the tests compare the two).
 */
export async function liveReport(db: SqlDb, query: ReportQuery): Promise<SiteReport> {
  const { siteId, from, to, bucket, tz } = query;
  const segments = zoneSegments(from, to, tz);
  const buckets = bucketStarts(segments, bucket, tz);
  const conversations = new Map(buckets.map((b) => [b.key, { t: b.start, count: 0 }]));
  const messages = new Map(buckets.map((b) => [b.key, { t: b.start, visitor: 0, staff: 0, bot: 0 }]));
  const busiestHours = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));

  const created = localHourSql('c.created_at', segments);
  const scope = await messageScope(db, query, segments);
  const filter = filtersCondition(query.filters);
  // Independent statements: on PostgreSQL they run at once on the pool's connections; SQLite runs them in turn.
  const [createdRows, hourRows, firstResponse, resolution, agents, csat] = await Promise.all([
    db.scan<{ s: Num; h: Num; n: Num }>(
      `SELECT ${created.segment} AS s, ${created.hour} AS h, count(*) AS n
       FROM conversations c WHERE c.site_id = ? AND c.created_at >= ? AND c.created_at < ? AND ${NOT_SPAM}${filter.sql}
       GROUP BY 1, 2`,
      [siteId, from, to, ...filter.params],
    ),
    // One pass over the range's messages gives both the buckets and the busiest hours.
    messagesByHour(db, query, segments, scope),
    firstResponses(db, query),
    resolutions(db, query),
    agentLoad(db, query, scope),
    ratings(db, query, scope),
  ]);
  for (const row of createdRows) {
    const key = bucketKey({ segment: Number(row.s), hour: Number(row.h) }, segments, bucket);
    const entry = conversations.get(key);
    if (entry) entry.count += Number(row.n);
  }
  for (const row of hourRows) {
    const hour = { segment: row.s, hour: row.h };
    const entry = messages.get(bucketKey(hour, segments, bucket));
    if (entry) entry[row.role] += row.n;
    if (row.role === 'visitor') {
      const { weekday, hour: h } = weekHour(hour.hour);
      busiestHours[weekday]![h]! += row.n;
    }
  }

  return {
    conversations: [...conversations.values()],
    messages: [...messages.values()],
    firstResponse: firstResponse.total,
    resolution,
    agents: await named(db, siteId, agents, firstResponse.byGroup),
    busiestHours,
    csat,
  };
}

/** Medians and p90s of `inner`'s `x`, over all its rows and per `g`. */
interface Spread {
  readonly total: Durations;
  readonly byGroup: ReadonlyMap<string, Durations>;
}

const none: Durations = { medianMs: null, p90Ms: null, count: 0 };

/**
 * The median and 90th percentile of `x` over the rows of `inner` (columns `g`, `x`), in total and per `g`, with
 * PostgreSQL's `percentile_cont` interpolation on both engines.
 */
async function spread(db: SqlDb, inner: string, params: readonly SqlValue[]): Promise<Spread> {
  const byGroup = new Map<string, Durations>();
  let total = none;
  if (db.dialect === 'postgres') {
    const rows = await db.scan<{ g: string | null; total: Num; n: Num; p50: Num; p90: Num }>(
      `SELECT g, GROUPING(g) AS total, count(*) AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY x) AS p50,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY x) AS p90
       FROM (${inner}) s GROUP BY GROUPING SETS ((g), ())`,
      params,
    );
    for (const row of rows) {
      const n = Number(row.n);
      const figures =
        n === 0 ? none : { medianMs: Math.round(Number(row.p50)), p90Ms: Math.round(Number(row.p90)), count: n };
      if (Number(row.total) === 1) total = figures;
      else byGroup.set(String(row.g), figures);
    }
    return { total, byGroup };
  }
  // SQLite: number the rows in order (overall and per group) and keep only those next to a wanted rank.
  const ranks = (i: string, n: string): string =>
    [0.5, 0.9]
      .flatMap((p) => [`CAST((${n} - 1) * ${p} AS INTEGER)`, `CAST((${n} - 1) * ${p} AS INTEGER) + 1`])
      .map((rank) => `${i} = ${rank}`)
      .join(' OR ');
  const rows = await db.scan<{ g: string; x: Num; i: Num; n: Num; gi: Num; gn: Num }>(
    `WITH s AS (${inner}),
     r AS (SELECT g, x,
                  row_number() OVER (ORDER BY x) - 1 AS i, count(*) OVER () AS n,
                  row_number() OVER (PARTITION BY g ORDER BY x) - 1 AS gi, count(*) OVER (PARTITION BY g) AS gn
           FROM s)
     SELECT g, x, i, n, gi, gn FROM r WHERE ${ranks('i', 'n')} OR ${ranks('gi', 'gn')}`,
    params,
  );
  const overall = new Map<number, number>();
  const groups = new Map<string, { n: number; at: Map<number, number> }>();
  let n = 0;
  for (const row of rows) {
    n = Number(row.n);
    overall.set(Number(row.i), Number(row.x));
    const key = String(row.g);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { n: Number(row.gn), at: new Map() }));
    group.at.set(Number(row.gi), Number(row.x));
  }
  const figures = (count: number, at: ReadonlyMap<number, number>): Durations =>
    count === 0 ? none : { medianMs: interpolate(at, count, 0.5), p90Ms: interpolate(at, count, 0.9), count };
  for (const [key, group] of groups) byGroup.set(key, figures(group.n, group.at));
  return { total: figures(n, overall), byGroup };
}

/** `percentile_cont(p)` from the values at the ranks around `(n - 1) × p` (0-based, in ascending order). */
function interpolate(at: ReadonlyMap<number, number>, n: number, p: number): number {
  const position = (n - 1) * p;
  const lower = Math.trunc(position);
  const low = at.get(lower)!;
  const high = at.get(lower + 1) ?? low;
  return Math.round(low + (high - low) * (position - lower));
}

/**
 * First response: in each conversation created in the range, from the first visitor message to the first staff
 * text after it (the bot's messages and notes are no reply), grouped by who replied. Both are found by walking
 * the conversation's `(conversation_id, seq)` index from its start, stopping at the first match: a LATERAL join
 * on PostgreSQL; on SQLite, scalar subqueries that find each message's rowid.
 */
function firstResponses(db: SqlDb, query: ReportQuery): Promise<Spread> {
  const filter = filtersCondition(query.filters);
  const params = [query.siteId, query.from, query.to, ...filter.params];
  if (db.dialect === 'postgres') {
    return spread(
      db,
      `SELECT r.author_id AS g, r.ts - v.ts AS x
       FROM conversations c
       CROSS JOIN LATERAL (SELECT m.seq, m.ts FROM messages m
                           WHERE m.conversation_id = c.id AND m.author_role = 'visitor'
                           ORDER BY m.seq LIMIT 1) v
       CROSS JOIN LATERAL (SELECT m.author_id, m.ts FROM messages m
                           WHERE m.conversation_id = c.id AND m.seq > v.seq AND m.author_role = 'staff'
                             AND m.kind = 'text'
                           ORDER BY m.seq LIMIT 1) r
       WHERE c.site_id = ? AND c.created_at >= ? AND c.created_at < ? AND ${NOT_SPAM}${filter.sql}`,
      params,
    );
  }
  return spread(
    db,
    `SELECT r.author_id AS g, r.ts - v.ts AS x
     FROM (SELECT c.id AS cid,
                  (SELECT m.id FROM messages m WHERE m.conversation_id = c.id AND m.author_role = 'visitor'
                   ORDER BY m.seq LIMIT 1) AS vid
           FROM conversations c
           WHERE c.site_id = ? AND c.created_at >= ? AND c.created_at < ? AND ${NOT_SPAM}${filter.sql}) f
     JOIN messages v ON v.id = f.vid
     JOIN messages r ON r.id = (SELECT m.id FROM messages m
                                WHERE m.conversation_id = f.cid AND m.seq > v.seq AND m.author_role = 'staff'
                                  AND m.kind = 'text'
                                ORDER BY m.seq LIMIT 1)`,
    params,
  );
}

/** `ReportRepository.firstResponse`: the first responses of the conversations created in the range. */
export async function firstResponse(db: SqlDb, query: ReportQuery): Promise<Durations> {
  return (await firstResponses(db, query)).total;
}

/** Resolution: from creation to resolution, for conversations resolved in the range and not reopened since. */
async function resolutions(db: SqlDb, query: ReportQuery): Promise<Durations> {
  const filter = filtersCondition(query.filters);
  const { total } = await spread(
    db,
    `SELECT '' AS g, c.resolved_at - c.created_at AS x FROM conversations c
     WHERE c.site_id = ? AND c.resolved_at >= ? AND c.resolved_at < ? AND c.status = 'resolved' AND ${NOT_SPAM}${filter.sql}`,
    [query.siteId, query.from, query.to, ...filter.params],
  );
  return total;
}

type Load = Omit<AgentLoad, 'name' | 'firstResponseMedianMs'>;

/** Per staff member: text messages and the conversations they were sent in; conversations assigned to them. */
async function agentLoad(db: SqlDb, query: ReportQuery, scope: MessageScope): Promise<Map<string, Load>> {
  const loads = new Map<string, Load>();
  const sent = await db.scan<{ staff_id: string; n: Num; conversations: Num }>(
    `SELECT m.author_id AS staff_id, count(*) AS n, count(DISTINCT m.conversation_id) AS conversations
     FROM messages m ${scope.join}
     WHERE ${scope.where} AND m.author_role = 'staff' AND m.kind = 'text'
     GROUP BY m.author_id`,
    scope.params,
  );
  for (const row of sent) {
    loads.set(row.staff_id, {
      staffId: row.staff_id,
      conversations: Number(row.conversations),
      assigned: 0,
      messages: Number(row.n),
    });
  }
  const filter = filtersCondition(query.filters);
  const assigned = await db.scan<{ staff_id: string; n: Num }>(
    `SELECT c.assignee_id AS staff_id, count(*) AS n FROM conversations c
     WHERE c.site_id = ? AND c.created_at >= ? AND c.created_at < ? AND c.assignee_id IS NOT NULL AND ${NOT_SPAM}${filter.sql}
     GROUP BY c.assignee_id`,
    [query.siteId, query.from, query.to, ...filter.params],
  );
  for (const row of assigned) {
    const load = loads.get(row.staff_id) ?? { staffId: row.staff_id, conversations: 0, assigned: 0, messages: 0 };
    loads.set(row.staff_id, { ...load, assigned: Number(row.n) });
  }
  return loads;
}

/** The staff members with any load or first reply in the range, named, busiest first. */
async function named(
  db: SqlDb,
  siteId: string,
  loads: Map<string, Load>,
  firstResponse: ReadonlyMap<string, Durations>,
): Promise<AgentLoad[]> {
  const ids = new Set([...loads.keys(), ...firstResponse.keys()]);
  if (ids.size === 0) return [];
  const names = new Map(
    (await db.all<{ id: string; name: string }>('SELECT id, name FROM staff WHERE site_id = ?', [siteId])).map(
      (row) => [row.id, row.name],
    ),
  );
  return [...ids]
    .map((staffId) => ({
      staffId,
      name: names.get(staffId) ?? staffId,
      conversations: loads.get(staffId)?.conversations ?? 0,
      assigned: loads.get(staffId)?.assigned ?? 0,
      messages: loads.get(staffId)?.messages ?? 0,
      firstResponseMedianMs: firstResponse.get(staffId)?.medianMs ?? null,
    }))
    .sort((a, b) => b.messages - a.messages || b.conversations - a.conversations || a.name.localeCompare(b.name));
}

/** Ratings (CSAT) visitors gave in the range: a visitor message whose `extra` holds one (protocol 2). */
async function ratings(db: SqlDb, query: ReportQuery, scope: MessageScope): Promise<SiteReport['csat']> {
  const score =
    db.dialect === 'sqlite'
      ? "json_extract(m.extra, '$.rating.score')"
      : "((m.extra::jsonb) #>> '{rating,score}')::int";
  const rows = await db.scan<{ score: Num; n: Num }>(
    `SELECT ${score} AS score, count(*) AS n
     FROM messages m ${scope.join}
     WHERE m.ts >= ? AND m.ts < ? AND m.extra IS NOT NULL AND m.author_role = 'visitor'
       AND ${score} BETWEEN 1 AND 5 ${scope.bySite}
     GROUP BY 1`,
    [query.from, query.to, ...scope.site],
  );
  const distribution = [0, 0, 0, 0, 0];
  for (const row of rows) distribution[Number(row.score) - 1]! += Number(row.n);
  const count = distribution.reduce((a, b) => a + b, 0);
  if (count === 0) return null;
  const sum = distribution.reduce((a, b, i) => a + b * (i + 1), 0);
  return { count, average: Math.round((sum / count) * 100) / 100, distribution };
}
