/**
 * A conversation knows the messaging provider it came through (issue #84, ADR 2026-11-30-channel-providers): its
 * kind stays `api`, its `provider` names the provider with its label from the providers' point, in the list, the
 * detail, the inbox's frames, the export; the list, saved views and rules take a provider's id as their channel.
 * Run on SQLite (test/channel-providers.test.ts) and PostgreSQL (test-services/channel-providers-postgres.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeServerFrame } from '@parley/protocol';
import { ConversationChannelList } from '@parley/protocol/admin';
import * as z from 'zod/mini';
import { TestClient } from './client.js';
import type { StartOptions } from '../../src/index.js';
import { adminToken, siteKey, startDesk, type Desk } from './desk.js';
import { TelegramBotApi, textUpdate } from './telegram-bot-api.js';
import { until } from './until.js';
import { WebhookReceiver } from './webhook-receiver.js';

const TOKEN = '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

export function channelProvidersSuite(name: string, options: () => Promise<StartOptions>, done?: () => Promise<void>) {
  describe(`conversations name their messaging provider (${name})`, () => {
    let relay: Desk;
    let telegram: TelegramBotApi;
    let bridge: WebhookReceiver;
    let staff: TestClient;
    let conversationId: string;
    let chatId: string;

    before(async () => {
      telegram = await TelegramBotApi.start();
      telegram.addBot(TOKEN, 'parley_help_bot', 'Parley Help');
      bridge = await WebhookReceiver.start();
      relay = await startDesk({
        webhookAllowPrivate: true,
        ipRateLimitPerSecond: 0,
        adminRateLimitPerSecond: 0,
        telegramApiUrl: telegram.url,
        outboxTiming: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 200 },
        ...(await options()),
      });
      ({ client: staff } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v3' }));
      const made = await relay.call('POST', '/v1/admin/messaging-channels', {
        provider: 'telegram',
        credentials: { token: TOKEN },
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      // A chat beside it, which no provider filter finds.
      const { client: visitor } = await TestClient.hello(relay.wsUrl, { siteKey });
      const ack = await visitor.say('c-1', 'A chat from the page');
      chatId = ack.conversationId;
      visitor.close();
    });
    after(async () => {
      staff?.close();
      await relay?.close();
      await telegram?.close();
      await bridge?.close();
      await done?.();
    });

    it('records the provider on the conversation a message opens: list, detail and the inbox’s frame', async () => {
      assert.equal((await telegram.deliver(TOKEN, textUpdate(10, 'Is my parcel on its way?'))).status, 200);
      const live = await staff.next('message', (frame) => frame.message.text === 'Is my parcel on its way?');
      conversationId = live.message.conversationId;
      const detail = await relay.call('GET', `/v1/admin/conversations/${conversationId}`);
      assert.equal(detail.body.channel, 'api', 'the kind every client knows');
      assert.deepEqual(detail.body.provider, { id: 'telegram', label: 'Telegram' });
      const listed = await relay.call('GET', '/v1/admin/conversations?limit=10');
      const item = listed.body.items.find((c: { id: string }) => c.id === conversationId);
      assert.deepEqual(item.provider, { id: 'telegram', label: 'Telegram' });
      const chat = listed.body.items.find((c: { id: string }) => c.id === chatId);
      assert.equal(chat.provider, undefined);
      assert.equal(chat.channel, undefined);
      // The staff frame carries it, and the inbox's decoder keeps it.
      const frame = staff.frames.find(
        (f) => f.type === 'conversation' && f.conversation.id === conversationId && f.conversation.provider,
      );
      assert.ok(frame, 'a conversation frame with the provider');
      const decoded = decodeServerFrame(JSON.stringify(frame));
      assert.ok(decoded.ok);
      assert.equal(decoded.frame.type, 'conversation');
      if (decoded.frame.type === 'conversation')
        assert.deepEqual(decoded.frame.conversation.provider, { id: 'telegram', label: 'Telegram' });
      // The next message continues it, with the provider kept.
      assert.equal((await telegram.deliver(TOKEN, textUpdate(11, 'Order 4411'))).status, 200);
      await staff.next('message', (frame) => frame.message.text === 'Order 4411');
      const again = await relay.call('GET', `/v1/admin/conversations/${conversationId}`);
      assert.deepEqual(again.body.provider, { id: 'telegram', label: 'Telegram' });
    });

    it('lists the channels to filter by, and filters the list by a provider', async () => {
      const channels = await relay.call('GET', '/v1/admin/conversation-channels');
      assert.equal(channels.status, 200);
      assert.equal(z.safeParse(ConversationChannelList, channels.body).success, true, 'the documented shape');
      const items = channels.body.items as Array<{ id: string; label: string; kind: string }>;
      assert.deepEqual(
        items.slice(0, 3).map((c) => c.id),
        ['chat', 'email', 'api'],
      );
      assert.deepEqual(
        items.find((c) => c.id === 'telegram'),
        { id: 'telegram', label: 'Telegram', kind: 'api' },
      );
      assert.ok(items.some((c) => c.id === 'whatsapp' && c.label === 'WhatsApp'));
      // An agent sees them too: the list's filter is theirs.
      const agent = await relay.agent('Channels agent');
      assert.equal((await relay.call('GET', '/v1/admin/conversation-channels', undefined, agent.token)).status, 200);

      const ids = async (query: string) => {
        const answer = await relay.call('GET', `/v1/admin/conversations?limit=100&${query}`);
        assert.equal(answer.status, 200, `${query}: ${JSON.stringify(answer.body)}`);
        return (answer.body.items as Array<{ id: string }>).map((c) => c.id).sort();
      };
      assert.deepEqual(await ids('channel=telegram'), [conversationId]);
      assert.deepEqual(await ids('channel=chat'), [chatId]);
      assert.deepEqual(await ids('channel=api'), [], 'an API channel’s own, not a provider’s');
      assert.deepEqual(await ids('channel=whatsapp'), []);
      for (const [query, message] of [
        ['channel=pigeon', /Invalid query\.channel: no channel pigeon on this relay \(chat, email, api, .*telegram/],
        ['channel=Tele-gram', /query\.channel/],
      ] as const) {
        const bad = await relay.call('GET', `/v1/admin/conversations?${query}`);
        assert.equal(bad.status, 400, query);
        assert.match(bad.body.error.message, message);
      }
    });

    it('saves a view of a provider’s conversations, and refuses one of a provider the relay lacks', async () => {
      const saved = await relay.call('POST', '/v1/admin/views', { name: 'Telegram', filter: { channel: 'telegram' } });
      assert.equal(saved.status, 201, JSON.stringify(saved.body));
      assert.equal(saved.body.count, 1);
      const shown = await relay.call('GET', `/v1/admin/conversations?savedView=${saved.body.id}`);
      assert.deepEqual(
        shown.body.items.map((c: { id: string }) => c.id),
        [conversationId],
      );
      const before = (await relay.call('GET', '/v1/admin/views')).body.items.length;
      const refused = await relay.call('POST', '/v1/admin/views', { name: 'Pigeons', filter: { channel: 'pigeon' } });
      assert.equal(refused.status, 400);
      assert.match(
        refused.body.error.message,
        /body\.filter\.channel: no channel pigeon on this relay \(chat, email, api,/,
      );
      const patched = await relay.call('PATCH', `/v1/admin/views/${saved.body.id}`, { filter: { channel: 'pigeon' } });
      assert.equal(patched.status, 400);
      assert.match(patched.body.error.message, /body\.filter\.channel/);
      assert.equal((await relay.call('GET', '/v1/admin/views')).body.items.length, before);
      assert.equal((await relay.call('GET', `/v1/admin/views`)).body.items.at(-1).filter.channel, 'telegram');
    });

    it('runs a rule whose condition is the provider, and refuses a rule of a provider the relay lacks', async () => {
      const refused = await relay.call('POST', '/v1/admin/rules', {
        name: 'Pigeons',
        trigger: 'message.visitor',
        conditions: [{ field: 'channel', op: 'is', value: 'pigeon' }],
        actions: [{ type: 'add_labels', labels: ['pigeon'] }],
      });
      assert.equal(refused.status, 400);
      assert.match(refused.body.error.message, /conditions\.0\.value: no channel pigeon/);
      for (const [value, label] of [
        ['telegram', 'via-telegram'],
        ['api', 'via-api'],
      ] as const) {
        const rule = await relay.call('POST', '/v1/admin/rules', {
          name: `On ${value}`,
          trigger: 'message.visitor',
          conditions: [{ field: 'channel', op: 'is', value }],
          actions: [{ type: 'add_labels', labels: [label] }],
        });
        assert.equal(rule.status, 201, JSON.stringify(rule.body));
      }
      assert.equal((await telegram.deliver(TOKEN, textUpdate(12, 'Any news?'))).status, 200);
      await until(async () => {
        const detail = await relay.call('GET', `/v1/admin/conversations/${conversationId}`);
        return detail.body.labels.includes('via-telegram');
      }, 'the provider’s rule applied');
      const detail = await relay.call('GET', `/v1/admin/conversations/${conversationId}`);
      assert.deepEqual(detail.body.labels, ['via-telegram'], 'the API channels’ rule did not match');
    });

    it('marks a reply the provider refused failed, with its reason, and one it took sent', async () => {
      const deliveries = async () => {
        const answer = await relay.call('GET', `/v1/admin/conversations/${conversationId}/deliveries`);
        assert.equal(answer.status, 200);
        return answer.body.items as Array<{ messageId: string; status: string; error: string | null }>;
      };
      // Each wait throws with what it last read, so a timeout on a slow machine names where the reply stood; the
      // replies cross the message log, the outbox and Telegram, so a loaded machine gets longer than the default.
      const settled = async (messageId: string, status: string) => {
        const items = await deliveries();
        if (items.find((d) => d.messageId === messageId)?.status !== status)
          throw new Error(`deliveries: ${JSON.stringify(items)}; Telegram's calls: ${JSON.stringify(telegram.calls)}`);
        return true;
      };
      const sent = await staff.say('r-ok', 'It left the warehouse today.', { conversationId });
      await until(() => settled(sent.messageId, 'sent'), 'the first reply sent', { timeoutMs: 15_000 });
      telegram.failNext('sendMessage', 403, 'Forbidden: bot was blocked by the user');
      const refused = await staff.say('r-blocked', 'Are you there?', { conversationId });
      await until(() => settled(refused.messageId, 'failed'), 'the refused reply marked failed', { timeoutMs: 15_000 });
      const items = await deliveries();
      assert.deepEqual(
        items.map((d) => [d.messageId, d.status, d.error]),
        [
          [sent.messageId, 'sent', null],
          [refused.messageId, 'failed', 'Telegram refused the text: Forbidden: bot was blocked by the user'],
        ],
      );
      // A chat has none; a conversation the caller may not see is 404.
      assert.deepEqual((await relay.call('GET', `/v1/admin/conversations/${chatId}/deliveries`)).body.items, []);
      assert.equal((await relay.call('GET', '/v1/admin/conversations/c_nosuch/deliveries')).status, 404);
    });

    it('marks an API channel’s reply its bridge refused failed the same way', async () => {
      const made = await relay.call('POST', '/v1/admin/api-channels', { name: 'Bridge', webhookUrl: bridge.url('/b') });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const posted = await fetch(`${relay.httpUrl}/v1/channels/api/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${made.body.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ contactId: '+15550001111', messageId: 'SM-1', text: 'From the bridge' }),
      });
      assert.equal(posted.status, 201, await posted.clone().text());
      const apiConversation = ((await posted.json()) as { conversationId: string }).conversationId;
      const detail = await relay.call('GET', `/v1/admin/conversations/${apiConversation}`);
      assert.equal(detail.body.channel, 'api');
      assert.equal(detail.body.provider, undefined, 'an API channel’s own: no provider');
      // The bridge says the endpoint is gone: given up on at once.
      bridge.answer = (_request, response) => response.writeHead(410).end();
      const reply = await staff.say('a-1', 'We are on it.', { conversationId: apiConversation });
      await until(async () => {
        const answer = await relay.call('GET', `/v1/admin/conversations/${apiConversation}/deliveries`);
        return answer.body.items[0]?.status === 'failed';
      }, 'the reply marked failed');
      const answer = await relay.call('GET', `/v1/admin/conversations/${apiConversation}/deliveries`);
      assert.deepEqual(
        answer.body.items.map((d: { messageId: string; status: string; error: string }) => [d.messageId, d.status]),
        [[reply.messageId, 'failed']],
      );
      assert.match(answer.body.items[0].error, /410/);
    });

    it('exports the provider with the conversation', async () => {
      const exported = await relay.call('GET', `/v1/admin/conversations/${conversationId}/export?format=json`);
      assert.equal(exported.status, 200);
      assert.equal(exported.body.conversation.channel, 'api');
      assert.deepEqual(exported.body.conversation.provider, { id: 'telegram', label: 'Telegram' });
    });
  });
}

/** The migrations that name conversations' providers: a database made without them is one from before. */
export const PROVIDER_MIGRATIONS = new Set(['desk.conversation-channel-provider', 'messaging.conversation-providers']);

