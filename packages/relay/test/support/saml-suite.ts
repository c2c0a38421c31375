/**
 * SAML 2.0 single sign-on's suite (issue #41, docs/accounts.md, "Single sign-on"), run on SQLite
 * (`test/sso-saml.test.ts`) and PostgreSQL (`test-services/sso-saml-postgres.test.ts`): a real relay on port 0 and a
 * real SAML IdP on loopback (`saml-idp.ts`: its key and certificate made for the run, assertions signed with
 * xml-crypto), through its login page, with a cookie jar across both.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { StartOptions } from '../../src/index.js';
import { Browser, fragmentToken } from './auth-browser.js';
import { startDnsServer, verifySiteDomains, type TestDnsServer } from './dns-server.js';
import { startDesk, type Desk } from './desk.js';
import { RedirectBrowser } from './oidc-idp.js';
import { autoPostedForm, startSamlIdp, type SamlTamper, type SamlTestIdp } from './saml-idp.js';

const users = {
  ann: { email: 'ann@acme.test', name: 'Ann Agent' },
  bob: { email: 'bob@acme.test', name: 'Bob' },
  carl: { email: 'carl@acme.test', name: 'Carl' },
  owner: { email: 'owner@acme.test', name: 'Olive' },
  eve: { email: 'eve@evil.test', name: 'Eve' },
};

const ownerPassword = 'correct horse battery staple';

/** The suite, on the store `options` name (`{}`: SQLite in the desk's temp dir). */
export function samlSuite(name: string, options: () => Promise<StartOptions> | StartOptions): void {
  describe(`SAML single sign-on (${name}) through a real IdP on loopback`, () => {
    let relay: Desk;
    let idp: SamlTestIdp;
    let dns: TestDnsServer;
    let owner: Browser;
    let provider: { id: string; acsUrl: string; spEntityId: string; metadataUrl: string };

    /**
     * A browser that starts a sign-in, logs in at the IdP as `login`, and POSTs the IdP's answer to the ACS.
     * Resolves where the relay sent it, and what was posted (to post it again).
     */
    const signIn = async (login: string, browser = new RedirectBrowser()) => {
      const started = await browser.request(`${relay.httpUrl}/v1/sso/start/${provider.id}`);
      assert.equal(started.status, 302);
      const page = await (await browser.request(started.headers.get('location')!)).text();
      const key = /name="request" value="([^"]+)"/.exec(page)?.[1];
      assert.ok(key, page);
      const answered = await browser.request(`${idp.ssoUrl.replace(/\/sso$/, '')}/login`, {
        method: 'POST',
        form: { request: key, login },
      });
      const posted = autoPostedForm(await answered.text());
      const response = await browser.request(posted.action, {
        method: 'POST',
        form: { SAMLResponse: posted.samlResponse },
      });
      return { location: response.headers.get('location') ?? '', browser, posted };
    };

    const sessionOf = async (browser: RedirectBrowser): Promise<{ status: number; body: any }> => {
      const response = await browser.request(`${relay.httpUrl}/v1/auth/session`);
      return { status: response.status, body: await response.json() };
    };

    const accountExists = async (email: string): Promise<boolean> =>
      (await relay.accounts!.repos.accounts.findAccountByEmail(email)) !== undefined;

    /** A sign-in the relay must refuse: no session, no account made. */
    const refused = async (tamper: SamlTamper, login: 'carl' = 'carl') => {
      idp.tamper = tamper;
      try {
        const { location, browser } = await signIn(login);
        assert.equal(location, '/admin#sso-error=sso_failed');
        assert.equal(browser.cookies.get('__Host-parley_session'), undefined, 'no session');
        assert.equal(await accountExists(users[login].email), false, 'no account made');
      } finally {
        idp.tamper = undefined;
      }
    };

    before(async () => {
      relay = await startDesk({
        ...(await options()),
        ssoAllowHttp: true,
        ssoAllowPrivate: true,
        dnsServers: [(dns = await startDnsServer()).address],
        ipRateLimitPerSecond: 0,
        adminRateLimitBurst: 0,
        authLimits: { addressBurst: 1000, addressPerSecond: 100, accountBurst: 1000, accountPerSecond: 100 },
      });
      owner = new Browser(relay);
      const setup = await owner.call('POST', '/v1/auth/setup', {
        token: fragmentToken(relay.setupLink!, 'setup'),
        email: users.owner.email,
        name: 'Olive',
        password: ownerPassword,
      });
      assert.equal(setup.status, 200);
      idp = await startSamlIdp({ users });
    });
    after(async () => {
      await relay?.close();
      await idp?.close();
      await dns?.close();
    });

    it('an admin adds a SAML provider; a certificate that does not parse or a field of OpenID is refused', async () => {
      const base = {
        kind: 'saml',
        name: 'Acme SAML',
        idpEntityId: idp.entityId,
        ssoUrl: idp.ssoUrl,
        idpCertificate: idp.certificate,
        allowedDomains: ['acme.test'],
      };
      const badCertificate = await owner.call('POST', '/v1/admin/sso/providers', {
        ...base,
        idpCertificate: '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----',
      });
      assert.equal(badCertificate.status, 400);
      assert.match(badCertificate.body.error.message, /^Invalid body\.idpCertificate: /);
      const key = await owner.call('POST', '/v1/admin/sso/providers', {
        ...base,
        idpCertificate: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
      });
      assert.equal(key.status, 400);
      const withIssuer = await owner.call('POST', '/v1/admin/sso/providers', { ...base, issuer: idp.entityId });
      assert.equal(withIssuer.status, 400);
      assert.match(withIssuer.body.error.message, /issuer/);
      const badSsoUrl = await owner.call('POST', '/v1/admin/sso/providers', { ...base, ssoUrl: 'ftp://idp.test/sso' });
      assert.equal(badSsoUrl.status, 400);
      assert.match(badSsoUrl.body.error.message, /ssoUrl/);
      const badKind = await owner.call('POST', '/v1/admin/sso/providers', { ...base, kind: 'ldap' });
      assert.equal(badKind.status, 400);
      assert.match(badKind.body.error.message, /^Invalid body\.kind: one of oidc, saml\.$/);
      assert.deepEqual((await owner.call('GET', '/v1/admin/sso/providers')).body.items, [], 'nothing stored');

      // The bare base64 of the certificate, as metadata shows it, is kept as PEM.
      const bare = idp.certificate.replace(/-----[A-Z ]+-----|\s/g, '');
      const made = await owner.call('POST', '/v1/admin/sso/providers', { ...base, idpCertificate: bare });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const id: string = made.body.id;
      assert.equal(made.body.kind, 'saml');
      assert.equal(made.body.idpCertificate.replace(/\s/g, ''), idp.certificate.replace(/\s/g, ''));
      assert.equal(made.body.spEntityId, `${relay.httpUrl}/v1/sso/saml/${id}/metadata`);
      assert.equal(made.body.metadataUrl, made.body.spEntityId);
      assert.equal(made.body.acsUrl, `${relay.httpUrl}/v1/sso/saml/${id}/acs`);
      assert.ok(made.body.idpCertificateExpiresAt > Date.now());
      assert.ok(!('clientSecret' in made.body) && !('issuer' in made.body));
      provider = { id, acsUrl: made.body.acsUrl, spEntityId: made.body.spEntityId, metadataUrl: made.body.metadataUrl };
      idp.sp = { acsUrl: provider.acsUrl, entityId: provider.spEntityId };
      // Its domain verified as a site's admin does, so that it makes accounts just in time.
      await verifySiteDomains((m, p, b) => owner.call(m, p, b), dns);

      const patchIssuer = await owner.call('PATCH', `/v1/admin/sso/providers/${id}`, { clientSecret: 'x' });
      assert.equal(patchIssuer.status, 400);
      const patchCertificate = await owner.call('PATCH', `/v1/admin/sso/providers/${id}`, { idpCertificate: 'nope' });
      assert.equal(patchCertificate.status, 400);
      assert.match(patchCertificate.body.error.message, /idpCertificate/);
      const checked = await owner.call('POST', `/v1/admin/sso/providers/${id}/check`);
      assert.deepEqual(checked.body, {
        ok: true,
        problem: null,
        authorizationEndpoint: idp.ssoUrl,
        backChannelLogoutSupported: false,
      });
    });

    it('serves the SP metadata publicly: the entity id, the ACS (HTTP-POST), assertions wanted signed', async () => {
      const response = await fetch(provider.metadataUrl);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^application\/samlmetadata\+xml/);
      const xml = await response.text();
      assert.ok(xml.includes(`entityID="${provider.spEntityId}"`), xml);
      assert.match(xml, /WantAssertionsSigned="true"/);
      assert.ok(
        xml.includes(`Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${provider.acsUrl}"`),
        xml,
      );
      assert.equal((await fetch(`${relay.httpUrl}/v1/sso/saml/sso_nothing/metadata`)).status, 404);
    });

    it('the sign-in page lists it as it lists any provider', async () => {
      const body = (await (await fetch(`${relay.httpUrl}/v1/sso/providers`)).json()) as { items: unknown[] };
      assert.deepEqual(body.items, [{ id: provider.id, name: 'Acme SAML', start: `/v1/sso/start/${provider.id}` }]);
    });

    it('starts with an AuthnRequest by HTTP-Redirect, bound to the browser by a SameSite=None cookie', async () => {
      const browser = new RedirectBrowser();
      const started = await browser.request(`${relay.httpUrl}/v1/sso/start/${provider.id}`);
      assert.equal(started.status, 302);
      const url = new URL(started.headers.get('location')!);
      assert.equal(`${url.origin}${url.pathname}`, idp.ssoUrl);
      assert.ok(url.searchParams.get('SAMLRequest'));
      assert.match(
        started.headers.get('set-cookie') ?? '',
        /^__Host-parley_saml=[A-Za-z0-9_-]+; Path=\/; HttpOnly; Secure; SameSite=None; Max-Age=600$/,
      );
    });

    it('just in time: an email of an allowed domain becomes a member with the default role', async () => {
      assert.equal(await accountExists(users.ann.email), false);
      const { location, browser } = await signIn('ann');
      assert.equal(location, '/admin');
      const session = await sessionOf(browser);
      assert.equal(session.status, 200);
      assert.equal(session.body.account.email, 'ann@acme.test');
      assert.equal(session.body.account.name, 'Ann Agent');
      assert.equal(session.body.role, 'agent');
      const again = await signIn('ann');
      assert.equal(again.location, '/admin');
      assert.equal((await sessionOf(again.browser)).body.account.id, session.body.account.id);
    });

    it('the SAML library runs on a thread of its own: after sign-ins, the relay’s thread has not loaded it', () => {
      // The relay runs in this process: a module of node-saml in its CommonJS cache would be on the event loop.
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((path) =>
        path.includes('/@node-saml/node-saml/'),
      );
      assert.deepEqual(loaded, []);
    });

    it('a replayed response is refused: the request it answers was used, and its assertion id was seen', async () => {
      const first = await signIn('ann');
      assert.equal(first.location, '/admin');
      const replay = new RedirectBrowser();
      for (const [cookie, value] of first.browser.cookies)
        if (cookie !== '__Host-parley_session') replay.cookies.set(cookie, value);
      const again = await replay.request(first.posted.action, {
        method: 'POST',
        form: { SAMLResponse: first.posted.samlResponse },
      });
      assert.equal(again.headers.get('location'), '/admin#sso-error=sso_failed');
      assert.equal(replay.cookies.get('__Host-parley_session'), undefined);
      // A new sign-in (its own request) whose assertion reuses an id accepted before: the replay store refuses it.
      const [seen] = await relay
        .use('sso')!
        .repository.db.all<{ id: string; expires_at: number | string }>(
          "SELECT id, expires_at FROM sso_saml_seen WHERE id LIKE '% assertion %' ORDER BY expires_at DESC LIMIT 1",
        );
      assert.ok(seen, 'the assertion id is kept');
      assert.ok(Number(seen.expires_at) > Date.now(), 'until it expires');
      await refused({ assertionId: seen.id.split(' ').pop()! });
    });

    describe('a response the relay must refuse', () => {
      it('an unsigned assertion', () => refused({ unsigned: true }));
      it('signed by another key', () => refused({ foreignKey: true }));
      it('another audience', () => refused({ audience: 'https://another-sp.example/metadata' }));
      it('expired (NotOnOrAfter past the two minutes of skew)', () => refused({ shiftMs: -10 * 60_000 }));
      it('not yet valid (NotBefore beyond the two minutes of skew)', () => refused({ shiftMs: 5 * 60_000 }));
      it('InResponseTo of no request the relay made', () => refused({ inResponseTo: '_not-a-request-of-ours' }));
      it('no InResponseTo on the response (one the provider sent unasked)', () => refused({ noInResponseTo: true }));
      it('the subject’s InResponseTo another request than the response’s', () =>
        refused({ subjectInResponseTo: '_not-a-request-of-ours' }));
      it('another Recipient', () => refused({ recipient: 'https://another-sp.example/acs' }));
      it('another Issuer', () => refused({ issuer: 'https://another-idp.example' }));

      it('within the skew: a minute ahead is accepted', async () => {
        idp.tamper = { shiftMs: 60_000 };
        try {
          assert.equal((await signIn('ann')).location, '/admin');
        } finally {
          idp.tamper = undefined;
        }
      });

      it('a response brought to another browser than the one that started the sign-in (login CSRF)', async () => {
        const started = await signIn('carl', new RedirectBrowser());
        assert.equal(started.location, '/admin', 'the real browser signs in');
        // The attacker's own sign-in, posted from the victim's browser (no binding cookie there).
        const attacker = new RedirectBrowser();
        const begun = await attacker.request(`${relay.httpUrl}/v1/sso/start/${provider.id}`);
        const page = await (await attacker.request(begun.headers.get('location')!)).text();
        const key = /name="request" value="([^"]+)"/.exec(page)![1]!;
        const answer = await attacker.request(`${idp.ssoUrl.replace(/\/sso$/, '')}/login`, {
          method: 'POST',
          form: { request: key, login: 'ann' },
        });
        const posted = autoPostedForm(await answer.text());
        const victim = new RedirectBrowser();
        const response = await victim.request(posted.action, {
          method: 'POST',
          form: { SAMLResponse: posted.samlResponse },
        });
        assert.equal(response.headers.get('location'), '/admin#sso-error=sso_failed');
        assert.equal(victim.cookies.get('__Host-parley_session'), undefined);
      });
    });

    it('an email outside the allowed domains is refused', async () => {
      const { location, browser } = await signIn('eve');
      assert.equal(location, '/admin#sso-error=sso_refused');
      assert.equal(browser.cookies.get('__Host-parley_session'), undefined);
      assert.equal(await accountExists(users.eve.email), false);
    });

    it('an existing account links only after its password: without it, nothing is linked', async () => {
      const { location, browser } = await signIn('owner');
      assert.match(location, /^\/admin#sso-link=sl_[A-Za-z0-9_-]+$/);
      assert.equal(browser.cookies.get('__Host-parley_session'), undefined, 'the IdP alone signs nobody in');
      const token = fragmentToken(location, 'sso-link');
      // Another browser with the token links nothing; the inbox's page in the browser the IdP answered to does.
      const elsewhere = new Browser(relay);
      assert.equal((await elsewhere.call('POST', '/v1/sso/link', { token, password: ownerPassword })).status, 404);
      const linker = new Browser(relay);
      linker.cookie = `__Host-parley_sso_link=${browser.cookies.get('__Host-parley_sso_link')}`;
      const inspected = await linker.call('POST', '/v1/sso/link/inspect', { token });
      assert.deepEqual(inspected.body, {
        email: 'owner@acme.test',
        provider: 'Acme SAML',
        site: 'Parley demo',
        totpRequired: false,
      });
      const wrong = await linker.call('POST', '/v1/sso/link', { token, password: 'not the password at all' });
      assert.equal(wrong.status, 401);
      assert.ok(!linker.cookie?.startsWith('__Host-parley_session'));
      assert.match((await signIn('owner')).location, /#sso-link=/, 'still not linked');
      const linked = await linker.call('POST', '/v1/sso/link', { token, password: ownerPassword });
      assert.equal(linked.status, 200, JSON.stringify(linked.body));
      assert.equal(linked.body.role, 'owner');
      const direct = await signIn('owner');
      assert.equal(direct.location, '/admin');
      assert.equal((await sessionOf(direct.browser)).body.role, 'owner');
    });

    it('a site that requires SSO refuses passwords; the SAML provider still signs in', async () => {
      const required = await owner.call('PUT', '/v1/admin/sso/settings', { requireSso: true });
      assert.equal(required.status, 200, JSON.stringify(required.body));
      const password = await new Browser(relay).call('POST', '/v1/auth/login', {
        email: users.owner.email,
        password: ownerPassword,
      });
      assert.equal(password.status, 403);
      assert.equal(password.body.error.code, 'sso_required');
      assert.equal((await signIn('owner')).location, '/admin');
      const disable = await owner.call('PATCH', `/v1/admin/sso/providers/${provider.id}`, { enabled: false });
      assert.equal(disable.status, 409, 'the last enabled provider stays');
    });

    it('a deactivated member is refused at the next SAML sign-in', async () => {
      assert.equal((await signIn('bob')).location, '/admin');
      const team = await owner.call('GET', '/v1/admin/team');
      const bob = (team.body.items as { id: string; email: string }[]).find((m) => m.email === 'bob@acme.test');
      assert.ok(bob);
      assert.equal((await owner.call('PATCH', `/v1/admin/team/${bob.id}`, { active: false })).status, 200);
      const { location, browser } = await signIn('bob');
      assert.equal(location, '/admin#sso-error=sso_refused');
      assert.equal(browser.cookies.get('__Host-parley_session'), undefined);
    });

    it('the OpenID routes refuse a SAML provider', async () => {
      const callback = await fetch(`${relay.httpUrl}/v1/sso/callback/${provider.id}?state=x&code=y`, {
        redirect: 'manual',
      });
      assert.equal(callback.headers.get('location'), '/admin#sso-error=sso_failed');
      const logout = await fetch(`${relay.httpUrl}/v1/sso/backchannel-logout/${provider.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'logout_token=x.y.z',
      });
      assert.equal(logout.status, 400);
    });
  });
}
