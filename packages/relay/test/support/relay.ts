import { startRelay, type RunningRelay, type StartOptions } from '../../src/index.js';
import { seedSqliteDataDir } from './migrated-template.js';
import { tempDir } from './temp.js';

/**
 * Starts a relay in this process on 127.0.0.1, port 0, with a fresh data directory and no logging; `options`
 * (site key, tokens, limits…) go on top. Close it with `relay.close()`.
 *
 * A relay on SQLite that migrates (the default) and whose data dir holds no database yet starts from a copy of the
 * migrated template (./migrated-template.ts), so it has no migration left to run; the relay's start is otherwise
 * what production does.
 */
export async function startTestRelay(options: StartOptions = {}): Promise<RunningRelay> {
  const merged: StartOptions = {
    port: 0,
    host: '127.0.0.1',
    dataDir: tempDir('parley-relay-'),
    logLevel: 'silent',
    ...options,
  };
  if (startsOnFreshSqlite(merged)) await seedSqliteDataDir(merged.dataDir!);
  return startRelay(merged);
}

/**
 * Whether the relay these options start is on SQLite and migrates its file (what `options` or their `env` say; a
 * PARLEY_CONFIG file is not read, so a relay given one migrates for itself).
 */
function startsOnFreshSqlite(options: StartOptions): boolean {
  const env = options.env ?? {};
  if (env.PARLEY_CONFIG !== undefined || options.dataDir === undefined) return false;
  const store = options.store ?? env.PARLEY_STORE ?? 'sqlite';
  const migrate = options.migrate ?? env.PARLEY_MIGRATE ?? 'auto';
  return store === 'sqlite' && migrate === 'auto';
}

/** The relay's `/healthz` document (`connections` is its count of open sockets). */
export async function health(relay: { httpUrl: string }): Promise<Record<string, unknown> & { status: string }> {
  const response = await fetch(`${relay.httpUrl}/healthz`);
  return (await response.json()) as Record<string, unknown> & { status: string };
}
