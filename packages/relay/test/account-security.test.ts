/** Security issue #33, the accounts part: account-wide actions, the sign-in throttle, re-authentication, origins. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CLOSES } from '@parley/protocol';
import type { RunningRelay } from '../src/index.js';
import { Browser, fragmentToken } from './support/auth-browser.js';
import { startTestRelay } from './support/relay.js';

const adminToken = 'st_admin_test_account_security_01';
const siteKey = 'pk_test_account_security';

describe('account security (issue #33)', () => {
  let relay: RunningRelay;
  const owner = { email: 'owner@example.com', name: 'Olive', password: 'correct horse battery' };
  let ownerBrowser: Browser;

  before(async () => {
    relay = await startTestRelay({
      siteKey,
      adminToken,
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

  /** A new member of the caller's current site, signed in; resolves their browser. */
  async function invite(
    by: Browser,
    role: 'admin' | 'agent',
    email: string,
    password = 'a long enough password',
  ): Promise<Browser> {
    const sent = await by.call('POST', '/v1/admin/team/invitations', { email, role });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    const browser = new Browser(relay);
    const accepted = await browser.call('POST', '/v1/auth/invitations/accept', {
      token: fragmentToken(sent.body.link, 'invite'),
      name: email.split('@')[0],
      password,
    });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    return browser;
  }

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
});
