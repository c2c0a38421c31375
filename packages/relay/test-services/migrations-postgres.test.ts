/**
 * Migrations by name (ADR 0021) on PostgreSQL: the schema a new database gets, and schemas of the releases with
 * numbered migrations (a pg_dump of the last one, v19, with its rows) upgraded in place. Each case has a schema of
 * its own in the test database.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { ERASURE_PLAN, MIGRATIONS } from '../src/features/features.js';
import { migrationsFor, type Migration } from '../src/store/migration.js';
import { NUMBERED_MIGRATIONS } from '../src/store/migrations.js';
import { openPostgresAdminDb } from '../src/store/postgres-admin-db.js';
import { PostgresStore } from '../src/store/postgres-store.js';
import { SchemaBehindError } from '../src/store/store.js';
import {
  POSTGRES_MIGRATIONS,
  assertReleaseRows,
  postgresSchema,
  releasePostgresSql,
} from '../test/support/numbered-schema.js';
import { TestSchemas, type TestSchema } from './support/postgres.js';

const schemas = new TestSchemas('parley_migrations');
after(() => schemas.dropAll());

const postgresNames = migrationsFor(MIGRATIONS, 'postgres').map((migration) => migration.name);

async function names(schema: TestSchema): Promise<string[]> {
  const rows = await schema.query<{ name: string }>('SELECT name FROM $schema.parley_schema_migrations ORDER BY name');
  return rows.map((row) => row.name);
}

async function versions(schema: TestSchema): Promise<number[]> {
  const rows = await schema.query<{ version: number }>(
    'SELECT version FROM $schema.parley_migrations ORDER BY version',
  );
  return rows.map((row) => row.version);
}

async function describeSchema(schema: TestSchema): Promise<string[]> {
  return postgresSchema((sql, params) => schema.query(sql, params), schema.name);
}

const numbered = new Set([...NUMBERED_MIGRATIONS.sqlite, ...NUMBERED_MIGRATIONS.postgres]);
const numberedOnly = MIGRATIONS.filter(({ name }) => numbered.has(name));

/** The schema a new database gets from `migrations` (default: all of them). */
async function freshSchema(migrations: readonly Migration[] = MIGRATIONS): Promise<string[]> {
  const schema = await schemas.create();
  const store = new PostgresStore({ connectionString: schema.connectionString, poolSize: 1, migrations });
  await store.init();
  await store.close();
  return describeSchema(schema);
}

/** A schema holding what the last numbered release's pg_dump holds. */
async function releaseSchema(): Promise<TestSchema> {
  const schema = await schemas.create();
  const client = new pg.Client({ connectionString: schema.connectionString });
  await client.connect();
  try {
    await client.query(releasePostgresSql(schema.name));
  } finally {
    await client.end();
  }
  return schema;
}

/** A schema of a numbered release at `version`, made with the numbered migrations as that release ran them. */
async function numberedSchema(version: number): Promise<TestSchema> {
  const schema = await schemas.create();
  await schema.query(
    'CREATE TABLE $schema.parley_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const pool = new pg.Pool({ connectionString: schema.connectionString, max: 1 });
  try {
    for (const [i, sql] of POSTGRES_MIGRATIONS.slice(0, version).entries()) {
      await pool.query(sql);
      await pool.query('INSERT INTO parley_migrations (version) VALUES ($1)', [i + 1]);
    }
  } finally {
    await pool.end();
  }
  return schema;
}

const without = (lines: readonly string[], table: string) => lines.filter((line) => !line.includes(table));

describe('PostgreSQL migrations by name', () => {
  it('give a new schema what the last numbered release made (v19), plus the table of names', async () => {
    const before = await describeSchema(await releaseSchema());
    // The migrations the numbered releases had; those added since make tables of their own.
    const fresh = await freshSchema(numberedOnly);
    assert.ok(before.length > 200, `${before.length} lines`);
    assert.deepEqual(without(fresh, 'parley_schema_migrations'), before);
    assert.notDeepEqual(fresh, before);
  });

  it('upgrade a schema of the last numbered release in place: rows intact, names recorded, schema as new', async () => {
    const schema = await releaseSchema();
    assert.deepEqual(
      await versions(schema),
      NUMBERED_MIGRATIONS.postgres.map((_, i) => i + 1),
    );
    const store = new PostgresStore({ connectionString: schema.connectionString, poolSize: 2, migrations: MIGRATIONS });
    const admin = openPostgresAdminDb({
      connectionString: schema.connectionString,
      poolSize: 1,
      erasure: ERASURE_PLAN,
    });
    try {
      await store.init();
      await assertReleaseRows(store, admin.repos);
      assert.equal(await store.schemaVersion(), postgresNames.length);
    } finally {
      await admin.close();
      await store.close();
    }
    assert.deepEqual(await names(schema), [...postgresNames].sort());
    assert.deepEqual(
      await versions(schema),
      postgresNames.map((_, i) => i + 1),
    );
    assert.deepEqual(await describeSchema(schema), await freshSchema());
  });

  it('convert a schema at numbered version 10 and apply the rest by name', async () => {
    const schema = await numberedSchema(10);
    const store = new PostgresStore({ connectionString: schema.connectionString, poolSize: 1, migrations: MIGRATIONS });
    try {
      assert.deepEqual(await store.appliedMigrations(), NUMBERED_MIGRATIONS.postgres.slice(0, 10));
      await store.init();
    } finally {
      await store.close();
    }
    assert.deepEqual(await names(schema), [...postgresNames].sort());
    assert.equal((await versions(schema)).length, postgresNames.length);
    assert.deepEqual(await describeSchema(schema), await freshSchema());
  });

  it('with PARLEY_MIGRATE=skip, use a numbered schema that is current without writing to it, refuse one behind', async () => {
    const current = await releaseSchema();
    const store = new PostgresStore({
      connectionString: current.connectionString,
      poolSize: 1,
      migrate: false,
      migrations: numberedOnly,
    });
    await store.init();
    await store.close();
    assert.deepEqual(await current.query(`SELECT to_regclass('$schema.parley_schema_migrations') AS found`), [
      { found: null },
    ]);

    const behind = await numberedSchema(10);
    const skip = new PostgresStore({
      connectionString: behind.connectionString,
      poolSize: 1,
      migrate: false,
      migrations: MIGRATIONS,
    });
    const refused = await skip.init().catch((error: unknown) => error);
    await skip.close();
    assert.ok(refused instanceof SchemaBehindError);
    assert.equal(refused.current, 10);
    assert.equal(refused.expected, postgresNames.length);
  });

  it("apply a list's new migration once, and refuse the schema to a relay whose list lacks it", async () => {
    const schema = await schemas.create();
    const extra: Migration = {
      name: 'snooze.until',
      ddl: ({ BIGINT }) => `ALTER TABLE conversations ADD COLUMN snoozed_until ${BIGINT};`,
    };
    for (let run = 0; run < 2; run++) {
      const store = new PostgresStore({
        connectionString: schema.connectionString,
        migrations: [...MIGRATIONS, extra],
      });
      await store.init();
      await store.close();
    }
    assert.ok((await names(schema)).includes('snooze.until'));
    assert.equal((await versions(schema)).length, postgresNames.length + 1, 'a numbered relay refuses it');
    for (const migrate of [true, false]) {
      const store = new PostgresStore({
        connectionString: schema.connectionString,
        poolSize: 1,
        migrate,
        migrations: MIGRATIONS,
      });
      await assert.rejects(
        store.init(),
        /newer than this relay: it has migrations this relay does not know \(snooze\.until\)/,
      );
      await store.close();
    }
  });
});
