// A site's own words (issue #85), end to end: saved through the admin API, they reach a French visitor's widget (the
// built one, served by a real relay, in Chromium) in its welcome, over the widget's French, as text.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AdminHarness, startAdminHarness } from '../support/admin-harness.js';
import { buildWidget, widget } from '../support/e2e.js';

describe('widget-strings', () => {
  let h: AdminHarness;

  before(async () => {
    buildWidget();
    h = await startAdminHarness();
  });
  after(() => h?.close());

  it('a French visitor’s widget shows the site’s French words over its own, and English visitors none of them', async () => {
    const saved = await h.api('PUT', '/v1/admin/widget-strings/fr', {
      texts: { placeholder: 'Posez-nous <b>votre</b> question…', send: 'Envoyer maintenant' },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));

    const french = await h.browser.newContext({ viewport: { width: 1200, height: 800 }, locale: 'fr-FR' });
    const page = await french.newPage();
    await page.goto(`${h.relay.httpUrl}/`);
    await widget(page).locator('button[part=launcher]').click();
    const composer = widget(page).locator('textarea[part=input]');
    await composer.waitFor();
    await page.waitForFunction(
      () =>
        document.querySelector('chat-widget')?.shadowRoot?.querySelector('textarea')?.placeholder ===
        'Posez-nous <b>votre</b> question…',
    );
    assert.equal(await widget(page).locator('[part=send-button]').getAttribute('aria-label'), 'Envoyer maintenant');
    await french.close();

    const english = await h.browser.newContext({ viewport: { width: 1200, height: 800 }, locale: 'en-US' });
    const other = await english.newPage();
    await other.goto(`${h.relay.httpUrl}/`);
    await widget(other).locator('button[part=launcher]').click();
    await widget(other).locator('textarea[part=input]').waitFor();
    assert.equal(await widget(other).locator('textarea[part=input]').getAttribute('placeholder'), 'Write a message…');
    await english.close();
  });
});
