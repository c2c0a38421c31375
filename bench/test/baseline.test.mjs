// `--baseline DIR`: the command line, the order of the relays in each round, and the before/after section of the
// report, on fixture data (no benchmark runs here).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseBenchArgs, peersForRound } from '../lib/args.mjs';
import { compareWithBaseline, evaluateTargets, median, renderMarkdown, verdict } from '../lib/report.mjs';
import { baselineProblem } from '../lib/servers.mjs';

describe('bench arguments', () => {
  it('keeps the defaults of a run without flags', () => {
    const { workloads, peers, rounds, baseline, flags } = parseBenchArgs([], { defaultOut: '/tmp/x' });
    assert.deepEqual(workloads, ['a', 'b', 'c', 'd', 'e', 'f', 'w', 'ch', 'r']);
    assert.deepEqual(peers, [
      'uws',
      'socketio',
      'socketio-pg',
      'soketi',
      'parley',
      'parley-bundled',
      'parley-pg',
      'parley-pg2',
    ]);
    assert.equal(rounds, 3);
    assert.equal(baseline, null);
    assert.equal(flags.out, '/tmp/x');
    assert.equal(parseBenchArgs(['--quick']).rounds, 1);
    assert.equal(parseBenchArgs(['--quick', '--rounds', '4']).rounds, 4);
  });

  it('--tiny is quick with a shorter soak, and not both at once', () => {
    const tiny = parseBenchArgs(['--tiny']);
    assert.equal(tiny.flags.tiny, true);
    assert.equal(tiny.flags.quick, true);
    assert.equal(tiny.rounds, 1);
    assert.equal(tiny.soakMinutes, 0.05);
    assert.equal(parseBenchArgs(['--quick']).soakMinutes, 0.5);
    assert.equal(parseBenchArgs(['--quick']).flags.tiny, false);
    assert.throws(() => parseBenchArgs(['--tiny', '--quick']), /--tiny and --quick are two sizes/);
  });

  it('names the store diagnostic and the fixed open-loop maximum, when given', () => {
    assert.equal(parseBenchArgs([]).storeDiagnostic, null);
    assert.equal(parseBenchArgs([]).openLoopMax, null);
    const parsed = parseBenchArgs(['--only', 'e', '--store-on-thread', '--open-loop-max', '10309']);
    assert.equal(parsed.storeDiagnostic, 'store-on-thread');
    assert.equal(parsed.openLoopMax, 10309);
    assert.equal(parseBenchArgs(['--only', 'a,b', '--stub-store']).storeDiagnostic, 'stub-store');
  });

  it('adds parley-base right after parley with --baseline, the directory resolved against cwd', () => {
    const parsed = parseBenchArgs(['--only', 'a,b', '--peers', 'uws,parley,soketi', '--baseline', '../parley-base'], {
      cwd: '/work/wt-bench',
    });
    assert.deepEqual(parsed.peers, ['uws', 'parley', 'parley-base', 'soketi']);
    assert.equal(parsed.baseline, '/work/parley-base');
    const listed = parseBenchArgs(['--peers', 'parley-base,uws,parley', '--baseline', '/b']);
    assert.deepEqual(listed.peers, ['parley-base', 'uws', 'parley'], 'listed explicitly: kept where it is');
  });

  it('adds the baseline of each busy-outbox variant in the run right after it', () => {
    const parsed = parseBenchArgs([
      '--peers',
      'parley,parley-outbox-batch,parley-outbox-stalled,uws',
      '--baseline',
      '/b',
    ]);
    assert.deepEqual(parsed.peers, [
      'parley',
      'parley-base',
      'parley-outbox-batch',
      'parley-outbox-batch-base',
      'parley-outbox-stalled',
      'parley-outbox-stalled-base',
      'uws',
    ]);
    const plain = parseBenchArgs(['--peers', 'parley,parley-outbox']);
    assert.deepEqual(plain.peers, ['parley', 'parley-outbox'], 'no baseline, no variants of it');
    assert.throws(() => parseBenchArgs(['--peers', 'parley,parley-outbox-base']), /add --baseline DIR/);
  });

  it('adds the baseline of each relay on PostgreSQL in the run right after it', () => {
    const parsed = parseBenchArgs(['--peers', 'uws,parley,parley-pg,parley-pg2', '--baseline', '/b']);
    assert.deepEqual(parsed.peers, [
      'uws',
      'parley',
      'parley-base',
      'parley-pg',
      'parley-pg-base',
      'parley-pg2',
      'parley-pg2-base',
    ]);
  });

  it('runs the relays under another Node.js with --node and --baseline-node, the paths resolved against cwd', () => {
    const parsed = parseBenchArgs(
      ['--only', 'a,b', '--peers', 'parley', '--baseline', '/b', '--node', 'n24/bin/node', '--baseline-node', '/n20'],
      { cwd: '/work/x' },
    );
    assert.equal(parsed.nodeBinary, '/work/x/n24/bin/node');
    assert.equal(parsed.baselineNode, '/n20');
    assert.equal(parseBenchArgs([]).nodeBinary, null);
    assert.throws(() => parseBenchArgs(['--baseline-node', '/n20']), /add --baseline DIR/);
  });

  it('refuses what cannot work', () => {
    assert.throws(() => parseBenchArgs(['--peers', 'uws,nginx']), /unknown peer "nginx"/);
    assert.throws(() => parseBenchArgs(['--only', 'a,g']), /unknown workload "g"/);
    assert.throws(() => parseBenchArgs(['--peers', 'uws,parley-base']), /add --baseline DIR/);
    assert.throws(() => parseBenchArgs(['--peers', 'uws', '--baseline', '/b']), /add parley to --peers/);
    assert.throws(() => parseBenchArgs(['--baseline', '']), /needs a directory/);
    assert.throws(
      () => parseBenchArgs(['--only', 'a,b', '--stub-store', '--baseline', '/b']),
      /this checkout's store only/,
    );
    assert.throws(
      () => parseBenchArgs(['--only', 'e', '--store-on-thread', '--baseline', '/b']),
      /this checkout's store only/,
    );
    assert.throws(() => parseBenchArgs(['--store-on-thread']), /--only a,b,e/);
    assert.throws(() => parseBenchArgs(['--only', 'e', '--stub-store', '--store-on-thread']), /one at a time/);
    assert.throws(() => parseBenchArgs(['--stub-store']), /--only a,b,e/);
    assert.throws(() => parseBenchArgs(['--only', 'e', '--open-loop-max', '0']), /--open-loop-max must be a rate/);
    assert.throws(() => parseBenchArgs(['--only', 'e', '--open-loop-max', 'fast']), /--open-loop-max must be a rate/);
    assert.throws(() => parseBenchArgs(['--only', 'b', '--open-loop-max', '9000']), /add e to --only/);
    assert.throws(() => parseBenchArgs(['--rounds', 'two']), /--rounds must be a whole number/);
    assert.throws(() => parseBenchArgs(['--workers', '0']), /--workers must be/);
    assert.throws(() => parseBenchArgs(['--baseline']), /argument missing/);
    assert.throws(() => parseBenchArgs(['--basline', '/b']), /Unknown option/);
  });

  it('swaps parley and its baseline every other round, nothing else', () => {
    const peers = ['uws', 'parley', 'parley-base'];
    assert.deepEqual(peersForRound(peers, 1), ['uws', 'parley', 'parley-base']);
    assert.deepEqual(peersForRound(peers, 2), ['uws', 'parley-base', 'parley']);
    assert.deepEqual(peersForRound(peers, 3), ['uws', 'parley', 'parley-base']);
    assert.deepEqual(peersForRound(['uws', 'parley'], 2), ['uws', 'parley']);
  });

  it('says why a directory is no baseline', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-baseline-test-'));
    try {
      assert.match(baselineProblem(join(dir, 'nowhere')), /no such directory/);
      assert.match(baselineProblem(dir), /packages\/relay\/dist\/main\.js is missing/);
      mkdirSync(join(dir, 'packages/relay/dist'), { recursive: true });
      writeFileSync(join(dir, 'packages/relay/dist/main.js'), '');
      assert.equal(baselineProblem(dir), null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---- fixtures -----------------------------------------------------------------------------------------------------

const machine = { nproc: 2, cpuModel: 'x', memoryGiB: 1, node: 'v20', kernel: 'k', loadavg: [0, 0, 0] };
const fanout = (cpu) => ({
  serverCpuUsPerDelivery: cpu,
  deliveredPerSec: 1000,
  latencyMs: { p50: 1, p99: 10, p999: 11 },
  rssMB: 50,
  finished: true,
});
const convo = (rate, cpu) => ({
  messagesPerSec: rate,
  deliveredPerSec: rate,
  serverCpuUsPerDelivery: cpu,
  latencyMs: { p50: 1, p99: 2, p999: 3 },
  rssMB: 1,
  finished: true,
});
/** A row as run.mjs leaves it after several rounds: the median round whole, every round briefly. */
const rounded = (make, values, medianIndex) => ({
  ...make(...values[medianIndex]),
  rounds: values.map((v) => (v === null ? { error: 'boom' } : make(...v))),
});

function results({ a, b } = {}) {
  const r = {
    mode: 'full',
    startedAt: 't',
    machine,
    servers: {
      uws: { label: 'raw uWS', available: true },
      parley: { label: 'Parley relay (SQLite)', available: true, revision: 'abc1234' },
      'parley-base': {
        label: 'Parley relay (baseline: d70a8c8)',
        available: true,
        revision: 'd70a8c8',
        dir: '/work/baseline',
      },
    },
    sizes: { a: { receivers: 50, n: 100, window: 50 }, b: { pairs: 10, window: 1 } },
    workloads: {},
  };
  if (a) r.workloads.a = a;
  if (b) r.workloads.b = b;
  r.targets = evaluateTargets(r);
  return r;
}

describe('bench report: before/after the baseline', () => {
  it('takes a plain median, the mean of the middle two when even', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([null, 5]), 5);
    assert.equal(median([]), null);
  });

  it('calls overlapping ranges within the spread, and disjoint ones better or worse by direction', () => {
    assert.equal(verdict([1, 2, 3], [2.5, 4, 5], 'lower').within, true);
    const better = verdict([1, 1.1, 1.2], [1.5, 1.6, 1.7], 'lower');
    assert.equal(better.within, false);
    assert.match(better.text, /^outside the rounds' spread: better \(every round after lower/);
    assert.match(verdict([1, 1.1, 1.2], [1.5, 1.6, 1.7], 'higher').text, /: worse /);
    assert.match(verdict([20, 21], [18, 19], 'higher').text, /: better \(every round after higher/);
    assert.match(
      verdict([1, 2, 3], [1.5, 2.5, 3.5], 'lower', [0.67, 0.8, 0.86]).text,
      /within the rounds' spread \(after lower than before in each of the 3 rounds\)/,
    );
    const one = verdict([1], [2], 'lower');
    assert.equal(one.within, null);
    assert.match(one.text, /no verdict: fewer than two completed rounds/);
    assert.equal(verdict([1, null, null], [2, 3, 4], 'lower').within, null, 'failed rounds do not count');
  });

  it('is absent without a baseline', () => {
    const r = results({ a: { uws: fanout(1), parley: fanout(1.5) } });
    delete r.servers['parley-base'];
    assert.equal(compareWithBaseline(r), null);
    assert.doesNotMatch(renderMarkdown(r), /Before\/after/);
  });

  it('(a): per round, median and spread of CPU per delivery, each also over raw uWS of the same round', () => {
    const r = results({
      a: {
        uws: rounded(fanout, [[1], [2], [1.25]], 2),
        parley: rounded(fanout, [[1.5], [2.4], [2]], 2),
        'parley-base': rounded(fanout, [[2], [3], [2.5]], 2),
      },
    });
    const a = compareWithBaseline(r).a.cpuUsPerDelivery;
    assert.deepEqual(
      a.rounds.map((x) => [x.after, x.before, x.ratio, x.afterOverRef, x.beforeOverRef]),
      [
        [1.5, 2, 0.75, 1.5, 2],
        [2.4, 3, 0.8, 1.2, 1.5],
        [2, 2.5, 0.8, 1.6, 2],
      ],
    );
    assert.equal(a.median.after, 2);
    assert.equal(a.median.before, 2.5);
    assert.equal(a.median.ratio, 0.8);
    assert.deepEqual(a.spread.after, [1.5, 2.4]);
    assert.deepEqual(a.spread.beforeOverRef, [1.5, 2]);
    assert.equal(a.verdict.within, true);

    const md = renderMarkdown(r);
    assert.match(md, /## Before\/after: this build vs the baseline/);
    assert.match(
      md,
      /After: Parley relay \(SQLite\) at abc1234 \(this checkout\)\. Before: Parley relay \(baseline: d70a8c8\)/,
    );
    assert.match(md, /\| 1 \| 1\.50 \| 2\.00 \| 0\.75× \| 1\.00 \| 1\.50× \| 2\.00× \|/);
    assert.match(md, /\| median \| 2\.00 \| 2\.50 \| 0\.80× \| 1\.25 \| 1\.50× \| 2\.00× \|/);
    assert.match(
      md,
      /\| spread \| 1\.50–2\.40 \| 2\.00–3\.00 \| 0\.75×–0\.80× \| 1\.00–2\.00 \| 1\.20×–1\.60× \| 1\.50×–2\.00× \|/,
    );
    assert.match(
      md,
      /\*\*\(a\) CPU per delivery: within the rounds' spread \(after lower than before in each of the 3 rounds\)\.\*\*/,
    );
    // The baseline has its own row in the (a) table, and judges no target.
    assert.match(md, /\| Parley relay \(baseline: d70a8c8\) \| 1,000 \| 2\.50 \|/);
    assert.match(md, /Parley relay \(baseline: d70a8c8\) is a baseline: it judges no target\./);
    assert.ok(r.targets.every((t) => !/baseline/.test(t.name)));
    assert.equal(r.targets.find((t) => t.name === 'server CPU per delivery ≤ 1.3× raw uWS').value, 2);
  });

  it('(b): msgs/s and CPU per message with their verdicts; a failed round shows as failed and is left out', () => {
    const r = results({
      b: {
        uws: convo(50_000, 11),
        parley: rounded(
          convo,
          [
            [20_000, 40],
            [21_000, 41],
            [22_000, 42],
          ],
          1,
        ),
        'parley-base': rounded(convo, [[16_000, 50], null, [17_000, 48]], 2),
      },
    });
    const { messagesPerSec: rate, cpuUsPerMessage: cpu } = compareWithBaseline(r).b;
    assert.equal(rate.rounds[1].before, null);
    assert.equal(rate.rounds[1].ratio, null);
    assert.equal(rate.median.before, 16_500);
    assert.equal(rate.verdict.within, false);
    assert.match(rate.verdict.text, /outside the rounds' spread: better \(every round after higher/);
    assert.match(cpu.verdict.text, /outside the rounds' spread: better \(every round after lower/);

    const md = renderMarkdown(r);
    assert.match(md, /\| 2 \| 21,000 \| failed \| – \| 41\.00 \| failed \| – \|/);
    assert.match(
      md,
      /\| spread \| 20,000–22,000 \| 16,000–17,000 \| 1\.25×–1\.29× \| 40\.00–42\.00 \| 48\.00–50\.00 \|/,
    );
    assert.match(md, /\*\*\(b\) msgs\/s: outside the rounds' spread: better/);
    assert.match(md, /\| Parley relay \(baseline: d70a8c8\) \| 17,000 \(stored\+acked\) \|/);
  });

  it('one round (--quick): figures, no verdict', () => {
    const r = results({
      a: { uws: fanout(1), parley: fanout(1.5), 'parley-base': fanout(1.6) },
      b: { uws: convo(50_000, 11), parley: convo(20_000, 40), 'parley-base': { error: 'nothing listens' } },
    });
    const cmp = compareWithBaseline(r);
    assert.equal(cmp.a.cpuUsPerDelivery.rounds.length, 1);
    assert.equal(cmp.a.cpuUsPerDelivery.verdict.within, null);
    assert.equal(cmp.b.messagesPerSec.rounds[0].before, null);
    const md = renderMarkdown(r);
    assert.match(md, /\*\*\(a\) CPU per delivery: no verdict: fewer than two completed rounds/);
    assert.doesNotMatch(md, /\| (median|spread) \|/, 'one round has no median or spread row');
    assert.match(md, /\| Parley relay \(baseline: d70a8c8\) \| failed: nothing listens \|/);
  });

  it('shows the baseline as skipped in (c) and (d)', () => {
    const r = results();
    r.sizes.c = { connections: 10 };
    const idle = { connections: 10, failed: 0, rssBeforeMB: 1, rssMB: 2, kibPerConnection: 4, connectSeconds: 1 };
    r.workloads.c = { uws: idle, parley: idle, 'parley-base': { skipped: 'the baseline runs in (a) and (b) only' } };
    assert.match(
      renderMarkdown(r),
      /\| Parley relay \(baseline: d70a8c8\) \| n\/a: the baseline runs in \(a\) and \(b\) only \|/,
    );
    assert.equal(compareWithBaseline(r).a, undefined);
  });
});
