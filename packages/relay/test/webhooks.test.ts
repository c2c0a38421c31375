import assert from 'node:assert/strict';
import { createECDH } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { verifyWebhook } from '../../../docs/examples/verify-webhook.mjs';
import type { RunningRelay, StartOptions } from '../src/index.js';
import type { OutboxJob } from '../src/outbox/outbox.js';
import { REFUSED_ADDRESS, refusedAddress, safeLookup } from '../src/outbound/address-guard.js';
import type { WebhookPayload } from '../src/webhooks/webhook-events.js';
import { postWebhook } from '../src/outbound/signed-request.js';
import { TestClient } from './support/client.js';
import { adminToken, siteKey, startDesk } from './support/desk.js';
import { until } from './support/until.js';
import { WebhookReceiver, type ReceivedRequest } from './support/webhook-receiver.js';

interface Answer {
  status: number;
  body: any;
}

async function call(relay: RunningRelay, method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${relay.httpUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined } as Answer;
}

function start(options: StartOptions = {}): Promise<RunningRelay> {
  return startDesk({
    ipRateLimitPerSecond: 0,
    adminRateLimitPerSecond: 0,
    webhookAllowPrivate: true,
    outboxTiming: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 80 },
    ...options,
  });
}

/** The event in a received request's body. */
function eventOf(request: ReceivedRequest): { id: string; type: string; siteId: string; createdAt: number; data: any } {
  return JSON.parse(request.body) as ReturnType<typeof eventOf>;
}

/** A job of the webhook handler, as the worker would hand it over. */
function job(endpointId: string, attempts = 0): OutboxJob<WebhookPayload> {
  return {
    id: `ob_test_${Math.random().toString(36).slice(2)}`,
    kind: 'webhook',
    siteId: 'default',
    key: null,
    attempts,
    createdAt: Date.now(),
    payload: {
      endpointId,
      event: {
        id: 'evt_direct',
        type: 'contact.erased',
        createdAt: 1,
        siteId: 'default',
        data: { contact: { id: 'c1' } },
      },
    },
  };
}

