#!/usr/bin/env node
// `npm run bench [-- flags]`: Parley's relay side by side with raw uWebSockets.js, Socket.IO and soketi on the
// same machine, in the same run, with the same load generator. See docs/performance.md.
// `node bench/run.mjs --help` lists the flags.
import { mkdirSync, readFileSync, writeFileSync, readdirSync, rmSync, mkdtempSync } from 'node:fs';
import { cpus, tmpdir, totalmem, release } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BASELINE_WORKLOADS,
  OPEN_LOOP_FRACTIONS,
  OPEN_LOOP_PEERS,
  ROUND_WORKLOADS,
  parseBenchArgs,
  peersForRound,
  describeClusterPlan,
  planScale,
  planScaleCluster,
} from './lib/args.mjs';
import {
  runConversations,
  runFanout,
  runIdle,
  runOpenLoop,
  runRestart,
  runScale,
  runSoak,
} from './lib/coordinator.mjs';
import { measureStartTimes } from './lib/start-time.mjs';
import { postgresSettings, redisProblem } from './lib/postgres.mjs';
import { fdLimit, tryRaiseFdLimit } from './lib/proc.mjs';
import { summarizeProfile } from './lib/profile.mjs';
import { runReports } from './lib/reports.mjs';
import { runWebhookDelivery } from './lib/webhooks.mjs';
import { channelOrder, channelRounds, runChannels } from './lib/channels.mjs';
import { renderMarkdown, evaluateTargets, medianRound, compareWithBaseline } from './lib/report.mjs';
import { SERVERS, addBaseline, baselineProblem, runBundled, runUnderNode, thisRevision } from './lib/servers.mjs';
import { usageError } from '../scripts/command-line.mjs';

