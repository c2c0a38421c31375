/**
 * Slow input (see slow-input.test.ts): a WhatsApp channel's webhook (`POST /v1/channels/whatsapp/{id}/webhook`,
 * issue #84) is a door anyone may knock on. A body of 1 MB, signed or not, JSON nested as deep as the size allows,
 * the largest batch Meta sends (a 4,096-character text, a hundred statuses), and a 10 MiB document downloaded from
 * the Graph API must not hold the relay's event loop for 50 ms.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminToken, call, relaySecret, siteKey } from './support/desk.js';
import { RelayProcess } from './support/relay-process.js';
import { tempDir } from './support/temp.js';
import { WhatsAppGraphApi, inbound, sign, status, webhook, type GraphNumber } from './support/whatsapp-graph-api.js';
import { withinBudget } from './support/within-budget.js';

const NUMBER: GraphNumber = {
  phoneNumberId: '106540352242922',
  businessAccountId: '102290129340398',
  accessToken: 'EAAGm0PX4ZCpsBAOtestTOKENforTHEloopbackONLY0123456789',
  appSecret: '0123456789abcdef0123456789abcdef',
  displayPhoneNumber: '+1 555-078-3881',
  verifiedName: 'Parley Help',
};

describe('slow input: a WhatsApp channel’s webhook', { timeout: 300_000 }, () => {
  let relay: RelayProcess;
  let graph: WhatsAppGraphApi;
  let url: string;

  const post = async (body: string | Buffer, signed = true): Promise<number> => {
    const answer = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signed ? { 'x-hub-signature-256': sign(NUMBER.appSecret, body) } : {}),
      },
      body,
    }).catch(() => undefined);
    await answer?.arrayBuffer().catch(() => undefined);
    // A refusal before the whole body was read may close the connection under the sender: refused all the same.
    return answer?.status ?? 413;
  };

  before(async () => {
    graph = await WhatsAppGraphApi.start();
    graph.addNumber(NUMBER);
    relay = await RelayProcess.start({
      PARLEY_DATA_DIR: tempDir('parley-slow-whatsapp-'),
      PARLEY_SITE_KEY: siteKey,
      PARLEY_ADMIN_TOKEN: adminToken,
      PARLEY_RELAY_SECRET: relaySecret,
      PARLEY_IP_RATE_LIMIT_PER_SECOND: '0',
      PARLEY_WHATSAPP_API_URL: graph.url,
    });
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
    url = made.body.webhookUrl;
  });
  after(async () => {
    await relay?.kill('SIGTERM');
    await graph?.close();
  });

  const oneMegabyte = Buffer.alloc(1024 * 1024, 'a');
  const statuses = webhook(NUMBER, {
    statuses: Array.from({ length: 100 }, (_, i) => (status(`wamid.BATCH${i}`, 'delivered').statuses as unknown[])[0]),
  });
  for (const [name, body, signed, code] of [
    ['1 MB, signed', oneMegabyte, true, 413],
    ['1 MB, unsigned', oneMegabyte, false, 413],
    ['nested as deep as 512 KiB allows, signed', '['.repeat(512 * 1024 - 1), true, 400],
    ['nested deep, unsigned', '['.repeat(400_000), false, 401],
    [
      'the largest text Meta sends (4,096 characters), signed',
      JSON.stringify(webhook(NUMBER, inbound('wamid.LONG1', 'text', { text: { body: 'é'.repeat(4096) } }))),
      true,
      200,
    ],
    ['a hundred statuses of messages not sent here, signed', JSON.stringify(statuses), true, 200],
  ] as const)
    it(name, (t) =>
      withinBudget(t, relay, `a WhatsApp webhook: ${name}`, async () => assert.equal(await post(body, signed), code)),
    );

  it('a 10 MiB document downloaded from the Graph API into the attachments', async (t) => {
    const bytes = Buffer.alloc(10 * 1024 * 1024 - 64, 0x5a);
    graph.addMedia('2003383421387299', bytes, 'application/octet-stream');
    // Each attempt a new message: a retried one is a duplicate, which downloads nothing.
    const body = (attempt: number) =>
      JSON.stringify(
        webhook(
          NUMBER,
          inbound(`wamid.BIGDOC${attempt}`, 'document', {
            document: {
              filename: 'firmware.bin',
              mime_type: 'application/octet-stream',
              sha256: 'z',
              id: '2003383421387299',
            },
          }),
        ),
      );
    await withinBudget(t, relay, 'a WhatsApp webhook: a 10 MiB document', async (attempt) =>
      assert.equal(await post(body(attempt)), 200),
    );
  });
});
