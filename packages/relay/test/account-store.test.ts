import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from './support/numbered-schema.js';
import { openSqliteAdminDb } from '../src/store/sqlite-admin-db.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { accountStoreContract } from './account-store-contract.js';
import { tempDir } from './support/temp.js';
import { ERASURE_PLAN, MIGRATIONS } from '../src/features/features.js';

const dir = tempDir('parley-account-store-');

accountStoreContract('SqliteAdminDb', async () => {
  const path = join(dir, `${randomUUID()}.db`);
  return {
    store: new SqliteStore({ path, migrations: MIGRATIONS }),
    admin: () => openSqliteAdminDb({ path, erasure: ERASURE_PLAN }),
  };
});

describe('SQLite migration 14 (staff accounts)', () => {
  it('keeps existing staff tokens as API tokens with the scopes of their role, and their routing rows', async () => {
    const path = join(dir, `${randomUUID()}.db`);
    const db = new Database(path);
    db.pragma('foreign_keys = ON');
    const before = SQLITE_MIGRATIONS.indexOf(SQLITE_MIGRATIONS.find((m) => m.includes('CREATE TABLE accounts'))!);
    for (let version = 1; version <= before; version++) {
      db.exec(SQLITE_MIGRATIONS[version - 1]!);
      db.pragma(`user_version = ${version}`);
    }
    db.exec(`INSERT INTO sites (id, name, site_key, allowed_origins, identity_secret, require_identity, created_at, updated_at)
             VALUES ('s', 'S', 'pk', '[]', 'x', 0, 1, 1)`);
    db.exec(`INSERT INTO staff (id, site_id, name, role, token_hash, created_at) VALUES
             ('st_admin', 's', 'Admin', 'admin', 'h1', 1), ('st_agent', 's', 'Agent', 'agent', 'h2', 2)`);
    db.exec(`INSERT INTO staff_routing (staff_id, site_id, availability, availability_at, capacity, last_seen_at)
             VALUES ('st_agent', 's', 'online', 1, 3, 1)`);
    db.close();
    const store = new SqliteStore({ path, migrations: MIGRATIONS });
    await store.init();
    const admin = await store.findStaffByTokenHash('h1');
    const agent = await store.findStaffByTokenHash('h2');
    assert.deepEqual([admin?.role, admin?.scopes, admin?.accountId], ['admin', ['read', 'write', 'admin'], null]);
    assert.deepEqual([agent?.role, agent?.scopes], ['agent', ['read', 'write']]);
    await store.close();
    const check = new Database(path);
    assert.deepEqual(check.prepare('SELECT staff_id FROM staff_routing').all(), [{ staff_id: 'st_agent' }]);
    assert.deepEqual(check.prepare('PRAGMA foreign_key_check').all(), []);
    check.close();
  });
});
