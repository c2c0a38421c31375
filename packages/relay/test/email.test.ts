import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { conversationOfReplyAddress } from '../src/email/reply-address.js';
import { emailLocale } from '../src/email/email-strings.js';
import { renderReply } from '../src/email/templates.js';
import { hashLinkToken } from '../src/email/visitor-links.js';
import type { RunningRelay, StartOptions } from '../src/index.js';
import type { OutboxRecord } from '../src/store/admin-store.js';
import { DEFAULT_SITE_ID } from '../src/store/store.js';
import { PDF } from './support/attachment-files.js';
import { TestClient } from './support/client.js';
import { adminToken, relaySecret, siteKey, startDesk } from './support/desk.js';
import { health } from './support/relay.js';
import { SmtpCatcher, type CaughtEmail } from './support/smtp-catcher.js';
import { until } from './support/until.js';

const inboundDomain = 'reply.shop.example';

/** A relay that emails through `catcher`, with a short grace period and a quick outbox. */
function emailRelay(catcher: SmtpCatcher | undefined, options: StartOptions = {}): Promise<RunningRelay> {
  return startDesk({
    relaySecret,
    siteName: 'Shop <b>&</b> Co',
    ...(catcher ? { smtpUrl: catcher.url, emailFrom: 'Shop support <support@shop.example>' } : {}),
    emailReplyDelayS: 1,
    outboxTiming: { pollMs: 50 },
    ...options,
  });
}

async function jobs(relay: RunningRelay, kind: string): Promise<OutboxRecord[]> {
  const { items } = await relay.admin.repos.outbox.listOutbox(DEFAULT_SITE_ID, { kind }, 100);
  return items;
}

