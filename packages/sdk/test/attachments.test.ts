import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AttachmentRef } from '@parley/protocol';
import { Attachments, isCancelled } from '../src/attachments/attachments.js';
import type { UploadRequest, UploadResponse } from '../src/attachments/upload.js';
import { MemoryStore } from '../src/outbox/memory-store.js';
import { StaffClient } from '../src/staff-client.js';
import type { ParleyEvents } from '../src/types.js';
import { VisitorClient } from '../src/visitor-client.js';
import { FakeClock, FakeEnvironment, fakeWebSocket, settle, welcome } from './fakes.js';

const V3 = { protocol: 'parley.v3', attachments: { maxBytes: 1000, types: ['image/png', 'application/pdf'] } };

function ref(id: string, name: string): AttachmentRef {
  return { id, name, type: 'image/png', size: 4, sha256: 'ab'.repeat(32) };
}

/** An upload route the test answers: each request waits until `answer` is called, unless answered in advance. */
function fakeUploads() {
  const requests: UploadRequest[] = [];
  const waiting: Array<(response: UploadResponse) => void> = [];
  const script: UploadResponse[] = [];
  const upload = (request: UploadRequest): Promise<UploadResponse> => {
    requests.push(request);
    const next = script.shift();
    if (next) return Promise.resolve(next);
    return new Promise((resolve, reject) => {
      waiting.push(resolve);
      request.signal.addEventListener('abort', () => reject(request.signal.reason));
    });
  };
  return { upload, requests, script, answer: (response: UploadResponse) => waiting.shift()!(response) };
}

function setup(store = new MemoryStore()) {
  const clock = new FakeClock();
  const fake = fakeWebSocket();
  const client = new VisitorClient({
    url: 'wss://relay.test/v1/ws',
    siteKey: 'pk_test',
    WebSocket: fake.WebSocket,
    clock,
    environment: new FakeEnvironment(),
    random: () => 0,
    storage: store,
    context: () => ({}),
  });
  const uploads = fakeUploads();
  const files = new Attachments(client, { upload: uploads.upload, random: () => 0 });
  const statuses: ParleyEvents['messageStatus'][] = [];
  client.on('messageStatus', (event) => statuses.push(event));
  const open = async (overrides: Parameters<typeof welcome>[0] = V3): Promise<void> => {
    fake.last().accept();
    await settle();
    fake.last().receive(welcome(overrides));
    await idle();
  };
  const sends = () => fake.sockets.flatMap((socket) => socket.framesOf('send'));
  return { clock, fake, client, files, uploads, statuses, open, sends, store };
}

/**
 * Hashing a file reads the blob and asks `crypto.subtle`, both answered from libuv's thread pool: on a loaded machine
 * that takes any number of event-loop turns. Counting them lets `idle()` wait for the hashing itself.
 */
let hashing = 0;
function counted<T, A extends unknown[], R>(
  run: (this: T, ...args: A) => Promise<R>,
): (this: T, ...args: A) => Promise<R> {
  return function (this: T, ...args: A) {
    hashing++;
    return run.apply(this, args).finally(() => hashing--);
  };
}
const { digest } = crypto.subtle;
const { arrayBuffer } = Blob.prototype;
before(() => {
  crypto.subtle.digest = counted(digest) as typeof digest;
  Blob.prototype.arrayBuffer = counted(arrayBuffer);
});
after(() => {
  crypto.subtle.digest = digest;
  Blob.prototype.arrayBuffer = arrayBuffer;
});

/**
 * Lets the client's chain run: promise callbacks, timers of a millisecond, and the hashing of any file it started,
 * until ten turns in a row found no hashing under way (at most five seconds).
 */
async function idle(): Promise<void> {
  const deadline = Date.now() + 5000;
  for (let quiet = 0; quiet < 10;) {
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 1));
    quiet = hashing === 0 ? quiet + 1 : 0;
    if (Date.now() > deadline) throw new Error(`a file's hashing still under way after 5 s (${hashing} calls)`);
  }
}

const png = () => new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' });

