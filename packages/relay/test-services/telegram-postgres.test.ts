/**
 * Telegram channels with two relays on one PostgreSQL (issue #84, docs/channels.md): an update Telegram delivers to
 * both (a retry reaching the other relay) is stored once, and staff replies written through either reach the Bot API
 * once each, in order.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from '../test/support/client.js';
import { adminToken, startDesk, type Desk } from '../test/support/desk.js';
import { TelegramBotApi, textUpdate } from '../test/support/telegram-bot-api.js';
import { until } from '../test/support/until.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_tg');
const TOKEN = '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

describe('Telegram channels on PostgreSQL with two relays', () => {
  let relays: [Desk, Desk];
  let telegram: TelegramBotApi;
  before(async () => {
    telegram = await TelegramBotApi.start();
    telegram.addBot(TOKEN, 'parley_help_bot', 'Parley Help');
    const { connectionString } = await schemas.create('two');
    const options = {
      relaySecret: 'relay-secret-telegram-pg-0123456789',
      dataKey: Buffer.alloc(32, 7).toString('base64'),
      ipRateLimitPerSecond: 0,
      adminRateLimitPerSecond: 0,
      store: 'postgres' as const,
      databaseUrl: connectionString,
      telegramApiUrl: telegram.url,
      outboxTiming: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 80 },
    };
    relays = [await startDesk(options), await startDesk(options)];
  });
  after(async () => {
    for (const relay of relays ?? []) await relay.close();
    await telegram?.close();
    await schemas.dropAll();
  });

  it('stores an update once whichever relay takes it, and sends the replies of either once, in order', async () => {
    const [a, b] = relays;
    const made = await a.call('POST', '/v1/admin/messaging-channels', {
      provider: 'telegram',
      credentials: { token: TOKEN },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const { url, secret } = telegram.webhook(TOKEN)!;
    const deliver = (relay: Desk, update: unknown) =>
      fetch(url.replace(a.httpUrl, relay.httpUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify(update),
      });
    const update = textUpdate(1, 'Hello from Telegram');
    const answers = await Promise.all([deliver(a, update), deliver(b, update), deliver(a, update)]);
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [200, 200, 200],
    );
    assert.equal((await deliver(b, textUpdate(2, 'Order 4411'))).status, 200);
    const listed = (await b.call('GET', '/v1/admin/conversations?limit=10')).body.items as Array<{ id: string }>;
    assert.equal(listed.length, 1);
    const conversationId = listed[0]!.id;
    const stored = await a.store.messagesAfter(conversationId, 0, 100, { includeNotes: true });
    assert.deepEqual(
      stored.map((message) => message.text),
      ['Hello from Telegram', 'Order 4411'],
    );

    const onA = (await TestClient.hello(a.wsUrl, { staffToken: adminToken })).client;
    const onB = (await TestClient.hello(b.wsUrl, { staffToken: adminToken })).client;
    await onA.say('r-1', 'One', { conversationId });
    await onB.say('r-2', 'Two', { conversationId });
    await onA.say('r-3', 'Three', { conversationId });
    onA.close();
    onB.close();
    await telegram.sentCount(3);
    await until(async () => {
      const items = (await a.call('GET', `/v1/admin/conversations/${conversationId}/messaging-deliveries`)).body.items;
      return items.length === 3 && items.every((item: { status: string }) => item.status === 'sent');
    }, 'the three replies sent');
    assert.deepEqual(
      telegram.sent.map((sent) => [sent.method, sent.chatId, sent.text]),
      [
        ['sendMessage', '1111111', 'One'],
        ['sendMessage', '1111111', 'Two'],
        ['sendMessage', '1111111', 'Three'],
      ],
    );
  });
});
