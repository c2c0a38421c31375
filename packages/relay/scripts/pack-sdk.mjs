#!/usr/bin/env node
// The packages a site or a bot installs (@parley/protocol, @parley/sdk, @parley/widget), packed as `npm publish` would
// upload them, into the relay's dist/packages/ with an index.json the relay serves them by (src/sdk-packages/): until
// they are on the npm registry, a developer installs them from the relay they talk to
// (`npm install https://chat.example.com/packages/parley-sdk-0.1.0.tgz …`). Run by the build beside the relay's bundle
// step (scripts/build.mjs), after the packages' own builds; `npm run pack:packages` packs them elsewhere with
// `packPublished`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The packages published to the npm registry (the relay ships as a release tree and a container instead). */
export const PUBLISHED = ['@parley/protocol', '@parley/sdk', '@parley/widget'];

const root = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * Packs {@link PUBLISHED} into `destination` (made if missing) with npm's own `npm pack`, the files `npm publish`
 * would send; returns what npm says of each tarball (name, version, filename, integrity, size).
 */
export function packPublished(destination) {
  mkdirSync(destination, { recursive: true });
  // npm as it runs this build (npm_execpath under `npm run`), else the one on PATH.
  const [command, prefix] = process.env.npm_execpath
    ? [process.execPath, [process.env.npm_execpath]]
    : [process.platform === 'win32' ? 'npm.cmd' : 'npm', []];
  const result = spawnSync(
    command,
    [...prefix, 'pack', '--json', ...PUBLISHED.flatMap((name) => ['-w', name]), '--pack-destination', destination],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (result.status !== 0) throw new Error(`npm pack failed (${result.signal ?? `exit ${result.status}`})`);
  return JSON.parse(result.stdout).map(({ name, version, filename, integrity, size }) => ({
    name,
    version,
    file: filename,
    integrity,
    size,
  }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = fileURLToPath(new URL('../dist/packages/', import.meta.url));
  // Last build's tarballs go: a version bump would otherwise leave the old one served beside the new.
  rmSync(out, { recursive: true, force: true });
  const packed = packPublished(out);
  const names = new Set(packed.map(({ file }) => file));
  const stray = readdirSync(out).filter((file) => !names.has(file));
  if (stray.length > 0) throw new Error(`pack-sdk: unexpected files in ${out}: ${stray.join(', ')}`);
  writeFileSync(join(out, 'index.json'), `${JSON.stringify({ packages: packed }, null, 2)}\n`);
  process.stdout.write(`relay: packed ${packed.map(({ file }) => file).join(', ')}\n`);
}
