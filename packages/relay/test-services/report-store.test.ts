/**
 * The report store contract against a real PostgreSQL (`PARLEY_TEST_DATABASE_URL`, by default
 * `postgres://postgres@127.0.0.1:5432/test`); every case gets its own schema, dropped at the end.
 */
import { after } from 'node:test';
import pg from 'pg';
import { openPostgresAdminDb } from '../src/store/postgres-admin-db.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import { reportStoreContract } from '../test/report-store-contract.js';
import { reportDaysContract } from '../test/report-days-contract.js';
import { TestSchemas } from './support/postgres.js';
import { ERASURE_PLAN, MIGRATIONS } from '../src/features/features.js';

const schemas = new TestSchemas('parley_reports');
after(() => schemas.dropAll());

reportStoreContract('PostgresAdminDb', async () => {
  const { connectionString } = await schemas.create();
  const pool = new pg.Pool({ connectionString, max: 1 });
  return {
    store: new PostgresStore({ connectionString, migrations: MIGRATIONS }),
    admin: () => openPostgresAdminDb({ connectionString, erasure: ERASURE_PLAN }),
    exec: async (sql, params) => {
      let n = 0;
      await pool.query(
        sql.replace(/\?/g, () => `$${++n}`),
        [...params],
      );
    },
    close: () => pool.end(),
  };
});

reportDaysContract('PostgresAdminDb', async () => {
  const { connectionString } = await schemas.create();
  const pool = new pg.Pool({ connectionString, max: 1 });
  return {
    store: new PostgresStore({ connectionString, migrations: MIGRATIONS }),
    admin: () => openPostgresAdminDb({ connectionString, erasure: ERASURE_PLAN }),
    exec: async (sql, params) => {
      let n = 0;
      await pool.query(
        sql.replace(/\?/g, () => `$${++n}`),
        [...params],
      );
    },
    close: () => pool.end(),
  };
});
