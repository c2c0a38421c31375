import { existsSync, readFileSync } from 'node:fs';
import { ERASURE_PLAN, MIGRATIONS } from '../features/features.js';
import { join } from 'node:path';
import type { RelayConfig } from '../config.js';
import { SecretSealer } from '../store/secret-sealer.js';
import type { Store } from '../store/store.js';
import { CliError, EXIT, type OpenStores } from '../commands/command.js';

export type { OpenStores };

/** The relay's data key: `PARLEY_DATA_KEY`, else the one the first start generated into credentials.json. */
export function dataKeyOf(config: RelayConfig): string | undefined {
  if (config.dataKey) return config.dataKey;
  try {
    const stored = JSON.parse(readFileSync(join(config.dataDir, 'credentials.json'), 'utf8')) as { dataKey?: unknown };
    return typeof stored.dataKey === 'string' ? stored.dataKey : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Initializes the store (migrating per `PARLEY_MIGRATE`) and opens its sealed identity secrets with the data key
 * (sealing plaintext ones), as the relay does on start; closes the store if either fails.
 */
async function ready(store: Store, config: RelayConfig): Promise<SecretSealer | undefined> {
  try {
    await store.init();
    const key = dataKeyOf(config);
    if (key === undefined) return undefined;
    const sealer = new SecretSealer(key);
    await store.sealSecrets(sealer);
    return sealer;
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}

/** The SQLite database file of a data dir. */
export function sqlitePath(config: RelayConfig): string {
  return join(config.dataDir, 'parley.db');
}

/**
 * Opens the message store and the admin side's repositories the relay's configuration names, as a second client of the same
 * database: with SQLite, another connection to `<dataDir>/parley.db` (WAL mode lets it write while a relay runs;
 * the relay reads staff and sites from the database on every request, so it sees the change at once); with
 * PostgreSQL, small pools of its own. Migrations follow `PARLEY_MIGRATE`. A data dir without a database is
 * refused (exit 66) rather than given a new empty one.
 */
export async function openStores(config: RelayConfig): Promise<OpenStores> {
  const migrate = config.migrate === 'auto';
  if (config.store === 'postgres') {
    const [{ PostgresStore }, { openPostgresAdminDb }] = await Promise.all([
      import('../store/postgres-store.js'),
      import('../store/postgres-admin-db.js'),
    ]);
    const store = new PostgresStore({
      connectionString: config.databaseUrl!,
      poolSize: 2,
      migrate,
      migrations: MIGRATIONS,
    });
    const sealer = await ready(store, config);
    const admin = openPostgresAdminDb({ connectionString: config.databaseUrl!, poolSize: 2, erasure: ERASURE_PLAN });
    return {
      store,
      repos: admin.repos,
      sealer,
      db: admin.sql,
      close: async () => void (await Promise.all([admin.close(), store.close()])),
    };
  }
  const path = sqlitePath(config);
  if (!existsSync(path))
    throw new CliError(
      EXIT.noInput,
      `no database at ${path}: check PARLEY_DATA_DIR, or start the relay (or run \`parley-relay migrate\`) once.`,
    );
  const [{ SqliteStore }, { openSqliteAdminDb }] = await Promise.all([
    import('../store/sqlite-store.js'),
    import('../store/sqlite-admin-db.js'),
  ]);
  const store = new SqliteStore({ path, synchronous: config.sqliteSync, migrate, migrations: MIGRATIONS });
  const sealer = await ready(store, config);
  const admin = openSqliteAdminDb({ path, erasure: ERASURE_PLAN });
  return {
    store,
    repos: admin.repos,
    sealer,
    db: admin.sql,
    close: async () => {
      await admin.close();
      await store.close();
    },
  };
}
