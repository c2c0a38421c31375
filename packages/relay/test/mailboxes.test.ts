/**
 * A team's own mailbox over IMAP and SMTP (issue #84, docs/email.md "Your own mailbox (IMAP)"), against a real
 * Dovecot and a real Postfix on loopback (Debian's packages, private instances started for this file; Postfix takes
 * logins checked by Dovecot, offers STARTTLS with a certificate made for it, and delivers into Dovecot): connecting
 * checks both logins and the certificate; new mail opens a conversation and a reply continues it, through the
 * inbound path; imported mail is flagged or moved; a restart imports nothing twice; staff replies go out once
 * through the mailbox's SMTP and arrive in the customer's mailbox threaded (headers as fetched over IMAP), also when
 * Postfix was down at first; another site sees none of it.
 */
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ParsedMail } from 'mailparser';
import { Dovecot, type MailUser } from './support/dovecot.js';
import { relaySecret, startDesk, type Desk } from './support/desk.js';
import { addOtherSite } from './support/other-site.js';
import { Postfix, trust } from './support/postfix.js';
import { SmtpCatcher } from './support/smtp-catcher.js';
import { tempDir } from './support/temp.js';
import { until } from './support/until.js';
import { guardedAddress } from '../src/mailboxes/mailbox-connect.js';
import { DEFAULT_SITE_ID } from '../src/store/store.js';

const team: MailUser = { user: 'support@team.test.example', password: 'imap-secret-4711' };
const sales: MailUser = { user: 'sales@team.test.example', password: 'imap-secret-0815' };
const other: MailUser = { user: 'help@other.test.example', password: 'imap-secret-9999' };
/** The mailbox's SMTP login is its account's, as at most hosts: Postfix asks Dovecot. */
const smtpLogin: MailUser = team;
/** The customer, whose mailbox (on the same Dovecot, reached through Postfix) receives the staff's replies. */
const eva: MailUser = { user: 'eva@customer.test.example', password: 'eva-secret-2024' };

const otherKey = 'other-site-key';
const otherToken = 'other-admin-token-0123456789abcdef';

function mail(options: {
  from: string;
  to: string;
  subject: string;
  text: string;
  id: string;
  inReplyTo?: string;
}): string {
  return [
    `From: ${options.from}`,
    `To: ${options.to}`,
    `Subject: ${options.subject}`,
    `Message-ID: <${options.id}>`,
    'Date: Mon, 30 Nov 2026 10:00:00 +0000',
    ...(options.inReplyTo ? [`In-Reply-To: <${options.inReplyTo}>`, `References: <${options.inReplyTo}>`] : []),
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.text,
    '',
  ].join('\r\n');
}

/** How long a test waits for the mailbox's reader (IDLE, else the poll) on a loaded CI machine (5 s was not enough). */
const MAIL_WAIT = { timeoutMs: 30_000 };

