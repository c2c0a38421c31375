// Instruction counts per stored message, as (b) sends them: a diagnostic that does not move with the machine's
// load (CPU time does). Starts the relay of a checkout under `valgrind --tool=callgrind` with instrumentation off,
// connects `pairs` conversations of two visitor tabs, warms up, turns instrumentation on for `messages` stored and
// acknowledged messages (both sides sending, one in flight per side), turns it off and reads the total: user-space
// instructions of every thread of the relay (the SQLite checkpointer's included; the kernel's not).
//
//   node bench/diagnostics/callgrind-b.mjs [--dir CHECKOUT] [--pairs 50] [--warmup 3000] [--messages 6000] [--keep]
//
// Prints the instructions per message (`irPerMessage`). Compare two checkouts by running it on each (the count is repeatable to ~1 %).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createId } from '@parley/sdk';
import { Client, makePayload } from '../lib/drivers.mjs';
import { freePort } from '../lib/proc.mjs';
import { relayEnv } from '../lib/servers.mjs';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: resolve(import.meta.dirname, '../..') },
    pairs: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '3000' },
    messages: { type: 'string', default: '6000' },
    keep: { type: 'boolean', default: false },
    // Without valgrind (e.g. `--no-valgrind --node-arg=--trace-deopt`): the same load, for V8's own diagnostics.
    valgrind: { type: 'boolean', default: true },
    'node-arg': { type: 'string', multiple: true, default: [] },
  },
  allowNegative: true,
});
const pairs = Number(values.pairs);
const warmup = Number(values.warmup);
const messages = Number(values.messages);
const main = join(values.dir, 'packages/relay/dist/main.js');
const work = mkdtempSync(join(tmpdir(), 'parley-callgrind-'));
const port = await freePort();
const nodeArgs = [...values['node-arg'], main];
const relay = spawn(
  values.valgrind ? 'valgrind' : process.execPath,
  values.valgrind
    ? [
        '--tool=callgrind',
        '--instr-atstart=no',
        `--callgrind-out-file=${join(work, 'callgrind.out')}`,
        process.execPath,
        ...nodeArgs,
      ]
    : nodeArgs,
  {
    env: { ...process.env, ...relayEnv({ port, dataDir: join(work, 'data') }) },
    stdio: ['ignore', values.valgrind ? 'ignore' : 'inherit', 'pipe'],
  },
);
let valgrindLog = '';
relay.stderr.on('data', (chunk) => (valgrindLog += chunk));
const control = (...args) =>
  values.valgrind && execFileSync('callgrind_control', [...args, String(relay.pid)], { stdio: 'pipe' });

async function connected() {
  for (let i = 0; i < 600; i++) {
    try {
      const a = new Client({ peer: 'parley', port, room: 'probe' });
      await a.connect(60_000);
      a.close();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error('the relay did not start');
}
await connected();
const sides = [];
for (let i = 0; i < pairs; i++) {
  const a = new Client({ peer: 'parley', port, room: `p${i}` });
  await a.connect(60_000);
  const b = new Client({ peer: 'parley', port, room: `p${i}`, visitorToken: a.visitorToken });
  await b.connect(60_000);
  sides.push(a, b);
}

/** Sends `count` messages in all, one in flight per side; resolves when all are acknowledged. */
function run(count) {
  return new Promise((done) => {
    let left = count;
    let sent = 0;
    const pump = (client) => {
      if (sent >= count) return;
      sent++;
      client.send(makePayload(sent, Date.now()), createId());
    };
    for (const client of sides) {
      client.onPayload = () => undefined;
      client.onAck = () => {
        if (--left === 0) done();
        else pump(client);
      };
      pump(client);
    }
  });
}
await run(warmup);
control('-i', 'on');
const started = performance.now();
await run(messages);
control('-i', 'off');
const seconds = (performance.now() - started) / 1000;
for (const client of sides) client.close();
relay.kill('SIGTERM');
await new Promise((r) => relay.once('exit', r));
// Instrumentation was on only while the measured messages ran: everything collected is theirs.
const collected = /Collected : (\d+)/.exec(valgrindLog);
if (!values.valgrind) {
  console.log(JSON.stringify({ messages, seconds: Number(seconds.toFixed(1)) }));
  process.exit(0);
}
if (!collected) throw new Error(`no instruction count from valgrind:\n${valgrindLog}`);
const ir = Number(collected[1]);
console.log(
  JSON.stringify({
    dir: values.dir,
    pairs,
    warmup,
    messages,
    seconds: Number(seconds.toFixed(1)),
    irPerMessage: Math.round(ir / messages),
  }),
);
// --keep: the profile stays for `callgrind_annotate` (JIT-compiled JavaScript shows as `???`).
if (values.keep) console.log(`kept ${join(work, 'callgrind.out')}`);
else rmSync(work, { recursive: true, force: true });
