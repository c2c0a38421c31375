import type { AttachmentReference as Reference, DeepReadonly } from '@parley/protocol/admin';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomId } from '../auth/tokens.js';
import type { Logger } from '../log.js';
import type { AttachmentRecord, AttachmentRepository } from './attachment-store.js';
import { ATTACHMENT_TYPES } from './attachment-types.js';
import type { BlobStore, StoredBlob } from './blob-store.js';
import { RefusedFile, inspectFile } from './inspect-file.js';
import type { CommandScanner } from './scanner.js';
import type { SignedVariant, UrlSigner } from './signed-urls.js';

/** The relay's own limits, for sites that set none. */
export interface AttachmentDefaults {
  readonly types: readonly string[];
  readonly maxBytes: number;
  /** 0: no quota. */
  readonly quotaBytes: number;
  readonly maxPixels: number;
}

/** What {@link Attachments} works with. */
export interface AttachmentsOptions {
  readonly store: AttachmentRepository;
  readonly blobs: BlobStore;
  readonly signer: UrlSigner;
  /** `<dataDir>/attachments`: uploads are staged in `staging/`, scanner refusals kept in `quarantine/`. */
  readonly workDir: string;
  readonly defaults: AttachmentDefaults;
  readonly scanner?: CommandScanner | undefined;
  readonly log: Logger;
  /** How often erased files are deleted from the blob store, in ms (default 10 s). */
  readonly purgeIntervalMs?: number;
  /**
   * How long an upload that no message references is kept, in ms (default a day,
   * `PARLEY_ATTACHMENT_ORPHAN_TTL_S`); 0 keeps them all.
   */
  readonly orphanTtlMs?: number;
  /** How often uploads past {@link orphanTtlMs} are looked for, in ms (default 10 minutes). */
  readonly orphanIntervalMs?: number;
  /** The clock orphans are judged by (tests move it). */
  readonly now?: (() => number) | undefined;
  /** The name a file may be stored under, from the name it was sent with (message safety); default: as sent. */
  readonly fileName?: ((siteId: string, name: string) => string) | undefined;
}

/** A site's limits, its own or the relay's. */
export interface SiteLimits {
  readonly types: ReadonlySet<string>;
  readonly maxBytes: number;
  readonly quotaBytes: number;
}

/**
 * What an upload answers, and what a message will reference the file by: its id and the facts a client shows
 * before downloading (the contract's `AttachmentReference`). Images carry signed addresses for `<img>`, valid for a
 * few minutes.
 */
export type AttachmentReference = DeepReadonly<Reference>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Who uploads. */
export interface Uploader {
  readonly role: 'visitor' | 'staff';
  readonly id: string;
}

/**
 * The attachments feature's core, below its HTTP routes: it checks a staged upload ({@link inspectFile}), scans
 * it, stores its bytes ({@link BlobStore}) and then its row, idempotently by the message's client id; serves
 * stored files; and deletes the objects of erased rows. Nothing of it is on the WebSocket message path.
 */
export class Attachments {
  private purgeTimer: NodeJS.Timeout | undefined;
  private orphanTimer: NodeJS.Timeout | undefined;
  private purging: Promise<number> | undefined;
  private expiring: Promise<number> | undefined;

  constructor(private readonly options: AttachmentsOptions) {}

  /** The signer of download addresses. */
  get signer(): UrlSigner {
    return this.options.signer;
  }

  get blobs(): BlobStore {
    return this.options.blobs;
  }

  /** Makes the working folders and starts deleting erased files in the background. */
  async start(): Promise<void> {
    // Uploads a stopped relay was receiving never got a row: their staged bytes go.
    await rm(this.stagingDir, { recursive: true, force: true });
    await mkdir(this.stagingDir, { recursive: true, mode: 0o700 });
    await mkdir(join(this.options.workDir, 'quarantine'), { recursive: true, mode: 0o700 });
    this.purgeTimer = setInterval(
      () => void this.purge().catch(() => undefined),
      this.options.purgeIntervalMs ?? 10_000,
    );
    this.purgeTimer.unref();
    if ((this.options.orphanTtlMs ?? DAY_MS) > 0) {
      this.orphanTimer = setInterval(
        () => void this.expireOrphans().catch(() => undefined),
        this.options.orphanIntervalMs ?? 10 * 60_000,
      );
      this.orphanTimer.unref();
    }
  }

  async stop(): Promise<void> {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    if (this.orphanTimer) clearInterval(this.orphanTimer);
    await this.expiring?.catch(() => undefined);
    await this.purging?.catch(() => undefined);
    await this.options.blobs.close();
  }

  /** Where uploads are written while they arrive: the relay's disk, whatever the blob store. */
  get stagingDir(): string {
    return join(this.options.workDir, 'staging');
  }

  /** A new staging path. */
  stagingPath(): string {
    return join(this.stagingDir, randomId('up'));
  }

