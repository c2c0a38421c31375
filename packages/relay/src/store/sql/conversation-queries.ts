/** Conversations: the inbox list with its filters and counts, one conversation, its updates. */

import { type Message } from '@parley/protocol';
import type { OutboxInsert } from '../outbox-job.js';
import type {
  ConversationState,
  ContactContext,
  ConversationRecord,
  ActivityCursor,
  ConversationFilter,
  ConversationMatch,
  InboxCounts,
  ConversationPatch,
  ConversationChannel,
  ConversationChannelRow,
} from '../admin-store.js';
import {
  CONVERSATION_COLUMNS,
  CONVERSATION_JOINS,
  CONVERSATION_SELECT,
  NOT_SPAM,
  UNREAD_CONDITION,
  STATUSES,
  searchTerms,
  placeholders,
  bool,
  parseJson,
  chunks,
  INSERT_CHUNK,
  type ConversationRow,
} from './admin-rows.js';
import { enqueue } from './outbox-rows.js';
import type { SqlCondition } from './sql-condition.js';
import type { SqlDb, SqlValue } from './sql-db.js';
import { previewText } from '../message-row.js';

/**
 * The SQL of a saved view's criteria (or the list's same query parameters) over `conversations c`: every member
 * given must hold. `me` is `staffId`. Labels are all of them, each an indexed look-up; the channel `chat` is a
 * conversation with no row in `conversation_channels`.
 */
export function matchCondition(match: ConversationMatch, staffId: string): { sql: string; params: SqlValue[] } {
  const sql: string[] = [];
  const params: SqlValue[] = [];
  if (match.assignee === 'none') sql.push('c.assignee_id IS NULL');
  else if (match.assignee !== undefined) {
    sql.push('c.assignee_id = ?');
    params.push(match.assignee === 'me' ? staffId : match.assignee);
  }
  if (match.teamId !== undefined) {
    sql.push('c.team_id = ?');
    params.push(match.teamId);
  }
  for (const label of new Set(match.labels ?? [])) {
    sql.push('EXISTS (SELECT 1 FROM conversation_labels l WHERE l.conversation_id = c.id AND l.label = ?)');
    params.push(label);
  }
  if (match.channel !== undefined) {
    const channel = channelCondition(match.channel);
    sql.push(channel.sql);
    params.push(...channel.params);
  }
  return { sql: sql.length > 0 ? sql.join(' AND ') : '1 = 1', params };
}

/**
 * The SQL over `conversations c` of a conversation that came in on `channel` (a `ChannelChoice`: a kind or a
 * messaging provider's id), one look-up of `conversation_channels`' primary key: `chat` is a conversation with no
 * row there; `email` and `api` the rows of that kind with no provider (a messaging provider's conversation is
 * recorded `api` too, with its provider); any other id the rows naming it as their provider. The list's, a view's
 * and the reports' `channel` (ADR 2026-11-30-channel-providers).
 */
export function channelCondition(channel: string): { sql: string; params: SqlValue[] } {
  if (channel === 'chat')
    return { sql: 'NOT EXISTS (SELECT 1 FROM conversation_channels h WHERE h.conversation_id = c.id)', params: [] };
  if (channel === 'email' || channel === 'api') {
    return {
      sql: 'EXISTS (SELECT 1 FROM conversation_channels h WHERE h.conversation_id = c.id AND h.channel = ? AND h.provider IS NULL)',
      params: [channel],
    };
  }
  return {
    sql: 'EXISTS (SELECT 1 FROM conversation_channels h WHERE h.conversation_id = c.id AND h.provider = ?)',
    params: [channel],
  };
}

