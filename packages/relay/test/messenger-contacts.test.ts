/**
 * Messenger's contacts and receipts (issue #84, docs/channels.md, "Messenger"), against the loopback Graph API: a new
 * customer's name from the User Profile API, asked once by the outbox after their first message is stored (Meta's
 * trouble retried, its refusals leaving them known by their PSID); Messenger's `message_reads` and
 * `message_deliveries` watermarks as the customer's receipts on the staff replies sent up to them; another Page's
 * entries skipped without a call; and a file streamed from Meta's CDN cut off the moment it passes the site's
 * largest, nothing of it left on disk.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../src/log.js';
import { messagingContactId } from '../src/messaging/messaging-inbox.js';
import { TestClient } from './support/client.js';
import { adminToken, startDesk, type Desk } from './support/desk.js';
import {
  MetaMessagingGraphApi,
  deliverSigned,
  deliveryEvent,
  messageEvent,
  pageWebhook,
  psid,
  readEvent,
  examplePage,
} from './support/meta-messaging-graph-api.js';
import { until } from './support/until.js';

const PAGE = examplePage;
const credentials = {
  pageId: PAGE.pageId,
  accessToken: PAGE.accessToken,
  appSecret: PAGE.appSecret,
  verifyToken: 'a-phrase-of-our-choosing',
};
/** Customers of the Page: one whose profile Meta gives, one made with a phone number (no profile). */
const ADA = psid;
const PHONE_ONLY = '7000000000000001';

