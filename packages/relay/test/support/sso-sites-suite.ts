/**
 * Single sign-on across the sites of one relay (issue #80), run on SQLite (`test/sso.test.ts`) and PostgreSQL
 * (`test-services/sso-postgres.test.ts`): what one site's provider may do to the accounts of another. A company's
 * site (`default`, its provider "Acme") and another site whose admin set up a provider of their own for the
 * company's domain ("Evil"), two real OpenID providers on loopback.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StartOptions } from '../../src/index.js';
import { Browser, fragmentToken, setUpOwner } from './auth-browser.js';
import { hashToken } from '../../src/auth/tokens.js';
import { startDesk, type Desk } from './desk.js';
import { startDnsServer, verifySiteDomains, type TestDnsServer } from './dns-server.js';
import { RedirectBrowser, startIdp, type TestIdp } from './oidc-idp.js';
import { SmtpCatcher } from './smtp-catcher.js';
import { until } from './until.js';

const companyUsers = {
  bob: { email: 'bob@acme.test', email_verified: true, name: 'Bob' },
};
/** What the other site's own provider says: anyone it likes, of the company's domain. */
const evilUsers = {
  carl: { email: 'carl@acme.test', email_verified: true, name: 'Carl (as the other site says)' },
  alice: { email: 'alice@acme.test', email_verified: true, name: 'Alice (as the other site says)' },
  bob: { email: 'bob@acme.test', email_verified: true, name: 'Bob (as the other site says)' },
  dora: { email: 'dora@acme.test', email_verified: true, name: 'Dora (as the other site says)' },
};

const password = 'a long enough password for tests';

