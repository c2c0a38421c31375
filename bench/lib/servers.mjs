// How each server under test is started. Every server runs as its own process so that its CPU time and
// memory can be read from /proc, apart from the load generator's.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startServer } from './proc.mjs';

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const rootDir = fileURLToPath(new URL('../..', import.meta.url));
const node = process.execPath;

/** Credentials the load generator uses; they only ever exist on loopback for the length of a run. */
export const CREDENTIALS = {
  soketi: { appId: 'bench', key: 'bench-key', secret: 'bench-secret-not-a-secret' },
  parley: {
    siteKey: 'pk_bench',
    adminToken: 'bench-admin-token-0123456789',
    identitySecret: 'bench-identity-secret-0123456789',
  },
};

export const relayMain = join(rootDir, 'packages/relay/dist/main.js');

/**
 * The environment of a relay under load: loopback, the bench's credentials, quiet logs, and the per-connection,
 * per-IP and connection-count limits lifted because all load comes from one host. `extra` adds or overrides
 * (the scale-out run's store and bus).
 */
export function relayEnv({ port, dataDir }, extra = {}) {
  const { siteKey, adminToken, identitySecret } = CREDENTIALS.parley;
  return {
    PARLEY_PORT: String(port),
    PARLEY_HOST: '127.0.0.1',
    PARLEY_DATA_DIR: dataDir,
    PARLEY_SITE_KEY: siteKey,
    PARLEY_ADMIN_TOKEN: adminToken,
    PARLEY_IDENTITY_SECRET: identitySecret,
    PARLEY_ALLOWED_ORIGINS: '*',
    PARLEY_LOG_LEVEL: 'error',
    PARLEY_RATE_LIMIT_BURST: '0',
    PARLEY_RATE_LIMIT_PER_SECOND: '0',
    PARLEY_IP_RATE_LIMIT_BURST: '0',
    PARLEY_IP_RATE_LIMIT_PER_SECOND: '0',
    PARLEY_MAX_CONNECTIONS_PER_IP: '0',
    // Every simulated visitor comes from 127.0.0.1: the per-address limits would measure themselves.
    PARLEY_NEW_CONVERSATIONS_PER_ADDRESS_PER_HOUR: '0',
    PARLEY_NEW_CONVERSATIONS_PER_SITE_PER_MINUTE: '0',
    PARLEY_MAX_BACKPRESSURE_BYTES: String(64 * 1024 * 1024),
    PARLEY_HEARTBEAT_MS: '300000',
    ...extra,
  };
}

/** Every server, in table order. `available()` says why one cannot run here, or null. */
export const SERVERS = {
  uws: {
    label: 'raw uWebSockets.js',
    available: () => null,
    async start() {
      const port = await freePort();
      return {
        port,
        ...(await startServer({
          command: node,
          args: [join(benchDir, 'peers/uws-raw.mjs')],
          env: { PORT: String(port) },
          port,
        })),
      };
    },
  },
  socketio: {
    label: 'Socket.IO 4 (rooms)',
    available: () => null,
    async start() {
      const port = await freePort();
      return {
        port,
        ...(await startServer({
          command: node,
          args: [join(benchDir, 'peers/socketio.mjs')],
          env: { PORT: String(port) },
          port,
        })),
      };
    },
  },
  soketi: {
    label: 'soketi 1.6 (Pusher)',
    available: () =>
      existsSync(join(rootDir, 'node_modules/@soketi/soketi/bin/server.js')) ? null : '@soketi/soketi is not installed',
    async start() {
      const port = await freePort();
      const metricsPort = await freePort();
      const { appId, key, secret } = CREDENTIALS.soketi;
      const env = {
        SOKETI_PORT: String(port),
        SOKETI_HOST: '127.0.0.1',
        SOKETI_DEFAULT_APP_ID: appId,
        SOKETI_DEFAULT_APP_KEY: key,
        SOKETI_DEFAULT_APP_SECRET: secret,
        SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES: 'true',
        SOKETI_METRICS_ENABLED: 'false',
        SOKETI_METRICS_SERVER_PORT: String(metricsPort),
        SOKETI_DEBUG: 'false',
        AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
      };
      const script = join(rootDir, 'node_modules/@soketi/soketi/bin/server.js');
      return { port, ...(await startServer({ command: node, args: [script, 'start'], env, port })) };
    },
  },
  parley: relayServer('Parley relay (SQLite)', relayMain),
};

/**
 * A relay bin as a server. `start` takes `dataDir` and `port` to restart on the same data (workload d) and
 * `nodeArgs` to add e.g. `--cpu-prof`. Every relay runs with the same `relayEnv`.
 */
function relayServer(label, main) {
  return {
    label,
    /** The wire protocol the load generator speaks to it. */
    protocol: 'parley',
    available: () => (existsSync(main) ? null : `${main} is missing (build the relay first)`),
    async start({ dataDir, port, nodeArgs = [] } = {}) {
      const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'parley-bench-'));
      const listenPort = port ?? (await freePort());
      const env = relayEnv({ port: listenPort, dataDir: dir });
      const server = await startServer({ command: node, args: [...nodeArgs, main], env, port: listenPort });
      return {
        port: listenPort,
        dataDir: dir,
        ...server,
        removeData: () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  };
}

/** The protocol the load generator speaks to a server: its own name, or `parley` for every relay. */
export const protocolOf = (peer) => SERVERS[peer]?.protocol ?? peer;

/** The relay bin inside a checkout of this repository. */
export const relayMainIn = (dir) => join(dir, 'packages/relay/dist/main.js');

/** Why `dir` cannot serve as `--baseline`, or null. */
export function baselineProblem(dir) {
  if (!existsSync(dir)) return `--baseline ${dir}: no such directory`;
  if (!existsSync(relayMainIn(dir)))
    return `--baseline ${dir}: ${relayMainIn(dir)} is missing (npm install and npm run build there first)`;
  return null;
}

/**
 * The git short sha of a checkout, with "+ uncommitted changes" when tracked files differ from it, or null when
 * `dir` is not a git checkout. The build in dist/ is not checked against it.
 */
export function revisionOf(dir) {
  const git = (...args) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: 'pipe' }).trim();
  try {
    const sha = git('rev-parse', '--short', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') ? `${sha} + uncommitted changes` : sha;
  } catch {
    return null;
  }
}

/** This checkout's revision (the `parley` server's). */
export const thisRevision = () => revisionOf(rootDir);

/**
 * Adds the server `parley-base`: the relay built in `dir`, another checkout of this repository, started like
 * `parley` (same node, same `relayEnv`). Returns its entry.
 */
export function addBaseline(dir) {
  const revision = revisionOf(dir);
  SERVERS['parley-base'] = {
    ...relayServer(`Parley relay (baseline: ${revision ?? dir})`, relayMainIn(dir)),
    baseline: { dir, revision },
  };
  return SERVERS['parley-base'];
}
