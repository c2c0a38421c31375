/** Attachments (issue #18): their rows, a site's settings, and the queue of objects to delete after an erasure. */

import type { AttachmentRecord, AttachmentSettings } from './attachment-store.js';
import { INSERT_CHUNK, chunks, placeholders } from '../store/sql/admin-rows.js';
import type { SqlDb, SqlValue } from '../store/sql/sql-db.js';

interface AttachmentRow {
  id: string;
  site_id: string;
  conversation_id: string;
  client_id: string;
  file_index: number;
  uploader_role: 'visitor' | 'staff';
  uploader_id: string;
  name: string;
  type: string;
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  storage_key: string;
  thumbnail_key: string | null;
  thumbnail_width: number | null;
  thumbnail_height: number | null;
  created_at: number;
}

function fromRow(row: AttachmentRow): AttachmentRecord {
  return {
    id: row.id,
    siteId: row.site_id,
    conversationId: row.conversation_id,
    clientId: row.client_id,
    index: Number(row.file_index),
    uploaderRole: row.uploader_role,
    uploaderId: row.uploader_id,
    name: row.name,
    type: row.type,
    size: Number(row.size),
    sha256: row.sha256,
    width: row.width,
    height: row.height,
    storageKey: row.storage_key,
    thumbnailKey: row.thumbnail_key,
    thumbnailWidth: row.thumbnail_width,
    thumbnailHeight: row.thumbnail_height,
    createdAt: Number(row.created_at),
  };
}

export async function insertAttachment(db: SqlDb, a: AttachmentRecord): Promise<boolean> {
  const changed = await db.run(
    `INSERT INTO attachments (id, site_id, conversation_id, client_id, file_index, uploader_role, uploader_id, name,
       type, size, sha256, width, height, storage_key, thumbnail_key, thumbnail_width, thumbnail_height, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (conversation_id, client_id, file_index) DO NOTHING`,
    [
      a.id,
      a.siteId,
      a.conversationId,
      a.clientId,
      a.index,
      a.uploaderRole,
      a.uploaderId,
      a.name,
      a.type,
      a.size,
      a.sha256,
      a.width,
      a.height,
      a.storageKey,
      a.thumbnailKey,
      a.thumbnailWidth,
      a.thumbnailHeight,
      a.createdAt,
    ],
  );
  return changed > 0;
}

export async function getAttachment(db: SqlDb, id: string): Promise<AttachmentRecord | undefined> {
  const [row] = await db.all<AttachmentRow>('SELECT * FROM attachments WHERE id = ?', [id]);
  return row ? fromRow(row) : undefined;
}

export async function attachmentByClientId(
  db: SqlDb,
  conversationId: string,
  clientId: string,
  index: number,
): Promise<AttachmentRecord | undefined> {
  const [row] = await db.all<AttachmentRow>(
    'SELECT * FROM attachments WHERE conversation_id = ? AND client_id = ? AND file_index = ?',
    [conversationId, clientId, index],
  );
  return row ? fromRow(row) : undefined;
}

export async function siteAttachmentBytes(db: SqlDb, siteId: string): Promise<number> {
  const [row] = await db.all<{ total: number | string | null }>(
    'SELECT SUM(size) AS total FROM attachments WHERE site_id = ?',
    [siteId],
  );
  return Number(row?.total ?? 0);
}

export async function getAttachmentSettings(db: SqlDb, siteId: string): Promise<AttachmentSettings> {
  const [row] = await db.all<{ types: string | null; max_bytes: number | null; quota_bytes: number | null }>(
    'SELECT types, max_bytes, quota_bytes FROM attachment_settings WHERE site_id = ?',
    [siteId],
  );
  return {
    types: row?.types ? (JSON.parse(row.types) as string[]) : null,
    maxBytes: row?.max_bytes == null ? null : Number(row.max_bytes),
    quotaBytes: row?.quota_bytes == null ? null : Number(row.quota_bytes),
  };
}

