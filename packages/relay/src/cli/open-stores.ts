import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RelayConfig } from '../config.js';
import type { AdminStore } from '../store/admin-store.js';
import type { Store } from '../store/store.js';
import { CliError, EXIT } from './cli-command.js';

/** The relay's stores, opened by a command beside (or instead of) a running relay. */
export interface OpenStores {
  readonly store: Store;
  readonly admin: AdminStore;
  close(): Promise<void>;
}

/** The SQLite database file of a data dir. */
export function sqlitePath(config: RelayConfig): string {
  return join(config.dataDir, 'parley.db');
}

/**
 * Opens the message store and the admin store the relay's configuration names, as a second client of the same
 * database: with SQLite, another connection to `<dataDir>/parley.db` (WAL mode lets it write while a relay runs;
 * the relay reads staff and sites from the database on every request, so it sees the change at once); with
 * PostgreSQL, small pools of its own. Migrations follow `PARLEY_MIGRATE`. A data dir without a database is
 * refused (exit 66) rather than given a new empty one.
 */
export async function openStores(config: RelayConfig): Promise<OpenStores> {
  const migrate = config.migrate === 'auto';
  if (config.store === 'postgres') {
    const [{ PostgresStore }, { PostgresAdminStore }] = await Promise.all([
      import('../store/postgres-store.js'),
      import('../store/postgres-admin-store.js'),
    ]);
    const store = new PostgresStore({ connectionString: config.databaseUrl!, poolSize: 2, migrate });
    try {
      await store.init();
    } catch (error) {
      await store.close().catch(() => undefined);
      throw error;
    }
    const admin = new PostgresAdminStore({ connectionString: config.databaseUrl!, poolSize: 2 });
    return { store, admin, close: async () => void (await Promise.all([admin.close(), store.close()])) };
  }
  const path = sqlitePath(config);
  if (!existsSync(path))
    throw new CliError(
      EXIT.noInput,
      `no database at ${path}: check PARLEY_DATA_DIR, or start the relay (or run \`parley-relay migrate\`) once.`,
    );
  const [{ SqliteStore }, { SqliteAdminStore }] = await Promise.all([
    import('../store/sqlite-store.js'),
    import('../store/sqlite-admin-store.js'),
  ]);
  const store = new SqliteStore({ path, synchronous: config.sqliteSync, migrate });
  try {
    await store.init();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  const admin = new SqliteAdminStore({ path });
  return {
    store,
    admin,
    close: async () => {
      await admin.close();
      await store.close();
    },
  };
}
