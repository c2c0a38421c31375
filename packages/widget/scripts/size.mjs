#!/usr/bin/env node
// What the relay sends from the served tree (dist/public), compressed as it sends it (gzip and brotli), against
// the budgets of issue #21. Run after the build (`npm run build`). Exits 1 over budget or when a file is missing.
//
//   first visit, chat closed   the loader (widget/widget.js)                                   3 kB
//   …of a site with campaigns  the campaigns' loader (widget/widget-campaigns.js, ADR 0040)    5 kB
//   first visit, chat opened   the loader and the element (widget/chat-widget.<hash>.js)       30 kB
//   inbox, first load          admin/index.html, admin.<hash>.js                               40 kB
//
// The element's lazy parts (src/chat-widget/parts.ts), each fetched the first time it is needed, are listed after
// them, without a budget of their own.
//
// A budget holds when gzip, the larger of the two, is within it. These are bodies: each response's headers come
// on top (a few hundred bytes), which only a measurement on the wire shows. A repeat visit downloads no widget
// byte: the loader is revalidated (ETag, 304) and the hashed files are cached as immutable by the relay.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readParts } from './parts.mjs';

const tree = fileURLToPath(new URL('../dist/public/', import.meta.url));
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;

/** The one file of `dir` whose name matches `pattern` (a hashed name), or exit. */
function find(dir, pattern) {
  let names = [];
  try {
    names = readdirSync(`${tree}${dir}`).filter((name) => pattern.test(name));
  } catch {
    // Reported below.
  }
  if (names.length !== 1) {
    console.error(`size: expected one ${pattern} in dist/public/${dir}, found ${names.length}; run \`npm run build\`.`);
    process.exit(1);
  }
  return `${dir}/${names[0]}`;
}

function measure(file, what) {
  const bytes = readFileSync(`${tree}${file}`);
  return {
    file,
    what,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const loader = measure('widget/widget.js', 'loader: stand-in launcher, Parley() queue');
const campaignsLoader = measure('widget/widget-campaigns.js', 'loader of a site with campaigns: + their evaluator');
const element = measure(
  find('widget', /^chat-widget\.[0-9a-f]{10}\.js$/),
  'element: lit, @parley/sdk, @parley/protocol, UI, 4 locales',
);
const page = measure('admin/index.html', 'inbox page');
const adminJs = measure(
  find('admin', /^admin\.[0-9a-f]{10}\.js$/),
  'inbox: <chat-admin> (the socket client comes at sign-in)',
);

const line = (a, b, c, d, e) => `${a.padEnd(34)} ${b.padStart(9)} ${c.padStart(9)} ${d.padStart(9)}  ${e}`;
console.log(line('dist/public/', 'raw', 'gzip', 'brotli', ''));
for (const row of [loader, campaignsLoader, element, page, adminJs])
  console.log(line(row.file, kb(row.raw), kb(row.gzip), kb(row.brotli), row.what));
for (const { key, file } of readParts()) {
  const row = measure(find('widget', new RegExp(`^${file}\\.[0-9a-f]{10}\\.js$`)), `lazy part \`${key}\``);
  console.log(line(row.file, kb(row.raw), kb(row.gzip), kb(row.brotli), row.what));
}

const scenarios = [
  { name: 'first visit, chat closed', files: [loader], budget: 3_000 },
  // Issue #87: a site that chooses campaigns has a budget of its own; one without keeps 3,000 B byte for byte.
  { name: '…of a site with campaigns', files: [campaignsLoader], budget: 5_000 },
  { name: 'first visit, chat opened', files: [loader, element], budget: 30_000 },
  { name: 'inbox, first load', files: [page, adminJs], budget: 40_000 },
];
console.log('');
console.log(line('what is sent', '', 'gzip', 'brotli', 'budget'));
let over = false;
for (const { name, files, budget } of scenarios) {
  const gzip = files.reduce((sum, row) => sum + row.gzip, 0);
  const brotli = files.reduce((sum, row) => sum + row.brotli, 0);
  over ||= gzip > budget;
  console.log(line(name, '', kb(gzip), kb(brotli), `${kb(budget)}: ${gzip <= budget ? 'OK' : 'OVER'}`));
}
if (over) process.exit(1);