export async function listConversations(
  db: SqlDb,
  filter: ConversationFilter,
): Promise<{ items: ConversationRecord[]; next: ActivityCursor | undefined; counts: InboxCounts }> {
  if (filter.q !== undefined) await db.indexForSearch();
  // Filters every count shares.
  const base: string[] = ['c.site_id = ?'];
  const baseParams: SqlValue[] = [filter.siteId];
  if (filter.unread) base.push(UNREAD_CONDITION);
  if (filter.label !== undefined) {
    base.push('EXISTS (SELECT 1 FROM conversation_labels l WHERE l.conversation_id = c.id AND l.label = ?)');
    baseParams.push(filter.label);
  }
  if (filter.match !== undefined) {
    const match = matchCondition(filter.match, filter.staffId);
    base.push(match.sql);
    baseParams.push(...match.params);
  }
  for (const condition of filter.conditions ?? []) {
    base.push(condition.sql);
    baseParams.push(...condition.params);
  }
  if (filter.q !== undefined) {
    const terms = searchTerms(filter.q);
    if (terms.length === 0) base.push('1 = 0');
    else {
      const search = db.searchCondition(terms);
      const also = filter.alsoFound ?? [];
      base.push(also.length === 0 ? search.sql : `(${[search.sql, ...also.map((found) => found.sql)].join(' OR ')})`);
      baseParams.push(search.param, ...also.flatMap((found) => found.params));
    }
  }
  const statusCondition =
    filter.status === undefined
      ? { sql: '1 = 1', params: [] as SqlValue[] }
      : { sql: 'c.status = ?', params: [filter.status] };
  // Conversations marked as spam (the moderation feature's table) are in the `spam` view only. The page tests that
  // with NOT EXISTS; the counts, which would test it in up to a dozen sums for each row, join the table once. The
  // caller's unread mentions and the site's open flags are few: each is read once as a set (`IN`, uncorrelated: a
  // hashed subplan on PostgreSQL, a transient index on SQLite), not looked up for every row the counts pass.
  const views = (notSpam: string) => ({
    mine: { sql: `c.assignee_id = ? AND ${notSpam}`, params: [filter.staffId] as SqlValue[] },
    unassigned: { sql: `c.assignee_id IS NULL AND ${notSpam}`, params: [] as SqlValue[] },
    all: { sql: notSpam, params: [] as SqlValue[] },
    overdue: {
      sql: `c.overdue = 1 AND c.first_response_at IS NULL AND c.status <> 'resolved' AND ${notSpam}`,
      params: [] as SqlValue[],
    },
    mentions: {
      sql: `c.id IN (SELECT m.conversation_id FROM mentions m WHERE m.staff_id = ? AND m.read_at IS NULL) AND ${notSpam}`,
      params: [filter.staffId] as SqlValue[],
    },
    review: {
      sql: `c.id IN (SELECT f.conversation_id FROM conversation_flags f WHERE f.site_id = ? AND f.dismissed_at IS NULL) AND ${notSpam}`,
      params: [filter.siteId] as SqlValue[],
    },
    spam: { sql: `NOT ${notSpam}`, params: [] as SqlValue[] },
  });
  const viewConditions = views(NOT_SPAM);
  const counted = views('(spam_of.conversation_id IS NULL)');
  const viewName = filter.view ?? 'all';
  const view = viewConditions[viewName];

  const where = [...base, view.sql];
  const params: SqlValue[] = [...baseParams, ...view.params];
  if (filter.cursor) {
    where.push('(c.updated_at < ? OR (c.updated_at = ? AND c.id < ?))');
    params.push(filter.cursor.at, filter.cursor.at, filter.cursor.id);
  }
  const page = `ORDER BY c.updated_at DESC, c.id DESC LIMIT ?`;
  // One scan where an index gives this order (by status, by assignee, the overdue ones'), or for a search on SQLite
  // (its matches are listed first, and each page would list them again); over every status, a page of each status by
  // the status index, merged (admin-rows.ts `STATUSES`), which PostgreSQL's planner may also walk for a search. The
  // pages hold ids and times only (the status index covers them, and every condition is on `c`): the rows shown are
  // joined to their visitor and contact once, not each page's.
  const oneScan =
    filter.status !== undefined ||
    viewName === 'mine' ||
    viewName === 'unassigned' ||
    viewName === 'overdue' ||
    filter.match?.assignee !== undefined ||
    (filter.q !== undefined && db.dialect === 'sqlite');
  const [sql, values]: [string, SqlValue[]] = oneScan
    ? [
        `${CONVERSATION_SELECT} WHERE ${[...where, statusCondition.sql].join(' AND ')} ${page}`,
        [...params, ...statusCondition.params, filter.limit + 1],
      ]
    : [
        `SELECT ${CONVERSATION_COLUMNS} FROM (${STATUSES.map(
          (_, i) =>
            `SELECT * FROM (SELECT c.id, c.updated_at FROM conversations c WHERE ${[...where, 'c.status = ?'].join(' AND ')} ${page}) AS s${i}`,
        ).join(' UNION ALL ')} ORDER BY updated_at DESC, id DESC LIMIT ?) AS p
        JOIN conversations c ON c.id = p.id ${CONVERSATION_JOINS}
        ORDER BY c.updated_at DESC, c.id DESC`,
        [...STATUSES.flatMap((status) => [...params, status, filter.limit + 1]), filter.limit + 1],
      ];
  const rows = await db.scan<ConversationRow>(sql, values);
  const more = rows.length > filter.limit;
  if (more) rows.pop();
  const items = await conversationRecords(db, rows);
  const last = rows[rows.length - 1];

  const countSql: string[] = [];
  const countParams: SqlValue[] = [];
  for (const name of ['mine', 'unassigned', 'all', 'overdue', 'mentions', 'review', 'spam'] as const) {
    countSql.push(
      `coalesce(sum(CASE WHEN ${statusCondition.sql} AND ${counted[name].sql} THEN 1 ELSE 0 END), 0) AS ${name === 'all' ? 'n_all' : name}`,
    );
    countParams.push(...statusCondition.params, ...counted[name].params);
  }
  for (const status of STATUSES) {
    countSql.push(
      `coalesce(sum(CASE WHEN c.status = ? AND ${counted[viewName].sql} THEN 1 ELSE 0 END), 0) AS ${status}`,
    );
    countParams.push(status, ...counted[viewName].params);
  }
  const [sums] = await db.scan<Record<string, number | string>>(
    `SELECT ${countSql.join(', ')} FROM conversations c
     LEFT JOIN conversation_spam spam_of ON spam_of.conversation_id = c.id
     WHERE ${base.join(' AND ')}`,
    [...countParams, ...baseParams],
  );
  const n = (key: string): number => Number(sums?.[key] ?? 0);
  return {
    items,
    next: more && last ? { at: last.updated_at, id: last.id } : undefined,
    counts: {
      mine: n('mine'),
      unassigned: n('unassigned'),
      all: n('n_all'),
      overdue: n('overdue'),
      mentions: n('mentions'),
      review: n('review'),
      spam: n('spam'),
      open: n('open'),
      pending: n('pending'),
      snoozed: n('snoozed'),
      resolved: n('resolved'),
    },
  };
}

