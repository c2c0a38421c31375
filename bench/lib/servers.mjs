// How each server under test is started. Every server runs as its own process so that its CPU time and
// memory can be read from /proc, apart from the load generator's.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASELINE_VARIANTS } from './args.mjs';
import { faqGenerator } from './faq-entries.mjs';
import { createSchema, dropRedisPrefix, redisUrl, uniqueName } from './postgres.mjs';
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
/** The bundle the release tree and the Dockerfile run (packages/relay/scripts/bundle-server.mjs). */
export const relayBundleMain = join(rootDir, 'packages/relay/dist/bundle/main.js');

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

/** The FAQ entries the `parley-faq` peer's site has: the issue's case (1,000). */
const FAQ_ENTRIES = 1000;

const NO_RESUME = 'no durable resume: messages sent while a client is away are gone';
const SAME_RELAY_IDLE = "idle memory is the relay's, whatever its store: see the SQLite relay's row";

/**
 * Every server, in table order. `available()` says why one cannot run here, or null; `skip` maps a workload it
 * does not run to the reason; `needsPostgres`: it cannot run without PostgreSQL (and Redis). `start()` resolves to
 * a running server: `port` (and `ports`, one per relay, when there are several), `pid` (and `pids`), `stop()`,
 * `kill(i)` (SIGKILL relay i), `restart(i)` (a new process on the same data and port) where supported, and
 * `removeData()`.
 */
/** What the rules peers do not run: their cost is on messages, measured in (b). */
const RULES_SKIP = {
  c: 'idle connections send no messages to try rules on',
  d: 'restarts are measured without rules',
  soak: 'the soak runs on the SQLite relay',
};

