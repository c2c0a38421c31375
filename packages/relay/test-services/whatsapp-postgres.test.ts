/**
 * WhatsApp on PostgreSQL (issue #84, docs/channels.md, "WhatsApp"): a number connected, a customer's message stored
 * once, a staff reply sent once with its statuses read as receipts, and an approved template sent through the outbox:
 * the messaging feature's and WhatsApp's tables and queries on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningRelay } from '../src/index.js';
import { TestClient } from '../test/support/client.js';
import { adminToken, call, startDesk } from '../test/support/desk.js';
import { until } from '../test/support/until.js';
import { WhatsAppGraphApi, inbound, status, webhook, type GraphNumber } from '../test/support/whatsapp-graph-api.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_whatsapp');
const NUMBER: GraphNumber = {
  phoneNumberId: '106540352242922',
  businessAccountId: '102290129340398',
  accessToken: 'EAAGm0PX4ZCpsBAOtestTOKENforTHEloopbackONLY0123456789',
  appSecret: '0123456789abcdef0123456789abcdef',
  displayPhoneNumber: '+1 555-078-3881',
  verifiedName: 'Parley Help',
};

describe('WhatsApp on PostgreSQL', () => {
  let relay: RunningRelay & { close(): Promise<void> };
  let graph: WhatsAppGraphApi;
  let staff: TestClient;

  before(async () => {
    graph = await WhatsAppGraphApi.start();
    graph.addNumber(NUMBER);
    graph.setTemplates(NUMBER.businessAccountId, [
      {
        name: 'order_update',
        language: 'en_US',
        status: 'APPROVED',
        category: 'UTILITY',
        id: '1146345060238745',
        components: [{ type: 'BODY', text: 'Hello {{1}}, your order has shipped.' }],
      },
    ]);
    const { connectionString } = await schemas.create('one');
    relay = await startDesk({
      dataKey: Buffer.alloc(32, 7).toString('base64'),
      ipRateLimitPerSecond: 0,
      adminRateLimitPerSecond: 0,
      store: 'postgres',
      databaseUrl: connectionString,
      whatsappApiUrl: graph.url,
      outboxTiming: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 1000 },
    });
    ({ client: staff } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v3' }));
  });
  after(async () => {
    staff?.close();
    await relay?.close();
    await graph?.close();
    await schemas.dropAll();
  });

  it('takes a message once, sends a reply once with its receipts, and sends a template', async () => {
    const made = await call(relay, 'POST', '/v1/admin/messaging-channels', {
      provider: 'whatsapp',
      credentials: {
        phoneNumberId: NUMBER.phoneNumberId,
        businessAccountId: NUMBER.businessAccountId,
        accessToken: NUMBER.accessToken,
        appSecret: NUMBER.appSecret,
        verifyToken: 'a-phrase-of-our-choosing',
      },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const url = made.body.webhookUrl as string;
    const hook = webhook(NUMBER, inbound('wamid.PG1', 'text', { text: { body: 'Hello from PostgreSQL' } }));
    assert.equal((await graph.deliver(url, NUMBER.appSecret, hook)).status, 200);
    assert.equal((await graph.deliver(url, NUMBER.appSecret, hook)).status, 200);
    const live = await staff.next('message', (frame) => frame.message.text === 'Hello from PostgreSQL');
    const { conversationId } = live.message;
    const stored = await relay.store.messagesAfter(conversationId, 0, 100, { includeNotes: true });
    assert.equal(stored.length, 1, 'stored once');

    const ack = await staff.say('pg-reply', 'Hello back', { conversationId });
    await graph.sentCount(1);
    const deliveries = async () =>
      (await call(relay, 'GET', `/v1/admin/conversations/${conversationId}/messaging-deliveries`)).body.items as Array<{
        messageId: string;
        status: string;
      }>;
    await until(async () => (await deliveries()).some((d) => d.status === 'sent'), 'the reply sent');
    assert.equal(
      (await graph.deliver(url, NUMBER.appSecret, webhook(NUMBER, status(graph.sent[0]!.id, 'read')))).status,
      200,
    );
    const read = await staff.next('read', (frame) => frame.conversationId === conversationId);
    assert.deepEqual([read.by, read.seq], ['visitor', ack.seq]);
    assert.equal((await deliveries())[0]!.status, 'read');

    const window = await call(relay, 'GET', `/v1/admin/conversations/${conversationId}/whatsapp`);
    assert.equal(window.status, 200);
    assert.equal(window.body.window.open, true);
    const template = await call(relay, 'POST', `/v1/admin/conversations/${conversationId}/whatsapp/template`, {
      id: 'pg-t1',
      name: 'order_update',
      language: 'en_US',
      values: ['Ada'],
    });
    assert.equal(template.status, 201, JSON.stringify(template.body));
    await graph.sentCount(2);
    assert.equal(graph.sent[1]!.type, 'template');
    assert.deepEqual(graph.sent[1]!.body.template, {
      name: 'order_update',
      language: { code: 'en_US' },
      components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ada' }] }],
    });
  });
});
