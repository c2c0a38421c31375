// Instruction counts per stored message, as (b) sends them: a diagnostic that does not move with the machine's
// load (CPU time does). Starts the relay of a checkout under `valgrind --tool=callgrind` with instrumentation off,
// connects `pairs` conversations of two visitor tabs, warms up, turns instrumentation on for `messages` stored and
// acknowledged messages (both sides sending, one in flight per side), turns it off and reads the total: user-space
// instructions of every thread of the relay (the SQLite checkpointer's included; the kernel's not).
//
//   node bench/diagnostics/callgrind-b.mjs [--dir CHECKOUT] [--pairs 50] [--warmup 3000] [--messages 6000] [--keep]
//     [--webhooks batch|each [--endpoints 1]] [--allocations] [--heap-sample [--survivors]]
//
// Prints the instructions per message (`irPerMessage`). Compare two checkouts by running it on each (the count is
// repeatable to ~1 %). Without valgrind (`--no-valgrind`) it prints the relay's CPU per message instead, its main
// thread's and its other threads' apart.
//
// `--allocations` (implies `--no-valgrind`): the relay under `--trace-gc-nvp`, and what V8 allocated while the
// measured messages ran (the sum of each collection's `allocated`, so within a young generation of the window's
// edges: give it 40,000 messages or more), per message, with the scavenges and their pauses, and what they copied
// (kept in the young generation, or promoted to the old one): the collector's cost grows with that, not with what
// was allocated.
//
// `--heap-sample` (implies `--no-valgrind`): what allocated those bytes, by function, from V8's sampling heap profiler
// over the measured messages (bench/lib/heap-sample.mjs, every sampled allocation whether collected or not): bytes a
// message allocated in each of the largest allocators (self) and under each (inclusive). `--keep` keeps the profile
// (`.heapprofile`, for DevTools' Memory panel). With `--survivors`, only what a scavenge did not collect: what
// survived one (promoted, or still alive at the end), by the function that allocated it.
//
// `--webhooks`: a webhook on every message, as the bench's parley-outbox-batch (`batch`) or parley-outbox (`each`)
// runs it, to the bench's receiver (its own process, not counted); the count then ends once the receiver has had
// every measured message's event, so each message's webhook is in its figure. `--endpoints N`: N such webhooks (each
// event to N endpoints of the same receiver), counted until each has had every event.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createId } from '@parley/sdk';
import { allocationShares } from '../lib/allocation-share.mjs';
import { Client, makePayload } from '../lib/drivers.mjs';
import { freePort } from '../lib/proc.mjs';
import { createSchema, dropRedisPrefix, redisUrl, uniqueName } from '../lib/postgres.mjs';
import { busyOutbox, relayEnv } from '../lib/servers.mjs';
import { commandLine } from '../../scripts/command-line.mjs';

const USAGE = `Usage: node bench/diagnostics/callgrind-b.mjs [--dir CHECKOUT] [--pairs 50] [--warmup 3000] [--messages 6000]
         [--keep] [--no-valgrind] [--node-arg ARG]… [--postgres] [--webhooks batch|each [--endpoints 1]]
         [--allocations] [--heap-sample [--survivors]]   (after npm run build in CHECKOUT)

A diagnostic: user-space instructions per stored message as (b) sends them (valgrind's callgrind), or without
valgrind the relay's CPU per message; the head of this file says what each flag measures.

  --dir CHECKOUT        the checkout whose built relay runs (default: this one)
  --pairs N             conversations of two visitor tabs (default 50)
  --warmup N            messages before the measured ones (default 3000)
  --messages N          measured messages (default 6000)
  --keep                keep the callgrind profile (or the heap profile) and print where
  --no-valgrind         the relay's CPU per message instead of instructions
  --node-arg ARG        a flag for the relay's node (repeatable), e.g. --node-arg=--perf-basic-prof
  --postgres            the relay on PostgreSQL and Redis, as the bench's parley-pg
  --webhooks KIND       a webhook on every message: batch (parley-outbox-batch) or each (parley-outbox)
  --endpoints N         N such endpoints (with --webhooks; default 1)
  --allocations         what V8 allocated and what the scavenges copied, per message (implies --no-valgrind)
  --heap-sample         what allocated it, by function (implies --no-valgrind)
  --survivors           only what survived a scavenge (with --heap-sample)`;

