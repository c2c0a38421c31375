/**
 * The admin store contract against a real PostgreSQL (`PARLEY_TEST_DATABASE_URL`, by default
 * `postgres://postgres@127.0.0.1:5432/test`); every case gets its own schema, dropped at the end.
 */
import { after } from 'node:test';
import { PostgresAdminStore } from '../src/store/postgres-admin-store.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import { adminStoreContract } from '../test/admin-store-contract.js';
import { webhookStoreContract } from '../test/webhook-store-contract.js';
import { pushStoreContract } from '../test/push-store-contract.js';
import { TestSchemas } from './support/postgres.js';
import { ERASURE_PLAN } from '../src/features/features.js';

const schemas = new TestSchemas('parley_admin');
after(() => schemas.dropAll());

adminStoreContract('PostgresAdminStore', async () => {
  const { connectionString } = await schemas.create();
  return {
    store: new PostgresStore({ connectionString }),
    admin: () => new PostgresAdminStore({ connectionString, erasure: ERASURE_PLAN }),
  };
});

webhookStoreContract('PostgresAdminStore', async () => {
  const { connectionString } = await schemas.create();
  return {
    store: new PostgresStore({ connectionString }),
    admin: () => new PostgresAdminStore({ connectionString, erasure: ERASURE_PLAN }),
  };
});

pushStoreContract('PostgresAdminStore', async () => {
  const { connectionString } = await schemas.create();
  return {
    store: new PostgresStore({ connectionString }),
    admin: () => new PostgresAdminStore({ connectionString, erasure: ERASURE_PLAN }),
  };
});
