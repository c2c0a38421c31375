/**
 * Email's rows (issue #16): how far each conversation's replies have been emailed, the one-time links that reopen a
 * conversation, staff members' notification settings, and what a staff notification lists.
 */

import type {
  EmailLink,
  InboundThread,
  LinkRedemption,
  NoticeConversation,
  StaffEmailSettings,
  StaffRecipient,
  TranscriptClaim,
  TranscriptRequest,
} from './email-store.js';
import type { SqlDb } from '../store/sql/sql-db.js';
import { previewText } from '../store/message-row.js';
import { ANY_STATUS, VISITOR_EMAIL } from '../store/sql/admin-rows.js';

/** The highest sequence of the conversation whose reply an email has carried (0: none yet). */
export async function emailedThrough(db: SqlDb, siteId: string, conversationId: string): Promise<number> {
  const [row] = await db.all<{ emailed_through: number }>(
    'SELECT emailed_through FROM email_threads WHERE site_id = ? AND conversation_id = ?',
    [siteId, conversationId],
  );
  return Number(row?.emailed_through ?? 0);
}

/** Records that an email carried the replies through `seq`; the mark never moves back. */
export async function recordEmailed(
  db: SqlDb,
  siteId: string,
  conversationId: string,
  seq: number,
  now: number,
): Promise<void> {
  await db.run(
    `INSERT INTO email_threads (conversation_id, site_id, emailed_through, emailed_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (conversation_id) DO UPDATE SET
       emailed_through = CASE WHEN excluded.emailed_through > email_threads.emailed_through
                              THEN excluded.emailed_through ELSE email_threads.emailed_through END,
       emailed_at = excluded.emailed_at`,
    [conversationId, siteId, seq, now],
  );
}

/** The longest `Message-ID` and subject kept (characters): a header line's length (RFC 5322, 998). */
const maxInboundField = 998;

/** Records the visitor's latest email in the conversation: its `Message-ID` and subject. */
export async function recordInboundMessageId(
  db: SqlDb,
  siteId: string,
  conversationId: string,
  messageId: string,
  subject?: string,
): Promise<void> {
  const id = messageId.trim().replace(/^<|>$/g, '').slice(0, maxInboundField);
  if (id === '') return;
  await db.run(
    `INSERT INTO email_threads (conversation_id, site_id, emailed_through, emailed_at, inbound_message_id, inbound_subject)
     VALUES (?, ?, 0, 0, ?, ?)
     ON CONFLICT (conversation_id) DO UPDATE SET
       inbound_message_id = excluded.inbound_message_id, inbound_subject = excluded.inbound_subject`,
    [conversationId, siteId, id, subject?.slice(0, maxInboundField) ?? null],
  );
}

/** The visitor's latest email in the conversation, as recorded; `undefined` when none was. */
export async function inboundThread(
  db: SqlDb,
  siteId: string,
  conversationId: string,
): Promise<InboundThread | undefined> {
  const [row] = await db.all<{ inbound_message_id: string | null; inbound_subject: string | null }>(
    'SELECT inbound_message_id, inbound_subject FROM email_threads WHERE site_id = ? AND conversation_id = ?',
    [siteId, conversationId],
  );
  if (!row?.inbound_message_id) return undefined;
  return { messageId: row.inbound_message_id, subject: row.inbound_subject ?? undefined };
}

/**
 * Counts a transcript request of the conversation, and answers the address its transcripts go to: `emailEnc` (the
 * visitor's sealed address now) at the first request, or when `repin` (a verified visitor); the address pinned
 * before otherwise. The count starts again once `windowMs` have passed since its window began.
 */