export const SERVERS = {
  uws: {
    label: 'raw uWebSockets.js',
    skip: { d: NO_RESUME },
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
    skip: { d: NO_RESUME },
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
  'socketio-pg': {
    label: 'Socket.IO 4 + PostgreSQL (stored, acked)',
    needsPostgres: true,
    skip: {
      c: 'idle connections cost what they cost Socket.IO: the pool of PostgreSQL connections is fixed',
      d: 'no resume: it stores messages, but its clients cannot ask for what they missed while away',
    },
    available: () => null,
    async start() {
      const port = await freePort();
      const db = await createSchema('bench_socketio');
      try {
        const server = await startServer({
          command: node,
          args: [join(benchDir, 'peers/socketio-pg.mjs')],
          env: { PORT: String(port), DATABASE_URL: db.url },
          port,
        });
        return { port, ...server, removeData: db.drop };
      } catch (error) {
        await db.drop();
        throw error;
      }
    },
  },
  soketi: {
    label: 'soketi 1.6 (Pusher)',
    skip: { d: NO_RESUME },
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
  'parley-pg': relayServer('Parley relay (PostgreSQL + Redis)', relayMain, { postgres: true }),
  'parley-pg2': relayServer('Parley, 2 relays (PostgreSQL + Redis)', relayMain, { postgres: true, relays: 2 }),
  // (f) only: as many relays as its largest size needs (bench/lib/args.mjs, planScaleCluster), given to start().
  'parley-cluster': {
    ...relayServer('Parley, several relays (PostgreSQL + Redis)', relayMain, { postgres: true, relays: 5 }),
    skip: Object.fromEntries(
      ['a', 'b', 'c', 'd', 'e', 'w', 'ch', 'r', 'soak'].map((w) => [
        w,
        '(f) only: its idle connections over several relays on PostgreSQL + Redis',
      ]),
    ),
  },
  // The release tree's build restarting in (d), beside tsc's (`parley`): what an operator's relay does after a kill.
  // Target 7 is judged on it, as the start time is; every other workload runs tsc's build.
  'parley-bundled': relayServer("Parley relay (SQLite), the release tree's bundle", relayBundleMain, {
    restartOnly: true,
  }),
  'parley-outbox': relayServer('Parley relay (SQLite), outbox busy: a webhook per message', relayMain, {
    outbox: true,
  }),
  'parley-outbox-batch': relayServer(
    'Parley relay (SQLite), a webhook per message to a batching endpoint (ADR 0039)',
    relayMain,
    { outbox: 'batch' },
  ),
  'parley-outbox-stalled': relayServer(
    'Parley relay (SQLite), a webhook per message to a receiver that hangs',
    relayMain,
    { outbox: 'stalled' },
  ),
  'parley-faq': relayServer(
    `Parley relay (SQLite), FAQ answers on with ${FAQ_ENTRIES.toLocaleString('en-US')} entries`,
    relayMain,
    {
      seed: {
        run: seedFaq,
        // Seeding the FAQ is a thousand admin calls in a row: more than the admin API's burst.
        env: { PARLEY_ADMIN_RATE_LIMIT_BURST: '0', PARLEY_ADMIN_RATE_LIMIT_PER_SECOND: '0' },
        skip: {
          c: 'idle connections send no messages to match',
          d: 'restarts are measured without FAQ answers',
          soak: 'the soak runs on the SQLite relay',
        },
      },
    },
  ),
  'parley-ai': relayServer('Parley relay (SQLite), the AI agent on (a loopback model)', relayMain, {
    seed: {
      run: seedAi,
      // The model server is on loopback: the operator's opt-in for a private model server.
      env: { PARLEY_AI_ALLOW_PRIVATE: 'true' },
      skip: {
        c: 'idle connections send no messages to answer',
        d: 'restarts are measured without the AI agent',
        soak: 'the soak runs on the SQLite relay',
      },
    },
  }),
  'parley-safety-off': relayServer('Parley relay (SQLite), message safety off (nothing scanned)', relayMain, {
    seed: {
      run: safetyOff,
      env: {},
      skip: {
        c: 'idle connections send no messages to scan',
        d: 'restarts are measured with the default safety',
        soak: 'the soak runs on the SQLite relay',
      },
    },
  }),
  'parley-rules-50': relayServer('Parley relay (SQLite), 50 rules on visitor messages, none matching', relayMain, {
    seed: { run: (port) => seedRules(port, 'miss'), env: {}, skip: RULES_SKIP },
  }),
  'parley-rules-match': relayServer('Parley relay (SQLite), a rule matching every visitor message', relayMain, {
    seed: { run: (port) => seedRules(port, 'match'), env: {}, skip: RULES_SKIP },
  }),
};

/** An admin API call to a bench relay's default site, as its owner. */
async function adminCall(relayPort, method, path, body) {
  const response = await fetch(`http://127.0.0.1:${relayPort}/v1/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${CREDENTIALS.parley.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
}

/**
 * Turns message safety off for the relay's default site (issue #39): every kind allowed, no filter, no link rule,
 * so no message is scanned. `parley` runs with the defaults, which scan every message for cards, IBANs, SSNs and
 * secrets: the two in the same rounds of (b) measure what the scan costs.
 */
async function safetyOff(relayPort) {
  await adminCall(relayPort, 'PUT', '/safety', {
    sensitive: { card: 'allow', iban: 'allow', ssn: 'allow', secret: 'allow' },
    filter: { words: [], patterns: [], profanity: [], action: 'flag', message: null },
    links: { allow: [], flag: [], refuse: [], otherwise: 'allow' },
    spam: { repeatLimit: 3, networkLimit: 30, blockHours: 168 },
  });
}

/**
 * Rules on the bench's site (issue #40): `miss`, 50 enabled rules on visitor messages whose conditions never hold —
 * half decided by the message's text, half by the conversation (its labels and priority, read from the store); or
 * `match`, one rule that holds for every visitor message and labels its conversation (a firing and its job each).
 */
async function seedRules(relayPort, kind) {
  const rules =
    kind === 'match'
      ? [{ name: 'Every message', conditions: [], actions: [{ type: 'add_labels', labels: ['seen'] }] }]
      : Array.from({ length: 50 }, (_, i) => ({
          name: `Rule ${i}`,
          match: 'all',
          conditions:
            i % 2 === 0
              ? [{ field: 'text', op: 'contains', value: `no-such-words-${i}` }]
              : [
                  { field: 'label', op: 'includes', value: `never-${i}` },
                  { field: 'priority', op: 'is', value: 'urgent' },
                ],
          actions: [{ type: 'add_labels', labels: [`rule-${i}`] }],
        }));
  for (const rule of rules) await adminCall(relayPort, 'POST', '/rules', { trigger: 'message.visitor', ...rule });
}

/**
 * Turns FAQ answers on for the relay's default site and adds {@link FAQ_ENTRIES} generated entries through the admin
 * API (bench/lib/faq-entries.mjs, the FAQ bench/faq-match.mjs times): every visitor message of a conversation no
 * staff member has replied in is then matched against them.
 */
async function seedFaq(relayPort) {
  const call = (method, path, body) => adminCall(relayPort, method, path, body);
  await call('PUT', '/automations', {
    botName: 'Bench',
    hours: null,
    welcome: { enabled: false, texts: {} },
    away: { enabled: false, texts: {}, emailTexts: {} },
    csat: { enabled: false, texts: {} },
    faq: { enabled: true },
  });
  for (const { id: _id, ...entry } of faqGenerator().entries(FAQ_ENTRIES)) await call('POST', '/faq', entry);
}

/**
 * Turns the AI agent on for the relay's default site (issue #83): starts the bench's OpenAI-compatible model server
 * on loopback (bench/peers/openai-model.mjs, which answers at once), sets it as the site's provider, publishes one
 * help-center article the load's messages match (so that every answer has a source and asks the model), and turns
 * the agent on. Every visitor message then writes an `ai.answer` job with the message, answered off the message path
 * by the outbox worker. Resolves to what stops the model server (saying how many answers it gave).
 */
async function seedAi(relayPort) {
  const port = await freePort();
  const model = await startServer({
    command: node,
    args: [join(benchDir, 'peers/openai-model.mjs')],
    env: { PORT: String(port) },
    port,
  });
  try {
    const call = (method, path, body) => adminCall(relayPort, method, path, body);
    await call('PUT', '/ai', {
      enabled: true,
      provider: 'openai',
      baseUrl: `http://127.0.0.1:${port}/v1`,
      model: 'bench-model',
    });
    // The load's messages are about a quick brown fox (bench/lib/drivers.mjs, makePayload): the help center finds it.
    await call('POST', '/help/articles', {
      title: 'The quick brown fox',
      slug: 'quick-brown-fox',
      locale: 'en',
      body: 'The quick brown fox jumps over the lazy dog: every bench message is about it.',
      status: 'published',
    });
    await call('PUT', '/ai/agent', { enabled: true, name: 'Bench bot' });
  } catch (error) {
    await model.stop();
    throw error;
  }
  return {
    stop: async () => {
      const answered = await fetch(`http://127.0.0.1:${port}/count`)
        .then((response) => response.json())
        .catch(() => undefined);
      if (answered) process.stderr.write(`parley-ai: the model answered ${answered.requests} requests\n`);
      await model.stop();
    },
  };
}

