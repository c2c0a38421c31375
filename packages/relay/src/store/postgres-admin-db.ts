import pg from 'pg';
import { AdminDb } from './repositories.js';
import { erasedTables, type ErasurePlan } from './erasure-plan.js';
import type { SqlDb, SqlValue } from './sql/sql-db.js';
import { numbered } from './sql/admin-rows.js';
import { inTransaction } from './postgres-store.js';

/** Options for {@link openPostgresAdminDb}. */
export interface PostgresAdminDbOptions {
  /** The same URL as the relay's {@link PostgresStore} (search path included). */
  readonly connectionString: string;
  /** Connections in this pool. Default 4: admin traffic is light next to the message path. */
  readonly poolSize?: number;
  /** What erasing a conversation or a contact deletes (`ERASURE_PLAN`, from the features). */
  readonly erasure: ErasurePlan;
}

// bigint (int8) columns hold epoch milliseconds and counts, all well below 2^53: read them as numbers.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * The messages after the `search` cursor of the message log ((txid, id) order, as the log reads it), bound: the
 * cursor's txid and message id, as read just before. A range of the `messages_by_txid` index: the messages of about
 * a second while the consumer runs.
 */
const POSTGRES_INDEX_BEHIND = `
  INSERT INTO message_search (id, search)
  SELECT m.id, to_tsvector('simple', m.text) FROM messages m
  WHERE (m.txid, m.id) > ($1::xid8, $2::bigint)
    AND NOT EXISTS (SELECT 1 FROM message_search s WHERE s.id = m.id)
  ORDER BY m.id
  ON CONFLICT (id) DO NOTHING`;

/** Tables every erasure changes besides its plan's. */
const SCRUBBED_ALWAYS = ['conversations', 'visitors', 'contacts', 'audit_log', 'message_search'];

class PostgresDb implements SqlDb {
  readonly dialect = 'postgres';

  constructor(
    private readonly client: pg.Pool | pg.PoolClient,
    /** What {@link scrub} vacuums. */
    private readonly scrubbed: readonly string[] = [],
  ) {}

  /** A tsvector match: every term, the last one a prefix. */
  searchCondition(terms: readonly string[]): { sql: string; param: string } {
    const query = terms.map((term, i) => (i === terms.length - 1 ? `${term}:*` : term)).join(' & ');
    return {
      // The vectors are keyed by message, not by conversation: a merge moves messages between conversations.
      sql: `c.id IN (SELECT m.conversation_id FROM message_search s JOIN messages m ON m.id = s.id
        WHERE s.search @@ to_tsquery('simple', ?))`,
      param: query,
    };
  }

  /** A boolean column is a condition as it is. */
  isTrue(column: string): string {
    return column;
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await this.client.query(numbered(sql), [...params])).rows as T[];
  }

  /** PostgreSQL reads never hold the event loop: the same as `all`. */
  scan<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.all<T>(sql, params);
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return (await this.client.query(numbered(sql), [...params])).rowCount ?? 0;
  }

  async transaction<T>(work: (db: SqlDb) => Promise<T>, options?: { readonly durable?: boolean }): Promise<T> {
    if (!(this.client instanceof pg.Pool)) return work(this);
    return inTransaction(this.client, async (client) => {
      if (options?.durable === false) await client.query('SET LOCAL synchronous_commit = off');
      return work(new PostgresDb(client));
    });
  }

  /**
   * Indexes what the desk's `search` consumer of the message log has not yet reached
   * (`admin/conversations/message-search-index.ts`: it adds each message's vector to `message_search` a few ms after
   * its commit), so a search finds every message committed before it: those after the consumer's cursor as last
   * written (at most about a second of messages while it runs; everything since the migration without it). Safe beside
   * the consumer: a vector written twice is written once.
   */
  async indexForSearch(): Promise<void> {
    const { rows } = await this.client.query<{ txid: string; message_id: string }>(
      `SELECT txid, message_id FROM log_cursors WHERE name = 'search'`,
    );
    const cursor = rows[0];
    if (cursor) await this.client.query(POSTGRES_INDEX_BEHIND, [cursor.txid, cursor.message_id]);
  }

  /**
   * Vacuums the tables an erasure deletes from, once its last batch is done: PostgreSQL keeps a deleted row's tuple
   * (its text, its search vector) in the table until a vacuum removes it. A GIN index never drops a word once
   * indexed, even with no message left that has it, and a B-tree keeps deleted keys' bytes, so the search and label
   * indexes are rebuilt (CONCURRENTLY: sends and reads go on meanwhile; it costs a pass over every message, which is
   * why retention does it once per run, not per batch). Best effort, table by table: autovacuum removes the tuples
   * later anyway.
   */
  async scrub(last: boolean): Promise<void> {
    if (!last || !(this.client instanceof pg.Pool)) return;
    for (const table of this.scrubbed) {
      try {
        await this.client.query(`VACUUM ${table}`);
      } catch {
        // Another vacuum of it in progress, or no permission: its tuples wait for autovacuum.
      }
    }
    try {
      await this.client.query('REINDEX INDEX CONCURRENTLY messages_search');
      // A B-tree keeps a deleted key's bytes too; of the indexes, only the labels' hold words people wrote.
      await this.client.query('REINDEX TABLE CONCURRENTLY conversation_labels');
    } catch {
      // Another reindex in progress, or no permission: the words stay until the next erasure's rebuild.
    }
  }

  async close(): Promise<void> {
    if (this.client instanceof pg.Pool) await this.client.end();
  }
}

/**
 * The admin side's repositories on the relay's PostgreSQL database, with a small pool of its own. Full-text search
 * uses the `message_search` vectors and their GIN index, filled from the message log (migration
 * `message-log.search-index`).
 */
export function openPostgresAdminDb(options: PostgresAdminDbOptions): AdminDb {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 4,
    types,
    connectionTimeoutMillis: 5000,
    keepAlive: true,
  });
  pool.on('error', () => {});
  // What an erasure deletes from: the plan's tables, and the conversations, visitors and contacts themselves, and the
  // audit log (whose entries about the erased person are emptied).
  const scrubbed = [...new Set([...erasedTables(options.erasure), ...SCRUBBED_ALWAYS])];
  return new AdminDb(new PostgresDb(pool, scrubbed), options.erasure);
}
