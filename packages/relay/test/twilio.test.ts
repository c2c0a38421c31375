/**
 * SMS and MMS through Twilio as a messaging channel (issue #84, docs/channels.md, "SMS (Twilio)"): a number connected
 * by the account's keys, against a loopback Twilio REST API speaking Twilio's protocol; webhooks signed as Twilio
 * signs them (a missing or forged `X-Twilio-Signature` refused, nothing stored); texts and MMS images in the inbox,
 * each `MessageSid` once; staff replies sent once with the right form fields, a STOP (21610) recorded as a permanent
 * failure, a rate limit's `Retry-After` honoured, status callbacks marking a reply delivered or failed; one site's
 * number never posting into another site.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as z from 'zod/mini';
import { MessagingChannel, MessagingDeliveryList } from '@parley/protocol/admin';
import { createLogger } from '../src/log.js';
import { png } from './support/attachment-files.js';
import { TestClient } from './support/client.js';
import { addOtherSite } from './support/other-site.js';
import { adminToken, startDesk, type Desk } from './support/desk.js';
import { LoopbackTwilio, incomingMessage, messageSid, postAsTwilio, signAsTwilio } from './support/twilio-api.js';

const otherAdmin = 'st_other_admin_twilio_0123456789ab';
const ACCOUNT = `AC${'1a'.repeat(16)}`;
const TOKEN = '0f'.repeat(16);
const OTHER_ACCOUNT = `AC${'2b'.repeat(16)}`;
const OTHER_TOKEN = '3c'.repeat(16);
const NUMBER = '+15550006666';
const OTHER_NUMBER = '+15550007777';
const CUSTOMER = '+15550001111';

describe('Twilio (SMS) channels', () => {
  let relay: Desk;
  let twilio: LoopbackTwilio;
  let staff: TestClient;
  const logLines: string[] = [];
  let channel: z.output<typeof MessagingChannel>;
  let conversationId: string;

  const credentials = { accountSid: ACCOUNT, authToken: TOKEN, phoneNumber: NUMBER };
  const sms = (n: number, body: string, extra: Partial<Parameters<typeof incomingMessage>[0]> = {}) =>
    incomingMessage({ sid: messageSid(n), accountSid: ACCOUNT, from: CUSTOMER, to: NUMBER, body, ...extra });
  const conversations = async (admin = adminToken) =>
    (await relay.call('GET', '/v1/admin/conversations?limit=100', undefined, admin)).body.items as Array<{
      id: string;
    }>;
  const deliveries = async () =>
    (await relay.call('GET', `/v1/admin/conversations/${conversationId}/messaging-deliveries`)).body.items as Array<{
      messageId: string;
      status: string;
      error: string | null;
    }>;

  before(async () => {
    twilio = await LoopbackTwilio.start();
    twilio.addAccount(ACCOUNT, TOKEN, { [NUMBER]: 'Support line' });
    twilio.addAccount(OTHER_ACCOUNT, OTHER_TOKEN, { [OTHER_NUMBER]: 'Their line' });
    relay = await startDesk({
      ipRateLimitPerSecond: 0,
      adminRateLimitPerSecond: 0,
      twilioApiUrl: twilio.url,
      outboxTiming: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 2000 },
      logger: createLogger('debug', (line) => logLines.push(line)),
    });
    await addOtherSite(relay, 'pk_other_twilio_site', otherAdmin);
    ({ client: staff } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v3' }));
  });
  after(async () => {
    staff.close();
    await relay.close();
    await twilio.close();
  });

  it('refuses keys Twilio refuses, or a number not of the account, naming why, and stores nothing', async () => {
    const refused = await relay.call('POST', '/v1/admin/messaging-channels', {
      provider: 'twilio',
      credentials: { ...credentials, authToken: 'ff'.repeat(16) },
    });
    assert.equal(refused.status, 400);
    assert.match(refused.body.error.message, /credentials were refused by Twilio/);
    const notOurs = await relay.call('POST', '/v1/admin/messaging-channels', {
      provider: 'twilio',
      credentials: { ...credentials, phoneNumber: '+15559990000' },
    });
    assert.equal(notOurs.status, 400);
    assert.match(notOurs.body.error.message, /\+15559990000 is not one of this Twilio account’s numbers/);
    for (const [body, field] of [
      [{ provider: 'twilio', credentials: { ...credentials, accountSid: 'nope' } }, /body\.credentials\.accountSid/],
      [
        { provider: 'twilio', credentials: { ...credentials, phoneNumber: '5550006666' } },
        /body\.credentials\.phoneNumber/,
      ],
      [{ provider: 'twilio', credentials: { ...credentials, extra: 'x' } }, /unknown field extra/],
    ] as const) {
      const answer = await relay.call('POST', '/v1/admin/messaging-channels', body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.match(answer.body.error.message, field);
    }
    assert.deepEqual((await relay.call('GET', '/v1/admin/messaging-channels')).body.items, []);
  });

  it('connects a number: checked with Twilio, its Auth Token never shown again', async () => {
    const providers = await relay.call('GET', '/v1/admin/messaging-providers');
    const twilioInfo = providers.body.items.find((p: { id: string }) => p.id === 'twilio');
    assert.deepEqual(
      twilioInfo.fields.map((f: { name: string }) => f.name),
      ['accountSid', 'authToken', 'phoneNumber', 'messagingServiceSid'],
    );
    assert.match(twilioInfo.setup, /A message comes in/);
    const made = await relay.call('POST', '/v1/admin/messaging-channels', { provider: 'twilio', credentials });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(z.safeParse(MessagingChannel, made.body).success, true, 'the documented shape');
    channel = made.body;
    assert.equal(channel.account, NUMBER);
    assert.equal(channel.name, 'Support line');
    assert.equal(channel.webhookUrl, `${relay.httpUrl}/v1/channels/twilio/${channel.id}/webhook`);
    const listed = await relay.call('GET', '/v1/admin/messaging-channels');
    for (const answer of [made, listed]) assert.ok(!JSON.stringify(answer.body).includes(TOKEN));
  });

  it('refuses a request without Twilio’s signature, or with a forged one, before reading it: nothing stored', async () => {
    const before = (await conversations()).length;
    const form = sms(1, 'forged');
    for (const signature of [
      null,
      '',
      'bm90IGEgc2lnbmF0dXJl',
      signAsTwilio(OTHER_TOKEN, channel.webhookUrl, form),
      // Signed over another address (the relay's path on another host): Twilio signs the exact URL.
      signAsTwilio(TOKEN, channel.webhookUrl.replace('127.0.0.1', 'localhost'), form),
    ]) {
      const answer = await postAsTwilio(channel.webhookUrl, form, TOKEN, signature);
      assert.equal(answer.status, 401, String(signature));
    }
    // A field changed after signing.
    const signed = signAsTwilio(TOKEN, channel.webhookUrl, form);
    assert.equal((await postAsTwilio(channel.webhookUrl, { ...form, Body: 'changed' }, TOKEN, signed)).status, 401);
    // Signed, but for another number of the account, or without a MessageSid: refused, nothing stored.
    assert.equal(
      (await postAsTwilio(channel.webhookUrl, sms(2, 'elsewhere', { to: '+15550008888' }), TOKEN)).status,
      400,
    );
    const { MessageSid: _sid, SmsSid: _smsSid, SmsMessageSid: _smsMessageSid, ...sidless } = sms(3, 'no sid');
    assert.equal((await postAsTwilio(channel.webhookUrl, sidless, TOKEN)).status, 400);
    assert.equal((await conversations()).length, before);
  });

  it('files a customer’s SMS into a conversation, answers empty TwiML, and stores each MessageSid once', async () => {
    const answer = await postAsTwilio(channel.webhookUrl, sms(10, 'Hello, is my order on its way?'), TOKEN);
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^text\/xml/);
    assert.match(await answer.text(), /<Response\/>$/);
    const live = await staff.next('message', (frame) => frame.message.text === 'Hello, is my order on its way?');
    assert.equal(live.message.author.role, 'visitor');
    conversationId = live.message.conversationId;
    const conversation = await relay.call('GET', `/v1/admin/conversations/${conversationId}`);
    const contact = await relay.call('GET', `/v1/admin/contacts/${conversation.body.visitor.id}`);
    assert.deepEqual(contact.body.reach, [{ channel: 'twilio', label: 'Support line', handle: CUSTOMER }]);
    // Twilio retries a webhook it had no answer to: the same MessageSid is stored once.
    assert.equal(
      (await postAsTwilio(channel.webhookUrl, sms(10, 'Hello, is my order on its way?'), TOKEN)).status,
      200,
    );
    assert.equal((await postAsTwilio(channel.webhookUrl, sms(11, 'Order 1234'), TOKEN)).status, 200);
    const next = await staff.next('message', (frame) => frame.message.text === 'Order 1234');
    assert.equal(next.message.conversationId, conversationId);
    const stored = await relay.store.messagesAfter(conversationId, 0, 100, { includeNotes: true });
    assert.deepEqual(
      stored.map((m) => m.text),
      ['Hello, is my order on its way?', 'Order 1234'],
    );
  });

  it('downloads an MMS’s image with the account’s keys into the attachments pipeline', async () => {
    const image = await png(320, 240);
    const url = twilio.addMedia(ACCOUNT, image, 'image/png');
    const form = sms(20, 'The box was open', { media: [{ url, type: 'image/png' }] });
    assert.equal((await postAsTwilio(channel.webhookUrl, form, TOKEN)).status, 200);
    const mms = await staff.next('message', (frame) => frame.message.text === 'The box was open');
    assert.equal(mms.message.conversationId, conversationId);
    assert.equal(mms.message.attachments?.length, 1);
    assert.equal(mms.message.attachments![0]!.type, 'image/png');
    assert.equal(mms.message.attachments![0]!.width, 320);
    assert.deepEqual(twilio.downloads.at(-1), { path: new URL(url).pathname, authorized: true });
    // Media on another origin is not fetched with the keys: the message is kept, the file named as not kept.
    const elsewhere = sms(21, 'Another picture', {
      media: [{ url: 'http://127.0.0.1:9/media/ME1', type: 'image/jpeg' }],
    });
    const downloads = twilio.downloads.length;
    assert.equal((await postAsTwilio(channel.webhookUrl, elsewhere, TOKEN)).status, 200);
    const kept = await staff.next('message', (frame) => frame.message.text.startsWith('Another picture'));
    assert.equal(kept.message.attachments, undefined);
    assert.equal(twilio.downloads.length, downloads);
  });

  it('sends a staff reply once with Twilio’s form fields, nothing for a note, and a status callback marks it delivered', async () => {
    const sentBefore = twilio.sent.length;
    await staff.say('tw-note', 'internal only', { conversationId, note: true });
    const ack = await staff.say('tw-reply-1', 'It ships today', { conversationId });
    await twilio.sentCount(sentBefore + 1);
    const [sent] = twilio.sent.slice(sentBefore);
    assert.deepEqual(sent!.form, {
      To: CUSTOMER,
      From: NUMBER,
      Body: 'It ships today',
      StatusCallback: `${channel.webhookUrl}?report=status`,
    });
    await waitFor(async () => (await deliveries()).some((d) => d.messageId === ack.messageId && d.status === 'sent'));
    assert.equal((await twilio.report(sent!, 'sent')).status, 200);
    const reported = await twilio.report(sent!, 'delivered');
    assert.equal(reported.status, 200);
    assert.match(await reported.text(), /<Response\/>$/);
    const items = await deliveries();
    assert.equal(z.safeParse(MessagingDeliveryList, { items }).success, true, 'the documented shape');
    assert.equal(items.find((d) => d.messageId === ack.messageId)!.status, 'delivered');
    // A forged status callback changes nothing.
    const forged = await postAsTwilio(
      sent!.form.StatusCallback!,
      { MessageSid: sent!.sid, MessageStatus: 'failed', ErrorCode: '30003' },
      OTHER_TOKEN,
    );
    assert.equal(forged.status, 401);
    assert.equal((await deliveries()).find((d) => d.messageId === ack.messageId)!.status, 'delivered');
    assert.equal(twilio.sent.length, sentBefore + 1, 'nothing sent twice');
  });

  it('splits a text over 1,600 characters, and sends an image by an expiring address Twilio fetches', async () => {
    const sentBefore = twilio.sent.length;
    const long = `${'a'.repeat(1599)}😀${'b'.repeat(100)}`;
    await staff.say('tw-long', long, { conversationId });
    await twilio.sentCount(sentBefore + 2);
    const bodies = twilio.sent.slice(sentBefore).map((m) => m.form.Body!);
    assert.deepEqual(
      bodies.map((b) => b.length),
      [1599, 102],
    );
    assert.equal(bodies.join(''), long, 'no character split');
    const image = await png(64, 48);
    const upload = await fetch(
      `${relay.httpUrl}/v1/attachments?${new URLSearchParams({ clientId: 'tw-image', name: 'label.png', conversationId, index: '0' })}`,
      { method: 'POST', body: image, headers: { authorization: `Bearer ${adminToken}` } },
    );
    const { id } = (await upload.json()) as { id: string };
    await staff.say('tw-image', 'The label', { conversationId, attachments: [{ id }] });
    await twilio.sentCount(sentBefore + 4);
    const [text, media] = twilio.sent.slice(sentBefore + 2);
    assert.equal(text!.form.Body, 'The label');
    assert.equal(media!.mediaUrls.length, 1);
    const fetched = await fetch(media!.mediaUrls[0]!);
    assert.equal(fetched.status, 200, 'Twilio fetches it without any key');
    assert.deepEqual(Buffer.from(await fetched.arrayBuffer()), image);
  });

  it('waits as long as a rate limit asks (429, 20429, Retry-After), then sends once', async () => {
    const sentBefore = twilio.sent.length;
    twilio.failNext(429, 20429, 'Too Many Requests', 1);
    const attemptsBefore = twilio.attempts.length;
    await staff.say('tw-flood', 'After the limit', { conversationId });
    await twilio.sentCount(sentBefore + 1);
    const attempts = twilio.attempts.slice(attemptsBefore);
    assert.equal(attempts.length, 2);
    assert.ok(attempts[1]! - attempts[0]! >= 900, `retried after ${attempts[1]! - attempts[0]!} ms`);
    assert.equal(twilio.sent.at(-1)!.form.Body, 'After the limit');
  });

  it('records a reply to a customer who replied STOP (21610) as failed for good, with the reason, and does not retry it', async () => {
    twilio.failNext(400, 21610, 'Attempt to send to unsubscribed recipient');
    const attemptsBefore = twilio.attempts.length;
    const ack = await staff.say('tw-stop', 'Are you there?', { conversationId });
    await waitFor(async () => (await deliveries()).some((d) => d.messageId === ack.messageId && d.status === 'failed'));
    const failed = (await deliveries()).find((d) => d.messageId === ack.messageId)!;
    assert.equal(failed.error, 'Twilio refused the text: 21610 the recipient replied STOP (unsubscribed)');
    // A later reply goes through: the failed one was not retried before it.
    const sentBefore = twilio.sent.length;
    await staff.say('tw-after-stop', 'Next', { conversationId });
    await twilio.sentCount(sentBefore + 1);
    assert.equal(twilio.attempts.length - attemptsBefore, 2);
    assert.ok(!twilio.sent.some((m) => m.form.Body === 'Are you there?'));
  });

  it('marks a reply failed when its status callback says undelivered, with the error code', async () => {
    const sentBefore = twilio.sent.length;
    const ack = await staff.say('tw-undelivered', 'Hello?', { conversationId });
    await twilio.sentCount(sentBefore + 1);
    await waitFor(async () => (await deliveries()).some((d) => d.messageId === ack.messageId && d.status === 'sent'));
    assert.equal((await twilio.report(twilio.sent.at(-1)!, 'undelivered', '30003')).status, 200);
    const failed = (await deliveries()).find((d) => d.messageId === ack.messageId)!;
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error, 'Twilio: the SMS was undelivered (30003: unreachable destination handset)');
  });

  it('keeps each site’s numbers to itself', async () => {
    const theirs = await relay.call(
      'POST',
      '/v1/admin/messaging-channels',
      {
        provider: 'twilio',
        credentials: { accountSid: OTHER_ACCOUNT, authToken: OTHER_TOKEN, phoneNumber: OTHER_NUMBER },
      },
      otherAdmin,
    );
    assert.equal(theirs.status, 201);
    assert.deepEqual(
      (await relay.call('GET', '/v1/admin/messaging-channels')).body.items.map((c: { id: string }) => c.id),
      [channel.id],
    );
    assert.equal(
      (await relay.call('DELETE', `/v1/admin/messaging-channels/${channel.id}`, undefined, otherAdmin)).status,
      404,
    );
    const theirForm = incomingMessage({
      sid: messageSid(30),
      accountSid: OTHER_ACCOUNT,
      from: CUSTOMER,
      to: OTHER_NUMBER,
      body: 'For the other site',
    });
    assert.equal((await postAsTwilio(theirs.body.webhookUrl, theirForm, OTHER_TOKEN)).status, 200);
    const mine = await Promise.all(
      (await conversations()).map(async (c) =>
        (await relay.store.messagesAfter(c.id, 0, 100, { includeNotes: true })).map((m) => m.text),
      ),
    );
    assert.ok(!mine.flat().includes('For the other site'));
    assert.equal((await conversations(otherAdmin)).length, 1);
    // Our token's signature on their channel's address, their message on ours: refused.
    assert.equal((await postAsTwilio(theirs.body.webhookUrl, theirForm, TOKEN)).status, 401);
    assert.equal((await postAsTwilio(channel.webhookUrl, theirForm, OTHER_TOKEN)).status, 401);
    // A status callback about our reply, on their channel's address (signed with their token): nothing changes.
    const ours = twilio.sent.find((m) => m.accountSid === ACCOUNT)!;
    const crossed = await postAsTwilio(
      `${theirs.body.webhookUrl}?report=status`,
      { MessageSid: ours.sid, MessageStatus: 'failed', ErrorCode: '30007' },
      OTHER_TOKEN,
    );
    assert.equal(crossed.status, 200);
    assert.ok((await deliveries()).every((d) => !d.error?.includes('30007')));
  });

  it('never writes an Auth Token in a log line', () => {
    assert.ok(logLines.length > 0);
    for (const token of [TOKEN, OTHER_TOKEN])
      assert.ok(!logLines.some((line) => line.includes(token)), 'a token in the log');
  });
});

/** Polls `done` until it holds (a delivery's row is written after Twilio answered). */
async function waitFor(done: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
