import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { replyAddress } from '../src/email/reply-address.js';
import type { RunningRelay, StartOptions } from '../src/index.js';
import { createLogger } from '../src/log.js';
import { TestClient } from './support/client.js';
import { adminToken, relaySecret, siteKey, startDesk } from './support/desk.js';
import { until } from './support/until.js';

const inboundSecret = 'inbound-secret-for-tests-0123456789';
const domain = 'reply.test.example';

/** Every log line the relay writes: a refusal must name ids and reasons, never an address or the text. */
const logLines: string[] = [];

function start(options: StartOptions = {}): Promise<RunningRelay> {
  return startDesk({
    relaySecret,
    inboundDomain: domain,
    inboundSmtpPort: 0,
    inboundSmtpHost: '127.0.0.1',
    inboundSecret,
    ipRateLimitPerSecond: 0,
    logger: createLogger('info', (line) => logLines.push(line)),
    ...options,
  });
}

/** A visitor who gave their email, wrote once, and keeps the widget open; their contact is stored. */
async function visitor(relay: RunningRelay, email: string) {
  const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, name: 'Jane', email });
  await client.say('first', 'Hello, my order has not arrived.');
  const conversationId = welcome.conversationId!;
  await until(
    async () => (await relay.admin.repos.conversations.getConversation('default', conversationId))?.visitor.emailEnc,
    'the contact to be stored with their email',
  );
  return { client, conversationId, address: replyAddress(relaySecret, conversationId, domain)! };
}

/** An SMTP client pointed at the relay's listener. */
function smtp(relay: RunningRelay) {
  return nodemailer.createTransport({ host: '127.0.0.1', port: relay.inbound!.smtpPort!, secure: false });
}

async function messages(relay: RunningRelay, conversationId: string) {
  return relay.store.messagesAfter(conversationId, 0, 100, { includeNotes: true });
}

