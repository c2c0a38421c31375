/**
 * Instagram direct messages as a messaging channel (issue #84, docs/channels.md, "Instagram"), through the Messenger
 * API for Instagram, against the loopback Graph API: an account connected through its linked Page (a Page linked to
 * another account, or to none, refused by name), the webhook's handshake and signature, customers' messages under
 * their IGSID each once, `messaging_seen` as the read receipt, replies in Instagram's 1,000-character parts with the
 * images by their address and other files named as not sent; Messenger's windows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as z from 'zod/mini';
import { MessagingChannel } from '@parley/protocol/admin';
import { PDF, png } from './support/attachment-files.js';
import { TestClient } from './support/client.js';
import { adminToken, startDesk, type Desk } from './support/desk.js';
import {
  MetaMessagingGraphApi,
  deliverSigned,
  hubHandshake,
  igsid,
  messageEvent,
  pageWebhook,
  readEvent,
  type GraphPage,
} from './support/meta-messaging-graph-api.js';
import { until } from './support/until.js';

const ACCOUNT = { id: '17841405822304914', username: 'parley.shop', name: 'Parley Shop' };
const PAGE: GraphPage = {
  pageId: '104567890123499',
  name: 'Parley Shop',
  username: 'parleyshop',
  accessToken: 'EAAGm0PX4ZCpsBAInstagramTOKENforTHEloopbackONLY012345',
  appSecret: 'abcdef0123456789abcdef0123456789',
  instagram: ACCOUNT,
};
const UNLINKED: GraphPage = {
  ...PAGE,
  pageId: '104567890123400',
  accessToken: `${PAGE.accessToken}X`,
  instagram: undefined,
};
const VERIFY = 'instagram-verify-phrase';
const credentials = {
  pageId: PAGE.pageId,
  instagramAccountId: ACCOUNT.id,
  accessToken: PAGE.accessToken,
  appSecret: PAGE.appSecret,
  verifyToken: VERIFY,
};

describe('Instagram channels', () => {
  let relay: Desk;
  let graph: MetaMessagingGraphApi;
  let staff: TestClient;
  let channel: z.output<typeof MessagingChannel>;
  let conversationId: string;

  const deliver = (body: unknown) => deliverSigned(channel.webhookUrl, PAGE.appSecret, body);
  const deliveries = async () =>
    (await relay.call('GET', `/v1/admin/conversations/${conversationId}/messaging-deliveries`)).body.items as Array<{
      messageId: string;
      status: string;
      error: string | null;
    }>;
  const delivery = (messageId: string, status: string) =>
    until(async () => (await deliveries()).find((d) => d.messageId === messageId && d.status === status), status);

  before(async () => {
    graph = await MetaMessagingGraphApi.start();
    graph.addPage(PAGE);
    graph.addPage(UNLINKED);
    // The customer's profile as Instagram's User Profile API gives it (no name set: the username).
    graph.addProfile(igsid, { username: 'lisbon.traveller', profile_pic: `${graph.origin}/cdn/pic.jpg` });
    relay = await startDesk({
      ipRateLimitPerSecond: 0,
      adminRateLimitPerSecond: 0,
      instagramApiUrl: graph.url,
      outboxTiming: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 1000 },
    });
    ({ client: staff } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v3' }));
  });
  after(async () => {
    staff.close();
    await relay.close();
    await graph.close();
  });

  it('refuses a Page that is not linked to the account, naming what it is linked to', async () => {
    const create = (given: unknown) =>
      relay.call('POST', '/v1/admin/messaging-channels', { provider: 'instagram', credentials: given });
    const other = await create({ ...credentials, instagramAccountId: '17841400000000001' });
    assert.equal(other.status, 400);
    assert.match(other.body.error.message, /linked to the Instagram account 17841405822304914, not 17841400000000001/);
    const unlinked = await create({ ...credentials, pageId: UNLINKED.pageId, accessToken: UNLINKED.accessToken });
    assert.equal(unlinked.status, 400);
    assert.match(unlinked.body.error.message, /has no Instagram professional account linked/);
    const token = await create({ ...credentials, accessToken: 'EAAGnotAtokenMETAknowsATall0000000000' });
    assert.match(token.body.error.message, /token was refused by Instagram/);
    const missing = await create({
      pageId: PAGE.pageId,
      accessToken: PAGE.accessToken,
      appSecret: PAGE.appSecret,
      verifyToken: VERIFY,
    });
    assert.equal(missing.status, 400);
    assert.match(missing.body.error.message, /instagramAccountId/);
    assert.deepEqual(graph.subscribed, []);
  });

  it('connects the account through its Page and answers Meta’s handshake', async () => {
    const made = await relay.call('POST', '/v1/admin/messaging-channels', { provider: 'instagram', credentials });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    channel = made.body;
    assert.deepEqual([channel.account, channel.name], ['@parley.shop', 'Parley Shop']);
    assert.equal(channel.webhookUrl, `${relay.httpUrl}/v1/channels/instagram/${channel.id}/webhook`);
    assert.deepEqual(graph.subscribed, [`${PAGE.pageId}:messages`]);
    const good = await hubHandshake(channel.webhookUrl, VERIFY, '987654321');
    assert.equal(await good.text(), '987654321');
    assert.equal((await hubHandshake(channel.webhookUrl, 'not-the-phrase', '987654321')).status, 403);
  });

  it('files a customer’s messages under their IGSID once; a Page’s object, another account’s or a deleted message, not', async () => {
    const hook = pageWebhook(
      'instagram',
      ACCOUNT.id,
      messageEvent(ACCOUNT.id, 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQx', { text: 'Do you ship to Lisbon?' }, igsid),
    );
    assert.equal((await deliver(hook)).status, 200);
    assert.equal((await deliver(hook)).status, 200);
    const live = await staff.next('message', (frame) => frame.message.text === 'Do you ship to Lisbon?');
    conversationId = live.message.conversationId;
    const conversation = await relay.call('GET', `/v1/admin/conversations/${conversationId}`);
    const contact = await relay.call('GET', `/v1/admin/contacts/${conversation.body.visitor.id}`);
    assert.deepEqual(contact.body.reach, [{ channel: 'instagram', label: 'Parley Shop', handle: igsid }]);
    // Named from the User Profile API (`name`, else `username`), asked once by the outbox.
    await until(
      async () =>
        (await relay.call('GET', `/v1/admin/contacts/${conversation.body.visitor.id}`)).body.name ===
        'lisbon.traveller',
      'the name from the profile',
    );
    assert.ok(graph.requests.some((r) => r.url === `/v21.0/${igsid}?fields=name%2Cusername`));
    assert.equal(graph.calls.filter((c) => c.what === 'profile').length, 1);
    const asPage = pageWebhook(
      'page',
      ACCOUNT.id,
      messageEvent(ACCOUNT.id, 'm_PAGE1', { text: 'wrong object' }, igsid),
    );
    assert.equal((await deliver(asPage)).status, 400);
    const deleted = pageWebhook(
      'instagram',
      ACCOUNT.id,
      messageEvent(ACCOUNT.id, 'aWdfDELETED', { is_deleted: true }, igsid),
    );
    const unsupported = pageWebhook(
      'instagram',
      ACCOUNT.id,
      messageEvent(ACCOUNT.id, 'aWdfUNSUPPORTED', { is_unsupported: true }, igsid),
    );
    for (const body of [deleted, unsupported]) assert.equal((await deliver(body)).status, 200);
    await staff.next('message', (frame) => frame.message.text.startsWith('[Instagram: a message'));
    const stored = await relay.store.messagesAfter(conversationId, 0, 100, { includeNotes: true });
    assert.deepEqual(
      stored.map((m) => m.text),
      ['Do you ship to Lisbon?', '[Instagram: a message, which Parley does not show]'],
    );
  });

  it('sends replies in 1,000-character parts and images by their address; a PDF is named as not sent', async () => {
    const sentBefore = graph.sent.length;
    const long = `${'a'.repeat(999)}😀${'b'.repeat(10)}`;
    const ack = await staff.say('ig-long', long, { conversationId });
    await graph.sentCount(sentBefore + 2);
    const parts = graph.sent.slice(sentBefore).map((s) => s.text!);
    assert.deepEqual([...parts[0]!].length, 1000);
    assert.equal(parts.join(''), long, 'no character split');
    assert.ok(graph.sent.slice(sentBefore).every((s) => s.recipient === igsid && s.messagingType === 'RESPONSE'));
    await delivery(ack.messageId, 'sent');

    // Instagram's messaging_seen names the message read.
    assert.equal(
      (
        await deliver(
          pageWebhook('instagram', ACCOUNT.id, readEvent(ACCOUNT.id, { mid: graph.sent.at(-1)!.mid }, igsid)),
        )
      ).status,
      200,
    );
    const read = await staff.next('read', (frame) => frame.conversationId === conversationId);
    assert.deepEqual([read.by, read.seq], ['visitor', ack.seq]);
    await delivery(ack.messageId, 'read');

    const files: { id: string }[] = [];
    for (const [index, [name, bytes]] of (
      [
        ['look.png', await png(32, 32)],
        ['terms.pdf', PDF],
      ] as const
    ).entries()) {
      const upload = await fetch(
        `${relay.httpUrl}/v1/attachments?${new URLSearchParams({ clientId: 'ig-files', name, conversationId, index: String(index) })}`,
        { method: 'POST', body: bytes, headers: { authorization: `Bearer ${adminToken}` } },
      );
      files.push((await upload.json()) as { id: string });
    }
    const withFiles = await staff.say('ig-files', '', { conversationId, attachments: files });
    await graph.sentCount(sentBefore + 3);
    assert.equal(graph.sent.at(-1)!.attachment!.type, 'image');
    await delivery(withFiles.messageId, 'sent');
    const onlyPdf: { id: string }[] = [];
    const upload = await fetch(
      `${relay.httpUrl}/v1/attachments?${new URLSearchParams({ clientId: 'ig-pdf', name: 'terms.pdf', conversationId, index: '0' })}`,
      { method: 'POST', body: PDF, headers: { authorization: `Bearer ${adminToken}` } },
    );
    onlyPdf.push((await upload.json()) as { id: string });
    const pdf = await staff.say('ig-pdf', '', { conversationId, attachments: onlyPdf });
    assert.equal(
      (await delivery(pdf.messageId, 'failed')).error,
      'Instagram takes images only by their address: terms.pdf not sent',
    );
    assert.equal(graph.sent.length, sentBefore + 3);
  });
});
