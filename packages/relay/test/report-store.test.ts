import Database from 'better-sqlite3';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { openSqliteAdminDb } from '../src/store/sqlite-admin-db.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { idsAtTimes } from '../src/admin/reports/report-queries.js';
import type { SqlDb, SqlValue } from '../src/store/sql/sql-db.js';
import { reportStoreContract } from './report-store-contract.js';
import { reportDaysContract } from './report-days-contract.js';
import { tempDir } from './support/temp.js';
import { ERASURE_PLAN, MIGRATIONS } from '../src/features/features.js';

const dir = tempDir('parley-report-store-');

reportStoreContract('SqliteAdminDb', async () => {
  const path = join(dir, `${randomUUID()}.db`);
  let db: Database.Database | undefined;
  return {
    store: new SqliteStore({ path, migrations: MIGRATIONS }),
    admin: () => openSqliteAdminDb({ path, erasure: ERASURE_PLAN }),
    exec: async (sql, params) => {
      db ??= new Database(path);
      db.prepare(sql).run(...params);
    },
    close: async () => {
      db?.close();
    },
  };
});

reportDaysContract('SqliteAdminDb', async () => {
  const path = join(dir, `${randomUUID()}.db`);
  let db: Database.Database | undefined;
  return {
    store: new SqliteStore({ path, migrations: MIGRATIONS }),
    admin: () => openSqliteAdminDb({ path, erasure: ERASURE_PLAN }),
    exec: async (sql, params) => {
      db ??= new Database(path);
      db.prepare(sql).run(...params);
    },
    close: async () => {
      db?.close();
    },
  };
});

describe('idsAtTimes (SQLite: a range of time as a range of message ids)', () => {
  /** Just enough of a SqlDb over an in-memory table of ids and times. */
  function table(rows: ReadonlyArray<readonly [number, number]>): SqlDb & { db: Database.Database } {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE messages (id INTEGER PRIMARY KEY, ts INTEGER NOT NULL)');
    const insert = db.prepare('INSERT INTO messages (id, ts) VALUES (?, ?)');
    for (const [id, ts] of rows) insert.run(id, ts);
    const all = async <T>(sql: string, params: readonly SqlValue[] = []) => db.prepare(sql).all(...params) as T[];
    return { db, dialect: 'sqlite', all, scan: all } as unknown as SqlDb & { db: Database.Database };
  }

  it('finds the first id at or after each time, over gaps, shared times, and times before or after all', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Ascending ids with gaps (deleted messages) and non-decreasing times (a batch shares its time).
        fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 3 })), { maxLength: 60 }),
        fc.array(fc.integer({ min: -2, max: 200 }), { maxLength: 20 }),
        async (steps, times) => {
          let id = 0;
          let ts = 0;
          const rows = steps.map(([gap, tick]) => [(id += gap), (ts += tick)] as const);
          const store = table(rows);
          const found = await idsAtTimes(store, times);
          for (const time of times) {
            const expected = rows.find(([, t]) => t >= time)?.[0] ?? id + 1;
            const got = found.get(time)!;
            // `got` bounds the range: no row below it is at or after `time`, and the first row from it is.
            assert.equal(rows.find(([rowId]) => rowId >= got)?.[0] ?? id + 1, expected, `time ${time}`);
          }
          store.db.close();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers an empty table with one id for every time', async () => {
    const store = table([]);
    assert.deepEqual(
      [...(await idsAtTimes(store, [5, 1, 5]))],
      [
        [1, 1],
        [5, 1],
      ],
    );
    store.db.close();
  });
});
