import { join } from 'node:path';
import { ERASURE_PLAN, MIGRATIONS } from '../src/features/features.js';
import { openSqliteAdminDb } from '../src/store/sqlite-admin-db.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { rulesReadsSuite } from './support/rules-reads-suite.js';
import { tempDir } from './support/temp.js';

rulesReadsSuite('SQLite', async () => {
  const path = join(tempDir('parley-rules-reads-'), 'parley.db');
  const store = new SqliteStore({ path, migrations: MIGRATIONS });
  await store.init();
  return { store, admin: openSqliteAdminDb({ path, erasure: ERASURE_PLAN }) };
});
