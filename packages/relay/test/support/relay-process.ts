import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { health } from './relay.js';
import { tempDir } from './temp.js';
import { until } from './until.js';
import { TS_NODE_ARGS } from './ts-process.js';

const relayPackage = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * A relay in its own process (`test/fixtures/relay-process.ts`), configured from `PARLEY_*` variables, for crash,
 * signal and scale-out tests. It listens on 127.0.0.1, port 0 and a fresh data directory unless `env` says
 * otherwise.
 */
export class RelayProcess {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    /** With `captureLog`, every log line the relay wrote, parsed (warnings and errors still reach stderr). */
    readonly logs: ReadonlyArray<Record<string, unknown>>,
  ) {
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null)
        resolve({ code: child.exitCode, signal: child.signalCode });
      else child.once('exit', (code, signal) => resolve({ code, signal }));
    });
  }

  /**
   * Spawns the relay and resolves once it prints the port it listens on. `captureLog` keeps its log lines in
   * `logs` (set `PARLEY_LOG_LEVEL` in `env` to keep more than warnings).
   */
  static async start(env: Record<string, string>, options: { captureLog?: boolean } = {}): Promise<RelayProcess> {
    const child = spawn(
      process.execPath,
      [...TS_NODE_ARGS, join(relayPackage, 'test', 'fixtures', 'relay-process.ts')],
      {
        cwd: relayPackage,
        env: {
          ...process.env,
          PARLEY_DATA_DIR: tempDir('parley-process-'),
          PARLEY_LOG_LEVEL: 'warn',
          PARLEY_HOST: '127.0.0.1',
          PARLEY_PORT: '0',
          ...env,
        },
        stdio: ['ignore', 'pipe', options.captureLog ? 'pipe' : 'inherit'],
      },
    );
    const logs: Array<Record<string, unknown>> = [];
    if (options.captureLog) {
      createInterface({ input: child.stderr! }).on('line', (line) => {
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (entry.level === 'warn' || entry.level === 'error') process.stderr.write(`${line}\n`);
        } catch {
          process.stderr.write(`${line}\n`);
        }
      });
    }
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
    return new RelayProcess(child, port, logs);
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/v1/ws`;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  health(): Promise<Record<string, unknown> & { status: string }> {
    return health(this);
  }

  /** Polls `/healthz` until `predicate` holds (health changes on the relay's own probe schedule). */
  waitForHealth(
    predicate: (health: Record<string, unknown> & { status: string }) => boolean,
    timeoutMs = 15_000,
  ): Promise<Record<string, unknown>> {
    return until(
      async () => {
        const current = await this.health();
        if (predicate(current)) return current;
        throw new Error(JSON.stringify(current));
      },
      'the relay health to match',
      { timeoutMs, intervalMs: 100 },
    );
  }

  /** Sends `signal` (unless the process has ended) and resolves with how it exited. */
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}
