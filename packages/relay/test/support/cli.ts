import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built command (`npm run build`), as `parley-relay` runs it: packages/relay/dist/main.js. */
export const CLI_MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'main.js');

/** Environment of every CLI process: quiet, on 127.0.0.1 and port 0 unless the test says otherwise. */
function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  if (!existsSync(CLI_MAIN)) throw new Error(`${CLI_MAIN} is missing: run \`npm run build\` first.`);
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PARLEY_')));
  return { ...inherited, PARLEY_LOG_LEVEL: 'warn', PARLEY_HOST: '127.0.0.1', PARLEY_PORT: '0', ...env };
}

/** What a finished command printed and how it exited. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `parley-relay <args>` to its end, with `input` on its stdin (none when absent). */
export function runCli(args: readonly string[], env: Record<string, string>, input?: string): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI_MAIN, ...args], {
    env: cliEnv(env),
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (input !== undefined) child.stdin!.end(input);
  let stdout = '';
  let stderr = '';
  // Piped above, whichever stdin it has.
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A relay started by `parley-relay start` in its own process. */
export class CliRelay {
  readonly exited: Promise<CliResult>;
  stdout = '';
  stderr = '';

  private constructor(
    readonly child: ChildProcess,
    readonly httpUrl: string,
  ) {
    this.exited = new Promise((resolve) => {
      const done = (): void => resolve({ code: child.exitCode, stdout: this.stdout, stderr: this.stderr });
      if (child.exitCode !== null) done();
      else child.once('close', done);
    });
  }

  get wsUrl(): string {
    return `${this.httpUrl.replace('http:', 'ws:')}/v1/ws`;
  }

  /**
   * Starts the relay and resolves once its banner is printed (it listens by then), or rejects with what it
   * printed if it exits first.
   */
  static start(env: Record<string, string>, args: readonly string[] = ['start']): Promise<CliRelay> {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], { env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let relay: CliRelay | undefined;
    return new Promise((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (relay) relay.stderr = stderr;
      });
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (relay) relay.stdout = stdout;
        const url = /Parley relay on (http:\/\/\S+)/.exec(stdout)?.[1];
        // The banner is written at once; a first start's ends with the install snippet.
        if (url && !relay && (!stdout.includes('first start') || stdout.includes('</script>'))) {
          relay = new CliRelay(child, url);
          relay.stdout = stdout;
          relay.stderr = stderr;
          resolve(relay);
        }
      });
      child.once('close', (code) => {
        if (!relay) reject(new Error(`parley-relay exited with ${code} before listening:\n${stdout}\n${stderr}`));
      });
    });
  }

  /** SIGTERM, and the exit status once it has stopped. */
  async stop(): Promise<CliResult> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}
