/** Web Push subscriptions (issue #19). */

import type { PushSubscriptionRecord, ShownNotification, ShownOnSubscription } from './push-store.js';
import { placeholders } from '../store/sql/admin-rows.js';
import type { SqlDb } from '../store/sql/sql-db.js';

export async function savePushSubscription(db: SqlDb, subscription: PushSubscriptionRecord): Promise<boolean> {
  // One statement, so two saves of the same endpoint at once cannot both win: the update only applies to the
  // owner's own row (no row changed: someone else's endpoint, left as it was).
  const changed = await db.run(
    `INSERT INTO push_subscriptions (endpoint, site_id, staff_id, p256dh, auth, created_at, session_id)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth,
       created_at = excluded.created_at, pushed_at = NULL, session_id = excluded.session_id
     WHERE push_subscriptions.site_id = excluded.site_id AND push_subscriptions.staff_id = excluded.staff_id`,
    [
      subscription.endpoint,
      subscription.siteId,
      subscription.staffId,
      subscription.p256dh,
      subscription.auth,
      subscription.createdAt,
      subscription.sessionId ?? null,
    ],
  );
  return changed > 0;
}

export async function deletePushSubscription(
  db: SqlDb,
  siteId: string,
  staffId: string,
  endpoint: string,
): Promise<boolean> {
  const deleted = await db.run('DELETE FROM push_subscriptions WHERE endpoint = ? AND site_id = ? AND staff_id = ?', [
    endpoint,
    siteId,
    staffId,
  ]);
  if (deleted > 0) await db.run('DELETE FROM push_shown WHERE endpoint = ?', [endpoint]);
  return deleted > 0;
}

export async function forgetPushEndpoint(db: SqlDb, endpoint: string): Promise<void> {
  await db.run('DELETE FROM push_subscriptions WHERE endpoint = ?', [endpoint]);
  await db.run('DELETE FROM push_shown WHERE endpoint = ?', [endpoint]);
}

export async function countPushSubscriptions(db: SqlDb, siteId: string, staffId: string): Promise<number> {
  const [row] = await db.all<{ n: number | string }>(
    'SELECT count(*) AS n FROM push_subscriptions WHERE site_id = ? AND staff_id = ?',
    [siteId, staffId],
  );
  return Number(row?.n ?? 0);
}

interface SubscriptionRow {
  endpoint: string;
  site_id: string;
  staff_id: string;
  p256dh: string;
  auth: string;
  created_at: number | string;
  session_id: string | null;
}

const subscriptionOf = (row: SubscriptionRow): PushSubscriptionRecord => ({
  endpoint: row.endpoint,
  siteId: row.site_id,
  staffId: row.staff_id,
  p256dh: row.p256dh,
  auth: row.auth,
  createdAt: Number(row.created_at),
  ...(row.session_id !== null && { sessionId: row.session_id }),
});

export async function pushSubscriptions(
  db: SqlDb,
  siteId: string,
  staffIds?: readonly string[],
): Promise<PushSubscriptionRecord[]> {
  if (staffIds?.length === 0) return [];
  const rows = await db.all<SubscriptionRow>(
    `SELECT p.endpoint, p.site_id, p.staff_id, p.p256dh, p.auth, p.created_at, p.session_id
     FROM push_subscriptions p JOIN staff s ON s.id = p.staff_id AND s.site_id = p.site_id
     WHERE p.site_id = ? AND s.revoked_at IS NULL AND s.deactivated_at IS NULL${
       staffIds ? ` AND p.staff_id IN (${placeholders(staffIds.length)})` : ''
     }
     ORDER BY p.staff_id, p.created_at`,
    [siteId, ...(staffIds ?? [])],
  );
  return rows.map(subscriptionOf);
}

export async function sitesWithPush(db: SqlDb): Promise<string[]> {
  const rows = await db.all<{ site_id: string }>('SELECT DISTINCT site_id FROM push_subscriptions ORDER BY site_id');
  return rows.map((row) => row.site_id);
}

export async function recordShown(db: SqlDb, shown: readonly ShownNotification[], at: number): Promise<void> {
  for (const each of shown)
    await db.run(
      `INSERT INTO push_shown (endpoint, tag, site_id, conversation_id, seq, shown_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (endpoint, tag) DO UPDATE SET seq = excluded.seq, shown_at = excluded.shown_at`,
      [each.endpoint, each.tag, each.siteId, each.conversationId, each.seq, at],
    );
}

export async function forgetShownOfSession(
  db: SqlDb,
  siteId: string,
  conversationId: string,
  sessionId: string,
  seq: number,
): Promise<void> {
  await db.run(
    `DELETE FROM push_shown WHERE site_id = ? AND conversation_id = ? AND seq <= ?
       AND endpoint IN (SELECT endpoint FROM push_subscriptions WHERE site_id = ? AND session_id = ?)`,
    [siteId, conversationId, seq, siteId, sessionId],
  );
}

export async function hasShown(db: SqlDb, siteId: string, conversationId: string): Promise<boolean> {
  const rows = await db.all('SELECT 1 AS one FROM push_shown WHERE site_id = ? AND conversation_id = ? LIMIT 1', [
    siteId,
    conversationId,
  ]);
  return rows.length > 0;
}

export async function shownOnSite(db: SqlDb, siteId: string, limit: number): Promise<ShownOnSubscription[]> {
  const rows = await db.all<
    SubscriptionRow & {
      tag: string;
      conversation_id: string;
      seq: number | string;
      shown_at: number | string;
      is_read: number | boolean;
    }
  >(
    `SELECT p.endpoint, p.site_id, p.staff_id, p.p256dh, p.auth, p.created_at, p.session_id,
            n.tag, n.conversation_id, n.seq, n.shown_at,
            CASE WHEN c.id IS NULL THEN 1
                 WHEN n.tag LIKE 'mention:%' THEN CASE WHEN EXISTS (
                   SELECT 1 FROM mentions m WHERE m.staff_id = p.staff_id AND m.conversation_id = n.conversation_id
                     AND m.seq = n.seq AND m.site_id = n.site_id AND m.read_at IS NULL) THEN 0 ELSE 1 END
                 WHEN c.staff_read_seq >= n.seq THEN 1 ELSE 0 END AS is_read
     FROM push_shown n JOIN push_subscriptions p ON p.endpoint = n.endpoint
     LEFT JOIN conversations c ON c.id = n.conversation_id AND c.site_id = n.site_id
     WHERE n.site_id = ? ORDER BY n.shown_at, n.endpoint, n.tag LIMIT ?`,
    [siteId, limit],
  );
  return rows.map((row) => ({
    endpoint: row.endpoint,
    tag: row.tag,
    siteId: row.site_id,
    conversationId: row.conversation_id,
    seq: Number(row.seq),
    subscription: subscriptionOf(row),
    read: Number(row.is_read) === 1,
  }));
}

export async function forgetShown(db: SqlDb, endpoint: string, tags: readonly string[]): Promise<void> {
  if (tags.length === 0) return;
  await db.run(`DELETE FROM push_shown WHERE endpoint = ? AND tag IN (${placeholders(tags.length)})`, [
    endpoint,
    ...tags,
  ]);
}
