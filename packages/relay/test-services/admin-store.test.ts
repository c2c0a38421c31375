/**
 * The admin store contract against a real PostgreSQL (`PARLEY_TEST_DATABASE_URL`, by default
 * `postgres://postgres@127.0.0.1:5432/test`); every case gets its own schema, dropped at the end.
 */
import { after } from 'node:test';
import { openPostgresAdminDb } from '../src/store/postgres-admin-db.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import { adminStoreContract } from '../test/admin-store-contract.js';
import { webhookStoreContract } from '../test/webhook-store-contract.js';
import { pushStoreContract } from '../test/push-store-contract.js';
import { outboxStoreContract } from '../test/outbox-store-contract.js';
import { TestSchemas } from './support/postgres.js';
import { ERASURE_PLAN, MIGRATIONS } from '../src/features/features.js';

const schemas = new TestSchemas('parley_admin');
after(() => schemas.dropAll());

adminStoreContract('PostgresAdminDb', async () => {
  const { connectionString } = await schemas.create();
  return {
    store: new PostgresStore({ connectionString, migrations: MIGRATIONS }),
    admin: () => openPostgresAdminDb({ connectionString, erasure: ERASURE_PLAN }),
  };
});

webhookStoreContract('PostgresAdminDb', async () => {
  const { connectionString } = await schemas.create();
  return {
    store: new PostgresStore({ connectionString, migrations: MIGRATIONS }),
    admin: () => openPostgresAdminDb({ connectionString, erasure: ERASURE_PLAN }),
  };
});

pushStoreContract('PostgresAdminDb', async () => {
  const { connectionString } = await schemas.create();
  return {
    store: new PostgresStore({ connectionString, migrations: MIGRATIONS }),
    admin: () => openPostgresAdminDb({ connectionString, erasure: ERASURE_PLAN }),
  };
});

outboxStoreContract('PostgresAdminDb', async () => {
  const { connectionString } = await schemas.create();
  return {
    store: (migrations) => new PostgresStore({ connectionString, migrations }),
    admin: () => openPostgresAdminDb({ connectionString, erasure: ERASURE_PLAN }),
  };
});
