/**
 * A single sign-on domain verified by a code mailed to an address at it (issue #80), beside the DNS record, run on
 * SQLite (`test/sso-domain-mail.test.ts`) and PostgreSQL (`test-services/sso-postgres.test.ts`): the code goes to the
 * address the admin picked at the domain, works once, for a day and five tries counted as they come in, and one
 * domain is still verified for one site of the relay.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StartOptions } from '../../src/index.js';
import { adminToken, startDesk, type Desk } from './desk.js';
import { SmtpCatcher, type CaughtEmail } from './smtp-catcher.js';

/** The code a verification email carries. */
function codeIn(email: CaughtEmail): string {
  const code = /^([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})$/m.exec(email.mail.text ?? '')?.[1];
  assert.ok(code, `a code in "${email.mail.subject}"`);
  return code;
}

/** Runs the suite on the store `options` name (merged over the desk's). */
export function ssoDomainMailSuite(name: string, options: () => Promise<StartOptions> | StartOptions): void {
  describe(`a single sign-on domain verified by a code mailed to it (${name})`, () => {
    const clock = { offset: 0, now: () => Date.now() + clock.offset };
    let relay: Desk;
    let catcher: SmtpCatcher;
    let other: string;
    before(async () => {
      catcher = await SmtpCatcher.start();
      relay = await startDesk({
        smtpUrl: catcher.url,
        emailFrom: 'Relay <relay@relay.test.example>',
        ssoAllowHttp: true,
        ssoAllowPrivate: true,
        ipRateLimitPerSecond: 0,
        adminRateLimitBurst: 0,
        clock: clock.now,
        ...(await options()),
      });
      const site = await relay.call('POST', '/v1/admin/sites', { name: 'Other company' });
      assert.equal(site.status, 201, JSON.stringify(site.body));
      other = site.body.adminToken as string;
      for (const [as, allowedDomains] of [
        [undefined, ['acme.test']],
        [other, ['acme.test', 'beta.test']],
      ] as const) {
        const made = await relay.call(
          'POST',
          '/v1/admin/sso/providers',
          { name: 'Acme', issuer: 'http://127.0.0.1:9', clientId: 'parley', clientSecret: 'secret', allowedDomains },
          as,
        );
        assert.equal(made.status, 201, JSON.stringify(made.body));
      }
    });
    after(async () => {
      await relay?.close();
      await catcher?.stop();
    });

    const mail = (body: unknown, as?: string) => relay.call('POST', '/v1/admin/sso/domains/mail', body, as);
    const confirm = (body: unknown, as?: string) => relay.call('POST', '/v1/admin/sso/domains/confirm', body, as);
    const domain = async (wanted: string, as?: string) =>
      ((await relay.call('GET', '/v1/admin/sso/domains', undefined, as)).body.items as { domain: string }[]).find(
        (d) => d.domain === wanted,
      ) as { verified: boolean; mail: { address: string; sentAt: number } | null } | undefined;

    it('refuses an address outside the domain, a domain no provider allows and unknown fields, sending nothing', async () => {
      const cases: Array<[unknown, number, RegExp]> = [
        [{ domain: 'acme.test', address: 'admin@evil.test' }, 400, /address.*must be an address at the domain/],
        [{ domain: 'acme.test', address: 'admin@mail.acme.test' }, 400, /address.*must be an address at the domain/],
        [{ domain: 'acme.test', address: 'not an address' }, 400, /address/],
        // Any other mailbox at the domain may be anyone's: an employee's must not verify the company's domain.
        [
          { domain: 'acme.test', address: 'it@acme.test' },
          400,
          /address.*administrative mailboxes: admin@, administrator@/,
        ],
        [{ domain: 'acme.test', address: 'admin.team@acme.test' }, 400, /administrative mailboxes/],
        [{ domain: 'acme.test', address: 'admin@acme.test', verified: true }, 400, /verified/],
        [{ domain: 'beta.test', address: 'admin@beta.test' }, 404, /No provider of this site allows this domain/],
      ];
      for (const [body, status, message] of cases) {
        const answer = await mail(body);
        assert.equal(answer.status, status, JSON.stringify(answer.body));
        assert.match(JSON.stringify(answer.body), message);
      }
      assert.equal((await confirm({ domain: 'acme.test', code: 'AAAA-AAAA-AAAA' })).status, 404, 'no code sent yet');
      assert.equal(catcher.emails.length, 0);
      assert.equal((await domain('acme.test'))?.mail, null);
    });

    it('mails a code to the picked address; entering it verifies the domain for the site, and one site only', async () => {
      // The other site asks first: its waiting code holds nothing.
      const theirs = await mail({ domain: 'acme.test', address: 'webmaster@acme.test' }, other);
      assert.equal(theirs.status, 200, JSON.stringify(theirs.body));
      const theirCode = codeIn((await catcher.waitFor(1))[0]!);

      const sent = await mail({ domain: 'Acme.test', address: 'Postmaster@Acme.test' });
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      assert.equal(sent.body.verified, false);
      assert.equal(sent.body.mail.address, 'postmaster@acme.test');
      const email = (await catcher.waitFor(2))[1]!;
      assert.deepEqual(email.to, ['postmaster@acme.test']);
      assert.match(email.mail.subject ?? '', /Verify acme\.test for single sign-on/);
      assert.match(email.mail.text ?? '', /Parley demo/);
      const code = codeIn(email);
      assert.notEqual(code, theirCode);
      const again = await fetch(`${relay.httpUrl}/v1/admin/sso/domains/mail`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ domain: 'acme.test', address: 'admin@acme.test' }),
      });
      assert.equal(again.status, 429, 'one a minute');
      assert.ok(Number(again.headers.get('retry-after')) > 0);

      const wrong = await confirm({ domain: 'acme.test', code: theirCode });
      assert.equal(wrong.status, 400);
      assert.match(wrong.body.error.message, /not the code sent to postmaster@acme\.test/);
      assert.equal((await domain('acme.test'))?.verified, false);
      const done = await confirm({ domain: 'acme.test', code: code.toLowerCase().replace(/-/g, ' ') });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal(done.body.verified, true);
      assert.equal(done.body.mail, null);
      assert.equal((await domain('acme.test'))?.verified, true);
      assert.equal((await confirm({ domain: 'acme.test', code })).status, 409, 'used');
      assert.equal((await mail({ domain: 'acme.test', address: 'admin@acme.test' })).status, 409);

      const audit = await relay.call('GET', '/v1/admin/audit?limit=50');
      const entries = (audit.body.items as { action: string; details: Record<string, unknown> }[]).filter((e) =>
        e.action.startsWith('sso.domain_'),
      );
      assert.deepEqual(
        entries.map((e) => [e.action, e.details]),
        [
          ['sso.domain_verify', { domain: 'acme.test', method: 'mail', address: 'postmaster@acme.test' }],
          ['sso.domain_mail', { domain: 'acme.test', address: 'postmaster@acme.test' }],
        ],
      );
      assert.ok(!JSON.stringify(audit.body).includes(code), 'the code is in no log');

      // The other site's right code, too late: one domain, one site.
      const taken = await confirm({ domain: 'acme.test', code: theirCode }, other);
      assert.equal(taken.status, 409, JSON.stringify(taken.body));
      assert.match(taken.body.error.message, /another site/);
      assert.equal((await domain('acme.test', other))?.verified, false);
      assert.equal((await mail({ domain: 'acme.test', address: 'webmaster@acme.test' }, other)).status, 409);
    });

    it('a code works for five tries, counted as concurrent ones come in, and for a day', async () => {
      const before = catcher.emails.length;
      assert.equal((await mail({ domain: 'beta.test', address: 'admin@beta.test' }, other)).status, 200);
      const code = codeIn((await catcher.waitFor(before + 1)).at(-1)!);
      const answers = await Promise.all(
        Array.from({ length: 24 }, () => confirm({ domain: 'beta.test', code: 'AAAA-AAAA-AAAA' }, other)),
      );
      const said = answers.map((answer) => `${answer.status} ${answer.body.error?.message as string}`);
      assert.equal(said.filter((line) => /^400 That is not the code/.test(line)).length, 5, said.join('\n'));
      assert.equal(said.filter((line) => /^400 That code no longer works/.test(line)).length, 19, said.join('\n'));
      assert.match((await confirm({ domain: 'beta.test', code }, other)).body.error.message, /no longer works/);

      clock.offset += 61_000;
      assert.equal((await mail({ domain: 'beta.test', address: 'admin@beta.test' }, other)).status, 200);
      const fresh = codeIn((await catcher.waitFor(before + 2)).at(-1)!);
      clock.offset += 24 * 60 * 60 * 1000 + 1;
      assert.match((await confirm({ domain: 'beta.test', code: fresh }, other)).body.error.message, /no longer works/);
      assert.equal((await mail({ domain: 'beta.test', address: 'admin@beta.test' }, other)).status, 200);
      const last = codeIn((await catcher.waitFor(before + 3)).at(-1)!);
      const done = await confirm({ domain: 'beta.test', code: last }, other);
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal((await domain('beta.test', other))?.verified, true);
      assert.equal((await domain('beta.test'))?.verified, undefined, 'not the default site’s');
    });
  });

  describe(`a relay that sends no email (${name})`, () => {
    it('answers 503 email_unavailable and keeps nothing: the DNS record is the way', async () => {
      const relay = await startDesk({ ssoAllowHttp: true, ssoAllowPrivate: true, ...(await options()) });
      try {
        const made = await relay.call('POST', '/v1/admin/sso/providers', {
          name: 'Acme',
          issuer: 'http://127.0.0.1:9',
          clientId: 'parley',
          clientSecret: 'secret',
          allowedDomains: ['acme.test'],
        });
        assert.equal(made.status, 201, JSON.stringify(made.body));
        const answer = await relay.call('POST', '/v1/admin/sso/domains/mail', {
          domain: 'acme.test',
          address: 'admin@acme.test',
        });
        assert.equal(answer.status, 503, JSON.stringify(answer.body));
        assert.equal(answer.body.error.code, 'email_unavailable');
        const listed = await relay.call('GET', '/v1/admin/sso/domains');
        assert.equal(listed.body.items[0].mail, null);
      } finally {
        await relay.close();
      }
    });
  });
}
