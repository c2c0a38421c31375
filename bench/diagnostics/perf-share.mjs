#!/usr/bin/env node
// A diagnostic, never a result: where a relay's CPU went, from a `perf record` of it (Linux perf's `cpu-clock`, which
// counts time on a CPU only: every thread of the relay, and the kernel's work in its system calls). V8's own sampler
// (`--cpu-prof`, the bench's `--profile`) charges a sample to the call the thread was in when it next ran, so a wait
// for a core shows as that call's time; this does not. Each sample goes to the first part whose pattern one of its
// stack's frames matches, in the order of the chosen rules (docs/performance.md, "Where a warm delivery's CPU goes, by
// perf" and "Target 1 by perf").
//
// Record the relay with JavaScript's names (`--perf-basic-prof` writes /tmp/perf-<pid>.map), beside a workload:
//
//   NODE_OPTIONS=--perf-basic-prof node bench/run.mjs --only w --peers parley --rounds 1 &
//   sleep 0.3; perf record -F 2999 -g -p "$(pgrep -f packages/relay/dist/main.js | head -1)" -o /tmp/w.data
//
// then find the measured pass (`--timeline`: samples per 100 ms) and read its shares:
//
//   node bench/diagnostics/perf-share.mjs --data /tmp/w.data --timeline
//   node bench/diagnostics/perf-share.mjs --data /tmp/w.data --from 3006.75 --to 3008.35 --us 57
//
// `--rules delivery` (the default) splits a webhook delivery's path; `--rules webhooks` splits a relay storing
// messages into the batched webhooks' part and the rest, and `--rules webhook-path` that part into its own; `--rules
// compile` gives what V8 spent compiling (a measured window should hold little of it: "(a) warms up as long as it
// measures"). `--us` is the run's own CPU figure per unit (µs a delivery, a message): each share is then also given in
// µs. The perf.data is the caller's; this only reads it (`perf script`), and the perf map its JavaScript frames name.
//
// JavaScript's frames are named here, not by perf: `--perf-basic-prof` only appends to /tmp/perf-<pid>.map, so when V8
// drops a function's code and puts another's at the same address both entries stay, and perf names the address by the
// first. This takes the last entry that covers it (seen: the store's `insertMessages`, 9 % of a relay's samples, named
// `WebhookLog.handle`, whose code had been there before).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { latestNames } from '../lib/perf-map.mjs';
import { commandLine } from '../../scripts/command-line.mjs';

const usage = `Usage: node bench/diagnostics/perf-share.mjs --data <perf.data> [--timeline] [--from <s> --to <s>]
  [--rules delivery|webhooks|webhook-path|compile] [--us <µs per unit>]`;

/** Frames of V8's collector: scavenges, marking, sweeping (its helper threads' included). */
const COLLECTOR =
  /Scaveng|ConcurrentMarking|MarkCompact|Sweeper|Heap::CollectGarbage|MarkingVisitor|IncrementalMarking/;
/** Frames of V8 compiling: TurboFan, Maglev, Sparkplug, WebAssembly's tiers, the parser. */
const COMPILER =
  /wasm::WasmCompilationUnit|wasm::.*Compil|v8::internal::compiler::|Turboshaft|maglev::|baseline::|Compiler::Compile|OptimizingCompileDispatcher|CompileTask|Parser::|PreParser/;
const SQLITE = /sqlite3|better_sqlite3|Statement::JS|Binder::/;
const HMAC = /Hmac|HMAC|sha256_block|signatureHeader/;
const UNDICI = /undici|wasm/;
/** Frames of the batched webhooks' work in a relay storing messages: the tap, the log's reads, events, HTTP, HMAC. */
const WEBHOOK_FRAMES = /packages\/relay\/dist\/webhooks|message-log\/|undici|wasm|Hmac|HMAC|sha256/;

/** Parts of a webhook delivery (the outbox worker's path), first match wins. */
const DELIVERY = [
  ['the collector', COLLECTOR],
  ['SQLite', SQLITE],
  ['signing (HMAC)', HMAC],
  ['JSON.parse', /JsonParser/],
  ['JSON.stringify', /JsonStringifier/],
  [
    'HTTP: undici, llhttp, sockets, the kernel',
    /undici|wasm|tcp_|sock_|do_writev|__GI___writev|uv__read|uv__write|stream_base_commons|node:net|internal\/streams|epoll/,
  ],
  ["the relay's own JavaScript", /packages\/relay/],
];

/** A relay storing messages: the batched webhooks' part apart from the rest. */
const WEBHOOKS = [
  ['the collector', COLLECTOR],
  ['the webhook path (tap, log reads, events, HTTP, HMAC)', WEBHOOK_FRAMES],
  ['SQLite', SQLITE],
  ['uWebSockets.js and the kernel', /uWS|us_|tcp_|do_writev|__GI___writev|sock_|epoll|__send|recv/],
  ["the relay's other JavaScript", /packages\/relay/],
];

/** Within the webhook path of {@link WEBHOOKS} (its samples only, the collector's left out): its parts. */
const WEBHOOK_PATH = [
  ["the events' JSON.stringify", /JsonStringifier/],
  ['undici and llhttp', UNDICI],
  ['the signature (HMAC)', HMAC],
  ["the events' ids (SHA-256)", /messageEventId|node::crypto::Hash|EVP_Digest/],
  ["the log's reads (SQLite)", SQLITE],
  ["the body and the requests' grouping", /byteLength|batchBody|WriteUtf8|chunked|evenedOut/],
  ["the events' objects", /messageEvents|messageData|conversationCreatedData/],
  ['WebhookLog.handle', /WebhookLog\.handle|\bhandle /],
  ['the tap and the log consumer', /message-tap|log-consumer/],
];

