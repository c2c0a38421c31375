// (f) on several relays (issue #87): how many relays the fd limit asks for, what `--dry-run` prints, and the report's
// cluster section and targets.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RELAY_OWN_FDS, planScaleCluster } from '../lib/args.mjs';
import { clusterSizing, evaluateTargets, renderMarkdown } from '../lib/report.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ISSUE_SIZES = [1000, 10_000, 50_000, 100_000];

describe('(f) on a cluster: the plan', () => {
  it('takes a sixth relay when five cannot hold 100,000 under 20,000 files a process, and says why', () => {
    const plan = planScaleCluster(ISSUE_SIZES, 1000, { soft: 20_000, hard: 20_000 }, { minRelays: 5 });
    // Five: 20,000 idle + 400 of (b)'s + 300 of its own each, over 20,000. Six: 16,667 + 334 + 300.
    assert.equal(plan.relays, 6);
    assert.equal(plan.raisedFrom.relays, 5);
    assert.match(plan.raisedFrom.reason, /^5 relays would need 20,700 file descriptors each for 100,000 idle/);
    assert.deepEqual(plan.sizes, ISSUE_SIZES);
    assert.deepEqual(plan.blocked, []);
    const largest = plan.plan.at(-1);
    assert.deepEqual(
      [largest.idlePerRelay, largest.fdsPerRelay, largest.loadProcesses, largest.idlePerProcess],
      [16_667, 16_667 + 334 + RELAY_OWN_FDS, 12, 8334],
    );
    // Every process stays under the limit: the relays and the load processes.
    for (const size of plan.plan) {
      assert.ok(size.fdsPerRelay <= 20_000);
      assert.ok(size.idlePerProcess <= 9000);
    }
  });

  it('keeps the count asked for when it fits, and blocks what no count up to the most can hold', () => {
    const roomy = planScaleCluster(ISSUE_SIZES, 1000, { soft: 65_536, hard: 65_536 }, { minRelays: 5 });
    assert.equal(roomy.relays, 5);
    assert.equal(roomy.raisedFrom, undefined);
    const tight = planScaleCluster([100, 5000], 10, { soft: 1000, hard: 1000 }, { minRelays: 2, maxRelays: 4 });
    assert.equal(tight.relays, 4);
    assert.deepEqual(tight.sizes, [100]);
    assert.deepEqual(tight.blocked, [{ idle: 5000, fds: 1250 + 5 + RELAY_OWN_FDS }]);
  });

  it('bench/run.mjs --dry-run prints the plan of the full run and starts nothing', () => {
    const answer = spawnSync(process.execPath, ['bench/run.mjs', '--dry-run', '--only', 'f'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(answer.status, 0, answer.stderr);
    assert.match(answer.stdout, /^\(f\) on parley: one relay on SQLite/m);
    assert.match(answer.stdout, /^\(f\) on parley-cluster: \d+ relays on PostgreSQL \+ Redis/m);
    assert.match(answer.stdout, /^ {2}100,000 idle: [\d,]+ per relay, [\d,]+ fds per relay; \d+ load processes of/m);
    assert.equal(answer.stderr, '');
  });
});

describe('(f) on a cluster: the report', () => {
  const size = (idle, cpu, kib, extra = {}) => ({
    idle,
    relays: 6,
    serverCpuUsPerMessage: cpu,
    kibPerIdleConnection: kib,
    messagesPerSec: 6000,
    idleCpuShare: 0.02,
    latencyMs: { p50: 10, p99: 80, p999: 90 },
    connectSeconds: 3,
    loadProcesses: 12,
    loadRssMB: 900,
    rssPerRelayMB: {
      atRest: { meanMB: 180, maxMB: 182 },
      withIdle: { meanMB: 230, maxMB: 235 },
      underLoad: { meanMB: 300, maxMB: 310 },
    },
    fdsPerRelayMax: 16_800,
    beside: {
      postgres: {
        pid: 1,
        idleCpuShare: 0.01,
        cpuUsPerMessage: 60,
        cpuShare: 0.36,
        pssAtRestMB: 80,
        pssWithIdleMB: 90,
        pssUnderLoadMB: 120,
      },
      redis: { error: 'no process named listening on port 6379' },
    },
    finished: true,
    ...extra,
  });
  const results = (sizes, extra = {}) => ({
    mode: 'full',
    startedAt: 't',
    machine: { nproc: 2, cpuModel: 'x', memoryGiB: 1, node: 'v22', kernel: 'k', loadavg: [0, 0, 0] },
    servers: { 'parley-cluster': { label: 'Parley, several relays' } },
    sizes: { f: { addresses: 8, clusterAddresses: 12, perProcess: 9000, b: { pairs: 1000 }, cluster: { relays: 6 } } },
    workloads: {
      f: {
        'parley-cluster': {
          pairs: 1000,
          relays: 6,
          raisedFrom: { relays: 5, reason: '5 relays would need 20,700 file descriptors each' },
          sizes,
          ...extra,
        },
      },
    },
  });

  it('judges the largest size against 1,000 on the relays summed, and writes the sizing lines', () => {
    const r = results([size(1000, 100, 9), size(100_000, 115, 3.2)]);
    r.targets = evaluateTargets(r);
    const f = r.targets.filter((t) => t.workload === 'f' && t.name.includes('parley-cluster'));
    assert.deepEqual(
      f.map((t) => [t.name, t.pass]),
      [
        ['CPU per message with 100,000 idle connections ≤ 1.2× with 1,000 (parley-cluster, 6 relays)', true],
        ['≤ 4 KiB per idle connection with 100,000 idle connections (parley-cluster, 6 relays)', true],
      ],
    );
    const markdown = renderMarkdown(r);
    assert.match(markdown, /## \(f\) Scale on 6 relays: \(b\)'s 1,000 pairs/);
    assert.match(markdown, /\*\*6 relays, not 5:\*\* 5 relays would need 20,700/);
    assert.match(markdown, /\| 100,000 \| 6 \| 16,667 \| 6,000 \| 1,000 \| 115\.00 \| 1\.15× \| 3\.20 \|/);
    assert.match(
      markdown,
      /\| 100,000 \| 180\.0 \(182\.0\) \| 230\.0 \(235\.0\) \| 300\.0 \(310\.0\) \| 16,800 \| 60\.00 \|/,
    );
    // Redis could not be read: said so, not a zero.
    assert.match(markdown, /\| no process named listening on port 6379 \|/);
    const [sizing] = clusterSizing(r.workloads.f['parley-cluster']);
    assert.match(sizing, /each relay held 16,667 idle connections and 333 chatting ones/);
    assert.match(sizing, /6,000 msgs\/s \(1,000 per relay\)/);
    assert.match(sizing, /PostgreSQL 0\.36 of a core under that load/);
    assert.match(sizing, /Redis: not read \(no process named listening/);
  });

  it('misses when the largest size costs more than 1.2× per message, and blocks a size the plan could not hold', () => {
    const r = results([size(1000, 100, 9), size(50_000, 130, 3.5, { finished: false })], {
      notMeasured: [{ idle: 100_000, reason: 'needs 20,700 file descriptors in each of 5 relays' }],
    });
    r.targets = evaluateTargets(r);
    const find = (start) => r.targets.find((t) => t.name.startsWith(start) && t.name.includes('parley-cluster'));
    const cpu = find('CPU per message with 50,000');
    assert.deepEqual([cpu.pass, cpu.bound], [false, 120]);
    const blocked = find('CPU per message with 100,000');
    assert.deepEqual([blocked.pass, blocked.blocked], [null, 'needs 20,700 file descriptors in each of 5 relays']);
    // The largest finished size gives the sizing lines: the unfinished 50,000 does not.
    assert.match(clusterSizing(r.workloads.f['parley-cluster'])[0], /^Sizing from this run \(1,000 idle/);
  });

  it('keeps the sizes measured before one that failed, and judges nothing on the failed one', () => {
    const error = 'load worker 100: no "connected" within 1000000 ms';
    const r = results([size(1000, 100, 9), { idle: 100_000, finished: false, error }]);
    r.targets = evaluateTargets(r);
    const cpu = r.targets.find((t) => t.name.startsWith('CPU per message with 100,000') && t.name.includes('cluster'));
    assert.equal(cpu.pass, null);
    const markdown = renderMarkdown(r);
    assert.match(markdown, /\| 1,000 \| 6 \| 167 \| 6,000 \|/);
    assert.match(markdown, /\| 100,000 \| failed: load worker 100: no "connected" within 1000000 ms \|/);
    assert.match(clusterSizing(r.workloads.f['parley-cluster'])[0], /^Sizing from this run \(1,000 idle/);
  });
});
