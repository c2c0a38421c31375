/**
 * Webhooks' message events read from the message log (ADR 0023) on SQLite: order per conversation and endpoint, no
 * outbox row for a delivery that succeeds, a failing receiver turning deliveries into keyed jobs that keep the order,
 * and the same event ids again after the relay is killed mid-batch.
 */
import assert from 'node:assert/strict';
import { afterEach, before, beforeEach, describe, it } from 'node:test';
import type { RunningRelay } from '../src/index.js';
import type { Message } from '@parley/protocol';
import type { LoggedMessage } from '../src/message-log/message-log-queries.js';
import type { DeliveryOutcome, OutboxInsert, OutboxJob } from '../src/outbox/outbox.js';
import type { SqlDb } from '../src/store/sql/sql-db.js';
import type { WebhookHandler } from '../src/webhooks/webhook-handler.js';
import { messageEventId, WebhookLog } from '../src/webhooks/webhook-log.js';
import type { WebhookSubscriptions } from '../src/webhooks/webhook-subscriptions.js';
import { TestClient } from './support/client.js';
import { adminToken, siteKey } from './support/desk.js';
import { RelayProcess } from './support/relay-process.js';
import { tempDir } from './support/temp.js';
import { until } from './support/until.js';
import { webhookDesk } from './support/webhook-desk.js';
import { WebhookReceiver, type ReceivedRequest } from './support/webhook-receiver.js';

interface Event {
  id: string;
  type: string;
  data: { message?: { conversationId: string; seq: number; text: string }; conversation?: { id: string } };
}

const eventOf = (request: ReceivedRequest): Event => JSON.parse(request.body) as Event;

