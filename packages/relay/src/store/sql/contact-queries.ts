/** Contacts: batched updates from hellos, search, subscription, export (GDPR access), erasure, segments. */

import type { OutboxInsert } from '../outbox-job.js';
import type {
  ContactContext,
  ContactTouch,
  ContactRecord,
  ContactCursor,
  ContactFilter,
  ContactExport,
  ContactChanges,
} from '../admin-store.js';
import { MESSAGE_COLUMNS, toMessage, type MessageRow } from '../message-row.js';
import {
  CONVERSATION_SELECT,
  CONTACT_COLUMNS,
  INSERT_CHUNK,
  placeholders,
  bool,
  parseJson,
  chunks,
  toAudit,
  type ConversationRow,
  type ContactRow,
  type AuditRow,
} from './admin-rows.js';
import { conversationRecords } from './conversation-queries.js';
import type { ErasurePlan } from '../erasure-plan.js';
import { deleteContacts, deleteConversations, scrubAudit } from './retention-queries.js';
import { enqueue } from './outbox-rows.js';
import type { SqlDb, SqlValue } from './sql-db.js';

export async function touchContacts(
  db: SqlDb,
  touches: readonly ContactTouch[],
  effects?: (created: readonly ContactTouch[]) => readonly OutboxInsert[] | undefined,
): Promise<void> {
  if (touches.length === 0) return;
  await db.transaction(async (db) => {
    for (const part of chunks(touches, INSERT_CHUNK)) {
      // Only asked for when someone listens for new contacts: it costs a read per chunk.
      const created = effects && (await newContacts(db, part));
      await db.run(
        `INSERT INTO contacts (site_id, contact_id, name, email_enc, email_hash, email_vouched, verified, subscribed, conversation_hint, context, consent_version, consent_at, created_at, last_seen_at)
         VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (site_id, contact_id) DO UPDATE SET
           name = CASE WHEN contacts.name_edited_at IS NULL THEN coalesce(excluded.name, contacts.name)
             ELSE contacts.name END,
           email_enc = CASE WHEN contacts.email_edited_at IS NULL THEN coalesce(excluded.email_enc, contacts.email_enc)
             ELSE contacts.email_enc END,
           email_hash = CASE WHEN contacts.email_edited_at IS NULL THEN coalesce(excluded.email_hash, contacts.email_hash)
             ELSE contacts.email_hash END,
           -- Vouched for while the address is one the site signed: another address takes its own word; the same one
           -- given again unsigned stays vouched for (merge's duplicates, docs/merge.md).
           email_vouched = CASE WHEN contacts.email_edited_at IS NOT NULL OR excluded.email_hash IS NULL
               THEN contacts.email_vouched
             WHEN excluded.email_hash IS DISTINCT FROM contacts.email_hash THEN excluded.email_vouched
             ELSE (contacts.email_vouched OR excluded.email_vouched) END,
           email_bouncing_at = CASE WHEN contacts.email_edited_at IS NULL AND excluded.email_hash IS NOT NULL
             AND excluded.email_hash IS DISTINCT FROM contacts.email_hash THEN NULL ELSE contacts.email_bouncing_at END,
           verified = excluded.verified,
           conversation_hint = coalesce(excluded.conversation_hint, contacts.conversation_hint),
           context = coalesce(excluded.context, contacts.context),
           consent_at = CASE WHEN excluded.consent_version <> coalesce(contacts.consent_version, '')
             THEN excluded.consent_at ELSE contacts.consent_at END,
           consent_version = coalesce(excluded.consent_version, contacts.consent_version),
           last_seen_at = excluded.last_seen_at`,
        part.flatMap((t) => [
          t.siteId,
          t.contactId,
          t.name ?? null,
          t.emailEnc ?? null,
          t.emailHash ?? null,
          t.emailHash !== undefined && t.emailVouched === true,
          t.verified,
          false,
          t.conversationHint ?? null,
          t.context ? JSON.stringify(t.context) : null,
          t.consentVersion ?? null,
          t.consentVersion === undefined ? null : t.at,
          t.at,
          t.at,
        ]),
      );
      const inserts = created && created.length > 0 ? effects?.(created) : undefined;
      if (inserts) await enqueue(db, inserts, Date.now());
    }
  });
}

