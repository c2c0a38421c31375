/**
 * A site's two-factor rule checked on the session, not only on the account (issue #80, docs/accounts.md
 * "Two-factor"), run on SQLite (`test/two-factor-sessions.test.ts`) and PostgreSQL
 * (`test-services/two-factor-sessions-postgres.test.ts`): a real relay on port 0, real sign-ins and sockets. The
 * default site leaves two-factor to its members; a second site ("Strict") requires it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generate } from 'otplib';
import { CLOSES } from '@parley/protocol';
import type { StartOptions } from '../../src/index.js';
import { Browser, fragmentToken, invite, setUpOwner } from './auth-browser.js';
import { startDesk, type Desk } from './desk.js';

const password = 'a long enough password';

/** The suite, on the store `options` name (`{}`: SQLite in the desk's temp dir). */
export function twoFactorSessionsSuite(name: string, options: () => Promise<StartOptions> | StartOptions): void {
  describe(`two-factor checked on the session (${name})`, () => {
    let relay: Desk;
    let owner: Browser;
    let strictSite = '';
    /** TOTP secrets by email, and the time step each account used last (a code works once per step). */
    const secrets = new Map<string, string>();
    const steps = new Map<string, number>();

    /** A code of the account no earlier use has spent: the current time step, or the next (the relay takes ±1). */
    const nextCode = (email: string): Promise<string> => {
      const step = Math.max((steps.get(email) ?? 0) + 1, Math.floor(Date.now() / 30_000));
      steps.set(email, step);
      return generate({ secret: secrets.get(email)!, epoch: step * 30 });
    };

    /** Turns two-factor on in `browser`'s session (which gives the code there). */
    const enableTotp = async (browser: Browser, email: string, accountPassword = password): Promise<void> => {
      const setup = await browser.call('POST', '/v1/auth/totp/setup');
      assert.equal(setup.status, 200, JSON.stringify(setup.body));
      secrets.set(email, setup.body.secret as string);
      const enabled = await browser.call('POST', '/v1/auth/totp/enable', {
        password: accountPassword,
        code: await nextCode(email),
      });
      assert.equal(enabled.status, 200, JSON.stringify(enabled.body));
    };

    /** An invitation from the owner's current site, accepted with the account's password alone. */
    const acceptInvitation = async (email: string, role: 'admin' | 'agent' = 'agent') => {
      const sent = await owner.call('POST', '/v1/admin/team/invitations', { email, role });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      const browser = new Browser(relay);
      const accepted = await browser.call('POST', '/v1/auth/invitations/accept', {
        token: fragmentToken(sent.body.link, 'invite'),
        password,
      });
      return { browser, accepted };
    };

    /** Moves the owner's session (made with the code) to `siteId`. */
    const ownerTo = async (siteId: string): Promise<void> => {
      const moved = await owner.call('POST', '/v1/auth/site', { siteId });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
    };

    /** Signs in with the password and the code, as the sign-in page does. */
    const signInWithCode = async (email: string): Promise<Browser> => {
      const browser = new Browser(relay);
      const first = await browser.call('POST', '/v1/auth/login', { email, password });
      assert.equal(first.body.challenge, 'totp', JSON.stringify(first.body));
      const second = await browser.call('POST', '/v1/auth/login/totp', {
        challengeToken: first.body.challengeToken,
        code: await nextCode(email),
      });
      assert.equal(second.status, 200, JSON.stringify(second.body));
      return browser;
    };

    before(async () => {
      relay = await startDesk({
        ipRateLimitPerSecond: 0,
        adminRateLimitBurst: 0,
        authLimits: { addressBurst: 1000, addressPerSecond: 100, accountBurst: 1000, accountPerSecond: 100 },
        ...(await options()),
      });
      owner = await setUpOwner(relay);
      // The owner's setup session turns two-factor on, so it gave the code: it may act on the strict site.
      await enableTotp(owner, 'owner@example.com', 'owner password 12');
      const site = await owner.call('POST', '/v1/admin/sites', { name: 'Strict' });
      assert.equal(site.status, 201, JSON.stringify(site.body));
      strictSite = site.body.id;
      await ownerTo(strictSite);
      const strict = await owner.call('PATCH', '/v1/admin/settings', { require2fa: true });
      assert.equal(strict.status, 200, JSON.stringify(strict.body));
      await ownerTo('default');
    });
    after(() => relay.close());

    it('a session without the code cannot switch into a site that requires two-factor, though the account has TOTP on', async () => {
      // Tess is a member of the strict site, with two-factor on, signed in there with her code.
      await ownerTo(strictSite);
      const tess = await invite(relay, owner, 'agent', 'tess@example.com', password);
      await enableTotp(tess, 'tess@example.com');
      await ownerTo('default');
      // An invitation to the default site, accepted with her password alone: a session there, without the code.
      const { browser, accepted } = await acceptInvitation('tess@example.com');
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
      assert.equal(accepted.body.site.id, 'default');
      assert.equal((await browser.call('GET', '/v1/admin/conversations')).status, 200, 'its own site has no rule');

      const refused = await browser.call('POST', '/v1/auth/site', { siteId: strictSite });
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.deepEqual([refused.status, refused.body.error.code], [403, '2fa_required']);
      assert.match(refused.body.error.message, /sign in again/);
      const still = await browser.call('GET', '/v1/auth/session');
      assert.equal(still.body.site.id, 'default', 'the session stayed where it was');
      assert.equal((await browser.call('GET', '/v1/admin/conversations')).status, 200);
    });

    it('an invitation accepted with the password alone does not act on a site that requires two-factor', async () => {
      // Uma has two-factor on (turned on in a session of the default site, where she is a member).
      const uma = await invite(relay, owner, 'agent', 'uma@example.com', password);
      await enableTotp(uma, 'uma@example.com');
      await ownerTo(strictSite);
      try {
        const { browser, accepted } = await acceptInvitation('uma@example.com', 'admin');
        assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
        // The membership is made; the session is held back until she signs in with her code.
        assert.equal(accepted.body.site.id, strictSite);
        const listed = await browser.call('GET', '/v1/admin/conversations');
        assert.equal(listed.status, 403, 'refused on the strict site');
        assert.equal(listed.body.error.code, '2fa_required');
        assert.match(listed.body.error.message, /without your code: sign in again/);
        // The inbox learns why from the session body, and asks for the code rather than for its setup.
        assert.deepEqual([accepted.body.require2faCode, accepted.body.require2faSetup], [true, false]);
        const changed = await browser.call('PATCH', '/v1/admin/settings', { require2fa: false });
        assert.deepEqual([changed.status, changed.body.error.code], [403, '2fa_required']);
        const socket = await browser.socket();
        socket.send({ type: 'hello' });
        assert.equal((await socket.closed).code, CLOSES.unauthorized.code);
        // Nothing changed on the site.
        assert.equal((await owner.call('GET', '/v1/admin/settings')).body.require2fa, true);

        // Signed in again with the code, she works there.
        const again = await signInWithCode('uma@example.com');
        const moved = await again.call('POST', '/v1/auth/site', { siteId: strictSite });
        assert.equal(moved.status, 200, JSON.stringify(moved.body));
        assert.equal(moved.body.require2faCode, false);
        assert.equal((await again.call('GET', '/v1/admin/conversations')).status, 200);
      } finally {
        await ownerTo('default');
      }
    });

    it('a session made with the code, or that turned two-factor on, keeps working on a site that requires it', async () => {
      const vera = await invite(relay, owner, 'agent', 'vera@example.com', password);
      await enableTotp(vera, 'vera@example.com');
      await ownerTo(strictSite);
      let rita: Browser;
      try {
        assert.equal((await acceptInvitation('vera@example.com')).accepted.status, 200);
        // Rita joins the strict site without two-factor: she sets it up in that session, which then gave the code.
        rita = await invite(relay, owner, 'agent', 'rita@example.com', password);
      } finally {
        await ownerTo('default');
      }
      const before = await rita.call('GET', '/v1/auth/session');
      assert.deepEqual([before.body.require2faSetup, before.body.require2faCode], [true, false]);
      await enableTotp(rita, 'rita@example.com');
      const after = await rita.call('GET', '/v1/auth/session');
      assert.deepEqual([after.body.require2faSetup, after.body.require2faCode], [false, false]);
      assert.equal((await rita.call('GET', '/v1/admin/conversations')).status, 200);

      // Vera signs in with her code on the default site, and switches into the strict one: it works, socket too.
      const signedIn = await signInWithCode('vera@example.com');
      const moved = await signedIn.call('POST', '/v1/auth/site', { siteId: strictSite });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      assert.deepEqual([moved.body.require2faSetup, moved.body.require2faCode], [false, false]);
      assert.equal((await signedIn.call('GET', '/v1/admin/conversations')).status, 200);
      const socket = await signedIn.socket();
      socket.send({ type: 'hello' });
      const welcome = await socket.next('welcome');
      assert.equal(welcome.site.id, strictSite);
      socket.ws.close();
    });
  });
}