async function post(relay: RunningRelay, body: string, headers: Record<string, string>) {
  const response = await fetch(`${relay.httpUrl}/v1/inbound/email`, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const quoted = [
  '',
  'On Mon, Jan 8, 2024 at 10:02 AM Acme Support <',
  'help@acme.example> wrote:',
  '',
  '> Could you send us your order number?',
].join('\n');

describe('replies by email', () => {
  let relay: RunningRelay;
  let staff: TestClient;
  before(async () => {
    relay = await start();
    ({ client: staff } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken }));
  });
  after(async () => {
    staff.close();
    await relay.close();
  });

  it('lands an SMTP reply as the visitor’s next message, live for staff and the open widget, quote stripped', async () => {
    const jane = await visitor(relay, 'Jane.Doe@Example.com');
    const sent = await smtp(relay).sendMail({
      from: '"Jane Doe" <jane.doe@EXAMPLE.com>',
      to: jane.address,
      subject: 'Re: Your conversation',
      text: `It is 4411.${quoted}`,
      messageId: '<reply-1@mail.example.com>',
    });
    assert.match(sent.response, /^250 /);
    const live = await staff.next('message', (frame) => frame.message.clientId.startsWith('em_'));
    assert.equal(live.message.conversationId, jane.conversationId);
    assert.equal(live.message.seq, 2);
    assert.equal(live.message.text, 'It is 4411.');
    assert.deepEqual(live.message.author, { role: 'visitor', id: live.message.author.id, name: 'Jane' });
    assert.equal(live.message.via, 'email');
    const widget = await jane.client.next('message', (frame) => frame.message.seq === 2);
    assert.equal(widget.message.text, 'It is 4411.');
    assert.deepEqual(
      (await messages(relay, jane.conversationId)).map((message) => [message.seq, message.text, message.via]),
      [
        [1, 'Hello, my order has not arrived.', undefined],
        [2, 'It is 4411.', 'email'],
      ],
    );
    jane.client.close();
  });

  it('refuses a client’s visitor message whose id would pass it for a reply by email', async () => {
    const jane = await visitor(relay, 'pretender@example.com');
    jane.client.send({ type: 'send', id: 'em_pretend', text: 'I came by email' });
    const error = await jane.client.next('error', (frame) => frame.ref === 'em_pretend');
    assert.equal(error.code, 'forbidden');
    assert.equal((await messages(relay, jane.conversationId)).length, 1, 'nothing was stored');
    jane.client.close();
  });

  it('stores an email delivered twice (same Message-ID) once', async () => {
    const jane = await visitor(relay, 'twice@example.com');
    const mail = { from: 'twice@example.com', to: jane.address, text: 'Once only', messageId: '<dup@example.com>' };
    assert.match((await smtp(relay).sendMail(mail)).response, /^250 /);
    assert.match((await smtp(relay).sendMail(mail)).response, /^250 /);
    const texts = (await messages(relay, jane.conversationId)).map((message) => message.text);
    assert.deepEqual(texts, ['Hello, my order has not arrived.', 'Once only']);
    jane.client.close();
  });

  it('turns an HTML-only reply into text, its Gmail quote stripped', async () => {
    const jane = await visitor(relay, 'html@example.com');
    await smtp(relay).sendMail({
      from: 'html@example.com',
      to: jane.address,
      html: '<div>Works <b>now</b>, thanks.</div><div class="gmail_quote"><div>On Mon, Jan 8, 2024 at 10:02 AM Acme &lt;help@acme.example&gt; wrote:</div><blockquote class="gmail_quote">Try again?</blockquote></div>',
    });
    const stored = await until(
      async () => (await messages(relay, jane.conversationId)).find((message) => message.seq === 2),
      'the reply to be stored',
    );
    assert.equal(stored.text, 'Works now, thanks.');
    jane.client.close();
  });

  it('refuses, with 550 and nothing stored, a wrong sender, a forged address, an empty reply; 552 oversize', async () => {
    const jane = await visitor(relay, 'jane.refused@example.com');
    const before = logLines.length;
    const refusal = async (mail: SendMailOptions, code: number): Promise<void> => {
      await assert.rejects(
        smtp(relay).sendMail({ from: 'jane.refused@example.com', to: jane.address, ...mail }),
        (error: { responseCode?: number }) => {
          assert.equal(error.responseCode, code);
          return true;
        },
      );
    };
    await refusal({ from: 'mallory@example.com', text: 'Let me in' }, 550);
    const other = Buffer.from('c_someone_else').toString('hex');
    await refusal({ to: jane.address.replace(/\+[0-9a-f]+-/, `+${other}-`), text: 'Forged' }, 550);
    await refusal({ to: `reply+00-0123456789abcdef@${domain}`, text: 'Made up' }, 550);
    await refusal({ to: 'support@elsewhere.example', text: 'Not ours' }, 550);
    await refusal({ text: `${quoted}\n\n-- \nJane` }, 550);
    await refusal({ text: 'x'.repeat(1_100_000) }, 552);
    assert.equal((await messages(relay, jane.conversationId)).length, 1, 'nothing was stored');
    const refusals = logLines.slice(before).filter((line) => line.includes('inbound email refused'));
    assert.deepEqual(
      refusals.map((line) => (JSON.parse(line) as { reason: string }).reason),
      ['wrong_sender', 'unknown_recipient', 'unknown_recipient', 'unknown_recipient', 'empty', 'too_large'],
    );
    assert.equal(refusals.join('\n').includes('@'), false, 'no address in the logs');
    assert.equal(refusals.join('\n').includes('Let me in'), false, 'no text in the logs');
    jane.client.close();
  });

  it('takes the provider webhook’s raw message and JSON, behind the bearer secret', async () => {
    const jane = await visitor(relay, 'hooked@example.com');
    const json = (body: unknown, token = inboundSecret) =>
      post(relay, JSON.stringify(body), { 'content-type': 'application/json', authorization: `Bearer ${token}` });

    const reply = {
      from: 'Hooked <HOOKED@example.com>',
      to: jane.address,
      subject: 'Re: hi',
      text: `By JSON${quoted}`,
    };
    assert.equal((await post(relay, JSON.stringify(reply), { 'content-type': 'application/json' })).status, 401);
    const wrong = await json(reply, 'not-the-inbound-secret-0123456789');
    assert.deepEqual([wrong.status, wrong.body.error.code], [401, 'unauthorized']);

    const stored = await json({ ...reply, messageId: '<json-1@example.com>' });
    assert.equal(stored.status, 201);
    assert.deepEqual(stored.body, {
      conversationId: jane.conversationId,
      messageId: stored.body.messageId,
      seq: 2,
      duplicate: false,
    });
    const again = await json({ ...reply, messageId: 'json-1@example.com' });
    assert.deepEqual([again.status, again.body.duplicate, again.body.seq], [200, true, 2]);

    const raw = [
      'From: Hooked <hooked@example.com>',
      `To: "Acme" <${jane.address}>`,
      'Subject: Re: hi',
      'Message-ID: <raw-1@example.com>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `By raw message${quoted}`,
      '',
    ].join('\r\n');
    const rawStored = await post(relay, raw, {
      'content-type': 'message/rfc822',
      authorization: `Bearer ${inboundSecret}`,
    });
    assert.deepEqual([rawStored.status, rawStored.body.seq], [201, 3]);
    assert.deepEqual(
      (await messages(relay, jane.conversationId)).map((message) => message.text),
      ['Hello, my order has not arrived.', 'By JSON', 'By raw message'],
    );
    await staff.next('message', (frame) => frame.message.text === 'By raw message');

    const refused = [
      [await json({ ...reply, from: 'mallory@example.com' }), 403, 'forbidden'],
      [await json({ ...reply, to: `reply+00-0123456789abcdef@${domain}` }), 404, 'not_found'],
      [await json({ ...reply, text: '> only a quote' }), 400, 'bad_request'],
      [await json({ ...reply, text: 42 }), 400, 'bad_request'],
      [
        await post(relay, 'hello', { 'content-type': 'text/plain', authorization: `Bearer ${inboundSecret}` }),
        400,
        'bad_request',
      ],
      [await json({ ...reply, text: 'x'.repeat(1_100_000) }), 413, 'payload_too_large'],
    ] as const;
    for (const [answer, status, code] of refused)
      assert.deepEqual([answer.status, answer.body.error.code], [status, code]);
    assert.equal((await messages(relay, jane.conversationId)).length, 3, 'nothing more was stored');
    jane.client.close();
  });
});