/** A whole number from `least`, or the flag's refusal. */
function wholeNumber(flag, value, least) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < least) throw new Error(`--${flag} is a whole number from ${least} (got ${value})`);
  return n;
}

const { values } = commandLine({
  name: 'callgrind-b',
  usage: USAGE,
  allowNegative: true,
  options: {
    dir: { type: 'string', default: resolve(import.meta.dirname, '../..') },
    pairs: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '3000' },
    messages: { type: 'string', default: '6000' },
    keep: { type: 'boolean', default: false },
    // Without valgrind (e.g. `--no-valgrind --node-arg=--trace-deopt`): the same load, for V8's own diagnostics.
    valgrind: { type: 'boolean', default: true },
    'node-arg': { type: 'string', multiple: true, default: [] },
    // The relay on PostgreSQL and Redis, as the bench's parley-pg.
    postgres: { type: 'boolean', default: false },
    webhooks: { type: 'string' },
    endpoints: { type: 'string', default: '1' },
    allocations: { type: 'boolean', default: false },
    'heap-sample': { type: 'boolean', default: false },
    survivors: { type: 'boolean', default: false },
  },
  check: ({ values: v }) => {
    wholeNumber('pairs', v.pairs, 1);
    wholeNumber('warmup', v.warmup, 0);
    wholeNumber('messages', v.messages, 1);
    wholeNumber('endpoints', v.endpoints, 1);
    if (v.webhooks !== undefined && v.webhooks !== 'batch' && v.webhooks !== 'each')
      throw new Error(`--webhooks is batch or each (got ${v.webhooks})`);
    if (Number(v.endpoints) > 1 && v.webhooks === undefined) throw new Error('--endpoints goes with --webhooks');
    if (v.survivors && !v['heap-sample']) throw new Error('--survivors goes with --heap-sample');
    if (!existsSync(join(v.dir, 'packages/relay/dist/main.js')))
      throw new Error(`no built relay in ${v.dir} (run npm run build there)`);
  },
});
const pairs = Number(values.pairs);
const warmup = Number(values.warmup);
const messages = Number(values.messages);
const endpoints = Number(values.endpoints);
const main = join(values.dir, 'packages/relay/dist/main.js');
const work = mkdtempSync(join(tmpdir(), 'parley-callgrind-'));
const port = await freePort();
const db = values.postgres ? await createSchema('parley_callgrind') : undefined;
const redisPrefix = uniqueName('parley_callgrind');
const storeEnv = db
  ? {
      PARLEY_STORE: 'postgres',
      PARLEY_DATABASE_URL: db.url,
      PARLEY_BUS: 'redis',
      PARLEY_REDIS_URL: redisUrl,
      PARLEY_REDIS_PREFIX: redisPrefix,
      PARLEY_RELAY_SECRET: 'callgrind-relay-secret-not-a-secret-0123456789abcdef',
      PARLEY_DATA_KEY: Buffer.alloc(32, 'callgrind').toString('base64'),
    }
  : {};
