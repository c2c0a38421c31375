import { SecretSealer } from './secret-sealer.js';
import { Pool, type PoolClient } from 'pg';
import type { Message } from '@parley/protocol';
import { checkMigrations, migrationsFor, newerSchemaError, planMigrations, type Migration } from './migration.js';
import { migratePostgres, postgresAppliedMigrations } from './postgres-migrator.js';
import {
  SchemaBehindError,
  scopesColumn,
  type AppendInput,
  type AppendResult,
  type Conversation,
  type ReadOptions,
  type Site,
  type CommittedListener,
  type ConversationState,
  type MessageEffects,
  type Staff,
  type Store,
} from './store.js';
import { BatchedReads } from './batched-reads.js';
import {
  ACTIVITY_REPAIR_MS,
  ACTIVITY_REPAIR_SQL,
  ActivityCoalescer,
  type ActivityCoalescerOptions,
} from './activity-coalescer.js';
import { appendedMessage, checkAppendInput, pageSize, readMark, tellCommitted } from './input-checks.js';
import { numbered } from './sql/admin-rows.js';
import { outboxInsertSql, outboxPayloadSql, outboxRows } from './sql/outbox-rows.js';
import { MESSAGE_COLUMNS, extraColumn, toMessage, type MessageRow } from './message-row.js';
import {
  CONVERSATION_COLUMNS,
  toConversation,
  toSite,
  toStaff,
  type ConversationRow,
  type SiteRow,
  type StaffRow,
} from './postgres-rows.js';

/** Options for {@link PostgresStore}. */
export interface PostgresStoreOptions {
  /**
   * libpq-style URL, e.g. `postgres://parley@db:5432/parley`. To keep the tables in a schema other than
   * `public`, set the search path in it: `?options=-c%20search_path%3Dparley` (the schema must exist).
   */
  readonly connectionString: string;
  /** Connections in the pool. Default 10. One at a time carries the appends; the rest serve reads. */
  readonly poolSize?: number;
  /**
   * Apply pending migrations in `init()` (default true). When false, `init()` only checks that the schema is
   * this build's and throws a {@link SchemaBehindError} when it is behind (`PARLEY_MIGRATE=skip`).
   */
  readonly migrate?: boolean;
  /** The migrations the schema is made of, in the order they apply: the relay's (`MIGRATIONS`, from its features). */
  readonly migrations: readonly Migration[];
  /**
   * A conversation's activity time (`updated_at`) is written at most once in this many ms by the group commits, the
   * last message's time by a trailing write once it has passed (default 1000; see {@link ActivityCoalescer}).
   */
  readonly activityIntervalMs?: number;
}

interface Pending {
  readonly input: AppendInput;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: Error) => void;
}

type Outcome = { readonly ok: true; readonly result: AppendResult } | { readonly ok: false; readonly error: Error };

/** Appends per transaction at most; a longer queue is committed in several batches. */
const MAX_BATCH = 1000;
/** Tries per batch when PostgreSQL aborts it for a deadlock or serialization failure with another relay. */
const MAX_ATTEMPTS = 5;
const RETRYABLE = new Set(['40P01', '40001']);