/**
 * Starts the benchmark's webhook receiver and subscribes the relay's default site to `message.created` through the
 * admin API: every stored message's event is then read from the message log and delivered over HTTP, one per request
 * (or, with `batch`, several to a request). `endpoints` subscribes that many endpoints, each at a path of its own on
 * the same receiver, which counts every event once per endpoint.
 */
export async function busyOutbox(relayPort, stalled, batch, endpoints = 1) {
  const port = await freePort();
  const receiver = await startServer({
    command: node,
    args: [join(benchDir, 'peers/webhook-receiver.mjs')],
    env: { PORT: String(port), ...(stalled ? { STALL: '1' } : {}) },
    port,
  });
  for (let i = 1; i <= endpoints; i++) {
    const response = await fetch(`http://127.0.0.1:${relayPort}/v1/admin/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CREDENTIALS.parley.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        // The receiver tells endpoints apart by path.
        url: `http://127.0.0.1:${port}/hook${i === 1 ? '' : `-${i}`}`,
        events: ['message.created'],
        ...(batch ? { batch: true } : {}),
      }),
    });
    if (response.status !== 201) {
      await receiver.stop();
      throw new Error(`registering the webhook answered ${response.status}: ${await response.text()}`);
    }
  }
  return {
    receiver,
    /** Deliveries the receiver has had so far. */
    count: async () => (await fetch(`http://127.0.0.1:${port}/count`)).json(),
    /** Starts the receiver's counts over, counting from now on only the events whose id starts with `prefix`. */
    reset: async (prefix = '') => {
      const query = new URLSearchParams({ prefix });
      const answer = await fetch(`http://127.0.0.1:${port}/reset?${query}`, { method: 'POST' });
      if (answer.status !== 204) throw new Error(`resetting the webhook receiver answered ${answer.status}`);
    },
  };
}

