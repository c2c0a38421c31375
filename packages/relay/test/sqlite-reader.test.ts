import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SqliteReader } from '../src/store/sqlite-reader.js';
import { tempDir } from './support/temp.js';

describe('SqliteReader (reads off the event loop)', () => {
  let writer: Database.Database;
  let reader: SqliteReader;

  before(() => {
    const path = join(tempDir('parley-reader-'), 'reader.db');
    writer = new Database(path);
    writer.pragma('journal_mode = WAL');
    writer.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, data BLOB)');
    writer.prepare('INSERT INTO t (name, data) VALUES (?, ?)').run('one', Buffer.from([1, 2, 3]));
    reader = new SqliteReader({ path, busyTimeoutMs: 1000 });
  });

  after(async () => {
    await reader.close();
    writer.close();
  });

  it('answers rows, blobs as Buffers, in the order asked', async () => {
    const [first, second] = await Promise.all([
      reader.all<{ id: number; name: string; data: Buffer }>('SELECT * FROM t WHERE name = ?', ['one']),
      reader.all<{ n: number }>('SELECT count(*) AS n FROM t', []),
    ]);
    assert.equal(first![0]!.name, 'one');
    assert.ok(Buffer.isBuffer(first![0]!.data));
    assert.deepEqual([...first![0]!.data], [1, 2, 3]);
    assert.equal(second![0]!.n, 1);
  });

  it('sees what the writer committed, at once', async () => {
    writer.prepare('INSERT INTO t (name) VALUES (?)').run('two');
    const rows = await reader.all<{ name: string }>('SELECT name FROM t ORDER BY id', []);
    assert.deepEqual(
      rows.map((row) => row.name),
      ['one', 'two'],
    );
  });

  it("rejects with SQLite's error and code, and keeps serving", async () => {
    await assert.rejects(reader.all('SELECT * FROM missing', []), (error: Error & { code?: string }) => {
      assert.match(error.message, /no such table/);
      assert.equal(error.code, 'SQLITE_ERROR');
      return true;
    });
    await assert.rejects(reader.all("INSERT INTO t (name) VALUES ('x') RETURNING id", []), /readonly/);
    assert.equal((await reader.all<{ n: number }>('SELECT count(*) AS n FROM t', []))[0]!.n, 2);
  });

  it('answers a large read in parts, whole and in order, beside other reads, and lets it finish on close', async () => {
    const path = join(tempDir('parley-reader-parts-'), 'parts.db');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE big (id INTEGER PRIMARY KEY, text TEXT, data BLOB)');
    const insert = db.prepare('INSERT INTO big (text, data) VALUES (?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 500; i++) insert.run(`row ${i} `.padEnd(200, 'x'), Buffer.from([i % 256, 7]));
    })();
    // Parts of about 2,000 characters: some fifty of them for these 500 rows.
    const small = new SqliteReader({ path, busyTimeoutMs: 1000, partChars: 2000 });
    try {
      const [rows, count] = await Promise.all([
        small.all<{ id: number; text: string; data: Buffer }>('SELECT * FROM big ORDER BY id', []),
        small.all<{ n: number }>('SELECT count(*) AS n FROM big', []),
      ]);
      assert.equal(count[0]!.n, 500);
      assert.deepEqual(
        rows.map((row) => row.id),
        Array.from({ length: 500 }, (_, i) => i + 1),
      );
      assert.ok(rows.every((row, i) => row.text.startsWith(`row ${i} `) && row.text.length === 200));
      assert.ok(rows.every((row, i) => Buffer.isBuffer(row.data) && row.data[0] === i % 256 && row.data[1] === 7));
      // Closed while a read in parts is under way: the read is answered whole first.
      const last = small.all<{ id: number }>('SELECT id FROM big ORDER BY id', []);
      const closed = small.close();
      assert.equal((await last).length, 500);
      await closed;
      await assert.rejects(small.all('SELECT 1', []), /ended/);
    } finally {
      await small.close();
      db.close();
    }
  });
});
