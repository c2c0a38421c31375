// Journey: sign-in and SSO. Accounts in /admin — the owner's first sign-in, invitations, passwords, two factors —
// and single sign-on through a real OpenID provider and a real SAML IdP, with a real relay and one real Chromium. A
// new way in adds its browser test here (tests/e2e/README.md).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generate } from 'otplib';
import type { Browser, Locator, Page } from 'playwright-core';
import { admin, launchChromium } from '../support/e2e.js';
import { type AdminHarness, buildWidget, startAdminHarness, until, watchCsp } from '../support/admin-harness.js';
import { startDnsServer, type TestDnsServer, verifySiteDomains } from '../support/dns-server.js';
import { startIdp, type TestIdp } from '../support/oidc-idp.js';
import { type SamlTestIdp, startSamlIdp } from '../support/saml-idp.js';

/**
 * The journey's one Chromium, held from its first test to its last: every block's own launchChromium() (directly or
 * through a harness) gets this browser instead of launching one and closing it when the block ends.
 */
let journeyBrowser: Browser;

before(async () => {
  journeyBrowser = await launchChromium();
});
after(() => journeyBrowser?.close());

// End-to-end: staff accounts (issue #19) in real Chromium against a real relay, from the keyboard: the owner's
// one-time setup link, two-factor setup with recovery codes, an invitation accepted by a new agent, and signing in
// again with a password and a code.
describe('accounts', () => {
  let h: AdminHarness;

  before(async () => {
    buildWidget();
    h = await startAdminHarness();
  });
  after(() => h?.close());

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
      assert.deepEqual(tabs, ['Inbox', 'Contacts', 'Companies', 'Reports', 'Stats', 'Settings']);
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
        admin(page)
          .locator('chat-admin-tokens tr', { hasText: 'Reporting bot' })
          .getByRole('button', { name: 'Revoke' }),
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
});