/**
 * Rows of a database from before: two messaging channels and their conversations, an API channel's (its address no
 * messaging channel's), an email's, and one of a messaging channel removed since. Each `[sql, params]`.
 */
export const seedChannelRows: ReadonlyArray<readonly [string, readonly (string | number)[]]> = [
  ...(
    [
      ['mch_tg', 'telegram'],
      ['mch_wa', 'whatsapp'],
    ] as const
  ).map(
    ([id, provider]) =>
      [
        `INSERT INTO messaging_channels (id, site_id, provider, name, account, credentials_sealed, webhook_secret_sealed, created_at)
         VALUES (?, 'site_1', ?, 'Name', 'account', 'sealed', 'sealed', 1)`,
        [id, provider],
      ] as const,
  ),
  ...(
    [
      ['c_tg', 'api', 'mch_tg'],
      ['c_wa', 'api', 'mch_wa'],
      ['c_api', 'api', 'ach_1'],
      ['c_email', 'email', 'help@example.com'],
      ['c_gone', 'api', 'mch_removed'],
    ] as const
  ).map(
    ([id, channel, address]) =>
      [
        `INSERT INTO conversation_channels (conversation_id, site_id, channel, subject, address, created_at)
         VALUES (?, 'site_1', ?, NULL, ?, 1)`,
        [id, channel, address],
      ] as const,
  ),
];
