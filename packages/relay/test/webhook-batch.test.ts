/**
 * Batching webhook endpoints (ADR 0038): the message log's events in few requests of `{"events": [...]}`, signed
 * whole, a conversation's events in order, the same event ids as one request per event; a failing batch's events
 * retried one per request, in order, none lost; one delivery log row per request, which Resend sends again; the
 * admin API's `batch` field and its bad input.
 */
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { chunked, messageEventId, type Chunked, type Delivery, type Serialised } from '../src/webhooks/webhook-log.js';
import type { WebhookEvent } from '../src/webhooks/webhook-events.js';
import { batchBody } from '../src/outbound/signed-request.js';
import { TestClient } from './support/client.js';
import { siteKey, type Desk } from './support/desk.js';
import { until } from './support/until.js';
import { webhookDesk } from './support/webhook-desk.js';
import type { ReceivedRequest, WebhookReceiver } from './support/webhook-receiver.js';

interface Event {
  id: string;
  type: string;
  data: { message?: { conversationId: string; seq: number; text: string }; conversation?: { id: string } };
}

/** The events a request carried: a batch's, or the one of a single request. */
function eventsOf(request: ReceivedRequest): Event[] {
  const body = JSON.parse(request.body) as { events?: Event[] } & Event;
  return body.events ?? [body];
}

/** Every `message.created` text per conversation, in the order the requests brought them (duplicates kept). */
function textsByConversation(requests: readonly ReceivedRequest[]): Map<string, string[]> {
  const texts = new Map<string, string[]>();
  for (const request of requests)
    for (const { type, data } of eventsOf(request)) {
      if (type !== 'message.created') continue;
      const list = texts.get(data.message!.conversationId) ?? [];
      list.push(data.message!.text);
      texts.set(data.message!.conversationId, list);
    }
  return texts;
}

/** Whether `request` carries a valid `Parley-Signature` of its raw body under `secret`. */
function signedBy(request: ReceivedRequest, secret: string): boolean {
  const header = String(request.headers['parley-signature']);
  const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? [];
  return v1 === createHmac('sha256', secret).update(`${t}.${request.body}`).digest('hex');
}

describe('webhook event ids', () => {
  it('are as every earlier version made them: a digest of the type, the conversation and the sequence', () => {
    // A receiver deduplicates on them across the relay's upgrades: the derivation never changes.
    const before = (type: string, conversationId: string, seq: number): string =>
      `evt_${createHash('sha256').update(`${type}\u0000${conversationId}\u0000${seq}`).digest('base64url').slice(0, 16)}`;
    for (const [type, conversation, seq] of [
      ['message.created', 'c_abc', 1],
      ['conversation.created', 'c_Zé9', 42],
    ] as const)
      assert.equal(messageEventId(type, conversation, seq), before(type, conversation, seq));
    assert.equal(messageEventId('message.created', 'c_abc', 1), 'evt_sV-n423q7z8TsM7s');
  });
});

/** Delivery `i` of conversation `c` to endpoint `wh_1`, its event's data `data`. */
const delivery = (c: string, i: number, data: Record<string, unknown>): Delivery => ({
  key: `wh_1:${c}`,
  siteId: 'default',
  conversationId: c,
  messageId: String(i + 1),
  seq: i + 1,
  order: 0,
  payload: {
    endpointId: 'wh_1',
    event: { id: `evt_${c}_${i}`, type: 'message.created', createdAt: 1, siteId: 'default', data },
  },
});

