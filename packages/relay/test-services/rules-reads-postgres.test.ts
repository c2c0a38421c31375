import { after } from 'node:test';
import { ERASURE_PLAN, MIGRATIONS } from '../src/features/features.js';
import { openPostgresAdminDb } from '../src/store/postgres-admin-db.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import { rulesReadsSuite } from '../test/support/rules-reads-suite.js';
import { TestSchemas } from './support/postgres.js';

const schemas = new TestSchemas('parley_rules_reads');
after(() => schemas.dropAll());

rulesReadsSuite('PostgreSQL', async () => {
  const { connectionString } = await schemas.create();
  const store = new PostgresStore({ connectionString, migrations: MIGRATIONS });
  await store.init();
  return { store, admin: openPostgresAdminDb({ connectionString, erasure: ERASURE_PLAN }) };
});
