import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
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