describe('replies by email: hostile mail (issue #33)', () => {
  let relay: RunningRelay;
  before(async () => {
    relay = await start();
  });
  after(async () => {
    await relay.close();
  });

  /** An HTML-only message, nested `depth` deep, as raw RFC 822 text. */
  const nested = (from: string[], to: string, depth: number): string =>
    [
      ...from.map((address) => `From: ${address}`),
      `To: ${to}`,
      'Subject: Re: hi',
      'Content-Type: text/html; charset=utf-8',
      '',
      `${'<div>'.repeat(depth)}deep${'</div>'.repeat(depth)}`,
      '',
    ].join('\r\n');
  const raw = (body: string) =>
    post(relay, body, { 'content-type': 'message/rfc822', authorization: `Bearer ${inboundSecret}` });
  const smtpRaw = (from: string, to: string, body: string) =>
    smtp(relay).sendMail({ envelope: { from, to }, raw: body });
  const smtpCode = async (sending: Promise<unknown>): Promise<string> => {
    const error = (await sending.then(
      () => assert.fail('refused'),
      (error: unknown) => error,
    )) as { responseCode: number; response: string };
    return `${error.responseCode} ${error.response.slice(4, 9)}`;
  };
  const reasons = (from: number) =>
    logLines
      .slice(from)
      .filter((line) => line.includes('inbound email refused'))
      .map((line) => (JSON.parse(line) as { reason: string }).reason);

  it('refuses HTML nested past 400 levels (550 5.6.0, 400), stores 400 levels, and the relay stays responsive', async () => {
    const jane = await visitor(relay, 'deep@example.com');
    const before = logLines.length;
    const depth = Math.floor(600_000 / 11);
    assert.equal(
      await smtpCode(smtpRaw('deep@example.com', jane.address, nested(['deep@example.com'], jane.address, depth))),
      '550 5.6.0',
    );
    const answer = await raw(nested(['deep@example.com'], jane.address, depth));
    assert.deepEqual(
      [answer.status, answer.body.error.code, answer.body.error.message],
      [400, 'bad_request', 'The HTML nests deeper than 400 levels.'],
    );
    assert.deepEqual(reasons(before), ['too_complex', 'too_complex']);
    const stored = await raw(nested(['deep@example.com'], jane.address, 400));
    assert.deepEqual([stored.status, stored.body.seq], [201, 2]);
    assert.equal((await messages(relay, jane.conversationId)).at(-1)!.text, 'deep');
    jane.client.close();
  });

  it('refuses a message with two From headers, over SMTP and the webhook', async () => {
    const jane = await visitor(relay, 'twofrom@example.com');
    const before = logLines.length;
    const body = ['From: twofrom@example.com', 'From: mallory@example.com', `To: ${jane.address}`, '', 'Hi', ''].join(
      '\r\n',
    );
    assert.equal(await smtpCode(smtpRaw('twofrom@example.com', jane.address, body)), '550 5.6.0');
    const answer = await raw(body);
    assert.deepEqual([answer.status, answer.body.error.code], [400, 'bad_request']);
    const json = await post(
      relay,
      JSON.stringify({
        from: 'Mallory <mallory@example.com>, Jane <twofrom@example.com>',
        to: jane.address,
        text: 'Hi',
      }),
      { 'content-type': 'application/json', authorization: `Bearer ${inboundSecret}` },
    );
    assert.equal(json.status, 400);
    assert.deepEqual(reasons(before), ['malformed', 'malformed', 'malformed']);
    assert.equal((await messages(relay, jane.conversationId)).length, 1, 'nothing was stored');
    jane.client.close();
  });

  it('checks the recipient and the sender before reading the body', async () => {
    const jane = await visitor(relay, 'first@example.com');
    const before = logLines.length;
    // Bodies that would be refused as too complex if they were read: the answer says who, not what.
    const deep = 90_000;
    assert.equal(
      await smtpCode(smtpRaw('mallory@example.com', jane.address, nested(['mallory@example.com'], jane.address, deep))),
      '550 5.7.1',
    );
    const stranger = await raw(nested(['mallory@example.com'], jane.address, deep));
    assert.deepEqual([stranger.status, stranger.body.error.code], [403, 'forbidden']);
    const nowhere = await raw(nested(['first@example.com'], `reply+00-0123456789abcdef@${domain}`, deep));
    assert.deepEqual([nowhere.status, nowhere.body.error.code], [404, 'not_found']);
    assert.deepEqual(reasons(before), ['wrong_sender', 'wrong_sender', 'unknown_recipient']);
    jane.client.close();
  });
});

describe('replies by email: configuration', () => {
  it('serves no webhook without the inbound secret, and no SMTP listener without a port', async () => {
    const relay = await start({ inboundSecret: undefined, inboundSmtpPort: undefined });
    try {
      const answer = await post(relay, '{}', {
        'content-type': 'application/json',
        authorization: `Bearer ${inboundSecret}`,
      });
      assert.deepEqual([answer.status, answer.body.error.code], [404, 'not_found']);
      assert.equal(relay.inbound?.smtpPort, undefined);
    } finally {
      await relay.close();
    }
  });

  it('refuses an SMTP port or a secret without an inbound domain', async () => {
    await assert.rejects(start({ inboundDomain: undefined }), /PARLEY_INBOUND_SMTP_PORT needs PARLEY_INBOUND_DOMAIN/);
    await assert.rejects(
      start({ inboundDomain: undefined, inboundSmtpPort: undefined }),
      /PARLEY_INBOUND_SECRET needs PARLEY_INBOUND_DOMAIN/,
    );
  });
});
