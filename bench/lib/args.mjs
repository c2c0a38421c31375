// The bench's command line, checked before anything starts (bench/run.mjs lists the flags).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const PEER_NAMES = [
  'uws',
  'socketio',
  'socketio-pg',
  'soketi',
  'parley',
  'parley-bundled',
  'parley-pg',
  'parley-pg2',
];
/** The relays besides `parley` that `--baseline` also runs from the baseline's build, each when its own is run. */
export const BASELINE_VARIANTS = [
  'parley-outbox',
  'parley-outbox-batch',
  'parley-outbox-stalled',
  'parley-pg',
  'parley-pg2',
];

/**
 * Servers run only when named in --peers: `parley-outbox` is the SQLite relay with a webhook on every message (the
 * outbox enabled and busy delivering), `parley-outbox-batch` the same to an endpoint that takes batches (ADR 0039),
 * `parley-outbox-stalled` the same with a receiver that never answers (every
 * message still writes its outbox row; deliveries wait for their timeout), to compare with `parley` in the same
 * rounds; they judge no target. `parley-faq` is the SQLite relay with FAQ answers on and 1,000 entries on the bench's
 * site (issue #17): every visitor message is matched, to measure what matching adds in (b). `parley-safety-off` is the
 * SQLite relay with message safety off (issue #39): `parley` scans every message with the default settings, so the
 * two measure what scanning adds in (b). `parley-rules-50` has 50 enabled rules on visitor messages that never hold,
 * `parley-rules-match` one rule that holds for every one (issue #40): what trying and firing rules adds in (b).
 * `parley-ai` is the SQLite relay with the AI agent on (issue #83), a loopback OpenAI-compatible model answering every
 * visitor message: what the agent adds to the message path in (a) and (b), its answers running off it.
 * `parley-cluster` is (f) on several relays on PostgreSQL + Redis (issue #87): as many relays as the largest size
 * needs under this machine's fd limit, and at least the issue's five ({@link planScaleCluster}); it runs in (f) only.
 */
export const OPTIONAL_PEER_NAMES = [
  'parley-outbox',
  'parley-outbox-batch',
  'parley-outbox-stalled',
  'parley-faq',
  'parley-ai',
  'parley-safety-off',
  'parley-rules-50',
  'parley-rules-match',
  'parley-cluster',
];
/**
 * Every workload; `soak` (10 minutes by default) runs only when named in --only. `w` is webhook delivery (issue #37
 * target 5: bench/lib/webhooks.mjs); `ch` the messaging channels' inbound path against the API channel's (issue #84:
 * bench/lib/channels.mjs).
 */
export const WORKLOAD_NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'w', 'ch', 'r', 'soak'];
const DEFAULT_WORKLOADS = ['a', 'b', 'c', 'd', 'e', 'f', 'w', 'ch', 'r'];
/**
 * The servers the open loop (e) runs on (issue #37): the two relaying peers, the durable peer, and Parley on SQLite
 * and on PostgreSQL with two relays. The others in --peers get a row saying so.
 */
export const OPEN_LOOP_PEERS = ['uws', 'socketio', 'socketio-pg', 'parley', 'parley-pg2'];
/** The loads of (e), as fractions of each server's own maximum (its (b) msgs/s in the same run). */
export const OPEN_LOOP_FRACTIONS = [0.25, 0.5, 0.75];
/** The workloads the baseline relay (`--baseline`) runs in; it is marked skipped in the others. */
export const BASELINE_WORKLOADS = ['a', 'b', 'w'];
/**
 * The workloads run in interleaved rounds (`--rounds`), each server's median round reported; (d)'s by the time until
 * all resumed (a restart is one event: its time moves with the machine more than a rate does), with loss and
 * duplication judged on every round. (ch) runs one relay a round with every channel on it, in an order that turns
 * each round, each channel's median round reported (bench/lib/channels.mjs, `channelRounds`).
 */
export const ROUND_WORKLOADS = ['a', 'b', 'd', 'w', 'ch'];

