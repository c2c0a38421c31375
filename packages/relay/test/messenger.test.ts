/**
 * Facebook Messenger as a messaging channel (issue #84, docs/channels.md, "Messenger"), against a loopback Graph API
 * speaking the Messenger Platform's documented shapes, errors and signatures: a Page connected and checked, the
 * webhook's subscription handshake, every webhook's X-Hub-Signature-256 checked before anything is read, customers'
 * texts, files (downloaded without the token), postbacks live in the inbox, each `mid` once; staff replies sent once
 * (text, an image by its address, a document uploaded), deliveries as receipts, rate limits retried, refusals
 * recorded with Meta's reason; the 24-hour window, the HUMAN_AGENT tag for 7 days, and nothing after.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import * as z from 'zod/mini';
import { MessagingChannel } from '@parley/protocol/admin';
import { createLogger } from '../src/log.js';
import { PDF, png } from './support/attachment-files.js';
import { TestClient } from './support/client.js';
import { adminToken, startDesk, type Desk } from './support/desk.js';
import {
  MetaMessagingGraphApi,
  deliverSigned,
  deliveryEvent,
  hubHandshake,
  messageEvent,
  pageWebhook,
  psid,
  readEvent,
  sign,
  examplePage,
} from './support/meta-messaging-graph-api.js';
import { until } from './support/until.js';

const PAGE = examplePage;
const VERIFY = 'a-phrase-of-our-choosing';
const HOUR = 60 * 60 * 1000;
const credentials = {
  pageId: PAGE.pageId,
  accessToken: PAGE.accessToken,
  appSecret: PAGE.appSecret,
  verifyToken: VERIFY,
};

describe('Messenger channels', () => {
  let relay: Desk;
  let graph: MetaMessagingGraphApi;
  let staff: TestClient;
  const logLines: string[] = [];
  let channel: z.output<typeof MessagingChannel>;
  let conversationId: string;

  const deliver = (body: unknown, signature?: string | null) =>
    deliverSigned(channel.webhookUrl, PAGE.appSecret, body, signature);
  const text = (mid: string, said: string, from = psid) =>
    pageWebhook('page', PAGE.pageId, messageEvent(PAGE.pageId, mid, { text: said }, from));
  const deliveries = async (id = conversationId) =>
    (await relay.call('GET', `/v1/admin/conversations/${id}/messaging-deliveries`)).body.items as Array<{
      messageId: string;
      status: string;
      error: string | null;
    }>;
  const delivery = (messageId: string, status: string) =>
    until(async () => (await deliveries()).find((d) => d.messageId === messageId && d.status === status), status);
  /** Sets a conversation's messages back in time (the customer wrote `ms` ago). */
  const age = (id: string, ms: number) => {
    const db = new Database(join(relay.dataDir, 'parley.db'));
    try {
      db.prepare('UPDATE messages SET ts = ts - ? WHERE conversation_id = ?').run(ms, id);
    } finally {
      db.close();
    }
  };

  before(async () => {
    graph = await MetaMessagingGraphApi.start();
    graph.addPage(PAGE);
    relay = await startDesk({
      ipRateLimitPerSecond: 0,
      adminRateLimitPerSecond: 0,
      messengerApiUrl: graph.url,
      outboxTiming: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 1000 },
      logger: createLogger('debug', (line) => logLines.push(line)),
    });
    ({ client: staff } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v3' }));
  });
  after(async () => {
    staff.close();
    await relay.close();
    await graph.close();
  });

  it('refuses a token or a Page Meta refuses, naming why, and fields that are not a Page’s', async () => {
    const create = (given: unknown) =>
      relay.call('POST', '/v1/admin/messaging-channels', { provider: 'messenger', credentials: given });
    const refused = await create({ ...credentials, accessToken: 'EAAGnotAtokenMETAknowsATall0000000000' });
    assert.equal(refused.status, 400);
    assert.match(refused.body.error.message, /token was refused by Messenger/);
    const unknownPage = await create({ ...credentials, pageId: '999999999999' });
    assert.equal(unknownPage.status, 400);
    assert.match(unknownPage.body.error.message, /does not know the Page ID 999999999999/);
    for (const [given, field] of [
      [{ ...credentials, pageId: 'parleyhelp' }, /body\.credentials\.pageId/],
      [{ ...credentials, appSecret: 'short' }, /body\.credentials\.appSecret/],
      [{ ...credentials, verifyToken: 'has spaces in it' }, /body\.credentials\.verifyToken/],
      [{ ...credentials, pageToken: 'x' }, /unknown field pageToken/],
    ] as const) {
      const answer = await create(given);
      assert.equal(answer.status, 400, JSON.stringify(given));
      assert.match(answer.body.error.message, field);
    }
    assert.deepEqual((await relay.call('GET', '/v1/admin/messaging-channels')).body.items, []);
    assert.deepEqual(graph.subscribed, []);
  });

  it('connects a Page: checked with the Graph API, the app subscribed, its secrets never shown again', async () => {
    const providers = await relay.call('GET', '/v1/admin/messaging-providers');
    const messenger = providers.body.items.find((p: { id: string }) => p.id === 'messenger');
    assert.deepEqual(
      messenger.fields.map((f: { name: string; secret?: boolean }) => [f.name, f.secret ?? true]),
      [
        ['pageId', false],
        ['accessToken', true],
        ['appSecret', true],
        ['verifyToken', true],
      ],
    );
    assert.match(messenger.setup, /pages_messaging/);
    const made = await relay.call('POST', '/v1/admin/messaging-channels', { provider: 'messenger', credentials });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(z.safeParse(MessagingChannel, made.body).success, true, 'the documented shape');
    channel = made.body;
    assert.deepEqual([channel.account, channel.name], ['m.me/parleyhelp', 'Parley Help']);
    assert.equal(channel.webhookUrl, `${relay.httpUrl}/v1/channels/messenger/${channel.id}/webhook`);
    assert.deepEqual(graph.subscribed, [
      `${PAGE.pageId}:messages,messaging_postbacks,message_deliveries,message_reads,message_reactions`,
    ]);
    const again = await relay.call('POST', '/v1/admin/messaging-channels', { provider: 'messenger', credentials });
    assert.equal(again.status, 400);
    assert.match(again.body.error.message, /m\.me\/parleyhelp is connected already/);
    const listed = await relay.call('GET', '/v1/admin/messaging-channels');
    for (const answer of [made, listed]) {
      const said = JSON.stringify(answer.body);
      for (const secret of [PAGE.accessToken, PAGE.appSecret, VERIFY]) assert.ok(!said.includes(secret));
    }
  });

  it('answers Meta’s subscription handshake with the challenge, only for the verify token', async () => {
    const good = await hubHandshake(channel.webhookUrl, VERIFY, '1158201444');
    assert.equal(good.status, 200);
    assert.equal(await good.text(), '1158201444');
    assert.equal((await hubHandshake(channel.webhookUrl, 'another-phrase', '1158201444')).status, 403);
    assert.equal((await hubHandshake(channel.webhookUrl, VERIFY, '1158201444', 'unsubscribe')).status, 403);
    const elsewhere = channel.webhookUrl.replace(channel.id, 'mch_nosuchchannel');
    assert.equal((await hubHandshake(elsewhere, VERIFY, '1')).status, 404);
  });

  it('refuses a hostile webhook before any work: signature, size, depth, shape, an unknown channel', async () => {
    const body = JSON.stringify(text('m_FORGED1', 'forged'));
    for (const signature of [
      null,
      '',
      'sha256=',
      sign('fedcba9876543210fedcba9876543210', body),
      sign(PAGE.appSecret, `${body} `),
    ])
      assert.equal((await deliver(body, signature)).status, 401, String(signature));
    assert.equal((await deliver('{"object":"whatsapp_business_account","entry":[]}')).status, 400);
    assert.equal((await deliver('{"object":"instagram","entry":[]}')).status, 400, 'Instagram’s object on a Page');
    assert.equal((await deliver('not json')).status, 400);
    assert.equal((await deliver(`${'['.repeat(40)}${']'.repeat(40)}`)).status, 400);
    const huge = Buffer.alloc(600 * 1024, 'a');
    const answer = await deliver(huge).catch(() => undefined);
    assert.equal(answer?.status ?? 413, 413);
    const elsewhere = channel.webhookUrl.replace(channel.id, 'mch_nosuchchannel');
    assert.equal((await deliverSigned(elsewhere, PAGE.appSecret, body)).status, 404);
    assert.deepEqual((await relay.call('GET', '/v1/admin/conversations?limit=100')).body.items, []);
  });

  it('files a customer’s text live in the inbox under their PSID, once however often Meta retries it', async () => {
    const hook = text(
      'm_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP',
      'Is the shop open on Sunday?',
    );
    assert.equal((await deliver(hook)).status, 200);
    const live = await staff.next('message', (frame) => frame.message.text === 'Is the shop open on Sunday?');
    conversationId = live.message.conversationId;
    assert.equal(live.message.author.role, 'visitor');
    const conversation = await relay.call('GET', `/v1/admin/conversations/${conversationId}`);
    const contact = await relay.call('GET', `/v1/admin/contacts/${conversation.body.visitor.id}`);
    assert.deepEqual(contact.body.reach, [{ channel: 'messenger', label: 'Parley Help', handle: psid }]);
    const retries = await Promise.all([deliver(hook), deliver(hook)]);
    assert.deepEqual(
      retries.map((r) => r.status),
      [200, 200],
      'a retry is answered 200',
    );
    // Another Page of the same app (one address for all), the Page's own echo, and a read of a watermark: nothing.
    const other = pageWebhook(
      'page',
      '109999999999999',
      messageEvent('109999999999999', 'm_OTHER1', { text: 'not ours' }),
    );
    const echo = pageWebhook('page', PAGE.pageId, {
      sender: { id: PAGE.pageId },
      recipient: { id: psid },
      timestamp: 1457764197627,
      message: { is_echo: true, app_id: 1517776481860111, mid: 'm_ECHO1', text: 'our own' },
    });
    const watermark = pageWebhook('page', PAGE.pageId, readEvent(PAGE.pageId, { watermark: 1458668856253 }));
    for (const body of [other, echo, watermark]) assert.equal((await deliver(body)).status, 200);
    const postback = pageWebhook('page', PAGE.pageId, {
      sender: { id: psid },
      recipient: { id: PAGE.pageId },
      timestamp: 1527459824,
      postback: { mid: 'm_POSTBACK1', title: 'Talk to a person', payload: 'HUMAN' },
    });
    assert.equal((await deliver(postback)).status, 200);
    await staff.next('message', (frame) => frame.message.text === 'Talk to a person');
    const stored = await relay.store.messagesAfter(conversationId, 0, 100, { includeNotes: true });
    assert.deepEqual(
      stored.map((m) => m.text),
      ['Is the shop open on Sunday?', 'Talk to a person'],
    );
  });

  it('downloads a customer’s image from Meta’s CDN without the token, into the attachments pipeline', async () => {
    const image = await png(320, 240);
    const url = graph.addFile('39182036_n.png', image, 'image/png');
    const hook = pageWebhook(
      'page',
      PAGE.pageId,
      messageEvent(PAGE.pageId, 'm_IMAGE1', { attachments: [{ type: 'image', payload: { url } }] }),
    );
    assert.equal((await deliver(hook)).status, 200);
    const photo = await staff.next('message', (frame) => frame.message.attachments?.[0]?.name === '39182036_n.png');
    assert.equal(photo.message.attachments![0]!.type, 'image/png');
    assert.equal(photo.message.attachments![0]!.width, 320);
    const downloads = graph.requests.filter((r) => r.url.startsWith('/cdn/'));
    assert.equal(downloads.length, 1);
    assert.equal(downloads[0]!.authorized, false, 'the CDN never sees the token');
    // A retry of a message of a file only is stored once, nothing downloaded again.
    assert.equal((await deliver(hook)).status, 200);
    assert.equal(graph.requests.filter((r) => r.url.startsWith('/cdn/')).length, 1);
  });

  it('sends a staff reply once as RESPONSE (text, an image by its address, a document uploaded) and tells its deliveries', async () => {
    const sentBefore = graph.sent.length;
    const ack = await staff.say('m-reply-1', 'Yes, 10 to 4.', { conversationId });
    await graph.sentCount(sentBefore + 1);
    const image = await png(64, 48);
    const files: { id: string }[] = [];
    for (const [index, [name, bytes]] of (
      [
        ['map.png', image],
        ['hours.pdf', PDF],
      ] as const
    ).entries()) {
      const upload = await fetch(
        `${relay.httpUrl}/v1/attachments?${new URLSearchParams({ clientId: 'm-reply-2', name, conversationId, index: String(index) })}`,
        { method: 'POST', body: bytes, headers: { authorization: `Bearer ${adminToken}` } },
      );
      files.push((await upload.json()) as { id: string });
    }
    await staff.say('m-reply-2', 'Here is where we are', { conversationId, attachments: files });
    await graph.sentCount(sentBefore + 4);
    const sent = graph.sent.slice(sentBefore);
    assert.deepEqual(
      sent.map((s) => [s.recipient, s.messagingType, s.tag, s.text ?? s.attachment?.type]),
      [
        [psid, 'RESPONSE', undefined, 'Yes, 10 to 4.'],
        [psid, 'RESPONSE', undefined, 'Here is where we are'],
        [psid, 'RESPONSE', undefined, 'image'],
        [psid, 'RESPONSE', undefined, 'file'],
      ],
    );
    assert.match(sent[2]!.attachment!.url!, new RegExp(`^${relay.httpUrl}/`), 'the image by its expiring address');
    assert.deepEqual(sent[2]!.attachment!.bytes.subarray(0, 4), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    assert.deepEqual([sent[3]!.attachment!.name, sent[3]!.attachment!.bytes], ['hours.pdf', PDF], 'uploaded');
    await delivery(ack.messageId, 'sent');

    // Meta's delivery report names the message's mid: the visitor's own receipt.
    assert.equal(
      (await deliver(pageWebhook('page', PAGE.pageId, deliveryEvent(PAGE.pageId, [sent[0]!.mid])))).status,
      200,
    );
    const delivered = await staff.next('delivered', (frame) => frame.conversationId === conversationId);
    assert.deepEqual([delivered.by, delivered.seq], ['visitor', ack.seq]);
    await delivery(ack.messageId, 'delivered');
    assert.equal(graph.sent.length, sentBefore + 4, 'nothing sent twice');
  });

  it('retries a reply after a rate limit (613), sends it once, and records a refusal with Meta’s reason', async () => {
    const sentBefore = graph.sent.length;
    graph.failNext('messages', 400, 613, 'Calls to this api have exceeded the rate limit.');
    const callsBefore = graph.calls.length;
    await staff.say('m-rate', 'After the limit', { conversationId });
    await graph.sentCount(sentBefore + 1);
    assert.equal(graph.calls.slice(callsBefore).filter((c) => c.what === 'messages').length, 2);

    graph.failNext('messages', 400, 551, 'This person isn’t available right now.', 1545041);
    const gone = await staff.say('m-gone', 'Hello?', { conversationId });
    const failed = await delivery(gone.messageId, 'failed');
    assert.equal(failed.error, 'Messenger refused the text: This person isn’t available right now. (551/1545041)');
    graph.failNext('messages', 400, 10, 'This message is sent outside of allowed window.', 2018278);
    const late = await staff.say('m-window', 'Hello again?', { conversationId });
    assert.match((await delivery(late.messageId, 'failed')).error!, /Outside Messenger’s messaging window/);
    assert.equal(graph.sent.length, sentBefore + 1);
  });

  it('sends with the HUMAN_AGENT tag after 24 hours, and nothing after 7 days', async () => {
    age(conversationId, 25 * HOUR);
    const sentBefore = graph.sent.length;
    const tagged = await staff.say('m-tagged', 'Sorry for the wait', { conversationId });
    await graph.sentCount(sentBefore + 1);
    assert.deepEqual([graph.sent.at(-1)!.messagingType, graph.sent.at(-1)!.tag], ['MESSAGE_TAG', 'HUMAN_AGENT']);
    await delivery(tagged.messageId, 'sent');
    age(conversationId, 7 * 24 * HOUR);
    const closed = await staff.say('m-closed', 'Still there?', { conversationId });
    assert.match((await delivery(closed.messageId, 'failed')).error!, /more than 7 days ago/);
    assert.equal(graph.sent.length, sentBefore + 1, 'not sent to Meta');
  });

  it('removes a channel: the app unsubscribed from the Page', async () => {
    const removed = await relay.call('DELETE', `/v1/admin/messaging-channels/${channel.id}`);
    assert.equal(removed.status, 204);
    assert.equal(graph.subscribed.at(-1), `-${PAGE.pageId}`);
    assert.equal((await deliver(text('m_AFTER1', 'after'))).status, 404);
  });

  it('never writes a token, an app secret or a verify token in a log line', () => {
    assert.ok(logLines.length > 0);
    for (const secret of [PAGE.accessToken, PAGE.appSecret, VERIFY])
      assert.ok(!logLines.some((line) => line.includes(secret)), 'a secret in the log');
  });
});
