/**
 * A team's mailbox as the only way out (issue #84), on a relay without `PARLEY_SMTP_URL`, against a real Dovecot and
 * a real Postfix on loopback (private instances of Debian's packages; Postfix takes the mailbox's login, checked by
 * Dovecot, and delivers into Dovecot, where the customers' mailboxes are read over IMAP): replies of the mailbox's conversations still go out through
 * its SMTP; staff start a conversation by email from it (refusals named, nothing stored), and the customer's answer
 * continues it; an edited mailbox keeps how far its INBOX was read.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ParsedMail } from 'mailparser';
import { Dovecot, type MailUser } from './support/dovecot.js';
import { startDesk, type Desk } from './support/desk.js';
import { Postfix } from './support/postfix.js';
import { until } from './support/until.js';

const team: MailUser = { user: 'desk@team.test.example', password: 'imap-secret-2468' };
/** The mailbox's SMTP login is its account's, as at most hosts: Postfix asks Dovecot. */
const smtpLogin: MailUser = team;
/** The customers, whose mailboxes (on the same Dovecot, reached through Postfix) receive what staff send. */
const eva: MailUser = { user: 'eva@customer.test.example', password: 'eva-secret-1111' };
const max: MailUser = { user: 'max@customer.test.example', password: 'max-secret-2222' };

function mail(options: { from: string; subject: string; text: string; id: string; replyTo?: string[] }): string {
  return [
    `From: ${options.from}`,
    `To: ${team.user}`,
    `Subject: ${options.subject}`,
    `Message-ID: <${options.id}>`,
    'Date: Mon, 30 Nov 2026 10:00:00 +0000',
    ...(options.replyTo ? [`In-Reply-To: ${options.replyTo.at(-1)}`, `References: ${options.replyTo.join(' ')}`] : []),
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.text,
    '',
  ].join('\r\n');
}

/**
 * How long a test waits for mail to arrive (the mailbox's reader: IDLE, else the poll; Postfix's delivery) on a loaded
 * CI machine, as in mailboxes.test.ts: 5 s was not enough.
 */
const MAIL_WAIT = { timeoutMs: 30_000 };

