/**
 * API channels with two relays on one PostgreSQL: a message posted to both is stored once, a contact's messages
 * through either continue one conversation, and staff replies written through either reach the channel's webhook
 * once each, in order.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningRelay } from '../src/index.js';
import { PDF } from '../test/support/attachment-files.js';
import { TestClient } from '../test/support/client.js';
import { adminToken, startDesk } from '../test/support/desk.js';
import { until } from '../test/support/until.js';
import { WebhookReceiver } from '../test/support/webhook-receiver.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_apich');

async function call(relay: RunningRelay, method: string, path: string, body?: unknown, token = adminToken) {
  const response = await fetch(`${relay.httpUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as any) : undefined };
}

const post = (relay: RunningRelay, token: string, body: unknown) =>
  call(relay, 'POST', '/v1/channels/api/messages', body, token);

describe('API channels on PostgreSQL with two relays', () => {
  let relays: [RunningRelay, RunningRelay];
  let receiver: WebhookReceiver;
  before(async () => {
    const { connectionString } = await schemas.create('two');
    const options = {
      relaySecret: 'relay-secret-apich-pg-0123456789',
      dataKey: Buffer.alloc(32, 7).toString('base64'),
      ipRateLimitPerSecond: 0,
      adminRateLimitPerSecond: 0,
      webhookAllowPrivate: true,
      store: 'postgres' as const,
      databaseUrl: connectionString,
      outboxTiming: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 80 },
    };
    relays = [await startDesk(options), await startDesk(options)];
    receiver = await WebhookReceiver.start();
  });
  after(async () => {
    for (const relay of relays ?? []) await relay.close();
    await receiver?.close();
    await schemas.dropAll();
  });

  it('stores a message once whichever relay takes it, and sends the replies of either once, in order', async () => {
    const [a, b] = relays;
    const made = await call(a, 'POST', '/v1/admin/api-channels', { name: 'SMS', webhookUrl: receiver.url() });
    assert.equal(made.status, 201);
    const { token, id: channelId } = made.body;
    const message = { contactId: '+15550001111', messageId: 'pg-1', text: 'Hello from SMS' };
    const [one, two] = await Promise.all([post(a, token, message), post(b, token, message)]);
    assert.deepEqual([one.status, two.status].sort(), [200, 201]);
    assert.equal(one.body.conversationId, two.body.conversationId);
    assert.equal(one.body.messageId, two.body.messageId);
    const { conversationId } = one.body;
    const next = await post(b, token, { contactId: '+15550001111', messageId: 'pg-2', text: 'Order 4411' });
    assert.equal(next.status, 201);
    assert.equal(next.body.conversationId, conversationId);
    assert.equal(next.body.seq, 2);
    const listed = await call(b, 'GET', '/v1/admin/conversations?limit=10');
    assert.equal(listed.body.items.find((item: { id: string }) => item.id === conversationId)?.channel, 'api');

    const onA = (await TestClient.hello(a.wsUrl, { staffToken: adminToken })).client;
    const onB = (await TestClient.hello(b.wsUrl, { staffToken: adminToken })).client;
    await onA.say('r-1', 'One', { conversationId });
    await onB.say('r-2', 'Two', { conversationId });
    await onA.say('r-3', 'Three', { conversationId });
    onA.close();
    onB.close();
    const texts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const event = JSON.parse((await receiver.next()).body);
      assert.equal(event.channelId, channelId);
      assert.equal(event.contactId, '+15550001111');
      texts.push(event.message.text);
    }
    assert.deepEqual(texts, ['One', 'Two', 'Three']);
    for (const relay of relays) await relay.use('api-channels')!.consumer.drain();
    await until(
      async () =>
        (await call(a, 'GET', '/v1/admin/outbox?kind=api-channel.reply&status=pending')).body.items.length === 0,
      'nothing pending',
    );
    assert.equal(receiver.requests.length, 3, 'once each');
  });

  it('gives a reply’s file to the channel’s bridge, whichever relay sent it, and the contact’s reach', async () => {
    const [a, b] = relays;
    receiver.reset();
    const made = await call(a, 'POST', '/v1/admin/api-channels', { name: 'WhatsApp', webhookUrl: receiver.url() });
    const { token } = made.body;
    const first = await post(a, token, { contactId: 'wa:4477', messageId: 'pg-f1', text: 'The form?' });
    const { conversationId } = first.body;
    const uploaded = await fetch(
      `${a.httpUrl}/v1/attachments?${new URLSearchParams({ clientId: 'r-pdf', name: 'form.pdf', conversationId })}`,
      { method: 'POST', body: PDF, headers: { authorization: `Bearer ${adminToken}` } },
    );
    assert.equal(uploaded.status, 201);
    const { id } = (await uploaded.json()) as { id: string };
    // Sent through the other relay: the grant is written by whichever relay reads the reply from the message log.
    const staff = (await TestClient.hello(b.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v3' })).client;
    await staff.say('r-pdf', '', { conversationId, attachments: [{ id }] });
    staff.close();
    const event = JSON.parse((await receiver.next()).body);
    assert.equal(event.message.attachments[0].id, id);
    const path = new URL(event.message.attachments[0].url).pathname;
    // Served by the relay that holds the file (local storage: its data directory), to this channel only.
    const got = await fetch(`${a.httpUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(got.status, 200);
    assert.deepEqual(Buffer.from(await got.arrayBuffer()), PDF);
    const other = await call(b, 'POST', '/v1/admin/api-channels', { name: 'Other', webhookUrl: receiver.url() });
    const refused = await fetch(`${a.httpUrl}${path}`, { headers: { authorization: `Bearer ${other.body.token}` } });
    assert.equal(refused.status, 404);

    const conversation = await call(b, 'GET', `/v1/admin/conversations/${conversationId}`);
    const contact = await call(b, 'GET', `/v1/admin/contacts/${conversation.body.visitor.id}`);
    assert.deepEqual(contact.body.reach, [{ channel: 'api', label: 'WhatsApp', handle: 'wa:4477' }]);
  });
});
