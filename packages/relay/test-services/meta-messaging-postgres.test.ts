/**
 * Messenger and Instagram channels with two relays on one PostgreSQL (issue #84, docs/channels.md): a message Meta
 * delivers to both relays at once (a retry reaching the other) is stored once, by its `mid`; staff replies written
 * through either relay reach the Send API once each, in order; a delivery report moves the reply on, and Instagram's
 * `messaging_seen` marks it read: the frame's and the providers' queries on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from '../test/support/client.js';
import { adminToken, startDesk, type Desk } from '../test/support/desk.js';
import {
  MetaMessagingGraphApi,
  deliverSigned,
  deliveryEvent,
  igsid,
  messageEvent,
  pageWebhook,
  psid,
  readEvent,
  examplePage,
} from '../test/support/meta-messaging-graph-api.js';
import { until } from '../test/support/until.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_meta');
const INSTAGRAM = examplePage.instagram;
const PAGE = examplePage;
const base = { accessToken: PAGE.accessToken, appSecret: PAGE.appSecret, verifyToken: 'a-phrase-of-our-choosing' };

describe('Messenger and Instagram channels on PostgreSQL with two relays', () => {
  let relays: [Desk, Desk];
  let graph: MetaMessagingGraphApi;
  before(async () => {
    graph = await MetaMessagingGraphApi.start();
    graph.addPage(PAGE);
    const { connectionString } = await schemas.create('two');
    const options = {
      relaySecret: 'relay-secret-meta-pg-0123456789abcdef',
      dataKey: Buffer.alloc(32, 7).toString('base64'),
      ipRateLimitPerSecond: 0,
      adminRateLimitPerSecond: 0,
      store: 'postgres' as const,
      databaseUrl: connectionString,
      messengerApiUrl: graph.url,
      instagramApiUrl: graph.url,
      outboxTiming: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 80 },
    };
    relays = [await startDesk(options), await startDesk(options)];
  });
  after(async () => {
    for (const relay of relays ?? []) await relay.close();
    await graph?.close();
    await schemas.dropAll();
  });

  for (const [provider, credentials, object, account, customer] of [
    ['messenger', { pageId: PAGE.pageId, ...base }, 'page', PAGE.pageId, psid],
    ['instagram', { pageId: PAGE.pageId, instagramAccountId: INSTAGRAM.id, ...base }, 'instagram', INSTAGRAM.id, igsid],
  ] as const)
    it(`${provider}: stores a message once whichever relay takes it, and sends the replies of either once, in order`, async () => {
      const [a, b] = relays;
      const made = await a.call('POST', '/v1/admin/messaging-channels', { provider, credentials });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const url = made.body.webhookUrl as string;
      const deliver = (relay: Desk, body: unknown) =>
        deliverSigned(url.replace(a.httpUrl, relay.httpUrl), PAGE.appSecret, body);
      const hook = pageWebhook(
        object,
        account,
        messageEvent(account, `m_${provider}_1`, { text: `Hello from ${provider}` }, customer),
      );
      const answers = await Promise.all([deliver(a, hook), deliver(b, hook), deliver(a, hook), deliver(b, hook)]);
      assert.deepEqual(
        answers.map((answer) => answer.status),
        [200, 200, 200, 200],
      );
      const found = await until(async () => {
        const items = (await b.call('GET', '/v1/admin/conversations?limit=10')).body.items as Array<{ id: string }>;
        for (const { id } of items) {
          const stored = await a.store.messagesAfter(id, 0, 100, { includeNotes: true });
          if (stored.some((m) => m.text === `Hello from ${provider}`)) return { id, stored };
        }
        return undefined;
      }, 'the message');
      assert.equal(found.stored.length, 1, 'stored once');
      const conversationId = found.id;

      const sentBefore = graph.sent.length;
      const onA = (await TestClient.hello(a.wsUrl, { staffToken: adminToken })).client;
      const onB = (await TestClient.hello(b.wsUrl, { staffToken: adminToken })).client;
      await onA.say(`${provider}-1`, 'One', { conversationId });
      await onB.say(`${provider}-2`, 'Two', { conversationId });
      await onA.say(`${provider}-3`, 'Three', { conversationId });
      onA.close();
      onB.close();
      await graph.sentCount(sentBefore + 3);
      const sent = graph.sent.slice(sentBefore);
      assert.deepEqual(
        sent.map((s) => [s.recipient, s.messagingType, s.text]),
        [
          [customer, 'RESPONSE', 'One'],
          [customer, 'RESPONSE', 'Two'],
          [customer, 'RESPONSE', 'Three'],
        ],
      );
      const deliveries = async () =>
        (await a.call('GET', `/v1/admin/conversations/${conversationId}/messaging-deliveries`)).body.items as Array<{
          status: string;
        }>;
      await until(
        async () => (await deliveries()).every((d) => d.status === 'sent') && (await deliveries()).length === 3,
        'the three replies sent',
      );
      const report =
        provider === 'messenger'
          ? deliveryEvent(account, [sent[0]!.mid], customer)
          : readEvent(account, { mid: sent[0]!.mid }, customer);
      assert.equal((await deliver(b, pageWebhook(object, account, report))).status, 200);
      await until(
        async () => (await deliveries())[0]!.status === (provider === 'messenger' ? 'delivered' : 'read'),
        'the report',
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(graph.sent.length, sentBefore + 3, 'each reply once');
    });
});
