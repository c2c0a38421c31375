// The outbox's throughput (issue #16): how fast one relay on SQLite delivers webhooks to a receiver on loopback,
// and what a delivery costs it in CPU.
//
//   node bench/outbox.mjs [--messages N] [--visitors V] [--profile]
//
// The relay (built: packages/relay/dist) runs with a webhook on `message.created` pointing at the bench's receiver
// (bench/peers/webhook-receiver.mjs, its own process). V visitors send N messages between them, as fast as their
// acks come back; every message is stored with its outbox row in one transaction, and the relay's outbox worker
// POSTs it, signed, to the receiver. Measured: deliveries per second from the first to the last delivery, the
// relay's CPU per delivery over that window (its own process, /proc), and that the receiver got every event once.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { cpuMicros } from './lib/proc.mjs';
import { summarizeProfile } from './lib/profile.mjs';
import { CREDENTIALS, SERVERS } from './lib/servers.mjs';
import { commandLine } from '../scripts/command-line.mjs';

const USAGE = `Usage: node bench/outbox.mjs [--messages 5000] [--visitors 50] [--profile]   (after npm run build)

The outbox's throughput: webhooks delivered per second by one relay on SQLite, and CPU per delivery.

  --messages N   messages sent (default 5000)
  --visitors V   visitors sending them (default 50)
  --profile      run the relay under --cpu-prof and print its top functions`;

const { values } = commandLine({
  name: 'outbox',
  usage: USAGE,
  options: {
    messages: { type: 'string', default: '5000' },
    visitors: { type: 'string', default: '50' },
    profile: { type: 'boolean', default: false },
  },
});
const total = Number(values.messages);
const visitors = Number(values.visitors);

// --profile: the relay under --cpu-prof; its heaviest functions are printed after the figures.
const profileDir = values.profile ? mkdtempSync(join(tmpdir(), 'parley-outbox-prof-')) : undefined;
const server = await SERVERS['parley-outbox'].start(
  profileDir ? { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profileDir] } : {},
);
try {
  const url = `ws://127.0.0.1:${server.port}/v1/ws`;
  const perVisitor = Math.ceil(total / visitors);
  const sockets = await Promise.all(
    Array.from({ length: visitors }, async () => {
      const ws = new WebSocket(url, ['parley.v3', 'parley.v2', 'parley.v1']);
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      return ws;
    }),
  );
  const cpuBefore = cpuMicros(server.pid);
  const started = Date.now();
  await Promise.all(
    sockets.map(
      (ws, v) =>
        new Promise((resolve, reject) => {
          let sent = 0;
          const next = () => {
            if (sent === perVisitor || v * perVisitor + sent >= total) return resolve();
            ws.send(JSON.stringify({ type: 'send', id: `m-${v}-${sent}`, text: `message ${sent} from ${v}` }));
            sent += 1;
          };
          ws.on('message', (data) => {
            const frame = JSON.parse(data.toString());
            if (frame.type === 'welcome' || frame.type === 'ack') next();
            else if (frame.type === 'error') reject(new Error(JSON.stringify(frame)));
          });
          ws.send(JSON.stringify({ type: 'hello', siteKey: CREDENTIALS.parley.siteKey }));
        }),
    ),
  );
  const acked = Date.now();
  const cpuAtAcked = cpuMicros(server.pid);
  const deliveredAtAcked = (await server.deliveries()).deliveries;
  let counts;
  for (const deadline = Date.now() + 300_000; ;) {
    counts = await server.deliveries();
    if (counts.deliveries >= total || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const cpu = cpuMicros(server.pid) - cpuBefore;
  for (const ws of sockets) ws.close();
  const seconds = (counts.lastAt - counts.firstAt) / 1000;
  const result = {
    messages: total,
    visitors,
    ackedInSeconds: (acked - started) / 1000,
    deliveries: counts.deliveries,
    distinctEvents: counts.events,
    deliveriesPerSecond: Math.round(counts.deliveries / seconds),
    firstToLastDeliverySeconds: seconds,
    sendToLastDeliverySeconds: (counts.lastAt - started) / 1000,
    relayCpuMicrosPerMessage: Math.round(cpu / total),
    // After the last ack the relay does nothing but deliver: its CPU then, per delivery made then.
    relayCpuMicrosPerDeliveryAfterAcks:
      counts.deliveries > deliveredAtAcked
        ? Math.round((cpuMicros(server.pid) - cpuAtAcked) / (counts.deliveries - deliveredAtAcked))
        : null,
  };
  console.log(JSON.stringify(result, null, 2));
  if (counts.events !== total) {
    console.error(`expected ${total} events at the receiver, got ${counts.events}`);
    process.exitCode = 1;
  }
} finally {
  await server.stop();
  await server.removeData();
}
if (profileDir) {
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  if (file) console.log(summarizeProfile(JSON.parse(readFileSync(join(profileDir, file), 'utf8')), 30).text);
  rmSync(profileDir, { recursive: true, force: true });
}
