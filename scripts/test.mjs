#!/usr/bin/env node
// Runs every test suite, one after another, and ends with one line per suite ("N passed, N failed  S s") and a
// total. A suite's test files run in parallel processes where the suite allows it (see `concurrent` below).
//
//   npm test                  suites that need only Node.js and Chromium
//   npm test -- --services    the suites that need PostgreSQL and Redis (see README)
//   npm test -- relay sdk     only the named suites
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './ensure-build.mjs';
import { ensureDependencies } from './ensure-deps.mjs';
import { commandLine } from './command-line.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const chrome = process.env.CHROME_PATH ?? '/usr/bin/chromium';
/**
 * Each test file's process runs the TypeScript sources through the repository's own module hooks (ts-hooks.mjs:
 * Node's synchronous hooks and esbuild, with a cache), not tsx's loader thread: about a second less CPU per file.
 */
const tsHooks = new URL('./ts-hooks.mjs', import.meta.url).href;
const nodeTest = ['--conditions=source', '--import', tsHooks, '--test'];
const durationsReporter = new URL('./test-durations-reporter.mjs', import.meta.url).href;
/** Each node suite's files' times (ms) as last recorded (`--record-durations`): the batches are formed by them. */
const durationsFile = join(root, 'scripts/test-durations.json');
const recorded = existsSync(durationsFile) ? JSON.parse(readFileSync(durationsFile, 'utf8')) : {};
/**
 * How many processes of a concurrent suite run at once: two per core (CI has two cores), the suite's own
 * `concurrent.perCore`, or PARLEY_TEST_CONCURRENCY. A relay test spends most of its time waiting (on sockets, timers,
 * a child process): at one process per core the relay suite kept the cores 60 % busy.
 */
const concurrency = (suite) =>
  Number(process.env.PARLEY_TEST_CONCURRENCY) || availableParallelism() * (suite.concurrent?.perCore ?? 2);
/**
 * How many test files one process of a concurrent suite runs, one after another in the same process
 * (`--experimental-test-isolation=none`), or PARLEY_TEST_BATCH. Importing the relay's ~800 modules costs a process
 * about 1.5 s of CPU; a batch pays it once. Each file still starts its relays on port 0 in temp dirs of its own, and
 * a batch is always the same files in the same order (the sorted list, cut in order; see `batchesOf`), so a failure
 * that depends on a neighbour is repeated by the command printed with it.
 */
const BATCH = Number(process.env.PARLEY_TEST_BATCH) || 6;
/**
 * A suite run (a concurrent suite has two: its files together, then those alone) still running after this long has
 * hung (a test file kept alive by a timer a failed test left behind, or a promise never settled): it is stopped and
 * counted as failed, so CI ends and says so. (`--test-force-exit` would end such a file, but cuts off the TAP file
 * the summary is counted from.)
 */
const SUITE_TIMEOUT_MS = 25 * 60_000;

/**
 * A node suite runs its files one at a time, each in a process of its own, unless it has `concurrent`: then every
 * file not listed in `concurrent.alone` runs in a batch of {@link BATCH} files (one process, one file after another),
 * {@link concurrency} batches at a time, and the listed ones run afterwards, one at a time with nothing beside them
 * (each with the reason it cannot share the machine).
 *
 * The e2e files (a user journey each, tests/e2e/README.md) run side by side like the relay's: their relays listen on
 * port 0 with data dirs of their own, their tests work in browser contexts of their own, in the process's one Chromium
 * (tests/support/e2e.ts, launchChromium), and the served tree is built before any suite (a stale one only when a file
 * is run by hand, which then runs alone). The services suite's files too: each makes its own PostgreSQL schemas, and
 * its redis-servers listen on ports below the ephemeral range that nobody else's port 0 lands on
 * (scripts/kept-port.mjs). Chaos and release are one file each; protocol and SDK take seconds.
 *
 * A suite with `named` runs only when named (`npm test -- smoke`); `only` picks files of its folders.
 *
 * @type {Array<{ name: string, cwd: string, kind: 'node' | 'wtr', files?: string[], only?: string[], named?: boolean,
 *   browser?: boolean, services?: boolean, concurrent?: { alone: Record<string, string>, batch?: number, perCore?: number } }>}
 */
