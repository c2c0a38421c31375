/**
 * A schema migration, by name (ADR 0021). Each feature keeps its own in its folder (`webhooks/webhook-migrations.ts`
 * …) and gives them as its feature's `migrations`; `MIGRATIONS` in features/features.ts puts them in the order they
 * apply ({@link orderMigrations}). A store records the names it has applied (table
 * `parley_schema_migrations`) and applies the others in list order. A name is `<owner>.<what>`, never a number,
 * so two branches that each add one never fight over it. Never edit a migration that has shipped: add another.
 */
export type Migration = DialectMigration | TemplateMigration;

/** The stores a migration is written for. */
export type Dialect = 'sqlite' | 'postgres';

interface MigrationBase {
  /** `<owner>.<what>`, e.g. `webhooks.endpoints`: stable for ever, recorded in every database it was applied to. */
  readonly name: string;
  /**
   * Migrations of other owners this one builds on (a table or column they made): the list must hold them before
   * it. A migration of the same owner that comes earlier in its owner's list needs no entry here.
   */
  readonly after?: readonly string[];
}

/** A migration whose SQL differs between the stores by more than type names. */
export interface DialectMigration extends MigrationBase {
  /** The SQL for SQLite; `null` when SQLite needs nothing (the name is then never recorded there). */
  readonly sqlite: string | null;
  /** The SQL for PostgreSQL; `null` when PostgreSQL needs nothing. */
  readonly postgres: string | null;
}

/** A migration written once, with the {@link SqlTypes} of each store where only types differ. */
export interface TemplateMigration extends MigrationBase {
  readonly ddl: (types: SqlTypes) => string;
}

/** The type names and table options that differ between SQLite (STRICT tables) and PostgreSQL. */
export interface SqlTypes {
  /** `TEXT` / `text` */
  readonly TEXT: string;
  /** `INTEGER` / `integer`: counts, sequence numbers, small sizes. */
  readonly INT: string;
  /** `INTEGER` / `bigint`: times (ms since the epoch) and byte sizes. */
  readonly BIGINT: string;
  /** `INTEGER` / `smallint`: 0/1 flags kept as numbers on both. */
  readonly SMALLINT: string;
  /** After a table's closing parenthesis: `STRICT` / nothing. */
  readonly STRICT: string;
  /** After a table's closing parenthesis, for a table keyed by its primary key: `STRICT, WITHOUT ROWID` / nothing. */
  readonly WITHOUT_ROWID: string;
}

const TYPES: Readonly<Record<Dialect, SqlTypes>> = {
  sqlite: {
    TEXT: 'TEXT',
    INT: 'INTEGER',
    BIGINT: 'INTEGER',
    SMALLINT: 'INTEGER',
    STRICT: 'STRICT',
    WITHOUT_ROWID: 'STRICT, WITHOUT ROWID',
  },
  postgres: { TEXT: 'text', INT: 'integer', BIGINT: 'bigint', SMALLINT: 'smallint', STRICT: '', WITHOUT_ROWID: '' },
};

/** The SQL `migration` runs on `dialect`, or `null` when that store needs nothing. */
export function migrationSql(migration: Migration, dialect: Dialect): string | null {
  return 'ddl' in migration ? migration.ddl(TYPES[dialect]) : migration[dialect];
}

/** The migrations of `list` that `dialect` runs, in order. */
export function migrationsFor(list: readonly Migration[], dialect: Dialect): readonly Migration[] {
  return list.filter((migration) => migrationSql(migration, dialect) !== null);
}

/**
 * One list from the owners' lists, in their order, except that a migration waits for the ones it builds on: it
 * comes after every migration its `after` names and after the one before it in its own list. Throws for a name
 * listed twice, an `after` that no list holds, or migrations that wait for each other.
 *
 * @example
 * ```ts
 * const migrations = orderMigrations([CORE_MIGRATIONS, ...features.map((feature) => feature.migrations)]);
 * ```
 */
export function orderMigrations(lists: readonly (readonly Migration[])[]): Migration[] {
  const waiting = lists.flatMap((list) =>
    list.map((migration, i) => ({
      migration,
      needs: [...(migration.after ?? []), ...(i > 0 ? [list[i - 1]!.name] : [])],
    })),
  );
  const names = new Set<string>();
  for (const { migration } of waiting) {
    if (names.has(migration.name)) throw new Error(`migration "${migration.name}" is listed twice`);
    names.add(migration.name);
  }
  for (const { migration, needs } of waiting)
    for (const name of needs)
      if (!names.has(name)) throw new Error(`migration "${migration.name}" builds on "${name}", which no list holds`);
  const placed = new Set<string>();
  const ordered: Migration[] = [];
  while (waiting.length > 0) {
    const next = waiting.findIndex(({ needs }) => needs.every((name) => placed.has(name)));
    if (next < 0) {
      throw new Error(`migrations wait for each other: ${waiting.map(({ migration }) => migration.name).join(', ')}`);
    }
    const { migration } = waiting.splice(next, 1)[0]!;
    placed.add(migration.name);
    ordered.push(migration);
  }
  return ordered;
}

const NAME = /^[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$/;

/**
 * Throws unless `list` can be applied as it stands: every name well formed and listed once, and every migration
 * after the ones it builds on. Stores check their list when they are made, so a list assembled in the wrong order
 * fails at start, before any database is touched.
 */
export function checkMigrations(list: readonly Migration[]): void {
  const seen = new Set<string>();
  for (const { name, after = [] } of list) {
    if (!NAME.test(name)) throw new Error(`migration name "${name}" is not <owner>.<what>`);
    if (seen.has(name)) throw new Error(`migration "${name}" is listed twice`);
    for (const earlier of after)
      if (!seen.has(earlier)) throw new Error(`migration "${name}" must come after "${earlier}"`);
    seen.add(name);
  }
}

/** What a store has to do to a database: the migrations not applied yet, and names it does not know. */
export interface MigrationPlan {
  /** The migrations `dialect` runs that the database has not recorded, in list order. */
  readonly pending: readonly Migration[];
  /** Names the database has recorded that the list does not hold: a newer relay migrated it. */
  readonly unknown: readonly string[];
}

/** Compares the names a database has recorded with the list's migrations for `dialect`. */
export function planMigrations(list: readonly Migration[], dialect: Dialect, applied: Iterable<string>): MigrationPlan {
  const done = new Set(applied);
  const known = new Set(list.map((migration) => migration.name));
  return {
    pending: migrationsFor(list, dialect).filter((migration) => !done.has(migration.name)),
    unknown: [...done].filter((name) => !known.has(name)),
  };
}

/** The error for a database that a newer relay has migrated (the names of migrations this list lacks). */
export function newerSchemaError(store: string, unknown: readonly string[]): Error {
  const shown = unknown.slice(0, 5).join(', ') + (unknown.length > 5 ? `, and ${unknown.length - 5} more` : '');
  return new Error(
    `${store}: database schema is newer than this relay: it has migrations this relay does not know (${shown})`,
  );
}