async function post(relay: RunningRelay, path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${relay.httpUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

async function staff(relay: RunningRelay): Promise<TestClient> {
  return (await TestClient.hello(relay.wsUrl, { staffToken: adminToken })).client;
}

/** The one-time link an email carries, from its plain text. */
function linkOf(email: CaughtEmail): URL {
  const match = /(https?:\/\/\S+#parley-link=[A-Za-z0-9_-]+)/.exec(email.mail.text ?? '');
  assert.ok(match, `a link in ${email.mail.text}`);
  return new URL(match[1]!);
}

describe('email: staff replies to visitors who are away', () => {
  let catcher: SmtpCatcher;
  let relay: RunningRelay;
  let agent: TestClient;

  before(async () => {
    catcher = await SmtpCatcher.start();
    relay = await emailRelay(catcher, { inboundDomain, allowedOrigins: ['https://shop.example'] });
    agent = await staff(relay);
  });
  after(async () => {
    agent.close();
    await relay.close();
    await catcher.stop();
  });

  let conversationId: string;
  let first: CaughtEmail;

  it('emails two replies written within the grace period as one email, in the visitor’s language, with a Reply-To', async () => {
    const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, {
      siteKey,
      name: 'Ada',
      email: 'ada@example.com',
      context: { url: 'https://shop.example/pricing?plan=pro', locale: 'fr-FR', timezone: 'Europe/Paris' },
    });
    conversationId = welcome.conversationId!;
    await visitor.say('v1', 'Bonjour, une question');
    visitor.close();
    await agent.say('s1', 'First reply <script>alert(1)</script> & "quotes"', { conversationId });
    await agent.say('s2', 'Second reply', { conversationId });
    [first] = (await catcher.waitFor(1)) as [CaughtEmail];
    await until(async () => (await jobs(relay, 'email.reply'))[0]?.status === 'delivered', 'the job to be delivered');
    assert.equal(catcher.emails.length, 1, 'one email for both replies');
    assert.equal((await jobs(relay, 'email.reply')).length, 1);

    const { mail } = first;
    assert.deepEqual(first.to, ['ada@example.com']);
    assert.equal(mail.subject, 'Nouvelle réponse de Shop <b>&</b> Co');
    assert.match(mail.text ?? '', /First reply <script>alert\(1\)<\/script> & "quotes"/);
    assert.match(mail.text ?? '', /Second reply/);
    // Issue #36: the question the replies answer is quoted first, as the visitor's (“Vous”).
    assert.match(mail.text ?? '', /Vous · [^\n]+\n {2}Bonjour, une question\n\n[^\n]+\n {2}First reply/);
    const html = String(mail.html);
    assert.match(html, /<html lang="fr" dir="ltr">/);
    assert.doesNotMatch(html, /<script>|<b>&/, 'everything escaped');
    assert.match(html, /First reply &#60;script&#62;alert\(1\)&#60;\/script&#62; &#38; &#34;quotes&#34;/);
    assert.match(html, /Shop &#60;b&#62;&#38;&#60;\/b&#62; Co/);
    assert.doesNotMatch(html, /<img|src=/i, 'no remote image, no tracking pixel');
    assert.equal(mail.headers.get('content-language'), 'fr');
    const replyTo = mail.replyTo?.value[0]?.address;
    assert.ok(replyTo);
    assert.equal(conversationOfReplyAddress(relaySecret, replyTo, inboundDomain), conversationId);
  });

  it('never repeats a reply: a later reply is emailed alone', async () => {
    await agent.say('s3', 'Third reply', { conversationId });
    const [, second] = await catcher.waitFor(2);
    assert.match(second!.mail.text ?? '', /Third reply/);
    assert.doesNotMatch(second!.mail.text ?? '', /First reply|Second reply/);
    assert.match(second!.mail.text ?? '', /Bonjour, une question/, 'the question, quoted again');
    await until(
      async () => (await relay.admin.repos.email.emailedThrough(DEFAULT_SITE_ID, conversationId)) === 4,
      'the conversation to be marked emailed through its fourth message',
    );
  });

  it('links back to the visitor’s last page with a one-time token in the fragment, which works once', async () => {
    const link = linkOf(first);
    assert.equal(`${link.origin}${link.pathname}${link.search}`, 'https://shop.example/pricing?plan=pro');
    const token = link.hash.slice('#parley-link='.length);
    assert.ok(token.length >= 40);
    assert.doesNotMatch(first.raw, new RegExp(`[?&]\\w*=${token}`), 'never in a query string');

    const used = await post(relay, '/v1/visitor/link', { token }, { origin: 'https://shop.example' });
    assert.equal(used.status, 200, JSON.stringify(used.body));
    assert.equal(used.body.conversationId, conversationId);
    assert.equal(used.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.equal(used.headers.get('cache-control'), 'no-store');

    // The session it grants is the visitor's: their conversation, with its history.
    const { client, welcome } = await TestClient.hello(relay.wsUrl, {
      siteKey,
      visitorToken: used.body.visitorToken as string,
      resume: { [conversationId]: 0 },
    });
    assert.equal(welcome.conversationId, conversationId);
    const replayed = await client.collect('message', 4);
    assert.deepEqual(
      replayed.map((frame) => frame.message.seq),
      [1, 2, 3, 4],
    );
    client.close();

    const again = await post(relay, '/v1/visitor/link', { token }, { origin: 'https://shop.example' });
    assert.equal(again.status, 410);
    assert.equal(again.body.error.code, 'link_used');
    assert.equal(again.body.visitorToken, undefined);
  });

  it('refuses an expired link and an unknown one, granting nothing', async () => {
    const token = 'expired-token-0123456789abcdef0123456789';
    await relay.admin.repos.email.createEmailLink({
      tokenHash: hashLinkToken(token),
      siteId: DEFAULT_SITE_ID,
      conversationId,
      visitorId: 'v_someone',
      createdAt: Date.now() - 8 * 86_400_000,
      expiresAt: Date.now() - 86_400_000 + 60_000,
    });
    const expired = await post(relay, '/v1/visitor/link', { token });
    assert.equal(expired.status, 410);
    assert.equal(expired.body.error.code, 'link_expired');
    const unknown = await post(relay, '/v1/visitor/link', { token: 'x'.repeat(43) });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'not_found');
    const malformed = await post(relay, '/v1/visitor/link', { token: 'short', extra: 1 });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.code, 'bad_request');
  });

  it('sends nothing when the visitor read the replies in the widget', async () => {
    const before = catcher.emails.length;
    const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, email: 'bob@example.com' });
    await visitor.say('b1', 'Hi');
    const reply = await agent.say('b2', 'Here you are', { conversationId: welcome.conversationId! });
    await visitor.next('message', (frame) => frame.message.seq === reply.seq);
    visitor.send({ type: 'read', seq: reply.seq });
    await visitor.next('read');
    const job = await until(
      async () =>
        (await jobs(relay, 'email.reply')).find(
          (j) => j.conversationId === welcome.conversationId && j.status !== 'pending',
        ),
      'the job to finish',
    );
    assert.equal(job.status, 'skipped');
    assert.equal(job.detail, 'read in the widget');
    assert.equal(catcher.emails.length, before);
    visitor.close();
  });

  it('sends nothing to a visitor who is in the chat when the reply comes due', async () => {
    const before = catcher.emails.length;
    const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, email: 'ivy@example.com' });
    await visitor.say('i1', 'Hi');
    await agent.say('i2', 'Hello Ivy', { conversationId: welcome.conversationId! });
    const job = await until(
      async () =>
        (await jobs(relay, 'email.reply')).find(
          (j) => j.conversationId === welcome.conversationId && j.status !== 'pending',
        ),
      'the job to finish',
    );
    assert.equal(job.status, 'skipped');
    assert.equal(job.detail, 'the visitor is in the chat');
    assert.equal(catcher.emails.length, before);
    visitor.close();
  });

  it('skips a visitor who left no email', async () => {
    const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    await visitor.say('n1', 'Hi');
    visitor.close();
    await agent.say('n2', 'Hello', { conversationId: welcome.conversationId! });
    const job = await until(
      async () =>
        (await jobs(relay, 'email.reply')).find(
          (j) => j.conversationId === welcome.conversationId && j.status !== 'pending',
        ),
      'the job to finish',
    );
    assert.equal(job.status, 'skipped');
    assert.equal(job.detail, 'the visitor left no email');
  });
});

