// End-to-end: the widget shows every refused file (issue #36, point 5), on the demo page with the built widget and a
// real relay whose site takes PNG, JPEG and PDF of at most 2 kB and keeps at most 50 bytes: a file too large and one
// of another type are refused at once, and one the relay refuses for the site's full storage on its message; each
// on screen, not only read to screen readers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { ADMIN_TOKEN, buildWidget, startAdminHarness, type AdminHarness } from '../support/admin-harness.js';

let h: AdminHarness;

before(async () => {
  buildWidget();
  h = await startAdminHarness();
  const limited = await fetch(`${h.relay.httpUrl}/v1/admin/settings/attachments`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ types: ['png', 'jpeg', 'pdf'], maxBytes: 2000, quotaBytes: 50 }),
  });
  assert.equal(limited.status, 200, await limited.text());
});
after(() => h?.close());

// A real 2×2 PNG (the relay decodes images), larger than the site's 50 bytes of storage.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFElEQVR4nGP4z8DAAMIM/////w8AH+4F+7C4l8kAAAAASUVORK5CYII=',
  'base64',
);

/** Shown on screen: visible, and not a visually hidden (1 px, clipped) element. */
async function onScreen(locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  return (await locator.isVisible()) && box !== null && box.width > 20 && box.height > 8;
}

describe('the widget’s refused files', () => {
  it('shows a file too large, of a type the site does not take, or over its storage, on screen', async () => {
    const context = await h.browser.newContext({ viewport: { width: 390, height: 780 } });
    const page = await context.newPage();
    await page.goto(`${h.relay.httpUrl}/`);
    const widget = page.locator('chat-widget');
    await widget.locator('button[part=launcher]').click();
    const input = widget.locator('[part=attach-button] input[type=file]');
    await input.setInputFiles([
      { name: 'holiday.png', mimeType: 'image/png', buffer: Buffer.alloc(5000) },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') },
    ]);
    const refused = widget.locator('[part=file-refused]');
    await refused.waitFor();
    assert.equal(
      (await refused.innerText()).trim(),
      'holiday.png is larger than 2 kB, the most this site accepts.\nnotes.txt: this type of file is not accepted',
    );
    assert.ok(await onScreen(refused), 'the refusals are on screen');

    // A file within the limit that the site has no room to keep: the relay refuses it, on its message.
    await input.setInputFiles([{ name: 'cat.png', mimeType: 'image/png', buffer: PNG }]);
    await widget.locator('[part=pending-files]', { hasText: 'cat.png' }).waitFor();
    assert.equal(await refused.count(), 0, 'the refusals go with the next files');
    await widget.locator('textarea[part=input]').press('Enter');
    const failed = widget.locator('[part=file-error]');
    await failed.waitFor();
    assert.equal(
      (await failed.innerText()).trim(),
      'Not sent: the file is too large, or this site has no room left for files',
    );
    assert.ok(await onScreen(failed), 'the failure is on screen');
    await context.close();
  });
});
