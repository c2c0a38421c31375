// Workload (r): reports over a million messages (issue #37, target 6), on SQLite and PostgreSQL, measured by
// bench/diagnostics/reports.mjs in a process of its own (it seeds a temporary SQLite file and a PostgreSQL schema of
// its own, removed at its end) and read back from its --json file.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseUrl } from './postgres.mjs';

const script = fileURLToPath(new URL('../diagnostics/reports.mjs', import.meta.url));

const round1 = (v) => Math.round(v * 10) / 10;
/** A timing of the diagnostic's, to a tenth of a millisecond. */
const timing = (t) => ({
  first: round1(t.first),
  firstBlock: round1(t.firstBlock),
  ms: round1(t.ms),
  min: round1(t.min),
  max: round1(t.max),
  block: round1(t.block),
  messages: t.messages,
});

/**
 * (r) with `cfg` (`messages`, `runs`, `timeoutMs`); `args` adds to the diagnostic's command line (`--only sqlite`
 * when PostgreSQL is unavailable). Per store and range: the report from the day summaries (first and median) and,
 * as the before, from the rows alone; and the verdicts the diagnostic judged.
 */
export async function runReports(cfg, args = []) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-reports-'));
  const out = join(dir, 'reports.json');
  try {
    await new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [script, '--messages', String(cfg.messages), '--runs', String(cfg.runs), '--json', out, ...args],
        { env: { ...process.env, PARLEY_TEST_DATABASE_URL: databaseUrl }, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
      const timer = setTimeout(() => child.kill('SIGKILL'), cfg.timeoutMs);
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(new Error(`the reports diagnostic ended with ${signal ?? `code ${code}`}: ${stderr.trim()}`));
      });
    });
    const r = JSON.parse(readFileSync(out, 'utf8'));
    return {
      messages: r.messages,
      conversations: r.conversations,
      runs: r.runs,
      timeZone: r.timeZone,
      stores: r.results.map(({ engine, seeded, rows }) => ({
        engine,
        seededSeconds: round1(seeded),
        rows: rows.map(({ days, sites, rows: before, summaries, filtered, exportPage }) => ({
          days,
          sites,
          before: timing(before),
          summaries: timing(summaries),
          // Issue #86: a report of one agent's conversations, and the per-conversation export's first page.
          ...(filtered && { filtered: timing(filtered) }),
          ...(exportPage && { exportPage: timing(exportPage) }),
        })),
      })),
      verdicts: r.verdicts.map((v) => ({ ...v, ms: round1(v.ms), before: round1(v.before) })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