/**
 * A relay bin as a server. `start` takes `dataDir` and `port` to run on given data, and `nodeArgs` to add e.g.
 * `--cpu-prof`. Every relay runs with the same `relayEnv`. With `postgres`, the relays store in a fresh
 * PostgreSQL schema and share Redis under a fresh key prefix (both made per start, dropped by `removeData`);
 * `relays` > 1 starts that many on the same schema and prefix, each on its own port, and the load generator
 * spreads its clients over them. `restartOnly`: it runs in (d) and nothing else.
 */
function relayServer(
  label,
  main,
  { postgres = false, relays = 1, outbox = false, seed = undefined, restartOnly = false } = {},
) {
  return {
    label,
    /** The wire protocol the load generator speaks to it. */
    protocol: 'parley',
    needsPostgres: postgres,
    ...(postgres ? { skip: { c: SAME_RELAY_IDLE, soak: 'the soak runs on the SQLite relay' } } : {}),
    ...(seed ? { skip: seed.skip } : {}),
    // Per message and per connection the bundle runs the same code as tsc's build: no row of its own elsewhere.
    ...(restartOnly ? { restartOnly: true } : {}),
    ...(outbox
      ? {
          skip: {
            c: 'idle connections write nothing to the outbox',
            d: 'restarts are measured without webhooks',
            soak: 'the soak runs on the SQLite relay',
          },
        }
      : {}),
    available: () => (existsSync(main) ? null : `${main} is missing (build the relay first)`),
    // `count`: this start's number of relays, when not the server's own (parley-cluster's, per its plan).
    async start({ dataDir, port, nodeArgs = [], relays: count = relays } = {}) {
      const db = postgres ? await createSchema('parley_bench') : null;
      const redisPrefix = uniqueName('parley_bench');
      const outboxEnv = outbox ? { PARLEY_WEBHOOK_ALLOW_PRIVATE: 'true' } : (seed?.env ?? {});
      const extra = postgres
        ? {
            PARLEY_STORE: 'postgres',
            PARLEY_DATABASE_URL: db.url,
            PARLEY_BUS: 'redis',
            PARLEY_REDIS_URL: redisUrl,
            PARLEY_REDIS_PREFIX: redisPrefix,
            // Relays of one cluster must agree on the secret that signs visitor tokens and on the key that seals
            // secrets in the database (loopback-only values, like the other credentials here).
            PARLEY_RELAY_SECRET: 'bench-relay-secret-not-a-secret-0123456789abcdef',
            PARLEY_DATA_KEY: Buffer.alloc(32, 'bench').toString('base64'),
          }
        : outboxEnv;
      const dirs = [];
      const slots = [];
      const removeData = async () => {
        for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
        if (db) await Promise.all([db.drop(), dropRedisPrefix(redisPrefix)]);
      };
      const launch = async (i) => {
        const env = relayEnv({ port: slots[i].port, dataDir: slots[i].dir }, extra);
        // `nodeBinary`, when set (--node, --baseline-node), runs this relay under another Node.js than the bench's.
        const command = this.nodeBinary ?? node;
        // `entry`, when set (--bundled), is the bundle the release tree runs instead of tsc's build.
        const entry = this.entry ?? main;
        slots[i].server = await startServer({ command, args: [...nodeArgs, entry], env, port: slots[i].port });
      };
      try {
        for (let i = 0; i < count; i++) {
          const dir = i === 0 && dataDir ? dataDir : mkdtempSync(join(tmpdir(), 'parley-bench-'));
          if (dir !== dataDir) dirs.push(dir);
          slots.push({ dir, port: i === 0 && port ? port : await freePort(), server: null });
          // One after the other: the first creates the schema and the site, the others find them.
          await launch(i);
        }
      } catch (error) {
        await Promise.all(slots.map((slot) => slot.server?.stop()));
        await removeData();
        throw error;
      }
      let seeded;
      if (seed) {
        try {
          seeded = await seed.run(slots[0].port);
        } catch (error) {
          await Promise.all(slots.map((slot) => slot.server.stop()));
          await removeData();
          throw error;
        }
      }
      let hooks;
      if (outbox) {
        try {
          hooks = await busyOutbox(slots[0].port, outbox === 'stalled', outbox === 'batch');
        } catch (error) {
          await Promise.all(slots.map((slot) => slot.server.stop()));
          await removeData();
          throw error;
        }
      }
      return {
        port: slots[0].port,
        ports: slots.map((slot) => slot.port),
        dataDir: slots[0].dir,
        get pid() {
          return slots[0].server.pid;
        },
        get pids() {
          return slots.map((slot) => slot.server.pid);
        },
        output: () => slots.map((slot) => slot.server.output()).join('\n'),
        // A seed's own servers (the AI agent's model server) stop after the relays that call them.
        stop: () =>
          Promise.all([...slots.map((slot) => slot.server.stop()), hooks?.receiver.stop()]).then(() =>
            seeded?.stop?.(),
          ),
        /** With `outbox`: the webhook receiver's counts. */
        ...(hooks ? { deliveries: hooks.count, resetDeliveries: hooks.reset } : {}),
        kill: (i = 0) => slots[i].server.kill(),
        restart: (i = 0) => launch(i),
        // A data dir given by the caller is the caller's to remove.
        removeData,
      };
    },
  };
}

