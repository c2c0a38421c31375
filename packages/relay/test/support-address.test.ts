import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import type { Message } from '@parley/protocol';
import { createLogger } from '../src/log.js';
import { TestClient } from './support/client.js';
import { adminToken, relaySecret, startDesk, type Desk } from './support/desk.js';
import { setSupportAddresses } from './support/support-addresses.js';
import { until } from './support/until.js';
import { png } from './support/attachment-files.js';
import { WebhookReceiver } from './support/webhook-receiver.js';
import { SmtpCatcher } from './support/smtp-catcher.js';
import { readFileSync } from 'node:fs';

const inboundSecret = 'inbound-secret-for-tests-0123456789';
const domain = 'reply.test.example';
const support = 'help@shop.test.example';

/** A desk that takes mail: replies' domain, the SMTP listener on port 0. */
const inbound = { relaySecret, inboundDomain: domain, inboundSmtpPort: 0, inboundSmtpHost: '127.0.0.1' } as const;

/** Every log line the relay writes: none may hold an address or an email's text. */
const logLines: string[] = [];

function smtp(relay: Desk) {
  return nodemailer.createTransport({ host: '127.0.0.1', port: relay.inbound!.smtpPort!, secure: false });
}

async function messages(relay: Desk, conversationId: string): Promise<Message[]> {
  return relay.store.messagesAfter(conversationId, 0, 100, { includeNotes: true });
}

