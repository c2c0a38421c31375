#!/usr/bin/env node
// A diagnostic, never a result: how long the sensitive-data detector (issue #39) takes to scan 1 MiB hostile
// texts (long digit runs, long base64url runs, many dashes, near-miss prefixes; the shapes are in
// packages/relay/test/support/sensitive-hostile.ts, which the test asserts under a looser 200 ms). Each figure is
// the median and the slowest of the runs after one warm-up; every shape's median must stay under 50 ms.
//
//   node --conditions=source --import tsx bench/diagnostics/sensitive-hostile.mjs [--runs 15]
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { findSensitive } from '../../packages/protocol/src/sensitive/sensitive-data.ts';
import { hostileInputs } from '../../packages/relay/test/support/sensitive-hostile.ts';
import { commandLine } from '../../scripts/command-line.mjs';

const USAGE = `Usage: node --conditions=source --import tsx bench/diagnostics/sensitive-hostile.mjs [--runs 15]

A diagnostic: the time the sensitive-data detector takes to scan 1 MiB hostile texts.

  --runs N   timed runs per shape, after one warm-up (default 15)`;

const { values } = commandLine({
  name: 'sensitive-hostile',
  usage: USAGE,
  options: { runs: { type: 'string', default: '15' } },
  check: ({ values }) => {
    if (!/^[1-9]\d{0,3}$/.test(values.runs)) throw new Error('--runs takes a whole number from 1 to 9999');
  },
});
const runs = Number(values.runs);
const budgetMs = 50;

const rows = [];
let over = 0;
for (const [shape, text] of Object.entries(hostileInputs())) {
  const found = findSensitive(text).length;
  const times = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    findSensitive(text);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  if (median >= budgetMs) over += 1;
  rows.push({ shape, matches: found, 'median ms': median.toFixed(1), 'max ms': times.at(-1).toFixed(1) });
}
console.table(rows);
const load = loadavg()
  .map((average) => average.toFixed(2))
  .join(' ');
console.log(
  `${runs} runs per shape, load average ${load} on ${availableParallelism()} cores; median budget ${budgetMs} ms: ` +
    `${over === 0 ? 'every shape under it' : `${over} over it`}`,
);
process.exitCode = over === 0 ? 0 : 1;
