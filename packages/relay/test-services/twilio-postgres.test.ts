/**
 * SMS through Twilio with two relays on one PostgreSQL: a message Twilio posts to both is stored once, a staff reply
 * is sent once, and a status callback taken by the other relay marks it delivered (the frame's reply parts, by
 * Twilio's message sid, on PostgreSQL).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningRelay } from '../src/index.js';
import { TestClient } from '../test/support/client.js';
import { adminToken, startDesk } from '../test/support/desk.js';
import { LoopbackTwilio, incomingMessage, messageSid, postAsTwilio } from '../test/support/twilio-api.js';
import { until } from '../test/support/until.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_twilio');
const ACCOUNT = `AC${'1a'.repeat(16)}`;
const TOKEN = '0f'.repeat(16);
const NUMBER = '+15550006666';
const CUSTOMER = '+15550001111';

async function call(relay: RunningRelay, method: string, path: string, body?: unknown) {
  const response = await fetch(`${relay.httpUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as any) : undefined };
}

describe('Twilio channels on PostgreSQL with two relays', () => {
  let relays: [RunningRelay, RunningRelay];
  let twilio: LoopbackTwilio;
  before(async () => {
    twilio = await LoopbackTwilio.start();
    twilio.addAccount(ACCOUNT, TOKEN, { [NUMBER]: 'Support line' });
    const { connectionString } = await schemas.create('two');
    const options = {
      relaySecret: 'relay-secret-twilio-pg-0123456789',
      dataKey: Buffer.alloc(32, 7).toString('base64'),
      ipRateLimitPerSecond: 0,
      adminRateLimitPerSecond: 0,
      store: 'postgres' as const,
      databaseUrl: connectionString,
      twilioApiUrl: twilio.url,
      outboxTiming: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 80 },
    };
    relays = [await startDesk(options), await startDesk(options)];
  });
  after(async () => {
    for (const relay of relays ?? []) await relay.close();
    await twilio?.close();
    await schemas.dropAll();
  });

  it('stores a MessageSid once whichever relay takes it; a reply goes once; a report to either marks it delivered', async () => {
    const [a, b] = relays;
    const made = await call(a, 'POST', '/v1/admin/messaging-channels', {
      provider: 'twilio',
      credentials: { accountSid: ACCOUNT, authToken: TOKEN, phoneNumber: NUMBER },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const path = new URL(made.body.webhookUrl).pathname;
    const form = incomingMessage({
      sid: messageSid(1),
      accountSid: ACCOUNT,
      from: CUSTOMER,
      to: NUMBER,
      body: 'Hello',
    });
    // Each relay is reached at its own address here, and Twilio signs the address it posts to.
    for (const relay of [a, b, a])
      assert.equal((await postAsTwilio(`${relay.httpUrl}${path}`, form, TOKEN)).status, 200);
    const list = await call(b, 'GET', '/v1/admin/conversations?limit=10');
    assert.equal(list.body.items.length, 1);
    const conversationId = list.body.items[0].id as string;
    const { client: staff } = await TestClient.hello(a.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v3' });
    try {
      const ack = await staff.say('pg-reply', 'It ships today', { conversationId });
      await twilio.sentCount(1);
      const deliveries = async () =>
        (await call(b, 'GET', `/v1/admin/conversations/${conversationId}/messaging-deliveries`)).body.items as Array<{
          messageId: string;
          status: string;
        }>;
      await until(
        async () => (await deliveries()).some((d) => d.messageId === ack.messageId && d.status === 'sent'),
        'sent',
      );
      const sent = twilio.sent[0]!;
      assert.equal(sent.form.Body, 'It ships today');
      const report = {
        MessageSid: sent.sid,
        MessageStatus: 'delivered',
        AccountSid: ACCOUNT,
        To: CUSTOMER,
        From: NUMBER,
      };
      assert.equal((await postAsTwilio(`${b.httpUrl}${path}?report=status`, report, TOKEN)).status, 200);
      assert.equal((await deliveries()).find((d) => d.messageId === ack.messageId)!.status, 'delivered');
      assert.equal(twilio.sent.length, 1, 'sent once');
    } finally {
      staff.close();
    }
  });
});
