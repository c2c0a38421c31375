// Over 500 lines on purpose: the group commit (`#flush`, `#writeBatch`), the caches it keeps between batches and
// the reads that share its connection and statements are one idea. Rows, mappers and the batch statements are in
// sqlite-rows.ts; migrations run by sqlite-migrator.ts; checkpoints in sqlite-checkpointer.ts.
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Message } from '@parley/protocol';
import { SQLITE_INDEX_CHUNK, SQLITE_INDEX_NEXT, SQLITE_MERGE_STEP, type IndexChunkEnd } from './sqlite-search-index.js';
import { checkMigrations, migrationsFor, type Migration } from './migration.js';
import { checkSqliteSchema, migrateSqlite } from './sqlite-migrator.js';
import { SqliteCheckpointer } from './sqlite-checkpointer.js';
import {
  ACTIVITY_INTERVAL_MS,
  ACTIVITY_REPAIR_MS,
  ACTIVITY_REPAIR_SQL,
  ActivityCoalescer,
} from './activity-coalescer.js';
import { SecretSealer } from './secret-sealer.js';
import {
  NEW_CONVERSATION,
  SchemaBehindError,
  scopesColumn,
  type AppendInput,
  type AppendResult,
  type Conversation,
  type ReadOptions,
  type Site,
  type Staff,
  type Store,
} from './store.js';
import { appendedMessage, checkAppendInput, pageSize, readMark, tellCommitted } from './input-checks.js';
import type { CommittedListener, ConversationState, MessageEffects } from './store.js';
import type { OutboxInsert } from './outbox-job.js';
import { outboxRows } from './sql/outbox-rows.js';
import { MESSAGE_COLUMNS, extraColumn, toMessage, type MessageRow } from './message-row.js';
import {
  BatchStatements,
  toConversation,
  toSite,
  toStaff,
  type ConversationRow,
  type SiteRow,
  type StaffRow,
} from './sqlite-rows.js';

/** Options for {@link SqliteStore}. */
export interface SqliteStoreOptions {
  /** Database file, created if missing, or `':memory:'` (tests only: nothing survives `close()`). */
  readonly path: string;
  /**
   * How hard each group commit pushes data to disk. Default `'full'`.
   *
   * - `'full'`: SQLite fsyncs the write-ahead log on every commit, so an acknowledged message survives a
   *   power loss or kernel crash. One fsync is shared by all appends of a batch.
   * - `'normal'`: WAL without an fsync per commit (only at checkpoints). An acknowledged message survives the
   *   relay process crashing or being killed (`SIGKILL`, OOM), because the data is in the OS page cache, but
   *   the last commits may be lost if the machine loses power. Much faster on slow disks.
   */
  readonly synchronous?: 'full' | 'normal';
  /** How long a write waits for another connection's lock before failing, in ms. Default 5000. */
  readonly busyTimeoutMs?: number;
  /**
   * How often new messages are added to the full-text index, in ms (default 1000): at the end of the first group
   * commit this long after the last time, or by a timer when no batch comes; always before an admin search and
   * on close. One bulk insert per interval instead of one per batch (see migration `store.deferred-search`), of at
   * most `indexChunk` messages: a backlog goes on with the next batches, or the next turns of the loop.
   */
  readonly indexIntervalMs?: number;
  /** The most messages one run of that indexing adds (default {@link SQLITE_INDEX_CHUNK}); a backlog takes several. */
  readonly indexChunk?: number;
  /**
   * A conversation's activity time (`updated_at`) is written at most once in this many ms by the group commits, the
   * last message's time by a trailing write once it has passed (default {@link ACTIVITY_INTERVAL_MS}; see
   * {@link ActivityCoalescer}).
   */
  readonly activityIntervalMs?: number;
  /**
   * Apply pending schema migrations in `init()` (default true). When false, `init()` refuses a database that is
   * missing or behind this build with a {@link SchemaBehindError} (`PARLEY_MIGRATE=skip`) and creates nothing.
   */
  readonly migrate?: boolean;
  /** The migrations the schema is made of, in the order they apply: the relay's (`MIGRATIONS`, from its features). */
  readonly migrations: readonly Migration[];
}

/** Counters for monitoring (and for tests): how appends were grouped into transactions. */
export interface SqliteStoreStats {
  /** Group-commit transactions committed. */
  readonly batches: number;
  /** Appends resolved from committed batches, duplicates included. */
  readonly appends: number;
  /** Group-commit transactions that failed (each rejected all of its appends). */
  readonly failedBatches: number;
}

/** Counters for monitoring (and for tests): how often conversations' activity times (`updated_at`) were written. */
export interface ActivityWriteStats {
  /** By group commits, with `last_seq`: at most one an interval per conversation. */
  readonly batched: number;
  /** By the trailing writes after them, the last message's time (see {@link ActivityCoalescer}). */
  readonly trailing: number;
}

interface Pending {
  readonly input: AppendInput;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: Error) => void;
}

type Outcome = { readonly ok: true; readonly result: AppendResult } | { readonly ok: false; readonly error: Error };

/** SQLite's page cache per connection, in KiB (64 MiB): at most that much memory, used as the database grows. */
const cacheKiB = 64 * 1024;

/** How often the checkpoint thread copies the log into the database file, in ms. */
const checkpointIntervalMs = 100;

/**
 * Log pages (4 KiB, so 32 MiB) at which the writing connection checkpoints by itself: what lets the log start over
 * while messages keep coming. The checkpoint thread copies nearly all of the log, but the log restarts only when a
 * write begins with every frame copied, and under steady writes the writer has always committed more since the
 * thread's last pass. The writer's own checkpoint copies that remainder (about the thread's interval's worth), and
 * the next write starts the log over. Kept under {@link SQLITE_WAL_SIZE_LIMIT_BYTES}: the log file is then reused
 * as it is, never cut back; cutting it back by ~130 MiB every few seconds (at the former 200 MiB) held the event
 * loop 50–90 ms (docs/performance.md, "The log starts over without being cut back").
 */
