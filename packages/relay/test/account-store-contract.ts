import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Account, AuthLink, AuthSession } from '../src/store/account-store.js';
import type { Staff } from '../src/store/store.js';
import { adminStoreOpener, otherSite, type AdminDbFactory } from './admin-store-contract.js';
import { contractSite } from './store-contract.js';

/** An account with defaults; override what a case cares about. */
export function contractAccount(overrides: Partial<Account> = {}): Account {
  return {
    id: 'acct_1',
    email: 'ada@example.com',
    name: 'Ada',
    passwordHash: '$argon2id$fake',
    totpSecret: null,
    totpPending: null,
    totpEnabledAt: null,
    recoveryCodes: [],
    createdAt: 1000,
    updatedAt: 1000,
    ...overrides,
  };
}

function link(overrides: Partial<AuthLink> = {}): AuthLink {
  return {
    id: 'link_1',
    tokenHash: 'hash_1',
    kind: 'invite',
    siteId: contractSite.id,
    accountId: null,
    email: 'bob@example.com',
    name: null,
    role: 'agent',
    createdBy: null,
    createdAt: 1000,
    expiresAt: 10_000,
    usedAt: null,
    ...overrides,
  };
}

function member(id: string, accountId: string, role: Staff['role'] = 'agent', siteId = contractSite.id): Staff {
  return { id, siteId, name: 'Member', role, tokenHash: null, createdAt: 1000, revokedAt: null, accountId };
}

function session(overrides: Partial<AuthSession> = {}): AuthSession {
  return {
    id: 'sess_1',
    accountId: 'acct_1',
    siteId: contractSite.id,
    csrfToken: 'csrf',
    createdAt: 1000,
    lastSeenAt: 1000,
    expiresAt: 50_000,
    userAgent: 'test',
    ip: '127.0.0.1',
    revokedAt: null,
    secondFactorAt: null,
    ...overrides,
  };
}

/**
 * The cases every {@link AdminDb}'s accounts part must pass (issue #19): accounts, the login failure counter,
 * single-use TOTP steps and recovery codes, memberships, setup and invitations in one transaction, sessions and
 * one-time links, and API tokens' scopes.
 */
