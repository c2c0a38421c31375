// Runs one workload against one server: starts the server, forks the load processes, and reads the server's
// CPU time and memory around the measured window.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuMicros, listenOverflows, listenerPid, memoryKiB, openFds, pssKiB, treeCpuMicros } from './proc.mjs';
import { databaseUrl, redisUrl } from './postgres.mjs';
import { storesAndAcks } from './drivers.mjs';
import { CREDENTIALS, SERVERS, protocolOf } from './servers.mjs';
import { summarize } from './stats.mjs';
import { now } from './drivers.mjs';

const workerPath = fileURLToPath(new URL('./worker.mjs', import.meta.url));

/** A forked load process with a small request/response helper over IPC. */
class Worker {
  constructor(id) {
    this.id = id;
    this.child = fork(workerPath, [], {
      serialization: 'advanced',
      env: { ...process.env, BENCH_WORKER_ID: String(id) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.inbox = [];
    this.waiters = [];
    this.exited = false;
    this.child.on('message', (msg) => {
      const i = this.waiters.findIndex((w) => w.type === msg.type || msg.type === 'error');
      if (i >= 0) this.waiters.splice(i, 1)[0].resolve(msg);
      else this.inbox.push(msg);
    });
    // 'close' comes after the IPC channel has delivered everything the worker sent ('exit' may come before).
    this.child.on('close', (code, signal) => {
      this.exited = true;
      for (const w of this.waiters.splice(0))
        w.resolve({ type: 'error', message: `load worker ${id} exited (${code ?? signal}) without answering` });
    });
  }

  send(msg) {
    if (!this.exited) this.child.send(msg);
  }

  /** The next message of `type` (an `error` message from the worker rejects). */
  async expect(type, timeoutMs = 300_000) {
    const i = this.inbox.findIndex((m) => m.type === type || m.type === 'error');
    const msg =
      i >= 0
        ? this.inbox.splice(i, 1)[0]
        : await new Promise((resolve) => {
            const waiter = { type, resolve };
            const timer = setTimeout(() => {
              this.waiters.splice(this.waiters.indexOf(waiter), 1);
              resolve({ type: 'error', message: `load worker ${this.id}: no "${type}" within ${timeoutMs} ms` });
            }, timeoutMs);
            waiter.resolve = (m) => {
              clearTimeout(timer);
              resolve(m);
            };
            this.waiters.push(waiter);
          });
    if (msg.type === 'error') throw new Error(msg.message);
    return msg;
  }

  kill() {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}

const all = (workers, type, timeoutMs) => Promise.all(workers.map((w) => w.expect(type, timeoutMs)));
const mb = (kib) => Math.round((kib / 1024) * 10) / 10;

/** Splits `total` into `parts` near-equal whole shares. */
function split(total, parts) {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

/** 127.0.0.2 … 127.0.0.(count+1): source addresses, so that 20,000 connections do not exhaust one address's ports. */
export function sourceAddresses(count) {
  return Array.from({ length: count }, (_, i) => `127.0.0.${i + 2}`);
}

async function withServer(peer, options, body) {
  const server = await SERVERS[peer].start(options);
  try {
    return await body(server);
  } finally {
    await server.stop();
    await server.removeData?.();
  }
}

/** Every process of a server: its relays on a cluster, else the one. */
const pidsOf = (server) => server.pids ?? [server.pid];
/** CPU time (µs) of a server: all its processes and their children. */
const serverCpu = (server) => pidsOf(server).reduce((sum, pid) => sum + cpuMicros(pid), 0);
/** Memory (KiB) of a server: all its processes and their children, summed. */
function serverMemory(server) {
  const each = pidsOf(server).map((pid) => memoryKiB(pid));
  return { rss: each.reduce((t, m) => t + m.rss, 0), hwm: each.reduce((t, m) => t + m.hwm, 0) };
}
/** The ports the load generator spreads its clients over: one per relay of a cluster. */
const portsOf = (server) => server.ports ?? [server.port];

/**
 * A Parley relay's group commits so far, summed over its relays (`undefined` for the peers, which have no /metrics,
 * and when a scrape fails: the figure is a note under the table, never a reason to lose the round). Scraped outside
 * the CPU window: the scrape's own work is not the workload's.
 */
async function commitsSoFar(peer, server) {
  if (!peer.startsWith('parley')) return undefined;
  try {
    const views = await Promise.all(portsOf(server).map((port) => relayView(port)));
    const sum = (key) => views.reduce((total, view) => total + view[key], 0);
    return { commits: sum('commits'), appends: sum('appends') };
  } catch {
    return undefined;
  }
}

/**
 * The measured window's group commits and messages per commit, from two {@link commitsSoFar}: on SQLite, what each
 * commit's fixed cost (its transaction, its WAL write and fsync) is shared by. Nothing on PostgreSQL (no such counter).
 */
function groupCommits(before, after) {
  if (!before || !after) return {};
  const commits = after.commits - before.commits;
  if (!(commits > 0)) return {};
  return { commits, appendsPerCommit: round((after.appends - before.appends) / commits, 1) };
}

// ---- (a) ----------------------------------------------------------------------------------------------------------

/**
 * With a webhook on every message (`parley-outbox`): the distinct events its receiver has had so far; `undefined` for
 * the other servers. Read around a measured window: how many of the window's messages were delivered within it.
 */
async function webhookEvents(server) {
  return server.deliveries ? (await server.deliveries()).events : undefined;
}

export async function runFanout(peer, cfg, serverOptions = {}) {
  return withServer(peer, serverOptions, async (server) => {
    const shares = split(cfg.receivers, cfg.workers);
    const workers = [];
    try {
      const room = 'fanout';
      const common = {
        peer: protocolOf(peer),
        ports: portsOf(server),
        room,
        n: cfg.n,
        warmup: cfg.warmup,
        window: cfg.window,
        timeoutMs: cfg.timeoutMs,
      };
      const first = new Worker(0);
      workers.push(first);
      first.send({ cmd: 'start', workload: 'fanout', params: { ...common, receivers: shares[0], isSender: true } });
      const { visitorToken } = await first.expect('connected');
      for (let w = 1; w < cfg.workers; w++) {
        const worker = new Worker(w);
        workers.push(worker);
        worker.send({
          cmd: 'start',
          workload: 'fanout',
          params: { ...common, receivers: shares[w], isSender: false, visitorToken },
        });
      }
      await all(workers.slice(1), 'connected');
      await sleep(300);
      for (const w of workers) w.send({ cmd: 'run' });
      await all(workers, 'warm', cfg.timeoutMs);
      const hooks0 = await webhookEvents(server);
      const commits0 = await commitsSoFar(peer, server);
      const cpu0 = serverCpu(server);
      for (const w of workers) w.send({ cmd: 'go' });
      const results = (await all(workers, 'result', cfg.timeoutMs + 10_000)).map((m) => m.result);
      const cpu1 = serverCpu(server);
      const commits1 = await commitsSoFar(peer, server);
      const hooks1 = await webhookEvents(server);
      const mem = serverMemory(server);
      const delivered = results.reduce((s, r) => s + r.measuredDelivered, 0);
      const expected = results.reduce((s, r) => s + r.expectedDelivered, 0);
      const startedAt = Math.min(...results.map((r) => r.startedAt));
      const endedAt = Math.max(...results.map((r) => r.lastReceiveAt));
      const seconds = (endedAt - startedAt) / 1000;
      return {
        finished: results.every((r) => r.finished) && delivered === expected,
        messages: cfg.n,
        ...(hooks0 !== undefined ? { webhooksInWindow: hooks1 - hooks0 } : {}),
        subscribers: cfg.receivers,
        delivered,
        expectedDelivered: expected,
        seconds: round(seconds, 3),
        deliveredPerSec: Math.round(delivered / seconds),
        serverCpuMs: round((cpu1 - cpu0) / 1000, 1),
        serverCpuUsPerDelivery: round((cpu1 - cpu0) / delivered, 3),
        serverCpuShare: round((cpu1 - cpu0) / 1e6 / seconds, 2),
        loadCpuShare: round(results.reduce((s, r) => s + r.loadCpuUs, 0) / 1e6 / seconds, 2),
        ...groupCommits(commits0, commits1),
        latencyMs: summarize(results.map((r) => r.latencies)),
        ackLatencyMs: storesAndAcks(protocolOf(peer)) ? summarize(results.map((r) => r.ackLatencies)) : undefined,
        rssMB: mb(mem.rss),
        peakRssMB: mb(mem.hwm),
        errors: results.reduce((s, r) => s + r.errors, 0),
        lastError: results.find((r) => r.lastError)?.lastError || undefined,
      };
    } finally {
      for (const w of workers) w.kill();
    }
  });
}

// ---- (b) ----------------------------------------------------------------------------------------------------------

export async function runConversations(peer, cfg, serverOptions = {}) {
  return withServer(peer, serverOptions, (server) => measureConversations(peer, server, cfg));
}

/** (b)'s load on a running `server`: connects, warms up, measures, and answers (b)'s figures. */
async function measureConversations(peer, server, cfg, beside = []) {
  const shares = split(cfg.pairs, cfg.workers);
  const addresses = sourceAddresses(4);
  const workers = shares.map((_, w) => new Worker(w));
  try {
    workers.forEach((worker, w) =>
      worker.send({
        cmd: 'start',
        workload: 'conversations',
        params: {
          peer: protocolOf(peer),
          ports: portsOf(server),
          pairs: shares[w],
          perSide: cfg.perSide,
          warmup: cfg.warmup,
          window: cfg.window,
          addresses,
          timeoutMs: cfg.timeoutMs,
        },
      }),
    );
    await all(workers, 'connected', cfg.timeoutMs);
    await sleep(300);
    for (const w of workers) w.send({ cmd: 'run' });
    await all(workers, 'warm', cfg.timeoutMs);
    const hooks0 = await webhookEvents(server);
    const commits0 = await commitsSoFar(peer, server);
    const besideCpu0 = beside.map(serviceCpu);
    const cpu0 = serverCpu(server);
    for (const w of workers) w.send({ cmd: 'go' });
    const results = (await all(workers, 'result', cfg.timeoutMs + 10_000)).map((m) => m.result);
    const cpu1 = serverCpu(server);
    const besideCpu1 = beside.map(serviceCpu);
    const commits1 = await commitsSoFar(peer, server);
    const hooks1 = await webhookEvents(server);
    const mem = serverMemory(server);
    const completed = results.reduce((s, r) => s + r.completeMeasured, 0);
    const delivered = results.reduce((s, r) => s + r.deliveredMeasured, 0);
    const expected = results.reduce((s, r) => s + r.expected, 0);
    const seconds =
      (Math.max(...results.map((r) => r.lastDoneAt)) - Math.min(...results.map((r) => r.startedAt))) / 1000;
    return {
      finished: results.every((r) => r.finished) && completed === expected,
      metric: storesAndAcks(protocolOf(peer))
        ? 'stored and acknowledged'
        : 'relayed to the partner (no storage, no acknowledgement)',
      pairs: cfg.pairs,
      messages: expected,
      completed,
      delivered,
      ...(hooks0 !== undefined ? { webhooksInWindow: hooks1 - hooks0 } : {}),
      seconds: round(seconds, 3),
      messagesPerSec: Math.round(completed / seconds),
      deliveredPerSec: Math.round(delivered / seconds),
      serverCpuMs: round((cpu1 - cpu0) / 1000, 1),
      serverCpuUsPerDelivery: round((cpu1 - cpu0) / delivered, 3),
      // Per message counted (stored and acked, or relayed): what the targets of (b) compare.
      serverCpuUsPerMessage: round((cpu1 - cpu0) / completed, 3),
      serverCpuShare: round((cpu1 - cpu0) / 1e6 / seconds, 2),
      loadCpuShare: round(results.reduce((s, r) => s + r.loadCpuUs, 0) / 1e6 / seconds, 2),
      ...groupCommits(commits0, commits1),
      latencyMs: summarize(results.map((r) => r.latencies)),
      ackLatencyMs: storesAndAcks(protocolOf(peer)) ? summarize(results.map((r) => r.ackLatencies)) : undefined,
      rssMB: mb(mem.rss),
      peakRssMB: mb(mem.hwm),
      ...(pidsOf(server).length > 1 ? { relays: pidsOf(server).length } : {}),
      // The services beside the relays (PostgreSQL, Redis) over the same window: their CPU per message and share.
      ...(beside.length
        ? {
            beside: Object.fromEntries(
              beside.map((service, i) => {
                const us = besideCpu1[i] === null || besideCpu0[i] === null ? null : besideCpu1[i] - besideCpu0[i];
                return [
                  service.name,
                  us === null
                    ? { error: service.error ?? 'its /proc could not be read' }
                    : { cpuUsPerMessage: round(us / completed, 3), cpuShare: round(us / 1e6 / seconds, 3) },
                ];
              }),
            ),
          }
        : {}),
      errors: results.reduce((s, r) => s + r.errors, 0),
      lastError: results.find((r) => r.lastError)?.lastError || undefined,
    };
  } finally {
    for (const w of workers) w.kill();
  }
}

/**
 * PostgreSQL and Redis as (f) on a cluster reads them beside its relays: each `{ name, port, pid }` (the process
 * listening on the port of the bench's URL, found with `ss -ltnp`; with its children: PostgreSQL's backends), or
 * `{ name, port, error }` when none can be named. They are the machine's servers, shared with whatever else uses
 * them while the bench runs.
 */
export function besideServices() {
  return [
    ['postgres', Number(new URL(databaseUrl).port || 5432)],
    ['redis', Number(new URL(redisUrl).port || 6379)],
  ].map(([name, port]) => {
    const pid = listenerPid(port);
    return pid
      ? { name, port, pid }
      : { name, port, error: `no process named listening on port ${port} (ss -ltnp; another user's, or not here)` };
  });
}

/** A service's CPU time (µs, with its children, ended ones included), or null when it cannot be read. */
function serviceCpu(service) {
  if (!service.pid) return null;
  const us = treeCpuMicros(service.pid);
  return us > 0 ? us : null;
}

/** A service's memory (MB, proportional: each shared page once over its processes), or null. */
function serviceMemoryMB(service) {
  if (!service.pid) return null;
  const kib = pssKiB(service.pid);
  return kib === null ? null : mb(kib);
}

/** Mean and largest of each relay's RSS (MB) now. */
function perRelayRss(server) {
  const each = pidsOf(server).map((pid) => memoryKiB(pid).rss);
  return { meanMB: mb(each.reduce((t, x) => t + x, 0) / each.length), maxMB: mb(Math.max(...each)) };
}

/**
 * A relay's own view of a window, from two scrapes of /metrics (the first opens the window: the event-loop delay
 * figures cover the time since the previous scrape): its event-loop delay (p99 and max, ms), its group commits
 * (SQLite: how many, and messages in each) and its receive→ack latency, as the upper bound of the histogram bucket holding the 50th and 99th percentile (ms).
 */
async function relayView(port) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const value = (name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  const buckets = [...text.matchAll(/^parley_ack_latency_ms_bucket\{le="([^"]+)"\} (\d+)$/gm)].map((m) => [
    m[1] === '+Inf' ? Infinity : Number(m[1]),
    Number(m[2]),
  ]);
  return {
    loopP99Ms: value('parley_event_loop_delay_p99_seconds') * 1000,
    loopMaxMs: value('parley_event_loop_delay_max_seconds') * 1000,
    commits: value('parley_store_commits_total'),
    appends: value('parley_store_committed_appends_total'),
    buckets,
  };
}

/** The relays' view of the window between `before` and `after` (one relayView per relay, each). */
function relayWindow(before, after) {
  const bound = (q) => {
    const counts = new Map();
    before.forEach((b, r) =>
      after[r].buckets.forEach(([le, n], i) => counts.set(le, (counts.get(le) ?? 0) + n - (b.buckets[i]?.[1] ?? 0))),
    );
    const total = counts.get(Infinity) ?? 0;
    if (!total) return null;
    // Past the last bucket's bound: a string, as JSON has no Infinity.
    for (const [le, n] of [...counts].sort((x, y) => x[0] - y[0]))
      if (n >= q * total) return le === Infinity ? '> 2,500' : le;
    return null;
  };
  const sum = (views, key) => views.reduce((s, v) => s + (Number.isFinite(v[key]) ? v[key] : 0), 0);
  const commits = sum(after, 'commits') - sum(before, 'commits');
  return {
    eventLoopP99Ms: round(Math.max(...after.map((a) => a.loopP99Ms)), 2),
    // Group commits in the window and messages per commit (none on PostgreSQL, whose store has no such counter).
    commits,
    appendsPerCommit: commits > 0 ? round((sum(after, 'appends') - sum(before, 'appends')) / commits, 2) : null,
    eventLoopMaxMs: round(Math.max(...after.map((a) => a.loopMaxMs)), 2),
    receiveToAckP50UpToMs: bound(0.5),
    receiveToAckP99UpToMs: bound(0.99),
  };
}

// ---- (e) open loop ------------------------------------------------------------------------------------------------

/**
 * (e) on `peer`: `cfg.pairs` rooms of two connections, as in (b), offered `levels` one after the other on the same
 * connections (each `{ label, offeredPerSec, … }`: Poisson arrivals at that rate in all, spread evenly over the
 * sides; a side sends on its own schedule whatever is still in flight). Per level: `cfg.warmupMs` unmeasured, then
 * `cfg.measureMs` measured (messages scheduled in it; the server's CPU read around it), then a drain of up to
 * `cfg.drainMs`. The achieved rate is what the partners received during the measured window; a server keeps up
 * when it is ≥ 95 % of the offered rate.
 */
export async function runOpenLoop(peer, cfg, levels, serverOptions = {}) {
  return withServer(peer, serverOptions, async (server) => {
    const shares = split(cfg.pairs, cfg.workers);
    const addresses = sourceAddresses(4);
    const workers = shares.map((_, w) => new Worker(w));
    const durable = storesAndAcks(protocolOf(peer));
    try {
      workers.forEach((worker, w) =>
        worker.send({
          cmd: 'start',
          workload: 'openLoop',
          params: {
            peer: protocolOf(peer),
            ports: portsOf(server),
            pairs: shares[w],
            addresses,
            drainMs: cfg.drainMs,
          },
        }),
      );
      await all(workers, 'connected', cfg.timeoutMs);
      await sleep(300);
      const out = [];
      for (const level of levels) {
        workers.forEach((worker, w) =>
          worker.send({ cmd: 'level', ratePerSec: (level.offeredPerSec * shares[w]) / cfg.pairs }),
        );
        await sleep(cfg.warmupMs);
        const isRelay = protocolOf(peer) === 'parley';
        const viewBefore = isRelay ? await Promise.all(portsOf(server).map(relayView)) : null;
        for (const w of workers) w.send({ cmd: 'mark' });
        const cpu0 = serverCpu(server);
        const t0 = now();
        await sleep(cfg.measureMs);
        for (const w of workers) w.send({ cmd: 'stop' });
        const cpu1 = serverCpu(server);
        const seconds = (now() - t0) / 1000;
        const viewAfter = isRelay ? await Promise.all(portsOf(server).map(relayView)) : null;
        const results = (await all(workers, 'level', cfg.drainMs + 30_000)).map((m) => m.result);
        const windowSeconds = Math.max(...results.map((r) => r.windowMs)) / 1000;
        const scheduled = results.reduce((s, r) => s + r.scheduled, 0);
        const delivered = results.reduce((s, r) => s + r.deliveredInWindow, 0);
        const achieved = delivered / windowSeconds;
        out.push({
          ...level,
          offeredPerSec: Math.round(level.offeredPerSec),
          scheduled,
          scheduledPerSec: Math.round(scheduled / windowSeconds),
          achievedPerSec: Math.round(achieved),
          keptUp: achieved >= 0.95 * level.offeredPerSec,
          deliveryMs: summarize(results.map((r) => r.delivery)),
          ackMs: durable ? summarize(results.map((r) => r.ack)) : undefined,
          // The load processes' own lateness (sent − scheduled): the part of the latencies that is theirs.
          sendLagMs: summarize(results.map((r) => r.lag)),
          // The relay's own view of the window: is the tail in its event loop, in its commits, or before it?
          ...(isRelay ? { relay: relayWindow(viewBefore, viewAfter) } : {}),
          undelivered: results.reduce((s, r) => s + r.undelivered, 0),
          unacked: durable ? results.reduce((s, r) => s + r.unacked, 0) : undefined,
          serverCpuUsPerMessage: delivered > 0 ? round((cpu1 - cpu0) / delivered, 3) : null,
          serverCpuShare: round((cpu1 - cpu0) / 1e6 / seconds, 2),
          // Cores the load processes used while sending (each over its own sending time).
          loadCpuShare: round(
            results.reduce((s, r) => s + r.loadCpuUs / 1000 / r.loadMs, 0),
            2,
          ),
          errors: results.reduce((s, r) => s + r.errors, 0),
          lastError: results.find((r) => r.lastError)?.lastError || undefined,
        });
      }
      for (const w of workers) w.send({ cmd: 'close' });
      await all(workers, 'result', 30_000);
      const mem = serverMemory(server);
      return {
        finished: out.every((l) => l.undelivered === 0 && !l.unacked),
        pairs: cfg.pairs,
        levels: out,
        rssMB: mb(mem.rss),
        ...(pidsOf(server).length > 1 ? { relays: pidsOf(server).length } : {}),
      };
    } finally {
      for (const w of workers) w.kill();
    }
  });
}

// ---- (f) scale ----------------------------------------------------------------------------------------------------

/**
 * (f) on `peer`, once per size in `cfg.sizes`: a fresh server; its RSS at rest; `size` idle connections opened
 * (as in (c), spread over `cfg.addresses` source addresses and load processes of at most `cfg.perProcess` each);
 * RSS again; then (b)'s load (`cfg.b`) beside them, with its CPU per message. Sizes that would need more file
 * descriptors than one process may hold (`cfg.fdLimit`: the server holds every connection) are not run; the caller
 * says why.
 */
/**
 * Has each load process open its share of idle connections (from `addresses`, numbered on across the processes) and
 * waits for all: each process's answer, the seconds it took, and how many opened and failed.
 */
async function openIdle(workers, shares, peer, server, addresses, timeoutMs) {
  let offset = 0;
  const startedAt = now();
  workers.forEach((worker, w) => {
    worker.send({
      cmd: 'start',
      workload: 'idle',
      params: { peer: protocolOf(peer), ports: portsOf(server), count: shares[w], addresses, offset },
    });
    offset += shares[w];
  });
  const connected = await all(workers, 'connected', timeoutMs);
  return {
    connected,
    connectSeconds: (now() - startedAt) / 1000,
    open: connected.reduce((s, m) => s + m.connected, 0),
    failed: connected.reduce((s, m) => s + m.failed, 0),
  };
}

export async function runScale(peer, cfg) {
  // On a cluster (parley-cluster): `cfg.relays` relays, and PostgreSQL's and Redis's CPU and memory beside them.
  const cluster = cfg.relays !== undefined;
  const services = cluster ? besideServices() : [];
  const serviceMemory = () => Object.fromEntries(services.map((x) => [x.name, serviceMemoryMB(x)]));
  const sizes = [];
  for (const idle of cfg.sizes) {
    let measured;
    try {
      measured = await withServer(peer, cluster ? { relays: cfg.relays } : {}, async (server) => {
        await sleep(1000);
        const before = serverMemory(server);
        const eachBefore = cluster ? perRelayRss(server) : null;
        const servicesAtRest = serviceMemory();
        const addresses = sourceAddresses(cfg.addresses);
        const shares = split(idle, Math.max(1, Math.ceil(idle / cfg.perProcess)));
        const workers = shares.map((_, w) => new Worker(100 + w));
        try {
          // Every hello is a visitor the relay looks up in its store: the wait grows with the size (10 ms a connection
          // at most; a quiet machine takes far less).
          const { connected, connectSeconds, open, failed } = await openIdle(
            workers,
            shares,
            peer,
            server,
            addresses,
            Math.max(cfg.timeoutMs, idle * 10),
          );
          if (failed)
            throw new Error(
              `scale: ${failed} of ${idle} idle connections failed: ${connected.find((m) => m.firstError)?.firstError}`,
            );
          // The relay's CPU with only the idle connections open: timers, sweeps and pings, whatever scales with them.
          const settleCpu0 = serverCpu(server);
          const settleServices0 = services.map(serviceCpu);
          const settleAt = now();
          await sleep(cfg.settleMs);
          const settledMs = now() - settleAt;
          const idleCpuShare = (serverCpu(server) - settleCpu0) / 1000 / settledMs;
          const servicesIdleShare = services.map((x, i) => {
            const us = serviceCpu(x);
            return us === null || settleServices0[i] === null
              ? null
              : round((us - settleServices0[i]) / 1000 / settledMs, 3);
          });
          const withIdle = serverMemory(server);
          const eachWithIdle = cluster ? perRelayRss(server) : null;
          const servicesWithIdle = serviceMemory();
          const fds = cluster ? pidsOf(server).map(openFds) : [];
          const loadRssKiB = workers.reduce((t, w) => t + memoryKiB(w.child.pid).rss, 0);
          const active = await measureConversations(peer, server, cfg.b, services);
          const eachUnderLoad = cluster ? perRelayRss(server) : null;
          const servicesUnderLoad = serviceMemory();
          for (const w of workers) w.send({ cmd: 'close' });
          const closed = await all(workers, 'result', 60_000);
          const stillOpen = closed.reduce((s, m) => s + m.result.stillOpen, 0);
          const perIdleBytes = ((withIdle.rss - before.rss) * 1024) / open;
          return {
            idle: open,
            stillOpenAtEnd: stillOpen,
            connectSeconds: round(connectSeconds, 2),
            rssAtRestMB: mb(before.rss),
            rssWithIdleMB: mb(withIdle.rss),
            kibPerIdleConnection: round(perIdleBytes / 1024, 2),
            idleCpuShare: round(idleCpuShare, 3),
            finished: active.finished && stillOpen === open,
            messagesPerSec: active.messagesPerSec,
            serverCpuUsPerMessage: active.serverCpuUsPerMessage,
            serverCpuShare: active.serverCpuShare,
            latencyMs: active.latencyMs,
            ackLatencyMs: active.ackLatencyMs,
            rssMB: active.rssMB,
            peakRssMB: active.peakRssMB,
            errors: active.errors,
            loadProcesses: workers.length,
            // The load processes holding the idle connections, summed: what the load generator needs beside.
            loadRssMB: mb(loadRssKiB),
            ...(cluster
              ? {
                  relays: pidsOf(server).length,
                  rssPerRelayMB: { atRest: eachBefore, withIdle: eachWithIdle, underLoad: eachUnderLoad },
                  // The most file descriptors any relay held with the idle connections open (the plan's check).
                  fdsPerRelayMax: fds.every((n) => n !== null) ? Math.max(...fds) : null,
                  beside: Object.fromEntries(
                    services.map((x, i) => [
                      x.name,
                      x.error
                        ? { error: x.error }
                        : {
                            pid: x.pid,
                            idleCpuShare: servicesIdleShare[i],
                            cpuUsPerMessage: active.beside?.[x.name]?.cpuUsPerMessage ?? null,
                            cpuShare: active.beside?.[x.name]?.cpuShare ?? null,
                            pssAtRestMB: servicesAtRest[x.name],
                            pssWithIdleMB: servicesWithIdle[x.name],
                            pssUnderLoadMB: servicesUnderLoad[x.name],
                          },
                    ]),
                  ),
                }
              : {}),
          };
        } finally {
          for (const w of workers) w.kill();
        }
      });
    } catch (error) {
      // The sizes measured so far stay in the result; the larger ones are not tried (they would fail the same way).
      sizes.push({ idle, finished: false, error: String(error.message ?? error).slice(0, 2000) });
      break;
    }
    sizes.push(measured);
  }
  if (sizes.length && sizes.every((s) => s.error)) throw new Error(sizes[0].error);
  const first = sizes[0];
  const last = sizes.at(-1);
  return {
    finished: sizes.length === cfg.sizes.length && sizes.every((s) => s.finished),
    pairs: cfg.b.pairs,
    ...(cluster ? { relays: cfg.relays, ...(cfg.raisedFrom ? { raisedFrom: cfg.raisedFrom } : {}) } : {}),
    sizes,
    cpuGrowth: first && last ? round(last.serverCpuUsPerMessage / first.serverCpuUsPerMessage, 3) : null,
  };
}

// ---- (c) ----------------------------------------------------------------------------------------------------------

export async function runIdle(peer, cfg) {
  return withServer(peer, {}, async (server) => {
    const shares = split(cfg.connections, cfg.workers);
    const addresses = sourceAddresses(cfg.addresses);
    await sleep(1000);
    const before = serverMemory(server);
    const workers = shares.map((_, w) => new Worker(w));
    try {
      const { connected, connectSeconds, open, failed } = await openIdle(
        workers,
        shares,
        peer,
        server,
        addresses,
        cfg.timeoutMs,
      );
      // Let timers and allocation settle; take the last of a few samples.
      let after = before;
      for (let i = 0; i < cfg.settleSamples; i++) {
        await sleep(1000);
        after = serverMemory(server);
      }
      for (const w of workers) w.send({ cmd: 'close' });
      const closed = await all(workers, 'result', 60_000);
      const stillOpen = closed.reduce((s, m) => s + m.result.stillOpen, 0);
      const perConnBytes = open > 0 ? ((after.rss - before.rss) * 1024) / open : Number.NaN;
      return {
        finished: failed === 0 && stillOpen === open,
        connections: open,
        failed,
        firstError: connected.find((m) => m.firstError)?.firstError || undefined,
        stillOpenAtEnd: stillOpen,
        connectSeconds: round(connectSeconds, 2),
        rssBeforeMB: mb(before.rss),
        rssMB: mb(after.rss),
        peakRssMB: mb(after.hwm),
        bytesPerConnection: Math.round(perConnBytes),
        kibPerConnection: round(perConnBytes / 1024, 2),
      };
    } finally {
      for (const w of workers) w.kill();
    }
  });
}

// ---- (d) ----------------------------------------------------------------------------------------------------------

/**
 * (d) on `peer`: clients connected and sending, then relay 0 killed with SIGKILL. A single relay is restarted on
 * the same data and port; on a cluster the killed relay stays down and its clients resume on another.
 */
export async function runRestart(peer, cfg, options = {}) {
  const server = await SERVERS[peer].start(options);
  const ports = portsOf(server);
  const cluster = ports.length > 1;
  const killedPort = ports[0];
  const shares = split(cfg.conversations, cfg.workers);
  const addresses = sourceAddresses(cfg.addresses);
  const workers = shares.map((_, w) => new Worker(w));
  try {
    workers.forEach((worker, w) =>
      worker.send({
        cmd: 'start',
        workload: 'restart',
        params: {
          ports,
          conversations: shares[w],
          perConversation: cfg.perConversation,
          intervalMs: cfg.intervalMs,
          addresses,
          timeoutMs: cfg.timeoutMs,
        },
      }),
    );
    const connected = await all(workers, 'connected', cfg.timeoutMs);
    const failed = connected.reduce((s, m) => s + m.failed, 0);
    if (failed)
      throw new Error(
        `restart: ${failed} conversations failed to connect: ${connected.find((m) => m.firstError)?.firstError}`,
      );
    const total = connected.reduce((s, m) => s + m.connections, 0);
    for (const w of workers) w.send({ cmd: 'live' });
    await sleep(cfg.liveBeforeMs);

    const overflowsBefore = listenOverflows();
    const killAt = now();
    await server.kill(0);
    const restartAt = now();
    if (!cluster) await server.restart(0);
    const listeningAt = now();

    let status = [];
    const deadline = Date.now() + cfg.resumeTimeoutMs;
    for (;;) {
      for (const w of workers) w.send({ cmd: 'status', killedPort });
      status = await all(workers, 'status', 10_000);
      const affected = status.reduce((s, m) => s + m.affected, 0);
      if (status.reduce((s, m) => s + m.resumed, 0) >= affected || Date.now() > deadline) break;
      await sleep(100);
    }
    const resumed = status.reduce((s, m) => s + m.resumed, 0);
    const affected = status.reduce((s, m) => s + m.affected, 0);
    const lastResumedAt = Math.max(...status.map((m) => m.lastResumedAt));
    const overflowsAfter = listenOverflows();
    await sleep(cfg.liveAfterMs);
    for (const w of workers) w.send({ cmd: 'stop' });
    const results = (await all(workers, 'result', 60_000)).map((m) => m.result);
    const sum = (key) => results.reduce((s, r) => s + r[key], 0);
    return {
      finished: affected > 0 && resumed === affected,
      relays: ports.length,
      scenario: cluster
        ? `relay 1 of ${ports.length} killed (SIGKILL), not restarted: its clients resume on the others`
        : 'relay killed (SIGKILL) and restarted on the same data and port',
      connections: total,
      conversations: cfg.conversations,
      // The killed relay's clients, which had to resume (all of them with one relay).
      affected,
      resumed,
      resumeSecondsFromKill: round((lastResumedAt - killAt) / 1000, 3),
      resumeSecondsFromListening: cluster ? null : round((lastResumedAt - listeningAt) / 1000, 3),
      restartSeconds: cluster ? null : round((listeningAt - restartAt) / 1000, 3),
      // Connections the machine's accept queues dropped from the kill until all resumed (null off Linux).
      acceptQueueOverflows:
        overflowsBefore === null || overflowsAfter === null ? null : overflowsAfter - overflowsBefore,
      acked: sum('acked'),
      duplicateAcks: sum('duplicateAcks'),
      unacked: sum('unacked'),
      lost: sum('lostAcked'),
      missingDeliveries: sum('lostDeliveries'),
      duplicated: sum('duplicateDeliveries') + sum('storedTwice'),
      duplicateDeliveries: sum('duplicateDeliveries'),
      storedTwice: sum('storedTwice'),
      neverDropped: sum('neverDropped'),
      errors: sum('errors'),
      rssMB: mb(serverMemory(server).rss),
    };
  } finally {
    for (const w of workers) w.kill();
    await server.stop();
    await server.removeData();
  }
}

function round(v, digits) {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

// ---- soak ---------------------------------------------------------------------------------------------------------

/** The relay's own gauges from /metrics (heap, event-loop delay since the previous scrape, messages stored). */
async function scrape(port) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const value = (name) => {
    const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
    return m ? Number(m[1]) : null;
  };
  return {
    heapUsed: value('parley_heap_used_bytes'),
    heapCommitted: value('parley_heap_committed_bytes'),
    loopP99: value('parley_event_loop_delay_p99_seconds'),
    loopMax: value('parley_event_loop_delay_max_seconds'),
    stored: value('parley_messages_stored_total'),
  };
}

/** The median of a non-empty list of numbers. */
const medianOf = (values) => {
  const v = [...values].sort((x, y) => x - y);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};

/**
 * The soak: steady mixed load on one relay for `cfg.warmupMinutes`, then for `cfg.minutes` more, sampling every
 * `cfg.sampleMs` its RSS (/proc) and its heap and event-loop delay (/metrics, whose delay figures cover the time
 * since the previous scrape). Over the measured minutes, RSS growth compares the median of the first quarter of
 * the samples with that of the last quarter; the event-loop delay is judged on the highest p99 of any sample
 * window. The warm-up is sampled too (in the series, marked), but judges nothing.
 */
export async function runSoak(peer, cfg) {
  return withServer(peer, {}, async (server) => {
    const worker = new Worker(0);
    try {
      worker.send({
        cmd: 'start',
        workload: 'soak',
        params: {
          ports: portsOf(server),
          visitors: cfg.visitors,
          staff: cfg.staff,
          visitorEveryMs: cfg.visitorEveryMs,
          staffEveryMs: cfg.staffEveryMs,
          churnPerSecond: cfg.churnPerSecond,
          staffToken: CREDENTIALS.parley.adminToken,
        },
      });
      const { connections } = await worker.expect('connected', cfg.timeoutMs);
      await scrape(server.port); // opens a fresh event-loop delay window
      worker.send({ cmd: 'run' });
      const warmupMs = cfg.warmupMinutes * 60_000;
      const durationMs = warmupMs + cfg.minutes * 60_000;
      const startedAt = Date.now();
      const cpu0 = serverCpu(server);
      const series = [];
      while (Date.now() - startedAt < durationMs) {
        await sleep(Math.min(cfg.sampleMs, Math.max(0, durationMs - (Date.now() - startedAt))));
        const m = await scrape(server.port);
        const mem = serverMemory(server);
        series.push({
          t: round((Date.now() - startedAt) / 1000, 1),
          rssMB: mb(mem.rss),
          heapMB: round(m.heapUsed / 2 ** 20, 1),
          heapCommittedMB: round(m.heapCommitted / 2 ** 20, 1),
          eventLoopP99Ms: round(m.loopP99 * 1000, 2),
          eventLoopMaxMs: round(m.loopMax * 1000, 2),
          stored: m.stored,
        });
        if (worker.exited) throw new Error('soak: the load process exited');
      }
      const cpu1 = serverCpu(server);
      worker.send({ cmd: 'stop' });
      const { result: load } = await worker.expect('result', 30_000);
      const seconds = (Date.now() - startedAt) / 1000;
      const steady = series.filter((s) => s.t * 1000 >= warmupMs);
      if (steady.length < 2) throw new Error(`soak: ${steady.length} samples after the warm-up; run it longer`);
      const quarter = Math.max(1, Math.floor(steady.length / 4));
      const rssStart = medianOf(steady.slice(0, quarter).map((s) => s.rssMB));
      const rssEnd = medianOf(steady.slice(-quarter).map((s) => s.rssMB));
      // What V8 holds, and the live heap: the least in use in each quarter (the heap right after a collection).
      const committed = (part) => medianOf(part.map((s) => s.heapCommittedMB));
      const live = (part) => Math.min(...part.map((s) => s.heapMB));
      const peakStart = Math.max(...steady.slice(0, quarter).map((s) => s.rssMB));
      const peakEnd = Math.max(...steady.slice(-quarter).map((s) => s.rssMB));
      const loop = steady.map((s) => s.eventLoopP99Ms);
      const stored = series.at(-1).stored - (series[0]?.stored ?? 0);
      return {
        finished: load.errors === 0 && load.acked > 0,
        minutes: cfg.minutes,
        warmupSeconds: round(warmupMs / 1000, 1),
        sampleSeconds: cfg.sampleMs / 1000,
        connections,
        ...load,
        messagesPerSec: round(load.acked / seconds, 1),
        storedDuringSamples: stored,
        serverCpuShare: round((cpu1 - cpu0) / 1e6 / seconds, 3),
        rssStartMB: rssStart,
        rssEndMB: rssEnd,
        rssMaxMB: Math.max(...steady.map((s) => s.rssMB)),
        // The envelope: V8 grows and shrinks its young generation by tens of MB when it chooses, which moves the
        // medians either way; a slow leak raises the highest samples of the last quarter over those of the first.
        rssGrowthPercent: round(((rssEnd - rssStart) / rssStart) * 100, 2),
        rssPeakGrowthPercent: round(((peakEnd - peakStart) / peakStart) * 100, 2),
        heapCommittedStartMB: committed(steady.slice(0, quarter)),
        heapCommittedEndMB: committed(steady.slice(-quarter)),
        heapLiveStartMB: live(steady.slice(0, quarter)),
        heapLiveEndMB: live(steady.slice(-quarter)),
        // From the start, warm-up included: how far RSS rose while V8 sized its heap.
        rssFirstMB: series[0]?.rssMB ?? null,
        eventLoopP99Ms: { max: Math.max(...loop), median: round(medianOf(loop), 2) },
        eventLoopMaxMs: Math.max(...steady.map((s) => s.eventLoopMaxMs)),
        series,
      };
    } finally {
      worker.kill();
    }
  });
}