/** Whether the window is still being compiled: a warm-up long enough leaves little of it. */
const COMPILE = [['V8 compiling (TurboFan, Maglev, Sparkplug, WebAssembly, the parser)', COMPILER]];

const RULES = { delivery: DELIVERY, webhooks: WEBHOOKS, 'webhook-path': WEBHOOK_PATH, compile: COMPILE };
/** A rule set that reads only some samples: the rest are left out of its shares. */
const ONLY = {
  'webhook-path': (frames) => !COLLECTOR.test(frames) && WEBHOOK_FRAMES.test(frames),
};

const { values } = commandLine({
  name: 'perf-share',
  usage,
  options: {
    data: { type: 'string' },
    timeline: { type: 'boolean', default: false },
    from: { type: 'string' },
    to: { type: 'string' },
    rules: { type: 'string', default: 'delivery' },
    us: { type: 'string' },
  },
  check: ({ values: v }) => {
    if (!v.data) throw new Error('--data names the perf.data file to read');
    if (!Object.hasOwn(RULES, v.rules))
      throw new Error(`--rules is delivery, webhooks, webhook-path or compile (got ${v.rules})`);
    for (const key of ['from', 'to', 'us'])
      if (v[key] !== undefined && !Number.isFinite(Number(v[key])))
        throw new Error(`--${key} takes a number (got ${v[key]})`);
    if ((v.from === undefined) !== (v.to === undefined)) throw new Error('--from and --to go together');
  },
});

const args = ['script', '-i', values.data, '-F', 'tid,time,ip,sym,dso'];
if (values.from !== undefined) args.push('--time', `${values.from},${values.to}`);
const script = spawnSync('perf', args, { encoding: 'utf8', maxBuffer: 1 << 30 });
if (script.error || script.status !== 0) {
  process.stderr.write(`perf-share: perf script failed: ${script.error?.message ?? script.stderr.split('\n')[0]}\n`);
  process.exit(1);
}

/** A JavaScript frame of `perf script`: its address, perf's name for it, and the map perf took the name from. */
const MAP_FRAME = /^(\s*)([0-9a-f]+) (.*) \((\/tmp\/perf-\d+\.map)\)$/;
const maps = new Map();
/** The frame as perf printed it, named again by the last entry of its map that covers its address. */
function renamed(line) {
  const match = MAP_FRAME.exec(line);
  if (!match) return line;
  const [, indent, address, , file] = match;
  let name = maps.get(file);
  if (name === undefined) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      // The map is gone (another machine, a cleaned /tmp): perf's names stand.
    }
    maps.set(file, (name = latestNames(text)));
  }
  const latest = name(Number.parseInt(address, 16));
  return latest === undefined ? line : `${indent}${address} ${latest} (${file})`;
}

/** The samples: each a thread id, a time (s) and its stack, the leaf first. */
const samples = [];
for (const block of script.stdout.split('\n\n')) {
  const lines = block.split('\n').filter((line) => line.trim() !== '');
  if (lines.length < 2) continue;
  const head = /^\s*(?:\S+\s+)?(\d+)\s+([\d.]+):/.exec(lines[0]);
  if (!head) continue;
  samples.push({ tid: head[1], time: Number(head[2]), frames: lines.slice(1).map(renamed).join('\n') });
}
if (samples.length === 0) {
  process.stderr.write('perf-share: no samples with a stack (record with -g, and pick a window that has samples)\n');
  process.exit(1);
}

if (values.timeline) {
  const buckets = new Map();
  for (const { time } of samples) {
    const at = Math.floor(time * 10) / 10;
    buckets.set(at, (buckets.get(at) ?? 0) + 1);
  }
  console.log('samples per 100 ms (the measured pass is a run of full buckets):');
  for (const [at, count] of [...buckets].sort((a, b) => a[0] - b[0])) console.log(`${at.toFixed(1)}\t${count}`);
  process.exit(0);
}

const rules = RULES[values.rules];
const parts = new Map();
const threads = new Map();
const only = ONLY[values.rules];
let kept = 0;
for (const { tid, frames } of samples) {
  if (only && !only(frames)) continue;
  kept += 1;
  const part = rules.find(([, pattern]) => pattern.test(frames))?.[0] ?? 'the rest (timers, promises, V8, malloc)';
  parts.set(part, (parts.get(part) ?? 0) + 1);
  threads.set(tid, (threads.get(tid) ?? 0) + 1);
}
const perUnit = values.us === undefined ? undefined : Number(values.us);
const first = samples[0].time;
const last = samples.at(-1).time;
console.log(`${samples.length} samples from ${first.toFixed(2)} to ${last.toFixed(2)} s (${values.rules} rules)`);
// Shares are of every sample, those a rule set leaves out included: its parts add up to its share of the whole.
if (only) console.log(`${kept} of them in the ${values.rules.replace('-', ' ')}`);
console.log(`| where | share |${perUnit === undefined ? '' : ' µs |'}`);
console.log(`| --- | ---: |${perUnit === undefined ? '' : ' ---: |'}`);
for (const [part, count] of [...parts].sort((a, b) => b[1] - a[1])) {
  const share = count / samples.length;
  const us = perUnit === undefined ? '' : ` ${(share * perUnit).toFixed(1)} |`;
  console.log(`| ${part} | ${(100 * share).toFixed(1)} % |${us}`);
}
const byThread = [...threads].sort((a, b) => b[1] - a[1]);
console.log(
  `threads: ${byThread.map(([tid, count]) => `${tid} ${((100 * count) / samples.length).toFixed(1)} %`).join(', ')}`,
);
