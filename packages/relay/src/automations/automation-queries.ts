/** Automations (issue #17): a site's settings as one JSON document, and what visitors' ratings add up to. */

import type { AutomationSettingsRecord, RatingStats } from './automation-store.js';
import type { SqlDb } from '../store/sql/sql-db.js';

interface SettingsRow {
  site_id: string;
  settings: string;
  updated_at: number | string;
}

function toRecord(row: SettingsRow): AutomationSettingsRecord {
  return { siteId: row.site_id, settings: JSON.parse(row.settings) as unknown, updatedAt: Number(row.updated_at) };
}

export async function getAutomationSettings(db: SqlDb, siteId: string): Promise<AutomationSettingsRecord | undefined> {
  const [row] = await db.all<SettingsRow>(
    'SELECT site_id, settings, updated_at FROM automation_settings WHERE site_id = ?',
    [siteId],
  );
  return row && toRecord(row);
}

export async function putAutomationSettings(
  db: SqlDb,
  siteId: string,
  settings: unknown,
  now: number,
): Promise<AutomationSettingsRecord> {
  const text = JSON.stringify(settings);
  await db.run(
    `INSERT INTO automation_settings (site_id, settings, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (site_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
    [siteId, text, now],
  );
  return { siteId, settings: JSON.parse(text) as unknown, updatedAt: now };
}

export async function listAutomationSettings(db: SqlDb, changedSince: number): Promise<AutomationSettingsRecord[]> {
  const rows = await db.all<SettingsRow>(
    'SELECT site_id, settings, updated_at FROM automation_settings WHERE updated_at >= ?',
    [changedSince],
  );
  return rows.map(toRecord);
}

export async function ratingStats(db: SqlDb, siteId: string, since: number): Promise<RatingStats> {
  // A rating is a visitor's message whose `extra` holds one (protocol 2); few messages have an `extra` at all.
  const score =
    db.dialect === 'sqlite'
      ? "json_extract(m.extra, '$.rating.score')"
      : "((m.extra::jsonb) #>> '{rating,score}')::int";
  const [row] = await db.all<{ n: number | string; average: number | string | null }>(
    `SELECT count(*) AS n, avg(${score}) AS average
     FROM conversations c JOIN messages m ON m.conversation_id = c.id
     WHERE c.site_id = ? AND c.updated_at >= ? AND m.author_role = 'visitor' AND m.extra IS NOT NULL
       AND m.ts >= ? AND ${score} IS NOT NULL`,
    [siteId, since, since],
  );
  const count = Number(row?.n ?? 0);
  return { count, average: count === 0 || row?.average == null ? null : Number(row.average) };
}
