import { readFileSync } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** The lock's file in the data dir. */
export const LOCK_FILE = 'relay.lock';

/** Another live relay holds the data dir: two relays on one SQLite file would each think they own it. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';

  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `another relay (process ${pid}) is running on the data dir ${dataDir}. Stop it first, or give this one its own PARLEY_DATA_DIR (several relays share a PostgreSQL database, not a SQLite file: docs/scaling.md).`,
    );
  }
}

interface LockRecord {
  readonly pid: number;
  readonly host: string;
  /** The process's start time as the kernel counts it (`/proc/<pid>/stat`), so a reused pid is not taken for it. */
  readonly started: string | null;
}

/**
 * Holds a SQLite relay's data dir for as long as the relay runs: `relay.lock` names the process. A second relay on
 * the same dir finds the holder alive and refuses to start ({@link DataDirLockedError}); a lock left by a relay that
 * died (SIGKILL, a crash, a power cut) names a process that is gone, or a pid now used by another process (its start
 * time differs), and is taken over. The file is created exclusively, so of two relays starting at once one wins.
 */
export class DataDirLock {
  private constructor(
    readonly path: string,
    private readonly record: LockRecord,
  ) {}

  /** Takes the lock of `dataDir`, or throws {@link DataDirLockedError} naming the live holder. */
  static async acquire(dataDir: string): Promise<DataDirLock> {
    const path = join(dataDir, LOCK_FILE);
    const record: LockRecord = { pid: process.pid, host: hostname(), started: startTime(process.pid) };
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const file = await open(path, 'wx', 0o600);
        try {
          await file.writeFile(`${JSON.stringify(record)}\n`);
          await file.sync();
        } finally {
          await file.close();
        }
        return new DataDirLock(path, record);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = await readHolder(path);
      if (holder && holder.pid !== process.pid && alive(holder)) throw new DataDirLockedError(dataDir, holder.pid);
      // Stale (or unreadable: a relay killed while writing it): remove it and try again.
      await unlink(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    throw new Error(`could not take the lock ${path}: it keeps coming back`);
  }

  /** Gives the data dir back (only if the file is still this process's). */
  async release(): Promise<void> {
    const holder = await readHolder(this.path);
    if (holder?.pid === this.record.pid && holder.started === this.record.started)
      await unlink(this.path).catch(() => undefined);
  }
}

async function readHolder(path: string): Promise<LockRecord | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockRecord>;
    if (typeof parsed.pid !== 'number' || !Number.isInteger(parsed.pid) || parsed.pid <= 0) return undefined;
    return { pid: parsed.pid, host: String(parsed.host ?? ''), started: parsed.started ?? null };
  } catch {
    return undefined;
  }
}

/** True when the lock's process still runs: on this host, that pid, started at the same time. */
function alive(holder: LockRecord): boolean {
  // A data dir on a disk shared between hosts: another host's process cannot be checked, so it counts as alive.
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: it exists, under another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = procStat(holder.pid);
  // A zombie (killed, not yet reaped by its parent) holds nothing.
  if (stat?.state === 'Z') return false;
  return holder.started === null || stat === undefined || stat.started === holder.started;
}

/** Fields 3 and 22 of `/proc/<pid>/stat`: the state, and the start time in clock ticks since boot. */
function procStat(pid: number): { state: string; started: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] === undefined ? undefined : { state: fields[0]!, started: fields[19] };
  } catch {
    return undefined;
  }
}

/** This process's start time, as {@link procStat} reads it; `null` where there is no /proc. */
function startTime(pid: number): string | null {
  return procStat(pid)?.started ?? null;
}
