import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];
// Each test file runs in a process of its own. Removing its directories when that process exits (rather than in
// an `after` hook) comes after every hook of the file, including the ones that stop relays using them.
process.once('exit', () => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory under the system's temp dir, removed when the test file's process exits. */
export function tempDir(prefix = 'parley-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
