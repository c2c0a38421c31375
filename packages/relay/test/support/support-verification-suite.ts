/**
 * A support address is confirmed before it does anything (issue #80), run on SQLite
 * (`test/support-verification.test.ts`) and PostgreSQL (`test-services/support-verification-postgres.test.ts`): a
 * site that claims another company's address takes none of its mail and sends nothing from it; the code mailed to
 * the address confirms it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import type { StartOptions } from '../../src/index.js';
import { adminToken, startDesk, type Desk } from './desk.js';
import { SmtpCatcher, type CaughtEmail } from './smtp-catcher.js';

/** The code a confirmation email carries. */
function codeIn(email: CaughtEmail): string {
  const code = /^([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})$/m.exec(email.mail.text ?? '')?.[1];
  assert.ok(code, `a code in "${email.mail.subject}"`);
  return code;
}

/** Runs the suite on the store `options` name (merged over the desk's). */
export function supportVerificationSuite(name: string, options: () => Promise<StartOptions> | StartOptions): void {
  describe(`a support address is confirmed by the code mailed to it (${name})`, () => {
    const victim = 'help@victim.test.example';
    const clock = { offset: 0, now: () => Date.now() + clock.offset };
    let relay: Desk;
    let catcher: SmtpCatcher;
    let tenant: string;
    before(async () => {
      catcher = await SmtpCatcher.start();
      relay = await startDesk({
        smtpUrl: catcher.url,
        emailFrom: 'Relay <relay@relay.test.example>',
        inboundDomain: 'reply.test.example',
        inboundSmtpPort: 0,
        inboundSmtpHost: '127.0.0.1',
        ipRateLimitPerSecond: 0,
        adminRateLimitBurst: 0,
        emailClock: clock.now,
        ...(await options()),
      });
      const made = await relay.call('POST', '/v1/admin/sites', { name: 'Tenant' });
      assert.equal(made.status, 201);
      tenant = made.body.adminToken as string;
    });
    after(async () => {
      await relay.close();
      await catcher.stop();
    });

    const put = (items: unknown, as?: string) => relay.call('PUT', '/v1/admin/support-addresses', { items }, as);
    const confirm = (body: unknown, as?: string) => relay.call('POST', '/v1/admin/support-addresses/confirm', body, as);
    const mailTo = (to: string) =>
      nodemailer
        .createTransport({ host: '127.0.0.1', port: relay.inbound!.smtpPort!, secure: false })
        .sendMail({ from: 'customer@customer.test.example', to, subject: 'Hello', text: 'Is it there?' });
    const refusedAtRcpt = (error: Error & { responseCode?: number }) => error.responseCode === 550;

    it('a claim waits: no mail taken, nothing sent from it, and another site’s claim does not hold the address', async () => {
      const claimed = await put([{ address: victim }], tenant);
      assert.equal(claimed.status, 200, JSON.stringify(claimed.body));
      assert.deepEqual(
        claimed.body.items.map((item: { address: string; verifiedAt: unknown }) => [item.address, item.verifiedAt]),
        [[victim, null]],
      );
      const [toTenant] = await catcher.waitFor(1);
      assert.deepEqual(toTenant!.to, [victim]);
      const tenantCode = codeIn(toTenant!);
      await assert.rejects(mailTo(victim), refusedAtRcpt);
      // Replies would go `From:` it only once confirmed: the email feature finds no such address.
      assert.equal(await relay.use('support')!.addresses.find(victim), undefined);

      // The address's real owner claims it too: the tenant's waiting claim gives way, and its code stops working.
      assert.equal((await put([{ address: victim, name: 'Victim help' }])).status, 200);
      const [, toOwner] = await catcher.waitFor(2);
      const ownerCode = codeIn(toOwner!);
      assert.notEqual(ownerCode, tenantCode);
      assert.equal((await confirm({ address: victim, code: tenantCode }, tenant)).status, 404);
      assert.deepEqual((await relay.call('GET', '/v1/admin/support-addresses', undefined, tenant)).body.items, []);

      // Bad input changes nothing: an unknown field is named, a wrong code counted.
      const extra = await confirm({ address: victim, code: ownerCode, verified: true });
      assert.equal(extra.status, 400);
      assert.match(JSON.stringify(extra.body), /verified/);
      assert.equal((await confirm({ address: victim, code: tenantCode })).status, 400);
      await assert.rejects(mailTo(victim), refusedAtRcpt);

      const confirmed = await confirm({ address: victim, code: ownerCode.toLowerCase().replace(/-/g, ' ') });
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
      assert.equal(typeof confirmed.body.items[0].verifiedAt, 'number');
      assert.equal((await mailTo(victim)).accepted.length, 1);
      assert.equal((await relay.use('support')!.addresses.find(victim))?.siteId, 'default');
      // Confirmed, it is the site's: another's claim is refused, and changes nothing.
      assert.equal((await put([{ address: victim }], tenant)).status, 409);
      assert.equal((await relay.use('support')!.addresses.find(victim))?.siteId, 'default');
    });

    it('a code stops working after five wrong ones; a new one is sent at most once a minute', async () => {
      const address = 'sales@victim.test.example';
      const before = catcher.emails.length;
      assert.equal((await put([{ address }], tenant)).status, 200);
      const code = codeIn((await catcher.waitFor(before + 1)).at(-1)!);
      for (let i = 0; i < 5; i++)
        assert.equal((await confirm({ address, code: 'AAAA-AAAA-AAAA' }, tenant)).status, 400);
      const late = await confirm({ address, code }, tenant);
      assert.equal(late.status, 400);
      assert.match(late.body.error.message, /no longer works/);
      const resend = (as = tenant) => relay.call('POST', '/v1/admin/support-addresses/resend', { address }, as);
      assert.equal((await resend()).status, 429);
      assert.equal((await resend(adminToken)).status, 404, 'not the default site’s');
      clock.offset += 61_000;
      assert.equal((await resend()).status, 202);
      const fresh = codeIn((await catcher.waitFor(before + 2)).at(-1)!);
      assert.equal((await confirm({ address, code: fresh }, tenant)).status, 200);
      assert.equal((await relay.use('support')!.addresses.find(address))?.siteId !== 'default', true);
    });

    it('concurrent attempts at a code try no more codes than the limit: five are checked, the rest refused unchecked', async () => {
      const address = 'billing@victim.test.example';
      const before = catcher.emails.length;
      assert.equal((await put([{ address }], tenant)).status, 200);
      const code = codeIn((await catcher.waitFor(before + 1)).at(-1)!);
      const answers = await Promise.all(
        Array.from({ length: 24 }, () => confirm({ address, code: 'AAAA-AAAA-AAAA' }, tenant)),
      );
      const said = answers.map((answer) => `${answer.status} ${answer.body.error?.message as string}`);
      assert.equal(said.filter((line) => /not the code/.test(line)).length, 5, said.join('\n'));
      assert.equal(said.filter((line) => /no longer works/.test(line)).length, 19, said.join('\n'));
      assert.match((await confirm({ address, code }, tenant)).body.error.message, /no longer works/);
    });
  });
}