describe('webhooks', () => {
  let relay: RunningRelay;
  let receiver: WebhookReceiver;
  let agentToken: string;

  before(async () => {
    relay = await start();
    receiver = await WebhookReceiver.start();
    const agent = await call(relay, 'POST', '/v1/admin/tokens', adminToken, { name: 'Agent', role: 'agent' });
    agentToken = agent.body.token;
  });
  after(async () => {
    await relay.close();
    await receiver.close();
  });
  beforeEach(async () => {
    // Each test starts with no endpoint and a receiver that answers 204.
    for (const endpoint of (await call(relay, 'GET', '/v1/admin/webhooks', adminToken)).body.items)
      await call(relay, 'DELETE', `/v1/admin/webhooks/${endpoint.id}`, adminToken);
    receiver.answer = (_request, response) => response.writeHead(204).end();
    receiver.reset();
  });

  async function endpoint(events: string[], url = receiver.url()): Promise<{ id: string; secret: string }> {
    const created = await call(relay, 'POST', '/v1/admin/webhooks', adminToken, { url, events });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body;
  }

  it('creates, lists, changes and deletes endpoints, admins only, audited, the secret shown once and sealed', async () => {
    const created = await call(relay, 'POST', '/v1/admin/webhooks', adminToken, {
      url: receiver.url(),
      events: ['message.created', 'contact.erased', 'message.created'],
    });
    assert.equal(created.status, 201);
    assert.match(created.body.id, /^wh_/);
    assert.match(created.body.secret, /^whsec_/);
    assert.deepEqual(created.body.events, ['message.created', 'contact.erased']);
    const stored = await relay.admin.repos.webhooks.getWebhook('default', created.body.id);
    assert.ok(stored?.secretSealed.startsWith('sealed:v1:'), 'the secret is sealed at rest');
    assert.ok(!stored!.secretSealed.includes(created.body.secret));

    const list = await call(relay, 'GET', '/v1/admin/webhooks', adminToken);
    assert.equal(list.body.items.length, 1);
    assert.equal(list.body.items[0].secret, undefined, 'never listed again');
    assert.equal(JSON.stringify(list.body).includes(created.body.secret), false);

    const changed = await call(relay, 'PATCH', `/v1/admin/webhooks/${created.body.id}`, adminToken, {
      enabled: false,
      events: ['conversation.updated'],
    });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.enabled, false);
    assert.deepEqual(changed.body.events, ['conversation.updated']);

    for (const [method, path, body] of [
      ['GET', '/v1/admin/webhooks', undefined],
      ['POST', '/v1/admin/webhooks', { url: receiver.url(), events: ['message.created'] }],
      ['PATCH', `/v1/admin/webhooks/${created.body.id}`, { enabled: true }],
      ['GET', `/v1/admin/webhooks/${created.body.id}/deliveries`, undefined],
      ['DELETE', `/v1/admin/webhooks/${created.body.id}`, undefined],
    ] as const) {
      const refused = await call(relay, method, path, agentToken, body);
      assert.equal(refused.status, 403, `${method} ${path} is admin only`);
    }

    assert.equal((await call(relay, 'DELETE', `/v1/admin/webhooks/${created.body.id}`, adminToken)).status, 204);
    assert.equal((await call(relay, 'DELETE', `/v1/admin/webhooks/${created.body.id}`, adminToken)).status, 404);
    assert.equal(
      (await call(relay, 'GET', `/v1/admin/webhooks/${created.body.id}/deliveries`, adminToken)).status,
      404,
    );

    const audit = await call(relay, 'GET', '/v1/admin/audit?limit=100', adminToken);
    const actions = audit.body.items
      .filter((entry: { targetId: string }) => entry.targetId === created.body.id)
      .map((entry: { action: string }) => entry.action);
    assert.deepEqual(actions.sort(), ['webhook.create', 'webhook.delete', 'webhook.update']);
    assert.equal(JSON.stringify(audit.body).includes(created.body.secret), false, 'no secret in the audit log');
  });

  it('refuses bad URLs and events with a clear error, creating nothing', async () => {
    for (const [body, field] of [
      [{ url: 'ftp://example.com/hook', events: ['message.created'] }, /only http: and https:/],
      [{ url: 'https://user:pw@example.com/hook', events: ['message.created'] }, /no credentials/],
      [{ url: `https://example.com/${'a'.repeat(2048)}`, events: ['message.created'] }, /body\.url/],
      [{ url: 'not a url', events: ['message.created'] }, /not a valid absolute URL/],
      [{ url: 'https://example.com/hook', events: [] }, /body\.events/],
      [{ url: 'https://example.com/hook', events: ['message.deleted'] }, /body\.events/],
    ] as const) {
      const refused = await call(relay, 'POST', '/v1/admin/webhooks', adminToken, body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.equal(refused.body.error.code, 'bad_request');
      assert.match(refused.body.error.message, field);
    }
    assert.deepEqual((await call(relay, 'GET', '/v1/admin/webhooks', adminToken)).body.items, []);
  });

  it('delivers signed events that the docs’ snippet verifies, in order, with the documented headers', async () => {
    const { id, secret } = await endpoint(['conversation.created', 'message.created']);
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    try {
      await client.say('m-1', 'Hello');
      await client.say('m-2', 'Anyone there?');
      const received = [await receiver.next(), await receiver.next(), await receiver.next()];
      const events = received.map(eventOf);
      assert.deepEqual(
        events.map((event) => event.type),
        ['conversation.created', 'message.created', 'message.created'],
      );
      assert.equal(events[0]!.data.conversation.id, welcome.conversationId);
      assert.deepEqual(
        events.slice(1).map((event) => event.data.message.text),
        ['Hello', 'Anyone there?'],
      );
      for (const request of received) {
        const event = eventOf(request);
        assert.equal(request.method, 'POST');
        assert.equal(request.headers['content-type'], 'application/json');
        assert.equal(request.headers['user-agent'], 'Parley-Webhooks/1');
        assert.equal(request.headers['parley-event-id'], event.id);
        assert.equal(request.headers['parley-event-type'], event.type);
        assert.match(event.id, /^evt_/);
        assert.equal(event.siteId, 'default');
        const signature = request.headers['parley-signature'] as string;
        assert.match(signature, /^t=\d+,v1=[0-9a-f]{64}$/);
        assert.equal(verifyWebhook(secret, signature, request.body), true, 'the docs’ snippet accepts it');
        assert.equal(verifyWebhook('whsec_wrong', signature, request.body), false, 'another secret does not');
        assert.equal(verifyWebhook(secret, signature, `${request.body} `), false, 'another body does not');
        assert.equal(
          verifyWebhook(secret, signature, request.body, { nowSeconds: Date.now() / 1000 + 301 }),
          false,
          'outside the 5-minute window it does not',
        );
      }
      // The log row of an attempt is written once the receiver has answered: the last may come just after it.
      const log = await until(async () => {
        const page = await call(relay, 'GET', `/v1/admin/webhooks/${id}/deliveries`, adminToken);
        return page.body.items.length === 3 ? page : undefined;
      }, 'three rows in the delivery log');
      for (const row of log.body.items) {
        assert.equal(row.outcome, 'delivered');
        assert.equal(row.statusCode, 204);
        assert.equal(row.attempt, 1);
        assert.equal(row.resendable, true);
        assert.ok(row.latencyMs >= 0);
      }
    } finally {
      client.close();
    }
  });

  it('sends notes only to note.created subscribers, and conversation.updated with what changed', async () => {
    await endpoint(['message.created']);
    const notes = await endpoint(['note.created', 'conversation.updated'], receiver.url('/notes'));
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    try {
      await client.say('m-1', 'Hi');
      const first = await receiver.next();
      assert.equal(first.path, '/hook');
      const note = await call(relay, 'POST', `/v1/admin/conversations/${welcome.conversationId}/messages`, adminToken, {
        id: 'note-1',
        text: 'internal: VIP',
        note: true,
      });
      assert.equal(note.status, 201);
      const noted = await receiver.next();
      assert.equal(noted.path, '/notes');
      assert.equal(eventOf(noted).type, 'message.created');
      assert.equal(eventOf(noted).data.message.kind, 'note');

      const patched = await call(relay, 'PATCH', `/v1/admin/conversations/${welcome.conversationId}`, adminToken, {
        status: 'resolved',
        labels: ['vip'],
      });
      assert.equal(patched.status, 200);
      const updated = eventOf(await receiver.next());
      assert.equal(updated.type, 'conversation.updated');
      assert.equal(updated.data.conversation.id, welcome.conversationId);
      assert.equal(updated.data.conversation.status, 'resolved');
      assert.deepEqual(updated.data.conversation.labels, ['vip']);
      assert.deepEqual(updated.data.previous, { status: 'open', labels: [] });
      // The same PATCH again changes nothing: no event.
      await call(relay, 'PATCH', `/v1/admin/conversations/${welcome.conversationId}`, adminToken, {
        status: 'resolved',
      });
      await relay.admin.outbox.runOnce();
      assert.equal(receiver.requests.length, 3, 'only the message, the note and the one update');
      assert.ok(notes.id);
    } finally {
      client.close();
    }
  });

  it('sends contact.created at a first message and contact.erased with ids only', async () => {
    await endpoint(['contact.created', 'contact.erased']);
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, name: 'Ada Lovelace' });
    await client.say('m-1', 'My secret words');
    const created = eventOf(await receiver.next());
    assert.equal(created.type, 'contact.created');
    assert.equal(created.data.contact.id, welcome.visitorId);
    client.close();
    const erased = await call(relay, 'DELETE', `/v1/admin/contacts/${welcome.visitorId}`, adminToken);
    assert.equal(erased.status, 204);
    const request = await receiver.next();
    const event = eventOf(request);
    assert.equal(event.type, 'contact.erased');
    assert.deepEqual(event.data, { contact: { id: welcome.visitorId }, conversationIds: [welcome.conversationId] });
    assert.equal(request.body.includes('secret words'), false);
    assert.equal(request.body.includes('Ada'), false);
  });

  it('resends a delivery with the same event id and body', async () => {
    const { id } = await endpoint(['message.created']);
    const { client } = await TestClient.hello(relay.wsUrl, { siteKey });
    try {
      await client.say('m-1', 'Once more, please');
      const first = await receiver.next();
      const log = await until(async () => {
        const page = await call(relay, 'GET', `/v1/admin/webhooks/${id}/deliveries`, adminToken);
        return page.body.items.length === 1 && page.body.items;
      }, 'the delivery log row');
      const resent = await call(relay, 'POST', `/v1/admin/webhooks/${id}/deliveries/${log[0].id}/resend`, adminToken);
      assert.equal(resent.status, 202);
      const again = await receiver.next();
      assert.equal(again.headers['parley-event-id'], first.headers['parley-event-id']);
      assert.equal(again.body, first.body);
      const missing = await call(relay, 'POST', `/v1/admin/webhooks/${id}/deliveries/999999/resend`, adminToken);
      assert.equal(missing.status, 404);
      await call(relay, 'PATCH', `/v1/admin/webhooks/${id}`, adminToken, { enabled: false });
      const disabled = await call(relay, 'POST', `/v1/admin/webhooks/${id}/deliveries/${log[0].id}/resend`, adminToken);
      assert.equal(disabled.status, 409);
    } finally {
      client.close();
    }
  });

  it('sends a signed ping on request, whatever the endpoint subscribes to, and logs its delivery', async () => {
    const { id, secret } = await endpoint(['contact.erased']);
    const sent = await call(relay, 'POST', `/v1/admin/webhooks/${id}/test`, adminToken);
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    assert.match(sent.body.eventId, /^evt_/);
    const request = await receiver.next();
    const event = eventOf(request);
    assert.equal(event.type, 'ping');
    assert.equal(event.id, sent.body.eventId);
    assert.equal(event.siteId, 'default');
    assert.deepEqual(event.data, { webhook: { id } });
    assert.equal(request.headers['parley-event-type'], 'ping');
    assert.equal(verifyWebhook(secret, request.headers['parley-signature'] as string, request.body), true);
    const log = await until(async () => {
      const page = await call(relay, 'GET', `/v1/admin/webhooks/${id}/deliveries`, adminToken);
      return page.body.items.length === 1 && page.body.items;
    }, 'the ping in the delivery log');
    assert.equal(log[0].eventType, 'ping');
    assert.equal(log[0].eventId, sent.body.eventId);
    assert.equal(log[0].outcome, 'delivered');
    assert.equal((await call(relay, 'POST', `/v1/admin/webhooks/${id}/test`, agentToken)).status, 403);
    assert.equal((await call(relay, 'POST', '/v1/admin/webhooks/wh_missing/test', adminToken)).status, 404);
    await call(relay, 'PATCH', `/v1/admin/webhooks/${id}`, adminToken, { enabled: false });
    assert.equal((await call(relay, 'POST', `/v1/admin/webhooks/${id}/test`, adminToken)).status, 409);
  });

  it('maps answers to outcomes: 2xx, 500, 410, 429 and 503 with Retry-After, 3xx not followed, timeout', async () => {
    const { id } = await endpoint(['contact.erased']);
    const handler = relay.use('webhooks')!.handler;
    const deliver = (answer: (response: import('node:http').ServerResponse) => void, signal?: AbortSignal) => {
      receiver.answer = (_request, response) => answer(response);
      return handler.deliver(job(id), signal ?? AbortSignal.timeout(5000));
    };
    assert.deepEqual(await deliver((r) => r.writeHead(202).end('ok')), { status: 'delivered', detail: 'HTTP 202' });
    assert.deepEqual(await deliver((r) => r.writeHead(500).end()), { status: 'failed', error: 'HTTP 500' });
    const gone = await deliver((r) => r.writeHead(410).end());
    assert.equal(gone.status === 'failed' && gone.permanent, true);
    assert.deepEqual(await deliver((r) => r.writeHead(429, { 'retry-after': '120' }).end()), {
      status: 'failed',
      error: 'HTTP 429',
      retryAfterMs: 120_000,
    });
    const busy = await deliver((r) =>
      r.writeHead(503, { 'retry-after': new Date(Date.now() + 60_000).toUTCString() }).end(),
    );
    assert.ok(busy.status === 'failed' && busy.retryAfterMs! > 50_000 && busy.retryAfterMs! <= 60_000);

    receiver.reset();
    const moved = await deliver((r) => r.writeHead(302, { location: receiver.url('/elsewhere') }).end());
    assert.equal(moved.status, 'failed');
    assert.match(moved.status === 'failed' ? moved.error : '', /redirects are not followed/);
    assert.equal(moved.status === 'failed' && moved.permanent, undefined);
    assert.deepEqual(
      receiver.requests.map((request) => request.path),
      ['/hook'],
      'the redirect was not followed',
    );

    const timedOut = await deliver(() => undefined, AbortSignal.timeout(200));
    assert.equal(timedOut.status, 'failed');
    assert.match(timedOut.status === 'failed' ? timedOut.error : '', /timed out/);

    const log = await call(relay, 'GET', `/v1/admin/webhooks/${id}/deliveries?limit=200`, adminToken);
    assert.deepEqual(
      log.body.items.map((row: { statusCode: number | null }) => row.statusCode),
      [null, 302, 503, 429, 410, 500, 202],
    );
    assert.equal(log.body.items[6].excerpt, 'ok');
  });

  it('reads at most 4 KiB of an answer and keeps a clean 512-character excerpt', async () => {
    const { id } = await endpoint(['contact.erased']);
    receiver.answer = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      // 8 KiB with control characters, then the answer never ends: reading it to the end would time out.
      response.write(`\u0007bell\r\n${'x'.repeat(8192)}`);
    };
    const outcome = await relay.use('webhooks')!.handler.deliver(job(id), AbortSignal.timeout(5000));
    assert.deepEqual(outcome, { status: 'delivered', detail: 'HTTP 200' });
    const [row] = (await call(relay, 'GET', `/v1/admin/webhooks/${id}/deliveries`, adminToken)).body.items;
    assert.equal(row.excerpt.length, 512);
    assert.ok(row.excerpt.startsWith('bell x'), row.excerpt.slice(0, 20));
    assert.ok(row.latencyMs < 5000);
  });

  it('takes the status as the answer once it has come, the body cut short or the deadline reached during it', async () => {
    const { id } = await endpoint(['contact.erased']);
    const handler = relay.use('webhooks')!.handler;
    // The connection dropped halfway through the body.
    receiver.answer = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100' });
      response.write('accepted', () => response.socket?.destroy());
    };
    assert.deepEqual(await handler.deliver(job(id), AbortSignal.timeout(5000)), {
      status: 'delivered',
      detail: 'HTTP 200',
    });
    // The body never ends; the deadline comes while it is read.
    receiver.answer = (_request, response) => {
      response.writeHead(202, { 'content-type': 'text/plain' });
      response.write('queued');
    };
    assert.deepEqual(await handler.deliver(job(id), AbortSignal.timeout(300)), {
      status: 'delivered',
      detail: 'HTTP 202',
    });
    const rows = (await call(relay, 'GET', `/v1/admin/webhooks/${id}/deliveries`, adminToken)).body.items;
    assert.deepEqual(
      rows.map((row: { statusCode: number; excerpt: string }) => [row.statusCode, row.excerpt]),
      [
        [202, 'queued'],
        [200, 'accepted'],
      ],
    );
  });

  it('skips jobs of disabled and deleted endpoints; a dead job disables the endpoint and emails the admins', async () => {
    const { id } = await endpoint(['contact.erased']);
    await relay.use('webhooks')!.handler.dead(job(id, 29), 'HTTP 500');
    const disabled = (await call(relay, 'GET', '/v1/admin/webhooks', adminToken)).body.items[0];
    assert.equal(disabled.enabled, false);
    assert.match(disabled.disabledReason, /HTTP 500/);
    assert.ok(disabled.disabledAt > 0);
    const emails = await relay.admin.repos.outbox.listOutbox('default', { kind: 'email.admin' }, 10);
    assert.equal(emails.items.length, 1);
    // A second dead job does not email again.
    await relay.use('webhooks')!.handler.dead(job(id, 29), 'HTTP 500');
    assert.equal((await relay.admin.repos.outbox.listOutbox('default', { kind: 'email.admin' }, 10)).items.length, 1);

    assert.deepEqual(await relay.use('webhooks')!.handler.deliver(job(id), AbortSignal.timeout(5000)), {
      status: 'skipped',
      detail: 'the endpoint is disabled',
    });
    await call(relay, 'DELETE', `/v1/admin/webhooks/${id}`, adminToken);
    assert.deepEqual(await relay.use('webhooks')!.handler.deliver(job(id), AbortSignal.timeout(5000)), {
      status: 'skipped',
      detail: 'the endpoint was deleted',
    });
    assert.equal(receiver.requests.length, 0);
  });

  it('delivers every event through a receiver failing for a while: none missing, none doubled after dedup', async () => {
    await endpoint(['message.created']);
    let failures = 6;
    receiver.answer = (_request, response) => {
      if (failures-- > 0) response.writeHead(500).end('not now');
      else response.writeHead(200).end();
    };
    const { client } = await TestClient.hello(relay.wsUrl, { siteKey });
    try {
      const texts = Array.from({ length: 8 }, (_, i) => `message ${i + 1}`);
      for (const [i, text] of texts.entries()) await client.say(`m-${i}`, text);
      const delivered = new Map<string, string>();
      await until(
        () => {
          for (const request of receiver.requests.slice(6)) {
            const event = eventOf(request);
            delivered.set(event.id, event.data.message.text);
          }
          return delivered.size === texts.length;
        },
        'every event',
        { timeoutMs: 10_000 },
      );
      // Once answered 200, in order: a conversation's events reach an endpoint one at a time.
      const accepted = receiver.requests.slice(6).map((request) => eventOf(request).data.message.text);
      assert.deepEqual([...new Set(accepted)], texts);
      assert.deepEqual([...delivered.values()].sort(), [...texts].sort());
    } finally {
      client.close();
    }
  });
});

