// PostgreSQL and Redis for the durable servers (socketio-pg, parley-pg, parley-pg2). Every run gets a schema and a
// Redis key prefix of its own, created before the server starts and dropped after it stops: the shared database
// may hold anything, and is never assumed empty.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import pg from 'pg';

/** The PostgreSQL server the benchmark uses (trust auth on loopback; no password in it). */
export const databaseUrl = process.env.PARLEY_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The Redis server the relays on PostgreSQL use as their bus. */
export const redisUrl = process.env.PARLEY_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A name unique to this run, safe as an SQL identifier and a Redis key prefix. */
export const uniqueName = (prefix) => `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

async function withClient(body) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Creates a fresh schema and returns its name, a connection URL whose search path is that schema (the servers
 * create their tables in it), and `drop()`.
 */
export async function createSchema(prefix) {
  const schema = uniqueName(prefix);
  await withClient((c) => c.query(`CREATE SCHEMA "${schema}"`));
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    schema,
    url: url.toString(),
    drop: () => withClient((c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)).catch(() => undefined),
  };
}

/**
 * The server's settings that decide what a commit costs, as it has them (`SHOW`), for the report; or `{ error }`
 * when PostgreSQL cannot be reached.
 */
export async function postgresSettings() {
  try {
    return await withClient(async (c) => {
      const show = async (name) => (await c.query(`SHOW ${name}`)).rows[0][name];
      return {
        version: await show('server_version'),
        synchronousCommit: await show('synchronous_commit'),
        fsync: await show('fsync'),
        commitDelayUs: Number(await show('commit_delay')),
        sharedBuffers: await show('shared_buffers'),
      };
    });
  } catch (error) {
    return { error: `PostgreSQL at ${new URL(databaseUrl).host}: ${error.message}` };
  }
}

/** Null when PostgreSQL answers, else why not (a server that needs it is then reported unavailable). */
export async function postgresProblem() {
  const settings = await postgresSettings();
  return settings.error ?? null;
}

/** Sends one command to Redis and resolves with the first line of its answer (enough for PING and an integer). */
function redisCommand(args) {
  const url = new URL(redisUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port || 6379), url.hostname);
    let answer = '';
    const done = (error, line) => {
      socket.destroy();
      if (error) reject(new Error(`Redis at ${url.host}: ${error.message}`));
      else resolve(line);
    };
    socket.setTimeout(5000, () => done(new Error('no answer')));
    socket.once('error', (error) => done(error));
    socket.once('connect', () =>
      socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`),
    );
    socket.on('data', (data) => {
      answer += data;
      const end = answer.indexOf('\r\n');
      if (end >= 0) done(null, answer.slice(0, end));
    });
  });
}

/** Null when Redis answers PING, else why not. */
export async function redisProblem() {
  try {
    const line = await redisCommand(['PING']);
    return line === '+PONG' ? null : `Redis at ${new URL(redisUrl).host}: ${line}`;
  } catch (error) {
    return error.message;
  }
}

// Deletes the keys under a prefix in one script, SCAN by SCAN (never KEYS: the server is shared).
const DELETE_PREFIX = `local cursor = '0' local n = 0
repeat
  local r = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 1000)
  cursor = r[1]
  for _, k in ipairs(r[2]) do redis.call('DEL', k) n = n + 1 end
until cursor == '0'
return n`;

/** Removes what relays left in Redis under `prefix` (a relay killed with SIGKILL cleans nothing up). */
export async function dropRedisPrefix(prefix) {
  await redisCommand(['EVAL', DELETE_PREFIX, '0', `${prefix}:*`]).catch(() => undefined);
}