describe('email: transcripts', () => {
  let catcher: SmtpCatcher;
  let relay: RunningRelay;

  before(async () => {
    catcher = await SmtpCatcher.start();
    relay = await emailRelay(catcher);
  });
  after(async () => {
    await relay.close();
    await catcher.stop();
  });

  it('queues the transcript once for a double click, and emails the whole conversation', async () => {
    const { client: visitor } = await TestClient.hello(relay.wsUrl, {
      siteKey,
      email: 'cleo@example.com',
      context: { locale: 'ar' },
    });
    await visitor.say('t1', 'مرحبا');
    const agent = await staff(relay);
    await agent.say('t2', 'أهلا', { conversationId: (await visitor.next('ack')).conversationId });
    visitor.send({ type: 'transcript', ref: 'tr1' });
    visitor.send({ type: 'transcript', ref: 'tr2' });
    const answers = [
      await visitor.next('transcript', (f) => f.ref === 'tr1'),
      await visitor.next('transcript', (f) => f.ref === 'tr2'),
    ];
    for (const answer of answers) assert.equal(answer.emailMasked, 'c***@ex***.com');
    const [email] = await catcher.waitFor(1);
    await until(async () => (await jobs(relay, 'email.transcript'))[0]?.status === 'delivered', 'the transcript job');
    assert.equal((await jobs(relay, 'email.transcript')).length, 1, 'one job for two clicks');
    assert.equal(catcher.emails.length, 1);
    assert.equal(email!.mail.subject, 'محادثتك مع Shop <b>&</b> Co');
    assert.match(String(email!.mail.html), /<html lang="ar" dir="rtl">/);
    assert.match(email!.mail.text ?? '', /مرحبا[\s\S]*أهلا/);
    agent.close();
    visitor.close();
  });

  it('names a message’s files in the transcript', async () => {
    const { client: visitor, welcome } = await TestClient.hello(
      relay.wsUrl,
      { siteKey, email: 'dana@example.com' },
      { protocol: 'parley.v3' },
    );
    const put = await fetch(`${relay.httpUrl}/v1/attachments?clientId=f1&name=order.pdf`, {
      method: 'POST',
      body: PDF,
      headers: { authorization: `Bearer ${welcome.visitorToken!}` },
    });
    assert.equal(put.status, 201);
    const { id } = (await put.json()) as { id: string };
    await visitor.say('f1', 'My order', { attachments: [{ id }] });
    const before = catcher.emails.length;
    visitor.send({ type: 'transcript', ref: 'tf' });
    await visitor.next('transcript', (f) => f.ref === 'tf');
    const emails = await catcher.waitFor(before + 1);
    assert.match(emails.at(-1)!.mail.text ?? '', /My order\s+📎 order\.pdf/);
    visitor.close();
  });

  it('lists a bot answer’s sources in the transcript, linked and escaped, as the widget does', async () => {
    const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, email: 'eve@example.com' });
    await visitor.say('s1', 'Where is my parcel?');
    const conversationId = (await visitor.next('ack')).conversationId!;
    // A bot's answer citing two articles (the AI agent's, as it stores one), one of them not a web address.
    await relay.store.append({
      siteId: DEFAULT_SITE_ID,
      conversationId,
      visitorId: welcome.visitorId!,
      clientId: 'bot-s1',
      author: { role: 'bot', id: 'ai-agent', name: 'Shop bot' },
      text: 'Parcels arrive within 3 days.',
      kind: 'text',
      extra: {
        sources: [
          { title: 'Shipping <times> & "delays"', url: 'https://help.shop.example/articles/shipping?a=1&b=2' },
          { title: 'Returns', url: 'javascript:alert(1)' },
        ],
      },
    });
    const before = catcher.emails.length;
    visitor.send({ type: 'transcript', ref: 'ts' });
    await visitor.next('transcript', (f) => f.ref === 'ts');
    const email = (await catcher.waitFor(before + 1)).at(-1)!;
    const html = String(email.mail.html);
    assert.match(
      html,
      /Parcels arrive within 3 days\.<\/p><p[^>]*>Sources<\/p><ul[^>]*><li[^>]*><a href="https:\/\/help\.shop\.example\/articles\/shipping\?a=1&#38;b=2"[^>]*>Shipping &#60;times&#62; &#38; &#34;delays&#34;<\/a><\/li><li[^>]*>Returns<\/li><\/ul>/,
    );
    assert.doesNotMatch(html, /javascript:/, 'an address that is not a web one is not linked');
    assert.match(
      email.mail.text ?? '',
      /Parcels arrive within 3 days\.\n {2}Sources:\n {2}- Shipping <times> & "delays" <https:\/\/help\.shop\.example\/articles\/shipping\?a=1&b=2>\n {2}- Returns(\n|$)/,
    );
    visitor.close();
  });

  it('answers no_email for a visitor without an address, and not_found before the first message', async () => {
    const { client: visitor } = await TestClient.hello(relay.wsUrl, { siteKey });
    visitor.send({ type: 'transcript', ref: 'e1' });
    assert.equal((await visitor.next('error', (f) => f.ref === 'e1')).code, 'not_found');
    await visitor.say('m1', 'Hello');
    visitor.send({ type: 'transcript', ref: 'e2' });
    assert.equal((await visitor.next('error', (f) => f.ref === 'e2')).code, 'no_email');
    visitor.close();
  });
});

