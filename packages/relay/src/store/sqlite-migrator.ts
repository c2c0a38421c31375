import type Database from 'better-sqlite3';
import { migrationSql, migrationsFor, newerSchemaError, planMigrations, type Migration } from './migration.js';
import { NUMBERED_MIGRATIONS } from './migrations.js';
import { SchemaBehindError } from './store.js';

/**
 * The names of the migrations a SQLite database has applied. A database of a relay before migrations by name has
 * no `parley_schema_migrations` table: its names are the first `user_version` of the numbered ones.
 */
export function sqliteAppliedMigrations(db: Database.Database): string[] {
  if (recordsNames(db)) return db.prepare<[], string>('SELECT name FROM parley_schema_migrations').pluck().all();
  const numbered = db.pragma('user_version', { simple: true }) as number;
  if (numbered > NUMBERED_MIGRATIONS.sqlite.length) {
    throw new Error(
      `SqliteStore: database schema v${numbered} is newer than this relay (v${NUMBERED_MIGRATIONS.sqlite.length})`,
    );
  }
  return NUMBERED_MIGRATIONS.sqlite.slice(0, numbered);
}

function recordsNames(db: Database.Database): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'parley_schema_migrations'").get() !==
    undefined
  );
}

/**
 * Applies the migrations of `list` that the database has not recorded, in list order, in one IMMEDIATE
 * transaction (taken first, so two processes opening a new file do not both migrate). A numbered database gets
 * its names recorded first. `user_version` is kept at the number of names applied, so a relay from before names
 * refuses a database that has more than it knows.
 */
export function migrateSqlite(db: Database.Database, list: readonly Migration[]): void {
  db.transaction(() => {
    const applied = sqliteAppliedMigrations(db);
    const { pending, unknown } = planMigrations(list, 'sqlite', applied);
    if (unknown.length > 0) throw newerSchemaError('SqliteStore', unknown);
    const converting = !recordsNames(db);
    if (converting) {
      db.exec(
        `CREATE TABLE parley_schema_migrations (
           name       TEXT PRIMARY KEY,
           applied_at INTEGER NOT NULL
         ) STRICT, WITHOUT ROWID`,
      );
    }
    const record = db.prepare<[string, number]>(
      'INSERT INTO parley_schema_migrations (name, applied_at) VALUES (?, ?)',
    );
    const now = Date.now();
    if (converting) for (const name of applied) record.run(name, now);
    for (const migration of pending) {
      db.exec(migrationSql(migration, 'sqlite')!);
      record.run(migration.name, now);
    }
    db.pragma(`user_version = ${applied.length + pending.length}`);
  }).immediate();
}

/**
 * Throws unless the database has applied exactly `list`'s SQLite migrations, without changing it
 * (`PARLEY_MIGRATE=skip`): a {@link SchemaBehindError} when some are pending.
 */
export function checkSqliteSchema(db: Database.Database, list: readonly Migration[]): void {
  const applied = sqliteAppliedMigrations(db);
  const { pending, unknown } = planMigrations(list, 'sqlite', applied);
  if (unknown.length > 0) throw newerSchemaError('SqliteStore', unknown);
  if (pending.length > 0) throw new SchemaBehindError(applied.length, migrationsFor(list, 'sqlite').length);
}