  /** The site's limits: its own settings, else the relay's. */
  async limits(siteId: string): Promise<SiteLimits> {
    const own = await this.options.store.getAttachmentSettings(siteId);
    const { defaults } = this.options;
    return {
      types: new Set(own.types ?? defaults.types),
      // A site may lower the relay's limit, never raise it: the relay refuses larger bodies before knowing the site.
      maxBytes: Math.min(own.maxBytes ?? defaults.maxBytes, defaults.maxBytes),
      quotaBytes: own.quotaBytes ?? defaults.quotaBytes,
    };
  }

  /** The attachment of a message's client id and file index in a conversation, if it was uploaded already. */
  existing(conversationId: string, clientId: string, index: number): Promise<AttachmentRecord | undefined> {
    return this.options.store.attachmentByClientId(conversationId, clientId, index);
  }

  get(id: string): Promise<AttachmentRecord | undefined> {
    return this.options.store.getAttachment(id);
  }

  /**
   * Claims uploads for the message `clientId` of the conversation, so that the orphan expiry keeps them; resolves
   * with how many of `ids` are claimed (see `AttachmentRepository.claimAttachments`).
   */
  claim(conversationId: string, clientId: string, ids: readonly string[], now: number): Promise<number> {
    return this.options.store.claimAttachments(conversationId, clientId, ids, now);
  }

  /** The media types of an allowlist's names, as a `welcome` says them. */
  mediaTypes(names: ReadonlySet<string>): string[] {
    return [...names].flatMap((name) => {
      const type = (ATTACHMENT_TYPES as Record<string, { mime: string } | undefined>)[name];
      return type ? [type.mime] : [];
    });
  }

  /**
   * Deletes uploads older than the orphan TTL that no message references (their rows, and their objects through
   * the purge queue), a batch at a time; resolves with how many. Runs every few minutes by itself; tests call it.
   */
  expireOrphans(): Promise<number> {
    this.expiring ??= this.expireAll().finally(() => {
      this.expiring = undefined;
    });
    return this.expiring;
  }

  private async expireAll(): Promise<number> {
    const ttl = this.options.orphanTtlMs ?? DAY_MS;
    if (ttl <= 0) return 0;
    const before = (this.options.now ?? Date.now)() - ttl;
    let total = 0;
    for (;;) {
      const deleted = await this.options.store.expireOrphanAttachments(before, 100);
      total += deleted;
      if (deleted < 100) break;
    }
    if (total > 0) {
      this.options.log.info('attachments: deleted uploads no message referenced', { count: total });
      await this.purge();
    }
    return total;
  }

  /**
   * Checks, scans and stores a staged upload, then removes the staged files. Resolves with the stored row and
   * whether this call created it (false: the client id had one already, which is answered instead). Throws
   * {@link RefusedFile}; nothing is stored then.
   */
  async store(upload: {
    readonly siteId: string;
    readonly conversationId: string;
    readonly clientId: string;
    /** The file's place in its message (0 for the first). */
    readonly index: number;
    readonly uploader: Uploader;
    readonly name: string;
    readonly staged: string;
    readonly limits: SiteLimits;
  }): Promise<{ record: AttachmentRecord; created: boolean }> {
    const { staged, limits } = upload;
    const id = randomId('att');
    try {
      const file = await inspectFile(staged, upload.name, {
        types: limits.types,
        maxPixels: this.options.defaults.maxPixels,
      });
      if (limits.quotaBytes > 0) {
        const used = await this.options.store.siteAttachmentBytes(upload.siteId);
        if (used + file.size > limits.quotaBytes)
          throw new RefusedFile('attachment_too_large', 'This site has used up its storage for attachments.');
      }
      if (this.options.scanner) {
        const verdict = await this.options.scanner.scan(staged);
        if (!verdict.clean) {
          if (verdict.infected) {
            // Kept apart, unreadable by anyone but the relay's user, for an operator to look at; never served.
            await rename(staged, join(this.options.workDir, 'quarantine', id)).catch(() => undefined);
            this.options.log.warn('attachments: the scanner refused a file (quarantined)', {
              id,
              siteId: upload.siteId,
              conversationId: upload.conversationId,
              detail: verdict.detail,
            });
            throw new RefusedFile('attachment_infected', 'The virus scanner refused this file.');
          }
          this.options.log.error('attachments: the scanner failed', { detail: verdict.detail });
          throw new RefusedFile('scan_failed', 'The virus scanner could not check the file; try again later.');
        }
      }
      const type = ATTACHMENT_TYPES[file.typeName];
      const record: AttachmentRecord = {
        id,
        siteId: upload.siteId,
        conversationId: upload.conversationId,
        clientId: upload.clientId,
        index: upload.index,
        uploaderRole: upload.uploader.role,
        uploaderId: upload.uploader.id,
        name: cleanName(this.options.fileName?.(upload.siteId, upload.name) ?? upload.name, type.ext),
        type: file.mime,
        size: file.size,
        sha256: file.sha256,
        width: file.width,
        height: file.height,
        storageKey: `${upload.siteId}/${id}`,
        thumbnailKey: file.thumbnail ? `${upload.siteId}/${id}.thumb` : null,
        thumbnailWidth: file.thumbnail?.width ?? null,
        thumbnailHeight: file.thumbnail?.height ?? null,
        createdAt: Date.now(),
      };
      // Bytes first, row second: a row never names an object that is not there. A row that loses the race for
      // its client id takes its objects back.
      await this.options.blobs.put(record.storageKey, file.path, file.size, file.mime);
      if (file.thumbnail && record.thumbnailKey)
        await this.options.blobs.put(record.thumbnailKey, file.thumbnail.path, file.thumbnail.size, 'image/webp');
      let inserted = false;
      try {
        inserted = await this.options.store.insertAttachment(record);
      } finally {
        if (!inserted) await this.deleteObjects(record);
      }
      if (inserted) return { record, created: true };
      const winner = await this.existing(upload.conversationId, upload.clientId, upload.index);
      if (!winner) throw new Error('attachments: lost a race for a client id whose row is not there');
      return { record: winner, created: false };
    } finally {
      await Promise.all([staged, `${staged}.out`, `${staged}.thumb`].map((path) => rm(path, { force: true })));
    }
  }