const USAGE = `Usage: npm run bench -- [flags]    (or: node bench/run.mjs [flags], after npm run build)

  --quick             small counts (a few minutes); every workload and server still runs
  --tiny              the smallest counts that still fill every part of the report (seconds a workload): CI's
                      check of the report's shape (npm run bench:check), not a measurement; implies --quick's one
                      round and short soak
  --only a,b,c,d,e,f,w  workloads: a fan-out, b conversations, c idle memory, d restart (Parley only, with the
                      relay's start time), e open loop (Poisson arrivals at 25, 50 and 75 % of each server's (b)
                      maximum: send→ack and send→delivery), f scale ((b) beside 1k … 100k idle connections, Parley
                      on SQLite; with parley-cluster in --peers, also on several relays), w webhook delivery (Parley on SQLite: N outbox jobs to a receiver on loopback;
                      deliveries/s and relay CPU per delivery), ch messaging channels inbound (Parley on SQLite:
                      N webhooks each from Telegram, WhatsApp and Twilio, and N posts to an API channel, from M
                      contacts at a fixed concurrency; relay CPU per stored message and msgs/s per channel, each
                      over the API channel's), and soak (steady mixed load on the relay, 10
                      minutes; only when named: --only soak)
  --peers uws,parley  servers: uws, socketio, socketio-pg (Socket.IO storing in PostgreSQL), soketi, parley
                      (SQLite), parley-bundled (the release tree's bundle on SQLite, in (d) only), parley-pg
                      (PostgreSQL + Redis), parley-pg2 (two relays on PostgreSQL + Redis);
                      named only: parley-outbox, parley-outbox-stalled (a webhook per message),
                      parley-outbox-batch (a webhook per message, to an endpoint that takes batches), parley-faq (FAQ
                      answers on with 1,000 entries seeded through the admin API before the workload), parley-ai
                      (the AI agent on, a loopback OpenAI-compatible model answering every visitor message),
                      parley-safety-off (message safety off: parley itself scans every message),
                      parley-cluster ((f) only: its idle connections over several relays on PostgreSQL + Redis, at
                      least 5, more when 5 cannot hold the largest size under the fd limit),
                      parley-rules-50 (50 rules that never hold), parley-rules-match (a rule firing on every message)
  --soak-minutes N    the soak's measured length, after its warm-up (default 10, quick: 0.5)
  --soak-warmup-minutes W  the soak's warm-up before it (default 6: V8 sizing its heap; quick: a fifth of N)
  --out DIR           where to write <ISO timestamp>.json and latest.md (default bench/results)
  --workers N         load processes for (a) and (b) (default: 1 for a, 2 for b; see docs/performance.md)
  --rounds N          interleaved rounds of (a), (b), (d), (w) and (ch), each server's (channel's) median reported
                      (default: 3, quick: 1)
  --profile           run the relay under --cpu-prof during (a), (b), (w) and (ch) (and its restart in (d)) and print
                      its top self-time functions
  --sqlite-sync MODE  the relay's PARLEY_SQLITE_SYNC (full, the default, or normal): a diagnostic, not a result
  --protocol v1|v2|v3 what the load generator's Parley clients offer: v3, v2, v1 (v3, the default, as the widget
                      and the inbox do), v2 then v1 (an older widget), or v1 only (as the SDK core does): a relay
                      speaking v3 serves the older two on twin topics
  --stub-store        (a), (b) and (e) only: the relay's appends answered from memory, stored nowhere: a diagnostic
                      of what the relay costs without storage (bench/diagnostics/stub-store.mjs), not a result
  --store-on-thread   (a), (b) and (e) only: the relay's appends written by a SQLite store of their own on a worker
                      thread (bench/diagnostics/store-on-thread.mjs): a prototype, in cost, of the writer off the
                      event loop (docs/decisions/0043-commit-io-off-the-event-loop.md); a diagnostic, not a result
  --open-loop-max N   (e) takes N msgs/s as every server's maximum instead of its (b) in this run: servers, builds
                      or a stubbed store at the same offered rates (with --stub-store: how far the tail falls when
                      storing costs the event loop nothing); a diagnostic, not a result
  --scale-sizes LIST  (f)'s numbers of idle connections, for parley and parley-cluster, instead of the mode's (full:
                      1,000 … 100,000); the first is what the largest is compared with
  --relays N          parley-cluster's least number of relays (full: 5, quick: 2); more when the largest size needs
                      them under the fd limit
  --dry-run           print what (f) would run here (sizes, relays, connections and file descriptors per process,
                      load processes) and exit, starting nothing
  --bundled           run this checkout's relays from packages/relay/dist/bundle/main.js, the bundle the release
                      tree and the Dockerfile run, instead of tsc's packages/relay/dist/main.js (the default)
  --scale-out         add parley-pg2 to --peers (the old spelling; docs/scaling.md)
  --baseline DIR      also run the relay built in DIR (another checkout of this repository, its
                      packages/relay/dist/main.js built) as \`parley-base\`, in the same rounds of (a) and (b) as
                      the others (skipped in (c) and (d)), and report this build before/after it
                      (docs/performance.md, "Measuring a change"); needs parley in --peers. With
                      parley-outbox, parley-outbox-batch, parley-outbox-stalled, parley-pg or parley-pg2 in
                      --peers, the baseline's same variant runs too (parley-outbox-base, …-batch-base,
                      …-stalled-base, parley-pg-base, parley-pg2-base), right after it in every round
  --node PATH         run this checkout's relays under the Node.js at PATH instead of the one running the bench
  --baseline-node PATH  the same for the --baseline relays: e.g. this build on Node.js 24 against the last
                      Node.js 20 build (docs/performance.md, "Node.js 24 against Node.js 20"); labels name the Node.js`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
let parsed;
try {
  parsed = parseBenchArgs(args, { defaultOut: fileURLToPath(new URL('./results', import.meta.url)) });
  if (parsed.baseline) {
    const problem = baselineProblem(parsed.baseline);
    if (problem) throw new Error(problem);
  }
  if (parsed.flags.protocol !== undefined && !['v1', 'v2', 'v3'].includes(parsed.flags.protocol))
    throw new Error(`--protocol is v1, v2 or v3 (got ${parsed.flags.protocol})`);
} catch (error) {
  usageError('bench', USAGE, error);
}
const {
  flags,
  workloads: WORKLOADS,
  peers: PEERS,
  rounds: ROUNDS,
  baseline,
  soakMinutes,
  soakWarmupMinutes,
  nodeBinary,
  baselineNode,
  openLoopMax: openLoopFixedMax,
  storeDiagnostic,
  scaleSizes,
  relays: minRelays,
} = parsed;
if (baseline) addBaseline(baseline);
const relayPeers = Object.keys(SERVERS).filter((peer) => SERVERS[peer].protocol === 'parley');
if (nodeBinary)
  runUnderNode(
    relayPeers.filter((peer) => !SERVERS[peer].baseline),
    nodeBinary,
  );
