import type { AttachmentId, AttachmentRef, ErrorCode, Message, WelcomeFrame } from '@parley/protocol';
import type { ChatHooks } from '../core/hooks.js';
import type { AttachmentRecord } from './attachment-store.js';
import type { Attachments } from './attachments.js';
import { SharedReads } from '../core/shared-reads.js';

/** The files a site accepts, as a v3 `welcome` says them. */
export type AcceptedFiles = NonNullable<WelcomeFrame['attachments']>;

/** What {@link MessageFiles.claim} answers: the references to store with the message, or why it is refused. */
export type FileClaim =
  | { readonly ok: true; readonly refs: AttachmentRef[]; readonly records: readonly AttachmentRecord[] }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

/** What {@link MessageFiles} works with. */
export interface MessageFilesOptions {
  readonly attachments: Attachments;
  /** How long a site's accepted files are remembered for welcomes, in ms (default 30 s). */
  readonly acceptedTtlMs?: number;
}

interface Remembered {
  readonly value: AcceptedFiles | undefined;
  readonly at: number;
}

/**
 * Files in messages (protocol 3), between the WebSocket layer and the attachments feature: the checks and claim of
 * a `send`'s uploads, the signed addresses minted when a message is delivered or read, and what a `welcome` says
 * the site accepts (remembered for a short while: several relays each pick up a change within
 * {@link MessageFilesOptions.acceptedTtlMs}; the relay whose admin API saved it, at once). Nothing here runs for a
 * text-only message. It is what the socket kit asks for as its `SocketFiles` (ws/socket-files.ts), by shape.
 */
export class MessageFiles implements ChatHooks {
  readonly #attachments: Attachments;
  readonly #ttlMs: number;
  readonly #accepted = new Map<string, Remembered>();

  constructor(options: MessageFilesOptions) {
    this.#attachments = options.attachments;
    this.#ttlMs = options.acceptedTtlMs ?? 30_000;
  }

  /**
   * Checks a `send`'s files and claims them for the message: each must be an upload into `conversationId` under
   * the message's own `clientId` (so the sender's), once. Refused with `bad_frame` (a repeat) or `not_found`
   * (naming the id), with nothing claimed; a file that the orphan expiry took meanwhile is `not_found` too.
   */
  async claim(
    siteId: string,
    conversationId: string,
    clientId: string,
    files: readonly AttachmentId[],
  ): Promise<FileClaim> {
    const ids = files.map((file) => file.id);
    const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
    if (repeated !== undefined)
      return { ok: false, code: 'bad_frame', message: `attachments: ${repeated} is attached more than once.` };
    const records: AttachmentRecord[] = [];
    for (const id of ids) {
      const record = await this.#attachments.get(id);
      // Another conversation's file, or one uploaded for another message, answers as if there were none.
      if (
        !record ||
        record.siteId !== siteId ||
        record.conversationId !== conversationId ||
        record.clientId !== clientId
      )
        return { ok: false, code: 'not_found', message: `attachments: no upload ${id} for this message.` };
      records.push(record);
    }
    const claimed = await this.#attachments.claim(conversationId, clientId, ids, Date.now());
    if (claimed < ids.length) {
      // The orphan expiry took an upload between the check and the claim (rare: name which).
      const gone: string[] = [];
      for (const id of ids) if (!(await this.#attachments.get(id))) gone.push(id);
      return { ok: false, code: 'not_found', message: `attachments: no upload ${gone.join(', ')} (expired).` };
    }
    return { ok: true, refs: records.map(storedRef), records };
  }

  /**
   * The message with signed addresses for its images' files and thumbnails, valid for the signer's TTL from `now`
   * (one set for everyone the message is published to). The message itself when it carries no files.
   */
  sign(message: Message, baseUrl: string, now = Date.now()): Message {
    if (message.attachments === undefined) return message;
    const signer = this.#attachments.signer;
    const link = (id: string, variant: 'file' | 'thumbnail'): { url: string; expiresAt: number } => {
      const { query, expiresAt } = signer.sign(id, variant, now);
      const path = variant === 'file' ? `/v1/attachments/${id}` : `/v1/attachments/${id}/thumbnail`;
      return { url: `${baseUrl}${path}?${query}`, expiresAt };
    };
    const attachments = message.attachments.map((ref): AttachmentRef => {
      const { url: _url, urlsExpireAt: _expires, thumbnail, ...facts } = ref;
      if (!ref.type.startsWith('image/')) return facts;
      const file = link(ref.id, 'file');
      const signed: AttachmentRef = { ...facts, url: file.url, urlsExpireAt: file.expiresAt };
      if (thumbnail) signed.thumbnail = { ...thumbnail, url: link(ref.id, 'thumbnail').url };
      return signed;
    });
    return { ...message, attachments };
  }

  /** {@link sign} of every message of a page; the same array when none carries files. */
  signAll(messages: Message[], baseUrl: string): Message[] {
    if (!messages.some((message) => message.attachments !== undefined)) return messages;
    const now = Date.now();
    return messages.map((message) => this.sign(message, baseUrl, now));
  }

  /**
   * What a v3 `welcome` says the site accepts: its file limit and the media types of its allowlist; `undefined`
   * when it accepts none. From memory when read in the last {@link MessageFilesOptions.acceptedTtlMs}.
   */
  async accepted(siteId: string): Promise<AcceptedFiles | undefined> {
    const now = Date.now();
    const remembered = this.#accepted.get(siteId);
    if (remembered && now - remembered.at < this.#ttlMs) return remembered.value;
    // Hellos that miss together (a restart's) share one read.
    return this.#reads.get(siteId);
  }

  readonly #reads = new SharedReads(async (siteId: string): Promise<AcceptedFiles | undefined> => {
    const now = Date.now();
    const limits = await this.#attachments.limits(siteId);
    const types = this.#attachments.mediaTypes(limits.types);
    const value = types.length === 0 ? undefined : { maxBytes: limits.maxBytes, types };
    this.#accepted.set(siteId, { value, at: now });
    return value;
  });

  /** {@link ChatHooks.siteSettingsChanged}: a site's attachment settings were saved here; read them again. */
  siteSettingsChanged(siteId: string, area: string): void {
    if (area === 'attachments') this.#accepted.delete(siteId);
  }
}

/**
 * A file as a message stores it: the facts a client shows before downloading, without signed addresses (a stored
 * thumbnail has its size only; {@link MessageFiles.sign} adds the addresses).
 */
function storedRef(record: AttachmentRecord): AttachmentRef {
  const ref: AttachmentRef = {
    id: record.id,
    name: record.name,
    type: record.type,
    size: record.size,
    sha256: record.sha256,
  };
  if (record.width !== null) ref.width = record.width;
  if (record.height !== null) ref.height = record.height;
  if (record.thumbnailKey !== null && record.thumbnailWidth !== null && record.thumbnailHeight !== null)
    (ref as { thumbnail?: unknown }).thumbnail = { width: record.thumbnailWidth, height: record.thumbnailHeight };
  return ref;
}

/** A message's files as webhooks and emails give them: the facts only, no addresses (they would expire). */
export function unsignedFiles(attachments: readonly AttachmentRef[]): AttachmentRef[] {
  return attachments.map(({ id, name, type, size, sha256, width, height }) => {
    const ref: AttachmentRef = { id, name, type, size, sha256 };
    if (width !== undefined) ref.width = width;
    if (height !== undefined) ref.height = height;
    return ref;
  });
}
