import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { migrationsFor, planMigrations, type Migration } from '../store/migration.js';
import { sqliteAppliedMigrations } from '../store/sqlite-migrator.js';
import { CliError, EXIT, parseCommandArgs, type CliCommand } from '../commands/command.js';
import { relayParts } from './load-relay-parts.js';

/** Tables every Parley database has had since its first schema version. */
const PARLEY_TABLES = ['sites', 'staff', 'conversations', 'messages'];

/**
 * Checks that `file` is a Parley SQLite database this build can use: SQLite's `integrity_check` passes, the
 * Parley tables are there, and its schema version is not newer than this build's (an older one is migrated
 * when the relay starts). Resolves with the schema version; throws a {@link CliError} (exit 65) otherwise.
 */
export function inspectBackup(file: string, migrations: readonly Migration[]): number {
  if (!existsSync(file)) throw new CliError(EXIT.noInput, `${file} does not exist.`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new CliError(EXIT.dataError, `${file} cannot be opened as a SQLite database: ${(error as Error).message}`);
  }
  try {
    let problems: string[];
    let version: number;
    let tables: Set<string>;
    try {
      problems = (db.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check);
      version = db.pragma('user_version', { simple: true }) as number;
      tables = new Set(
        (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map(
          (row) => row.name,
        ),
      );
    } catch (error) {
      throw new CliError(EXIT.dataError, `${file} is not a SQLite database: ${(error as Error).message}`);
    }
    if (problems.length !== 1 || problems[0] !== 'ok')
      throw new CliError(EXIT.dataError, `${file} fails SQLite's integrity check: ${problems.slice(0, 3).join('; ')}`);
    const missing = PARLEY_TABLES.filter((table) => !tables.has(table));
    if (version < 1 || missing.length > 0)
      throw new CliError(
        EXIT.dataError,
        `${file} is a SQLite database, but not a Parley one (no ${missing[0] ?? 'schema version'}).`,
      );
    // The numbered version an older relay reads: how many of this relay's migrations SQLite runs.
    const ownVersion = migrationsFor(migrations, 'sqlite').length;
    if (version > ownVersion)
      throw new CliError(
        EXIT.dataError,
        `${file} has schema v${version}, newer than this relay's v${ownVersion}: restore it with the relay version that wrote it, or a newer one.`,
      );
    const { unknown } = planMigrations(migrations, 'sqlite', sqliteAppliedMigrations(db));
    if (unknown.length > 0)
      throw new CliError(
        EXIT.dataError,
        `${file} has migrations this relay does not know (${unknown.join(', ')}), newer than this relay: restore it with the relay version that wrote it, or a newer one.`,
      );
    return version;
  } finally {
    db.close();
  }
}

/**
 * Takes the data dir's database out of use: switching it out of WAL mode needs every other connection closed, so
 * a running relay (or anything else holding the file) makes this fail, and the relay is told apart without a pid
 * file. On success the log has been copied into the file, and its -wal and -shm are gone.
 */
function releaseCurrent(path: string): void {
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: true });
  } catch (error) {
    throw new CliError(EXIT.tempFail, `cannot open the current database ${path}: ${(error as Error).message}`);
  }
  try {
    db.pragma('busy_timeout = 0');
    let mode: unknown;
    try {
      mode = db.pragma('journal_mode = DELETE', { simple: true });
    } catch {
      mode = 'busy';
    }
    if (mode !== 'delete')
      throw new CliError(
        EXIT.tempFail,
        `the database in ${dirname(path)} is in use (is the relay running?): stop the relay, then restore.`,
      );
  } finally {
    db.close();
  }
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** `parley-relay restore <file>` */
export const restoreCommand: CliCommand = {
  name: 'restore',
  summary: "replace the data dir's database with a backup (the relay must be stopped)",
  usage: [
    'Usage: parley-relay restore <file>',
    '',
    "Replaces the data dir's SQLite database (PARLEY_DATA_DIR/parley.db) with <file>, a copy made by",
    '`parley-relay backup`. Stop the relay first: restore refuses (exit 75) while the database is in use.',
    '',
    '<file> must pass SQLite integrity_check, be a Parley database, and have a schema no newer than this',
    'relay (an older one is migrated at the next start). The current database is kept beside it as',
    'parley.db.before-restore-<time>; its stale -wal and -shm files are removed.',
    '',
    'The restored database is read with the data key in PARLEY_DATA_DIR/credentials.json (or PARLEY_DATA_KEY):',
    'restoring into a new data dir, bring the credentials.json of the relay that wrote the backup.',
    'With PARLEY_STORE=postgres, restore with pg_restore instead (exit 64).',
    '',
    'Exit status: 0 restored, 64 wrong arguments or a PostgreSQL store, 65 <file> is not a usable Parley',
    'database, 66 <file> does not exist, 73 cannot write the data dir, 75 the relay is running.',
  ].join('\n'),
  async run(args, env, output) {
    const { positionals } = parseCommandArgs(args, {}, { min: 1, max: 1, names: '<file>' });
    const { loadConfig, MIGRATIONS, sqlitePath } = await relayParts();
    const config = loadConfig({}, env);
    if (config.store === 'postgres')
      throw new CliError(
        EXIT.usage,
        'the store is PostgreSQL (PARLEY_STORE=postgres): restore a pg_dump with pg_restore, with the relays stopped.',
      );
    const file = resolve(positionals[0]!);
    const version = inspectBackup(file, MIGRATIONS);
    const target = sqlitePath(config);
    if (file === target) throw new CliError(EXIT.usage, `${file} is the database itself.`);
    let aside: string | undefined;
    if (existsSync(target)) {
      releaseCurrent(target);
      aside = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    }
    const temp = join(config.dataDir, `.parley.db.${randomBytes(6).toString('hex')}.partial`);
    try {
      mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
      copyFileSync(file, temp);
      fsyncPath(temp);
    } catch (error) {
      rmSync(temp, { force: true });
      throw new CliError(EXIT.cannotCreate, `cannot write into ${config.dataDir}: ${(error as Error).message}`);
    }
    if (aside) renameSync(target, aside);
    // The old database's log and index belong to the file set aside; SQLite would apply them to the new one.
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${target}${suffix}`, { force: true });
    renameSync(temp, target);
    fsyncPath(config.dataDir);
    output.out(
      [
        `Restored ${file} (schema v${version}) into ${target}.`,
        ...(aside ? [`The previous database is kept as ${aside}.`] : []),
        '',
      ].join('\n'),
    );
    return EXIT.ok;
  },
};
