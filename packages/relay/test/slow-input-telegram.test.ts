/**
 * Slow input (see slow-input.test.ts): a Telegram channel's webhook (`POST /v1/channels/telegram/{id}/webhook`,
 * issue #84) is a door anyone may knock on. A body of 1 MB, with the bot's secret or without, JSON nested as deep as
 * the size allows, the largest update Telegram sends, and a 10 MiB document downloaded from the Bot API must not
 * hold the relay's event loop for 50 ms.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminToken, call, relaySecret, siteKey } from './support/desk.js';
import { RelayProcess } from './support/relay-process.js';
import { TelegramBotApi, documentUpdate, textUpdate } from './support/telegram-bot-api.js';
import { tempDir } from './support/temp.js';
import { withinBudget } from './support/within-budget.js';

const TOKEN = '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

describe('slow input: a Telegram channel’s webhook', { timeout: 300_000 }, () => {
  let relay: RelayProcess;
  let telegram: TelegramBotApi;
  let url: string;
  let secret: string;

  const post = async (body: string | Buffer, withSecret = true): Promise<number> => {
    const answer = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(withSecret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
      },
      body,
    }).catch(() => undefined);
    await answer?.arrayBuffer().catch(() => undefined);
    // A refusal before the whole body was read may close the connection under the sender: refused all the same.
    return answer?.status ?? 413;
  };

  before(async () => {
    telegram = await TelegramBotApi.start();
    telegram.addBot(TOKEN, 'parley_help_bot');
    relay = await RelayProcess.start({
      PARLEY_DATA_DIR: tempDir('parley-slow-telegram-'),
      PARLEY_SITE_KEY: siteKey,
      PARLEY_ADMIN_TOKEN: adminToken,
      PARLEY_RELAY_SECRET: relaySecret,
      PARLEY_IP_RATE_LIMIT_PER_SECOND: '0',
      PARLEY_TELEGRAM_API_URL: telegram.url,
    });
    const made = await call(relay, 'POST', '/v1/admin/messaging-channels', {
      provider: 'telegram',
      credentials: { token: TOKEN },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    ({ url, secret } = telegram.webhook(TOKEN)!);
  });
  after(async () => {
    await relay?.kill('SIGTERM');
    await telegram?.close();
  });

  const oneMegabyte = Buffer.alloc(1024 * 1024, 'a');
  for (const [name, body, withSecret, status] of [
    ['1 MB with the bot’s secret', oneMegabyte, true, 413],
    ['1 MB without a secret', oneMegabyte, false, 413],
    ['nested as deep as 256 KiB allows, with the secret', '['.repeat(256 * 1024 - 1), true, 400],
    ['nested deep, without a secret', '['.repeat(200_000), false, 401],
    [
      'the largest update Telegram sends (a 4,096-character text) with the secret',
      JSON.stringify(textUpdate(1, 'é'.repeat(4096))),
      true,
      200,
    ],
  ] as const)
    it(name, (t) =>
      withinBudget(t, relay, `a Telegram webhook: ${name}`, async () =>
        assert.equal(await post(body, withSecret), status),
      ),
    );

  it('a 10 MiB document downloaded from the Bot API into the attachments', async (t) => {
    const text = Buffer.from('plain words, no markup at all < > & ; '.repeat(Math.floor((10 * 1024 * 1024 - 64) / 38)));
    telegram.addFile('BIG-DOC', 'documents/big.txt', text);
    await withinBudget(t, relay, 'a Telegram webhook: a 10 MiB document', async () =>
      assert.equal(await post(JSON.stringify(documentUpdate(2, 'BIG-DOC', 'manual.txt', 'text/plain'))), 200),
    );
  });
});