export async function putAttachmentSettings(
  db: SqlDb,
  siteId: string,
  settings: AttachmentSettings,
  now: number,
): Promise<AttachmentSettings> {
  await db.run(
    `INSERT INTO attachment_settings (site_id, types, max_bytes, quota_bytes, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (site_id) DO UPDATE SET types = excluded.types, max_bytes = excluded.max_bytes,
       quota_bytes = excluded.quota_bytes, updated_at = excluded.updated_at`,
    [siteId, settings.types ? JSON.stringify(settings.types) : null, settings.maxBytes, settings.quotaBytes, now],
  );
  return getAttachmentSettings(db, siteId);
}

/**
 * Deletes the attachment rows `where` selects (a condition on `attachments`, with its parameters) and queues
 * their objects, file and thumbnail, for deletion: call inside the erasing transaction.
 */
export async function eraseAttachments(db: SqlDb, where: string, params: readonly SqlValue[]): Promise<number> {
  const now = Date.now();
  for (const column of ['storage_key', 'thumbnail_key']) {
    await db.run(
      `INSERT INTO attachment_purges (storage_key, queued_at)
       SELECT ${column}, ? FROM attachments WHERE (${where}) AND ${column} IS NOT NULL
       ON CONFLICT (storage_key) DO NOTHING`,
      [now, ...params],
    );
  }
  return db.run(`DELETE FROM attachments WHERE ${where}`, params);
}

/** {@link eraseAttachments} of every attachment of these conversations. */
export async function eraseConversationAttachments(db: SqlDb, conversationIds: readonly string[]): Promise<void> {
  for (const part of chunks(conversationIds, INSERT_CHUNK))
    await eraseAttachments(db, `conversation_id IN (${placeholders(part.length)})`, part);
}

export async function claimAttachments(
  db: SqlDb,
  conversationId: string,
  clientId: string,
  ids: readonly string[],
  now: number,
): Promise<number> {
  if (ids.length === 0) return 0;
  // One statement: on PostgreSQL a concurrent expiry's DELETE waits for this row's lock and then sees it claimed.
  return db.run(
    `UPDATE attachments SET referenced_at = COALESCE(referenced_at, ?)
     WHERE id IN (${placeholders(ids.length)}) AND conversation_id = ? AND client_id = ?`,
    [now, ...ids, conversationId, clientId],
  );
}

/** Deletes expired unclaimed attachments and queues their objects for deletion, in one transaction. */
export async function expireOrphanAttachments(db: SqlDb, before: number, limit: number): Promise<number> {
  return db.transaction(async (db) => {
    // DELETE … RETURNING checks `referenced_at` again on each row it deletes (PostgreSQL re-reads a row a concurrent
    // claim changed), so a row claimed meanwhile is kept and its objects are not queued.
    const rows = await db.all<{ storage_key: string; thumbnail_key: string | null }>(
      `DELETE FROM attachments
       WHERE id IN (SELECT id FROM attachments WHERE referenced_at IS NULL AND created_at < ? ORDER BY created_at LIMIT ?)
         AND referenced_at IS NULL
       RETURNING storage_key, thumbnail_key`,
      [before, limit],
    );
    const keys = rows.flatMap((row) => (row.thumbnail_key ? [row.storage_key, row.thumbnail_key] : [row.storage_key]));
    const now = Date.now();
    for (const part of chunks(keys, INSERT_CHUNK))
      await db.run(
        `INSERT INTO attachment_purges (storage_key, queued_at) VALUES ${part.map(() => '(?, ?)').join(', ')}
         ON CONFLICT (storage_key) DO NOTHING`,
        part.flatMap((key) => [key, now]),
      );
    return rows.length;
  });
}

export async function purgeQueue(db: SqlDb, limit: number): Promise<string[]> {
  const rows = await db.all<{ storage_key: string }>(
    'SELECT storage_key FROM attachment_purges ORDER BY queued_at, storage_key LIMIT ?',
    [limit],
  );
  return rows.map((row) => row.storage_key);
}

export async function purged(db: SqlDb, keys: readonly string[]): Promise<void> {
  for (const part of chunks(keys, INSERT_CHUNK))
    await db.run(`DELETE FROM attachment_purges WHERE storage_key IN (${placeholders(part.length)})`, part);
}