if (flags.bundled) runBundled(relayPeers.filter((peer) => !SERVERS[peer].baseline && !SERVERS[peer].restartOnly));
if (baselineNode)
  runUnderNode(
    relayPeers.filter((peer) => SERVERS[peer].baseline),
    baselineNode,
  );

// The server and each load process may hold at most the hard fd limit; (c) stays a little under it.
const fd = fdLimit();
const idleMax = Math.min(20_000, fd.hard - 300);
// Measured on 2 cores: (a) is fastest and fairest with the sender and all receivers in one process; (b) with
// one process is bound by the load generator for the fastest servers, with two it is not.
const workersA = Number(flags.workers ?? 1);
const workersB = Number(flags.workers ?? 2);
if (flags['sqlite-sync']) process.env.PARLEY_SQLITE_SYNC = flags['sqlite-sync'];
if (flags.protocol !== undefined) {
  if (!['v1', 'v2', 'v3'].includes(flags.protocol))
    throw new Error(`--protocol is v1, v2 or v3 (got ${flags.protocol})`);
  process.env.PARLEY_BENCH_PROTOCOL = flags.protocol;
}
const storeDiagnosticArgs = storeDiagnostic
  ? ['--import', fileURLToPath(new URL(`./diagnostics/${storeDiagnostic}.mjs`, import.meta.url))]
  : [];
// This VM's speed moves by up to 2× within minutes, and every server with it: (a) and (b) run in interleaved
// rounds (each server once per round) and report each server's median round, with the spread (ROUNDS, from
// parseBenchArgs).

/** --tiny: quick's workloads at about a tenth of its counts, to check that every part of the report is filled. */
const TINY = {
  a: { n: 200, warmup: 20, receivers: 10, window: 10, workers: workersA, timeoutMs: 30_000 },
  b: { pairs: 20, perSide: 5, warmup: 1, window: 1, workers: workersB, timeoutMs: 30_000 },
  c: { connections: Math.min(100, idleMax), workers: 1, addresses: 2, settleSamples: 1, timeoutMs: 30_000 },
  d: {
    conversations: 10,
    perConversation: 3,
    intervalMs: 100,
    workers: 1,
    addresses: 2,
    liveBeforeMs: 500,
    liveAfterMs: 500,
    resumeTimeoutMs: 20_000,
    timeoutMs: 30_000,
  },
  w: { jobs: 100, warmup: 20, conversations: 20, timeoutMs: 30_000 },
  ch: { messages: 100, warmup: 20, contacts: 10, concurrency: 4, timeoutMs: 30_000 },
  e: { pairs: 10, workers: workersB, warmupMs: 200, measureMs: 500, drainMs: 500, timeoutMs: 30_000 },
  f: {
    wanted: [100, 200],
    clusterWanted: [100, 200],
    minRelays: 2,
    addresses: 2,
    perProcess: 9000,
    settleMs: 200,
    timeoutMs: 30_000,
  },
  r: { messages: 2000, runs: 1, timeoutMs: 60_000 },
  soak: {
    minutes: soakMinutes,
    visitors: 10,
    staff: 1,
    visitorEveryMs: 500,
    staffEveryMs: 250,
    churnPerSecond: 0.1,
    sampleMs: 250,
    warmupMinutes: soakWarmupMinutes,
    timeoutMs: 30_000,
  },
};

