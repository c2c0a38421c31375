// End-to-end: routing and the first-reply SLA (issue #17) with a real relay on a clock the test moves, a visitor on
// a raw socket and an agent in /admin in Chromium: the agent is online, gets the new conversation, and sees it
// escalated — overdue, its priority raised, in the Overdue view — once the deadline passes unanswered.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { adminDir, buildWidget, helloSocket, launchChromium, startE2eRelay } from '../support/e2e.js';
import type { Browser } from 'playwright-core';
import type { RunningRelay } from '@parley/relay';

const ADMIN_TOKEN = 'st_admin_test_routing_e2e_0123456789';
const clock = { offset: 0, now: () => Date.now() + clock.offset };

let relay: RunningRelay;
let browser: Browser;
let close: () => Promise<void>;

before(async () => {
  buildWidget();
  ({ relay, close } = await startE2eRelay({
    siteKey: 'pk_test_routing',
    adminToken: ADMIN_TOKEN,
    identitySecret: 'idsecret_routing_e2e',
    adminDir,
    clock: clock.now,
    outboxClock: clock.now,
    outboxTiming: { pollMs: 100 },
  }));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await close?.();
});

const admin = (page: Page) => page.locator('chat-admin');

describe('routing and SLA end to end', () => {
  it('an agent gets a new conversation and sees it overdue once the first-reply deadline passes', async () => {
    const saved = await fetch(`${relay.httpUrl}/v1/admin/routing`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        mode: 'round-robin',
        defaultCapacity: 10,
        reassignAfterMinutes: null,
        sla: { firstResponseMinutes: 5, raisePriorityTo: 'urgent', notifyEmail: false },
      }),
    });
    assert.equal(saved.status, 200);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const staff = await context.newPage();
    await staff.goto(`${relay.httpUrl}/admin`);
    await admin(staff).getByRole('button', { name: 'Sign in with an API token instead' }).click();
    await admin(staff).locator('#token').fill(ADMIN_TOKEN);
    await admin(staff).getByRole('button', { name: 'Sign in', exact: true }).click();
    await admin(staff).locator('.connection.open').waitFor();
    // The agent's availability, in the top bar: online.
    const availability = admin(staff).getByLabel('Availability');
    await availability.waitFor();
    assert.equal(await availability.inputValue(), 'online');

    const visitor = await helloSocket(relay.wsUrl, { siteKey: 'pk_test_routing' });
    visitor.send(JSON.stringify({ type: 'send', id: 'm-1', text: 'Is anyone there?' }));
    const option = admin(staff).locator('[role=option]', { hasText: 'Is anyone there?' });
    await option.waitFor();
    // Routed to the only agent online, with its deadline shown.
    await admin(staff).locator('.views button', { hasText: 'Mine 1' }).waitFor();
    await option.locator('.sla', { hasText: 'First reply due in' }).waitFor();

    // Six minutes on, nobody has answered: escalated.
    clock.offset += 6 * 60_000;
    relay.admin.outbox.nudge();
    await option.locator('.sla .overdue', { hasText: 'Overdue' }).waitFor();
    assert.equal((await option.locator('.priority').textContent())?.trim(), 'Urgent');
    await admin(staff).locator('.views button', { hasText: 'Overdue 1' }).click();
    await admin(staff).locator('[role=option]', { hasText: 'Is anyone there?' }).waitFor();
    assert.equal(await admin(staff).locator('[role=option]').count(), 1);
    visitor.close();
    await context.close();
  });
});
