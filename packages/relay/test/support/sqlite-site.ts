import { join } from 'node:path';
import { ERASURE_PLAN, MIGRATIONS } from '../../src/features/features.js';
import type { AdminDb } from '../../src/store/repositories.js';
import { openSqliteAdminDb } from '../../src/store/sqlite-admin-db.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { tempDir } from './temp.js';

/**
 * A migrated SQLite file in a temp dir of its own, with one site (`site_1`, any origin, no identity required): the
 * message store and the admin side on it, as a relay opens them, for tests of what sits below the relay. `close`
 * closes both.
 */
export async function openSqliteSite(
  prefix: string,
  siteKey: string,
): Promise<{ path: string; store: SqliteStore; admin: AdminDb; close(): Promise<void> }> {
  const path = join(tempDir(prefix), 'parley.db');
  const store = new SqliteStore({ path, migrations: MIGRATIONS });
  await store.init();
  await store.upsertSite({
    id: 'site_1',
    name: 'Test',
    siteKey,
    allowedOrigins: ['*'],
    identitySecret: 'secret',
    requireIdentity: false,
  });
  const admin = openSqliteAdminDb({ path, erasure: ERASURE_PLAN });
  return {
    path,
    store,
    admin,
    async close() {
      await admin.close();
      await store.close();
    },
  };
}