async function postJson(relay: Desk, body: unknown) {
  const response = await fetch(`${relay.httpUrl}/v1/inbound/email`, {
    method: 'POST',
    headers: { authorization: `Bearer ${inboundSecret}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** The site's conversations as the inbox lists them. */
async function listed(relay: Desk) {
  const answer = await relay.call('GET', '/v1/admin/conversations?limit=100');
  assert.equal(answer.status, 200);
  return answer.body.items as Array<{
    id: string;
    channel?: string;
    subject?: string;
    visitor: { id: string; name?: string };
  }>;
}

describe('a support address', () => {
  let relay: Desk;
  let staff: TestClient;
  before(async () => {
    relay = await startDesk({
      ...inbound,
      inboundSecret,
      ipRateLimitPerSecond: 0,
      emailConversationsPerSenderPerHour: 3,
      logger: createLogger('info', (line) => logLines.push(line)),
    });
    ({ client: staff } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken }));
  });
  after(async () => {
    staff.close();
    await relay.close();
  });

  it('is set by admins through the admin API, checked, and listed with how mail reaches the relay', async () => {
    const agent = await relay.agent('Ana');
    const set = (items: unknown, as?: string) => relay.call('PUT', '/v1/admin/support-addresses', { items }, as);
    assert.equal((await set([{ address: support }], agent.token)).status, 403);
    for (const address of ['not an address', 'a@b', 'Jane <help@shop.example>', 'x,y@shop.example'])
      assert.equal((await set([{ address }])).status, 400, address);
    assert.equal((await set([{ address: support, name: 'Bad\r\nBcc: x@y.example' }])).status, 400);
    assert.equal((await set([{ address: support }, { address: support.toUpperCase() }])).status, 400, 'twice');
    assert.equal((await set(Array.from({ length: 21 }, (_, i) => ({ address: `a${i}@shop.example` })))).status, 400);
    assert.deepEqual((await relay.call('GET', '/v1/admin/support-addresses')).body.items, [], 'nothing was set');
    const made = await set([{ address: 'Help@Shop.Test.Example' }, { address: 'old@shop.test.example', name: 'Old' }]);
    assert.equal(made.status, 200);
    assert.deepEqual(
      made.body.items.map((item: { address: string; name: string }) => [item.address, item.name]),
      [
        [support, null],
        ['old@shop.test.example', 'Old'],
      ],
    );
    assert.deepEqual(made.body.receiving, ['smtp', 'webhook']);
    const renamed = await setSupportAddresses(relay, [
      { address: support, name: 'Shop help' },
      { address: 'old@shop.test.example' },
    ]);
    assert.equal(renamed.status, 200);
    const list = await relay.call('GET', '/v1/admin/support-addresses', undefined, agent.token);
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.items.map((item: { address: string; name: string }) => [item.address, item.name]),
      [
        [support, 'Shop help'],
        ['old@shop.test.example', null],
      ],
    );
  });

  it('opens a conversation from an email: the sender becomes the contact, the subject the conversation’s, live in the inbox', async () => {
    const sent = await smtp(relay).sendMail({
      from: '"Maria Lopez" <Maria@Customer.test.example>',
      to: `Shop <${support.toUpperCase()}>`,
      subject: 'Where is order 4411?',
      text: 'Hello,\n\nmy order 4411 has not arrived.\n\nMaria',
      messageId: '<first-4411@customer.test.example>',
    });
    assert.match(sent.response, /^250 /);
    const live = await staff.next('message', (frame) => frame.message.text.includes('4411 has not arrived'));
    assert.equal(live.message.seq, 1);
    assert.equal(live.message.via, 'email');
    assert.deepEqual(live.message.author, { role: 'visitor', id: live.message.author.id, name: 'Maria Lopez' });
    const created = await staff.next('conversation', (frame) => frame.conversation.id === live.message.conversationId);
    assert.equal(created.conversation.channel, 'email');
    assert.equal(created.conversation.subject, 'Where is order 4411?');
    assert.equal(created.conversation.visitor.name, 'Maria Lopez');
    assert.equal(created.conversation.visitor.emailMasked?.includes('@'), true);
    const row = (await listed(relay)).find((item) => item.id === live.message.conversationId);
    assert.deepEqual([row?.channel, row?.subject], ['email', 'Where is order 4411?']);
    const contacts = await relay.call('GET', '/v1/admin/contacts?limit=50');
    const contact = contacts.body.items.find((item: { id: string }) => item.id === live.message.author.id);
    assert.equal(contact?.name, 'Maria Lopez');

    // The same email again (an MTA retrying): the same conversation, one message.
    assert.match(
      (
        await smtp(relay).sendMail({
          from: 'maria@customer.test.example',
          to: support,
          subject: 'Where is order 4411?',
          text: 'Hello,\n\nmy order 4411 has not arrived.\n\nMaria',
          messageId: '<first-4411@customer.test.example>',
        })
      ).response,
      /^250 /,
    );
    assert.equal((await messages(relay, live.message.conversationId)).length, 1);

    // A new email, not a reply: a second conversation, with the same contact.
    await smtp(relay).sendMail({
      from: 'maria@customer.test.example',
      to: support,
      subject: 'Another question',
      text: 'Do you ship to Spain?',
      messageId: '<second@customer.test.example>',
    });
    const second = await staff.next('message', (frame) => frame.message.text === 'Do you ship to Spain?');
    assert.notEqual(second.message.conversationId, live.message.conversationId);
    assert.equal(second.message.author.id, live.message.author.id, 'one contact, found by email');
  });

  it('continues a conversation when the email answers it (In-Reply-To, References) from its visitor, quote stripped', async () => {
    await smtp(relay).sendMail({
      from: 'leo@customer.test.example',
      to: support,
      subject: 'Broken zipper',
      text: 'The zipper broke after a week.',
      messageId: '<zip-1@customer.test.example>',
    });
    const first = await staff.next('message', (frame) => frame.message.text === 'The zipper broke after a week.');
    const conversationId = first.message.conversationId;
    // Answering the email that opened it…
    await smtp(relay).sendMail({
      from: 'Leo@Customer.test.example',
      to: support,
      subject: 'Re: Broken zipper',
      text: 'Here is a photo.\n\nOn Mon, Jan 8, 2024 at 10:02 AM Shop <help@shop.test.example> wrote:\n> Sorry! Can you send a photo?',
      inReplyTo: '<zip-1@customer.test.example>',
      references: ['<zip-1@customer.test.example>'],
      messageId: '<zip-2@customer.test.example>',
    });
    // …and one of the relay's emails about it (its thread id, in References).
    const thread = `<conversation.${Buffer.from(conversationId).toString('hex')}@shop.test.example>`;
    await smtp(relay).sendMail({
      from: 'leo@customer.test.example',
      to: support,
      subject: 'Re: Your conversation with Shop',
      text: 'Size M, please.',
      inReplyTo: '<ob_something@shop.test.example>',
      references: [thread, '<ob_something@shop.test.example>'],
      messageId: '<zip-3@customer.test.example>',
    });
    await until(async () => (await messages(relay, conversationId)).length === 3, 'both replies to be stored');
    assert.deepEqual(
      (await messages(relay, conversationId)).map((message) => message.text),
      ['The zipper broke after a week.', 'Here is a photo.', 'Size M, please.'],
    );
    // Someone else answering the same thread opens their own conversation: nobody writes in another's.
    await smtp(relay).sendMail({
      from: 'stranger@elsewhere.test.example',
      to: support,
      subject: 'Re: Broken zipper',
      text: 'I have the same problem.',
      references: [thread],
      messageId: '<zip-4@elsewhere.test.example>',
    });
    const stranger = await staff.next('message', (frame) => frame.message.text === 'I have the same problem.');
    assert.notEqual(stranger.message.conversationId, conversationId);
    assert.equal((await messages(relay, conversationId)).length, 3);
  });

  it('puts the email’s files through the attachment pipeline: an image kept, a program refused and named', async () => {
    const image = await png(40, 30);
    await smtp(relay).sendMail({
      from: 'pics@customer.test.example',
      to: support,
      subject: 'Damaged box',
      text: 'See the photo.',
      messageId: '<pics-1@customer.test.example>',
      attachments: [
        { filename: 'box.png', content: image, contentType: 'image/png' },
        {
          filename: 'setup.exe',
          content: Buffer.from('MZ\x90\x00 not a real program'),
          contentType: 'application/octet-stream',
        },
      ],
    });
    const live = await staff.next('message', (frame) => frame.message.text.startsWith('See the photo.'));
    // As stored (a staff connection of protocol 2, as here, gets a line per file added to the text instead).
    const [stored] = await messages(relay, live.message.conversationId);
    assert.equal(stored!.text, 'See the photo.\n\n[Files not kept: setup.exe]');
    assert.equal(stored!.attachments?.length, 1);
    const [file] = stored!.attachments!;
    assert.equal(file!.name, 'box.png');
    assert.equal(file!.type, 'image/png');
    assert.deepEqual([file!.width, file!.height], [40, 30]);
    // Delivered again: one message, one file.
    await smtp(relay).sendMail({
      from: 'pics@customer.test.example',
      to: support,
      subject: 'Damaged box',
      text: 'See the photo.',
      messageId: '<pics-1@customer.test.example>',
      attachments: [{ filename: 'box.png', content: image, contentType: 'image/png' }],
    });
    assert.equal((await messages(relay, live.message.conversationId)).length, 1);
  });

  it('refuses mail to an address that is not one of the relay’s at RCPT TO, before the message is sent', async () => {
    await assert.rejects(
      smtp(relay).sendMail({ from: 'a@customer.test.example', to: 'sales@shop.test.example', text: 'Hi' }),
      (error: Error & { responseCode?: number }) => error.responseCode === 550,
    );
  });

  it('takes the subject as the message when the body says nothing, and refuses an email with neither', async () => {
    await smtp(relay).sendMail({
      from: 'brief@customer.test.example',
      to: support,
      subject: 'Call me back please',
      text: '',
      messageId: '<brief-1@customer.test.example>',
    });
    const brief = await staff.next('message', (frame) => frame.message.text === 'Call me back please');
    assert.equal(brief.message.seq, 1);
    const before = (await listed(relay)).length;
    await assert.rejects(
      smtp(relay).sendMail({
        from: 'blank@customer.test.example',
        to: support,
        text: ' ',
        messageId: '<blank@x.example>',
      }),
      (error: Error & { responseCode?: number }) => error.responseCode === 550,
    );
    assert.equal((await listed(relay)).length, before, 'nothing was opened');
  });

  it('opens conversations from the provider webhook too, and holds each sender to the quota (nothing stored past it)', async () => {
    const from = 'busy@customer.test.example';
    const before = (await listed(relay)).length;
    for (let i = 1; i <= 3; i++) {
      const answer = await postJson(relay, {
        from: `Busy Bee <${from}>`,
        to: support,
        subject: `Question ${i}`,
        text: `Question number ${i}`,
        messageId: `<busy-${i}@customer.test.example>`,
      });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
    }
    // The same email again is no new conversation: it costs no quota.
    const again = await postJson(relay, {
      from,
      to: support,
      subject: 'Question 1',
      text: 'Question number 1',
      messageId: '<busy-1@customer.test.example>',
    });
    assert.equal(again.status, 200);
    assert.equal(again.body.duplicate, true);
    const over = await postJson(relay, {
      from,
      to: support,
      subject: 'Question 4',
      text: 'Question number 4',
      messageId: '<busy-4@customer.test.example>',
    });
    assert.equal(over.status, 429);
    assert.equal(over.body.error.code, 'rate_limited');
    assert.ok(Number(over.headers.get('retry-after')) > 0);
    await assert.rejects(
      smtp(relay).sendMail({
        from,
        to: support,
        subject: 'Question 5',
        text: 'Question number 5',
        messageId: '<busy-5@customer.test.example>',
      }),
      (error: Error & { responseCode?: number; response?: string }) =>
        error.responseCode === 451 && /4\.7\.1/.test(error.response ?? ''),
    );
    assert.equal((await listed(relay)).length, before + 3);
    // Another sender is not held to Busy's quota.
    assert.equal(
      (
        await postJson(relay, {
          from: 'calm@customer.test.example',
          to: support,
          text: 'One question',
          messageId: '<calm@x.example>',
        })
      ).status,
      201,
    );
  });

  it('refuses mail to an address the site no longer has', async () => {
    const kept = await setSupportAddresses(relay, [{ address: support }]);
    assert.deepEqual(
      kept.body.items.map((item: { address: string }) => item.address),
      [support],
    );
    await assert.rejects(
      smtp(relay).sendMail({ from: 'a@customer.test.example', to: 'old@shop.test.example', text: 'Hi' }),
      (error: Error & { responseCode?: number }) => error.responseCode === 550,
    );
  });

  it('takes an auto-reply and a bounce without opening anything; a permanent bounce marks the address bouncing', async () => {
    await smtp(relay).sendMail({
      from: 'Nadia Roy <nadia@customer.test.example>',
      to: support,
      subject: 'Invoice copy',
      text: 'Could you send me the invoice again?',
      messageId: '<invoice@customer.test.example>',
    });
    const opened = await staff.next('message', (frame) => frame.message.text.includes('invoice again'));
    const conversationId = opened.message.conversationId;
    const before = (await listed(relay)).length;
    // Her mail program answers the relay's email while she is away: an auto-reply, to the support address.
    const vacation = await smtp(relay).sendMail({
      from: 'nadia@customer.test.example',
      to: support,
      subject: 'Automatic reply: Invoice copy',
      text: 'I am out of the office until Monday.',
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Autoreply': 'yes' },
      references: [`<conversation.${Buffer.from(conversationId).toString('hex')}@shop.test.example>`],
      messageId: '<oof@customer.test.example>',
    });
    assert.match(vacation.response, /^250 2\.0\.0 Accepted, not stored/);
    // The same through the webhook's JSON, whose headers say so.
    const json = await postJson(relay, {
      from: 'nadia@customer.test.example',
      to: support,
      subject: 'Automatic reply',
      text: 'Away.',
      headers: { 'auto-submitted': 'auto-replied', 'X-Mailer': 'Outlook' },
    });
    assert.equal(json.status, 202);
    assert.deepEqual(json.body, { ignored: 'auto_reply', detail: 'an automatic message' });
    // A delivery failure for her address, from the MTA (Postfix's report, to the support address).
    const report = readFileSync(new URL('./fixtures/automated-mail/postfix-bounce.eml', import.meta.url), 'utf8')
      .replaceAll('reply+636f6e765f32-a1b2c3d4e5f60718@reply.shop.example', support)
      .replaceAll('Jean.Dupont@Exemple-FAI.fr', 'Nadia@Customer.test.example');
    const bounce = await smtp(relay).sendMail({ envelope: { from: '', to: [support] }, raw: report });
    assert.match(bounce.response, /^250 2\.0\.0 Accepted, not stored/);
    // Over the webhook too: the raw report answers 202.
    const posted = await fetch(`${relay.httpUrl}/v1/inbound/email`, {
      method: 'POST',
      headers: { authorization: `Bearer ${inboundSecret}`, 'content-type': 'message/rfc822' },
      body: report,
    });
    assert.equal(posted.status, 202);
    assert.deepEqual(await posted.json(), { ignored: 'bounce', detail: 'a delivery failure, recorded' });
    // Nothing opened, nothing added; her contact is marked, and the inbox told.
    assert.equal((await listed(relay)).length, before);
    assert.deepEqual(
      (await messages(relay, conversationId)).map((message) => message.text),
      ['Could you send me the invoice again?'],
    );
    const marked = await staff.next('conversation', (frame) => frame.conversation.id === conversationId);
    const record = (await relay.admin.repos.conversations.getConversation('default', conversationId))!;
    assert.ok(record.visitor.emailBouncingAt !== undefined, 'the address is marked bouncing');
    assert.ok(marked.conversation.visitor, 'the inbox got the conversation again');
  });

  it('never logs an address or an email’s text', () => {
    const all = logLines.join('\n');
    for (const secret of ['customer.test.example', '4411 has not arrived', 'Spain', 'zipper'])
      assert.ok(!all.includes(secret), `the log holds ${secret}`);
  });
});

describe('a conversation opened by email, as the desk handles any conversation', () => {
  it('is routed to an agent, gets its SLA deadline, counts in reports, and is told to webhooks', async () => {
    const relay = await startDesk({
      ...inbound,
      ipRateLimitPerSecond: 0,
      webhookAllowPrivate: true,
      outboxTiming: { pollMs: 50 },
    });
    const receiver = await WebhookReceiver.start();
    try {
      await setSupportAddresses(relay, [{ address: support }]);
      const routing = {
        mode: 'round-robin',
        defaultCapacity: 10,
        reassignAfterMinutes: null,
        sla: { firstResponseMinutes: 30, raisePriorityTo: 'high', notifyEmail: false },
      };
      assert.equal((await relay.call('PUT', '/v1/admin/routing', routing)).status, 200);
      const hook = await relay.call('POST', '/v1/admin/webhooks', {
        url: receiver.url(),
        events: ['conversation.created', 'message.created'],
      });
      assert.equal(hook.status, 201);
      const ana = await relay.agent('Ana');
      const { client: agentSocket } = await TestClient.hello(relay.wsUrl, { staffToken: ana.token });
      await until(async () => {
        const staff = (await relay.call('GET', '/v1/admin/routing')).body.staff as Array<{
          id: string;
          online: boolean;
        }>;
        return staff.find((member) => member.id === ana.id)?.online;
      }, 'the agent online');
      await smtp(relay).sendMail({
        from: 'routed@customer.test.example',
        to: support,
        subject: 'Routed',
        text: 'Please help.',
        messageId: '<routed@customer.test.example>',
      });
      const [item] = await until(async () => {
        const items = (await listed(relay)).filter((entry) => entry.subject === 'Routed');
        return items.length === 1 && (items[0] as { assigneeId?: string }).assigneeId ? items : undefined;
      }, 'the conversation assigned');
      const record = (await relay.admin.repos.conversations.getConversation('default', item!.id))!;
      assert.equal(record.assigneeId, ana.id);
      assert.equal(record.channel, 'email');
      assert.ok(record.dueAt !== null && record.dueAt - record.createdAt <= 30 * 60_000 + 1000, 'the SLA deadline');
      // The agent answers; the reports count the conversation, its messages and the agent's work like a chat's.
      const answered = await relay.call(
        'POST',
        `/v1/admin/conversations/${item!.id}/messages`,
        { id: 'r-routed', text: 'Happy to help.' },
        ana.token,
      );
      assert.equal(answered.status, 201, JSON.stringify(answered.body));
      const now = Date.now();
      const report = await relay.call('GET', `/v1/admin/reports?from=${now - 86_400_000}&to=${now + 60_000}`);
      assert.equal(report.status, 200, JSON.stringify(report.body));
      const sum = (rows: Array<Record<string, number>>, key: string) => rows.reduce((n, row) => n + row[key]!, 0);
      assert.equal(sum(report.body.conversations, 'count'), 1);
      assert.equal(sum(report.body.messages, 'visitor'), 1);
      assert.equal(sum(report.body.messages, 'staff'), 1);
      const agentRow = (report.body.agents as Array<{ staffId: string; conversations: number; assigned: number }>).find(
        (row) => row.staffId === ana.id,
      );
      assert.deepEqual([agentRow?.conversations, agentRow?.assigned], [1, 1]);
      const events = new Set<string>();
      while (!(events.has('conversation.created') && events.has('message.created'))) {
        const request = await receiver.next(10_000);
        const event = JSON.parse(request.body) as { type: string };
        events.add(event.type);
      }
      agentSocket.close();
    } finally {
      await receiver.close();
      await relay.close();
    }
  });
});

describe('two relays mailing each other', () => {
  it('never loop: mail from a Parley relay opens nothing at another (or the same) relay', async () => {
    // Relay B takes mail for its support address; relay A sends its email to B's listener.
    const b = await startDesk({
      relaySecret: 'relay-secret-of-b-0123456789abcdef0123456789',
      inboundDomain: 'reply.b.test.example',
      inboundSmtpPort: 0,
      inboundSmtpHost: '127.0.0.1',
      ipRateLimitPerSecond: 0,
    });
    const a = await startDesk({
      ...inbound,
      ipRateLimitPerSecond: 0,
      smtpUrl: `smtp://127.0.0.1:${b.inbound!.smtpPort!}`,
      emailFrom: 'Shop A <shop@a.test.example>',
      emailReplyDelayS: 0,
      outboxTiming: { pollMs: 50 },
    });
    try {
      await setSupportAddresses(b, [{ address: 'help@b.test.example' }]);
      // A visitor of A gives B's support address as their email, writes and leaves; A's staff answer.
      const { client, welcome } = await TestClient.hello(a.wsUrl, {
        siteKey: 'pk_test_desk',
        name: 'Bot B',
        email: 'help@b.test.example',
      });
      await client.say('first', 'Hello from a visitor whose address is another desk.');
      await until(
        async () =>
          (await a.admin.repos.conversations.getConversation('default', welcome.conversationId!))?.visitor.emailEnc,
        'the contact stored',
      );
      client.close();
      const reply = await a.call('POST', `/v1/admin/conversations/${welcome.conversationId}/messages`, {
        id: 'r-1',
        text: 'Thanks, we are on it.',
      });
      assert.equal(reply.status, 201);
      // A's reply email reaches B (A's outbox says delivered), and B opens nothing.
      await until(
        async () => (await a.admin.repos.email.emailedThrough('default', welcome.conversationId!)) > 0,
        'A’s reply email delivered to B',
        { timeoutMs: 15_000 },
      );
      const listedAtB = await b.call('GET', '/v1/admin/conversations?limit=10');
      assert.deepEqual(listedAtB.body.items, [], 'B opened nothing');
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('the reply email of a conversation by email', () => {
  it('goes after its own short delay, from the support address, threaded; a chat’s still waits for its grace period', async () => {
    const catcher = await SmtpCatcher.start();
    const relay = await startDesk({
      ...inbound,
      ipRateLimitPerSecond: 0,
      smtpUrl: catcher.url,
      emailFrom: 'Shop <shop@shop.test.example>',
      emailReplyDelayS: 3600,
      emailChannelReplyDelayS: 0,
      outboxTiming: { pollMs: 50 },
    });
    try {
      await setSupportAddresses(relay, [{ address: support, name: 'Shop help' }]);
      // The address's confirmation (vouched for instead): the replies' emails are the ones counted below.
      assert.match((await catcher.waitFor(1))[0]!.mail.subject ?? '', /^Confirm /);
      catcher.emails.splice(0);
      await smtp(relay).sendMail({
        from: 'Eva <eva@customer.test.example>',
        to: support,
        subject: 'Size exchange',
        text: 'Can I swap the M for an L?',
        messageId: '<swap@customer.test.example>',
      });
      const [byEmail] = await until(async () => {
        const items = await listed(relay);
        return items.length === 1 ? items : undefined;
      }, 'the conversation by email');
      // A chat visitor with an email, gone: their reply waits the hour of grace.
      const { client, welcome } = await TestClient.hello(relay.wsUrl, {
        siteKey: 'pk_test_desk',
        email: 'chat@customer.test.example',
      });
      await client.say('c-1', 'Hello from the chat');
      await until(
        async () =>
          (await relay.admin.repos.conversations.getConversation('default', welcome.conversationId!))?.visitor.emailEnc,
        'the chat visitor stored',
      );
      client.close();
      for (const [id, text] of [
        [byEmail!.id, 'Yes, an L is on its way.'],
        [welcome.conversationId!, 'Thanks for writing.'],
      ] as const)
        assert.equal(
          (await relay.call('POST', `/v1/admin/conversations/${id}/messages`, { id: `r-${id}`, text })).status,
          201,
        );
      const [sent] = await catcher.waitFor(1);
      assert.equal(sent!.mail.subject, 'Re: Size exchange');
      assert.deepEqual(sent!.mail.from?.value[0], { address: support, name: 'Shop help' });
      assert.equal(sent!.mail.inReplyTo, '<swap@customer.test.example>');
      assert.match(sent!.mail.text ?? '', /an L is on its way/);
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(catcher.emails.length, 1, 'the chat’s reply waits for its grace period');
    } finally {
      await relay.close();
      await catcher.stop();
    }
  });
});

describe('a conversation staff start by email from a support address', () => {
  it('is offered once confirmed, emailed through the relay’s mailer from the address, and the answer continues it', async () => {
    const catcher = await SmtpCatcher.start();
    const relay = await startDesk({
      ...inbound,
      ipRateLimitPerSecond: 0,
      smtpUrl: catcher.url,
      emailFrom: 'Shop <shop@shop.test.example>',
      emailChannelReplyDelayS: 0,
      outboxTiming: { pollMs: 50 },
    });
    try {
      const set = await relay.call('PUT', '/v1/admin/support-addresses', {
        items: [{ address: support, name: 'Shop help' }],
      });
      assert.equal(set.status, 200);
      await catcher.waitFor(1);
      catcher.emails.splice(0);
      const senders = async () => (await relay.call('GET', '/v1/admin/email-conversations/senders')).body.items;
      assert.deepEqual(await senders(), [], 'an address not yet confirmed sends nothing');
      await relay.use('support')!.addresses.vouch('default', support);
      assert.deepEqual(await senders(), [{ address: support, name: 'Shop help', kind: 'support' }]);

      // A contact the site knows already: the conversation is theirs, not a new contact's.
      const { client, welcome } = await TestClient.hello(relay.wsUrl, {
        siteKey: 'pk_test_desk',
        email: 'kim@customer.test.example',
      });
      await client.say('c-1', 'Hello from the chat');
      const known = await until(
        async () =>
          (await relay.admin.repos.conversations.getConversation('default', welcome.conversationId!))?.visitor,
        'the chat visitor stored',
      );
      client.close();

      const ana = await relay.agent('Ana');
      const started = await relay.call(
        'POST',
        '/v1/admin/email-conversations',
        { id: 'kim-1', from: support, to: 'KIM@customer.test.example', subject: 'Your return', text: 'It arrived.' },
        ana.token,
      );
      assert.equal(started.status, 201, JSON.stringify(started.body));
      const { conversationId } = started.body;
      const record = await relay.admin.repos.conversations.getConversation('default', conversationId);
      assert.equal(record?.visitorId, known.id, 'the contact found by the address');
      assert.equal(record?.channelAddress, support);

      const [sent] = await catcher.waitFor(1);
      assert.equal(sent!.mail.subject, 'Your return');
      assert.deepEqual(sent!.mail.from?.value[0], { address: support, name: 'Shop help' });
      assert.match(sent!.mail.messageId ?? '', /@shop\.test\.example>$/);
      assert.match(sent!.mail.text ?? '', /It arrived\./);
      await smtp(relay).sendMail({
        from: 'Kim <kim@customer.test.example>',
        to: support,
        subject: 'Re: Your return',
        text: 'Great, thank you.',
        messageId: '<kim-thanks@customer.test.example>',
        inReplyTo: sent!.mail.messageId,
        references: [sent!.mail.references ?? []].flat().concat(sent!.mail.messageId!),
      });
      await until(
        async () => ((await messages(relay, conversationId)).length === 2 ? true : undefined),
        'the answer in the conversation',
      );
      assert.equal((await listed(relay)).filter((c) => c.channel === 'email').length, 1);
    } finally {
      await relay.close();
      await catcher.stop();
    }
  });
});
