#!/usr/bin/env node
// A diagnostic, never a result: bursts of appends made in one turn of the event loop (thousands of clients resending
// their outboxes at once) to the SQLite store alone, and for each burst the time until all are committed and the
// longest the loop was held meanwhile (how late a 0 ms timer came). docs/performance.md, "A burst is committed in
// bounded batches".
//
//   npm run build && node bench/diagnostics/burst-commit.mjs [--sizes 1000,2000,5000] [--runs 3] [--checkout DIR]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { benchMessage, openBenchStore } from './bench-store.mjs';
import { commandLine } from '../../scripts/command-line.mjs';

const USAGE = `Usage: node bench/diagnostics/burst-commit.mjs [--sizes 1000,2000,5000] [--runs 3] [--checkout DIR]
         (after npm run build)

A diagnostic: bursts of appends in one turn to the SQLite store; per burst, the time until all are committed and the
event loop's longest stall meanwhile.

  --sizes N,N     burst sizes, each run --runs times (default 1000,2000,5000)
  --runs N        bursts of each size (default 3)
  --checkout DIR  the built store of another checkout (a worktree of an earlier commit: before and after)`;

const positiveWhole = (text) => Number.isInteger(Number(text)) && Number(text) > 0;
const { values } = commandLine({
  name: 'burst-commit',
  usage: USAGE,
  options: {
    sizes: { type: 'string', default: '1000,2000,5000' },
    runs: { type: 'string', default: '3' },
    checkout: { type: 'string' },
  },
  check: ({ values: given }) => {
    if (!given.sizes.split(',').every(positiveWhole))
      throw new Error(`--sizes must be positive whole numbers, not ${given.sizes}`);
    if (!positiveWhole(given.runs)) throw new Error(`--runs must be a positive whole number, not ${given.runs}`);
  },
});
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const conversations = 2000;

const dir = mkdtempSync(join(tmpdir(), 'parley-burst-commit-'));
try {
  const store = await openBenchStore(join(dir, 'parley.db'), {}, ...(values.checkout ? [values.checkout] : []));
  let n = 0;
  const burst = (size) =>
    Promise.all(Array.from({ length: size }, () => store.append(benchMessage(n++, conversations))));
  // Every conversation exists before the first burst.
  await burst(conversations);
  console.log(`store: ${values.checkout ?? 'this checkout'}; ${conversations} conversations`);
  for (const size of sizes) {
    const seen = [];
    for (let run = 0; run < runs; run++) {
      await sleep(30);
      let last = performance.now();
      let longest = 0;
      const tick = setInterval(() => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
      }, 0);
      await sleep(5);
      const t0 = performance.now();
      last = t0;
      await burst(size);
      const committed = performance.now() - t0;
      await sleep(5);
      clearInterval(tick);
      seen.push(`${committed.toFixed(0)} / ${longest.toFixed(0)}`);
    }
    console.log(
      `${String(size).padStart(6)} appends: all committed / the loop's longest stall, ms: ${seen.join(', ')}`,
    );
  }
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