/** The touches of `part` whose contact is not stored yet (one each, the first). */
async function newContacts(db: SqlDb, part: readonly ContactTouch[]): Promise<ContactTouch[]> {
  const held = new Set<string>();
  for (const row of await db.all<{ site_id: string; contact_id: string }>(
    `SELECT site_id, contact_id FROM contacts WHERE contact_id IN (${placeholders(part.length)})`,
    part.map((touch) => touch.contactId),
  )) {
    held.add(`${row.site_id}\0${row.contact_id}`);
  }
  const created: ContactTouch[] = [];
  for (const touch of part) {
    const key = `${touch.siteId}\0${touch.contactId}`;
    if (held.has(key)) continue;
    held.add(key);
    created.push(touch);
  }
  return created;
}

export async function listContacts(
  db: SqlDb,
  filter: ContactFilter,
): Promise<{ items: ContactRecord[]; next: ContactCursor | undefined }> {
  const where = ['site_id = ?'];
  const params: SqlValue[] = [filter.siteId];
  const either: string[] = [];
  if (filter.text !== undefined) {
    either.push(`lower(name) LIKE ? ESCAPE '\\'`, 'contact_id = ?');
    params.push(`%${filter.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`, filter.text);
  }
  if (filter.emailHash !== undefined) {
    either.push('email_hash = ?');
    params.push(filter.emailHash);
  }
  if (either.length > 0) where.push(`(${either.join(' OR ')})`);
  if (filter.cursor) {
    where.push('(last_seen_at < ? OR (last_seen_at = ? AND contact_id < ?))');
    params.push(filter.cursor.at, filter.cursor.at, filter.cursor.id);
  }
  const rows = await db.scan<ContactRow>(
    `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE ${where.join(' AND ')} ORDER BY last_seen_at DESC, contact_id DESC LIMIT ?`,
    [...params, filter.limit + 1],
  );
  const more = rows.length > filter.limit;
  if (more) rows.pop();
  const last = rows[rows.length - 1];
  return {
    items: await contactRecords(db, filter.siteId, rows),
    next: more && last ? { at: last.last_seen_at, id: last.contact_id } : undefined,
  };
}

export async function getContact(db: SqlDb, siteId: string, id: string): Promise<ContactRecord | undefined> {
  const rows = await db.all<ContactRow>(
    `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE site_id = ? AND contact_id = ?`,
    [siteId, id],
  );
  return (await contactRecords(db, siteId, rows))[0];
}

export async function setSubscribed(
  db: SqlDb,
  siteId: string,
  id: string,
  subscribed: boolean,
): Promise<ContactRecord | undefined> {
  await db.run('UPDATE contacts SET subscribed = ? WHERE site_id = ? AND contact_id = ?', [subscribed, siteId, id]);
  return getContact(db, siteId, id);
}

export async function updateContact(
  db: SqlDb,
  siteId: string,
  id: string,
  changes: ContactChanges,
): Promise<ContactRecord | undefined> {
  const sets: string[] = [];
  const params: SqlValue[] = [];
  const set = (column: string, value: SqlValue): void => {
    sets.push(`${column} = ?`);
    params.push(value);
  };
  if (changes.name !== undefined) {
    set('name', changes.name);
    set('name_edited_at', changes.at);
  }
  if (changes.emailEnc !== undefined) {
    set('email_enc', changes.emailEnc);
    set('email_edited_at', changes.at);
  }
  if (changes.emailHash !== undefined) set('email_hash', changes.emailHash);
  // An address staff set is their word, as a signed one is the site's (merge's duplicates, docs/merge.md).
  if (changes.emailHash !== undefined) set('email_vouched', changes.emailHash !== null);
  // Another address (or none) bounces no more: the mark was the old one's.
  if (changes.emailEnc !== undefined) set('email_bouncing_at', null);
  if (changes.notes !== undefined) set('notes', changes.notes === '' ? null : changes.notes);
  if (changes.subscribed !== undefined) set('subscribed', changes.subscribed);
  if (sets.length > 0)
    await db.run(`UPDATE contacts SET ${sets.join(', ')} WHERE site_id = ? AND contact_id = ?`, [
      ...params,
      siteId,
      id,
    ]);
  // A removed email is gone from the visitor's record too (a contact is the visitor of the same id).
  if (changes.emailEnc === null)
    await db.run('UPDATE visitors SET email = NULL WHERE site_id = ? AND visitor_id = ?', [siteId, id]);
  return getContact(db, siteId, id);
}

