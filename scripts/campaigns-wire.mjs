// What a first visit costs on the wire when the site has live campaigns (docs/campaigns.md, "Weight"): the built
// relay with the demo site, one campaign live (the rules of a typical one), headless Chromium with a fresh profile,
// the chat left closed. Printed beside the same visit without campaigns. Not a gate of `npm run size`: the figure
// is over the loader's 3,000 B budget today, which docs/campaigns.md says and the lead decides on.
//
//   node scripts/campaigns-wire.mjs        (after `npm run build`)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const ADMIN = 'st_admin_campaigns_wire_0123456789';

async function firstVisit(relay) {
  const dir = await mkdtemp(join(tmpdir(), 'parley-campaigns-wire-'));
  const context = await chromium.launchPersistentContext(dir, { executablePath: chromiumPath, args: chromiumArgs });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const files = new Map();
    cdp.on('Network.responseReceived', ({ requestId, response }) => files.set(requestId, { url: response.url }));
    cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
      const file = files.get(requestId);
      if (file) file.bytes = encodedDataLength;
    });
    await page.goto(`${relay.httpUrl}/`, { waitUntil: 'load' });
    await page.waitForTimeout(3000);
    return [...files.values()]
      .map((file) => ({ path: new URL(file.url).pathname, bytes: file.bytes ?? 0 }))
      .filter((file) => file.path.startsWith('/widget'));
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const { startRelay } = await import(join(root, 'packages/relay/dist/index.js'));
const dataDir = await mkdtemp(join(tmpdir(), 'parley-campaigns-wire-data-'));
const relay = await startRelay({
  port: 0,
  host: '127.0.0.1',
  dataDir,
  siteDir: join(root, 'examples/site'),
  adminToken: ADMIN,
  logLevel: 'silent',
});
try {
  const without = await firstVisit(relay);
  const created = await fetch(`${relay.httpUrl}/v1/admin/campaigns`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Pricing help',
      variants: ['Comparing plans? Ask us anything, we reply in minutes.'],
      buttons: ['Talk to sales'],
      urls: ['/pricing*'],
      delaySeconds: 30,
      frequency: { kind: 'days', days: 7 },
    }),
  });
  if (created.status !== 201) throw new Error(`campaign not created: ${created.status}`);
  const withCampaign = await firstVisit(relay);
  for (const [label, files] of [
    ['first visit, chat closed, no campaign', without],
    ['first visit, chat closed, one live campaign', withCampaign],
  ]) {
    const total = files.reduce((sum, file) => sum + file.bytes, 0);
    console.log(`${label.padEnd(46)} ${total.toLocaleString('en-US').padStart(7)} B  (budget 3,000 B)`);
    for (const file of files)
      console.log(`    ${file.path.padEnd(42)} ${file.bytes.toLocaleString('en-US').padStart(7)} B`);
  }
} finally {
  await relay.close();
  await rm(dataDir, { recursive: true, force: true });
}
