import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RetentionJob } from '../src/admin/retention.js';
import { ERASURE_PLAN } from '../src/features/features.js';
import { erasedTables } from '../src/store/erasure-plan.js';
import type { RunningRelay } from '../src/index.js';
import { TestClient } from '../test/support/client.js';
import { call, siteKey, startDesk } from '../test/support/desk.js';
import { until } from '../test/support/until.js';
import { WebhookReceiver } from '../test/support/webhook-receiver.js';
import { TestSchemas, type TestSchema } from './support/postgres.js';

const schemas = new TestSchemas('parley_privacy');
after(() => schemas.dropAll());

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Which of `words` any tuple (live or dead, not yet vacuumed away) of the schema's tables still holds, read
 * with pageinspect's heap_page_items, page by page, or any page of its indexes: what a copy of the files shows.
 */
async function tuplesHolding(schema: TestSchema, words: readonly string[]): Promise<string[]> {
  await schema.query('CREATE EXTENSION IF NOT EXISTS pageinspect WITH SCHEMA public');
  const tables = await schema.query<{ oid: number; name: string }>(
    `SELECT c.oid::int AS oid, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind IN ('r', 't')`,
    [schema.name],
  );
  const hits: string[] = [];
  for (const table of tables) {
    for (const word of words) {
      const [row] = await schema.query<{ n: number }>(
        `SELECT count(*)::int AS n
         FROM generate_series(0, pg_relation_size($1::oid) / current_setting('block_size')::int - 1) AS block,
              LATERAL public.heap_page_items(public.get_raw_page($1::oid::regclass::text, block::int)) AS item
         WHERE position(convert_to($2, 'UTF8') IN coalesce(item.t_data, ''::bytea)) > 0`,
        [table.oid, word],
      );
      if (row!.n > 0) hits.push(`${table.name}: ${word}`);
    }
  }
  // Indexes hold keys, not tuples: their raw pages are searched (the full-text index keeps every word it saw).
  const indexes = await schema.query<{ oid: number; name: string }>(
    `SELECT c.oid::int AS oid, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind = 'i'`,
    [schema.name],
  );
  for (const index of indexes) {
    for (const word of words) {
      const [row] = await schema.query<{ n: number }>(
        `SELECT count(*)::int AS n
         FROM generate_series(0, pg_relation_size($1::oid) / current_setting('block_size')::int - 1) AS block
         WHERE position(convert_to($2, 'UTF8') IN public.get_raw_page($1::oid::regclass::text, block::int)) > 0`,
        [index.oid, word],
      );
      if (row!.n > 0) hits.push(`${index.name} (index): ${word}`);
    }
  }
  return hits;
}

