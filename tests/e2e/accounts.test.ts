// End-to-end: staff accounts (issue #19) in real Chromium against a real relay, from the keyboard: the owner's
// one-time setup link, two-factor setup with recovery codes, an invitation accepted by a new agent, and signing in
// again with a password and a code.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generate } from 'otplib';
import type { Locator, Page } from 'playwright-core';
import { buildWidget, startAdminHarness, until, watchCsp, type AdminHarness } from '../support/admin-harness.js';

let h: AdminHarness;

before(async () => {
  buildWidget();
  h = await startAdminHarness();
});
after(() => h?.close());

const admin = (page: Page) => page.locator('chat-admin');
const owner = { email: 'rosa@example.com', name: 'Rosa Owner', password: 'correct horse battery staple' };

/** Moves the focus to `target` with Tab (at most 60 presses), as a keyboard user would, then presses `key`. */
async function tabTo(page: Page, target: Locator, key = 'Enter'): Promise<void> {
  for (let presses = 0; presses < 60; presses++) {
    if (await target.evaluate((node) => node.matches(':focus'))) {
      await page.keyboard.press(key);
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not Tab to ${target}`);
}

describe('staff accounts end to end, from the keyboard', () => {
  let secret = '';
  let invitation = '';
  let recovery: string[] = [];

  it('the owner opens the setup link, creates the account, and the token leaves the address bar', async () => {
    assert.ok(h.relay.setupLink, 'a relay without accounts has a setup link');
    const context = await h.browser.newContext();
    const page = await context.newPage();
    const violations = await watchCsp(page);
    await page.goto(h.relay.setupLink);
    await admin(page)
      .getByRole('heading', { name: /owner|account/i })
      .first()
      .waitFor();
    assert.equal(new URL(page.url()).hash, '', 'the one-time token is removed from the address at once');
    // The first field has the focus once the link is found to work (its fields come with the relay's answer, issue
    // #81): type, Tab, type, Tab, type, Enter.
    await admin(page).locator('#email:focus').waitFor();
    await page.keyboard.type(owner.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(owner.name);
    await page.keyboard.press('Tab');
    await page.keyboard.type(owner.password);
    await page.keyboard.press('Enter');
    await admin(page).locator('.connection.open').waitFor();
    const cookies = await context.cookies();
    const session = cookies.find((cookie) => cookie.name === '__Host-parley_session');
    assert.ok(session, 'signed in with the session cookie');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('parley-admin:token')), null, 'no token kept');

    // Two-factor: Settings → Account → set up, the key by hand, a code from the app, the recovery codes once.
    await tabTo(page, admin(page).locator('.topbar nav').getByRole('button', { name: 'Settings' }));
    await tabTo(page, admin(page).getByRole('link', { name: 'Account', exact: true }));
    await tabTo(page, admin(page).getByRole('button', { name: 'Set up two-factor sign-in' }));
    // Each field of the setup is named by its label (issue #36, 11: two unlabelled "Code" fields).
    await admin(page).getByLabel('Code from your authenticator app', { exact: true }).waitFor();
    assert.equal(await admin(page).locator('chat-admin-totp').getByLabel('Password', { exact: true }).count(), 1);
    secret = (await admin(page).locator('#totp-secret').textContent())!.trim();
    assert.match(secret, /^[A-Z2-7]{16,}$/);
    await tabTo(page, admin(page).locator('chat-admin-totp input').first(), 'Home');
    await page.keyboard.type(await generate({ secret }));
    // The password again (issue #33): a session alone does not change how the account signs in.
    await page.keyboard.press('Tab');
    await page.keyboard.type(owner.password);
    await page.keyboard.press('Enter');
    const codes = admin(page).locator('ul.codes li');
    await codes.first().waitFor();
    assert.equal(await codes.count(), 10);
    recovery = (await codes.allTextContents()).map((code) => code.trim());
    // On while its recovery codes are shown (it said "Off." there), and on after they are put away.
    assert.match((await admin(page).locator('#twofa-state').textContent())!, /^On:/);
    await tabTo(page, admin(page).getByRole('button', { name: 'Done' }));
    await admin(page).getByRole('heading', { name: 'Turn off two-factor sign-in' }).waitFor();
    assert.match((await admin(page).locator('#twofa-state').textContent())!, /^On:/);

    // An invitation without SMTP: the link is shown once, to hand over.
    await tabTo(page, admin(page).getByRole('link', { name: 'Team', exact: true }));
    await tabTo(page, admin(page).locator('#invite-email'), 'Home');
    await page.keyboard.type('noor@example.com');
    await tabTo(page, admin(page).getByRole('button', { name: 'Send the invitation' }));
    const link = admin(page).locator('#one-time-link code');
    await link.waitFor();
    invitation = (await link.textContent())!.trim();
    assert.match(invitation, /\/admin#invite=[A-Za-z0-9_-]{20,}$/);
    assert.deepEqual(await violations(), []);
    await context.close();
  });

  it('the invited agent accepts from the keyboard and lands in the inbox, without the admin pages', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    await page.goto(invitation);
    await admin(page).getByText('noor@example.com').waitFor();
    assert.equal(new URL(page.url()).hash, '');
    await page.keyboard.type('Noor Haddad');
    await page.keyboard.press('Tab');
    await page.keyboard.type('another long passphrase');
    await page.keyboard.press('Enter');
    await admin(page).locator('.connection.open').waitFor();
    await tabTo(page, admin(page).locator('.topbar nav').getByRole('button', { name: 'Settings' }));
    await admin(page).getByRole('link', { name: 'Team', exact: true }).waitFor();
    assert.equal(await admin(page).getByRole('link', { name: 'API tokens' }).count(), 0, 'agents see no admin page');
    // Nor an admin's tab in the top bar (issue #36, 9: Broadcasts refused an agent only once written).
    const tabs = (await admin(page).locator('.topbar nav button').allTextContents()).map((tab) => tab.trim());
    assert.deepEqual(tabs, ['Inbox', 'Contacts', 'Reports', 'Stats', 'Settings']);
    // The link worked once.
    const again = await context.newPage();
    await again.goto(invitation);
    await admin(again)
      .locator('#sign-in-error, #sign-in-status')
      .filter({ hasText: /used|expired|no longer/i })
      .first()
      .waitFor();
    await context.close();
  });

  it('the owner signs in again with the password, then a code from the app', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${h.relay.httpUrl}/admin`);
    await admin(page).locator('#email').waitFor();
    await page.keyboard.type(owner.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('not the password');
    await page.keyboard.press('Enter');
    await admin(page).locator('#sign-in-error', { hasText: 'Wrong email or password' }).waitFor();
    await admin(page).locator('#password').fill('');
    await tabTo(page, admin(page).locator('#password'), 'Home');
    await page.keyboard.type(owner.password);
    await page.keyboard.press('Enter');
    await admin(page).locator('#code').waitFor();
    // A code for the next time step: the one used at setup may not serve twice.
    await page.keyboard.type(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await page.keyboard.press('Enter');
    await admin(page).locator('.connection.open').waitFor();
    await context.close();
  });

  it('with a recovery code, the owner makes an API token shown once, revokes it, and makes and switches to a site', async () => {
    const context = await h.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${h.relay.httpUrl}/admin`);
    await admin(page).locator('#email').waitFor();
    await page.keyboard.type(owner.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(owner.password);
    await page.keyboard.press('Enter');
    await admin(page).locator('#code').waitFor();
    await tabTo(page, admin(page).getByRole('button', { name: 'Use a recovery code' }));
    await admin(page).locator('#recovery-code').waitFor();
    await tabTo(page, admin(page).locator('#recovery-code'), 'Home');
    await page.keyboard.type(recovery[0]!);
    await page.keyboard.press('Enter');
    await admin(page).locator('.connection.open').waitFor();

    // API tokens: name, the default Read scope, Create; the secret once; it works, then it is revoked.
    await tabTo(page, admin(page).locator('.topbar nav').getByRole('button', { name: 'Settings' }));
    await tabTo(page, admin(page).getByRole('link', { name: 'API tokens', exact: true }));
    await tabTo(page, admin(page).locator('#token-name'), 'Home');
    await page.keyboard.type('Reporting bot');
    await tabTo(page, admin(page).locator('chat-admin-tokens').getByRole('button', { name: 'Create' }));
    const shown = admin(page).locator('#new-token code');
    await shown.waitFor();
    const token = (await shown.textContent())!.trim();
    const me = (bearer: string) =>
      fetch(`${h.relay.httpUrl}/v1/admin/conversations`, { headers: { authorization: `Bearer ${bearer}` } });
    assert.equal((await me(token)).status, 200, 'a read token reads');
    const write = await fetch(`${h.relay.httpUrl}/v1/admin/canned-responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ shortcut: 'hi', text: 'Hi!' }),
    });
    assert.equal(write.status, 403, 'a read-only token cannot write');
    await tabTo(page, admin(page).locator('#new-token').getByRole('button', { name: 'Done' }));
    assert.equal(await admin(page).locator('#new-token').count(), 0, 'the secret is not shown again');
    await tabTo(
      page,
      admin(page).locator('chat-admin-tokens tr', { hasText: 'Reporting bot' }).getByRole('button', { name: 'Revoke' }),
    );
    await tabTo(page, admin(page).locator('chat-admin-tokens dialog').getByRole('button', { name: 'Revoke' }));
    await admin(page).locator('chat-admin-tokens tr', { hasText: 'Reporting bot' }).waitFor({ state: 'detached' });
    assert.equal((await me(token)).status, 401, 'a revoked token is refused');

    // Sites: a second one, then the inbox on it.
    await tabTo(page, admin(page).getByRole('link', { name: 'Your sites', exact: true }));
    await tabTo(page, admin(page).locator('#site-name'), 'Home');
    await page.keyboard.type('Second shop');
    await tabTo(page, admin(page).locator('chat-admin-sites').getByRole('button', { name: 'Create' }));
    const row = admin(page)
      .locator('chat-admin-sites li, chat-admin-sites tr')
      .filter({ hasText: 'Second shop' })
      .first();
    await row.waitFor();
    await tabTo(page, row.getByRole('button', { name: 'Switch' }));
    await until(
      async () =>
        (await (await page.request.get(`${h.relay.httpUrl}/v1/auth/session`)).json()).site?.name === 'Second shop',
      'the session on the second site',
    );
    await context.close();
  });
});
