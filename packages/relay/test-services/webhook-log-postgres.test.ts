/**
 * The message log on PostgreSQL (ADR 0023): a consumer reads below the oldest transaction in flight, so a
 * transaction that inserted a message and commits after a later one is never stepped over; and two relays on one
 * database deliver each webhook event once. Needs PostgreSQL (`PARLEY_TEST_DATABASE_URL`, by default
 * `postgres://postgres@127.0.0.1:5432/test`).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { ERASURE_PLAN, MIGRATIONS } from '../src/features/features.js';
import { createLogger } from '../src/log.js';
import { LogConsumer } from '../src/message-log/log-consumer.js';
import type { LoggedMessage } from '../src/message-log/message-log-queries.js';
import { openPostgresAdminDb } from '../src/store/postgres-admin-db.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import { DEFAULT_SITE_ID } from '../src/store/store.js';
import { messageEventId } from '../src/webhooks/webhook-log.js';
import { TestClient } from '../test/support/client.js';
import { adminToken, siteKey } from '../test/support/desk.js';
import { RelayProcess } from '../test/support/relay-process.js';
import { until } from '../test/support/until.js';
import { WebhookReceiver, type ReceivedRequest } from '../test/support/webhook-receiver.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_msglog');
after(() => schemas.dropAll());

/**
 * How long a read below the watermark may wait: the watermark is the whole server's oldest transaction in flight, and
 * CI runs other suites' transactions (a REINDEX CONCURRENTLY, a report's build) beside these on the same server.
 */
const WATERMARK_WAIT = { timeoutMs: 60_000 };

/** A schema of its own, migrated, with the default site (key `siteKey`): its message store and its admin side. */
async function openDatabase(siteKey: string) {
  const { connectionString } = await schemas.create();
  const store = new PostgresStore({ connectionString, migrations: MIGRATIONS });
  await store.init();
  await store.upsertSite({
    id: DEFAULT_SITE_ID,
    name: 'Test',
    siteKey,
    allowedOrigins: ['*'],
    identitySecret: 'secret',
    requireIdentity: false,
  });
  return { connectionString, store, admin: openPostgresAdminDb({ connectionString, erasure: ERASURE_PLAN }) };
}