export async function claimTranscript(
  db: SqlDb,
  siteId: string,
  conversationId: string,
  claim: TranscriptRequest,
): Promise<TranscriptClaim> {
  const since = claim.now - claim.windowMs;
  const [row] = await db.all<{ transcript_email_enc: string; transcripts: number | string }>(
    `INSERT INTO email_threads
       (conversation_id, site_id, emailed_through, emailed_at, transcript_email_enc, transcript_window_at, transcripts)
     VALUES (?, ?, 0, 0, ?, ?, 1)
     ON CONFLICT (conversation_id) DO UPDATE SET
       transcript_email_enc = CASE WHEN ? = 1 OR email_threads.transcript_email_enc IS NULL
                                   THEN excluded.transcript_email_enc ELSE email_threads.transcript_email_enc END,
       transcripts = CASE WHEN email_threads.transcript_window_at > ? THEN email_threads.transcripts + 1 ELSE 1 END,
       transcript_window_at = CASE WHEN email_threads.transcript_window_at > ?
                                   THEN email_threads.transcript_window_at ELSE excluded.transcript_window_at END
     RETURNING transcript_email_enc, transcripts`,
    [conversationId, siteId, claim.emailEnc, claim.now, claim.repin ? 1 : 0, since, since],
  );
  return { emailEnc: row!.transcript_email_enc, count: Number(row!.transcripts) };
}

/** The sealed address the conversation's transcripts go to; `undefined` before the first request. */
export async function transcriptAddress(
  db: SqlDb,
  siteId: string,
  conversationId: string,
): Promise<string | undefined> {
  const [row] = await db.all<{ transcript_email_enc: string | null }>(
    'SELECT transcript_email_enc FROM email_threads WHERE site_id = ? AND conversation_id = ?',
    [siteId, conversationId],
  );
  return row?.transcript_email_enc ?? undefined;
}