/**
 * A {@link Store} on PostgreSQL (node-postgres), for one relay or several sharing a database.
 *
 * Appends use group commit, as in {@link SqliteStore}: the appends of an event-loop turn (and any that arrive
 * while the previous batch is committing) are written in one transaction, and each promise resolves only after
 * `COMMIT`. Inside it, the batch locks the rows of the conversations it touches (`SELECT … FOR UPDATE`, in id
 * order), so relays writing to the same conversation take turns: the duplicate check and the next sequence are
 * decided under that lock, which keeps sequences gap-free and `(conversation, clientId)` unique across
 * relays. A batch aborted by a deadlock is retried; any other failure rejects every append of the batch. An
 * input that is wrong on its own (unknown site, conversation of another site, malformed fields) rejects alone.
 *
 * `init()` applies the migrations it is given (the relay's: `MIGRATIONS`, from its features), recorded by name, under an
 * advisory lock, so relays starting together migrate once.
 *
 * @example
 * ```ts
 * const store = new PostgresStore({ connectionString: process.env.DATABASE_URL!, poolSize: 20 });
 * await store.init();
 * ```
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres';

  readonly #pool: Pool;
  #pending: Pending[] = [];
  #scheduled = false;
  #inFlight: Promise<void> | undefined;
  #closed = false;
  readonly #migrate: boolean;
  readonly #migrations: readonly Migration[];
  #sealer: SecretSealer | undefined;
  #effects: MessageEffects | undefined;
  #committed: CommittedListener | undefined;
  /** Writes the activity times the group commits left for later (see {@link ActivityCoalescer}). */
  readonly #activity: ActivityCoalescer;
  #activityWrites = 0;

  constructor(options: PostgresStoreOptions) {
    this.#migrate = options.migrate ?? true;
    const write: ActivityCoalescerOptions['write'] = (rows) => this.#writeActivity(rows);
    this.#activity = new ActivityCoalescer({
      ...(options.activityIntervalMs === undefined ? {} : { intervalMs: options.activityIntervalMs }),
      write,
    });
    this.#migrations = options.migrations;
    checkMigrations(this.#migrations);
    // A server that stops answering without refusing must not hang the pool: connects time out, and TCP
    // keepalive notices a dead peer under an idle connection.
    this.#pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      keepAlive: true,
    });
    // An idle connection that dies is dropped by the pool; the next query opens a new one. Without a listener
    // the error would crash the process.
    this.#pool.on('error', () => {});
  }

  /** Creates or migrates the schema, holding an advisory lock so that concurrent relays migrate once. */
  async init(): Promise<void> {
    if (!this.#migrate) {
      const applied = await postgresAppliedMigrations(this.#pool);
      const { pending, unknown } = planMigrations(this.#migrations, 'postgres', applied);
      if (unknown.length > 0) throw newerSchemaError('PostgresStore', unknown);
      if (pending.length > 0)
        throw new SchemaBehindError(applied.length, migrationsFor(this.#migrations, 'postgres').length);
    } else {
      await this.#transaction(async (client) => {
        await client.query(
          `SELECT pg_advisory_xact_lock(hashtext('parley_migrations:' || coalesce(current_schema(), '')))`,
        );
        await migratePostgres(client, this.#migrations);
      });
    }
    // Activity a killed relay left for a trailing write (see ACTIVITY_REPAIR_SQL).
    await this.#pool.query(numbered(ACTIVITY_REPAIR_SQL), [ACTIVITY_REPAIR_MS]);
  }

  /** Conversations' activity times written since this store was opened: by group commits, and trailing. */
  get activityStats(): { readonly batched: number; readonly trailing: number } {
    return { batched: this.#activityWrites, trailing: this.#activity.trailingWrites };
  }

  /** Writes every activity time left for later now, due or not (tests; close does it too). */
  flushActivity(): Promise<void> {
    return this.#activity.flush();
  }

  /**
   * The coalescer's trailing write: these conversations' activity times, each where it is later than the stored one.
   * The rows are locked in id order first, as the group commit locks them, so the two never deadlock.
   */
  async #writeActivity(rows: ReadonlyArray<readonly [string, number]>): Promise<void> {
    const ids = rows.map(([id]) => id);
    await this.#transaction(async (client) => {
      await client.query('SELECT 1 FROM conversations WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [ids]);
      await client.query(
        `UPDATE conversations c SET updated_at = t.u
         FROM unnest($1::text[], $2::bigint[]) AS t(i, u) WHERE c.id = t.i AND c.updated_at < t.u`,
        [ids, rows.map(([, at]) => at)],
      );
    });
  }

  /** The names of the migrations applied to the database (none when the schema has no Parley tables yet). */
  appliedMigrations(): Promise<string[]> {
    return postgresAppliedMigrations(this.#pool);
  }

  /** The number of migrations applied to the database (0 when the schema has no Parley tables yet). */
  async schemaVersion(): Promise<number> {
    return (await this.appliedMigrations()).length;
  }

  /** Commits the pending appends, then closes the pool. Safe to call more than once. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    while (this.#pending.length > 0 || this.#inFlight) await this.#kick();
    await this.#activity.close();
    await this.#pool.end();
  }

  async upsertSite(site: Site): Promise<void> {
    const now = Date.now();
    await this.#pool.query(
      `INSERT INTO sites (id, name, site_key, allowed_origins, identity_secret, require_identity, created_at, updated_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $7)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, site_key = excluded.site_key,
         allowed_origins = excluded.allowed_origins, identity_secret = excluded.identity_secret,
         require_identity = excluded.require_identity, updated_at = excluded.updated_at`,
      [
        site.id,
        site.name,
        site.siteKey,
        JSON.stringify(site.allowedOrigins),
        this.#sealer ? this.#sealer.seal(site.identitySecret) : site.identitySecret,
        site.requireIdentity,
        now,
      ],
    );
  }

  async sealSecrets(sealer: SecretSealer): Promise<number> {
    this.#sealer = sealer;
    const { rows } = await this.#pool.query<{ id: string; identity_secret: string }>(
      'SELECT id, identity_secret FROM sites',
    );
    for (const row of rows) sealer.open(row.identity_secret); // fails now, at start, if the data key is not theirs
    let sealed = 0;
    for (const row of rows) {
      if (SecretSealer.isSealed(row.identity_secret)) continue;
      // Only if still plaintext: relays starting together on one database seal each secret once.
      const result = await this.#pool.query(
        'UPDATE sites SET identity_secret = $1 WHERE id = $2 AND identity_secret = $3',
        [sealer.seal(row.identity_secret), row.id, row.identity_secret],
      );
      sealed += result.rowCount ?? 0;
    }
    return sealed;
  }

  setMessageEffects(effects: MessageEffects | undefined): void {
    this.#effects = effects;
  }

  setCommittedListener(listener: CommittedListener | undefined): void {
    this.#committed = listener;
  }

  async getSite(id: string): Promise<Site | undefined> {
    const { rows } = await this.#pool.query<SiteRow>('SELECT * FROM sites WHERE id = $1', [id]);
    return rows[0] && this.#opened(toSite(rows[0]));
  }

  async getSiteByKey(siteKey: string): Promise<Site | undefined> {
    const { rows } = await this.#pool.query<SiteRow>('SELECT * FROM sites WHERE site_key = $1', [siteKey]);
    return rows[0] && this.#opened(toSite(rows[0]));
  }

  /** The site with its identity secret opened (see {@link sealSecrets}). */
  #opened(site: Site): Site {
    if (!this.#sealer) {
      if (SecretSealer.isSealed(site.identitySecret))
        throw new Error('PostgresStore: the identity secret is sealed; call sealSecrets() with the data key first');
      return site;
    }
    return { ...site, identitySecret: this.#sealer.open(site.identitySecret) };
  }

  async createStaff(staff: Staff): Promise<void> {
    await this.#pool.query(
      `INSERT INTO staff (id, site_id, name, role, token_hash, created_at, revoked_at, account_id, scopes, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
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
      ],
    );
  }

  async findStaffByTokenHash(tokenHash: string): Promise<Staff | undefined> {
    const { rows } = await this.#pool.query<StaffRow>('SELECT * FROM staff WHERE token_hash = $1', [tokenHash]);
    return rows[0] && toStaff(rows[0]);
  }

  /** Batched with the other reads of its turn ({@link BatchedReads}): a restart's hellos come all at once. */
  getConversation(id: string): Promise<Conversation | undefined> {
    if (this.#closed) return Promise.reject(new Error('PostgresStore: closed'));
    return this.#conversationReads.get(id);
  }

  readonly #conversationReads = new BatchedReads<string, Conversation>(
    (id) => id,
    async (ids) => {
      const { rows } = await this.#pool.query<ConversationRow>(
        `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE id = ANY($1::text[])`,
        [ids],
      );
      return new Map(rows.map((row) => [row.id, toConversation(row)]));
    },
  );

  async findConversationByVisitor(siteId: string, visitorId: string): Promise<Conversation | undefined> {
    const { rows } = await this.#pool.query<ConversationRow>(
      `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE site_id = $1 AND visitor_id = $2
       ORDER BY created_at DESC, created_order DESC LIMIT 1`,
      [siteId, visitorId],
    );
    return rows[0] && toConversation(rows[0]);
  }

  append(input: AppendInput): Promise<AppendResult> {
    if (this.#closed) return Promise.reject(new Error('PostgresStore: closed'));
    const problem = checkAppendInput(input);
    if (problem) return Promise.reject(new TypeError(`PostgresStore.append: ${problem}`));
    return new Promise<AppendResult>((resolve, reject) => {
      this.#pending.push({ input, resolve, reject });
      this.#schedule();
    });
  }

  /**
   * Batched with the other pages asked for in its turn ({@link BatchedReads}): every visitor resuming after a
   * restart asks for the page after its cursor, and one statement walks each conversation's `(conversation_id, seq)`
   * index for all of them.
   */
  async messagesAfter(
    conversationId: string,
    afterSeq: number,
    limit: number,
    options?: ReadOptions,
  ): Promise<Message[]> {
    if (this.#closed) throw new Error('PostgresStore: closed');
    const n = Math.min(pageSize(limit), 2 ** 31 - 1);
    if (n === 0) return [];
    const page = { conversationId, after: seqBound(Math.floor(afterSeq)), n, notes: options?.includeNotes === true };
    return (await this.#pageReads.get(page)) ?? [];
  }

  readonly #pageReads = new BatchedReads<PageAfter, Message[]>(pageId, async (pages) => {
    const { rows } = await this.#pool.query<MessageRow & { i: string }>(
      `SELECT r.i, m.* FROM unnest($1::text[], $2::bigint[], $3::int[], $4::bool[]) WITH ORDINALITY AS r(c, a, n, notes, i)
         CROSS JOIN LATERAL (SELECT ${MESSAGE_COLUMNS} FROM messages
                             WHERE conversation_id = r.c AND seq > r.a AND (r.notes OR kind <> 'note')
                             ORDER BY seq LIMIT r.n) m
         ORDER BY r.i, m.seq`,
      [
        pages.map((page) => page.conversationId),
        pages.map((page) => page.after),
        pages.map((page) => page.n),
        pages.map((page) => page.notes),
      ],
    );
    const found = new Map<string, Message[]>(pages.map((page) => [pageId(page), []]));
    for (const row of rows) {
      const page = pages[Number(row.i) - 1]!;
      found.get(pageId(page))!.push(toMessage(row));
    }
    return found;
  });

  async messagesBefore(
    conversationId: string,
    beforeSeq: number,
    limit: number,
    options?: ReadOptions,
  ): Promise<Message[]> {
    const n = pageSize(limit);
    if (n === 0) return [];
    const { rows } = await this.#pool.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages
       WHERE conversation_id = $1 AND seq < $2::bigint ${options?.includeNotes ? '' : "AND kind <> 'note'"}
       ORDER BY seq DESC LIMIT $3`,
      [conversationId, seqBound(Math.ceil(beforeSeq)), n],
    );
    return rows.map(toMessage).reverse();
  }

  async markRead(conversationId: string, by: 'visitor' | 'staff', seq: number): Promise<number | undefined> {
    const column = by === 'visitor' ? 'visitor_read_seq' : 'staff_read_seq';
    const { rows } = await this.#pool.query<{ seq: number }>(
      `UPDATE conversations SET ${column} = greatest(${column}, least($2::bigint, last_seq))
       WHERE id = $1 RETURNING ${column} AS seq`,
      [conversationId, readMark(seq)],
    );
    return rows[0]?.seq;
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      void this.#kick();
    });
  }

  /** Starts committing the queue unless a batch is already committing; resolves when that batch settles. */
  #kick(): Promise<void> {
    if (this.#inFlight) return this.#inFlight;
    if (this.#pending.length === 0) return Promise.resolve();
    const batch = this.#pending.splice(0, MAX_BATCH);
    this.#inFlight = this.#commit(batch).finally(() => {
      this.#inFlight = undefined;
      if (this.#pending.length > 0) this.#schedule();
    });
    return this.#inFlight;
  }

  /** Writes one batch in one transaction, retrying deadlocks, then settles its promises. Never rejects. */
  async #commit(batch: readonly Pending[]): Promise<void> {
    let outcomes: Outcome[] = [];
    let activity: BatchActivity | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#transaction(async (client) => {
          ({ outcomes, activity } = await appendBatch(
            client,
            batch.map((p) => p.input),
            this.#effects,
            this.#activity,
          ));
        });
        break;
      } catch (error) {
        if (attempt < MAX_ATTEMPTS && RETRYABLE.has((error as { code?: string }).code ?? '')) continue;
        const reason = error instanceof Error ? error : new Error(String(error));
        for (const { reject } of batch) reject(reason);
        return;
      }
    }
    if (activity) {
      for (const [id, stored, due] of activity.conversations) {
        if (due) {
          this.#activityWrites++;
          this.#activity.written(id, activity.ts);
        } else this.#activity.later(id, stored, activity.ts);
      }
    }
    if (this.#committed?.active()) tellCommitted(this.#committed, batch, outcomes);
    batch.forEach(({ resolve, reject }, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) resolve(outcome.result);
      else reject(outcome.error);
    });
  }

  #transaction(work: (client: PoolClient) => Promise<void>): Promise<void> {
    return inTransaction(this.#pool, work);
  }
}

