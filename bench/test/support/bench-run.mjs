// The checks of a bench run's report, shared by CI's tiny run of the relay alone (bench/test/bench-output.test.mjs,
// `npm run bench:check`) and the full quick mode with every server (bench/test/quick/quick-mode.test.mjs,
// `npm run bench:quick`): the run completes, and its JSON has every workload of the servers it ran, with sane
// numbers. The performance targets are not asserted here (they belong in docs/performance.md).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const runScript = fileURLToPath(new URL('../../run.mjs', import.meta.url));
/** Every server of a full run. */
export const ALL_PEERS = ['uws', 'socketio', 'socketio-pg', 'soketi', 'parley', 'parley-pg', 'parley-pg2'];
/** The servers that store and acknowledge each message in (b). */
const DURABLE = ['socketio-pg', 'parley', 'parley-pg', 'parley-pg2'];
/** The servers (c) measures; the others say why not. */
const IDLE = ['uws', 'socketio', 'soketi', 'parley'];
/** The servers the open loop (e) runs on; the others say why not. */
const OPEN_LOOP = ['uws', 'socketio', 'socketio-pg', 'parley', 'parley-pg2'];
/** The relays (d) kills. */
const RELAYS = ['parley', 'parley-pg', 'parley-pg2'];
/** The servers on PostgreSQL: with one in the run, the report states the server's commit settings. */
const ON_POSTGRES = ['socketio-pg', 'parley-pg', 'parley-pg2'];
const positive = (v, what) => assert.ok(typeof v === 'number' && Number.isFinite(v) && v > 0, `${what} = ${v}`);
const nonNegative = (v, what) => assert.ok(typeof v === 'number' && Number.isFinite(v) && v >= 0, `${what} = ${v}`);

/**
 * Runs `node bench/run.mjs --<size> --only a,b,c,d,e,f,w,ch,r,soak` with a soak of `soakMinutes` into a temp dir, and
 * describes the checks of its report. `peers` are the servers (`--peers`); without them, every server (the bench's
 * default set: also the release tree's bundle, in (d)). `scaleSizes` are the idle connections (f) runs beside (b) at
 * that size. A target comparing Parley with a server not in the run is "not measured"; the others are judged.
 *
 * @param {{ title: string, size: 'tiny' | 'quick', peers?: string[], soakMinutes: number, scaleSizes: number[],
 *   timeoutMs: number }} run
 */
