#!/usr/bin/env node
// `npm run pack:packages`: the packages a site or a bot installs (@parley/protocol, @parley/sdk, @parley/widget) as
// the tarballs `npm publish` would upload, in .tmp/packages/, built first. Until they are on the npm registry this is
// how to install them (`npm install <the .tgz files>`, the protocol's with the SDK's): the packages' READMEs say so.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './ensure-build.mjs';
import { ensureDependencies } from './ensure-deps.mjs';

/** The packages published to the npm registry (the relay ships as a release tree and a container instead). */
export const PUBLISHED = ['@parley/protocol', '@parley/sdk', '@parley/widget'];

const root = fileURLToPath(new URL('..', import.meta.url));
ensureDependencies();
ensureBuilt();
const destination = join(root, '.tmp/packages');
mkdirSync(destination, { recursive: true });
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(
  npm,
  ['pack', ...PUBLISHED.flatMap((name) => ['-w', name]), '--pack-destination', destination],
  { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
);
if (result.status !== 0) process.exit(result.status ?? 1);
process.stdout.write(`pack:packages: the tarballs are in ${destination}\n`);