describe('the message log on PostgreSQL', () => {
  it('reads a late commit with a lower id once it commits, never stepping over it', async () => {
    const { connectionString, store, admin } = await openDatabase('sk_msglog');
    const late = new pg.Client({ connectionString });
    await late.connect();
    const handled: LoggedMessage[] = [];
    const consumer = new LogConsumer({
      name: 'test',
      db: admin.sql,
      log: createLogger('silent'),
      handle: async (batch) => void handled.push(...batch),
    });
    const append = (clientId: string, text: string, conversationId = 'c_log') =>
      store.append({
        siteId: DEFAULT_SITE_ID,
        conversationId,
        visitorId: 'v1',
        clientId,
        author: { role: 'visitor', id: 'v1' },
        text,
        kind: 'text',
      });
    try {
      await append('m0', 'before the consumer', 'c_late');
      await consumer.drain(); // the cursor starts at the log's end
      await append('m1', 'first');
      // Any transaction in flight on the server (another test's, another database's) holds the watermark back; one in
      // flight as the cursor was made also puts it below m0 (a new consumer never skips what may still commit before
      // its start), so m0 may come too: what this test follows is what came after it.
      const followed = () => handled.filter((logged) => logged.message.clientId !== 'm0');
      const texts = () => followed().map((logged) => logged.message.text);
      const drainUntil = (count: number, what: string) =>
        until(
          async () => {
            await consumer.drain();
            return followed().length === count;
          },
          what,
          WATERMARK_WAIT,
        );
      await drainUntil(1, 'the first message');
      assert.deepEqual(texts(), ['first']);

      // A transaction inserts a message (the lower id) and stays open while a later one commits (in another
      // conversation: the insert's foreign key would hold back the append's lock on its own).
      await late.query('BEGIN');
      const [inserted] = (
        await late.query<{ id: string }>(
          `INSERT INTO messages (conversation_id, seq, client_id, author_role, author_id, text, kind, ts)
           VALUES ('c_late', 100, 'late', 'visitor', 'v1', 'late', 'text', 1) RETURNING id`,
        )
      ).rows;
      const { message: later } = await append('m2', 'later');
      assert.ok(Number(inserted!.id) < Number(later.id), 'the open transaction holds the lower id');
      await consumer.drain();
      assert.deepEqual(texts(), ['first'], 'nothing past the transaction in flight');

      await late.query('COMMIT');
      await drainUntil(3, 'both messages');
      assert.deepEqual(texts(), ['first', 'late', 'later'], 'the late commit, then what came after it');
      await consumer.drain();
      assert.equal(followed().length, 3, 'each once');
      assert.ok(handled.length <= 4, 'm0 at most once');
    } finally {
      await consumer.stop();
      await late.end();
      await admin.close();
      await store.close();
    }
  });

  it('hands a conversation’s messages in its order when a lower sequence reaches the log after a higher one', async () => {
    const { connectionString, store, admin } = await openDatabase('sk_crossed');
    const [first, second] = [new pg.Client({ connectionString }), new pg.Client({ connectionString })];
    await first.connect();
    await second.connect();
    const handled: LoggedMessage[][] = [];
    // One message a batch: the crossing falls on a batch's edge, where sorting a batch alone would not help.
    const consumer = new LogConsumer({
      name: 'crossed',
      db: admin.sql,
      log: createLogger('silent'),
      batchSize: 1,
      handle: async (batch) => void handled.push([...batch]),
    });
    const insert = (client: pg.Client, seq: number) =>
      client.query(
        `INSERT INTO messages (conversation_id, seq, client_id, author_role, author_id, text, kind, ts)
         VALUES ('c_cross', $1, $2, 'visitor', 'v1', $3, 'text', 1)`,
        [seq, `cross-${seq}`, `seq ${seq}`],
      );
    try {
      await store.append({
        siteId: DEFAULT_SITE_ID,
        conversationId: 'c_cross',
        visitorId: 'v1',
        clientId: 'cross-1',
        author: { role: 'visitor', id: 'v1' },
        text: 'seq 1',
        kind: 'text',
      });
      await consumer.drain(); // the cursor starts at the log's end, after seq 1
      // The first transaction takes the lower transaction id but writes the later sequence, as one relay's group
      // commit does when it waited for the other's lock on the conversation; the second commits first.
      await first.query('BEGIN');
      await first.query('SELECT pg_current_xact_id()');
      await second.query('BEGIN');
      await second.query('SELECT pg_current_xact_id()');
      await insert(second, 2);
      await second.query('COMMIT');
      await insert(first, 3);
      await first.query('COMMIT');
      // A transaction in flight elsewhere on the server as the cursor was made puts it below seq 1 (by design: a new
      // consumer never skips what may still commit before its start): seq 1 may then come too, first.
      const followed = () => handled.flat().filter((logged) => logged.message.text !== 'seq 1');
      await until(
        async () => {
          await consumer.drain();
          return followed().length >= 2;
        },
        'both messages',
        WATERMARK_WAIT,
      );
      await consumer.drain();
      const texts = handled.flat().map((logged) => logged.message.text);
      assert.deepEqual(
        texts.filter((text) => text !== 'seq 1'),
        ['seq 2', 'seq 3'],
        'in the conversation’s order, each once',
      );
      assert.ok(texts.indexOf('seq 1') <= 0 && texts.lastIndexOf('seq 1') <= 0, 'seq 1, if at all, once and first');
    } finally {
      await consumer.stop();
      await first.end();
      await second.end();
      await admin.close();
      await store.close();
    }
  });

  for (const batch of [false, true])
    it(`two relays on one database deliver each webhook event once${batch ? ', in batches' : ''}`, async () => {
      const schema = await schemas.create();
      const receiver = await WebhookReceiver.start();
      const env = {
        PARLEY_STORE: 'postgres',
        PARLEY_DATABASE_URL: schema.url(),
        PARLEY_SITE_KEY: siteKey,
        PARLEY_ADMIN_TOKEN: adminToken,
        PARLEY_RELAY_SECRET: 'webhook-log-test-relay-secret-0123456789abcdef',
        PARLEY_DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
        PARLEY_WEBHOOK_ALLOW_PRIVATE: 'true',
        PARLEY_RATE_LIMIT_BURST: '1000',
        PARLEY_RATE_LIMIT_PER_SECOND: '1000',
      };
      const relays: RelayProcess[] = [];
      try {
        relays.push(await RelayProcess.start(env));
        const created = await fetch(`${relays[0]!.httpUrl}/v1/admin/webhooks`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ url: receiver.url(), events: ['message.created'], batch }),
        });
        assert.equal(created.status, 201);
        // The second relay reads the endpoint at start (each relay reads subscriptions again every 30 s).
        relays.push(await RelayProcess.start(env));
        const expected: string[] = [];
        const byConversation = new Map<string, string[]>();
        await Promise.all(
          relays.flatMap((relay, r) =>
            [0, 1].map(async (v) => {
              const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
              const texts: string[] = [];
              for (let i = 1; i <= 5; i++) {
                const text = `relay ${r} visitor ${v} message ${i}`;
                await client.say(`m-${i}`, text);
                texts.push(text);
                expected.push(messageEventId('message.created', welcome.conversationId!, i));
              }
              byConversation.set(welcome.conversationId!, texts);
              client.close();
            }),
          ),
        );
        type Event = { id: string; data: { message: { conversationId: string; text: string } } };
        // A batch's events, or a single request's one.
        const eventsOf = (request: ReceivedRequest): Event[] => {
          const body = JSON.parse(request.body) as Event & { events?: Event[] };
          assert.equal(body.events !== undefined, batch, 'the endpoint’s format');
          return body.events ?? [body];
        };
        const received = (): Event[] => receiver.requests.flatMap(eventsOf);
        await until(() => received().length >= expected.length, 'every event', { timeoutMs: 15_000 });
        // Past two polls of both relays: nothing more comes.
        await new Promise((resolve) => setTimeout(resolve, 2500));
        const ids = received().map((event) => event.id);
        assert.equal(ids.length, expected.length, 'each event once');
        assert.deepEqual(new Set(ids), new Set(expected));
        for (const [conversationId, texts] of byConversation) {
          const arrived = received()
            .filter((event) => event.data.message.conversationId === conversationId)
            .map((event) => event.data.message.text);
          assert.deepEqual(arrived, texts, 'in order per conversation');
        }
      } finally {
        for (const relay of relays) await relay.kill('SIGTERM');
        await receiver.close();
      }
    });
});
