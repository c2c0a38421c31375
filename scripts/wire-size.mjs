// What a browser really downloads from the relay, measured in headless Chromium against a running relay (the
// built one, on the embedded SQLite store, serving the demo site): bytes on the wire (headers and compressed body,
// as DevTools' "transferred") per visit, from the DevTools protocol's own count.
//
//   (1) first visit, the chat stays closed      the widget's files a page pays for having the chat at all
//   (2) first visit, the visitor opens the chat everything under /widget until the chat is connected
//   (3) repeat visit (same browser, cache kept) what the same visitor pays on the next page, chat opened
//   (4) the inbox's first load                   /admin until its sign-in screen is ready
//   (5) first visit of a site with a live campaign, the chat stays closed: the campaigns' loader (ADR 0040), whose
//       budget is the site's own choice of campaigns (issue #87: 5,000 B; sites without keep (1)'s 3,000 B)
//
// Used by `npm run size` (scripts/size.mjs) and by the e2e suite (tests/e2e/wire-size.test.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The budgets of issue #21, in bytes on the wire. */
export const WIRE_BUDGETS = {
  closed: 3_000,
  opened: 30_000,
  repeat: 1_000,
  inbox: 40_000,
  campaigns: 5_000,
};

/** The admin token the measured relay is started with, to make the campaign of visit (5). */
const ADMIN = 'st_admin_wire_size_0123456789';

/**
 * The loader loads the element when the page is idle (requestIdleCallback, at most 2 s after `load`) for a visitor
 * who needs it at once. Nothing announces that it decided not to: a visit is counted over this window after `load`.
 */
const SETTLE_MS = 3_000;

/**
 * Records every HTTP response of a page with its bytes on the wire, and resolves `welcome` when the chat's
 * WebSocket receives its welcome frame.
 */
async function record(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const requests = new Map();
  let welcomed;
  const welcome = new Promise((resolve) => (welcomed = resolve));
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    requests.set(requestId, {
      url: response.url,
      status: response.status,
      encoding: response.headers['content-encoding'] ?? response.headers['Content-Encoding'] ?? '',
      cacheControl: response.headers['cache-control'] ?? '',
      fromCache: Boolean(response.fromDiskCache || response.fromPrefetchCache),
      bytes: 0,
      done: false,
    });
  });
  cdp.on('Network.requestServedFromCache', ({ requestId }) => {
    const entry = requests.get(requestId);
    if (entry) entry.fromCache = true;
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const entry = requests.get(requestId);
    if (entry) {
      entry.bytes = encodedDataLength;
      entry.done = true;
    }
  });
  cdp.on('Network.webSocketFrameReceived', ({ response }) => {
    if (/"type":"welcome"/.test(response.payloadData)) welcomed();
  });
  return {
    welcome,
    /** Responses whose path starts with one of `prefixes`, each with its bytes on the wire. */
    under(prefixes) {
      return [...requests.values()]
        .filter((entry) => prefixes.some((prefix) => new URL(entry.url).pathname.startsWith(prefix)))
        .map((entry) => ({ ...entry, path: new URL(entry.url).pathname }));
    },
  };
}

const total = (files) => files.reduce((sum, file) => sum + file.bytes, 0);
const widgetPaths = ['/widget.js', '/widget/'];

async function visit(context, url, { open }) {
  const page = await context.newPage();
  const network = await record(context, page);
  await page.goto(url, { waitUntil: 'load' });
  if (open) {
    await page.evaluate(() => window.Parley('open'));
    await network.welcome;
    await page.waitForLoadState('networkidle');
  } else {
    await page.waitForTimeout(SETTLE_MS);
  }
  const files = network.under(widgetPaths);
  await page.close();
  return { files, bytes: total(files) };
}

/**
 * Starts the built relay (in this process, port 0, a temp data dir, the demo site) and Chromium with a fresh
 * profile per visitor, and measures the four visits. Returns their files and totals.
 */
export async function measureWire() {
  const { startRelay } = await import(join(root, 'packages/relay/dist/index.js'));
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-wire-'));
  const profiles = [];
  const profile = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-wire-profile-'));
    profiles.push(dir);
    return chromium.launchPersistentContext(dir, { executablePath: chromiumPath, args: chromiumArgs });
  };
  const relay = await startRelay({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    siteDir: join(root, 'examples/site'),
    adminToken: ADMIN,
    logLevel: 'silent',
  });
  try {
    const site = `${relay.httpUrl}/`;
    const first = await profile();
    const closed = await visit(first, site, { open: false });
    await first.close();

    const visitor = await profile();
    const opened = await visit(visitor, site, { open: true });
    const repeat = await visit(visitor, site, { open: true });
    await visitor.close();

    const staff = await profile();
    const page = await staff.newPage();
    const network = await record(staff, page);
    await page.goto(`${relay.httpUrl}/admin`, { waitUntil: 'load' });
    await page.waitForLoadState('networkidle');
    const inboxFiles = network.under(['/admin']);
    await staff.close();

    // A typical campaign's rules: its pages, a delay, a cap.
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
    if (created.status !== 201) throw new Error(`the campaign of visit (5) was not made: ${created.status}`);
    const shopper = await profile();
    const campaigns = await visit(shopper, site, { open: false });
    await shopper.close();

    return {
      closed,
      opened,
      repeat,
      inbox: { files: inboxFiles, bytes: total(inboxFiles) },
      campaigns,
    };
  } finally {
    await relay.close();
    await rm(dataDir, { recursive: true, force: true });
    for (const dir of profiles) await rm(dir, { recursive: true, force: true });
  }
}

/** The measurement as a table, and whether every budget holds (a repeat visit must re-download no widget byte). */
export function reportWire(result) {
  // Exact bytes: a budget met by 26 B must not read as "3.0 kB of 3.0 kB".
  const kb = (n) => `${n.toLocaleString('en-US')} B`;
  const rows = [
    ['(1) first visit, chat stays closed', result.closed, WIRE_BUDGETS.closed],
    ['(2) first visit, chat opened', result.opened, WIRE_BUDGETS.opened],
    ['(3) repeat visit, chat opened', result.repeat, WIRE_BUDGETS.repeat],
    ['(4) inbox, first load', result.inbox, WIRE_BUDGETS.inbox],
    ['(5) first visit, a live campaign', result.campaigns, WIRE_BUDGETS.campaigns],
  ];
  const lines = [];
  let ok = true;
  for (const [label, visit, budget] of rows) {
    const within = visit.bytes <= budget;
    ok &&= within;
    lines.push(`${label.padEnd(38)} ${kb(visit.bytes).padStart(10)}  budget ${kb(budget)}: ${within ? 'OK' : 'OVER'}`);
    for (const file of visit.files)
      lines.push(
        `    ${file.path.padEnd(46)} ${String(file.status).padStart(3)} ${(file.fromCache ? 'cache' : file.encoding || 'identity').padEnd(8)} ${kb(file.bytes).padStart(10)}`,
      );
  }
  const redownloaded = result.repeat.files.filter((file) => file.bytes > 0 && file.status === 200);
  if (redownloaded.length > 0) {
    ok = false;
    lines.push(`repeat visit re-downloaded: ${redownloaded.map((file) => file.path).join(', ')}`);
  }
  return { ok, text: lines.join('\n') };
}
