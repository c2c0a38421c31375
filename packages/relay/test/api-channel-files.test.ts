/**
 * Staff replies' files reach an API channel's bridge (issue #81, docs/api-channel.md, "Files"): the reply's event
 * lists each file with an address that holds no secret, which the bridge downloads with its channel's token until
 * the attempt's expiry, and which no other caller can use.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ApiChannelReply } from '@parley/protocol/admin';
import * as z from 'zod/mini';
import { FILE_DOWNLOAD_TTL_MS } from '../src/api-channels/api-channel-replies.js';
import { PDF, png } from './support/attachment-files.js';
import { TestClient } from './support/client.js';
import { addOtherSite } from './support/other-site.js';
import { adminToken, startDesk, type Desk } from './support/desk.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

const otherAdmin = 'st_other_admin_files_0123456789';

/** The real time plus an offset the test moves forward (downloads expire by it). */
const clock = { offset: 0, now: () => Date.now() + clock.offset };

async function post(relay: Desk, token: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${relay.httpUrl}/v1/channels/api/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

async function upload(
  relay: Desk,
  conversationId: string,
  clientId: string,
  name: string,
  body: Uint8Array,
  index = 0,
) {
  const response = await fetch(
    `${relay.httpUrl}/v1/attachments?${new URLSearchParams({ clientId, name, conversationId, index: String(index) })}`,
    { method: 'POST', body, headers: { authorization: `Bearer ${adminToken}` } },
  );
  const json = (await response.json()) as { id: string };
  assert.equal(response.status, 201, JSON.stringify(json));
  return json.id;
}

function download(url: string, token?: string): Promise<Response> {
  return fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

const sha256 = (bytes: ArrayBuffer) => createHash('sha256').update(Buffer.from(bytes)).digest('hex');

describe('API channel replies with files', () => {
  let relay: Desk;
  let receiver: WebhookReceiver;
  let staff: TestClient;
  let channel: { id: string; token: string };
  let sibling: { id: string; token: string };
  let foreign: { id: string; token: string };

  before(async () => {
    relay = await startDesk({
      clock: clock.now,
      ipRateLimitPerSecond: 0,
      adminRateLimitPerSecond: 0,
      webhookAllowPrivate: true,
      outboxTiming: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 80 },
    });
    await addOtherSite(relay, 'pk_other_files_site', otherAdmin);
    receiver = await WebhookReceiver.start();
    const make = async (name: string, token = adminToken) => {
      const made = await relay.call('POST', '/v1/admin/api-channels', { name, webhookUrl: receiver.url() }, token);
      assert.equal(made.status, 201, JSON.stringify(made.body));
      return { id: made.body.id as string, token: made.body.token as string };
    };
    channel = await make('SMS');
    sibling = await make('WhatsApp');
    foreign = await make('Their SMS', otherAdmin);
    ({ client: staff } = await TestClient.hello(relay.wsUrl, { staffToken: adminToken }, { protocol: 'parley.v3' }));
  });
  after(async () => {
    staff.close();
    await relay.close();
    await receiver.close();
  });

  it('sends a reply’s files with addresses the channel’s token alone opens, until they expire', async () => {
    const first = await post(relay, channel.token, { contactId: '+15550001111', messageId: 'F-1', text: 'Invoice?' });
    assert.equal(first.status, 201);
    const { conversationId } = first.body;
    const pdf = await upload(relay, conversationId, 'r-files', 'invoice.pdf', PDF);
    const image = await upload(relay, conversationId, 'r-files', 'photo.png', await png(), 1);
    await staff.say('r-files', 'Here it is', { conversationId, attachments: [{ id: pdf }, { id: image }] });

    const request = await receiver.next();
    const event = JSON.parse(request.body);
    assert.equal(z.safeParse(ApiChannelReply, event).success, true, 'the documented shape');
    assert.equal(event.message.text, 'Here it is');
    const files = event.message.attachments as Array<Record<string, any>>;
    assert.deepEqual(
      files.map((file) => [file.id, file.name, file.type]),
      [
        [pdf, 'invoice.pdf', 'application/pdf'],
        [image, 'photo.png', 'image/png'],
      ],
    );
    const [file] = files;
    assert.equal(file!.url, `${relay.httpUrl}/v1/channels/api/files/${pdf}`, 'no secret, no query in the address');
    assert.ok(Math.abs(file!.expiresAt - (clock.now() + FILE_DOWNLOAD_TTL_MS)) < 60_000);

    // The channel's bridge downloads it with its token: the bytes announced, as a download.
    const got = await download(file!.url, channel.token);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-type'), 'application/pdf');
    assert.match(got.headers.get('content-disposition') ?? '', /^attachment; filename="invoice.pdf"/);
    assert.equal(got.headers.get('cache-control'), 'private, no-store');
    const bytes = await got.arrayBuffer();
    assert.equal(sha256(bytes), file!.sha256);
    assert.equal(bytes.byteLength, file!.size);

    // Nobody else: no token, a staff token, another channel of the site, another site's channel.
    assert.equal((await download(file!.url)).status, 401);
    assert.equal((await download(file!.url, adminToken)).status, 401);
    for (const other of [sibling, foreign]) {
      const refused = await download(file!.url, other.token);
      assert.equal(refused.status, 404);
      assert.equal(((await refused.json()) as any).error.code, 'not_found');
    }
    // A file of the site that no reply sent to the channel (an upload not sent) is not the channel's either.
    const unsent = await upload(relay, conversationId, 'r-unsent', 'draft.pdf', PDF);
    assert.equal((await download(`${relay.httpUrl}/v1/channels/api/files/${unsent}`, channel.token)).status, 404);
    assert.equal((await download(`${relay.httpUrl}/v1/channels/api/files/not-an-id`, channel.token)).status, 404);

    // A day after the attempt the address no longer works.
    clock.offset += FILE_DOWNLOAD_TTL_MS + 1000;
    try {
      const expired = await download(file!.url, channel.token);
      assert.equal(expired.status, 404);
    } finally {
      clock.offset = 0;
    }
  });

  it('sends a reply of files alone (its text empty), and renews the downloads on each attempt', async () => {
    receiver.reset();
    receiver.answer = (_request, response) => response.writeHead(503).end('down');
    const first = await post(relay, channel.token, { contactId: '+15550002222', messageId: 'F-2', text: 'Photo?' });
    const { conversationId } = first.body;
    const image = await upload(relay, conversationId, 'r-only', 'only.png', await png());
    await staff.say('r-only', '', { conversationId, attachments: [{ id: image }] });
    const failed = JSON.parse((await receiver.next()).body);
    assert.equal(failed.message.text, '');
    const firstExpiry = failed.message.attachments[0].expiresAt as number;
    receiver.answer = (_request, response) => response.writeHead(204).end();
    clock.offset += 60_000;
    try {
      const retried = JSON.parse((await receiver.next()).body);
      assert.equal(retried.id, failed.id, 'the same event');
      assert.ok(retried.message.attachments[0].expiresAt >= firstExpiry + 60_000, 'renewed by the retry');
      // Past the first attempt's expiry, the retry's still works.
      clock.offset += FILE_DOWNLOAD_TTL_MS - 30_000;
      assert.equal((await download(retried.message.attachments[0].url, channel.token)).status, 200);
    } finally {
      clock.offset = 0;
    }
  });
});
