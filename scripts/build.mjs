#!/usr/bin/env node
// Builds every package: TypeScript project references first, then each package's own bundle step, if any.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { markBuilt } from './ensure-build.mjs';
import { ensureDependencies } from './ensure-deps.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
ensureDependencies();

function run(command, args, cwd = root) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-b']);
for (const pkg of ['sdk', 'widget', 'relay']) {
  const bundle = `${root}packages/${pkg}/scripts/bundle.mjs`;
  if (existsSync(bundle)) run(process.execPath, [bundle], `${root}packages/${pkg}`);
}
markBuilt();
