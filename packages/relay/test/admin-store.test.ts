import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SqliteAdminStore } from '../src/store/sqlite-admin-store.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { adminStoreContract } from './admin-store-contract.js';
import { webhookStoreContract } from './webhook-store-contract.js';
import { pushStoreContract } from './push-store-contract.js';
import { tempDir } from './support/temp.js';
import { ERASURE_PLAN } from '../src/features/features.js';

const dir = tempDir('parley-admin-store-');

adminStoreContract('SqliteAdminStore', async () => {
  const path = join(dir, `${randomUUID()}.db`);
  return { store: new SqliteStore({ path }), admin: () => new SqliteAdminStore({ path, erasure: ERASURE_PLAN }) };
});

webhookStoreContract('SqliteAdminStore', async () => {
  const path = join(dir, `${randomUUID()}.db`);
  return { store: new SqliteStore({ path }), admin: () => new SqliteAdminStore({ path, erasure: ERASURE_PLAN }) };
});

pushStoreContract('SqliteAdminStore', async () => {
  const path = join(dir, `${randomUUID()}.db`);
  return { store: new SqliteStore({ path }), admin: () => new SqliteAdminStore({ path, erasure: ERASURE_PLAN }) };
});
