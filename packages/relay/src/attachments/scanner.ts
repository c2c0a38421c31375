import { execFile } from 'node:child_process';

/** What a scan found. */
export type ScanVerdict =
  { readonly clean: true } | { readonly clean: false; readonly infected: boolean; readonly detail: string };

/**
 * Runs the configured virus scanner on a staged file before anything is stored: `command` split on spaces, the
 * file's path appended (e.g. `clamdscan --no-summary --fdpass`). Exit 0 is clean, 1 infected (ClamAV's
 * convention), anything else — a crash, a missing program, no answer within `timeoutMs` — a failure. Fails closed:
 * a file the scanner could not check is never stored.
 */
export class CommandScanner {
  private readonly program: string;
  private readonly args: readonly string[];

  constructor(
    command: string,
    private readonly timeoutMs: number,
  ) {
    const [program, ...args] = command.trim().split(/\s+/);
    this.program = program ?? '';
    this.args = args;
  }

  scan(path: string): Promise<ScanVerdict> {
    return new Promise((resolve) => {
      execFile(
        this.program,
        [...this.args, path],
        { timeout: this.timeoutMs, maxBuffer: 64 * 1024, windowsHide: true },
        (error, stdout, stderr) => {
          if (!error) return resolve({ clean: true });
          const code = typeof error.code === 'number' ? error.code : undefined;
          const detail = `${String(stdout)}${String(stderr)}`.trim().slice(0, 500) || error.message;
          resolve({ clean: false, infected: code === 1 && !error.killed, detail });
        },
      );
    });
  }
}