async function call(httpUrl: string, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${httpUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${adminToken}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

/** The `message.created` texts each conversation's events brought to `path`, in arrival order. */
function textsByConversation(requests: readonly ReceivedRequest[], path: string): Map<string, string[]> {
  const texts = new Map<string, string[]>();
  for (const request of requests) {
    if (request.path !== path) continue;
    const { type, data } = eventOf(request);
    if (type !== 'message.created') continue;
    const list = texts.get(data.message!.conversationId) ?? [];
    list.push(data.message!.text);
    texts.set(data.message!.conversationId, list);
  }
  return texts;
}

describe('webhooks from the message log (SQLite)', () => {
  let relay: RunningRelay;
  let receiver: WebhookReceiver;

  const desk = webhookDesk();
  before(() => ({ relay, receiver } = desk));

  it('delivers every conversation in order to every endpoint, with stable ids and no outbox row', async () => {
    await call(relay.httpUrl, 'POST', '/v1/admin/webhooks', {
      url: receiver.url('/a'),
      events: ['conversation.created', 'message.created'],
    });
    await call(relay.httpUrl, 'POST', '/v1/admin/webhooks', { url: receiver.url('/b'), events: ['message.created'] });
    const visitors = await Promise.all(Array.from({ length: 4 }, () => TestClient.hello(relay.wsUrl, { siteKey })));
    const texts = Array.from({ length: 10 }, (_, i) => `message ${i + 1}`);
    try {
      // Every visitor writes at once: the conversations' messages interleave in the log.
      await Promise.all(
        visitors.map(async ({ client }) => {
          for (const [i, text] of texts.entries()) await client.say(`m-${i}`, text);
        }),
      );
      const expected = visitors.length * texts.length;
      await until(() => receiver.requests.length >= expected * 2 + visitors.length, 'every event', {
        timeoutMs: 10_000,
      });
      for (const path of ['/a', '/b']) {
        const byConversation = textsByConversation(receiver.requests, path);
        assert.equal(byConversation.size, visitors.length);
        for (const list of byConversation.values()) assert.deepEqual(list, texts, `in order at ${path}`);
      }
      // conversation.created before the conversation's first message, at the endpoint that wants it.
      for (const { welcome } of visitors) {
        const at = receiver.requests.filter((request) => {
          const event = eventOf(request);
          return (
            request.path === '/a' &&
            (event.data.conversation?.id === welcome.conversationId ||
              event.data.message?.conversationId === welcome.conversationId)
          );
        });
        assert.equal(eventOf(at[0]!).type, 'conversation.created');
        assert.equal(eventOf(at[0]!).id, messageEventId('conversation.created', welcome.conversationId!, 1));
        assert.equal(eventOf(at[1]!).id, messageEventId('message.created', welcome.conversationId!, 1));
      }
      // One event, one id, whatever the endpoint.
      const idsAt = (path: string) =>
        receiver.requests
          .filter((r) => r.path === path && eventOf(r).type === 'message.created')
          .map((r) => eventOf(r).id);
      assert.deepEqual(new Set(idsAt('/a')), new Set(idsAt('/b')));
      assert.equal(new Set(idsAt('/a')).size, expected);
      // Delivered straight from the log: no job was written for any of them.
      const jobs = await relay.admin.repos.outbox.listOutbox('default', { kind: 'webhook' }, 10);
      assert.equal(jobs.items.length, 0);
    } finally {
      for (const { client } of visitors) client.close();
    }
  });

  it('turns what a batch has not started after 2 s into jobs: a slow endpoint, still in order', async () => {
    const slow = await call(relay.httpUrl, 'POST', '/v1/admin/webhooks', {
      url: receiver.url('/slow'),
      events: ['message.created'],
    });
    receiver.answer = (request, response) => {
      if (request.path === '/slow') setTimeout(() => response.writeHead(204).end(), 2500);
      else response.writeHead(204).end();
    };
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    try {
      await client.say('m-0', 'm0');
      await until(() => receiver.requests.length >= 1, 'the first delivery under way');
      // Stored while the first batch waits for the slow endpoint: the next batch holds them all.
      for (const text of ['m1', 'm2', 'm3']) await client.say(text, text);
      await until(
        () => textsByConversation(receiver.requests, '/slow').get(welcome.conversationId!)?.length === 4,
        'all four',
        {
          timeoutMs: 20_000,
        },
      );
      assert.deepEqual(textsByConversation(receiver.requests, '/slow').get(welcome.conversationId!), [
        'm0',
        'm1',
        'm2',
        'm3',
      ]);
      const jobs = await relay.admin.repos.outbox.listOutbox('default', { kind: 'webhook' }, 10);
      assert.ok(jobs.items.length >= 1, 'the batch handed the rest to the outbox');
      for (const job of jobs.items) assert.equal(job.key, `${slow.id}:${welcome.conversationId}`);
    } finally {
      client.close();
    }
  });

  it('sends nothing of what was stored while no endpoint existed to an endpoint made later', async () => {
    const { client } = await TestClient.hello(relay.wsUrl, { siteKey });
    try {
      await client.say('m-0', 'before any endpoint');
      // With no endpoint the consumer reads nothing: its cursor jumps past what is stored.
      await relay.use('webhooks')!.consumer!.drain();
      await call(relay.httpUrl, 'POST', '/v1/admin/webhooks', { url: receiver.url(), events: ['message.created'] });
      await client.say('m-1', 'after the endpoint');
      await until(() => receiver.requests.length >= 1, 'the event');
      await relay.use('webhooks')!.consumer!.drain();
      assert.deepEqual(
        receiver.requests.map((request) => eventOf(request).data.message!.text),
        ['after the endpoint'],
      );
    } finally {
      client.close();
    }
  });

  it('turns deliveries to a failing receiver into jobs that keep the order, retry, and are logged', async () => {
    const created = await call(relay.httpUrl, 'POST', '/v1/admin/webhooks', {
      url: receiver.url('/hook'),
      events: ['message.created'],
    });
    let failures = 3;
    receiver.answer = (_request, response) => {
      if (failures-- > 0) response.writeHead(500).end('not now');
      else response.writeHead(200).end();
    };
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    try {
      const texts = Array.from({ length: 6 }, (_, i) => `message ${i + 1}`);
      for (const [i, text] of texts.entries()) await client.say(`m-${i}`, text);
      await until(
        () => new Set(receiver.requests.slice(3).map((request) => eventOf(request).id)).size === texts.length,
        'every event accepted',
        { timeoutMs: 10_000 },
      );
      const accepted = receiver.requests.slice(3).map((request) => eventOf(request).data.message!.text);
      assert.deepEqual([...new Set(accepted)], texts, 'in order once accepted');
      // Each id is the message's: a retry carries the first attempt's id.
      assert.equal(eventOf(receiver.requests[0]!).id, messageEventId('message.created', welcome.conversationId!, 1));
      // Jobs of this endpoint (earlier tests' endpoints were deleted; their jobs stay listed).
      const jobsOf = async () =>
        (await relay.admin.repos.outbox.listOutbox('default', { kind: 'webhook' }, 50)).items.filter((job) =>
          job.key?.startsWith(`${created.id}:`),
        );
      const jobs = await jobsOf();
      assert.ok(jobs.length >= 1, 'the failed delivery became a job');
      for (const job of jobs) assert.equal(job.key, `${created.id}:${welcome.conversationId}`);
      await until(async () => (await jobsOf()).every((job) => job.status === 'delivered'), 'the jobs delivered');
      // The delivery log has the attempts made from the log and the jobs' attempts.
      const log = await until(async () => {
        const page = await relay.admin.repos.webhooks.listWebhookDeliveries('default', created.id, undefined, 100);
        return page.items.length >= receiver.requests.length ? page.items : undefined;
      }, 'the delivery log');
      assert.equal(log.filter((row) => row.outcome === 'failed').length, 3);
      assert.ok(log.some((row) => row.jobId.startsWith('ml_')));
      assert.ok(log.some((row) => row.jobId.startsWith('ob_')));
    } finally {
      client.close();
    }
  });
});

describe('webhooks from the message log: a relay killed mid-batch', () => {
  it('delivers every event again with the same id after SIGKILL, none lost', async () => {
    const receiver = await WebhookReceiver.start();
    const env = {
      PARLEY_DATA_DIR: tempDir('parley-webhook-log-kill-'),
      PARLEY_SITE_KEY: siteKey,
      PARLEY_ADMIN_TOKEN: adminToken,
      PARLEY_WEBHOOK_ALLOW_PRIVATE: 'true',
      PARLEY_RATE_LIMIT_BURST: '1000',
      PARLEY_RATE_LIMIT_PER_SECOND: '1000',
    };
    // The receiver takes the first events, then stops answering: the batch under way never finishes.
    let answered = 0;
    receiver.answer = (_request, response) => {
      if (answered++ < 3) response.writeHead(204).end();
    };
    let first: RelayProcess | undefined = await RelayProcess.start(env);
    let second: RelayProcess | undefined;
    try {
      await call(first.httpUrl, 'POST', '/v1/admin/webhooks', { url: receiver.url(), events: ['message.created'] });
      const conversations: string[] = [];
      for (let v = 0; v < 3; v++) {
        const { client, welcome } = await TestClient.hello(first.wsUrl, { siteKey });
        for (let i = 0; i < 4; i++) await client.say(`m-${i}`, `visitor ${v} message ${i + 1}`);
        conversations.push(welcome.conversationId!);
        client.close();
      }
      await until(() => receiver.requests.length >= 4, 'deliveries under way');
      const before = receiver.requests.map((request) => eventOf(request).id);
      await first.kill('SIGKILL');
      first = undefined;

      receiver.answer = (_request, response) => response.writeHead(204).end();
      second = await RelayProcess.start(env);
      const expected = conversations.flatMap((id) =>
        [1, 2, 3, 4].map((seq) => messageEventId('message.created', id, seq)),
      );
      await until(
        () => expected.every((id) => receiver.requests.some((request) => eventOf(request).id === id)),
        'every event after the restart',
        { timeoutMs: 15_000 },
      );
      const ids = receiver.requests.map((request) => eventOf(request).id);
      assert.deepEqual(new Set(ids), new Set(expected), 'no event with another id');
      // What was sent and never answered before the kill came again, under the same ids (the receiver deduplicates
      // on them).
      const after = receiver.requests.slice(before.length).map((request) => eventOf(request).id);
      assert.ok(before.length > 3);
      for (const id of before.slice(3)) assert.ok(after.includes(id), `${id} again after the restart`);
    } finally {
      await first?.kill('SIGKILL');
      await second?.kill('SIGTERM');
      await receiver.close();
    }
  });
});

describe('webhooks from the message log: how long a request may take', () => {
  /** Stand-ins: a log of `count` messages in conversations of their own, one endpoint (not batching) that wants them. */
  function batchOf(count: number): LoggedMessage[] {
    return Array.from({ length: count }, (_, i) => ({
      position: { txid: '1', id: i + 1 },
      siteId: 'default',
      message: {
        id: String(i + 1),
        conversationId: `c_${i}`,
        seq: 2,
        clientId: `m_${i}`,
        ts: 1,
        kind: 'text',
        text: `message ${i}`,
        author: { role: 'visitor', id: 'v_1' },
      } as unknown as Message,
    }));
  }

  /** A log whose handler never answers on its own: each attempt ends when its signal aborts. */
  function hangingLog(timeoutMs: number, batchMs: number) {
    const aborted: Array<{ reason: unknown; afterMs: number }> = [];
    const signals = new Set<AbortSignal>();
    let attempts = 0;
    const jobs: OutboxInsert[] = [];
    const started = performance.now();
    const handler = {
      timeoutMs,
      endpoint: async () => ({ batch: false }),
      deliver: (_job: OutboxJob, signal: AbortSignal) =>
        new Promise<DeliveryOutcome>((resolve) => {
          attempts += 1;
          signals.add(signal);
          signal.addEventListener('abort', () => {
            aborted.push({ reason: signal.reason, afterMs: performance.now() - started });
            resolve({ status: 'failed', error: 'cut short' });
          });
        }),
    } as unknown as WebhookHandler;
    const db = { dialect: 'sqlite', all: async () => [] } as unknown as SqlDb;
    const subscriptions = {
      hasAny: () => true,
      endpoints: () => ['wh_1'],
    } as unknown as WebhookSubscriptions;
    const log = new WebhookLog({
      db,
      repos: { outbox: { enqueueOutbox: async (items: readonly OutboxInsert[]) => void jobs.push(...items) } } as never,
      subscriptions,
      handler,
      log: { debug() {}, info() {}, warn() {}, error() {} } as never,
      batchMs,
    });
    return { log, aborted, signals, jobs, attempts: () => attempts };
  }

  // The relay's timers are unref'd (its sockets keep it alive): here something must.
  let alive: NodeJS.Timeout;
  beforeEach(() => void (alive = setInterval(() => {}, 1000)));
  afterEach(() => clearInterval(alive));

  it("gives a batch's requests one timeout: the handler's time after the last may start, then each becomes a job", async () => {
    const { log, aborted, signals, jobs } = hangingLog(150, 100);
    await log.handle(batchOf(5));
    assert.equal(aborted.length, 5, 'every attempt cut short');
    assert.equal(signals.size, 1, 'one signal for the batch');
    for (const { reason, afterMs } of aborted) {
      assert.equal((reason as Error).name, 'TimeoutError');
      assert.ok(afterMs >= 240, `after ${afterMs.toFixed(0)} ms: at least batchMs + timeoutMs`);
    }
    assert.deepEqual(
      jobs.map((job) => job.conversationId),
      ['c_0', 'c_1', 'c_2', 'c_3', 'c_4'],
      'the failed deliveries are jobs',
    );
  });

  it('cuts the requests under way short when the relay stops, and makes them jobs', async () => {
    const { log, aborted, jobs, attempts } = hangingLog(60_000, 100);
    const handled = log.handle(batchOf(3));
    await until(() => attempts() === 3, 'the attempts started');
    log.stop();
    await handled;
    assert.equal(aborted.length, 3);
    for (const { reason, afterMs } of aborted) {
      assert.match((reason as Error).message, /shutting down/);
      assert.ok(afterMs < 5000, 'at the stop, not at the timeout');
    }
    assert.equal(jobs.length, 3);
  });
});
