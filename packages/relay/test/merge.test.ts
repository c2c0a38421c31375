/** Merging conversations and contacts on SQLite (docs/merge.md); PostgreSQL runs the same suite. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../src/features/features.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import {
  CUSTOMER_MIGRATIONS,
  CUSTOMERS_AFTER,
  customersAfter,
  seedConversations,
  seedCustomerRows,
} from './support/channel-customers-migration.js';
import { startDesk, type Desk } from './support/desk.js';
import { mergeSuite, twoConversations } from './support/merge-suite.js';
import { tempDir } from './support/temp.js';

mergeSuite('SQLite', () => ({}));

describe("channels' conversations from before (SQLite)", () => {
  it('are each given the customer they are with, also one an earlier merge moved to another contact', async () => {
    const path = join(tempDir('parley-customers-'), 'parley.db');
    const older = new SqliteStore({ path, migrations: MIGRATIONS.filter((m) => !CUSTOMER_MIGRATIONS.has(m.name)) });
    await older.init();
    await seedConversations(older);
    await older.close();
    const db = new Database(path);
    try {
      for (const [sql, params] of seedCustomerRows) db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
    const store = new SqliteStore({ path, migrations: MIGRATIONS });
    await store.init();
    await store.close();
    const after = new Database(path, { readonly: true });
    try {
      assert.deepEqual(await customersAfter(async (sql) => after.prepare<[], never>(sql).all()), CUSTOMERS_AFTER);
    } finally {
      after.close();
    }
  });
});

describe('merge: all or nothing, and undo within a day (SQLite)', () => {
  let relay: Desk;
  const clock = { offset: 0, now: () => Date.now() + clock.offset };

  before(async () => {
    relay = await startDesk({ ipRateLimitPerSecond: 0, newConversationsPerAddressPerHour: 10_000, clock: clock.now });
  });
  after(() => relay.close());

  it('a merge that fails at its last write leaves both conversations as they were', async () => {
    const { older, newer, client } = await twoConversations(relay);
    // A failure injected at the merge's record, after the messages moved in the same transaction.
    const db = new Database(join(relay.config.dataDir, 'parley.db'));
    try {
      db.exec(
        `CREATE TRIGGER merge_fails BEFORE INSERT ON conversation_merges BEGIN SELECT RAISE(ABORT, 'injected'); END;`,
      );
      const failed = await relay.call('POST', `/v1/admin/conversations/${older}/merge`, { from: newer });
      assert.equal(failed.status, 500);
      const seqs = async (id: string) =>
        (await relay.call('GET', `/v1/admin/conversations/${id}/messages`)).body.items.map(
          (message: { seq: number; text: string }) => `${message.seq} ${message.text}`,
        );
      assert.deepEqual(await seqs(older), ['1 Old question', '2 Old answer']);
      assert.deepEqual(await seqs(newer), ['1 New question', '2 New detail']);
      assert.equal((await relay.call('GET', `/v1/admin/conversations/${newer}/merge`)).body.mergedInto, null);
      assert.equal((await relay.call('GET', `/v1/admin/conversations/${older}/events`)).body.items.length, 0);
      // The visitor keeps writing where they were.
      assert.equal((await client.say('n-3', 'Still here')).conversationId, newer);
      db.exec('DROP TRIGGER merge_fails');
    } finally {
      db.close();
    }
    const merged = await relay.call('POST', `/v1/admin/conversations/${older}/merge`, { from: newer });
    assert.equal(merged.status, 200);
    assert.equal(merged.body.merged.messages, 3);
  });

  it('a conversation too long to move in one go is refused, and may absorb the other instead', async () => {
    const { older, newer, visitorId, client } = await twoConversations(relay);
    const appends = [];
    for (let i = 0; i < 499; i++)
      appends.push(
        relay.store.append({
          siteId: 'default',
          conversationId: newer,
          visitorId,
          clientId: `more-${i}`,
          author: { role: 'visitor', id: visitorId },
          text: `Message ${i}`,
          kind: 'text',
        }),
      );
    await Promise.all(appends);
    const refused = await relay.call('POST', `/v1/admin/conversations/${older}/merge`, { from: newer });
    assert.equal(refused.status, 409);
    assert.match(refused.body.error.message, /more than 500 messages to move; merge the other way/);
    const reverse = await relay.call('POST', `/v1/admin/conversations/${newer}/merge`, { from: older });
    assert.equal(reverse.status, 200);
    assert.deepEqual(reverse.body.merged, { from: older, messages: 2, firstSeq: 502 });
    client.close();
  });

  it('a merge of contacts can be undone for 24 hours, not after', async () => {
    const a = await twoConversations(relay);
    const b = await twoConversations(relay);
    const first = await relay.call('POST', `/v1/admin/contacts/${a.visitorId}/merge`, { from: b.visitorId });
    assert.equal(first.status, 200);
    assert.equal(first.body.undoUntil - first.body.at, 24 * 3_600_000);
    clock.offset += 24 * 3_600_000 + 1000;
    const late = await relay.call('POST', `/v1/admin/contact-merges/${first.body.id}/undo`);
    assert.equal(late.status, 409);
    assert.match(late.body.error.message, /24 hours/);
    assert.equal((await relay.call('GET', `/v1/admin/contacts/${b.visitorId}`)).status, 404);
    const unknown = await relay.call('POST', '/v1/admin/contact-merges/cm_nope/undo');
    assert.equal(unknown.status, 404);
    a.client.close();
    b.client.close();
  });
});