describe('mailboxes without the relay’s own mailer: replies, conversations staff start, edits', () => {
  let dovecot: Dovecot;
  let postfix: Postfix;
  let relay: Desk;
  let mailboxId: string;

  const server = (login: MailUser, port: number) => ({
    host: '127.0.0.1',
    port,
    tls: 'none',
    user: login.user,
    password: login.password,
  });

  const conversations = async () =>
    (await relay.call('GET', '/v1/admin/conversations?limit=100')).body.items as Array<{
      id: string;
      channel: string;
      subject?: string | null;
      visitor: { id: string };
    }>;
  const messages = async (id: string) =>
    (await relay.call('GET', `/v1/admin/conversations/${id}/messages?limit=100`)).body.items as Array<{
      text: string;
      author: { role: string };
    }>;
  /** The mail in `login`'s INBOX once there are `count`, as their mail program would fetch it. */
  const inbox = (login: MailUser, count: number) =>
    until(
      async () => {
        const found = await dovecot.messages(login);
        return found.length >= count ? found : undefined;
      },
      `${count} mail(s) for ${login.user}`,
      MAIL_WAIT,
    );
  const stored = async () => (await relay.use('mailboxes')!.mailboxes.get(mailboxId))!;

  before(async () => {
    dovecot = await Dovecot.start([team, eva, max], { postfix: true });
    postfix = await Postfix.start(dovecot);
    // No smtpUrl: the relay has no mailer of its own.
    relay = await startDesk({
      ipRateLimitPerSecond: 0,
      emailReplyDelayS: 0,
      emailChannelReplyDelayS: 0,
      outboxTiming: { pollMs: 50 },
      mailboxAllowPrivate: true,
      mailboxPollS: 1,
    });
  });
  after(async () => {
    await relay?.close();
    await postfix?.stop();
    await dovecot?.stop();
  });

  it('refuses to start a conversation while the site has no address to send from, and stores nothing', async () => {
    assert.deepEqual((await relay.call('GET', '/v1/admin/email-conversations/senders')).body, { items: [] });
    const answer = await relay.call('POST', '/v1/admin/email-conversations', {
      id: 'none-1',
      from: team.user,
      to: 'eva@customer.test.example',
      subject: 'Hello',
      text: 'Hi Eva.',
    });
    assert.equal(answer.status, 409);
    assert.match(answer.body.error.message, /no address to send from: connect a mailbox/);
    assert.deepEqual(await conversations(), []);
  });

  it('answers a mailbox’s conversation through its SMTP, with no PARLEY_SMTP_URL', async () => {
    const made = await relay.call('POST', '/v1/admin/mailboxes', {
      address: team.user,
      name: 'Team desk',
      imap: server(team, dovecot.port),
      smtp: server(smtpLogin, postfix.port),
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    mailboxId = made.body.id;
    await dovecot.append(
      team,
      mail({
        from: 'Eva <eva@customer.test.example>',
        subject: 'Broken lamp',
        text: 'It flickers.',
        id: 'lamp@c.test',
      }),
    );
    const opened = await until(
      async () => (await conversations()).find((c) => c.subject === 'Broken lamp'),
      'the conversation the mail opened',
      MAIL_WAIT,
    );
    const ana = await relay.agent('Ana');
    const replied = await relay.call(
      'POST',
      `/v1/admin/conversations/${opened.id}/messages`,
      { id: 'lamp-r1', text: 'A new one is on its way.' },
      ana.token,
    );
    assert.equal(replied.status, 201);
    const [sent] = (await inbox(eva, 1)) as [ParsedMail];
    assert.match(postfix.log(), /sasl_username=desk@team\.test\.example/, 'logged in as the mailbox’s SMTP user');
    assert.equal(sent.from?.value[0]?.address, team.user);
    assert.equal(sent.subject, 'Re: Broken lamp');
    assert.equal(sent.inReplyTo, '<lamp@c.test>');
    assert.equal([sent.references ?? []].flat().at(-1), '<lamp@c.test>');
    assert.match(sent.text ?? '', /A new one is on its way\./);
  });

  it('refuses a bad start clearly, naming the field, and stores nothing', async () => {
    const before = await conversations();
    const start = (body: Record<string, unknown>) =>
      relay.call('POST', '/v1/admin/email-conversations', {
        id: 'bad-1',
        from: team.user,
        to: 'max@customer.test.example',
        subject: 'Your quote',
        text: 'Here it is.',
        ...body,
      });
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ to: 'max at customer' }, /body\.to/],
      [{ to: 'a@x.test.example, b@x.test.example' }, /body\.to/],
      [{ from: 'someone@else.test.example' }, /body\.from: not one of the site’s sending addresses \(desk@team/],
      [{ to: team.user }, /body\.to: one of the site’s own addresses/],
      [{ subject: 'Two\r\nlines' }, /body\.subject/],
      [{ cc: 'boss@customer.test.example' }, /cc/],
    ];
    for (const [body, words] of cases) {
      const answer = await start(body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.match(answer.body.error.message, words);
    }
    assert.deepEqual(await conversations(), before);
    const contacts = (await relay.call('GET', '/v1/admin/contacts?limit=100')).body.items as unknown[];
    assert.equal(contacts.length, 1, 'only Eva, whose mail came in');
  });

  it('starts a conversation from the mailbox: emailed once under its subject, and the customer’s answer continues it', async () => {
    const senders = (await relay.call('GET', '/v1/admin/email-conversations/senders')).body.items;
    assert.deepEqual(senders, [{ address: team.user, name: 'Team desk', kind: 'mailbox' }]);
    const ana = await relay.agent('Bo');
    const body = {
      id: 'start-1',
      from: team.user,
      to: 'Max@Customer.test.example',
      name: 'Max',
      subject: 'Your quote for 40 chairs',
      text: 'Here is the quote you asked for on the phone.',
    };
    const started = await relay.call('POST', '/v1/admin/email-conversations', body, ana.token);
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const { conversationId } = started.body;
    assert.equal(started.body.message.author.role, 'staff');
    const again = await relay.call('POST', '/v1/admin/email-conversations', body, ana.token);
    assert.equal(again.status, 200);
    assert.equal(again.body.conversationId, conversationId);
    assert.equal(again.body.duplicate, true);

    const listed = (await conversations()).find((c) => c.id === conversationId);
    assert.equal(listed?.channel, 'email');
    assert.equal(listed?.subject, 'Your quote for 40 chairs');

    const [sent] = (await inbox(max, 1)) as [ParsedMail];
    assert.deepEqual(
      [sent.to].flat().flatMap((to) => to?.value.map((v) => v.address)),
      ['Max@customer.test.example'],
      'the address as staff typed it',
    );
    assert.equal(sent.from?.value[0]?.address, team.user);
    assert.equal(sent.subject, 'Your quote for 40 chairs', 'the thread’s first email: no Re:');
    assert.match(sent.text ?? '', /Here is the quote you asked for/);
    const messageId = sent.messageId!;
    assert.match(messageId, /^<.+@team\.test\.example>$/);
    const references = [sent.references ?? []].flat();

    // The customer answers in their mail program: In-Reply-To the email, References its thread.
    await dovecot.append(
      team,
      mail({
        from: 'Max <max@customer.test.example>',
        subject: 'Re: Your quote for 40 chairs',
        text: 'Thanks, we take them.',
        id: 'max-answer@customer.test.example',
        replyTo: [...references, messageId],
      }),
    );
    const thread = await until(
      async () => {
        const list = await messages(conversationId);
        return list.length === 2 ? list : undefined;
      },
      'the answer in the started conversation',
      MAIL_WAIT,
    );
    assert.equal(thread[1]!.author.role, 'visitor');
    assert.equal(thread[1]!.text, 'Thanks, we take them.');
    assert.equal((await conversations()).filter((c) => c.subject?.includes('40 chairs')).length, 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal((await dovecot.messages(max)).length, 1, 'the retry sent nothing');
    assert.equal((await dovecot.messages(eva)).length, 1);
  });

  it('edits a mailbox: a wrong login changes nothing; a new folder and name keep how far the INBOX was read', async () => {
    await relay.use('mailboxes')!.reader.idle();
    const before = await stored();
    assert.ok(before.uidValidity !== null && before.lastUid >= 2, JSON.stringify(before));

    const wrong = await relay.call('PATCH', `/v1/admin/mailboxes/${mailboxId}`, {
      imap: server({ ...team, password: 'wrong-password' }, dovecot.port),
    });
    assert.equal(wrong.status, 400);
    assert.match(wrong.body.error.message, /the IMAP server refused the login/);
    const unknown = await relay.call('PATCH', `/v1/admin/mailboxes/${mailboxId}`, { address: 'x@team.test.example' });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.error.message, /address/);
    const noFolder = await relay.call('PATCH', `/v1/admin/mailboxes/${mailboxId}`, { afterImport: 'move' });
    assert.equal(noFolder.status, 400);
    assert.match(noFolder.body.error.message, /body\.moveTo/);
    assert.deepEqual(await stored(), before);

    const edited = await relay.call('PATCH', `/v1/admin/mailboxes/${mailboxId}`, {
      name: 'Team help',
      afterImport: 'move',
      moveTo: 'Handled',
      imap: server(team, dovecot.port),
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(edited.body.name, 'Team help');
    assert.equal(edited.body.moveTo, 'Handled');
    assert.doesNotMatch(JSON.stringify(edited.body), /secret|password/);
    const after = await stored();
    assert.equal(after.uidValidity, before.uidValidity);
    assert.equal(after.lastUid, before.lastUid);
    assert.notEqual(after.imap.passwordSealed, before.imap.passwordSealed, 'sealed anew');

    const count = (await conversations()).length;
    await dovecot.append(
      team,
      mail({ from: 'Ida <ida@customer.test.example>', subject: 'Sunday', text: 'Open on Sunday?', id: 'sun@c.test' }),
    );
    await until(
      async () => ((await dovecot.list(team, 'Handled')).length === 1 ? true : undefined),
      'moved',
      MAIL_WAIT,
    );
    const now = await conversations();
    assert.equal(now.length, count + 1, 'only the new mail was imported');
    assert.ok(now.some((c) => c.subject === 'Sunday'));
  });
});