  /** The reference of a stored attachment, with fresh signed addresses for images. */
  reference(record: AttachmentRecord, baseUrl: string, now = Date.now()): AttachmentReference {
    const image = record.type.startsWith('image/');
    const link = (variant: SignedVariant): { url: string; expiresAt: number } => {
      const { query, expiresAt } = this.options.signer.sign(record.id, variant, now);
      const path = variant === 'file' ? `/v1/attachments/${record.id}` : `/v1/attachments/${record.id}/thumbnail`;
      return { url: `${baseUrl}${path}?${query}`, expiresAt };
    };
    const file = image ? link('file') : undefined;
    const thumb = record.thumbnailKey ? link('thumbnail') : undefined;
    return {
      id: record.id,
      conversationId: record.conversationId,
      clientId: record.clientId,
      index: record.index,
      name: record.name,
      type: record.type,
      size: record.size,
      sha256: record.sha256,
      width: record.width,
      height: record.height,
      url: file?.url ?? null,
      thumbnail:
        thumb && record.thumbnailWidth !== null && record.thumbnailHeight !== null
          ? { url: thumb.url, width: record.thumbnailWidth, height: record.thumbnailHeight }
          : null,
      urlsExpireAt: file?.expiresAt ?? thumb?.expiresAt ?? null,
      createdAt: record.createdAt,
    };
  }

  /** The stored bytes of the file or its thumbnail. */
  open(record: AttachmentRecord, variant: SignedVariant): Promise<StoredBlob | undefined> {
    const key = variant === 'file' ? record.storageKey : record.thumbnailKey;
    return key ? this.options.blobs.get(key) : Promise.resolve(undefined);
  }

  /**
   * Deletes the objects of erased rows (queued by the erasing transaction) from the blob store, a batch at a
   * time; resolves with how many. Runs every few seconds by itself; tests and erasures may call it to hurry.
   */
  purge(): Promise<number> {
    this.purging ??= this.purgeAll().finally(() => {
      this.purging = undefined;
    });
    return this.purging;
  }

  private async purgeAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const keys = await this.options.store.purgeQueue(100);
      if (keys.length === 0) return total;
      const done: string[] = [];
      for (const key of keys) {
        try {
          await this.options.blobs.delete(key);
          done.push(key);
        } catch (error) {
          this.options.log.warn('attachments: could not delete an erased file; will try again', {
            key,
            error: String(error),
          });
        }
      }
      await this.options.store.purged(done);
      total += done.length;
      if (done.length < keys.length) return total;
    }
  }

  private async deleteObjects(record: AttachmentRecord): Promise<void> {
    await this.options.blobs.delete(record.storageKey).catch(() => undefined);
    if (record.thumbnailKey) await this.options.blobs.delete(record.thumbnailKey).catch(() => undefined);
  }
}

/**
 * The name a file is offered under: the client's, without any folder, control or quoting characters, at most 120
 * characters, ending with the extension of the type its bytes are (so `invoice.pdf.exe` cannot become anything
 * but what it is).
 */
export function cleanName(name: string, ext: string): string {
  const base =
    name
      .split(/[\\/]/)
      .pop()!
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f"<>|:*?;\u202a-\u202e\u2066-\u2069]/g, '')
      .trim()
      .replace(/^\.+/, '')
      .slice(0, 120) || 'file';
  const stem = base.replace(/\.[A-Za-z0-9]{1,8}$/, '');
  const current = /\.([A-Za-z0-9]{1,8})$/.exec(base)?.[1]?.toLowerCase();
  const same = current === ext || (ext === 'jpg' && current === 'jpeg');
  return same ? base : `${stem || 'file'}.${ext}`;
}
