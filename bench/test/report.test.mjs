// The report's arithmetic, without running a benchmark: the median round, the spread under a table, and targets
// that cannot be judged because something was not measured.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateTargets, medianRound, renderMarkdown } from '../lib/report.mjs';

const brief = (r) =>
  r.error ? { error: r.error } : { serverCpuUsPerDelivery: r.serverCpuUsPerDelivery, messagesPerSec: r.messagesPerSec };
const fanout = (cpu, p99 = 10) => ({
  serverCpuUsPerDelivery: cpu,
  deliveredPerSec: 1000,
  latencyMs: { p50: 1, p99, p999: p99 + 1 },
  rssMB: 50,
  finished: true,
});

describe('bench report', () => {
  it('takes the median round whole: by CPU per delivery in (a), by rate in (b), failures left out', () => {
    const a = medianRound('a', [fanout(1.9, 30), fanout(1.2, 10), fanout(1.5, 20)], brief);
    assert.equal(a.serverCpuUsPerDelivery, 1.5);
    assert.equal(a.latencyMs.p99, 20, 'the figures of one round, not a mix');
    assert.deepEqual(
      a.rounds.map((r) => r.serverCpuUsPerDelivery),
      [1.9, 1.2, 1.5],
    );
    const b = medianRound(
      'b',
      [{ messagesPerSec: 100 }, { error: 'boom' }, { messagesPerSec: 300 }, { messagesPerSec: 200 }],
      brief,
    );
    assert.equal(b.messagesPerSec, 200);
    assert.equal(b.rounds[1].error, 'boom');
    assert.equal(medianRound('b', [{ error: 'x' }, { error: 'y' }], brief).error, 'x');
  });

  it('shows the spread across rounds and the same-round ratio under (a)', () => {
    const rounds = (values) => ({ ...fanout(values[1]), rounds: values.map((v) => ({ serverCpuUsPerDelivery: v })) });
    const results = {
      mode: 'full',
      startedAt: 't',
      machine: { nproc: 2, cpuModel: 'x', memoryGiB: 1, node: 'v20', kernel: 'k', loadavg: [0, 0, 0] },
      servers: { uws: { label: 'raw uWS' }, parley: { label: 'Parley' } },
      sizes: { a: { receivers: 50, n: 100, window: 50 } },
      workloads: { a: { uws: rounds([1, 2, 4]), parley: rounds([2, 3, 4]) } },
      targets: [],
    };
    const markdown = renderMarkdown(results);
    assert.match(markdown, /median of 3 interleaved rounds/);
    assert.match(markdown, /raw uWS 1\.00–4\.00; Parley 2\.00–4\.00/);
    assert.match(markdown, /same round: 2\.00×, 1\.50×, 1\.00×\./);
  });

  it('gives no verdict on a target whose peer was not measured', () => {
    const targets = evaluateTargets({ workloads: { a: { parley: fanout(1), uws: fanout(1) } } });
    const verdict = (name) => targets.find((t) => t.name === name).pass;
    assert.equal(verdict('server CPU per delivery ≤ 1.5× raw uWS'), true);
    assert.equal(verdict('server CPU per delivery ≤ ½ socketio'), null);
    assert.equal(verdict('p99 latency below soketi'), null);
    assert.equal(verdict('≥ 30,000 stored and acknowledged msgs/s'), null);
  });

  it('judges no target in a diagnostic run, and says so', () => {
    const results = {
      mode: 'full',
      diagnostic: 'appends stubbed (stored nowhere)',
      startedAt: 't',
      machine: { nproc: 2, cpuModel: 'x', memoryGiB: 1, node: 'v20', kernel: 'k', loadavg: [0, 0, 0] },
      servers: { parley: { label: 'Parley' } },
      sizes: { b: { pairs: 1, window: 1 } },
      workloads: {
        b: {
          parley: {
            messagesPerSec: 40_000,
            deliveredPerSec: 40_000,
            serverCpuUsPerDelivery: 20,
            latencyMs: { p50: 1, p99: 2, p999: 3 },
            rssMB: 1,
            finished: true,
          },
        },
      },
    };
    results.targets = evaluateTargets(results);
    assert.ok(results.targets.every((t) => t.pass === null));
    const markdown = renderMarkdown(results);
    assert.match(markdown, /^# Benchmark results \(full, DIAGNOSTIC: appends stubbed/);
    assert.match(markdown, /\| b \| ≥ 30,000 stored and acknowledged msgs\/s \| 40000 \| 30000 \| not judged \|/);
    assert.doesNotMatch(markdown, /\| pass \|/);
  });
});
