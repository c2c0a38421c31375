#!/usr/bin/env node
// A diagnostic, never a result: how long a report takes for a site with one million messages (issue #19,
// docs/reports.md, docs/performance.md "Reports"). It seeds one site with 100,000 conversations of 10 messages
// (visitor, staff, bot) over the last 90 days — a busier working day than night, five agents, three in four
// conversations resolved, one in ten rated — by bulk insert, in a temporary SQLite file and in a PostgreSQL schema
// of its own (both with the relay's migrations, removed at the end), then times the report through the relay's
// own repositories (openSqliteAdminDb, openPostgresAdminDb) for the last 30 and 90 days, by day, in Europe/Paris: the
// first report (which makes the day summaries it needs, report-days.ts), then the median of `--runs`; and, in the same
// run, the computation from the rows alone (admin/reports/report-queries.ts liveReport, every report before the summaries) as the
// before. It prints the targets of issue #37 (≤ 150 ms for 30 days, ≤ 400 ms for 90, both stores) with a verdict, and
// the longest the event loop was held during each (a 1 ms timer's longest gap: on a loaded machine it includes time
// the process waited for a core).
//
// On PostgreSQL the full-text index (messages_search) is dropped before seeding, to seed faster: reports do not
// read it. The table is then VACUUM ANALYZEd, as autovacuum leaves it in steady state.
//
//   npm run build && node bench/diagnostics/reports.mjs [--messages 1000000] [--runs 5] [--only sqlite|postgres] [--plans] [--json FILE]
//
// `npm run bench` runs it as its workload (r), with --json: the figures and verdicts go to FILE as well.
//
// PARLEY_TEST_DATABASE_URL picks the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/test).
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../packages/relay/dist/store/sqlite-store.js';
import { ERASURE_PLAN, MIGRATIONS } from '../../packages/relay/dist/features/features.js';
import { openSqliteAdminDb } from '../../packages/relay/dist/store/sqlite-admin-db.js';
import { PostgresStore } from '../../packages/relay/dist/store/postgres-store.js';
import { openPostgresAdminDb } from '../../packages/relay/dist/store/postgres-admin-db.js';
import { liveReport } from '../../packages/relay/dist/admin/reports/report-queries.js';
import { commandLine } from '../../scripts/command-line.mjs';

const require = createRequire(new URL('../../packages/relay/package.json', import.meta.url));
const Database = require('better-sqlite3');
const pg = require('pg');

const USAGE = `Usage: node bench/diagnostics/reports.mjs [--messages 1000000] [--runs 5] [--only sqlite|postgres] [--plans] [--plan-days 30] [--sites N]
       (after npm run build; PostgreSQL on 127.0.0.1:5432 unless --only sqlite)

A diagnostic: how long a report takes for a site with one million messages, on SQLite and PostgreSQL.

  --messages N    messages seeded (default 1000000)
  --runs N        timed runs after one warm-up (default 5)
  --only STORE    sqlite or postgres (default both)
  --plans         print the query plans
  --plan-days D   the range of the plans, in days (default 30)
  --sites N       sites to spread the messages over
  --json FILE     also write the figures and verdicts to FILE (the bench's workload (r))`;

const { values } = commandLine({
  name: 'reports',
  usage: USAGE,
  options: {
    messages: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '5' },
    only: { type: 'string' },
    plans: { type: 'boolean', default: false },
    'plan-days': { type: 'string', default: '30' },
    sites: { type: 'string' },
    json: { type: 'string' },
  },
});
const MESSAGES = Number(values.messages);
const RUNS = Number(values.runs);
const PER_CONVERSATION = 10;
const CONVERSATIONS = Math.ceil(MESSAGES / PER_CONVERSATION);
const DAY = 86_400_000;
const NOW = Date.now();
const TZ = 'Europe/Paris';
const AGENTS = ['st_ada', 'st_bo', 'st_cy', 'st_di', 'st_ed'];
const SITE = {
  id: 'bench',
  name: 'Bench',
  siteKey: 'pk_bench_reports',
  allowedOrigins: ['*'],
  identitySecret: 'x'.repeat(32),
  requireIdentity: false,
};

/**
 * The conversations, and every message in the order the relay would have stored it: by time, across
 * conversations (a relay's message ids grow with time; SQLite's reports rely on it to find a range of time as a
 * range of ids).
 */
