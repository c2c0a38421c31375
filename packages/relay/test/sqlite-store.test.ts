import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from './support/numbered-schema.js';
import { openSqliteAdminDb } from '../src/store/sqlite-admin-db.js';
import {
  SQLITE_MAX_BATCH,
  SQLITE_WAL_RESTART_PAGES,
  SQLITE_WAL_SIZE_LIMIT_BYTES,
  SqliteStore,
} from '../src/store/sqlite-store.js';
import { SQLITE_INDEX_CHUNK } from '../src/store/sqlite-search-index.js';
import { contractInput, contractSite, storeContract } from './store-contract.js';
import { tempDir } from './support/temp.js';
import { until } from './support/until.js';
import { ERASURE_PLAN, MIGRATIONS } from '../src/features/features.js';
import { TS_NODE_ARGS } from './support/ts-process.js';

const dir = tempDir('parley-sqlite-');

storeContract(
  'SqliteStore',
  async (reuseKey) => new SqliteStore({ path: join(dir, `${reuseKey ?? randomUUID()}.db`), migrations: MIGRATIONS }),
);

/** A database file of an older release: migrated to `version` only, with {@link contractSite}'s row; open. */
function fileAt(version: number): { path: string; db: Database.Database; now: number } {
  const path = join(dir, `${randomUUID()}.db`);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  for (const [i, sql] of SQLITE_MIGRATIONS.slice(0, version).entries()) {
    db.exec(sql);
    db.pragma(`user_version = ${i + 1}`);
  }
  const now = Date.now();
  db.prepare(
    `INSERT INTO sites (id, name, site_key, allowed_origins, identity_secret, require_identity, created_at, updated_at)
     VALUES (?, 'Site', 'key', '[]', 'secret', 0, ?, ?)`,
  ).run(contractSite.id, now, now);
  return { path, db, now };
}

