// End-to-end: single sign-on (issue #41) in real Chromium, against a real relay and a real OpenID provider on
// loopback (`oidc-provider`, its development login pages): the sign-in page's "Sign in with …" button, the provider's
// login and consent, back into the inbox signed in (a member made just in time); an existing account linked once
// with its password; and a site that requires single sign-on: the password form refused, the provider's way in,
// and signing out ending the session.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { buildWidget, startAdminHarness, watchCsp, type AdminHarness } from '../support/admin-harness.js';
import { startDnsServer, verifySiteDomains, type TestDnsServer } from '../support/dns-server.js';
import { until } from '../support/e2e.js';
import { startIdp, type TestIdp } from '../support/oidc-idp.js';

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

const admin = (page: Page) => page.locator('chat-admin');

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
