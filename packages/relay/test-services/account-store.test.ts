/** The account store contract (issue #19) against a real PostgreSQL; every case gets its own schema. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { POSTGRES_MIGRATIONS } from '../test/support/numbered-schema.js';
import { openPostgresAdminDb } from '../src/store/postgres-admin-db.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import { accountStoreContract } from '../test/account-store-contract.js';
import { TestSchemas } from './support/postgres.js';
import { ERASURE_PLAN, MIGRATIONS } from '../src/features/features.js';

const schemas = new TestSchemas('parley_accounts');
after(() => schemas.dropAll());

accountStoreContract('PostgresAdminDb', async () => {
  const { connectionString } = await schemas.create();
  return {
    store: new PostgresStore({ connectionString, migrations: MIGRATIONS }),
    admin: () => openPostgresAdminDb({ connectionString, erasure: ERASURE_PLAN }),
  };
});

describe('PostgreSQL migration 13 (staff accounts)', () => {
  it('keeps existing staff tokens as API tokens with the scopes of their role', async () => {
    const schema = await schemas.create('upgrade');
    const before = POSTGRES_MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE accounts'));
    await schema.query(
      'CREATE TABLE $schema.parley_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const pool = new pg.Pool({ connectionString: schema.connectionString, max: 1 });
    try {
      for (let version = 1; version <= before; version++) {
        await pool.query(POSTGRES_MIGRATIONS[version - 1]!);
        await pool.query('INSERT INTO parley_migrations (version) VALUES ($1)', [version]);
      }
      await pool.query(`INSERT INTO sites (id, name, site_key, allowed_origins, identity_secret, require_identity, created_at, updated_at)
                        VALUES ('s', 'S', 'pk', '[]', 'x', false, 1, 1)`);
      await pool.query(`INSERT INTO staff (id, site_id, name, role, token_hash, created_at) VALUES
                        ('st_admin', 's', 'Admin', 'admin', 'h1', 1), ('st_agent', 's', 'Agent', 'agent', 'h2', 2)`);
    } finally {
      await pool.end();
    }
    const store = new PostgresStore({ connectionString: schema.connectionString, migrations: MIGRATIONS });
    await store.init();
    try {
      const admin = await store.findStaffByTokenHash('h1');
      const agent = await store.findStaffByTokenHash('h2');
      assert.deepEqual([admin?.role, admin?.scopes, admin?.accountId], ['admin', ['read', 'write', 'admin'], null]);
      assert.deepEqual([agent?.role, agent?.scopes], ['agent', ['read', 'write']]);
    } finally {
      await store.close();
    }
  });
});