const suites = [
  { name: 'protocol', cwd: 'packages/protocol', kind: 'node', files: ['test'] },
  // The repository's own scripts: the decision records' names and links, the changelog's fragments and their join,
  // the feature generator (it type-checks and runs what it writes).
  { name: 'scripts', cwd: 'scripts', kind: 'node', files: ['test'] },
  {
    name: 'relay',
    cwd: 'packages/relay',
    kind: 'node',
    files: ['test'],
    concurrent: {
      alone: {
        'test/inbound-parser.test.ts':
          'a cold worker thread must read a plain message within the 40 ms limit the test sets (failed on a loaded machine)',
        'test/export.test.ts':
          "measures the relay's event loop while it streams 100,000 messages: other batches' load counted as the export's (failed once on Node.js 24 in a batch)",
        // Every slow-input file, those a new door adds included (a `*` stands for any part of a name).
        'test/slow-input*.test.ts':
          "measures the event loop's delay (test/support/loop-probe.ts): other files' load would be counted as the relay's",
      },
    },
  },
  /**
   * The relay on a second Node.js line (CI's Node.js 24, issue #82): every native module and the message path, not the
   * whole relay suite again. uWebSockets.js (uws-binary, relay, process: SIGTERM), better-sqlite3 (sqlite-store),
   * sharp (attachments), argon2 (accounts, two-factor-sessions), koffi (listen-backlog), the worker threads
   * (inbound-email, help-center's Markdown, sso-saml) and the glibc check (platform-check). Not part of `npm test`.
   */
  {
    name: 'smoke',
    cwd: 'packages/relay',
    kind: 'node',
    files: ['test'],
    only: [
      'test/accounts.test.ts',
      'test/attachments.test.ts',
      'test/help-center.test.ts',
      'test/inbound-email.test.ts',
      'test/listen-backlog.test.ts',
      'test/platform-check.test.ts',
      'test/process.test.ts',
      'test/relay.test.ts',
      'test/sqlite-store.test.ts',
      'test/sso-saml.test.ts',
      'test/two-factor-sessions.test.ts',
      'test/uws-binary.test.ts',
    ],
    named: true,
    concurrent: { alone: {} },
  },
  { name: 'sdk', cwd: 'packages/sdk', kind: 'node', files: ['test'] },
  { name: 'sdk-browser', cwd: 'packages/sdk', kind: 'wtr', browser: true },
  { name: 'widget', cwd: 'packages/widget', kind: 'wtr', browser: true },
  {
    name: 'e2e',
    cwd: '.',
    kind: 'node',
    files: ['tests/e2e'],
    browser: true,
    // One file a process: an e2e file is a user journey (tests/e2e/README.md), one to two minutes of tests in one
    // Chromium, so a process has enough to do on its own, and the longest journeys start first. One process per
    // core: a Chromium and a relay each keep the cores busy (vmstat: no idle time), so more at once takes as long
    // (quiet 2-core machine, issue #82: three at once 189 s against two at once 184 s; before the contexts ran no
    // service worker, two per core took 341 s against 333 s, and three per core timed out 12 tests).
    concurrent: { alone: {}, batch: 1, perCore: 1 },
  },
  { name: 'chaos', cwd: '.', kind: 'node', files: ['tests/chaos'] },
  // The examples' own end-to-end tests (a relay, the example, fakes of outside services, all on loopback).
  { name: 'examples', cwd: '.', kind: 'node', files: ['tests/examples'] },
  // The deployable tree (npm run release, the Dockerfile's contents), run from outside the repository.
  { name: 'release', cwd: '.', kind: 'node', files: ['tests/release'] },
  {
    name: 'relay-services',
    cwd: 'packages/relay',
    kind: 'node',
    files: ['test-services'],
    services: true,
    concurrent: {
      alone: {
        'test-services/privacy.test.ts':
          "VACUUM removes a dead row only when no transaction in the database is older: other files' transactions keep them",
      },
    },
  },
];

