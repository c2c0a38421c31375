// End-to-end: the Reports page (issue #19) with a real relay and /admin in Chromium. Two visitors write, staff
// reply through the API; the page shows today's figures in its charts and tables (opened from the keyboard), the
// CSV export downloads a file through the API, and the page breaks no rule of /admin's CSP. With PARLEY_SHOTS=<dir>
// it also saves the page in light and dark there, for a look by eye (never into the repository).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunningRelay } from '@parley/relay';
import { adminDir, buildWidget, helloSocket, launchChromium, startE2eRelay, until, watchCsp } from '../support/e2e.js';

const ADMIN_TOKEN = 'st_admin_test_reports_e2e_0123456789';
const SITE_KEY = 'pk_test_reports';

let relay: RunningRelay;
let browser: Browser;
let close: () => Promise<void>;

before(async () => {
  buildWidget();
  ({ relay, close } = await startE2eRelay({ siteKey: SITE_KEY, adminToken: ADMIN_TOKEN, adminDir }));
  browser = await launchChromium();
  for (const [name, texts] of [
    ['Ingrid', ['Do you ship to Norway?', 'And the green tent?']],
    ['Marco', ['My order has not arrived.']],
  ] as const) {
    const ws = await helloSocket(relay.wsUrl, { siteKey: SITE_KEY, name });
    let acked = 0;
    ws.on('message', (data: Buffer) => {
      if ((JSON.parse(data.toString()) as { type: string }).type === 'ack') acked++;
    });
    for (const [i, text] of texts.entries()) ws.send(JSON.stringify({ type: 'send', id: `${name}-${i}`, text }));
    await until(async () => acked === texts.length, `${name}'s messages stored`);
    ws.close();
  }
  const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const list = (await (await fetch(`${relay.httpUrl}/v1/admin/conversations`, { headers })).json()) as {
    items: Array<{ id: string }>;
  };
  assert.equal(list.items.length, 2);
  for (const { id } of list.items) {
    const reply = await fetch(`${relay.httpUrl}/v1/admin/conversations/${id}/messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ id: `reply-${id}`, text: 'Let me check.' }),
    });
    assert.equal(reply.status, 201);
  }
});
after(async () => {
  await browser?.close();
  await close?.();
});

const admin = (page: Page) => page.locator('chat-admin');

async function openReports(
  colorScheme: 'light' | 'dark',
): Promise<{ page: Page; violations: () => Promise<string[]> }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 1400 },
    colorScheme,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const violations = await watchCsp(page);
  await page.goto(`${relay.httpUrl}/admin`);
  await admin(page).getByRole('button', { name: 'Sign in with an API token instead' }).click();
  await admin(page).locator('#token').fill(ADMIN_TOKEN);
  await admin(page).getByRole('button', { name: 'Sign in', exact: true }).click();
  await admin(page).getByRole('button', { name: 'Reports' }).click();
  await admin(page).locator('chat-admin-reports table.agents').waitFor();
  return { page, violations };
}

describe('reports in the inbox end to end', () => {
  it('shows today’s conversations, messages and agents, opens a chart’s table from the keyboard, exports CSV', async () => {
    const { page, violations } = await openReports('light');
    const reports = admin(page).locator('chat-admin-reports');
    // 30 days by day: the last bucket is today, with both conversations and their 3 + 2 messages.
    const summary = reports.locator('#conversations-summary');
    assert.match((await summary.textContent()) ?? '', /^2 in total; at most 2, /);
    assert.match((await reports.locator('#messages-summary').textContent()) ?? '', /^5 in total; at most 5, /);
    assert.equal(await reports.locator('figure:has(#messages-title) svg rect').count(), 2);
    const agent = reports.locator('table.agents tbody tr');
    assert.equal(await agent.count(), 1);
    // Two conversations, both assigned by the admin's reply (routing's assignOnReply, on by default), two messages.
    assert.match((await agent.textContent()) ?? '', /2\s*2\s*2/);

    const details = reports.locator('figure:has(#conversations-title) summary');
    await details.focus();
    await page.keyboard.press('Enter');
    const lastRow = reports.locator('table.conversations-table tbody tr').last();
    await lastRow.waitFor();
    assert.equal((await lastRow.locator('td').textContent())?.trim(), '2');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      reports.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^parley-report-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    assert.match(csv, /\r\nConversations\r\nstart,conversations\r\n/);
    assert.match(csv, /\r\nAgents\r\nstaff_id,name,conversations,assigned,messages,first_response_median_ms\r\n/);

    if (process.env.PARLEY_SHOTS)
      await page.screenshot({ path: join(process.env.PARLEY_SHOTS, 'reports-light.png'), fullPage: true });
    assert.deepEqual(await violations(), []);
    await page.context().close();
  });

  it('draws the charts in the dark theme too', async () => {
    const { page, violations } = await openReports('dark');
    const bar = admin(page).locator('chat-admin-reports figure:has(#messages-title) svg rect').first();
    assert.equal(await bar.evaluate((el) => getComputedStyle(el).fill), 'rgb(96, 165, 250)');
    if (process.env.PARLEY_SHOTS)
      await page.screenshot({ path: join(process.env.PARLEY_SHOTS, 'reports-dark.png'), fullPage: true });
    assert.deepEqual(await violations(), []);
    await page.context().close();
  });
});
