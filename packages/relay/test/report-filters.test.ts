/**
 * Reports by channel on SQLite (the suite: test/support/report-filters-suite.ts), and the migration that keeps the
 * day summaries from before as the whole site's.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { ERASURE_PLAN } from '../src/features/features.js';
import { openSqliteAdminDb } from '../src/store/sqlite-admin-db.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { reportDaysBackfillCase, reportFiltersSuite } from './support/report-filters-suite.js';
import { tempDir } from './support/temp.js';

reportFiltersSuite('SQLite', async () => ({}));

describe('day summaries from before filters (SQLite)', () => {
  const dir = tempDir('parley-report-filters-');

  it('are kept as the whole site’s; a filtered report keeps its own beside them', async () => {
    const path = join(dir, `${randomUUID()}.db`);
    const withDb = <T>(use: (db: Database.Database) => T): T => {
      const db = new Database(path);
      try {
        return use(db);
      } finally {
        db.close();
      }
    };
    await reportDaysBackfillCase({
      open: (migrations) => new SqliteStore({ path, migrations }),
      exec: async (sql, params) => void withDb((db) => db.prepare(sql).run(...params)),
      primaryKey: async () =>
        withDb((db) =>
          db
            .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('report_days') WHERE pk > 0 ORDER BY pk")
            .all()
            .map((row) => row.name),
        ),
      admin: () => openSqliteAdminDb({ path, erasure: ERASURE_PLAN }),
    });
  });
});
