/**
 * Real services for the scale-out suite: a private redis-server on a free port (so that stopping it disturbs
 * nobody), a fresh PostgreSQL schema per run, a TCP proxy that can cut a connection path, and relay processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Pool } from 'pg';

const here = dirname(fileURLToPath(import.meta.url));
const relayPackage = join(here, '..', '..');

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A redis-server of our own, without persistence. `stop()` and `start()` again keep the port. */
export class RedisInstance {
  private process: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisInstance> {
    const redis = new RedisInstance(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    this.process = child;
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const attempt = (): void => {
        const socket = connect(this.port, '127.0.0.1');
        socket.once('connect', () => {
          socket.end();
          resolve();
        });
        socket.once('error', () => {
          socket.destroy();
          if (child.exitCode !== null) reject(new Error(`redis-server exited with ${child.exitCode}`));
          else if (Date.now() - started > 5000) reject(new Error('redis-server did not start'));
          else setTimeout(attempt, 25);
        });
      };
      attempt();
    });
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

/** Forwards 127.0.0.1:port to a target; `cut()` resets every connection and refuses new ones until `restore()`. */
export class TcpProxy {
  private readonly sockets = new Set<Socket>();
  private cutOff = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    // eslint-disable-next-line prefer-const -- assigned after the server exists; its callback reads it later
    let proxy: TcpProxy | undefined;
    const server = createServer((client) => {
      if (!proxy || proxy.cutOff) {
        client.resetAndDestroy();
        return;
      }
      const upstream = connect(targetPort, targetHost);
      for (const [a, b] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        proxy.sockets.add(a);
        a.on('error', () => b.destroy());
        a.on('close', () => {
          proxy!.sockets.delete(a);
          b.destroy();
        });
        a.pipe(b);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new TcpProxy(server, (server.address() as { port: number }).port);
    return proxy;
  }

  cut(): void {
    this.cutOff = true;
    for (const socket of this.sockets) socket.resetAndDestroy();
    this.sockets.clear();
  }

  restore(): void {
    this.cutOff = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A fresh schema in the test database, dropped by `drop()`. */
export class TestSchema {
  private constructor(
    private readonly admin: Pool,
    readonly name: string,
    private readonly baseUrl: string,
  ) {}

  static async create(baseUrl: string): Promise<TestSchema> {
    const admin = new Pool({ connectionString: baseUrl, max: 2 });
    const name = `parley_scale_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    await admin.query(`CREATE SCHEMA "${name}"`);
    return new TestSchema(admin, name, baseUrl);
  }

  /** A connection string using the schema, optionally through a proxy port. */
  url(port?: number): string {
    const url = new URL(this.baseUrl);
    if (port !== undefined) {
      url.hostname = '127.0.0.1';
      url.port = String(port);
    }
    url.searchParams.set('options', `-c search_path=${this.name}`);
    return url.toString();
  }

  query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.admin.query(sql.replaceAll('$schema', `"${this.name}"`), params).then((result) => result.rows as T[]);
  }

  async drop(): Promise<void> {
    await this.admin.query(`DROP SCHEMA IF EXISTS "${this.name}" CASCADE`);
    await this.admin.end();
  }
}

/** A relay in its own process (`test/fixtures/relay-process.ts`), configured from `PARLEY_*` variables. */
export class RelayProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(env: Record<string, string>): Promise<RelayProcess> {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', join(relayPackage, 'test', 'fixtures', 'relay-process.ts')],
      {
        cwd: relayPackage,
        env: {
          ...process.env,
          PARLEY_DATA_DIR: mkdtempSync(join(tmpdir(), 'parley-scale-')),
          PARLEY_LOG_LEVEL: 'warn',
          PARLEY_HOST: '127.0.0.1',
          PARLEY_PORT: '0',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const port = await new Promise<number>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        try {
          const parsed = JSON.parse(line) as { port?: number };
          if (parsed.port) resolve(parsed.port);
        } catch {
          // not our line
        }
      });
      child.once('exit', (code) => reject(new Error(`relay exited with ${code} before listening`)));
    });
    return new RelayProcess(child, port);
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/v1/ws`;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async health(): Promise<Record<string, unknown> & { status: string }> {
    const response = await fetch(`${this.httpUrl}/healthz`);
    return (await response.json()) as Record<string, unknown> & { status: string };
  }

  /** Polls `/healthz` until `predicate` holds (health changes on the relay's own probe schedule). */
  async waitForHealth(
    predicate: (health: Record<string, unknown> & { status: string }) => boolean,
    timeoutMs = 15_000,
  ): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const health = await this.health();
      if (predicate(health)) return health;
      if (Date.now() > deadline) throw new Error(`health never matched: ${JSON.stringify(health)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  kill(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill(signal);
    return exited;
  }
}