const { values: flags, positionals: named } = commandLine({
  name: 'test',
  usage: `Usage: npm test [-- [--services] [suite ...]]    (or: node scripts/test.mjs ...)

  (no argument)   every suite that needs only Node.js and Chromium
  --services      the suites that need PostgreSQL and Redis (npm run test:services)
  suite ...       only the named suites: ${suites.map((suite) => suite.name).join(', ')}
  --record-durations
                  writes each file's time in this run to scripts/test-durations.json (kept for files not run),
                  by which the suites' batches are formed, longest first

Ends with a line per suite (its counts and seconds) and one "N passed, N failed in S s"; exits 1 when a test
failed. PARLEY_TEST_CONCURRENCY sets how many files of a concurrent suite run at once (default: two per core, one for e2e).`,
  options: {
    services: { type: 'boolean', default: false },
    'record-durations': { type: 'boolean', default: false },
  },
  allowPositionals: true,
  check: ({ positionals }) => {
    const unknown = positionals.find((name) => !suites.some((suite) => suite.name === name));
    if (unknown) throw new Error(`no suite named ${unknown}`);
  },
});
const services = flags.services;
ensureDependencies();
// The relay's tests serve the widget and inbox it carries, and the e2e tests the built pages: build what is stale.
ensureBuilt();
const selected = suites.filter((suite) =>
  named.length ? named.includes(suite.name) : !suite.named && Boolean(suite.services) === services,
);

/** Test files directly in `dir` (Node 20's runner takes no globs). */
function testFiles(cwd, dir) {
  const folder = join(root, cwd, dir);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => /\.test\.(ts|mjs|js)$/.test(file))
    .sort()
    .map((file) => join(dir, file));
}

/** The processes running now: stopped with their process groups when this script is interrupted. */
const running = new Set();
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    for (const child of running) process.kill(-child.pid, signal);
    process.exit(130);
  });

/**
 * True when a process of the suite's group outlived it (a relay or browser a test started and never stopped):
 * the group is given 5 s to go, then killed, and the suite counts as failed.
 */
async function leftoverProcesses(group) {
  const alive = () => {
    try {
      process.kill(-group, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (let waited = 0; waited < 5_000 && alive(); waited += 100)
    await new Promise((resolve) => setTimeout(resolve, 100));
  if (!alive()) return false;
  process.kill(-group, 'SIGKILL');
  return true;
}

/**
 * Runs a command in `cwd` and resolves with its exit status and, with `keep`, its standard output. The output is
 * passed through as it comes unless `echo` is false (a batch's is printed whole when it ends, so that batches side
 * by side do not interleave); what is said about a hung or leaky run is part of it either way.
 */
function run(command, commandArgs, cwd, { echo = true, keep = false, label = cwd } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, {
      cwd: join(root, cwd),
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, CHROME_PATH: chrome },
      // Its own process group, so that a hung run is stopped with every process it started (test files, Chromium).
      detached: true,
    });
    running.add(child);
    let output = '';
    const say = (text) => {
      if (echo) process.stdout.write(text);
      if (keep) output += text;
    };
    child.stdout.on('data', (chunk) => say(chunk.toString()));
    const watchdog = setTimeout(() => {
      say(`\n${label}: still running after ${SUITE_TIMEOUT_MS / 60_000} minutes: stopped as hung\n`);
      process.kill(-child.pid, 'SIGKILL');
    }, SUITE_TIMEOUT_MS);
    child.on('exit', async (code, signal) => {
      clearTimeout(watchdog);
      running.delete(child);
      const leftover = await leftoverProcesses(child.pid);
      if (leftover) {
        say(`\n${label}: a process its tests started was still running after them: stopped\n`);
        resolve({ code: 1, output, leftover: true });
        return;
      }
      resolve({ code: code ?? (signal ? 1 : 0), output });
    });
  });
}

/** The counts of a run from the TAP file it wrote (its closing `# pass`, `# fail` and `# cancelled` lines). */
function counted(tap, code) {
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const passed = Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0);
  const failed = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0) + Number(/^# cancelled (\d+)/m.exec(text)?.[1] ?? 0);
  return { passed, failed: failed || (code !== 0 ? 1 : 0), code };
}

const reporters = (tap) => [
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=tap',
  `--test-reporter-destination=${tap}`,
  `--test-reporter=${durationsReporter}`,
  `--test-reporter-destination=${tap}.durations.json`,
];

/** Each file's time (ms) in the run that wrote `tap`, by its path relative to the suite's folder. */
function timesOf(suite, tap) {
  const file = `${tap}.durations.json`;
  if (!existsSync(file)) return {};
  let absolute;
  try {
    absolute = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // A batch whose process died before its reporter wrote the times (a crash, a timeout): its failure is reported
    // from its output; its times are simply not known.
    return {};
  }
  return Object.fromEntries(
    Object.entries(absolute).map(([path, ms]) => [relative(join(root, suite.cwd), path), Math.round(ms)]),
  );
}