const SIZES = flags.quick
  ? {
      a: { n: 2000, warmup: 200, receivers: 50, window: 50, workers: workersA, timeoutMs: 30_000 },
      b: { pairs: 200, perSide: 10, warmup: 2, window: 1, workers: workersB, timeoutMs: 30_000 },
      c: { connections: Math.min(1000, idleMax), workers: 1, addresses: 2, settleSamples: 1, timeoutMs: 60_000 },
      d: {
        conversations: 100,
        perConversation: 5,
        intervalMs: 100,
        workers: 1,
        addresses: 2,
        liveBeforeMs: 1000,
        liveAfterMs: 1000,
        resumeTimeoutMs: 20_000,
        timeoutMs: 30_000,
      },
      w: { jobs: 2000, warmup: 500, conversations: 200, timeoutMs: 60_000 },
      ch: { messages: 1000, warmup: 200, contacts: 100, concurrency: 8, timeoutMs: 60_000 },
      e: { pairs: 100, workers: workersB, warmupMs: 500, measureMs: 1000, drainMs: 1000, timeoutMs: 30_000 },
      f: {
        wanted: [1000, 2000],
        clusterWanted: [1000, 2000],
        minRelays: 2,
        addresses: 4,
        perProcess: 9000,
        settleMs: 1000,
        timeoutMs: 60_000,
      },
      r: { messages: 20_000, runs: 1, timeoutMs: 120_000 },
      soak: {
        minutes: soakMinutes,
        visitors: 100,
        staff: 2,
        visitorEveryMs: 2000,
        staffEveryMs: 500,
        churnPerSecond: 0.02,
        sampleMs: 1000,
        warmupMinutes: soakWarmupMinutes,
        timeoutMs: 30_000,
      },
    }
  : {
      a: { n: 20_000, warmup: 20_000, receivers: 50, window: 50, workers: workersA, timeoutMs: 120_000 },
      b: { pairs: 1000, perSide: 50, warmup: 5, window: 1, workers: workersB, timeoutMs: 120_000 },
      c: { connections: idleMax, workers: 3, addresses: 8, settleSamples: 3, timeoutMs: 300_000 },
      d: {
        conversations: 1000,
        perConversation: 5,
        intervalMs: 200,
        workers: 2,
        addresses: 8,
        liveBeforeMs: 2000,
        liveAfterMs: 2000,
        resumeTimeoutMs: 30_000,
        timeoutMs: 60_000,
      },
      w: { jobs: 20_000, warmup: 5000, conversations: 1000, timeoutMs: 120_000 },
      ch: { messages: 2000, warmup: 400, contacts: 200, concurrency: 16, timeoutMs: 120_000 },
      e: { pairs: 1000, workers: workersB, warmupMs: 3000, measureMs: 10_000, drainMs: 5000, timeoutMs: 120_000 },
      r: { messages: 1_000_000, runs: 5, timeoutMs: 1_200_000 },
      f: {
        wanted: [1000, 5000, 10_000, 50_000, 100_000],
        // parley-cluster: the issue's sizes, over at least its five relays (planScaleCluster adds what the fd limit
        // asks for), from 12 source addresses (each holds ~28,000 ephemeral ports: 8,400 of 100,000 each).
        clusterWanted: [1000, 10_000, 50_000, 100_000],
        minRelays: 5,
        clusterAddresses: 12,
        addresses: 8,
        perProcess: 9000,
        settleMs: 5000,
        timeoutMs: 300_000,
      },
      soak: {
        minutes: soakMinutes,
        visitors: 1000,
        staff: 5,
        visitorEveryMs: 10_000,
        staffEveryMs: 1000,
        churnPerSecond: 0.01,
        sampleMs: 5000,
        warmupMinutes: soakWarmupMinutes,
        timeoutMs: 60_000,
      },
    };
// --tiny: every size replaced (TINY, above).
if (flags.tiny) Object.assign(SIZES, TINY);