export const SQLITE_WAL_RESTART_PAGES = 8_000;

/**
 * Appends one group commit writes at most, as on PostgreSQL; a longer queue (a burst: thousands of clients resending
 * their outboxes after a restart) is committed in several batches, one a turn of the event loop, so the loop reads
 * and writes sockets between them. Measured on the store alone (docs/performance.md, "A burst is committed in
 * bounded batches"): a burst of 5,000 held the loop 47–83 ms in one commit, 17–24 ms in batches of 1,000, committed
 * ~20 % later in all (a large commit writes the index pages its messages share once); batches of 500 cost more still.
 */
export const SQLITE_MAX_BATCH = 1000;

/**
 * Bytes the log file is cut back to when it restarts, so that a log grown large (a long read, such as a backup,
 * holding an older view of the database meanwhile) does not stay large; above the restart size, so that steady
 * writing never cuts it.
 */
export const SQLITE_WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

function prepareStatements(db: Database.Database) {
  return {
    batch: new BatchStatements(db),
    upsertSite: db.prepare<[string, string, string, string, string, number, number, number]>(
      `INSERT INTO sites (id, name, site_key, allowed_origins, identity_secret, require_identity, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, site_key = excluded.site_key,
         allowed_origins = excluded.allowed_origins, identity_secret = excluded.identity_secret,
         require_identity = excluded.require_identity, updated_at = excluded.updated_at`,
    ),
    getSite: db.prepare<[string], SiteRow>('SELECT * FROM sites WHERE id = ?'),
    getSiteByKey: db.prepare<[string], SiteRow>('SELECT * FROM sites WHERE site_key = ?'),
    siteExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM sites WHERE id = ?'),
    createStaff: db.prepare<
      [
        string,
        string,
        string,
        string,
        string | null,
        number,
        number | null,
        string | null,
        string | null,
        number | null,
      ]
    >(
      `INSERT INTO staff (id, site_id, name, role, token_hash, created_at, revoked_at, account_id, scopes, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    staffByTokenHash: db.prepare<[string], StaffRow>('SELECT * FROM staff WHERE token_hash = ?'),
    getConversation: db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE id = ?'),
    conversationByVisitor: db.prepare<[string, string], ConversationRow>(
      `SELECT * FROM conversations WHERE site_id = ? AND visitor_id = ?
       ORDER BY created_at DESC, rowid DESC LIMIT 1`,
    ),
    insertVisitor: db.prepare<[string, string, number, number]>(
      `INSERT INTO visitors (site_id, visitor_id, created_at, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    ),
    upsertProfile: db.prepare<[string, string, string | null, string | null, number, number, number]>(
      `INSERT INTO visitors (site_id, visitor_id, name, email, verified, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (site_id, visitor_id) DO UPDATE SET
         name = coalesce(excluded.name, visitors.name), email = coalesce(excluded.email, visitors.email),
         verified = excluded.verified, updated_at = excluded.updated_at`,
    ),
    insertConversation: db.prepare<[string, string, string, number, number]>(
      `INSERT INTO conversations (id, site_id, visitor_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
    ),
    nextSeq: db.prepare<[number, string], { last_seq: number }>(
      'UPDATE conversations SET last_seq = last_seq + 1, updated_at = ? WHERE id = ? RETURNING last_seq',
    ),
    conversationSeq: db.prepare<
      [string],
      {
        site_id: string;
        last_seq: number;
        status: ConversationState['status'];
        assignee_id: string | null;
        updated_at: number;
      }
    >('SELECT site_id, last_seq, status, assignee_id, updated_at FROM conversations WHERE id = ?'),
    repairActivity: db.prepare<[number]>(ACTIVITY_REPAIR_SQL),
    dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    // `LIMIT +?`, not `LIMIT ?`: see `boundLimitsPlanned`.
    idsAfter: db.prepare<[number, number], number>('SELECT id FROM messages WHERE id > ? ORDER BY id LIMIT +?').pluck(),
    messageByClientId: db.prepare<[string, string], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? AND client_id = ?`,
    ),
    insertMessage: db.prepare<
      [string, number, string, string, string, string | null, string, string, number, string | null]
    >(
      `INSERT INTO messages (conversation_id, seq, client_id, author_role, author_id, author_name, text, kind, ts, extra)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    // [[conversation_id, client_id], …] as one JSON array → the messages already stored under those client ids
    // (only when a batch is written again after it met a resend; the batch writes are in BatchStatements).
    storedClientIds: db.prepare<[string], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS.replace(/(\w+)/g, 'm.$1')} FROM json_each(?) AS j
       JOIN messages AS m ON m.conversation_id = j.value ->> 0 AND m.client_id = j.value ->> 1`,
    ),
    // Both directions walk the UNIQUE (conversation_id, seq) index. `+?`: SQLite would otherwise prepare them again on
    // every run, both for the bound LIMIT and for the equality ahead of the index's range (see `boundLimitsPlanned`).
    after: db.prepare<[string, number, number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages
       WHERE conversation_id = +? AND seq > ? AND kind <> 'note' ORDER BY seq LIMIT +?`,
    ),
    afterWithNotes: db.prepare<[string, number, number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = +? AND seq > ? ORDER BY seq LIMIT +?`,
    ),
    before: db.prepare<[string, number, number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages
       WHERE conversation_id = +? AND seq < ? AND kind <> 'note' ORDER BY seq DESC LIMIT +?`,
    ),
    beforeWithNotes: db.prepare<[string, number, number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = +? AND seq < ? ORDER BY seq DESC LIMIT +?`,
    ),
    markVisitorRead: db.prepare<[number, string], { seq: number }>(
      `UPDATE conversations SET visitor_read_seq = max(visitor_read_seq, min(?, last_seq))
       WHERE id = ? RETURNING visitor_read_seq AS seq`,
    ),
    markStaffRead: db.prepare<[number, string], { seq: number }>(
      `UPDATE conversations SET staff_read_seq = max(staff_read_seq, min(?, last_seq))
       WHERE id = ? RETURNING staff_read_seq AS seq`,
    ),
    indexEnd: db.prepare<[number], IndexChunkEnd>(SQLITE_INDEX_NEXT.end),
    indexInsert: db.prepare<[number]>(SQLITE_INDEX_NEXT.insert),
    indexRecord: db.prepare<[number, number]>(SQLITE_INDEX_NEXT.record),
    indexMerge: db.prepare(SQLITE_MERGE_STEP),
    totalChanges: db.prepare<[], number>('SELECT total_changes()').pluck(),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/**
 * A {@link Store} on one SQLite file (better-sqlite3), for single-relay deployments.
 *
 * Appends use group commit: every `append()` made in the same event-loop turn is queued, and on the next
 * `setImmediate` the queue is written in one transaction ({@link SQLITE_MAX_BATCH} appends at most: the rest on the
 * next turns, in order); only after it commits does each promise resolve. The relay therefore acknowledges only
 * durable messages, and the fsync of a commit is shared by everyone who sent in that turn. If the transaction
 * fails, every append of the batch rejects (nothing of it is stored, and the client's retry with the same client id
 * is safe). An input that is wrong on its own (unknown site, conversation of another site, malformed fields) rejects
 * alone and does not fail the batch.
 *
 * A batch costs a few multi-row statements (its INSERTs and compare-and-set UPDATEs of the conversations it touches,
 * 64 rows per statement: `updated_at` with `last_seq` only for those whose activity time is a second old, see
 * {@link ActivityCoalescer}) and, about once a second, a bulk insert into the full-text index. The store
 * remembers each conversation's site and `last_seq` between batches, so it numbers messages without reading or
 * updating the conversation row per message, and lets the unique index on `(client_id, conversation_id)` find
 * resends. What it remembers is checked against every other writer: each batch first reads `PRAGMA
 * data_version` (it changes when another connection, e.g. a second process on the same file, has committed) and
 * forgets everything if it moved; `UNIQUE (conversation_id, seq)` and a compare-and-set on `last_seq` refuse a
 * stale number anyway. When a batch
 * hits a constraint it did not foresee, it is rolled back and written again message by message, each in its
 * own savepoint, so that only the offending message is refused.
 *
 * The file uses WAL mode, `foreign_keys` and a `busy_timeout`; `init()` applies the schema migrations it is given
 * (the relay's: `MIGRATIONS`, from its features), recorded by name. See {@link SqliteStoreOptions.synchronous} for
 * durability.
 *
 * @example
 * ```ts
 * const store = new SqliteStore({ path: '/var/lib/parley/parley.db' });
 * await store.init();
 * const { message } = await store.append(input); // committed when this resolves
 * await store.close();
 * ```
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';

  readonly #options: Required<SqliteStoreOptions>;
  #db: Database.Database | undefined;
  #statements: Statements | undefined;
  #commitBatch: ((batch: readonly Pending[], outcomes: Outcome[], findResends: boolean) => BatchState) | undefined;
  #commitEach: ((batch: readonly Pending[], outcomes: Outcome[]) => void) | undefined;
  /** Site and last sequence of conversations this connection has read or written; see the class notes. */
  readonly #conversations = new Map<string, KnownConversation>();
  /** {@link profileKey} of the profile last written per visitor (key: `siteId \0 visitorId`). */
  readonly #profiles = new Map<string, string>();
  /** `PRAGMA data_version` when {@link #conversations} and {@link #profiles} were last known to be current. */
  #dataVersion = -1;
  #pending: Pending[] = [];
  #flushHandle: NodeJS.Immediate | undefined;
  #closed = false;
  #stats = { batches: 0, appends: 0, failedBatches: 0 };
  #activityWrites = 0;
  /** Writes the activity times the group commits left for later (see {@link ActivityCoalescer}). */
  readonly #activity: ActivityCoalescer;
  /** When the next group commit also indexes new messages (ms since the epoch). */
  #indexDue = 0;
  /** Indexes what the last batches left unindexed when no batch comes to do it. */
  #indexTimer: NodeJS.Timeout | undefined;
  /** The last run of the indexing left messages for the next (it adds at most `indexChunk`). */
  #indexBehind = false;
  /** The index may have segments to merge: the timer runs merge steps, each in a turn of its own, until one is idle. */
  #merging = false;
  /** Copies the log into the database file off this thread; none for `':memory:'`. */
  #checkpointer: SqliteCheckpointer | undefined;
  #sealer: SecretSealer | undefined;
  #effects: MessageEffects | undefined;
  #committed: CommittedListener | undefined;

  constructor(options: SqliteStoreOptions) {
    this.#options = {
      synchronous: 'full',
      busyTimeoutMs: 5000,
      indexIntervalMs: 1000,
      indexChunk: SQLITE_INDEX_CHUNK,
      activityIntervalMs: ACTIVITY_INTERVAL_MS,
      migrate: true,
      ...options,
    };
    checkMigrations(this.#options.migrations);
    this.#activity = new ActivityCoalescer({
      intervalMs: this.#options.activityIntervalMs,
      write: (rows) => this.#writeActivity(rows),
    });
  }

  /** Counters since this store was opened. */
  get stats(): SqliteStoreStats {
    return { ...this.#stats };
  }

  /** Conversations' activity times written since this store was opened. */
  get activityStats(): ActivityWriteStats {
    return { batched: this.#activityWrites, trailing: this.#activity.trailingWrites };
  }

  /** Writes every activity time left for later now, due or not (tests; close does it too). */
  flushActivity(): Promise<void> {
    return this.#activity.flush();
  }

  /** Opens the file, sets the pragmas and applies pending migrations. Call once, before anything else. */
  async init(): Promise<void> {
    if (this.#db) throw new Error('SqliteStore: init() called twice');
    if (this.#closed) throw new Error('SqliteStore: closed');
    const path = this.#options.path;
    // Without migrations a missing file stays missing (openDatabase says the schema is behind): no empty file made.
    if (path !== ':memory:' && path !== '' && (this.#options.migrate || existsSync(path))) ownerOnly(path);
    const db = openDatabase(path, this.#options.migrate, this.#options.migrations);
    try {
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(this.#options.busyTimeoutMs))}`);
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${this.#options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
      db.pragma('foreign_keys = ON');
      // Freed content is overwritten with zeros, not left in free pages: the full-text index's merges free the
      // segments that held erased words on this connection (see `store.privacy` and the admin store's erase).
      db.pragma('secure_delete = ON');
      // SQLite's default page cache is 2 MiB; one busy batch dirties more than that (a leaf page of each message
      // index per conversation), which would spill to the WAL mid-transaction and re-read pages next batch.
      db.pragma(`cache_size = -${cacheKiB}`);
      // A multi-row statement inside the batch's transaction keeps a statement journal (to undo just that
      // statement on a constraint failure): in a temporary file by default, written page by page — more bytes per
      // message than the WAL itself. In memory it costs a copy, and it is gone at the statement's end anyway.
      db.pragma('temp_store = MEMORY');
      // Checkpoints run on a thread of their own (see init below). SQLite's default, a checkpoint by the writer
      // every 4 MiB of log, made every busy commit also a checkpoint (two more fsyncs, every page written twice,
      // the event loop stalled meanwhile); the writer now checkpoints only what the thread has not yet copied,
      // every 32 MiB of log, so that the log starts over.
      db.pragma(`wal_autocheckpoint = ${SQLITE_WAL_RESTART_PAGES}`);
      db.pragma(`journal_size_limit = ${SQLITE_WAL_SIZE_LIMIT_BYTES}`);
      if (this.#options.migrate) migrateSqlite(db, this.#options.migrations);
      else checkSqliteSchema(db, this.#options.migrations);
      this.#statements = prepareStatements(db);
      // Activity a killed process left for a trailing write (see ACTIVITY_REPAIR_SQL).
      this.#statements.repairActivity.run(ACTIVITY_REPAIR_MS);
    } catch (error) {
      db.close();
      throw error;
    }
    this.#db = db;
    if (this.#options.path !== ':memory:' && this.#options.path !== '') {
      this.#checkpointer = new SqliteCheckpointer({
        path: this.#options.path,
        synchronous: this.#options.synchronous === 'normal' ? 'NORMAL' : 'FULL',
        intervalMs: checkpointIntervalMs,
      });
    }
    this.#commitBatch = db.transaction((batch: readonly Pending[], outcomes: Outcome[], findResends: boolean) =>
      this.#writeBatch(batch, outcomes, findResends),
    ).immediate;
    const appendOne = db.transaction((input: AppendInput, ts: number) => this.#appendOne(input, ts));
    this.#commitEach = db.transaction((batch: readonly Pending[], outcomes: Outcome[]) => {
      const ts = Date.now();
      for (const { input } of batch) {
        try {
          // Nested transaction = savepoint: a constraint failure undoes this message only.
          outcomes.push({ ok: true, result: appendOne(input, ts) });
        } catch (error) {
          if (!isInputError(error)) throw error;
          outcomes.push({ ok: false, error: error as Error });
        }
      }
    }).immediate;
  }

  /** Commits the pending appends, then closes the database. Safe to call more than once. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    while (this.#pending.length > 0) this.#flush();
    await this.#activity.close();
    clearTimeout(this.#indexTimer);
    // Everything stored is indexed before the file closes, a bounded run after another.
    while (this.#indexNow());
    await this.#checkpointer?.close();
    this.#db?.close();
    this.#db = undefined;
    this.#statements = undefined;
  }

  async upsertSite(site: Site): Promise<void> {
    const now = Date.now();
    this.#stmts().upsertSite.run(
      site.id,
      site.name,
      site.siteKey,
      JSON.stringify(site.allowedOrigins),
      this.#sealer ? this.#sealer.seal(site.identitySecret) : site.identitySecret,
      site.requireIdentity ? 1 : 0,
      now,
      now,
    );
  }

  async sealSecrets(sealer: SecretSealer): Promise<number> {
    this.#sealer = sealer;
    this.#stmts();
    const db = this.#db!;
    const rows = db.prepare<[], { id: string; identity_secret: string }>('SELECT id, identity_secret FROM sites').all();
    const plain = rows.filter((row) => !SecretSealer.isSealed(row.identity_secret));
    for (const row of rows) sealer.open(row.identity_secret); // fails now, at start, if the data key is not theirs
    if (plain.length === 0) return 0;
    const update = db.prepare<[string, string]>('UPDATE sites SET identity_secret = ? WHERE id = ?');
    db.transaction(() => {
      for (const row of plain) update.run(sealer.seal(row.identity_secret), row.id);
    }).immediate();
    // secure_delete zeroes the old value in its page; the log may still hold earlier copies of that page.
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // Busy: the next checkpoint copies the log over.
    }
    return plain.length;
  }

  setMessageEffects(effects: MessageEffects | undefined): void {
    this.#effects = effects;
  }

  setCommittedListener(listener: CommittedListener | undefined): void {
    this.#committed = listener;
  }

  messageIdsAfter(afterId: number, limit: number): number[] {
    return this.#stmts().idsAfter.all(afterId, limit);
  }

  async getSite(id: string): Promise<Site | undefined> {
    const row = this.#stmts().getSite.get(id);
    return row && this.#opened(toSite(row));
  }

  async getSiteByKey(siteKey: string): Promise<Site | undefined> {
    const row = this.#stmts().getSiteByKey.get(siteKey);
    return row && this.#opened(toSite(row));
  }

  /** The site with its identity secret opened (see {@link sealSecrets}). */
  #opened(site: Site): Site {
    if (!this.#sealer) {
      if (SecretSealer.isSealed(site.identitySecret))
        throw new Error('SqliteStore: the identity secret is sealed; call sealSecrets() with the data key first');
      return site;
    }
    return { ...site, identitySecret: this.#sealer.open(site.identitySecret) };
  }

  async createStaff(staff: Staff): Promise<void> {
    this.#stmts().createStaff.run(
      staff.id,
      staff.siteId,
      staff.name,
      staff.role,
      staff.tokenHash,
      staff.createdAt,
      staff.revokedAt,
      staff.accountId ?? null,
      scopesColumn(staff),
      staff.expiresAt ?? null,
    );
  }

  async findStaffByTokenHash(tokenHash: string): Promise<Staff | undefined> {
    const row = this.#stmts().staffByTokenHash.get(tokenHash);
    return row && toStaff(row);
  }

  async getConversation(id: string): Promise<Conversation | undefined> {
    const row = this.#stmts().getConversation.get(id);
    return row && toConversation(row);
  }

  async findConversationByVisitor(siteId: string, visitorId: string): Promise<Conversation | undefined> {
    const row = this.#stmts().conversationByVisitor.get(siteId, visitorId);
    return row && toConversation(row);
  }

  append(input: AppendInput): Promise<AppendResult> {
    if (this.#closed) return Promise.reject(new Error('SqliteStore: closed'));
    if (!this.#db) return Promise.reject(new Error('SqliteStore: init() has not been called'));
    const problem = checkAppendInput(input);
    if (problem) return Promise.reject(new TypeError(`SqliteStore.append: ${problem}`));
    return new Promise<AppendResult>((resolve, reject) => {
      this.#pending.push({ input, resolve, reject });
      this.#flushHandle ??= setImmediate(() => this.#flush());
    });
  }

  async messagesAfter(
    conversationId: string,
    afterSeq: number,
    limit: number,
    options?: ReadOptions,
  ): Promise<Message[]> {
    const n = pageSize(limit);
    if (n === 0) return [];
    const statement = options?.includeNotes ? this.#stmts().afterWithNotes : this.#stmts().after;
    return statement.all(conversationId, afterSeq, n).map(toMessage);
  }

  async messagesBefore(
    conversationId: string,
    beforeSeq: number,
    limit: number,
    options?: ReadOptions,
  ): Promise<Message[]> {
    const n = pageSize(limit);
    if (n === 0) return [];
    const statement = options?.includeNotes ? this.#stmts().beforeWithNotes : this.#stmts().before;
    return statement.all(conversationId, beforeSeq, n).map(toMessage).reverse();
  }

  async markRead(conversationId: string, by: 'visitor' | 'staff', seq: number): Promise<number | undefined> {
    const statement = by === 'visitor' ? this.#stmts().markVisitorRead : this.#stmts().markStaffRead;
    return statement.get(readMark(seq), conversationId)?.seq;
  }

  #stmts(): Statements {
    if (this.#statements) return this.#statements;
    throw new Error(this.#closed ? 'SqliteStore: closed' : 'SqliteStore: init() has not been called');
  }

  /**
   * Writes the oldest queued appends ({@link SQLITE_MAX_BATCH} at most) in one transaction, then settles their
   * promises; the rest wait for the next turn.
   */
  #flush(): void {
    if (this.#flushHandle) clearImmediate(this.#flushHandle);
    this.#flushHandle = undefined;
    let batch = this.#pending;
    if (batch.length > SQLITE_MAX_BATCH) {
      batch = this.#pending.splice(0, SQLITE_MAX_BATCH);
      if (!this.#closed) this.#flushHandle = setImmediate(() => this.#flush());
    } else this.#pending = [];
    if (batch.length === 0) return;

    let outcomes: Outcome[] = [];
    try {
      let state: BatchState;
      try {
        // Resends are rare: look for them only when the insert says there was one.
        state = this.#commitBatch!(batch, outcomes, false);
      } catch (error) {
        if (!(error instanceof ResendInBatch)) throw error;
        this.#forget();
        outcomes = [];
        state = this.#commitBatch!(batch, outcomes, true);
      }
      this.#remember(state);
    } catch (error) {
      // Rolled back: forget what the batch had taught us.
      this.#forget();
      let failure = error;
      if (isInputError(error) || error instanceof SequenceConflict) {
        outcomes = [];
        try {
          this.#commitEach!(batch, outcomes);
          failure = undefined;
        } catch (again) {
          failure = again;
        }
      }
      if (failure !== undefined) {
        this.#stats.failedBatches++;
        const reason = failure instanceof Error ? failure : new Error(String(failure));
        for (const { reject } of batch) reject(reason);
        return;
      }
    }
    this.#stats.batches++;
    this.#stats.appends += batch.length;
    if (this.#committed?.active()) tellCommitted(this.#committed, batch, outcomes);
    batch.forEach(({ resolve, reject }, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) resolve(outcome.result);
      else reject(outcome.error);
    });
  }

  /**
   * The batch inside its transaction, in two statements whatever its size: insert the new messages, compare-and-set
   * `last_seq` of each conversation (with `findResends`, a third first looks up client ids already stored). A bad input is refused before anything of it
   * is written, so it needs no savepoint. Any exception rolls the whole batch back (see {@link #flush}). Returns
   * what to remember once it has committed.
   */
  #writeBatch(batch: readonly Pending[], outcomes: Outcome[], findResends: boolean): BatchState {
    const s = this.#stmts();
    const ts = Date.now();
    const version = s.dataVersion.get()!;
    if (version !== this.#dataVersion) {
      // Another connection committed since our last batch: what we remember may be stale.
      this.#forget();
      this.#dataVersion = version;
    }
    const conversations = new Map<string, BatchConversation>();
    const profiles = new Map<string, string>();
    let trailing: ReadonlyArray<readonly [string, number]> = [];
    // Inputs that passed the checks, by index in the batch (the others have their outcome already).
    const accepted: Array<{
      readonly index: number;
      readonly input: AppendInput;
      readonly conversation: BatchConversation;
    }> = [];
    const results = new Array<Outcome>(batch.length);
    for (const [index, { input }] of batch.entries()) {
      let conversation = conversations.get(input.conversationId);
      if (!conversation) {
        const known = this.#conversations.get(input.conversationId);
        const row = known ? undefined : s.conversationSeq.get(input.conversationId);
        const siteId = known?.siteId ?? row?.site_id;
        const lastSeq = known?.lastSeq ?? row?.last_seq;
        if (siteId !== undefined && lastSeq !== undefined) {
          const state = known?.state ?? (row ? { status: row.status, assigneeId: row.assignee_id } : NEW_CONVERSATION);
          const activityAt = known?.activityAt ?? row!.updated_at;
          conversation = { siteId, readSeq: lastSeq, lastSeq, state, activityAt, activityDue: false };
          conversations.set(input.conversationId, conversation);
        }
      }
      if (!conversation) {
        if (!s.siteExists.get(input.siteId)) {
          results[index] = { ok: false, error: new StoreInputError(`unknown site ${input.siteId}`) };
          continue;
        }
        s.insertVisitor.run(input.siteId, input.visitorId, ts, ts);
        s.insertConversation.run(input.conversationId, input.siteId, input.visitorId, ts, ts);
        conversation = {
          siteId: input.siteId,
          readSeq: 0,
          lastSeq: 0,
          state: NEW_CONVERSATION,
          activityAt: ts,
          activityDue: false,
        };
        conversations.set(input.conversationId, conversation);
      } else if (conversation.siteId !== input.siteId) {
        results[index] = {
          ok: false,
          error: new StoreInputError(`conversation ${input.conversationId} belongs to another site`),
        };
        continue;
      }
      accepted.push({ index, input, conversation });
    }

    // Resends: stored before (found by the unique (client_id, conversation_id) index), or twice in this batch.
    const stored = new Map<string, Message>();
    if (findResends && accepted.length > 0) {
      const keys = JSON.stringify(accepted.map(({ input }) => [input.conversationId, input.clientId]));
      for (const row of s.storedClientIds.all(keys))
        stored.set(`${row.conversation_id}\0${row.client_id}`, toMessage(row));
    }
    const firstInBatch = new Map<string, number>();
    const rows: unknown[][] = [];
    const fresh: Array<{ readonly index: number; readonly message: Message; readonly state: ConversationState }> = [];
    const twins: Array<{ readonly index: number; readonly first: number }> = [];
    for (const { index, input, conversation } of accepted) {
      if (findResends) {
        // Looked for only on the second pass: on the first, the insert skips a resend or a client id twice in this
        // batch (ON CONFLICT … DO NOTHING), which sends the batch here.
        const key = `${input.conversationId}\0${input.clientId}`;
        const original = stored.get(key);
        if (original) {
          results[index] = { ok: true, result: { message: original, duplicate: true } };
          continue;
        }
        const first = firstInBatch.get(key);
        if (first !== undefined) {
          twins.push({ index, first });
          continue;
        }
        firstInBatch.set(key, index);
      }
      const seq = ++conversation.lastSeq;
      const { author } = input;
      rows.push([
        input.conversationId,
        seq,
        input.clientId,
        author.role,
        author.id,
        author.name ?? null,
        input.text,
        input.kind,
        extraColumn(input.extra),
      ]);
      const message = appendedMessage(input, '', seq, ts);
      fresh.push({ index, message, state: conversation.state });
      if (input.profile) {
        const visitorKey = `${input.siteId}\0${input.visitorId}`;
        const profile = profileKey(input.profile);
        if ((profiles.get(visitorKey) ?? this.#profiles.get(visitorKey)) !== profile) {
          const { name, email, verified } = input.profile;
          s.upsertProfile.run(input.siteId, input.visitorId, name ?? null, email ?? null, verified ? 1 : 0, ts, ts);
          profiles.set(visitorKey, profile);
        }
      }
    }

    if (rows.length > 0) {
      const ids = s.batch.insertMessages(ts, rows);
      // A resend was among them (its seq would be a gap): roll back and write the batch again, looking first.
      if (!ids) throw new ResendInBatch();
      fresh.forEach(({ index, message }, i) => {
        message.id = String(ids[i]);
        results[index] = { ok: true, result: { message, duplicate: false } };
      });
      const effects = this.#effects;
      if (effects) {
        // One multi-row statement for the batch's side effects (usually none: then nothing is written).
        const inserts: OutboxInsert[] = [];
        for (const { index, message, state } of fresh) {
          const more = effects(message, batch[index]!.input.siteId, state);
          if (more) inserts.push(...more);
        }
        if (inserts.length > 0) s.batch.insertOutbox(outboxRows(inserts, ts));
      }
      for (const { index, first } of twins) {
        const original = results[first] as { readonly result: AppendResult };
        results[index] = { ok: true, result: { message: original.result.message, duplicate: true } };
      }
      // Activity at most once an interval per conversation: the others' `updated_at` (and the inbox indexes that hold
      // it) is left alone, their time written by the coalescer's trailing write once the batch has committed.
      const moved: Array<[string, number, number]> = [];
      const movedQuietly: Array<[string, number, number]> = [];
      for (const [id, conversation] of conversations) {
        if (conversation.lastSeq === conversation.readSeq) continue;
        conversation.activityDue = this.#activity.due(conversation.activityAt, ts);
        (conversation.activityDue ? moved : movedQuietly).push([id, conversation.lastSeq, conversation.readSeq]);
      }
      const changes = s.batch.advanceConversations(ts, moved) + s.batch.advanceSequences(movedQuietly);
      if (changes !== moved.length + movedQuietly.length) throw new SequenceConflict();
      // Other conversations' trailing times whose second has passed ride on this commit, not a transaction of their own.
      trailing = this.#activity.peekDue(ts, SQLITE_MAX_BATCH).filter(([id]) => !conversations.has(id));
      if (trailing.length > 0) s.batch.touchActivity(trailing);
      // Left for later: by a batch after the interval or, if none comes, by the timer; a backlog left by a run, by
      // the next batch or the next turn; the segments a run made, by the timer's merge steps.
      if (ts >= this.#indexDue) this.#indexNew(s, ts);
      else this.#indexLater(ts);
      if (this.#indexBehind || this.#merging) this.#indexLater(ts);
    }
    for (const result of results) outcomes.push(result);
    return { conversations, profiles, ts, trailing };
  }

  /**
   * Adds the messages stored since the last time to the full-text index: one bulk insert (one FTS5 segment) for
   * up to a second of traffic, instead of one per batch, and at most `indexChunk` messages, so that a
   * run holds the event loop a few milliseconds whatever the rate. Runs inside the caller's transaction; true when
   * more are left (the next batch, or the timer, goes on).
   */
  #indexNew(s: Statements, now: number): boolean {
    const chunk = this.#options.indexChunk;
    const { upTo, count } = s.indexEnd.get(chunk)!;
    if (upTo !== null) {
      s.indexInsert.run(upTo);
      s.indexRecord.run(upTo, upTo);
      // The insert made a segment; merging it with others is left to steps of their own.
      this.#merging = true;
    }
    this.#indexBehind = count === chunk;
    this.#indexDue = this.#indexBehind ? now : now + this.#options.indexIntervalMs;
    return this.#indexBehind;
  }

  /**
   * Has the timer index what is left once the interval has passed (at the next turn while a backlog is left), and
   * merge the index's segments a step a turn meanwhile.
   */
  #indexLater(now: number): void {
    this.#indexTimer ??= setTimeout(
      () => {
        this.#indexTimer = undefined;
        const at = Date.now();
        // A backlog first, then the merge steps, then the messages of the interval: after the last step the timer
        // is set once more for them.
        const merged = this.#merging && !this.#indexBehind;
        if (merged) this.#mergeNow();
        else this.#indexNow();
        if ((this.#indexBehind || this.#merging || merged) && !this.#closed) this.#indexLater(at);
      },
      this.#merging ? 0 : Math.max(0, this.#indexDue - now),
    ).unref();
  }

  /**
   * One merge step of the full-text index ({@link SQLITE_MERGE_STEP}: at most a few dozen pages) in a transaction of
   * its own; {@link #merging} stays true while steps find work. A busy file is merged later.
   */
  #mergeNow(): void {
    this.#alone((s) => {
      const before = s.totalChanges.get()!;
      s.indexMerge.run();
      this.#merging = s.totalChanges.get()! - before >= 2;
    }, undefined);
  }

  /** {@link #indexNew} in a transaction of its own (a busy file is indexed next time); true when more are left. */
  #indexNow(): boolean {
    return this.#alone((s) => this.#indexNew(s, Date.now()), false);
  }

  /**
   * `work` in a write transaction of its own, for the index's timer and close; `otherwise` when the file is busy or
   * closing (best effort: the next batch, timer or search goes on).
   */
  #alone<T>(work: (s: Statements) => T, otherwise: T): T {
    const db = this.#db;
    const s = this.#statements;
    if (!db || !s) return otherwise;
    try {
      return db.transaction(() => work(s)).immediate();
    } catch {
      return otherwise;
    }
  }

  /**
   * The coalescer's trailing write: these conversations' activity times, each where it is later than the stored one,
   * in a transaction of its own. Throws when the file is busy or closed (the coalescer tries again later).
   */
  #writeActivity(rows: ReadonlyArray<readonly [string, number]>): void {
    const db = this.#db;
    const s = this.#statements;
    if (!db || !s) throw new Error('SqliteStore: closed');
    db.transaction(() => s.batch.touchActivity(rows)).immediate();
    for (const [id, at] of rows) {
      const known = this.#conversations.get(id);
      if (known && known.activityAt < at) known.activityAt = at;
    }
  }

  /** After a commit: keeps what the batch read and wrote for the next batches. */
  #remember({ conversations, profiles, ts, trailing }: BatchState): void {
    if (trailing.length > 0) {
      this.#activity.wrote(trailing);
      for (const [id, at] of trailing) {
        const known = this.#conversations.get(id);
        if (known && known.activityAt < at) known.activityAt = at;
      }
    }
    for (const [id, { siteId, lastSeq, readSeq, state, activityAt: read, activityDue }] of conversations) {
      let activityAt = read;
      if (lastSeq !== readSeq) {
        if (activityDue) {
          activityAt = ts;
          this.#activityWrites++;
          this.#activity.written(id, ts);
        } else this.#activity.later(id, read, ts);
      }
      const known = this.#conversations.get(id);
      if (known) {
        known.lastSeq = lastSeq;
        known.activityAt = activityAt;
      } else {
        if (this.#conversations.size >= maxRemembered)
          this.#conversations.delete(this.#conversations.keys().next().value!);
        this.#conversations.set(id, { siteId, lastSeq, state, activityAt });
      }
    }
    for (const [visitorKey, key] of profiles) {
      if (this.#profiles.size >= maxRemembered && !this.#profiles.has(visitorKey)) {
        this.#profiles.delete(this.#profiles.keys().next().value!);
      }
      this.#profiles.set(visitorKey, key);
    }
  }

  #forget(): void {
    this.#conversations.clear();
    this.#profiles.clear();
  }

  /**
   * One message inside a transaction of its own (a savepoint within {@link #commitEach}), reading and updating
   * the conversation row itself: the careful path, taken after a batch hit an unforeseen constraint. Throws
   * {@link StoreInputError} for a bad input.
   */
  #appendOne(input: AppendInput, ts: number): AppendResult {
    const s = this.#stmts();
    const conversation = s.getConversation.get(input.conversationId);
    const state: ConversationState = conversation
      ? { status: conversation.status, assigneeId: conversation.assignee_id ?? null }
      : NEW_CONVERSATION;
    if (conversation) {
      if (conversation.site_id !== input.siteId) {
        throw new StoreInputError(`conversation ${input.conversationId} belongs to another site`);
      }
      const existing = s.messageByClientId.get(input.conversationId, input.clientId);
      if (existing) return { message: toMessage(existing), duplicate: true };
    } else {
      if (!s.siteExists.get(input.siteId)) throw new StoreInputError(`unknown site ${input.siteId}`);
      s.insertVisitor.run(input.siteId, input.visitorId, ts, ts);
      s.insertConversation.run(input.conversationId, input.siteId, input.visitorId, ts, ts);
    }
    if (input.profile) {
      const { name, email, verified } = input.profile;
      s.upsertProfile.run(input.siteId, input.visitorId, name ?? null, email ?? null, verified ? 1 : 0, ts, ts);
    }
    const { last_seq: seq } = s.nextSeq.get(ts, input.conversationId)!;
    const { author } = input;
    const { lastInsertRowid } = s.insertMessage.run(
      input.conversationId,
      seq,
      input.clientId,
      author.role,
      author.id,
      author.name ?? null,
      input.text,
      input.kind,
      ts,
      extraColumn(input.extra),
    );
    const message = appendedMessage(input, String(lastInsertRowid), seq, ts);
    if (this.#effects) this.#writeEffects(s, this.#effects, message, input.siteId, state, ts);
    return { message, duplicate: false };
  }

  /** The outbox rows a new message causes, inside its transaction (see {@link MessageEffects}). */
  #writeEffects(
    s: Statements,
    effects: MessageEffects,
    message: Message,
    siteId: string,
    state: ConversationState,
    ts: number,
  ): void {
    const inserts = effects(message, siteId, state);
    if (inserts) s.batch.insertOutbox(outboxRows(inserts, ts));
  }
}

/** An append refused for its own content; the rest of its batch still commits. */
class StoreInputError extends Error {
  override name = 'StoreInputError';
}

/** `last_seq` of a conversation moved under a batch (another writer): the batch is written again, carefully. */
class SequenceConflict extends Error {
  override name = 'SequenceConflict';
  constructor() {
    super('SqliteStore: last_seq of a conversation changed during the batch');
  }
}

/** The batch insert skipped a client id already stored: the batch is written again, looking for resends first. */
class ResendInBatch extends Error {
  override name = 'ResendInBatch';
}

/** What a store remembers of a conversation between batches. */
interface KnownConversation {
  readonly siteId: string;
  lastSeq: number;
  /** Status and assignee, for the messages' side effects: forgotten with the rest when another connection writes. */
  readonly state: ConversationState;
  /** `updated_at` as this connection last wrote or read it. */
  activityAt: number;
}

/** A conversation within one batch: `readSeq` as found, `lastSeq` after the batch's messages. */
interface BatchConversation {
  readonly siteId: string;
  readonly readSeq: number;
  lastSeq: number;
  readonly state: ConversationState;
  /** `updated_at` as found. */
  readonly activityAt: number;
  /** The batch writes `updated_at` (its time): the stored one was an interval old. */
  activityDue: boolean;
}

/** What one committed batch read and wrote: conversations, and the profile key written per visitor. */
interface BatchState {
  readonly conversations: ReadonlyMap<string, BatchConversation>;
  readonly profiles: ReadonlyMap<string, string>;
  /** The batch's time, its messages' and the activity time it wrote. */
  readonly ts: number;
  /** Other conversations' trailing activity times it wrote ({@link ActivityCoalescer.peekDue}). */
  readonly trailing: ReadonlyArray<readonly [string, number]>;
}

/** Conversations (and visitor profiles) remembered at most; the oldest is forgotten first, and read again. */
const maxRemembered = 100_000;

/** {@link profileKey}'s answers by profile object: a connection sends the same (readonly) object with every message. */
const profileKeys = new WeakMap<NonNullable<AppendInput['profile']>, string>();

/** Identifies a profile's content, to skip rewriting the same profile with every message. */
function profileKey(profile: NonNullable<AppendInput['profile']>): string {
  let key = profileKeys.get(profile);
  if (key === undefined) {
    const { name, email, verified } = profile;
    key = JSON.stringify([verified, name ?? null, email ?? null]);
    profileKeys.set(profile, key);
  }
  return key;
}

function isInputError(error: unknown): boolean {
  if (error instanceof StoreInputError) return true;
  // A constraint the checks above did not foresee: undone by the savepoint, so it fails this message only.
  return error instanceof Database.SqliteError && error.code.startsWith('SQLITE_CONSTRAINT');
}

/** Opens the file; without migrations, a missing file is a schema at v0, not a new empty database. */
function openDatabase(path: string, migrate: boolean, migrations: readonly Migration[]): Database.Database {
  if (migrate || path === ':memory:' || path === '') return new Database(path);
  try {
    return new Database(path, { fileMustExist: true });
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CANTOPEN')
      throw new SchemaBehindError(0, migrationsFor(migrations, 'sqlite').length);
    throw error;
  }
}

/**
 * Makes the database file, and the log and shared-memory files beside it, readable by their owner only (0600):
 * they hold messages and contact details. The file is created 0600 before SQLite opens it, whatever the umask,
 * and SQLite gives the `-wal` and `-shm` files it creates the database file's mode; files made by an older
 * relay (0644) are narrowed.
 */
function ownerOnly(path: string): void {
  closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      chmodSync(file, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
