// `node bench/run.mjs --only b --peers parley --scale-out`: workload (b) on two relays sharing PostgreSQL and Redis,
// next to one relay on SQLite. See docs/scaling.md.
//
// Imported, this module runs (b) against a cluster. Run as `node bench/lib/scale-out.mjs serve` (what the import
// does), it IS the cluster: it starts a redis-server of its own, two relay processes on one fresh PostgreSQL
// schema, and a round-robin TCP balancer on $PORT, all as its children, so the coordinator's CPU and memory
// figures (process + descendants) cover the relays, Redis and the balancer. PostgreSQL's own CPU is not in them.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runConversations } from './coordinator.mjs';
import { freePort, startServer, waitForPort } from './proc.mjs';
import { SERVERS, relayEnv, relayMain } from './servers.mjs';

const databaseUrl = process.env.PARLEY_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const self = fileURLToPath(import.meta.url);

/** Runs workload (b) against two relays (PostgreSQL + Redis) behind a round-robin balancer. */
export async function runScaleOutConversations(cfg) {
  const original = SERVERS.parley.start;
  SERVERS.parley.start = async () => {
    const port = await freePort();
    return {
      port,
      ...(await startServer({
        command: process.execPath,
        args: [self, 'serve'],
        env: { PORT: String(port), PARLEY_BENCH_DATABASE_URL: databaseUrl },
        port,
        timeoutMs: 60_000,
      })),
    };
  };
  try {
    return {
      ...(await runConversations('parley', cfg)),
      setup: '2 relays, PostgreSQL (synchronous_commit on) + Redis pub/sub, round-robin TCP balancer',
    };
  } finally {
    SERVERS.parley.start = original;
  }
}

/** The comparison section appended to latest.md. */
export function renderScaleOut(single, cluster) {
  const row = (label, r) =>
    r?.error
      ? `| ${label} | failed: ${r.error.slice(0, 120)} | | | | | |`
      : `| ${label} | ${r.messagesPerSec.toLocaleString('en-US')} | ${r.serverCpuUsPerDelivery} | ${r.latencyMs.p50} | ${r.latencyMs.p99} | ${r.peakRssMB} | ${r.finished ? 'yes' : 'no'} |`;
  return [
    '',
    '## (b) on two relays: PostgreSQL + Redis, compared with one relay on SQLite',
    '',
    'Same load; with two relays every pair is split by a round-robin balancer, so most messages cross Redis. Server CPU and RSS cover both relays, Redis and the balancer, not PostgreSQL.',
    '',
    '| setup | stored+acked msgs/s | server CPU µs/delivery | p50 ms | p99 ms | peak RSS MB | complete |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    single ? row('1 relay, SQLite', single) : '| 1 relay, SQLite | not run (add parley to --peers) | | | | | |',
    row('2 relays, PostgreSQL + Redis', cluster),
    '',
  ].join('\n');
}

// ---- the cluster process ------------------------------------------------------------------------------------------

async function serve() {
  const children = [];
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const schema = `parley_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await admin.query(`CREATE SCHEMA "${schema}"`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    for (const child of children.reverse()) child.kill('SIGTERM');
    await Promise.all(
      children.map(
        (child) => new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve))),
      ),
    );
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await admin.end().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  const redisPort = await freePort();
  children.push(
    spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    }),
  );
  await waitForPort(redisPort);
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const relayPorts = [];
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    const env = {
      ...process.env,
      ...relayEnv(
        { port, dataDir: mkdtempSync(join(tmpdir(), 'parley-bench-scale-')) },
        {
          PARLEY_STORE: 'postgres',
          PARLEY_DATABASE_URL: url.toString(),
          PARLEY_BUS: 'redis',
          PARLEY_REDIS_URL: `redis://127.0.0.1:${redisPort}`,
          PARLEY_RELAY_SECRET: 'bench-scale-out-relay-secret-0123456789abcdef',
          PARLEY_DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
        },
      ),
    };
    const child = spawn(process.execPath, [relayMain], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(child);
    await waitForPort(port, 30_000, child);
    relayPorts.push(port);
  }
  let next = 0;
  const balancer = createServer((client) => {
    const upstream = connect(relayPorts[next++ % relayPorts.length], '127.0.0.1');
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  balancer.listen(Number(process.env.PORT), '127.0.0.1');
}

if (process.argv[1] === self && process.argv[2] === 'serve') await serve();
