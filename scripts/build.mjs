#!/usr/bin/env node
// Builds every package: TypeScript project references, then each package's own bundle step. Every step says when it
// starts and how long it took: on a busy 2-core machine the build takes minutes, and a silent one looks hung.
//
// The order, and what runs side by side (each step is one process and mostly one core):
//   1. tsc -b packages/widget   protocol, sdk and widget: type-check, .js and .d.ts
//   2. tsc -b packages/relay    the relay's type-check and .js, beside
//      the widget's bundles     which read the packages' sources, not what step 2 writes; after step 1, because
//                               tsc writes the widget's dist/index.js and dist/admin.js, which the bundles replace
//   3. the relay's bundle       its server bundle and the widget's files precompressed: needs both of step 2
//      the packages' tarballs   beside it: what `npm pack` makes of protocol, sdk and widget, which the relay
//                               serves at /packages/ (packages/relay/scripts/pack-sdk.mjs)
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { markBuilt } from './ensure-build.mjs';
import { ensureDependencies } from './ensure-deps.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
ensureDependencies();

const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const started = performance.now();

/** Runs one step's process, saying when it starts and ends; exits the build with its status if it fails. */
function step(label, args, cwd = root) {
  const since = performance.now();
  process.stdout.write(`build: ${label}…\n`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, stdio: 'inherit' });
    child.on('exit', (code, signal) => {
      if (code !== 0) {
        process.stderr.write(`build: ${label} failed (${signal ?? `exit ${code}`}) after ${seconds(since)}.\n`);
        process.exit(code || 1);
      }
      process.stdout.write(`build: ${label}: done in ${seconds(since)}\n`);
      resolve();
    });
  });
}

const tsc = `${root}node_modules/typescript/bin/tsc`;
// The features' command-line commands are indexed from their folders before the relay is type-checked.
const { writeIndex: writeCommandIndex } = await import('../packages/relay/scripts/cli-commands.mjs');
if (await writeCommandIndex()) process.stdout.write('build: wrote packages/relay/src/cli/commands.generated.ts\n');
await step('type-checking and compiling protocol, sdk and widget (tsc -b)', [tsc, '-b', 'packages/widget']);
await Promise.all([
  step('type-checking and compiling the relay (tsc -b)', [tsc, '-b', 'packages/relay']),
  step('bundling the widget and the inbox', [`${root}packages/widget/scripts/bundle.mjs`], `${root}packages/widget`),
]);
await Promise.all([
  step(
    'bundling the relay and precompressing its files',
    [`${root}packages/relay/scripts/bundle.mjs`],
    `${root}packages/relay`,
  ),
  step('packing the SDK, protocol and widget for /packages/', [`${root}packages/relay/scripts/pack-sdk.mjs`]),
]);
markBuilt();
process.stdout.write(`build: done in ${seconds(started)}\n`);