describe('batching webhook endpoints: cutting requests', () => {
  /** `count` deliveries of conversation `c`, each event's text `size` characters long. */
  const conversation = (c: string, count: number, size = 10): Delivery[] =>
    Array.from({ length: count }, (_, i) => delivery(c, i, { t: 'é'.repeat(size) }));
  const keysOf = (chunk: readonly { delivery: Delivery }[]) => [...new Set(chunk.map(({ delivery }) => delivery.key))];

  /** Each conversation's deliveries are all in one request, in their order; every delivery is in one request once. */
  const assertWholeConversations = (chunks: ReadonlyArray<readonly { delivery: Delivery }[]>, all: Delivery[]) => {
    const sent = chunks.flat().map(({ delivery }) => delivery);
    assert.equal(sent.length, all.length, 'every delivery once');
    assert.equal(new Set(sent).size, all.length);
    for (const chunk of chunks) {
      for (const key of keysOf(chunk)) {
        const own = chunk.filter(({ delivery }) => delivery.key === key).map(({ delivery }) => delivery);
        assert.deepEqual(
          own,
          all.filter((delivery) => delivery.key === key),
          `${key} whole and in order`,
        );
      }
    }
  };

  it('puts whole conversations in a request, evened out over as few requests as the limits allow', () => {
    const deliveries = [...conversation('a', 300), ...conversation('b', 150), ...conversation('c', 100)];
    const { chunks, cut } = chunked(deliveries);
    assert.equal(cut, false);
    assert.deepEqual(chunks.map(keysOf), [['wh_1:a'], ['wh_1:b', 'wh_1:c']], 'two requests of 300 and 250');
    assertWholeConversations(chunks, deliveries);
  });

  it("fits a read's 1,890 events in four requests, one round, where filling each in turn made five", () => {
    // 30 busy conversations (60 events) among quiet ones (2 and 1): filled in turn, each request closed about 60 short.
    const sizes = Array.from({ length: 90 }, (_, i) => (i % 3 === 0 ? 60 : i % 3 === 1 ? 2 : 1));
    const deliveries = sizes.flatMap((size, i) => conversation(`c${i}`, size));
    assert.equal(deliveries.length, 1890);
    const { chunks, cut } = chunked(deliveries);
    assert.equal(cut, false);
    assert.equal(chunks.length, 4);
    for (const chunk of chunks) assert.ok(chunk.length >= 450 && chunk.length <= 500, `${chunk.length} events`);
    assertWholeConversations(chunks, deliveries);
  });

  it('cuts a conversation longer than a request across requests, in order, and says so', () => {
    const deliveries = [...conversation('a', 20), ...conversation('long', 1100), ...conversation('z', 5)];
    const { chunks, cut } = chunked(deliveries);
    assert.equal(cut, true, 'the requests must then go one after another');
    assert.deepEqual(
      chunks.map((chunk) => chunk.length),
      [20, 500, 500, 105],
    );
    assert.deepEqual(
      chunks.flat().map(({ delivery }) => delivery),
      deliveries,
    );
  });

  it("serialises an event once for all the batch's endpoints: the JSON a first endpoint's requests made", () => {
    const first = [...conversation('a', 3), ...conversation('b', 2)];
    // The same events to a second endpoint: the same objects, other deliveries.
    const second = first.map((d) => ({
      ...d,
      key: d.key.replace('wh_1', 'wh_2'),
      payload: { ...d.payload, endpointId: 'wh_2' },
    }));
    const serialised = new Map<WebhookEvent, Serialised>();
    const one = chunked(first, serialised).chunks.flat();
    assert.equal(serialised.size, first.length, 'every event kept');
    for (const { delivery, json, bytes } of one) {
      assert.equal(json, JSON.stringify(delivery.payload.event));
      assert.equal(bytes, Buffer.byteLength(json) + 1);
      const kept = serialised.get(delivery.payload.event);
      assert.deepEqual({ json: kept?.json, bytes: kept?.bytes }, { json, bytes });
    }
    // What the map holds is what the second endpoint's requests carry: taken from it, not made again.
    const marked = first[2]!.payload.event;
    serialised.set(marked, { json: '{"kept":true}', bytes: 14 });
    const two = chunked(second, serialised).chunks.flat();
    assert.equal(serialised.size, first.length);
    assert.deepEqual(
      two.map(({ json }) => json),
      one.map(({ delivery, json }) => (delivery.payload.event === marked ? '{"kept":true}' : json)),
    );
    assert.equal(two.find(({ delivery }) => delivery.payload.event === marked)!.bytes, 14);
  });

  it('keeps a request under 1 MiB', () => {
    // 40 conversations of 10 events of ~20 KB (two bytes a character): about 8 MB in all.
    const deliveries = Array.from({ length: 40 }, (_, i) => conversation(`c${i}`, 10, 10_000)).flat();
    const { chunks, cut } = chunked(deliveries);
    assert.equal(cut, false);
    assert.ok(chunks.length >= 4);
    for (const chunk of chunks) {
      const body = bodyOf(chunk);
      assert.ok(body.length <= 1024 * 1024, `${body.length} bytes`);
      assert.ok(JSON.parse(body.toString()).events.length === chunk.length);
    }
  });
});