export async function markEmailBouncing(
  db: SqlDb,
  siteId: string,
  target: { readonly contactId: string } | { readonly emailHash: string },
  at: number,
): Promise<string[]> {
  const [column, value] = 'contactId' in target ? ['contact_id', target.contactId] : ['email_hash', target.emailHash];
  const rows = await db.all<{ contact_id: string }>(
    `UPDATE contacts SET email_bouncing_at = ? WHERE site_id = ? AND ${column} = ? AND email_enc IS NOT NULL
     RETURNING contact_id`,
    [at, siteId, value],
  );
  return rows.map((row) => row.contact_id);
}

async function contactRecords(db: SqlDb, siteId: string, rows: readonly ContactRow[]): Promise<ContactRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.contact_id);
  const conversations = new Map<string, string[]>();
  for (const row of await db.all<{ id: string; visitor_id: string }>(
    `SELECT id, visitor_id FROM conversations WHERE site_id = ? AND visitor_id IN (${placeholders(ids.length)}) ORDER BY created_at, id`,
    [siteId, ...ids],
  )) {
    const list = conversations.get(row.visitor_id) ?? [];
    list.push(row.id);
    conversations.set(row.visitor_id, list);
  }
  return rows.map((row) => ({
    id: row.contact_id,
    siteId: row.site_id,
    name: row.name ?? undefined,
    emailEnc: row.email_enc ?? undefined,
    verified: bool(row.verified),
    subscribed: bool(row.subscribed),
    conversationHint: row.conversation_hint ?? undefined,
    context: parseJson<ContactContext>(row.context),
    consent:
      row.consent_version !== null && row.consent_at !== null
        ? { version: row.consent_version, at: row.consent_at }
        : undefined,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    notes: row.notes ?? undefined,
    ...(row.email_bouncing_at !== null ? { emailBouncingAt: Number(row.email_bouncing_at) } : {}),
    conversationIds: conversations.get(row.contact_id) ?? [],
  }));
}

export async function exportContact(db: SqlDb, siteId: string, id: string): Promise<ContactExport | undefined> {
  const contact = await getContact(db, siteId, id);
  if (!contact) return undefined;
  const [visitorRow] = await db.all<{
    name: string | null;
    email: string | null;
    verified: number | boolean;
    created_at: number;
    updated_at: number;
  }>('SELECT name, email, verified, created_at, updated_at FROM visitors WHERE site_id = ? AND visitor_id = ?', [
    siteId,
    id,
  ]);
  const conversationRows = await db.scan<ConversationRow>(
    `${CONVERSATION_SELECT} WHERE c.site_id = ? AND c.visitor_id = ? ORDER BY c.created_at, c.id`,
    [siteId, id],
  );
  const conversations = await conversationRecords(db, conversationRows);
  const ids = conversations.map((conversation) => conversation.id);
  const messages =
    ids.length === 0
      ? []
      : (
          await db.scan<MessageRow>(
            `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id IN (${placeholders(ids.length)}) ORDER BY conversation_id, seq`,
            ids,
          )
        ).map(toMessage);
  const broadcasts = await db.all<{
    broadcast_id: string;
    conversation_id: string | null;
    seq: number | null;
    delivered: number | boolean;
  }>(
    `SELECT t.broadcast_id, t.conversation_id, t.seq, t.delivered FROM broadcast_targets t JOIN broadcasts b ON b.id = t.broadcast_id
     WHERE b.site_id = ? AND t.contact_id = ? ORDER BY b.created_at`,
    [siteId, id],
  );
  const targets = [id, ...ids];
  const audit = await db.scan<AuditRow>(
    `SELECT * FROM audit_log WHERE site_id = ? AND target_id IN (${placeholders(targets.length)}) ORDER BY id`,
    [siteId, ...targets],
  );
  return {
    contact,
    visitor: visitorRow && {
      name: visitorRow.name ?? undefined,
      emailEnc: visitorRow.email ?? undefined,
      verified: bool(visitorRow.verified),
      createdAt: visitorRow.created_at,
      updatedAt: visitorRow.updated_at,
    },
    conversations,
    messages,
    broadcasts: broadcasts.map((row) => ({
      broadcastId: row.broadcast_id,
      conversationId: row.conversation_id ?? undefined,
      seq: row.seq ?? undefined,
      delivered: bool(row.delivered),
    })),
    audit: audit.map(toAudit),
  };
}

