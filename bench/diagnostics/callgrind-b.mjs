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
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createId } from '@parley/sdk';
import { Client, makePayload } from '../lib/drivers.mjs';
import { freePort } from '../lib/proc.mjs';
import { createSchema, dropRedisPrefix, redisUrl, uniqueName } from '../lib/postgres.mjs';
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
    // The relay on PostgreSQL and Redis, as the bench's parley-pg.
    postgres: { type: 'boolean', default: false },
  },
  allowNegative: true,
});
const pairs = Number(values.pairs);
const warmup = Number(values.warmup);
const messages = Number(values.messages);
const main = join(values.dir, 'packages/relay/dist/main.js');
const work = mkdtempSync(join(tmpdir(), 'parley-callgrind-'));
const port = await freePort();
const db = values.postgres ? await createSchema('parley_callgrind') : undefined;
const redisPrefix = uniqueName('parley_callgrind');
const storeEnv = db
  ? {
      PARLEY_STORE: 'postgres',
      PARLEY_DATABASE_URL: db.url,
      PARLEY_BUS: 'redis',
      PARLEY_REDIS_URL: redisUrl,
      PARLEY_REDIS_PREFIX: redisPrefix,
      PARLEY_RELAY_SECRET: 'callgrind-relay-secret-not-a-secret-0123456789abcdef',
      PARLEY_DATA_KEY: Buffer.alloc(32, 'callgrind').toString('base64'),
    }
  : {};
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
    env: { ...process.env, ...relayEnv({ port, dataDir: join(work, 'data') }, storeEnv) },
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
/** The relay's CPU time so far (all its threads), in µs, from /proc. */
const cpuUs = () => {
  const fields = readFileSync(`/proc/${relay.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
};
await run(warmup);
control('-i', 'on');
const started = performance.now();
const cpuBefore = cpuUs();
await run(messages);
const cpuPerMessage = (cpuUs() - cpuBefore) / messages;
control('-i', 'off');
const seconds = (performance.now() - started) / 1000;
for (const client of sides) client.close();
relay.kill('SIGTERM');
await new Promise((r) => relay.once('exit', r));
if (db) await Promise.all([db.drop(), dropRedisPrefix(redisPrefix)]);
// Instrumentation was on only while the measured messages ran: everything collected is theirs.
const collected = /Collected : (\d+)/.exec(valgrindLog);
if (!values.valgrind) {
  // CPU time in 10 ms ticks: give it enough messages (100,000 or more) for a figure.
  console.log(
    JSON.stringify({
      messages,
      seconds: Number(seconds.toFixed(1)),
      cpuUsPerMessage: Number(cpuPerMessage.toFixed(1)),
    }),
  );
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
