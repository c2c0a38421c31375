/**
 * The numbered migrations of the relays before migrations by name, rebuilt from the named ones (the first N of a
 * store's numbered list made its version N), to make databases of those releases at any version; and normalized
 * descriptions of a schema, to compare two databases.
 */
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { migrationSql, migrationsFor, type Dialect } from '../../src/store/migration.js';
import { NUMBERED_MIGRATIONS } from '../../src/store/migrations.js';
import { MIGRATIONS } from '../../src/features/features.js';
import type { Repositories } from '../../src/store/repositories.js';
import type { Store } from '../../src/store/store.js';
import { contractInput, contractSite } from '../store-contract.js';

function numbered(dialect: Dialect): readonly string[] {
  const names = NUMBERED_MIGRATIONS[dialect];
  const since = migrationsFor(MIGRATIONS, dialect).filter(({ name }) => !names.includes(name));
  return [...names.map((name) => MIGRATIONS.find((m) => m.name === name)!), ...since].map((migration) =>
    migrationSql(migration, dialect)!,
  );
}

/**
 * SQLite's migrations as a numbered list: version N (up to 20) is a numbered release's, recorded in
 * `PRAGMA user_version`; the ones added since follow, so the list is as long as the version a relay keeps now.
 */
export const SQLITE_MIGRATIONS: readonly string[] = numbered('sqlite');

/** PostgreSQL's migrations as a numbered list (up to 19 a numbered release's, in `parley_migrations`); as SQLite's. */
export const POSTGRES_MIGRATIONS: readonly string[] = numbered('postgres');

const release = join(import.meta.dirname, '..', 'fixtures', 'release');

/** Writes the SQLite database made by the last numbered release (v20; see make-release-databases.ts) to `path`. */
export function writeReleaseSqlite(path: string): void {
  writeFileSync(path, gunzipSync(readFileSync(join(release, 'release-v20.db.gz'))));
}

/**
 * The SQL that makes the PostgreSQL schema of the last numbered release (v19) with its rows in the schema `name`
 * (which must exist): its pg_dump without psql's commands and `CREATE SCHEMA`.
 */
export function releasePostgresSql(name: string): string {
  return readFileSync(join(release, 'release-v19.postgres.sql'), 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('\\') && !line.startsWith('CREATE SCHEMA '))
    .join('\n')
    .replaceAll('parley_release_fixture.', `"${name}".`);
}

/** A SQLite database's schema, one line per table, index, trigger and view, by name, with whitespace collapsed. */
export function sqliteSchema(db: Database.Database): string[] {
  return db
    .prepare<[], { type: string; name: string; tbl_name: string; sql: string | null }>(
      'SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name',
    )
    .all()
    .map(({ type, name, tbl_name, sql }) => `${type} ${name} on ${tbl_name}: ${(sql ?? '').replace(/\s+/g, ' ')}`);
}

/** Runs a query on some PostgreSQL connection; `$schema` stands for the quoted schema name. */
export type SchemaQuery = <T extends Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;

/**
 * A PostgreSQL schema's tables, columns, constraints, indexes and sequences (from information_schema and the
 * catalogs), one line each, sorted, with the schema's name taken out.
 */
export async function postgresSchema(query: SchemaQuery, schema: string): Promise<string[]> {
  const lines: string[] = [];
  const columns = await query<Record<string, unknown>>(
    // The place among the table's columns, not `ordinal_position`: a dropped column keeps its number, and a
    // pg_dump of the table does not.
    `SELECT table_name, column_name, row_number() OVER (PARTITION BY table_name ORDER BY ordinal_position) AS place,
            data_type, is_nullable, column_default, is_identity, identity_generation, is_generated, generation_expression
     FROM information_schema.columns WHERE table_schema = $1`,
    [schema],
  );
  for (const row of columns) lines.push(`column ${JSON.stringify(row)}`);
  const constraints = await query<{ table: string; name: string; definition: string }>(
    `SELECT c.conrelid::regclass::text AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = $1`,
    [schema],
  );
  for (const row of constraints) lines.push(`constraint ${row.table} ${row.name}: ${row.definition}`);
  const indexes = await query<{ indexname: string; indexdef: string }>(
    'SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1',
    [schema],
  );
  for (const row of indexes) lines.push(`index ${row.indexname}: ${row.indexdef}`);
  const sequences = await query<{ sequence_name: string; data_type: string }>(
    'SELECT sequence_name, data_type FROM information_schema.sequences WHERE sequence_schema = $1',
    [schema],
  );
  for (const row of sequences) lines.push(`sequence ${row.sequence_name} ${row.data_type}`);
  return lines.map((line) => line.replaceAll(`"${schema}".`, '').replaceAll(`${schema}.`, '')).sort();
}

/**
 * Asserts that the rows make-release-databases.ts wrote are there, read through the stores, and that the
 * conversation takes a new message after them.
 */
export async function assertReleaseRows(store: Store, admin: Repositories): Promise<void> {
  assert.deepEqual(await store.getSite(contractSite.id), contractSite);
  const messages = await store.messagesAfter('conv_1', 0, 10);
  assert.deepEqual(
    messages.map((message) => [message.seq, message.text, message.author.role]),
    [
      [1, 'Hello', 'visitor'],
      [2, 'Is anyone there?', 'visitor'],
      [3, 'Thanks!', 'visitor'],
    ],
  );
  const webhook = await admin.webhooks.getWebhook(contractSite.id, 'wh_1');
  assert.equal(webhook?.url, 'https://hooks.example.com/parley');
  assert.deepEqual(webhook?.events, ['conversation.created', 'message.created']);
  const account = await admin.accounts.getAccount('acc_1');
  assert.equal(account?.email, 'owner@example.com');
  assert.equal(account?.name, 'Olive Owner');
  const next = await store.append(contractInput({ clientId: 'm-4', text: 'After the upgrade' }));
  assert.equal(next.message.seq, 4);
}
