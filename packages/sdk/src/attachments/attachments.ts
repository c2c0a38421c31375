import {
  MAX_ATTACHMENTS,
  RETRYABLE_ERRORS,
  SUBPROTOCOL_V3,
  type AttachmentId,
  type AttachmentRef,
} from '@parley/protocol';
import { Backoff } from '../connection/backoff.js';
import { Emitter } from '../events.js';
import type { OutboxRecord } from '../outbox/outbox.js';
import type {
  BackoffOptions,
  LocalFile,
  LocalMessage,
  ParleyEvents,
  SendOptions,
  UploadError,
  WelcomeFrame,
} from '../types.js';
import type { AttachHost, Prepare } from './attach-point.js';
import { fetchUpload, sha256Hex, xhrUpload, type UploadTransport } from './upload.js';

/** The parts of a client `Attachments` uses: `VisitorClient` (`@parley/sdk/visitor`) and `StaffClient` fit. */
export interface AttachingClient {
  readonly welcome: WelcomeFrame | undefined;
  readonly conversationId: string | undefined;
  readonly state: string;
  attach(prepare: Prepare): AttachHost;
  send(text: string, options: SendOptions): Promise<LocalMessage>;
  messages(conversationId?: string): readonly LocalMessage[];
  on<K extends keyof ParleyEvents>(type: K, listener: (payload: ParleyEvents[K]) => void): () => void;
}

/** Options of {@link Attachments}. */
export interface AttachmentsOptions {
  /** Makes an upload. Default: `XMLHttpRequest` where it exists (it reports progress), else `fetch` (Node). */
  upload?: UploadTransport;
  /** Fetches references and downloads. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** The wait before an upload is tried again after a network error or a `503`. Defaults 1000 / 30000 / 2. */
  backoff?: BackoffOptions;
  /** Random source for the backoff's jitter. Default `Math.random`. */
  random?: () => number;
}

/** Every event an {@link Attachments} emits. */
export interface AttachmentEvents {
  /** Bytes of a file went out: `loaded` of `total`; `file.progress` is `loaded / total`. */
  progress: { message: LocalMessage; file: LocalFile; loaded: number; total: number };
}

/** A file refused before it was queued (`attachment_too_large`, `attachments_unavailable`), or a failed request. */
export class AttachmentError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The HTTP status, for a failed request. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'AttachmentError';
  }
}

/** The code and message of the relay's JSON error, `{ "error": { code, message } }`; none for another answer. */
function relayError(body: unknown): { code?: string; message?: string } {
  const error = (body as { error?: unknown } | null | undefined)?.error;
  return typeof error === 'object' && error !== null ? (error as { code?: string; message?: string }) : {};
}

/** The relay's code for a refusal by its HTTP status, for an answer without one (a proxy's). */
const REFUSALS: Record<number, string> = { 413: 'attachment_too_large', 415: 'attachment_type_refused' };

const CANCELLED: UploadError = { code: 'cancelled', message: 'Cancelled.' };

/** A message whose files were removed by {@link Attachments.cancel}: interfaces show none. */
export function isCancelled(message: LocalMessage): boolean {
  return message.files?.length === 0 || message.error?.code === 'cancelled';
}

/**
 * Files in a conversation (protocol 3), for a `VisitorClient` or a `StaffClient`: queues messages with files in the
 * client's durable outbox (IndexedDB keeps the `Blob`s, so a reload loses nothing), uploads each file when the
 * message's turn comes (`POST /v1/attachments`, with the message's client id, the file's SHA-256 and the token in
 * the `Authorization` header), records each upload in the outbox record (a reload does not upload it again), then
 * sends the message naming its uploads. It lives in its own entry, `@parley/sdk/attachments`, so that a page that
 * never attaches does not download it; a client queues records with files only through it, and such records wait
 * in the outbox until one is made (a widget may load it after the connection).
 *
 * A message carries 1 to 10 files: each is uploaded under the message's client id and its index in the message
 * (`&index=0…9`), which is what makes an upload idempotent on the relay.
 *
 * @example
 * import { VisitorClient } from '@parley/sdk/visitor';
 * import { Attachments } from '@parley/sdk/attachments';
 *
 * const client = new VisitorClient({ url, siteKey });
 * const files = new Attachments(client);
 * files.on('progress', ({ message, file }) => render(message, file.progress));
 * if (client.canAttach) await files.send(input.files, 'Here is the invoice');
 */
