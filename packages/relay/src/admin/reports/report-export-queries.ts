/**
 * The per-conversation export's reads (issue #86, docs/reports.md "Per-conversation export") and the values the
 * filter set's members take on a site. A page of the export is two statements: the conversations, by
 * `conversations_by_created (site_id, created_at)` from the cursor on, with their team, assignee, channel and contact
 * (each a look-up of a primary key); then, for the page's conversations only, their labels and their figures, each
 * a walk of the conversation's `(conversation_id, seq)` index: messages counted by author, the first response found
 * as the report finds it (report-queries.ts `firstResponses`), the last rating. Nothing reads the range at once.
 */

import type { ReportChoice, ReportConversation, ReportExportCursor, ReportQuery } from './report-store.js';
import { filtersCondition } from './report-filters.js';
import { NOT_SPAM, VISITOR_EMAIL, placeholders } from '../../store/sql/admin-rows.js';
import type { SqlDb, SqlValue } from '../../store/sql/sql-db.js';

type Num = number | string;

/** `ReportRepository.choices`: a site's teams, staff members or labels, named. */
export async function choices(
  db: SqlDb,
  siteId: string,
  member: 'team' | 'agent' | 'label',
  only?: readonly string[],
): Promise<ReportChoice[]> {
  const among = only === undefined ? '' : ` AND id IN (${placeholders(only.length)})`;
  const params: SqlValue[] = [siteId, ...(only ?? [])];
  if (member === 'team') {
    return db.all<ReportChoice>(
      `SELECT id, name AS label FROM teams WHERE site_id = ?${among} ORDER BY name, id`,
      params,
    );
  }
  if (member === 'agent') {
    // Former members too: their conversations are still reported.
    return db.all<ReportChoice>(
      `SELECT id, name AS label FROM staff WHERE site_id = ?${among} ORDER BY name, id`,
      params,
    );
  }
  if (only !== undefined) {
    // One look-up of `conversation_labels_by_label` per label, until one of the site's conversations carries it.
    const found: ReportChoice[] = [];
    for (const label of only) {
      const [row] = await db.all<{ label: string }>(
        `SELECT l.label FROM conversation_labels l JOIN conversations c ON c.id = l.conversation_id
         WHERE l.label = ? AND c.site_id = ? LIMIT 1`,
        [label, siteId],
      );
      if (row) found.push({ id: row.label, label: row.label });
    }
    return found;
  }
  const rows = await db.scan<{ label: string }>(
    `SELECT l.label AS label FROM conversation_labels l JOIN conversations c ON c.id = l.conversation_id
     WHERE c.site_id = ? GROUP BY l.label ORDER BY count(*) DESC, l.label LIMIT 200`,
    [siteId],
  );
  return rows.map((row) => ({ id: row.label, label: row.label }));
}

interface ExportRow {
  id: string;
  created_at: Num;
  status: string;
  priority: string;
  team_id: string | null;
  team: string | null;
  assignee_id: string | null;
  assignee: string | null;
  resolved_at: Num | null;
  visitor_id: string;
  channel: string | null;
  provider: string | null;
  k_name: string | null;
  v_name: string | null;
  k_email: string | null;
  v_email: string | null;
}

interface FigureRow {
  id: string;
  customer: Num;
  staff: Num;
  vts: Num | null;
  rts: Num | null;
  rating: string | null;
  comment: string | null;
}