/**
 * A concurrent suite's files in batches of `size`: the sorted list cut in order (so a batch's files are always the
 * same neighbours, whatever was recorded), the batches run longest first by the last recorded times
 * (scripts/test-durations.json; a file not recorded yet counts as the median), so that no long batch starts last and
 * runs alone. A failure that depends on a neighbour repeats with the command printed with it.
 */
function batchesOf(suite, files, size) {
  const known = recorded[suite.name] ?? {};
  const times = files
    .map((file) => known[file])
    .filter((ms) => ms !== undefined)
    .sort((a, b) => a - b);
  const median = times.length ? times[Math.floor(times.length / 2)] : 1;
  const time = (file) => known[file] ?? median;
  const batches = [];
  for (let start = 0; start < files.length; start += size) batches.push(files.slice(start, start + size));
  const total = (batch) => batch.reduce((sum, file) => sum + time(file), 0);
  // A stable sort: equal totals keep the list's order.
  return batches
    .map((batch) => ({ batch, ms: total(batch) }))
    .sort((a, b) => b.ms - a.ms)
    .map(({ batch }) => batch);
}

/** Runs `files` of a node suite one at a time, each in a process of its own, and counts their tests. */
async function runNodeFiles(suite, files, tap) {
  const { code } = await run(
    process.execPath,
    [...nodeTest, '--test-concurrency=1', ...reporters(tap), ...files],
    suite.cwd,
  );
  Object.assign(measured[suite.name], timesOf(suite, tap));
  return counted(tap, code);
}

/**
 * Runs `files` of a concurrent suite in batches of {@link BATCH} files (or the suite's `concurrent.batch`), each batch one process that runs its files
 * one after another, {@link concurrency} batches at a time; prints each batch's output whole when it ends, and
 * counts every batch's tests.
 */
async function runNodeBatches(suite, files) {
  const size = suite.concurrent.batch ?? BATCH;
  const batches = batchesOf(suite, files, size);
  const width = Math.min(concurrency(suite), batches.length);
  process.stdout.write(`(${files.length} files in ${batches.length} processes of up to ${size}, ${width} at a time)\n`);
  const results = [];
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const index = next++;
      const batch = batches[index];
      const tap = join(scratch, `${suite.name}-${index}.tap`);
      const started = performance.now();
      const { code, output } = await run(
        process.execPath,
        [...nodeTest, '--experimental-test-isolation=none', ...reporters(tap), ...batch],
        suite.cwd,
        { echo: false, keep: true, label: `${suite.name} batch ${index + 1}` },
      );
      const result = counted(tap, code);
      results.push(result);
      Object.assign(measured[suite.name], timesOf(suite, tap));
      process.stdout.write(
        `\n--- ${suite.name} batch ${index + 1}/${batches.length}: ${batch.join(' ')} (${seconds(started).toFixed(1)} s)\n${output}`,
      );
      if (result.code !== 0)
        process.stdout.write(
          `--- batch ${index + 1} failed; again, in ${suite.cwd}: node ${nodeTest.join(' ')} --experimental-test-isolation=none ${batch.join(' ')}\n`,
        );
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return {
    passed: results.reduce((sum, one) => sum + one.passed, 0),
    failed: results.reduce((sum, one) => sum + one.failed, 0),
    code: results.find((one) => one.code !== 0)?.code ?? 0,
  };
}

