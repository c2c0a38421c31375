#!/usr/bin/env node
// Draws the inbox app's PNG icons from their SVG sources in src/app-icons/ with Chromium (the browser suites' own,
// scripts/chromium.mjs), at the sizes the web app manifest and iOS's home screen ask for. The PNGs are committed: the
// build copies them and needs no browser. Run it after editing an SVG: `node packages/widget/scripts/icons.mjs`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../../scripts/chromium.mjs';

const dir = fileURLToPath(new URL('../src/app-icons/', import.meta.url));
/** [source, output, size]: the manifest's 192 and 512 (and a maskable 512, its art inside the safe circle), iOS's 180. */
const icons = [
  ['icon.svg', 'icon-192.png', 192],
  ['icon.svg', 'icon-512.png', 512],
  ['icon-maskable.svg', 'icon-maskable-512.png', 512],
  // iOS rounds the corners itself: the full-bleed art.
  ['icon-maskable.svg', 'apple-touch-icon.png', 180],
];
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  for (const [source, output, size] of icons) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const svg = readFileSync(`${dir}${source}`, 'utf8').replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.screenshot({
      path: `${dir}${output}`,
      omitBackground: true,
      clip: { x: 0, y: 0, width: size, height: size },
    });
    await page.close();
    console.log(`${output} (${size}×${size})`);
  }
} finally {
  await browser.close();
}
