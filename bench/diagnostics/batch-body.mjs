#!/usr/bin/env node
// A diagnostic, never a result: what building one batching webhook request's body costs the relay, the events joined
// into one string and then encoded (what the relay did before) against `batchBody` (joined in pieces of at most 60,000
// characters, each encoded into its place in one buffer), for requests of 100 to 500 events made by the relay's own
// `messageEvents` from a ~100-character message. A string over 128 KiB is allocated outside V8's regular heap, its
// pages mapped and dropped each time: the join's cost jumps there (docs/performance.md, "Strings over 128 KiB").
// Each way runs in a process of its own (what one leaves to the allocator and the collector would be counted to the
// other); rounds alternate them. CPU µs per request (user + system) of that process. `--two-byte` puts an accented
// letter in the text (a two-byte string in V8).
//
//   node bench/diagnostics/batch-body.mjs [--requests 2000] [--rounds 3] [--two-byte]   (after npm run build)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { commandLine } from '../../scripts/command-line.mjs';
import { messageEvents } from '../../packages/relay/dist/webhooks/webhook-log.js';
import { batchBody } from '../../packages/relay/dist/outbound/signed-request.js';

const usage = 'Usage: node bench/diagnostics/batch-body.mjs [--requests 2000] [--rounds 3] [--two-byte]';
const { values } = commandLine({
  name: 'batch-body',
  usage,
  options: {
    requests: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
    'two-byte': { type: 'boolean', default: false },
    // Internal: one measurement, in a child process.
    way: { type: 'string' },
    events: { type: 'string' },
  },
  check: ({ values: v }) => {
    for (const name of ['requests', 'rounds'])
      if (!(Number(v[name]) >= 1)) throw new Error(`--${name} must be a number ≥ 1, not "${v[name]}"`);
  },
});
const opening = values['two-byte'] ? 'Bonjour, ça' : 'Hello, it';
const text = `${opening} keeps saying my order is on its way, but the tracking page has not moved for days`;

/** `count` events as the relay's webhook log makes them, each as `JSON.stringify` made it. */
function events(count) {
  return Array.from({ length: count }, (_, i) => {
    const message = {
      id: String(1_000_000 + i),
      conversationId: `c_${(i % 97).toString(36).padStart(20, 'x')}`,
      seq: 2 + i,
      ts: 1_764_000_000_000 + i,
      clientId: `m_${i.toString(36).padStart(12, '0')}`,
      author: { role: 'visitor', id: `v_${(i % 97).toString(36).padStart(20, 'y')}`, name: 'Visitor' },
      text: `${text} (${i})`,
      kind: 'text',
    };
    return JSON.stringify(messageEvents('site_diagnostic', message).at(-1).event);
  });
}

const ways = {
  joined: (list) => Buffer.from(`{"events":[${list.join(',')}]}`),
  batchBody: (list) => batchBody(list),
};

if (values.way !== undefined) {
  const make = ways[values.way];
  const list = events(Number(values.events));
  if (!make(list).equals(ways.joined(list))) throw new Error('batchBody wrote another body than the joined events');
  let sink = 0;
  for (let i = 0; i < 100; i++) sink += make(list).length;
  const start = process.cpuUsage();
  for (let i = 0; i < Number(values.requests); i++) sink += make(list).length;
  const used = process.cpuUsage(start);
  process.stdout.write(String((used.user + used.system) / Number(values.requests) + (sink > 0 ? 0 : NaN)));
  process.exit(0);
}

const self = fileURLToPath(import.meta.url);
for (const count of [100, 400, 500]) {
  const kib = (Buffer.byteLength(events(count).join(',')) / 1024).toFixed(1);
  console.log(`${count} events, ${kib} KiB a request`);
  for (let round = 1; round <= Number(values.rounds); round++) {
    const order = round % 2 === 1 ? Object.keys(ways) : Object.keys(ways).reverse();
    const row = order.map((way) => {
      const args = [self, '--way', way, '--events', String(count), '--requests', values.requests];
      if (values['two-byte']) args.push('--two-byte');
      const child = spawnSync(process.execPath, args, { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`${way}: ${child.stderr}`);
      return `${way === 'joined' ? 'joined, then encoded' : way} ${Number(child.stdout).toFixed(1)} µs`;
    });
    console.log(`  round ${round}: ${row.join(', ')}`);
  }
}