export async function conversationsMatching(
  db: SqlDb,
  siteId: string,
  ids: readonly string[],
  condition: SqlCondition,
): Promise<Set<string>> {
  const found = new Set<string>();
  // In slices: a contact with thousands of conversations stays within every driver's limit of parameters.
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    const rows = await db.all<{ id: string }>(
      `SELECT c.id FROM conversations c WHERE c.site_id = ? AND c.id IN (${slice.map(() => '?').join(', ')}) AND ${condition.sql}`,
      [siteId, ...slice, ...condition.params],
    );
    for (const row of rows) found.add(row.id);
  }
  return found;
}

export async function getConversation(db: SqlDb, siteId: string, id: string): Promise<ConversationRecord | undefined> {
  const rows = await db.all<ConversationRow>(`${CONVERSATION_SELECT} WHERE c.site_id = ? AND c.id = ?`, [siteId, id]);
  return (await conversationRecords(db, rows))[0];
}

export async function conversationState(db: SqlDb, siteId: string, id: string): Promise<ConversationState | undefined> {
  const [row] = await db.all<ConversationRow>(`${CONVERSATION_SELECT} WHERE c.site_id = ? AND c.id = ?`, [siteId, id]);
  return (
    row && {
      id: row.id,
      siteId: row.site_id,
      status: row.status,
      assigneeId: row.assignee_id,
      lastSeq: row.last_seq,
      visitor: visitorOf(row),
    }
  );
}

