/**
 * WhatsApp Business (Meta's Cloud API) as a messaging channel (issue #84, docs/channels.md, "WhatsApp"), against a
 * loopback Graph API speaking Meta's documented shapes, errors and signatures: a number connected and checked, the
 * webhook's subscription handshake, every webhook's X-Hub-Signature-256 checked before anything is read, customers'
 * texts, media (downloaded), locations and button replies live in the inbox, each message once; staff replies sent
 * once, statuses as receipts, rate limits retried; free text refused outside the 24-hour window and an approved
 * template sent instead; one site's number never posting into another site.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import * as z from 'zod/mini';
import { MessagingChannel, MessagingDeliveryList, WhatsAppConversation } from '@parley/protocol/admin';
import { createLogger } from '../src/log.js';
import { PDF, png } from './support/attachment-files.js';
import { TestClient } from './support/client.js';
import { addOtherSite } from './support/other-site.js';
import { adminToken, startDesk, type Desk } from './support/desk.js';
import {
  WhatsAppGraphApi,
  customer,
  inbound,
  sign,
  status,
  webhook,
  type GraphNumber,
} from './support/whatsapp-graph-api.js';

const otherAdmin = 'st_other_admin_whatsapp_0123456789';
const NUMBER: GraphNumber = {
  phoneNumberId: '106540352242922',
  businessAccountId: '102290129340398',
  accessToken: 'EAAGm0PX4ZCpsBAOtestTOKENforTHEloopbackONLY0123456789',
  appSecret: '0123456789abcdef0123456789abcdef',
  displayPhoneNumber: '+1 555-078-3881',
  verifiedName: 'Parley Help',
};
const THEIRS: GraphNumber = {
  phoneNumberId: '206540352242933',
  businessAccountId: '202290129340399',
  accessToken: 'EAAGm0PX4ZCpsBAOtheirTOKENforTHEloopbackONLY987654321',
  appSecret: 'fedcba9876543210fedcba9876543210',
  displayPhoneNumber: '+1 555-078-9999',
  verifiedName: 'Their Shop',
};
const VERIFY = 'a-phrase-of-our-choosing';
const DAY_AND_HOUR = 25 * 60 * 60 * 1000;
const credentials = (n: GraphNumber) => ({
  phoneNumberId: n.phoneNumberId,
  businessAccountId: n.businessAccountId,
  accessToken: n.accessToken,
  appSecret: n.appSecret,
  verifyToken: VERIFY,
});
const TEMPLATE = {
  name: 'order_update',
  language: 'en_US',
  status: 'APPROVED',
  category: 'UTILITY',
  id: '1146345060238745',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Your order' },
    { type: 'BODY', text: 'Hello {{1}}, your order {{2}} has shipped.', example: { body_text: [['Ada', '#1042']] } },
    { type: 'FOOTER', text: 'Parley Shop' },
  ],
};

describe('WhatsApp channels', () => {
  let relay: Desk;
  let graph: WhatsAppGraphApi;
  let staff: TestClient;
  const logLines: string[] = [];
  let channel: z.output<typeof MessagingChannel>;
  let conversationId: string;

  const deliver = (body: unknown, signature?: string | null) =>
    graph.deliver(channel.webhookUrl, NUMBER.appSecret, body, signature);
  const deliveries = async (id = conversationId) =>
    (await relay.call('GET', `/v1/admin/conversations/${id}/messaging-deliveries`)).body.items as Array<{
      messageId: string;
      status: string;
      error: string | null;
    }>;

  before(async () => {
    graph = await WhatsAppGraphApi.start();
    graph.addNumber(NUMBER);
    graph.addNumber(THEIRS);
    graph.setTemplates(NUMBER.businessAccountId, [
      TEMPLATE,
      { ...TEMPLATE, name: 'still_pending', status: 'PENDING' },
      {
        ...TEMPLATE,
        name: 'with_image',
        components: [
          { type: 'HEADER', format: 'IMAGE' },
          { type: 'BODY', text: 'Look' },
        ],
      },
    ]);
    relay = await startDesk({
      ipRateLimitPerSecond: 0,
      adminRateLimitPerSecond: 0,
      whatsappApiUrl: graph.url,
      outboxTiming: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 1000 },
      logger: createLogger('debug', (line) => logLines.push(line)),
    });
    await addOtherSite(relay, 'pk_other_whatsapp_site', otherAdmin);
    ({ client: staff } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v3' }));
  });
  after(async () => {
    staff.close();
    await relay.close();
    await graph.close();
  });

  it('refuses a token WhatsApp refuses, naming why, and fields that are not a number’s', async () => {
    const refused = await relay.call('POST', '/v1/admin/messaging-channels', {
      provider: 'whatsapp',
      credentials: { ...credentials(NUMBER), accessToken: 'EAAGnotAtokenMETAknowsATall0000000000' },
    });
    assert.equal(refused.status, 400);
    assert.match(refused.body.error.message, /token was refused by WhatsApp/);
    const unknownNumber = await relay.call('POST', '/v1/admin/messaging-channels', {
      provider: 'whatsapp',
      credentials: { ...credentials(NUMBER), phoneNumberId: '999999999999' },
    });
    assert.equal(unknownNumber.status, 400);
    assert.match(unknownNumber.body.error.message, /does not know the phone number ID 999999999999/);
    for (const [given, field] of [
      [{ ...credentials(NUMBER), phoneNumberId: '+1 555' }, /body\.credentials\.phoneNumberId/],
      [{ ...credentials(NUMBER), appSecret: 'short' }, /body\.credentials\.appSecret/],
      [{ ...credentials(NUMBER), verifyToken: 'has spaces in it' }, /body\.credentials\.verifyToken/],
      [{ ...credentials(NUMBER), extra: 'x' }, /unknown field extra/],
    ] as const) {
      const answer = await relay.call('POST', '/v1/admin/messaging-channels', {
        provider: 'whatsapp',
        credentials: given,
      });
      assert.equal(answer.status, 400, JSON.stringify(given));
      assert.match(answer.body.error.message, field);
    }
    assert.deepEqual((await relay.call('GET', '/v1/admin/messaging-channels')).body.items, []);
    assert.deepEqual(graph.subscribed, []);
  });

  it('connects a number: checked with the Graph API, the app subscribed, its secrets never shown again', async () => {
    const providers = await relay.call('GET', '/v1/admin/messaging-providers');
    const whatsapp = providers.body.items.find((p: { id: string }) => p.id === 'whatsapp');
    assert.deepEqual(
      whatsapp.fields.map((f: { name: string }) => f.name),
      ['phoneNumberId', 'businessAccountId', 'accessToken', 'appSecret', 'verifyToken'],
    );
    assert.match(whatsapp.setup, /whatsapp_business_messaging/);
    const made = await relay.call('POST', '/v1/admin/messaging-channels', {
      provider: 'whatsapp',
      credentials: credentials(NUMBER),
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(z.safeParse(MessagingChannel, made.body).success, true, 'the documented shape');
    channel = made.body;
    assert.equal(channel.account, '+1 555-078-3881');
    assert.equal(channel.name, 'Parley Help');
    assert.equal(channel.webhookUrl, `${relay.httpUrl}/v1/channels/whatsapp/${channel.id}/webhook`);
    assert.deepEqual(graph.subscribed, [NUMBER.businessAccountId]);
    const listed = await relay.call('GET', '/v1/admin/messaging-channels');
    for (const answer of [made, listed]) {
      const text = JSON.stringify(answer.body);
      for (const secret of [NUMBER.accessToken, NUMBER.appSecret, VERIFY]) assert.ok(!text.includes(secret));
    }
  });

  it('answers Meta’s subscription handshake with the challenge, only for the verify token', async () => {
    const good = await graph.handshake(channel.webhookUrl, VERIFY, '1158201444');
    assert.equal(good.status, 200);
    assert.equal(await good.text(), '1158201444');
    assert.equal((await graph.handshake(channel.webhookUrl, 'another-phrase', '1158201444')).status, 403);
    assert.equal((await graph.handshake(channel.webhookUrl, VERIFY, '1158201444', 'unsubscribe')).status, 403);
    assert.equal((await graph.handshake(channel.webhookUrl, VERIFY, '<script>')).status, 403);
    const elsewhere = channel.webhookUrl.replace(channel.id, 'mch_nosuchchannel');
    assert.equal((await graph.handshake(elsewhere, VERIFY, '1')).status, 404);
  });

  it('refuses a webhook whose signature is missing or wrong before reading it: nothing stored', async () => {
    const body = JSON.stringify(webhook(NUMBER, inbound('wamid.FORGED1', 'text', { text: { body: 'forged' } })));
    for (const signature of [null, '', 'sha256=', sign(THEIRS.appSecret, body), sign(NUMBER.appSecret, `${body} `)])
      assert.equal((await deliver(body, signature)).status, 401, String(signature));
    // Signed, but not a WhatsApp webhook: refused, nothing stored.
    assert.equal((await deliver('{"object":"page","entry":[]}')).status, 400);
    assert.equal((await deliver('not json')).status, 400);
    assert.deepEqual((await relay.call('GET', '/v1/admin/conversations?limit=100')).body.items, []);
  });

  it('files a customer’s text into a conversation live in the inbox, once however often Meta retries it', async () => {
    const hook = webhook(
      NUMBER,
      inbound('wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=', 'text', {
        text: { body: 'Does it come in another color?' },
      }),
    );
    assert.equal((await deliver(hook)).status, 200);
    const live = await staff.next('message', (frame) => frame.message.text === 'Does it come in another color?');
    conversationId = live.message.conversationId;
    assert.equal(live.message.author.role, 'visitor');
    assert.equal(live.message.author.name, 'Sheena Nelson');
    const conversation = await relay.call('GET', `/v1/admin/conversations/${conversationId}`);
    const contact = await relay.call('GET', `/v1/admin/contacts/${conversation.body.visitor.id}`);
    assert.deepEqual(contact.body.reach, [{ channel: 'whatsapp', label: 'Parley Help', handle: '+16505551234' }]);
    assert.equal((await deliver(hook)).status, 200, 'a retry is answered 200');
    // A message of another number of the same business account (one app, one address) is not this channel's.
    const other = { ...NUMBER, phoneNumberId: '106540352249999' };
    assert.equal(
      (await deliver(webhook(other, inbound('wamid.OTHER1', 'text', { text: { body: 'not ours' } })))).status,
      200,
    );
    assert.equal(
      (
        await deliver(
          webhook(
            NUMBER,
            inbound('wamid.BUTTON1', 'interactive', {
              interactive: { type: 'button_reply', button_reply: { id: 'b-yes', title: 'Yes, please' } },
            }),
          ),
        )
      ).status,
      200,
    );
    await staff.next('message', (frame) => frame.message.text === 'Yes, please');
    assert.equal(
      (
        await deliver(
          webhook(
            NUMBER,
            inbound('wamid.LOC1', 'location', {
              location: {
                latitude: 37.483307,
                longitude: 122.148981,
                name: 'Pablo Morales',
                address: '1 Hacker Way, Menlo Park, CA 94025',
              },
            }),
          ),
        )
      ).status,
      200,
    );
    const location = await staff.next('message', (frame) => frame.message.text.startsWith('📍'));
    assert.match(location.message.text, /Pablo Morales, 1 Hacker Way/);
    assert.match(location.message.text, /https:\/\/www\.openstreetmap\.org\/\?mlat=37\.483307&mlon=122\.148981/);
    const stored = await relay.store.messagesAfter(conversationId, 0, 100, { includeNotes: true });
    assert.deepEqual(
      stored.map((m) => m.text.split('\n')[0]),
      [
        'Does it come in another color?',
        'Yes, please',
        '📍 Pablo Morales, 1 Hacker Way, Menlo Park, CA 94025 (37.483307,122.148981)',
      ],
    );
    assert.equal(stored.filter((m) => m.text === 'not ours').length, 0);
  });

  it('downloads a customer’s image and document into the attachments pipeline', async () => {
    const image = await png(320, 240);
    graph.addMedia('1003383421387256', image, 'image/png');
    graph.addMedia('1003383421387257', PDF, 'application/pdf');
    const imageHook = webhook(
      NUMBER,
      inbound('wamid.IMG1', 'image', {
        image: { caption: 'The box was open', mime_type: 'image/png', sha256: 'x', id: '1003383421387256' },
      }),
    );
    assert.equal((await deliver(imageHook)).status, 200);
    const photo = await staff.next('message', (frame) => frame.message.text === 'The box was open');
    assert.equal(photo.message.attachments?.length, 1);
    assert.equal(photo.message.attachments![0]!.type, 'image/png');
    assert.equal(photo.message.attachments![0]!.width, 320);
    assert.equal(
      (
        await deliver(
          webhook(
            NUMBER,
            inbound('wamid.DOC1', 'document', {
              document: { filename: 'invoice.pdf', mime_type: 'application/pdf', sha256: 'y', id: '1003383421387257' },
            }),
          ),
        )
      ).status,
      200,
    );
    const document = await staff.next('message', (frame) => frame.message.attachments?.[0]?.name === 'invoice.pdf');
    assert.equal(document.message.attachments![0]!.type, 'application/pdf');
    // Meta's retry of a message of files only is answered 200 and stored once (nothing downloaded again).
    const mediaCalls = graph.calls.length;
    const again = webhook(
      NUMBER,
      inbound('wamid.DOC1', 'document', {
        document: { filename: 'invoice.pdf', mime_type: 'application/pdf', sha256: 'y', id: '1003383421387257' },
      }),
    );
    assert.equal((await deliver(again)).status, 200);
    assert.equal(graph.calls.length, mediaCalls);
    const files = (await relay.store.messagesAfter(conversationId, 0, 100, { includeNotes: true })).filter(
      (m) => m.attachments?.[0]?.name === 'invoice.pdf',
    );
    assert.equal(files.length, 1);
    // The token went in a header only.
    assert.ok(!graph.urls.some((url) => url.includes(NUMBER.accessToken)));
  });

  it('sends a staff reply once, its text then its file, and tells its statuses as receipts', async () => {
    const sentBefore = graph.sent.length;
    const ack = await staff.say('w-reply-1', 'Yes: blue and green.', { conversationId });
    await graph.sentCount(sentBefore + 1);
    const upload = await fetch(
      `${relay.httpUrl}/v1/attachments?${new URLSearchParams({ clientId: 'w-reply-2', name: 'label.pdf', conversationId, index: '0' })}`,
      { method: 'POST', body: PDF, headers: { authorization: `Bearer ${adminToken}` } },
    );
    const { id } = (await upload.json()) as { id: string };
    await staff.say('w-reply-2', 'The label', { conversationId, attachments: [{ id }] });
    await graph.sentCount(sentBefore + 3);
    const sent = graph.sent.slice(sentBefore);
    assert.deepEqual(
      sent.map((s) => [s.to, s.type]),
      [
        [customer.waId, 'text'],
        [customer.waId, 'text'],
        [customer.waId, 'document'],
      ],
    );
    assert.deepEqual(sent[0]!.body.text, { preview_url: false, body: 'Yes: blue and green.' });
    assert.equal((sent[2]!.body.document as { filename: string }).filename, 'label.pdf');
    assert.deepEqual(graph.uploaded.at(-1)!.bytes, PDF);
    await waitFor(async () => (await deliveries()).filter((d) => d.status === 'sent').length === 2);
    assert.equal(z.safeParse(MessagingDeliveryList, { items: await deliveries() }).success, true);

    // Meta's statuses of the first reply: delivered, then read, as the visitor's own receipts.
    assert.equal((await deliver(webhook(NUMBER, status(sent[0]!.id, 'delivered')))).status, 200);
    const delivered = await staff.next('delivered', (frame) => frame.conversationId === conversationId);
    assert.equal(delivered.by, 'visitor');
    assert.equal(delivered.seq, ack.seq);
    assert.equal((await deliver(webhook(NUMBER, status(sent[0]!.id, 'read')))).status, 200);
    const read = await staff.next('read', (frame) => frame.conversationId === conversationId);
    assert.deepEqual([read.by, read.seq], ['visitor', ack.seq]);
    // A late `delivered` does not move it back; a status of a message not sent here is ignored.
    assert.equal((await deliver(webhook(NUMBER, status(sent[0]!.id, 'delivered')))).status, 200);
    assert.equal((await deliver(webhook(NUMBER, status('wamid.NOTOURS', 'read')))).status, 200);
    const first = (await deliveries()).find((d) => d.messageId === ack.messageId)!;
    assert.equal(first.status, 'read');
    assert.equal(graph.sent.length, sentBefore + 3, 'nothing sent twice');
  });

  it('records a reply WhatsApp did not deliver, with its reason', async () => {
    const sentBefore = graph.sent.length;
    const ack = await staff.say('w-undeliverable', 'Are you there?', { conversationId });
    await graph.sentCount(sentBefore + 1);
    await waitFor(async () => (await deliveries()).some((d) => d.messageId === ack.messageId && d.status === 'sent'));
    const failed = status(graph.sent.at(-1)!.id, 'failed', {
      code: 131026,
      title: 'Message undeliverable',
      details: 'Unable to deliver message.',
    });
    assert.equal((await deliver(webhook(NUMBER, failed))).status, 200);
    const item = (await deliveries()).find((d) => d.messageId === ack.messageId)!;
    assert.equal(item.status, 'failed');
    assert.equal(item.error, 'Message undeliverable: Unable to deliver message. (131026)');
  });

  it('takes one body carrying a reply’s status and a customer’s message both: the status, then the message', async () => {
    const sentBefore = graph.sent.length;
    const ack = await staff.say('w-mixed', 'Shall I book it?', { conversationId });
    await graph.sentCount(sentBefore + 1);
    await waitFor(async () => (await deliveries()).some((d) => d.messageId === ack.messageId && d.status === 'sent'));
    const both = {
      ...inbound('wamid.MIXED1', 'text', { text: { body: 'Yes please, book it' } }),
      ...status(graph.sent.at(-1)!.id, 'delivered'),
    };
    assert.equal((await deliver(webhook(NUMBER, both))).status, 200);
    assert.equal((await deliveries()).find((d) => d.messageId === ack.messageId)!.status, 'delivered');
    const stored = await relay.store.messagesAfter(conversationId, 0, 1000, { includeNotes: true });
    assert.equal(stored.filter((m) => m.text === 'Yes please, book it').length, 1);
  });

  it('retries a reply after a rate limit (130429), and sends it once', async () => {
    const sentBefore = graph.sent.length;
    graph.failNext('messages', 400, 130429, '(#130429) Rate limit hit');
    const callsBefore = graph.calls.length;
    await staff.say('w-rate', 'After the limit', { conversationId });
    await graph.sentCount(sentBefore + 1);
    const attempts = graph.calls.slice(callsBefore).filter((c) => c.what === 'messages');
    assert.equal(attempts.length, 2);
    assert.equal(
      graph.sent.at(-1)!.body.text && (graph.sent.at(-1)!.body.text as { body: string }).body,
      'After the limit',
    );
  });

  it('refuses free text outside the 24-hour window, offers the approved templates, and sends one', async () => {
    const open = await relay.call('GET', `/v1/admin/conversations/${conversationId}/whatsapp`);
    assert.equal(open.status, 200, JSON.stringify(open.body));
    assert.equal(z.safeParse(WhatsAppConversation, open.body).success, true, 'the documented shape');
    assert.equal(open.body.window.open, true);
    assert.deepEqual(
      open.body.templates.map((t: { name: string; variables: string[] }) => [t.name, t.variables]),
      [['order_update', ['1', '2']]],
      'approved ones without media headers only',
    );
    // Another customer, who last wrote 25 hours ago (their message's time set back in the store).
    const late = { waId: '447700900123', name: 'Ada Lovelace' };
    assert.equal(
      (await deliver(webhook(NUMBER, inbound('wamid.LATE1', 'text', { text: { body: 'Hi, yesterday' } }, late))))
        .status,
      200,
    );
    const first = await staff.next('message', (frame) => frame.message.text === 'Hi, yesterday');
    const lateId = first.message.conversationId;
    // A reply within the window, sent; then the window closes (the customer's message set back 25 hours).
    const sentEarly = graph.sent.length;
    const early = await staff.say('w-early', 'Hello Ada, how can I help?', { conversationId: lateId });
    await graph.sentCount(sentEarly + 1);
    const db = new Database(join(relay.dataDir, 'parley.db'));
    try {
      db.prepare('UPDATE messages SET ts = ts - ? WHERE conversation_id = ?').run(DAY_AND_HOUR, lateId);
    } finally {
      db.close();
    }
    const closed = await relay.call('GET', `/v1/admin/conversations/${lateId}/whatsapp`);
    assert.equal(closed.body.window.open, false);
    assert.match(closed.body.window.reason, /24-hour customer service window/);

    const sentBefore = graph.sent.length;
    const storedBefore = (await relay.store.messagesAfter(lateId, 0, 100, { includeNotes: true })).length;
    // A free text is refused before it is stored, from the inbox's socket and from the admin API alike, saying why.
    staff.send({ type: 'send', id: 'w-late', text: 'Still there?', conversationId: lateId });
    const refused = await staff.next('error', (frame) => frame.ref === 'w-late');
    assert.equal(refused.code, 'reply_window_closed');
    assert.match(refused.message ?? '', /24-hour customer service window.*approved template/);
    const viaApi = await relay.call('POST', `/v1/admin/conversations/${lateId}/messages`, {
      id: 'w-late-api',
      text: 'Still there?',
    });
    assert.equal(viaApi.status, 409, JSON.stringify(viaApi.body));
    assert.equal(viaApi.body.error.code, 'reply_window_closed');
    // Files alone are a reply too.
    const upload = await fetch(
      `${relay.httpUrl}/v1/attachments?${new URLSearchParams({ clientId: 'w-late-file', name: 'label.pdf', conversationId: lateId, index: '0' })}`,
      { method: 'POST', body: PDF, headers: { authorization: `Bearer ${adminToken}` } },
    );
    const { id: fileId } = (await upload.json()) as { id: string };
    staff.send({ type: 'send', id: 'w-late-file', text: '', conversationId: lateId, attachments: [{ id: fileId }] });
    assert.equal((await staff.next('error', (frame) => frame.ref === 'w-late-file')).code, 'reply_window_closed');
    // A note stays the team's and goes; a resend of the reply stored within the window is acknowledged as before.
    await staff.say('w-late-note', 'Ada went quiet: a template tomorrow', { conversationId: lateId, note: true });
    const resent = await staff.say('w-early', 'Hello Ada, how can I help?', { conversationId: lateId });
    assert.deepEqual([resent.messageId, resent.seq], [early.messageId, early.seq]);
    const stored = await relay.store.messagesAfter(lateId, 0, 100, { includeNotes: true });
    assert.equal(stored.length, storedBefore + 1, 'the note alone was stored');
    assert.ok(!stored.some((m) => m.text === 'Still there?'));
    assert.deepEqual(
      (await deliveries(lateId)).map((d) => d.messageId),
      [early.messageId],
      'nothing queued for WhatsApp',
    );
    assert.equal(graph.sent.length, sentBefore, 'not sent to WhatsApp');

    const path = `/v1/admin/conversations/${lateId}/whatsapp/template`;
    for (const [body, message] of [
      [{ id: 'w-t0', name: 'still_pending', language: 'en_US', values: [] }, /no approved template still_pending/],
      [{ id: 'w-t0', name: 'order_update', language: 'en_US', values: ['Ada'] }, /2 variable\(s\), 1 given/],
      [{ id: 'w-t0', name: 'order_update', language: 'en_US', values: ['Ada', '#1'], extra: 1 }, /unknown field extra/],
    ] as const) {
      const answer = await relay.call('POST', path, body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.match(answer.body.error.message, message);
    }
    const send = { id: 'w-t1', name: 'order_update', language: 'en_US', values: ['Ada', '#1042'] };
    const template = await relay.call('POST', path, send);
    assert.equal(template.status, 201, JSON.stringify(template.body));
    assert.equal(template.body.message.text, 'Your order\n\nHello Ada, your order #1042 has shipped.\n\nParley Shop');
    await graph.sentCount(sentBefore + 1);
    const sent = graph.sent.at(-1)!;
    assert.deepEqual([sent.to, sent.type], [late.waId, 'template']);
    assert.deepEqual(sent.body.template, {
      name: 'order_update',
      language: { code: 'en_US' },
      components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Ada' },
            { type: 'text', text: '#1042' },
          ],
        },
      ],
    });
    const again = await relay.call('POST', path, send);
    assert.equal(again.status, 200);
    assert.equal(again.body.duplicate, true);
    await waitFor(async () =>
      (await deliveries(lateId)).some((d) => d.messageId === template.body.message.id && d.status === 'sent'),
    );
    assert.equal(graph.sent.length, sentBefore + 1, 'the template sent once');

    // The customer answers: the window opens again, and a free text goes.
    assert.equal(
      (await deliver(webhook(NUMBER, inbound('wamid.LATE2', 'text', { text: { body: 'Thanks!' } }, late)))).status,
      200,
    );
    await staff.next('message', (frame) => frame.message.text === 'Thanks!');
    await staff.say('w-late-again', 'You are welcome.', { conversationId: lateId });
    await graph.sentCount(sentBefore + 2);
    assert.deepEqual(
      [graph.sent.at(-1)!.type, graph.sent.at(-1)!.body.text],
      ['text', { preview_url: false, body: 'You are welcome.' }],
    );
  });

  it('maps WhatsApp’s re-engagement refusal (131047) to the window’s reason', async () => {
    graph.failNext('messages', 400, 131047, 'Re-engagement message');
    const ack = await staff.say('w-reengage', 'One more thing', { conversationId });
    await waitFor(async () => (await deliveries()).some((d) => d.messageId === ack.messageId && d.status === 'failed'));
    const item = (await deliveries()).find((d) => d.messageId === ack.messageId)!;
    assert.match(item.error!, /24-hour customer service window/);
  });

  it('keeps each site’s numbers to itself', async () => {
    const theirs = await relay.call(
      'POST',
      '/v1/admin/messaging-channels',
      { provider: 'whatsapp', credentials: credentials(THEIRS) },
      otherAdmin,
    );
    assert.equal(theirs.status, 201);
    assert.deepEqual(
      (await relay.call('GET', '/v1/admin/messaging-channels')).body.items.map((c: { id: string }) => c.id),
      [channel.id],
    );
    const theirHook = webhook(THEIRS, inbound('wamid.THEIRS1', 'text', { text: { body: 'For the other site' } }));
    assert.equal((await graph.deliver(theirs.body.webhookUrl, THEIRS.appSecret, theirHook)).status, 200);
    // Our number's signature on their address is refused.
    assert.equal((await graph.deliver(theirs.body.webhookUrl, NUMBER.appSecret, theirHook)).status, 401);
    const ours = (await relay.call('GET', '/v1/admin/conversations?limit=100')).body.items as Array<{ id: string }>;
    const texts = await Promise.all(
      ours.map(async (c) => (await relay.store.messagesAfter(c.id, 0, 100, { includeNotes: true })).map((m) => m.text)),
    );
    assert.ok(!texts.flat().includes('For the other site'));
    const theirList = (await relay.call('GET', '/v1/admin/conversations?limit=100', undefined, otherAdmin)).body.items;
    assert.equal(theirList.length, 1);
    // Their conversation's window is not ours to read, nor ours theirs.
    assert.equal((await relay.call('GET', `/v1/admin/conversations/${theirList[0].id}/whatsapp`)).status, 404);
    assert.equal(
      (await relay.call('GET', `/v1/admin/conversations/${conversationId}/whatsapp`, undefined, otherAdmin)).status,
      404,
    );
  });

  it('never writes a token, an app secret or a verify token in a log line', () => {
    assert.ok(logLines.length > 0);
    for (const secret of [NUMBER.accessToken, NUMBER.appSecret, THEIRS.accessToken, THEIRS.appSecret, VERIFY])
      assert.ok(!logLines.some((line) => line.includes(secret)), 'a secret in the log');
  });
});

/** Polls `done` until it holds (a delivery's row is written after the Graph API answered). */
async function waitFor(done: () => Promise<boolean>, timeoutMs = 5000, debug?: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out${debug ? `: ${await debug()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