// End-to-end: single sign-on (issue #41) in real Chromium, against a real relay and a real OpenID provider on
// loopback (`oidc-provider`, its development login pages): the sign-in page's "Sign in with …" button, the provider's
// login and consent, back into the inbox signed in (a member made just in time); an existing account linked once
// with its password; and a site that requires single sign-on: the password form refused, the provider's way in,
// and signing out ending the session.
describe('sso', () => {
  let h: AdminHarness;
  let dns: TestDnsServer;
  let idp: TestIdp;
  const owner = { email: 'olive@acme.test', name: 'Olive Owner', password: 'correct horse battery staple' };

  before(async () => {
    buildWidget();
    dns = await startDnsServer();
    h = await startAdminHarness({ ssoAllowHttp: true, ssoAllowPrivate: true, dnsServers: [dns.address] });
    // The owner, with a password, before single sign-on exists.
    const setup = await fetch(`${h.relay.httpUrl}/v1/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: /#setup=(.+)$/.exec(h.relay.setupLink!)![1], ...owner }),
    });
    assert.equal(setup.status, 200);
    const made = await h.api('POST', '/v1/admin/sso/providers', {
      name: 'Acme ID',
      issuer: 'http://127.0.0.1:9',
      clientId: 'parley',
      clientSecret: 'placeholder',
      allowedDomains: ['acme.test'],
    });
    assert.equal(made.status, 201);
    // Its domain verified in DNS, as a site's admin does, so that it makes members just in time.
    await verifySiteDomains((method, path, body) => h.api(method, path, body), dns);
    idp = await startIdp({
      redirectUri: made.body.redirectUri,
      users: {
        ann: { email: 'ann@acme.test', email_verified: true, name: 'Ann Agent' },
        olive: { email: owner.email, email_verified: true, name: owner.name },
      },
    });
    const patched = await h.api('PATCH', `/v1/admin/sso/providers/${made.body.id}`, {
      issuer: idp.issuer,
      clientSecret: idp.clientSecret,
    });
    assert.equal(patched.status, 200);
  });
  after(async () => {
    await dns?.close();
    await h?.close();
    await idp?.close();
  });

  /** At the provider's development pages: the login (any password), then consent. */
  async function providerLogin(page: Page, login: string): Promise<void> {
    await page.locator('input[name=login]').waitFor();
    assert.equal(new URL(page.url()).origin, idp.issuer, 'at the provider');
    await page.locator('input[name=login]').fill(login);
    await page.locator('input[name=password]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  describe('single sign-on in Chromium', () => {
    it('Sign in with the provider: its login, then the inbox, as a member made just in time', async () => {
      const context = await h.browser.newContext();
      const page = await context.newPage();
      const violations = await watchCsp(page);
      await page.goto(`${h.relay.httpUrl}/admin`);
      const button = admin(page).getByRole('link', { name: 'Sign in with Acme ID' });
      await button.waitFor();
      await button.click();
      await providerLogin(page, 'ann');
      await admin(page).locator('.connection.open').waitFor();
      assert.equal(new URL(page.url()).pathname, '/admin');
      const session = (await context.cookies()).find((cookie) => cookie.name === '__Host-parley_session');
      assert.ok(session, 'signed in with the session cookie');
      assert.equal(session.httpOnly, true);
      assert.equal(session.sameSite, 'Strict');
      const me = await page.evaluate(async () => (await fetch('/v1/auth/session')).json());
      assert.equal(me.account.email, 'ann@acme.test');
      assert.equal(me.role, 'agent');
      assert.deepEqual(await violations(), []);
      await context.close();
    });

    it('an existing account: the provider alone does not sign in; its password links it once, then the inbox', async () => {
      const context = await h.browser.newContext();
      const page = await context.newPage();
      await page.goto(`${h.relay.httpUrl}/admin`);
      await admin(page).getByRole('link', { name: 'Sign in with Acme ID' }).click();
      await providerLogin(page, 'olive');
      await admin(page).getByRole('heading', { name: 'Link your account' }).waitFor();
      assert.equal(new URL(page.url()).hash, '', 'the link token leaves the address bar');
      await admin(page).getByText(owner.email).waitFor();
      const password = admin(page).getByLabel('Password of your account here');
      await password.fill('not the password at all');
      await password.press('Enter');
      await admin(page).getByRole('alert').filter({ hasText: /wrong/i }).waitFor();
      await password.fill(owner.password);
      await password.press('Enter');
      await admin(page).locator('.connection.open').waitFor();
      const me = await page.evaluate(async () => (await fetch('/v1/auth/session')).json());
      assert.equal(me.account.email, owner.email);
      assert.equal(me.role, 'owner');
      await context.close();
    });

    it('a site that requires single sign-on: the password refused on the sign-in page, the provider signs in, sign-out ends the session', async () => {
      const required = await h.api('PUT', '/v1/admin/sso/settings', { requireSso: true });
      assert.equal(required.status, 200, JSON.stringify(required.body));
      const context = await h.browser.newContext();
      const page = await context.newPage();
      try {
        await page.goto(`${h.relay.httpUrl}/admin`);
        const signIn = admin(page).locator('chat-admin-sign-in');
        await signIn.locator('#email').waitFor();
        // The right password of a member: refused, with the way in said; no session.
        await signIn.locator('#email').fill(owner.email);
        await signIn.locator('#password').fill(owner.password);
        await signIn.locator('#password').press('Enter');
        await signIn
          .locator('#sign-in-error')
          .filter({ hasText: /signs in through its identity provider/ })
          .waitFor();
        assert.equal((await context.cookies()).filter((cookie) => cookie.name === '__Host-parley_session').length, 0);
        // The provider's button signs the same member in (linked by the test before).
        await admin(page).getByRole('link', { name: 'Sign in with Acme ID' }).click();
        await providerLogin(page, 'olive');
        await admin(page).locator('.connection.open').waitFor();
        assert.equal(
          (await page.evaluate(async () => (await fetch('/v1/auth/session')).json())).account.email,
          owner.email,
        );
        // Signing out: the session ends on the relay, not only in this page.
        await admin(page).locator('#account-button').click();
        await admin(page).getByRole('button', { name: 'Sign out' }).click();
        await admin(page).getByRole('link', { name: 'Sign in with Acme ID' }).waitFor();
        // The page shows the sign-in as it asks the relay to end the session: asked until it has.
        await until(
          async () => (await page.evaluate(async () => (await fetch('/v1/auth/session')).status)) === 401,
          'the session ended on the relay',
          5_000,
        );
        assert.equal((await context.cookies()).filter((cookie) => cookie.name === '__Host-parley_session').length, 0);
      } finally {
        await context.close();
        assert.equal((await h.api('PUT', '/v1/admin/sso/settings', { requireSso: false })).status, 200);
      }
    });
  });
});

// End-to-end: SAML 2.0 single sign-on (issue #41) in real Chromium, against a real relay and a real SAML IdP on
// loopback (`saml-idp.ts`: a login page, then an auto-submitting form that POSTs the signed response to the ACS):
// the sign-in page's "Sign in with …" button, the IdP's page, back into the inbox signed in (a member made just in
// time).
describe('sso-saml', () => {
  let h: AdminHarness;
  let dns: TestDnsServer;
  let idp: SamlTestIdp;

  before(async () => {
    buildWidget();
    dns = await startDnsServer();
    h = await startAdminHarness({ ssoAllowHttp: true, ssoAllowPrivate: true, dnsServers: [dns.address] });
    const setup = await fetch(`${h.relay.httpUrl}/v1/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token: /#setup=(.+)$/.exec(h.relay.setupLink!)![1],
        email: 'olive@acme.test',
        name: 'Olive Owner',
        password: 'correct horse battery staple',
      }),
    });
    assert.equal(setup.status, 200);
    idp = await startSamlIdp({ users: { ann: { email: 'ann@acme.test', name: 'Ann Agent' } } });
    const made = await h.api('POST', '/v1/admin/sso/providers', {
      kind: 'saml',
      name: 'Acme SAML',
      idpEntityId: idp.entityId,
      ssoUrl: idp.ssoUrl,
      idpCertificate: idp.certificate,
      allowedDomains: ['acme.test'],
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    // Its domain verified in DNS, as a site's admin does, so that it makes members just in time.
    await verifySiteDomains((method, path, body) => h.api(method, path, body), dns);
    idp.sp = { acsUrl: made.body.acsUrl, entityId: made.body.spEntityId };
  });
  after(async () => {
    await dns?.close();
    await h?.close();
    await idp?.close();
  });

  describe('SAML single sign-on in Chromium', () => {
    it('Sign in with the SAML provider: the IdP’s page, its form POSTed back, then the inbox as a new member', async () => {
      const context = await h.browser.newContext();
      const page = await context.newPage();
      const violations = await watchCsp(page);
      await page.goto(`${h.relay.httpUrl}/admin`);
      const button = admin(page).getByRole('link', { name: 'Sign in with Acme SAML' });
      await button.waitFor();
      await button.click();
      await page.getByRole('heading', { name: 'Test IdP' }).waitFor();
      assert.equal(`${new URL(page.url()).origin}${new URL(page.url()).pathname}`, idp.ssoUrl, 'at the IdP');
      assert.ok(new URL(page.url()).searchParams.get('SAMLRequest'), 'an AuthnRequest by HTTP-Redirect');
      await page.getByLabel('Login').fill('ann');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await admin(page).locator('.connection.open').waitFor();
      assert.equal(new URL(page.url()).pathname, '/admin');
      assert.equal(new URL(page.url()).hash, '', 'no refusal in the address');
      const session = (await context.cookies()).find((cookie) => cookie.name === '__Host-parley_session');
      assert.ok(session, 'signed in with the session cookie');
      const me = await page.evaluate(async () => (await fetch('/v1/auth/session')).json());
      assert.equal(me.account.email, 'ann@acme.test');
      assert.equal(me.account.name, 'Ann Agent');
      assert.equal(me.role, 'agent');
      assert.deepEqual(await violations(), []);
      await context.close();
    });
  });
});
