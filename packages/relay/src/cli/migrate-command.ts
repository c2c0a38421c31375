import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { EXIT, parseCommandArgs, type CliCommand } from '../commands/command.js';
import { relayParts } from './load-relay-parts.js';

/** `parley-relay migrate` */
export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'apply pending store migrations (SQLite or PostgreSQL) and exit',
  usage: [
    'Usage: parley-relay migrate',
    '',
    'Applies the schema migrations this relay version needs to its store (the SQLite database in',
    'PARLEY_DATA_DIR, or the PostgreSQL database of PARLEY_DATABASE_URL), then exits, naming the ones it',
    'applied. Safe to run again, and while relays run: with PostgreSQL an advisory lock makes concurrent runs',
    'migrate once.',
    '',
    'Use it as a step of its own before starting relays with PARLEY_MIGRATE=skip, e.g. a one-shot service in',
    'compose, before a rolling restart.',
  ].join('\n'),
  async run(args, env, output) {
    parseCommandArgs(args, {}, { min: 0, max: 0 });
    const { loadConfig, MIGRATIONS, sqlitePath } = await relayParts();
    const config = loadConfig({}, env);
    let before: readonly string[];
    let after: readonly string[];
    if (config.store === 'postgres') {
      const { PostgresStore } = await import('../store/postgres-store.js');
      const store = new PostgresStore({ connectionString: config.databaseUrl!, poolSize: 1, migrations: MIGRATIONS });
      try {
        before = await store.appliedMigrations();
        await store.init();
        after = await store.appliedMigrations();
      } finally {
        await store.close();
      }
    } else {
      const { SqliteStore } = await import('../store/sqlite-store.js');
      const { sqliteAppliedMigrations } = await import('../store/sqlite-migrator.js');
      const path = sqlitePath(config);
      const recorded = (): string[] => {
        if (!existsSync(path)) return [];
        const db = new Database(path, { readonly: true });
        try {
          return sqliteAppliedMigrations(db);
        } finally {
          db.close();
        }
      };
      before = recorded();
      mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
      const store = new SqliteStore({ path, synchronous: config.sqliteSync, migrations: MIGRATIONS });
      try {
        await store.init();
      } finally {
        await store.close();
      }
      after = recorded();
    }
    // The version is the number of migrations applied, as the numbered schemas before names counted it.
    const done = new Set(before);
    const applied = MIGRATIONS.map(({ name }) => name).filter((name) => after.includes(name) && !done.has(name));
    output.out(
      applied.length === 0
        ? `The ${config.store} schema is up to date (v${after.length}).\n`
        : `Migrated the ${config.store} schema from v${before.length} to v${after.length}: ${applied.join(', ')}.\n`,
    );
    return EXIT.ok;
  },
};
