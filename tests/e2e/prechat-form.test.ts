// A site's pre-chat form (issue #86), end to end: configured through the admin API (with the contact attributes it
// fills), shown to a French visitor (the page's lang="fr") of the built widget served by a real relay, in Chromium:
// the visitor's mistakes are said in French beside their fields, then the form is filled and the first message
// sent; the inbox's visitor panel shows the name, the email and the attributes (the plan as the visitor's claim).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AdminHarness, startAdminHarness } from '../support/admin-harness.js';
import { admin, buildWidget, widget } from '../support/e2e.js';

describe('prechat-form', () => {
  let h: AdminHarness;

  before(async () => {
    buildWidget();
    h = await startAdminHarness();
  });
  after(() => h?.close());

  it('a French visitor fills the site’s form; the inbox’s visitor panel shows the values', async () => {
    for (const body of [
      { key: 'plan', label: 'Plan', type: 'list', scope: 'contact', options: ['Free', 'Pro', 'Enterprise'] },
      { key: 'phone', label: 'Phone', type: 'text', scope: 'contact' },
    ]) {
      const made = await h.api('POST', '/v1/admin/attributes', body);
      assert.equal(made.status, 201, JSON.stringify(made.body));
    }
    const saved = await h.api('PUT', '/v1/admin/prechat-form', {
      when: 'always',
      fields: [
        { key: 'name', type: 'text', required: true },
        { key: 'email', type: 'text', required: true },
        { key: 'phone', type: 'text' },
        { key: 'attribute:plan', type: 'choice', options: ['Free', 'Pro'], required: true, labels: { fr: 'Formule' } },
      ],
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));

    const context = await h.browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'fr-FR' });
    await context.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => (document.documentElement.lang = 'fr'));
    });
    const page = await context.newPage();
    await page.goto(`${h.relay.httpUrl}/`);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
    await widget(page).locator('button[part=launcher]').click();
    const form = widget(page).locator('form[part=form]');
    await form.locator('select[name="attribute:plan"]').waitFor();
    assert.equal((await form.locator('label[for=pf-3]').textContent())?.trim(), 'Formule*');
    assert.equal((await form.locator('label[for=pf-0]').textContent())?.trim(), 'Nom*');

    // Mistakes: said in French beside their fields; the first takes the focus; nothing is sent.
    await form.locator('input[name=email]').fill('ada@');
    await form.getByRole('button', { name: 'Commencer' }).click();
    await form.locator('#pf-1-error', { hasText: 'Saisissez une adresse e-mail' }).waitFor();
    assert.equal(await form.locator('#pf-0-error').textContent(), 'Ce champ est obligatoire.');
    assert.equal(await form.locator('input[name=name]').getAttribute('aria-invalid'), 'true');
    assert.equal(
      await form
        .locator('input[name=name]')
        .evaluate((input) => input === (input.getRootNode() as ShadowRoot).activeElement),
      true,
    );

    // Filled by keyboard, as a person would.
    await form.locator('input[name=name]').fill('Ada Lovelace');
    await form.locator('input[name=email]').fill('ada@example.com');
    await form.locator('input[name=phone]').fill('+33 6 12 34 56 78');
    await form.locator('select[name="attribute:plan"]').selectOption('Pro');
    await form.locator('input[name=phone]').press('Enter');
    const composer = widget(page).locator('textarea[part=input]');
    await composer.waitFor();
    await composer.fill('Bonjour, je voudrais changer de formule.');
    await composer.press('Enter');

    // The inbox: the conversation, its visitor's name, and the values in the visitor panel.
    const { page: staff, context: staffContext } = await h.staffPage();
    await admin(staff).locator('[role=option]', { hasText: 'Ada Lovelace' }).first().click();
    await admin(staff).locator('.msg.visitor .bubble', { hasText: 'changer de formule' }).waitFor();
    const card = admin(staff).locator('chat-admin-attributes-card');
    await card.locator('#attribute-contact-plan-unverified').waitFor();
    assert.equal(await card.locator('#attribute-contact-plan').inputValue(), 'Pro');
    assert.equal(await card.locator('#attribute-contact-phone').inputValue(), '+33 6 12 34 56 78');
    await admin(staff).locator('.visitor-name', { hasText: 'Ada Lovelace' }).waitFor();
    await admin(staff).locator('.visitor-panel .email', { hasText: '***' }).waitFor();
    await staffContext.close();
    await context.close();
  });
});