export class Attachments {
  readonly #client: AttachingClient;
  readonly #host: AttachHost;
  readonly #upload: UploadTransport;
  readonly #fetch: typeof fetch;
  readonly #events = new Emitter<AttachmentEvents>();
  readonly #backoff: BackoffOptions;
  readonly #random: (() => number) | undefined;
  /** Uploads in progress, by message client id. */
  readonly #uploads = new Map<string, AbortController>();
  /** Backoff per message whose uploads failed for a transient reason. */
  readonly #retries = new Map<string, Backoff>();
  readonly #urls = new Set<string>();

  constructor(client: AttachingClient, options: AttachmentsOptions = {}) {
    this.#client = client;
    this.#upload = options.upload ?? (typeof XMLHttpRequest === 'function' ? xhrUpload : fetchUpload);
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#backoff = options.backoff ?? { minMs: 1000, maxMs: 30_000 };
    this.#random = options.random;
    this.#host = client.attach((record, message) => this.#prepare(record, message));
  }

  /** What the site accepts (`maxBytes`, media `types`), when the relay speaks protocol 3 and the site takes files. */
  get limits(): { maxBytes: number; types: string[] } | undefined {
    const welcome = this.#client.welcome;
    return welcome?.protocol === SUBPROTOCOL_V3 ? welcome.attachments : undefined;
  }

  /**
   * Why `file` would be refused before any upload (`attachment_too_large`, or `attachments_unavailable` when the
   * site takes no files), or `undefined`. Types are checked by the relay, from the bytes.
   */
  check(file: Blob): string | undefined {
    const limits = this.limits;
    if (!limits) return this.#client.welcome ? 'attachments_unavailable' : undefined;
    return file.size > limits.maxBytes ? 'attachment_too_large' : undefined;
  }

