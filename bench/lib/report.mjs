// The Markdown table and the issue's targets, from a results object; with `--baseline`, this build before/after
// the baseline's.

const ORDER = [
  'uws',
  'socketio',
  'socketio-pg',
  'soketi',
  'parley',
  'parley-bundled',
  'parley-outbox',
  'parley-outbox-base',
  'parley-outbox-batch',
  'parley-outbox-batch-base',
  'parley-outbox-stalled',
  'parley-outbox-stalled-base',
  'parley-faq',
  'parley-ai',
  'parley-safety-off',
  'parley-rules-50',
  'parley-rules-match',
  'parley-pg',
  'parley-pg-base',
  'parley-pg2',
  'parley-pg2-base',
  'parley-cluster',
  'parley-base',
];
/** The servers that store and acknowledge what they count in (b): the relays and the durable peer. */
const stores = (p) => p.startsWith('parley') || p === 'socketio-pg';
const fmt = (v, digits = 1) =>
  typeof v === 'number' && Number.isFinite(v)
    ? v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '–';
const int = (v) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '–');
const ratio = (v, base) =>
  typeof v === 'number' && typeof base === 'number' && base > 0 ? `${(v / base).toFixed(2)}×` : '–';

/** Messages a restart lost: acknowledged and gone, or never delivered to a connection that should have had them. */
const lostIn = (r) => r.lost + (r.missingDeliveries ?? 0);

/**
 * The workloads run in rounds, by the figure each round is judged on: `value` picks the median round (lower is
 * better, unless `higher`; `null` counts as the worst), and the note under the table shows it (`by`, `across`,
 * `show`). `flag` marks rounds worth naming in that note.
 */
const ROUND_FIGURES = {
  a: {
    value: (r) => r.serverCpuUsPerDelivery,
    by: 'CPU per delivery',
    across: 'in µs/delivery',
    show: (v) => fmt(v, 2),
  },
  b: { value: (r) => r.messagesPerSec, higher: true, by: 'msgs/s', across: 'in msgs/s', show: int },
  d: {
    value: (r) => (r.finished ? r.resumeSecondsFromKill : null),
    by: 'the time until all resumed',
    note: 'loss and duplication are judged on every round',
    across: 'all resumed after the kill, in s',
    show: (v) => fmt(v, 2),
    flag: { when: (r) => lostIn(r) > 0 || r.duplicated > 0, says: 'with losses or duplicates' },
  },
  w: { value: (r) => r.relayCpuUsPerDelivery },
};

/**
 * One server's median round of a workload run in rounds ({@link ROUND_FIGURES}): the round with the median figure
 * (the lower middle of an even count), whole, so that its figures belong together. Failed rounds are left out (all
 * failed: the first failure). `rounds` lists every round, made short by `brief`.
 */
export function medianRound(workload, list, brief) {
  const done = list.filter((r) => !r.error);
  if (done.length === 0) return { ...list[0], rounds: list.map(brief) };
  const { value, higher } = ROUND_FIGURES[workload];
  const key = (r) => {
    const v = value(r);
    return v === null || v === undefined ? Infinity : higher ? -v : v;
  };
  const sorted = [...done].sort((x, y) => key(x) - key(y));
  return { ...sorted[Math.floor((sorted.length - 1) / 2)], rounds: list.map(brief) };
}

/**
 * Under a table of (a), (b) or (d), when it ran in rounds: each server's range across rounds, and for (a) Parley's
 * CPU per delivery over raw uWS's in the same round (the two ran minutes apart at most, so this ratio moves least).
 */
function roundsNote(workload, rows, peers, label) {
  const ranged = peers.filter((p) => rows[p]?.rounds?.length > 1);
  if (ranged.length === 0) return [];
  const n = rows[ranged[0]].rounds.length;
  const { value, by, note, across, show, flag } = ROUND_FIGURES[workload];
  const spans = ranged.map((p) => {
    const done = rows[p].rounds.filter((r) => !r.error);
    const values = done.map(value).filter((v) => v !== null && v !== undefined);
    const failed = rows[p].rounds.length - done.length;
    const flagged = flag ? done.filter(flag.when).length : 0;
    const span = values.length ? `${show(Math.min(...values))}–${show(Math.max(...values))}` : 'no round completed';
    return `${label(p)} ${span}${failed ? ` (${failed} failed)` : ''}${flagged ? ` (${flagged} ${flag.says})` : ''}`;
  });
  const lines = [
    `Each row is the server's median of ${n} interleaved rounds (by ${by})${note ? `; ${note}` : ''}. Across rounds, ${across}: ${spans.join('; ')}.`,
  ];
  if (workload === 'a' && rows.uws?.rounds && rows.parley?.rounds) {
    const same = rows.parley.rounds.map((r, i) => {
      const u = rows.uws.rounds[i];
      return r.error || !u || u.error ? '–' : ratio(r.serverCpuUsPerDelivery, u.serverCpuUsPerDelivery);
    });
    lines.push(`Parley's CPU per delivery over raw uWS's in the same round: ${same.join(', ')}.`);
  }
  return [...lines, ''];
}

/**
 * Under a table of (a) or (b): the SQLite relays' messages per group commit in the measured window (median round).
 * Each commit's transaction, WAL write and fsync cost about the same whatever its size, so few messages a commit is
 * much CPU a message (docs/performance.md, "What a group commit costs in the fan-out").
 */
function commitsNote(rows, peers, label) {
  const parts = peers
    .filter((p) => rows[p]?.appendsPerCommit != null)
    .map((p) => `${label(p)} ${fmt(rows[p].appendsPerCommit, 1)} (${int(rows[p].commits)} commits)`);
  if (parts.length === 0) return [];
  return [
    `Messages per group commit in the measured window (SQLite, from each relay's /metrics): ${parts.join('; ')}.`,
    '',
  ];
}

/**
 * Checks the targets of issue #20 (and the soak's, issue #15) on the rows of the table: each server's median
 * round. Each entry says what was measured (`value`), the bound it is held to (`bound`, with `op` one of ≤ ≥ <),
 * `pass` (null: not measured, or a diagnostic run) and `by`: how far inside (pass) or outside (miss) the bound
 * the value is, in % of the bound (or in units when the bound is 0). Targets are never relaxed here.
 */
