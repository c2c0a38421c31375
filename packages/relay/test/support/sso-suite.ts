/**
 * Single sign-on's suite (issue #41, docs/accounts.md, "Single sign-on"), run on SQLite (`test/sso.test.ts`) and
 * PostgreSQL (`test-services/sso-postgres.test.ts`): a real relay on port 0 and a real OpenID provider on loopback
 * (`oidc-provider`), through its login pages, with a cookie jar across both.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StartOptions } from '../../src/index.js';
import type { Desk } from './desk.js';
import { adminToken, startDesk } from './desk.js';
import { startDnsServer, verifySiteDomains, type TestDnsServer } from './dns-server.js';
import { Browser, fragmentToken } from './auth-browser.js';
import { runCli } from './cli.js';
import { RedirectBrowser, startIdp, type TestIdp } from './oidc-idp.js';

const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

const users = {
  ann: { email: 'ann@acme.test', email_verified: true, name: 'Ann Agent' },
  bob: { email: 'bob@acme.test', email_verified: true, name: 'Bob' },
  carl: { email: 'carl@acme.test', email_verified: true, name: 'Carl' },
  owner: { email: 'owner@acme.test', email_verified: true, name: 'Olive' },
  uma: { email: 'uma@acme.test', email_verified: false, name: 'Uma' },
  eve: { email: 'eve@evil.test', email_verified: true, name: 'Eve' },
};

const ownerPassword = 'correct horse battery staple';

/** The suite, on the store `options` name (`{}`: SQLite in the desk's temp dir). */
export function ssoSuite(name: string, options: () => Promise<StartOptions> | StartOptions): void {
  describe(`single sign-on (${name}) through a real OpenID provider on loopback`, () => {
    let relay: Desk;
    let store: StartOptions;
    let idp: TestIdp;
    let dns: TestDnsServer;
    let providerId = '';
    let owner: Browser;

    /** A browser that signs in as `login` at the provider; resolves the callback and where it led. */
    const signIn = async (login: string, browser = new RedirectBrowser()) => {
      const result = await browser.signIn(`${relay.httpUrl}/v1/sso/start/${providerId}`, login);
      return { ...result, browser };
    };

    /** The session the browser's cookie opens, or the status of the refusal. */
    const sessionOf = async (browser: RedirectBrowser): Promise<{ status: number; body: any }> => {
      const response = await browser.request(`${relay.httpUrl}/v1/auth/session`);
      return { status: response.status, body: await response.json() };
    };

    /** A JSON call of the inbox's page in `browser` (its cookies, the relay's origin unless `headers` say). */
    const linkCall = async (
      browser: RedirectBrowser,
      path: string,
      body: unknown,
      headers: Record<string, string> = {},
    ): Promise<{ status: number; body: any }> => {
      const response = await fetch(`${relay.httpUrl}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: relay.httpUrl,
          cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          ...headers,
        },
        body: JSON.stringify(body),
      });
      const session = /__Host-parley_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '');
      if (session) browser.cookies.set('__Host-parley_session', session[1]!);
      return { status: response.status, body: await response.json() };
    };

    const accountExists = async (email: string): Promise<boolean> =>
      (await relay.accounts!.repos.accounts.findAccountByEmail(email)) !== undefined;

    before(async () => {
      store = await options();
      relay = await startDesk({
        ...store,
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
    });
    after(async () => {
      await relay?.close();
      await idp?.close();
      await dns?.close();
    });

    it('an admin adds a provider: its secret is sealed at rest and never answered', async () => {
      const refused = await owner.call('POST', '/v1/admin/sso/providers', {
        name: 'Acme',
        issuer: 'ftp://idp.example',
        clientId: 'x',
        clientSecret: 'y',
        allowedDomains: ['acme.test'],
      });
      assert.equal(refused.status, 400);
      // The provider first (its redirect URI names it), then the identity provider registers that URI.
      const made = await owner.call('POST', '/v1/admin/sso/providers', {
        name: 'Acme SSO',
        issuer: 'http://127.0.0.1:9',
        clientId: 'parley',
        clientSecret: 'placeholder-secret',
        allowedDomains: ['acme.test'],
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      providerId = made.body.id;
      assert.equal(made.body.redirectUri, `${relay.httpUrl}/v1/sso/callback/${providerId}`);
      idp = await startIdp({ users, redirectUri: made.body.redirectUri });
      const patched = await owner.call('PATCH', `/v1/admin/sso/providers/${providerId}`, {
        issuer: idp.issuer,
        clientSecret: idp.clientSecret,
      });
      assert.equal(patched.status, 200);
      assert.deepEqual(patched.body.scopes, ['email', 'profile']);
      assert.equal(patched.body.defaultRole, 'agent');
      for (const answer of [made, patched, await owner.call('GET', '/v1/admin/sso/providers')]) {
        const text = JSON.stringify(answer.body);
        assert.ok(!text.includes(idp.clientSecret) && !text.includes('placeholder-secret'), 'no secret answered');
        assert.ok(!('clientSecret' in (answer.body.items?.[0] ?? answer.body)));
      }
      const [row] = await relay
        .use('sso')!
        .repository.db.all<{ client_secret_sealed: string }>(
          'SELECT client_secret_sealed FROM sso_providers WHERE id = ?',
          [providerId],
        );
      assert.ok(row!.client_secret_sealed.startsWith('sealed:v1:'), 'sealed with the data key');
      assert.ok(!row!.client_secret_sealed.includes(idp.clientSecret));
      const checked = await owner.call('POST', `/v1/admin/sso/providers/${providerId}/check`);
      assert.equal(checked.status, 200);
      assert.equal(checked.body.ok, true, checked.body.problem);
      assert.equal(checked.body.backChannelLogoutSupported, true);
      const audit = await owner.call('GET', '/v1/admin/audit?limit=50');
      assert.ok(!JSON.stringify(audit.body).includes(idp.clientSecret), 'no secret in the audit log');
    });

    it('an agent may not see or change providers', async () => {
      const agent = await relay.agent('Agent');
      for (const [method, path] of [
        ['GET', '/v1/admin/sso/providers'],
        ['GET', '/v1/admin/sso/settings'],
        ['DELETE', `/v1/admin/sso/providers/${providerId}`],
      ] as const)
        assert.equal((await relay.call(method, path, undefined, agent.token)).status, 403, `${method} ${path}`);
    });

    it('the sign-in page lists the provider publicly: a name and a start address, nothing secret', async () => {
      const listed = await fetch(`${relay.httpUrl}/v1/sso/providers`);
      assert.equal(listed.status, 200);
      assert.equal(listed.headers.get('cache-control'), 'no-store');
      const body = (await listed.json()) as { items: Record<string, unknown>[] };
      assert.deepEqual(body.items, [{ id: providerId, name: 'Acme SSO', start: `/v1/sso/start/${providerId}` }]);
    });

    it('starts with PKCE (S256), a state and a nonce, nothing secret in the address, bound to the browser', async () => {
      const browser = new RedirectBrowser();
      const started = await browser.request(`${relay.httpUrl}/v1/sso/start/${providerId}`);
      assert.equal(started.status, 302);
      const url = new URL(started.headers.get('location')!);
      assert.equal(url.origin, idp.issuer);
      assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
      assert.match(url.searchParams.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
      assert.ok(url.searchParams.get('state') && url.searchParams.get('nonce'));
      assert.equal(url.searchParams.get('scope'), 'openid email profile');
      assert.equal(url.searchParams.get('redirect_uri'), `${relay.httpUrl}/v1/sso/callback/${providerId}`);
      assert.ok(!url.href.includes(idp.clientSecret));
      const cookie = started.headers.get('set-cookie') ?? '';
      assert.match(cookie, /^__Host-parley_sso=[A-Za-z0-9_-]+; Path=\/; HttpOnly; Secure; SameSite=Lax; Max-Age=600$/);
      // What is kept server-side: the state by its hash, the verifier sealed.
      const [flow] = await relay
        .use('sso')!
        .repository.db.all<{ state_hash: string; verifier_sealed: string }>(
          'SELECT state_hash, verifier_sealed FROM sso_flows ORDER BY created_at DESC LIMIT 1',
        );
      assert.notEqual(flow!.state_hash, url.searchParams.get('state'));
      assert.ok(flow!.verifier_sealed.startsWith('sealed:v1:'));
    });

    it('an allowed domain makes accounts just in time only once the site verified it in DNS', async () => {
      const unverified = await signIn('ann');
      assert.equal(unverified.location, '/admin#sso-error=sso_refused');
      assert.equal(await accountExists(users.ann.email), false, 'no account for a domain not verified');
      const listed = await owner.call('GET', '/v1/admin/sso/domains');
      assert.equal(listed.status, 200);
      const [claim] = listed.body.items;
      assert.equal(claim.domain, 'acme.test');
      assert.equal(claim.verified, false);
      assert.equal(claim.record.name, '_parley.acme.test');
      assert.match(claim.record.value, /^parley-domain-verification=pdv_[\w-]+$/);
      // Not published yet: not verified, and nothing changes.
      const early = await owner.call('POST', '/v1/admin/sso/domains/verify', { domain: 'acme.test' });
      assert.equal(early.status, 200);
      assert.equal(early.body.verified, false);
      dns.txt.set('acme.test', ['parley-domain-verification=someone-elses-token']);
      assert.equal(
        (await owner.call('POST', '/v1/admin/sso/domains/verify', { domain: 'acme.test' })).body.verified,
        false,
      );
      assert.ok(dns.asked.includes('_parley.acme.test') && dns.asked.includes('acme.test'), 'both names were asked');
      const unknown = await owner.call('POST', '/v1/admin/sso/domains/verify', { domain: 'other.test' });
      assert.equal(unknown.status, 404);
      const extra = await owner.call('POST', '/v1/admin/sso/domains/verify', { domain: 'acme.test', site: 'x' });
      assert.equal(extra.status, 400);
      assert.match(extra.body.error.message, /site/);
      assert.deepEqual(await verifySiteDomains((m, p, b) => owner.call(m, p, b), dns), ['acme.test']);
      const audit = await owner.call('GET', '/v1/admin/audit?limit=20');
      assert.ok(JSON.stringify(audit.body).includes('sso.domain_verify'));
    });

    it('just in time: a verified email of an allowed domain becomes a member with the default role', async () => {
      assert.equal(await accountExists(users.ann.email), false);
      const { location, browser } = await signIn('ann');
      assert.equal(location, '/admin');
      const session = await sessionOf(browser);
      assert.equal(session.status, 200);
      assert.equal(session.body.account.email, 'ann@acme.test');
      assert.equal(session.body.account.name, 'Ann Agent');
      assert.equal(session.body.role, 'agent');
      assert.equal(session.body.site.id, 'default');
      const team = await owner.call('GET', '/v1/admin/team');
      assert.ok(JSON.stringify(team.body).includes('ann@acme.test'));
      assert.deepEqual(team.body.invitations, [], 'no invitation left pending');
      // The session cookie is the one a password sign-in sets.
      assert.match(browser.cookies.get('__Host-parley_session') ?? '', /^ps_/);
      // A second sign-in finds the same account.
      const again = await signIn('ann');
      assert.equal(again.location, '/admin');
      assert.equal((await sessionOf(again.browser)).body.account.id, session.body.account.id);
    });

    it('a replayed callback (its state used) is refused and signs nobody in', async () => {
      const first = await signIn('ann');
      assert.equal(first.location, '/admin');
      const replay = new RedirectBrowser();
      for (const [name, value] of first.browser.cookies)
        if (name !== '__Host-parley_session') replay.cookies.set(name, value);
      const response = await replay.request(first.callbackUrl);
      assert.equal(response.headers.get('location'), '/admin#sso-error=sso_failed');
      assert.equal(replay.cookies.get('__Host-parley_session'), undefined);
    });

    it('a wrong state is refused, and leaves the real sign-in usable', async () => {
      const browser = new RedirectBrowser();
      const { callbackUrl } = await browser.signIn(`${relay.httpUrl}/v1/sso/start/${providerId}`, 'ann', 'callback');
      const wrong = new URL(callbackUrl);
      wrong.searchParams.set('state', 'not-the-state-of-this-sign-in');
      const refused = await browser.request(wrong.href);
      assert.equal(refused.headers.get('location'), '/admin#sso-error=sso_failed');
      assert.equal(browser.cookies.get('__Host-parley_session'), undefined);
      const real = await browser.request(callbackUrl);
      assert.equal(real.headers.get('location'), '/admin');
    });

    it('a callback in another browser than the one that started it is refused (login CSRF)', async () => {
      const victim = new RedirectBrowser();
      const { callbackUrl } = await new RedirectBrowser().signIn(
        `${relay.httpUrl}/v1/sso/start/${providerId}`,
        'ann',
        'callback',
      );
      const response = await victim.request(callbackUrl);
      assert.equal(response.headers.get('location'), '/admin#sso-error=sso_failed');
      assert.equal(victim.cookies.get('__Host-parley_session'), undefined);
    });

    describe('an ID token the relay must refuse (re-signed by the provider’s own key, one claim wrong)', () => {
      const cases: [string, (claims: Record<string, unknown>) => Record<string, unknown>][] = [
        ['wrong audience', (c) => ({ ...c, aud: 'another-client' })],
        [
          'expired',
          (c) => ({ ...c, iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }),
        ],
        ['wrong nonce', (c) => ({ ...c, nonce: 'a-nonce-of-another-sign-in' })],
        ['wrong issuer', (c) => ({ ...c, iss: 'http://127.0.0.1:9' })],
      ];
      for (const [name, tamper] of cases)
        it(name, async () => {
          idp.tamper = tamper;
          try {
            const { location, browser } = await signIn('carl');
            assert.equal(location, '/admin#sso-error=sso_failed');
            assert.equal(browser.cookies.get('__Host-parley_session'), undefined);
            assert.equal(await accountExists(users.carl.email), false, 'no account made');
          } finally {
            idp.tamper = undefined;
          }
        });

      it('signed by another key', async () => {
        idp.tamper = (c) => c;
        idp.forge = true;
        try {
          const { location } = await signIn('carl');
          assert.equal(location, '/admin#sso-error=sso_failed');
          assert.equal(await accountExists(users.carl.email), false);
        } finally {
          idp.tamper = undefined;
          idp.forge = false;
        }
      });
    });

    it('an unverified email is refused', async () => {
      const { location } = await signIn('uma');
      assert.equal(location, '/admin#sso-error=sso_refused');
      assert.equal(await accountExists(users.uma.email), false);
    });

    it('an email outside the allowed domains is refused', async () => {
      const { location } = await signIn('eve');
      assert.equal(location, '/admin#sso-error=sso_refused');
      assert.equal(await accountExists(users.eve.email), false);
    });

    it('an existing account links only after its password, in the browser the sign-in came back to', async () => {
      const { location, browser } = await signIn('owner');
      assert.match(location, /^\/admin#sso-link=sl_[A-Za-z0-9_-]+$/);
      assert.equal(browser.cookies.get('__Host-parley_session'), undefined, 'the provider alone signs nobody in');
      assert.match(browser.cookies.get('__Host-parley_sso_link') ?? '', /^sk_[\w-]+$/, 'the link is this browser’s');
      const token = fragmentToken(location, 'sso-link');
      const inspected = await linkCall(browser, '/v1/sso/link/inspect', { token });
      assert.equal(inspected.status, 200);
      assert.deepEqual(inspected.body, {
        email: 'owner@acme.test',
        provider: 'Acme SSO',
        site: 'Parley demo',
        totpRequired: false,
      });
      // The token sent to someone else (a victim whose password manager fills the field) links nothing.
      const elsewhere = new Browser(relay);
      assert.equal((await elsewhere.call('POST', '/v1/sso/link/inspect', { token })).status, 404);
      const victim = await elsewhere.call('POST', '/v1/sso/link', { token, password: ownerPassword });
      assert.equal(victim.status, 404, 'another browser: as an unknown link');
      assert.equal(elsewhere.cookie, undefined);
      const foreign = await linkCall(
        browser,
        '/v1/sso/link',
        { token, password: ownerPassword },
        { origin: 'https://evil.example' },
      );
      assert.equal(foreign.status, 403);
      const wrong = await linkCall(browser, '/v1/sso/link', { token, password: 'not the password at all' });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.body.error.code, 'login_failed');
      assert.equal(browser.cookies.get('__Host-parley_session'), undefined);
      // Still not linked: the provider's sign-in asks for the password again.
      assert.match((await signIn('owner')).location, /#sso-link=/);
      const linked = await linkCall(browser, '/v1/sso/link', { token, password: ownerPassword });
      assert.equal(linked.status, 200, JSON.stringify(linked.body));
      assert.equal(linked.body.account.email, 'owner@acme.test');
      assert.equal(linked.body.role, 'owner');
      assert.match(browser.cookies.get('__Host-parley_session') ?? '', /^ps_/);
      const reused = await linkCall(browser, '/v1/sso/link', { token, password: ownerPassword });
      assert.equal(reused.status, 404);
      // From now on the provider signs the owner in.
      const direct = await signIn('owner');
      assert.equal(direct.location, '/admin');
      assert.equal((await sessionOf(direct.browser)).body.role, 'owner');
    });

    it('a site that requires SSO refuses passwords (after checking them), and invitations by password', async () => {
      // A second password session of the owner's: it ends when the requirement is turned on; the caller's stays.
      const other = new Browser(relay);
      assert.equal(
        (await other.call('POST', '/v1/auth/login', { email: users.owner.email, password: ownerPassword })).status,
        200,
      );
      const { browser: viaSso } = await signIn('ann');
      const refused = await owner.call('PUT', '/v1/admin/sso/settings', { requireSso: true });
      assert.equal(refused.status, 200, JSON.stringify(refused.body));
      assert.equal((await other.call('GET', '/v1/auth/session')).status, 401, 'a password session ended');
      assert.equal((await owner.call('GET', '/v1/auth/session')).status, 200, 'the caller’s own stays');
      assert.equal((await sessionOf(viaSso)).status, 200, 'a provider’s session stays');
      const password = await new Browser(relay).call('POST', '/v1/auth/login', {
        email: users.owner.email,
        password: ownerPassword,
      });
      assert.equal(password.status, 403);
      assert.equal(password.body.error.code, 'sso_required');
      // A wrong password still answers as a wrong password: the rule tells nothing to who does not know it.
      const wrong = await new Browser(relay).call('POST', '/v1/auth/login', {
        email: users.owner.email,
        password: 'not the password at all',
      });
      assert.equal(wrong.status, 401);
      const invited = await owner.call('POST', '/v1/admin/team/invitations', { email: 'ivy@acme.test', role: 'agent' });
      assert.equal(invited.status, 201);
      const accept = await new Browser(relay).call('POST', '/v1/auth/invitations/accept', {
        token: fragmentToken(invited.body.link, 'invite'),
        name: 'Ivy',
        password: 'a long enough password',
      });
      assert.equal(accept.status, 403);
      assert.equal(accept.body.error.code, 'sso_required');
      // The provider still signs in.
      assert.equal((await signIn('owner')).location, '/admin');
      // The last enabled provider cannot go while it is required.
      const disable = await owner.call('PATCH', `/v1/admin/sso/providers/${providerId}`, { enabled: false });
      assert.equal(disable.status, 409);
    });

    it('the operator’s break-glass (CLI) lets an owner’s password in for a while, and nobody else’s', async () => {
      const env: Record<string, string> = { PARLEY_DATA_DIR: relay.dataDir };
      if (store.store === 'postgres')
        Object.assign(env, { PARLEY_STORE: 'postgres', PARLEY_DATABASE_URL: store.databaseUrl });
      const agent = await runCli(['account', 'break-glass', '--email', users.ann.email], env);
      assert.equal(agent.code, 64, 'an agent gets none');
      const glass = await runCli(['account', 'break-glass', '--email', users.owner.email, '--minutes', '5'], env);
      assert.equal(glass.code, 0, glass.stderr);
      const login = await new Browser(relay).call('POST', '/v1/auth/login', {
        email: users.owner.email,
        password: ownerPassword,
      });
      assert.equal(login.status, 200, JSON.stringify(login.body));
      const audit = await owner.call('GET', '/v1/admin/audit?limit=20');
      assert.ok(JSON.stringify(audit.body).includes('account.break_glass'));
    });

    it('two-factor is the provider’s business: a site’s 2FA rule does not stop an SSO session', async () => {
      const set = await relay.call('PATCH', '/v1/admin/settings', { require2fa: true });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      try {
        const { browser } = await signIn('ann');
        const session = await sessionOf(browser);
        assert.equal(session.body.require2faSetup, false);
        const conversations = await browser.request(`${relay.httpUrl}/v1/admin/conversations`);
        assert.equal(conversations.status, 200);
      } finally {
        await relay.call('PATCH', '/v1/admin/settings', { require2fa: false });
      }
    });

    it('sign-out ends the Parley session', async () => {
      const { browser } = await signIn('ann');
      const session = await sessionOf(browser);
      const out = await fetch(`${relay.httpUrl}/v1/auth/logout`, {
        method: 'POST',
        headers: {
          cookie: `__Host-parley_session=${browser.cookies.get('__Host-parley_session')}`,
          origin: relay.httpUrl,
          'x-parley-csrf': session.body.csrfToken,
        },
      });
      assert.equal(out.status, 204);
      assert.equal((await sessionOf(browser)).status, 401);
    });

    it('a deactivated member is refused at the next SSO sign-in', async () => {
      await signIn('bob');
      const team = await owner.call('GET', '/v1/admin/team');
      const bob = (team.body.items as { id: string; email: string }[]).find((m) => m.email === 'bob@acme.test');
      assert.ok(bob);
      const off = await owner.call('PATCH', `/v1/admin/team/${bob.id}`, { active: false });
      assert.equal(off.status, 200, JSON.stringify(off.body));
      const { location, browser } = await signIn('bob');
      assert.equal(location, '/admin#sso-error=sso_refused');
      assert.equal(browser.cookies.get('__Host-parley_session'), undefined);
      await owner.call('PATCH', `/v1/admin/team/${bob.id}`, { active: true });
    });

    describe('back-channel logout', () => {
      const post = (token: string) =>
        fetch(`${relay.httpUrl}/v1/sso/backchannel-logout/${providerId}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ logout_token: token }).toString(),
        });
      const logoutToken = (claims: Record<string, unknown> = {}) => ({
        iss: idp.issuer,
        aud: idp.clientId,
        iat: Math.floor(Date.now() / 1000),
        jti: `jti-${Math.random()}`,
        sub: 'bob',
        events: { [LOGOUT_EVENT]: {} },
        ...claims,
      });

      it('a verified logout token ends that subject’s sessions; a replay, a forgery or another audience do nothing', async () => {
        const { browser } = await signIn('bob');
        assert.equal((await sessionOf(browser)).status, 200);
        const forged = await post(await idp.sign(logoutToken(), { typ: 'logout+jwt', foreign: true }));
        assert.equal(forged.status, 400);
        const otherAudience = await post(await idp.sign(logoutToken({ aud: 'another-client' }), { typ: 'logout+jwt' }));
        assert.equal(otherAudience.status, 400);
        const noEvent = await post(await idp.sign(logoutToken({ events: {} }), { typ: 'logout+jwt' }));
        assert.equal(noEvent.status, 400);
        const withNonce = await post(await idp.sign(logoutToken({ nonce: 'x' }), { typ: 'logout+jwt' }));
        assert.equal(withNonce.status, 400);
        assert.equal((await sessionOf(browser)).status, 200, 'refused tokens ended nothing');
        const token = await idp.sign(logoutToken(), { typ: 'logout+jwt' });
        const ok = await post(token);
        assert.equal(ok.status, 200);
        assert.equal((await sessionOf(browser)).status, 401);
        const { browser: again } = await signIn('bob');
        assert.equal((await post(token)).status, 400, 'a replayed token');
        assert.equal((await sessionOf(again)).status, 200);
      });
    });

    it('the API token of the relay (no session) is not refused by required SSO, and the setting reads back', async () => {
      const settings = await relay.call('GET', '/v1/admin/sso/settings', undefined, adminToken);
      assert.deepEqual(settings.body, { requireSso: true });
    });
  });
}