describe('privacy on PostgreSQL', () => {
  let relay: RunningRelay;
  let schema: TestSchema;
  let receiver: WebhookReceiver;
  before(async () => {
    schema = await schemas.create();
    receiver = await WebhookReceiver.start();
    relay = await startDesk({
      ipRateLimitPerSecond: 0,
      store: 'postgres',
      databaseUrl: schema.connectionString,
      identitySecret: 'pg-identity-secret-marker-0123456789',
      webhookAllowPrivate: true,
    });
  });
  after(async () => {
    await relay.close();
    await receiver.close();
  });

  it('keeps the identity secret sealed: no tuple holds it in plaintext', async () => {
    const [row] = await schema.query<{ identity_secret: string }>(
      `SELECT identity_secret FROM "${schema.name}".sites WHERE id = 'default'`,
    );
    assert.match(row!.identity_secret, /^sealed:v1:/);
    assert.deepEqual(await tuplesHolding(schema, ['pg-identity-secret-marker-0123456789']), []);
  });

  it('erases a contact so that no tuple holds their messages, notes, name, email or labels after VACUUM', async () => {
    const words = ['pgquokkamarker', 'pgnarwhalnote', 'Pgzebedeename', 'pgmail@privacy.example', 'pglabelwombat'];
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, name: words[2], email: words[3] });
    await client.say('m-1', `hello ${words[0]}`);
    await call(relay, 'POST', `/v1/admin/conversations/${welcome.conversationId}/messages`, {
      id: 'n-1',
      text: `private ${words[1]}`,
      note: true,
    });
    await call(relay, 'PATCH', `/v1/admin/conversations/${welcome.conversationId}`, { labels: [words[4]] });
    assert.equal((await call(relay, 'GET', `/v1/admin/conversations?q=${words[0]}`)).body.items.length, 1);
    client.close();
    await relay.admin.flushContacts();
    assert.notDeepEqual(await tuplesHolding(schema, words), [], 'the words are there before');

    assert.equal((await call(relay, 'DELETE', `/v1/admin/contacts/${welcome.visitorId}`)).status, 204);
    assert.deepEqual(await tuplesHolding(schema, words), []);
  });

  it('erases a contact so that no tuple holds the webhook events still owed about them', async () => {
    // The receiver fails: the event (the message's text in it) waits in the outbox, its payload in a table of its own.
    receiver.answer = (_request, response) => response.writeHead(500).end();
    const hook = await call(relay, 'POST', '/v1/admin/webhooks', { url: receiver.url(), events: ['message.created'] });
    assert.equal(hook.status, 201);
    const word = 'pgwebhookpangolin';
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    try {
      await client.say('m-1', `owed ${word}`);
      await until(
        async () => (await call(relay, 'GET', '/v1/admin/outbox?kind=webhook')).body.items.length === 1,
        'the failed delivery became a job',
      );
      assert.ok((await tuplesHolding(schema, [word])).includes(`outbox_payload: ${word}`), 'the job holds it');

      assert.equal((await call(relay, 'DELETE', `/v1/admin/contacts/${welcome.visitorId}`)).status, 204);
      assert.deepEqual((await call(relay, 'GET', '/v1/admin/outbox?kind=webhook')).body.items, []);
      assert.deepEqual(await tuplesHolding(schema, [word]), []);
    } finally {
      client.close();
      await call(relay, 'DELETE', `/v1/admin/webhooks/${hook.body.id}`);
    }
  });

  it('vacuums every table an erasure deletes from, each feature’s included', async () => {
    const vacuumed = async (): Promise<Map<string, number>> =>
      new Map(
        (
          await schema.query<{ name: string; n: number }>(
            'SELECT relname AS name, vacuum_count::int AS n FROM pg_stat_user_tables WHERE schemaname = $1',
            [schema.name],
          )
        ).map(({ name, n }) => [name, n]),
      );
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey });
    await client.say('m-1', 'to be erased');
    client.close();
    const before = await vacuumed();
    assert.equal((await call(relay, 'DELETE', `/v1/admin/contacts/${welcome.visitorId}`)).status, 204);
    const after = await vacuumed();
    const tables = erasedTables(ERASURE_PLAN);
    assert.ok(tables.includes('outbox_payload') && tables.includes('message_edits') && tables.length > 20);
    assert.deepEqual(
      tables.filter((table) => !((after.get(table) ?? 0) > (before.get(table) ?? 0))),
      [],
      'tables not vacuumed',
    );
  });

  it('erases old conversations by retention with the same completeness', async () => {
    await call(relay, 'PATCH', '/v1/admin/settings', { retentionDays: 7 });
    const words = ['pgretentionmarker', 'Pgoldname'];
    const { client, welcome } = await TestClient.hello(relay.wsUrl, { siteKey, name: words[1] });
    await client.say('m-1', `old ${words[0]}`);
    client.close();
    await relay.admin.flushContacts();
    const now = Date.now() + 8 * dayMs;
    const job = new RetentionJob({ repos: relay.admin.repos, core: relay.admin.core, defaultDays: 0, now: () => now });
    assert.deepEqual(await job.run(), { conversations: 1, messages: 1, contacts: 1 });
    assert.equal((await call(relay, 'GET', `/v1/admin/contacts/${welcome.visitorId}`)).status, 404);
    assert.deepEqual(await tuplesHolding(schema, words), []);
    const audit = await call(relay, 'GET', '/v1/admin/audit?action=retention.erase');
    assert.equal(audit.body.items[0].details.conversations, 1);
  });
});
