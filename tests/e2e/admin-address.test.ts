// End-to-end: a conversation's address in the inbox (issue #36). Opening a conversation puts
// `#conversation=<id>&site=<id>` in the address (the scheme of a push notification's link): a reload keeps it open,
// and a colleague on the same site who opens the link sees that conversation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type WebSocket from 'ws';
import {
  ADMIN_TOKEN,
  buildWidget,
  helloSocket,
  startAdminHarness,
  type AdminHarness,
} from '../support/admin-harness.js';

let h: AdminHarness;
const visitors: WebSocket[] = [];

/** A visitor writes `text`; resolves once it is stored. */
async function visitor(name: string, text: string): Promise<void> {
  const ws = await helloSocket(h.relay.wsUrl, { siteKey: 'pk_test_admin', name });
  visitors.push(ws);
  const acked = new Promise<void>((resolve) =>
    ws.on('message', (data: WebSocket.RawData) => {
      if ((JSON.parse(data.toString()) as { type: string }).type === 'ack') resolve();
    }),
  );
  ws.send(JSON.stringify({ type: 'send', id: `m${visitors.length}`, text }));
  await acked;
}

before(async () => {
  buildWidget();
  h = await startAdminHarness();
  await visitor('Ingrid Larsen', 'Do you ship to Norway?');
  await visitor('Marco Rossi', 'Where is my stove?');
});
after(async () => {
  for (const ws of visitors) ws.close();
  await h?.close();
});

async function signIn(page: Page, token: string): Promise<void> {
  const shell = page.locator('chat-admin');
  await shell.getByRole('button', { name: 'Sign in with an API token instead' }).click();
  await shell.locator('#token').fill(token);
  await shell.getByRole('button', { name: 'Sign in', exact: true }).click();
}

describe('a conversation’s address in the inbox', () => {
  it('survives a reload, and opens the conversation for a colleague on the same site', async () => {
    const context = await h.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const shell = page.locator('chat-admin');
    await page.goto(`${h.relay.httpUrl}/admin`);
    await signIn(page, ADMIN_TOKEN);
    await shell.locator('[role=option]', { hasText: 'Ingrid Larsen' }).click();
    await shell.locator('.msg', { hasText: 'Do you ship to Norway?' }).waitFor();
    await page.waitForURL(/#conversation=[A-Za-z0-9_-]+&site=[A-Za-z0-9_-]+$/);
    const link = page.url();
    assert.ok(link.startsWith(`${h.relay.httpUrl}/admin#conversation=`), link);
    assert.ok(!link.includes(ADMIN_TOKEN), 'no token in the address');

    // A reload: the same conversation is open (the token is kept for this tab).
    await page.reload();
    await shell.locator('.msg', { hasText: 'Do you ship to Norway?' }).waitFor();
    assert.equal(
      await shell
        .locator('[aria-selected=true]')
        .textContent()
        .then((t) => t?.includes('Ingrid Larsen')),
      true,
    );
    assert.equal(page.url(), link);
    await context.close();

    // A colleague (an agent of the same site, another browser) opens the link and signs in: that conversation.
    const made = await fetch(`${h.relay.httpUrl}/v1/admin/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bo Colleague', role: 'agent' }),
    });
    assert.equal(made.status, 201, await made.clone().text());
    const { token } = (await made.json()) as { token: string };
    const other = await h.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const colleague = await other.newPage();
    await colleague.goto(link);
    await signIn(colleague, token);
    await colleague.locator('chat-admin .msg', { hasText: 'Do you ship to Norway?' }).waitFor();
    assert.equal(colleague.url(), link);
    await other.close();
  });
});
