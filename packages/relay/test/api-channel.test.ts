import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { Message } from '@parley/protocol';
import { ApiChannelReply } from '@parley/protocol/admin';
import * as z from 'zod/mini';
import { hashToken } from '../src/auth/tokens.js';
import type { LoggedMessage } from '../src/message-log/message-log-queries.js';
import { TestClient } from './support/client.js';
import { addOtherSite } from './support/other-site.js';
import { adminToken, startDesk, type Desk } from './support/desk.js';
import { tempDir } from './support/temp.js';
import { until } from './support/until.js';
import { SmtpCatcher } from './support/smtp-catcher.js';
import { WebhookReceiver, type ReceivedRequest } from './support/webhook-receiver.js';

const otherAdmin = 'st_other_admin_token_0123456789';

interface Posted {
  status: number;
  headers: Headers;
  body: any;
}

async function post(relay: Desk, token: string | undefined, body: unknown, type = 'application/json'): Promise<Posted> {
  const response = await fetch(`${relay.httpUrl}/v1/channels/api/messages`, {
    method: 'POST',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

function messages(relay: Desk, conversationId: string): Promise<Message[]> {
  return relay.store.messagesAfter(conversationId, 0, 100, { includeNotes: true });
}

/** Checks a `Parley-Signature` header as a receiver would (docs/webhooks.md). */
function verified(request: ReceivedRequest, secret: string): boolean {
  const header = String(request.headers['parley-signature'] ?? '');
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${request.body}`).digest('hex');
  return expected === match[2];
}

/** Rows read straight from the desk's database file (read-only, beside the relay). */
function rows<T = Record<string, unknown>>(relay: Desk, query: string, params: unknown[] = []): T[] {
  const db = new Database(join(relay.config.dataDir, 'parley.db'), { readonly: true });
  try {
    return db.prepare(query).all(...params) as T[];
  } finally {
    db.close();
  }
}

const eventOf = (request: ReceivedRequest) => JSON.parse(request.body) as any;

function start(options: Parameters<typeof startDesk>[0] = {}): Promise<Desk> {
  return startDesk({
    ipRateLimitPerSecond: 0,
    adminRateLimitPerSecond: 0,
    webhookAllowPrivate: true,
    outboxTiming: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 80 },
    ...options,
  });
}

describe('API channels', () => {
  let relay: Desk;
  let receiver: WebhookReceiver;
  let staff: TestClient;
  let channel: { id: string; token: string; secret: string };

  before(async () => {
    relay = await start({ apiChannelMessagesPerMinute: 30 });
    await addOtherSite(relay, 'pk_other_site', otherAdmin);
    receiver = await WebhookReceiver.start();
    ({ client: staff } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken }));
  });
  after(async () => {
    staff.close();
    await relay.close();
    await receiver.close();
  });

  it('are made by admins only, show their token and secret once, and belong to one site', async () => {
    const agent = await relay.agent('Ana');
    const body = { name: 'SMS', webhookUrl: receiver.url('/sms') };
    assert.equal((await relay.call('POST', '/v1/admin/api-channels', body, agent.token)).status, 403);
    assert.equal((await relay.call('GET', '/v1/admin/api-channels', undefined, agent.token)).status, 403);
    for (const bad of [
      { name: '', webhookUrl: receiver.url() },
      { name: 'Two\nlines', webhookUrl: receiver.url() },
      { name: 'SMS', webhookUrl: 'ftp://bridge.example.com/x' },
      { name: 'SMS', webhookUrl: 'https://user:pw@bridge.example.com/x' },
      { name: 'SMS', webhookUrl: receiver.url(), token: 'mine' },
      { name: 'SMS' },
    ]) {
      const refused = await relay.call('POST', '/v1/admin/api-channels', bad);
      assert.equal(refused.status, 400, JSON.stringify(bad));
      assert.equal(refused.body.error.code, 'bad_request');
    }
    assert.deepEqual((await relay.call('GET', '/v1/admin/api-channels')).body.items, [], 'nothing was made');
    // Without a channel the message log is not read for replies; the first channel turns it on at once.
    assert.equal(relay.use('api-channels')!.channels.anyKnown, false);

    const made = await relay.call('POST', '/v1/admin/api-channels', body);
    assert.equal(made.status, 201);
    assert.match(made.body.token, /^pac_[A-Za-z0-9_-]{43}$/);
    assert.match(made.body.secret, /^whsec_/);
    assert.equal(made.body.name, 'SMS');
    assert.equal(made.body.webhookUrl, receiver.url('/sms'));
    channel = { id: made.body.id, token: made.body.token, secret: made.body.secret };
    assert.equal(relay.use('api-channels')!.channels.anyKnown, true);

    const listed = await relay.call('GET', '/v1/admin/api-channels');
    assert.equal(listed.status, 200);
    assert.deepEqual(Object.keys(listed.body.items[0]).sort(), [
      'createdAt',
      'id',
      'name',
      'tokenRotatedAt',
      'webhookUrl',
    ]);
    // The token is kept as a hash only: neither it nor the secret is in the database in clear.
    const [row] = rows<Record<string, string>>(relay, 'SELECT * FROM api_channels WHERE id = ?', [channel.id]);
    assert.equal(row!.token_hash, hashToken(channel.token));
    assert.equal(Object.values(row!).includes(channel.token), false);
    assert.equal(JSON.stringify(row).includes(channel.secret), false);

    // Another site's admin sees nothing of it and can change nothing.
    assert.deepEqual((await relay.call('GET', '/v1/admin/api-channels', undefined, otherAdmin)).body.items, []);
    assert.equal(
      (await relay.call('POST', `/v1/admin/api-channels/${channel.id}/token`, undefined, otherAdmin)).status,
      404,
    );
    assert.equal(
      (await relay.call('DELETE', `/v1/admin/api-channels/${channel.id}`, undefined, otherAdmin)).status,
      404,
    );
  });

  it('takes a contact’s message: a conversation of channel api, live in the inbox, stored once per message id', async () => {
    const first = await post(relay, channel.token, {
      contactId: '+15550001111',
      messageId: 'SM-1',
      text: 'Is my order shipped?',
      name: 'Maria Lopez',
      email: 'maria@customer.test.example',
    });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.seq, 1);
    assert.equal(first.body.duplicate, false);
    const { conversationId } = first.body;
    const live = await staff.next('message', (frame) => frame.message.conversationId === conversationId);
    assert.equal(live.message.text, 'Is my order shipped?');
    assert.deepEqual(live.message.author, { role: 'visitor', id: live.message.author.id, name: 'Maria Lopez' });
    const created = await staff.next('conversation', (frame) => frame.conversation.id === conversationId);
    assert.equal(created.conversation.channel, 'api');
    const listed = await relay.call('GET', '/v1/admin/conversations?limit=100');
    assert.equal(listed.body.items.find((item: { id: string }) => item.id === conversationId)?.channel, 'api');
    const contact = (await relay.call('GET', `/v1/admin/contacts?limit=50`)).body.items.find(
      (item: { id: string }) => item.id === live.message.author.id,
    );
    assert.equal(contact?.name, 'Maria Lopez');

    // The bridge retried: the same message, 200, nothing new.
    const again = await post(relay, channel.token, {
      contactId: '+15550001111',
      messageId: 'SM-1',
      text: 'Is my order shipped?',
    });
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, { ...first.body, duplicate: true });

    // The next message of the contact continues the conversation.
    const next = await post(relay, channel.token, { contactId: '+15550001111', messageId: 'SM-2', text: 'Order 4411' });
    assert.equal(next.status, 201);
    assert.equal(next.body.conversationId, conversationId);
    assert.equal(next.body.seq, 2);
    // Another contact: another conversation.
    const other = await post(relay, channel.token, { contactId: '+15550002222', messageId: 'SM-3', text: 'Hi' });
    assert.equal(other.status, 201);
    assert.notEqual(other.body.conversationId, conversationId);
    assert.equal((await messages(relay, conversationId)).length, 2);

    // Once resolved, the contact's next message opens a new conversation; a retry of an old one is still a duplicate.
    assert.equal(
      (await relay.call('PATCH', `/v1/admin/conversations/${conversationId}`, { status: 'resolved' })).status,
      200,
    );
    const reopened = await post(relay, channel.token, {
      contactId: '+15550001111',
      messageId: 'SM-4',
      text: 'Me again',
    });
    assert.equal(reopened.status, 201);
    assert.notEqual(reopened.body.conversationId, conversationId);
    assert.equal(reopened.body.seq, 1);
    const late = await post(relay, channel.token, { contactId: '+15550001111', messageId: 'SM-2', text: 'Order 4411' });
    assert.equal(late.status, 200);
    assert.equal(late.body.conversationId, conversationId);
    assert.equal((await messages(relay, conversationId)).length, 2);
  });

  it('refuses what is not a message with a clear 400, and stores nothing', async () => {
    const before = rows<{ n: number }>(relay, 'SELECT count(*) AS n FROM messages');
    const cases: Array<[unknown, RegExp, string?]> = [
      [{ messageId: 'x', text: 'hi' }, /body\.contactId/],
      [{ contactId: 'c', text: 'hi' }, /body\.messageId/],
      [{ contactId: 'c', messageId: 'x' }, /body\.text/],
      [{ contactId: 'c', messageId: 'x', text: '' }, /body\.text/],
      [{ contactId: 'c', messageId: 'x', text: '   ' }, /body\.text: must say something/],
      [{ contactId: 'c'.repeat(129), messageId: 'x', text: 'hi' }, /body\.contactId/],
      [{ contactId: 'c', messageId: 'x', text: 'hi', email: 'not an email' }, /body\.email/],
      [{ contactId: 'c', messageId: 'x', text: 'hi', extra: 1 }, /unknown field extra/],
      [{ contactId: 'c', messageId: 'x', text: 'x'.repeat(4001) }, /body\.text/],
      ['{not json', /not valid JSON/],
      [{ contactId: 'c', messageId: 'x', text: 'hi' }, /application\/json/, 'text/plain'],
    ];
    for (const [body, message, type] of cases) {
      const refused = await post(relay, channel.token, body, type);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.equal(refused.body.error.code, 'bad_request');
      assert.match(refused.body.error.message, message);
    }
    const big = await post(relay, channel.token, {
      contactId: 'c',
      messageId: 'x',
      text: 'hi',
      name: 'n'.repeat(70_000),
    });
    assert.equal(big.status, 413);
    const after = rows<{ n: number }>(relay, 'SELECT count(*) AS n FROM messages');
    assert.equal(Number(after[0]!.n), Number(before[0]!.n));
  });

  it('answers 401 without a channel’s token (a staff token is not one), and after the token is replaced', async () => {
    const body = { contactId: 'c-401', messageId: 'm-401', text: 'hi' };
    assert.equal((await post(relay, undefined, body)).status, 401);
    assert.equal((await post(relay, 'pac_wrong', body)).status, 401);
    assert.equal((await post(relay, adminToken, body)).status, 401);
    const rotated = await relay.call('POST', `/v1/admin/api-channels/${channel.id}/token`);
    assert.equal(rotated.status, 200);
    assert.notEqual(rotated.body.token, channel.token);
    const refused = await post(relay, channel.token, body);
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error.code, 'unauthorized');
    channel.token = rotated.body.token;
    assert.equal((await post(relay, channel.token, body)).status, 201);
    const listed = await relay.call('GET', '/v1/admin/api-channels');
    assert.equal(typeof listed.body.items[0].tokenRotatedAt, 'number');
  });

  it('keeps each channel to its site: the other site’s inbox never sees its conversations', async () => {
    const made = await relay.call(
      'POST',
      '/v1/admin/api-channels',
      { name: 'Other app', webhookUrl: receiver.url('/other') },
      otherAdmin,
    );
    assert.equal(made.status, 201);
    const stored = await post(relay, made.body.token, {
      contactId: '+15550001111',
      messageId: 'SM-1',
      text: 'Other site',
    });
    assert.equal(stored.status, 201, 'the same external ids in another channel are another contact and message');
    assert.equal(stored.body.duplicate, false);
    const ours = await relay.call('GET', '/v1/admin/conversations?limit=100');
    assert.equal(
      ours.body.items.some((item: { id: string }) => item.id === stored.body.conversationId),
      false,
    );
    const theirs = await relay.call('GET', '/v1/admin/conversations?limit=100', undefined, otherAdmin);
    assert.equal(
      theirs.body.items.find((item: { id: string }) => item.id === stored.body.conversationId)?.channel,
      'api',
    );
  });

  it('limits the messages a channel posts per minute (429 with retry-after), storing nothing over it', async () => {
    const made = await relay.call('POST', '/v1/admin/api-channels', { name: 'Burst', webhookUrl: receiver.url('/b') });
    const answers = [];
    for (let i = 0; i < 31; i++)
      answers.push(await post(relay, made.body.token, { contactId: 'burst', messageId: `b-${i}`, text: `n ${i}` }));
    assert.deepEqual(
      answers.slice(0, 30).map((answer) => answer.status),
      Array.from({ length: 30 }, () => 201),
    );
    assert.equal(answers[30]!.status, 429);
    assert.equal(answers[30]!.body.error.code, 'rate_limited');
    assert.ok(Number(answers[30]!.headers.get('retry-after')) >= 1);
    assert.equal((await messages(relay, answers[0]!.body.conversationId)).length, 30);
  });

  it('sends staff replies to the channel’s webhook, signed, in order; notes and other conversations stay home', async () => {
    receiver.reset();
    const first = await post(relay, channel.token, { contactId: '+15553334444', messageId: 'R-1', text: 'Hello?' });
    const { conversationId } = first.body;
    // A chat conversation's replies are not the channel's.
    const { client: visitor, welcome } = await TestClient.hello(relay.wsUrl, { siteKey: relay.siteKey });
    await visitor.say('v-1', 'from the widget');
    await staff.say('chat-reply', 'chat reply', { conversationId: welcome.conversationId });
    visitor.close();
    await staff.say('r-1', 'First reply', { conversationId });
    await staff.say('n-1', 'internal note', { conversationId, note: true });
    await staff.say('r-2', 'Second reply', { conversationId });
    await staff.say('r-3', 'Third reply', { conversationId });
    const got = [await receiver.next(), await receiver.next(), await receiver.next()];
    assert.deepEqual(
      got.map((request) => eventOf(request).message.text),
      ['First reply', 'Second reply', 'Third reply'],
    );
    for (const request of got) {
      assert.equal(request.path, '/sms');
      assert.ok(verified(request, channel.secret), 'signed with the channel’s secret');
      assert.equal(request.headers['parley-event-type'], 'reply.created');
      assert.equal(request.headers['parley-event-id'], eventOf(request).id);
    }
    const event = eventOf(got[0]!);
    // What the document says is sent (`reply.created` in its webhooks section).
    for (const request of got) assert.equal(z.safeParse(ApiChannelReply, eventOf(request)).success, true);
    assert.equal(event.type, 'reply.created');
    assert.equal(event.channelId, channel.id);
    assert.equal(event.contactId, '+15553334444');
    assert.equal(event.conversationId, conversationId);
    assert.equal(event.message.seq, 2);
    assert.equal(event.message.author.name, 'Admin');
    assert.equal(typeof event.message.id, 'string');
    await relay.use('api-channels')!.consumer.drain();
    await staff.roundTrip();
    assert.equal(receiver.requests.length, 3, 'no note, no chat reply');
  });

  it('retries a failed delivery with backoff, holding the conversation’s later replies until it is through', async () => {
    receiver.reset();
    const first = await post(relay, channel.token, { contactId: '+15556667777', messageId: 'F-1', text: 'Hi' });
    const { conversationId } = first.body;
    let failures = 2;
    receiver.answer = (_request, response) => {
      if (failures-- > 0) response.writeHead(500).end('down');
      else response.writeHead(204).end();
    };
    await staff.say('f-1', 'One', { conversationId });
    await staff.say('f-2', 'Two', { conversationId });
    const texts: string[] = [];
    for (let i = 0; i < 4; i++) texts.push(eventOf(await receiver.next()).message.text);
    assert.deepEqual(texts, ['One', 'One', 'One', 'Two']);
    receiver.answer = (_request, response) => response.writeHead(204).end();
  });

  it('queues a reply once however often the message log hands it over', async () => {
    const feature = relay.use('api-channels')!;
    const first = await post(relay, channel.token, { contactId: '+15558889999', messageId: 'Q-1', text: 'Hi' });
    const reply = await staff.say('q-1', 'Once', { conversationId: first.body.conversationId });
    await until(
      () => rows(relay, 'SELECT 1 FROM api_channel_replies WHERE message_id = ?', [reply.messageId]).length === 1,
      'the reply queued',
    );
    const [message] = (await messages(relay, first.body.conversationId)).filter((m) => m.text === 'Once');
    const batch: LoggedMessage[] = [{ position: { txid: '0', id: 0 }, siteId: 'default', message: message! }];
    const count = () =>
      rows<{ n: number }>(
        relay,
        `SELECT count(*) AS n FROM outbox o JOIN outbox_payload p ON p.seq = o.seq
         WHERE o.kind = 'api-channel.reply' AND p.payload LIKE ?`,
        [`%"id":"${message!.id}"%`],
      )[0]!.n;
    const jobs = count();
    assert.equal(jobs, 1);
    await feature.replies.handle(batch);
    await feature.replies.handle(batch);
    assert.equal(count(), 1);
  });

  it('forgets an erased contact: its external id, messages and queued replies go, and the id starts afresh', async () => {
    const first = await post(relay, channel.token, { contactId: '+15550009999', messageId: 'X-1', text: 'Erase me' });
    const { conversationId } = first.body;
    const contactId = rows<{ contact_id: string }>(
      relay,
      'SELECT contact_id FROM api_channel_contacts WHERE external_id = ?',
      ['+15550009999'],
    )[0]!.contact_id;
    await staff.say('x-r', 'A reply to erase', { conversationId });
    await until(
      () => rows(relay, 'SELECT 1 FROM api_channel_replies WHERE conversation_id = ?', [conversationId]).length === 1,
      'the reply queued',
    );
    assert.equal((await relay.call('DELETE', `/v1/admin/contacts/${contactId}`)).status, 204);
    for (const [table, column, value] of [
      ['api_channel_contacts', 'external_id', '+15550009999'],
      ['api_channel_inbound', 'conversation_id', conversationId],
      ['api_channel_replies', 'conversation_id', conversationId],
      ['outbox', 'conversation_id', conversationId],
      ['messages', 'conversation_id', conversationId],
    ])
      assert.deepEqual(rows(relay, `SELECT 1 FROM ${table} WHERE ${column} = ?`, [value]), [], table);
    // The same message again is a new message of a new conversation: nothing of the erased one is left to match.
    const again = await post(relay, channel.token, {
      contactId: '+15550009999',
      messageId: 'X-1',
      text: 'Hello again',
    });
    assert.equal(again.status, 201);
    assert.equal(again.body.seq, 1);
  });

  it('stops a deleted channel: its token is refused, its replies go nowhere', async () => {
    const made = await relay.call('POST', '/v1/admin/api-channels', {
      name: 'Gone',
      webhookUrl: receiver.url('/gone'),
    });
    const stored = await post(relay, made.body.token, { contactId: 'g', messageId: 'g-1', text: 'hi' });
    assert.equal((await relay.call('DELETE', `/v1/admin/api-channels/${made.body.id}`)).status, 204);
    assert.equal((await relay.call('DELETE', `/v1/admin/api-channels/${made.body.id}`)).status, 404);
    assert.equal((await post(relay, made.body.token, { contactId: 'g', messageId: 'g-2', text: 'hi' })).status, 401);
    receiver.reset();
    await staff.say('g-r', 'Into the void', { conversationId: stored.body.conversationId });
    await relay.use('api-channels')!.consumer.drain();
    // The channel's contacts went with it: nothing is queued for them.
    const jobs = rows(
      relay,
      `SELECT o.status FROM outbox o JOIN outbox_payload p ON p.seq = o.seq
       WHERE o.kind = 'api-channel.reply' AND p.payload LIKE '%Into the void%'`,
    );
    assert.deepEqual(jobs, []);
    await staff.roundTrip();
    assert.equal(receiver.requests.filter((request) => request.path === '/gone').length, 0);
  });
});

describe('API channel replies across a restart', () => {
  it('are each delivered once, in order, by the relay that comes back', async () => {
    const dataDir = tempDir('parley-api-channel-');
    const receiver = await WebhookReceiver.start();
    /** The event ids the receiver accepted (2xx), in order. */
    const accepted: string[] = [];
    let down = false;
    receiver.answer = (request, response) => {
      if (down) return void response.writeHead(503).end();
      accepted.push(eventOf(request).id);
      response.writeHead(204).end();
    };
    let relay = await start({ dataDir });
    try {
      const made = await relay.call('POST', '/v1/admin/api-channels', { name: 'SMS', webhookUrl: receiver.url() });
      const { token } = made.body;
      const first = await post(relay, token, { contactId: '+1555', messageId: 'x-1', text: 'Hello' });
      const { conversationId } = first.body;
      let staff = (await TestClient.hello(relay.wsUrl, { staffToken: adminToken })).client;
      await staff.say('a-1', 'Before the restart', { conversationId });
      assert.equal(eventOf(await receiver.next()).message.text, 'Before the restart');
      // The receiver is down when the next reply is written: the relay stops with it undelivered.
      down = true;
      await staff.say('a-2', 'Pending at the restart', { conversationId });
      assert.equal(eventOf(await receiver.next()).message.text, 'Pending at the restart');
      staff.close();
      await relay.close();

      down = false;
      relay = await start({ dataDir });
      staff = (await TestClient.hello(relay.wsUrl, { staffToken: adminToken })).client;
      await staff.say('a-3', 'After the restart', { conversationId });
      await until(() => accepted.length >= 3, 'three replies accepted');
      staff.close();
      await relay.use('api-channels')!.consumer.drain();
      await until(
        () =>
          rows<{ n: number }>(
            relay,
            "SELECT count(*) AS n FROM outbox WHERE kind = 'api-channel.reply' AND status = 'pending'",
          )[0]!.n === 0,
        'nothing pending',
      );
      const texts = new Map(receiver.requests.map((request) => [eventOf(request).id, eventOf(request).message.text]));
      assert.deepEqual(
        accepted.map((id) => texts.get(id)),
        ['Before the restart', 'Pending at the restart', 'After the restart'],
      );
    } finally {
      await relay.close();
      await receiver.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('API channel replies and email', () => {
  it('are not emailed to a contact whose email the bridge gave: the channel carries them', async () => {
    const catcher = await SmtpCatcher.start();
    const receiver = await WebhookReceiver.start();
    const relay = await start({
      smtpUrl: catcher.url,
      emailFrom: 'Shop support <support@shop.example>',
      emailReplyDelayS: 1,
    });
    try {
      const made = await relay.call('POST', '/v1/admin/api-channels', { name: 'App', webhookUrl: receiver.url() });
      const first = await post(relay, made.body.token, {
        contactId: 'user-42',
        messageId: 'e-1',
        text: 'Hello from the app',
        name: 'Noor',
        email: 'noor@customer.test.example',
      });
      const { conversationId } = first.body;
      const contacts = (await relay.call('GET', '/v1/admin/contacts?limit=10')).body.items;
      assert.equal(contacts.find((item: { name?: string }) => item.name === 'Noor')?.emailMasked?.includes('@'), true);
      const staff = (await TestClient.hello(relay.wsUrl, { staffToken: adminToken })).client;
      await staff.say('e-r', 'Answered in the app', { conversationId });
      staff.close();
      assert.equal(eventOf(await receiver.next()).message.text, 'Answered in the app');
      const settled = await until(
        async () => {
          const { items } = (await relay.call('GET', '/v1/admin/outbox?kind=email.reply')).body;
          return items.length === 1 && items[0].status !== 'pending' ? items[0] : undefined;
        },
        'the reply email job settled',
        { timeoutMs: 8000 },
      );
      assert.equal(settled.status, 'skipped');
      assert.match(String(settled.detail), /API channel/);
      assert.deepEqual(catcher.emails, []);
    } finally {
      await relay.close();
      await receiver.close();
      await catcher.stop();
    }
  });
});

describe('API channels made by another relay', () => {
  it('are seen within a second, so their replies are read from the message log', async () => {
    const relay = await start();
    try {
      const feature = relay.use('api-channels')!;
      assert.equal(feature.channels.anyKnown, false);
      // As another relay on the same database would: a row written beside this relay.
      const db = new Database(join(relay.config.dataDir, 'parley.db'));
      try {
        db.prepare(
          `INSERT INTO api_channels (id, site_id, name, webhook_url, token_hash, secret_sealed, created_at)
           VALUES ('ach_elsewhere', 'default', 'Elsewhere', 'https://bridge.example.com/x', 'h', 's', 1)`,
        ).run();
      } finally {
        db.close();
      }
      await until(() => feature.channels.anyKnown, 'the channel seen', { timeoutMs: 3000 });
    } finally {
      await relay.close();
    }
  });
});