/** The suite, on the store `options` name (`{}`: SQLite in the desk's temp dir). */
export function ssoSitesSuite(name: string, options: () => Promise<StartOptions> | StartOptions): void {
  describe(`single sign-on across the sites of a relay (${name})`, () => {
    let relay: Desk;
    let owner: Browser;
    let evilSite = '';
    let evilToken = '';
    let dns: TestDnsServer;
    let mail: SmtpCatcher;
    const idps: TestIdp[] = [];
    const providers = { acme: '', evil: '' };

    /** A provider of a site, made through the admin API, and its identity provider on loopback. */
    const provider = async (
      label: string,
      users: Record<string, { email: string; email_verified: boolean; name: string }>,
      call: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>,
    ): Promise<string> => {
      const made = await call('POST', '/v1/admin/sso/providers', {
        name: label,
        issuer: 'http://127.0.0.1:9',
        clientId: 'parley',
        clientSecret: 'placeholder-secret',
        allowedDomains: ['acme.test'],
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const idp = await startIdp({ users, redirectUri: made.body.redirectUri });
      idps.push(idp);
      const patched = await call('PATCH', `/v1/admin/sso/providers/${made.body.id}`, {
        issuer: idp.issuer,
        clientSecret: idp.clientSecret,
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      return made.body.id;
    };

    const signIn = (providerId: string, login: string, browser = new RedirectBrowser()) =>
      browser.signIn(`${relay.httpUrl}/v1/sso/start/${providerId}`, login).then((result) => ({ ...result, browser }));

    /** A JSON call in `browser` (its cookies, the relay's origin, the session's CSRF token when given). */
    const call = async (
      browser: RedirectBrowser,
      method: string,
      path: string,
      body?: unknown,
      csrf?: string,
    ): Promise<{ status: number; body: any }> => {
      const response = await fetch(`${relay.httpUrl}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          origin: relay.httpUrl,
          cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(csrf ? { 'x-parley-csrf': csrf } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const session = /__Host-parley_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '');
      if (session) browser.cookies.set('__Host-parley_session', session[1]!);
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
    };

    const evilCall = (method: string, path: string, body?: unknown) => relay.call(method, path, body, evilToken);

    before(async () => {
      mail = await SmtpCatcher.start();
      relay = await startDesk({
        ...(await options()),
        smtpUrl: mail.url,
        emailFrom: 'Parley <parley@example.com>',
        ssoAllowHttp: true,
        ssoAllowPrivate: true,
        dnsServers: [(dns = await startDnsServer()).address],
        ipRateLimitPerSecond: 0,
        adminRateLimitBurst: 0,
        authLimits: { addressBurst: 1000, addressPerSecond: 100, accountBurst: 1000, accountPerSecond: 100 },
      });
      // The relay emails (SMTP) but not links: as on every interface without PARLEY_PUBLIC_URL, it has no origin to
      // put in them, so invitations are handed to the admin who makes them.
      relay.server.publicOrigin.listening('0.0.0.0', relay.port);
      owner = await setUpOwner(relay);
      const site = await owner.call('POST', '/v1/admin/sites', { name: 'Other company' });
      assert.equal(site.status, 201, JSON.stringify(site.body));
      evilSite = site.body.id;
      evilToken = site.body.adminToken;
      providers.acme = await provider('Acme', companyUsers, (m, p, b) => owner.call(m, p, b));
      providers.evil = await provider('Acme (really)', evilUsers, evilCall);
      // As a relay before domains were verified: any site's provider made accounts just in time for any domain. What
      // those accounts may do afterwards is what the suite is about (its last test: the domain's owner takes it back).
      await relay
        .use('sso')!
        .repository.db.run('UPDATE sso_domains SET verified_at = ? WHERE site_id = ?', [Date.now(), evilSite]);
    });
    after(async () => {
      await relay?.close();
      for (const idp of idps) await idp.close();
      await dns?.close();
      await mail?.stop();
    });

    it('the sign-in page shows the providers of the site being signed in to, never another site’s', async () => {
      const listed = async (query: string) =>
        (
          (await (await fetch(`${relay.httpUrl}/v1/sso/providers${query}`)).json()) as {
            items: { id: string; name: string; site?: string }[];
          }
        ).items;
      assert.deepEqual(
        (await listed('')).map((p) => p.id),
        [providers.acme],
        'the default site’s',
      );
      assert.deepEqual(
        (await listed(`?site=${evilSite}`)).map((p) => p.id),
        [providers.evil],
      );
      assert.equal((await fetch(`${relay.httpUrl}/v1/sso/providers?site=a%20b`)).status, 400);
      // Named by the site they belong to: the other site's admin called theirs after the company.
      assert.deepEqual(
        (await listed(`?site=${evilSite}`)).map((p) => [p.name, p.site]),
        [['Acme (really)', 'Other company']],
      );
      const { name: ours } = (await owner.call('GET', '/v1/admin/sites')).body.items.find(
        (s: { id: string }) => s.id === 'default',
      );
      assert.deepEqual(
        (await listed('')).map((p) => p.site),
        [ours],
      );
    });

    it('another site’s provider is not offered a link to an account of this site', async () => {
      const invited = await owner.call('POST', '/v1/admin/team/invitations', { email: 'bob@acme.test', role: 'agent' });
      assert.equal(invited.status, 201);
      const accepted = await new Browser(relay).call('POST', '/v1/auth/invitations/accept', {
        token: fragmentToken(invited.body.link, 'invite'),
        name: 'Bob',
        password,
      });
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
      const { location } = await signIn(providers.evil, 'bob');
      assert.equal(location, '/admin#sso-error=sso_refused', 'no #sso-link= to send to Bob');
      const bob = await relay.accounts!.repos.accounts.findAccountByEmail('bob@acme.test');
      assert.equal(await relay.accounts!.repos.accounts.memberOf(bob!.id, evilSite), undefined, 'not joined');
    });

    it('a just-in-time account of another site: the mailbox’s owner takes it over, the other site’s provider loses it', async () => {
      // The other site's provider makes alice@acme.test just in time, a member of that site only.
      const first = await signIn(providers.evil, 'alice');
      assert.equal(first.location, '/admin');
      const alice = (await relay.accounts!.repos.accounts.findAccountByEmail('alice@acme.test'))!;
      // The company invites her; she resets the password nobody knew (its link goes to her mailbox) and accepts.
      const { token: reset } = await relay.accounts!.createResetLink(alice.id, {}, Date.now());
      const done = await new Browser(relay).call('POST', '/v1/auth/password-reset', { token: reset, password });
      assert.equal(done.status, 204, JSON.stringify(done.body));
      const invited = await owner.call('POST', '/v1/admin/team/invitations', {
        email: 'alice@acme.test',
        role: 'agent',
      });
      const accepted = await new Browser(relay).call('POST', '/v1/auth/invitations/accept', {
        token: fragmentToken(invited.body.link, 'invite'),
        password,
      });
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
      // The other site's provider no longer signs in as her: its identity went with the reset.
      const again = await signIn(providers.evil, 'alice');
      assert.match(again.location, /^\/admin#sso-link=/, 'the password is asked again');
      assert.equal(again.browser.cookies.get('__Host-parley_session'), undefined);
      const audit = await evilCall('GET', '/v1/admin/audit?limit=50');
      const unlinked = (audit.body.items as { action: string; targetId: string; details: any }[]).find(
        (e) => e.action === 'account.sso_unlink',
      );
      assert.ok(unlinked, 'the audit says so');
      assert.equal(unlinked.targetId, alice.id);
      assert.deepEqual(unlinked.details.providerIds, [providers.evil]);
      assert.equal(unlinked.details.reason, 'password_reset');
    });

    it('a handed-over invitation proves no mailbox: another site’s just-in-time account joins only with the code emailed to it', async () => {
      // The other site's provider makes dora@acme.test just in time; its admin sets her password with a reset link
      // of its own making (handed to that admin, proving nothing either): the other site knows the password now.
      assert.equal((await signIn(providers.evil, 'dora')).location, '/admin');
      const dora = (await relay.accounts!.repos.accounts.findAccountByEmail('dora@acme.test'))!;
      const member = (await evilCall('GET', '/v1/admin/team')).body.items.find(
        (m: { accountId: string }) => m.accountId === dora.id,
      );
      const resetLink = await evilCall('POST', `/v1/admin/team/members/${member.id}/reset-link`);
      assert.equal(resetLink.status, 201, JSON.stringify(resetLink.body));
      const theirs = 'the other site chose this password';
      const reset = await new Browser(relay).call('POST', '/v1/auth/password-reset', {
        token: fragmentToken(resetLink.body.link, 'reset'),
        password: theirs,
      });
      assert.equal(reset.status, 204, JSON.stringify(reset.body));
      const sites = () => relay.use('sso')!.repository.identitySites(dora.id);
      assert.deepEqual(await sites(), [evilSite], 'its provider’s identity stays');
      // The company invites dora@acme.test; the relay cannot email the link, so its admin gets it to hand over.
      const invited = await owner.call('POST', '/v1/admin/team/invitations', {
        email: 'dora@acme.test',
        role: 'agent',
      });
      assert.equal(invited.body.emailed, false);
      const token = fragmentToken(invited.body.link, 'invite');
      const accept = (body: Record<string, string> = {}) =>
        new Browser(relay).call('POST', '/v1/auth/invitations/accept', { token, password: theirs, ...body });
      const codesTo = () => mail.emails.filter((email) => email.to.includes('dora@acme.test'));
      const codeIn = (index: number) => /\b[A-Z2-9]{4}-[A-Z2-9]{4}\b/.exec(codesTo()[index]?.mail.text ?? '')?.[0];

      // The password alone adopts nothing: a code goes to the mailbox, and nothing changes until it comes back.
      const asked = await accept();
      assert.equal(asked.status, 403, JSON.stringify(asked.body));
      assert.equal(asked.body.error.code, 'mailbox_code_required');
      assert.match(asked.body.error.message, /dora@acme\.test/);
      await until(() => codesTo().length === 1, 'the code emailed to her');
      const first = codeIn(0);
      assert.ok(first, codesTo()[0]?.mail.text);
      const before = await relay.accounts!.repos.accounts.memberOf(dora.id, 'default');
      assert.equal(before, undefined, 'not a member yet');
      assert.deepEqual(await sites(), [evilSite], 'nothing unlinked');
      // Asking again within the minute sends nothing more; the code is tried five times at most.
      assert.equal((await accept()).body.error.code, 'mailbox_code_required');
      for (let i = 0; i < 5; i++) {
        const wrong = await accept({ code: 'AAAA-AAAA' });
        assert.deepEqual([wrong.status, wrong.body.error.code], [401, 'login_failed']);
      }
      const spent = await accept({ code: first });
      assert.deepEqual([spent.status, spent.body.error.code], [403, 'mailbox_code_required'], 'tried too often');
      assert.equal(codesTo().length, 1, 'one code a minute');
      // A minute on, a new code; the right one accepts, and the mailbox's owner has taken the account over.
      await relay
        .use('sso')!
        .repository.db.run('UPDATE auth_links SET code_sent_at = code_sent_at - 60000 WHERE token_hash = ?', [
          hashToken(token),
        ]);
      assert.equal((await accept()).body.error.code, 'mailbox_code_required');
      await until(() => codesTo().length === 2, 'a new code');
      const accepted = await accept({ code: codeIn(1)!.toLowerCase().replace('-', ' ') });
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
      assert.equal(accepted.body.site.id, 'default');
      assert.deepEqual(await sites(), [], 'the other site’s provider lost her');
      const ours = await owner.call('GET', '/v1/admin/audit?limit=50');
      const acceptance = (ours.body.items as { action: string; details: any }[]).find(
        (e) => e.action === 'invitation.accept',
      );
      assert.equal(acceptance?.details.mailboxProof, 'code');
      const unlinked = ((await evilCall('GET', '/v1/admin/audit?limit=50')).body.items as any[]).find(
        (e) => e.action === 'account.sso_unlink' && e.targetId === dora.id,
      );
      assert.deepEqual([unlinked?.details.reason, unlinked?.details.providerIds], ['invitation', [providers.evil]]);
    });

    it('a session a site’s provider opened acts on that site only: moving it to another site is refused', async () => {
      // Alice links the other site's provider herself (her password, in her browser) and signs in through it.
      const { location, browser } = await signIn(providers.evil, 'alice');
      const token = fragmentToken(location, 'sso-link');
      const linked = await call(browser, 'POST', '/v1/sso/link', { token, password });
      assert.equal(linked.status, 200, JSON.stringify(linked.body));
      assert.equal(linked.body.site.id, evilSite);
      assert.deepEqual((linked.body.sites as { id: string }[]).map((s) => s.id).sort(), ['default', evilSite].sort());
      const moved = await call(browser, 'POST', '/v1/auth/site', { siteId: 'default' }, linked.body.csrfToken);
      assert.equal(moved.status, 403, JSON.stringify(moved.body));
      assert.equal(moved.body.error.code, 'forbidden');
      const session = await call(browser, 'GET', '/v1/auth/session');
      assert.equal(session.body.site.id, evilSite, 'still on the provider’s site');
      // Her password session moves freely between her sites.
      const byPassword = new Browser(relay);
      const login = await byPassword.call('POST', '/v1/auth/login', { email: 'alice@acme.test', password });
      assert.equal(login.status, 200, JSON.stringify(login.body));
      const target = login.body.site.id === 'default' ? evilSite : 'default';
      assert.equal((await byPassword.call('POST', '/v1/auth/site', { siteId: target })).status, 200);
    });

    it('a password session does not move into a site that requires its own provider, nor is locked out by it', async () => {
      const alice = new Browser(relay);
      const first = await alice.call('POST', '/v1/auth/login', { email: 'alice@acme.test', password });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      if (first.body.site.id !== 'default')
        assert.equal((await alice.call('POST', '/v1/auth/site', { siteId: 'default' })).status, 200);
      const required = await evilCall('PUT', '/v1/admin/sso/settings', { requireSso: true });
      assert.equal(required.status, 200, JSON.stringify(required.body));
      try {
        const moved = await alice.call('POST', '/v1/auth/site', { siteId: evilSite });
        assert.equal(moved.status, 403, JSON.stringify(moved.body));
        assert.equal(moved.body.error.code, 'sso_required');
        assert.equal((await alice.call('GET', '/v1/auth/session')).body.site.id, 'default', 'not moved');
        // The other site's rule does not lock her out of the company's site: her password opens a session there.
        const again = new Browser(relay);
        const login = await again.call('POST', '/v1/auth/login', { email: 'alice@acme.test', password });
        assert.equal(login.status, 200, JSON.stringify(login.body));
        assert.equal(login.body.site.id, 'default');
      } finally {
        await evilCall('PUT', '/v1/admin/sso/settings', { requireSso: false });
      }
    });

    it('one domain, one site: the domain’s owner verifies it in DNS, and another site can no longer make accounts there', async () => {
      // The upgrade: a domain verified by nobody (as every domain after it); the company publishes its record.
      await relay
        .use('sso')!
        .repository.db.run('UPDATE sso_domains SET verified_at = NULL WHERE site_id = ?', [evilSite]);
      const jit = await signIn(providers.evil, 'carl');
      assert.equal(jit.location, '/admin#sso-error=sso_refused', 'no account made for an unverified domain');
      assert.equal(await relay.accounts!.repos.accounts.findAccountByEmail('carl@acme.test'), undefined);
      assert.deepEqual(await verifySiteDomains((m, p, b) => owner.call(m, p, b), dns), ['acme.test']);
      // The other site publishes its own record too (it may write in its own DNS zone): too late, one site a domain.
      const theirs = (await evilCall('GET', '/v1/admin/sso/domains')).body.items[0];
      dns.txt.set('acme.test', [theirs.record.value]);
      const taken = await evilCall('POST', '/v1/admin/sso/domains/verify', { domain: 'acme.test' });
      assert.equal(taken.status, 409, JSON.stringify(taken.body));
      assert.equal((await evilCall('GET', '/v1/admin/sso/domains')).body.items[0].verified, false);
    });
  });
}
