// End-to-end: SAML 2.0 single sign-on (issue #41) in real Chromium, against a real relay and a real SAML IdP on
// loopback (`saml-idp.ts`: a login page, then an auto-submitting form that POSTs the signed response to the ACS):
// the sign-in page's "Sign in with …" button, the IdP's page, back into the inbox signed in (a member made just in
// time).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { buildWidget, startAdminHarness, watchCsp, type AdminHarness } from '../support/admin-harness.js';
import { startDnsServer, verifySiteDomains, type TestDnsServer } from '../support/dns-server.js';
import { startSamlIdp, type SamlTestIdp } from '../support/saml-idp.js';

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

const admin = (page: Page) => page.locator('chat-admin');

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
