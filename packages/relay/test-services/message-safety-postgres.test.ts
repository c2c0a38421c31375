/**
 * Message safety on PostgreSQL with two relays (issue #39): a site's settings saved through one relay apply on the
 * other within its poll; a message redacted on one is revealed (masked parts) through the other; and the originals
 * are nowhere in the schema's rows nor in the server's write-ahead log.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { DEFAULT_SAFETY, type SafetySettings } from '@parley/protocol/admin';
import { luhn } from '@parley/protocol/sensitive';
import type { RunningRelay } from '../src/index.js';
import { TestClient } from '../test/support/client.js';
import { adminToken, siteKey, startDesk } from '../test/support/desk.js';
import { until } from '../test/support/until.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_safety');

async function call(relay: RunningRelay, method: string, path: string, body?: unknown) {
  const response = await fetch(`${relay.httpUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as any) : undefined };
}

/**
 * A Visa number no other test uses (random, with its Luhn digit), so that finding it in the server's WAL, which
 * every database of the server shares, can only mean this test's relays wrote it.
 */
function uniqueCard(): string {
  for (;;) {
    const body = `4${Array.from({ length: 14 }, () => Math.floor(Math.random() * 10)).join('')}`;
    for (let check = 0; check < 10; check++) if (luhn(`${body}${check}`)) return `${body}${check}`;
  }
}

const spaced = (digits: string) => digits.replace(/(\d{4})(?=\d)/g, '$1 ');

describe('message safety on PostgreSQL with two relays', () => {
  let relays: [RunningRelay, RunningRelay];
  let connectionString: string;
  before(async () => {
    ({ connectionString } = await schemas.create('two'));
    const options = {
      relaySecret: 'relay-secret-safety-pg-0123456789',
      dataKey: Buffer.alloc(32, 9).toString('base64'),
      ipRateLimitPerSecond: 0,
      adminRateLimitPerSecond: 0,
      store: 'postgres' as const,
      databaseUrl: connectionString,
      safetyPollMs: 100,
    };
    relays = [await startDesk(options), await startDesk(options)];
  });
  after(async () => {
    for (const relay of relays ?? []) await relay.close();
    await schemas.dropAll();
  });

  it('applies a save through one relay on the other, and reveals through either', async () => {
    const [a, b] = relays;
    const settings: SafetySettings = {
      ...DEFAULT_SAFETY,
      sensitive: { card: 'mask', iban: 'allow', ssn: 'allow', secret: 'redact' },
    };
    assert.equal((await call(a, 'PUT', '/v1/admin/safety', settings)).status, 200);
    const card = spaced(uniqueCard());
    const { client } = await TestClient.hello(b.wsUrl, { siteKey }, { protocol: 'parley.v3' });
    // Within b's poll, its welcome says what the site now hides.
    await until(async () => {
      const { client: probe, welcome } = await TestClient.hello(b.wsUrl, { siteKey }, { protocol: 'parley.v3' });
      probe.close();
      return welcome.safety?.hides.join(',') === 'card,secret';
    }, 'the save seen by the other relay');
    const ack = await client.say('m1', `card ${card} please`);
    assert.equal(ack.text, `card [card ending ${card.slice(-4)}] please`);
    assert.deepEqual(ack.redacted, { kinds: ['card'], sealed: true });
    const revealed = await call(a, 'POST', `/v1/admin/conversations/${ack.conversationId}/messages/${ack.seq}/reveal`);
    assert.equal(revealed.status, 200);
    assert.equal(revealed.body.text, `card ${card} please`);
    client.close();
  });

  it('keeps the originals out of every row of the schema and out of the write-ahead log', async () => {
    const [a] = relays;
    assert.equal((await call(a, 'PUT', '/v1/admin/safety', DEFAULT_SAFETY)).status, 200);
    const db = new pg.Client({ connectionString });
    await db.connect();
    try {
      const [{ data_directory: dataDirectory }] = (await db.query('SHOW data_directory')).rows;
      const walDir = join(dataDirectory as string, 'pg_wal');
      const startedAt = Date.now();
      const card = uniqueCard();
      const { client } = await TestClient.hello(a.wsUrl, { siteKey }, { protocol: 'parley.v3' });
      const ack = await client.say('m1', `my card ${spaced(card)}, thanks`);
      assert.equal(ack.text, `my card [card ending ${card.slice(-4)}], thanks`);
      client.close();
      // Every WAL record of the append is flushed by its commit; the segment files in use hold them.
      const segments = readdirSync(walDir)
        .filter((name) => /^[0-9A-F]{24}$/.test(name))
        .map((name) => join(walDir, name))
        .filter((path) => statSync(path).mtimeMs >= startedAt - 1000);
      assert.ok(segments.length > 0, 'the WAL segments written during the test are readable');
      const needles = [card, spaced(card)].map((text) => Buffer.from(text));
      const marker = Buffer.from(`[card ending ${card.slice(-4)}]`);
      assert.ok(
        segments.some((path) => readFileSync(path).includes(marker)),
        'the redacted text is in the WAL (the search reads it)',
      );
      for (const path of segments)
        for (const needle of needles) assert.ok(!readFileSync(path).includes(needle), `${needle} in ${path}`);
      // Every row of every table of the relays' schema, as text.
      const { rows: tables } = await db.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`,
      );
      let rows = 0;
      for (const { table_name: table } of tables) {
        const { rows: texts } = await db.query<{ row: string }>(`SELECT t::text AS row FROM "${table}" t`);
        rows += texts.length;
        for (const { row } of texts)
          for (const needle of needles) assert.ok(!row.includes(needle.toString()), `${needle} in ${table}`);
      }
      assert.ok(rows > 0);
    } finally {
      await db.end();
    }
  });
});