if (values.allocations || values['heap-sample']) values.valgrind = false;
const heapProfile = join(work, 'relay.heapprofile');
const nodeArgs = [
  ...values['node-arg'],
  ...(values.allocations ? ['--trace-gc-nvp'] : []),
  ...(values['heap-sample'] ? [`--import=${join(import.meta.dirname, '../lib/heap-sample.mjs')}`] : []),
  main,
];
const relay = spawn(
  values.valgrind ? 'valgrind' : process.execPath,
  values.valgrind
    ? [
        '--tool=callgrind',
        '--instr-atstart=no',
        `--callgrind-out-file=${join(work, 'callgrind.out')}`,
        process.execPath,
        ...nodeArgs,
      ]
    : nodeArgs,
  {
    env: {
      ...process.env,
      ...relayEnv(
        { port, dataDir: join(work, 'data') },
        { ...storeEnv, ...(values.webhooks ? { PARLEY_WEBHOOK_ALLOW_PRIVATE: 'true' } : {}) },
      ),
      ...(values['heap-sample'] ? { PARLEY_HEAP_SAMPLE: heapProfile } : {}),
      ...(values.survivors ? { PARLEY_HEAP_SAMPLE_SURVIVORS: 'true' } : {}),
    },
    stdio: ['ignore', values.valgrind ? 'ignore' : values.allocations ? 'pipe' : 'inherit', 'pipe'],
  },
);
/** With `--allocations`: V8's collections so far, summed from `--trace-gc-nvp`'s lines. */
const gc = { allocated: 0, scavenges: 0, scavengeMs: 0, survived: 0, promoted: 0, markCompacts: 0, markCompactMs: 0 };
if (values.allocations) {
  let pending = '';
  relay.stdout.on('data', (chunk) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop();
    for (const line of lines) {
      const kind = / gc=(\w+)/.exec(line)?.[1];
      if (!kind) continue;
      if (kind === 's') {
        // A scavenge's `allocated` is what the young generation took since the last collection of any kind.
        gc.allocated += Number(/ allocated=(\d+)/.exec(line)?.[1] ?? 0);
        gc.scavenges += 1;
        gc.scavengeMs += Number(/ pause=([\d.]+)/.exec(line)?.[1] ?? 0);
        // What the scavenge copied: kept in the young generation, or promoted to the old one.
        gc.survived += Number(/ new_space_survived=(\d+)/.exec(line)?.[1] ?? 0);
        gc.promoted += Number(/ promoted=(\d+)/.exec(line)?.[1] ?? 0);
      } else if (kind === 'mc' || kind === 'mmc') {
        gc.markCompacts += 1;
        gc.markCompactMs += Number(/ pause=([\d.]+)/.exec(line)?.[1] ?? 0);
      }
    }
  });
}
let valgrindLog = '';
relay.stderr.on('data', (chunk) => (valgrindLog += chunk));
const control = (...args) =>
  values.valgrind && execFileSync('callgrind_control', [...args, String(relay.pid)], { stdio: 'pipe' });