describe('SqliteStore', () => {
  const opened: SqliteStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  async function open(path = join(dir, `${randomUUID()}.db`), busyTimeoutMs?: number) {
    const store = new SqliteStore(
      busyTimeoutMs === undefined ? { path, migrations: MIGRATIONS } : { path, busyTimeoutMs, migrations: MIGRATIONS },
    );
    opened.push(store);
    await store.init();
    await store.upsertSite(contractSite);
    return { store, path };
  }

  /** A second, independent connection to the same file, as another process would have. */
  function peek(path: string) {
    return new Database(path, { readonly: true, fileMustExist: true });
  }

  it('puts the file in WAL mode and records the schema version', async () => {
    const { path } = await open();
    const db = peek(path);
    try {
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.pragma('user_version', { simple: true }), SQLITE_MIGRATIONS.length);
    } finally {
      db.close();
    }
  });

  it('runs init() again on a migrated file without changing it', async () => {
    const { store, path } = await open();
    await store.append(contractInput({ clientId: 'a' }));
    await store.close();
    const { store: again } = await open(path);
    assert.equal((await again.getConversation('conv_1'))?.lastSeq, 1);
  });

  it('upgrades a v2 file: messages, ids, full-text index and idempotency survive the rebuild of migration 3', async () => {
    const { path, db, now } = fileAt(2);
    db.prepare('INSERT INTO visitors (site_id, visitor_id, created_at, updated_at) VALUES (?, ?, ?, ?)').run(
      contractSite.id,
      'v1',
      now,
      now,
    );
    db.prepare(
      `INSERT INTO conversations (id, site_id, visitor_id, last_seq, created_at, updated_at) VALUES ('conv_1', ?, 'v1', 2, ?, ?)`,
    ).run(contractSite.id, now, now);
    const insert = db.prepare(
      `INSERT INTO messages (id, conversation_id, seq, client_id, author_role, author_id, text, kind, ts)
       VALUES (?, 'conv_1', ?, ?, 'visitor', 'v1', ?, 'text', ?)`,
    );
    insert.run(7, 1, 'c1', 'the first kingfisher', now);
    insert.run(9, 2, 'c2', 'a second heron', now);
    db.close();

    const { store } = await open(path);
    const check = new Database(path, { fileMustExist: true });
    try {
      assert.equal(check.pragma('user_version', { simple: true }), SQLITE_MIGRATIONS.length);
      const indexed = check.prepare("SELECT sql FROM sqlite_master WHERE name = 'messages_by_client_id'").pluck().get();
      assert.match(String(indexed), /\(client_id, conversation_id\)/);
      assert.deepEqual(
        check.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'heron'").pluck().all(),
        [9],
        'the full-text index still points at the same ids',
      );
      // Throws SQLITE_CORRUPT_VTAB if the index and the rebuilt table disagree.
      check.prepare("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')").run();
    } finally {
      check.close();
    }
    assert.deepEqual(
      (await store.messagesAfter('conv_1', 0, 10)).map((m) => [m.id, m.seq, m.clientId, m.text]),
      [
        ['7', 1, 'c1', 'the first kingfisher'],
        ['9', 2, 'c2', 'a second heron'],
      ],
    );
    const resend = await store.append(contractInput({ clientId: 'c2', visitorId: 'v1' }));
    assert.deepEqual([resend.duplicate, resend.message.id, resend.message.seq], [true, '9', 2]);
    const fresh = await store.append(contractInput({ clientId: 'c3', visitorId: 'v1', text: 'an egret' }));
    assert.deepEqual([fresh.duplicate, fresh.message.seq], [false, 3]);
    assert.ok(Number(fresh.message.id) > 9);
  });

  it('upgrades a v12 file: attachment rows survive the rebuild of migration 13, as the first file of their message', async () => {
    const { path, db, now } = fileAt(12);
    db.prepare(
      `INSERT INTO attachments (id, site_id, conversation_id, client_id, uploader_role, uploader_id, name, type, size,
         sha256, storage_key, created_at)
       VALUES ('att_1', ?, 'conv_1', 'm-1', 'visitor', 'v1', 'a.pdf', 'application/pdf', 3, 'ab', 'k/att_1', ?)`,
    ).run(contractSite.id, now);
    db.close();

    await open(path);
    const check = new Database(path, { fileMustExist: true });
    try {
      assert.equal(check.pragma('user_version', { simple: true }), SQLITE_MIGRATIONS.length);
      assert.deepEqual(check.prepare('SELECT id, client_id, file_index, name, referenced_at FROM attachments').all(), [
        { id: 'att_1', client_id: 'm-1', file_index: 0, name: 'a.pdf', referenced_at: null },
      ]);
      const insert = check.prepare(
        `INSERT INTO attachments (id, site_id, conversation_id, client_id, file_index, uploader_role, uploader_id, name,
           type, size, sha256, storage_key, created_at)
         VALUES (?, ?, 'conv_1', 'm-1', ?, 'visitor', 'v1', 'b.pdf', 'application/pdf', 3, 'ab', ?, ?)`,
      );
      insert.run('att_2', contractSite.id, 1, 'k/att_2', now);
      assert.throws(() => insert.run('att_3', contractSite.id, 1, 'k/att_3', now), /UNIQUE/);
    } finally {
      check.close();
    }
  });

  describe('full-text index, filled in bulk', () => {
    /** The message ids the full-text index holds for `word`, read on a connection of its own. */
    function indexed(path: string, word: string): number[] {
      const db = peek(path);
      try {
        return db
          .prepare('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid')
          .pluck()
          .all(word) as number[];
      } finally {
        db.close();
      }
    }

    async function openDeferred(indexIntervalMs: number, indexChunk?: number) {
      const path = join(dir, `${randomUUID()}.db`);
      const store = new SqliteStore({
        path,
        indexIntervalMs,
        migrations: MIGRATIONS,
        ...(indexChunk !== undefined && { indexChunk }),
      });
      opened.push(store);
      await store.init();
      await store.upsertSite(contractSite);
      return { store, path };
    }

    it('indexes at most once per interval, by a later batch, by the timer or on close', async () => {
      const { store, path } = await openDeferred(60_000);
      const first = await store.append(contractInput({ clientId: 'a', text: 'pelican one' }));
      assert.deepEqual(indexed(path, 'pelican'), [Number(first.message.id)], 'the first batch indexes');
      const second = await store.append(contractInput({ clientId: 'b', text: 'pelican two' }));
      assert.deepEqual(indexed(path, 'pelican'), [Number(first.message.id)], 'within the interval, not yet');
      await store.close();
      assert.deepEqual(
        indexed(path, 'pelican'),
        [Number(first.message.id), Number(second.message.id)],
        'closing indexes the rest',
      );

      const { store: timed, path: timedPath } = await openDeferred(50);
      const one = await timed.append(contractInput({ clientId: 'c', text: 'osprey one' }));
      const two = await timed.append(contractInput({ clientId: 'd', text: 'osprey two' }));
      await until(() => indexed(timedPath, 'osprey').length >= 2, 'the timer to index both messages');
      assert.deepEqual(
        indexed(timedPath, 'osprey'),
        [Number(one.message.id), Number(two.message.id)],
        'the timer indexes when no batch comes',
      );
    });

    it('adds at most a chunk a run: a backlog goes on at the next turns, or with the next batches', async () => {
      // Every batch is due (no interval), a run adds at most 10.
      const { store, path } = await openDeferred(0, 10);
      const batch = (from: number, count: number) =>
        Promise.all(
          Array.from({ length: count }, (_, i) =>
            store.append(contractInput({ clientId: `k${from + i}`, text: `kestrel ${from + i}` })),
          ),
        );
      const ids = (await batch(0, 25)).map(({ message }) => Number(message.id));
      // Read as the batch's appends resolve, before any timer: its own run added the first ten.
      assert.deepEqual(indexed(path, 'kestrel'), ids.slice(0, 10));
      await until(() => indexed(path, 'kestrel').length === 25, 'the rest indexed in the next turns');
      assert.deepEqual(indexed(path, 'kestrel'), ids);

      // Under load the batches carry on: each indexes the next chunk of what is left.
      const more = (await batch(25, 12)).map(({ message }) => Number(message.id));
      assert.deepEqual(indexed(path, 'kestrel'), [...ids, ...more.slice(0, 10)]);
      const last = await batch(37, 1);
      assert.deepEqual(indexed(path, 'kestrel'), [...ids, ...more, Number(last[0]!.message.id)]);
    });

    it('an admin search indexes a backlog of several runs, a run a turn of the loop', async () => {
      const { store, path } = await openDeferred(60_000);
      await store.append(contractInput({ clientId: 'first', text: 'a plover' }));
      // Two and a half runs' worth more within the interval: none indexed yet.
      const count = SQLITE_INDEX_CHUNK * 2 + SQLITE_INDEX_CHUNK / 2;
      await Promise.all(
        Array.from({ length: count }, (_, i) =>
          store.append(contractInput({ clientId: `p${i}`, text: `plover number ${i}` })),
        ),
      );
      assert.equal(indexed(path, 'plover').length, 1);
      const admin = openSqliteAdminDb({ path, erasure: ERASURE_PLAN });
      try {
        let turns = 0;
        const counting = setInterval(() => turns++, 0);
        const found = await admin.repos.conversations.listConversations({
          siteId: contractSite.id,
          staffId: 'staff_1',
          q: 'plover',
          limit: 10,
        });
        clearInterval(counting);
        assert.deepEqual(
          found.items.map((c) => c.id),
          ['conv_1'],
        );
        assert.equal(indexed(path, 'plover').length, count + 1);
        assert.ok(turns >= 2, `the event loop turned between the runs (${turns} timer turns)`);
      } finally {
        await admin.close();
      }
    });

    it('finds messages not indexed yet in an admin search, and erasing unindexed messages keeps the index sound', async () => {
      const { store, path } = await openDeferred(60_000);
      await store.append(contractInput({ clientId: 'kept', text: 'the first heron' }));
      // Not indexed yet: the interval has not passed.
      const erased = await store.append(
        contractInput({ clientId: 'x', conversationId: 'conv_2', visitorId: 'visitor_2', text: 'a secret heron' }),
      );
      const admin = openSqliteAdminDb({ path, erasure: ERASURE_PLAN });
      try {
        const search = async (q: string) =>
          (
            await admin.repos.conversations.listConversations({
              siteId: contractSite.id,
              staffId: 'staff_1',
              q,
              limit: 10,
            })
          ).items
            .map((c) => c.id)
            .sort();
        assert.deepEqual(await search('secret'), ['conv_2'], 'the search indexes first');
        const later = await store.append(
          contractInput({
            clientId: 'y',
            conversationId: 'conv_3',
            visitorId: 'visitor_3',
            text: 'an unindexed egret',
          }),
        );
        assert.equal((await admin.repos.contacts.eraseContact(contractSite.id, 'visitor_3'))?.messages, 1);
        assert.equal((await admin.repos.contacts.eraseContact(contractSite.id, 'visitor_2'))?.messages, 1);
        assert.deepEqual(await search('heron'), ['conv_1']);
        assert.deepEqual(await search('egret'), []);
        // Ids of erased messages are not handed out again.
        const next = await store.append(contractInput({ clientId: 'z', text: 'a new egret' }));
        assert.ok(
          Number(next.message.id) > Number(later.message.id) && Number(later.message.id) > Number(erased.message.id),
        );
        assert.deepEqual(await search('egret'), ['conv_1']);
      } finally {
        await admin.close();
      }
      const db = new Database(path, { fileMustExist: true });
      try {
        // Throws SQLITE_CORRUPT_VTAB if the index holds a row the table does not, or the other way round.
        db.prepare("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')").run();
      } finally {
        db.close();
      }
    });
  });

  it('copies the log into the database file from another thread, without the writer checkpointing', async () => {
    const { store, path } = await open();
    // Every write below stays far under the size at which the writer checkpoints by itself.
    const sizeBefore = statSync(path).size;
    await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        store.append(contractInput({ clientId: `c${i}`, text: `message ${i} `.repeat(20) })),
      ),
    );
    await until(() => statSync(path).size > sizeBefore + 100_000, 'the checkpoint thread to grow the file');
    assert.ok(
      statSync(path).size > sizeBefore + 100_000,
      `the database file grew from ${sizeBefore} to ${statSync(path).size} bytes`,
    );
    assert.equal((await store.messagesAfter('conv_1', 0, 1000)).length, 500);
  });

  it('starts the log over while messages keep coming, reusing its file instead of cutting it back', async () => {
    const { store, path } = await open();
    const wal = `${path}-wal`;
    // The WAL header's checkpoint sequence (bytes 12–15) goes up by one each time the log starts over.
    const header = Buffer.alloc(16);
    const sequence = (): number => {
      const fd = openSync(wal, 'r');
      try {
        readSync(fd, header, 0, 16, 0);
      } finally {
        closeSync(fd);
      }
      return header.readUInt32BE(12);
    };
    const restartBytes = SQLITE_WAL_RESTART_PAGES * 4096;
    assert.ok(restartBytes < SQLITE_WAL_SIZE_LIMIT_BYTES, 'steady writing stays under the size the log is cut to');
    // One message a commit, each to another conversation: many pages of log each, written without a pause, so that
    // the checkpoint thread seldom catches up with the writer by itself (at the former 200 MiB the file reached
    // 206 MB here).
    const text = 'a steady stream of messages '.repeat(40);
    let restarts = 0;
    let largest = 0;
    let last = -1;
    for (let i = 0; i < 40_000 && restarts < 3; i++) {
      await store.append(contractInput({ clientId: `c${i}`, conversationId: `conv_${i % 2000}`, text }));
      const at = sequence();
      if (last !== -1 && at !== last) restarts += 1;
      last = at;
      largest = Math.max(largest, statSync(wal).size);
    }
    assert.equal(restarts, 3, 'the log started over three times');
    assert.ok(
      largest <= restartBytes * 1.5,
      `the log file stayed near the restart size (${restartBytes} bytes): at most ${largest}`,
    );
  });

  it('merges the full-text index in steps of their own, not inside the runs that add messages', async () => {
    const path = join(dir, `${randomUUID()}.db`);
    // A run at every batch, of at most 20 messages: a segment a batch.
    const store = new SqliteStore({ path, migrations: MIGRATIONS, indexIntervalMs: 0, indexChunk: 20 });
    opened.push(store);
    await store.init();
    await store.upsertSite(contractSite);
    const db = peek(path);
    try {
      // FTS5 merges nothing inside an insert any more.
      assert.equal(db.prepare("SELECT v FROM messages_fts_config WHERE k = 'automerge'").pluck().get(), 0);
      const segments = (): number =>
        db.prepare<[], number>('SELECT count(DISTINCT segid) FROM messages_fts_idx').pluck().get()!;
      // Fourteen runs: fewer than FTS5's own last resort (a level of 16 segments merged at once in an insert), so
      // without the steps the index would keep fourteen segments.
      for (let run = 0; run < 14; run++) {
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            store.append(contractInput({ clientId: `r${run}-${i}`, text: `order ${run}-${i} shipped` })),
          ),
        );
      }
      await until(() => segments() <= 6, "the merge steps to merge the runs' segments");
      assert.ok(segments() <= 6, `${segments()} segments`);
      assert.equal(
        db.prepare<[], number>("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'shipped'").pluck().get(),
        280,
      );
    } finally {
      db.close();
    }
  });

  it('refuses a file migrated by a newer relay', async () => {
    const path = join(dir, `${randomUUID()}.db`);
    const db = new Database(path);
    db.pragma('user_version = 999');
    db.close();
    await assert.rejects(new SqliteStore({ path, migrations: MIGRATIONS }).init(), /newer than this relay/);
  });

  it('commits the appends of one event-loop turn in one transaction', async () => {
    const { store } = await open();
    const before = store.stats;
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.append(contractInput({ clientId: `m${i}` }))));
    assert.deepEqual(store.stats, { batches: before.batches + 1, appends: before.appends + 50, failedBatches: 0 });

    // Appends awaited one by one land in separate turns, hence separate transactions.
    for (let i = 0; i < 3; i++) await store.append(contractInput({ clientId: `one-by-one-${i}` }));
    assert.equal(store.stats.batches, before.batches + 4);
  });

  it('commits a burst in bounded batches, one a turn, in order, with the loop free between them', async () => {
    const { store } = await open();
    const before = store.stats;
    const total = 2 * SQLITE_MAX_BATCH + 7;
    let settled = 0;
    const appends = Array.from({ length: total }, (_, i) =>
      store.append(contractInput({ clientId: `burst-${i}` })).then((result) => {
        settled++;
        return result;
      }),
    );
    // Queued after the first batch's turn: it runs before the second batch, when only the first has settled.
    const between = new Promise<number>((resolve) => setImmediate(() => resolve(settled)));
    const results = await Promise.all(appends);
    assert.equal(await between, SQLITE_MAX_BATCH);
    assert.deepEqual(store.stats, { batches: before.batches + 3, appends: before.appends + total, failedBatches: 0 });
    // Numbered in the order they were sent, across the batches.
    const seqs = results.map(({ message }) => message.seq);
    assert.deepEqual(
      seqs,
      Array.from({ length: total }, (_, i) => seqs[0]! + i),
    );
  });

  it('commits every queued append of a burst when it closes', async () => {
    const { store, path } = await open();
    const appends = Array.from({ length: SQLITE_MAX_BATCH + 3 }, (_, i) =>
      store.append(contractInput({ clientId: `closing-${i}` })),
    );
    await store.close();
    assert.equal((await Promise.all(appends)).length, SQLITE_MAX_BATCH + 3);
    const db = peek(path);
    try {
      const { n } = db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number };
      assert.equal(n, SQLITE_MAX_BATCH + 3);
    } finally {
      db.close();
    }
  });

  it('rejects every append of a batch whose transaction fails, storing none of them', async () => {
    const { store, path } = await open(undefined, 50);
    await store.append(contractInput({ clientId: 'seed' }));

    // Another connection holds the write lock, so the batch cannot begin within busy_timeout.
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => store.append(contractInput({ clientId: `m${i}` }))),
    );
    other.exec('ROLLBACK');
    other.close();

    assert.ok(results.every((r) => r.status === 'rejected' && /locked|busy/i.test(String(r.reason))));
    assert.equal(store.stats.failedBatches, 1);
    assert.equal((await store.getConversation('conv_1'))?.lastSeq, 1);

    // The clients' retries are stored gap-free after the seed.
    const retried = await Promise.all(
      Array.from({ length: 5 }, (_, i) => store.append(contractInput({ clientId: `m${i}` }))),
    );
    assert.deepEqual(
      retried.map((r) => [r.message.seq, r.duplicate]),
      [2, 3, 4, 5, 6].map((seq) => [seq, false]),
    );
  });

  it('records the visitor profile sent with a message, keeping known fields', async () => {
    const { store, path } = await open();
    await store.append(
      contractInput({ clientId: 'a', profile: { name: 'Vera', email: 'vera@example.com', verified: false } }),
    );
    await store.append(contractInput({ clientId: 'b', profile: { name: 'Vera V.', verified: true } }));
    await store.append(contractInput({ clientId: 'c', conversationId: 'conv_2', visitorId: 'visitor_2' }));
    const db = peek(path);
    try {
      const rows = db.prepare('SELECT visitor_id, name, email, verified FROM visitors ORDER BY visitor_id').all();
      assert.deepEqual(rows, [
        { visitor_id: 'visitor_1', name: 'Vera V.', email: 'vera@example.com', verified: 1 },
        { visitor_id: 'visitor_2', name: null, email: null, verified: 0 },
      ]);
    } finally {
      db.close();
    }
  });

  it('reads pages through the (conversation_id, seq) index', async () => {
    const { path } = await open();
    const db = peek(path);
    try {
      for (const sql of [
        "SELECT * FROM messages WHERE conversation_id = ? AND seq > ? AND kind <> 'note' ORDER BY seq LIMIT ?",
        'SELECT * FROM messages WHERE conversation_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
      ]) {
        const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('c', 1, 10) as { detail: string }[];
        const details = plan.map((row) => row.detail).join('\n');
        assert.match(details, /USING INDEX sqlite_autoindex_messages_\d \(conversation_id=\? AND seq[<>]\?\)/);
        assert.doesNotMatch(details, /TEMP B-TREE/);
      }
    } finally {
      db.close();
    }
  });

  it('finds whether a person replied in a conversation through its index, not by reading its messages', async () => {
    const { path } = await open();
    const db = peek(path);
    try {
      // automations' faqConversationState, asked by every FAQ and AI agent job (a visitor's flood made it ~10 ms).
      const sql = `SELECT 1 FROM messages WHERE conversation_id = ? AND author_role = 'staff' AND kind = 'text' LIMIT 1`;
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('c') as { detail: string }[];
      assert.match(
        plan.map((row) => row.detail).join('\n'),
        /USING (COVERING )?INDEX messages_staff_text \(conversation_id=\?\)/,
      );
    } finally {
      db.close();
    }
  });

  for (const synchronous of ['full', 'normal'] as const) {
    it(`keeps every acknowledged message when the process is killed (synchronous=${synchronous})`, async () => {
      const path = join(dir, `crash-${synchronous}.db`);
      const fixture = fileURLToPath(new URL('./fixtures/store-append-child.ts', import.meta.url));
      const child = spawn(process.execPath, [...TS_NODE_ARGS, fixture, path, synchronous], {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );

      const acked: number[] = [];
      for await (const line of createInterface({ input: child.stdout })) {
        acked.push(Number(line));
        if (acked.length === 500) child.kill('SIGKILL');
      }
      assert.equal(await exited, 'SIGKILL');
      assert.ok(acked.length >= 500, `child acknowledged ${acked.length} appends before dying`);
      assert.deepEqual(
        acked.slice(0, 500),
        Array.from({ length: 500 }, (_, i) => i + 1),
      );

      const db = new Database(path);
      try {
        const stored = new Set(
          (db.prepare("SELECT seq FROM messages WHERE conversation_id = 'conv_crash'").all() as { seq: number }[]).map(
            (row) => row.seq,
          ),
        );
        const lost = acked.filter((seq) => !stored.has(seq));
        assert.deepEqual(lost, [], 'acknowledged but missing after the crash');
        const max = Math.max(...stored);
        assert.equal(stored.size, max, 'stored sequences are gap-free');
      } finally {
        db.close();
      }
    });
  }
});