describe('mailboxes: a team’s own mailbox over IMAP and SMTP', () => {
  let dovecot: Dovecot;
  let postfix: Postfix;
  let relayMailer: SmtpCatcher;
  let relay: Desk;
  let dataDir: string;

  const start = () =>
    startDesk({
      relaySecret,
      dataDir,
      ipRateLimitPerSecond: 0,
      smtpUrl: relayMailer.url,
      emailFrom: 'Relay <relay@relay.test.example>',
      emailReplyDelayS: 0,
      emailChannelReplyDelayS: 0,
      // Retries soon: the case of Postfix down waits for one.
      outboxTiming: { pollMs: 50, baseDelayMs: 300, maxDelayMs: 1000 },
      mailboxAllowPrivate: true,
      mailboxPollS: 1,
      // Small, for the quota's case below.
      emailConversationsPerSenderPerHour: 2,
    });

  const server = (login: MailUser, port: number, tls = 'none') => ({
    host: '127.0.0.1',
    port,
    tls,
    user: login.user,
    password: login.password,
  });
  /** The mailbox's SMTP: Postfix, over STARTTLS. */
  const smtpServer = (login: MailUser) => server(login, postfix.port, 'starttls');

  const connect = (login: MailUser, extra: Record<string, unknown> = {}, as?: string) =>
    relay.call(
      'POST',
      '/v1/admin/mailboxes',
      {
        address: login.user,
        name: 'Team support',
        imap: server(login, dovecot.port),
        smtp: smtpServer(smtpLogin),
        ...extra,
      },
      as,
    );

  const conversations = async (as?: string) =>
    (await relay.call('GET', '/v1/admin/conversations?limit=100', undefined, as)).body.items as Array<{
      id: string;
      channel: string;
      subject?: string | null;
    }>;

  const messages = async (id: string) =>
    (await relay.call('GET', `/v1/admin/conversations/${id}/messages?limit=100`)).body.items as Array<{
      text: string;
      author: { role: string };
    }>;

  /** The mail in Eva's INBOX once there are `count`, as her mail program would fetch it. */
  const evasMail = (count: number) =>
    until(
      async () => {
        const found = await dovecot.messages(eva);
        return found.length >= count ? found : undefined;
      },
      `${count} mail(s) in Eva’s mailbox`,
      MAIL_WAIT,
    );

  /** Takes the test's trust in Postfix's certificate away again. */
  let untrust = () => {};

  before(async () => {
    dovecot = await Dovecot.start([team, sales, other, eva], { postfix: true });
    postfix = await Postfix.start(dovecot, { starttls: true });
    // The relay (in this process) trusts Postfix's certificate as it would a real server's.
    untrust = trust(postfix.certificate!);
    relayMailer = await SmtpCatcher.start();
    dataDir = tempDir('parley-mailboxes-');
    relay = await start();
    await addOtherSite(relay, otherKey, otherToken);
  });
  after(async () => {
    await relay?.close();
    await postfix?.stop();
    await dovecot?.stop();
    await relayMailer?.stop();
    untrust();
  });

  it('refuses a wrong IMAP or SMTP password, saying which, and stores nothing', async () => {
    const imap = await connect({ ...team, password: 'wrong' });
    assert.equal(imap.status, 400);
    assert.match(imap.body.error.message, /the IMAP server refused the login/);
    assert.doesNotMatch(JSON.stringify(imap.body), /wrong|imap-secret/);
    const badSmtp = await relay.call('POST', '/v1/admin/mailboxes', {
      address: team.user,
      imap: server(team, dovecot.port),
      smtp: smtpServer({ ...smtpLogin, password: 'nope-nope' }),
    });
    assert.equal(badSmtp.status, 400);
    assert.match(badSmtp.body.error.message, /the SMTP server refused the login/);
    assert.doesNotMatch(JSON.stringify(badSmtp.body), /nope-nope|imap-secret/);
    // Refused by Postfix, after Dovecot's check; postlogd writes its file a moment after the answer.
    await until(() => /SASL PLAIN authentication failed/.test(postfix.log()), 'Postfix to log the refused login');
    const silent = await relay.call('POST', '/v1/admin/mailboxes', {
      address: team.user,
      imap: server(team, 1),
      smtp: smtpServer(smtpLogin),
    });
    assert.equal(silent.status, 400);
    assert.match(silent.body.error.message, /127\.0\.0\.1:1 refused the connection/);
    // A certificate nobody vouches for (the relay's trust as shipped, without the test's): refused as such.
    untrust();
    try {
      const untrusted = await connect(team);
      assert.equal(untrusted.status, 400);
      assert.match(
        untrusted.body.error.message,
        new RegExp(`the TLS handshake with 127\\.0\\.0\\.1:${postfix.port} failed`),
      );
    } finally {
      untrust = trust(postfix.certificate!);
    }
    assert.deepEqual((await relay.call('GET', '/v1/admin/mailboxes')).body.items, []);
  });

  it('refuses unknown fields, naming them', async () => {
    const answer = await connect(team, { folder: 'INBOX' });
    assert.equal(answer.status, 400);
    assert.match(answer.body.error.message, /folder/);
  });

  it('connects a mailbox, shows no password, and a new mail opens a conversation, flagged as seen', async () => {
    const made = await connect(team);
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const shown = JSON.stringify([made.body, (await relay.call('GET', '/v1/admin/mailboxes')).body]);
    assert.doesNotMatch(shown, /imap-secret|smtp-secret|password/);
    assert.equal(made.body.address, team.user);
    await dovecot.append(
      team,
      mail({
        from: 'Eva <eva@customer.test.example>',
        to: team.user,
        subject: 'Where is my order?',
        text: 'Order 1234 has not arrived.',
        id: 'order-1234@customer.test.example',
      }),
    );
    const opened = await until(
      async () => (await conversations()).find((c) => c.channel === 'email'),
      'the conversation the mail opened',
      MAIL_WAIT,
    );
    const [first] = await messages(opened.id);
    assert.equal(first!.text, 'Order 1234 has not arrived.');
    assert.equal(first!.author.role, 'visitor');
    const inbox = await until(
      async () => {
        const list = await dovecot.list(team);
        return list.every((m) => m.seen) ? list : undefined;
      },
      'the imported mail flagged as seen',
      MAIL_WAIT,
    );
    assert.equal(inbox.length, 1);
  });

  it('continues the conversation with the customer’s reply, and sends the staff reply once through the mailbox’s SMTP, threaded', async () => {
    const [conversation] = (await conversations()).filter((c) => c.channel === 'email');
    await dovecot.append(
      team,
      mail({
        from: 'Eva <eva@customer.test.example>',
        to: team.user,
        subject: 'Re: Where is my order?',
        text: 'It is a blue parcel.',
        id: 'order-1234-b@customer.test.example',
        inReplyTo: 'order-1234@customer.test.example',
      }),
    );
    await until(
      async () => ((await messages(conversation!.id)).length === 2 ? true : undefined),
      'the reply in the same conversation',
      MAIL_WAIT,
    );
    assert.equal((await conversations()).filter((c) => c.channel === 'email').length, 1);
    const ana = await relay.agent('Ana');
    const replied = await relay.call(
      'POST',
      `/v1/admin/conversations/${conversation!.id}/messages`,
      { id: 'r-1', text: 'It left our warehouse today.' },
      ana.token,
    );
    assert.equal(replied.status, 201, JSON.stringify(replied.body));
    // As Eva's mail program sees it: fetched from her mailbox over IMAP, where Postfix delivered it.
    const [sent] = (await evasMail(1)) as [ParsedMail];
    assert.equal(sent.from?.value[0]?.address, team.user);
    assert.equal(sent.from?.value[0]?.name, 'Team support');
    assert.deepEqual(
      [sent.to].flat().flatMap((to) => to?.value.map((v) => v.address)),
      ['eva@customer.test.example'],
    );
    assert.equal(sent.subject, 'Re: Where is my order?');
    assert.equal(sent.inReplyTo, '<order-1234-b@customer.test.example>');
    const references = [sent.references ?? []].flat();
    // The conversation's thread id, then what it answers (RFC 5322 §3.6.4: References ends with the parent's id).
    assert.equal(references.length, 2, String(references));
    assert.match(references[0]!, /^<conversation\.[0-9a-f]+@team\.test\.example>$/);
    assert.equal(references[1], '<order-1234-b@customer.test.example>');
    assert.match(sent.messageId ?? '', /^<[^<>@\s]+@team\.test\.example>$/);
    assert.match(sent.text ?? '', /It left our warehouse today\./);
    assert.equal(sent.replyTo, undefined, 'replies come back to the mailbox, not a relay address');
    // Sent over STARTTLS, logged in (ESMTPSA) as the mailbox's SMTP user.
    assert.match(String(sent.headers.get('received')), /by mail\.team\.test\.example \(Postfix\) with ESMTPSA/);
    assert.match(postfix.log(), new RegExp(`sasl_username=${smtpLogin.user.replace(/\./g, '\\.')}`));
    // Once: the outbox is done with it, and the relay's own mailer sent nothing.
    await until(async () => {
      const { items } = await relay.admin.repos.outbox.listOutbox(DEFAULT_SITE_ID, { kind: 'email.reply' }, 10);
      return items.length > 0 && items.every((job) => job.status === 'delivered');
    }, 'the reply’s job delivered');
    assert.equal((await dovecot.messages(eva)).length, 1);
    assert.equal(relayMailer.emails.length, 0);
  });

  it('keeps a reply while the mailbox’s Postfix is down, and sends it once when it is back', async () => {
    const [conversation] = (await conversations()).filter((c) => c.channel === 'email');
    const had = (await dovecot.messages(eva)).length;
    await postfix.stop();
    const ana = await relay.agent('Ana, again');
    const replied = await relay.call(
      'POST',
      `/v1/admin/conversations/${conversation!.id}/messages`,
      { id: 'r-down', text: 'Sent while the mail server was down.' },
      ana.token,
    );
    assert.equal(replied.status, 201, JSON.stringify(replied.body));
    const job = (await until(async () => {
      const { items } = await relay.admin.repos.outbox.listOutbox(DEFAULT_SITE_ID, { kind: 'email.reply' }, 10);
      return items.find((j) => j.status !== 'delivered' && j.attempts >= 1 && j.lastError !== null);
    }, 'an attempt refused by the stopped server'))!;
    assert.match(job.lastError ?? '', /ECONNREFUSED|refused/);
    assert.doesNotMatch(job.lastError ?? '', /imap-secret/);
    await postfix.start();
    const mail = await evasMail(had + 1);
    const copies = mail.filter((m) => /Sent while the mail server was down\./.test(m.text ?? ''));
    assert.equal(copies.length, 1);
    assert.equal(copies[0]!.inReplyTo, '<order-1234-b@customer.test.example>');
    const done = await until(async () => {
      const { items } = await relay.admin.repos.outbox.listOutbox(DEFAULT_SITE_ID, { kind: 'email.reply' }, 10);
      return items.find((j) => j.id === job.id && j.status === 'delivered');
    }, 'the retried job delivered');
    assert.ok(done.attempts >= 2, `attempts: ${done.attempts}`);
    // Delivered once: no later attempt sends it again.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal((await dovecot.messages(eva)).length, had + 1);
  });

  it('imports nothing twice across a restart, and goes on from the last UID', async () => {
    const before = await conversations();
    const counts = await Promise.all(before.map(async (c) => (await messages(c.id)).length));
    await relay.close();
    relay = await start();
    await dovecot.append(
      team,
      mail({
        from: 'Max <max@customer.test.example>',
        to: team.user,
        subject: 'Invoice',
        text: 'Please send me the invoice.',
        id: 'invoice@customer.test.example',
      }),
    );
    const opened = await until(
      async () => (await conversations()).find((c) => !before.some((b) => b.id === c.id)),
      'the new mail after the restart',
      MAIL_WAIT,
    );
    assert.equal((await messages(opened.id)).length, 1);
    const again = await conversations();
    assert.equal(again.length, before.length + 1);
    for (const [i, c] of before.entries()) assert.equal((await messages(c.id)).length, counts[i]);
  });

  it('reads unseen mail again under a new UIDVALIDITY, and stores nothing twice', async () => {
    const before = await conversations();
    const counts = await Promise.all(before.map(async (c) => (await messages(c.id)).length));
    await relay.close();
    const look = await dovecot.client(team);
    let validity: bigint | undefined;
    const lock = await look.getMailboxLock('INBOX');
    try {
      validity = look.mailbox ? look.mailbox.uidValidity : undefined;
      // The first mail, imported long ago, unseen again: under a new UIDVALIDITY it is read again.
      await look.messageFlagsRemove('1', ['\\Seen']);
    } finally {
      lock.release();
      await look.logout();
    }
    // The mailbox rebuilt on the server: Dovecot's index and UID list gone, its INBOX numbered anew.
    for (const file of readdirSync(dovecot.maildir(team)))
      if (file.startsWith('dovecot')) rmSync(join(dovecot.maildir(team), file), { force: true });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await dovecot.append(
      team,
      mail({
        from: 'Ida <ida@customer.test.example>',
        to: team.user,
        subject: 'Opening hours',
        text: 'Are you open on Sunday?',
        id: 'hours@customer.test.example',
      }),
    );
    relay = await start();
    const opened = await until(
      async () => (await conversations()).find((c) => c.subject === 'Opening hours'),
      'the new mail under the new UIDVALIDITY',
      MAIL_WAIT,
    );
    assert.equal((await messages(opened.id)).length, 1);
    await until(
      async () => ((await dovecot.list(team)).every((m) => m.seen) ? true : undefined),
      'all read again',
      MAIL_WAIT,
    );
    const after = await look2(team);
    assert.notEqual(after, validity, 'the INBOX has a new UIDVALIDITY');
    assert.equal((await conversations()).length, before.length + 1);
    for (const [i, c] of before.entries()) assert.equal((await messages(c.id)).length, counts[i]);
  });

  /** The INBOX's UIDVALIDITY now. */
  async function look2(login: MailUser): Promise<bigint | undefined> {
    const client = await dovecot.client(login);
    try {
      const status = await client.status('INBOX', { uidValidity: true });
      return status ? status.uidValidity : undefined;
    } finally {
      await client.logout();
    }
  }

  it('moves imported mail to the folder the admin chose', async () => {
    const made = await connect(sales, { afterImport: 'move', moveTo: 'Parley' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    await dovecot.append(
      sales,
      mail({
        from: 'Kim <kim@customer.test.example>',
        to: sales.user,
        subject: 'A quote, please',
        text: 'For 40 chairs.',
        id: 'quote@customer.test.example',
      }),
    );
    await until(
      async () => ((await dovecot.list(sales, 'Parley')).length === 1 ? true : undefined),
      'moved',
      MAIL_WAIT,
    );
    assert.deepEqual(await dovecot.list(sales), []);
    const found = (await conversations()).find((c) => c.subject === 'A quote, please');
    assert.ok(found, 'its conversation');
  });

  it('keeps sites apart: another site’s mailbox, mail and conversations are its own', async () => {
    const made = await relay.call(
      'POST',
      '/v1/admin/mailboxes',
      {
        address: other.user,
        imap: server(other, dovecot.port),
        smtp: smtpServer(smtpLogin),
      },
      otherToken,
    );
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const mine = (await relay.call('GET', '/v1/admin/mailboxes')).body.items as Array<{ address: string }>;
    assert.ok(!mine.some((m) => m.address === other.user));
    assert.equal((await relay.call('DELETE', `/v1/admin/mailboxes/${made.body.id}`)).status, 404);
    await dovecot.append(
      other,
      mail({
        from: 'Lea <lea@customer.test.example>',
        to: other.user,
        subject: 'Other site question',
        text: 'Hello other site.',
        id: 'other@customer.test.example',
      }),
    );
    await until(
      async () =>
        (await conversations(otherToken)).some((c) => c.subject === 'Other site question') ? true : undefined,
      'the other site’s conversation',
      MAIL_WAIT,
    );
    assert.ok(!(await conversations()).some((c) => c.subject === 'Other site question'));
    // The same address cannot be connected twice, by any site.
    const twice = await connect(other);
    assert.equal(twice.status, 409);
  });

  it('passes over one sender’s mail past the quota, left unread, and goes on with everyone else’s', async () => {
    const before = (await conversations()).length;
    for (const n of [1, 2, 3])
      await dovecot.append(
        team,
        mail({
          from: 'Zed <zed@flood.test.example>',
          to: team.user,
          subject: `Flood ${n}`,
          text: `Mail number ${n}.`,
          id: `flood-${n}@flood.test.example`,
        }),
      );
    await dovecot.append(
      team,
      mail({
        from: 'Ann <ann@customer.test.example>',
        to: team.user,
        subject: 'After the flood',
        text: 'Is my mail seen?',
        id: 'after-flood@customer.test.example',
      }),
    );
    await until(
      async () => ((await conversations()).some((c) => c.subject === 'After the flood') ? true : undefined),
      'the mail after the flood',
      MAIL_WAIT,
    );
    const subjects = (await conversations()).map((c) => c.subject);
    assert.equal(subjects.filter((s) => s?.startsWith('Flood')).length, 2);
    assert.equal((await conversations()).length, before + 3);
    const unread = (await dovecot.list(team)).filter((m) => !m.seen).map((m) => m.subject);
    assert.deepEqual(unread, ['Flood 3']);
  });

  it('checks a mailbox on demand, and removes it', async () => {
    const [first] = (await relay.call('GET', '/v1/admin/mailboxes')).body.items as Array<{ id: string }>;
    const checked = await relay.call('POST', `/v1/admin/mailboxes/${first!.id}/check`);
    assert.equal(checked.status, 200);
    assert.deepEqual(checked.body, { ok: true, error: null });
    assert.equal((await relay.call('DELETE', `/v1/admin/mailboxes/${first!.id}`)).status, 204);
    const left = (await relay.call('GET', '/v1/admin/mailboxes')).body.items as Array<{ id: string }>;
    assert.ok(!left.some((m) => m.id === first!.id));
  });
});

describe('mailboxes: the address guard, before any connection', () => {
  let relay: Desk;
  let knocks = 0;
  const listener = createServer((socket) => {
    knocks++;
    socket.destroy();
  });

  before(async () => {
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    relay = await startDesk({ ipRateLimitPerSecond: 0 });
  });
  after(async () => {
    await relay?.close();
    await new Promise<void>((resolve) => listener.close(() => resolve()));
  });

  it('refuses a loopback host without the operator’s opt-in, and never connects to it', async () => {
    const port = (listener.address() as AddressInfo).port;
    for (const host of ['127.0.0.1', 'localhost', '[::1]']) {
      const answer = await relay.call('POST', '/v1/admin/mailboxes', {
        address: 'desk@team.test.example',
        imap: { host, port, tls: 'tls', user: 'desk', password: 'secret-pass' },
        smtp: { host, port, tls: 'tls', user: 'desk', password: 'secret-pass' },
      });
      assert.equal(answer.status, 400, host);
      assert.match(answer.body.error.message, /loopback or private addresses/);
      assert.match(answer.body.error.message, /PARLEY_MAILBOX_ALLOW_PRIVATE/);
    }
    assert.equal(knocks, 0);
  });

  it('judges every address a name resolves to, and never allows what is neither public nor local', async () => {
    const resolveTo = (addresses: string[]) => async () => addresses;
    assert.match(
      JSON.stringify(await guardedAddress('imap.team-mail.com', false, resolveTo(['10.0.0.5']))),
      /loopback or private/,
    );
    assert.match(
      JSON.stringify(await guardedAddress('imap.team-mail.com', false, resolveTo(['169.254.169.254']))),
      /loopback or private/,
    );
    assert.match(
      JSON.stringify(await guardedAddress('imap.team-mail.com', true, resolveTo(['224.0.0.1']))),
      /multicast/,
    );
    assert.deepEqual(await guardedAddress('imap.team-mail.com', false, resolveTo(['93.184.216.34'])), {
      address: '93.184.216.34',
    });
    assert.deepEqual(await guardedAddress('imap.team-mail.com', true, resolveTo(['10.0.0.5'])), {
      address: '10.0.0.5',
    });
    // A name under a TLD reserved for examples resolves nowhere: refused without a query.
    let asked = false;
    const refused = await guardedAddress('imap.mail.example', true, async () => ((asked = true), ['10.0.0.5']));
    assert.deepEqual(refused, { refused: 'imap.mail.example could not be resolved' });
    assert.equal(asked, false);
  });
});
