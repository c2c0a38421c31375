#!/usr/bin/env node
// A diagnostic, never a result: the SQLite store alone at a fixed offered rate of appends over 1,000 conversations,
// and the latency of each append from its call to its commit (what a send waits for before its ack), with the store's
// CPU per message; the full-text index's runs bounded as the relay bounds them, or by `--index-chunk`
// (docs/performance.md, "The full-text index in bounded runs"); also the event loop's longest stalls and the
// log file's largest size (docs/performance.md, "The log starts over without being cut back").
//
//   npm run build && node bench/diagnostics/append-latency.mjs [--rate 10000] [--seconds 8] [--index-chunk N]
//     [--checkout DIR]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { benchMessage, openBenchStore } from './bench-store.mjs';
import { commandLine } from '../../scripts/command-line.mjs';

const USAGE = `Usage: node bench/diagnostics/append-latency.mjs [--rate 10000] [--seconds 8] [--index-chunk N]
         [--checkout DIR] (after npm run build)

A diagnostic: the SQLite store's append latency (call to commit) at a fixed offered rate, and its CPU per message.

  --rate N          appends offered a second (default 10000)
  --seconds N       how long (default 8)
  --index-chunk N   the most messages a full-text run adds (default: the store's own; a huge one is "unbounded")
  --checkout DIR    the built store of another checkout (a worktree of an earlier commit: before and after)`;

const positive = (text) => text === undefined || Number(text) > 0;
const { values } = commandLine({
  name: 'append-latency',
  usage: USAGE,
  options: {
    rate: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '8' },
    'index-chunk': { type: 'string' },
    checkout: { type: 'string' },
  },
  check: ({ values: given }) => {
    for (const name of ['rate', 'seconds', 'index-chunk'])
      if (!positive(given[name])) throw new Error(`--${name} must be a positive number, not ${given[name]}`);
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const chunk = values['index-chunk'] === undefined ? undefined : Number(values['index-chunk']);

const dir = mkdtempSync(join(tmpdir(), 'parley-append-latency-'));
const store = await openBenchStore(
  join(dir, 'parley.db'),
  chunk === undefined ? {} : { indexChunk: chunk },
  ...(values.checkout ? [values.checkout] : []),
);
let n = 0;
const append = () => store.append(benchMessage(n++, 1000));
// Every conversation exists before the window opens.
await Promise.all(Array.from({ length: 1000 }, append));

const latencies = [];
const pending = new Set();
// The loop's stalls as a timer sees them (how late a 1 ms tick comes), and the log file's largest size.
const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
const stalls = [];
let lastTick = performance.now();
let largestLog = 0;
const watch = setInterval(() => {
  const now = performance.now();
  if (now - lastTick > 50) stalls.push(Math.round(now - lastTick));
  lastTick = now;
  try {
    largestLog = Math.max(largestLog, statSync(join(dir, 'parley.db-wal')).size);
  } catch {
    // Not there yet.
  }
}, 1);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let sent = 0;
await new Promise((resolve) => {
  const tick = setInterval(() => {
    const due = Math.floor(((performance.now() - t0) / 1000) * rate) - sent;
    for (let i = 0; i < due; i++) {
      const at = performance.now();
      const appended = append().finally(() => {
        pending.delete(appended);
        latencies.push(performance.now() - at);
      });
      pending.add(appended);
      sent++;
    }
    if (performance.now() - t0 > seconds * 1000) {
      clearInterval(tick);
      resolve();
    }
  }, 5);
});
await Promise.all(pending);
const cpu = process.cpuUsage(cpu0);
clearInterval(watch);
delay.disable();
await store.close();
rmSync(dir, { recursive: true, force: true });

latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.floor(q * (latencies.length - 1))].toFixed(1);
console.log(
  `${sent} appends at ${rate}/s offered (index runs of ${chunk ?? 'the default'}): ` +
    `latency p50 ${at(0.5)} p99 ${at(0.99)} p99.9 ${at(0.999)} max ${at(1)} ms; ` +
    `CPU ${((cpu.user + cpu.system) / sent).toFixed(1)} µs a message\n` +
    `event loop: longest stall ${(delay.max / 1e6).toFixed(1)} ms, ${stalls.length} over 50 ms` +
    `${stalls.length ? ` (${stalls.slice(0, 12).join(', ')}${stalls.length > 12 ? ', …' : ''} ms)` : ''}; ` +
    `log file at most ${(largestLog / 1048576).toFixed(1)} MiB`,
);
