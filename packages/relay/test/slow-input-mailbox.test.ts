/**
 * Slow input (see slow-input.test.ts): mail fetched from a team's own mailbox over IMAP (issue #84) goes through the
 * same inbound path as mail to the relay's SMTP listener, and must not hold the relay's event loop for 50 ms either:
 * the IMAP client's parsing of a message at the inbound bound, the import, and a message over the bound that is
 * left where it is. Each input is put in a private Dovecot's INBOX (IMAP APPEND) and watched until the relay has
 * read it (flagged `\Seen`, or, for the one left, a small mail after it flagged). And the other way: a conversation
 * staff start by email with the longest first message, rendered and sent through the mailbox's SMTP server.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { LIMITS } from '@parley/protocol';
import { after, before, describe, it } from 'node:test';
import { adminToken, call, relaySecret, siteKey } from './support/desk.js';
import { Dovecot, MailboxSmtp, type MailUser } from './support/dovecot.js';
import { RelayProcess } from './support/relay-process.js';
import { tempDir } from './support/temp.js';
import { withinBudget } from './support/within-budget.js';

const KiB = 1024;
const team: MailUser = { user: 'desk@slow.test.example', password: 'imap-secret-slow' };

function message(body: string, contentType = 'text/plain; charset=utf-8'): { raw: string; id: string } {
  const id = `${randomUUID()}@customer.test.example`;
  const raw = [
    'From: Jane <jane@customer.test.example>',
    `To: ${team.user}`,
    'Subject: A question',
    `Message-ID: <${id}>`,
    'MIME-Version: 1.0',
    `Content-Type: ${contentType}`,
    '',
    body,
    '',
  ].join('\r\n');
  return { raw, id };
}

describe('slow input: mail from a team’s own mailbox over IMAP', { timeout: 300_000 }, () => {
  let relay: RelayProcess;
  let dovecot: Dovecot;
  let smtp: MailboxSmtp;

  before(async () => {
    dovecot = await Dovecot.start([team]);
    smtp = await MailboxSmtp.start(team);
    relay = await RelayProcess.start({
      PARLEY_DATA_DIR: tempDir('parley-slow-mailbox-'),
      PARLEY_SITE_KEY: siteKey,
      PARLEY_ADMIN_TOKEN: adminToken,
      PARLEY_RELAY_SECRET: relaySecret,
      PARLEY_IP_RATE_LIMIT_PER_SECOND: '0',
      // Every case is a new conversation from one sender: the quotas have their own tests.
      PARLEY_EMAIL_CONVERSATIONS_PER_SENDER_PER_HOUR: '0',
      PARLEY_EMAIL_CONVERSATIONS_PER_ADDRESS_PER_MINUTE: '0',
      // The mailbox's servers are this test's, on loopback: the operator's opt-in.
      PARLEY_MAILBOX_ALLOW_PRIVATE: 'true',
      PARLEY_MAILBOX_POLL_S: '1',
      // No mailer of the relay's own: the started conversation's email goes through the mailbox, at once.
      PARLEY_EMAIL_CHANNEL_REPLY_DELAY_S: '0',
    });
    const server = (port: number) => ({
      host: '127.0.0.1',
      port,
      tls: 'none',
      user: team.user,
      password: team.password,
    });
    const made = await call(relay, 'POST', '/v1/admin/mailboxes', {
      address: team.user,
      imap: server(dovecot.port),
      smtp: server(smtp.port),
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
  });
  after(async () => {
    await relay?.kill('SIGTERM');
    await dovecot?.stop();
    await smtp?.stop();
  });

  /** Resolves once the relay has flagged `count` messages of the INBOX as seen. */
  async function seen(count: number): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const list = await dovecot.list(team);
      if (list.filter((m) => m.seen).length >= count) return;
      if (Date.now() > deadline) throw new Error(`the relay did not read ${count} messages`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  let read = 0;
  const depth = (bytes: number, open: string, close = '') => Math.floor(bytes / (open.length + close.length));
  const hostile: Array<[string, () => { raw: string }]> = [
    [
      '1000 KiB of nested <div> (HTML only)',
      () => {
        const n = depth(1000 * KiB, '<div>', '</div>');
        return message(`${'<div>'.repeat(n)}x${'</div>'.repeat(n)}`, 'text/html; charset=utf-8');
      },
    ],
    ['1000 KiB of quoted lines, for the quote stripper', () => message('> x\r\n'.repeat(200 * KiB))],
    ['1000 KiB of one long line of text', () => message('word '.repeat(200 * KiB))],
  ];
  for (const [name, make] of hostile)
    it(`${name}, fetched over IMAP and imported`, async (t) => {
      await withinBudget(t, relay, `${name} from a mailbox`, async () => {
        await dovecot.append(team, make().raw);
        read += 1;
        await seen(read);
      });
    });

  it('a conversation started by email with the longest first message, sent through the mailbox’s SMTP', async (t) => {
    // Short lines and paragraphs: each is a paragraph of the email's HTML, and a line of its text.
    const text = 'a\n\n'.repeat(Math.floor(LIMITS.maxTextLength / 3));
    await withinBudget(t, relay, 'a started conversation’s longest first message, emailed', async (attempt) => {
      const started = await call(relay, 'POST', '/v1/admin/email-conversations', {
        id: `slow-start-${attempt}`,
        from: team.user,
        to: 'jane@customer.test.example',
        subject: 'A long letter',
        text,
      });
      assert.equal(started.status, 201, JSON.stringify(started.body));
      await smtp.waitFor(attempt + 1);
    });
  });

  it('a message over the inbound bound (2 MiB), left in the mailbox unread', async (t) => {
    await withinBudget(t, relay, '2 MiB from a mailbox, left where it is', async () => {
      await dovecot.append(team, message('y'.repeat(2 * 1024 * KiB)).raw);
      await dovecot.append(team, message('After the large one.').raw);
      read += 1;
      await seen(read);
    });
    const list = await dovecot.list(team);
    assert.equal(list.filter((m) => !m.seen).length >= 1, true, 'the large ones are left unread');
  });
});