// --scale-sizes and --relays: (f)'s sizes and parley-cluster's least number of relays, instead of the mode's.
if (scaleSizes) SIZES.f = { ...SIZES.f, wanted: scaleSizes, clusterWanted: scaleSizes };
if (minRelays) SIZES.f = { ...SIZES.f, minRelays };
// (f): sizes beyond what one process may hold here are not run; the report gives the limit and the failed raise.
const scalePlan = planScale(SIZES.f.wanted, SIZES.b.pairs, fd);
// parley-cluster: each relay holds its share, so the relays are as many as the largest size needs (at least minRelays).
const clusterPlan = planScaleCluster(SIZES.f.clusterWanted, SIZES.b.pairs, fd, {
  minRelays: SIZES.f.minRelays,
  perProcess: SIZES.f.perProcess,
});
SIZES.f = {
  ...SIZES.f,
  sizes: scalePlan.sizes,
  b: SIZES.b,
  cluster: {
    relays: clusterPlan.relays,
    sizes: clusterPlan.sizes,
    plan: clusterPlan.plan,
    raisedFrom: clusterPlan.raisedFrom,
  },
};
const scalePlanLines = [
  `(f) on parley: one relay on SQLite, ${scalePlan.sizes.map((n) => n.toLocaleString('en-US')).join(', ')} idle${scalePlan.blocked.length ? `; BLOCKED over the fd limit: ${scalePlan.blocked.map((b) => `${b.idle.toLocaleString('en-US')} (${b.fds.toLocaleString('en-US')} fds)`).join(', ')}` : ''}`,
  ...describeClusterPlan(clusterPlan, fd),
];
if (flags['dry-run']) {
  process.stdout.write(`${scalePlanLines.join('\n')}\n`);
  process.exit(0);
}

function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  return {
    nproc: cpus().length,
    cpuModel: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    kernel: release(),
    fdLimit: fd,
    loadavg: readFileSync('/proc/loadavg', 'utf8').trim().split(' ').slice(0, 3).map(Number),
  };
}

const log = (...args) => console.error('[bench]', ...args);

const startedAt = new Date();
const results = {
  schema: 1,
  mode: flags.tiny ? 'tiny' : flags.quick ? 'quick' : 'full',
  startedAt: startedAt.toISOString(),
  machine: machine(),
  sizes: Object.fromEntries(WORKLOADS.map((w) => [w, SIZES[w]])),
  // Which of this checkout's builds its relays ran (--bundled: the release tree's bundle); the start line says so.
  relayBuild: flags.bundled ? 'bundled' : 'unbundled',
  servers: Object.fromEntries(
    PEERS.map((p) => {
      const reason = SERVERS[p].available();
      const revision = p === 'parley' ? thisRevision() : SERVERS[p].baseline?.revision;
      return [
        p,
        {
          label: SERVERS[p].label,
          available: reason === null,
          ...(reason ? { reason } : {}),
          ...(revision !== undefined ? { revision } : {}),
          ...(SERVERS[p].baseline ? { dir: SERVERS[p].baseline.dir } : {}),
        },
      ];
    }),
  ),
  workloads: {},
};

// The durable servers need PostgreSQL (and the relays on it, Redis): without them they are reported unavailable.
if (PEERS.some((p) => SERVERS[p].needsPostgres)) {
  results.postgres = await postgresSettings();
  const problem = results.postgres.error ?? (await redisProblem());
  for (const p of PEERS)
    if (SERVERS[p].needsPostgres && problem && results.servers[p].available)
      Object.assign(results.servers[p], { available: false, reason: problem });
}

const profiles = {};
const profileArgs = (workload) => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-prof-'));
  profiles[workload] = dir;
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
};
// Target 7's start time goes with (d): the relay's restarts timed alone, bundled and not (bench/lib/start-time.mjs).
if (WORKLOADS.includes('d') && PEERS.includes('parley')) {
  log('(start) the relay restarting, bundled and not …');
  results.startTime = await measureStartTimes({ starts: flags.tiny ? 1 : flags.quick ? 3 : 7 });
  log(
    '(start) done',
    JSON.stringify(Object.fromEntries(Object.entries(results.startTime).map(([k, v]) => [k, v.medianMs ?? v.error]))),
  );
}
/**
 * Each server's maximum for (e): its (b) msgs/s in this run, or, when (b) did not run (or failed) for it, (b)'s
 * closed loop run once now.
 */