export function accountStoreContract(name: string, make: AdminDbFactory): void {
  describe(`${name} (account store contract)`, () => {
    const open = adminStoreOpener(make);

    it('creates accounts with unique lower-cased emails and updates them', async () => {
      const { admin } = await open();
      assert.equal(await admin.repos.accounts.countAccounts(), 0);
      assert.equal(await admin.repos.accounts.createAccount(contractAccount({ email: 'Ada@Example.com' })), true);
      assert.equal(
        await admin.repos.accounts.createAccount(contractAccount({ id: 'acct_2', email: 'ADA@example.com' })),
        false,
      );
      assert.equal(await admin.repos.accounts.countAccounts(), 1);
      const found = await admin.repos.accounts.findAccountByEmail('ADA@EXAMPLE.COM');
      assert.equal(found?.id, 'acct_1');
      assert.equal(found?.email, 'ada@example.com');
      const updated = await admin.repos.accounts.updateAccount(
        'acct_1',
        { name: 'Ada L.', totpSecret: 'sealed', totpEnabledAt: 2000, recoveryCodes: ['a', 'b'] },
        2000,
      );
      assert.deepEqual(
        [updated?.name, updated?.totpSecret, updated?.totpEnabledAt, updated?.recoveryCodes, updated?.updatedAt],
        ['Ada L.', 'sealed', 2000, ['a', 'b'], 2000],
      );
      assert.equal(await admin.repos.accounts.getAccount('acct_nope'), undefined);
    });

    it('counts sign-in failures per email and address, blocks the pair at the limit, and counts again after', async () => {
      const { admin } = await open();
      const pair = { email: 'ada@example.com', address: '203.0.113.1' };
      for (let i = 1; i < 3; i++)
        assert.deepEqual(await admin.repos.accounts.recordLoginFailure(pair, 5000, 3, 900_000), {
          failures: i,
          blockedUntil: null,
        });
      assert.deepEqual(await admin.repos.accounts.recordLoginFailure(pair, 5000, 3, 900_000), {
        failures: 3,
        blockedUntil: 905_000,
      });
      assert.equal(await admin.repos.accounts.loginBlockedUntil(pair, 6000), 905_000);
      // Another address, and an email no account has, count on their own.
      const elsewhere = { ...pair, address: '198.51.100.7' };
      assert.equal(await admin.repos.accounts.loginBlockedUntil(elsewhere, 6000), null);
      assert.deepEqual(await admin.repos.accounts.recordLoginFailure(elsewhere, 6000, 3, 900_000), {
        failures: 1,
        blockedUntil: null,
      });
      // Once the block has ended, the next failure counts from 1 again (not one more to a new block).
      assert.equal(await admin.repos.accounts.loginBlockedUntil(pair, 905_000), null);
      assert.deepEqual(await admin.repos.accounts.recordLoginFailure(pair, 906_000, 3, 900_000), {
        failures: 1,
        blockedUntil: null,
      });
      await admin.repos.accounts.clearLoginFailures(pair.email, pair.address);
      assert.deepEqual((await admin.repos.accounts.recordLoginFailure(pair, 907_000, 3, 900_000)).failures, 1);
      assert.deepEqual((await admin.repos.accounts.recordLoginFailure(elsewhere, 907_000, 3, 900_000)).failures, 2);
      // Without an address: every pair of the email (a new password).
      await admin.repos.accounts.clearLoginFailures(pair.email);
      assert.deepEqual((await admin.repos.accounts.recordLoginFailure(elsewhere, 908_000, 3, 900_000)).failures, 1);
      // Counts not touched for a day go with the day's prune.
      await admin.repos.accounts.pruneAuthLinks(908_001);
      assert.deepEqual((await admin.repos.accounts.recordLoginFailure(elsewhere, 909_000, 3, 900_000)).failures, 1);
    });

    it('spends the account’s unused links of the kinds named (a new password), and no one else’s', async () => {
      const { admin } = await open();
      await admin.repos.accounts.createAccount(contractAccount());
      const of = (id: string, kind: AuthLink['kind'], accountId = 'acct_1'): AuthLink =>
        link({ id, tokenHash: `hash_${id}`, kind, accountId, siteId: null, email: null, role: null });
      await admin.repos.accounts.createAuthLink(of('l_login', 'login'));
      await admin.repos.accounts.createAuthLink(of('l_reset', 'reset'));
      await admin.repos.accounts.createAuthLink(of('l_other', 'reset', 'acct_2'));
      await admin.repos.accounts.createAuthLink(of('l_used', 'reset'));
      await admin.repos.accounts.useAuthLink('hash_l_used', 2000);
      assert.equal(await admin.repos.accounts.spendAuthLinks('acct_1', ['login', 'reset'], 3000), 2);
      assert.deepEqual(await admin.repos.accounts.useAuthLink('hash_l_login', 4000), { ok: false, reason: 'used' });
      assert.equal((await admin.repos.accounts.findAuthLink('hash_l_reset'))?.usedAt, 3000);
      assert.equal((await admin.repos.accounts.findAuthLink('hash_l_used'))?.usedAt, 2000);
      assert.equal((await admin.repos.accounts.findAuthLink('hash_l_other'))?.usedAt, null);
    });

    it('prunes the audit entries of one action older than a time, on every site', async () => {
      const { admin } = await open();
      const entry = (action: string, at: number, siteId = contractSite.id) =>
        admin.repos.audit.appendAudit({
          siteId,
          at,
          actorId: 'anonymous',
          actorName: 'Failed sign-in',
          action,
          targetType: 'account',
          targetId: '',
          details: {},
        });
      await entry('account.login_failed', 1000);
      await entry('account.login_failed', 1000, otherSite.id);
      await entry('account.login_failed', 5000);
      await entry('account.login', 1000);
      assert.equal(await admin.repos.audit.pruneAudit('account.login_failed', 2000), 2);
      const left = await admin.repos.audit.listAudit({ siteId: contractSite.id, limit: 10 });
      assert.deepEqual(
        left.map((e) => [e.action, e.at]),
        [
          ['account.login', 1000],
          ['account.login_failed', 5000],
        ],
      );
    });

    it('uses a TOTP time step and a recovery code once each', async () => {
      const { admin } = await open();
      await admin.repos.accounts.createAccount(contractAccount({ recoveryCodes: ['h1', 'h2'] }));
      assert.equal(await admin.repos.accounts.useTotpStep('acct_1', 100), true);
      assert.equal(await admin.repos.accounts.useTotpStep('acct_1', 100), false);
      assert.equal(await admin.repos.accounts.useTotpStep('acct_1', 99), false);
      assert.equal(await admin.repos.accounts.useTotpStep('acct_1', 101), true);
      await admin.repos.accounts.updateAccount('acct_1', { resetTotpStep: true }, 2000);
      assert.equal(await admin.repos.accounts.useTotpStep('acct_1', 1), true);
      assert.equal(await admin.repos.accounts.useRecoveryCode('acct_1', 'h1', 2000), true);
      assert.equal(await admin.repos.accounts.useRecoveryCode('acct_1', 'h1', 2000), false);
      assert.equal(await admin.repos.accounts.useRecoveryCode('acct_1', 'nope', 2000), false);
      assert.deepEqual((await admin.repos.accounts.getAccount('acct_1'))?.recoveryCodes, ['h2']);
    });

    it('completes the setup once: the account and its owner membership, or nothing', async () => {
      const { admin } = await open();
      await admin.repos.accounts.createAuthLink(
        link({ kind: 'setup', tokenHash: 'setup_1', id: 'l_s1', email: null, role: 'owner' }),
      );
      // A second setup link replaces the first.
      await admin.repos.accounts.createAuthLink(
        link({ kind: 'setup', tokenHash: 'setup_2', id: 'l_s2', email: null, role: 'owner' }),
        true,
      );
      assert.deepEqual(
        await admin.repos.accounts.completeSetup('setup_1', contractAccount(), member('st_o', 'acct_1', 'owner'), 2000),
        { ok: false, reason: 'unknown' },
      );
      assert.deepEqual(
        await admin.repos.accounts.completeSetup(
          'setup_2',
          contractAccount(),
          member('st_o', 'acct_1', 'owner'),
          20_000,
        ),
        { ok: false, reason: 'expired' },
      );
      assert.equal(await admin.repos.accounts.countAccounts(), 0);
      assert.deepEqual(
        await admin.repos.accounts.completeSetup('setup_2', contractAccount(), member('st_o', 'acct_1', 'owner'), 2000),
        { ok: true },
      );
      assert.deepEqual(
        (await admin.repos.accounts.memberships('acct_1')).map((m) => [m.staffId, m.siteId, m.siteName, m.role]),
        [['st_o', contractSite.id, contractSite.name, 'owner']],
      );
      assert.deepEqual(
        await admin.repos.accounts.completeSetup(
          'setup_2',
          contractAccount({ id: 'acct_2', email: 'x@example.com' }),
          member('st_x', 'acct_2'),
          2000,
        ),
        { ok: false, reason: 'used' },
      );
      assert.equal(await admin.repos.accounts.countAccounts(), 1);
    });

    it('accepts an invitation once; a member twice on one site is a conflict that changes nothing', async () => {
      const { admin } = await open();
      await admin.repos.accounts.createAccount(contractAccount());
      await admin.repos.accounts.createAuthLink(link());
      assert.deepEqual(
        (await admin.repos.accounts.listInvitations(contractSite.id, 2000)).map((l) => l.id),
        ['link_1'],
      );
      assert.deepEqual(await admin.repos.accounts.listInvitations(contractSite.id, 20_000), []);
      const bob = contractAccount({ id: 'acct_b', email: 'bob@example.com' });
      assert.deepEqual(await admin.repos.accounts.acceptInvitation('hash_1', bob, member('st_b', 'acct_b'), 2000), {
        ok: true,
      });
      assert.deepEqual(
        await admin.repos.accounts.acceptInvitation('hash_1', undefined, member('st_c', 'acct_b'), 2000),
        {
          ok: false,
          reason: 'used',
        },
      );
      assert.deepEqual(await admin.repos.accounts.listInvitations(contractSite.id, 2000), []);
      // An existing account invited again to a site it belongs to: refused, the link stays unused.
      await admin.repos.accounts.createAuthLink(link({ id: 'link_2', tokenHash: 'hash_2' }));
      assert.deepEqual(
        await admin.repos.accounts.acceptInvitation('hash_2', undefined, member('st_d', 'acct_b'), 2000),
        {
          ok: false,
          reason: 'conflict',
        },
      );
      assert.equal((await admin.repos.accounts.findAuthLink('hash_2'))?.usedAt, null);
      // …and to another site: a second membership.
      await admin.repos.accounts.createAuthLink(link({ id: 'link_3', tokenHash: 'hash_3', siteId: otherSite.id }));
      assert.deepEqual(
        await admin.repos.accounts.acceptInvitation(
          'hash_3',
          undefined,
          member('st_e', 'acct_b', 'admin', otherSite.id),
          2000,
        ),
        { ok: true },
      );
      assert.deepEqual(
        (await admin.repos.accounts.memberships('acct_b')).map((m) => [m.siteId, m.role]),
        [
          [contractSite.id, 'agent'],
          [otherSite.id, 'admin'],
        ],
      );
      assert.equal(await admin.repos.accounts.deleteInvitation(contractSite.id, 'link_2'), true);
      assert.equal(await admin.repos.accounts.deleteInvitation(contractSite.id, 'link_2'), false);
      assert.equal(await admin.repos.accounts.deleteInvitation(otherSite.id, 'link_3'), false);
    });

    it('an invitation’s mailbox proof: marked emailed, and a code sent at most once a minute, tried five times, for 15 minutes, used once', async () => {
      const { admin } = await open();
      const repo = admin.repos.accounts;
      await repo.createAuthLink(link({ expiresAt: 3_600_000 }));
      await repo.createAuthLink(link({ id: 'link_2', tokenHash: 'hash_2', expiresAt: 3_600_000 }));
      assert.equal((await repo.findAuthLink('hash_1'))?.mailedAt, null, 'handed over until marked');
      await repo.markInvitationMailed('link_1', 1500);
      assert.equal((await repo.findAuthLink('hash_1'))?.mailedAt, 1500);
      assert.equal((await repo.findAuthLink('hash_2'))?.mailedAt, null);
      const minute = 60_000;
      const ttl = 15 * minute;
      // No code sent yet: nothing to try.
      assert.equal(await repo.useInvitationCode('hash_2', 'code_a', 2000, ttl, 5), 'expired');
      assert.deepEqual(await repo.issueInvitationCode('hash_2', 'code_a', 2000, minute), { ok: true });
      assert.deepEqual(await repo.issueInvitationCode('hash_2', 'code_b', 2000 + minute - 1000, minute), {
        ok: false,
        retryAfterMs: 1000,
      });
      // Four wrong tries, then the right code: spent, and never right again.
      for (let i = 0; i < 4; i++) assert.equal(await repo.useInvitationCode('hash_2', 'nope', 3000, ttl, 5), 'wrong');
      assert.equal(await repo.useInvitationCode('hash_2', 'code_a', 3000, ttl, 5), 'right');
      assert.equal(await repo.useInvitationCode('hash_2', 'code_a', 3000, ttl, 5), 'expired');
      // A new code a minute on starts its tries again; five wrong ones end it, right or not.
      assert.deepEqual(await repo.issueInvitationCode('hash_2', 'code_c', 2000 + minute, minute), { ok: true });
      for (let i = 0; i < 5; i++) assert.equal(await repo.useInvitationCode('hash_2', 'nope', 63_000, ttl, 5), 'wrong');
      assert.equal(await repo.useInvitationCode('hash_2', 'code_c', 63_000, ttl, 5), 'expired');
      // Another invitation's code is not this one's; a code stops working 15 minutes after it was sent.
      const sent = 2000 + 2 * minute;
      assert.deepEqual(await repo.issueInvitationCode('hash_2', 'code_d', sent, minute), { ok: true });
      assert.deepEqual(await repo.issueInvitationCode('hash_1', 'code_e', sent, minute), { ok: true });
      assert.equal(await repo.useInvitationCode('hash_2', 'code_e', sent + 1000, ttl, 5), 'wrong');
      assert.equal(await repo.useInvitationCode('hash_2', 'code_d', sent + ttl, ttl, 5), 'expired');
      // A used or expired invitation gets no code.
      assert.equal((await repo.useAuthLink('hash_1', sent)).ok, true);
      assert.equal((await repo.issueInvitationCode('hash_1', 'code_f', sent + minute, minute)).ok, false);
      assert.equal((await repo.issueInvitationCode('hash_2', 'code_g', 3_600_000, minute)).ok, false);
    });

    it('lists, changes and deactivates members; API tokens are not members', async () => {
      const { store, admin } = await open();
      await admin.repos.accounts.createAuthLink(link({ kind: 'setup', tokenHash: 's', id: 's', role: 'owner' }));
      const setup = await admin.repos.accounts.completeSetup(
        's',
        contractAccount({ id: 'acct_x', email: 'x@example.com' }),
        member('st_x', 'acct_x', 'owner'),
        2000,
      );
      assert.deepEqual(setup, { ok: true });
      await admin.repos.accounts.createAccount(contractAccount({ totpEnabledAt: 5 }));
      await admin.repos.accounts.createAuthLink(link());
      await admin.repos.accounts.acceptInvitation('hash_1', undefined, member('st_a', 'acct_1'), 2000);
      await store.createStaff({
        id: 'st_tok',
        siteId: contractSite.id,
        name: 'Bot',
        role: 'agent',
        tokenHash: 'tok',
        createdAt: 3000,
        revokedAt: null,
        scopes: ['read'],
        expiresAt: 99_000,
      });
      const members = await admin.repos.accounts.listMembers(contractSite.id);
      assert.deepEqual(
        members.map((m) => [m.id, m.email, m.role, m.totpEnabled]),
        [
          ['st_a', 'ada@example.com', 'agent', true],
          ['st_x', 'x@example.com', 'owner', false],
        ],
      );
      const changed = await admin.repos.accounts.updateMember(contractSite.id, 'st_a', {
        role: 'admin',
        deactivatedAt: 4000,
      });
      assert.deepEqual([changed?.role, changed?.deactivatedAt], ['admin', 4000]);
      assert.equal((await admin.repos.accounts.memberOf('acct_1', contractSite.id))?.deactivatedAt, 4000);
      assert.equal(await admin.repos.accounts.updateMember(contractSite.id, 'st_tok', { role: 'admin' }), undefined);
      assert.equal(await admin.repos.accounts.updateMember(otherSite.id, 'st_a', { role: 'agent' }), undefined);
      const token = await store.findStaffByTokenHash('tok');
      assert.deepEqual([token?.scopes, token?.expiresAt, token?.accountId], [['read'], 99_000, null]);
      assert.deepEqual(
        (await admin.repos.desk.listStaff(contractSite.id)).map((s) => s.id),
        ['st_tok'],
      );
    });

    it('keeps sessions by their secret hash; lists the live ones; revokes one, all but one, or per site', async () => {
      const { admin } = await open();
      await admin.repos.accounts.createAccount(contractAccount());
      await admin.repos.accounts.createSession(session(), 'secret_1');
      await admin.repos.accounts.createSession(session({ id: 'sess_2', lastSeenAt: 3000 }), 'secret_2');
      await admin.repos.accounts.createSession(
        session({ id: 'sess_3', siteId: otherSite.id, lastSeenAt: 2000 }),
        'secret_3',
      );
      await admin.repos.accounts.createSession(session({ id: 'sess_old', expiresAt: 1500 }), 'secret_4');
      assert.equal((await admin.repos.accounts.findSession('secret_2'))?.id, 'sess_2');
      assert.equal(await admin.repos.accounts.findSession('nope'), undefined);
      assert.deepEqual(
        (await admin.repos.accounts.listSessions('acct_1', 2000)).map((s) => s.id),
        ['sess_2', 'sess_3', 'sess_1'],
      );
      await admin.repos.accounts.touchSession('sess_1', 4000, 60_000);
      const touched = await admin.repos.accounts.getSession('sess_1');
      assert.deepEqual([touched?.lastSeenAt, touched?.expiresAt], [4000, 60_000]);
      await admin.repos.accounts.switchSessionSite('sess_1', otherSite.id);
      assert.equal((await admin.repos.accounts.getSession('sess_1'))?.siteId, otherSite.id);
      // A session made without the second factor records it when given later (two-factor turned on in it).
      assert.equal((await admin.repos.accounts.getSession('sess_1'))?.secondFactorAt, null);
      await admin.repos.accounts.markSecondFactor('sess_1', 4500);
      assert.equal((await admin.repos.accounts.getSession('sess_1'))?.secondFactorAt, 4500);
      assert.equal((await admin.repos.accounts.findSession('secret_2'))?.secondFactorAt, null);
      assert.deepEqual(await admin.repos.accounts.revokeSessions('acct_1', 5000, { only: 'sess_2' }), ['sess_2']);
      assert.deepEqual(await admin.repos.accounts.revokeSessions('acct_1', 5000, { only: 'sess_2' }), []);
      assert.deepEqual((await admin.repos.accounts.revokeSessions('acct_1', 5000, { siteId: otherSite.id })).sort(), [
        'sess_1',
        'sess_3',
      ]);
      assert.deepEqual(await admin.repos.accounts.revokeSessions('acct_1', 5000, { except: 'sess_old' }), []);
      assert.deepEqual(await admin.repos.accounts.revokeSessions('acct_1', 5000), ['sess_old']);
      assert.equal((await admin.repos.accounts.getSession('sess_2'))?.revokedAt, 5000);
      // Ended a while ago: pruned (with links), the live ones stay.
      await admin.repos.accounts.createSession(session({ id: 'sess_live', expiresAt: 90_000 }), 'secret_5');
      assert.equal(await admin.repos.accounts.pruneAuthLinks(6000), 4);
      assert.equal(await admin.repos.accounts.getSession('sess_1'), undefined);
      assert.equal((await admin.repos.accounts.getSession('sess_live'))?.id, 'sess_live');
    });

    it('uses a link once and before it expires; prunes expired links', async () => {
      const { admin } = await open();
      await admin.repos.accounts.createAuthLink(
        link({ kind: 'reset', tokenHash: 'r1', id: 'r1', accountId: 'acct_1' }),
      );
      await admin.repos.accounts.createAuthLink(link({ kind: 'reset', tokenHash: 'r2', id: 'r2', expiresAt: 1500 }));
      assert.deepEqual(await admin.repos.accounts.useAuthLink('nope', 2000), { ok: false, reason: 'unknown' });
      assert.deepEqual(await admin.repos.accounts.useAuthLink('r2', 2000), { ok: false, reason: 'expired' });
      const used = await admin.repos.accounts.useAuthLink('r1', 2000);
      assert.equal(used.ok && used.link.accountId, 'acct_1');
      assert.deepEqual(await admin.repos.accounts.useAuthLink('r1', 2000), { ok: false, reason: 'used' });
      assert.equal(await admin.repos.accounts.pruneAuthLinks(2000), 1);
      assert.equal(await admin.repos.accounts.findAuthLink('r2'), undefined);
    });

    it('keeps require2fa with the other settings', async () => {
      const { admin } = await open();
      assert.equal((await admin.repos.retention.getSettings(contractSite.id)).require2fa, false);
      const updated = await admin.repos.retention.updateSettings(contractSite.id, { require2fa: true });
      assert.deepEqual([updated.require2fa, updated.retentionDays], [true, null]);
      assert.equal((await admin.repos.retention.getSettings(otherSite.id)).require2fa, false);
    });
  });
}
