// End-to-end: one public origin (issue #36, point 13). The relay prints http://127.0.0.1:<port> and builds file
// addresses on it; an inbox opened there shows a visitor's image with no CSP violation, and every address the page
// shows (links, images, scripts, the install snippet) is on that origin. Opened at http://localhost:<port>, the
// other loopback name, the inbox is redirected there first: before, it stayed on localhost, another origin whose
// `img-src 'self'` refused every image the relay addressed to 127.0.0.1.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import WebSocket from 'ws';
import type { RunningRelay } from '@parley/relay';
import { adminDir, buildWidget, launchChromium, startE2eRelay, until, watchCsp } from '../support/e2e.js';

const ADMIN_TOKEN = 'st_admin_test_public_origin_0123456789';
const SITE_KEY = 'pk_test_public_origin';

let relay: RunningRelay;
let browser: Browser;
let close: () => Promise<void>;

before(async () => {
  buildWidget();
  ({ relay, close } = await startE2eRelay({ siteKey: SITE_KEY, adminToken: ADMIN_TOKEN, adminDir }));
  browser = await launchChromium();
  await visitorSendsAnImage();
});
after(async () => {
  await browser?.close();
  await close?.();
});

const admin = (page: Page) => page.locator('chat-admin');

/** A visitor on a protocol-3 socket uploads a PNG and sends it. */
async function visitorSendsAnImage(): Promise<void> {
  const ws = new WebSocket(relay.wsUrl, 'parley.v3');
  const frames: Array<Record<string, unknown>> = [];
  const welcome = await new Promise<Record<string, unknown>>((resolve, reject) => {
    ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', siteKey: SITE_KEY, name: 'Pia' })));
    ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as Record<string, unknown>;
      frames.push(frame);
      if (frame.type === 'welcome') resolve(frame);
    });
    ws.once('error', reject);
  });
  const image = await sharp({ create: { width: 90, height: 60, channels: 3, background: { r: 200, g: 90, b: 20 } } })
    .png()
    .toBuffer();
  const uploaded = await fetch(`${relay.httpUrl}/v1/attachments?clientId=m-1&name=tent.png`, {
    method: 'POST',
    body: image,
    headers: { authorization: `Bearer ${String(welcome.visitorToken)}`, 'content-type': 'image/png' },
  });
  assert.equal(uploaded.status, 201, await uploaded.clone().text());
  const { id, url } = (await uploaded.json()) as { id: string; url: string };
  assert.ok(url.startsWith(`${relay.publicUrl}/`), url);
  ws.send(JSON.stringify({ type: 'send', id: 'm-1', text: 'Is this tent waterproof?', attachments: [{ id }] }));
  await until(async () => frames.some((frame) => frame.type === 'ack'), 'the send acknowledged');
  ws.close();
}

/**
 * Every address the page shows or loads from: `href` and `src` of every element (in every shadow root), resolved
 * against the page, and every http(s) address in its text. `data:` and `blob:` are the page's own.
 */
function addressesOn(page: Page): Promise<string[]> {
  // No named functions inside: the test's transpiler would wrap them in a helper the page does not have.
  return page.evaluate(() => {
    const found: string[] = [];
    const roots: Array<Document | ShadowRoot> = [document];
    for (let root = roots.pop(); root; root = roots.pop()) {
      for (const element of root.querySelectorAll('*')) {
        for (const name of ['href', 'src']) {
          const value = element.getAttribute(name);
          if (value !== null && value !== '') found.push(new URL(value, document.baseURI).href);
        }
        if (element.shadowRoot) roots.push(element.shadowRoot);
      }
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode())
        found.push(...(node.textContent?.match(/https?:\/\/[^\s"'<>]+/g) ?? []));
    }
    for (const entry of performance.getEntriesByType('resource')) found.push(entry.name);
    return found.filter((address) => !/^(data|blob|mailto):/.test(address));
  });
}

/** Signs in with the admin token, opens the visitor's conversation and waits for the image to load. */
async function openTheImage(page: Page): Promise<void> {
  await admin(page).getByRole('button', { name: 'Sign in with an API token instead' }).click();
  await admin(page).locator('#token').fill(ADMIN_TOKEN);
  await admin(page).getByRole('button', { name: 'Sign in', exact: true }).click();
  await admin(page).locator('.connection.open').waitFor();
  await admin(page).locator('[role=option]', { hasText: '📎' }).click();
  const thumbnail = admin(page).locator('.msg.visitor img');
  await thumbnail.waitFor();
  await until(async () => (await thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)) > 0, 'the image');
  assert.ok(((await thumbnail.getAttribute('src')) ?? '').startsWith(`${relay.publicUrl}/v1/attachments/`));
}

describe('one public origin in the inbox', () => {
  it('at the printed origin: the image loads with no CSP violation, and every address on the page is there', async () => {
    assert.match(relay.publicUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const violations = await watchCsp(page);
    await page.goto(`${relay.publicUrl}/admin`);
    await openTheImage(page);
    const inThread = await addressesOn(page);
    // The Site page's install snippet is on it too.
    await admin(page).getByRole('button', { name: 'Settings' }).click();
    await admin(page).getByRole('link', { name: 'Site', exact: true }).click();
    const code = admin(page).locator('#site-code');
    await code.waitFor();
    assert.match(await code.inputValue(), new RegExp(`^<script src="${relay.publicUrl}/widget\\.js[?"]`));
    const addresses = [...inThread, ...(await addressesOn(page))];
    assert.ok(addresses.length > 5, addresses.join('\n'));
    assert.deepEqual(
      addresses.filter((address) => !address.startsWith(`${relay.publicUrl}/`)),
      [],
    );
    assert.deepEqual(await violations(), []);
    await context.close();
  });

  it('at the other loopback name (localhost): redirected to the printed origin, and the image loads', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const violations = await watchCsp(page);
    await page.goto(`http://localhost:${relay.port}/admin`);
    assert.equal(new URL(page.url()).origin, relay.publicUrl);
    await openTheImage(page);
    assert.deepEqual(
      (await addressesOn(page)).filter((address) => !address.startsWith(`${relay.publicUrl}/`)),
      [],
    );
    assert.deepEqual(await violations(), []);
    await context.close();
  });
});
