import Database from 'better-sqlite3';
import { AdminDb } from './repositories.js';
import type { ErasurePlan } from './erasure-plan.js';
import type { SqlDb, SqlValue } from './sql/sql-db.js';
import { boundLimitsPlanned } from './sqlite-bound-limit.js';
import { SQLITE_INDEX_CHUNK, SQLITE_INDEX_NEXT, type IndexChunkEnd } from './sqlite-search-index.js';
import { SqliteReader } from './sqlite-reader.js';
import { SQLITE_WAL_RESTART_PAGES } from './sqlite-store.js';

/** Options for {@link openSqliteAdminDb}. */
export interface SqliteAdminDbOptions {
  /** The database file of the relay's {@link SqliteStore}, already migrated by its `init()`. */
  readonly path: string;
  /** How long a write waits for the message path's lock, in ms. Default 5000. */
  readonly busyTimeoutMs?: number;
  /** What erasing a conversation or a contact deletes (`ERASURE_PLAN`, from the features). */
  readonly erasure: ErasurePlan;
}

/** A connection of its own to the relay's SQLite file (WAL lets it read while the message path writes). */
class SqliteDb implements SqlDb {
  readonly dialect = 'sqlite';
  readonly #statements = new Map<string, Database.Statement>();
  #queue: Promise<unknown> = Promise.resolve();
  /**
   * The connection's `synchronous` now. It is switched only when the next commit asks for the other, not back after
   * each relaxed one: the outbox's bookkeeping commits relaxed every few milliseconds under load, and two switches
   * a commit were about 3 % of a webhook delivery's CPU.
   */
  #synchronous: 'FULL' | 'NORMAL' = 'FULL';

  constructor(
    readonly db: Database.Database,
    readonly reader: SqliteReader,
  ) {
    db.exec('PRAGMA synchronous = FULL');
  }

  /**
   * Sets `synchronous` for the commits that follow (it cannot change inside a transaction). Through `exec`: SQLite
   * applies the pragma when it compiles the statement, so a prepared one run again would change nothing.
   */
  #commitAs(mode: 'FULL' | 'NORMAL'): void {
    if (this.#synchronous === mode) return;
    this.db.exec(`PRAGMA synchronous = ${mode}`);
    this.#synchronous = mode;
  }

  /** FTS5: each term a quoted phrase, the last one a prefix. */
  searchCondition(terms: readonly string[]): { sql: string; param: string } {
    const query = terms.map((term, i) => `"${term}"${i === terms.length - 1 ? '*' : ''}`).join(' ');
    return {
      sql: `c.id IN (SELECT m.conversation_id FROM messages m WHERE m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?))`,
      param: query,
    };
  }

  /** SQLite keeps booleans as 0/1. */
  isTrue(column: string): string {
    return `${column} <> 0`;
  }

  #prepare(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(boundLimitsPlanned(sql));
      if (this.#statements.size > 500) this.#statements.clear();
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    // A write with RETURNING, outside a transaction, commits by itself: durably.
    if (!this.db.inTransaction) this.#commitAs('FULL');
    return this.#prepare(sql).all(...params.map(bind)) as T[];
  }

  /** Off the event loop, unless this connection is inside a transaction (whose own writes it must see). */
  scan<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    if (this.db.inTransaction) return this.all<T>(sql, params);
    return this.reader.all<T>(sql, params.map(bind));
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    if (!this.db.inTransaction) this.#commitAs('FULL');
    return this.#prepare(sql).run(...params.map(bind)).changes;
  }

  /**
   * better-sqlite3 transactions must be synchronous; these are async, so they are queued one after another on
   * this connection (BEGIN IMMEDIATE … COMMIT). Every statement inside runs synchronously.
   */
  transaction<T>(work: (db: SqlDb) => Promise<T>, options?: { readonly durable?: boolean }): Promise<T> {
    const mode = options?.durable === false ? 'NORMAL' : 'FULL';
    const run = async (): Promise<T> => {
      this.#commitAs(mode);
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    };
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Indexes the messages the message store has not indexed yet (it does so in batches), so a search finds every one:
   * a bounded run a transaction, each in its turn of the event loop.
   */
  async indexForSearch(): Promise<void> {
    for (let run = 0, more = true; more; run++) {
      // A turn of the loop between runs: awaiting the transactions alone would chain them all in one.
      if (run > 0) await new Promise((resolve) => setImmediate(resolve));
      more = await this.transaction(async (db) => {
        const [end] = await db.all<IndexChunkEnd>(SQLITE_INDEX_NEXT.end, [SQLITE_INDEX_CHUNK]);
        if (end?.upTo === null || end?.upTo === undefined) return false;
        await db.run(SQLITE_INDEX_NEXT.insert, [end.upTo]);
        await db.run(SQLITE_INDEX_NEXT.record, [end.upTo, end.upTo]);
        return end.count === SQLITE_INDEX_CHUNK;
      });
    }
  }

  /**
   * Copies the write-ahead log into the file and truncates it after every batch of an erasure, so erased data leaves
   * the WAL and the file's old pages at once (`secure_delete` overwrote them in the file). Another checkpoint in
   * progress (the message store's) makes SQLite answer busy at once rather than wait: try again, for up to about
   * 2 s, then leave it to the next checkpoint.
   */
  async scrub(): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
        if (result?.busy === 0) return;
      } catch {
        // SQLITE_BUSY: a checkpoint or a write holds the log; try again.
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    await this.#queue;
    await this.reader.close();
    this.db.close();
  }
}

function bind(value: SqlValue): string | number | null {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

/**
 * The admin side's repositories on the relay's SQLite file. It opens the file a second time (WAL mode allows one
 * writer and many readers across connections; writes wait up to `busyTimeoutMs` for the message path's group
 * commit). `secure_delete` is on for this connection, so erased rows are overwritten, not just unlinked.
 */
export function openSqliteAdminDb(options: SqliteAdminDbOptions): AdminDb {
  const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000));
  const db = new Database(options.path, { fileMustExist: true });
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma('foreign_keys = ON');
  db.pragma('secure_delete = ON');
  // The checkpoint thread copies the log, as for the message store's connection (SqliteStore): this connection too
  // checkpoints by itself only as the backstop that lets the log start over. At SQLite's default (every 4 MiB of log)
  // each of its commits past that size was also a checkpoint on the event loop: the outbox's bookkeeping commits every
  // few milliseconds under load, and such a commit cost ~1.5x one without (docs/performance.md, "Webhook delivery,
  // warm").
  db.pragma(`wal_autocheckpoint = ${SQLITE_WAL_RESTART_PAGES}`);
  // Every commit reaches the disk (the outbox's bookkeeping asks for less, commit by commit: SqliteDb).
  return new AdminDb(new SqliteDb(db, new SqliteReader({ path: options.path, busyTimeoutMs })), options.erasure);
}
