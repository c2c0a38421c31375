// Screenshots of campaigns (docs/campaigns.md), for a human look: the bubble on the demo page and the inbox's
// Campaigns page, at 1280 px and on a phone (390 px), light and dark:
//   node --conditions=source --import ./scripts/ts-hooks.mjs tests/support/campaign-screenshots.ts [outDir]
// Writes campaign-bubble-<scheme>[-390].png and campaign-page-<scheme>[-390].png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_TOKEN, buildWidget, signInWithToken, startAdminHarness } from './admin-harness.js';

const outDir = process.argv[2] ?? '/tmp/parley-campaign-shots';
mkdirSync(outDir, { recursive: true });

buildWidget();
const h = await startAdminHarness();
const must = async (method: string, path: string, body?: unknown) => {
  const answer = await h.api(method, path, body);
  if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as Record<string, unknown>;
};
// The widget follows the system's theme, so the bubble is dark on a dark system.
await must('PUT', '/v1/admin/widget-look', { theme: 'auto', position: null, prechat: null });
const created = await must('POST', '/v1/admin/campaigns', {
  name: 'Pricing help',
  variants: ['Comparing plans? Ask us anything — we usually reply in a few minutes.', 'Which plan fits your team?'],
  buttons: ['Talk to sales', 'Just browsing'],
  urls: ['/?plan=*'],
  delaySeconds: 0,
  frequency: { kind: 'days', days: 7 },
});
await must('POST', '/v1/admin/campaigns', {
  name: 'Leaving checkout',
  variants: ['Anything stopping you? We can help with payment or delivery.'],
  urls: ['/checkout'],
  exitIntent: true,
  status: 'paused',
});
// A few shown and clicked bubbles, counted as the loader's beacons count them.
for (const [variant, kind] of [
  [0, 'shown'],
  [0, 'shown'],
  [0, 'opened'],
  [1, 'shown'],
] as const)
  await fetch(`${h.relay.httpUrl}/v1/campaigns/event`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({ site: 'pk_test_admin', campaign: created.id, variant, kind }),
  });

for (const [width, scheme] of [
  [1280, 'light'],
  [1280, 'dark'],
  [390, 'light'],
  [390, 'dark'],
] as const) {
  const suffix = width === 390 ? '-390' : '';
  const viewport = { width, height: width === 390 ? 780 : 820 };
  const context = await h.browser.newContext({
    viewport,
    colorScheme: scheme,
    ...(width === 390 && { deviceScaleFactor: 2 }),
  });
  const visitor = await context.newPage();
  visitor.on('pageerror', (error) => console.error('page error:', error.message));
  await visitor.goto(`${h.relay.httpUrl}/?plan=pro`);
  await visitor.locator('div[part=campaign]').locator('.bubble').waitFor();
  await visitor.screenshot({ path: join(outDir, `campaign-bubble-${scheme}${suffix}.png`) });
  await visitor.close();

  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await signInWithToken(page, h.relay.httpUrl, ADMIN_TOKEN);
  const shell = page.locator('chat-admin');
  await shell.locator('.topbar nav').getByRole('button', { name: 'Settings' }).click();
  await shell.locator('chat-admin-settings nav').getByRole('link', { name: 'Campaigns', exact: true }).click();
  await shell.locator('chat-admin-campaigns .campaign .figures').first().waitFor();
  const tall = await shell
    .locator('chat-admin-settings')
    .evaluate((area) => area.shadowRoot!.querySelector('main')!.scrollHeight + area.getBoundingClientRect().top);
  await page.setViewportSize({ width, height: Math.max(viewport.height, Math.ceil(tall)) });
  await shell.locator('chat-admin-campaigns .preview-host').waitFor();
  await page.screenshot({ path: join(outDir, `campaign-page-${scheme}${suffix}.png`) });
  await context.close();
}
await h.close();
console.log(`screenshots in ${outDir}`);