/** A request's body as the relay writes it. */
const bodyOf = (chunk: readonly Chunked[]): Buffer => batchBody(chunk.map(({ json }) => json));

describe('a batch’s body', () => {
  it('is the events joined in `{"events":[…]}`, byte for byte, whatever their characters', () => {
    const texts = ['plain', 'héllo — ünïcode', '日本語のメッセージ', 'emoji 👋🏽 and a lone surrogate \ud800', ''];
    const deliveries = texts.flatMap((text, c) => [0, 1, 2].map((i) => delivery(`c${c}`, i, { text })));
    // 280 KB of events: past the size where a joined string leaves V8's regular heap.
    for (let i = 0; i < 40; i++) deliveries.push(delivery('long', i, { text: `ü${'x'.repeat(7000)}` }));
    const { chunks } = chunked(deliveries);
    for (const chunk of chunks) {
      const joined = `{"events":[${chunk.map(({ json }) => json).join(',')}]}`;
      assert.deepEqual(bodyOf(chunk), Buffer.from(joined));
    }
    assert.deepEqual(batchBody([]), Buffer.from('{"events":[]}'));
  });
});

describe('batching webhook endpoints', () => {
  let relay: Desk;
  let receiver: WebhookReceiver;

  const desk = webhookDesk();
  before(() => ({ relay, receiver } = desk));

  async function say(visitors: number, texts: readonly string[]): Promise<string[]> {
    const clients = await Promise.all(
      Array.from({ length: visitors }, () => TestClient.hello(relay.wsUrl, { siteKey })),
    );
    try {
      // Every visitor writes at once: the conversations' messages interleave in the log.
      await Promise.all(
        clients.map(async ({ client }) => {
          for (const [i, text] of texts.entries()) await client.say(`m-${i}`, text);
        }),
      );
      return clients.map(({ welcome }) => welcome.conversationId!);
    } finally {
      for (const { client } of clients) client.close();
    }
  }

  it('sends the log’s events in few signed requests, in order per conversation, with the single ids', async () => {
    // An answer that echoes what it got: kept for a single event's row, never for a batch's.
    receiver.answer = (request, response) => response.writeHead(200).end(request.body.slice(0, 100));
    const created = await relay.call('POST', '/v1/admin/webhooks', {
      url: receiver.url('/batch'),
      events: ['conversation.created', 'message.created'],
      batch: true,
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.batch, true);
    const texts = Array.from({ length: 12 }, (_, i) => `message ${i + 1}`);
    const conversations = await say(5, texts);
    const expected = conversations.length * (texts.length + 1);
    await until(
      () => receiver.requests.reduce((sum, request) => sum + eventsOf(request).length, 0) >= expected,
      'every event',
      { timeoutMs: 10_000 },
    );
    assert.ok(
      receiver.requests.length < expected / 2,
      `batched: ${receiver.requests.length} requests for ${expected} events`,
    );
    for (const request of receiver.requests) {
      assert.equal(request.headers['parley-event-count'], String(eventsOf(request).length));
      assert.equal(request.headers['parley-event-id'], undefined, 'each event names itself in the body');
      assert.ok(signedBy(request, created.body.secret), 'signed whole');
    }
    const byConversation = textsByConversation(receiver.requests);
    assert.deepEqual([...byConversation.keys()].sort(), [...conversations].sort());
    for (const list of byConversation.values()) assert.deepEqual(list, texts, 'in order, each once');
    const ids = receiver.requests.flatMap((request) => eventsOf(request).map((event) => event.id));
    assert.equal(new Set(ids).size, expected, 'no event twice');
    for (const conversationId of conversations) {
      assert.ok(ids.includes(messageEventId('conversation.created', conversationId, 1)));
      assert.ok(ids.includes(messageEventId('message.created', conversationId, texts.length)));
      // conversation.created comes before the conversation's first message.
      const all = receiver.requests.flatMap(eventsOf);
      const first = all.findIndex(
        (event) =>
          event.data.conversation?.id === conversationId || event.data.message?.conversationId === conversationId,
      );
      assert.equal(all[first]!.type, 'conversation.created');
    }
    // One delivery log row per request, counting its events.
    const log = await until(async () => {
      const page = await relay.admin.repos.webhooks.listWebhookDeliveries('default', created.body.id, undefined, 100);
      return page.items.length >= receiver.requests.length ? page.items : undefined;
    }, 'the delivery log');
    assert.equal(log.length, receiver.requests.length);
    assert.equal(
      log.reduce((sum, row) => sum + (row.eventCount ?? 1), 0),
      expected,
    );
    for (const row of log) {
      assert.equal(row.eventType, 'batch');
      assert.equal(row.outcome, 'delivered');
      assert.equal(row.excerpt, null, 'no echo of many conversations kept');
      assert.equal(row.conversationId, null);
      assert.match(row.jobId, /^ml_\d+-\d+$/);
    }
    const jobs = await relay.admin.repos.outbox.listOutbox('default', { kind: 'webhook' }, 10);
    assert.equal(jobs.items.length, 0, 'no outbox row for a delivered batch');
  });

  it('sends every event to each of several batching endpoints, the same events to each, in order', async () => {
    const urls = ['/first', '/second', '/third'];
    for (const url of urls) {
      const created = await relay.call('POST', '/v1/admin/webhooks', {
        url: receiver.url(url),
        events: ['conversation.created', 'message.created'],
        batch: true,
      });
      assert.equal(created.status, 201);
    }
    const texts = ['one', 'twö', '三'];
    // The relay runs in this process: count the events it serialises (each once, whatever the endpoints).
    const stringify = JSON.stringify;
    let serialised = 0;
    JSON.stringify = ((...args: Parameters<typeof stringify>) => {
      if (String((args[0] as { id?: unknown } | null)?.id).startsWith('evt_')) serialised += 1;
      return stringify(...args);
    }) as typeof stringify;
    let conversations: string[];
    const expected = 4 * (texts.length + 1);
    const eventsTo = (path: string) =>
      receiver.requests.filter((request) => request.path === path).flatMap((request) => eventsOf(request));
    try {
      conversations = await say(4, texts);
      await until(() => urls.every((url) => eventsTo(url).length >= expected), 'every event to every endpoint', {
        timeoutMs: 10_000,
      });
    } finally {
      JSON.stringify = stringify;
    }
    assert.equal(serialised, expected, 'each event serialised once for the three endpoints');
    const byId = (path: string) =>
      new Map(
        receiver.requests
          .filter((request) => request.path === path)
          .flatMap((request) => (JSON.parse(request.body) as { events: unknown[] }).events)
          .map((event) => [(event as Event).id, JSON.stringify(event)]),
      );
    const first = byId(urls[0]!);
    assert.equal(first.size, expected, 'each event once');
    for (const url of urls.slice(1)) assert.deepEqual(byId(url), first, `${url} got the same events`);
    for (const url of urls) {
      const received = textsByConversation(receiver.requests.filter((request) => request.path === url));
      assert.equal(received.size, conversations.length);
      for (const list of received.values()) assert.deepEqual(list, texts, `${url}: in order, each once`);
    }
  });

  it('retries a failed batch’s events one per request, in order, until each is accepted', async () => {
    const created = await relay.call('POST', '/v1/admin/webhooks', {
      url: receiver.url('/flaky'),
      events: ['message.created'],
      batch: true,
    });
    let failures = 2;
    receiver.answer = (_request, response) => {
      if (failures-- > 0) response.writeHead(503).end('busy');
      else response.writeHead(200).end();
    };
    const texts = Array.from({ length: 6 }, (_, i) => `m${i + 1}`);
    const conversations = await say(3, texts);
    const accepted = (): ReceivedRequest[] => receiver.requests.slice(2);
    await until(
      () =>
        new Set(accepted().flatMap((r) => eventsOf(r).map((e) => e.id))).size === conversations.length * texts.length,
      'every event accepted',
      { timeoutMs: 15_000 },
    );
    // Every retry is a batch of one, in the batch format.
    for (const request of receiver.requests) assert.ok(JSON.parse(request.body).events, 'the batch format');
    const byConversation = textsByConversation(accepted());
    for (const list of byConversation.values()) assert.deepEqual([...new Set(list)], texts, 'in order once accepted');
    const jobsOf = async () =>
      (await relay.admin.repos.outbox.listOutbox('default', { kind: 'webhook' }, 100)).items.filter((job) =>
        job.key?.startsWith(`${created.body.id}:`),
      );
    assert.ok((await jobsOf()).length >= 1, 'the failed batch became jobs');
    await until(async () => (await jobsOf()).every((job) => job.status === 'delivered'), 'the jobs delivered');
  });

  it('resends a batch’s events with their ids, as jobs', async () => {
    const created = await relay.call('POST', '/v1/admin/webhooks', {
      url: receiver.url('/again'),
      events: ['message.created'],
      batch: true,
    });
    await say(2, ['one', 'two']);
    await until(() => receiver.requests.flatMap(eventsOf).length >= 4, 'every event', { timeoutMs: 10_000 });
    const firstIds = new Set(receiver.requests.flatMap((r) => eventsOf(r).map((e) => e.id)));
    const row = await until(async () => {
      const page = await relay.admin.repos.webhooks.listWebhookDeliveries('default', created.body.id, undefined, 10);
      return page.items.find((item) => item.eventType === 'batch');
    }, 'a batch row');
    const listed = await relay.call('GET', `/v1/admin/webhooks/${created.body.id}/deliveries`);
    const shown = listed.body.items.find((item: { id: string }) => item.id === row.id);
    assert.equal(shown.events, row.eventCount);
    assert.equal(shown.resendable, true);
    receiver.reset();
    const resent = await relay.call('POST', `/v1/admin/webhooks/${created.body.id}/deliveries/${row.id}/resend`);
    assert.equal(resent.status, 202);
    await until(() => receiver.requests.flatMap(eventsOf).length >= row.eventCount!, 'the resent events', {
      timeoutMs: 10_000,
    });
    const again = receiver.requests.flatMap((r) => eventsOf(r).map((e) => e.id));
    for (const id of again) assert.ok(firstIds.has(id), 'the same ids');
  });

  it('turns batching on and off through the API, and refuses what is not a boolean', async () => {
    const created = await relay.call('POST', '/v1/admin/webhooks', {
      url: receiver.url('/x'),
      events: ['message.created'],
    });
    assert.equal(created.body.batch, false, 'one event per request unless asked');
    const bad = await relay.call('PATCH', `/v1/admin/webhooks/${created.body.id}`, { batch: 'yes' });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /batch/);
    assert.equal((await relay.call('GET', '/v1/admin/webhooks')).body.items[0].batch, false, 'nothing changed');
    const on = await relay.call('PATCH', `/v1/admin/webhooks/${created.body.id}`, { batch: true });
    assert.equal(on.status, 200);
    assert.equal(on.body.batch, true);
    const refused = await relay.call('POST', '/v1/admin/webhooks', {
      url: receiver.url('/y'),
      events: ['message.created'],
      batch: 1,
    });
    assert.equal(refused.status, 400);
  });
});
