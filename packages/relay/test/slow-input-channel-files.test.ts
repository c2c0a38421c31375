/**
 * Slow input (see slow-input.test.ts): an API channel's bridge downloading the largest file a reply may carry
 * (`GET /v1/channels/api/files/{id}`, issue #81) must not hold the relay's event loop for 50 ms.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { TestClient } from './support/client.js';
import { adminToken, call, relaySecret, siteKey } from './support/desk.js';
import { RelayProcess } from './support/relay-process.js';
import { tempDir } from './support/temp.js';
import { WebhookReceiver } from './support/webhook-receiver.js';
import { withinBudget } from './support/within-budget.js';

/** The largest file a site accepts by default (`PARLEY_ATTACHMENT_MAX_BYTES`). */
const TEN_MIB = 10 * 1024 * 1024;

/** GETs `url` with `token`, reading the body to its end: its status and length. */
function download(url: string, token: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(url, { headers: { authorization: `Bearer ${token}` } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes }));
      response.on('error', reject);
    });
    sent.on('error', reject);
    sent.end();
  });
}

describe('slow input: an API channel’s file download', { timeout: 300_000 }, () => {
  let relay: RelayProcess;
  let receiver: WebhookReceiver;

  before(async () => {
    relay = await RelayProcess.start({
      PARLEY_DATA_DIR: tempDir('parley-slow-channel-files-'),
      PARLEY_SITE_KEY: siteKey,
      PARLEY_ADMIN_TOKEN: adminToken,
      PARLEY_RELAY_SECRET: relaySecret,
      PARLEY_IP_RATE_LIMIT_PER_SECOND: '0',
      // The bridge's webhook is this test's, on loopback: the operator's opt-in.
      PARLEY_WEBHOOK_ALLOW_PRIVATE: 'true',
    });
    receiver = await WebhookReceiver.start();
  });
  after(async () => {
    await relay?.kill('SIGTERM');
    await receiver?.close();
  });

  it('10 MiB sent in a reply, downloaded by the bridge', async (t) => {
    const made = await call(relay, 'POST', '/v1/admin/api-channels', { name: 'SMS', webhookUrl: receiver.url() });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const token = made.body.token as string;
    const inbound = await fetch(`${relay.httpUrl}/v1/channels/api/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ contactId: '+15550001111', messageId: 'big-1', text: 'The manual, please' }),
    });
    const { conversationId } = (await inbound.json()) as { conversationId: string };
    const text = Buffer.from('plain words, no markup at all < > & ; '.repeat(Math.floor((TEN_MIB - 64) / 38)));
    const uploaded = await fetch(
      `${relay.httpUrl}/v1/attachments?${new URLSearchParams({ clientId: 'r-big', name: 'manual.txt', conversationId })}`,
      { method: 'POST', body: text, headers: { authorization: `Bearer ${adminToken}` } },
    );
    const { id } = (await uploaded.json()) as { id: string };
    assert.equal(uploaded.status, 201);
    const { client } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v3' });
    await client.say('r-big', 'Here it is', { conversationId, attachments: [{ id }] });
    client.close();
    const event = JSON.parse((await receiver.next()).body);
    const url = event.message.attachments[0].url as string;

    await withinBudget(t, relay, 'a 10 MiB file downloaded by an API channel’s bridge', async () =>
      assert.deepEqual(await download(url, token), { status: 200, bytes: text.length }),
    );
  });
});
