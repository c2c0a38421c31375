/**
 * The activity time's coalescing on SQLite (issue #87, decision 1; `activity-contract.ts`, which PostgreSQL runs
 * too: test-services/activity-coalescing-postgres.test.ts). Writes are counted by a trigger another connection puts
 * on the file: every statement that sets a conversation's `updated_at`, which is what moves its inbox index entries.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { MIGRATIONS } from '../src/features/features.js';
import { activityContract } from './activity-contract.js';
import { tempDir } from './support/temp.js';

const dir = tempDir('parley-activity-');

activityContract('SqliteStore', async () => {
  const path = join(dir, `${randomUUID()}.db`);
  const read = <T>(work: (db: Database.Database) => T): T => {
    const db = new Database(path);
    try {
      return work(db);
    } finally {
      db.close();
    }
  };
  return {
    open: (activityIntervalMs) =>
      new SqliteStore({ path, migrations: MIGRATIONS, ...(activityIntervalMs ? { activityIntervalMs } : {}) }),
    async countActivityWrites() {
      read((db) =>
        db.exec(`
          CREATE TABLE activity_writes (at INTEGER);
          CREATE TRIGGER activity_written AFTER UPDATE OF updated_at ON conversations BEGIN
            INSERT INTO activity_writes VALUES (new.updated_at);
          END;`),
      );
      return async () =>
        read((db) => (db.prepare('SELECT count(*) AS n FROM activity_writes').get() as { n: number }).n);
    },
    async updatedAt(id) {
      return read(
        (db) =>
          (db.prepare('SELECT updated_at FROM conversations WHERE id = ?').get(id) as { updated_at: number })
            .updated_at,
      );
    },
    childArgs: ['sqlite', path],
  };
});
