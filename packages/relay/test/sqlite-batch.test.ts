import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { contractInput, contractSite } from './store-contract.js';
import { tempDir } from './support/temp.js';
import { MIGRATIONS } from '../src/features/features.js';

// The batch writer remembers each conversation's last sequence between batches; these cases change the file behind
// its back and check that it never numbers from a stale value.

const dir = tempDir('parley-sqlite-batch-');

describe('SqliteStore batch writer', () => {
  const opened: Array<{ close(): unknown }> = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((closable) => closable.close()));
  });

  async function open(path: string): Promise<SqliteStore> {
    const store = new SqliteStore({ path, migrations: MIGRATIONS });
    opened.push(store);
    await store.init();
    await store.upsertSite(contractSite);
    return store;
  }

  function raw(path: string): Database.Database {
    const db = new Database(path);
    opened.push(db);
    return db;
  }

  const seqsOf = (db: Database.Database) =>
    db
      .prepare<[], { seq: number; client_id: string }>(
        "SELECT seq, client_id FROM messages WHERE conversation_id = 'conv_1' ORDER BY seq",
      )
      .all();

  it('numbers gap-free when two stores on one file append to the same conversation in turn', async () => {
    const path = join(dir, `${randomUUID()}.db`);
    const a = await open(path);
    const b = await open(path);
    const seqs: number[] = [];
    for (let round = 0; round < 5; round++) {
      // Each store commits a batch of three, having remembered the sequence from its own previous batch.
      for (const [name, store] of [
        ['a', a],
        ['b', b],
      ] as const) {
        const results = await Promise.all(
          [1, 2, 3].map((i) => store.append(contractInput({ clientId: `${name}${round}-${i}` }))),
        );
        seqs.push(...results.map((r) => r.message.seq));
      }
    }
    assert.deepEqual(
      seqs,
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    assert.equal((await a.getConversation('conv_1'))?.lastSeq, 30);
    // A resend through the other store is recognised as the original.
    const resend = await b.append(contractInput({ clientId: 'a0-1' }));
    assert.deepEqual([resend.duplicate, resend.message.seq], [true, 1]);
    assert.equal((await a.append(contractInput({ clientId: 'after' }))).message.seq, 31);
  });

  it('continues after messages another connection stored meanwhile', async () => {
    const path = join(dir, `${randomUUID()}.db`);
    const store = await open(path);
    await store.append(contractInput({ clientId: 'm1' }));
    await store.append(contractInput({ clientId: 'm2' }));
    const other = raw(path);
    other.transaction(() => {
      const { last_seq: seq } = other
        .prepare<[], { last_seq: number }>(
          "UPDATE conversations SET last_seq = last_seq + 1 WHERE id = 'conv_1' RETURNING last_seq",
        )
        .get()!;
      other
        .prepare(
          "INSERT INTO messages (conversation_id, seq, client_id, author_role, author_id, text, kind, ts) VALUES ('conv_1', ?, 'foreign', 'staff', 'x', 'hi', 'text', 0)",
        )
        .run(seq);
    })();
    const next = await store.append(contractInput({ clientId: 'm3' }));
    assert.equal(next.message.seq, 4);
    assert.deepEqual(
      seqsOf(other).map((row) => `${row.seq}:${row.client_id}`),
      ['1:m1', '2:m2', '3:foreign', '4:m3'],
    );
  });

  it('writes a batch larger than one statement: every append numbered, matched to its row, resends found', async () => {
    const path = join(dir, `${randomUUID()}.db`);
    const store = await open(path);
    await store.append(contractInput({ clientId: 'stored-before', conversationId: 'conv_7', visitorId: 'visitor_7' }));
    // 300 appends in one batch (five statements of 64 rows and one of 44) over 150 conversations, with a resend of
    // a message stored before, landing in the fourth statement, and a twin inside the batch.
    const inputs = Array.from({ length: 300 }, (_, i) =>
      contractInput({
        clientId: `m${i}`,
        conversationId: `conv_${i % 150}`,
        visitorId: `visitor_${i % 150}`,
        text: `text ${i}`,
      }),
    );
    inputs.splice(
      200,
      0,
      contractInput({ clientId: 'stored-before', conversationId: 'conv_7', visitorId: 'visitor_7' }),
    );
    inputs.push(contractInput({ clientId: 'm5', conversationId: 'conv_5', visitorId: 'visitor_5', text: 'text 5' }));
    const results = await Promise.all(inputs.map((input) => store.append(input)));
    const rows = new Map(
      raw(path)
        .prepare<[], { id: number; conversation_id: string; seq: number; client_id: string }>(
          'SELECT id, conversation_id, seq, client_id FROM messages',
        )
        .all()
        .map((row) => [`${row.conversation_id}/${row.client_id}`, row]),
    );
    assert.equal(rows.size, 301, 'the 300 new messages and the one stored before, each once');
    for (const [i, { message, duplicate }] of results.entries()) {
      const row = rows.get(`${inputs[i]!.conversationId}/${inputs[i]!.clientId}`)!;
      assert.deepEqual([message.id, message.seq], [String(row.id), row.seq], `append ${i} matches its row`);
      assert.equal(duplicate, i === 200 || i === 301, `append ${i}`);
    }
    // Per conversation, gap-free from 1 (conv_7 starts at 2, after the message stored before).
    for (let c = 0; c < 150; c++) {
      const seqs = [...rows.values()]
        .filter((row) => row.conversation_id === `conv_${c}`)
        .map((row) => row.seq)
        .sort((x, y) => x - y);
      assert.deepEqual(seqs, c === 7 ? [1, 2, 3] : [1, 2]);
    }
  });

  it('writes a batch that hits an unforeseen constraint again message by message, refusing only the culprit', async () => {
    const path = join(dir, `${randomUUID()}.db`);
    const store = await open(path);
    await store.append(contractInput({ clientId: 'seed' }));
    // A constraint the store cannot check up front (here a trigger) fails the batch transaction.
    raw(path).exec(
      `CREATE TRIGGER refuse_poison BEFORE INSERT ON messages WHEN new.text = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned'); END`,
    );
    const results = await Promise.allSettled([
      store.append(contractInput({ clientId: 'ok-1' })),
      store.append(contractInput({ clientId: 'bad', text: 'poison' })),
      store.append(contractInput({ clientId: 'ok-2', conversationId: 'conv_2', visitorId: 'visitor_2' })),
      store.append(contractInput({ clientId: 'ok-3' })),
    ]);
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value.message.seq : 'rejected')),
      [2, 'rejected', 1, 3],
    );
    assert.equal(store.stats.failedBatches, 0);
    // What the careful path wrote is what the next fast batch continues from.
    const [next, other] = await Promise.all([
      store.append(contractInput({ clientId: 'ok-4' })),
      store.append(contractInput({ clientId: 'ok-5', conversationId: 'conv_2', visitorId: 'visitor_2' })),
    ]);
    assert.deepEqual([next.message.seq, other.message.seq], [4, 2]);
    assert.deepEqual(
      seqsOf(raw(path)).map((row) => row.client_id),
      ['seed', 'ok-1', 'ok-3', 'ok-4'],
    );
  });

  it('rewrites the visitor profile only when it changes, and never keeps a stale one', async () => {
    const path = join(dir, `${randomUUID()}.db`);
    const store = await open(path);
    const other = raw(path);
    const profile = () => other.prepare("SELECT name, email FROM visitors WHERE visitor_id = 'visitor_1'").get();
    await store.append(contractInput({ clientId: 'p1', profile: { name: 'Vera', verified: false } }));
    // Another writer (the admin API, say) renames the visitor; the same profile sent again must win again, as it
    // always did, because the store forgets what it wrote once someone else has committed.
    other.prepare("UPDATE visitors SET name = 'Renamed' WHERE visitor_id = 'visitor_1'").run();
    await store.append(contractInput({ clientId: 'p2', profile: { name: 'Vera', verified: false } }));
    assert.deepEqual(profile(), { name: 'Vera', email: null });
    await store.append(
      contractInput({ clientId: 'p3', profile: { name: 'Vera', email: 'vera@example.com', verified: false } }),
    );
    assert.deepEqual(profile(), { name: 'Vera', email: 'vera@example.com' });
  });
});
