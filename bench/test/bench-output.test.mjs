// CI check for `npm run bench -- --quick`: it completes, and its JSON has every server and workload with sane
// numbers. The performance targets are not asserted here (they belong in docs/performance.md).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const runScript = fileURLToPath(new URL('../run.mjs', import.meta.url));
const PEERS = ['uws', 'socketio', 'soketi', 'parley'];
const positive = (v, what) => assert.ok(typeof v === 'number' && Number.isFinite(v) && v > 0, `${what} = ${v}`);
const nonNegative = (v, what) => assert.ok(typeof v === 'number' && Number.isFinite(v) && v >= 0, `${what} = ${v}`);

describe('npm run bench -- --quick', { timeout: 240_000 }, () => {
  let out;
  let results;
  let markdown;
  let run;

  before(() => {
    out = mkdtempSync(join(tmpdir(), 'parley-bench-test-'));
    run = spawnSync(process.execPath, [runScript, '--quick', '--out', out], { encoding: 'utf8', timeout: 180_000 });
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
  });

  it('describes the machine and the run', () => {
    assert.equal(results.schema, 1);
    assert.equal(results.mode, 'quick');
    positive(results.machine.nproc, 'nproc');
    assert.equal(typeof results.machine.cpuModel, 'string');
    assert.equal(results.machine.loadavg.length, 3);
    for (const peer of PEERS)
      assert.equal(results.servers[peer]?.available, true, `${peer}: ${results.servers[peer]?.reason}`);
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
    }
    positive(results.workloads.b.parley.ackLatencyMs.p99, 'b.parley.ackLatencyMs.p99');
  });

  it('(c) idle: every server held every connection and has a per-connection memory figure', () => {
    for (const peer of PEERS) {
      const r = results.workloads.c[peer];
      assert.ok(r && !r.error, `${peer}: ${r?.error}`);
      assert.equal(r.failed, 0);
      positive(r.connections, `c.${peer}.connections`);
      assert.ok(Number.isFinite(r.bytesPerConnection), `c.${peer}.bytesPerConnection = ${r.bytesPerConnection}`);
      positive(r.rssMB, `c.${peer}.rssMB`);
    }
  });

  it('(d) restart: Parley measured, the peers marked as not applicable', () => {
    const r = results.workloads.d.parley;
    assert.ok(r && !r.error, r?.error);
    positive(r.connections, 'd.parley.connections');
    positive(r.acked, 'd.parley.acked');
    nonNegative(r.resumed, 'd.parley.resumed');
    for (const key of ['lost', 'missingDeliveries', 'duplicated', 'duplicateAcks'])
      nonNegative(r[key], `d.parley.${key}`);
    positive(r.resumeSecondsFromKill, 'd.parley.resumeSecondsFromKill');
    for (const peer of ['uws', 'socketio', 'soketi'])
      assert.match(results.workloads.d[peer].skipped, /no durable resume/);
  });

  it('lists the targets with a verdict or "not measured"', () => {
    assert.ok(results.targets.length >= 6);
    for (const t of results.targets) assert.ok([true, false, null].includes(t.pass), JSON.stringify(t));
  });
});
