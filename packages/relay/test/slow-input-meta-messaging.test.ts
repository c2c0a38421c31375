/**
 * Slow input (see slow-input.test.ts): a Messenger channel's and an Instagram channel's webhooks
 * (`POST /v1/channels/messenger/{id}/webhook`, `…/instagram/{id}/webhook`, issue #84) are doors anyone may knock on.
 * A body of 1 MB, signed or not, JSON nested as deep as the size allows, the largest batches Meta sends (a hundred
 * events: long texts, deliveries and reads of messages not sent here, another Page's entries), and a 10 MiB file
 * downloaded from Meta's CDN must not hold the relay's event loop for 50 ms.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, adminToken, relaySecret, siteKey } from './support/desk.js';
import {
  MetaMessagingGraphApi,
  deliveryEvent,
  igsid,
  messageEvent,
  pageWebhook,
  readEvent,
  sign,
  examplePage,
} from './support/meta-messaging-graph-api.js';
import { RelayProcess } from './support/relay-process.js';
import { tempDir } from './support/temp.js';
import { withinBudget } from './support/within-budget.js';

const INSTAGRAM = examplePage.instagram;
const PAGE = examplePage;
const base = { accessToken: PAGE.accessToken, appSecret: PAGE.appSecret, verifyToken: 'a-phrase-of-our-choosing' };

describe('slow input: Messenger’s and Instagram’s webhooks', { timeout: 300_000 }, () => {
  let relay: RelayProcess;
  let graph: MetaMessagingGraphApi;
  const urls: Record<'messenger' | 'instagram', string> = { messenger: '', instagram: '' };

  const post = async (url: string, body: string | Buffer, signed = true): Promise<number> => {
    const answer = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signed ? { 'x-hub-signature-256': sign(PAGE.appSecret, body) } : {}),
      },
      body,
    }).catch(() => undefined);
    await answer?.arrayBuffer().catch(() => undefined);
    // A refusal before the whole body was read may close the connection under the sender: refused all the same.
    return answer?.status ?? 413;
  };

  before(async () => {
    graph = await MetaMessagingGraphApi.start();
    graph.addPage(PAGE);
    relay = await RelayProcess.start({
      PARLEY_DATA_DIR: tempDir('parley-slow-meta-'),
      PARLEY_SITE_KEY: siteKey,
      PARLEY_ADMIN_TOKEN: adminToken,
      PARLEY_RELAY_SECRET: relaySecret,
      PARLEY_IP_RATE_LIMIT_PER_SECOND: '0',
      PARLEY_MESSENGER_API_URL: graph.url,
      PARLEY_INSTAGRAM_API_URL: graph.url,
    });
    for (const [provider, credentials] of [
      ['messenger', { pageId: PAGE.pageId, ...base }],
      ['instagram', { pageId: PAGE.pageId, instagramAccountId: INSTAGRAM.id, ...base }],
    ] as const) {
      const made = await call(relay, 'POST', '/v1/admin/messaging-channels', { provider, credentials });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      urls[provider] = made.body.webhookUrl;
    }
  });
  after(async () => {
    await relay?.kill('SIGTERM');
    await graph?.close();
  });

  const oneMegabyte = Buffer.alloc(1024 * 1024, 'a');
  const hundred = <T>(make: (i: number) => T): T[] => Array.from({ length: 100 }, (_, i) => make(i));
  const texts = (prefix: string) =>
    JSON.stringify(
      pageWebhook(
        'page',
        PAGE.pageId,
        ...hundred((i) => messageEvent(PAGE.pageId, `m_${prefix}${i}`, { text: 'é'.repeat(2000) })),
      ),
    );
  // Each attempt's batch is a fresh one (its own mids), or it would be stored once and then be only duplicates.
  const batches: Record<'messenger' | 'instagram', [string, (attempt: number) => string][]> = {
    messenger: [
      ['a hundred 2,000-character texts, signed', (attempt) => texts(`LONG${attempt}_`)],
      [
        'a hundred deliveries of messages not sent here, signed',
        (attempt) =>
          JSON.stringify(
            pageWebhook(
              'page',
              PAGE.pageId,
              ...hundred((i) => deliveryEvent(PAGE.pageId, [`m_NOTOURS${attempt}_${i}`])),
            ),
          ),
      ],
      [
        'a hundred entries of another Page, signed',
        (attempt) =>
          JSON.stringify({
            object: 'page',
            entry: hundred((i) => ({
              id: '109999999999999',
              time: 1458692752478,
              messaging: [messageEvent('109999999999999', `m_OTHER${attempt}_${i}`, { text: 'x'.repeat(2000) })],
            })),
          }),
      ],
    ],
    instagram: [
      [
        'a hundred reads of messages not sent here, signed',
        (attempt) =>
          JSON.stringify(
            pageWebhook(
              'instagram',
              INSTAGRAM.id,
              ...hundred((i) => readEvent(INSTAGRAM.id, { mid: `aWdfNOTOURS${attempt}_${i}` }, igsid)),
            ),
          ),
      ],
    ],
  };
  for (const provider of ['messenger', 'instagram'] as const) {
    for (const [name, body, signed, code] of [
      ['1 MB, signed', () => oneMegabyte, true, 413],
      ['1 MB, unsigned', () => oneMegabyte, false, 413],
      ['nested as deep as 512 KiB allows, signed', () => '['.repeat(512 * 1024 - 1), true, 400],
      ['nested deep, unsigned', () => '['.repeat(400_000), false, 401],
      ...batches[provider].map(([what, make]) => [what, make, true, 200] as const),
    ] as const)
      it(`${provider}: ${name}`, (t) =>
        withinBudget(t, relay, `a ${provider} webhook: ${name}`, async (attempt) =>
          assert.equal(await post(urls[provider], body(attempt), signed), code),
        ));
  }

  it('messenger: Meta’s retry of a hundred texts stored already (each a duplicate)', async (t) => {
    const batch = texts('AGAIN');
    assert.equal(await post(urls.messenger, batch), 200);
    await withinBudget(t, relay, 'a Messenger webhook: a hundred duplicates', async () =>
      assert.equal(await post(urls.messenger, batch), 200),
    );
  });

  it('messenger: a 10 MiB file downloaded from Meta’s CDN into the attachments', async (t) => {
    const url = graph.addFile('firmware.bin', Buffer.alloc(10 * 1024 * 1024 - 64, 0x5a), 'application/octet-stream');
    const body = (attempt: number) =>
      JSON.stringify(
        pageWebhook(
          'page',
          PAGE.pageId,
          messageEvent(PAGE.pageId, `m_BIGFILE${attempt}`, { attachments: [{ type: 'file', payload: { url } }] }),
        ),
      );
    await withinBudget(t, relay, 'a Messenger webhook: a 10 MiB file', async (attempt) =>
      assert.equal(await post(urls.messenger, body(attempt)), 200),
    );
  });
});
