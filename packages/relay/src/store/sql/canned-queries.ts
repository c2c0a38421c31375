/** Canned responses: a site's saved replies, found by shortcut. */

import type { CannedResponse } from '../admin-store.js';
import type { SqlDb } from './sql-db.js';

export async function listCanned(db: SqlDb, siteId: string): Promise<CannedResponse[]> {
  const rows = await db.all<{
    id: string;
    shortcut: string;
    text: string;
    created_at: number;
    updated_at: number;
  }>('SELECT id, shortcut, text, created_at, updated_at FROM canned_responses WHERE site_id = ? ORDER BY shortcut', [
    siteId,
  ]);
  return rows.map((row) => ({
    id: row.id,
    shortcut: row.shortcut,
    text: row.text,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

export async function createCanned(
  db: SqlDb,
  siteId: string,
  canned: CannedResponse,
): Promise<CannedResponse | undefined> {
  const changed = await db.run(
    `INSERT INTO canned_responses (id, site_id, shortcut, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (site_id, shortcut) DO NOTHING`,
    [canned.id, siteId, canned.shortcut, canned.text, canned.createdAt, canned.updatedAt],
  );
  return changed === 0 ? undefined : canned;
}

export async function updateCanned(
  db: SqlDb,
  siteId: string,
  id: string,
  patch: { shortcut?: string | undefined; text?: string | undefined },
  now: number,
): Promise<CannedResponse | 'conflict' | undefined> {
  return db.transaction(async (db) => {
    const [existing] = await db.all<{ shortcut: string; text: string; created_at: number }>(
      'SELECT shortcut, text, created_at FROM canned_responses WHERE site_id = ? AND id = ?',
      [siteId, id],
    );
    if (!existing) return undefined;
    const shortcut = patch.shortcut ?? existing.shortcut;
    const text = patch.text ?? existing.text;
    if (shortcut !== existing.shortcut) {
      const [taken] = await db.all<{ id: string }>(
        'SELECT id FROM canned_responses WHERE site_id = ? AND shortcut = ?',
        [siteId, shortcut],
      );
      if (taken) return 'conflict' as const;
    }
    await db.run('UPDATE canned_responses SET shortcut = ?, text = ?, updated_at = ? WHERE site_id = ? AND id = ?', [
      shortcut,
      text,
      now,
      siteId,
      id,
    ]);
    return { id, shortcut, text, createdAt: existing.created_at, updatedAt: now };
  });
}

export async function deleteCanned(db: SqlDb, siteId: string, id: string): Promise<boolean> {
  return (await db.run('DELETE FROM canned_responses WHERE site_id = ? AND id = ?', [siteId, id])) > 0;
}
