import type { Message } from '@parley/protocol';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningRelay, StartOptions } from '../src/index.js';
import { PDF, png } from './support/attachment-files.js';
import { TestClient } from './support/client.js';
import { adminToken, call, siteKey, startDesk } from './support/desk.js';
import { rawRequest } from './support/http.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

const V3 = 'parley.v3';

/** The real time plus an offset the test moves forward (the relay judges orphaned uploads by it). */
const clock = { offset: 0, now: () => Date.now() + clock.offset };

function start(options: StartOptions = {}): Promise<RunningRelay> {
  return startDesk({ clock: clock.now, ...options });
}

/** A v3 visitor, welcomed: its client, token and conversation. */
async function visitor(relay: RunningRelay, protocol = V3) {
  const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey }, { protocol });
  return { client, welcome, token: welcome.visitorToken!, conversationId: welcome.conversationId! };
}

async function staff(relay: RunningRelay, protocol = V3) {
  return TestClient.hello(relay.wsUrl, { staffToken: adminToken }, { protocol });
}

async function upload(
  relay: RunningRelay,
  token: string,
  body: Uint8Array,
  params: Record<string, string>,
): Promise<{ status: number; json: { id: string } & Record<string, unknown> }> {
  const response = await fetch(`${relay.httpUrl}/v1/attachments?${new URLSearchParams(params)}`, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, json: (await response.json()) as never };
}

/** Every stored message of a conversation, notes included. */
function stored(relay: RunningRelay, conversationId: string): Promise<Message[]> {
  return relay.store.messagesAfter(conversationId, 0, 100, { includeNotes: true });
}

