import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import type Database from 'better-sqlite3';
import { openSqliteAdminDb } from '../src/store/sqlite-admin-db.js';
import { SQLITE_WAL_RESTART_PAGES, SqliteStore } from '../src/store/sqlite-store.js';
import { adminStoreContract } from './admin-store-contract.js';
import { webhookStoreContract } from './webhook-store-contract.js';
import { pushStoreContract } from './push-store-contract.js';
import { outboxStoreContract } from './outbox-store-contract.js';
import { tempDir } from './support/temp.js';
import { ERASURE_PLAN, MIGRATIONS } from '../src/features/features.js';

const dir = tempDir('parley-admin-store-');

adminStoreContract('SqliteAdminDb', async () => {
  const path = join(dir, `${randomUUID()}.db`);
  return {
    store: new SqliteStore({ path, migrations: MIGRATIONS }),
    admin: () => openSqliteAdminDb({ path, erasure: ERASURE_PLAN }),
  };
});

webhookStoreContract('SqliteAdminDb', async () => {
  const path = join(dir, `${randomUUID()}.db`);
  return {
    store: new SqliteStore({ path, migrations: MIGRATIONS }),
    admin: () => openSqliteAdminDb({ path, erasure: ERASURE_PLAN }),
  };
});

pushStoreContract('SqliteAdminDb', async () => {
  const path = join(dir, `${randomUUID()}.db`);
  return {
    store: new SqliteStore({ path, migrations: MIGRATIONS }),
    admin: () => openSqliteAdminDb({ path, erasure: ERASURE_PLAN }),
  };
});

outboxStoreContract('SqliteAdminDb', async () => {
  const path = join(dir, `${randomUUID()}.db`);
  return {
    store: (migrations) => new SqliteStore({ path, migrations }),
    admin: () => openSqliteAdminDb({ path, erasure: ERASURE_PLAN }),
  };
});

it('SqliteAdminDb: a commit that asks for less than durable gets it, and every other commit is durable', async () => {
  const path = join(dir, `${randomUUID()}.db`);
  const store = new SqliteStore({ path, migrations: MIGRATIONS });
  await store.init();
  const admin = openSqliteAdminDb({ path, erasure: ERASURE_PLAN });
  try {
    const sql = admin.sql as typeof admin.sql & { readonly db: Database.Database };
    // 2 is FULL (an fsync per commit), 1 NORMAL (what the outbox's bookkeeping asks for).
    const synchronous = () => sql.db.pragma('synchronous', { simple: true }) as number;
    const seen: number[] = [];
    const commit = (durable?: boolean) =>
      sql.transaction(async () => void seen.push(synchronous()), durable === undefined ? undefined : { durable });
    await commit(false);
    await commit(false);
    await commit();
    await commit(false);
    await commit(true);
    assert.deepEqual(seen, [1, 1, 2, 1, 2]);
    // A write of its own (no transaction) after a relaxed commit: durable.
    await commit(false);
    await sql.run(`UPDATE sites SET name = name WHERE id = ?`, ['none']);
    assert.equal(synchronous(), 2);
    await commit(false);
    await sql.all(`SELECT id FROM sites WHERE id = ?`, ['none']);
    assert.equal(synchronous(), 2);
  } finally {
    await admin.close();
    await store.close();
  }
});

it('SqliteAdminDb: its commits leave the log to the checkpoint thread, checkpointing by themselves only as the backstop', async () => {
  const path = join(dir, `${randomUUID()}.db`);
  const store = new SqliteStore({ path, migrations: MIGRATIONS });
  await store.init();
  // Closed, so no checkpoint thread runs: what reaches the database file can only be this connection's checkpoints.
  await store.close();
  const admin = openSqliteAdminDb({ path, erasure: ERASURE_PLAN });
  try {
    const sql = admin.sql;
    await sql.run('CREATE TABLE scratch (body BLOB)');
    const fileBytes = statSync(path).size;
    // ~2,400 pages of log in 60 commits: past SQLite's default (a checkpoint by the committing connection every
    // 1,000 pages), under the backstop.
    const body = 'x'.repeat(40 * 4096);
    for (let commit = 0; commit < 60; commit++)
      await sql.transaction((db) => db.run('INSERT INTO scratch (body) VALUES (?)', [body]), { durable: false });
    assert.ok(statSync(`${path}-wal`).size > 2_000 * 4096, 'the commits went to the log');
    assert.ok(SQLITE_WAL_RESTART_PAGES > 2_400);
    assert.equal(statSync(path).size, fileBytes, 'no commit copied the log into the database file');
  } finally {
    await admin.close();
  }
});
