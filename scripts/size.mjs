#!/usr/bin/env node
// `npm run size`: what clients download, against the budgets of the issues:
//   @parley/sdk     each SDK entry with the protocol, minified and gzipped; the 8 kB budget is the core entry's,
//                   the one a visitor's page loads (packages/sdk/scripts/size.mjs)
//   @parley/widget  the files a visitor downloads to see the launcher and open the chat, gzip and brotli (30 kB)
//   on the wire     what the relay actually sends, measured in headless Chromium against a running relay: a first
//                   visit with the chat closed (3 kB), one where the visitor opens it (30 kB), a repeat visit (1 kB,
//                   no widget byte downloaded again) and the inbox's first load (40 kB) (scripts/wire-size.mjs)
// Builds what is missing or stale first. Exits 1 when any budget is exceeded or cannot be measured.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './ensure-build.mjs';
import { ensureDependencies } from './ensure-deps.mjs';
import { measureWire, reportWire } from './wire-size.mjs';
import { commandLine } from './command-line.mjs';

commandLine({
  name: 'size',
  usage: `Usage: npm run size    (or: node scripts/size.mjs)

What clients download, against the budgets: each SDK entry (8 kB for the core), the widget's first load (30 kB),
and on the wire through a running relay in headless Chromium: a first visit with the chat closed (3 kB), opened
(30 kB), a repeat visit (1 kB) and the inbox's first load (40 kB). Builds what is missing first. Exits 1 when a
budget is exceeded or cannot be measured. Takes no flags.`,
});

const root = fileURLToPath(new URL('..', import.meta.url));
ensureDependencies();
ensureBuilt();

function run(title, command, args, cwd) {
  process.stdout.write(`\n=== ${title} ===\n`);
  const result = spawnSync(command, args, { cwd: `${root}${cwd}`, stdio: 'inherit' });
  return result.status ?? 1;
}

const failed = [];
if (run('@parley/sdk', process.execPath, ['scripts/size.mjs'], 'packages/sdk') !== 0) failed.push('@parley/sdk');
if (run('@parley/widget', process.execPath, ['scripts/size.mjs'], 'packages/widget') !== 0)
  failed.push('@parley/widget');

process.stdout.write('\n=== on the wire (headless Chromium, the built relay, the demo site) ===\n');
try {
  const report = reportWire(await measureWire());
  process.stdout.write(`${report.text}\n`);
  if (!report.ok) failed.push('on the wire');
} catch (error) {
  process.stdout.write(`could not measure: ${error instanceof Error ? error.message : String(error)}\n`);
  failed.push('on the wire');
}

process.stdout.write(
  failed.length ? `\nsize: over budget or not measured: ${failed.join(', ')}\n` : '\nsize: every budget met\n',
);
process.exit(failed.length ? 1 : 0);