describe('email: transcripts go to the address given, a few a day (issue #33)', () => {
  let catcher: SmtpCatcher;
  let relay: RunningRelay;
  // Moved ahead to pass the minute that makes two requests one, and the day of the limit.
  let ahead = 0;
  const clock = (): number => Date.now() + ahead;

  before(async () => {
    catcher = await SmtpCatcher.start();
    relay = await emailRelay(catcher, { emailClock: clock, outboxClock: clock });
  });
  after(async () => {
    await relay.close();
    await catcher.stop();
  });

  it('sends every transcript to the address given first, whatever the visitor types later; three a day', async () => {
    const { client: first, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, email: 'given@example.com' });
    await first.say('g1', 'Hello');
    const ask = async (client: TestClient, ref: string): Promise<string> => {
      client.send({ type: 'transcript', ref });
      return (await client.next('transcript', (frame) => frame.ref === ref)).emailMasked;
    };
    assert.equal(await ask(first, 'a'), 'g***@ex***.com');
    assert.deepEqual((await catcher.waitFor(1)).at(-1)!.to, ['given@example.com']);
    first.close();

    // Back in the same conversation, typing another address: the transcript still goes to the first.
    const { client: again } = await TestClient.hello(relay.wsUrl, {
      siteKey,
      visitorToken: welcome.visitorToken!,
      email: 'someone.else@example.org',
    });
    ahead += 61_000;
    assert.equal(await ask(again, 'b'), 'g***@ex***.com');
    assert.deepEqual((await catcher.waitFor(2)).at(-1)!.to, ['given@example.com']);
    ahead += 61_000;
    assert.equal(await ask(again, 'c'), 'g***@ex***.com');
    await catcher.waitFor(3);
    ahead += 61_000;
    again.send({ type: 'transcript', ref: 'd' });
    const refused = await again.next('error', (frame) => frame.ref === 'd');
    assert.deepEqual(
      [refused.code, refused.message],
      ['rate_limited', 'A conversation gets at most 3 transcripts a day.'],
    );
    ahead += 24 * 60 * 60_000;
    assert.equal(await ask(again, 'e'), 'g***@ex***.com', 'a new day, a new allowance');
    const emails = await catcher.waitFor(4);
    assert.deepEqual(
      emails.flatMap((email) => email.to).filter((to) => to !== 'given@example.com'),
      [],
      'nothing to the address typed later',
    );
    again.close();
  });
});

