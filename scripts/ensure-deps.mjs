// Installs the npm dependencies when they are missing or older than package-lock.json, so that `npm start` and
// `npm test` work straight from a fresh clone. Uses Node built-ins only: it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Exits with a clear message on a Node.js that Parley does not support (`engines`: 22.13+ or 24). npm only warns
 * about `engines`, and on Node.js 20 the install would go through and fail later in less obvious ways.
 */
export function ensureSupportedNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 13)) return;
  process.stderr.write(
    `Parley needs Node.js 22 (22.13 or later) or 24; this is Node.js ${process.version}` +
      `${major <= 20 ? ', which reached end of life in April 2026' : ''}.\n` +
      'Install Node.js 24 (on glibc 2.38+, e.g. Debian 13 or Ubuntu 24.04) or 22, then run this again: the database ' +
      'needs no change (README, "Upgrading from Node.js 20").\n',
  );
  process.exit(1);
}

/** Runs `npm install` if node_modules is absent or stale; exits the process if that fails. */
export function ensureDependencies() {
  ensureSupportedNode();
  const marker = join(root, 'node_modules/.package-lock.json');
  const lock = join(root, 'package-lock.json');
  const fresh = existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
  if (fresh) return;
  // Every native module (better-sqlite3, uWebSockets.js, sharp, argon2) ships prebuilt binaries: nothing compiles.
  process.stdout.write('Installing dependencies (npm install)…\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('npm install failed; see the output above.\n');
    process.exit(result.status ?? 1);
  }
}