/** The protocol the load generator speaks to a server: its own name, or `parley` for every relay. */
export const protocolOf = (peer) => SERVERS[peer]?.protocol ?? peer;

/**
 * Runs this checkout's relays `peers` from the bundle the release tree and the Dockerfile run
 * (packages/relay/dist/bundle/main.js, `--bundled`) instead of tsc's build; their labels say so.
 */
export function runBundled(peers) {
  const entry = join(rootDir, 'packages/relay/dist/bundle/main.js');
  for (const peer of peers) {
    const server = SERVERS[peer];
    if (!server) continue;
    server.entry = entry;
    server.available = () => (existsSync(entry) ? null : `${entry} is missing (build the relay first)`);
    server.label = `${server.label}, bundled`;
  }
}

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

/** How each of the baseline's variants runs (see BASELINE_VARIANTS): its label's end, and the relay's options. */
const BASELINE_VARIANT_RELAYS = {
  'parley-outbox': ['outbox busy', { outbox: true }],
  'parley-outbox-batch': ['batched webhooks', { outbox: 'batch' }],
  'parley-outbox-stalled': ['receiver hangs', { outbox: 'stalled' }],
  'parley-pg': ['PostgreSQL + Redis', { postgres: true }],
  'parley-pg2': ['2 relays, PostgreSQL + Redis', { postgres: true, relays: 2 }],
};

/**
 * Adds the server `parley-base`: the relay built in `dir`, another checkout of this repository, started like
 * `parley` (same node, same `relayEnv`), and its variants (`parley-outbox-base`, …, `parley-pg2-base`), run when
 * their own are. Returns its entry.
 */
export function addBaseline(dir) {
  const revision = revisionOf(dir);
  SERVERS['parley-base'] = {
    ...relayServer(`Parley relay (baseline: ${revision ?? dir})`, relayMainIn(dir)),
    baseline: { dir, revision },
  };
  for (const variant of BASELINE_VARIANTS) {
    const [what, options] = BASELINE_VARIANT_RELAYS[variant];
    SERVERS[`${variant}-base`] = {
      ...relayServer(`Parley relay (baseline: ${revision ?? dir}), ${what}`, relayMainIn(dir), options),
      baseline: { dir, revision },
    };
  }
  return SERVERS['parley-base'];
}

/**
 * Runs the relays `peers` (this checkout's, or the baseline's) under the Node.js at `binary` instead of the bench's
 * own (`--node`, `--baseline-node`): e.g. this build on Node.js 24 against the last Node.js 20 build. Their labels
 * name that Node.js.
 */
export function runUnderNode(peers, binary) {
  const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  for (const peer of peers) {
    const server = SERVERS[peer];
    if (!server) continue;
    server.nodeBinary = binary;
    server.label = `${server.label} on Node.js ${version}`;
  }
  return version;
}