async function openLoopMaxima(peers) {
  const out = {};
  for (const peer of peers) {
    if (openLoopFixedMax !== null) {
      out[peer] = { perSec: openLoopFixedMax, from: '--open-loop-max' };
      continue;
    }
    const b = results.workloads.b?.[peer];
    if (b && !b.error && !b.skipped && b.messagesPerSec > 0) {
      out[peer] = { perSec: b.messagesPerSec, from: '(b) in this run' };
      continue;
    }
    log(`(e) ${peer}: its maximum first, with (b)'s closed loop …`);
    try {
      const r = await runConversations(peer, SIZES.b);
      out[peer] =
        r.messagesPerSec > 0
          ? { perSec: r.messagesPerSec, from: "(b)'s closed loop, run just before (e)" }
          : { error: 'no maximum: (b) completed nothing' };
    } catch (error) {
      out[peer] = { error: `no maximum: ${String(error.message ?? error).slice(0, 500)}` };
    }
  }
  return out;
}

/** (e)'s loads for `peer`: 25, 50 and 75 % of its maximum; Socket.IO also at the Parley rows' 50 %. */
function openLoopLevels(peer, maxima) {
  const levels = OPEN_LOOP_FRACTIONS.map((fraction) => ({
    label: `${Math.round(fraction * 100)} %`,
    fraction,
    offeredPerSec: fraction * maxima[peer].perSec,
  }));
  if (peer === 'socketio')
    for (const target of ['parley', 'parley-pg2'])
      if (maxima[target]?.perSec)
        levels.push({
          label: `${target}'s 50 %`,
          fraction: (0.5 * maxima[target].perSec) / maxima[peer].perSec,
          sameRateAs: target,
          offeredPerSec: 0.5 * maxima[target].perSec,
        });
  return levels;
}