async function connected() {
  for (let i = 0; i < 600; i++) {
    try {
      const a = new Client({ peer: 'parley', port, room: 'probe' });
      await a.connect(60_000);
      a.close();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error('the relay did not start');
}
await connected();
const hooks = values.webhooks ? await busyOutbox(port, false, values.webhooks === 'batch', endpoints) : undefined;
/** With `--webhooks`: resolves once the receiver has had `total` events at each endpoint. */
async function delivered(total) {
  const deadline = performance.now() + 300_000;
  while (hooks && (await hooks.count()).events < total * endpoints) {
    if (performance.now() > deadline) throw new Error(`the receiver had fewer than ${total} events after 5 minutes`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const sides = [];
for (let i = 0; i < pairs; i++) {
  const a = new Client({ peer: 'parley', port, room: `p${i}` });
  await a.connect(60_000);
  const b = new Client({ peer: 'parley', port, room: `p${i}`, visitorToken: a.visitorToken });
  await b.connect(60_000);
  sides.push(a, b);
}

/** Sends `count` messages in all, one in flight per side; resolves when all are acknowledged. */
function run(count) {
  return new Promise((done) => {
    let left = count;
    let sent = 0;
    const pump = (client) => {
      if (sent >= count) return;
      sent++;
      client.send(makePayload(sent, Date.now()), createId());
    };
    for (const client of sides) {
      client.onPayload = () => undefined;
      client.onAck = () => {
        if (--left === 0) done();
        else pump(client);
      };
      pump(client);
    }
  });
}
/** The relay's CPU time so far (all its threads), in µs, from /proc. */
const cpuUs = () => {
  const fields = readFileSync(`/proc/${relay.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
};
/** The relay's main thread's CPU time so far and its other threads' (V8's helpers, libuv's pool, SQLite's), in µs. */
const threadsUs = () => {
  let others = 0;
  let mainThread = 0;
  for (const task of readdirSync(`/proc/${relay.pid}/task`)) {
    let stat;
    try {
      stat = readFileSync(`/proc/${relay.pid}/task/${task}/stat`, 'utf8');
    } catch {
      continue; // a thread that ended between the listing and the read
    }
    const fields = stat.split(') ')[1].split(' ');
    const us = ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
    if (Number(task) === relay.pid) mainThread = us;
    else others += us;
  }
  return { mainThread, others };
};
await run(warmup);
await delivered(warmup);
control('-i', 'on');
if (values['heap-sample']) relay.kill('SIGUSR2');
const started = performance.now();
const cpuBefore = cpuUs();
const gcBefore = { ...gc };
const threadsBefore = threadsUs();
await run(messages);
await delivered(warmup + messages);
const cpuPerMessage = (cpuUs() - cpuBefore) / messages;
const threadsAfter = threadsUs();
const gcDuring = Object.fromEntries(Object.entries(gc).map(([k, v]) => [k, v - gcBefore[k]]));
control('-i', 'off');
const seconds = (performance.now() - started) / 1000;
let allocators;
if (values['heap-sample']) {
  relay.kill('SIGUSR2');
  for (let i = 0; !existsSync(heapProfile); i++) {
    if (i === 300) throw new Error('the relay wrote no heap profile within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const { total, self, inclusive } = allocationShares(JSON.parse(readFileSync(heapProfile, 'utf8')));
  const perMessage = (list) => list.map(([name, bytes]) => [name, Math.round(bytes / messages)]);
  allocators = {
    sampledBytesPerMessage: Math.round(total / messages),
    self: perMessage(self),
    inclusive: perMessage(inclusive),
  };
}
for (const client of sides) client.close();
relay.kill('SIGTERM');
await Promise.all([new Promise((r) => relay.once('exit', r)), hooks?.receiver.stop()]);
if (db) await Promise.all([db.drop(), dropRedisPrefix(redisPrefix)]);
// Instrumentation was on only while the measured messages ran: everything collected is theirs.
const collected = /Collected : (\d+)/.exec(valgrindLog);
if (!values.valgrind) {
  // CPU time in 10 ms ticks: give it enough messages (100,000 or more) for a figure.
  console.log(
    JSON.stringify({
      ...(values.webhooks ? { webhooks: values.webhooks, endpoints } : {}),
      messages,
      seconds: Number(seconds.toFixed(1)),
      cpuUsPerMessage: Number(cpuPerMessage.toFixed(1)),
      mainThreadUsPerMessage: Number(((threadsAfter.mainThread - threadsBefore.mainThread) / messages).toFixed(1)),
      otherThreadsUsPerMessage: Number(((threadsAfter.others - threadsBefore.others) / messages).toFixed(1)),
      ...(values.allocations
        ? {
            allocatedBytesPerMessage: Math.round(gcDuring.allocated / messages),
            scavenges: gcDuring.scavenges,
            scavengePauseUsPerMessage: Number(((gcDuring.scavengeMs * 1000) / messages).toFixed(2)),
            survivedBytesPerMessage: Math.round(gcDuring.survived / messages),
            promotedBytesPerMessage: Math.round(gcDuring.promoted / messages),
            markCompacts: gcDuring.markCompacts,
            markCompactPauseUsPerMessage: Number(((gcDuring.markCompactMs * 1000) / messages).toFixed(2)),
          }
        : {}),
      ...(allocators ? { allocators } : {}),
    }),
  );
  if (values.keep && allocators) {
    // The profile alone stays: the relay's data directory goes.
    rmSync(join(work, 'data'), { recursive: true, force: true });
    console.log(`kept ${heapProfile}`);
  } else rmSync(work, { recursive: true, force: true });
  process.exit(0);
}
if (!collected) throw new Error(`no instruction count from valgrind:\n${valgrindLog}`);
const ir = Number(collected[1]);
console.log(
  JSON.stringify({
    dir: values.dir,
    pairs,
    ...(values.webhooks ? { webhooks: values.webhooks, endpoints } : {}),
    warmup,
    messages,
    seconds: Number(seconds.toFixed(1)),
    irPerMessage: Math.round(ir / messages),
  }),
);
// --keep: the profile stays for `callgrind_annotate` (JIT-compiled JavaScript shows as `???`).
if (values.keep) console.log(`kept ${join(work, 'callgrind.out')}`);
else rmSync(work, { recursive: true, force: true });
