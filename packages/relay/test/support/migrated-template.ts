/**
 * A SQLite database with every migration applied, made once and copied into each test relay's fresh data dir
 * (issue #82): a relay started by the tests then finds nothing to migrate, instead of running every migration again
 * for each of the suite's hundreds of relays. A test support mechanism only: the relay itself always migrates what it
 * opens, and the migration tests (test/migrations.test.ts, test-services/migrations-postgres.test.ts) still migrate
 * empty databases from scratch.
 *
 * The template lives in the system's temp dir, named after a hash of what makes its schema: the migrations' names and
 * SQL, the store's source (its pragmas and init) and SQLite's version. A changed migration is a new name, so a stale
 * template is never used; test processes that need one at the same time each build it under a name of their own and
 * rename it into place (a rename replaces atomically: the losers' copies are as good as the winner's).
 */
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../../src/features/features.js';
import { migrationSql } from '../../src/store/migration.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';

/** The file a relay's SQLite store opens in its data dir (src/relay.ts). */
const DATABASE_FILE = 'parley.db';

let building: Promise<string> | undefined;

/** The hash naming the template: what the migrated schema depends on. */
function templateKey(): string {
  const hash = createHash('sha256');
  for (const migration of MIGRATIONS) hash.update(`${migration.name}\0${migrationSql(migration, 'sqlite') ?? ''}\0`);
  hash.update(readFileSync(new URL('../../src/store/sqlite-store.ts', import.meta.url)));
  const memory = new Database(':memory:');
  try {
    hash.update(memory.prepare<[], string>('SELECT sqlite_version()').pluck().get()!);
  } finally {
    memory.close();
  }
  return hash.digest('hex').slice(0, 16);
}

async function build(): Promise<string> {
  const path = join(tmpdir(), `parley-test-template-${templateKey()}.db`);
  if (existsSync(path)) return path;
  // Built in a directory of its own (the store makes its -wal and -shm files beside the database), then renamed.
  const dir = mkdtempSync(join(tmpdir(), 'parley-test-template-'));
  try {
    const store = new SqliteStore({ path: join(dir, DATABASE_FILE), migrations: MIGRATIONS });
    await store.init();
    await store.close();
    // Closed cleanly, the store has checkpointed its log into the file: the file alone is the whole database.
    const wal = join(dir, `${DATABASE_FILE}-wal`);
    if (existsSync(wal) && statSync(wal).size > 0) throw new Error(`the template's log was not checkpointed: ${wal}`);
    const partial = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.partial`;
    copyFileSync(join(dir, DATABASE_FILE), partial);
    renameSync(partial, path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return path;
}

/** The migrated template's path, built on first use in this process unless another process built it already. */
export function sqliteTemplate(): Promise<string> {
  building ??= build().catch((error: unknown) => {
    building = undefined;
    throw error;
  });
  return building;
}

/**
 * Copies the migrated template into `dataDir` as the relay's database, unless the directory holds one already (a
 * test restarting a relay on its data). The copy is the owner's only (0600), as the store makes its file.
 */
export async function seedSqliteDataDir(dataDir: string): Promise<void> {
  const target = join(dataDir, DATABASE_FILE);
  if (existsSync(target)) return;
  const template = await sqliteTemplate();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  copyFileSync(template, target);
  chmodSync(target, 0o600);
}
