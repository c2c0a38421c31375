// Installs the npm dependencies when they are missing or older than package-lock.json, so that `npm start` and
// `npm test` work straight from a fresh clone. Uses Node built-ins only: it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Runs `npm install` if node_modules is absent or stale; exits the process if that fails. */
export function ensureDependencies() {
  const marker = join(root, 'node_modules/.package-lock.json');
  const lock = join(root, 'package-lock.json');
  const native = join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  const fresh = existsSync(marker) && existsSync(native) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
  if (fresh) return;
  process.stdout.write(
    'Installing dependencies (npm install; the SQLite driver builds from source, about a minute)…\n',
  );
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('npm install failed; see the output above.\n');
    process.exit(result.status ?? 1);
  }
}
