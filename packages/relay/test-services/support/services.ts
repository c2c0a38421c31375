/**
 * Real services for the scale-out suite: a private redis-server on a port of its own (so that stopping it disturbs
 * nobody, and nobody takes its port while it is stopped) and a TCP proxy that can cut a connection path. PostgreSQL
 * schemas are in `postgres.ts`, relay processes in `test/support/relay-process.ts`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { keptPort } from '../../../../scripts/kept-port.mjs';
import { until } from '../../test/support/until.js';

/**
 * A redis-server of our own, without persistence, on a port below the ephemeral range (`scripts/kept-port.mjs`): test
 * files run side by side, and `stop()` then `start()` again keep the port.
 */
export class RedisInstance {
  private process: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisInstance> {
    for (let attempt = 1; ; attempt++) {
      const redis = new RedisInstance(await keptPort());
      try {
        await redis.start();
        return redis;
      } catch (error) {
        // Another file's server bound the port between the check and redis-server's bind: another port (and a
        // redis-server that started but never answered is not left behind).
        await redis.stop();
        if (attempt === 5) throw error;
      }
    }
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
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`))),
    );
    exited.catch(() => undefined);
    // Ready when it answers PING: a server of somebody else's on the port would not.
    const accepting = (): Promise<boolean> =>
      new Promise((resolve) => {
        const socket = connect(this.port, '127.0.0.1');
        let answer = '';
        socket.setEncoding('utf8');
        socket.once('connect', () => socket.write('PING\r\n'));
        socket.on('data', (chunk: string) => {
          answer += chunk;
          if (!answer.includes('\r\n')) return;
          socket.end();
          resolve(answer.startsWith('+PONG'));
        });
        socket.setTimeout(1_000, () => socket.destroy());
        socket.once('error', () => socket.destroy());
        socket.once('close', () => resolve(false));
      });
    await Promise.race([until(accepting, 'redis-server to accept connections', { intervalMs: 25 }), exited]);
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
