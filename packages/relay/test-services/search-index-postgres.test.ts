/**
 * PostgreSQL's full-text index off the message path (issue #87, decision 2): the desk's `search` consumer of the
 * message log fills `message_search` behind its durable cursor. Real relay processes on a fresh schema: a message is
 * indexed within a second of its acknowledgement; a relay killed (SIGKILL, by the fixture's fault) right after it
 * committed a message, before anything read the log, leaves it unindexed, and the relay started again catches up
 * (an admin search at once, the consumer once the dead relay's lease has run out); erasing the contact removes the
 * vectors with the messages.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from '../test/support/client.js';
import { adminToken, siteKey } from '../test/support/desk.js';
import { RelayProcess } from '../test/support/relay-process.js';
import { until } from '../test/support/until.js';
import { TestSchemas, type TestSchema } from './support/postgres.js';

const killMarker = 'kill-after-commit';
const schemas = new TestSchemas('parley_search');
let schema: TestSchema;
const started: RelayProcess[] = [];

async function relay(extra: Record<string, string> = {}): Promise<RelayProcess> {
  const process = await RelayProcess.start({
    PARLEY_STORE: 'postgres',
    PARLEY_DATABASE_URL: schema.url(),
    PARLEY_SITE_KEY: siteKey,
    PARLEY_ADMIN_TOKEN: adminToken,
    PARLEY_RELAY_SECRET: 'search-index-test-relay-secret-0123456789abcdef',
    PARLEY_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
    PARLEY_RATE_LIMIT_BURST: '0',
    PARLEY_IP_RATE_LIMIT_BURST: '0',
    PARLEY_MAX_CONNECTIONS_PER_IP: '0',
    PARLEY_NEW_CONVERSATIONS_PER_ADDRESS_PER_HOUR: '0',
    ...extra,
  });
  started.push(process);
  return process;
}

async function indexed(clientId: string): Promise<boolean> {
  const rows = await schema.query(
    'SELECT 1 FROM $schema.message_search s JOIN $schema.messages m ON m.id = s.id WHERE m.client_id = $1',
    [clientId],
  );
  return rows.length === 1;
}

async function search(at: RelayProcess, q: string): Promise<string[]> {
  const response = await fetch(`${at.httpUrl}/v1/admin/conversations?q=${encodeURIComponent(q)}`, {
    headers: { authorization: `Bearer ${adminToken}` },
  });
  assert.equal(response.status, 200);
  return ((await response.json()) as { items: Array<{ id: string }> }).items.map((item) => item.id);
}

describe('the full-text index from the message log (PostgreSQL)', () => {
  before(async () => {
    schema = await schemas.create();
  });
  after(async () => {
    await Promise.all(started.map((process) => process.kill('SIGTERM')));
    await schemas.dropAll();
  });

  it('indexes a message within a second of its acknowledgement, off its transaction', async () => {
    const r = await relay();
    const { client, welcome } = await TestClient.hello(r.wsUrl, { siteKey });
    try {
      await client.say('s-1', 'hello pangolinword');
      const acked = Date.now();
      // Searchable at once: a search first indexes what lies after the consumer's cursor (the promise is a second).
      assert.deepEqual(await search(r, 'pangolinw'), [welcome.conversationId]);
      assert.ok(Date.now() - acked < 1000, `searchable ${Date.now() - acked} ms after its acknowledgement`);
      await client.say('s-2', 'hello numbatword');
      // And the consumer fills the index by itself, off the message's transaction (a loaded CI machine's first
      // read after a start may take longer than a quiet one's few tens of ms).
      await until(() => indexed('s-2'), 'the vector', { timeoutMs: 5000, intervalMs: 10 });
    } finally {
      client.close();
      await r.kill('SIGTERM');
    }
  });

  it('catches up after a SIGKILL between the commit and the index, and erasure takes the vectors away', async () => {
    const k = await relay({ PARLEY_TEST_KILL_AFTER_COMMIT: killMarker });
    const { client: doomed, welcome } = await TestClient.hello(k.wsUrl, { siteKey });
    doomed.send({ type: 'send', id: 'k-1', conversationId: welcome.conversationId, text: `${killMarker} quokkaword` });
    assert.equal((await k.exited).signal, 'SIGKILL');
    const [stored] = await schema.query('SELECT id FROM $schema.messages WHERE client_id = $1', ['k-1']);
    assert.ok(stored, 'committed');
    assert.equal(await indexed('k-1'), false, 'killed before anything indexed it');

    const r = await relay();
    // The killed relay's lease on the cursor runs out (30 s); the test lets it run out now.
    await schema.query(`UPDATE $schema.log_cursors SET lease_until = 0 WHERE name = 'search'`);
    await until(() => indexed('k-1'), 'the consumer to catch up', { timeoutMs: 5000 });
    assert.deepEqual(await search(r, 'quokkaword'), [welcome.conversationId]);

    const erased = await fetch(`${r.httpUrl}/v1/admin/contacts/${welcome.visitorId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${adminToken}` },
    });
    assert.equal(erased.status, 204);
    assert.deepEqual(await schema.query('SELECT id FROM $schema.message_search WHERE id = $1', [stored.id]), []);
    assert.deepEqual(await search(r, 'quokkaword'), []);
    // Stopped, it lets go of the cursor: the next test's relays take it over at once.
    await r.kill('SIGTERM');
  });

  it('finds at once, by an admin search, a message the consumer has not reached', async () => {
    const k = await relay({ PARLEY_TEST_KILL_AFTER_COMMIT: killMarker });
    const { client: doomed, welcome } = await TestClient.hello(k.wsUrl, { siteKey });
    doomed.send({ type: 'send', id: 'k-2', conversationId: welcome.conversationId, text: `${killMarker} wombatword` });
    assert.equal((await k.exited).signal, 'SIGKILL');
    assert.equal(await indexed('k-2'), false);
    const r = await relay();
    // The dead relay's lease still runs: the consumer waits, the search indexes what lies after its cursor.
    assert.deepEqual(await search(r, 'wombatword'), [welcome.conversationId]);
    assert.equal(await indexed('k-2'), true);
  });
});