const list = (s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * Parses and checks `args` (process.argv without node and the script). Throws on a bad flag or value. With
 * `--baseline DIR` the peers gain `parley-base` right after `parley` (unless listed already) and `baseline` is
 * DIR resolved against `cwd`; whether DIR holds a built relay is checked by the caller (`baselineProblem`).
 * `storeDiagnostic` is the store-replacing flag given (`stub-store` or `store-on-thread`), else null;
 * `openLoopMax` is `--open-loop-max` as a number, else null.
 */
export function parseBenchArgs(args, { cwd = process.cwd(), defaultOut } = {}) {
  const { values: flags } = parseArgs({
    args,
    options: {
      quick: { type: 'boolean', default: false },
      tiny: { type: 'boolean', default: false },
      only: { type: 'string', default: DEFAULT_WORKLOADS.join(',') },
      peers: { type: 'string', default: PEER_NAMES.join(',') },
      out: { type: 'string', ...(defaultOut ? { default: defaultOut } : {}) },
      workers: { type: 'string' },
      rounds: { type: 'string' },
      profile: { type: 'boolean', default: false },
      'sqlite-sync': { type: 'string' },
      protocol: { type: 'string' },
      'stub-store': { type: 'boolean', default: false },
      'store-on-thread': { type: 'boolean', default: false },
      'open-loop-max': { type: 'string' },
      bundled: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      'scale-sizes': { type: 'string' },
      relays: { type: 'string' },
      'scale-out': { type: 'boolean', default: false },
      baseline: { type: 'string' },
      node: { type: 'string' },
      'baseline-node': { type: 'string' },
      'soak-minutes': { type: 'string' },
      'soak-warmup-minutes': { type: 'string' },
    },
  });

  // --tiny is the smallest run that still writes every part of the report (CI's check of its shape): quick's one
  // round and short soak, at sizes a tenth of quick's.
  if (flags.tiny && flags.quick) throw new Error('--tiny and --quick are two sizes: one at a time');
  if (flags.tiny) flags.quick = true;
  const workloads = list(flags.only);
  for (const w of workloads)
    if (!WORKLOAD_NAMES.includes(w)) throw new Error(`unknown workload "${w}" (${WORKLOAD_NAMES.join(', ')})`);
  const peers = list(flags.peers);
  for (const p of peers) {
    if (p.endsWith('-base')) {
      if (!flags.baseline) throw new Error(`peer "${p}" is a --baseline relay: add --baseline DIR`);
    } else if (!PEER_NAMES.includes(p) && !OPTIONAL_PEER_NAMES.includes(p))
      throw new Error(`unknown peer "${p}" (${[...PEER_NAMES, ...OPTIONAL_PEER_NAMES].join(', ')})`);
  }
  // The old spelling of "also two relays on PostgreSQL + Redis", kept for the commands in docs/scaling.md.
  if (flags['scale-out'] && !peers.includes('parley-pg2')) peers.push('parley-pg2');

  // A flag that replaces this checkout's store with the diagnostic module of its name (bench/diagnostics/).
  const storeDiagnostics = ['stub-store', 'store-on-thread'].filter((flag) => flags[flag]);
  if (storeDiagnostics.length > 1)
    throw new Error('--stub-store and --store-on-thread are two ways of replacing the store: one at a time');
  const storeDiagnostic = storeDiagnostics[0] ?? null;

  let baseline = null;
  if (flags.baseline !== undefined) {
    if (!flags.baseline.trim()) throw new Error('--baseline needs a directory (another checkout, relay built)');
    if (!peers.includes('parley')) throw new Error('--baseline compares with parley: add parley to --peers');
    if (storeDiagnostic)
      throw new Error(`--${storeDiagnostic} changes this checkout's store only, not the baseline's: run them apart`);
    baseline = resolve(cwd, flags.baseline);
    if (!peers.includes('parley-base')) peers.splice(peers.indexOf('parley') + 1, 0, 'parley-base');
    // A variant in the run gets its baseline too, right after it (same rounds, same order rules).
    for (const variant of BASELINE_VARIANTS)
      if (peers.includes(variant) && !peers.includes(`${variant}-base`))
        peers.splice(peers.indexOf(variant) + 1, 0, `${variant}-base`);
  }

  const rounds = Math.max(1, Number(flags.rounds ?? (flags.quick ? 1 : 3)));
  if (!Number.isInteger(rounds)) throw new Error(`--rounds must be a whole number (got ${flags.rounds})`);
  if (flags.workers !== undefined && !(Number.isInteger(Number(flags.workers)) && Number(flags.workers) > 0))
    throw new Error(`--workers must be a whole number above 0 (got ${flags.workers})`);
  if (storeDiagnostic && workloads.some((w) => w !== 'a' && w !== 'b' && w !== 'e'))
    throw new Error(`--${storeDiagnostic} runs (a), (b) and (e) only: add --only a,b,e (or fewer)`);
  let openLoopMax = null;
  if (flags['open-loop-max'] !== undefined) {
    openLoopMax = Number(flags['open-loop-max']);
    if (!(Number.isFinite(openLoopMax) && openLoopMax > 0))
      throw new Error(`--open-loop-max must be a rate in msgs/s above 0 (got ${flags['open-loop-max']})`);
    if (!workloads.includes('e')) throw new Error('--open-loop-max sets the maximum of (e): add e to --only');
  }
  const soakMinutes = Number(flags['soak-minutes'] ?? (flags.tiny ? 0.05 : flags.quick ? 0.5 : 10));
  if (!(Number.isFinite(soakMinutes) && soakMinutes > 0))
    throw new Error(`--soak-minutes must be a number of minutes above 0 (got ${flags['soak-minutes']})`);
  // The warm-up comes before the measured minutes. At full size it is the time V8 takes to size its heap to the
  // soak's load (docs/performance.md, "The soak"); a quick run warms up for a fifth of its length.
  const soakWarmupMinutes = Number(flags['soak-warmup-minutes'] ?? (flags.quick ? soakMinutes / 5 : 6));
  if (!(Number.isFinite(soakWarmupMinutes) && soakWarmupMinutes >= 0))
    throw new Error(
      `--soak-warmup-minutes must be a number of minutes, 0 or more (got ${flags['soak-warmup-minutes']})`,
    );

  // (f)'s sizes, for both of its servers, instead of the mode's; and parley-cluster's least number of relays.
  let scaleSizes = null;
  if (flags['scale-sizes'] !== undefined) {
    scaleSizes = list(flags['scale-sizes']).map(Number);
    if (!scaleSizes.length || !scaleSizes.every((n) => Number.isInteger(n) && n > 0))
      throw new Error(`--scale-sizes is a list of whole numbers above 0 (got ${flags['scale-sizes']})`);
  }
  let relays = null;
  if (flags.relays !== undefined) {
    relays = Number(flags.relays);
    if (!(Number.isInteger(relays) && relays >= 2 && relays <= 32))
      throw new Error(`--relays is a whole number from 2 to 32 (got ${flags.relays})`);
  }
  if ((scaleSizes || relays) && !workloads.includes('f'))
    throw new Error(`--${scaleSizes ? 'scale-sizes' : 'relays'} sets (f): add f to --only`);

  if (flags['baseline-node'] !== undefined && baseline === null)
    throw new Error('--baseline-node runs the baseline relay under another Node.js: add --baseline DIR');
  const nodeBinary = flags.node === undefined ? null : resolve(cwd, flags.node);
  const baselineNode = flags['baseline-node'] === undefined ? null : resolve(cwd, flags['baseline-node']);

  return {
    flags,
    workloads,
    peers,
    rounds,
    baseline,
    soakMinutes,
    soakWarmupMinutes,
    nodeBinary,
    baselineNode,
    openLoopMax,
    storeDiagnostic,
    scaleSizes,
    relays,
  };
}

/**
 * The order of the servers in one round (1-based) of (a) or (b): as given, except that parley and parley-base
 * swap places every other round, so that neither always runs first (the machine drifts within a round too).
 */
export function peersForRound(peers, round) {
  const i = peers.indexOf('parley');
  const j = peers.indexOf('parley-base');
  if (round % 2 === 1 || i < 0 || j < 0) return [...peers];
  const order = [...peers];
  [order[i], order[j]] = [order[j], order[i]];
  return order;
}

/**
 * What the scale workload (f) can run here: the relay holds every connection, (b)'s `pairs` × 2 and the idle ones,
 * each a file descriptor, and a few hundred of its own. `wanted` sizes of idle connections that fit under the soft
 * fd limit run; the others are `blocked` (with the descriptors they need), and the most that fits is added in their
 * place, so the largest size measured is as large as this machine allows.
 */
export function planScale(wanted, pairs, fd) {
  const own = 2 * pairs + 300;
  const fits = (idle) => idle + own <= fd.soft;
  const sizes = wanted.filter(fits);
  const blocked = wanted.filter((idle) => !fits(idle)).map((idle) => ({ idle, fds: idle + own }));
  const most = Math.floor((fd.soft - own) / 100) * 100;
  if (blocked.length && most > (sizes.at(-1) ?? 0)) sizes.push(most);
  return { sizes, blocked };
}

/**
 * File descriptors a relay holds besides its WebSocket connections: its listening socket, epoll and Node.js's own
 * (about 25), SQLite's files or, on PostgreSQL, its pools (at most 10 for the store, 4 for the admin side and a
 * probe) and Redis (2). 300 leaves room for the files an admin call or an attachment opens.
 */
export const RELAY_OWN_FDS = 300;

/**
 * (f) on a cluster (`parley-cluster`): how many relays, and what each size asks of each process. Every relay holds
 * its share of the idle connections (spread over the relays in turn) and of (b)'s `pairs` × 2 sockets, plus
 * {@link RELAY_OWN_FDS}; each must fit under the soft fd limit. `minRelays` is the count asked for (the issue's
 * five); when that many cannot hold the largest size, the smallest count that can is used and `raisedFrom` says so.
 * Sizes that still do not fit (more than `maxRelays` relays) are `blocked`. Each load process holds at most
 * `perProcess` idle connections, so `loadProcesses` is what a size needs.
 */
export function planScaleCluster(wanted, pairs, fd, { minRelays = 5, perProcess = 9000, maxRelays = 32 } = {}) {
  const fdsPerRelay = (idle, relays) => Math.ceil(idle / relays) + Math.ceil((2 * pairs) / relays) + RELAY_OWN_FDS;
  const largest = Math.max(0, ...wanted);
  let relays = Math.max(1, minRelays);
  while (relays < maxRelays && fdsPerRelay(largest, relays) > fd.soft) relays++;
  const fits = (idle) => fdsPerRelay(idle, relays) <= fd.soft;
  const plan = wanted.map((idle) => {
    const loadProcesses = Math.max(1, Math.ceil(idle / perProcess));
    return {
      idle,
      relays,
      idlePerRelay: Math.ceil(idle / relays),
      fdsPerRelay: fdsPerRelay(idle, relays),
      loadProcesses,
      idlePerProcess: Math.ceil(idle / loadProcesses),
      fits: fits(idle),
    };
  });
  return {
    relays,
    ...(relays > minRelays
      ? {
          raisedFrom: {
            relays: minRelays,
            reason: `${minRelays} relays would need ${fdsPerRelay(largest, minRelays).toLocaleString('en-US')} file descriptors each for ${largest.toLocaleString('en-US')} idle connections (${Math.ceil(largest / minRelays).toLocaleString('en-US')} idle + ${Math.ceil((2 * pairs) / minRelays).toLocaleString('en-US')} of (b)'s + ${RELAY_OWN_FDS} of its own), over the ${fd.soft.toLocaleString('en-US')} one process may hold here`,
          },
        }
      : {}),
    sizes: wanted.filter(fits),
    blocked: plan.filter((p) => !p.fits).map((p) => ({ idle: p.idle, fds: p.fdsPerRelay })),
    plan,
  };
}

/** One line per size of a {@link planScaleCluster} plan, for the log and `--dry-run`. */
export function describeClusterPlan(cluster, fd) {
  const n = (x) => x.toLocaleString('en-US');
  return [
    `(f) on parley-cluster: ${cluster.relays} relays on PostgreSQL + Redis${cluster.raisedFrom ? ` (not ${cluster.raisedFrom.relays}: ${cluster.raisedFrom.reason})` : ''}; fd limit ${n(fd.soft)} per process`,
    ...cluster.plan.map(
      (p) =>
        `  ${n(p.idle)} idle: ${n(p.idlePerRelay)} per relay, ${n(p.fdsPerRelay)} fds per relay; ${p.loadProcesses} load processes of ${n(p.idlePerProcess)}${p.fits ? '' : ' — BLOCKED: over the fd limit'}`,
    ),
  ];
}
