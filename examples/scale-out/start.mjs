#!/usr/bin/env node
// Two Parley relays on one machine, sharing PostgreSQL and Redis, behind nginx:
//
//   node examples/scale-out/start.mjs
//
// Environment (all optional):
//   PARLEY_DATABASE_URL  default postgres://postgres@127.0.0.1:5432/test (tables go in schema parley_example)
//   PARLEY_REDIS_URL     default redis://127.0.0.1:6379
//   PORT                 nginx's port, default 8080
// Secrets shared by both relays (site key, admin token, relay secret) are generated once into
// examples/scale-out/.data/secrets.json (mode 0600). Ctrl-C stops everything.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const data = join(here, '.data');
const port = Number(process.env.PORT ?? 8080);
const schema = 'parley_example';
const baseUrl = process.env.PARLEY_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.PARLEY_REDIS_URL ?? 'redis://127.0.0.1:6379';

function which(command) {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: free } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return free;
}

/** Resolves once something accepts connections on the port (or rejects if the child exits first). */
async function listening(target, child) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`a relay exited with code ${child.exitCode}`);
    const ok = await new Promise((resolve) => {
      const socket = connect(target, '127.0.0.1');
      socket.once('connect', () => resolve(socket.destroy() || true));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

mkdirSync(data, { recursive: true, mode: 0o700 });
const secretsFile = join(data, 'secrets.json');
if (!existsSync(secretsFile)) {
  const token = (prefix, bytes) => `${prefix}_${randomBytes(bytes).toString('base64url')}`;
  writeFileSync(
    secretsFile,
    `${JSON.stringify({ siteKey: token('pk', 18), adminToken: token('st', 32), relaySecret: randomBytes(32).toString('base64url'), dataKey: randomBytes(32).toString('base64') }, null, 2)}\n`,
    { mode: 0o600 },
  );
}
const secrets = JSON.parse(readFileSync(secretsFile, 'utf8'));
if (!secrets.dataKey) {
  // Written by an older version of this script: the relays share one data key from now on.
  secrets.dataKey = randomBytes(32).toString('base64');
  writeFileSync(secretsFile, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
}

// The tables live in their own schema, created here if needed (the relays migrate it at start).
const { default: pg } = await import('pg');
const admin = new pg.Client({ connectionString: baseUrl, connectionTimeoutMillis: 3000 });
try {
  await admin.connect();
  await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await admin.end();
} catch (error) {
  console.error(`Cannot reach PostgreSQL (${error.code ?? error.message}). Start it, or set PARLEY_DATABASE_URL.`);
  process.exit(1);
}
const databaseUrl = new URL(baseUrl);
databaseUrl.searchParams.set('options', `-c search_path=${schema}`);

const built = join(root, 'packages/relay/dist/main.js');
const relayCommand = existsSync(built)
  ? [built]
  : ['--conditions=source', '--import', 'tsx', join(root, 'packages/relay/src/main.ts')];
const widgetDir = join(root, 'packages/widget/dist/public/widget');

const children = [];
const relayPorts = [await freePort(), await freePort()];
for (const [i, relayPort] of relayPorts.entries()) {
  const env = {
    ...process.env,
    PARLEY_PORT: String(relayPort),
    PARLEY_HOST: '127.0.0.1',
    PARLEY_DATA_DIR: join(data, `relay-${i + 1}`),
    PARLEY_STORE: 'postgres',
    PARLEY_DATABASE_URL: databaseUrl.toString(),
    PARLEY_BUS: 'redis',
    PARLEY_REDIS_URL: redisUrl,
    PARLEY_SITE_KEY: secrets.siteKey,
    PARLEY_ADMIN_TOKEN: secrets.adminToken,
    // Both relays must sign and accept the same visitor tokens.
    PARLEY_RELAY_SECRET: secrets.relaySecret,
    PARLEY_DATA_KEY: secrets.dataKey,
    PARLEY_SITE_DIR: join(root, 'examples/site'),
    ...(existsSync(widgetDir) ? { PARLEY_WIDGET_DIR: widgetDir } : {}),
    // Behind nginx every connection comes from nginx: take the client's address from X-Forwarded-For.
    PARLEY_TRUST_PROXY: 'true',
  };
  const child = spawn(process.execPath, relayCommand, { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.on('data', (chunk) => process.stdout.write(`[relay ${i + 1}] ${chunk}`));
  children.push(child);
  // One after the other: the first start creates the site and the admin; two at once would both try.
  await listening(relayPort, child);
}

const nginx = which('nginx') ?? (existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : undefined);
if (nginx) {
  const prefix = join(data, 'nginx');
  mkdirSync(prefix, { recursive: true });
  const conf = readFileSync(join(here, 'nginx.conf.template'), 'utf8')
    .replaceAll('{{PREFIX}}', prefix)
    .replaceAll('{{PORT}}', String(port))
    .replaceAll('{{RELAY_A}}', String(relayPorts[0]))
    .replaceAll('{{RELAY_B}}', String(relayPorts[1]));
  writeFileSync(join(prefix, 'nginx.conf'), conf);
  const child = spawn(nginx, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: 'inherit',
  });
  children.push(child);
}

const stop = () => {
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', (code, signal) => signal === null && code !== 0 && stop());

console.log(
  [
    '',
    'Parley scale-out example',
    `  relay 1      http://127.0.0.1:${relayPorts[0]}/healthz`,
    `  relay 2      http://127.0.0.1:${relayPorts[1]}/healthz`,
    nginx
      ? `  through nginx  http://127.0.0.1:${port}/   (WebSocket ws://127.0.0.1:${port}/v1/ws; try killing a relay)`
      : '  nginx is not installed, so there is no balancer in front: install it with `apt-get install nginx` (Debian/Ubuntu) and run this again. The relays work on their own ports meanwhile.',
    `  site key     ${secrets.siteKey}`,
    `  admin token  in ${secretsFile}`,
    '',
  ].join('\n'),
);