let openLoopMax = {};
for (const workload of WORKLOADS) {
  results.workloads[workload] = {};
  if (workload === 'e')
    openLoopMax = await openLoopMaxima(
      PEERS.filter((p) => OPEN_LOOP_PEERS.includes(p) && results.servers[p].available),
    );
  const rounds = ROUND_WORKLOADS.includes(workload) ? ROUNDS : 1;
  const runs = {};
  for (let round = 1; round <= rounds; round++) {
    for (const peer of peersForRound(PEERS, round)) {
      const entry = results.servers[peer];
      if (!entry.available) {
        results.workloads[workload][peer] = { error: entry.reason };
        continue;
      }
      // The soak, the scale workload and the reports measure the relay alone (reports: on both stores, in one row): no
      // row for the others; (w) this build and
      // its baseline.
      if ((workload === 'soak' || workload === 'r' || workload === 'ch') && peer !== 'parley') continue;
      if (workload === 'f' && peer !== 'parley' && peer !== 'parley-cluster') continue;
      if (SERVERS[peer].restartOnly && workload !== 'd') continue;
      if (workload === 'w' && peer !== 'parley' && peer !== 'parley-base') continue;
      if (workload === 'e' && !OPEN_LOOP_PEERS.includes(peer)) {
        results.workloads.e[peer] = {
          skipped:
            'the open loop runs on raw uWS, Socket.IO, the durable peer, and Parley on SQLite and on two relays on PostgreSQL',
        };
        continue;
      }
      if (SERVERS[peer].baseline && !BASELINE_WORKLOADS.includes(workload)) {
        results.workloads[workload][peer] = { skipped: 'the baseline runs in (a) and (b) only' };
        continue;
      }
      const skipped = SERVERS[peer].skip?.[workload];
      if (skipped) {
        results.workloads[workload][peer] = { skipped };
        continue;
      }
      log(`(${workload}) ${peer}${rounds > 1 ? ` round ${round}/${rounds}` : ''} …`);
      const t0 = Date.now();
      let result;
      try {
        // This build's SQLite relay, or its variants (busy outbox, FAQ answers on) when it is not in the run.
        const thisRelay =
          peer === 'parley' ||
          ((peer.startsWith('parley-outbox') ||
            peer.startsWith('parley-rules') ||
            peer === 'parley-faq' ||
            peer === 'parley-ai' ||
            peer === 'parley-safety-off') &&
            !PEERS.includes('parley'));
        // --profile: this build's relay in (a), (b), (w) and (ch), and in (d) on SQLite and PostgreSQL, whose restart it
        // profiles (the process started after the kill; the killed one writes no profile).
        const profiled =
          flags.profile &&
          round === 1 &&
          ((thisRelay && (workload === 'a' || workload === 'b' || workload === 'w' || workload === 'ch')) ||
            ((peer === 'parley' || peer === 'parley-pg') && workload === 'd'));
        const nodeArgs = [
          ...(peer === 'parley' || thisRelay ? storeDiagnosticArgs : []),
          ...(profiled ? profileArgs(workload) : []),
        ];
        const serverOptions = nodeArgs.length ? { nodeArgs } : {};
        if (workload === 'a') result = await runFanout(peer, SIZES.a, serverOptions);
        else if (workload === 'b') result = await runConversations(peer, SIZES.b, serverOptions);
        else if (workload === 'c') result = await runIdle(peer, SIZES.c);
        else if (workload === 'd') result = await runRestart(peer, SIZES.d, serverOptions);
        else if (workload === 'w') result = await runWebhookDelivery(peer, SIZES.w, serverOptions);
        else if (workload === 'ch')
          result = await runChannels(SIZES.ch, { ...serverOptions, order: channelOrder(round) });
        else if (workload === 'e') {
          const max = openLoopMax[peer];
          if (max.error) throw new Error(max.error);
          result = {
            maxMsgsPerSec: max.perSec,
            maxFrom: max.from,
            ...(await runOpenLoop(peer, SIZES.e, openLoopLevels(peer, openLoopMax), serverOptions)),
          };
        } else if (workload === 'r') {
          result = await runReports(SIZES.r, results.postgres?.error ? ['--only', 'sqlite'] : []);
        } else if (workload === 'f' && peer === 'parley-cluster') {
          for (const line of describeClusterPlan(clusterPlan, fd)) log(line);
          result = await runScale(peer, {
            ...SIZES.f,
            sizes: clusterPlan.sizes,
            addresses: SIZES.f.clusterAddresses ?? SIZES.f.addresses,
            relays: clusterPlan.relays,
            raisedFrom: clusterPlan.raisedFrom,
          });
          if (clusterPlan.blocked.length)
            result.notMeasured = clusterPlan.blocked.map((b) => ({
              idle: b.idle,
              reason: `needs ${b.fds.toLocaleString('en-US')} file descriptors in each of ${clusterPlan.relays} relays; RLIMIT_NOFILE here is ${fd.soft.toLocaleString('en-US')} per process`,
            }));
        } else if (workload === 'f') {
          log(scalePlanLines[0]);
          result = await runScale(peer, SIZES.f);
          if (scalePlan.blocked.length) {
            const raise = tryRaiseFdLimit(Math.max(...scalePlan.blocked.map((b) => b.fds)));
            result.fdLimit = { ...fd, source: '/proc/self/limits (Max open files)', raise };
            result.notMeasured = scalePlan.blocked.map((b) => ({
              idle: b.idle,
              reason: `needs ${b.fds.toLocaleString('en-US')} file descriptors in one relay process; RLIMIT_NOFILE here is ${fd.soft.toLocaleString('en-US')} (soft) / ${fd.hard.toLocaleString('en-US')} (hard) per process (/proc/self/limits), and raising it failed: \`${raise.command}\` → ${raise.ok ? 'succeeded, but the bench does not start the relay under a raised limit' : raise.error}`,
            }));
          }
        } else result = await runSoak(peer, SIZES.soak);
        log(`(${workload}) ${peer} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`, JSON.stringify(brief(result)));
      } catch (error) {
        result = { error: String(error.message ?? error).slice(0, 2000) };
        log(`(${workload}) ${peer} FAILED: ${error.message}`);
      }
      (runs[peer] ??= []).push(result);
    }
  }
  for (const [peer, list] of Object.entries(runs)) {
    results.workloads[workload][peer] =
      workload === 'ch' ? channelRounds(list) : rounds > 1 ? medianRound(workload, list, brief) : list[0];
  }
}

