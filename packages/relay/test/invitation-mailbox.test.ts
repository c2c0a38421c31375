/**
 * An invitation's proof of the mailbox (issue #80): a link the relay emailed proves it, a handed-over one does not.
 * The code it then asks for, on SQLite and PostgreSQL, is in `support/sso-sites-suite.ts`; here, what needs no
 * store of its own: a relay that sends no email, an account nothing is at stake for, an emailed link.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Browser, fragmentToken, setUpOwner } from './support/auth-browser.js';
import { startDesk, type Desk } from './support/desk.js';
import { SmtpCatcher } from './support/smtp-catcher.js';

const password = 'a long enough password for tests';

/**
 * Another site of the relay, a provider of its own, and an account its provider made just in time (as the callback
 * does: `joinSite`, then the identity linked) whose password that site's admin learnt (a reset link it made).
 */
async function otherSitesAccount(relay: Desk, owner: Browser, email: string): Promise<{ site: string; id: string }> {
  const site = await owner.call('POST', '/v1/admin/sites', { name: 'Other company' });
  assert.equal(site.status, 201, JSON.stringify(site.body));
  const provider = await relay.call(
    'POST',
    '/v1/admin/sso/providers',
    {
      name: 'Acme',
      issuer: 'http://127.0.0.1:9',
      clientId: 'parley',
      clientSecret: 'placeholder-secret',
      allowedDomains: ['acme.test'],
    },
    site.body.adminToken,
  );
  assert.equal(provider.status, 201, JSON.stringify(provider.body));
  const now = Date.now();
  const accounts = relay.accounts!;
  const { account } = await accounts.joinSite({ email, name: 'Erin' }, site.body.id, 'agent', 'sso:x', now);
  await relay.use('sso')!.repository.link(provider.body.id, `subject-${email}`, account.id, email, now);
  await accounts.setPasswordHash(account, await accounts.hashPassword(password), now);
  return { site: site.body.id, id: account.id };
}

const auditOf = async (relay: Desk, action: string, token?: string) =>
  ((await relay.call('GET', '/v1/admin/audit?limit=100', undefined, token)).body.items as any[]).filter(
    (entry) => entry.action === action,
  );

describe('invitations: the mailbox’s proof (issue #80)', () => {
  it('a relay that sends no email refuses to let a handed-over link take over another site’s account, and says how on', async () => {
    const relay = await startDesk({ ssoAllowHttp: true });
    try {
      const owner = await setUpOwner(relay);
      const erin = await otherSitesAccount(relay, owner, 'erin@acme.test');
      const invited = await owner.call('POST', '/v1/admin/team/invitations', {
        email: 'erin@acme.test',
        role: 'agent',
      });
      assert.equal(invited.body.emailed, false);
      const token = fragmentToken(invited.body.link, 'invite');
      const refused = await new Browser(relay).call('POST', '/v1/auth/invitations/accept', { token, password });
      assert.equal(refused.status, 503, JSON.stringify(refused.body));
      assert.equal(refused.body.error.code, 'email_unavailable');
      assert.match(refused.body.error.message, /another site’s single sign-on/);
      assert.match(refused.body.error.message, /Ask whoever invited you/);
      // Nothing changed: no membership, the identity linked, the link unused.
      assert.equal(await relay.accounts!.repos.accounts.memberOf(erin.id, 'default'), undefined);
      assert.deepEqual(await relay.use('sso')!.repository.identitySites(erin.id), [erin.site]);
      const still = await new Browser(relay).call('POST', '/v1/auth/invitations/inspect', { token });
      assert.equal(still.status, 200);
    } finally {
      await relay.close();
    }
  });

  it('an account nothing else is linked to joins with its password alone, and no proof of the mailbox is claimed', async () => {
    const relay = await startDesk();
    try {
      const owner = await setUpOwner(relay);
      const site = await owner.call('POST', '/v1/admin/sites', { name: 'Other company' });
      const first = await relay.call(
        'POST',
        '/v1/admin/team/invitations',
        { email: 'fred@example.com', role: 'agent' },
        site.body.adminToken,
      );
      const made = await new Browser(relay).call('POST', '/v1/auth/invitations/accept', {
        token: fragmentToken(first.body.link, 'invite'),
        name: 'Fred',
        password,
      });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      const invited = await owner.call('POST', '/v1/admin/team/invitations', {
        email: 'fred@example.com',
        role: 'agent',
      });
      const joined = await new Browser(relay).call('POST', '/v1/auth/invitations/accept', {
        token: fragmentToken(invited.body.link, 'invite'),
        password,
      });
      assert.equal(joined.status, 200, JSON.stringify(joined.body));
      assert.equal(joined.body.site.id, 'default');
      const [accepted] = await auditOf(relay, 'invitation.accept');
      assert.equal(accepted?.details.mailboxProof, 'none');
    } finally {
      await relay.close();
    }
  });

  it('an emailed link proves the mailbox: another site’s account joins with its password, that site’s provider unlinked', async () => {
    const mail = await SmtpCatcher.start();
    const relay = await startDesk({
      ssoAllowHttp: true,
      smtpUrl: mail.url,
      emailFrom: 'Parley <parley@example.com>',
      publicUrl: 'https://chat.example.com',
    });
    try {
      const owner = await setUpOwner(relay);
      const erin = await otherSitesAccount(relay, owner, 'erin@acme.test');
      const invited = await owner.call('POST', '/v1/admin/team/invitations', {
        email: 'erin@acme.test',
        role: 'agent',
      });
      assert.equal(invited.body.emailed, true);
      const [email] = await mail.waitFor(1);
      const link = /https:\/\/chat\.example\.com\/admin#invite=[A-Za-z0-9_-]+/.exec(email!.mail.text ?? '')![0];
      const joined = await new Browser(relay).call('POST', '/v1/auth/invitations/accept', {
        token: fragmentToken(link, 'invite'),
        password,
      });
      assert.equal(joined.status, 200, JSON.stringify(joined.body));
      assert.deepEqual(await relay.use('sso')!.repository.identitySites(erin.id), []);
      const [accepted] = await auditOf(relay, 'invitation.accept');
      assert.equal(accepted?.details.mailboxProof, 'link');
      assert.equal(mail.emails.length, 1, 'no code asked for');
    } finally {
      await relay.close();
      await mail.stop();
    }
  });
});
