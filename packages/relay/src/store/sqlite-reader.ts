import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqlValue } from './sql/sql-db.js';
import { boundLimitsPlanned } from './sqlite-bound-limit.js';

/**
 * The thread's code, plain JavaScript (it runs the same from the sources under test and from the build): a
 * read-only connection to the relay's file that runs one statement per message, in order, and answers with its
 * rows or its error. WAL mode lets it read while the relay's connections write; each statement reads the
 * database as last committed.
 */
const source = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
const statements = new Map();
// Answers too large for one part, by id: the rows not sent yet, from 'at'.
const unsent = new Map();
const PART_CHARS = workerData.partChars;
// Rows from 'from' up to about PART_CHARS characters of text and bytes of blobs (at least one row).
function nextPart(id, rows, from) {
  let size = 0;
  let end = from;
  while (end < rows.length && (end === from || size < PART_CHARS)) {
    const row = rows[end++];
    for (const key in row) {
      const value = row[key];
      size += typeof value === 'string' ? value.length : value && value.byteLength ? value.byteLength : 8;
    }
  }
  if (end < rows.length) unsent.set(id, { rows, at: end });
  else unsent.delete(id);
  parentPort.postMessage({ id, rows: from === 0 && end === rows.length ? rows : rows.slice(from, end), more: end < rows.length });
}
parentPort.on('message', (request) => {
  if (request === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  if (request.next !== undefined) {
    const left = unsent.get(request.next);
    if (left) nextPart(request.next, left.rows, left.at);
    return;
  }
  try {
    let statement = statements.get(request.sql);
    if (!statement) {
      statement = db.prepare(request.sql);
      if (statements.size > 200) statements.clear();
      statements.set(request.sql, statement);
    }
    nextPart(request.id, statement.all(...request.params), 0);
  } catch (error) {
    parentPort.postMessage({ id: request.id, error: { message: String(error && error.message), code: error && error.code } });
  }
});
`;

/** Options for {@link SqliteReader}. */
export interface SqliteReaderOptions {
  /** The database file (WAL mode, already created and migrated). */
  readonly path: string;
  /** How long a read waits for a lock (a checkpoint's), in ms. */
  readonly busyTimeoutMs: number;
  /** About how much text (characters) and blob bytes one part of an answer holds (default {@link PART_CHARS}). */
  readonly partChars?: number;
}

/**
 * An answer larger than this (characters of text, bytes of blobs) comes in parts, each asked for once the one before
 * it is taken: a thread's message is copied into the event loop's heap whole, in one turn, and 1,000 FAQ entries'
 * 6 MB of phrasings held the loop 15–40 ms that way. A part of 256 K characters takes about a millisecond.
 */
const PART_CHARS = 256 * 1024;

/** An error the reader's statement threw, with SQLite's code (`SQLITE_ERROR`, …) as better-sqlite3 gives it. */
export class SqliteReadError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'SqliteError';
  }
}

/**
 * Runs reads that may visit many rows (a search, a report over a year, an export) on a thread of its own with a
 * read-only connection, so that better-sqlite3, which is synchronous, never holds the event loop while SQLite
 * reads. Statements run one after another, in the order asked. The thread keeps the process alive only while a
 * read is under way.
 */
export class SqliteReader {
  readonly #worker: Worker;
  readonly #exited: Promise<void>;
  readonly #pending = new Map<
    number,
    { resolve: (rows: unknown[]) => void; reject: (error: Error) => void; readonly parts: unknown[][] }
  >();
  #nextId = 0;
  #failure: Error | undefined;
  /** Called once no read is under way (for {@link close}). */
  #drained: (() => void) | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: SqliteReaderOptions) {
    const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(source, {
      eval: true,
      workerData: { ...options, partChars: options.partChars ?? PART_CHARS, betterSqlite3 },
    });
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
    this.#worker.on(
      'message',
      (answer: { id: number; rows?: unknown[]; more?: boolean; error?: { message: string; code?: string } }) => {
        const waiting = this.#pending.get(answer.id);
        if (!waiting) return;
        if (answer.more) {
          // The next part is asked for now, and so comes in a later turn of the loop than this one.
          waiting.parts.push(answer.rows!);
          this.#worker.postMessage({ next: answer.id });
          return;
        }
        this.#pending.delete(answer.id);
        if (this.#pending.size === 0) {
          this.#worker.unref();
          this.#drained?.();
        }
        if (answer.error) waiting.reject(new SqliteReadError(answer.error.message, answer.error.code));
        else {
          const rows = waiting.parts.length === 0 ? answer.rows! : [...waiting.parts, answer.rows!].flat();
          waiting.resolve(rows.map(withBuffers));
        }
      },
    );
    // The thread failed (its file vanished, out of memory): every read under way and every later one fails.
    this.#worker.on('error', (error) => this.#fail(error));
    this.#worker.once('exit', () => this.#fail(new Error('SqliteReader: the reading thread has ended')));
    this.#worker.unref();
  }

  /** Runs one read-only statement on the reading thread; resolves with its rows. */
  all<T>(sql: string, params: readonly (string | number | null)[]): Promise<T[]> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise<T[]>((resolve, reject) => {
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(id, { resolve: resolve as (rows: unknown[]) => void, reject, parts: [] });
      this.#worker.postMessage({ id, sql: boundLimitsPlanned(sql), params });
    });
  }

  /** Lets the reads under way finish, then closes the connection and ends the thread. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      // A read answered in parts asks the thread for each one: the thread is told to close once none is under way.
      while (this.#pending.size > 0) await new Promise<void>((resolve) => (this.#drained = resolve));
      // Kept alive until it has closed (the last answer let it go).
      this.#worker.ref();
      this.#worker.postMessage('close');
      await this.#exited;
    })();
    return this.#closing;
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const waiting of this.#pending.values()) waiting.reject(error);
    this.#pending.clear();
    this.#drained?.();
  }
}

/** Blobs come back from the thread as `Uint8Array`; the rows' readers expect `Buffer`, as better-sqlite3 gives. */
function withBuffers(row: unknown): unknown {
  if (row === null || typeof row !== 'object') return row;
  const record = row as Record<string, SqlValue | Uint8Array>;
  for (const key in record) {
    const value = record[key];
    if (value instanceof Uint8Array && !Buffer.isBuffer(value))
      record[key] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  return record;
}
