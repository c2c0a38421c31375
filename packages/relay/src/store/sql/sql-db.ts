/** A bound value: booleans become 0/1 on SQLite. */
export type SqlValue = string | number | boolean | null;

/** The little the admin side's repositories need from a database: `?` placeholders, rows as plain objects. */
export interface SqlDb {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * The condition selecting conversations (`c`) with a message matching every search term, and its parameter:
   * FTS5 on SQLite, a tsvector on PostgreSQL.
   */
  searchCondition(terms: readonly string[]): { sql: string; param: string };
  /** A boolean column as a condition: a bare column is a boolean only on PostgreSQL; SQLite keeps 0/1. */
  isTrue(column: string): string;
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /**
   * Like `all`, for a read that may visit many rows (a search, a report over a year, an export): it must never hold
   * the event loop. PostgreSQL's reads never do; SQLite's driver is synchronous, so outside a transaction the read
   * runs on a thread of its own with a read-only connection, and sees what was last committed. Inside a
   * transaction it runs on the transaction's connection, as `all` does.
   */
  scan<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs a statement; resolves with the number of rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /**
   * Runs `work` in one transaction on one connection; rolls back if it throws. With `durable: false` the commit
   * does not wait for the disk (SQLite: `synchronous = NORMAL` for it, PostgreSQL: `synchronous_commit = off`): a
   * crash may lose the last such commits, never corrupt anything. Only for writes whose loss is harmless — the
   * outbox's own bookkeeping, whose loss means a delivery is made again (at least once, as promised).
   */
  transaction<T>(work: (db: SqlDb) => Promise<T>, options?: { readonly durable?: boolean }): Promise<T>;
  /**
   * Before a search: SQLite's full-text index is written by the message store in batches, so the messages it has not
   * indexed yet are indexed first, and the search finds every one. PostgreSQL's is always current.
   */
  indexForSearch(): Promise<void>;
  /**
   * After an erasure, removes the erased bytes from wherever the database still keeps old versions of its pages
   * (SQLite's log, PostgreSQL's dead tuples and indexes). `last`: no more batches of this erasure follow.
   */
  scrub(last: boolean): Promise<void>;
  close(): Promise<void>;
}
