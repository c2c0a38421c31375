// End-to-end: attachments (issue #18) from the demo page, the built widget, a real relay, real Chromium. A visitor
// attaches an image and sees it sent, with its thumbnail, and the relay stores it; a visitor who goes offline queues
// a file, reloads, comes back, and the file is uploaded and sent once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page, WebSocketRoute } from 'playwright-core';
import type { RunningRelay } from '@parley/relay';
import { buildWidget, startHarness, until, type Harness } from '../support/widget-harness.js';

let h: Harness;

before(async () => {
  buildWidget();
  h = await startHarness();
});
after(() => h?.close());

// A real 2×2 PNG (the relay decodes and re-encodes images, so it must be one).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFElEQVR4nGP4z8DAAMIM/////w8AH+4F+7C4l8kAAAAASUVORK5CYII=',
  'base64',
);

const widget = (page: Page) => page.locator('chat-widget');
const launcher = (page: Page) => widget(page).locator('button[part=launcher]');
const composer = (page: Page) => widget(page).locator('textarea[part=input]');
const fileInput = (page: Page) => widget(page).locator('[part=attach-button] input[type=file]');

/** The messages stored in the visitor's conversation, with their attachments, as the relay has them. */
async function stored(relay: RunningRelay, page: Page) {
  const conversationId = await page.evaluate(
    () => document.querySelector<HTMLElement & { conversationId?: string }>('chat-widget')?.conversationId,
  );
  if (!conversationId) return [];
  return relay.store.messagesAfter(conversationId, 0, 100);
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function attach(page: Page, ...names: string[]): Promise<void> {
  await fileInput(page).setInputFiles(
    names.map((name) =>
      name.endsWith('.pdf')
        ? { name, mimeType: 'application/pdf', buffer: PDF }
        : { name, mimeType: 'image/png', buffer: PNG },
    ),
  );
  for (const name of names) await widget(page).locator('[part=pending-files]', { hasText: name }).waitFor();
}

describe('attachments end to end', () => {
  it('a visitor attaches an image and a document, sees them sent in one message, and the relay stores them', async () => {
    const context = await h.browser.newContext({ viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${h.relay.httpUrl}/`);
    await launcher(page).click();
    await attach(page, 'cat.png', 'notes.pdf');
    await composer(page).fill('my cat');
    await composer(page).press('Enter');

    const sent = widget(page).locator('.msg.mine', { hasText: 'my cat' });
    await sent.locator('.status', { hasText: /Sent|Delivered|Read/ }).waitFor();
    const thumbnail = sent.locator('[part=thumbnail] img');
    await thumbnail.waitFor();
    await until(
      async () => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
      'the thumbnail loaded',
    );

    await until(async () => (await stored(h.relay, page)).length === 1, 'the stored message');
    const [message] = await stored(h.relay, page);
    assert.equal(message!.text, 'my cat');
    assert.deepEqual(
      message!.attachments?.map((a) => [a.name, a.type]),
      [
        ['cat.png', 'image/png'],
        ['notes.pdf', 'application/pdf'],
      ],
    );
    await sent.locator('[part=file-card]', { hasText: 'notes.pdf' }).waitFor();
    const [file] = message!.attachments!;
    // The bytes are there, for staff of the site (the header, never a token in the URL).
    const download = await fetch(`${h.relay.httpUrl}/v1/attachments/${file!.id}`, {
      headers: { authorization: 'Bearer st_admin_test_widget_e2e' },
    });
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'image/png');

    // The lightbox opens from the keyboard and Escape closes it.
    await sent.locator('[part=thumbnail]').focus();
    await page.keyboard.press('Enter');
    await widget(page).locator('[part=lightbox][role=dialog]').waitFor();
    await page.keyboard.press('Escape');
    await widget(page).locator('[part=lightbox]').waitFor({ state: 'detached' });
    await context.close();
  });

  it('a visitor offline queues a file, reloads, comes back, and it is uploaded and sent once', async () => {
    const context = await h.browser.newContext({ viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    let outage = false;
    let socket: WebSocketRoute | undefined;
    await page.routeWebSocket(/\/v1\/ws$/, (ws) => {
      if (outage) return void ws.close({ code: 4009, reason: 'test outage' });
      socket = ws;
      ws.connectToServer();
    });
    let uploads = 0;
    await page.route(/\/v1\/attachments(\?|\/|$)/, (route) => {
      if (route.request().method() === 'POST') uploads++;
      return outage ? route.abort('internetdisconnected') : route.continue();
    });
    await page.goto(`${h.relay.httpUrl}/`);
    await launcher(page).click();
    await composer(page).fill('hello');
    await composer(page).press('Enter');
    await widget(page)
      .locator('.msg.mine .status', { hasText: /Sent|Delivered|Read/ })
      .first()
      .waitFor();

    // The relay becomes unreachable: the file is queued with its message, in the outbox.
    outage = true;
    await socket?.close({ code: 4009, reason: 'test outage' });
    await widget(page).locator('[part=banner]').waitFor();
    await attach(page, 'receipt.png');
    await composer(page).press('Enter');
    await widget(page).locator('.msg.mine .status', { hasText: 'Queued' }).waitFor();

    // The panel stays open across the reload (the tab remembers it).
    await page.reload();
    await widget(page).locator('[part=panel]').waitFor();
    const queued = widget(page).locator('.msg.mine', { has: page.locator('.status', { hasText: 'Queued' }) });
    await queued.waitFor();
    assert.equal(uploads, 0, 'nothing uploaded while the relay is unreachable');

    outage = false;
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await until(async () => (await stored(h.relay, page)).length === 2, 'the queued file stored');
    const messages = await stored(h.relay, page);
    assert.deepEqual(
      messages.map((m) => [m.text, m.attachments?.map((a) => a.name) ?? []]),
      [
        ['hello', []],
        ['', ['receipt.png']],
      ],
    );
    assert.equal(uploads, 1, 'uploaded once');
    // After another reload the outbox is empty: the next message is the only one sent (the outbox keeps its order,
    // so a second copy of the file would come before it).
    await page.reload();
    await widget(page).locator('[part=presence]', { hasNotText: 'Connecting' }).waitFor();
    await composer(page).fill('after');
    await composer(page).press('Enter');
    await until(async () => (await stored(h.relay, page)).length === 3, 'the next message stored');
    assert.deepEqual(
      (await stored(h.relay, page)).map((m) => m.text),
      ['hello', '', 'after'],
    );
    assert.equal(uploads, 1);
    await context.close();
  });
});
