/**
 * `parley-relay support-address list|confirm` as a real process (packages/relay/dist/main.js) beside a running relay,
 * on SQLite (`test/cli-support-address.test.ts`) and PostgreSQL (`test-services/cli-postgres.test.ts`): the
 * operator lists the addresses waiting for their code and confirms one for its site, never another site's.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StartOptions } from '../../src/index.js';
import { runCli } from './cli.js';
import { startDesk, type Desk } from './desk.js';
import { until } from './until.js';

/** What the relay starts with, and the environment the commands run with (its data dir, its database). */
export interface CliStore {
  readonly relay: StartOptions;
  readonly env: Record<string, string>;
}

export function cliSupportAddressSuite(name: string, store: () => Promise<CliStore>): void {
  describe(`parley-relay support-address (${name})`, () => {
    let relay: Desk;
    let env: Record<string, string>;
    let tenant: { id: string; token: string };
    before(async () => {
      const given = await store();
      env = given.env;
      relay = await startDesk({ ipRateLimitPerSecond: 0, ...given.relay });
      const made = await relay.call('POST', '/v1/admin/sites', { name: 'Tenant' });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      tenant = { id: made.body.id as string, token: made.body.adminToken as string };
      // No SMTP: the codes cannot be mailed, and the addresses wait (the operator's case).
      const own = await relay.call('PUT', '/v1/admin/support-addresses', {
        items: [{ address: 'Help@Operator.example' }],
      });
      assert.equal(own.status, 200, JSON.stringify(own.body));
      const theirs = await relay.call(
        'PUT',
        '/v1/admin/support-addresses',
        { items: [{ address: 'help@tenant.example', name: 'Tenant help' }] },
        tenant.token,
      );
      assert.equal(theirs.status, 200, JSON.stringify(theirs.body));
    });
    after(() => relay?.close());

    const support = () => relay.use('support')!.addresses;

    it('lists the waiting addresses of every site, or of one', async () => {
      const all = await runCli(['support-address', 'list'], env);
      assert.equal(all.code, 0, all.stderr);
      assert.match(all.stdout, /^ADDRESS\s+SITE\s+ADDED\s+SITE NAME\n/);
      assert.match(all.stdout, /\nhelp@operator\.example\s+default\s+\d{4}-\d\d-\d\dT/);
      assert.match(all.stdout, new RegExp(`\\nhelp@tenant\\.example\\s+${tenant.id}\\s+.*Tenant\\n`));
      const one = await runCli(['support-address', 'list', '--site', tenant.id, '--json'], env);
      assert.equal(one.code, 0, one.stderr);
      assert.deepEqual(
        (JSON.parse(one.stdout) as { address: string; siteId: string; siteName: string; name: string }[]).map(
          ({ address, siteId, siteName, name }) => ({ address, siteId, siteName, name }),
        ),
        [{ address: 'help@tenant.example', siteId: tenant.id, siteName: 'Tenant', name: 'Tenant help' }],
      );
      const none = await runCli(['support-address', 'list', '--site', 'site_nope'], env);
      assert.equal(none.code, 64);
      assert.match(none.stderr, /no site "site_nope" on this relay/);
    });

    it('refuses what it cannot do, naming why, and changes nothing', async () => {
      const cases: Array<[string[], RegExp]> = [
        [['confirm', 'help@tenant.example'], /--site is required/],
        [['confirm', '--site', tenant.id], /missing <address>/],
        [['confirm', 'not an address', '--site', tenant.id], /<address>: must be one plain address/],
        [['confirm', 'help@tenant.example', '--site', 'site_nope'], /no site "site_nope" on this relay/],
        [['confirm', 'nobody@tenant.example', '--site', tenant.id], /no site of this relay has the support address/],
        // Another site's address, by mistake: refused, whichever site was meant.
        [
          ['confirm', 'help@tenant.example', '--site', 'default'],
          new RegExp(`help@tenant\\.example is waiting on the site ${tenant.id}, not on default: nothing changed`),
        ],
        [['confirm', 'help@operator.example', '--site', tenant.id], /is waiting on the site default, not on site_/],
      ];
      for (const [args, message] of cases) {
        const result = await runCli(['support-address', ...args], env);
        assert.equal(result.code, 64, `${args.join(' ')}: ${result.stderr}`);
        assert.match(result.stderr, message, args.join(' '));
        assert.match(result.stderr, /Usage: parley-relay support-address confirm/, args.join(' '));
      }
      assert.deepEqual((await support().waiting()).map((item) => item.address).sort(), [
        'help@operator.example',
        'help@tenant.example',
      ]);
    });

    it('confirms a site’s address: the running relay takes its mail, the site’s audit says so, and only once', async () => {
      const done = await runCli(['support-address', 'confirm', 'HELP@tenant.example', '--site', tenant.id], env);
      assert.equal(done.code, 0, done.stderr);
      assert.equal(done.stdout, `Confirmed help@tenant.example as a support address of Tenant (${tenant.id}).\n`);
      // The running relay reads the confirmed addresses again within seconds.
      const found = await until(() => support().find('help@tenant.example'), 'the relay to see it', {
        timeoutMs: 10_000,
      });
      assert.equal(found.siteId, tenant.id);
      const listed = await relay.call('GET', '/v1/admin/support-addresses', undefined, tenant.token);
      assert.equal(typeof listed.body.items[0].verifiedAt, 'number');
      const audit = await relay.call('GET', '/v1/admin/audit', undefined, tenant.token);
      const entry = (audit.body.items as { action: string; actorId: string; details: unknown }[]).find(
        (e) => e.action === 'support-addresses.confirm',
      );
      assert.deepEqual(entry && { actorId: entry.actorId, details: entry.details }, {
        actorId: 'cli',
        details: { address: 'help@tenant.example', withoutCode: true },
      });
      const ownAudit = await relay.call('GET', '/v1/admin/audit');
      assert.ok(
        !(ownAudit.body.items as { action: string }[]).some((e) => e.action === 'support-addresses.confirm'),
        'not in another site’s log',
      );

      const again = await runCli(['support-address', 'confirm', 'help@tenant.example', '--site', tenant.id], env);
      assert.equal(again.code, 64);
      assert.match(again.stderr, /is confirmed already on site_/);
      const waiting = await runCli(['support-address', 'list', '--json'], env);
      assert.deepEqual(
        (JSON.parse(waiting.stdout) as { address: string }[]).map((item) => item.address),
        ['help@operator.example'],
      );
      assert.equal(await support().find('help@operator.example'), undefined, 'the other site’s still waits');
    });
  });
}
