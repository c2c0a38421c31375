import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The thread's code, plain JavaScript (it runs the same from the sources under test and from the build). A
 * PASSIVE checkpoint copies committed log pages into the database file without taking the write lock, so the
 * relay keeps committing while it runs; it never waits for a lock either (no busy handler).
 */
const source = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('synchronous = ' + workerData.synchronous);
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or closing: the next tick tries again.
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

/** Options for {@link SqliteCheckpointer}. */
export interface SqliteCheckpointerOptions {
  /** The database file (WAL mode, already created). */
  readonly path: string;
  /** `FULL` or `NORMAL`, as the writing connection: FULL fsyncs the database file after each checkpoint. */
  readonly synchronous: 'FULL' | 'NORMAL';
  /** How often to checkpoint, in ms. */
  readonly intervalMs: number;
}

/**
 * Checkpoints a WAL-mode SQLite file from a thread of its own, so that copying the log into the database (and
 * its fsync) never stalls the event loop of the connection that writes. The writer keeps SQLite's automatic
 * checkpoint only as a backstop, at a size this thread keeps the log well under.
 */
export class SqliteCheckpointer {
  readonly #worker: Worker;
  readonly #exited: Promise<void>;

  constructor(options: SqliteCheckpointerOptions) {
    const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(source, { eval: true, workerData: { ...options, betterSqlite3 } });
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
    // A failure (say the file vanished) only ends the background checkpoints; the backstop still bounds the log.
    this.#worker.on('error', () => undefined);
    this.#worker.unref();
  }

  /** Runs a last checkpoint and ends the thread. */
  async close(): Promise<void> {
    // Unreferenced while it runs (it must not keep a process alive), referenced while it finishes.
    this.#worker.ref();
    this.#worker.postMessage('close');
    await this.#exited;
  }
}
