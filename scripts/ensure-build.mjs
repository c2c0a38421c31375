// Builds the packages when a build output is missing or older than any of its sources, so that `npm start` and
// `npm test` run what is in the tree, from a fresh clone too.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outputs = [
  'packages/protocol/dist/index.js',
  'packages/sdk/dist/index.js',
  'packages/widget/dist/index.js',
  'packages/relay/dist/main.js',
  // The server bundle the release tree runs (packages/relay/scripts/bundle-server.mjs).
  'packages/relay/dist/bundle/main.js',
  // The widget and inbox the relay carries: the last thing the build writes.
  'packages/relay/dist/public/widget/widget.js',
  // The packages' tarballs the relay serves at /packages/ (packages/relay/scripts/pack-sdk.mjs).
  'packages/relay/dist/packages/index.json',
];
const sources = [
  'packages/protocol/src',
  'packages/sdk/src',
  'packages/widget/src',
  'packages/widget/scripts',
  'packages/relay/src',
  'packages/relay/assets',
  'packages/relay/scripts',
];

/**
 * Written by scripts/build.mjs once every step has succeeded. Sources are compared with it, not with the outputs:
 * `tsc -b` leaves an output whose text did not change as it was, older than the source it came from, and the build
 * would then look stale for good (rebuilt by every `npm test`).
 */
const stamp = 'packages/relay/dist/.built';

function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce((latest, entry) => Math.max(latest, newest(join(path, entry))), info.mtimeMs);
}

/** True when every build output exists and the last build completed after every source changed. */
export function buildIsFresh() {
  if ([...outputs, stamp].some((file) => !existsSync(join(root, file)))) return false;
  const built = statSync(join(root, stamp)).mtimeMs;
  return !sources.some((dir) => existsSync(join(root, dir)) && newest(join(root, dir)) > built);
}

/** Records that the build just completed (scripts/build.mjs, last). */
export function markBuilt() {
  writeFileSync(join(root, stamp), `${new Date().toISOString()}\n`);
}

/** Runs `npm run build`'s script when the build is missing or stale; exits the process if it fails. */
export function ensureBuilt() {
  if (buildIsFresh()) return;
  const missing = outputs.filter((file) => !existsSync(join(root, file)));
  process.stdout.write(
    missing.length ? 'Building (first run)…\n' : 'Sources changed since the last build; rebuilding…\n',
  );
  const result = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  // Ctrl-C reaches the build too: say that it stopped there, rather than leave the prompt without a word.
  if (result.signal) {
    process.stderr.write(`\nBuild interrupted (${result.signal}); nothing was started. The next run builds again.\n`);
    process.exit(130);
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
}