export async function updateConversation(
  db: SqlDb,
  siteId: string,
  id: string,
  patch: ConversationPatch,
  now: number,
  effects: readonly OutboxInsert[] = [],
  onResolved?: readonly OutboxInsert[],
): Promise<ConversationRecord | undefined> {
  const found = await db.transaction(async (db) => {
    if (patch.status === 'resolved' && onResolved && onResolved.length > 0) {
      // Resolving takes the row's lock first: of two relays resolving at once, one moves it and writes the effects,
      // the other then finds it resolved (PostgreSQL re-reads the row after the lock) and writes none.
      const moved = await db.run(
        `UPDATE conversations SET status = 'resolved', resolved_at = ? WHERE site_id = ? AND id = ? AND status <> 'resolved'`,
        [now, siteId, id],
      );
      if (moved > 0) await enqueue(db, onResolved, now);
    }
    const sets: string[] = ['updated_at = ?'];
    const params: SqlValue[] = [now];
    if (patch.status !== undefined) {
      // When it was resolved (the inbox's resolution timer); moving it back to open keeps the last one.
      if (patch.status === 'resolved') {
        sets.push("resolved_at = CASE WHEN status <> 'resolved' THEN ? ELSE resolved_at END");
        params.push(now);
      }
      sets.push('status = ?');
      params.push(patch.status);
    }
    if (patch.teamId !== undefined) {
      sets.push('team_id = ?');
      params.push(patch.teamId);
    }
    if (patch.priority !== undefined) {
      sets.push('priority = ?');
      params.push(patch.priority);
    }
    if (patch.assigneeId !== undefined) {
      sets.push('assignee_id = ?');
      params.push(patch.assigneeId);
    }
    const changed = await db.run(`UPDATE conversations SET ${sets.join(', ')} WHERE site_id = ? AND id = ?`, [
      ...params,
      siteId,
      id,
    ]);
    if (changed === 0) return false;
    if (patch.labels !== undefined) {
      await db.run('DELETE FROM conversation_labels WHERE conversation_id = ?', [id]);
      const labels = [...new Set(patch.labels)];
      if (labels.length > 0) {
        await db.run(
          `INSERT INTO conversation_labels (conversation_id, label) VALUES ${labels.map(() => '(?, ?)').join(', ')}`,
          labels.flatMap((label) => [id, label]),
        );
      }
    }
    await enqueue(db, effects, now);
    return true;
  });
  return found ? getConversation(db, siteId, id) : undefined;
}

