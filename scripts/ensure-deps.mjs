// Installs the npm dependencies when they are missing or older than package-lock.json, so that `npm start` and
// `npm test` work straight from a fresh clone. Uses Node built-ins only: it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The glibc each supported Node.js line needs on Linux, for the prebuilt native binaries it loads: better-sqlite3's
 * needs 2.34 on both lines, the pinned uWebSockets.js build's for Node.js 24 2.38 (its Node.js 22 one 2.27). The
 * relay says the same when it refuses to start (packages/relay/src/uws.ts, SUPPORTED_NODE_LINES).
 */
export const GLIBC_NEEDED = {
  22: { glibc: '2.34', systems: 'Debian 12, Ubuntu 22.04 or later' },
  24: { glibc: '2.38', systems: 'Debian 13, Ubuntu 24.04 or later' },
};

const older = (a, b) => {
  const [aMajor, aMinor] = a.split('.').map(Number);
  const [bMajor, bMinor] = b.split('.').map(Number);
  return aMajor < bMajor || (aMajor === bMajor && aMinor < bMinor);
};

/**
 * What stops Parley on this Node.js and system, in words, or undefined: a Node.js older than 22.13 (npm only warns
 * about `engines`), or a glibc older than the line's native modules need (they would install, then fail to load
 * after minutes of build). `glibc` is '' where there is none (macOS; musl is not checked here).
 */
export function platformProblem({ node = process.versions.node, glibc = runtimeGlibc() } = {}) {
  const [major, minor] = node.split('.').map(Number);
  if (!(major > 22 || (major === 22 && minor >= 13)))
    return (
      `Parley needs Node.js 22 (22.13 or later) or 24; this is Node.js v${node}` +
      `${major <= 20 ? ', which reached end of life in April 2026' : ''}.\n` +
      `Install Node.js 24 (on glibc ${GLIBC_NEEDED[24].glibc}+, e.g. ${GLIBC_NEEDED[24].systems}) or 22 (on glibc ` +
      `${GLIBC_NEEDED[22].glibc}+), then run this again: the database needs no change (README, "Upgrading from Node.js 20").`
    );
  const needed = GLIBC_NEEDED[major >= 24 ? 24 : 22];
  if (glibc && older(glibc, needed.glibc)) {
    const fallback =
      major >= 24 && !older(glibc, GLIBC_NEEDED[22].glibc)
        ? `Run Node.js 22 (22.13 or later), which needs glibc ${GLIBC_NEEDED[22].glibc}+, or upgrade the system.`
        : 'Upgrade the system (or run Parley in its container image, see the Dockerfile).';
    return (
      `Parley on Node.js ${major} needs glibc ${needed.glibc} or later (${needed.systems}); this system has glibc ` +
      `${glibc}, which its native modules cannot load on.\n${fallback}`
    );
  }
  return undefined;
}

/** The glibc this process runs with ('' on a system without it). */
function runtimeGlibc() {
  return process.report?.getReport()?.header?.glibcVersionRuntime ?? '';
}

/** Exits with {@link platformProblem}'s message, before anything is installed or built. */
export function ensureSupportedNode() {
  const problem = platformProblem();
  if (problem === undefined) return;
  process.stderr.write(`${problem}\n`);
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
  process.stdout.write('Installing dependencies (npm install; a minute or two the first time)…\n');
  const started = performance.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.signal) {
    process.stderr.write(
      `\nnpm install interrupted (${result.signal}); nothing was started. The next run installs again.\n`,
    );
    process.exit(130);
  }
  if (result.status !== 0) {
    process.stderr.write('npm install failed; see the output above.\n');
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`Dependencies installed in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
}