/** `ReportRepository.exportPage`: a page of the conversations created in the range, oldest first. */
export async function exportPage(
  db: SqlDb,
  query: ReportQuery,
  where: { readonly sql: string; readonly params: readonly SqlValue[] } | undefined,
  after: ReportExportCursor | undefined,
  limit: number,
): Promise<ReportConversation[]> {
  const filter = filtersCondition(query.filters);
  const from = after === undefined ? '' : ' AND (c.created_at > ? OR (c.created_at = ? AND c.id > ?))';
  const rows = await db.scan<ExportRow>(
    `SELECT c.id, c.created_at, c.status, c.priority, c.team_id, t.name AS team, c.assignee_id, s.name AS assignee,
            c.resolved_at, c.visitor_id, h.channel, h.provider,
            k.name AS k_name, v.name AS v_name, k.email_enc AS k_email, ${VISITOR_EMAIL} AS v_email
     FROM conversations c
     LEFT JOIN teams t ON t.id = c.team_id
     LEFT JOIN staff s ON s.id = c.assignee_id
     LEFT JOIN conversation_channels h ON h.conversation_id = c.id
     LEFT JOIN visitors v ON v.site_id = c.site_id AND v.visitor_id = c.visitor_id
     LEFT JOIN contacts k ON k.site_id = c.site_id AND k.contact_id = c.visitor_id
     WHERE c.site_id = ? AND c.created_at >= ? AND c.created_at < ? AND ${NOT_SPAM}${filter.sql}
       ${where ? `AND ${where.sql}` : ''}${from}
     ORDER BY c.created_at, c.id LIMIT ?`,
    [
      query.siteId,
      query.from,
      query.to,
      ...filter.params,
      ...(where?.params ?? []),
      ...(after === undefined ? [] : [after.createdAt, after.createdAt, after.id]),
      limit,
    ],
  );
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const marks = placeholders(ids.length);
  const score = (alias: string): string =>
    db.dialect === 'sqlite'
      ? `json_extract(${alias}.extra, '$.rating.score')`
      : `((${alias}.extra::jsonb) #>> '{rating,score}')::int`;
  const [labelRows, figureRows] = await Promise.all([
    db.all<{ conversation_id: string; label: string }>(
      `SELECT conversation_id, label FROM conversation_labels WHERE conversation_id IN (${marks}) ORDER BY label`,
      ids,
    ),
    db.scan<FigureRow>(
      `SELECT f.id, f.customer, f.staff, f.vts,
              (SELECT r.ts FROM messages r
               WHERE r.conversation_id = f.id AND r.seq > f.vseq AND r.author_role = 'staff' AND r.kind = 'text'
               ORDER BY r.seq LIMIT 1) AS rts,
              (SELECT ${score('q')} FROM messages q WHERE q.id = f.rid) AS rating,
              (SELECT q.text FROM messages q WHERE q.id = f.rid) AS comment
       FROM (SELECT c.id,
                    (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.author_role = 'visitor'
                       AND m.kind = 'text') AS customer,
                    (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.author_role = 'staff'
                       AND m.kind = 'text') AS staff,
                    (SELECT m.seq FROM messages m WHERE m.conversation_id = c.id AND m.author_role = 'visitor'
                     ORDER BY m.seq LIMIT 1) AS vseq,
                    (SELECT m.ts FROM messages m WHERE m.conversation_id = c.id AND m.author_role = 'visitor'
                     ORDER BY m.seq LIMIT 1) AS vts,
                    (SELECT m.id FROM messages m WHERE m.conversation_id = c.id AND m.author_role = 'visitor'
                       AND m.extra IS NOT NULL AND ${score('m')} BETWEEN 1 AND 5
                     ORDER BY m.seq DESC LIMIT 1) AS rid
             FROM conversations c WHERE c.id IN (${marks})) f`,
      ids,
    ),
  ]);
  const labels = new Map<string, string[]>();
  for (const row of labelRows) {
    const list = labels.get(row.conversation_id) ?? [];
    list.push(row.label);
    labels.set(row.conversation_id, list);
  }
  const figures = new Map(figureRows.map((row) => [row.id, row]));
  return rows.map((row) => {
    const figure = figures.get(row.id);
    const createdAt = Number(row.created_at);
    const resolvedAt = row.resolved_at === null ? null : Number(row.resolved_at);
    const rating = figure?.rating == null ? null : Number(figure.rating);
    return {
      id: row.id,
      createdAt,
      channel: row.provider ?? row.channel ?? 'chat',
      status: row.status,
      priority: row.priority,
      teamId: row.team_id,
      team: row.team_id === null ? null : (row.team ?? row.team_id),
      assigneeId: row.assignee_id,
      assignee: row.assignee_id === null ? null : (row.assignee ?? row.assignee_id),
      labels: labels.get(row.id) ?? [],
      firstResponseMs: figure?.vts == null || figure.rts == null ? null : Number(figure.rts) - Number(figure.vts),
      resolutionMs: row.status === 'resolved' && resolvedAt !== null ? resolvedAt - createdAt : null,
      resolvedAt: row.status === 'resolved' ? resolvedAt : null,
      customerMessages: Number(figure?.customer ?? 0),
      staffMessages: Number(figure?.staff ?? 0),
      csatScore: rating,
      csatComment: rating === null ? null : figure?.comment || null,
      contactId: row.visitor_id,
      contactName: (row.k_name ?? row.v_name) || null,
      contactEmailSealed: row.k_email ?? row.v_email ?? null,
    };
  });
}
