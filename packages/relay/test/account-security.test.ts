/** Security issue #33, the accounts part: account-wide actions, the sign-in throttle, re-authentication, origins. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CLOSES } from '@parley/protocol';
import { generate } from 'otplib';
import type { RunningRelay } from '../src/index.js';
import { hashToken } from '../src/auth/tokens.js';
import { startBanner } from '../src/cli/start-command.js';
import { Browser, fragmentToken, invite } from './support/auth-browser.js';
import { adminToken, startDesk } from './support/desk.js';

describe('account security (issue #33)', () => {
  let relay: RunningRelay;
  const owner = { email: 'owner@example.com', name: 'Olive', password: 'correct horse battery' };
  let ownerBrowser: Browser;

  before(async () => {
    relay = await startDesk({
      // Behind a trusted proxy: each case plays its own client address with X-Forwarded-For.
      trustProxy: true,
      ipRateLimitPerSecond: 0,
      adminRateLimitBurst: 0,
      authLimits: { addressBurst: 1000, addressPerSecond: 100, accountBurst: 1000, accountPerSecond: 100 },
    });
    ownerBrowser = new Browser(relay);
    const done = await ownerBrowser.call('POST', '/v1/auth/setup', {
      token: fragmentToken(relay.setupLink!, 'setup'),
      ...owner,
    });
    assert.equal(done.status, 200, JSON.stringify(done.body));
  });
  after(async () => {
    await relay?.close();
  });

  it('prints a setup link that expires in hours, and says how to get a new one', async () => {
    const link = await relay.accounts.repos.accounts.findAuthLink(hashToken(fragmentToken(relay.setupLink!, 'setup')));
    assert.ok(link);
    assert.equal(link.expiresAt - link.createdAt, 2 * 3600_000);
    const banner = startBanner(relay.httpUrl, relay.wsUrl, undefined, relay.setupLink);
    assert.match(banner, /for 2 hours/);
    assert.match(banner, /parley-relay account setup-link/);
  });

  it('compares the scheme, host and port of an Origin: https is not the http relay, nor the reverse', async () => {
    const httpsTwin = relay.httpUrl.replace(/^http:/, 'https:');
    const otherPort = relay.httpUrl.replace(/:\d+$/, ':1');
    const login = { email: owner.email, password: owner.password };
    for (const origin of [httpsTwin, otherPort]) {
      const refused = await new Browser(relay, origin).call('POST', '/v1/auth/login', login);
      assert.deepEqual([refused.status, refused.body.error.code], [403, 'csrf_refused'], origin);
      const csrf = await ownerBrowser.call('PATCH', '/v1/admin/settings', { retentionDays: 30 }, { origin });
      // The admin API refuses a foreign origin before it looks at the cookie.
      assert.deepEqual([csrf.status, csrf.body.error.code], [403, 'origin_refused'], origin);
      const socket = await ownerBrowser.socket(origin);
      socket.send({ type: 'hello' });
      assert.equal((await socket.closed).code, CLOSES.unauthorized.code, origin);
    }
    // Behind the trusted proxy that says https, the https page is the relay's own, and the http one is not.
    const viaTls = { 'x-forwarded-proto': 'https' };
    assert.equal((await new Browser(relay, httpsTwin, viaTls).call('POST', '/v1/auth/login', login)).status, 200);
    const plain = await new Browser(relay, relay.httpUrl, viaTls).call('POST', '/v1/auth/login', login);
    assert.equal(plain.body.error.code, 'csrf_refused');
    const tls = await ownerBrowser.socket(httpsTwin, viaTls);
    tls.send({ type: 'hello' });
    assert.equal((await tls.next('welcome')).site.id, 'default');
    tls.ws.close();
    assert.equal((await ownerBrowser.call('PATCH', '/v1/admin/settings', { retentionDays: 30 })).status, 200);
  });
  /** The member `email` of the caller's current site, from its team page. */
  async function memberId(by: Browser, email: string): Promise<string> {
    const team = (await by.call('GET', '/v1/admin/team')).body.items as Array<{ id: string; email: string }>;
    return team.find((m) => m.email === email)!.id;
  }

  async function switchTo(by: Browser, siteId: string): Promise<void> {
    assert.equal((await by.call('POST', '/v1/auth/site', { siteId })).status, 200);
  }

  it('makes an account-wide reset link only with the right on every site of the account (finding 1)', async () => {
    // Site B: Mallory is its admin, and Vic (an agent of the default site) a member there too. Olive, the default
    // site's owner, is only an admin on B (as when B was made by the CLI and Olive invited to it).
    const siteB = (await ownerBrowser.call('POST', '/v1/admin/sites', { name: 'Site B' })).body.id as string;
    await switchTo(ownerBrowser, siteB);
    const mallory = await invite(relay, ownerBrowser, 'admin', 'mallory@example.com');
    await switchTo(mallory, siteB);
    const oliveOnB = await memberId(ownerBrowser, owner.email);
    await relay.accounts.repos.accounts.updateMember(siteB, oliveOnB, { role: 'admin' });
    await switchTo(ownerBrowser, 'default');
    const vic = await invite(relay, ownerBrowser, 'agent', 'vic@example.com', 'vic password 123');
    const onB = await mallory.call('POST', '/v1/admin/team/invitations', { email: 'vic@example.com', role: 'agent' });
    const joined = await new Browser(relay).call('POST', '/v1/auth/invitations/accept', {
      token: fragmentToken(onB.body.link, 'invite'),
      password: 'vic password 123',
    });
    assert.equal(joined.status, 200, JSON.stringify(joined.body));

    // Mallory is an admin of B only: neither Vic's account nor the default site's owner's is hers to reset.
    const vicOnB = await memberId(mallory, 'vic@example.com');
    const forVic = await mallory.call('POST', `/v1/admin/team/members/${vicOnB}/reset-link`);
    assert.deepEqual([forVic.status, forVic.body.error?.code], [403, 'forbidden'], JSON.stringify(forVic.body));
    const forOwner = await mallory.call('POST', `/v1/admin/team/members/${oliveOnB}/reset-link`);
    assert.deepEqual([forOwner.status, forOwner.body.error?.code], [403, 'forbidden']);
    // An API token of one site, neither.
    const vicOnDefault = await memberId(ownerBrowser, 'vic@example.com');
    const byToken = await fetch(`${relay.httpUrl}/v1/admin/team/members/${vicOnDefault}/reset-link`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}` },
    });
    assert.equal(byToken.status, 403);
    // Nobody makes their own: a password changes with the current one.
    const own = await ownerBrowser.call(
      'POST',
      `/v1/admin/team/members/${await memberId(ownerBrowser, owner.email)}/reset-link`,
    );
    assert.equal(own.status, 403);

    // The relay's operator (the default site's owner) may; every site of the account shows it, in the maker's name.
    const made = await ownerBrowser.call('POST', `/v1/admin/team/members/${vicOnDefault}/reset-link`);
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const reset = await new Browser(relay).call('POST', '/v1/auth/password-reset', {
      token: fragmentToken(made.body.link, 'reset'),
      password: 'vic new password',
    });
    assert.equal(reset.status, 204);
    const oliveOnDefault = await memberId(ownerBrowser, owner.email);
    for (const [browser, siteId] of [
      [ownerBrowser, 'default'],
      [mallory, siteB],
    ] as const) {
      const entries = (await browser.call('GET', '/v1/admin/audit?limit=50')).body.items as Array<{
        action: string;
        actorId: string;
        targetId: string;
      }>;
      const vicHere = siteId === 'default' ? vicOnDefault : vicOnB;
      const link = entries.find((e) => e.action === 'member.reset_link' && e.targetId === vicHere);
      assert.ok(link, `the reset link in the audit log of ${siteId}`);
      const done = entries.find((e) => e.action === 'account.password_reset');
      assert.ok(done, `the reset in the audit log of ${siteId}`);
      assert.equal(done.actorId, oliveOnDefault, 'in the name of who made the link, not as Vic’s own');
    }
    assert.equal((await vic.call('GET', '/v1/auth/session')).status, 401, 'the reset ended Vic’s sessions');

    // Deactivating Vic on B is B's business: his sign-in to the default site goes on.
    const back = new Browser(relay);
    await back.call('POST', '/v1/auth/login', { email: 'vic@example.com', password: 'vic new password' });
    assert.equal((await mallory.call('PATCH', `/v1/admin/team/${vicOnB}`, { active: false })).status, 200);
    const still = await back.call('GET', '/v1/auth/session');
    assert.deepEqual([still.status, still.body.site.id], [200, 'default']);
  });

  it('throttles sign-ins per email and address, alike for unknown emails; other addresses get in (finding 3)', async () => {
    await invite(relay, ownerBrowser, 'agent', 'lucy@example.com', 'lucy password 12');
    const from = (address: string) => new Browser(relay, relay.httpUrl, { 'x-forwarded-for': address });
    const attacker = from('203.0.113.66');
    const answers = async (email: string) => {
      const answer = await attacker.call('POST', '/v1/auth/login', { email, password: 'wrong password' });
      return [answer.status, answer.body.error, answer.headers.get('retry-after') !== null];
    };
    for (let i = 1; i <= 10; i++) {
      const known = await answers('lucy@example.com');
      assert.deepEqual(known, await answers('nobody@example.com'), `attempt ${i}: known and unknown emails alike`);
      assert.equal(known[0], i < 10 ? 401 : 429, `attempt ${i}`);
    }
    const right = await attacker.call('POST', '/v1/auth/login', {
      email: 'lucy@example.com',
      password: 'lucy password 12',
    });
    assert.equal(right.body.error.code, 'rate_limited', 'the pair waits, whatever the password');
    const retryAfter = Number(right.headers.get('retry-after'));
    assert.ok(retryAfter > 800 && retryAfter <= 900, String(retryAfter));
    // Lucy, from her own address, is not locked out; nor is the owner anywhere.
    const lucy = from('198.51.100.20');
    assert.equal(
      (await lucy.call('POST', '/v1/auth/login', { email: 'lucy@example.com', password: 'lucy password 12' })).status,
      200,
    );
    // A success starts the count again: nine more failures from her address do not make her wait.
    for (let i = 1; i <= 9; i++)
      await lucy.call('POST', '/v1/auth/login', { email: 'lucy@example.com', password: `wrong ${i}` });
    const ok = await lucy.call('POST', '/v1/auth/login', { email: 'lucy@example.com', password: 'lucy password 12' });
    assert.equal(ok.status, 200);
    // The operator's reset link (the CLI's) lets her in from the address that failed as well.
    const { token } = await relay.accounts.createResetLink(
      (await relay.accounts.repos.accounts.findAccountByEmail('lucy@example.com'))!.id,
      { createdBy: 'cli' },
      Date.now(),
    );
    assert.equal(
      (await from('203.0.113.66').call('POST', '/v1/auth/password-reset', { token, password: 'lucy new password' }))
        .status,
      204,
    );
    const after = await attacker.call('POST', '/v1/auth/login', {
      email: 'lucy@example.com',
      password: 'lucy new password',
    });
    assert.equal(after.status, 200, JSON.stringify(after.body));

    // Failed sign-ins are in the audit log, with the address: the account's sites, or the default site's.
    const audit = (await ownerBrowser.call('GET', '/v1/admin/audit?action=account.login_failed&limit=100')).body
      .items as Array<{ targetId: string; details: { ip: string; unknownEmail?: boolean } }>;
    const lucyId = (await relay.accounts.repos.accounts.findAccountByEmail('lucy@example.com'))!.id;
    assert.ok(audit.some((e) => e.targetId === lucyId && e.details.ip === '203.0.113.66'));
    assert.ok(audit.some((e) => e.targetId === '' && e.details.unknownEmail === true));
    assert.ok(!JSON.stringify(audit).includes('wrong password'), 'never what was typed');
  });

  it('ends second-factor challenges and reset links on a password change (finding 5)', async () => {
    const tom = await invite(relay, ownerBrowser, 'agent', 'tom@example.com', 'tom password 123');
    // Two-factor on, through the accounts' own API (the route's body is finding 6's).
    const account = (await relay.accounts.repos.accounts.findAccountByEmail('tom@example.com'))!;
    const { secret } = await relay.accounts.totpSetup(account, Date.now());
    const pending = (await relay.accounts.repos.accounts.getAccount(account.id))!;
    await relay.accounts.totpEnable(pending, await generate({ secret }), Date.now());
    const thief = new Browser(relay);
    const first = await thief.call('POST', '/v1/auth/login', {
      email: 'tom@example.com',
      password: 'tom password 123',
    });
    assert.equal(first.body.challenge, 'totp');
    const link = await ownerBrowser.call(
      'POST',
      `/v1/admin/team/members/${await memberId(ownerBrowser, 'tom@example.com')}/reset-link`,
    );
    assert.equal(link.status, 201);
    const changed = await tom.call('POST', '/v1/auth/password', {
      currentPassword: 'tom password 123',
      newPassword: 'tom second password',
    });
    assert.equal(changed.status, 204);
    const code = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    const second = await thief.call('POST', '/v1/auth/login/totp', { challengeToken: first.body.challengeToken, code });
    assert.deepEqual([second.status, second.body.error.code], [401, 'login_failed']);
    const reused = await new Browser(relay).call('POST', '/v1/auth/password-reset', {
      token: fragmentToken(link.body.link, 'reset'),
      password: 'someone elses password',
    });
    assert.deepEqual([reused.status, reused.body.error.code], [410, 'link_used']);
  });

  it('asks for the password again to turn two-factor on and to replace recovery codes (finding 6)', async () => {
    const rita = await invite(relay, ownerBrowser, 'agent', 'rita@example.com', 'rita password 12');
    const { secret } = (await rita.call('POST', '/v1/auth/totp/setup')).body as { secret: string };
    const bare = await rita.call('POST', '/v1/auth/totp/enable', { code: await generate({ secret }) });
    assert.deepEqual([bare.status, bare.body.error.code], [400, 'bad_request']);
    const wrong = await rita.call('POST', '/v1/auth/totp/enable', {
      password: 'not her password',
      code: await generate({ secret }),
    });
    assert.deepEqual([wrong.status, wrong.body.error.code], [401, 'login_failed']);
    const on = await rita.call('POST', '/v1/auth/totp/enable', {
      password: 'rita password 12',
      code: await generate({ secret }),
    });
    assert.equal(on.status, 200, JSON.stringify(on.body));
    const next = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    const codesBare = await rita.call('POST', '/v1/auth/recovery-codes', { code: next });
    assert.deepEqual([codesBare.status, codesBare.body.error.code], [400, 'bad_request']);
    const codesWrong = await rita.call('POST', '/v1/auth/recovery-codes', { password: 'not her password', code: next });
    assert.deepEqual([codesWrong.status, codesWrong.body.error.code], [401, 'login_failed']);
    const codes = await rita.call('POST', '/v1/auth/recovery-codes', { password: 'rita password 12', code: next });
    assert.equal(codes.status, 200, JSON.stringify(codes.body));
    assert.equal(codes.body.recoveryCodes.length, 10);
  });
});