/**
 * The body of a group-commit transaction: a fixed number of round trips whatever the batch size. Returns one
 * outcome per input, in order.
 */
async function appendBatch(
  client: PoolClient,
  inputs: readonly AppendInput[],
  effects: MessageEffects | undefined,
  coalescer: ActivityCoalescer,
): Promise<{ outcomes: Outcome[]; activity: BatchActivity }> {
  const activity: BatchActivity = { ts: 0, conversations: [] };
  const ts = Date.now();
  activity.ts = ts;
  const outcomes: (Outcome | undefined)[] = new Array(inputs.length);
  const conversationIds = [...new Set(inputs.map((input) => input.conversationId))].sort();

  // Lock the conversations that exist, in id order so that two relays cannot deadlock on them.
  const lockSql =
    'SELECT id, site_id, last_seq, status, assignee_id, updated_at FROM conversations WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE';
  type Locked = {
    id: string;
    site_id: string;
    last_seq: number;
    /** bigint: read as a string. */
    updated_at: string | number;
    status: ConversationState['status'];
    assignee_id: string | null;
  };
  const conversations = new Map<string, Locked>();
  for (const row of (await client.query<Locked>(lockSql, [conversationIds])).rows) conversations.set(row.id, row);

  // Create the missing ones; the first input naming a conversation decides its site and visitor.
  const missing = conversationIds.filter((id) => !conversations.has(id));
  if (missing.length > 0) {
    const missingSet = new Set(missing);
    const claimants = inputs.filter((input) => missingSet.has(input.conversationId));
    const { rows: sites } = await client.query<{ id: string }>('SELECT id FROM sites WHERE id = ANY($1::text[])', [
      [...new Set(claimants.map((input) => input.siteId))],
    ]);
    const known = new Set(sites.map((site) => site.id));
    const creatable = missing.flatMap((id) => {
      const owner = claimants.find((input) => input.conversationId === id && known.has(input.siteId));
      return owner ? [owner] : [];
    });
    if (creatable.length > 0) {
      const visitors = uniqueSorted(creatable.map((owner) => [owner.siteId, owner.visitorId] as const));
      await client.query(
        `INSERT INTO visitors (site_id, visitor_id, created_at, updated_at)
         SELECT s, v, $3, $3 FROM unnest($1::text[], $2::text[]) AS t(s, v)
         ON CONFLICT DO NOTHING`,
        [visitors.map((v) => v[0]), visitors.map((v) => v[1]), ts],
      );
      await client.query(
        `INSERT INTO conversations (id, site_id, visitor_id, created_at, updated_at)
         SELECT i, s, v, $4, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS t(i, s, v) ORDER BY i
         ON CONFLICT (id) DO NOTHING`,
        [creatable.map((o) => o.conversationId), creatable.map((o) => o.siteId), creatable.map((o) => o.visitorId), ts],
      );
      // Another relay may have created some of them meanwhile: lock and read whatever is there now.
      const created = creatable.map((owner) => owner.conversationId);
      for (const row of (await client.query<Locked>(lockSql, [created])).rows) conversations.set(row.id, row);
    }
  }

  // With the locks held, nobody else can add to these conversations: the duplicate check is final.
  const candidates: number[] = [];
  inputs.forEach((input, i) => {
    const conversation = conversations.get(input.conversationId);
    if (!conversation) {
      outcomes[i] = { ok: false, error: new Error(`PostgresStore.append: unknown site ${input.siteId}`) };
    } else if (conversation.site_id !== input.siteId) {
      const error = new Error(`PostgresStore.append: conversation ${input.conversationId} belongs to another site`);
      outcomes[i] = { ok: false, error };
    } else {
      candidates.push(i);
    }
  });
  const stored = new Map<string, Message>();
  if (candidates.length > 0) {
    const { rows } = await client.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages
       JOIN unnest($1::text[], $2::text[]) AS t(c, k) ON conversation_id = t.c AND client_id = t.k`,
      [candidates.map((i) => inputs[i]!.conversationId), candidates.map((i) => inputs[i]!.clientId)],
    );
    for (const row of rows) stored.set(messageKey(row.conversation_id, row.client_id), toMessage(row));
  }

  // Number the new messages; a client id repeated within the batch is a duplicate of its first occurrence.
  const fresh = new Map<string, Message>();
  const inserts: { input: AppendInput; message: Message; state: ConversationState }[] = [];
  const duplicatesInBatch: [index: number, key: string][] = [];
  for (const i of candidates) {
    const input = inputs[i]!;
    const key = messageKey(input.conversationId, input.clientId);
    const original = stored.get(key);
    if (original) {
      outcomes[i] = { ok: true, result: { message: original, duplicate: true } };
    } else if (fresh.has(key)) {
      duplicatesInBatch.push([i, key]);
    } else {
      const conversation = conversations.get(input.conversationId)!;
      conversation.last_seq += 1;
      const message = appendedMessage(input, '', conversation.last_seq, ts); // id: set from the insert below
      fresh.set(key, message);
      inserts.push({ input, message, state: { status: conversation.status, assigneeId: conversation.assignee_id } });
      outcomes[i] = { ok: true, result: { message, duplicate: false } };
    }
  }

  if (inserts.length > 0) {
    const column = <T>(pick: (insert: (typeof inserts)[number]) => T) => inserts.map(pick);
    const { rows } = await client.query<{ id: string; conversation_id: string; seq: number }>(
      `INSERT INTO messages (conversation_id, seq, client_id, author_role, author_id, author_name, text, kind, ts, extra)
       SELECT c, s, k, r, a, n, x, d, $9, e
       FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
         $10::text[]) AS t(c, s, k, r, a, n, x, d, e)
       RETURNING id, conversation_id, seq`,
      [
        column((m) => m.message.conversationId),
        column((m) => m.message.seq),
        column((m) => m.message.clientId),
        column((m) => m.message.author.role),
        column((m) => m.message.author.id),
        column((m) => m.message.author.name ?? null),
        column((m) => m.message.text),
        column((m) => m.message.kind),
        ts,
        column((m) => extraColumn(m.input.extra)),
      ],
    );
    const ids = new Map(rows.map((row) => [`${row.conversation_id}\u0000${row.seq}`, String(row.id)]));
    for (const { message } of inserts) {
      (message as { id: string }).id = ids.get(`${message.conversationId}\u0000${message.seq}`)!;
    }

    // The conversations that got messages: a set, not a scan of the inserts per conversation (1,000 of each in a busy
    // batch made that a million comparisons).
    const written = new Set(inserts.map((m) => m.message.conversationId));
    const touched = [...conversations.values()].filter((c) => written.has(c.id));
    // Activity at most once an interval per conversation: the others keep the `updated_at` read under the lock, so
    // no index that holds it changes and the update can be heap-only (HOT); their time is written by the
    // coalescer's trailing write once the batch has committed.
    const activityTimes = touched.map((c) => {
      const stored = Number(c.updated_at);
      const due = coalescer.due(stored, ts);
      activity.conversations.push([c.id, stored, due]);
      return due ? ts : stored;
    });
    await client.query(
      `UPDATE conversations c SET last_seq = t.l, updated_at = t.u
       FROM unnest($1::text[], $2::int[], $3::bigint[]) AS t(i, l, u) WHERE c.id = t.i`,
      [touched.map((c) => c.id), touched.map((c) => c.last_seq), activityTimes],
    );

    await upsertProfiles(
      client,
      inserts.map((m) => m.input),
      ts,
    );
    if (effects) await writeEffects(client, effects, inserts, ts);
  }

  for (const [i, key] of duplicatesInBatch) {
    outcomes[i] = { ok: true, result: { message: fresh.get(key)!, duplicate: true } };
  }
  return { outcomes: outcomes as Outcome[], activity };
}

/** What a batch did to its conversations' activity times: [id, `updated_at` as read, written by the batch]. */
interface BatchActivity {
  ts: number;
  readonly conversations: Array<readonly [id: string, stored: number, due: boolean]>;
}

/** The outbox rows the batch's new messages cause, in one statement inside the batch's transaction. */
async function writeEffects(
  client: PoolClient,
  effects: MessageEffects,
  inserts: ReadonlyArray<{ readonly input: AppendInput; readonly message: Message; readonly state: ConversationState }>,
  ts: number,
): Promise<void> {
  const items = inserts.flatMap(({ input, message, state }) => effects(message, input.siteId, state) ?? []);
  if (items.length === 0) return;
  const { jobs, payloads } = outboxRows(items, ts);
  await client.query(numbered(outboxInsertSql('postgres', jobs.length)), jobs.flat());
  await client.query(numbered(outboxPayloadSql(payloads.length)), payloads.flat());
}

/** Records the profiles sent with stored messages; later messages win, fields they omit are kept. */
async function upsertProfiles(client: PoolClient, inputs: readonly AppendInput[], ts: number): Promise<void> {
  const merged = new Map<
    string,
    { siteId: string; visitorId: string; name?: string; email?: string; verified: boolean }
  >();
  for (const { siteId, visitorId, profile } of inputs) {
    if (!profile) continue;
    const key = messageKey(siteId, visitorId);
    const before = merged.get(key);
    merged.set(key, {
      siteId,
      visitorId,
      name: profile.name ?? before?.name,
      email: profile.email ?? before?.email,
      verified: profile.verified,
    });
  }
  if (merged.size === 0) return;
  const rows = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
  await client.query(
    `INSERT INTO visitors (site_id, visitor_id, name, email, verified, created_at, updated_at)
     SELECT s, v, n, e, b, $6, $6 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[])
       AS t(s, v, n, e, b)
     ON CONFLICT (site_id, visitor_id) DO UPDATE SET
       name = coalesce(excluded.name, visitors.name), email = coalesce(excluded.email, visitors.email),
       verified = excluded.verified, updated_at = excluded.updated_at`,
    [
      rows.map((r) => r.siteId),
      rows.map((r) => r.visitorId),
      rows.map((r) => r.name ?? null),
      rows.map((r) => r.email ?? null),
      rows.map((r) => r.verified),
      ts,
    ],
  );
}

function messageKey(a: string, b: string): string {
  return `${a}\u0000${b}`;
}

function uniqueSorted(pairs: readonly (readonly [string, string])[]): (readonly [string, string])[] {
  const byKey = new Map(pairs.map((pair) => [messageKey(pair[0], pair[1]), pair]));
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, pair]) => pair);
}

/** A sequence bound PostgreSQL accepts: NaN reads as 0, infinities as the largest safe integer either way. */
/** A page of {@link PostgresStore.messagesAfter}. */
interface PageAfter {
  readonly conversationId: string;
  readonly after: number;
  readonly n: number;
  readonly notes: boolean;
}

function pageId(page: PageAfter): string {
  return `${page.conversationId}\0${page.after}\0${page.n}\0${page.notes}`;
}

function seqBound(seq: number): number {
  if (Number.isNaN(seq)) return 0;
  return Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, seq));
}

/**
 * Runs `work` on one pooled connection between BEGIN and COMMIT, rolling back if it throws. A connection that
 * cannot even roll back is destroyed rather than returned to the pool.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A checked-out client is no longer the pool's to watch: a connection dropped mid-transaction emits 'error' on
  // it, which would end the process. The failing query rejects anyway; the client is destroyed on release.
  const onError = (error: Error): void => {
    broken = error;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      broken = rollbackError as Error;
    }
    throw error;
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}