function arrivals() {
  const conversations = [];
  const messages = [];
  for (const [c, list] of generate()) {
    conversations.push({ ...c, last: list.length });
    for (const m of list) messages.push({ ...m, conversation: c.id });
  }
  messages.sort((a, b) => a.ts - b.ts);
  return { conversations, messages };
}

/** A small deterministic generator, so both engines get the same rows. */
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every conversation with its messages, oldest first. */
function* generate() {
  const rand = random(19);
  let made = 0;
  for (let i = 0; i < CONVERSATIONS && made < MESSAGES; i++) {
    // Spread over 90 days; two in three in the working day (08:00–18:00 UTC).
    const day = Math.floor((i / CONVERSATIONS) * 90);
    const hour = rand() < 0.67 ? 8 + rand() * 10 : rand() * 24;
    const createdAt = Math.floor(NOW - 90 * DAY + day * DAY + hour * 3_600_000);
    const id = `c_${String(i).padStart(7, '0')}`;
    const agent = AGENTS[i % AGENTS.length];
    const rated = rand() < 0.1;
    const messages = [];
    let ts = createdAt;
    const count = Math.min(PER_CONVERSATION, MESSAGES - made);
    for (let seq = 1; seq <= count; seq++) {
      const role = seq === 1 ? 'visitor' : seq === 2 ? 'bot' : seq % 2 === 1 ? 'staff' : 'visitor';
      const last = seq === count;
      messages.push({
        seq,
        role,
        author: role === 'visitor' ? `v_${id}` : role === 'bot' ? 'bot' : agent,
        text: last && rated ? '★★★★' : `message ${seq} of ${id} about my order`,
        ts,
        extra: last && rated ? JSON.stringify({ rating: { score: 1 + Math.floor(rand() * 5) } }) : null,
      });
      ts += Math.floor(15_000 + rand() * 600_000);
    }
    made += count;
    const resolved = rand() < 0.75 && ts + 3_600_000 < NOW;
    yield [
      { id, visitor: `v_${id}`, createdAt, updatedAt: ts, agent, resolvedAt: resolved ? ts + 600_000 : null },
      messages,
    ];
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** An empty second site on the relay, so that reports cannot take every message as the site's. */
const SECOND_SITE_SQL = `INSERT INTO sites (id, name, site_key, allowed_origins, identity_secret, require_identity, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
const secondSite = () => ['other', 'Other', 'pk_other_reports', '[]', 'y'.repeat(32), 0, NOW, NOW];

/** The export's page (report-export.ts REPORT_EXPORT_PAGE). */
const EXPORT_PAGE = 200;

/** The targets of issue #37: a report over the last 30 and 90 days, in ms. */
const TARGETS = { 30: 150, 90: 400 };

/** Runs `work` while a 1 ms timer watches the event loop; resolves with its time and the loop's longest gap. */
async function watched(work) {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  clearInterval(timer);
  longest = Math.max(longest, performance.now() - last);
  return { ms, longest, result };
}

async function time(store, sites) {
  const out = [];
  for (const days of [30, 90]) {
    const query = { siteId: SITE.id, from: NOW - days * DAY, to: NOW, bucket: 'day', tz: TZ };
    const measure = async (report) => {
      const first = await watched(() => report(query));
      const runs = [];
      let longest = 0;
      for (let r = 0; r < RUNS; r++) {
        const run = await watched(() => report(query));
        runs.push(run.ms);
        longest = Math.max(longest, run.longest);
      }
      // A report counts its messages; the export's page, its rows.
      const messages = Array.isArray(first.result)
        ? first.result.length
        : first.result.messages.reduce((n, b) => n + b.visitor + b.staff + b.bot, 0);
      return {
        first: first.ms,
        firstBlock: first.longest,
        ms: median(runs),
        min: Math.min(...runs),
        max: Math.max(...runs),
        block: longest,
        messages,
      };
    };
    const rows = await measure((q) => liveReport(store.sql, q));
    const summaries = await measure((q) => store.repos.reports.report(q));
    // Issue #86: the report of one agent's conversations (a fifth of them; its own day summaries), and the first
    // page of the per-conversation export over the range (200 rows, with their labels, counts, first responses and
    // ratings), as its route reads them.
    const filtered = await measure((q) => store.repos.reports.report({ ...q, filters: { agent: [AGENTS[0]] } }));
    const exportPage = await measure((q) => store.repos.reports.exportPage(q, undefined, undefined, EXPORT_PAGE));
    out.push({ days, sites, rows, summaries, filtered, exportPage });
  }
  return out;
}

/** Migrates the store's schema through the relay and adds the site and its agents, then closes the store. */
async function migrateWithSite(store) {
  await store.init();
  await store.upsertSite(SITE);
  for (const id of AGENTS) {
    await store.createStaff({
      id,
      siteId: SITE.id,
      name: id.slice(3),
      role: 'agent',
      tokenHash: `h_${id}`,
      createdAt: 0,
      revokedAt: null,
    });
  }
  await store.close();
}

async function sqlite() {
  const dir = mkdtempSync(join(tmpdir(), 'parley-reports-'));
  const path = join(dir, 'reports.db');
  try {
    const store = new SqliteStore({ path, migrations: MIGRATIONS });
    await migrateWithSite(store);
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -1048576'); // 1 GiB: messages arrive by time, so their indexes are written all over
    const visitor = db.prepare(
      'INSERT INTO visitors (site_id, visitor_id, created_at, updated_at) VALUES (?, ?, ?, ?)',
    );
    const conversation = db.prepare(
      `INSERT INTO conversations (id, site_id, visitor_id, status, last_seq, created_at, updated_at, assignee_id, resolved_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const message = db.prepare(
      `INSERT INTO messages (conversation_id, seq, client_id, author_role, author_id, text, kind, ts, extra)
       VALUES (?, ?, ?, ?, ?, ?, 'text', ?, ?)`,
    );
    const started = performance.now();
    const { conversations, messages } = arrivals();
    const made = messages.length;
    db.transaction(() => {
      for (const c of conversations) {
        visitor.run(SITE.id, c.visitor, c.createdAt, c.createdAt);
        conversation.run(
          c.id,
          SITE.id,
          c.visitor,
          c.resolvedAt ? 'resolved' : 'open',
          c.last,
          c.createdAt,
          c.updatedAt,
          c.agent,
          c.resolvedAt,
        );
      }
      for (const m of messages) {
        message.run(m.conversation, m.seq, `${m.conversation}-${m.seq}`, m.role, m.author, m.text, m.ts, m.extra);
      }
    })();
    // The full-text index is brought up to date as the relay would, so the admin store has nothing left to do.
    db.exec('UPDATE fts_progress SET through = (SELECT max(id) FROM messages)');
    db.exec('ANALYZE');
    db.close();
    const seeded = (performance.now() - started) / 1000;
    const admin = openSqliteAdminDb({ path, erasure: ERASURE_PLAN });
    if (values.plans && values.sites !== '2') await sqlitePlans(path);
    const rows = values.sites === '2' ? [] : await time(admin, 1);
    // A second site (empty): the message queries now keep to the site through each message's conversation.
    const other = new Database(path);
    other.prepare(SECOND_SITE_SQL).run(...secondSite());
    // The summaries hold the same figures with two sites; forgotten here so that "first" makes them again.
    other.exec('DELETE FROM report_days');
    other.close();
    if (values.plans && values.sites === '2') await sqlitePlans(path);
    rows.push(...(await time(admin, 2)));
    await admin.close();
    return { engine: 'SQLite', made, seeded, rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function sqlitePlans(path) {
  const seen = [];
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function (sql) {
    seen.push(sql);
    return prepare.call(this, sql);
  };
  const admin = openSqliteAdminDb({ path, erasure: ERASURE_PLAN });
  await admin.repos.reports.report({
    siteId: SITE.id,
    from: NOW - Number(values['plan-days']) * DAY,
    to: NOW,
    bucket: 'day',
    tz: TZ,
  });
  Database.prototype.prepare = prepare;
  await admin.close();
  const db = new Database(path, { readonly: true });
  for (const sql of seen.filter((s) => /^\s*(SELECT|WITH)/.test(s))) {
    console.log(`\n${sql.replace(/\s+/g, ' ')}`);
    for (const row of db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...sqlParams(sql))) console.log(`  ${row.detail}`);
    // The per-hour statement takes the hours as JSON: the report's own time covers it.
    if (sql.includes('json_each')) continue;
    const started = performance.now();
    db.prepare(sql).all(...sqlParams(sql));
    console.log(`  (${(performance.now() - started).toFixed(1)} ms)`);
  }
  db.close();
}

/** Sample parameters for a report statement: the site, then the range, in the order the `?` appear. */
function sqlParams(sql) {
  const from = NOW - Number(values['plan-days']) * DAY;
  const count = (sql.match(/\?/g) ?? []).length;
  // Every report statement takes the site and the range; which comes first differs.
  const siteFirst = /site_id = \?/.test(sql.slice(0, sql.indexOf('?') + 1));
  // SQLite's message statements bound the range by ids first (the whole table here), then by time.
  const ids = /^[^?]*m\.id >= \?/.test(sql) ? [0, Number.MAX_SAFE_INTEGER] : [];
  const params = siteFirst ? [SITE.id, from, NOW] : [...ids, from, NOW, SITE.id];
  return params.slice(0, count);
}

async function postgres() {
  const base = process.env.PARLEY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `parley_reports_${randomBytes(4).toString('hex')}`;
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const connectionString = url.toString();
  const admin = new pg.Pool({ connectionString: base, max: 1 });
  await admin.query(`CREATE SCHEMA "${schema}"`);
  try {
    const store = new PostgresStore({ connectionString, migrations: MIGRATIONS });
    await migrateWithSite(store);
    const db = new pg.Pool({ connectionString, max: 1 });
    await db.query('DROP INDEX messages_search');
    const started = performance.now();
    const { conversations, messages } = arrivals();
    const made = messages.length;
    const flush = async (c, m) => {
      await db.query(
        `INSERT INTO visitors (site_id, visitor_id, created_at, updated_at)
         SELECT $1, v, t, t FROM unnest($2::text[], $3::bigint[]) AS x(v, t)`,
        [SITE.id, c.map((r) => r.visitor), c.map((r) => r.createdAt)],
      );
      await db.query(
        `INSERT INTO conversations (id, site_id, visitor_id, status, last_seq, created_at, updated_at, assignee_id, resolved_at)
         SELECT i, $1, v, s, n, ca, ua, a, ra
         FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::bigint[], $7::bigint[], $8::text[], $9::bigint[])
           AS x(i, v, s, n, ca, ua, a, ra)`,
        [
          SITE.id,
          c.map((r) => r.id),
          c.map((r) => r.visitor),
          c.map((r) => (r.resolvedAt ? 'resolved' : 'open')),
          c.map((r) => r.last),
          c.map((r) => r.createdAt),
          c.map((r) => r.updatedAt),
          c.map((r) => r.agent),
          c.map((r) => r.resolvedAt),
        ],
      );
      await db.query(
        `INSERT INTO messages (conversation_id, seq, client_id, author_role, author_id, text, kind, ts, extra)
         SELECT ci, s, k, r, a, x, 'text', t, e
         FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[])
           AS y(ci, s, k, r, a, x, t, e)`,
        [
          m.map((r) => r.conversation),
          m.map((r) => r.seq),
          m.map((r) => `${r.conversation}-${r.seq}`),
          m.map((r) => r.role),
          m.map((r) => r.author),
          m.map((r) => r.text),
          m.map((r) => r.ts),
          m.map((r) => r.extra),
        ],
      );
    };
    // Conversations first, then messages in the order they arrived, 20,000 to a statement.
    for (let i = 0; i < conversations.length; i += 20_000) await flush(conversations.slice(i, i + 20_000), []);
    for (let i = 0; i < messages.length; i += 20_000) await flush([], messages.slice(i, i + 20_000));
    await db.query('VACUUM ANALYZE visitors, conversations, messages');
    const seeded = (performance.now() - started) / 1000;
    const reports = openPostgresAdminDb({ connectionString, erasure: ERASURE_PLAN });
    if (values.plans && values.sites !== '2') await postgresPlans(db, reports);
    const rows = values.sites === '2' ? [] : await time(reports, 1);
    let n = 0;
    await db.query(
      SECOND_SITE_SQL.replace(/\?/g, () => `$${++n}`),
      secondSite(),
    );
    await db.query('DELETE FROM report_days');
    if (values.plans && values.sites === '2') await postgresPlans(db, reports);
    rows.push(...(await time(reports, 2)));
    await reports.close();
    await db.end();
    return { engine: 'PostgreSQL', made, seeded, rows };
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}

async function postgresPlans(db, reports) {
  const seen = [];
  const query = pg.Pool.prototype.query;
  pg.Pool.prototype.query = function (sql, params) {
    if (typeof sql === 'string') seen.push({ sql, params });
    return query.call(this, sql, params);
  };
  await reports.repos.reports.report({
    siteId: SITE.id,
    from: NOW - Number(values['plan-days']) * DAY,
    to: NOW,
    bucket: 'day',
    tz: TZ,
  });
  pg.Pool.prototype.query = query;
  for (const { sql, params } of seen) {
    console.log(`\n${sql.replace(/\s+/g, ' ')}`);
    const plan = await db.query(`EXPLAIN (ANALYZE, COSTS OFF) ${sql}`, params);
    for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`);
  }
}

const results = [];
if (values.only !== 'postgres') results.push(await sqlite());
if (values.only !== 'sqlite') results.push(await postgres());

console.log(
  `\nReports over ${MESSAGES.toLocaleString('en')} messages (${CONVERSATIONS.toLocaleString('en')} conversations, 90 days), by day in ${TZ}; "first" makes the day summaries it needs, then the median of ${RUNS}\n`,
);
console.log(
  '| store      | seeded in | sites | range   | messages in range | from the rows (before) | summaries: first | summaries (median) | min – max       | longest loop block (before) |',
);
console.log(
  '| ---------- | --------: | ----: | ------- | ----------------: | ---------------------: | ---------------: | -----------------: | --------------- | --------------------------- |',
);
const verdicts = [];
for (const { engine, seeded, rows } of results) {
  for (const row of rows) {
    const { rows: before, summaries: after } = row;
    console.log(
      `| ${engine.padEnd(10)} | ${`${seeded.toFixed(0)} s`.padStart(9)} | ${String(row.sites).padStart(5)} | ${`${row.days} days`.padEnd(7)} | ${after.messages.toLocaleString('en').padStart(17)} | ${`${before.ms.toFixed(0)} ms`.padStart(22)} | ${`${after.first.toFixed(0)} ms`.padStart(16)} | ${`${after.ms.toFixed(0)} ms`.padStart(18)} | ${`${after.min.toFixed(0)} – ${after.max.toFixed(0)} ms`.padEnd(15)} | ${`${after.block.toFixed(0)} ms, first ${after.firstBlock.toFixed(0)} ms (${before.block.toFixed(0)} ms)`.padEnd(27)} |`,
    );
    if (before.messages !== after.messages) throw new Error(`${engine}: the two computations count different messages`);
    verdicts.push({
      engine,
      sites: row.sites,
      days: row.days,
      ms: after.ms,
      bound: TARGETS[row.days],
      before: before.ms,
    });
    // Issue #86: the same bounds for a report filtered by agent and for the export's first page.
    for (const [what, timed] of [
      ['agent', row.filtered],
      ['export', row.exportPage],
    ]) {
      if (!timed) continue;
      console.log(
        `|   ${what === 'agent' ? 'by agent ' : 'export p1'}|           | ${String(row.sites).padStart(5)} | ${`${row.days} days`.padEnd(7)} | ${timed.messages.toLocaleString('en').padStart(17)} |                        | ${`${timed.first.toFixed(0)} ms`.padStart(16)} | ${`${timed.ms.toFixed(0)} ms`.padStart(18)} | ${`${timed.min.toFixed(0)} – ${timed.max.toFixed(0)} ms`.padEnd(15)} | ${`${timed.block.toFixed(0)} ms, first ${timed.firstBlock.toFixed(0)} ms`.padEnd(27)} |`,
      );
      verdicts.push({
        engine,
        sites: row.sites,
        days: row.days,
        ms: timed.ms,
        bound: TARGETS[row.days],
        before: timed.first,
        what,
      });
    }
  }
}
console.log(
  '\nTargets (issue #37): a report over 1,000,000 messages in ≤ 150 ms for 30 days and ≤ 400 ms for 90 days\n',
);
console.log('| store      | sites | range   | measured | bound   | before  | result |');
console.log('| ---------- | ----: | ------- | -------: | ------: | ------: | ------ |');
for (const v of verdicts) {
  console.log(
    `| ${`${v.engine}${v.what ? ` (${v.what})` : ''}`.padEnd(10)} | ${String(v.sites).padStart(5)} | ${`${v.days} days`.padEnd(7)} | ${`${v.ms.toFixed(0)} ms`.padStart(8)} | ${`${v.bound} ms`.padStart(7)} | ${`${v.before.toFixed(0)} ms`.padStart(7)} | ${v.ms <= v.bound ? 'PASS' : 'MISS'}   |`,
  );
}
if (values.json)
  writeFileSync(
    values.json,
    JSON.stringify({ messages: MESSAGES, conversations: CONVERSATIONS, runs: RUNS, timeZone: TZ, results, verdicts }),
  );
