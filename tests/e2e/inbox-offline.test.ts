// End-to-end: replies typed offline are kept (issue #43, docs/agent-app.md). Staff send through the SDK's outbox
// (IndexedDB), as visitors do: a reply typed with the network off is shown as queued, survives a reload, and is sent
// once, in order, when the network returns. Checked on the relay (its stored messages) and at the visitor's socket.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WebSocketRoute } from 'playwright-core';
import type WebSocket from 'ws';
import { buildWidget, helloSocket, startAdminHarness, until, type AdminHarness } from '../support/admin-harness.js';

let h: AdminHarness;
let visitor: WebSocket | undefined;
/** The staff texts the visitor's socket received, in order. */
const received: string[] = [];

before(async () => {
  buildWidget();
  h = await startAdminHarness();
  visitor = await helloSocket(h.relay.wsUrl, { siteKey: 'pk_test_admin', name: 'Tove' });
  visitor.on('message', (data: WebSocket.RawData) => {
    const frame = JSON.parse(data.toString()) as { type: string; message?: { text: string; author: { role: string } } };
    if (frame.type === 'message' && frame.message?.author.role === 'staff') received.push(frame.message.text);
  });
  visitor.send(JSON.stringify({ type: 'send', id: 'offline-1', text: 'Is my order on its way?' }));
});
after(async () => {
  visitor?.close();
  await h?.close();
});

describe('replies typed offline', () => {
  it('are shown as queued, survive a reload, and are sent once, in order, when the network returns', async () => {
    const context = await h.browser.newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    });
    // The relay's socket, through a switch: the page loads while its socket cannot reach the relay. Routed before
    // the page exists, so every socket the page opens goes through it.
    let reachable = true;
    const connected: WebSocketRoute[] = [];
    const refused: string[] = [];
    await context.routeWebSocket(/\/v1\/ws$/, (ws) => {
      if (reachable) {
        connected.push(ws);
        ws.connectToServer();
      } else {
        refused.push(ws.url());
        void ws.close({ code: 1011, reason: 'unreachable' });
      }
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await h.signIn(page);
    const shell = page.locator('chat-admin');
    await shell.locator('[role=option]').first().click();
    await shell.locator('.msg.visitor').first().waitFor();
    await page.waitForURL(/#conversation=/);
    const composer = shell.locator('#composer-input');
    await composer.waitFor();
    const conversationId = new URLSearchParams(new URL(page.url()).hash.slice(1)).get('conversation');
    assert.ok(conversationId, 'the open conversation is in the address');
    const stored = async (): Promise<string[]> => {
      const { body } = await h.api('GET', `/v1/admin/conversations/${conversationId}/messages`);
      return (body.items as { text: string; author: { role: string } }[])
        .filter((message) => message.author.role === 'staff')
        .map((message) => message.text);
    };

    // The network goes: the socket drops, the inbox says so.
    reachable = false;
    await context.setOffline(true);
    for (const ws of connected.splice(0)) await ws.close({ code: 1001, reason: 'offline' });
    await shell.locator('.connection:not(.open)').waitFor({ state: 'attached' });
    for (const text of ['First, typed in a tunnel', 'Second, still in the tunnel']) {
      await composer.fill(text);
      await shell.getByRole('button', { name: 'Send', exact: true }).click();
      await shell.locator('.msg.staff', { hasText: text }).locator('.status', { hasText: 'Queued' }).waitFor();
    }

    // A reload while the relay is still out of reach (the page loads, its socket does not): the replies are still
    // there, queued, from the outbox in IndexedDB.
    await context.setOffline(false);
    await page.reload();
    for (const text of ['First, typed in a tunnel', 'Second, still in the tunnel'])
      await shell.locator('.msg.staff', { hasText: text }).locator('.status', { hasText: 'Queued' }).waitFor();
    assert.deepEqual(await stored(), [], 'nothing reached the relay yet');
    assert.ok(refused.length > 0, 'the page tried its socket');

    // The network returns: the outbox is sent, in order, each reply once.
    reachable = true;
    await shell.locator('.connection.open').waitFor({ state: 'attached', timeout: 30_000 });
    await until(async () => (await stored()).length === 2, 'both replies stored');
    assert.deepEqual(await stored(), ['First, typed in a tunnel', 'Second, still in the tunnel']);
    await until(async () => received.length === 2, 'the visitor got both replies');
    assert.deepEqual(received, ['First, typed in a tunnel', 'Second, still in the tunnel'], 'in order, once');
    await shell.locator('.msg.staff .status', { hasText: 'Queued' }).waitFor({ state: 'detached' });
    assert.deepEqual(
      await shell.locator('.msg.staff').evaluateAll((articles) => articles.map((article) => article.ariaLabel)),
      ['You', 'You'],
      'each shown once, as the agent’s own',
    );

    // Another reload does not send them again.
    await page.reload();
    await shell.locator('.connection.open').waitFor({ state: 'attached' });
    await shell.locator('.msg.staff').nth(1).waitFor();
    assert.equal(await shell.locator('.msg.staff').count(), 2);
    assert.equal((await stored()).length, 2, 'still two on the relay');
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