/** Stores a link (its token's hash only), and forgets links that expired more than a day ago. */
export async function createEmailLink(db: SqlDb, link: EmailLink): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run('DELETE FROM email_links WHERE expires_at < ?', [link.createdAt - 86_400_000]);
    await tx.run(
      `INSERT INTO email_links (token_hash, site_id, conversation_id, visitor_id, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
      [link.tokenHash, link.siteId, link.conversationId, link.visitorId, link.createdAt, link.expiresAt],
    );
  });
}

/** The site a link belongs to (used or not), or `undefined` when there is no such link. */
export async function emailLinkSite(db: SqlDb, tokenHash: string): Promise<string | undefined> {
  const [row] = await db.all<{ site_id: string }>('SELECT site_id FROM email_links WHERE token_hash = ?', [tokenHash]);
  return row?.site_id;
}

/**
 * Uses a link: marks it used if it is unused and unexpired, in one statement (two requests with the same token
 * cannot both win), and says what it grants; otherwise says why not.
 */
export async function redeemEmailLink(db: SqlDb, tokenHash: string, now: number): Promise<LinkRedemption> {
  const [row] = await db.all<{ site_id: string; conversation_id: string; visitor_id: string }>(
    `UPDATE email_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
     RETURNING site_id, conversation_id, visitor_id`,
    [now, tokenHash, now],
  );
  if (row) return { ok: true, siteId: row.site_id, conversationId: row.conversation_id, visitorId: row.visitor_id };
  const [found] = await db.all<{ used_at: number | null }>('SELECT used_at FROM email_links WHERE token_hash = ?', [
    tokenHash,
  ]);
  return { ok: false, reason: found === undefined ? 'unknown' : found.used_at !== null ? 'used' : 'expired' };
}

interface StaffEmailRow {
  id: string;
  site_id: string;
  name: string;
  role: 'admin' | 'agent';
  email: string | null;
  notify_email: number | boolean;
  notified_at: number | null;
}

const staffColumns =
  "id, site_id, name, CASE WHEN role = 'owner' THEN 'admin' ELSE role END AS role, email, notify_email, notified_at";

function recipient(row: StaffEmailRow): StaffRecipient {
  return {
    id: row.id,
    siteId: row.site_id,
    name: row.name,
    role: row.role,
    emailEnc: row.email ?? undefined,
    notify: Boolean(row.notify_email),
    notifiedAt: row.notified_at === null ? null : Number(row.notified_at),
  };
}

/** A staff member's email settings (active or revoked), or `undefined` when no such id on the site. */
export async function getStaffEmail(db: SqlDb, siteId: string, staffId: string): Promise<StaffRecipient | undefined> {
  const [row] = await db.all<StaffEmailRow>(`SELECT ${staffColumns} FROM staff WHERE site_id = ? AND id = ?`, [
    siteId,
    staffId,
  ]);
  return row && recipient(row);
}

/** Changes an active staff member's email settings; `undefined` when there is no such active member. */
export async function updateStaffEmail(
  db: SqlDb,
  siteId: string,
  staffId: string,
  patch: Partial<StaffEmailSettings>,
): Promise<StaffRecipient | undefined> {
  const sets: string[] = [];
  const values: (string | boolean | null)[] = [];
  if (patch.emailEnc !== undefined) {
    sets.push('email = ?');
    values.push(patch.emailEnc);
  }
  if (patch.notify !== undefined) {
    sets.push('notify_email = ?');
    values.push(patch.notify);
  }
  if (sets.length > 0) {
    const changed = await db.run(
      `UPDATE staff SET ${sets.join(', ')} WHERE site_id = ? AND id = ? AND revoked_at IS NULL`,
      [...values, siteId, staffId],
    );
    if (changed === 0) return undefined;
  }
  return getStaffEmail(db, siteId, staffId);
}

/** Active staff of every site who have an email: who notifications and notices may go to. */
export async function staffWithEmail(db: SqlDb): Promise<StaffRecipient[]> {
  const rows = await db.all<StaffEmailRow>(
    `SELECT ${staffColumns} FROM staff WHERE revoked_at IS NULL AND deactivated_at IS NULL AND email IS NOT NULL ORDER BY site_id, created_at, id`,
  );
  return rows.map(recipient);
}

/** Records when a staff member was last sent a notification. */
export async function markNotified(db: SqlDb, siteId: string, staffId: string, at: number): Promise<void> {
  await db.run('UPDATE staff SET notified_at = ? WHERE site_id = ? AND id = ?', [at, siteId, staffId]);
}

/**
 * The site's conversations with a visitor message after `since`, most recently active first, with the newest such
 * message: what a staff notification lists.
 */
export async function conversationsForNotice(
  db: SqlDb,
  siteId: string,
  since: number,
  limit: number,
): Promise<NoticeConversation[]> {
  const rows = await db.all<{
    id: string;
    visitor_id: string;
    created_at: number;
    v_name: string | null;
    k_name: string | null;
    v_email: string | null;
    k_email: string | null;
    text: string;
    extra: string | null;
    ts: number;
    fresh: number;
  }>(
    `SELECT c.id, c.visitor_id, c.created_at, v.name AS v_name, k.name AS k_name, ${VISITOR_EMAIL} AS v_email,
            k.email_enc AS k_email, m.text, m.extra, m.ts,
            (SELECT count(*) FROM messages n
              WHERE n.conversation_id = c.id AND n.author_role = 'visitor' AND n.ts > ?) AS fresh
       FROM conversations c
       JOIN messages m ON m.id = (SELECT max(l.id) FROM messages l
                                   WHERE l.conversation_id = c.id AND l.author_role = 'visitor' AND l.ts > ?)
       LEFT JOIN visitors v ON v.site_id = c.site_id AND v.visitor_id = c.visitor_id
       LEFT JOIN contacts k ON k.site_id = c.site_id AND k.contact_id = c.visitor_id
      WHERE c.site_id = ? AND ${ANY_STATUS} AND c.updated_at > ?
      ORDER BY m.ts DESC, c.id
      LIMIT ?`,
    [since, since, siteId, since, limit],
  );
  return rows.map((row) => ({
    conversationId: row.id,
    visitorId: row.visitor_id,
    visitorName: (row.k_name ?? row.v_name) || undefined,
    visitorEmailEnc: row.k_email ?? row.v_email ?? undefined,
    text: previewText(row.text, row.extra),
    ts: Number(row.ts),
    isNew: Number(row.created_at) > since,
    messages: Number(row.fresh),
  }));
}
