import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError, EXIT, parseCommandArgs, type CliCommand } from '../commands/command.js';
import { relayParts } from './load-relay-parts.js';

/** Why a file could not be created, in words (the system's code as well, for searching). */
function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOENT: 'its folder does not exist',
    ENOTDIR: 'a part of its path is not a folder',
    EACCES: 'permission denied',
    EPERM: 'not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EISDIR: 'it is a folder',
  };
  return code && words[code] ? `${words[code]} (${code})` : (error as Error).message;
}

/** Fsyncs a file or a folder (the folder, so that a rename in it survives a power loss). */
function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a consistent copy of the SQLite database at `source` to `target`, while other connections (a running
 * relay) keep writing. `VACUUM INTO` runs in one read transaction on a connection of its own: in WAL mode that
 * is a snapshot of the last commit before it began, and it never blocks the relay's writer (the backup API of
 * SQLite, by contrast, restarts whenever another connection writes, so it may never finish under load). The
 * copy goes to a temporary file beside `target` (mode 0600: it holds the sites' identity secrets), is fsynced,
 * then renamed: `target` is either the whole backup or untouched. Returns the copy's size in bytes.
 */
export function backupSqlite(source: string, target: string, options: { force?: boolean } = {}): number {
  if (!options.force && existsSync(target))
    throw new CliError(EXIT.cannotCreate, `${target} exists; choose another name, or pass --force to replace it.`);
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.partial`);
  try {
    // Created here (exclusively, 0600) so that an unwritable folder fails with the system's reason; VACUUM INTO
    // accepts an empty file.
    closeSync(openSync(temp, 'wx', 0o600));
  } catch (error) {
    throw new CliError(EXIT.cannotCreate, `cannot create ${target}: ${reason(error)}.`);
  }
  try {
    const db = new Database(source, { readonly: true, fileMustExist: true });
    try {
      db.pragma('busy_timeout = 10000');
      db.prepare('VACUUM INTO ?').run(temp);
    } finally {
      db.close();
    }
    fsyncPath(temp);
    renameSync(temp, target);
    fsyncPath(dirname(target));
  } catch (error) {
    rmSync(temp, { force: true });
    if (error instanceof CliError) throw error;
    throw new CliError(EXIT.cannotCreate, `cannot write ${target}: ${reason(error)}; nothing was left behind.`);
  }
  return statSync(target).size;
}

/** `parley-relay backup <file>` */
export const backupCommand: CliCommand = {
  name: 'backup',
  summary: 'write an online, consistent copy of the SQLite database to <file>',
  usage: [
    'Usage: parley-relay backup [--force] <file>',
    '',
    "Copies the data dir's SQLite database (PARLEY_DATA_DIR/parley.db) to <file>, consistently, while the relay",
    'runs and writes (VACUUM INTO on a connection of its own: a snapshot of the last commit, compacted). The copy',
    'is written beside <file> and renamed into place, so <file> is either a whole backup or not there at all.',
    '',
    'Options:',
    '  --force   replace <file> if it exists',
    '',
    'Keep PARLEY_DATA_DIR/credentials.json (or your PARLEY_DATA_KEY) safe as well, apart from the backups:',
    'contact emails in the database are encrypted with that key.',
    'With PARLEY_STORE=postgres, back up with pg_dump instead (exit 64).',
    '',
    'Exit status: 0 written, 64 wrong arguments or a PostgreSQL store, 66 no database, 73 cannot write <file>.',
  ].join('\n'),
  async run(args, env, output) {
    const { values, positionals } = parseCommandArgs(
      args,
      { force: { type: 'boolean' } },
      { min: 1, max: 1, names: '<file>' },
    );
    const { loadConfig, sqlitePath } = await relayParts();
    const config = loadConfig({}, env);
    if (config.store === 'postgres')
      throw new CliError(
        EXIT.usage,
        'the store is PostgreSQL (PARLEY_STORE=postgres): back it up with pg_dump, e.g. `pg_dump --format=custom --file=parley.dump "$PARLEY_DATABASE_URL"`.',
      );
    const source = sqlitePath(config);
    if (!existsSync(source)) throw new CliError(EXIT.noInput, `no database at ${source}: check PARLEY_DATA_DIR.`);
    const target = resolve(positionals[0]!);
    const started = Date.now();
    const bytes = backupSqlite(source, target, { force: values.force === true });
    output.out(
      `Backed up ${source} to ${target} (${(bytes / 1024 / 1024).toFixed(1)} MiB, ${Date.now() - started} ms).\n`,
    );
    return EXIT.ok;
  },
};