describe('webhook safety without PARLEY_WEBHOOK_ALLOW_PRIVATE', () => {
  let relay: RunningRelay;
  let receiver: WebhookReceiver;
  before(async () => {
    relay = await start({ webhookAllowPrivate: false });
    receiver = await WebhookReceiver.start();
  });
  after(async () => {
    await relay.close();
    await receiver.close();
  });

  it('classifies addresses, IPv4-mapped IPv6 included', () => {
    const refused = [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '100.64.0.1',
      '169.254.169.254',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fd00:ec2::254',
      'fc00::1',
      'fe80::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:a9fe:a9fe',
    ];
    for (const address of refused) assert.ok(refusedAddress(address), `${address} is refused`);
    for (const address of ['93.184.216.34', '2606:4700:4700::1111', '::ffff:5db8:d822', '172.32.0.1'])
      assert.equal(refusedAddress(address), undefined, `${address} is allowed`);
  });

  /** Every form the guard refuses before connecting (issue #33), with one example each; none is ever connected to. */
  const specialPurpose = [
    // IPv4 special-purpose ranges (IANA), judged as they are and inside IPv6 forms.
    '192.0.0.8',
    '192.0.2.1',
    '198.18.0.1',
    '198.19.255.254',
    '198.51.100.1',
    '203.0.113.9',
    '192.88.99.1',
    '100.127.255.254',
    '240.0.0.1',
    '239.255.255.250',
    // IPv4-mapped, in both notations, and IPv4-translated (refused outright, whatever it carries).
    '::ffff:198.18.0.1',
    '::ffff:c000:8',
    '::ffff:0:127.0.0.1',
    '::ffff:0:8.8.8.8',
    // IPv4-compatible (deprecated): refused outright.
    '::127.0.0.1',
    '::8.8.8.8',
    // NAT64: the well-known prefix is judged by the IPv4 address it carries; the local-use prefix is refused.
    '64:ff9b::127.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '64:ff9b::10.0.0.1',
    '64:ff9b:1::8.8.8.8',
    // 6to4 and Teredo: refused outright (deprecated tunnels; the IPv4 address inside is not the peer's).
    '2002:7f00:1::1',
    '2002:5db8:d822::1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    // IPv6 special-purpose and reserved ranges.
    '2001:db8::1',
    '2001:2::1',
    '100::1',
    '3fff::1',
    'fec0::1',
    'ff05::1:3',
    '5f00::1',
    '4000::1',
  ];

  it('refuses IPv4 inside IPv6 forms, NAT64, 6to4, Teredo and every IANA special-purpose range', () => {
    const allowed = specialPurpose.filter((address) => refusedAddress(address) === undefined);
    assert.deepEqual(allowed, []);
    for (const address of ['8.8.8.8', '198.17.255.255', '198.20.0.1', '192.0.1.1', '64:ff9b::808:808', '2a00::1'])
      assert.equal(refusedAddress(address), undefined, `${address} is allowed`);
    assert.equal(refusedAddress('64:ff9b::127.0.0.1'), 'loopback');
    assert.equal(refusedAddress('198.18.0.1'), 'reserved');
  });

  it('refuses those addresses for webhooks and browser push subscriptions alike, when saved and when resolved', async () => {
    const problems: string[] = [];
    const browser = createECDH('prime256v1');
    const keys = { p256dh: browser.generateKeys().toString('base64url'), auth: 'AAAAAAAAAAAAAAAAAAAAAA' };
    for (const address of specialPurpose) {
      const url = `https://[${address}]/hook`.replace(/^https:\/\/\[(\d+\.\d+\.\d+\.\d+)\]/, 'https://$1');
      const hook = await call(relay, 'POST', '/v1/admin/webhooks', adminToken, { url, events: ['message.created'] });
      if (hook.status !== 400) problems.push(`webhook ${url}: ${hook.status}`);
      // Anything saved by mistake is removed at once: no later event may be delivered there.
      if (hook.status === 201) await call(relay, 'DELETE', `/v1/admin/webhooks/${hook.body.id}`, adminToken);
      const push = await call(relay, 'POST', '/v1/admin/me/push-subscriptions', adminToken, { endpoint: url, keys });
      if (push.status !== 400 || !String(push.body?.error?.message).startsWith('Invalid endpoint: the relay does not'))
        problems.push(`push ${url}: ${push.status} ${JSON.stringify(push.body)}`);
      if (push.status === 201)
        await call(relay, 'DELETE', '/v1/admin/me/push-subscriptions', adminToken, { endpoint: url });
      // At delivery, a name resolving to it: the lookup the request would connect with refuses it. The lookup is
      // called alone, so that nothing connects anywhere even where the guard is wrong.
      const resolvesTo: LookupFunction = (_hostname, _options, callback) =>
        (callback as (e: null, a: LookupAddress[]) => void)(null, [{ address, family: address.includes(':') ? 6 : 4 }]);
      const code = await new Promise<string | undefined>((resolve) =>
        safeLookup(resolvesTo)('hook.example.com', { all: true }, (error) => resolve(error?.code)),
      );
      if (code !== REFUSED_ADDRESS) problems.push(`delivery to a name resolving to ${address}: ${code ?? 'allowed'}`);
    }
    assert.deepEqual(problems, []);
  });

  it('refuses loopback, private and metadata URLs when an endpoint is saved', async () => {
    for (const url of [
      receiver.url(),
      `http://localhost:${receiver.port}/hook`,
      'http://169.254.169.254/latest/meta-data',
      'http://[fd00:ec2::254]/',
      'http://[::ffff:127.0.0.1]/hook',
      'http://10.0.0.8/hook',
    ]) {
      const refused = await call(relay, 'POST', '/v1/admin/webhooks', adminToken, { url, events: ['message.created'] });
      assert.equal(refused.status, 400, url);
      assert.match(refused.body.error.message, /^Invalid body\.url: the relay does not send webhooks to/);
      // The owner of a receiver on their own machine learns how to allow it (issue #36, point 15).
      assert.match(refused.body.error.message, /set PARLEY_WEBHOOK_ALLOW_PRIVATE=1 on the relay/, url);
    }
    const created = await call(relay, 'POST', '/v1/admin/webhooks', adminToken, {
      url: 'https://hooks.example.com/parley',
      events: ['message.created'],
    });
    assert.equal(created.status, 201);
    const moved = await call(relay, 'PATCH', `/v1/admin/webhooks/${created.body.id}`, adminToken, {
      url: 'http://127.0.0.2/',
    });
    assert.equal(moved.status, 400);
    await call(relay, 'DELETE', `/v1/admin/webhooks/${created.body.id}`, adminToken);
  });

  it('refuses at delivery, after DNS resolution, a name that resolves to loopback: a permanent failure', async () => {
    // A name that passed the save-time check, resolving to 127.0.0.1 when delivered (DNS rebinding).
    const created = await call(relay, 'POST', '/v1/admin/webhooks', adminToken, {
      url: `http://rebind.example.com:${receiver.port}/hook`,
      events: ['contact.erased'],
    });
    assert.equal(created.status, 201);
    const rebinding: LookupFunction = (_hostname, options, callback) => {
      if (options.all) (callback as (e: null, a: LookupAddress[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
      else callback(null, '127.0.0.1', 4);
    };
    const response = await postWebhook({
      url: `http://rebind.example.com:${receiver.port}/hook`,
      body: '{}',
      headers: {},
      signal: AbortSignal.timeout(5000),
      allowPrivate: false,
      lookup: rebinding,
    });
    assert.equal(response.ok, false);
    assert.equal(!response.ok && response.refused, true);
    assert.match(!response.ok ? response.error : '', /resolves to 127\.0\.0\.1, a loopback address/);

    // The system's resolver: `localhost` resolves to loopback.
    const local = await postWebhook({
      url: `http://localhost:${receiver.port}/hook`,
      body: '{}',
      headers: {},
      signal: AbortSignal.timeout(5000),
      allowPrivate: false,
    });
    assert.equal(!local.ok && local.refused, true, JSON.stringify(local));

    // Through the handler, with a stored URL whose name resolves to loopback (saved while private addresses were
    // allowed, say): a permanent failure, logged, and nothing reached the receiver.
    const stored = await relay.admin.repos.webhooks.createWebhook({
      id: 'wh_stored_localhost',
      siteId: 'default',
      url: `http://localhost:${receiver.port}/hook`,
      events: ['contact.erased'],
      secretSealed: relay.use('webhooks')!.sealer.seal('whsec_test'),
      enabled: true,
      batch: false,
      disabledReason: null,
      disabledAt: null,
      createdAt: Date.now(),
      updatedAt: Date.now(),
    });
    const outcome = await relay.use('webhooks')!.handler.deliver(job(stored.id), AbortSignal.timeout(5000));
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.status === 'failed' && outcome.permanent, true);
    const [row] = (await call(relay, 'GET', `/v1/admin/webhooks/${stored.id}/deliveries`, adminToken)).body.items;
    assert.match(row.error, /a loopback address/);
    assert.equal(row.statusCode, null);
    assert.equal(receiver.requests.length, 0);
  });
});

describe('docs/webhooks.md', () => {
  it('shows the verification snippet the tests run (docs/examples/verify-webhook.mjs, its line comments aside)', () => {
    const root = new URL('../../../docs/', import.meta.url);
    const doc = readFileSync(new URL('webhooks.md', root), 'utf8');
    const shown = /```js\n([\s\S]*?)\n```/.exec(doc)?.[1];
    const file = readFileSync(new URL('examples/verify-webhook.mjs', root), 'utf8')
      .replace(/^\/\/.*\n/gm, '')
      .trim();
    assert.equal(shown, file);
  });
});