/** A name of `concurrent.alone` as a test of a file's path: `*` stands for any part of a name (not a `/`). */
function namePattern(name) {
  return new RegExp(`^${name.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
}

/** A node suite: its concurrent files first, then those alone; the counts are the sum of both runs. */
async function runNodeSuite(suite) {
  const found = suite.files.flatMap((dir) => testFiles(suite.cwd, dir));
  // A suite of chosen files names each: one renamed or removed fails the suite rather than leaving it unnoticed.
  const lost = (suite.only ?? []).filter((file) => !found.includes(file));
  if (lost.length) throw new Error(`${suite.name}: only lists files that are not there: ${lost.join(', ')}`);
  const files = suite.only ?? found;
  if (files.length === 0) {
    process.stdout.write('(no test files)\n');
    return undefined;
  }
  // A file renamed or removed must leave the list too, or its successor would run beside others unnoticed.
  const listed = Object.keys(suite.concurrent?.alone ?? {}).map((name) => ({ name, test: namePattern(name) }));
  const gone = listed.filter(({ test }) => !files.some((file) => test.test(file))).map(({ name }) => name);
  if (gone.length)
    throw new Error(`${suite.name}: concurrent.alone lists files that are not there: ${gone.join(', ')}`);
  const isAlone = (file) => listed.some(({ test }) => test.test(file));
  const alone = suite.concurrent ? files.filter(isAlone) : files;
  const together = suite.concurrent ? files.filter((file) => !isAlone(file)) : [];
  const runs = [];
  if (together.length) runs.push(await runNodeBatches(suite, together));
  if (alone.length) {
    if (together.length) process.stdout.write(`\n(${alone.length} alone: ${alone.join(', ')})\n`);
    runs.push(await runNodeFiles(suite, alone, join(scratch, `${suite.name}-alone.tap`)));
  }
  return {
    passed: runs.reduce((sum, one) => sum + one.passed, 0),
    failed: runs.reduce((sum, one) => sum + one.failed, 0),
    code: runs.find((one) => one.code !== 0)?.code ?? 0,
  };
}

const results = [];
/** Each node suite's files' times in this run (ms, by path in the suite's folder). */
const measured = {};
const scratch = mkdtempSync(join(tmpdir(), 'parley-test-'));
const seconds = (since) => (performance.now() - since) / 1000;
const startedAll = performance.now();
for (const suite of selected) {
  process.stdout.write(`\n=== ${suite.name} ===\n`);
  const started = performance.now();
  if (suite.browser && !existsSync(chrome)) {
    process.stdout.write(
      `Chromium not found at ${chrome}. Install it (Debian: apt-get install chromium) or set CHROME_PATH.\n`,
    );
    results.push({ name: suite.name, passed: 0, failed: 1, code: 1, seconds: 0 });
    continue;
  }
  if (suite.kind === 'node') {
    measured[suite.name] = {};
    const counted = await runNodeSuite(suite);
    if (counted) results.push({ name: suite.name, ...counted, seconds: seconds(started) });
    const slowest = Object.entries(measured[suite.name])
      .sort(([, a], [, b]) => b - a)
      .slice(0, 10);
    if (slowest.length > 1)
      process.stdout.write(
        `\n${suite.name}: the slowest files\n${slowest.map(([file, ms]) => `${(ms / 1000).toFixed(1).padStart(7)} s  ${file}`).join('\n')}\n`,
      );
  } else {
    const wtr = join(root, 'node_modules/@web/test-runner/dist/bin.js');
    const { code, output } = await run(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', wtr, '--config', 'web-test-runner.config.mjs'],
      suite.cwd,
      { keep: true },
    );
    // web-test-runner ends with e.g. "Chrome: |████| 3/3 test files | 20 passed, 0 failed".
    // eslint-disable-next-line no-control-regex -- strips the runner's colour codes
    const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
    const summary = [...plain.matchAll(/(\d+) passed, (\d+) failed/g)].pop();
    const passed = Number(summary?.[1] ?? 0);
    const failed = Number(summary?.[2] ?? 0);
    results.push({ name: suite.name, passed, failed: failed || (code !== 0 ? 1 : 0), code, seconds: seconds(started) });
  }
}
rmSync(scratch, { recursive: true, force: true });
if (flags['record-durations']) {
  for (const [name, times] of Object.entries(measured)) recorded[name] = { ...recorded[name], ...times };
  const sorted = Object.fromEntries(
    Object.entries(recorded)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, times]) => [name, Object.fromEntries(Object.entries(times).sort(([a], [b]) => a.localeCompare(b)))]),
  );
  writeFileSync(durationsFile, `${JSON.stringify(sorted, null, 2)}\n`);
  process.stdout.write(`\nrecorded each file's time in ${relative(root, durationsFile)}\n`);
}

process.stdout.write('\n=== summary ===\n');
for (const result of results)
  process.stdout.write(
    `${result.name.padEnd(16)} ${`${result.passed} passed, ${result.failed} failed`.padEnd(24)} ${result.seconds.toFixed(1).padStart(7)} s\n`,
  );
const passed = results.reduce((sum, result) => sum + result.passed, 0);
const failed = results.reduce((sum, result) => sum + result.failed, 0);
process.stdout.write(`\n${passed} passed, ${failed} failed in ${seconds(startedAll).toFixed(1)} s\n`);
process.exit(failed > 0 || results.some((result) => result.code !== 0) ? 1 : 0);
