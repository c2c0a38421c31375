import type { Pool, PoolClient } from 'pg';
import { migrationSql, newerSchemaError, planMigrations, type Migration } from './migration.js';
import { NUMBERED_MIGRATIONS } from './migrations.js';

/**
 * The names of the migrations a PostgreSQL schema has applied. A schema of a relay before migrations by name has
 * no `parley_schema_migrations` table: its names are the first N numbered ones, N the highest version in
 * `parley_migrations` (0 when that table is missing too).
 */
export async function postgresAppliedMigrations(db: Pool | PoolClient): Promise<string[]> {
  // One statement per table: PostgreSQL resolves every table a statement names before running any of it.
  const { rows } = await db.query<{ names: boolean; numbered: boolean }>(
    `SELECT to_regclass('parley_schema_migrations') IS NOT NULL AS names,
            to_regclass('parley_migrations') IS NOT NULL AS numbered`,
  );
  if (rows[0]?.names) {
    const recorded = await db.query<{ name: string }>('SELECT name FROM parley_schema_migrations');
    return recorded.rows.map((row) => row.name);
  }
  if (!rows[0]?.numbered) return [];
  const numbered = await db.query<{ version: number }>(
    'SELECT coalesce(max(version), 0)::int AS version FROM parley_migrations',
  );
  const version = numbered.rows[0]?.version ?? 0;
  if (version > NUMBERED_MIGRATIONS.postgres.length) {
    throw new Error(
      `PostgresStore: database schema v${version} is newer than this relay (v${NUMBERED_MIGRATIONS.postgres.length})`,
    );
  }
  return NUMBERED_MIGRATIONS.postgres.slice(0, version);
}

/**
 * Applies the migrations of `list` that the schema has not recorded, in list order, on `client` inside the
 * transaction that holds the migration lock. A numbered schema gets its names recorded first. `parley_migrations`
 * keeps one row per name applied (versions 1 to N), so a relay from before names refuses a schema that has more
 * than it knows.
 */
export async function migratePostgres(client: PoolClient, list: readonly Migration[]): Promise<void> {
  const applied = await postgresAppliedMigrations(client);
  const { pending, unknown } = planMigrations(list, 'postgres', applied);
  if (unknown.length > 0) throw newerSchemaError('PostgresStore', unknown);
  const converting =
    (await client.query<{ found: boolean }>(`SELECT to_regclass('parley_schema_migrations') IS NOT NULL AS found`))
      .rows[0]?.found !== true;
  if (converting) {
    await client.query(
      `CREATE TABLE parley_schema_migrations (
         name       text PRIMARY KEY,
         applied_at bigint NOT NULL
       )`,
    );
    await client.query('INSERT INTO parley_schema_migrations (name, applied_at) SELECT unnest($1::text[]), $2', [
      applied,
      Date.now(),
    ]);
  }
  for (const migration of pending) {
    await client.query(migrationSql(migration, 'postgres')!);
    await client.query('INSERT INTO parley_schema_migrations (name, applied_at) VALUES ($1, $2)', [
      migration.name,
      Date.now(),
    ]);
  }
  await client.query(
    `CREATE TABLE IF NOT EXISTS parley_migrations (
       version    integer PRIMARY KEY,
       applied_at timestamptz NOT NULL DEFAULT now()
     )`,
  );
  await client.query(
    `INSERT INTO parley_migrations (version)
     SELECT generate_series((SELECT coalesce(max(version), 0) + 1 FROM parley_migrations), $1::int)`,
    [applied.length + pending.length],
  );
}
