/**
 * A team's mailbox with two relays on one PostgreSQL (issue #84): one relay at a time reads it (the lease), so each
 * mail is imported once; when that relay stops, the other takes the mailbox over and goes on from the last UID.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Dovecot, MailboxSmtp, type MailUser } from '../test/support/dovecot.js';
import { adminToken, startDesk, type Desk } from '../test/support/desk.js';
import { until } from '../test/support/until.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_mailbox');
const team: MailUser = { user: 'desk@team.test.example', password: 'imap-secret-pg' };

function mail(subject: string, id: string): string {
  return [
    'From: Eva <eva@customer.test.example>',
    `To: ${team.user}`,
    `Subject: ${subject}`,
    `Message-ID: <${id}@customer.test.example>`,
    '',
    `About ${subject}.`,
    '',
  ].join('\r\n');
}

describe('mailboxes on PostgreSQL with two relays', () => {
  let relays: Desk[];
  let dovecot: Dovecot;
  let smtp: MailboxSmtp;

  before(async () => {
    dovecot = await Dovecot.start([team]);
    smtp = await MailboxSmtp.start(team);
    const { connectionString } = await schemas.create('two');
    const options = {
      relaySecret: 'relay-secret-mailbox-pg-0123456789',
      dataKey: Buffer.alloc(32, 9).toString('base64'),
      ipRateLimitPerSecond: 0,
      store: 'postgres' as const,
      databaseUrl: connectionString,
      mailboxAllowPrivate: true,
      mailboxPollS: 1,
    };
    relays = [await startDesk(options), await startDesk(options)];
  });
  after(async () => {
    for (const relay of relays ?? []) await relay.close();
    await dovecot?.stop();
    await smtp?.stop();
    await schemas.dropAll();
  });

  const subjects = async (relay: Desk) =>
    (
      (await relay.call('GET', '/v1/admin/conversations?limit=100', undefined, adminToken)).body.items as Array<{
        subject?: string | null;
      }>
    ).map((c) => c.subject);

  it('imports each mail once while both run, and once more after the reading relay stops', async () => {
    const [a, b] = relays as [Desk, Desk];
    const server = (port: number) => ({
      host: '127.0.0.1',
      port,
      tls: 'none',
      user: team.user,
      password: team.password,
    });
    const made = await a.call('POST', '/v1/admin/mailboxes', {
      address: team.user,
      imap: server(dovecot.port),
      smtp: server(smtp.port),
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    for (const n of [1, 2, 3]) await dovecot.append(team, mail(`Order ${n}`, `order-${n}`));
    // Eventually, not within a time: two relays, a lease and IDLE on a loaded CI machine took over 5 s once.
    await until(async () => ((await subjects(b)).length === 3 ? true : undefined), 'three conversations', {
      timeoutMs: 30_000,
    });
    // Both relays poll every second: a few more polls change nothing.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.deepEqual((await subjects(b)).sort(), ['Order 1', 'Order 2', 'Order 3']);
    // Whichever relay held it stops; the other takes it over (at once: a stopped relay lets go of its lease).
    await a.close();
    relays = [b];
    await dovecot.append(team, mail('Order 4', 'order-4'));
    await until(async () => ((await subjects(b)).includes('Order 4') ? true : undefined), 'the mail after the stop', {
      timeoutMs: 30_000,
    });
    assert.equal((await subjects(b)).length, 4);
  });
});
