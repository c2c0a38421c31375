import type Database from 'better-sqlite3';
import { outboxInsert, outboxPayloadInsert, outboxRowMarks, type OutboxRows } from './sql/outbox-rows.js';
import { parseScopes, type Conversation, type Site, type Staff } from './store.js';

/**
 * The rows of {@link SqliteStore}'s tables and their mappers, and the multi-row statements of its group commit
 * (`BatchStatements`).
 */

export interface SiteRow {
  id: string;
  name: string;
  site_key: string;
  allowed_origins: string;
  identity_secret: string;
  require_identity: number;
}

export interface StaffRow {
  id: string;
  site_id: string;
  name: string;
  role: Staff['role'];
  token_hash: string | null;
  created_at: number;
  revoked_at: number | null;
  account_id: string | null;
  scopes: string | null;
  expires_at: number | null;
  deactivated_at: number | null;
}

export interface ConversationRow {
  id: string;
  site_id: string;
  visitor_id: string;
  status: Conversation['status'];
  /** Added by a later migration: read by `SELECT *`, not part of {@link Conversation}. */
  assignee_id?: string | null;
  last_seq: number;
  visitor_read_seq: number;
  staff_read_seq: number;
  created_at: number;
  updated_at: number;
}

/** Rows per multi-row statement of a batch; a batch of n rows runs ⌈n / 64⌉ statements, the last one shorter. */
export const rowsPerStatement = 64;

/**
 * The multi-row statements of a group commit, prepared once per row count (1 to {@link rowsPerStatement}). Rows
 * are bound as parameters: no JSON to build in JavaScript nor to parse in SQLite, and ⌈n / 64⌉ statements for a
 * batch of n rows.
 */