export function evaluateTargets(results) {
  const w = results.workloads ?? {};
  const targets = [];
  const ok = (r) => (r && !r.error && !r.skipped ? r : null);
  const row = (workload, peer) => ok(w[workload]?.[peer]);
  // `failed`: a reason that misses the target whatever the value (e.g. not every client resumed).
  const add = (workload, name, value, op, bound, unit = '', failed = null) => {
    const measured = typeof value === 'number' && Number.isFinite(value) && typeof bound === 'number';
    const within = op === '≤' ? value <= bound : op === '≥' ? value >= bound : value < bound;
    const pass = !measured || results.diagnostic ? null : within && !failed;
    const tenth = (v) => Math.round(v * 10) / 10;
    const by = measured
      ? bound === 0
        ? tenth(Math.abs(value))
        : tenth((Math.abs(value - bound) / bound) * 100)
      : null;
    targets.push({
      workload,
      name,
      value: measured ? round(value) : (value ?? null),
      op,
      bound: typeof bound === 'number' ? round(bound) : null,
      unit,
      pass,
      by,
      byUnit: bound === 0 ? unit : '%',
      ...(failed && measured ? { failed } : {}),
    });
  };
  const times = (factor, v) => (typeof v === 'number' ? factor * v : null);
  // A target this machine cannot measure, and why: neither PASS nor MISS.
  const block = (workload, name, op, unit, reason, bound = null) =>
    targets.push({ workload, name, value: null, op, bound, unit, pass: null, by: null, byUnit: '%', blocked: reason });

  // (a) fan-out: CPU per delivery against raw uWS and the rooms servers; p99 below theirs.
  const pa = row('a', 'parley');
  const cpuA = (peer) => row('a', peer)?.serverCpuUsPerDelivery ?? null;
  add('a', 'server CPU per delivery ≤ 1.3× raw uWS', pa?.serverCpuUsPerDelivery, '≤', times(1.3, cpuA('uws')), 'µs');
  for (const peer of ['socketio', 'soketi'])
    add('a', `server CPU per delivery ≤ ⅓ of ${peer}`, pa?.serverCpuUsPerDelivery, '≤', times(1 / 3, cpuA(peer)), 'µs');
  for (const peer of ['socketio', 'soketi'])
    add('a', `p99 latency below ${peer}`, pa?.latencyMs.p99, '<', row('a', peer)?.latencyMs.p99 ?? null, 'ms');

  // (b) conversations: stored and acknowledged messages against the durable peer's; CPU per stored message.
  const durable = row('b', 'socketio-pg')?.messagesPerSec ?? null;
  add(
    'b',
    "Parley (SQLite) ≥ 5× the durable peer's stored+acked msgs/s",
    row('b', 'parley')?.messagesPerSec,
    '≥',
    times(5, durable),
    'msgs/s',
  );
  add(
    'b',
    "Parley (PostgreSQL) ≥ 2× the durable peer's stored+acked msgs/s",
    row('b', 'parley-pg')?.messagesPerSec,
    '≥',
    times(2, durable),
    'msgs/s',
  );
  const perMessage = (r) => r?.serverCpuUsPerMessage ?? r?.serverCpuUsPerDelivery ?? null;
  add(
    'b',
    "relay CPU per stored message ≤ Socket.IO's per relayed (unstored) message",
    perMessage(row('b', 'parley')),
    '≤',
    perMessage(row('b', 'socketio')),
    'µs',
  );
  for (const peer of ['parley', 'parley-pg', 'parley-pg2'])
    if (w.b?.[peer]) add('b', `p99 latency ≤ 100 ms (${peer})`, row('b', peer)?.latencyMs.p99, '≤', 100, 'ms');

  // Issue #37, target 2: CPU per stored message against raw uWS relaying without storing.
  const cpuB = (peer) => perMessage(row('b', peer));
  add('b', 'relay CPU per stored message ≤ 2.5× raw uWS (SQLite)', cpuB('parley'), '≤', times(2.5, cpuB('uws')), 'µs');
  if (w.b?.['parley-pg'])
    add(
      'b',
      'relay CPU per stored message ≤ 4× raw uWS (PostgreSQL)',
      cpuB('parley-pg'),
      '≤',
      times(4, cpuB('uws')),
      'µs',
    );

  // Issue #37, target 1: a webhook on every message costs ≤ 1.1× the relay without. Only with every webhook of the
  // window's messages delivered within it: a pipeline that falls behind leaves its cost outside the window.
  const withHooks = (workload, cpu, messages, peer = 'parley-outbox') => {
    const r = row(workload, peer);
    if (!w[workload]?.[peer]) return;
    const stored = r ? messages(r) : null;
    const behind =
      r && typeof r.webhooksInWindow === 'number' && r.webhooksInWindow < 0.95 * stored
        ? `the webhooks fell behind: ${int(r.webhooksInWindow)} delivered in the window for ${int(stored)} messages stored`
        : null;
    const name = workload === 'a' ? 'server CPU per delivery' : 'relay CPU per stored message';
    add(
      workload,
      `${name} with a webhook on every message${peer === 'parley-outbox' ? '' : ', batched,'} ≤ 1.1× without`,
      cpu(r),
      '≤',
      times(1.1, cpu(row(workload, 'parley'))),
      'µs',
      behind,
    );
  };
  withHooks(
    'a',
    (r) => r?.serverCpuUsPerDelivery ?? null,
    (r) => r.messages,
  );
  withHooks('b', perMessage, (r) => r.completed);
  // The same with an endpoint that takes its events in batches (ADR 0039).
  withHooks(
    'a',
    (r) => r?.serverCpuUsPerDelivery ?? null,
    (r) => r.messages,
    'parley-outbox-batch',
  );
  withHooks('b', perMessage, (r) => r.completed, 'parley-outbox-batch');

  // (c) idle memory.
  add('c', '≤ 4 KiB per idle connection', row('c', 'parley')?.kibPerConnection, '≤', 4, 'KiB');

  // (d) restart, on every store it ran on, and the release tree's bundle (what target 7 is judged on, as the start).
  for (const peer of ['parley', 'parley-bundled', 'parley-pg', 'parley-pg2']) {
    if (!w.d?.[peer] && peer !== 'parley') continue;
    const pd = row('d', peer);
    // Loss and duplication on every round (the row is the median round by time): the worst round's count.
    const everyRound = roundsOf(pd).filter((r) => !r.error);
    const worst = (count) => (pd && everyRound.length ? Math.max(...everyRound.map(count)) : null);
    add('d', `nothing lost (${peer})`, worst(lostIn), '≤', 0, 'messages');
    add(
      'd',
      `nothing duplicated (${peer})`,
      worst((r) => r.duplicated),
      '≤',
      0,
      'messages',
    );
    add(
      'd',
      `all resumed within 3 s of the kill (${peer})`,
      pd?.resumeSecondsFromKill ?? null,
      '≤',
      3,
      's',
      pd && !pd.finished ? `${pd.resumed} of ${pd.affected ?? pd.connections} resumed` : null,
    );
  }

  // (e) open loop: p99 send→delivery at half of each relay's own maximum, against a bound and Socket.IO's at the same
  // offered rate. A server that could not keep up at that rate misses whatever its p99.
  const levelOf = (peer, pick) => row('e', peer)?.levels?.find(pick) ?? null;
  const keptUp = (l) =>
    l && !l.keptUp ? `could not keep up: ${int(l.achievedPerSec)} of ${int(l.offeredPerSec)} msgs/s offered` : null;
  for (const [peer, bound] of [
    ['parley', 20],
    ['parley-pg2', 40],
  ]) {
    const half = levelOf(peer, (l) => l.fraction === 0.5 && !l.sameRateAs);
    add(
      'e',
      `p99 send→delivery at 50 % load ≤ ${bound} ms (${peer})`,
      half?.deliveryMs.p99,
      '≤',
      bound,
      'ms',
      keptUp(half),
    );
    const socketio = levelOf('socketio', (l) => l.sameRateAs === peer);
    add(
      'e',
      `p99 send→delivery at 50 % load below Socket.IO's at the same offered rate (${peer})`,
      half?.deliveryMs.p99,
      '<',
      socketio?.deliveryMs.p99 ?? null,
      'ms',
      keptUp(half),
    );
  }

  // (f) scale: CPU per message and memory per idle connection at the largest size against the smallest (1k). Sizes
  // this machine cannot hold are BLOCKED, with the reason, never judged.
  const scale = row('f', 'parley');
  const sizes = scale?.sizes ?? [];
  const small = sizes.find((x) => x.idle === 1000) ?? sizes[0] ?? null;
  const large = sizes.length > 1 ? sizes.at(-1) : null;
  const at = (x) => (x ? `${int(x.idle)} idle connections` : 'the largest size');
  add(
    'f',
    `CPU per message with ${at(large)} (the most measured) ≤ 1.2× with ${small ? int(small.idle) : '1,000'}`,
    large?.serverCpuUsPerMessage,
    '≤',
    times(1.2, small?.serverCpuUsPerMessage),
    'µs',
  );
  add('f', `≤ 4 KiB per idle connection with ${at(large)}`, large?.kibPerIdleConnection, '≤', 4, 'KiB');
  const hundredK = scale?.notMeasured?.find((x) => x.idle === 100_000);
  if (hundredK) {
    block('f', 'CPU per message with 100,000 idle connections ≤ 1.2× with 1,000', '≤', 'µs', hundredK.reason);
    block('f', '≤ 4 KiB per idle connection with 100,000 idle connections', '≤', 'KiB', hundredK.reason, 4);
  }

  // (f) on a cluster (issue #87): the same two bounds, the relays' CPU summed, at the largest size against 1,000.
  const clusterScale = w.f?.['parley-cluster'];
  if (clusterScale) {
    const c = ok(clusterScale);
    const cs = c?.sizes ?? [];
    const cSmall = cs.find((x) => x.idle === 1000) ?? cs[0] ?? null;
    const cLarge = cs.length > 1 ? cs.at(-1) : null;
    const on = `parley-cluster${c?.relays ? `, ${c.relays} relays` : ''}`;
    const incomplete = cLarge && !cLarge.finished ? 'not every message completed or idle connection stayed open' : null;
    add(
      'f',
      `CPU per message with ${at(cLarge)} ≤ 1.2× with ${cSmall ? int(cSmall.idle) : '1,000'} (${on})`,
      cLarge?.serverCpuUsPerMessage,
      '≤',
      times(1.2, cSmall?.serverCpuUsPerMessage),
      'µs',
      incomplete,
    );
    add('f', `≤ 4 KiB per idle connection with ${at(cLarge)} (${on})`, cLarge?.kibPerIdleConnection, '≤', 4, 'KiB');
    const clusterHundredK = c?.notMeasured?.find((x) => x.idle === 100_000);
    if (clusterHundredK) {
      block(
        'f',
        `CPU per message with 100,000 idle connections ≤ 1.2× with 1,000 (${on})`,
        '≤',
        'µs',
        clusterHundredK.reason,
      );
      block(
        'f',
        `≤ 4 KiB per idle connection with 100,000 idle connections (${on})`,
        '≤',
        'KiB',
        clusterHundredK.reason,
        4,
      );
    }
  }

  // ---- (w) webhook delivery (issue #37, target 5) ----
  const pw = row('w', 'parley');
  if (w.w) {
    const incomplete = pw && !pw.finished ? `${pw.distinctEvents} of ${pw.jobs} events received` : null;
    add('w', 'relay CPU per webhook delivery ≤ 60 µs', pw?.relayCpuUsPerDelivery, '≤', 60, 'µs', incomplete);
    add('w', '≥ 10,000 webhook deliveries/s to a local receiver', pw?.deliveriesPerSec, '≥', 10_000, '/s', incomplete);
  }
  // ---- end of (w) ----

  // ---- (ch) messaging channels inbound (issue #84) ----
  const pch = row('ch', 'parley');
  if (w.ch) {
    const apiRounds = channelRoundValues(w.ch.parley, 'api');
    for (const channel of ['telegram', 'whatsapp', 'twilio']) {
      const r = pch?.channels?.[channel];
      const incomplete = !pch
        ? null
        : !pch.finished
          ? `not every message was answered and stored once (${int(pch.conversations)} of ${int(pch.expectedConversations)} conversations)`
          : null;
      add(
        'ch',
        `channel inbound CPU per message ≤ the API channel's (${channel})`,
        r?.relayCpuUsPerMessage,
        '≤',
        pch?.channels?.api?.relayCpuUsPerMessage ?? null,
        'µs',
        incomplete,
      );
      // Above the API channel's median, but not in every round above every round of the API channel's: within the
      // rounds' spread (as the before/after verdict judges), not a difference this run can tell; a PASS that says so.
      const t = targets.at(-1);
      if (t.pass === false && !t.failed) {
        const v = verdict(channelRoundValues(w.ch.parley, channel), apiRounds, 'lower');
        if (v.within === true) Object.assign(t, { pass: true, within: v.text });
      }
    }
  }
  // ---- end of (ch) ----

  // ---- (r) reports over a million messages (issue #37, target 6) ----
  const pr = row('r', 'parley');
  for (const v of pr?.verdicts ?? [])
    add(
      'r',
      `${v.what === 'agent' ? 'report by agent' : v.what === 'export' ? 'export’s first page' : 'report'} over ${int(pr.messages)} messages, ${v.days} days, ≤ ${v.bound} ms (${v.engine}${v.sites > 1 ? `, ${v.sites} sites` : ''})`,
      v.ms,
      '≤',
      v.bound,
      'ms',
    );
  // ---- end of (r) ----

  // The relay's start (timed with (d), bench/lib/start-time.mjs): the bundle the release tree runs.
  if (results.startTime)
    add(
      'start',
      'relay listening ≤ 400 ms after spawn (bundled, median restart)',
      results.startTime.bundled?.medianMs,
      '≤',
      400,
      'ms',
    );

  // The soak (run with --only soak).
  const soak = row('soak', 'parley');
  add('soak', 'RSS growth after warm-up < 5 %', soak?.rssGrowthPercent, '<', 5, '%');
  add('soak', 'p99 event-loop delay < 50 ms (highest sample window)', soak?.eventLoopP99Ms.max, '<', 50, 'ms');
  return targets;
}

