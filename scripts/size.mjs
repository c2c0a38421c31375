#!/usr/bin/env node
// `npm run size`: what clients download, against the budgets of the issues, one table per package:
//   @parley/sdk     each SDK entry with the protocol, minified and gzipped; the 8 kB budget is the core entry's,
//                   the one a visitor's page loads (packages/sdk/scripts/size.mjs)
//   @parley/widget  everything a visitor downloads to see the launcher and open the chat (30 kB gzip); it
//                   measures the built files, so the widget is built first when its dist is missing
//                   (`--build` rebuilds it anyway, e.g. after changing the SDK).
// Exits 1 when either is over its budget or cannot be measured.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(title, command, args, cwd) {
  if (title) process.stdout.write(`\n=== ${title} ===\n`);
  const result = spawnSync(command, args, { cwd: `${root}${cwd}`, stdio: 'inherit' });
  return result.status ?? 1;
}

const failed = [];

if (run('@parley/sdk', process.execPath, ['scripts/size.mjs'], 'packages/sdk') !== 0) failed.push('@parley/sdk');

const built = ['widget.js', 'chat-widget.js'].every((file) => existsSync(`${root}packages/widget/dist/${file}`));
let widget = 0;
if (!built || process.argv.includes('--build')) {
  process.stdout.write('\n(building @parley/widget: npm run build -w packages/widget)\n');
  widget = run('', npm, ['run', 'build', '-w', 'packages/widget', '--silent'], '');
}
if (widget === 0) widget = run('@parley/widget', process.execPath, ['scripts/size.mjs'], 'packages/widget');
if (widget !== 0) failed.push('@parley/widget');

process.stdout.write(
  failed.length ? `\nsize: over budget or not measured: ${failed.join(', ')}\n` : '\nsize: every budget met\n',
);
process.exit(failed.length ? 1 : 0);
