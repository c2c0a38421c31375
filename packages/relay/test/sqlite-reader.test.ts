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
});
