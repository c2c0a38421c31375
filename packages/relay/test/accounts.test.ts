import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CLOSES } from '@parley/protocol';
import { generate } from 'otplib';
import type { RunningRelay } from '../src/index.js';
import { hashToken } from '../src/auth/tokens.js';
import { png } from './support/attachment-files.js';
import { Browser, fragmentToken, invite } from './support/auth-browser.js';
import { TestClient } from './support/client.js';
import { adminToken, siteKey, startDesk } from './support/desk.js';
import { SmtpCatcher } from './support/smtp-catcher.js';

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
}

describe('staff accounts (issue #19)', () => {
  let relay: RunningRelay;
  const owner = { email: 'owner@example.com', name: 'Olive', password: 'correct horse battery' };
  let ownerBrowser: Browser;

  before(async () => {
    relay = await startDesk({
      ipRateLimitPerSecond: 0,
      adminRateLimitBurst: 0,
      authLimits: { addressBurst: 1000, addressPerSecond: 100, accountBurst: 1000, accountPerSecond: 100 },
    });
  });
  after(async () => {
    await relay?.close();
  });

  it('prints a setup link while no account exists; it makes the owner once, and issues a strict cookie', async () => {
    assert.ok(relay.setupLink, 'a setup link on a relay without accounts');
    assert.ok(relay.setupLink.startsWith(`${relay.httpUrl}/admin#setup=`));
    const token = fragmentToken(relay.setupLink, 'setup');
    ownerBrowser = new Browser(relay);
    // The inbox reads the link before it shows the owner form: usable, the site it makes the owner of.
    const inspected = await ownerBrowser.call('POST', '/v1/auth/setup/inspect', { token });
    assert.deepEqual([inspected.status, inspected.body], [200, { siteName: 'Parley demo' }]);
    assert.equal(inspected.headers.get('cache-control'), 'no-store');
    const wrong = await ownerBrowser.call('POST', '/v1/auth/setup/inspect', { token: `${token.slice(0, -2)}xx` });
    assert.deepEqual([wrong.status, wrong.body.error.code], [404, 'not_found']);
    const extra = await ownerBrowser.call('POST', '/v1/auth/setup/inspect', { token, email: owner.email });
    assert.equal(extra.status, 400);
    assert.match(JSON.stringify(extra.body), /email/, 'the unknown field is named');
    const weak = await ownerBrowser.call('POST', '/v1/auth/setup', { token, ...owner, password: 'short' });
    assert.equal(weak.body.error.code, 'weak_password');
    const same = await ownerBrowser.call('POST', '/v1/auth/setup', { token, ...owner, password: owner.email });
    assert.equal(same.body.error.code, 'weak_password');
    const done = await ownerBrowser.call('POST', '/v1/auth/setup', { token, ...owner });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.headers.get('cache-control'), 'no-store');
    const cookie = ownerBrowser.lastSetCookie ?? '';
    assert.match(cookie, /^__Host-parley_session=ps_[A-Za-z0-9_-]+;/);
    for (const attribute of ['Path=/', 'HttpOnly', 'Secure', 'SameSite=Strict'])
      assert.ok(cookie.includes(attribute), cookie);
    assert.ok(!cookie.includes('Domain='), cookie);
    assert.equal(done.body.role, 'owner');
    assert.deepEqual(done.body.account.email, owner.email);
    assert.deepEqual(done.body.sites, [{ id: 'default', name: 'Parley demo', role: 'owner' }]);
    assert.equal(done.body.require2faSetup, false);
    assert.equal(typeof done.body.csrfToken, 'string');
    const again = await new Browser(relay).call('POST', '/v1/auth/setup', {
      token,
      email: 'x@example.com',
      name: 'X',
      password: 'another password',
    });
    assert.deepEqual([again.status, again.body.error.code], [410, 'link_used']);
    const used = await new Browser(relay).call('POST', '/v1/auth/setup/inspect', { token });
    assert.deepEqual([used.status, used.body.error.code], [410, 'link_used']);
    const session = await ownerBrowser.call('GET', '/v1/auth/session');
    assert.deepEqual([session.status, session.body.account.name], [200, 'Olive']);
    assert.equal((await new Browser(relay).call('GET', '/v1/auth/session')).status, 401);
    // The old admin token keeps working, as an API token with every scope.
    const tokens = await fetch(`${relay.httpUrl}/v1/admin/tokens`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    assert.equal(tokens.status, 200);
  });

  it('answers a wrong password and an unknown email alike, after an Argon2 verification either way', async () => {
    const browser = new Browser(relay);
    const wrong = await timed(() =>
      browser.call('POST', '/v1/auth/login', { email: owner.email, password: 'wrong one!!' }),
    );
    const unknown = await timed(() =>
      browser.call('POST', '/v1/auth/login', { email: 'nobody@example.com', password: 'wrong one!!' }),
    );
    for (const [answer] of [wrong, unknown]) {
      assert.equal(answer.status, 401);
      assert.deepEqual(answer.body.error, { code: 'login_failed', message: 'Wrong email or password.' });
    }
    // Both spent an Argon2id verification (tens of ms): the unknown email is not answered at once.
    assert.ok(unknown[1] > wrong[1] * 0.2, `unknown ${unknown[1]} ms vs wrong password ${wrong[1]} ms`);
    const ok = await browser.call('POST', '/v1/auth/login', { email: 'OWNER@example.com', password: owner.password });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.role, 'owner');
    const audit = await browser.call('GET', '/v1/admin/audit?action=account.login');
    assert.equal(audit.status, 200, JSON.stringify(audit.body));
    const entry = audit.body.items[0];
    assert.equal(entry.action, 'account.login');
    assert.equal(entry.details.method, 'password');
    assert.ok(!JSON.stringify(audit.body).includes(owner.password), 'no secret in the audit log');
  });

  it('refuses a signed-in change without the CSRF header or from a foreign origin', async () => {
    const patch = { retentionDays: 30 };
    const noHeader = await ownerBrowser.call('PATCH', '/v1/admin/settings', patch, { csrf: null });
    assert.deepEqual([noHeader.status, noHeader.body.error.code], [403, 'csrf_refused']);
    const wrongHeader = await ownerBrowser.call('PATCH', '/v1/admin/settings', patch, { csrf: 'not-it' });
    assert.equal(wrongHeader.body.error.code, 'csrf_refused');
    const foreign = await ownerBrowser.call('PATCH', '/v1/admin/settings', patch, { origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    const noOrigin = await ownerBrowser.call('PATCH', '/v1/admin/settings', patch, { origin: null });
    assert.equal(noOrigin.body.error.code, 'csrf_refused');
    const logout = await ownerBrowser.call('POST', '/v1/auth/logout', undefined, { csrf: null });
    assert.equal(logout.body.error.code, 'csrf_refused');
    assert.equal((await ownerBrowser.call('GET', '/v1/admin/settings')).body.retentionDays, null);
    const ok = await ownerBrowser.call('PATCH', '/v1/admin/settings', patch);
    assert.deepEqual([ok.status, ok.body.retentionDays], [200, 30]);
    const login = await new Browser(relay).call(
      'POST',
      '/v1/auth/login',
      { email: owner.email, password: owner.password },
      { origin: 'https://evil.example' },
    );
    assert.equal(login.body.error.code, 'csrf_refused');
  });

  it('invites by a one-time link; a used, expired or unknown link is refused', async () => {
    const sent = await ownerBrowser.call('POST', '/v1/admin/team/invitations', {
      email: 'Agnes@Example.com',
      role: 'agent',
    });
    assert.equal(sent.status, 201);
    assert.deepEqual([sent.body.email, sent.body.role, sent.body.emailed], ['agnes@example.com', 'agent', false]);
    const token = fragmentToken(sent.body.link, 'invite');
    const team = await ownerBrowser.call('GET', '/v1/admin/team');
    assert.deepEqual(
      team.body.invitations.map((i: { email: string }) => i.email),
      ['agnes@example.com'],
    );
    const browser = new Browser(relay);
    const inspected = await browser.call('POST', '/v1/auth/invitations/inspect', { token });
    assert.deepEqual(inspected.body, {
      email: 'agnes@example.com',
      siteName: 'Parley demo',
      role: 'agent',
      accountExists: false,
    });
    const accepted = await browser.call('POST', '/v1/auth/invitations/accept', {
      token,
      name: 'Agnes',
      password: 'agnes password 1',
    });
    assert.deepEqual([accepted.status, accepted.body.role], [200, 'agent']);
    const reused = await new Browser(relay).call('POST', '/v1/auth/invitations/accept', {
      token,
      name: 'Eve',
      password: 'eve password 123',
    });
    assert.deepEqual([reused.status, reused.body.error.code], [410, 'link_used']);
    await relay.accounts.repos.accounts.createAuthLink({
      id: 'inv_old',
      tokenHash: hashToken('li_expired_link_token_0123'),
      kind: 'invite',
      siteId: 'default',
      accountId: null,
      email: 'late@example.com',
      name: null,
      role: 'agent',
      createdBy: null,
      createdAt: Date.now() - 10_000,
      expiresAt: Date.now() - 1000,
      usedAt: null,
    });
    const expired = await new Browser(relay).call('POST', '/v1/auth/invitations/accept', {
      token: 'li_expired_link_token_0123',
      password: 'late password 12',
    });
    assert.deepEqual([expired.status, expired.body.error.code], [410, 'link_expired']);
    const unknown = await new Browser(relay).call('POST', '/v1/auth/invitations/inspect', {
      token: 'li_no_such_link_token_0123',
    });
    assert.deepEqual([unknown.status, unknown.body.error.code], [404, 'not_found']);
    const members = (await ownerBrowser.call('GET', '/v1/admin/team')).body.items;
    assert.deepEqual(
      members.map((m: { email: string; role: string; active: boolean }) => [m.email, m.role, m.active]),
      [
        [owner.email, 'owner', true],
        ['agnes@example.com', 'agent', true],
      ],
    );
    assert.deepEqual((await ownerBrowser.call('GET', '/v1/admin/team')).body.invitations, []);
  });

  it('forbids agents the admin routes; an admin may not change an owner', async () => {
    const agent = await invite(relay, ownerBrowser, 'agent', 'arthur@example.com');
    const forbidden = await agent.call('GET', '/v1/admin/tokens');
    assert.deepEqual([forbidden.status, forbidden.body.error.code], [403, 'forbidden']);
    assert.equal(
      (await agent.call('POST', '/v1/admin/team/invitations', { email: 'z@example.com', role: 'agent' })).status,
      403,
    );
    assert.equal((await agent.call('GET', '/v1/admin/team')).status, 200);
    assert.equal((await agent.call('GET', '/v1/admin/conversations')).status, 200);
    const admin = await invite(relay, ownerBrowser, 'admin', 'ada@example.com');
    const team = (await admin.call('GET', '/v1/admin/team')).body.items as Array<{ id: string; role: string }>;
    const ownerId = team.find((m) => m.role === 'owner')!.id;
    const demote = await admin.call('PATCH', `/v1/admin/team/${ownerId}`, { role: 'agent' });
    assert.deepEqual([demote.status, demote.body.error.code], [403, 'forbidden']);
    assert.equal((await admin.call('POST', `/v1/admin/team/members/${ownerId}/reset-link`)).status, 403);
    const self = (await admin.call('GET', '/v1/auth/session')).body;
    const me = team.find((m) => m.role === 'admin' && self.account.email === 'ada@example.com')!;
    assert.equal((await admin.call('PATCH', `/v1/admin/team/${me.id}`, { role: 'agent' })).status, 409);
  });

  it('signs in with TOTP or a recovery code, each used once', async () => {
    const browser = await invite(relay, ownerBrowser, 'agent', 'tom@example.com', 'tom password 123');
    const setup = await browser.call('POST', '/v1/auth/totp/setup');
    assert.equal(setup.status, 200);
    assert.match(setup.body.otpauthUrl, /^otpauth:\/\/totp\/Parley:tom%40example\.com\?secret=/);
    assert.match(setup.body.qrSvg, /^<svg /);
    const secret = setup.body.secret as string;
    const wrongEnable = await browser.call('POST', '/v1/auth/totp/enable', {
      password: 'tom password 123',
      code: '000000',
    });
    assert.equal(wrongEnable.body.error.code, 'login_failed');
    const enabled = await browser.call('POST', '/v1/auth/totp/enable', {
      password: 'tom password 123',
      code: await generate({ secret }),
    });
    assert.equal(enabled.status, 200, JSON.stringify(enabled.body));
    const codes = enabled.body.recoveryCodes as string[];
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    // The stored account keeps the secret sealed and the codes hashed.
    const stored = await relay.accounts.repos.accounts.findAccountByEmail('tom@example.com');
    assert.match(stored?.totpSecret ?? '', /^sealed:v1:/);
    assert.ok(!stored?.recoveryCodes.includes(codes[0]!));

    const fresh = new Browser(relay);
    const first = await fresh.call('POST', '/v1/auth/login', {
      email: 'tom@example.com',
      password: 'tom password 123',
    });
    assert.equal(first.body.challenge, 'totp');
    assert.equal(fresh.cookie, undefined, 'no session before the second step');
    const challengeToken = first.body.challengeToken as string;
    const wrong = await fresh.call('POST', '/v1/auth/login/totp', { challengeToken, code: '123456' });
    assert.deepEqual(wrong.body.error, { code: 'login_failed', message: 'Wrong code.' });
    const byRecovery = await fresh.call('POST', '/v1/auth/login/totp', {
      challengeToken,
      recoveryCode: codes[0]!.toUpperCase(),
    });
    assert.equal(byRecovery.status, 200, JSON.stringify(byRecovery.body));
    assert.equal(byRecovery.body.account.totpEnabled, true);
    // The challenge is spent, and so is the recovery code.
    const replay = await new Browser(relay).call('POST', '/v1/auth/login/totp', { challengeToken, code: '123456' });
    assert.equal(replay.body.error.code, 'login_failed');
    const again = new Browser(relay);
    const second = await again.call('POST', '/v1/auth/login', {
      email: 'tom@example.com',
      password: 'tom password 123',
    });
    const reused = await again.call('POST', '/v1/auth/login/totp', {
      challengeToken: second.body.challengeToken,
      recoveryCode: codes[0],
    });
    assert.equal(reused.body.error.code, 'login_failed');
    // The next time step's code (the current one was spent enabling), once.
    const code = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    const byCode = await again.call('POST', '/v1/auth/login/totp', {
      challengeToken: second.body.challengeToken,
      code,
    });
    assert.equal(byCode.status, 200, JSON.stringify(byCode.body));
    const third = new Browser(relay);
    const step = await third.call('POST', '/v1/auth/login', { email: 'tom@example.com', password: 'tom password 123' });
    const replayed = await third.call('POST', '/v1/auth/login/totp', {
      challengeToken: step.body.challengeToken,
      code,
    });
    assert.equal(replayed.body.error.code, 'login_failed');
  });

  it('requires two-factor where the site says so: staff routes answer 2fa_required until it is on', async () => {
    const browser = await invite(relay, ownerBrowser, 'agent', 'rita@example.com', 'rita password 12');
    // A member without two-factor may not turn the requirement on (they would lock themselves out).
    const own = await ownerBrowser.call('PATCH', '/v1/admin/settings', { require2fa: true });
    assert.deepEqual([own.status, own.body.error.code], [409, 'conflict']);
    const settings = (require2fa: boolean) =>
      fetch(`${relay.httpUrl}/v1/admin/settings`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ require2fa }),
      });
    assert.equal((await settings(true)).status, 200);
    try {
      const session = await browser.call('GET', '/v1/auth/session');
      assert.equal(session.body.require2faSetup, true);
      const refused = await browser.call('GET', '/v1/admin/conversations');
      assert.deepEqual([refused.status, refused.body.error.code], [403, '2fa_required']);
      const socket = await browser.socket();
      socket.send({ type: 'hello' });
      assert.equal((await socket.closed).code, CLOSES.unauthorized.code);
      const { secret } = (await browser.call('POST', '/v1/auth/totp/setup')).body as { secret: string };
      assert.equal(
        (
          await browser.call('POST', '/v1/auth/totp/enable', {
            password: 'rita password 12',
            code: await generate({ secret }),
          })
        ).status,
        200,
      );
      assert.equal((await browser.call('GET', '/v1/admin/conversations')).status, 200);
      const code = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
      const disable = await browser.call('POST', '/v1/auth/totp/disable', { password: 'rita password 12', code });
      assert.deepEqual([disable.status, disable.body.error.code], [409, '2fa_required']);
      const owners = await ownerBrowser.call('GET', '/v1/admin/team');
      assert.equal(owners.body.error.code, '2fa_required');
    } finally {
      assert.equal((await settings(false)).status, 200);
    }
  });

  it('authenticates the inbox’s WebSocket by the cookie, only from the inbox’s origin', async () => {
    const socket = await ownerBrowser.socket();
    socket.send({ type: 'hello' });
    const welcome = await socket.next('welcome');
    assert.deepEqual([welcome.role, welcome.staff?.role, welcome.site.id], ['staff', 'admin', 'default']);
    socket.ws.close();
    const foreign = await ownerBrowser.socket('https://evil.example');
    foreign.send({ type: 'hello' });
    assert.equal((await foreign.closed).code, CLOSES.unauthorized.code);
    const none = await new Browser(relay).socket();
    none.send({ type: 'hello' });
    assert.equal((await none.closed).code, CLOSES.unauthorized.code);
  });

  it('deactivating a member ends their sessions and closes their socket at once; a reset link works once', async () => {
    const browser = await invite(relay, ownerBrowser, 'agent', 'dora@example.com', 'dora password 12');
    const socket = await browser.socket();
    socket.send({ type: 'hello' });
    await socket.next('welcome');
    const team = (await ownerBrowser.call('GET', '/v1/admin/team')).body.items as Array<{ id: string; email: string }>;
    const dora = team.find((m) => m.email === 'dora@example.com')!;
    const patched = await ownerBrowser.call('PATCH', `/v1/admin/team/${dora.id}`, { active: false });
    assert.deepEqual([patched.status, patched.body.active], [200, false]);
    assert.equal((await socket.closed).code, CLOSES.revoked.code);
    assert.equal((await browser.call('GET', '/v1/auth/session')).status, 401);
    const login = await new Browser(relay).call('POST', '/v1/auth/login', {
      email: 'dora@example.com',
      password: 'dora password 12',
    });
    assert.equal(login.body.error.code, 'login_failed');
    assert.equal((await ownerBrowser.call('PATCH', `/v1/admin/team/${dora.id}`, { active: true })).body.active, true);

    const reset = await ownerBrowser.call('POST', `/v1/admin/team/members/${dora.id}/reset-link`);
    assert.equal(reset.status, 201);
    const token = fragmentToken(reset.body.link, 'reset');
    const signedIn = new Browser(relay);
    await signedIn.call('POST', '/v1/auth/login', { email: 'dora@example.com', password: 'dora password 12' });
    const live = await signedIn.socket();
    live.send({ type: 'hello' });
    await live.next('welcome');
    assert.equal(
      (await new Browser(relay).call('POST', '/v1/auth/password-reset', { token, password: 'short' })).body.error.code,
      'weak_password',
    );
    const done = await new Browser(relay).call('POST', '/v1/auth/password-reset', {
      token,
      password: 'dora new password',
    });
    assert.equal(done.status, 204);
    assert.equal((await live.closed).code, CLOSES.revoked.code);
    assert.equal((await signedIn.call('GET', '/v1/auth/session')).status, 401);
    const reused = await new Browser(relay).call('POST', '/v1/auth/password-reset', {
      token,
      password: 'dora third password',
    });
    assert.deepEqual([reused.status, reused.body.error.code], [410, 'link_used']);
    const withNew = await new Browser(relay).call('POST', '/v1/auth/login', {
      email: 'dora@example.com',
      password: 'dora new password',
    });
    assert.equal(withNew.status, 200);
  });

  it('lists sessions, revokes one (its socket closes), and signs out', async () => {
    const other = new Browser(relay);
    await other.call('POST', '/v1/auth/login', { email: owner.email, password: owner.password });
    const socket = await other.socket();
    socket.send({ type: 'hello' });
    await socket.next('welcome');
    const listed = await ownerBrowser.call('GET', '/v1/auth/sessions');
    const items = listed.body.items as Array<{ id: string; current: boolean }>;
    assert.equal(items.filter((s) => s.current).length, 1);
    const otherId = (await other.call('GET', '/v1/auth/sessions')).body.items.find(
      (s: { current: boolean }) => s.current,
    ).id;
    assert.ok(items.some((s) => s.id === otherId && !s.current));
    assert.equal((await ownerBrowser.call('DELETE', `/v1/auth/sessions/${otherId}`)).status, 204);
    assert.equal((await socket.closed).code, CLOSES.revoked.code);
    assert.equal((await other.call('GET', '/v1/auth/session')).status, 401);
    assert.equal((await ownerBrowser.call('DELETE', `/v1/auth/sessions/${otherId}`)).status, 404);

    const leaving = new Browser(relay);
    await leaving.call('POST', '/v1/auth/login', { email: owner.email, password: owner.password });
    const out = await leaving.call('POST', '/v1/auth/logout');
    assert.equal(out.status, 204);
    assert.match(leaving.lastSetCookie ?? '', /^__Host-parley_session=; .*Max-Age=0/);
  });

  it('makes the member who creates a site its owner, and switches the session to it', async () => {
    const created = await ownerBrowser.call('POST', '/v1/admin/sites', { name: 'Second shop' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const session = await ownerBrowser.call('GET', '/v1/auth/session');
    assert.deepEqual(
      session.body.sites.map((s: { name: string; role: string }) => [s.name, s.role]),
      [
        ['Parley demo', 'owner'],
        ['Second shop', 'owner'],
      ],
    );
    const switched = await ownerBrowser.call('POST', '/v1/auth/site', { siteId: created.body.id });
    assert.deepEqual([switched.status, switched.body.site.name], [200, 'Second shop']);
    assert.equal((await ownerBrowser.call('GET', '/v1/admin/me')).body.site.id, created.body.id);
    const refused = await ownerBrowser.call('POST', '/v1/auth/site', { siteId: 'no_such_site' });
    assert.equal(refused.status, 403);
    assert.equal((await ownerBrowser.call('POST', '/v1/auth/site', { siteId: 'default' })).status, 200);
  });

  it('uploads a file with the session cookie, with CSRF', async () => {
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol: 'parley.v3' });
    client.send({ type: 'send', id: 'v-1', text: 'hello' });
    await client.next('ack');
    client.ws.close();
    const image = await png();
    const send = (headers: Record<string, string>) =>
      fetch(
        `${relay.httpUrl}/v1/attachments?${new URLSearchParams({ clientId: 'staff-file', name: 'a.png', conversationId: welcome.conversationId! })}`,
        {
          method: 'POST',
          body: image,
          headers: { 'content-type': 'image/png', cookie: ownerBrowser.cookie!, ...headers },
        },
      );
    const refused = await send({ origin: relay.httpUrl });
    assert.equal(refused.status, 403);
    assert.equal(((await refused.json()) as any).error.code, 'csrf_refused');
    const stored = await send({ origin: relay.httpUrl, 'x-parley-csrf': ownerBrowser.csrf! });
    assert.equal(stored.status, 201, await stored.clone().text());
    const ref = (await stored.json()) as { id: string };
    const read = await fetch(`${relay.httpUrl}/v1/attachments/${ref.id}/reference`, {
      headers: { cookie: ownerBrowser.cookie! },
    });
    assert.equal(read.status, 200);
  });

  it('gives API tokens scopes and an expiry; the listing shows tokens only', async () => {
    const created = await ownerBrowser.call('POST', '/v1/admin/tokens', { name: 'Reader', scopes: ['read'] });
    assert.equal(created.status, 201);
    assert.deepEqual([created.body.scopes, created.body.expiresAt, created.body.role], [['read'], null, 'agent']);
    const reader = created.body.token as string;
    const as = (token: string, method: string, path: string, body?: unknown) =>
      fetch(`${relay.httpUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    assert.equal((await as(reader, 'GET', '/v1/admin/conversations')).status, 200);
    const write = await as(reader, 'POST', '/v1/admin/canned-responses', { shortcut: 'hi', text: 'Hello' });
    assert.equal(write.status, 403);
    assert.equal((await as(reader, 'GET', '/v1/admin/tokens')).status, 403);
    const past = await ownerBrowser.call('POST', '/v1/admin/tokens', { name: 'Old', scopes: ['read'], expiresAt: 1 });
    assert.equal(past.status, 400);
    const soon = await ownerBrowser.call('POST', '/v1/admin/tokens', {
      name: 'Soon',
      scopes: ['read', 'write'],
      expiresAt: Date.now() + 1500,
    });
    assert.equal((await as(soon.body.token, 'GET', '/v1/admin/conversations')).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const expired = await as(soon.body.token, 'GET', '/v1/admin/conversations');
    assert.deepEqual([expired.status, ((await expired.json()) as any).error.code], [401, 'token_expired']);
    const listing = (await ownerBrowser.call('GET', '/v1/admin/tokens')).body.items as Array<{
      name: string;
      scopes: string[];
    }>;
    assert.deepEqual(
      listing.map((t) => [t.name, t.scopes]),
      [
        ['Admin', ['read', 'write', 'admin']],
        ['Reader', ['read']],
        ['Soon', ['read', 'write']],
      ],
    );
    // On the staff socket a read-only token reads but may not send (issue #33; it was refused at hello before), and
    // a token with neither read nor write has no use for it.
    const { client: readerSocket } = await TestClient.hello(
      relay.wsUrl,
      { staffToken: reader },
      { protocol: 'parley.v3' },
    );
    readerSocket.send({ type: 'send', id: 'r-1', text: 'Hi', conversationId: 'c_none' });
    assert.equal((await readerSocket.next('error', (error) => error.ref === 'r-1')).code, 'forbidden');
    readerSocket.close();
    const adminOnly = await ownerBrowser.call('POST', '/v1/admin/tokens', { name: 'Audit', scopes: ['admin'] });
    const socket = await TestClient.open(relay.wsUrl, { protocol: 'parley.v3' });
    socket.send({ type: 'hello', staffToken: adminOnly.body.token });
    assert.equal((await socket.closed).code, CLOSES.unauthorized.code);
  });
});

describe('staff accounts: email and limits (issue #19)', () => {
  it('emails invitations and reset links with SMTP, and shows no link then; a reset request always answers 202', async () => {
    const catcher = await SmtpCatcher.start();
    const relay = await startDesk({
      smtpUrl: catcher.url,
      emailFrom: 'Parley <parley@example.com>',
      publicUrl: 'https://chat.example.com',
    });
    try {
      const owner = new Browser(relay);
      const token = fragmentToken(relay.setupLink!, 'setup');
      assert.ok(relay.setupLink!.startsWith('https://chat.example.com/admin#setup='), 'links use the public URL');
      await owner.call('POST', '/v1/auth/setup', {
        token,
        email: 'o@example.com',
        name: 'O',
        password: 'owner password 1',
      });
      const sent = await owner.call('POST', '/v1/admin/team/invitations', { email: 'ivy@example.com', role: 'agent' });
      assert.equal(sent.status, 201);
      assert.deepEqual([sent.body.emailed, 'link' in sent.body], [true, false]);
      const [invitation] = await catcher.waitFor(1);
      assert.deepEqual(invitation!.to, ['ivy@example.com']);
      const inviteLink = /https:\/\/chat\.example\.com\/admin#invite=[A-Za-z0-9_-]+/.exec(
        invitation!.mail.text ?? '',
      )?.[0];
      assert.ok(inviteLink, invitation!.mail.text);
      const accepted = await new Browser(relay).call('POST', '/v1/auth/invitations/accept', {
        token: fragmentToken(inviteLink, 'invite'),
        password: 'ivy password 123',
      });
      assert.equal(accepted.status, 200);
      assert.equal(accepted.body.account.name, 'ivy');

      const unknown = await new Browser(relay).call('POST', '/v1/auth/password-reset/request', {
        email: 'nobody@example.com',
      });
      const known = await new Browser(relay).call('POST', '/v1/auth/password-reset/request', {
        email: 'ivy@example.com',
      });
      assert.deepEqual([unknown.status, known.status], [202, 202]);
      const emails = await catcher.waitFor(2);
      assert.equal(emails.length, 2, 'no email for an unknown address');
      const reset = emails[1]!;
      assert.deepEqual(reset.to, ['ivy@example.com']);
      const resetLink = /https:\/\/chat\.example\.com\/admin#reset=[A-Za-z0-9_-]+/.exec(reset.mail.text ?? '')?.[0];
      assert.ok(resetLink);
      const done = await new Browser(relay).call('POST', '/v1/auth/password-reset', {
        token: fragmentToken(resetLink, 'reset'),
        password: 'ivy new password',
      });
      assert.equal(done.status, 204);
      // The expired link of another reset: refused.
      await relay.accounts.repos.accounts.createAuthLink({
        id: 'link_old',
        tokenHash: hashToken('lr_expired_reset_token_012'),
        kind: 'reset',
        siteId: null,
        accountId: accepted.body.account.id,
        email: null,
        name: null,
        role: null,
        createdBy: null,
        createdAt: Date.now() - 7_200_000,
        expiresAt: Date.now() - 3_600_000,
        usedAt: null,
      });
      const expired = await new Browser(relay).call('POST', '/v1/auth/password-reset', {
        token: 'lr_expired_reset_token_012',
        password: 'ivy third password',
      });
      assert.deepEqual([expired.status, expired.body.error.code], [410, 'link_expired']);
    } finally {
      await relay.close();
      await catcher.stop();
    }
  });

  it('limits sign-in attempts per address and per account (429 with Retry-After)', async () => {
    const relay = await startDesk({
      authLimits: { addressBurst: 5, addressPerSecond: 0.01, accountBurst: 3, accountPerSecond: 0.01 },
    });
    try {
      const browser = new Browser(relay);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push(
          (await browser.call('POST', '/v1/auth/login', { email: 'x@example.com', password: 'wrong pass' })).status,
        );
      assert.deepEqual(statuses, [401, 401, 401, 429], 'the account’s bucket: 3');
      const other = await browser.call('POST', '/v1/auth/login', { email: 'y@example.com', password: 'wrong pass' });
      assert.equal(other.status, 401, 'another account still answers');
      const limited = await browser.call('POST', '/v1/auth/login', { email: 'z@example.com', password: 'wrong pass' });
      assert.deepEqual([limited.status, limited.body.error.code], [429, 'rate_limited'], 'the address’s bucket: 5');
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
    } finally {
      await relay.close();
    }
  });
});