results.finishedAt = new Date().toISOString();
results.machine.loadavgAfter = readFileSync('/proc/loadavg', 'utf8').trim().split(' ').slice(0, 3).map(Number);
results.parleySqliteSync = process.env.PARLEY_SQLITE_SYNC ?? 'full (default)';
/** What each store-replacing diagnostic does to this checkout's relay, as the report names it. */
const STORE_DIAGNOSTICS = {
  'stub-store': 'appends stubbed (stored nowhere)',
  'store-on-thread': 'appends written on a worker thread, to a file of their own',
};
// A diagnostic run measures something other than the product: its figures judge no target.
const diagnostics = [
  ...(storeDiagnostic ? [STORE_DIAGNOSTICS[storeDiagnostic]] : []),
  ...(flags['sqlite-sync'] && flags['sqlite-sync'] !== 'full' ? [`SQLite synchronous=${flags['sqlite-sync']}`] : []),
  ...(openLoopFixedMax !== null
    ? [`(e) at a maximum of ${openLoopFixedMax} msgs/s for every server (--open-loop-max)`]
    : []),
];
if (diagnostics.length) results.diagnostic = diagnostics.join('; ');
results.targets = evaluateTargets(results);
const beforeAfter = compareWithBaseline(results);
if (beforeAfter) results.beforeAfter = beforeAfter;

for (const [workload, dir] of Object.entries(profiles)) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length) {
    results.profile ??= {};
    results.profile[workload] = summarizeProfile(JSON.parse(readFileSync(join(dir, files[0]), 'utf8')), 30);
    console.log(`(${workload}) ${results.profile[workload].text}\n`);
  } else log(`(${workload}) no .cpuprofile was written (did the relay exit cleanly on SIGTERM?)`);
  rmSync(dir, { recursive: true, force: true });
}

mkdirSync(flags.out, { recursive: true });
const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
const jsonPath = join(flags.out, `${stamp}.json`);
writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
const markdown = renderMarkdown(results);
writeFileSync(join(flags.out, 'latest.md'), markdown);
console.log(markdown);
log(`wrote ${jsonPath}`);

function brief(r) {
  if (r.error) return { error: r.error.split('\n')[0].slice(0, 200) };
  const keys = [
    'deliveredPerSec',
    'messagesPerSec',
    'serverCpuUsPerDelivery',
    'serverCpuUsPerMessage',
    'kibPerConnection',
    'resumeSecondsFromKill',
    'lost',
    'missingDeliveries',
    'duplicated',
    'rssGrowthPercent',
    'deliveriesPerSec',
    'relayCpuUsPerDelivery',
    'finished',
  ];
  const out = Object.fromEntries(keys.filter((k) => r[k] !== undefined).map((k) => [k, r[k]]));
  if (r.latencyMs) out.p99 = r.latencyMs.p99;
  if (r.eventLoopP99Ms) out.eventLoopP99Ms = r.eventLoopP99Ms.max;
  if (r.levels)
    out.levels = r.levels.map(
      (l) => `${l.label}: ${l.achievedPerSec}/${l.offeredPerSec} msgs/s, delivery p99 ${l.deliveryMs.p99} ms`,
    );
  if (r.channels)
    out.channels = Object.entries(r.channels).map(
      ([c, v]) => `${c}: ${v.relayCpuUsPerMessage} µs/msg, ${v.messagesPerSec} msgs/s, ${v.overApi}× the API channel's`,
    );
  if (r.sizes)
    out.sizes = r.sizes.map((s) =>
      s.error
        ? `${s.idle} idle: failed: ${s.error.split('\n')[0].slice(0, 200)}`
        : `${s.idle} idle: ${s.serverCpuUsPerMessage} µs/msg, ${s.kibPerIdleConnection} KiB/idle, ${s.rssMB} MB`,
    );
  return out;
}
