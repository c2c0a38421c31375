#!/usr/bin/env node
// A diagnostic, never a result: how long the content filter (issue #39) takes to check 1 MiB hostile texts (long
// runs, near misses of listed words, spelt-out letters, many URLs; the shapes are in
// packages/relay/test/support/content-filter-hostile.ts, which the test asserts under a looser 200 ms), with a
// site's settings at the admin API's limits (1,000 words, 50 patterns, every built-in profanity list, 500 domains
// per link list), once with ordinary patterns and once with patterns made to defeat an automaton. Also prints the
// time to compile those settings and to check an ordinary 4,000-character message. Each figure is the median and
// the slowest of the runs after three warm-ups, and the median CPU time of the process (on a busy machine, closer to
// what a quiet one takes); every 1 MiB median must stay under 50 ms.
//
//   node --conditions=source --import tsx bench/diagnostics/content-filter-hostile.mjs [--runs 15]
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { compileFilter } from '../../packages/relay/src/safety/content-filter.ts';
import {
  heavyFilter,
  heavyLinks,
  hostileInputs,
  hostilePatterns,
  ordinaryMessage,
} from '../../packages/relay/test/support/content-filter-hostile.ts';
import { commandLine } from '../../scripts/command-line.mjs';

const USAGE = `Usage: node --conditions=source --import tsx bench/diagnostics/content-filter-hostile.mjs [--runs 15]

A diagnostic: the time the content filter takes to compile heavy settings and to check 1 MiB hostile texts.

  --runs N   timed runs per shape, after one warm-up (default 15)`;

const { values } = commandLine({
  name: 'content-filter-hostile',
  usage: USAGE,
  options: { runs: { type: 'string', default: '15' } },
  check: ({ values }) => {
    if (!/^[1-9]\d{0,3}$/.test(values.runs)) throw new Error('--runs takes a whole number from 1 to 9999');
  },
});
const runs = Number(values.runs);
const budgetMs = 50;

/** Median and slowest wall time, and the median CPU time of the process (a fairer figure on a busy machine). */
function time(run) {
  for (let n = 0; n < 3; n++) run();
  const times = [];
  const cpus = [];
  for (let n = 0; n < runs; n++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    run();
    times.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], max: times.at(-1), cpu: cpus[Math.floor(cpus.length / 2)] };
}

const settings = { ordinary: heavyFilter(), 'automaton-hostile': heavyFilter(hostilePatterns()) };
const links = heavyLinks();
const rows = [];
let over = 0;
for (const [name, filterSettings] of Object.entries(settings)) {
  const compile = time(() => compileFilter(filterSettings, links));
  rows.push({
    patterns: name,
    shape: 'compile the settings',
    verdict: '',
    'median ms': compile.median.toFixed(2),
    'max ms': compile.max.toFixed(2),
    'cpu ms': compile.cpu.toFixed(2),
  });
  const filter = compileFilter(filterSettings, links);
  const message = ordinaryMessage();
  const ordinary = time(() => filter.check(message));
  rows.push({
    patterns: name,
    shape: 'ordinary 4,000-character message',
    verdict: filter.check(message)?.reason ?? '',
    'median ms': ordinary.median.toFixed(3),
    'max ms': ordinary.max.toFixed(3),
    'cpu ms': ordinary.cpu.toFixed(3),
  });
  for (const [shape, text] of Object.entries(hostileInputs())) {
    const verdict = filter.check(text);
    const { median, max, cpu } = time(() => filter.check(text));
    if (median >= budgetMs) over += 1;
    rows.push({
      patterns: name,
      shape,
      verdict: verdict ? `${verdict.action} ${verdict.reason}` : '',
      'median ms': median.toFixed(1),
      'max ms': max.toFixed(1),
      'cpu ms': cpu.toFixed(1),
    });
  }
}
console.table(rows);
const load = loadavg()
  .map((average) => average.toFixed(2))
  .join(' ');
console.log(
  `${runs} runs per shape, load average ${load} on ${availableParallelism()} cores; 1 MiB median budget ${budgetMs} ms: ` +
    `${over === 0 ? 'every shape under it' : `${over} over it`}`,
);
process.exitCode = over === 0 ? 0 : 1;