function round(v) {
  return Math.round(v * 1000) / 1000;
}

/** One target as a row of the Markdown table. */
function targetRow(t, diagnostic) {
  const show = (v) =>
    v === null || v === undefined ? '–' : `${v.toLocaleString('en-US')}${t.unit ? ` ${t.unit}` : ''}`;
  // Exactly on a bound of 0 (nothing lost) there is no distance to tell.
  const by =
    t.by === null || (t.bound === 0 && t.by === 0)
      ? ''
      : ` by ${t.by.toLocaleString('en-US')}${t.byUnit === '%' ? ' %' : ` ${t.byUnit}`}`;
  const result = t.blocked
    ? `**BLOCKED** (${t.blocked})`
    : diagnostic
      ? 'not judged'
      : t.pass === null
        ? 'not measured'
        : t.pass
          ? t.within
            ? `PASS (above${by}, ${t.within})`
            : `PASS${by}`
          : `**MISS**${t.failed ? ` (${t.failed})` : by}`;
  const bound = t.bound === null ? '–' : `${t.op ?? ''} ${show(t.bound)}`.trim();
  return `| ${t.workload} | ${t.name} | ${show(t.value)} | ${bound} | ${result} |`;
}

// ---- (w) webhook delivery (issue #37, target 5) -------------------------------------------------------------------

