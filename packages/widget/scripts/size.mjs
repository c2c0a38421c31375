#!/usr/bin/env node
// Everything a visitor downloads to see the launcher and open the chat, gzipped, against the 30 kB budget.
// Run after the build (`npm run build`). Exits 1 over budget or when a file is missing.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const budget = 30_000;
const files = [
  ['widget.js', 'loader: the one script tag, the Parley() queue'],
  ['chat-widget.js', 'element: lit, @parley/sdk, @parley/protocol, UI, 4 locales'],
];

const rows = [];
for (const [file, what] of files) {
  let bytes;
  try {
    bytes = readFileSync(`${dist}${file}`);
  } catch {
    console.error(`size: dist/${file} is missing; run \`npm run build\` first.`);
    process.exit(1);
  }
  rows.push({ file, what, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
}
const total = rows.reduce((sum, row) => sum + row.gzip, 0);
const raw = rows.reduce((sum, row) => sum + row.raw, 0);
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
const line = (a, b, c, d) => `${a.padEnd(16)} ${b.padStart(10)} ${c.padStart(10)}  ${d}`;

console.log(line('file', 'minified', 'gzip', 'what'));
for (const row of rows) console.log(line(row.file, kb(row.raw), kb(row.gzip), row.what));
console.log(line('total', kb(raw), kb(total), `budget ${kb(budget)} gzip: ${total <= budget ? 'OK' : 'OVER'}`));

// The staff inbox is not a visitor download: reported on its own, against no budget, never added to the total.
let admin;
try {
  admin = readFileSync(`${dist}admin/admin.js`);
} catch {
  admin = undefined;
}
console.log('');
console.log(
  admin
    ? line(
        'admin/admin.js',
        kb(admin.length),
        kb(gzipSync(admin, { level: 9 }).length),
        'staff inbox page (/admin), not part of the visitor budget',
      )
    : 'admin/admin.js: not built',
);
if (total > budget) process.exit(1);
