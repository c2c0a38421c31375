// A load process, forked by run.mjs (IPC with `serialization: 'advanced'`, so latency arrays travel as typed
// arrays). It runs one workload step per command and answers with one result. Every wait is bounded.
import { setTimeout as sleep } from 'node:timers/promises';
import { createId } from '@parley/sdk';
import { Client, makePayload, now, readPayload, storesAndAcks } from './drivers.mjs';

const workerId = Number(process.env.BENCH_WORKER_ID ?? 0);
const pending = [];
let waiting = null;

process.on('message', (msg) => {
  if (waiting && (!waiting.cmd || waiting.cmd === msg.cmd)) {
    const { resolve } = waiting;
    waiting = null;
    resolve(msg);
  } else pending.push(msg);
});
process.on('disconnect', () => process.exit(0));

/** Waits for the coordinator's next command named `cmd` (or any command when omitted). */
function next(cmd, timeoutMs = 600_000) {
  const index = pending.findIndex((m) => !cmd || m.cmd === cmd);
  if (index >= 0) return Promise.resolve(pending.splice(index, 1)[0]);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${workerId}: no "${cmd}" from coordinator`)), timeoutMs);
    waiting = {
      cmd,
      resolve: (m) => {
        clearTimeout(timer);
        resolve(m);
      },
    };
  });
}

const send = (msg) => process.send(msg);

/** Connects `count` clients made by `make(i)` with at most `concurrency` handshakes in flight. */
async function connectMany(count, make, concurrency = 200) {
  const clients = new Array(count);
  let nextIndex = 0;
  let failed = 0;
  let firstError = '';
  async function lane() {
    while (nextIndex < count) {
      const i = nextIndex++;
      const client = make(i);
      try {
        await client.connect();
        clients[i] = client;
      } catch (error) {
        failed++;
        firstError ||= error.message;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return { clients, failed, firstError };
}

/** This process's CPU time (µs) since `start` (a `process.cpuUsage()` reading). */
function cpuSince(start) {
  const d = process.cpuUsage(start);
  return d.user + d.system;
}

/** The relay (port) of client `i`: clients are spread over the relays of a cluster in turn. */
const portFor = (ports, i) => ports[i % ports.length];

function addressFor(addresses, i) {
  return addresses?.length ? addresses[i % addresses.length] : undefined;
}

/** Resolves when `check()` is true (polled), or after `timeoutMs`; returns whether it became true. */
async function until(check, timeoutMs, stepMs = 5) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(stepMs);
  }
  return true;
}

// ---- (a) fan-out ----------------------------------------------------------------------------------------------

/**
 * One room: `receivers` local receivers, and (on the sender's worker) one sender that keeps `window` messages
 * in flight, a message being complete when every local receiver has it. `warmup` messages go first and are not
 * measured; then the worker reports `warm` and waits for `go`.
 */
async function fanout(p) {
  const { peer, ports, room, receivers, isSender, n, warmup, window, timeoutMs } = p;
  const total = warmup + n;
  let cpuAtGo;
  let sender;
  let visitorToken = p.visitorToken;
  if (isSender) {
    sender = new Client({ peer, port: ports[0], room });
    await sender.connect();
    visitorToken ??= sender.visitorToken;
  }
  const { clients, failed, firstError } = await connectMany(
    receivers,
    (i) => new Client({ peer, port: portFor(ports, i + 1), room, visitorToken }),
    50,
  );
  if (failed) throw new Error(`fan-out: ${failed} receivers failed to connect: ${firstError}`);
  send({ type: 'connected', visitorToken });
  await next('run');

  const latencies = new Float64Array(n * receivers);
  let samples = 0;
  const got = new Uint16Array(total);
  let delivered = 0;
  let measuredDelivered = 0;
  let lastReceiveAt = 0;
  let complete = 0;
  let inFlight = 0;
  let nextIndex = 0;
  let pump = () => {};
  for (const client of clients) {
    client.onPayload = (text) => {
      const at = now();
      const [sentAt, index] = readPayload(text);
      delivered++;
      if (index >= warmup) {
        measuredDelivered++;
        latencies[samples++] = at - sentAt;
        lastReceiveAt = at;
      }
      if (++got[index] === receivers) {
        complete++;
        inFlight--;
        pump();
      }
    };
  }

  const ackLatencies = [];
  let acks = 0;
  if (sender) {
    const sentAtById = new Map();
    sender.onAck = (ack) => {
      acks++;
      const sentAt = sentAtById.get(ack.id);
      if (sentAt !== undefined) {
        sentAtById.delete(ack.id);
        ackLatencies.push(now() - sentAt);
      }
    };
    let limit = warmup;
    pump = () => {
      while (inFlight < window && nextIndex < limit) {
        const at = now();
        const id = createId();
        if (nextIndex >= warmup) sentAtById.set(id, at);
        sender.send(makePayload(nextIndex, at), id);
        nextIndex++;
        inFlight++;
      }
    };
    pump();
    if (!(await until(() => complete >= warmup, timeoutMs)))
      throw new Error(`fan-out: warm-up incomplete (${complete}/${warmup})`);
    send({ type: 'warm' });
    await next('go');
    cpuAtGo = process.cpuUsage();
    const startedAt = now();
    limit = total;
    pump();
    const finished = await until(() => complete >= total, timeoutMs);
    return finish(finished, startedAt);
  }
  // A receivers-only worker.
  send({ type: 'warm' });
  await next('go');
  cpuAtGo = process.cpuUsage();
  const startedAt = now();
  const finished = await until(() => delivered >= total * receivers, timeoutMs);
  return finish(finished, startedAt);

  function finish(finished, startedAt) {
    const result = {
      finished,
      startedAt,
      lastReceiveAt,
      measuredDelivered,
      expectedDelivered: n * receivers,
      acks,
      latencies: latencies.subarray(0, samples),
      ackLatencies: Float64Array.from(ackLatencies),
      errors: clients.reduce((e, c) => e + c.errors, 0) + (sender?.errors ?? 0),
      lastError: [sender, ...clients].find((c) => c?.lastError)?.lastError ?? '',
      loadCpuUs: cpuSince(cpuAtGo),
    };
    for (const c of [sender, ...clients]) c?.close();
    return result;
  }
}

/**
 * `pairs` rooms of two connections (A, B), in the order A0, B0, A1, B1, …: side `s`'s partner is `s ^ 1`. On a
 * cluster the two sides of a pair are on different relays, so that every message crosses the bus.
 */
async function connectPairs({ peer, ports, pairs, addresses, prefix, what }) {
  const {
    clients: rooms,
    failed,
    firstError,
  } = await connectMany(
    pairs,
    (i) => {
      const room = `${prefix}${i}`;
      const localAddress = addressFor(addresses, i);
      return {
        async connect() {
          const a = new Client({ peer, port: portFor(ports, i), room, localAddress });
          await a.connect();
          const b = new Client({ peer, port: portFor(ports, i + 1), room, localAddress, visitorToken: a.visitorToken });
          await b.connect();
          this.pair = [a, b];
        },
      };
    },
    50,
  );
  if (failed) throw new Error(`${what}: ${failed} pairs failed to connect: ${firstError}`);
  return rooms.flatMap((room) => room.pair);
}

// ---- (b) conversations ------------------------------------------------------------------------------------------

/**
 * `pairs` rooms of two connections, A and B. Both send `perSide` messages to each other with `window` in flight
 * per side. A message is complete when acknowledged (Parley: stored) or, for servers without acknowledgements,
 * when the partner has it. Latency is send → partner delivery.
 */
async function conversations(p) {
  const { peer, ports, pairs, perSide, warmup, window, addresses, timeoutMs } = p;
  const total = warmup + perSide;
  const sides = await connectPairs({ peer, ports, pairs, addresses, prefix: `w${workerId}p`, what: 'conversations' });
  send({ type: 'connected', connections: sides.length });
  await next('run');

  const latencies = new Float64Array(sides.length * perSide);
  let samples = 0;
  const ackLatencies = new Float64Array(sides.length * perSide);
  let ackSamples = 0;
  let completeMeasured = 0;
  let completeAll = 0;
  let deliveredMeasured = 0;
  let lastDoneAt = 0;
  let phaseLimit = warmup;
  const useAcks = storesAndAcks(peer);

  // Each side tags its payloads with its side number, so that a connection that receives its own messages back
  // (Parley did until it skipped the sender; a cluster's relays still do when the bus carries a message to them)
  // can tell its partner's apart.
  const state = sides.map((client, s) => ({
    client,
    side: s,
    marker: ` ${s}`,
    next: 0,
    inFlight: 0,
    sentAt: new Map(),
  }));
  const pump = (st) => {
    while (st.inFlight < window && st.next < phaseLimit) {
      const at = now();
      // Client ids as the SDK makes them (time-ordered), which is what the relay's idempotency index expects.
      const id = createId();
      if (useAcks) st.sentAt.set(id, [at, st.next]);
      st.client.send(`${makePayload(st.next, at)}${st.marker}`, id);
      st.next++;
      st.inFlight++;
    }
  };
  const complete = (st, index, at) => {
    st.inFlight--;
    completeAll++;
    if (index >= warmup) {
      completeMeasured++;
      lastDoneAt = Math.max(lastDoneAt, at);
    }
    pump(st);
  };
  for (const st of state) {
    const from = state[st.side ^ 1];
    st.client.onPayload = (text) => {
      if (!text.endsWith(from.marker)) return; // one's own message, echoed back
      const at = now();
      const [sentAt, index] = readPayload(text);
      if (index >= warmup) {
        deliveredMeasured++;
        latencies[samples++] = at - sentAt;
        lastDoneAt = Math.max(lastDoneAt, at);
      }
      if (!useAcks) complete(from, index, at);
    };
    if (useAcks) {
      st.client.onAck = (ack) => {
        const at = now();
        const entry = st.sentAt.get(ack.id);
        if (!entry) return;
        st.sentAt.delete(ack.id);
        if (entry[1] >= warmup) ackLatencies[ackSamples++] = at - entry[0];
        complete(st, entry[1], at);
      };
    }
  }

  for (const st of state) pump(st);
  const warmTotal = warmup * sides.length;
  if (!(await until(() => completeAll >= warmTotal, timeoutMs)))
    throw new Error(`conversations: warm-up incomplete (${completeAll}/${warmTotal})`);
  send({ type: 'warm' });
  await next('go');
  const cpuAtGo = process.cpuUsage();
  const startedAt = now();
  phaseLimit = total;
  for (const st of state) pump(st);
  const finished = await until(() => completeAll >= total * sides.length, timeoutMs);
  // Let the last deliveries land (Parley completes on ack; deliveries may trail it slightly).
  if (useAcks) await until(() => deliveredMeasured >= perSide * sides.length, 2000);
  const result = {
    finished,
    startedAt,
    lastDoneAt,
    completeMeasured,
    deliveredMeasured,
    expected: perSide * sides.length,
    latencies: latencies.subarray(0, samples),
    ackLatencies: ackLatencies.subarray(0, ackSamples),
    errors: sides.reduce((e, c) => e + c.errors, 0),
    lastError: sides.find((c) => c.lastError)?.lastError ?? '',
    loadCpuUs: cpuSince(cpuAtGo),
  };
  for (const c of sides) c.close();
  return result;
}

// ---- (e) open loop ------------------------------------------------------------------------------------------------

/** A binary min-heap of sides by their next scheduled send time. */
class Schedule {
  constructor() {
    this.items = [];
  }

  get size() {
    return this.items.length;
  }

  peek() {
    return this.items[0];
  }

  push(item) {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent].nextAt <= a[i].nextAt) break;
      [a[parent], a[i]] = [a[i], a[parent]];
      i = parent;
    }
  }

  pop() {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l].nextAt < a[m].nextAt) m = l;
        if (r < a.length && a[r].nextAt < a[m].nextAt) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

/** A gap (ms) of a Poisson process of `perMs` arrivals per ms: exponentially distributed, mean 1 / perMs. */
const exponentialGap = (perMs) => -Math.log(1 - Math.random()) / perMs;

/**
 * (e): `pairs` rooms of two connections, as in (b), but open loop. For each level the coordinator names (`level`,
 * with this process's share of the offered rate), every side sends on a schedule of its own, Poisson arrivals at
 * rate / sides, whether or not its earlier messages have been acknowledged or delivered. The coordinator then says
 * `mark` (the measured window starts: messages scheduled from now on are measured) and `stop` (no more sends;
 * drain for up to `drainMs`, then answer). Latencies run from the message's scheduled send time, not from when the
 * timer actually fired (coordinated omission): a late send, the load process's own lag included, counts as late.
 * A measured message not delivered (or acknowledged) by the end of the drain counts with the time it had waited.
 */
async function openLoop(p) {
  const { peer, ports, pairs, addresses, drainMs } = p;
  const sides = await connectPairs({ peer, ports, pairs, addresses, prefix: `o${workerId}p`, what: 'open loop' });
  send({ type: 'connected', connections: sides.length });
  const useAcks = storesAndAcks(peer);

  // What the current level records; replaced at each `level`.
  let level = null;
  const state = sides.map((client, s) => ({ client, side: s, marker: ` ${s}`, next: 0, nextAt: 0 }));
  // Sent but not yet delivered (by index × sides + side), or not yet acknowledged (by id) → scheduled time.
  const awaitingDelivery = new Map();
  const awaitingAck = new Map();
  for (const st of state) {
    const from = state[st.side ^ 1];
    st.client.onPayload = (text) => {
      if (!text.endsWith(from.marker)) return; // one's own message, echoed back (a cluster's other relay)
      const at = now();
      const [scheduledAt, index] = readPayload(text);
      awaitingDelivery.delete(index * sides.length + from.side);
      if (!level) return;
      if (at >= level.markAt && at < level.stopAt) level.deliveredInWindow++;
      if (scheduledAt >= level.markAt && scheduledAt < level.stopAt) level.delivery.push(at - scheduledAt);
    };
    if (useAcks)
      st.client.onAck = (ack) => {
        const scheduledAt = awaitingAck.get(ack.id);
        if (scheduledAt === undefined) return;
        awaitingAck.delete(ack.id);
        if (level && scheduledAt >= level.markAt && scheduledAt < level.stopAt) level.ack.push(now() - scheduledAt);
      };
  }

  for (;;) {
    const msg = await next();
    if (msg.cmd === 'close') break;
    if (msg.cmd !== 'level') continue;
    const perMs = msg.ratePerSec / 1000 / sides.length;
    level = {
      markAt: Infinity,
      stopAt: Infinity,
      delivery: [],
      ack: [],
      lag: [],
      deliveredInWindow: 0,
      scheduled: 0,
    };
    const schedule = new Schedule();
    const startAt = now();
    for (const st of state) {
      st.nextAt = startAt + exponentialGap(perMs);
      schedule.push(st);
    }
    const cpuAtStart = process.cpuUsage();
    let sending = true;
    let timer;
    const tick = () => {
      const t = now();
      while (schedule.size && schedule.peek().nextAt <= t) {
        const st = schedule.pop();
        const scheduledAt = st.nextAt;
        const index = st.next++;
        const id = useAcks ? createId() : undefined;
        awaitingDelivery.set(index * sides.length + st.side, scheduledAt);
        if (useAcks) awaitingAck.set(id, scheduledAt);
        // How late this process itself sent it: its own share of every latency measured.
        if (scheduledAt >= level.markAt && scheduledAt < level.stopAt) {
          level.scheduled++;
          level.lag.push(t - scheduledAt);
        }
        st.client.send(`${makePayload(index, scheduledAt)}${st.marker}`, id);
        st.nextAt = scheduledAt + exponentialGap(perMs);
        schedule.push(st);
      }
      if (sending) timer = setTimeout(tick, Math.max(0, schedule.peek().nextAt - now()));
    };
    tick();
    await next('mark');
    level.markAt = now();
    await next('stop');
    level.stopAt = now();
    // The load process's CPU while it sent (warm-up and measured window), before the drain.
    const loadCpuUs = cpuSince(cpuAtStart);
    const loadMs = level.stopAt - startAt;
    sending = false;
    clearTimeout(timer);
    // Send what was due up to the stop, then let the measured messages land.
    const pending = () => {
      let n = 0;
      for (const at of awaitingDelivery.values()) if (at >= level.markAt && at < level.stopAt) n++;
      if (useAcks) for (const at of awaitingAck.values()) if (at >= level.markAt && at < level.stopAt) n++;
      return n;
    };
    await until(() => pending() === 0, drainMs, 20);
    // Coordinated omission, to the end: what never arrived counts with the time it waited.
    const end = now();
    let undelivered = 0;
    let unacked = 0;
    for (const at of awaitingDelivery.values())
      if (at >= level.markAt && at < level.stopAt) {
        level.delivery.push(end - at);
        undelivered++;
      }
    for (const at of awaitingAck.values())
      if (at >= level.markAt && at < level.stopAt) {
        level.ack.push(end - at);
        unacked++;
      }
    awaitingDelivery.clear();
    awaitingAck.clear();
    send({
      type: 'level',
      result: {
        windowMs: level.stopAt - level.markAt,
        scheduled: level.scheduled,
        deliveredInWindow: level.deliveredInWindow,
        delivery: Float64Array.from(level.delivery),
        ack: Float64Array.from(level.ack),
        lag: Float64Array.from(level.lag),
        undelivered,
        unacked,
        errors: sides.reduce((e, c) => e + c.errors, 0),
        lastError: sides.find((c) => c.lastError)?.lastError ?? '',
        loadCpuUs,
        loadMs,
      },
    });
    level = null;
  }
  for (const c of sides) c.close();
  return { closed: sides.length };
}

// ---- (c) idle -----------------------------------------------------------------------------------------------------

/** Opens `count` connections (each its own room / visitor), reports, holds them until `close`. */
async function idle(p) {
  const { peer, ports, count, addresses, offset } = p;
  const { clients, failed, firstError } = await connectMany(
    count,
    (i) =>
      new Client({
        peer,
        port: portFor(ports, offset + i),
        room: `idle${offset + i}`,
        localAddress: addressFor(addresses, offset + i),
      }),
    100,
  );
  const open = clients.filter(Boolean);
  send({ type: 'connected', connected: open.length, failed, firstError });
  await next('close');
  const stillOpen = open.filter((c) => !c.closed).length;
  for (const c of open) c.close();
  return { stillOpen };
}

// ---- (d) restart ----------------------------------------------------------------------------------------------

/**
 * `conversations` Parley conversations of `perConversation` connections each; the first connection of each
 * sends one message every `intervalMs` (waiting for its ack; an unacknowledged send is repeated with the same id
 * after a reconnect). Connections reconnect by themselves with jittered backoff and resume by sequence.
 * Commands: `live` (start sending), `stop` (stop sending, drain, verify and answer).
 */
async function restart(p) {
  const { ports, conversations: convCount, perConversation, intervalMs, addresses, timeoutMs } = p;
  const convs = [];
  const all = [];
  let reconnecting = 0;
  let closedAt = 0;

  function track(conv, slot, localAddress, port) {
    const entry = {
      conv,
      slot,
      localAddress,
      home: port,
      port,
      client: null,
      seen: new Uint8Array(64),
      maxSeen: 0,
      lastSeq: 0,
      dupes: 0,
      resumedAt: 0,
      drops: 0,
      attempts: 0,
    };
    all.push(entry);
    conv.members.push(entry);
    return entry;
  }

  // seen[seq]: 1 = delivered as a message, 2 = known from our own ack (the relay does not send a connection its
  // own message back; a replay after a reconnect may, which is not a duplicate delivery).
  function see(entry, seq, how) {
    if (seq >= entry.seen.length) {
      const grown = new Uint8Array(Math.max(seq + 1, entry.seen.length * 2));
      grown.set(entry.seen);
      entry.seen = grown;
    }
    if (how === 2) {
      if (!entry.seen[seq]) entry.seen[seq] = 2;
    } else if (entry.seen[seq] === 1) entry.dupes++;
    else entry.seen[seq] = 1;
    if (seq > entry.maxSeen) entry.maxSeen = seq;
    // Resume cursor: the highest seq below which nothing is missing.
    while (entry.seen[entry.lastSeq + 1]) entry.lastSeq++;
  }

  function attach(entry, client) {
    entry.client = client;
    client.onMessage = (message) => {
      const seq = message.seq;
      see(entry, seq, 1);
      const byId = entry.conv.seqByClientId;
      const known = byId.get(message.clientId);
      if (known === undefined) byId.set(message.clientId, seq);
      else if (known !== seq) entry.conv.storedTwice.add(message.clientId);
    };
    client.onAck = (ack) => {
      see(entry, ack.seq, 2);
      const conv = entry.conv;
      if (conv.inFlight && conv.inFlight.id === ack.id) {
        conv.acked.set(ack.id, ack.seq);
        if (ack.seq > conv.maxAckedSeq) conv.maxAckedSeq = ack.seq;
        if (ack.duplicate) conv.duplicateAcks++;
        conv.inFlight = null;
      }
    };
    client.onClose = () => {
      entry.drops++;
      if (!closedAt) closedAt = now();
      reconnect(entry);
    };
  }

  async function reconnect(entry) {
    reconnecting++;
    let attempt = 0;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      // Full jitter, 100 ms base doubling to a 1 s cap (what the SDK does, scaled down for a benchmark).
      await sleep(Math.random() * Math.min(1000, 100 * 2 ** attempt));
      // The same relay first; after a failed attempt, the next relay of a cluster (as a load balancer would).
      if (attempt > 0) entry.port = portFor(ports, ports.indexOf(entry.port) + 1);
      attempt++;
      entry.attempts++;
      const client = new Client({
        peer: 'parley',
        port: entry.port,
        room: entry.conv.name,
        localAddress: entry.localAddress,
        visitorToken: entry.conv.visitorToken,
        resume: { [entry.conv.conversationId]: entry.lastSeq },
      });
      attach(entry, client);
      client.onClose = () => {};
      try {
        await client.connect(5000);
        entry.resumedAt = now();
        client.onClose = () => {
          entry.drops++;
          reconnect(entry);
        };
        // Repeat an unacknowledged send with the same id: the relay deduplicates it.
        if (entry.slot === 0 && entry.conv.inFlight) client.send(entry.conv.inFlight.text, entry.conv.inFlight.id);
        reconnecting--;
        return;
      } catch {
        // Not up yet; try again.
      }
    }
    reconnecting--;
  }

  // Connect: the first connection of each conversation creates the visitor; the rest join with its token.
  const { failed, firstError } = await connectMany(
    convCount,
    (i) => ({
      async connect() {
        const conv = {
          name: `r${workerId}c${i}`,
          members: [],
          visitorToken: undefined,
          conversationId: undefined,
          inFlight: null,
          sent: 0,
          acked: new Map(),
          maxAckedSeq: 0,
          duplicateAcks: 0,
          seqByClientId: new Map(),
          storedTwice: new Set(),
        };
        for (let slot = 0; slot < perConversation; slot++) {
          const localAddress = addressFor(addresses, i * perConversation + slot);
          const entry = track(conv, slot, localAddress, portFor(ports, i * perConversation + slot));
          const client = new Client({
            peer: 'parley',
            port: entry.port,
            room: conv.name,
            localAddress,
            visitorToken: conv.visitorToken,
          });
          attach(entry, client);
          await client.connect();
          if (slot === 0) {
            conv.visitorToken = client.visitorToken;
            conv.conversationId = client.conversationId;
          }
        }
        convs.push(conv);
      },
    }),
    50,
  );
  send({ type: 'connected', connections: all.length, failed, firstError });

  await next('live');
  let live = true;
  const senderLoop = async (conv) => {
    const sender = conv.members[0];
    await sleep(Math.random() * intervalMs);
    while (live) {
      if (!conv.inFlight && sender.client?.ready && !sender.client.closed) {
        const id = `${conv.name}m${conv.sent++}`;
        conv.inFlight = { id, text: `${id} ${makePayload(conv.sent, now())}` };
        sender.client.send(conv.inFlight.text, id);
      }
      await sleep(intervalMs);
    }
  };
  const loops = convs.map(senderLoop);

  // Report resume progress when asked.
  for (;;) {
    const msg = await next();
    if (msg.cmd === 'status') {
      // The connections of the killed relay must resume (on a cluster, on another relay); the others never drop.
      const affected = all.filter((e) => e.home === msg.killedPort);
      const resumed = affected.filter((e) => e.resumedAt > 0);
      send({
        type: 'status',
        resumed: resumed.length,
        affected: affected.length,
        total: all.length,
        lastResumedAt: resumed.reduce((m, e) => Math.max(m, e.resumedAt), 0),
        firstClosedAt: closedAt,
        reconnecting,
      });
    } else if (msg.cmd === 'stop') break;
  }
  live = false;
  await Promise.all(loops);
  // Drain: the last sends acknowledged, and every connection holding every acknowledged seq.
  await until(() => convs.every((c) => !c.inFlight), 10_000, 20);
  await until(() => all.every((e) => e.lastSeq >= e.conv.maxAckedSeq), 10_000, 20);

  let lostDeliveries = 0;
  let duplicateDeliveries = 0;
  let lostAcked = 0;
  let storedTwice = 0;
  let acked = 0;
  let duplicateAcks = 0;
  let unacked = 0;
  for (const conv of convs) {
    acked += conv.acked.size;
    duplicateAcks += conv.duplicateAcks;
    storedTwice += conv.storedTwice.size;
    if (conv.inFlight) unacked++;
    for (const entry of conv.members) {
      duplicateDeliveries += entry.dupes;
      for (let s = 1; s <= conv.maxAckedSeq; s++) if (!entry.seen[s]) lostDeliveries++;
      for (const seq of conv.acked.values()) if (!entry.seen[seq]) lostAcked++;
    }
  }
  const result = {
    connections: all.length,
    resumed: all.filter((e) => e.resumedAt > 0).length,
    neverDropped: all.filter((e) => e.drops === 0).length,
    acked,
    duplicateAcks,
    unacked,
    lostDeliveries,
    lostAcked,
    duplicateDeliveries,
    storedTwice,
    errors: all.reduce((n, e) => n + (e.client?.errors ?? 0), 0),
  };
  for (const e of all) {
    if (e.client) {
      e.client.onClose = () => {};
      e.client.close();
    }
  }
  return result;
}

// ---- soak ---------------------------------------------------------------------------------------------------------

/**
 * Steady mixed load until `stop`: `visitors` visitor connections (one conversation each) and `staff` staff
 * connections (each hears the whole site). Each visitor types, then sends, about every `visitorEveryMs`; each
 * staff member types and replies into a random conversation about every `staffEveryMs`, and marks conversations
 * read as messages arrive; visitors mark staff replies read. Every second `churnPerSecond` of the visitors drop
 * their connection and come back with their token, resuming from the last sequence they saw.
 */
async function soak(p) {
  const { ports, visitors: visitorCount, staff: staffCount, visitorEveryMs, staffEveryMs, churnPerSecond } = p;
  const port = ports[0];
  const counts = { sent: 0, acked: 0, received: 0, typing: 0, reads: 0, reconnects: 0, errors: 0 };
  let lastError = '';
  const jitter = (ms) => ms * (0.5 + Math.random());
  const timers = new Set();
  let running = true;
  const every = (ms, body) => {
    const tick = () => {
      if (!running) return;
      body();
      const t = setTimeout(() => {
        timers.delete(t);
        tick();
      }, jitter(ms));
      timers.add(t);
    };
    const t = setTimeout(() => {
      timers.delete(t);
      tick();
    }, Math.random() * ms);
    timers.add(t);
  };
  const noteError = (client) => {
    if (client.lastError && client.lastError !== lastError) lastError = client.lastError;
  };

  const watch = (client, onMessage) => {
    client.onAck = () => counts.acked++;
    client.onMessage = (message) => {
      counts.received++;
      onMessage?.(message);
    };
  };
  const visitorList = [];
  const connectVisitor = async (v) => {
    const client = new Client({
      peer: 'parley',
      port,
      room: `soak${v.index}`,
      visitorToken: v.visitorToken,
      ...(v.conversationId ? { resume: { [v.conversationId]: v.lastSeq } } : {}),
    });
    watch(client, (message) => {
      v.lastSeq = Math.max(v.lastSeq, message.seq);
      if (message.author?.role === 'staff') {
        client.frame({ type: 'read', seq: message.seq });
        counts.reads++;
      }
    });
    client.onAck = (ack) => {
      counts.acked++;
      v.spoken = true;
      v.lastSeq = Math.max(v.lastSeq, ack.seq);
    };
    await client.connect();
    v.client = client;
    v.visitorToken = client.visitorToken;
    v.conversationId = client.conversationId;
  };
  const { failed, firstError } = await connectMany(
    visitorCount,
    (index) => {
      const v = { index, client: null, visitorToken: undefined, conversationId: undefined, lastSeq: 0, spoken: false };
      visitorList.push(v);
      return { connect: () => connectVisitor(v) };
    },
    50,
  );
  if (failed) throw new Error(`soak: ${failed} visitors failed to connect: ${firstError}`);
  const staffList = [];
  for (let i = 0; i < staffCount; i++) {
    const client = new Client({ peer: 'parley', port, room: `staff${i}`, staffToken: p.staffToken });
    const readUpTo = new Map();
    watch(client, (message) => {
      // Staff read what visitors write, now and then (the inbox marks a conversation read when it is open).
      if (
        message.author?.role === 'visitor' &&
        Math.random() < 0.3 &&
        (readUpTo.get(message.conversationId) ?? 0) < message.seq
      ) {
        readUpTo.set(message.conversationId, message.seq);
        client.frame({ type: 'read', conversationId: message.conversationId, seq: message.seq });
        counts.reads++;
      }
    });
    await client.connect();
    staffList.push(client);
  }
  send({ type: 'connected', connections: visitorList.length + staffList.length });
  await next('run');

  const text = (who) => `${who} ${makePayload(counts.sent, now())}`;
  for (const v of visitorList) {
    every(visitorEveryMs, () => {
      const client = v.client;
      if (!client?.ready || client.closed) return;
      client.frame({ type: 'typing', active: true });
      counts.typing++;
      const t = setTimeout(() => {
        timers.delete(t);
        if (!running || client.closed) return;
        client.send(text('visitor'), createId());
        counts.sent++;
      }, 200);
      timers.add(t);
    });
  }
  for (const client of staffList) {
    every(staffEveryMs, () => {
      // A conversation exists from its first message on: staff answer visitors who have written.
      const v = visitorList[Math.floor(Math.random() * visitorList.length)];
      if (!v.spoken || client.closed) return;
      client.frame({ type: 'typing', conversationId: v.conversationId, active: true });
      counts.typing++;
      client.frame({ type: 'send', conversationId: v.conversationId, id: createId(), text: text('staff') });
      counts.sent++;
    });
  }
  // Connects and disconnects: a visitor leaves (socket closed) and comes back with its token, resuming.
  let churnDebt = 0;
  every(1000 / 1.5, () => {
    churnDebt += visitorList.length * churnPerSecond;
    for (; churnDebt >= 1; churnDebt--) {
      const v = visitorList[Math.floor(Math.random() * visitorList.length)];
      if (!v.client || v.client.closed || !v.client.ready) continue;
      const old = v.client;
      v.client = null;
      old.close();
      noteError(old);
      counts.errors += old.errors;
      counts.reconnects++;
      connectVisitor(v).catch((error) => {
        counts.errors++;
        lastError = error.message;
      });
    }
  });

  // The coordinator says stop after the soak's minutes, which may exceed next()'s default wait; if it dies, the
  // worker exits on 'disconnect'.
  await next('stop', 2 ** 31 - 1);
  running = false;
  for (const t of timers) clearTimeout(t);
  // Let the last acks land before counting.
  await sleep(500);
  for (const client of [...visitorList.map((v) => v.client), ...staffList]) {
    if (!client) continue;
    noteError(client);
    counts.errors += client.errors;
    client.close();
  }
  return { ...counts, lastError };
}

const handlers = { fanout, conversations, openLoop, idle, restart, soak };

let answer;
try {
  const start = await next('start');
  answer = { type: 'result', result: await handlers[start.workload](start.params) };
} catch (error) {
  answer = { type: 'error', message: error.stack ?? String(error) };
}
// Exit only once the answer (latency arrays can be megabytes) has been written to the IPC channel.
await new Promise((resolve) => process.send(answer, resolve));
process.disconnect?.();
process.exit(0);