describe('Attachments', () => {
  it('offers parley.v3 first, and says whether the visitor may attach from the welcome', async () => {
    const { client, fake, open } = setup();
    client.connect();
    assert.deepEqual(fake.last().protocols, ['parley.v3', 'parley.v2', 'parley.v1']);
    await open({ protocol: 'parley.v2' });
    assert.equal(client.canAttach, false);
    client.close();
  });

  it('queues a file offline, uploads it with the header, the client id and its SHA-256, then sends the message naming it', async () => {
    const { client, files, uploads, open, sends, fake } = setup();
    const message = await files.send([new File([png()], 'cat.png', { type: 'image/png' })], 'look');
    assert.equal(message.status, 'queued');
    assert.equal(message.files?.[0]?.name, 'cat.png');
    client.connect();
    await open();
    assert.equal(uploads.requests.length, 1);
    const request = uploads.requests[0]!;
    const url = new URL(request.url);
    assert.equal(url.origin + url.pathname, 'https://relay.test/v1/attachments');
    assert.equal(url.searchParams.get('clientId'), message.clientId);
    assert.equal(url.searchParams.get('name'), 'cat.png');
    assert.equal(url.searchParams.get('conversationId'), 'c_1');
    assert.match(url.searchParams.get('sha256')!, /^[0-9a-f]{64}$/);
    assert.equal(request.token, 'vt_1');
    assert.equal(url.searchParams.has('token'), false);
    const progress: number[] = [];
    files.on('progress', ({ file }) => progress.push(file.progress!));
    request.onProgress(2, 4);
    assert.deepEqual(progress, [0.5]);
    assert.equal(sends().length, 0, 'nothing sent before the upload is done');
    uploads.answer({ status: 201, body: ref('att_1', 'cat.png') });
    await idle();
    assert.deepEqual(
      sends().map((frame) => [frame.id, frame.text, frame.attachments]),
      [[message.clientId, 'look', [{ id: 'att_1' }]]],
    );
    assert.equal((sends()[0] as unknown as { files?: unknown }).files, undefined, 'no blob on the wire');
    fake.last().receive({
      type: 'ack',
      id: message.clientId,
      messageId: 'm_1',
      conversationId: 'c_1',
      seq: 1,
      ts: 5,
      duplicate: false,
    });
    await settle();
    assert.equal(client.messages()[0]?.status, 'sent');
    assert.equal(client.messages()[0]?.attachments?.[0]?.id, 'att_1');
    client.close();
  });

  it('sends several files in one message, each uploaded under its index, in order', async () => {
    const { client, files, uploads, open, sends } = setup();
    client.connect();
    await open();
    uploads.script.push({ status: 201, body: ref('att_a', 'a.png') }, { status: 201, body: ref('att_b', 'b.pdf') });
    const message = await files.send(
      [new File([png()], 'a.png', { type: 'image/png' }), new File(['%PDF'], 'b.pdf', { type: 'application/pdf' })],
      'two files',
    );
    await idle();
    assert.deepEqual(
      uploads.requests.map((request) => {
        const query = new URL(request.url).searchParams;
        return [query.get('clientId'), query.get('index'), query.get('name')];
      }),
      [
        [message.clientId, '0', 'a.png'],
        [message.clientId, '1', 'b.pdf'],
      ],
    );
    assert.deepEqual(
      sends().map((frame) => [frame.id, frame.text, frame.attachments]),
      [[message.clientId, 'two files', [{ id: 'att_a' }, { id: 'att_b' }]]],
    );
    await assert.rejects(files.send(Array.from({ length: 11 }, () => png())), { code: 'too_many_attachments' });
    client.close();
  });

  it('records the upload in the outbox: a reload sends the message without uploading again', async () => {
    const store = new MemoryStore();
    const first = setup(store);
    await first.files.send([png()]);
    first.client.connect();
    await first.open();
    assert.equal(first.uploads.requests.length, 1);
    // The connection drops while the file is uploading: the upload completes, the send waits for the next one.
    first.fake.last().drop();
    first.uploads.answer({ status: 201, body: ref('att_1', 'file') });
    await idle();
    assert.equal(first.sends().length, 0);
    first.client.close();
    const [record] = (await store.entries<{ files: Array<{ ref?: AttachmentRef }> }>('')).filter(([key]) =>
      key.includes(':outbox:'),
    );
    assert.equal(record?.[1].files[0]?.ref?.id, 'att_1');

    const second = setup(store);
    await idle();
    assert.equal(second.client.messages('c_1').length, 1);
    second.client.connect();
    await second.open();
    assert.equal(second.uploads.requests.length, 0);
    assert.deepEqual(
      second.sends().map((frame) => frame.attachments),
      [[{ id: 'att_1' }]],
    );
    second.client.close();
  });

  it('fails a refused file with its code, without retrying; retry queues it again under the same id', async () => {
    const { client, files, uploads, open, sends } = setup();
    client.connect();
    await open();
    uploads.script.push({ status: 415, body: { error: { code: 'attachment_type_refused', message: 'No.' } } });
    const message = await files.send([png()]);
    await idle();
    assert.equal(message.status, 'failed');
    assert.deepEqual(message.error, { code: 'attachment_type_refused', message: 'No.' });
    assert.equal(uploads.requests.length, 1);
    uploads.script.push({ status: 201, body: ref('att_2', 'file') });
    await files.retry(message.clientId);
    await idle();
    assert.equal(uploads.requests.length, 2);
    assert.equal(new URL(uploads.requests[1]!.url).searchParams.get('clientId'), message.clientId);
    assert.deepEqual(
      sends().map((frame) => frame.id),
      [message.clientId],
    );
    client.close();
  });

  it('retries a 503 and a 429 after a backoff or Retry-After, then sends once', async () => {
    const { client, files, uploads, open, sends, clock } = setup();
    client.connect();
    await open();
    uploads.script.push({ status: 503, body: { error: { code: 'scan_failed', message: 'later' } } });
    uploads.script.push({ status: 429, body: { error: { code: 'rate_limited', message: 'slow' } }, retryAfter: 7 });
    uploads.script.push({ status: 201, body: ref('att_3', 'file') });
    const message = await files.send([png()]);
    await idle();
    assert.equal(uploads.requests.length, 1);
    assert.equal(message.status, 'queued');
    clock.advance(1000);
    await idle();
    assert.equal(uploads.requests.length, 2);
    clock.advance(6999);
    await idle();
    assert.equal(uploads.requests.length, 2, 'waits for Retry-After');
    clock.advance(1);
    await idle();
    assert.equal(uploads.requests.length, 3);
    assert.equal(sends().length, 1);
    client.close();
  });

  it('refuses a file over the size limit at once, without queueing or uploading', async () => {
    const { client, files, uploads, open } = setup();
    client.connect();
    await open();
    await assert.rejects(files.send([new Blob([new Uint8Array(1001)])]), { code: 'attachment_too_large' });
    assert.equal(client.messages().length, 0);
    assert.equal(uploads.requests.length, 0);
    client.close();
  });

  it('cancels an upload in progress: the message is dropped from the outbox and never sent', async () => {
    const { client, files, uploads, open, sends, store } = setup();
    client.connect();
    await open();
    const message = await files.send([png()]);
    await idle();
    assert.equal(uploads.requests.length, 1);
    await files.cancel(message.clientId);
    await idle();
    assert.ok(isCancelled(message));
    assert.equal(sends().length, 0);
    const outbox = (await store.entries('')).filter(([key]) => key.includes(':outbox:'));
    assert.deepEqual(outbox, []);
    client.close();
  });

  it('names a proxy’s refusal without a code after its status, and does not retry it', async () => {
    const { client, files, uploads, open, clock } = setup();
    client.connect();
    await open();
    uploads.script.push({ status: 413, body: null });
    const message = await files.send([png()]);
    await idle();
    assert.equal(message.status, 'failed');
    assert.equal(message.error?.code, 'attachment_too_large');
    clock.advance(60_000);
    await idle();
    assert.equal(uploads.requests.length, 1);
    client.close();
  });

  it('cancels a message queued offline: its file leaves the outbox at once, and nothing is uploaded later', async () => {
    const { client, files, uploads, open, sends, store } = setup();
    const message = await files.send([png()], 'never mind');
    await files.cancel(message.clientId);
    assert.ok(isCancelled(message));
    const outbox = (await store.entries<{ files: unknown[] }>('')).filter(([key]) => key.includes(':outbox:'));
    assert.deepEqual(
      outbox.map(([, record]) => record.files),
      [[]],
      'the blob is gone from storage',
    );
    client.connect();
    await open();
    assert.equal(uploads.requests.length, 0);
    assert.equal(sends().length, 0);
    assert.deepEqual(
      (await store.entries('')).filter(([key]) => key.includes(':outbox:')),
      [],
    );
    client.close();
  });

  it('reads the relay’s JSON error when a download or a reference is refused', async () => {
    const { client } = setup();
    const answers: string[] = [];
    const files = new Attachments(client, {
      fetch: async (input) => {
        answers.push(String(input));
        return new Response(JSON.stringify({ error: { code: 'not_found', message: 'No such attachment.' } }), {
          status: 404,
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    await assert.rejects(files.download('att_gone'), {
      code: 'not_found',
      message: 'No such attachment.',
      status: 404,
    });
    await assert.rejects(files.reference('att_gone'), { code: 'not_found' });
    assert.deepEqual(answers, [
      'https://relay.test/v1/attachments/att_gone',
      'https://relay.test/v1/attachments/att_gone/reference',
    ]);
    client.close();
  });

  it('StaffClient offers parley.v3 and uploads with the staff token into the conversation named', async () => {
    const clock = new FakeClock();
    const fake = fakeWebSocket();
    const staff = new StaffClient({
      url: 'ws://relay.test/v1/ws',
      token: 'st_token',
      WebSocket: fake.WebSocket,
      clock,
      environment: new FakeEnvironment(),
      storage: new MemoryStore(),
    });
    const uploads = fakeUploads();
    const files = new Attachments(staff, { upload: uploads.upload });
    staff.connect();
    assert.deepEqual(fake.last().protocols, ['parley.v3', 'parley.v2', 'parley.v1']);
    fake.last().accept();
    await settle();
    fake
      .last()
      .receive(
        welcome({ ...V3, role: 'staff', staff: { id: 'st_1', name: 'Ann', role: 'agent' }, visitorToken: undefined }),
      );
    await settle();
    await files.send([png()], '', { conversationId: 'c_9' });
    await idle();
    assert.equal(uploads.requests[0]?.token, 'st_token');
    assert.equal(uploads.requests[0]?.url.startsWith('http://relay.test/v1/attachments?'), true);
    assert.equal(new URL(uploads.requests[0]!.url).searchParams.get('conversationId'), 'c_9');
    staff.close();
  });
});