/** Adds labels, the last message, unread counts and the channel to a page of rows: four queries whatever its size. */
export async function conversationRecords(db: SqlDb, rows: readonly ConversationRow[]): Promise<ConversationRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const marks = placeholders(ids.length);
  const labels = new Map<string, string[]>();
  for (const row of await db.all<{ conversation_id: string; label: string }>(
    `SELECT conversation_id, label FROM conversation_labels WHERE conversation_id IN (${marks}) ORDER BY label`,
    ids,
  )) {
    const list = labels.get(row.conversation_id) ?? [];
    list.push(row.label);
    labels.set(row.conversation_id, list);
  }
  const lastMessages = new Map<
    string,
    {
      seq: number;
      text: string;
      extra: string | null;
      ts: number;
      author_role: Message['author']['role'];
      author_id: string;
      author_name: string | null;
    }
  >();
  for (const row of await db.all<{
    conversation_id: string;
    seq: number;
    text: string;
    extra: string | null;
    ts: number;
    author_role: Message['author']['role'];
    author_id: string;
    author_name: string | null;
  }>(
    // The preview is the last visitor's or staff's message: a bot's away reply or welcome would make every
    // conversation of a closed period read the same (issue #36). Only a conversation without one shows its last.
    `SELECT m.conversation_id, m.seq, m.text, m.extra, m.ts, m.author_role, m.author_id, m.author_name
     FROM conversations c JOIN messages m ON m.conversation_id = c.id AND m.seq = COALESCE(
       (SELECT p.seq FROM messages p
        WHERE p.conversation_id = c.id AND p.author_role IN ('visitor', 'staff')
        ORDER BY p.seq DESC LIMIT 1),
       c.last_seq)
     WHERE c.id IN (${marks})`,
    ids,
  )) {
    lastMessages.set(row.conversation_id, row);
  }
  const unread = new Map<string, number>();
  for (const row of await db.all<{ conversation_id: string; n: number }>(
    `SELECT m.conversation_id, count(*) AS n
     FROM conversations c JOIN messages m ON m.conversation_id = c.id AND m.seq > c.staff_read_seq
     WHERE c.id IN (${marks}) AND m.author_role = 'visitor'
     GROUP BY m.conversation_id`,
    ids,
  )) {
    unread.set(row.conversation_id, Number(row.n));
  }
  const channels = new Map<
    string,
    { channel: 'email' | 'api'; subject: string | null; address: string | null; provider: string | null }
  >();
  for (const row of await db.all<{
    conversation_id: string;
    channel: 'email' | 'api';
    subject: string | null;
    address: string | null;
    provider: string | null;
  }>(
    `SELECT conversation_id, channel, subject, address, provider FROM conversation_channels WHERE conversation_id IN (${marks})`,
    ids,
  )) {
    channels.set(row.conversation_id, row);
  }
  return rows.map((row) => {
    const last = lastMessages.get(row.id);
    const channel = channels.get(row.id);
    return {
      id: row.id,
      siteId: row.site_id,
      visitorId: row.visitor_id,
      status: row.status,
      priority: row.priority,
      assigneeId: row.assignee_id,
      teamId: row.team_id,
      firstResponseAt: row.first_response_at === null ? null : Number(row.first_response_at),
      dueAt: row.sla_due_at === null ? null : Number(row.sla_due_at),
      overdue: Number(row.overdue) !== 0,
      resolvedAt: row.resolved_at === null ? null : Number(row.resolved_at),
      channel: channel?.channel ?? 'chat',
      subject: channel?.subject ?? null,
      channelAddress: channel?.address ?? null,
      provider: channel?.provider ?? null,
      labels: labels.get(row.id) ?? [],
      lastSeq: row.last_seq,
      visitorReadSeq: row.visitor_read_seq,
      staffReadSeq: row.staff_read_seq,
      unread: unread.get(row.id) ?? 0,
      // A message with files previews as its text and a line per file, whatever the reader's protocol.
      lastMessage: last && {
        seq: last.seq,
        text: previewText(last.text, last.extra),
        ts: last.ts,
        authorRole: last.author_role,
        authorId: last.author_id,
        ...(last.author_name ? { authorName: last.author_name } : {}),
      },
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      visitor: visitorOf(row),
    };
  });
}

/** The conversation's visitor as its row holds them (their contact's name and email over the visitor row's). */
function visitorOf(row: ConversationRow): ConversationRecord['visitor'] {
  return {
    id: row.visitor_id,
    // An empty name is one staff removed: the page's name does not come back through the visitor row.
    name: (row.k_name ?? row.v_name) || undefined,
    emailEnc: row.k_email ?? row.v_email ?? undefined,
    verified: bool(row.k_verified) || bool(row.v_verified),
    context: parseJson<ContactContext>(row.k_context),
    consent:
      row.k_consent_version !== null && row.k_consent_at !== null
        ? { version: row.k_consent_version, at: row.k_consent_at }
        : undefined,
    ...(row.k_email_bouncing_at !== null && row.k_email_bouncing_at !== undefined
      ? { emailBouncingAt: Number(row.k_email_bouncing_at) }
      : {}),
  };
}

// ---- contacts ------------------------------------------------------------------------------------------

export async function recordChannel(db: SqlDb, row: ConversationChannelRow): Promise<void> {
  await db.run(
    `INSERT INTO conversation_channels (conversation_id, site_id, channel, subject, address, provider, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (conversation_id) DO NOTHING`,
    [row.conversationId, row.siteId, row.channel, row.subject, row.address, row.provider ?? null, row.at],
  );
}

export async function onChannel(
  db: SqlDb,
  ids: readonly string[],
  channel: Exclude<ConversationChannel, 'chat'>,
): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks(ids, INSERT_CHUNK))
    for (const row of await db.all<{ conversation_id: string }>(
      `SELECT conversation_id FROM conversation_channels WHERE channel = ? AND conversation_id IN (${placeholders(part.length)})`,
      [channel, ...part],
    ))
      found.add(row.conversation_id);
  return found;
}