describe('email: staff notifications and admin notices', () => {
  let catcher: SmtpCatcher;
  let relay: RunningRelay;

  before(async () => {
    catcher = await SmtpCatcher.start();
    relay = await emailRelay(catcher, { emailNotifyBatchMs: 300 });
  });
  after(async () => {
    await relay.close();
    await catcher.stop();
  });

  const me = (method: string, body?: unknown) =>
    fetch(`${relay.httpUrl}/v1/admin/me/notifications`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  it('lets a staff member turn notifications on, with an address kept sealed', async () => {
    const refused = await me('PATCH', { notify: true });
    assert.equal(refused.status, 400, 'notifications need an address');
    const bad = await me('PATCH', { email: 'a@b.example, c@d.example' });
    assert.equal(bad.status, 400);
    const set = await me('PATCH', { email: 'boss@shop.example', notify: true });
    assert.equal(set.status, 200);
    assert.deepEqual(await set.json(), { email: 'boss@shop.example', notify: true });
    const stored = await relay.admin.repos.email.getStaffEmail(
      DEFAULT_SITE_ID,
      (await relay.admin.repos.desk.listStaff(DEFAULT_SITE_ID))[0]!.id,
    );
    assert.ok(stored?.emailEnc && !stored.emailEnc.includes('boss'), 'sealed at rest');
    assert.deepEqual(await (await me('GET')).json(), { email: 'boss@shop.example', notify: true });
  });

  it('batches what visitors write while nobody is online into one email, and waits 5 minutes before the next', async () => {
    const { client: one } = await TestClient.hello(relay.wsUrl, { siteKey, name: 'Dora' });
    await one.say('d1', 'Is anyone there?');
    await one.say('d2', 'I need help with my order');
    const { client: two } = await TestClient.hello(relay.wsUrl, { siteKey, name: 'Eli' });
    await two.say('e1', 'Question about shipping');
    const [email] = await catcher.waitFor(1);
    assert.deepEqual(email!.to, ['boss@shop.example']);
    assert.equal(email!.mail.subject, '2 conversations are waiting on Shop <b>&</b> Co');
    assert.match(email!.mail.text ?? '', /Dora — New conversation[\s\S]*I need help with my order/);
    assert.match(email!.mail.text ?? '', /Eli — New conversation/);
    assert.ok((email!.mail.text ?? '').includes(`${relay.publicUrl}/admin`), 'the inbox at the public origin');
    assert.equal(email!.mail.headers.get('auto-submitted'), 'auto-generated');

    // The worker records outcomes in batches (a few ms after the send): wait for the first's, so that the pending
    // job found next is the one the next message writes (from the message log, just after its acknowledgement).
    const sent = await until(
      async () => (await jobs(relay, 'email.notify')).find((j) => j.status === 'delivered'),
      'the first notification recorded as delivered',
    );
    await one.say('d3', 'Still waiting');
    const next = await until(
      async () => (await jobs(relay, 'email.notify')).find((j) => j.status === 'pending'),
      'the next notification to be written',
    );
    const sentAt = sent.doneAt!;
    assert.ok(next.dueAt >= sentAt + 5 * 60_000 - 1000, 'not due within 5 minutes of the last one');
    assert.equal(catcher.emails.length, 1);
    one.close();
    two.close();
  });

  it('emails a webhook-disabled notice to the site’s admins who have an address', async () => {
    const before = catcher.emails.length;
    await relay.admin.repos.outbox.enqueueOutbox(
      [
        {
          kind: 'email.admin',
          siteId: DEFAULT_SITE_ID,
          payload: {
            template: 'webhook-disabled',
            endpointId: 'wh_1',
            url: 'https://hooks.example/x?<a>',
            error: 'HTTP 500 <oops>',
          },
        },
      ],
      Date.now(),
    );
    const emails = await catcher.waitFor(before + 1);
    const notice = emails.at(-1)!;
    assert.deepEqual(notice.to, ['boss@shop.example']);
    assert.match(notice.mail.text ?? '', /https:\/\/hooks\.example\/x\?<a>[\s\S]*HTTP 500 <oops>/);
    assert.match(String(notice.mail.html), /HTTP 500 &#60;oops&#62;/);
  });
});

describe('email: off without PARLEY_SMTP_URL', () => {
  it('says so in /healthz and the welcome, refuses transcripts, and writes no email job', async () => {
    const relay = await emailRelay(undefined);
    try {
      assert.equal((await health(relay)).email, 'off');
      const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, email: 'f@example.com' });
      assert.equal(welcome.email, false);
      await visitor.say('f1', 'Hello');
      visitor.send({ type: 'transcript', ref: 'x1' });
      assert.equal((await visitor.next('error', (f) => f.ref === 'x1')).code, 'email_unavailable');
      const agent = await staff(relay);
      await agent.say('f2', 'Reply', { conversationId: welcome.conversationId! });
      // Other features' jobs (the reply assigning the conversation) may be there; no email's.
      const jobs = (await relay.admin.repos.outbox.listOutbox(DEFAULT_SITE_ID, {}, 10)).items;
      assert.deepEqual(
        jobs.filter((job) => job.kind.startsWith('email.')),
        [],
      );
      agent.close();
      visitor.close();
    } finally {
      await relay.close();
    }
  });

  it('says email is on when it is', async () => {
    const catcher = await SmtpCatcher.start();
    const relay = await emailRelay(catcher);
    try {
      assert.equal((await health(relay)).email, 'on');
      const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
      assert.equal(welcome.email, true);
      client.close();
    } finally {
      await relay.close();
      await catcher.stop();
    }
  });
});

