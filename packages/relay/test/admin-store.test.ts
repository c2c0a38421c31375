import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { it } from 'node:test';
import type Database from 'better-sqlite3';
import { openSqliteAdminDb } from '../src/store/sqlite-admin-db.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { adminStoreContract } from './admin-store-contract.js';
import { webhookStoreContract } from './webhook-store-contract.js';
import { pushStoreContract } from './push-store-contract.js';
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