export function describeBenchRun({ title, size, peers, soakMinutes, scaleSizes, timeoutMs }) {
  const PEERS = peers ?? ALL_PEERS;
  const has = (peer) => PEERS.includes(peer);
  const inRun = (list) => list.filter(has);
  describe(title, { timeout: timeoutMs + 30_000 }, () => {
    let out;
    let results;
    let markdown;
    let run;

    before(() => {
      out = mkdtempSync(join(tmpdir(), 'parley-bench-test-'));
      // PostgreSQL and Redis must be up (CI starts them before this step): their servers are not skipped, and (r)
      // runs on both stores. The limit guards against a hang, not a speed: beside the services suite on a slow machine
      // (a CI rehearsal, load average over 15) the quick mode ran past 300 s.
      run = spawnSync(
        process.execPath,
        [
          runScript,
          `--${size}`,
          '--peers',
          PEERS.join(','),
          '--only',
          'a,b,c,d,e,f,w,ch,r,soak',
          '--soak-minutes',
          String(soakMinutes),
          '--out',
          out,
        ],
        { encoding: 'utf8', timeout: timeoutMs },
      );
      const files = readdirSync(out).filter((f) => f.endsWith('.json'));
      if (files.length === 1) results = JSON.parse(readFileSync(join(out, files[0]), 'utf8'));
      try {
        markdown = readFileSync(join(out, 'latest.md'), 'utf8');
      } catch {
        markdown = '';
      }
    });
    after(() => rmSync(out, { recursive: true, force: true }));

    it('exits 0 within the time limit and writes one JSON file and latest.md', () => {
      assert.equal(run.error, undefined, String(run.error));
      assert.equal(run.status, 0, run.stderr.slice(-3000));
      assert.ok(results, 'no results JSON written');
      assert.match(markdown, /\(a\) Fan-out/);
      assert.match(markdown, /Targets \(Parley\)/);
      assert.match(markdown, new RegExp(`## Soak: ${String(soakMinutes).replace('.', '\\.')} min`));
      assert.match(markdown, /## \(e\) Open loop/);
      assert.match(markdown, /## \(f\) Scale/);
      assert.match(markdown, /## \(ch\) Messaging channels inbound/);
    });

    it('describes the machine and the run', () => {
      assert.equal(results.schema, 1);
      assert.equal(results.mode, size);
      positive(results.machine.nproc, 'nproc');
      assert.equal(typeof results.machine.cpuModel, 'string');
      assert.equal(results.machine.loadavg.length, 3);
      for (const peer of PEERS)
        assert.equal(results.servers[peer]?.available, true, `${peer}: ${results.servers[peer]?.reason}`);
      if (peers) assert.deepEqual(Object.keys(results.servers), peers);
      // What a commit costs on PostgreSQL, as the server has it, for the report (read when a server on it runs).
      if (inRun(ON_POSTGRES).length) {
        assert.match(results.postgres.synchronousCommit, /^(on|off|local|remote_write|remote_apply)$/);
        assert.match(results.postgres.version, /^\d+/);
      } else assert.equal(results.postgres, undefined);
    });

    it('(a) fan-out: every server delivered every message, with CPU, latency and memory figures', () => {
      for (const peer of PEERS) {
        const r = results.workloads.a[peer];
        assert.ok(r && !r.error, `${peer}: ${r?.error}`);
        assert.equal(r.finished, true, `${peer} did not finish`);
        assert.equal(r.delivered, r.expectedDelivered);
        for (const key of ['deliveredPerSec', 'seconds', 'serverCpuUsPerDelivery', 'rssMB'])
          positive(r[key], `a.${peer}.${key}`);
        for (const key of ['p50', 'p99', 'p999']) positive(r.latencyMs[key], `a.${peer}.latencyMs.${key}`);
        assert.ok(r.latencyMs.p50 <= r.latencyMs.p99 && r.latencyMs.p99 <= r.latencyMs.p999);
      }
    });

    it('(b) conversations: every server completed every message', () => {
      for (const peer of PEERS) {
        const r = results.workloads.b[peer];
        assert.ok(r && !r.error, `${peer}: ${r?.error}`);
        assert.equal(r.finished, true, `${peer} did not finish`);
        for (const key of ['messagesPerSec', 'deliveredPerSec', 'serverCpuUsPerDelivery', 'rssMB'])
          positive(r[key], `b.${peer}.${key}`);
        positive(r.latencyMs.p99, `b.${peer}.latencyMs.p99`);
        positive(r.serverCpuUsPerMessage, `b.${peer}.serverCpuUsPerMessage`);
      }
      for (const peer of inRun(DURABLE)) {
        assert.equal(results.workloads.b[peer].metric, 'stored and acknowledged', peer);
        positive(results.workloads.b[peer].ackLatencyMs.p99, `b.${peer}.ackLatencyMs.p99`);
      }
      if (has('parley-pg2')) assert.equal(results.workloads.b['parley-pg2'].relays, 2);
    });

    it('(c) idle: every server held every connection and has a per-connection memory figure', () => {
      for (const peer of PEERS.filter((p) => !IDLE.includes(p)))
        assert.ok(results.workloads.c[peer].skipped, `${peer} in (c): ${JSON.stringify(results.workloads.c[peer])}`);
      for (const peer of inRun(IDLE)) {
        const r = results.workloads.c[peer];
        assert.ok(r && !r.error, `${peer}: ${r?.error}`);
        assert.equal(r.failed, 0);
        positive(r.connections, `c.${peer}.connections`);
        assert.ok(Number.isFinite(r.bytesPerConnection), `c.${peer}.bytesPerConnection = ${r.bytesPerConnection}`);
        positive(r.rssMB, `c.${peer}.rssMB`);
      }
    });

    it('(d) restart: Parley on each store and as the release bundle measured, the peers marked as not applicable', () => {
      // The release tree's bundle restarts in (d) when the full set of servers runs (the relay alone: not).
      const bundled = has('parley-pg2') ? ['parley-bundled'] : [];
      for (const peer of [...inRun(RELAYS), ...bundled]) {
        const r = results.workloads.d[peer];
        assert.ok(r && !r.error, `${peer}: ${r?.error}`);
        positive(r.connections, `d.${peer}.connections`);
        positive(r.acked, `d.${peer}.acked`);
        positive(r.affected, `d.${peer}.affected`);
        nonNegative(r.resumed, `d.${peer}.resumed`);
        for (const key of ['lost', 'missingDeliveries', 'duplicated', 'duplicateAcks', 'acceptQueueOverflows'])
          nonNegative(r[key], `d.${peer}.${key}`);
        positive(r.resumeSecondsFromKill, `d.${peer}.resumeSecondsFromKill`);
      }
      // Two relays: one killed and not restarted, so only its clients had to resume, and the others never dropped.
      if (has('parley-pg2')) {
        const cluster = results.workloads.d['parley-pg2'];
        assert.equal(cluster.relays, 2);
        assert.ok(cluster.affected < cluster.connections, JSON.stringify(cluster));
        assert.equal(cluster.neverDropped, cluster.connections - cluster.affected);
      }
      for (const peer of inRun(['uws', 'socketio', 'soketi']))
        assert.match(results.workloads.d[peer].skipped, /no durable resume/);
      // The bundle runs in (d) only: no row of its own elsewhere.
      for (const workload of ['a', 'b', 'c', 'e'])
        assert.equal(results.workloads[workload]['parley-bundled'], undefined);
      if (has('socketio-pg')) assert.match(results.workloads.d['socketio-pg'].skipped, /no resume/);
    });

    it("(e) open loop: each server at 25, 50 and 75 % of its (b) maximum, Socket.IO also at the relays' 50 %", () => {
      for (const peer of PEERS.filter((p) => !OPEN_LOOP.includes(p)))
        assert.match(results.workloads.e[peer].skipped, /the open loop runs on/, peer);
      for (const peer of inRun(OPEN_LOOP)) {
        const r = results.workloads.e[peer];
        assert.ok(r && !r.error, `${peer}: ${r?.error}`);
        assert.equal(r.maxMsgsPerSec, results.workloads.b[peer].messagesPerSec, `${peer}: the maximum is (b)'s`);
        assert.equal(r.maxFrom, '(b) in this run');
        assert.deepEqual(
          r.levels.filter((l) => !l.sameRateAs).map((l) => l.fraction),
          [0.25, 0.5, 0.75],
        );
        for (const l of r.levels) {
          const what = `e.${peer}.${l.label}`;
          positive(l.offeredPerSec, `${what}.offeredPerSec`);
          positive(l.achievedPerSec, `${what}.achievedPerSec`);
          assert.equal(typeof l.keptUp, 'boolean', what);
          positive(l.deliveryMs.samples, `${what}.deliveryMs.samples`);
          assert.ok(l.deliveryMs.p50 <= l.deliveryMs.p99 && l.deliveryMs.p99 <= l.deliveryMs.p999, what);
          // The load processes' own lateness, measured on every send of the window.
          assert.equal(l.sendLagMs.samples, l.scheduled, what);
          if (RELAYS.includes(peer)) nonNegative(l.relay.eventLoopMaxMs, `${what}.relay.eventLoopMaxMs`);
          if (DURABLE.includes(peer)) positive(l.ackMs.p99, `${what}.ackMs.p99`);
          else assert.equal(l.ackMs, undefined, what);
        }
        if (peer !== 'socketio') assert.equal(r.levels.length, 3, peer);
      }
      // Socket.IO at the offered rate of each relay's 50 % row, for the comparison at the same rate.
      if (has('socketio'))
        for (const relay of inRun(['parley', 'parley-pg2'])) {
          const same = results.workloads.e.socketio.levels.find((l) => l.sameRateAs === relay);
          const half = results.workloads.e[relay].levels.find((l) => l.fraction === 0.5);
          assert.equal(same?.offeredPerSec, half.offeredPerSec, relay);
        }
      if (has('parley-pg2')) assert.equal(results.workloads.e['parley-pg2'].relays, 2);
    });

    it(`(f) scale: the relay with (b) beside ${scaleSizes.join(' and ')} idle connections, CPU per message and RSS at each`, () => {
      assert.deepEqual(
        Object.keys(results.workloads.f),
        ['parley'],
        'the scale workload runs on the SQLite relay only',
      );
      const r = results.workloads.f.parley;
      assert.ok(r && !r.error, r?.error);
      assert.deepEqual(
        r.sizes.map((x) => x.idle),
        scaleSizes,
      );
      for (const x of r.sizes) {
        assert.equal(x.finished, true, JSON.stringify(x));
        assert.equal(x.stillOpenAtEnd, x.idle);
        for (const key of ['messagesPerSec', 'serverCpuUsPerMessage', 'rssAtRestMB', 'rssWithIdleMB', 'rssMB'])
          positive(x[key], `f.${x.idle}.${key}`);
        assert.ok(Number.isFinite(x.kibPerIdleConnection), `f.${x.idle}.kibPerIdleConnection`);
      }
      positive(r.cpuGrowth, 'f.cpuGrowth');
    });

    it('(w) webhook delivery: the relay delivered every job once, with deliveries/s and CPU per delivery', () => {
      const w = results.workloads.w.parley;
      assert.ok(!w.error, w.error);
      assert.equal(w.finished, true);
      assert.equal(w.distinctEvents, w.jobs);
      assert.ok(w.deliveries >= w.jobs, `${w.deliveries} deliveries of ${w.jobs} jobs`);
      assert.ok(w.deliveriesPerSec > 0);
      nonNegative(w.relayCpuUsPerDelivery, '(w) CPU per delivery');
      nonNegative(w.otherRequests, '(w) requests of the warm-up’s events during the measured pass');
      // The warm-up is its own pass, counted apart: every one of its jobs delivered, none counted in the measured pass.
      assert.equal(w.warmup.jobs, results.sizes.w.warmup);
      assert.equal(w.warmup.distinctEvents, w.warmup.jobs);
      assert.equal(w.warmup.finished, true);
      nonNegative(w.warmup.relayCpuUsPerDelivery, '(w) warm-up CPU per delivery');
      for (const peer of Object.keys(results.workloads.w)) assert.ok(['parley', 'parley-base'].includes(peer), peer);
    });

    it("(ch) channels inbound: every channel's messages answered and stored once, CPU per message and its ratio to the API channel's", () => {
      assert.deepEqual(Object.keys(results.workloads.ch), ['parley'], '(ch) runs on this build only');
      const r = results.workloads.ch.parley;
      assert.ok(r && !r.error, r?.error);
      assert.equal(r.finished, true, JSON.stringify(r));
      assert.equal(r.conversations, r.expectedConversations);
      assert.deepEqual(Object.keys(r.channels).sort(), ['api', 'telegram', 'twilio', 'whatsapp']);
      for (const [channel, c] of Object.entries(r.channels)) {
        assert.equal(c.messages, results.sizes.ch.messages, channel);
        assert.equal(c.taken, c.messages, `${channel}: ${JSON.stringify(c.statuses)}`);
        assert.equal(c.warmup.taken, results.sizes.ch.warmup, channel);
        positive(c.messagesPerSec, `ch.${channel}.messagesPerSec`);
        positive(c.relayCpuUsPerMessage, `ch.${channel}.relayCpuUsPerMessage`);
        positive(c.overApi, `ch.${channel}.overApi`);
      }
      assert.equal(r.channels.api.overApi, 1);
      const judged = results.targets.filter((t) => t.workload === 'ch');
      assert.deepEqual(
        judged.map((t) => t.name),
        ['telegram', 'whatsapp', 'twilio'].map((c) => `channel inbound CPU per message ≤ the API channel's (${c})`),
      );
      for (const t of judged)
        assert.ok(t.pass !== null && t.bound === r.channels.api.relayCpuUsPerMessage, JSON.stringify(t));
    });

    it('(r) reports: both stores, 30 and 90 days, one site then two, each judged against its bound', () => {
      assert.deepEqual(Object.keys(results.workloads.r), ['parley'], 'the reports run once, on both stores');
      const r = results.workloads.r.parley;
      assert.ok(!r.error, r.error);
      assert.deepEqual(
        r.stores.map((store) => store.engine),
        ['SQLite', 'PostgreSQL'],
      );
      for (const store of r.stores) {
        assert.deepEqual(
          store.rows.map((x) => `${x.sites}:${x.days}`),
          ['1:30', '1:90', '2:30', '2:90'],
        );
        for (const x of store.rows) {
          positive(x.summaries.ms, `r.${store.engine}.${x.days}.ms`);
          positive(x.summaries.messages, `r.${store.engine}.${x.days}.messages`);
          assert.equal(x.summaries.messages, x.before.messages, 'summaries and rows count the same messages');
        }
      }
      const judged = results.targets.filter((t) => t.workload === 'r');
      // Each store's four rows, judged as the report, the report by one agent and the export's first page (issue #86).
      assert.equal(judged.length, 24);
      for (const t of judged) assert.ok(t.pass !== undefined && t.bound > 0, JSON.stringify(t));
    });

    it('soak: steady load on the relay, RSS and event-loop delay sampled, growth and p99 reported', () => {
      const r = results.workloads.soak.parley;
      assert.ok(r && !r.error, r?.error);
      assert.deepEqual(Object.keys(results.workloads.soak), ['parley'], 'the soak runs on the SQLite relay only');
      positive(r.acked, 'soak.acked');
      positive(r.reconnects, 'soak.reconnects');
      positive(r.typing, 'soak.typing');
      positive(r.reads, 'soak.reads');
      assert.equal(r.errors, 0, r.lastError);
      assert.ok(r.series.length >= 8, `${r.series.length} samples`);
      for (const s of r.series) {
        positive(s.rssMB, 'soak.series.rssMB');
        positive(s.heapMB, 'soak.series.heapMB');
        assert.ok(s.heapCommittedMB >= s.heapMB, JSON.stringify(s));
        nonNegative(s.eventLoopP99Ms, 'soak.series.eventLoopP99Ms');
        assert.ok(s.eventLoopMaxMs >= s.eventLoopP99Ms, JSON.stringify(s));
      }
      assert.ok(r.series.at(-1).stored > r.series[0].stored, 'messages were stored during the soak');
      assert.ok(Number.isFinite(r.rssGrowthPercent) && Number.isFinite(r.rssPeakGrowthPercent));
      // The warm-up (a fifth of the measured length in a quick run) is sampled but judges nothing.
      assert.ok(r.warmupSeconds > 0 && r.series.some((s) => s.t * 1000 < r.warmupSeconds * 1000));
      assert.ok(r.heapLiveEndMB > 0 && r.heapCommittedEndMB >= r.heapLiveEndMB, JSON.stringify(r));
      nonNegative(r.eventLoopP99Ms.max, 'soak.eventLoopP99Ms.max');
    });

    it('lists the targets with a verdict or "not measured", each verdict with how far from its bound', () => {
      assert.ok(results.targets.length >= 20);
      for (const t of results.targets) {
        assert.ok([true, false, null].includes(t.pass), JSON.stringify(t));
        if (t.pass !== null) nonNegative(t.by, `${t.name}: by`);
      }
      // Every workload's targets are listed; one judged at least, except (a)'s, which all compare with other servers:
      // with the relay alone they are "not measured", Parley's own figure still given.
      const judged = has('uws')
        ? ['a', 'b', 'c', 'd', 'e', 'f', 'w', 'ch', 'soak']
        : ['b', 'c', 'd', 'e', 'f', 'w', 'ch', 'soak'];
      for (const workload of judged)
        assert.ok(
          results.targets.some((t) => t.workload === workload && t.pass !== null),
          `no target of ${workload} judged`,
        );
      if (!has('uws'))
        for (const t of results.targets.filter((x) => x.workload === 'a')) {
          assert.equal(t.pass, null, t.name);
          positive(t.value, `a: ${t.name}: Parley's value`);
        }
    });
  });
}
