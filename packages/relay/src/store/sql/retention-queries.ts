/** Site settings (the retention period) and retention: erasing what is older than a site keeps. */

import type { ExpiredErasure, SiteSettings } from '../admin-store.js';
import { ANY_STATUS, INSERT_CHUNK, chunks, placeholders } from './admin-rows.js';
import { eraseRows, type ErasurePlan } from '../erasure-plan.js';
import type { SqlDb } from './sql-db.js';

export async function getSettings(db: SqlDb, siteId: string): Promise<SiteSettings> {
  const [row] = await db.all<{
    retention_days: number | null;
    brand_color: string | null;
    logo_url: string | null;
    require_2fa: number | boolean;
  }>('SELECT retention_days, brand_color, logo_url, require_2fa FROM site_settings WHERE site_id = ?', [siteId]);
  return {
    retentionDays: row?.retention_days ?? null,
    brandColor: row?.brand_color ?? null,
    logoUrl: row?.logo_url ?? null,
    require2fa: row !== undefined && (row.require_2fa === true || row.require_2fa === 1),
  };
}

export async function updateSettings(db: SqlDb, siteId: string, patch: Partial<SiteSettings>): Promise<SiteSettings> {
  if (patch.retentionDays !== undefined) {
    await db.run(
      `INSERT INTO site_settings (site_id, retention_days) VALUES (?, ?)
       ON CONFLICT (site_id) DO UPDATE SET retention_days = excluded.retention_days`,
      [siteId, patch.retentionDays],
    );
  }
  if (patch.brandColor !== undefined) {
    await db.run(
      `INSERT INTO site_settings (site_id, brand_color) VALUES (?, ?)
       ON CONFLICT (site_id) DO UPDATE SET brand_color = excluded.brand_color`,
      [siteId, patch.brandColor],
    );
  }
  if (patch.require2fa !== undefined) {
    await db.run(
      `INSERT INTO site_settings (site_id, require_2fa) VALUES (?, ?)
       ON CONFLICT (site_id) DO UPDATE SET require_2fa = excluded.require_2fa`,
      [siteId, patch.require2fa],
    );
  }
  if (patch.logoUrl !== undefined) {
    await db.run(
      `INSERT INTO site_settings (site_id, logo_url) VALUES (?, ?)
       ON CONFLICT (site_id) DO UPDATE SET logo_url = excluded.logo_url`,
      [siteId, patch.logoUrl],
    );
  }
  return getSettings(db, siteId);
}

export async function retentionSettings(db: SqlDb): Promise<Array<{ siteId: string; retentionDays: number | null }>> {
  const rows = await db.all<{ id: string; retention_days: number | null }>(
    'SELECT s.id, ss.retention_days FROM sites s LEFT JOIN site_settings ss ON ss.site_id = s.id ORDER BY s.id',
  );
  return rows.map((row) => ({ siteId: row.id, retentionDays: row.retention_days ?? null }));
}

/**
 * Deletes conversations with everything the features keep about them (`plan.conversations`: labels, messages —
 * the full-text rows go with them, by a trigger on SQLite and a generated column on PostgreSQL —, outbox jobs,
 * webhook delivery log rows, email links, files…). Resolves with the number of messages deleted.
 */
export async function deleteConversations(
  db: SqlDb,
  plan: ErasurePlan,
  siteId: string,
  ids: readonly string[],
): Promise<number> {
  const deleted = await eraseRows(db, plan.conversations, ids, siteId, 'conversation_id');
  for (const part of chunks(ids, INSERT_CHUNK))
    await db.run(`DELETE FROM conversations WHERE id IN (${placeholders(part.length)})`, part);
  // The desk declares `messages`; its count is what an erasure reports.
  return deleted.get('messages') ?? 0;
}

/** Deletes what the features keep about a site's contacts (`plan.contacts`), then their contact and visitor rows. */
export async function deleteContacts(
  db: SqlDb,
  plan: ErasurePlan,
  siteId: string,
  ids: readonly string[],
): Promise<{ visitors: number; contacts: number }> {
  await eraseRows(db, plan.contacts, ids, siteId, 'contact_id');
  let visitors = 0;
  let contacts = 0;
  for (const part of chunks(ids, INSERT_CHUNK)) {
    const marks = placeholders(part.length);
    contacts += await db.run(`DELETE FROM contacts WHERE site_id = ? AND contact_id IN (${marks})`, [siteId, ...part]);
    visitors += await db.run(`DELETE FROM visitors WHERE site_id = ? AND visitor_id IN (${marks})`, [siteId, ...part]);
  }
  return { visitors, contacts };
}

/**
 * Empties the details of the site's audit entries about `targets` (contacts, conversations): the trail keeps
 * who did what and when, not what it said about an erased person (labels set on their conversations, say).
 */
export async function scrubAudit(db: SqlDb, siteId: string, targets: readonly string[]): Promise<void> {
  for (const part of chunks(targets, INSERT_CHUNK)) {
    await db.run(
      `UPDATE audit_log SET details = '{}' WHERE site_id = ? AND target_id IN (${placeholders(part.length)}) AND details <> '{}'`,
      [siteId, ...part],
    );
  }
}

/**
 * Erases, in one transaction, up to `limit` of the site's conversations last active before `before`, then up to
 * `limit` contacts (and visitor rows) last seen before it with no conversation left: everything a contact erasure
 * deletes. Call again while it reports a full batch.
 */
export async function eraseExpired(
  db: SqlDb,
  plan: ErasurePlan,
  siteId: string,
  before: number,
  limit: number,
): Promise<ExpiredErasure> {
  const erased = await db.transaction(async (db) => {
    const ids = (
      await db.all<{ id: string }>(
        `SELECT c.id FROM conversations c WHERE c.site_id = ? AND ${ANY_STATUS} AND c.updated_at < ? LIMIT ?`,
        [siteId, before, limit],
      )
    ).map((row) => row.id);
    const messages = await deleteConversations(db, plan, siteId, ids);
    const contactIds = (
      await db.all<{ contact_id: string }>(
        `SELECT contact_id FROM contacts c WHERE c.site_id = ? AND c.last_seen_at < ?
           AND NOT EXISTS (SELECT 1 FROM conversations v WHERE v.site_id = c.site_id AND v.visitor_id = c.contact_id)
         ORDER BY c.last_seen_at LIMIT ?`,
        [siteId, before, limit],
      )
    ).map((row) => row.contact_id);
    const visitorIds = (
      await db.all<{ visitor_id: string }>(
        `SELECT visitor_id FROM visitors w WHERE w.site_id = ? AND w.updated_at < ?
           AND NOT EXISTS (SELECT 1 FROM conversations v WHERE v.site_id = w.site_id AND v.visitor_id = w.visitor_id)
           AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.site_id = w.site_id AND c.contact_id = w.visitor_id
                           AND c.last_seen_at >= ?)
         ORDER BY w.updated_at LIMIT ?`,
        [siteId, before, before, limit],
      )
    ).map((row) => row.visitor_id);
    const people = [...new Set([...contactIds, ...visitorIds])];
    await deleteContacts(db, plan, siteId, people);
    // What features keep past the period that is neither's (files uploaded into a conversation never created).
    for (const expired of plan.expired ?? []) await expired(db, siteId, before);
    await scrubAudit(db, siteId, [...ids, ...people]);
    return {
      conversations: ids.length,
      messages,
      contacts: people.length,
      conversationIds: ids,
      more: ids.length === limit || contactIds.length === limit || visitorIds.length === limit,
    };
  });
  if (erased.conversations > 0 || erased.contacts > 0) await db.scrub(!erased.more);
  return erased;
}
