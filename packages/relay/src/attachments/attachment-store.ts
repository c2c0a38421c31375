declare module '../store/repositories.js' {
  interface Repositories {
    readonly attachments: AttachmentRepository;
  }
}

/** A stored attachment (issue #18): what the relay knows of a file, never its bytes (those are the BlobStore's). */
export interface AttachmentRecord {
  readonly id: string;
  readonly siteId: string;
  readonly conversationId: string;
  /** The client id of the message it belongs to. */
  readonly clientId: string;
  /**
   * Its place among the message's files (0 for the first, below `LIMITS.maxAttachments`): the same client id and
   * index again in the same conversation is the same file.
   */
  readonly index: number;
  readonly uploaderRole: 'visitor' | 'staff';
  readonly uploaderId: string;
  /** The name it is offered under (cleaned; its extension matches its type). */
  readonly name: string;
  /** The MIME type read from its bytes. */
  readonly type: string;
  /** Bytes stored (after an image's re-encoding). */
  readonly size: number;
  /** SHA-256 of the stored bytes, hex. */
  readonly sha256: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly storageKey: string;
  readonly thumbnailKey: string | null;
  readonly thumbnailWidth: number | null;
  readonly thumbnailHeight: number | null;
  readonly createdAt: number;
}

/** A site's own allowlist and limits; `null` takes the relay's configuration. */
export interface AttachmentSettings {
  readonly types: readonly string[] | null;
  readonly maxBytes: number | null;
  readonly quotaBytes: number | null;
}

/**
 * The attachments repository (`Repositories.attachments`; SQL in `attachment-queries.ts`). Erasing a
 * conversation or a contact, and retention, delete the rows and queue their objects' keys in the same
 * transaction ({@link purgeQueue}); the relay deletes the objects and then {@link purged} the keys.
 */
export interface AttachmentRepository {
  /** Stores the row; false when the conversation already has one with its client id and index (nothing written). */
  insertAttachment(record: AttachmentRecord): Promise<boolean>;
  getAttachment(id: string): Promise<AttachmentRecord | undefined>;
  attachmentByClientId(conversationId: string, clientId: string, index: number): Promise<AttachmentRecord | undefined>;
  /** Bytes of the attachments the site keeps (their stored sizes; thumbnails are not counted). */
  siteAttachmentBytes(siteId: string): Promise<number>;
  getAttachmentSettings(siteId: string): Promise<AttachmentSettings>;
  putAttachmentSettings(siteId: string, settings: AttachmentSettings, now: number): Promise<AttachmentSettings>;
  /**
   * Claims uploads for a message (protocol 3): marks the rows `ids` of the conversation uploaded under the message's
   * `clientId` as referenced (once: a row claimed before keeps its time), so {@link expireOrphanAttachments} skips
   * them from then on. Resolves with how many of `ids` are claimed now: fewer when a row is gone (expired or erased
   * meanwhile). Atomic against the expiry: a row is either claimed and kept, or deleted and not claimed.
   */
  claimAttachments(conversationId: string, clientId: string, ids: readonly string[], now: number): Promise<number>;
  /**
   * Deletes up to `limit` uploads created before `before` that no message claimed, queueing their objects for
   * {@link purgeQueue} in the same transaction; resolves with how many rows it deleted.
   */
  expireOrphanAttachments(before: number, limit: number): Promise<number>;
  /** Up to `limit` keys of objects whose rows were erased, oldest first. */
  purgeQueue(limit: number): Promise<string[]>;
  /** Forgets keys whose objects are deleted. */
  purged(keys: readonly string[]): Promise<void>;
}