export async function eraseContact(
  db: SqlDb,
  plan: ErasurePlan,
  siteId: string,
  id: string,
  effects?: (erased: { conversationIds: readonly string[] }) => readonly OutboxInsert[] | undefined,
): Promise<{ conversations: number; messages: number; conversationIds: string[] } | undefined> {
  const erased = await db.transaction(async (db) => {
    const ids = (
      await db.all<{ id: string }>('SELECT id FROM conversations WHERE site_id = ? AND visitor_id = ?', [siteId, id])
    ).map((row) => row.id);
    const messages = await deleteConversations(db, plan, siteId, ids);
    const { visitors, contacts } = await deleteContacts(db, plan, siteId, [id]);
    if (ids.length === 0 && visitors === 0 && contacts === 0) return undefined;
    await scrubAudit(db, siteId, [id, ...ids]);
    const inserts = effects?.({ conversationIds: ids });
    if (inserts) await enqueue(db, inserts, Date.now());
    return { conversations: ids.length, messages, conversationIds: ids };
  });
  if (erased) await db.scrub(true);
  return erased;
}

/** Deletes up to `limit` contacts who never wrote (see {@link ContactRepository.pruneSilentContacts}); returns how many. */
export async function pruneSilentContacts(db: SqlDb, seenBefore: number, limit: number): Promise<number> {
  return db.run(
    `DELETE FROM contacts WHERE (site_id, contact_id) IN (
       SELECT k.site_id, k.contact_id FROM contacts k
       WHERE k.last_seen_at < ? AND NOT k.subscribed
         AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.site_id = k.site_id AND c.visitor_id = k.contact_id)
         AND NOT EXISTS (SELECT 1 FROM broadcast_targets b WHERE b.contact_id = k.contact_id)
       LIMIT ?)`,
    [seenBefore, limit],
  );
}

export async function segmentContacts(
  db: SqlDb,
  siteId: string,
  segment:
    | { type: 'all' | 'verified' | 'subscribed' }
    | { type: 'ids'; ids: readonly string[] }
    | { type: 'emailHashes'; hashes: readonly string[] },
): Promise<string[]> {
  if (segment.type === 'ids' || segment.type === 'emailHashes') {
    const values = [...new Set(segment.type === 'ids' ? segment.ids : segment.hashes)];
    const column = segment.type === 'ids' ? 'contact_id' : 'email_hash';
    const found = new Set<string>();
    for (const part of chunks(values, INSERT_CHUNK)) {
      for (const row of await db.all<{ contact_id: string }>(
        `SELECT contact_id FROM contacts WHERE site_id = ? AND ${column} IN (${placeholders(part.length)})`,
        [siteId, ...part],
      )) {
        found.add(row.contact_id);
      }
    }
    return [...found].sort();
  }
  const flag = (column: string): string => ` AND ${db.isTrue(column)}`;
  const condition =
    segment.type === 'verified' ? flag('verified') : segment.type === 'subscribed' ? flag('subscribed') : '';
  const sql = `SELECT contact_id FROM contacts WHERE site_id = ?${condition} ORDER BY contact_id`;
  return (await db.all<{ contact_id: string }>(sql, [siteId])).map((row) => row.contact_id);
}

// ---- canned responses ----------------------------------------------------------------------------------
