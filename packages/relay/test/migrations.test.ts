/**
 * Migrations by name (ADR 0021) on SQLite: the list's checks, the schema a new file gets, and files of the
 * releases with numbered migrations upgraded in place. PostgreSQL's side is test-services/migrations-postgres.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { ERASURE_PLAN, MIGRATIONS } from '../src/features/features.js';
import { checkMigrations, migrationsFor, orderMigrations, type Migration } from '../src/store/migration.js';
import { NUMBERED_MIGRATIONS } from '../src/store/migrations.js';
import { openSqliteAdminDb } from '../src/store/sqlite-admin-db.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { SchemaBehindError } from '../src/store/store.js';
import { SQLITE_MIGRATIONS, assertReleaseRows, sqliteSchema, writeReleaseSqlite } from './support/numbered-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-migrations-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function newPath(): string {
  return join(dir, `${randomUUID()}.db`);
}

/** Opens `path` (made and migrated by a store), runs `read` on it, closes it. */
function inspect<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path, { fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const names = (db: Database.Database): string[] =>
  db.prepare<[], string>('SELECT name FROM parley_schema_migrations ORDER BY name').pluck().all();

const sqliteNames = migrationsFor(MIGRATIONS, 'sqlite').map((migration) => migration.name);

const numbered = new Set([...NUMBERED_MIGRATIONS.sqlite, ...NUMBERED_MIGRATIONS.postgres]);
const numberedOnly = MIGRATIONS.filter(({ name }) => numbered.has(name));

/** The schema a new database gets from `migrations` (default: all of them). */
async function freshSchema(migrations: readonly Migration[] = MIGRATIONS): Promise<string[]> {
  const path = newPath();
  const store = new SqliteStore({ path, migrations });
  await store.init();
  await store.close();
  return inspect(path, sqliteSchema);
}

/** A file of a numbered release at `version`, made with the numbered migrations as that release ran them. */
function numberedFile(version: number): string {
  const path = newPath();
  const db = new Database(path);
  db.pragma('foreign_keys = ON');
  for (const [i, sql] of SQLITE_MIGRATIONS.slice(0, version).entries()) {
    db.exec(sql);
    db.pragma(`user_version = ${i + 1}`);
  }
  db.close();
  return path;
}

const extra: Migration = {
  name: 'snooze.until',
  ddl: ({ BIGINT }) => `ALTER TABLE conversations ADD COLUMN snoozed_until ${BIGINT};`,
};

describe('migrations by name', () => {
  it('are listed once each, named <owner>.<what>, each after the ones it builds on', () => {
    checkMigrations(MIGRATIONS);
    assert.throws(() => checkMigrations([...MIGRATIONS, MIGRATIONS[0]!]), /"store.chat" is listed twice/);
    assert.throws(() => checkMigrations([{ name: 'snooze', sqlite: '', postgres: '' }]), /not <owner>.<what>/);
    const accounts = MIGRATIONS.find((migration) => migration.name === 'auth.accounts')!;
    assert.throws(
      () => checkMigrations([accounts, ...MIGRATIONS.filter((migration) => migration !== accounts)]),
      /"auth.accounts" must come after "email.threads"/,
    );
    assert.throws(() => new SqliteStore({ path: ':memory:', migrations: [extra, extra] }), /listed twice/);
  });

  it("are put in their lists' order, each moved after the ones it builds on and the one before it in its list", () => {
    const entry = (name: string, after?: string[]): Migration => ({ name, sqlite: '', postgres: '', after });
    const desk = [entry('desk.reports', ['routing.sla']), entry('desk.logo')];
    const routing = [entry('routing.sla'), entry('routing.teams')];
    assert.deepEqual(
      orderMigrations([[entry('store.chat')], desk, routing]).map(({ name }) => name),
      ['store.chat', 'routing.sla', 'desk.reports', 'desk.logo', 'routing.teams'],
    );
    assert.throws(() => orderMigrations([desk, desk]), /"desk.reports" is listed twice/);
    assert.throws(() => orderMigrations([desk]), /"desk.reports" builds on "routing.sla", which no list holds/);
    assert.throws(
      () => orderMigrations([[entry('a.one', ['b.one'])], [entry('b.one', ['a.one'])]]),
      /wait for each other: a.one, b.one/,
    );
  });

  it('hold every numbered migration of both stores', () => {
    for (const dialect of ['sqlite', 'postgres'] as const) {
      const listed = migrationsFor(MIGRATIONS, dialect).map((migration) => migration.name);
      assert.deepEqual(
        listed.filter((name) => NUMBERED_MIGRATIONS[dialect].includes(name)).sort(),
        [...NUMBERED_MIGRATIONS[dialect]].sort(),
      );
    }
    assert.equal(NUMBERED_MIGRATIONS.sqlite.length, 20);
    assert.equal(SQLITE_MIGRATIONS.length, sqliteNames.length);
  });
});

describe('SQLite migrations by name', () => {
  it('give a new file the schema the last numbered release made (v20), plus the table of names', async () => {
    const release = newPath();
    writeReleaseSqlite(release);
    const before = inspect(release, sqliteSchema);
    // The migrations the numbered releases had; those added since make tables of their own.
    const fresh = await freshSchema(numberedOnly);
    assert.deepEqual(
      fresh.filter((line) => !line.includes('parley_schema_migrations')),
      before,
    );
    assert.equal(fresh.length, before.length + 1);
  });

  it('upgrade a file of the last numbered release in place: rows intact, names recorded, schema as new', async () => {
    const path = newPath();
    writeReleaseSqlite(path);
    assert.equal(
      inspect(path, (db) => db.pragma('user_version', { simple: true })),
      20,
    );
    const store = new SqliteStore({ path, migrations: MIGRATIONS });
    await store.init();
    const admin = openSqliteAdminDb({ path, erasure: ERASURE_PLAN });
    try {
      await assertReleaseRows(store, admin.repos);
    } finally {
      await admin.close();
      await store.close();
    }
    inspect(path, (db) => {
      assert.deepEqual(names(db), [...sqliteNames].sort());
      assert.equal(db.pragma('user_version', { simple: true }), sqliteNames.length);
    });
    assert.deepEqual(inspect(path, sqliteSchema), await freshSchema());
  });

  it('convert a file at numbered version 12 and apply the rest by name', async () => {
    const path = numberedFile(12);
    const store = new SqliteStore({ path, migrations: MIGRATIONS });
    await store.init();
    await store.close();
    inspect(path, (db) => {
      assert.deepEqual(names(db), [...sqliteNames].sort());
      const applied = db
        .prepare<[], { name: string; applied_at: number }>('SELECT name, applied_at FROM parley_schema_migrations')
        .all();
      const converted = applied.filter((row) => NUMBERED_MIGRATIONS.sqlite.slice(0, 12).includes(row.name));
      assert.equal(converted.length, 12);
      assert.equal(db.pragma('user_version', { simple: true }), sqliteNames.length);
    });
    assert.deepEqual(inspect(path, sqliteSchema), await freshSchema());
  });

  it('with PARLEY_MIGRATE=skip, use a numbered file that is current without writing to it, refuse one behind', async () => {
    const current = newPath();
    writeReleaseSqlite(current);
    const store = new SqliteStore({ path: current, migrate: false, migrations: numberedOnly });
    await store.init();
    await store.close();
    assert.equal(
      inspect(current, (db) => db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'parley_schema_migrations'").get()),
      undefined,
    );

    const behind = numberedFile(12);
    const refused = await new SqliteStore({ path: behind, migrate: false, migrations: MIGRATIONS })
      .init()
      .catch((error: unknown) => error);
    assert.ok(refused instanceof SchemaBehindError);
    assert.equal(refused.current, 12);
    assert.equal(refused.expected, sqliteNames.length);
    assert.match(refused.message, /PARLEY_MIGRATE=skip: run `parley-relay migrate` first/);
  });

  it("apply a list's new migration once, and refuse the file to a relay whose list lacks it", async () => {
    const path = newPath();
    const migrations = [...MIGRATIONS, extra];
    for (let run = 0; run < 2; run++) {
      const store = new SqliteStore({ path, migrations });
      await store.init();
      await store.close();
    }
    inspect(path, (db) => {
      assert.ok(names(db).includes('snooze.until'));
      assert.equal(db.pragma('user_version', { simple: true }), sqliteNames.length + 1);
      const columns = db.prepare<[], string>("SELECT name FROM pragma_table_info('conversations')").pluck().all();
      assert.ok(columns.includes('snoozed_until'));
    });
    for (const migrate of [true, false])
      await assert.rejects(
        new SqliteStore({ path, migrate, migrations: MIGRATIONS }).init(),
        /newer than this relay: it has migrations this relay does not know \(snooze\.until\)/,
      );
  });
});