/** (w)'s section: this build (and its baseline) delivering N webhook jobs to a receiver on loopback. */
function renderWebhooks(results) {
  const s = results.sizes.w;
  const rows = results.workloads.w;
  const lines = [
    `## (w) Webhook delivery: ${int(s.jobs)} outbox jobs over ${int(s.conversations)} conversations to a receiver on loopback (SQLite)`,
    '',
    `The jobs are written into the idle relay's outbox in one transaction (from the bench's own connection), so the relay's CPU in the window is the delivery path alone: claims, signed POSTs, outcomes, the delivery log. Deliveries/s from the first delivery to the last; CPU from just before the write until the receiver has every event, per delivery. ${s.warmup ? `A warm-up of ${int(s.warmup)} jobs goes first, delivered and measured apart (its CPU per delivery is the last column: a relay's first deliveries, code not yet compiled and caches empty), as (a) and (b) warm up before they measure.` : ''}`,
    '',
    '| server | deliveries/s | relay CPU µs/delivery | events received | complete | warm-up: relay CPU µs/delivery |',
    '| --- | ---: | ---: | ---: | --- | ---: |',
  ];
  for (const p of ['parley', 'parley-base']) {
    const r = rows[p];
    if (!r) continue;
    const label = results.servers[p]?.label ?? p;
    if (r.error || r.skipped)
      lines.push(
        `| ${label} | ${r.error ? 'failed' : 'n/a'}: ${(r.error ?? r.skipped).split('\n')[0].slice(0, 160)} | | | | |`,
      );
    else
      lines.push(
        `| ${label} | ${int(r.deliveriesPerSec)} | ${fmt(r.relayCpuUsPerDelivery, 1)} | ${int(r.distinctEvents)}/${int(r.jobs)} | ${r.finished ? 'yes' : 'no'} | ${r.warmup ? fmt(r.warmup.relayCpuUsPerDelivery, 1) : '–'} |`,
      );
  }
  lines.push('');
  const ranged = ['parley', 'parley-base'].filter((p) => rows[p]?.rounds?.length > 1);
  if (ranged.length)
    lines.push(
      `Each row is the median of ${rows[ranged[0]].rounds.length} interleaved rounds (by CPU per delivery). Across rounds: ${ranged
        .map((p) => {
          const done = rows[p].rounds.filter((r) => !r.error);
          const cpu = done.map((r) => r.relayCpuUsPerDelivery);
          const rate = done.map((r) => r.deliveriesPerSec);
          return done.length
            ? `${results.servers[p]?.label ?? p} ${fmt(Math.min(...cpu), 1)}–${fmt(Math.max(...cpu), 1)} µs, ${int(Math.min(...rate))}–${int(Math.max(...rate))}/s`
            : `${p} no round completed`;
        })
        .join('; ')}.`,
      '',
    );
  return lines;
}

// ---- end of (w) ---------------------------------------------------------------------------------------------------

// ---- (ch) messaging channels inbound (issue #84) ------------------------------------------------------------------

/** A channel's CPU per message in each completed round of (ch) (one value when it ran once). */
function channelRoundValues(row, channel) {
  return (row?.rounds ?? [row])
    .map((r) => (r && !r.error ? (r.channels?.[channel]?.relayCpuUsPerMessage ?? null) : null))
    .filter((v) => typeof v === 'number' && Number.isFinite(v));
}

const CHANNEL_ROWS = {
  api: 'API channel (a bridge posting JSON)',
  telegram: 'Telegram (a bot’s webhook)',
  whatsapp: 'WhatsApp (Cloud API webhook)',
  twilio: 'Twilio SMS (a signed form)',
};

/** (ch)'s section: each channel's inbound path on one relay, against the API channel's. */
function renderChannels(results, failure) {
  const s = results.sizes.ch;
  const r = results.workloads.ch?.parley;
  const lines = [
    `## (ch) Messaging channels inbound: ${int(s.messages)} messages a channel from ${int(s.contacts)} contacts, ${s.concurrency} at a time (SQLite)`,
    '',
    `One relay of this build with an API channel and a Telegram, a WhatsApp and a Twilio channel on its site; each channel's messages posted as its provider posts them (the documented payloads, signed: Telegram's secret token, Meta's X-Hub-Signature-256, Twilio's X-Twilio-Signature; the API channel's bearer token), every body made before the window. Relay CPU (its process, /proc) from the first post until it is idle after the last answer, per message; msgs/s from the first post to the last answer. A warm-up of ${int(s.warmup)} messages a channel goes first, measured apart (last column). The channels run one after the other, in an order that turns each round.`,
    '',
  ];
  if (!r) return [...lines, "Not run: (ch) runs on this build's relay (`parley` in --peers).", ''];
  const f = failure(r);
  if (f) return [...lines, f, ''];
  lines.push(
    "| channel | msgs/s | relay CPU µs/msg | over the API channel's (same round) | answered 2xx | warm-up: relay CPU µs/msg |",
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const [channel, label] of Object.entries(CHANNEL_ROWS)) {
    const c = r.channels?.[channel];
    if (!c) continue;
    lines.push(
      `| ${label} | ${int(c.messagesPerSec)} | ${fmt(c.relayCpuUsPerMessage, 1)} | ${channel === 'api' ? '1.00×' : ratio(c.overApi, 1)} | ${int(c.taken)}/${int(c.messages)} | ${c.warmup ? fmt(c.warmup.relayCpuUsPerMessage, 1) : '–'} |`,
    );
  }
  lines.push(
    '',
    `Conversations made: ${int(r.conversations)} (expected ${int(r.expectedConversations)}: one a contact and channel)${r.finished ? '' : '; **not every message was answered and stored once**'}.`,
    '',
  );
  const rounds = r.rounds ?? [];
  if (rounds.length > 1) {
    const spans = Object.keys(CHANNEL_ROWS).map((channel) => {
      const values = channelRoundValues(r, channel);
      const ratios = rounds.map((x) => (x.error ? '–' : ratio(x.channels?.[channel]?.overApi, 1)));
      return `${channel} ${values.length ? `${fmt(Math.min(...values), 1)}–${fmt(Math.max(...values), 1)}` : 'no round completed'} µs${channel === 'api' ? '' : ` (over the API channel's: ${ratios.join(', ')})`}`;
    });
    lines.push(
      `Each row is the channel's median of ${rounds.length} rounds (by CPU per message). Across rounds: ${spans.join('; ')}.`,
      '',
    );
  }
  return lines;
}

// ---- end of (ch) --------------------------------------------------------------------------------------------------

/** The soak's section: the load, RSS and event-loop delay after the warm-up, and the samples in brief. */
/** The relay's start: spawn to `relay listening`, restarts on existing data (bench/lib/start-time.mjs). */
function renderStartTime(startTime, relayBuild = 'unbundled') {
  const lines = ['## Start: spawn to `relay listening`, restarts on existing data (SIGKILLed once listening)', ''];
  lines.push('| build | entry | median ms | min ms | max ms | starts |', '| --- | --- | ---: | ---: | ---: | ---: |');
  for (const [name, r] of Object.entries(startTime)) {
    const entry = r.entry.replace(/^.*\/packages\//, 'packages/');
    if (r.error) lines.push(`| ${name} | ${entry} | failed: ${r.error.split('\n')[0]} | | | |`);
    else
      lines.push(
        `| ${name} | ${entry} | ${int(r.medianMs)} | ${int(r.minMs)} | ${int(r.maxMs)} | ${r.startsMs.length} |`,
      );
  }
  lines.push(
    '',
    `The release tree and the Dockerfile run the bundled build; (a) to (d) ran the ${relayBuild} one${relayBuild === 'bundled' ? ' (--bundled)' : ''}.`,
    '',
  );
  return lines;
}

function renderSoak(results) {
  const r = results.workloads.soak.parley;
  const s = results.sizes.soak;
  const lines = [
    `## Soak: ${s.minutes} min of steady mixed load on the relay (SQLite), after ${fmt(s.warmupMinutes, 1)} min of warm-up`,
    '',
    `${int(s.visitors)} visitors (each types, then sends, about every ${fmt(s.visitorEveryMs / 1000, 1)} s; reads staff replies), ${s.staff} staff connections (each types and replies into a random conversation about every ${fmt(s.staffEveryMs / 1000, 1)} s; marks conversations read), ${fmt(s.churnPerSecond * 100, 1)} % of the visitors per second disconnecting and coming back with a resume. Sampled every ${fmt(s.sampleMs / 1000, 1)} s: RSS from /proc, the V8 heap (in use and committed) and the event-loop delay from /metrics (each delay sample covers the time since the previous one). The same load runs through the warm-up, while V8 sizes its heap to it; only the ${s.minutes} min after it are judged.`,
    '',
  ];
  if (!r || r.error || r.skipped) return [...lines, `Soak: ${r?.error ?? r?.skipped ?? 'not run'}`, ''];
  lines.push(
    '| messages stored+acked/s | reconnects | errors | relay CPU share | RSS at start MB | RSS after warm-up MB | RSS at end MB | RSS growth | peak growth | RSS max MB | V8 committed MB (after warm-up → end) | live heap MB (after warm-up → end) | event-loop p99, highest window ms | median window ms | longest delay ms | complete |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    `| ${fmt(r.messagesPerSec)} | ${int(r.reconnects)} | ${int(r.errors)}${r.lastError ? ` (${r.lastError.slice(0, 60)})` : ''} | ${fmt(r.serverCpuShare, 2)} | ${fmt(r.rssFirstMB)} | ${fmt(r.rssStartMB)} | ${fmt(r.rssEndMB)} | ${fmt(r.rssGrowthPercent, 2)} % | ${fmt(r.rssPeakGrowthPercent, 2)} % | ${fmt(r.rssMaxMB)} | ${fmt(r.heapCommittedStartMB)} → ${fmt(r.heapCommittedEndMB)} | ${fmt(r.heapLiveStartMB)} → ${fmt(r.heapLiveEndMB)} | ${fmt(r.eventLoopP99Ms.max, 2)} | ${fmt(r.eventLoopP99Ms.median, 2)} | ${fmt(r.eventLoopMaxMs, 2)} | ${r.finished ? 'yes' : 'no'} |`,
    '',
    `RSS growth (the target) compares the median of the first quarter of the samples after the warm-up with that of the last quarter; peak growth compares their highest samples (V8 resizes its young generation by tens of MB when it chooses, which moves medians either way; a slow leak raises the peaks too); "RSS at start" is the first sample, so the rise during the warm-up shows too. The live heap is the least in use in a quarter (the heap just after a collection). Every sample (time, RSS, heap in use and committed, event-loop p99 and max, messages stored) is in the JSON (\`workloads.soak.parley.series\`).`,
    '',
  );
  return lines;
}

/** Where (e)'s maxima came from: each server's (b) in the run, or one rate for all (`--open-loop-max`). */
function maximumIs(rows) {
  const fixed = Object.values(rows).find((r) => r?.maxFrom === '--open-loop-max');
  return fixed
    ? `The maximum is ${int(fixed.maxMsgsPerSec)} msgs/s for every server, set by --open-loop-max (a diagnostic: the targets judge 50 % of each server's own maximum).`
    : "The maximum is the server's (b) msgs/s in this run.";
}

/** (e)'s section: one row per server and load. */
function renderOpenLoop(results, peers, label, failure) {
  const s = results.sizes.e;
  const w = results.workloads.e;
  const lines = [
    `## (e) Open loop: ${int(s.pairs)} pairs, Poisson arrivals at 25, 50 and 75 % of each server's own maximum`,
    '',
    `Each side of each pair sends on its own schedule (exponential gaps; the rates of all sides add up to the offered rate), whatever is still in flight. ${maximumIs(w)} Per load: ${fmt(s.warmupMs / 1000, 1)} s unmeasured, then ${fmt(s.measureMs / 1000, 1)} s measured, then up to ${fmt(s.drainMs / 1000, 1)} s for the measured messages to land. Latency runs from each message's scheduled send time (not from when it went out: no coordinated omission); a message still missing after the drain counts with the time it waited. Achieved: what the partners received during the measured window; below 95 % of the offered rate the server did not keep up. Socket.IO also runs at the offered rates of Parley's 50 % rows, for the comparison at the same rate. The load generator shares the machine: its own lateness (send lag: sent − scheduled) is part of every latency, as it would be for a user whose browser is busy; when its p99 is near the delivery p99, the generator, not the server, made the tail.`,
    '',
    '| server | load | offered msgs/s | achieved msgs/s | kept up | send→ack p50 ms | p99 ms | p99.9 ms | send→delivery p50 ms | p99 ms | p99.9 ms | send lag p99 ms | server CPU µs/msg | server CPU share | load generator CPU share |',
    '| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const p of peers) {
    const r = w[p];
    if (!r) continue;
    const f = failure(r);
    if (f) {
      lines.push(`| ${label(p)} | ${f} | | | | | | | | | | | | | |`);
      continue;
    }
    r.levels.forEach((l, i) => {
      const who = i === 0 ? `${label(p)} (max ${int(r.maxMsgsPerSec)} msgs/s)` : '';
      const ack = l.ackMs ? [l.ackMs.p50, l.ackMs.p99, l.ackMs.p999].map((v) => fmt(v, 2)) : ['–', '–', '–'];
      const kept = l.keptUp ? 'yes' : `**no** (${fmt((l.achievedPerSec / l.offeredPerSec) * 100, 0)} %)`;
      lines.push(
        `| ${who} | ${l.label} | ${int(l.offeredPerSec)} | ${int(l.achievedPerSec)} | ${kept} | ${ack.join(' | ')} | ${fmt(l.deliveryMs.p50, 2)} | ${fmt(l.deliveryMs.p99, 2)} | ${fmt(l.deliveryMs.p999, 2)} | ${fmt(l.sendLagMs?.p99, 2)} | ${fmt(l.serverCpuUsPerMessage, 2)} | ${fmt(l.serverCpuShare, 2)} | ${fmt(l.loadCpuShare, 2)} |`,
      );
    });
  }
  lines.push('');
  const relays = peers.filter((p) => w[p]?.levels?.some((l) => l.relay));
  if (relays.length) {
    lines.push(
      "The relays' own view of the same windows (from /metrics, scraped as each window opened and closed): their event-loop delay, their group commits (SQLite: messages per commit; each commit costs the same whatever its size, so few per commit means much CPU per message), and the time from reading a send to acknowledging it (stored), as the upper bound of the histogram bucket holding the percentile. A client-side tail far above these was spent before the relay read the frame (the kernel, a starved process, the load generator) or after it wrote the answer.",
      '',
      '| server | load | event-loop delay p99 ms | max ms | messages per commit | receive→ack p50 ≤ ms | p99 ≤ ms |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    );
    const upTo = (v) => (typeof v === 'string' ? v : fmt(v, 1));
    for (const p of relays)
      w[p].levels.forEach((l, i) => {
        const r = l.relay;
        lines.push(
          `| ${i === 0 ? label(p) : ''} | ${l.label} | ${fmt(r?.eventLoopP99Ms, 2)} | ${fmt(r?.eventLoopMaxMs, 2)} | ${r?.appendsPerCommit == null ? '–' : fmt(r.appendsPerCommit, 1)} | ${upTo(r?.receiveToAckP50UpToMs)} | ${upTo(r?.receiveToAckP99UpToMs)} |`,
        );
      });
    lines.push('');
  }
  return lines;
}

/** (f)'s section: one row per size, and the sizes this machine cannot hold, with why. */
function renderScale(results, failure) {
  const s = results.sizes.f;
  const r = results.workloads.f.parley;
  const lines = [
    `## (f) Scale: (b)'s ${int(s.b.pairs)} pairs beside idle connections (Parley on SQLite)`,
    '',
    `Per size a fresh relay: its RSS at rest; the idle connections opened (from ${s.addresses} source addresses, load processes of at most ${int(s.perProcess)} each) and RSS again; its CPU share over the settling time with only them open (what timers, sweeps and pings cost as connections grow); then (b)'s load beside them, its relay CPU per stored and acknowledged message and RSS.`,
    '',
  ];
  if (!r)
    return [
      ...lines,
      results.workloads.f['parley-cluster']
        ? 'Not run on the SQLite relay (parley not in --peers).'
        : 'Not run (the scale workload runs on the SQLite relay).',
      '',
    ];
  const f = failure(r);
  if (f) return [...lines, `(f): ${f}`, ''];
  const base = r.sizes.find((x) => x.idle === 1000) ?? r.sizes[0];
  lines.push(
    '| idle connections | msgs/s stored+acked | relay CPU µs/msg | CPU × first size | RSS at rest MB | RSS with idle MB | KiB per idle connection | relay CPU share, idle only | RSS under load MB | p99 ms | connect s | complete |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const x of r.sizes)
    lines.push(
      x.error
        ? `| ${int(x.idle)} | failed: ${x.error.split('\n')[0].slice(0, 200)} | | | | | | | | | | no |`
        : `| ${int(x.idle)} | ${int(x.messagesPerSec)} | ${fmt(x.serverCpuUsPerMessage, 2)} | ${ratio(x.serverCpuUsPerMessage, base?.serverCpuUsPerMessage)} | ${fmt(x.rssAtRestMB)} | ${fmt(x.rssWithIdleMB)} | ${fmt(x.kibPerIdleConnection, 2)} | ${fmt(x.idleCpuShare, 3)} | ${fmt(x.rssMB)} | ${fmt(x.latencyMs?.p99, 2)} | ${fmt(x.connectSeconds, 1)} | ${x.finished ? 'yes' : 'no'} |`,
    );
  for (const x of r.notMeasured ?? []) lines.push(`| ${int(x.idle)} | **BLOCKED**: ${x.reason} | | | | | | | | | | |`);
  lines.push('');
  return lines;
}

/**
 * (f) on a cluster (`parley-cluster`): per size the relays together (msgs/s, CPU per message summed over them, KiB per
 * idle connection), each relay (its share, RSS at rest, with the idle connections and under (b)), PostgreSQL and Redis
 * beside them, and the sizing lines the guide in docs/performance.md takes from the largest size.
 */
function renderScaleCluster(results, failure) {
  const s = results.sizes.f;
  const r = results.workloads.f['parley-cluster'];
  const relays = r?.relays ?? s.cluster?.relays;
  const lines = [
    `## (f) Scale on ${relays ?? 'several'} relays: (b)'s ${int(s.b.pairs)} pairs beside idle connections (PostgreSQL + Redis)`,
    '',
    `Per size a fresh cluster of ${relays ?? 'N'} relays on one PostgreSQL schema and one Redis prefix, each on its own port. The idle connections go to the relays in turn (from ${s.clusterAddresses ?? s.addresses} source addresses, load processes of at most ${int(s.perProcess)} each); each of (b)'s pairs has its two sides on two different relays, so every message crosses Redis. CPU per message is the relays' summed; PostgreSQL's and Redis's are apart (their processes' CPU over the same window, read from /proc: the machine's servers, whatever else used them then). Memory: each relay's RSS (mean and largest), PostgreSQL's and Redis's proportional set size (shared pages counted once).`,
    '',
  ];
  if (r?.raisedFrom)
    lines.push(
      `**${relays} relays, not ${r.raisedFrom.relays}:** ${r.raisedFrom.reason}. The relays past ${r.raisedFrom.relays} are what this machine's limit of open files per process asks for, not a lower target: the sizes and bounds are the issue's.`,
      '',
    );
  const f = failure(r);
  if (f) return [...lines, `(f) on the cluster: ${f}`, ''];
  const base = r.sizes.find((x) => x.idle === 1000) ?? r.sizes[0];
  const relayRss = (x) => (x ? `${fmt(x.meanMB)} (${fmt(x.maxMB)})` : '–');
  lines.push(
    "| idle connections | relays | idle per relay | msgs/s stored+acked | msgs/s per relay | relays' CPU µs/msg | CPU × first size | KiB per idle connection | relays' CPU share, idle only | p99 ms | connect s | load processes (RSS MB) | complete |",
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const x of r.sizes)
    lines.push(
      x.error
        ? `| ${int(x.idle)} | failed: ${x.error.split('\n')[0].slice(0, 200)} | | | | | | | | | | | no |`
        : `| ${int(x.idle)} | ${x.relays} | ${int(x.idle / x.relays)} | ${int(x.messagesPerSec)} | ${int(x.messagesPerSec / x.relays)} | ${fmt(x.serverCpuUsPerMessage, 2)} | ${ratio(x.serverCpuUsPerMessage, base?.serverCpuUsPerMessage)} | ${fmt(x.kibPerIdleConnection, 2)} | ${fmt(x.idleCpuShare, 3)} | ${fmt(x.latencyMs?.p99, 2)} | ${fmt(x.connectSeconds, 1)} | ${x.loadProcesses} (${fmt(x.loadRssMB, 0)}) | ${x.finished ? 'yes' : 'no'} |`,
    );
  for (const x of r.notMeasured ?? [])
    lines.push(`| ${int(x.idle)} | **BLOCKED**: ${x.reason} | | | | | | | | | | | |`);
  lines.push(
    '',
    'Each relay, and the services beside them (PostgreSQL: the postmaster and its backends; Redis: its process). CPU per message and share over (b)\'s window; "idle only" over the settling time with only the idle connections open.',
    '',
    '| idle connections | relay RSS MB at rest, mean (max) | with idle | under load | most fds in a relay | PostgreSQL CPU µs/msg | share | idle only | MB at rest → with idle → under load | Redis CPU µs/msg | share | idle only | MB at rest → with idle → under load |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |',
  );
  const service = (b) =>
    !b
      ? '– | – | – | –'
      : b.error
        ? `${b.error} | | |`
        : `${fmt(b.cpuUsPerMessage, 2)} | ${fmt(b.cpuShare, 3)} | ${fmt(b.idleCpuShare, 3)} | ${fmt(b.pssAtRestMB)} → ${fmt(b.pssWithIdleMB)} → ${fmt(b.pssUnderLoadMB)}`;
  for (const x of r.sizes.filter((size) => !size.error))
    lines.push(
      `| ${int(x.idle)} | ${relayRss(x.rssPerRelayMB?.atRest)} | ${relayRss(x.rssPerRelayMB?.withIdle)} | ${relayRss(x.rssPerRelayMB?.underLoad)} | ${int(x.fdsPerRelayMax)} | ${service(x.beside?.postgres)} | ${service(x.beside?.redis)} |`,
    );
  lines.push('', ...clusterSizing(r), '');
  return lines;
}

/** The sizing guide's multi-relay lines, from the largest size a cluster run measured (empty when none finished). */
export function clusterSizing(r) {
  const x = [...(r?.sizes ?? [])].reverse().find((size) => size.finished);
  if (!x) return [];
  const n = x.relays;
  const pg = x.beside?.postgres;
  const redis = x.beside?.redis;
  const serviceLine = (name, b) =>
    !b || b.error
      ? `${name}: not read (${b?.error ?? 'not measured'})`
      : `${name} ${fmt(b.cpuShare, 2)} of a core under that load (${fmt(b.cpuUsPerMessage, 1)} µs per message; ${fmt(b.idleCpuShare, 3)} with the idle connections alone) and ${fmt(b.pssUnderLoadMB, 0)} MB (${fmt(b.pssAtRestMB, 0)} MB before the connections)`;
  return [
    `Sizing from this run (${int(x.idle)} idle connections on ${n} relays): each relay held ${int(x.idle / n)} idle connections and ${int((2 * r.pairs) / n)} chatting ones; the relays together stored and acknowledged ${int(x.messagesPerSec)} msgs/s (${int(x.messagesPerSec / n)} per relay) at ${fmt(x.serverCpuUsPerMessage, 1)} µs of relay CPU per message, p99 ${fmt(x.latencyMs?.p99, 0)} ms. Each relay took ${fmt(x.rssPerRelayMB?.atRest?.meanMB, 0)} MB at rest, ${fmt(x.rssPerRelayMB?.withIdle?.meanMB, 0)} MB with its idle connections (${fmt(x.kibPerIdleConnection, 2)} KiB each) and ${fmt(x.rssPerRelayMB?.underLoad?.meanMB, 0)} MB under load (largest ${fmt(x.rssPerRelayMB?.underLoad?.maxMB, 0)} MB). Beside them: ${serviceLine('PostgreSQL', pg)}; ${serviceLine('Redis', redis)}.`,
  ];
}

/** (r)'s section: per store, range and number of sites, the report from the day summaries and from the rows. */
function renderReports(results, failure) {
  const r = results.workloads.r.parley;
  const lines = [
    `## (r) Reports over ${r ? int(r.messages) : 'a million'} messages (Parley, SQLite and PostgreSQL)`,
    '',
  ];
  if (!r) return [...lines, 'Not run.', ''];
  const f = failure(r);
  if (f) return [...lines, `(r): ${f}`, ''];
  lines.push(
    `\`bench/diagnostics/reports.mjs\`: one site seeded with ${int(r.messages)} messages (${int(r.conversations)} conversations over 90 days) by bulk insert, then the report by day in ${r.timeZone} through the relay's repositories: the first (which makes the day summaries it needs), then the median of ${r.runs}; and, as the before, the same report from the rows alone. A second site of the same size is then added, and the reports run again. The longest block is a 1 ms timer's longest gap during a report (the first's apart: it writes the summaries).`,
    '',
    '| store | seeded in s | sites | range | messages in range | from the rows (before) ms | summaries: first ms | its longest block ms | summaries: median ms | min – max ms | longest block ms |',
    '| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
  );
  for (const store of r.stores)
    for (const x of store.rows) {
      lines.push(
        `| ${store.engine} | ${fmt(store.seededSeconds, 1)} | ${x.sites} | ${x.days} days | ${int(x.summaries.messages)} | ${fmt(x.before.ms, 1)} | ${fmt(x.summaries.first, 1)} | ${fmt(x.summaries.firstBlock, 1)} | ${fmt(x.summaries.ms, 1)} | ${fmt(x.summaries.min, 1)} – ${fmt(x.summaries.max, 1)} | ${fmt(x.summaries.block, 1)} |`,
      );
      // Issue #86: one agent's report (its own summaries) and the per-conversation export's first page (200 rows).
      for (const [what, t] of [
        ['by agent', x.filtered],
        ['export, first page (200 rows)', x.exportPage],
      ])
        if (t)
          lines.push(
            `| ${store.engine}: ${what} | | ${x.sites} | ${x.days} days | ${int(t.messages)} | | ${fmt(t.first, 1)} | ${fmt(t.firstBlock, 1)} | ${fmt(t.ms, 1)} | ${fmt(t.min, 1)} – ${fmt(t.max, 1)} | ${fmt(t.block, 1)} |`,
          );
    }
  lines.push('');
  return lines;
}

/** The results as Markdown: one table per workload, then the targets. */
export function renderMarkdown(results) {
  const m = results.machine;
  const lines = [];
  // Every server that ran gets its rows: those ORDER does not name yet, after the others.
  const peers = [
    ...ORDER.filter((p) => results.servers[p]),
    ...Object.keys(results.servers).filter((p) => !ORDER.includes(p)),
  ];
  const label = (p) => results.servers[p].label;
  lines.push(
    `# Benchmark results (${results.mode}${results.diagnostic ? `, DIAGNOSTIC: ${results.diagnostic}` : ''})`,
    '',
  );
  lines.push(
    `${results.startedAt} · ${m.nproc} × ${m.cpuModel} · ${m.memoryGiB} GiB · Node ${m.node} · Linux ${m.kernel}`,
  );
  lines.push(
    `Load average before ${m.loadavg.join(' ')}, after ${(m.loadavgAfter ?? []).join(' ')}. Client and servers share the machine. Parley's SQLite synchronous mode: ${results.parleySqliteSync ?? 'full (default)'}.`,
    '',
  );
  if (results.postgres)
    lines.push(
      results.postgres.error
        ? `PostgreSQL: ${results.postgres.error}.`
        : `PostgreSQL ${results.postgres.version}, as the server has it: synchronous_commit = ${results.postgres.synchronousCommit}, fsync = ${results.postgres.fsync}, commit_delay = ${results.postgres.commitDelayUs} µs, shared_buffers = ${results.postgres.sharedBuffers}. Its own CPU is in no server's figures (nor Redis's in Parley's on PostgreSQL).`,
      '',
    );

  const w = results.workloads;
  // A table draws the servers that have a row in it (the bundle has one in (d) only).
  const withRow = (table) => peers.filter((p) => table[p]);
  const failure = (r) =>
    r?.error ? `failed: ${r.error.split('\n')[0].slice(0, 160)}` : r?.skipped ? `n/a: ${r.skipped}` : null;

  if (w.a) {
    const s = results.sizes.a;
    const base = w.a.uws && !w.a.uws.error ? w.a.uws : null;
    lines.push(
      `## (a) Fan-out: one room of ${s.receivers} subscribers, ${int(s.n)} messages after ${int(s.warmup)} of warm-up, ${s.window} in flight`,
      '',
    );
    lines.push(
      '| server | delivered msgs/s | server CPU µs/delivery | p50 ms | p99 ms | p99.9 ms | server RSS MB | CPU ×uWS | p99 ×uWS | complete |',
    );
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const p of withRow(w.a)) {
      const r = w.a[p];
      const f = failure(r);
      if (f) lines.push(`| ${label(p)} | ${f} | | | | | | | | |`);
      else
        lines.push(
          `| ${label(p)} | ${int(r.deliveredPerSec)} | ${fmt(r.serverCpuUsPerDelivery, 2)} | ${fmt(r.latencyMs.p50, 2)} | ${fmt(r.latencyMs.p99, 2)} | ${fmt(r.latencyMs.p999, 2)} | ${fmt(r.rssMB)} | ${ratio(r.serverCpuUsPerDelivery, base?.serverCpuUsPerDelivery)} | ${ratio(r.latencyMs.p99, base?.latencyMs.p99)} | ${r.finished ? 'yes' : `no (${r.delivered}/${r.expectedDelivered})`} |`,
        );
    }
    lines.push('', ...roundsNote('a', w.a, peers, label), ...commitsNote(w.a, peers, label));
  }
  if (w.b) {
    const s = results.sizes.b;
    const base = w.b.uws && !w.b.uws.error ? w.b.uws : null;
    lines.push(`## (b) Conversations: ${int(s.pairs)} pairs, both sides sending, ${s.window} in flight per side`, '');
    lines.push(
      `Parley${w.b['parley-base'] ? ' (and its baseline)' : ''} and the durable peer (Socket.IO + PostgreSQL) count messages stored and acknowledged; the other peers store nothing and acknowledge nothing, so for them a message counts once its partner has it (messages relayed per second). Server CPU is per message counted.`,
      '',
    );
    lines.push(
      '| server | msgs/s (what is counted) | server CPU µs/msg | p50 ms | p99 ms | p99.9 ms | server RSS MB | msgs/s ×uWS | CPU ×uWS | complete |',
    );
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const p of withRow(w.b)) {
      const r = w.b[p];
      const f = failure(r);
      if (f) lines.push(`| ${label(p)} | ${f} | | | | | | | | |`);
      else
        lines.push(
          `| ${label(p)} | ${int(r.messagesPerSec)} (${stores(p) ? 'stored+acked' : 'relayed'}) | ${fmt(r.serverCpuUsPerMessage ?? r.serverCpuUsPerDelivery, 2)} | ${fmt(r.latencyMs.p50, 2)} | ${fmt(r.latencyMs.p99, 2)} | ${fmt(r.latencyMs.p999, 2)} | ${fmt(r.rssMB)} | ${ratio(r.messagesPerSec, base?.messagesPerSec)} | ${ratio(r.serverCpuUsPerMessage ?? r.serverCpuUsPerDelivery, base?.serverCpuUsPerMessage ?? base?.serverCpuUsPerDelivery)} | ${r.finished ? 'yes' : `no (${r.completed}/${r.messages})`} |`,
        );
    }
    lines.push('', ...roundsNote('b', w.b, peers, label), ...commitsNote(w.b, peers, label));
  }
  if (w.c) {
    const base = w.c.uws && !w.c.uws.error ? w.c.uws : null;
    lines.push(`## (c) Idle: ${int(results.sizes.c.connections)} open connections`, '');
    lines.push('| server | connections | RSS before MB | RSS after MB | KiB per connection | ×uWS | connect s |');
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const p of withRow(w.c)) {
      const r = w.c[p];
      const f = failure(r);
      if (f) lines.push(`| ${label(p)} | ${f} | | | | | |`);
      else
        lines.push(
          `| ${label(p)} | ${int(r.connections)}${r.failed ? ` (${r.failed} failed)` : ''} | ${fmt(r.rssBeforeMB)} | ${fmt(r.rssMB)} | ${fmt(r.kibPerConnection, 2)} | ${ratio(r.kibPerConnection, base?.kibPerConnection)} | ${fmt(r.connectSeconds, 1)} |`,
        );
    }
    lines.push('');
  }
  if (w.d) {
    const s = results.sizes.d;
    lines.push(
      `## (d) Restart: ${int(s.conversations * s.perConversation)} connected clients, relay killed with SIGKILL and restarted on the same data`,
      '',
    );
    lines.push(
      '| server | what was killed | resumed | all resumed after kill, s | after relay listening, s | SYNs dropped (accept queue full) | acked | lost | duplicated | duplicate acks (resends) |',
    );
    lines.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const p of withRow(w.d)) {
      const r = w.d[p];
      const f = failure(r);
      if (f) lines.push(`| ${label(p)} | ${f} | | | | | | | | |`);
      else
        lines.push(
          `| ${label(p)} | ${r.relays > 1 ? `1 of ${r.relays} relays, not restarted` : 'the relay, restarted'} | ${int(r.resumed)}/${int(r.affected ?? r.connections)} | ${fmt(r.resumeSecondsFromKill, 2)} | ${fmt(r.resumeSecondsFromListening, 2)} | ${int(r.acceptQueueOverflows)} | ${int(r.acked)} | ${int(lostIn(r))} | ${int(r.duplicated)} | ${int(r.duplicateAcks)} |`,
        );
    }
    lines.push('');
    lines.push(...roundsNote('d', w.d, peers, label));
  }
  if (w.e) lines.push(...renderOpenLoop(results, peers, label, failure));
  if (w.f) lines.push(...renderScale(results, failure));
  if (w.f?.['parley-cluster']) lines.push(...renderScaleCluster(results, failure));
  if (w.w) lines.push(...renderWebhooks(results));
  if (w.ch) lines.push(...renderChannels(results, failure));
  if (w.r) lines.push(...renderReports(results, failure));
  if (results.startTime) lines.push(...renderStartTime(results.startTime, results.relayBuild));
  if (w.soak) lines.push(...renderSoak(results));
  lines.push(...renderBeforeAfter(compareWithBaseline(results)));
  lines.push('## Targets (Parley)', '');
  if (results.servers['parley-base']) lines.push(`${label('parley-base')} is a baseline: it judges no target.`, '');
  if (results.diagnostic)
    lines.push(`**Diagnostic run (${results.diagnostic}): not a result; no target is judged.**`, '');
  lines.push(
    "Judged on the rows above (each server's median round). PASS or MISS, and by how much: the distance between the measured value and the bound, in % of the bound.",
    '',
  );
  lines.push('| workload | target | measured | bound | result |');
  lines.push('| --- | --- | ---: | ---: | --- |');
  for (const t of results.targets) lines.push(targetRow(t, results.diagnostic));
  lines.push('');
  return `${lines.join('\n')}\n`;
}

// ---- before/after (--baseline) ------------------------------------------------------------------------------------

const finite = (v) => typeof v === 'number' && Number.isFinite(v);
/** Median of numbers (the mean of the middle two of an even count); null when empty. */
export function median(values) {
  const v = values.filter(finite).sort((x, y) => x - y);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}
const spread = (values) => {
  const v = values.filter(finite);
  return v.length ? [Math.min(...v), Math.max(...v)] : null;
};
const quotient = (x, y) => (finite(x) && finite(y) && y > 0 ? Math.round((x / y) * 10_000) / 10_000 : null);
/** Every round of a row: `rounds` when it ran in several, else the row itself (one round, or not run). */
const roundsOf = (row) => (row ? (row.rounds ?? [row]) : []);
const valueIn = (round, key) => (round && !round.error && !round.skipped && finite(round[key]) ? round[key] : null);

/**
 * The plain verdict on one metric: "within the rounds' spread" when the ranges of after and before across their
 * completed rounds overlap; outside it only when every round after is better (or worse) than every round before.
 * Fewer than two completed rounds on either side have no spread, and get no verdict.
 */
export function verdict(after, before, better, sameRound = []) {
  const a = spread(after);
  const b = spread(before);
  const na = after.filter(finite).length;
  const nb = before.filter(finite).length;
  if (na < 2 || nb < 2)
    return {
      within: null,
      text: 'no verdict: fewer than two completed rounds have no spread (use --rounds 3 or more)',
    };
  const ratios = sameRound.filter(finite);
  if (Math.max(a[0], b[0]) <= Math.min(a[1], b[1])) {
    const lower = ratios.length >= 2 && ratios.every((r) => r < 1);
    const higher = ratios.length >= 2 && ratios.every((r) => r > 1);
    const note =
      lower || higher
        ? ` (after ${lower ? 'lower' : 'higher'} than before in each of the ${ratios.length} rounds)`
        : '';
    return { within: true, text: `within the rounds' spread${note}` };
  }
  const lower = a[1] < b[0];
  const good = lower === (better === 'lower');
  return {
    within: false,
    text: `outside the rounds' spread: ${good ? 'better' : 'worse'} (every round after ${lower ? 'lower' : 'higher'} than every round before)`,
  };
}

/** One metric round by round: after, before, after ÷ before, and each over `ref` (raw uWS) in the same round. */
function compareMetric(rows, key, better, withRef) {
  const after = roundsOf(rows.parley);
  const before = roundsOf(rows['parley-base']);
  const ref = withRef ? roundsOf(rows.uws) : [];
  const n = Math.max(after.length, before.length);
  const rounds = Array.from({ length: n }, (_, i) => {
    const a = valueIn(after[i], key);
    const b = valueIn(before[i], key);
    const round = { round: i + 1, after: a, before: b, ratio: quotient(a, b) };
    if (withRef) {
      const u = valueIn(ref[i], key);
      Object.assign(round, { ref: u, afterOverRef: quotient(a, u), beforeOverRef: quotient(b, u) });
    }
    return round;
  });
  const column = (k) => rounds.map((r) => r[k]);
  const columns = ['after', 'before', 'ratio', ...(withRef ? ['ref', 'afterOverRef', 'beforeOverRef'] : [])];
  return {
    key,
    better,
    rounds,
    median: Object.fromEntries(columns.map((k) => [k, median(column(k))])),
    spread: Object.fromEntries(columns.map((k) => [k, spread(column(k))])),
    verdict: verdict(column('after'), column('before'), better, column('ratio')),
  };
}

/**
 * This build (`parley`) before/after the baseline (`parley-base`), from the rounds of (a) and (b): (a) server CPU
 * per delivery, with raw uWS of the same round as the reference; (b) stored and acknowledged msgs/s and relay CPU
 * per message. Per round, the median of each column (after ÷ before: the median of the same-round ratios), the
 * spread (min–max) and a verdict per metric. Null when no baseline ran.
 */
export function compareWithBaseline(results) {
  const base = results.servers?.['parley-base'];
  if (!base) return null;
  const mine = results.servers.parley;
  const w = results.workloads;
  const out = {
    after: { label: mine?.label ?? 'parley', revision: mine?.revision ?? null },
    before: { label: base.label, revision: base.revision ?? null, dir: base.dir ?? null },
  };
  if (w.a?.parley && w.a['parley-base'])
    out.a = { cpuUsPerDelivery: compareMetric(w.a, 'serverCpuUsPerDelivery', 'lower', Boolean(w.a.uws)) };
  if (w.w?.parley && w.w['parley-base'])
    out.w = {
      deliveriesPerSec: compareMetric(w.w, 'deliveriesPerSec', 'higher', false),
      cpuUsPerDelivery: compareMetric(w.w, 'relayCpuUsPerDelivery', 'lower', false),
    };
  if (w.b?.parley && w.b['parley-base'])
    out.b = {
      messagesPerSec: compareMetric(w.b, 'messagesPerSec', 'higher', false),
      cpuUsPerMessage: compareMetric(w.b, 'serverCpuUsPerDelivery', 'lower', false),
    };
  return out;
}

/** The before/after section as Markdown lines (none without a baseline). */
export function renderBeforeAfter(cmp) {
  if (!cmp || (!cmp.a && !cmp.b && !cmp.w)) return [];
  const x = (v) => (finite(v) ? `${v.toFixed(2)}×` : '–');
  const cell = (v, show) => (finite(v) ? show(v) : 'failed');
  const mid = (v, show) => (finite(v) ? show(v) : '–');
  const range = (r, show) => (r ? `${show(r[0])}–${show(r[1])}` : '–');
  const lines = [
    '## Before/after: this build vs the baseline',
    '',
    `After: ${cmp.after.label}${cmp.after.revision ? ` at ${cmp.after.revision}` : ''} (this checkout). Before: ${cmp.before.label}${cmp.before.dir ? `, built in ${cmp.before.dir}` : ''}. ${/ on Node\.js v/.test(cmp.after.label + cmp.before.label) ? 'Each on the Node.js its label names (--node, --baseline-node)' : 'Same node'}, same relay environment, the same interleaved rounds (the two swap places every other round). The verdict is "within the rounds' spread" when the two ranges across rounds overlap.`,
    '',
  ];
  const verdictLine = (what, v) => [`**${what}: ${v.verdict.text}.**`, ''];
  if (cmp.a) {
    const m = cmp.a.cpuUsPerDelivery;
    const ref = m.rounds.some((r) => 'ref' in r);
    const show = (v) => fmt(v, 2);
    lines.push('### (a) Fan-out: server CPU µs per delivery (lower is better)', '');
    lines.push(
      `| round | after | before | after ÷ before |${ref ? ' raw uWS | after ×uWS | before ×uWS |' : ''}`,
      `| --- | ---: | ---: | ---: |${ref ? ' ---: | ---: | ---: |' : ''}`,
    );
    for (const r of m.rounds)
      lines.push(
        `| ${r.round} | ${cell(r.after, show)} | ${cell(r.before, show)} | ${x(r.ratio)} |${ref ? ` ${cell(r.ref, show)} | ${x(r.afterOverRef)} | ${x(r.beforeOverRef)} |` : ''}`,
      );
    if (m.rounds.length > 1)
      lines.push(
        `| median | ${mid(m.median.after, show)} | ${mid(m.median.before, show)} | ${x(m.median.ratio)} |${ref ? ` ${mid(m.median.ref, show)} | ${x(m.median.afterOverRef)} | ${x(m.median.beforeOverRef)} |` : ''}`,
        `| spread | ${range(m.spread.after, show)} | ${range(m.spread.before, show)} | ${range(m.spread.ratio, x)} |${ref ? ` ${range(m.spread.ref, show)} | ${range(m.spread.afterOverRef, x)} | ${range(m.spread.beforeOverRef, x)} |` : ''}`,
      );
    lines.push('');
    lines.push(...verdictLine('(a) CPU per delivery', m));
  }
  // (b) and (w): a rate (higher is better) and a CPU cost (lower is better), side by side per round.
  const rateAndCost = (title, header, r, c, show, names) => {
    lines.push(title, '', header, '| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    r.rounds.forEach((q, i) => {
      const p = c.rounds[i];
      lines.push(
        `| ${q.round} | ${cell(q.after, int)} | ${cell(q.before, int)} | ${x(q.ratio)} | ${cell(p.after, show)} | ${cell(p.before, show)} | ${x(p.ratio)} |`,
      );
    });
    if (r.rounds.length > 1)
      lines.push(
        `| median | ${mid(r.median.after, int)} | ${mid(r.median.before, int)} | ${x(r.median.ratio)} | ${mid(c.median.after, show)} | ${mid(c.median.before, show)} | ${x(c.median.ratio)} |`,
        `| spread | ${range(r.spread.after, int)} | ${range(r.spread.before, int)} | ${range(r.spread.ratio, x)} | ${range(c.spread.after, show)} | ${range(c.spread.before, show)} | ${range(c.spread.ratio, x)} |`,
      );
    lines.push('');
    lines.push(...verdictLine(names[0], r), ...verdictLine(names[1], c));
  };
  if (cmp.b)
    rateAndCost(
      '### (b) Conversations: stored and acknowledged msgs/s (higher is better), relay CPU µs per message (lower is better)',
      '| round | msgs/s after | msgs/s before | after ÷ before | CPU µs/msg after | CPU µs/msg before | after ÷ before |',
      cmp.b.messagesPerSec,
      cmp.b.cpuUsPerMessage,
      (v) => fmt(v, 2),
      ['(b) msgs/s', '(b) CPU per message'],
    );
  if (cmp.w)
    rateAndCost(
      '### (w) Webhook delivery: deliveries/s (higher is better), relay CPU µs per delivery (lower is better)',
      '| round | deliveries/s after | before | after ÷ before | CPU µs/delivery after | before | after ÷ before |',
      cmp.w.deliveriesPerSec,
      cmp.w.cpuUsPerDelivery,
      (v) => fmt(v, 1),
      ['(w) deliveries/s', '(w) CPU per delivery'],
    );
  return lines;
}
