// How quickly the installed inbox opens on a mid-range phone (issue #43, docs/agent-app.md): Chromium's emulation
// of one (4× CPU slowdown, DevTools' "Fast 3G": 562.5 ms round trips, 1.44 Mbit/s down, 675 kbit/s up), a 390 × 844
// touch screen, a warm cache (the app opened once before, signed in), then the app opened again, N times.
//
//   npm run build && node --conditions=source --import tsx bench/inbox-paint.mjs [runs] [--no-shell]
//
// --no-shell blocks the service worker, as a browser without the app's shell would open it (the comparison).
//
// Measured from the navigation's start, in the page's own clock: the first contentful paint, and the first
// meaningful one, the conversation list drawn (its first row in a frame). The target is under 2 s.
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../scripts/chromium.mjs';
import { commandLine } from '../scripts/command-line.mjs';
import { adminDir, buildWidget, helloSocket, startE2eRelay } from '../tests/support/e2e.js';

const USAGE = `Usage: npm run build && node --conditions=source --import tsx bench/inbox-paint.mjs [RUNS] [--no-shell]

How quickly the installed inbox opens on an emulated mid-range phone, RUNS times (default 5).

  --no-shell    block the service worker: the inbox as a browser without the app's shell opens it`;

const {
  values,
  positionals: [runsArg = '5'],
} = commandLine({
  name: 'inbox-paint',
  usage: USAGE,
  allowPositionals: true,
  options: { 'no-shell': { type: 'boolean', default: false } },
  check: ({ positionals }) => {
    if (positionals.length > 1) throw new Error(`one RUNS at most (got ${positionals.join(' ')})`);
    const n = Number(positionals[0] ?? '5');
    if (!Number.isInteger(n) || n < 1) throw new Error(`RUNS is a whole number from 1 (got ${positionals[0]})`);
  },
});
const runs = Number(runsArg);
const fromShell = !values['no-shell'];
const TOKEN = 'st_admin_bench_inbox_paint_0123456789';
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 };

buildWidget();
const { relay, close } = await startE2eRelay({ siteKey: 'pk_bench_paint', adminToken: TOKEN, adminDir });
/** @type {import('ws').WebSocket[]} */
const visitors = [];
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  for (const name of ['Ana', 'Bo', 'Cy']) {
    const visitor = await helloSocket(relay.wsUrl, { siteKey: 'pk_bench_paint', name });
    visitor.send(JSON.stringify({ type: 'send', id: `paint-${name}`, text: `Hello from ${name}` }));
    visitors.push(visitor);
  }
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
    serviceWorkers: fromShell ? 'allow' : 'block',
  });
  const page = await context.newPage();
  const shell = page.locator('chat-admin');
  // The first open, unthrottled: signed in (the token stays in this tab's session), every chunk in the cache.
  await page.goto(`${relay.httpUrl}/admin`);
  await shell.getByRole('button', { name: 'Sign in with an API token instead' }).click();
  await shell.locator('#token').fill(TOKEN);
  await shell.getByRole('button', { name: 'Sign in', exact: true }).click();
  await shell.locator('[role=option]').nth(2).waitFor();
  await page.waitForLoadState('networkidle');
  // Signed in, the service worker keeps the shell (docs/agent-app.md): the app's next opens come from it.
  if (fromShell)
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });

  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', FAST_3G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  /** @type {{ fcp: number, list: number }[]} */
  const results = [];
  for (let run = 0; run < runs; run++) {
    await page.reload({ waitUntil: 'commit' });
    // The list's first row in a frame: polled each animation frame, timed by the page's clock (0 = navigation start).
    const list = await page.waitForFunction(
      () => {
        const row = document.querySelector('chat-admin')?.shadowRoot?.querySelector('[role=option]');
        return row && row.getBoundingClientRect().height > 0 ? performance.now() : false;
      },
      undefined,
      { polling: 'raf', timeout: 60_000 },
    );
    const fcp = await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
    );
    results.push({ fcp, list: Number(await list.jsonValue()) });
  }
  /** @param {number[]} values */
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  /** @param {number} value */
  const ms = (value) => `${Math.round(value)} ms`;
  console.log(
    `inbox, warm cache${fromShell ? ', from its shell' : ', no service worker'}, 4× CPU slowdown, Fast 3G, 390 × 844 touch, ${runs} runs`,
  );
  console.log(`  first contentful paint  median ${ms(median(results.map((r) => r.fcp)))}`);
  console.log(
    `  conversation list drawn median ${ms(median(results.map((r) => r.list)))}  (runs: ${results.map((r) => ms(r.list)).join(', ')})`,
  );
} finally {
  for (const visitor of visitors) visitor.close();
  await browser.close();
  await close();
}