describe('Messenger: contacts’ names and receipts by watermark', () => {
  let relay: Desk;
  let graph: MetaMessagingGraphApi;
  let staff: TestClient;
  let webhookUrl: string;
  let channelId: string;
  let conversationId: string;

  const deliver = (body: unknown) => deliverSigned(webhookUrl, PAGE.appSecret, body);
  const text = (mid: string, said: string, from = ADA) =>
    pageWebhook('page', PAGE.pageId, messageEvent(PAGE.pageId, mid, { text: said }, from));
  const contact = async (handle: string) =>
    (await relay.call('GET', `/v1/admin/contacts/${messagingContactId(channelId, handle)}`)).body as {
      name?: string;
    };
  const profileCalls = () => graph.calls.filter((c) => c.what === 'profile').length;
  const deliveries = async () =>
    (await relay.call('GET', `/v1/admin/conversations/${conversationId}/messaging-deliveries`)).body.items as Array<{
      messageId: string;
      status: string;
    }>;
  const statusOf = async (messageId: string) => (await deliveries()).find((d) => d.messageId === messageId)?.status;

  before(async () => {
    graph = await MetaMessagingGraphApi.start();
    graph.addPage(PAGE);
    graph.addProfile(ADA, { first_name: 'Ada', last_name: 'Lovelace', profile_pic: `${graph.origin}/cdn/ada.jpg` });
    graph.refuseProfile(PHONE_ONLY, 400, 2018218, 'No profile available for this user.');
    relay = await startDesk({
      ipRateLimitPerSecond: 0,
      adminRateLimitPerSecond: 0,
      messengerApiUrl: graph.url,
      outboxTiming: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 200 },
      logger: createLogger('warn', () => undefined),
    });
    ({ client: staff } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v3' }));
    const made = await relay.call('POST', '/v1/admin/messaging-channels', { provider: 'messenger', credentials });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    webhookUrl = made.body.webhookUrl;
    channelId = made.body.id;
  });
  after(async () => {
    staff.close();
    await relay.close();
    await graph.close();
  });

  it('names a new customer from the User Profile API once, after their message is filed (Meta’s trouble retried)', async () => {
    // Meta's own trouble on the first ask: the message is filed all the same, the name comes on the retry.
    graph.failNext('profile', 500, 2, 'An unexpected error has occurred. Please retry your request later.');
    assert.equal((await deliver(text('m_ADA1', 'Hello, is my order out?'))).status, 200);
    const live = await staff.next('message', (frame) => frame.message.text === 'Hello, is my order out?');
    conversationId = live.message.conversationId;
    await until(async () => (await contact(ADA)).name === 'Ada Lovelace', 'the name from the profile');
    assert.equal(profileCalls(), 2, 'asked again once after Meta’s error');
    assert.ok(
      graph.requests.some((r) => r.url === `/v21.0/${ADA}?fields=first_name%2Clast_name` && r.authorized),
      'the PSID’s node, with the Page’s token, for the documented fields',
    );
    // Their next messages, and Meta's retry of the first, ask nothing more.
    for (const body of [text('m_ADA2', 'Any news?'), text('m_ADA1', 'Hello, is my order out?')])
      assert.equal((await deliver(body)).status, 200);
    await staff.next('message', (frame) => frame.message.text === 'Any news?');
    assert.equal(profileCalls(), 2);
  });

  it('keeps a customer Meta gives no profile of known by their PSID, and asks once', async () => {
    assert.equal((await deliver(text('m_PHONE1', 'Hi from my phone', PHONE_ONLY))).status, 200);
    await staff.next('message', (frame) => frame.message.text === 'Hi from my phone');
    await until(async () => profileCalls() === 3 || undefined, 'the profile asked');
    // The refusal is final: the outbox does not ask again.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(profileCalls(), 3);
    assert.equal((await contact(PHONE_ONLY)).name, undefined, 'no name: the panel shows the handle');
    const panel = await relay.call('GET', `/v1/admin/contacts/${messagingContactId(channelId, PHONE_ONLY)}`);
    assert.deepEqual(panel.body.reach, [{ channel: 'messenger', label: 'Parley Help', handle: PHONE_ONLY }]);
  });

  it('skips another Page’s entries without a call to Meta', async () => {
    const callsBefore = graph.calls.length;
    const other = {
      object: 'page',
      entry: [
        {
          id: '109999999999999',
          time: 1458692752478,
          messaging: [messageEvent('109999999999999', 'm_OTHER2', { text: 'not ours' }, '7000000000000002')],
        },
      ],
    };
    assert.equal((await deliver(other)).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(graph.calls.length, callsBefore, 'no profile asked, nothing sent');
    const list = await relay.call('GET', '/v1/admin/conversations?limit=10');
    assert.equal(list.body.items.length, 2, 'Ada’s and the phone customer’s only');
  });

  it('marks the staff replies sent up to a read watermark read, and a delivery watermark delivered', async () => {
    const sentBefore = graph.sent.length;
    const first = await staff.say('w-1', 'It left this morning.', { conversationId });
    const second = await staff.say('w-2', 'Tracking: PX123', { conversationId });
    await graph.sentCount(sentBefore + 2);
    await until(async () => (await statusOf(second.messageId)) === 'sent' || undefined, 'both sent');
    const sentAt = Date.now();

    // Messenger's delivery report without mids: every message up to its watermark.
    const delivered = pageWebhook('page', PAGE.pageId, {
      ...deliveryEvent(PAGE.pageId, []),
      delivery: { watermark: sentAt },
    });
    assert.equal((await deliver(delivered)).status, 200);
    const deliveredFrame = await staff.next('delivered', (frame) => frame.conversationId === conversationId);
    assert.deepEqual([deliveredFrame.by, deliveredFrame.seq], ['visitor', second.seq]);
    assert.equal(await statusOf(first.messageId), 'delivered');

    // A third reply after the customer read up to `sentAt`: not covered.
    const third = await staff.say('w-3', 'Anything else?', { conversationId });
    await graph.sentCount(sentBefore + 3);
    await until(async () => (await statusOf(third.messageId)) === 'sent' || undefined, 'the third sent');
    const read = pageWebhook('page', PAGE.pageId, readEvent(PAGE.pageId, { watermark: sentAt }));
    assert.equal((await deliver(read)).status, 200);
    const readFrame = await staff.next('read', (frame) => frame.conversationId === conversationId);
    assert.deepEqual([readFrame.by, readFrame.seq], ['visitor', second.seq]);
    assert.deepEqual(
      [await statusOf(first.messageId), await statusOf(second.messageId), await statusOf(third.messageId)],
      ['read', 'read', 'sent'],
    );
    // A watermark never moves a reply back, and another customer's watermark covers none of Ada's.
    const phone = pageWebhook('page', PAGE.pageId, readEvent(PAGE.pageId, { watermark: Date.now() }, PHONE_ONLY));
    const later = pageWebhook('page', PAGE.pageId, {
      ...deliveryEvent(PAGE.pageId, []),
      delivery: { watermark: Date.now() },
    });
    for (const body of [phone, later]) assert.equal((await deliver(body)).status, 200);
    assert.deepEqual(
      [await statusOf(first.messageId), await statusOf(second.messageId), await statusOf(third.messageId)],
      ['read', 'read', 'delivered'],
    );
  });

  it('cuts off a file the CDN streams past the site’s largest, keeping the message and nothing on disk', async () => {
    const saved = await relay.call('PUT', '/v1/admin/settings/attachments', {
      types: null,
      maxBytes: 256 * 1024,
      quotaBytes: null,
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    // No content-length: only the bytes as they come say the file is too large.
    const url = graph.addFile('manual.txt', Buffer.alloc(4 * 1024 * 1024, 0x61), 'text/plain', undefined, {
      undeclared: true,
    });
    const hook = pageWebhook(
      'page',
      PAGE.pageId,
      messageEvent(PAGE.pageId, 'm_BIG1', { text: 'The manual', attachments: [{ type: 'file', payload: { url } }] }),
    );
    assert.equal((await deliver(hook)).status, 200);
    const stored = await staff.next('message', (frame) => frame.message.text.startsWith('The manual'));
    assert.equal(stored.message.text, 'The manual\n\n[Files not kept: manual.txt]');
    assert.equal(stored.message.attachments, undefined);
    assert.deepEqual(await readdir(join(relay.dataDir, 'attachments', 'staging')), [], 'nothing left staged');
    await relay.call('PUT', '/v1/admin/settings/attachments', { types: null, maxBytes: null, quotaBytes: null });
  });
});
