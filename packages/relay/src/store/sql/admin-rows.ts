import { ConversationStatus, type ConversationPriority } from '@parley/protocol';
import type { AuditEntry, BroadcastRecord } from '../admin-store.js';

/** The rows the admin queries read, the SQL they share, and small helpers. */

export interface ConversationRow {
  id: string;
  site_id: string;
  visitor_id: string;
  status: ConversationStatus;
  priority: ConversationPriority;
  assignee_id: string | null;
  team_id: string | null;
  first_response_at: number | string | null;
  sla_due_at: number | string | null;
  overdue: number;
  resolved_at: number | string | null;
  last_seq: number;
  visitor_read_seq: number;
  staff_read_seq: number;
  created_at: number;
  updated_at: number;
  v_name: string | null;
  v_email: string | null;
  v_verified: number | boolean | null;
  k_name: string | null;
  k_email: string | null;
  k_verified: number | boolean | null;
  k_context: string | null;
  k_consent_version: string | null;
  k_consent_at: number | null;
  k_email_bouncing_at: number | string | null;
}

export interface ContactRow {
  site_id: string;
  contact_id: string;
  name: string | null;
  email_enc: string | null;
  verified: number | boolean;
  subscribed: number | boolean;
  conversation_hint: string | null;
  context: string | null;
  consent_version: string | null;
  consent_at: number | null;
  created_at: number;
  last_seen_at: number;
  notes: string | null;
  email_bouncing_at: number | string | null;
}

export interface AuditRow {
  id: number | string;
  site_id: string;
  at: number;
  actor_id: string;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string;
  details: string;
}

export interface BroadcastRow {
  id: string;
  site_id: string;
  text: string;
  segment: string;
  status: BroadcastRecord['status'];
  author_name: string;
  created_by: string;
  created_at: number;
  finished_at: number | null;
}

/**
 * The visitor's own email (`v`), used when the contact (`k`) has none — unless staff set or removed the contact's,
 * which then wins over whatever the page said, before or since.
 */
export const VISITOR_EMAIL = 'CASE WHEN k.email_edited_at IS NULL THEN v.email END';

/** A conversation row's columns, with its visitor's (`v`) and contact's (`k`): {@link CONVERSATION_JOINS} name them. */
export const CONVERSATION_COLUMNS = `
  c.id, c.site_id, c.visitor_id, c.status, c.priority, c.assignee_id, c.last_seq, c.visitor_read_seq,
  c.staff_read_seq, c.created_at, c.updated_at, c.team_id, c.first_response_at, c.sla_due_at, c.overdue,
  c.resolved_at,
  v.name AS v_name, ${VISITOR_EMAIL} AS v_email, v.verified AS v_verified,
  k.name AS k_name, k.email_enc AS k_email, k.verified AS k_verified, k.context AS k_context,
  k.consent_version AS k_consent_version, k.consent_at AS k_consent_at,
  k.email_bouncing_at AS k_email_bouncing_at`;
/** The visitor and contact of `conversations c`, for {@link CONVERSATION_COLUMNS}. */
export const CONVERSATION_JOINS = `
  LEFT JOIN visitors v ON v.site_id = c.site_id AND v.visitor_id = c.visitor_id
  LEFT JOIN contacts k ON k.site_id = c.site_id AND k.contact_id = c.visitor_id`;
export const CONVERSATION_SELECT = `SELECT ${CONVERSATION_COLUMNS} FROM conversations c ${CONVERSATION_JOINS}`;

export const CONTACT_COLUMNS =
  'site_id, contact_id, name, email_enc, verified, subscribed, conversation_hint, context, consent_version, consent_at, created_at, last_seen_at, notes, email_bouncing_at';
/**
 * Not marked as spam (the moderation feature's `conversation_spam`, docs/safety.md "Spam and review"): the inbox's
 * views but `spam`, and the reports, leave those out. `notSpam('conversations')` for a query without the alias `c`.
 */
export const notSpam = (alias: string): string =>
  `NOT EXISTS (SELECT 1 FROM conversation_spam sp WHERE sp.conversation_id = ${alias}.id)`;
export const NOT_SPAM = notSpam('c');

/**
 * A conversation's statuses. The inbox's indexes that hold `updated_at` lead with the status or the assignee, none
 * with the site alone (migration `store.activity-by-status`): a query over every status by activity seeks the
 * status index once for each, either as {@link ANY_STATUS} (a range) or as a page of each status merged (the
 * inbox's list, newest first). One index fewer for every message to move.
 */
export const STATUSES = ConversationStatus.options;

/** Every status, as a condition on `c.status` that lets a range of `updated_at` use the status index. */
export const ANY_STATUS = `c.status IN (${STATUSES.map((status) => `'${status}'`).join(', ')})`;
export const UNREAD_CONDITION = `EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.seq > c.staff_read_seq AND m.author_role = 'visitor')`;

/** Rows per multi-row INSERT (well under SQLite's 32,766 bound parameters). */
export const INSERT_CHUNK = 500;

/**
 * Words of a search query: letters, digits and `_` runs, lower-cased, at most 8. Everything else (quotes,
 * operators, parentheses) is dropped, so user input can never be read as FTS5 or tsquery syntax.
 */
export function searchTerms(q: string): string[] {
  return (q.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []).slice(0, 8);
}

export function placeholders(count: number): string {
  return new Array<string>(count).fill('?').join(', ');
}

/** Turns `?` placeholders into PostgreSQL's `$1, $2, …` (the SQL given never has a `?` inside a literal). */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export function bool(value: number | boolean | null | undefined): boolean {
  return value === true || (typeof value === 'number' && value !== 0);
}

export function parseJson<T>(text: string | null): T | undefined {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function toAudit(row: AuditRow): AuditEntry {
  return {
    id: String(row.id),
    siteId: row.site_id,
    at: Number(row.at),
    actorId: row.actor_id,
    actorName: row.actor_name,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    details: parseJson<Record<string, unknown>>(row.details) ?? {},
  };
}

/**
 * A page of rows read with `LIMIT limit + 1` in the page's order: the first `limit` as `map` makes them, and the
 * cursor of the last of those (`cursor`) when there was one more.
 */
export function pageOf<R, T>(
  rows: readonly R[],
  limit: number,
  map: (row: R) => T,
  cursor: (row: R) => number,
): { items: T[]; next: number | undefined } {
  const items = rows.slice(0, limit);
  return { items: items.map(map), next: rows.length > limit ? cursor(items[items.length - 1]!) : undefined };
}
