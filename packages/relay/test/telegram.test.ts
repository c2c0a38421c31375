/**
 * Telegram as a messaging channel (issue #84, docs/channels.md): a bot connected by its token, against a loopback
 * Bot API server speaking Telegram's protocol; customers' texts, photos and documents live in the inbox, each
 * update once; a webhook without the bot's secret refused before anything is read; staff replies sent once, in
 * parts, with flood control's wait honoured and a refusal recorded with Telegram's reason; one site's bot never
 * posting into another site.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as z from 'zod/mini';
import { MessagingChannel, MessagingDeliveryList } from '@parley/protocol/admin';
import { createLogger } from '../src/log.js';
import { PDF, png } from './support/attachment-files.js';
import { TestClient } from './support/client.js';
import { addOtherSite } from './support/other-site.js';
import { adminToken, startDesk, type Desk } from './support/desk.js';
import { TelegramBotApi, documentUpdate, photoUpdate, replyUpdate, textUpdate } from './support/telegram-bot-api.js';

const otherAdmin = 'st_other_admin_telegram_0123456789';
const TOKEN = '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const OTHER_TOKEN = '220302654:BBIerUdwDI2wHXKygTfpgTBt1L6QBMEtbx';
const FOREIGN_TOKEN = '330403765:CCJfsVexEJ3xIYLzhUgqhUCu2M7RCNFucy';

describe('Telegram channels', () => {
  let relay: Desk;
  let telegram: TelegramBotApi;
  let staff: TestClient;
  const logLines: string[] = [];
  let channel: z.output<typeof MessagingChannel>;

  before(async () => {
    telegram = await TelegramBotApi.start();
    telegram.addBot(TOKEN, 'parley_help_bot', 'Parley Help');
    telegram.addBot(OTHER_TOKEN, 'parley_sales_bot', 'Parley Sales');
    telegram.addBot(FOREIGN_TOKEN, 'their_bot', 'Theirs');
    relay = await startDesk({
      ipRateLimitPerSecond: 0,
      adminRateLimitPerSecond: 0,
      telegramApiUrl: telegram.url,
      // Backoff short, but long enough for flood control's wait (the worker keeps a wait under its longest delay).
      outboxTiming: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 2000 },
      logger: createLogger('debug', (line) => logLines.push(line)),
    });
    await addOtherSite(relay, 'pk_other_telegram_site', otherAdmin);
    ({ client: staff } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v3' }));
  });
  after(async () => {
    staff.close();
    await relay.close();
    await telegram.close();
  });

  it('refuses a token Telegram refuses, naming why, and stores nothing', async () => {
    const refused = await relay.call('POST', '/v1/admin/messaging-channels', {
      provider: 'telegram',
      credentials: { token: '999999:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    });
    assert.equal(refused.status, 400);
    assert.match(refused.body.error.message, /token was refused by Telegram/);
    for (const [body, field] of [
      [{ provider: 'telegram', credentials: { token: 'not a token' } }, /body\.credentials\.token/],
      [{ provider: 'telegram', credentials: { token: TOKEN, extra: 'x' } }, /unknown field extra/],
      [{ provider: 'carrier-pigeon', credentials: {} }, /body\.provider/],
      [{ provider: 'telegram', credentials: { token: TOKEN }, other: 1 }, /unknown field other/],
    ] as const) {
      const answer = await relay.call('POST', '/v1/admin/messaging-channels', body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.match(answer.body.error.message, field);
    }
    assert.deepEqual((await relay.call('GET', '/v1/admin/messaging-channels')).body.items, []);
    assert.equal(telegram.webhook(TOKEN), undefined);
  });

  it('connects a bot: checked with getMe, its webhook set with a secret, its token never shown again', async () => {
    const providers = await relay.call('GET', '/v1/admin/messaging-providers');
    assert.equal(providers.status, 200);
    assert.deepEqual(
      providers.body.items
        .filter((p: { id: string }) => p.id === 'telegram')
        .map((p: { id: string; fields: Array<{ name: string }> }) => [p.id, p.fields.map((f) => f.name)]),
      [['telegram', ['token']]],
    );
    const made = await relay.call('POST', '/v1/admin/messaging-channels', {
      provider: 'telegram',
      credentials: { token: TOKEN },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(z.safeParse(MessagingChannel, made.body).success, true, 'the documented shape');
    channel = made.body;
    assert.equal(channel.account, '@parley_help_bot');
    assert.equal(channel.name, 'Parley Help');
    assert.equal(channel.webhookUrl, `${relay.httpUrl}/v1/channels/telegram/${channel.id}/webhook`);
    const hook = telegram.webhook(TOKEN)!;
    assert.equal(hook.url, channel.webhookUrl);
    assert.match(hook.secret, /^[A-Za-z0-9_-]{32,256}$/, 'a secret Telegram takes');
    assert.deepEqual(hook.allowed, ['message']);
    const listed = await relay.call('GET', '/v1/admin/messaging-channels');
    assert.deepEqual(listed.body.items, [channel]);
    // The same bot again (here or on another site) would take its webhook from the first channel: refused.
    for (const token of [adminToken, otherAdmin]) {
      const again = await relay.call(
        'POST',
        '/v1/admin/messaging-channels',
        { provider: 'telegram', credentials: { token: TOKEN } },
        token,
      );
      assert.equal(again.status, 400);
      assert.match(again.body.error.message, /@parley_help_bot is connected already/);
    }
    assert.equal(telegram.webhook(TOKEN)!.url, channel.webhookUrl);
    for (const answer of [made, listed]) assert.ok(!JSON.stringify(answer.body).includes(TOKEN.split(':')[1]!));
  });

  it('files a customer’s text into a conversation live in the inbox, their handle in the visitor panel', async () => {
    const delivered = await telegram.deliver(TOKEN, textUpdate(500, 'Hello, where is my order?'));
    assert.equal(delivered.status, 200);
    const live = await staff.next('message', (frame) => frame.message.text === 'Hello, where is my order?');
    assert.equal(live.message.author.role, 'visitor');
    assert.equal(live.message.author.name, 'Test Firstname Test Lastname');
    const conversation = await relay.call('GET', `/v1/admin/conversations/${live.message.conversationId}`);
    const contact = await relay.call('GET', `/v1/admin/contacts/${conversation.body.visitor.id}`);
    assert.deepEqual(contact.body.reach, [{ channel: 'telegram', label: 'Parley Help', handle: '@Testusername' }]);
    const exported = await relay.call('GET', `/v1/admin/contacts/${conversation.body.visitor.id}/export`);
    assert.deepEqual(
      exported.body.features.messaging.reach.map((line: Record<string, unknown>) => [
        line.provider,
        line.id,
        line.handle,
      ]),
      [['telegram', '1111111', '@Testusername']],
    );

    // The same update again (Telegram retries until it has a 2xx) is stored once; the next continues the conversation.
    assert.equal((await telegram.deliver(TOKEN, textUpdate(500, 'Hello, where is my order?'))).status, 200);
    assert.equal((await telegram.deliver(TOKEN, replyUpdate(501, 'This one', 'Your order has shipped'))).status, 200);
    const next = await staff.next('message', (frame) => frame.message.text.endsWith('This one'));
    assert.equal(next.message.conversationId, live.message.conversationId);
    assert.equal(next.message.text, '> Your order has shipped\n\nThis one');
    const stored = await relay.store.messagesAfter(live.message.conversationId, 0, 100, { includeNotes: true });
    assert.deepEqual(
      stored.map((m) => m.text),
      ['Hello, where is my order?', '> Your order has shipped\n\nThis one'],
    );
  });

  it('refuses an update without the bot’s secret before reading it: nothing stored', async () => {
    const before = (await relay.call('GET', '/v1/admin/conversations?limit=100')).body.items.length;
    for (const secret of [null, '', 'wrong-secret', telegram.webhook(OTHER_TOKEN)?.secret ?? 'x'])
      assert.equal((await telegram.deliver(TOKEN, textUpdate(600, 'forged'), secret)).status, 401, String(secret));
    // Another bot's channel id with this bot's secret, an unknown channel: not found.
    const hook = telegram.webhook(TOKEN)!;
    const elsewhere = await fetch(hook.url.replace(channel.id, 'mch_nosuchchannel'), {
      method: 'POST',
      headers: { 'x-telegram-bot-api-secret-token': hook.secret },
      body: JSON.stringify(textUpdate(601, 'forged')),
    });
    assert.equal(elsewhere.status, 404);
    // Telegram checks no address with a GET: none is answered.
    assert.equal((await fetch(hook.url)).status, 405);
    // Verified, but not an update: refused, nothing stored.
    assert.equal((await telegram.deliver(TOKEN, '{"message":{}}')).status, 400);
    assert.equal((await telegram.deliver(TOKEN, 'not json')).status, 400);
    assert.equal((await relay.call('GET', '/v1/admin/conversations?limit=100')).body.items.length, before);
  });

  it('stores a photo (its largest size) and a document through the attachments pipeline', async () => {
    const image = await png(320, 240);
    telegram.addFile('PHOTO-1', 'photos/file_1.png', image);
    telegram.addFile('DOC-1', 'documents/file_2.pdf', PDF);
    assert.equal((await telegram.deliver(TOKEN, photoUpdate(700, 'PHOTO-1', 'The box was open'))).status, 200);
    const photo = await staff.next('message', (frame) => frame.message.text === 'The box was open');
    assert.equal(photo.message.attachments?.length, 1);
    assert.equal(photo.message.attachments![0]!.type, 'image/png');
    assert.equal(photo.message.attachments![0]!.width, 320, 'the largest size, not a thumbnail');
    assert.equal(
      (await telegram.deliver(TOKEN, documentUpdate(701, 'DOC-1', 'invoice.pdf', 'application/pdf'))).status,
      200,
    );
    const document = await staff.next('message', (frame) => frame.message.attachments?.[0]?.name === 'invoice.pdf');
    assert.equal(document.message.attachments![0]!.type, 'application/pdf');
    assert.equal(document.message.text, '');
    // A file Telegram no longer has: the message is stored, the file named as not kept.
    assert.equal(
      (await telegram.deliver(TOKEN, documentUpdate(702, 'GONE', 'lost.pdf', 'application/pdf'))).status,
      200,
    );
    await staff.next('message', (frame) => frame.message.text === '[Files not kept: lost.pdf]');
  });

  it('sends a staff reply once, its text then its file, and nothing for a note', async () => {
    const live = await staff.next('message', (frame) => frame.message.text === 'Hello, where is my order?');
    const conversationId = live.message.conversationId;
    const sentBefore = telegram.sent.length;
    await staff.say('t-note', 'internal only', { conversationId, note: true });
    await staff.say('t-reply-1', 'It ships today', { conversationId });
    await telegram.sentCount(sentBefore + 1);
    const upload = await fetch(
      `${relay.httpUrl}/v1/attachments?${new URLSearchParams({ clientId: 't-reply-2', name: 'label.pdf', conversationId, index: '0' })}`,
      { method: 'POST', body: PDF, headers: { authorization: `Bearer ${adminToken}` } },
    );
    const { id } = (await upload.json()) as { id: string };
    await staff.say('t-reply-2', 'The label', { conversationId, attachments: [{ id }] });
    await telegram.sentCount(sentBefore + 3);
    const sent = telegram.sent.slice(sentBefore);
    assert.deepEqual(
      sent.map((s) => [s.method, s.chatId, s.text ?? s.file?.name]),
      [
        ['sendMessage', '1111111', 'It ships today'],
        ['sendMessage', '1111111', 'The label'],
        ['sendDocument', '1111111', 'label.pdf'],
      ],
    );
    assert.deepEqual(sent[2]!.file!.bytes, PDF);
    const deliveries = await relay.call('GET', `/v1/admin/conversations/${conversationId}/messaging-deliveries`);
    assert.equal(z.safeParse(MessagingDeliveryList, deliveries.body).success, true, 'the documented shape');
    await waitFor(async () => {
      const items = (await relay.call('GET', `/v1/admin/conversations/${conversationId}/messaging-deliveries`)).body
        .items;
      return items.length === 2 && items.every((item: { status: string }) => item.status === 'sent');
    });
    assert.equal(telegram.sent.length, sentBefore + 3, 'nothing sent twice');
  });

  it('waits as long as flood control asks (429 retry_after), then sends once', async () => {
    const live = await staff.next('message', (frame) => frame.message.text === 'Hello, where is my order?');
    const sentBefore = telegram.sent.length;
    telegram.failNext('sendMessage', 429, 'Too Many Requests: retry after 1', 1);
    const callsBefore = telegram.calls.length;
    await staff.say('t-flood', 'After the flood', { conversationId: live.message.conversationId });
    await telegram.sentCount(sentBefore + 1);
    const attempts = telegram.calls.slice(callsBefore).filter((call) => call.method === 'sendMessage');
    assert.equal(attempts.length, 2);
    assert.ok(attempts[1]!.at - attempts[0]!.at >= 900, `retried after ${attempts[1]!.at - attempts[0]!.at} ms`);
    assert.equal(telegram.sent.at(-1)!.text, 'After the flood');
  });

  it('records a reply Telegram refuses for good, with its reason, and does not retry it', async () => {
    const live = await staff.next('message', (frame) => frame.message.text === 'Hello, where is my order?');
    const { conversationId } = live.message;
    telegram.failNext('sendMessage', 403, 'Forbidden: bot was blocked by the user');
    const ack = await staff.say('t-blocked', 'Are you there?', { conversationId });
    await waitFor(async () => {
      const items = (await relay.call('GET', `/v1/admin/conversations/${conversationId}/messaging-deliveries`)).body
        .items;
      return items.some(
        (item: { messageId: string; status: string }) => item.messageId === ack.messageId && item.status === 'failed',
      );
    });
    const items = (await relay.call('GET', `/v1/admin/conversations/${conversationId}/messaging-deliveries`)).body
      .items;
    const failed = items.find((item: { messageId: string }) => item.messageId === ack.messageId);
    assert.equal(failed.error, 'Telegram refused the text: Forbidden: bot was blocked by the user');
    assert.ok(!telegram.sent.some((s) => s.text === 'Are you there?'));
  });

  it('keeps each site’s bots to itself', async () => {
    const theirs = await relay.call(
      'POST',
      '/v1/admin/messaging-channels',
      { provider: 'telegram', credentials: { token: FOREIGN_TOKEN } },
      otherAdmin,
    );
    assert.equal(theirs.status, 201);
    assert.deepEqual(
      (await relay.call('GET', '/v1/admin/messaging-channels')).body.items.map((c: { id: string }) => c.id),
      [channel.id],
    );
    assert.equal(
      (await relay.call('DELETE', `/v1/admin/messaging-channels/${channel.id}`, undefined, otherAdmin)).status,
      404,
    );
    // Their customer's message lands in their site only.
    assert.equal((await telegram.deliver(FOREIGN_TOKEN, textUpdate(800, 'For the other site'))).status, 200);
    const ours = (await relay.call('GET', '/v1/admin/conversations?limit=100')).body.items;
    const theirList = (await relay.call('GET', '/v1/admin/conversations?limit=100', undefined, otherAdmin)).body.items;
    const mine = await Promise.all(
      ours.map(async (c: { id: string }) =>
        (await relay.store.messagesAfter(c.id, 0, 100, { includeNotes: true })).map((m) => m.text),
      ),
    );
    assert.ok(!mine.flat().includes('For the other site'));
    assert.equal(theirList.length, 1);
    // Our secret on their channel's address is refused.
    const theirHook = telegram.webhook(FOREIGN_TOKEN)!;
    const crossed = await fetch(theirHook.url, {
      method: 'POST',
      headers: { 'x-telegram-bot-api-secret-token': telegram.webhook(TOKEN)!.secret },
      body: JSON.stringify(textUpdate(801, 'crossed')),
    });
    assert.equal(crossed.status, 401);
  });

  it('removes a channel: its webhook deleted at Telegram, its address answers 404', async () => {
    const hook = telegram.webhook(TOKEN)!;
    assert.equal((await relay.call('DELETE', `/v1/admin/messaging-channels/${channel.id}`)).status, 204);
    assert.equal(telegram.webhook(TOKEN), undefined);
    const gone = await fetch(hook.url, {
      method: 'POST',
      headers: { 'x-telegram-bot-api-secret-token': hook.secret },
      body: JSON.stringify(textUpdate(900, 'late')),
    });
    assert.equal(gone.status, 404);
    assert.equal((await relay.call('DELETE', `/v1/admin/messaging-channels/${channel.id}`)).status, 404);
  });

  it('never writes a bot’s token in a log line', () => {
    assert.ok(logLines.length > 0);
    for (const token of [TOKEN, OTHER_TOKEN, FOREIGN_TOKEN])
      assert.ok(!logLines.some((line) => line.includes(token.split(':')[1]!)), 'a token in the log');
  });
});

/** Polls `done` until it holds (a delivery's row is written after the Bot API answered). */
async function waitFor(done: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