export class BatchStatements {
  readonly #insert = new Map<number, Database.Statement>();
  readonly #advance = new Map<number, Database.Statement>();
  readonly #advanceSeq = new Map<number, Database.Statement>();
  readonly #touch = new Map<number, Database.Statement>();
  readonly #outbox = new Map<number, Database.Statement>();
  readonly #payloads = new Map<number, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  /**
   * Inserts messages given as rows of [conversation_id, seq, client_id, author_role, author_id, author_name, text,
   * kind, extra], all at time `ts`, and returns their ids in the order of `rows` — or `undefined`, having inserted only
   * some, when a client id was already stored (it is skipped). A taken seq fails the statement.
   *
   * The ids are not read back: one statement's rows get consecutive ids, in order (`AUTOINCREMENT`: each new id
   * is one above the highest ever given, and no other write runs inside the statement), so the last id and the
   * count give them all.
   */
  insertMessages(ts: number, rows: readonly (readonly unknown[])[]): number[] | undefined {
    const ids: number[] = [];
    const sql = (values: string) =>
      `INSERT INTO messages (ts, conversation_id, seq, client_id, author_role, author_id, author_name, text, kind, extra)
       VALUES ${values}
       ON CONFLICT (client_id, conversation_id) DO NOTHING`;
    // `ts` is bound once per statement (`@ts` in every row), not once per row: each bound value costs a conversion.
    const named = { ts };
    for (const [statement, chunk] of this.#chunks(this.#insert, rows, '(@ts, ?, ?, ?, ?, ?, ?, ?, ?, ?)', sql)) {
      const params: unknown[] = [];
      for (const row of chunk) params.push(...row);
      const { changes, lastInsertRowid } = statement.run(params, named);
      if (changes !== chunk.length) return undefined;
      const first = Number(lastInsertRowid) - changes + 1;
      for (let i = 0; i < changes; i++) ids.push(first + i);
    }
    return ids;
  }

  /**
   * Moves conversations' last_seq, given rows of [id, new last_seq, last_seq as read], and their updated_at to
   * `ts`. A compare-and-set: it returns fewer changes than rows when another writer moved one.
   */
  advanceConversations(ts: number, rows: readonly (readonly [string, number, number])[]): number {
    let changes = 0;
    const sql = (values: string) =>
      `UPDATE conversations SET last_seq = j.column2, updated_at = ?
       FROM (VALUES ${values}) AS j
       WHERE conversations.id = j.column1 AND conversations.last_seq = j.column3`;
    for (const [statement, chunk] of this.#chunks(this.#advance, rows, '(?, ?, ?)', sql)) {
      changes += statement.run([ts, ...chunk.flat()]).changes;
    }
    return changes;
  }

  /**
   * Moves conversations' last_seq as {@link advanceConversations} does, leaving `updated_at` (and so the inbox indexes
   * that hold it) alone: the activity time of a conversation written less than an interval ago is written later.
   */
  advanceSequences(rows: readonly (readonly [string, number, number])[]): number {
    let changes = 0;
    const sql = (values: string) =>
      `UPDATE conversations SET last_seq = j.column2
       FROM (VALUES ${values}) AS j
       WHERE conversations.id = j.column1 AND conversations.last_seq = j.column3`;
    for (const [statement, chunk] of this.#chunks(this.#advanceSeq, rows, '(?, ?, ?)', sql)) {
      changes += statement.run(chunk.flat()).changes;
    }
    return changes;
  }

  /** Sets conversations' activity times, given rows of [id, time], each only where it is later than the stored one. */
  touchActivity(rows: readonly (readonly [string, number])[]): void {
    const sql = (values: string) =>
      `UPDATE conversations SET updated_at = j.column2
       FROM (VALUES ${values}) AS j
       WHERE conversations.id = j.column1 AND conversations.updated_at < j.column2`;
    for (const [statement, chunk] of this.#chunks(this.#touch, rows, '(?, ?)', sql)) statement.run(chunk.flat());
  }

  /** Writes outbox jobs and their payloads, a chunk per statement; a job folded by its dedupe key is skipped. */
  insertOutbox({ jobs, payloads }: OutboxRows): void {
    for (const [statement, chunk] of this.#chunks(this.#outbox, jobs, outboxRowMarks('sqlite'), outboxInsert)) {
      statement.run(chunk.flat());
    }
    for (const [statement, chunk] of this.#chunks(this.#payloads, payloads, '(?, ?)', outboxPayloadInsert)) {
      statement.run(chunk.flat());
    }
  }

  /**
   * Splits `rows` into chunks of at most {@link rowsPerStatement}, each with the statement for its length: `sql`
   * with `tuple` repeated once per row, prepared once per length and kept in `statements`.
   */
  *#chunks<R>(
    statements: Map<number, Database.Statement>,
    rows: readonly R[],
    tuple: string,
    sql: (values: string) => string,
  ): Generator<[Database.Statement, readonly R[]]> {
    for (let start = 0; start < rows.length; start += rowsPerStatement) {
      const chunk = rows.slice(start, start + rowsPerStatement);
      let statement = statements.get(chunk.length);
      if (!statement) {
        statement = this.db.prepare(sql(Array.from({ length: chunk.length }, () => tuple).join(', ')));
        statements.set(chunk.length, statement);
      }
      yield [statement, chunk];
    }
  }
}

export function toSite(row: SiteRow): Site {
  return {
    id: row.id,
    name: row.name,
    siteKey: row.site_key,
    allowedOrigins: JSON.parse(row.allowed_origins) as string[],
    identitySecret: row.identity_secret,
    requireIdentity: row.require_identity === 1,
  };
}

export function toStaff(row: StaffRow): Staff {
  return {
    id: row.id,
    siteId: row.site_id,
    name: row.name,
    role: row.role,
    tokenHash: row.token_hash,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    accountId: row.account_id,
    scopes: parseScopes(row.scopes),
    expiresAt: row.expires_at,
    deactivatedAt: row.deactivated_at,
  };
}

export function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    siteId: row.site_id,
    visitorId: row.visitor_id,
    status: row.status,
    lastSeq: row.last_seq,
    visitorReadSeq: row.visitor_read_seq,
    staffReadSeq: row.staff_read_seq,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