describe('email: the page a link leads to', () => {
  it('is the visitor’s last page only on an origin the site names; otherwise the relay’s own page', async () => {
    const catcher = await SmtpCatcher.start();
    const relay = await emailRelay(catcher, { publicUrl: 'https://chat.shop.example' });
    try {
      const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, {
        siteKey,
        email: 'hal@example.com',
        context: { url: 'https://evil.example/login' },
      });
      await visitor.say('h1', 'Hi');
      visitor.close();
      const agent = await staff(relay);
      await agent.say('h2', 'Hello', { conversationId: welcome.conversationId! });
      const [email] = await catcher.waitFor(1);
      const link = linkOf(email!);
      assert.equal(`${link.origin}${link.pathname}`, 'https://chat.shop.example/');
      agent.close();
    } finally {
      await relay.close();
      await catcher.stop();
    }
  });
});

describe('email templates', () => {
  it('writes Arabic right to left, escapes what it is given, and keeps the site’s colour only when it is one', () => {
    const rendered = renderReply({
      locale: emailLocale('ar-EG'),
      brand: { siteName: '"><img src=x>', color: 'red;background:url(x)' },
      messages: [{ author: 'Sam', text: 'line 1\n<i>line 2</i>', ts: Date.UTC(2026, 0, 2, 10, 30) }],
      link: 'https://shop.example/#parley-link=abc"def',
      replyByEmail: false,
      timeZone: 'Not/AZone',
    });
    assert.match(rendered.html, /dir="rtl"/);
    assert.doesNotMatch(rendered.html, /<img|<i>|url\(x\)/);
    assert.match(rendered.html, /line 1<br>&#60;i&#62;line 2/);
    assert.match(rendered.html, /#2563eb/);
    assert.match(rendered.html, /href="https:\/\/shop\.example\/#parley-link=abc&#34;def"/);
    assert.equal(rendered.subject, 'رد جديد من "><img src=x>');
    assert.match(rendered.text, /line 1\n {2}<i>line 2<\/i>/);
    const colored = renderReply({
      locale: emailLocale('es'),
      brand: { siteName: 'Tienda', color: '#aa3300' },
      messages: [],
      link: undefined,
      replyByEmail: true,
      timeZone: undefined,
    });
    assert.match(colored.html, /#aa3300/);
    assert.equal(colored.subject, 'Nueva respuesta de Tienda');
    assert.match(colored.text, /También puedes responder a este correo\./);
    assert.doesNotMatch(colored.html, /<img/, 'no logo, no image');
  });

  it('shows the site’s logo above its name when it is an https address, escaped', () => {
    const render = (logoUrl: string) =>
      renderReply({
        locale: emailLocale('en'),
        brand: { siteName: 'Acme', color: null, logoUrl },
        messages: [],
        link: undefined,
        replyByEmail: false,
        timeZone: undefined,
      }).html;
    assert.match(
      render('https://cdn.example.com/logo.png?a=1&b="2"'),
      /<img src="https:\/\/cdn\.example\.com\/logo\.png\?a=1&#38;b=&#34;2&#34;" alt="" height="40"/,
    );
    assert.doesNotMatch(render('http://cdn.example.com/logo.png'), /<img/);
    assert.doesNotMatch(render('javascript:alert(1)'), /<img/);
  });
});
