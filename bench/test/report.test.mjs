// The report's arithmetic, without running a benchmark: the median round, the spread under a table, and targets
// that cannot be judged because something was not measured.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BASELINE_VARIANTS, planScale } from '../lib/args.mjs';
import { channelRounds } from '../lib/channels.mjs';
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

  it("takes (d)'s median round by the time until all resumed, and judges loss and duplication on every round", () => {
    const restart = (seconds, extra = {}) => ({
      finished: true,
      relays: 1,
      connections: 10,
      affected: 10,
      resumed: 10,
      resumeSecondsFromKill: seconds,
      resumeSecondsFromListening: seconds - 0.5,
      acked: 100,
      lost: 0,
      missingDeliveries: 0,
      duplicated: 0,
      duplicateAcks: 0,
      ...extra,
    });
    const briefD = (r) => ({ ...r });
    const d = medianRound(
      'd',
      [restart(3.4, { missingDeliveries: 2 }), restart(2.6), restart(1.9), restart(9, { finished: false })],
      briefD,
    );
    assert.equal(d.resumeSecondsFromKill, 2.6, 'the lower middle of four, an unfinished round counted as slowest');
    const targets = evaluateTargets({ workloads: { d: { parley: d } } });
    const find = (name) => targets.find((t) => t.name === name);
    assert.equal(find('all resumed within 3 s of the kill (parley)').pass, true);
    assert.deepEqual(
      [find('nothing lost (parley)').pass, find('nothing lost (parley)').value],
      [false, 2],
      'a round that lost messages fails the target whatever the median round',
    );
    assert.equal(find('nothing duplicated (parley)').pass, true);
    const markdown = renderMarkdown({
      mode: 'full',
      startedAt: 't',
      machine: { nproc: 2, cpuModel: 'x', memoryGiB: 1, node: 'v22', kernel: 'k', loadavg: [0, 0, 0] },
      servers: { parley: { label: 'Parley' }, 'parley-bundled': { label: 'Parley, bundled' } },
      sizes: { a: { receivers: 50, n: 100, window: 50 }, d: { conversations: 2, perConversation: 5 } },
      // The bundle runs in (d) only: no row of its own in (a), and none is drawn.
      workloads: {
        a: { parley: fanout(2) },
        d: { parley: d, 'parley-bundled': restart(2.2, { acceptQueueOverflows: 1234 }) },
      },
      targets,
    });
    const fanOutTable = markdown.slice(markdown.indexOf('## (a)'), markdown.indexOf('## (d)'));
    assert.doesNotMatch(fanOutTable, /Parley, bundled/);
    assert.match(markdown, /\| Parley, bundled \| the relay, restarted \| 10\/10 \| 2\.20 \| 1\.70 \| 1,234 \| 100 \|/);
    // The SYNs the accept queues dropped: unknown in a result written before they were counted (or off Linux).
    assert.match(markdown, /\| Parley \| the relay, restarted \| 10\/10 \| 2\.60 \| 2\.10 \| – \| 100 \|/);
    assert.match(markdown, /median of 4 interleaved rounds \(by the time until all resumed\)/);
    assert.match(markdown, /Parley 1\.90–3\.40 \(1 with losses or duplicates\)/);
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

  it("gives the SQLite relays' messages per group commit under (a) and (b), and nothing for servers without them", () => {
    const results = {
      mode: 'full',
      startedAt: 't',
      machine: { nproc: 2, cpuModel: 'x', memoryGiB: 1, node: 'v20', kernel: 'k', loadavg: [0, 0, 0] },
      servers: { uws: { label: 'raw uWS' }, parley: { label: 'Parley' }, 'parley-pg': { label: 'Parley PG' } },
      sizes: { a: { receivers: 50, n: 100, window: 50 }, b: { pairs: 10, window: 1 } },
      workloads: {
        a: { uws: fanout(1), parley: { ...fanout(2), commits: 1409, appendsPerCommit: 14.2 } },
        b: {
          uws: { ...fanout(1), messagesPerSec: 1000 },
          parley: { ...fanout(2), messagesPerSec: 900, commits: 310, appendsPerCommit: 64.5 },
          'parley-pg': { ...fanout(3), messagesPerSec: 800 },
        },
      },
      targets: [],
    };
    const markdown = renderMarkdown(results);
    const notes = markdown.split('\n').filter((line) => line.startsWith('Messages per group commit'));
    assert.deepEqual(notes, [
      "Messages per group commit in the measured window (SQLite, from each relay's /metrics): Parley 14.2 (1,409 commits).",
      "Messages per group commit in the measured window (SQLite, from each relay's /metrics): Parley 64.5 (310 commits).",
    ]);
    delete results.workloads.a.parley.appendsPerCommit;
    delete results.workloads.b.parley.appendsPerCommit;
    assert.doesNotMatch(renderMarkdown(results), /Messages per group commit/);
  });

  it("gives every baseline variant its row, and a server the table's order does not name yet, after the others", () => {
    const servers = { parley: { label: 'Parley' }, 'parley-newcomer': { label: 'Parley, a new variant' } };
    for (const variant of BASELINE_VARIANTS) {
      servers[variant] = { label: variant };
      servers[`${variant}-base`] = { label: `${variant}, baseline` };
    }
    const results = {
      mode: 'full',
      startedAt: 't',
      machine: { nproc: 2, cpuModel: 'x', memoryGiB: 1, node: 'v20', kernel: 'k', loadavg: [0, 0, 0] },
      servers,
      sizes: { a: { receivers: 50, n: 100, window: 50 } },
      workloads: { a: Object.fromEntries(Object.keys(servers).map((p) => [p, fanout(2)])) },
      targets: [],
    };
    const markdown = renderMarkdown(results);
    for (const { label } of Object.values(servers)) assert.ok(markdown.includes(`| ${label} |`), `no row for ${label}`);
    assert.ok(markdown.indexOf('| parley-pg, baseline |') > markdown.indexOf('| parley-pg |'));
    assert.ok(markdown.indexOf('| Parley, a new variant |') > markdown.indexOf('| parley-pg2, baseline |'));
  });

  it('gives no verdict on a target whose peer was not measured', () => {
    const targets = evaluateTargets({ workloads: { a: { parley: fanout(1), uws: fanout(1) } } });
    const verdict = (name) => targets.find((t) => t.name === name).pass;
    assert.equal(verdict('server CPU per delivery ≤ 1.3× raw uWS'), true);
    assert.equal(verdict('server CPU per delivery ≤ ⅓ of socketio'), null);
    assert.equal(verdict('p99 latency below soketi'), null);
    assert.equal(verdict("Parley (SQLite) ≥ 5× the durable peer's stored+acked msgs/s"), null);
    assert.equal(verdict('RSS growth after warm-up < 5 %'), null);
  });

  it("judges a webhook on every message against the relay without, only with the window's webhooks delivered in it", () => {
    const judge = (webhooksInWindow, cpu) => {
      const targets = evaluateTargets({
        workloads: {
          a: { parley: fanout(1), 'parley-outbox': { ...fanout(cpu), messages: 1000, webhooksInWindow } },
        },
      });
      return targets.find((t) => t.name === 'server CPU per delivery with a webhook on every message ≤ 1.1× without');
    };
    assert.equal(judge(1000, 1.05).pass, true);
    assert.equal(judge(1000, 1.2).pass, false);
    const behind = judge(500, 1.05);
    assert.equal(behind.pass, false, 'cheap only because half the webhooks went after the window');
    assert.equal(behind.failed, 'the webhooks fell behind: 500 delivered in the window for 1,000 messages stored');
    const none = evaluateTargets({ workloads: { a: { parley: fanout(1) } } });
    assert.ok(!none.some((t) => t.name.includes('webhook')), 'no verdict without the variant in the run');
  });

  it("(ch): each channel's median round, judged against the API channel's with the rounds' spread", () => {
    /** One round of (ch): the CPU per message of api, telegram, whatsapp, twilio. */
    const round = ([api, telegram, whatsapp, twilio]) => {
      const channel = (cpu) => ({
        messages: 100,
        taken: 100,
        messagesPerSec: 90,
        relayCpuUsPerMessage: cpu,
        overApi: cpu / api,
      });
      return {
        finished: true,
        conversations: 40,
        expectedConversations: 40,
        channels: {
          api: channel(api),
          telegram: channel(telegram),
          whatsapp: channel(whatsapp),
          twilio: channel(twilio),
        },
      };
    };
    // telegram cheaper; whatsapp above the API channel's median but its rounds overlap the API channel's; twilio above
    // in every round.
    const row = channelRounds([
      round([1000, 900, 1150, 1500]),
      round([1200, 950, 1100, 1400]),
      { error: 'the relay died' },
      round([1100, 1000, 1050, 1600]),
    ]);
    assert.deepEqual(
      Object.fromEntries(Object.entries(row.channels).map(([c, v]) => [c, v.relayCpuUsPerMessage])),
      { api: 1100, telegram: 950, whatsapp: 1100, twilio: 1500 },
      "each channel's median of the completed rounds",
    );
    assert.equal(row.channels.twilio.overApi, 1.5, 'the ratio of the round the median came from');
    assert.equal(row.rounds.length, 4);
    const targets = evaluateTargets({ workloads: { ch: { parley: row } } });
    const judged = (c) => targets.find((t) => t.name === `channel inbound CPU per message ≤ the API channel's (${c})`);
    assert.equal(judged('telegram').pass, true);
    assert.equal(judged('telegram').within, undefined);
    assert.equal(judged('whatsapp').pass, true, 'equal to the bound');
    assert.equal(judged('twilio').pass, false, 'above in every round: outside the spread');
    assert.equal(judged('twilio').by, 36.4);
    // Above the median but within the spread: a PASS that says so.
    const close = evaluateTargets({
      workloads: {
        ch: {
          parley: channelRounds([
            round([1000, 1000, 1250, 1000]),
            round([1200, 1000, 1100, 1000]),
            round([1100, 1000, 1200, 1000]),
          ]),
        },
      },
    });
    const within = close.find((t) => t.name.endsWith('(whatsapp)'));
    assert.equal(within.pass, true);
    assert.match(within.within, /within the rounds' spread/);
    const markdown = renderMarkdown({
      mode: 'tiny',
      machine: { nproc: 2, cpuModel: 'x', memoryGiB: 4, node: 'v22', kernel: 'k', loadavg: [1, 1, 1] },
      sizes: { ch: { messages: 100, warmup: 20, contacts: 10, concurrency: 4 } },
      servers: { parley: { label: 'Parley relay (SQLite)', available: true } },
      workloads: { ch: { parley: row } },
      targets,
    });
    assert.match(
      markdown,
      /## \(ch\) Messaging channels inbound: 100 messages a channel from 10 contacts, 4 at a time/,
    );
    assert.match(markdown, /\| Twilio SMS \(a signed form\) \| 90 \| 1,500.0 \| 1.50× \| 100\/100 \|/);
    assert.match(
      markdown,
      /Across rounds: api 1,000.0–1,200.0 µs; .*twilio 1,400.0–1,600.0 µs \(over the API channel's: 1.50×, 1.17×, –, 1.45×\)/,
    );
    assert.match(
      markdown,
      /\| ch \| channel inbound CPU per message ≤ the API channel's \(twilio\) \| 1,500 µs \| ≤ 1,100 µs \| \*\*MISS\*\* by 36.4 % \|/,
    );
    // A round that lost a message fails every channel's target, whatever its figures.
    const lost = evaluateTargets({
      workloads: { ch: { parley: { ...round([1000, 900, 900, 900]), conversations: 39, finished: false } } },
    });
    for (const t of lost.filter((x) => x.workload === 'ch')) {
      assert.equal(t.pass, false);
      assert.match(t.failed, /39 of 40 conversations/);
    }
  });

  it("judges issue #20's targets on the rows, and says by how much each passes or misses", () => {
    const conv = (messagesPerSec, cpu, p99 = 50) => ({
      messagesPerSec,
      serverCpuUsPerMessage: cpu,
      latencyMs: { p50: 1, p99, p999: p99 },
    });
    const restart = (over) => ({ lost: 0, missingDeliveries: 0, duplicated: 0, finished: true, ...over });
    const targets = evaluateTargets({
      workloads: {
        a: { uws: fanout(1), socketio: fanout(4), soketi: fanout(2), parley: fanout(1.4) },
        b: {
          socketio: conv(20_000, 40),
          'socketio-pg': conv(2_000, 200),
          parley: conv(12_000, 38),
          'parley-pg': conv(3_000, 90, 150),
        },
        c: { parley: { kibPerConnection: 4.31 } },
        d: {
          parley: restart({ resumeSecondsFromKill: 3 }),
          'parley-pg2': restart({ resumeSecondsFromKill: 30, finished: false, resumed: 10, affected: 12 }),
        },
        soak: { parley: { rssGrowthPercent: 2, eventLoopP99Ms: { max: 60, median: 5 } } },
      },
      startTime: { bundled: { medianMs: 460 }, unbundled: { medianMs: 1200 } },
    });
    const find = (name) => targets.find((t) => t.name === name);
    // The start: the bundled build's median restart, 460 ms over 400 ms, misses by 15 %.
    const start = find('relay listening ≤ 400 ms after spawn (bundled, median restart)');
    assert.deepEqual([start.workload, start.pass, start.by], ['start', false, 15]);
    // (a) 1.4 µs over a bound of 1.3 µs: a miss by 7.7 % of the bound; ⅓ of Socket.IO's 4 µs is 1.333.
    assert.deepEqual(
      [find('server CPU per delivery ≤ 1.3× raw uWS').pass, find('server CPU per delivery ≤ 1.3× raw uWS').by],
      [false, 7.7],
    );
    assert.equal(find('server CPU per delivery ≤ ⅓ of socketio').pass, false);
    assert.equal(find('server CPU per delivery ≤ ⅓ of soketi').pass, false);
    // (b) 12,000 ≥ 5 × 2,000: passes by 20 %; 3,000 < 2 × 2,000: misses by 25 %.
    const sqlite = find("Parley (SQLite) ≥ 5× the durable peer's stored+acked msgs/s");
    assert.deepEqual([sqlite.pass, sqlite.bound, sqlite.by], [true, 10_000, 20]);
    const pg = find("Parley (PostgreSQL) ≥ 2× the durable peer's stored+acked msgs/s");
    assert.deepEqual([pg.pass, pg.by], [false, 25]);
    assert.equal(find("relay CPU per stored message ≤ Socket.IO's per relayed (unstored) message").pass, true);
    assert.equal(find('p99 latency ≤ 100 ms (parley)').pass, true);
    assert.equal(find('p99 latency ≤ 100 ms (parley-pg)').pass, false);
    // (c) 4.31 KiB is over 4 KiB.
    assert.equal(find('≤ 4 KiB per idle connection').pass, false);
    // (d): every store that ran; a cluster whose clients did not all resume misses, and says how many did.
    assert.equal(find('all resumed within 3 s of the kill (parley)').pass, true);
    const cluster = find('all resumed within 3 s of the kill (parley-pg2)');
    assert.deepEqual([cluster.pass, cluster.failed], [false, '10 of 12 resumed']);
    assert.equal(find('nothing lost (parley-pg2)').pass, true);
    assert.equal(
      targets.find((t) => t.name === 'nothing lost (parley-pg)'),
      undefined,
      'a store that did not run has no rows',
    );
    // The soak.
    assert.equal(find('RSS growth after warm-up < 5 %').pass, true);
    assert.equal(find('p99 event-loop delay < 50 ms (highest sample window)').pass, false);

    const markdown = renderMarkdown({
      mode: 'full',
      startedAt: 't',
      machine: { nproc: 2, cpuModel: 'x', memoryGiB: 1, node: 'v20', kernel: 'k', loadavg: [0, 0, 0] },
      servers: {},
      sizes: {},
      workloads: {},
      targets,
    });
    assert.match(
      markdown,
      /\| a \| server CPU per delivery ≤ 1\.3× raw uWS \| 1\.4 µs \| ≤ 1\.3 µs \| \*\*MISS\*\* by 7\.7 % \|/,
    );
    assert.match(
      markdown,
      /\| b \| Parley \(SQLite\) ≥ 5× .* \| 12,000 msgs\/s \| ≥ 10,000 msgs\/s \| PASS by 20 % \|/,
    );
    assert.match(markdown, /\| d \| nothing lost \(parley\) \| 0 messages \| ≤ 0 messages \| PASS \|/);
    assert.match(markdown, /\*\*MISS\*\* \(10 of 12 resumed\)/);
  });

  it('judges (e) at half load against its bound and Socket.IO at the same offered rate; not keeping up misses', () => {
    const level = (fraction, p99, over = {}) => ({
      label: `${fraction * 100} %`,
      fraction,
      offeredPerSec: 1000,
      achievedPerSec: 1000,
      keptUp: true,
      deliveryMs: { p50: 1, p99, p999: p99 + 1 },
      ...over,
    });
    const results = {
      mode: 'full',
      startedAt: 't',
      machine: { nproc: 2, cpuModel: 'x', memoryGiB: 1, node: 'v22', kernel: 'k', loadavg: [0, 0, 0] },
      servers: { socketio: { label: 'Socket.IO' }, parley: { label: 'Parley' }, 'parley-pg2': { label: 'pg2' } },
      sizes: { e: { pairs: 10, warmupMs: 1000, measureMs: 2000, drainMs: 1000 } },
      workloads: {
        e: {
          socketio: {
            maxMsgsPerSec: 4000,
            levels: [
              level(0.5, 30),
              level(0.25, 12, { sameRateAs: 'parley' }),
              level(0.5, 50, { sameRateAs: 'parley-pg2' }),
            ],
          },
          parley: { maxMsgsPerSec: 2000, levels: [level(0.25, 5), level(0.5, 15), level(0.75, 90)] },
          'parley-pg2': {
            maxMsgsPerSec: 2000,
            levels: [level(0.5, 35, { achievedPerSec: 900, keptUp: false })],
          },
        },
      },
    };
    results.targets = evaluateTargets(results);
    const find = (name) => results.targets.find((t) => t.name === name);
    const sqlite = find('p99 send→delivery at 50 % load ≤ 20 ms (parley)');
    assert.deepEqual([sqlite.value, sqlite.pass, sqlite.by], [15, true, 25]);
    // 15 ms against Socket.IO's 12 ms at Parley's 50 % rate (not its own 50 %, 30 ms): a miss.
    const vsSocketio = find("p99 send→delivery at 50 % load below Socket.IO's at the same offered rate (parley)");
    assert.deepEqual([vsSocketio.bound, vsSocketio.pass], [12, false]);
    // Two relays: 35 ms is under both bounds, but 900 of 1,000 msgs/s is not keeping up.
    const pg2 = find('p99 send→delivery at 50 % load ≤ 40 ms (parley-pg2)');
    assert.deepEqual([pg2.pass, pg2.failed], [false, 'could not keep up: 900 of 1,000 msgs/s offered']);
    const markdown = renderMarkdown(results);
    assert.match(markdown, /## \(e\) Open loop: 10 pairs/);
    assert.match(markdown, /\| Parley \(max 2,000 msgs\/s\) \| 25 % \| 1,000 \| 1,000 \| yes \|/);
    assert.match(markdown, /\| pg2 \(max 2,000 msgs\/s\) \| 50 % \| 1,000 \| 900 \| \*\*no\*\* \(90 %\) \|/);
  });

  it('runs the (f) sizes that fit under the fd limit, adds the most that fits, and marks the rest BLOCKED', () => {
    const plan = planScale([1000, 10_000, 50_000, 100_000], 1000, { soft: 20_000, hard: 20_000 });
    assert.deepEqual(plan.sizes, [1000, 10_000, 17_700]);
    assert.deepEqual(
      plan.blocked.map((b) => [b.idle, b.fds]),
      [
        [50_000, 52_300],
        [100_000, 102_300],
      ],
    );
    assert.deepEqual(planScale([1000, 2000], 200, { soft: 20_000, hard: 20_000 }), {
      sizes: [1000, 2000],
      blocked: [],
    });

    const size = (idle, cpu, kib) => ({
      idle,
      serverCpuUsPerMessage: cpu,
      kibPerIdleConnection: kib,
      messagesPerSec: 1000,
      latencyMs: { p50: 1, p99: 2, p999: 3 },
      finished: true,
    });
    const reason = 'needs 102,300 file descriptors; raising it failed: EPERM';
    const results = {
      mode: 'full',
      startedAt: 't',
      machine: { nproc: 2, cpuModel: 'x', memoryGiB: 1, node: 'v22', kernel: 'k', loadavg: [0, 0, 0] },
      servers: { parley: { label: 'Parley' } },
      sizes: { f: { addresses: 8, perProcess: 9000, b: { pairs: 1000 } } },
      workloads: {
        f: {
          parley: {
            sizes: [size(1000, 40, 3.9), size(10_000, 44, 3.8), size(17_700, 50, 3.7)],
            notMeasured: [{ idle: 100_000, reason }],
          },
        },
      },
    };
    results.targets = evaluateTargets(results);
    const f = results.targets.filter((t) => t.workload === 'f');
    // 50 µs over 1.2 × 40 = 48 µs: a miss at the largest size measured; 3.7 KiB passes.
    assert.deepEqual(
      f.map((t) => [t.name, t.pass]),
      [
        ['CPU per message with 17,700 idle connections (the most measured) ≤ 1.2× with 1,000', false],
        ['≤ 4 KiB per idle connection with 17,700 idle connections', true],
        ['CPU per message with 100,000 idle connections ≤ 1.2× with 1,000', null],
        ['≤ 4 KiB per idle connection with 100,000 idle connections', null],
      ],
    );
    assert.equal(f[2].blocked, reason);
    const markdown = renderMarkdown(results);
    assert.match(markdown, /\| 17,700 \| 1,000 \| 50\.00 \| 1\.25× \|/);
    assert.match(markdown, /\| 100,000 \| \*\*BLOCKED\*\*: needs 102,300/);
    assert.match(markdown, /\| f \| CPU per message with 100,000 .* \| – \| – \| \*\*BLOCKED\*\* \(needs 102,300/);
    assert.doesNotMatch(markdown, /100,000 idle connections ≤ 1\.2× with 1,000 \|[^\n]*PASS/);
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
    assert.match(markdown, /\| b \| p99 latency ≤ 100 ms \(parley\) \| 2 ms \| ≤ 100 ms \| not judged \|/);
    assert.doesNotMatch(markdown, /\| (PASS|\*\*MISS)/);
  });

  it("shows the relay's start, bundled and not, says which build ran, and judges the bundled one", () => {
    const results = {
      mode: 'full',
      startedAt: 't',
      machine: { nproc: 2, cpuModel: 'x', memoryGiB: 1, node: 'v22', kernel: 'k', loadavg: [0, 0, 0] },
      servers: { parley: { label: 'Parley' } },
      sizes: {},
      relayBuild: 'bundled',
      workloads: {},
      startTime: {
        bundled: {
          entry: '/x/packages/relay/dist/bundle/main.js',
          medianMs: 310,
          minMs: 290,
          maxMs: 400,
          startsMs: [1, 2, 3],
        },
        unbundled: { entry: '/x/packages/relay/dist/main.js', error: 'the relay exited (1) before listening:\nboom' },
      },
    };
    results.targets = evaluateTargets(results);
    const markdown = renderMarkdown(results);
    assert.match(markdown, /\| bundled \| packages\/relay\/dist\/bundle\/main\.js \| 310 \| 290 \| 400 \| 3 \|/);
    assert.match(
      markdown,
      /\| unbundled \| packages\/relay\/dist\/main\.js \| failed: the relay exited \(1\) before listening: \|/,
    );
    assert.match(markdown, /\(a\) to \(d\) ran the bundled one \(--bundled\)/);
    assert.match(
      markdown,
      /\| start \| relay listening ≤ 400 ms after spawn \(bundled, median restart\) \| 310 ms \| ≤ 400 ms \| PASS/,
    );
  });
});