  /**
   * Queues one message with `files` (1 to 10) and `text` (which may be empty), durably (with the files' bytes), and
   * resolves with it once it is in the outbox, like the client's `send`: the files are uploaded and the message sent
   * now when connected, otherwise when the connection returns. Staff pass `conversationId` in `options`.
   *
   * @throws AttachmentError with the code of {@link check} when a file is refused before upload, or
   * `too_many_attachments` for more than 10 files (nothing is queued).
   */
  async send(files: Iterable<Blob>, text = '', options: Omit<SendOptions, 'files'> = {}): Promise<LocalMessage> {
    const list = [...files];
    if (list.length === 0 || list.length > MAX_ATTACHMENTS) {
      throw new AttachmentError('too_many_attachments', `Attach 1 to ${MAX_ATTACHMENTS} files to a message.`);
    }
    for (const file of list) {
      const code = this.check(file);
      if (code) throw new AttachmentError(code, `${(file as File).name ?? 'file'}: ${code}`);
    }
    return this.#client.send(text, {
      ...options,
      files: list.map((blob) => ({ blob, name: (blob as File).name || 'file', type: blob.type, size: blob.size })),
    });
  }

  /**
   * Cancels a message with files that is not sent yet (queued, uploading or failed): stops its upload, drops its
   * files from the outbox, and marks it cancelled (staff name its conversation) ({@link isCancelled}; `status: 'failed'`, code `cancelled`).
   */
  async cancel(clientId: string, conversationId?: string): Promise<void> {
    const message = this.#pending(clientId, conversationId);
    if (!message) return;
    this.#uploads.get(clientId)?.abort();
    const previous = message.status;
    message.files = [];
    message.error = CANCELLED;
    message.status = 'failed';
    this.#host.status(message, previous);
    // Rewritten without its files: the outbox lets go of the blobs now, and its flush drops the record.
    if (previous !== 'failed') await this.#client.send(message.text, this.#options(message, []));
  }

  /**
   * Queues a failed message with files again, under the same client id (its uploads done already are kept; staff
   * name its conversation). Resolves with it, or `undefined` when no such failed message is held.
   */
  async retry(clientId: string, conversationId?: string): Promise<LocalMessage | undefined> {
    const message = this.#pending(clientId, conversationId);
    if (message?.status !== 'failed' || isCancelled(message)) return undefined;
    this.#retries.delete(clientId);
    delete message.error;
    message.status = 'queued';
    this.#host.status(message, 'failed');
    return this.#client.send(message.text, this.#options(message, message.files!));
  }

  /** An object URL (`blob:`) of a local image, for its preview while it is not sent; released by {@link close}. */
  preview(file: LocalFile): string | undefined {
    if (!file.type.startsWith('image/') || typeof URL.createObjectURL !== 'function') return undefined;
    if (!file.url) this.#urls.add((file.url = URL.createObjectURL(file.blob)));
    return file.url;
  }

  /** The reference of an attachment with fresh signed addresses (`GET /v1/attachments/{id}/reference`). */
  async reference(id: string, signal?: AbortSignal): Promise<AttachmentRef> {
    const response = await this.#get(`${encodeURIComponent(id)}/reference`, signal);
    return (await response.json()) as AttachmentRef;
  }

  /** Downloads an attachment with the token in the header (`GET /v1/attachments/{id}`): a document's bytes. */
  async download(id: string, signal?: AbortSignal): Promise<Blob> {
    return (await this.#get(encodeURIComponent(id), signal)).blob();
  }

  /**
   * Subscribes to an event; returns the unsubscribe function. Status changes are the client's `messageStatus`.
   *
   * @example
   * const off = files.on('progress', ({ file }) => bar.value = file.progress ?? 0);
   */
  on<K extends keyof AttachmentEvents>(type: K, listener: (payload: AttachmentEvents[K]) => void): () => void {
    return this.#events.on(type, listener);
  }

  /** Stops uploads in progress (they resume with the next flush) and releases previews and listeners. */
  close(): void {
    for (const controller of this.#uploads.values()) controller.abort();
    for (const url of this.#urls) URL.revokeObjectURL(url);
    this.#urls.clear();
    this.#events.clear();
  }

  // ---- the client's hook -----------------------------------------------------------------------------------

  async #prepare(record: OutboxRecord, message: LocalMessage): Promise<AttachmentId[] | UploadError> {
    const files = record.files!;
    if (files.length === 0 || isCancelled(message)) return CANCELLED;
    const limits = this.limits;
    if (!limits) return { code: 'attachments_unavailable', message: 'This conversation takes no files.' };
    const { clientId } = record;
    const controller = new AbortController();
    this.#uploads.set(clientId, controller);
    try {
      for (const [index, file] of files.entries()) {
        if (file.ref) continue;
        if (file.size > limits.maxBytes) {
          return { code: 'attachment_too_large', message: `Files are limited to ${limits.maxBytes} bytes.` };
        }
        const shown = message.files?.[index] ?? file;
        const error = await this.#uploadOne(record, index, file, shown, message, controller.signal);
        if (error) return error;
        // Recorded in the outbox: a reload, or a retry, does not upload it again.
        await this.#client.send(record.text, this.#options(record, files));
      }
    } finally {
      this.#uploads.delete(clientId);
    }
    this.#retries.delete(clientId);
    message.attachments = files.map((file) => file.ref!);
    message.files?.forEach((shown, index) => (shown.ref = files[index]!.ref));
    return files.map((file) => ({ id: file.ref!.id }));
  }

  async #uploadOne(
    record: OutboxRecord,
    index: number,
    file: LocalFile,
    shown: LocalFile,
    message: LocalMessage,
    signal: AbortSignal,
  ): Promise<UploadError | undefined> {
    const token = this.#host.token();
    // The upload's key on the relay: the message's client id and the file's place in it.
    const query = new URLSearchParams({ clientId: record.clientId, index: String(index), name: file.name });
    const conversationId = record.conversationId ?? this.#client.conversationId;
    if (conversationId) query.set('conversationId', conversationId);
    try {
      // Optional for the relay; `crypto.subtle` exists only in secure contexts (https, localhost).
      if (globalThis.crypto?.subtle) query.set('sha256', await sha256Hex(file.blob));
      const response = await this.#upload({
        url: `${this.#host.uploadUrl}?${query}`,
        body: file.blob,
        token: token ?? '',
        signal,
        onProgress: (loaded, total) => {
          shown.progress = total > 0 ? loaded / total : 1;
          this.#events.emit('progress', { message, file: shown, loaded, total });
        },
      });
      const { status, body } = response;
      if (status === 200 || status === 201) {
        file.ref = shown.ref = body as AttachmentRef;
        return undefined;
      }
      const { code, message: text = `HTTP ${status}` } = relayError(body);
      // Tried again: the relay or the network (5xx, a timeout), too many uploads (429, with its Retry-After), a
      // token the next welcome renews (401), a body cut on the way (`upload_incomplete`).
      if (status >= 500 || status === 429 || status === 408 || status === 401 || code === 'upload_incomplete') {
        return this.#later(record.clientId, code ?? 'internal', text, response.retryAfter);
      }
      // Refused for good (too large, a refused type, unreadable, infected, forbidden…): the message fails with it. A
      // proxy's answer without a code is named after its status.
      return { code: code ?? REFUSALS[status] ?? `http_${status}`, message: text };
    } catch (error) {
      if (signal.aborted) return CANCELLED;
      return this.#later(record.clientId, 'internal', String(error));
    }
  }

  /**
   * A transient failure (the network, `503 scan_failed`, `429` with its `Retry-After`, a token the next welcome
   * renews, a body cut on the way): the client tries the message again after a backoff, as a retryable refusal.
   */
  #later(clientId: string, code: string, message: string, retryAfterS?: number): UploadError {
    let backoff = this.#retries.get(clientId);
    if (!backoff) this.#retries.set(clientId, (backoff = new Backoff(this.#backoff, this.#random)));
    const wait = backoff.next();
    const retryable = (RETRYABLE_ERRORS as readonly string[]).includes(code) ? code : 'internal';
    return { code: retryable, message, retryAfterMs: retryAfterS !== undefined ? retryAfterS * 1000 : wait };
  }

  #pending(clientId: string, conversationId?: string): LocalMessage | undefined {
    return this.#client.messages(conversationId).find((message) => message.clientId === clientId && message.files);
  }

  /** The options that queue `message` again under its client id, with `files`. */
  #options(message: LocalMessage | OutboxRecord, files: LocalFile[]): SendOptions {
    const { clientId, conversationId, buttons, rating, reply } = message;
    return {
      clientId,
      conversationId,
      buttons,
      rating,
      reply,
      files: files.map(({ progress: _p, url: _u, ...file }) => file),
    };
  }

  async #get(path: string, signal?: AbortSignal): Promise<Response> {
    const response = await this.#fetch(`${this.#host.uploadUrl}/${path}`, {
      headers: { Authorization: `Bearer ${this.#host.token() ?? ''}` },
      signal,
    });
    if (!response.ok) {
      const { code = 'internal', message = `HTTP ${response.status}` } = relayError(
        await response.json().catch(() => ({})),
      );
      throw new AttachmentError(code, message, response.status);
    }
    return response;
  }
}