describe('attachments in messages (protocol 3)', () => {
  let relay: RunningRelay;
  before(async () => {
    relay = await start({ allowedOrigins: ['https://shop.example'], webhookAllowPrivate: true });
  });
  after(() => relay.close());

  it('stores a send’s files with the message and delivers them with signed addresses, live, in replays and in history', async () => {
    const inbox = await staff(relay);
    const v = await visitor(relay);
    await v.client.say('m-hello', 'Hello');
    const image = await upload(relay, v.token, await png(120, 80), { clientId: 'm-files', name: 'screen.png' });
    assert.equal(image.status, 201, JSON.stringify(image.json));

    v.client.send({ type: 'send', id: 'm-files', text: '', attachments: [{ id: image.json.id }] });
    const ack = await v.client.next('ack', (frame) => frame.id === 'm-files');
    assert.equal(ack.duplicate, false);

    const live = await inbox.client.next('message', (frame) => frame.message.clientId === 'm-files');
    const [ref] = live.message.attachments!;
    assert.equal(live.message.text, '');
    assert.equal(ref!.id, image.json.id);
    assert.equal(ref!.name, 'screen.png');
    assert.equal(ref!.type, 'image/png');
    assert.deepEqual([ref!.width, ref!.height], [120, 80]);
    assert.equal(ref!.size, image.json.size);
    assert.equal(ref!.sha256, image.json.sha256);
    assert.ok(ref!.url && ref!.thumbnail && ref!.urlsExpireAt! > Date.now());
    // The signed addresses work without a token, as an <img> fetches them.
    const thumbnail = await fetch(ref!.thumbnail.url);
    assert.equal(thumbnail.status, 200);
    assert.equal(thumbnail.headers.get('content-type'), 'image/webp');
    assert.equal((await fetch(ref!.url)).status, 200);

    // The stored row round-trips: the facts, no addresses (a thumbnail keeps its size).
    const [, row] = await stored(relay, v.conversationId);
    assert.deepEqual(row!.attachments, [
      {
        id: image.json.id,
        name: 'screen.png',
        type: 'image/png',
        size: image.json.size,
        sha256: image.json.sha256,
        width: 120,
        height: 80,
        thumbnail: { width: ref!.thumbnail.width, height: ref!.thumbnail.height },
      },
    ]);

    // History and a replay sign again.
    inbox.client.send({ type: 'history', ref: 'h1', conversationId: v.conversationId });
    const page = await inbox.client.next('history', (frame) => frame.ref === 'h1');
    const again = page.messages.find((message) => message.clientId === 'm-files')!.attachments![0]!;
    assert.ok(again.thumbnail?.url.includes('sig='));
    assert.equal((await fetch(again.thumbnail!.url)).status, 200);
    const resumed = await TestClient.hello(
      relay.wsUrl,
      { siteKey, visitorToken: v.token, resume: { [v.conversationId]: 1 } },
      { protocol: V3 },
    );
    const replayed = await resumed.client.next('message', (frame) => frame.message.clientId === 'm-files');
    assert.equal((await fetch(replayed.message.attachments![0]!.url!)).status, 200);

    // A resend answers the original ack.
    v.client.send({ type: 'send', id: 'm-files', text: '', attachments: [{ id: image.json.id }] });
    const duplicate = await v.client.next('ack', (frame) => frame.id === 'm-files' && frame.duplicate);
    assert.equal(duplicate.seq, ack.seq);
    assert.equal((await stored(relay, v.conversationId)).length, 2);
    for (const client of [inbox.client, v.client, resumed.client]) client.close();
  });

  it('carries several files of one message, each uploaded under the message’s id and its index', async () => {
    const v = await visitor(relay);
    const older = await staff(relay, 'parley.v2');
    const first = await upload(relay, v.token, await png(), { clientId: 'm-two', name: 'one.png' });
    const second = await upload(relay, v.token, PDF, { clientId: 'm-two', index: '1', name: 'two.pdf' });
    assert.equal(second.status, 201, JSON.stringify(second.json));
    assert.notEqual(second.json.id, first.json.id);
    // The same client id and index again is the same file.
    const again = await upload(relay, v.token, PDF, { clientId: 'm-two', index: '1', name: 'two.pdf' });
    assert.equal(again.status, 200);
    assert.equal(again.json.id, second.json.id);
    const refused = await upload(relay, v.token, PDF, { clientId: 'm-two', index: '10', name: 'x.pdf' });
    assert.equal(refused.status, 400);

    await v.client.say('m-two', 'Both', { attachments: [{ id: second.json.id }, { id: first.json.id }] });
    const [row] = await stored(relay, v.conversationId);
    assert.deepEqual(
      row!.attachments!.map((file) => file.name),
      ['two.pdf', 'one.png'],
      'in the order the send gave',
    );
    const text = await older.client.next('message', (frame) => frame.message.clientId === 'm-two');
    assert.equal(text.message.text, 'Both\n📎 two.pdf\n📎 one.png');
    for (const client of [v.client, older.client]) client.close();
  });

  it('gives a document no signed address', async () => {
    const v = await visitor(relay);
    const pdf = await upload(relay, v.token, PDF, { clientId: 'm-pdf', name: 'invoice.pdf' });
    assert.equal(pdf.status, 201, JSON.stringify(pdf.json));
    const ack = await v.client.say('m-pdf', 'The invoice', { attachments: [{ id: pdf.json.id }] });
    const inbox = await staff(relay);
    inbox.client.send({ type: 'history', ref: 'h', conversationId: v.conversationId });
    const page = await inbox.client.next('history', (frame) => frame.ref === 'h');
    const message = page.messages.find((m) => m.seq === ack.seq)!;
    assert.equal(message.text, 'The invoice');
    assert.deepEqual(Object.keys(message.attachments![0]!).sort(), ['id', 'name', 'sha256', 'size', 'type']);
    for (const client of [inbox.client, v.client]) client.close();
  });

  it('lists files in the admin API with fresh addresses, and gives webhooks their facts without addresses', async () => {
    const receiver = await WebhookReceiver.start();
    const hook = await call(relay, 'POST', '/v1/admin/webhooks', { url: receiver.url(), events: ['message.created'] });
    assert.equal(hook.status, 201, JSON.stringify(hook.body));
    try {
      const v = await visitor(relay);
      const image = await upload(relay, v.token, await png(), { clientId: 'm-hooked', name: 'hooked.png' });
      await v.client.say('m-hooked', 'Look', { attachments: [{ id: image.json.id }] });

      const delivered = JSON.parse((await receiver.next()).body) as { data: { message: Message } };
      assert.deepEqual(Object.keys(delivered.data.message.attachments![0]!).sort(), [
        'height',
        'id',
        'name',
        'sha256',
        'size',
        'type',
        'width',
      ]);

      const listed = await call(relay, 'GET', `/v1/admin/conversations/${v.conversationId}/messages`);
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      const [message] = listed.body.items as Message[];
      const [ref] = message!.attachments!;
      assert.equal(ref!.name, 'hooked.png');
      assert.equal((await fetch(ref!.thumbnail!.url)).status, 200);
      v.client.close();
    } finally {
      await call(relay, 'DELETE', `/v1/admin/webhooks/${hook.body.id}`);
      await receiver.close();
    }
  });

  it('refuses files that are not this message’s uploads, with nothing stored', async () => {
    const v = await visitor(relay);
    await v.client.say('m-first', 'First');
    const other = await visitor(relay);
    const foreign = await upload(relay, other.token, await png(), { clientId: 'm-x', name: 'a.png' });
    const mine = await upload(relay, v.token, await png(), { clientId: 'm-mine', name: 'b.png' });
    assert.equal(foreign.status, 201);
    assert.equal(mine.status, 201);

    const refusal = async (frame: Record<string, unknown>, code: string, mention?: string): Promise<void> => {
      v.client.send({ type: 'send', text: 'x', ...frame });
      const error = await v.client.next('error', (e) => e.ref === frame.id);
      assert.equal(error.code, code, error.message);
      if (mention) assert.match(error.message, new RegExp(mention));
    };
    await refusal({ id: 'm-x', attachments: [{ id: foreign.json.id }] }, 'not_found', foreign.json.id);
    await refusal({ id: 'm-other', attachments: [{ id: mine.json.id }] }, 'not_found', mine.json.id);
    await refusal({ id: 'm-unknown', attachments: [{ id: 'att_nothing' }] }, 'not_found', 'att_nothing');
    await refusal({ id: 'm-mine', attachments: [{ id: mine.json.id }, { id: mine.json.id }] }, 'bad_frame');
    await refusal(
      { id: 'm-many', attachments: Array.from({ length: 11 }, (_, i) => ({ id: `att_${i}` })) },
      'bad_frame',
    );
    v.client.send({ type: 'send', id: 'm-empty', text: '' });
    assert.equal((await v.client.next('error', (e) => e.ref === 'm-empty')).code, 'bad_frame');

    const messages = await stored(relay, v.conversationId);
    assert.deepEqual(
      messages.map((m) => m.clientId),
      ['m-first'],
    );
    // Nothing was claimed either: the upload is still this message's to send.
    await v.client.say('m-mine', '', { attachments: [{ id: mine.json.id }] });
    for (const client of [v.client, other.client]) client.close();
  });

  it('gives v1 and v2 connections the files as lines of the text, and v3 ones the member', async () => {
    const v1 = await staff(relay, 'parley.v1');
    const v2 = await staff(relay, 'parley.v2');
    const v3 = await staff(relay, V3);
    const v = await visitor(relay);
    const pdf = await upload(relay, v.token, PDF, { clientId: 'm-both', name: 'plan.pdf' });
    const image = await upload(relay, v.token, await png(), { clientId: 'm-only', name: 'map.png' });
    await v.client.say('m-both', 'See this', { attachments: [{ id: pdf.json.id }] });
    await v.client.say('m-only', '', { attachments: [{ id: image.json.id }] });

    for (const inbox of [v1, v2]) {
      const both = await inbox.client.next('message', (frame) => frame.message.clientId === 'm-both');
      const only = await inbox.client.next('message', (frame) => frame.message.clientId === 'm-only');
      assert.equal(both.message.text, 'See this\n📎 plan.pdf');
      assert.equal(only.message.text, '📎 map.png');
      assert.equal(both.message.attachments, undefined);
      assert.equal(only.message.attachments, undefined);
      inbox.client.send({ type: 'history', ref: 'old', conversationId: v.conversationId });
      const page = await inbox.client.next('history', (frame) => frame.ref === 'old');
      assert.deepEqual(
        page.messages.map((m) => [m.text, m.attachments]),
        [
          ['See this\n📎 plan.pdf', undefined],
          ['📎 map.png', undefined],
        ],
      );
    }
    const current = await v3.client.next('message', (frame) => frame.message.clientId === 'm-only');
    assert.equal(current.message.text, '');
    assert.equal(current.message.attachments![0]!.name, 'map.png');

    // A conversation frame's lastMessage previews the files as text, whatever the protocol.
    const patched = await call(relay, 'PATCH', `/v1/admin/conversations/${v.conversationId}`, { status: 'pending' });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    for (const inbox of [v1, v2, v3]) {
      const frame = await inbox.client.next(
        'conversation',
        (f) => f.conversation.id === v.conversationId && f.conversation.status === 'pending',
      );
      assert.equal(frame.conversation.lastMessage?.text, '📎 map.png');
    }

    // An older connection cannot send files.
    const old = await visitor(relay, 'parley.v2');
    old.client.send({ type: 'send', id: 'm-old', text: 'x', attachments: [{ id: 'att_any' }] });
    const error = await old.client.next('error', (e) => e.ref === 'm-old');
    assert.equal(error.code, 'bad_frame');
    assert.match(error.message, /protocol 3/);
    for (const client of [v1.client, v2.client, v3.client, v.client, old.client]) client.close();
  });

  it('tells v3 connections which files the site accepts, as its settings say after a PUT', async () => {
    const before = await visitor(relay);
    assert.ok(before.welcome.attachments);
    assert.ok(before.welcome.attachments.types.includes('application/pdf'));
    const older = await visitor(relay, 'parley.v2');
    assert.equal(older.welcome.attachments, undefined);

    const saved = await call(relay, 'PUT', '/v1/admin/settings/attachments', {
      types: ['png', 'pdf'],
      maxBytes: 1000,
      quotaBytes: null,
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const after = await visitor(relay);
    assert.deepEqual(after.welcome.attachments, { maxBytes: 1000, types: ['image/png', 'application/pdf'] });
    const inbox = await staff(relay);
    assert.deepEqual(inbox.welcome.attachments, after.welcome.attachments);

    await call(relay, 'PUT', '/v1/admin/settings/attachments', { types: [], maxBytes: null, quotaBytes: null });
    const none = await visitor(relay);
    assert.equal(none.welcome.attachments, undefined);
    await call(relay, 'PUT', '/v1/admin/settings/attachments', { types: null, maxBytes: null, quotaBytes: null });
    for (const client of [before.client, older.client, after.client, inbox.client, none.client]) client.close();
  });

  it('answers cross-origin requests from the site’s pages only', async () => {
    const v = await visitor(relay);
    const preflight = await rawRequest(relay.httpUrl, '/v1/attachments?clientId=m&name=a.png', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], 'https://shop.example');
    assert.match(String(preflight.headers['access-control-allow-methods']), /POST/);
    assert.match(String(preflight.headers['access-control-allow-headers']), /authorization/);
    assert.match(String(preflight.headers['access-control-allow-headers']), /content-type/);
    assert.match(String(preflight.headers.vary), /origin/i);

    const body = await png();
    const response = await fetch(`${relay.httpUrl}/v1/attachments?clientId=m-cors&name=a.png`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${v.token}`, origin: 'https://shop.example', 'content-type': 'image/png' },
    });
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.match(response.headers.get('vary') ?? '', /origin/i);
    const { id } = (await response.json()) as { id: string };
    const download = await fetch(`${relay.httpUrl}/v1/attachments/${id}`, {
      headers: { authorization: `Bearer ${v.token}`, origin: 'https://shop.example' },
    });
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.match(download.headers.get('access-control-expose-headers') ?? '', /content-disposition/i);

    // A refusal before the caller is known is readable, so the widget can say why.
    const untokened = await fetch(`${relay.httpUrl}/v1/attachments?clientId=m-none&name=a.png`, {
      method: 'POST',
      body,
      headers: { origin: 'https://shop.example' },
    });
    assert.equal(untokened.status, 401);
    assert.equal(untokened.headers.get('access-control-allow-origin'), 'https://shop.example');

    const elsewhere = await fetch(`${relay.httpUrl}/v1/attachments/${id}/reference`, {
      headers: { authorization: `Bearer ${v.token}`, origin: 'https://evil.example' },
    });
    assert.equal(elsewhere.status, 403);
    assert.equal(elsewhere.headers.get('access-control-allow-origin'), null);
    v.client.close();
  });

  it('deletes uploads no message referenced after the orphan TTL, and keeps referenced ones', async () => {
    const v = await visitor(relay);
    const kept = await upload(relay, v.token, await png(), { clientId: 'm-kept', name: 'kept.png' });
    const orphan = await upload(relay, v.token, await png(), { clientId: 'm-never', name: 'orphan.png' });
    await v.client.say('m-kept', '', { attachments: [{ id: kept.json.id }] });
    const files = join(relay.config.dataDir, 'attachments', 'files', 'default');
    assert.ok(existsSync(join(files, orphan.json.id)));

    assert.equal(await relay.attachments.expireOrphans(), 0, 'nothing is a day old yet');
    clock.offset += 25 * 60 * 60 * 1000;
    try {
      // This upload, and those earlier tests left unreferenced.
      assert.ok((await relay.attachments.expireOrphans()) >= 1);
    } finally {
      clock.offset = 0;
    }
    assert.equal(await relay.attachments.get(orphan.json.id), undefined);
    assert.equal(existsSync(join(files, orphan.json.id)), false, 'its file is deleted');
    assert.equal(existsSync(join(files, `${orphan.json.id}.thumb`)), false, 'and its thumbnail');
    assert.ok(await relay.attachments.get(kept.json.id));
    assert.ok(existsSync(join(files, kept.json.id)));
    // A send that names the expired upload is refused cleanly.
    v.client.send({ type: 'send', id: 'm-never', text: '', attachments: [{ id: orphan.json.id }] });
    assert.equal((await v.client.next('error', (e) => e.ref === 'm-never')).code, 'not_found');
    v.client.close();
  });

  it('refuses cleanly a send whose upload expires between its check and its claim', async () => {
    const v = await visitor(relay);
    const late = await upload(relay, v.token, await png(), { clientId: 'm-late', name: 'late.png' });
    const attachments = relay.attachments;
    const claim = attachments.claim.bind(attachments);
    // The expiry runs right before the claim, as it would on another relay at the worst moment.
    attachments.claim = async (...args) => {
      clock.offset += 25 * 60 * 60 * 1000;
      try {
        await attachments.expireOrphans();
      } finally {
        clock.offset = 0;
      }
      return claim(...args);
    };
    try {
      v.client.send({ type: 'send', id: 'm-late', text: 'late', attachments: [{ id: late.json.id }] });
      const error = await v.client.next('error', (e) => e.ref === 'm-late');
      assert.equal(error.code, 'not_found');
      assert.match(error.message, new RegExp(late.json.id));
    } finally {
      attachments.claim = claim;
    }
    assert.equal(await relay.store.getConversation(v.conversationId), undefined, 'nothing stored');
    v.client.close();
  });
});
