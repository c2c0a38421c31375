import { sees, type StaffScope } from '../core/staff-scope.js';
import { ClientId, ConversationId, LIMITS } from '@parley/protocol';
import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import * as z from 'zod/mini';
import type { Attachments, Uploader } from './attachments.js';
import { RefusedFile } from './inspect-file.js';
import type { SignedVariant } from './signed-urls.js';
import { VisitorTokens, hashToken } from '../auth/tokens.js';
import type { CoreConfig } from '../features/core-config.js';
import type { AttachmentsConfig } from './attachments-config.js';
import type { ChatCore } from '../core/chat-core.js';
import { UploadQuota } from '../limits/upload-quota.js';
import type { AttachmentRecord } from './attachment-store.js';
import type { Site } from '../store/store.js';
import { ApiError, bearerToken, inboxOrigin, ownOrigins, sendApiError, sendReply } from '../http/admin-http.js';
import { SECOND_FACTOR_MISSING, sessionSecret, type Accounts } from '../auth/accounts.js';
import { abortFlag, streamBody, type AbortFlag } from '../http/body-stream.js';
import { ChunkPool } from '../http/chunk-pool.js';
import { clientAddress } from '../http/client-address.js';
import type { PublicOrigin } from '../http/public-origin.js';
import { writeHead } from '../http/respond.js';

/** What {@link registerAttachments} needs. */
export interface AttachmentRoutesOptions {
  readonly attachments: Attachments;
  readonly core: ChatCore;
  readonly config: CoreConfig & AttachmentsConfig;
  /** Signs visitor tokens (the relay secret): a visitor's upload and download carry theirs. */
  readonly relaySecret: string;
  /** Staff accounts: the inbox's session cookie authenticates staff too. */
  readonly accounts?: Accounts | undefined;
  /** Where signed addresses point: configured or learned, never the request's `Host`. */
  readonly publicOrigin: PublicOrigin;
}

/** Who is asking, once their token is checked. */
type Caller =
  | { readonly role: 'visitor'; readonly site: Site; readonly visitorId: string; readonly conversationId: string }
  | { readonly role: 'staff'; readonly site: Site; readonly staffId: string; readonly scope: StaffScope };

const Name = z.string().check(z.minLength(1), z.maxLength(255));

/** What a page may read of an answer besides the safelisted headers: a download's name, when to retry. */
const EXPOSED_HEADERS = 'content-disposition, retry-after';

/** Headers of every download: nothing a browser could render as a page or run, whatever the bytes. */
const DOWNLOAD_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "sandbox; default-src 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/**
 * The attachments' HTTP routes (issue #18, docs/attachments.md):
 *
 * - `POST /v1/attachments?clientId=…&name=…[&index=…][&conversationId=…][&sha256=…]`: the raw bytes as the body, with a visitor token
 *   or a staff token as `Authorization: Bearer …`. Into the caller's own conversation only (a visitor's is the
 *   one their token names; staff name one of their site's). Streamed to a staging file with a size limit: a body
 *   announced over the limit is refused at once with 413, one that grows past its `Content-Length` or the limit
 *   is cut off with 413, a connection lost mid-body stores nothing, and a body whose SHA-256 is not the announced
 *   one (`sha256`, optional) is refused with 400 `upload_incomplete`. Idempotent by the message's client id and
 *   the file's `index` in it (0 by default): the same pair again in the same conversation answers the first upload
 *   (200), not a second file.
 * - `GET /v1/attachments/{id}` and `/v1/attachments/{id}/thumbnail`: with the conversation's visitor's token or
 *   a staff token of its site, or for images a signed `?exp=&sig=` (for `<img>`). Served as a download (images
 *   inline), `nosniff`, `CSP: sandbox`.
 * - `GET /v1/attachments/{id}/reference`: the reference again, with fresh signed addresses.
 *
 * Nothing here touches the WebSocket message path.
 */
export function registerAttachments(app: TemplatedApp, options: AttachmentRoutesOptions): void {
  const { attachments, core, config } = options;
  const tokens = new VisitorTokens(options.relaySecret);
  const quota = new UploadQuota(config.attachmentUploadsPerAddressPerHour, config.attachmentBytesPerAddressPerHour);

  /**
   * Checks the caller: a visitor token (`v1.…`) or an API token as `Authorization: Bearer …`, or else the inbox's
   * session cookie (from the inbox's origin, with `X-Parley-CSRF` on an upload). `write`: the request stores.
   */
  const authenticate = async (headers: Readonly<Record<string, string>>, write: boolean): Promise<Caller> => {
    const token = bearerToken(headers);
    if (token === undefined) {
      const secret = sessionSecret(headers.cookie);
      const accounts = options.accounts;
      if (secret === undefined || !accounts)
        throw new ApiError('unauthorized', 'Send a visitor or staff token: Authorization: Bearer <token>.');
      const origin = headers.origin ?? '';
      const signedIn = await accounts.resolve(secret, Date.now());
      if (!signedIn) throw new ApiError('unauthorized', 'Sign in again.');
      if (
        write &&
        (!inboxOrigin(config.adminAllowedOrigins, origin, ownOrigins(headers, config.trustProxy, config.publicUrl)) ||
          headers['x-parley-csrf'] !== signedIn.session.csrfToken)
      )
        throw new ApiError('csrf_refused');
      if (signedIn.require2faSetup) throw new ApiError('2fa_required');
      if (signedIn.require2faCode) throw new ApiError('2fa_required', SECOND_FACTOR_MISSING);
      const scope = await core.staffScope(signedIn.site, signedIn.staff);
      return { role: 'staff', site: signedIn.site, staffId: signedIn.staff.id, scope };
    }
    if (token.startsWith('v1.')) {
      const claims = tokens.verify(token);
      const site = claims && (await core.store.getSite(claims.siteId));
      if (!claims || !site) throw new ApiError('unauthorized', 'The visitor token is not valid.');
      return { role: 'visitor', site, visitorId: claims.visitorId, conversationId: claims.conversationId };
    }
    const staff = await core.store.findStaffByTokenHash(hashToken(token));
    if (!staff || staff.revokedAt !== null || staff.accountId != null)
      throw new ApiError('unauthorized', 'Unknown or revoked staff token.');
    if (staff.expiresAt != null && staff.expiresAt <= Date.now()) throw new ApiError('token_expired');
    const scope = write ? 'write' : 'read';
    if (staff.scopes !== undefined && !staff.scopes.includes(scope))
      throw new ApiError('forbidden', `This token lacks the ${scope} scope.`);
    const site = await core.store.getSite(staff.siteId);
    if (!site) throw new ApiError('unauthorized', 'Unknown staff token.');
    return { role: 'staff', site, staffId: staff.id, scope: await core.staffScope(site, staff) };
  };

  /** CORS for the caller's pages: a visitor's site's origins, or the inbox's (same origin or the admin origins). */
  const corsFor = (
    caller: Caller,
    origin: string,
    headers: Readonly<Record<string, string>>,
  ): Record<string, string> => {
    if (origin === '') return {};
    const allowed =
      origin !== 'null' &&
      (caller.role === 'visitor'
        ? caller.site.allowedOrigins.includes('*') || caller.site.allowedOrigins.includes(origin)
        : config.adminAllowedOrigins.includes('*') ||
          inboxOrigin(config.adminAllowedOrigins, origin, ownOrigins(headers, config.trustProxy, config.publicUrl)));
    if (!allowed) throw new ApiError('origin_refused');
    return {
      'access-control-allow-origin': origin,
      vary: 'origin',
      'access-control-expose-headers': EXPOSED_HEADERS,
    };
  };

  /**
   * CORS for a refusal made before the caller is known (a bad query, a body over the limit, a bad or missing token,
   * too many uploads): readable by any page, so the widget can say why. It reveals nothing: these routes take a
   * bearer token, never a cookie, so no page can make a browser send a credential it does not hold. Not for
   * `origin_refused`, which a refused page must not read either.
   */
  const refusalCors = (error: unknown, origin: string | undefined): Record<string, string> => {
    if (!origin || origin === 'null' || (error instanceof ApiError && error.code === 'origin_refused')) return {};
    return { 'access-control-allow-origin': origin, vary: 'origin', 'access-control-expose-headers': EXPOSED_HEADERS };
  };

  // Never the request's `Host`: the uploader chooses it (see `PublicOrigin`).
  const baseUrl = (): string => options.publicOrigin.href;

  // ---- upload ----------------------------------------------------------------------------------------------

  app.post('/v1/attachments', (res, req) => {
    const headers = copyHeaders(req);
    const query = new URLSearchParams(req.getQuery() ?? '');
    const ip = clientAddress(
      Buffer.from(res.getRemoteAddressAsText()).toString(),
      headers['x-forwarded-for'] ?? '',
      config.trustProxy,
    );
    const aborted = abortFlag(res);
    const fail = (error: unknown, cors?: Record<string, string>): void => {
      if (aborted.value) return;
      const extra = cors && Object.keys(cors).length > 0 ? cors : refusalCors(error, headers.origin);
      if (error instanceof RefusedFile)
        return sendApiError(res, new ApiError(error.code, error.message), aborted, extra);
      if (error instanceof ApiError) return sendApiError(res, error, aborted, extra);
      core.log.error('attachments: upload failed', { error: String(error) });
      sendApiError(res, new ApiError('internal'), aborted, extra);
    };
    const length = Number(headers['content-length'] ?? NaN);
    const clientId = z.safeParse(ClientId, query.get('clientId') ?? '');
    const indexParam = query.get('index') ?? '0';
    const index = /^\d$/.test(indexParam) ? Number(indexParam) : -1;
    const name = z.safeParse(Name, query.get('name') ?? '');
    const announcedHash = query.get('sha256');
    const conversationParam = query.get('conversationId');
    const conversation = conversationParam === null ? undefined : z.safeParse(ConversationId, conversationParam);
    if (!clientId.success) return fail(new ApiError('bad_request', 'Invalid query.clientId: the message’s client id.'));
    if (!name.success)
      return fail(new ApiError('bad_request', 'Invalid query.name: the file’s name, 1 to 255 characters.'));
    if (index < 0 || index >= LIMITS.maxAttachments)
      return fail(
        new ApiError(
          'bad_request',
          `Invalid query.index: the file’s place in its message, 0 to ${LIMITS.maxAttachments - 1}.`,
        ),
      );
    if (conversation && !conversation.success)
      return fail(new ApiError('bad_request', 'Invalid query.conversationId.'));
    if (announcedHash !== null && !/^[0-9a-f]{64}$/.test(announcedHash))
      return fail(new ApiError('bad_request', 'Invalid query.sha256: the SHA-256 of the file, 64 hex digits.'));
    if (!Number.isSafeInteger(length) || length < 0)
      return fail(new ApiError('bad_request', 'Send the file’s length as Content-Length (no chunked uploads).'));
    // Refused before a byte of the body is read.
    if (length > config.attachmentMaxBytes)
      return fail(new ApiError('attachment_too_large', `Files are limited to ${config.attachmentMaxBytes} bytes.`));
    const wait = quota.take(ip, length, Date.now());
    if (wait > 0)
      return fail(
        new ApiError('rate_limited', 'Too many uploads from this address; try again later.', {
          'retry-after': String(Math.ceil(wait / 1000)),
        }),
      );
    const body = new BodyToFile(res, attachments.stagingPath(), length, aborted);

    void (async () => {
      let cors: Record<string, string> = {};
      try {
        const caller = await authenticate(headers, true);
        cors = corsFor(caller, headers.origin ?? '', headers);
        const conversationId = await ownConversation(caller, conversation?.data);
        const limits = await attachments.limits(caller.site.id);
        if (length > limits.maxBytes)
          throw new ApiError('attachment_too_large', `This site accepts files of at most ${limits.maxBytes} bytes.`);
        const existing = await attachments.existing(conversationId, clientId.data, index);
        await body.done;
        // What arrived is not what was sent: cut (a proxy that gave up, a client that lost the end) or altered.
        if (announcedHash !== null && body.sha256() !== announcedHash)
          throw new ApiError(
            'upload_incomplete',
            'The body’s SHA-256 is not the one announced: it was cut or altered on the way.',
          );
        if (existing) {
          await rm(body.path, { force: true });
          return sendReply(
            res,
            { status: 200, body: attachments.reference(existing, baseUrl()) },
            { aborted, headers },
            cors,
          );
        }
        const uploader: Uploader =
          caller.role === 'visitor' ? { role: 'visitor', id: caller.visitorId } : { role: 'staff', id: caller.staffId };
        const { record, created } = await attachments.store({
          siteId: caller.site.id,
          conversationId,
          clientId: clientId.data,
          index,
          uploader,
          name: name.data,
          staged: body.path,
          limits,
        });
        sendReply(
          res,
          { status: created ? 201 : 200, body: attachments.reference(record, baseUrl()) },
          { aborted, headers },
          cors,
        );
      } catch (error) {
        body.discard();
        fail(error, cors);
      }
    })();
  });

  /** The conversation an upload goes into: the visitor's own, or one of the staff member's site. */
  const ownConversation = async (caller: Caller, requested: string | undefined): Promise<string> => {
    if (caller.role === 'visitor') {
      if (requested !== undefined && requested !== caller.conversationId)
        throw new ApiError('forbidden', 'A visitor uploads into their own conversation only.');
      const existing = await core.store.getConversation(caller.conversationId);
      if (existing && (existing.siteId !== caller.site.id || existing.visitorId !== caller.visitorId))
        throw new ApiError('forbidden', 'A visitor uploads into their own conversation only.');
      return caller.conversationId;
    }
    if (requested === undefined)
      throw new ApiError('bad_request', 'Staff name the conversation: query.conversationId.');
    const existing = await core.store.getConversation(requested);
    if (!existing || existing.siteId !== caller.site.id || !(await staffSees(caller, requested)))
      throw new ApiError('not_found', 'No such conversation.');
    return requested;
  };

  /** Whether a staff caller may see the conversation (issue #41). */
  const staffSees = async (caller: Caller & { role: 'staff' }, conversationId: string): Promise<boolean> => {
    if (caller.scope.all) return true;
    const found = await core.conversationScope(caller.site.id, conversationId);
    return found !== undefined && sees(caller.scope, found);
  };

  // ---- download --------------------------------------------------------------------------------------------

  const download = (variant: SignedVariant | 'reference') => (res: HttpResponse, req: HttpRequest) => {
    const headers = copyHeaders(req);
    const id = req.getParameter(0) ?? '';
    const query = new URLSearchParams(req.getQuery() ?? '');
    const aborted = abortFlag(res);
    void (async () => {
      let cors: Record<string, string> = {};
      try {
        if (!/^att_[A-Za-z0-9_-]{1,64}$/.test(id)) throw new ApiError('not_found', 'No such attachment.');
        const exp = query.get('exp');
        const sig = query.get('sig');
        let record: AttachmentRecord | undefined;
        let signed = false;
        if (variant !== 'reference' && exp !== null && sig !== null) {
          const check = attachments.signer.verify(id, variant, exp, sig);
          if (check === 'expired') throw new ApiError('url_expired');
          if (check === 'invalid') throw new ApiError('url_invalid');
          record = await attachments.get(id);
          signed = true;
        } else {
          const caller = await authenticate(headers, false);
          cors = corsFor(caller, headers.origin ?? '', headers);
          record = await attachments.get(id);
          // Someone else's file answers as if there were none; so does one of a conversation a member may not see.
          if (
            record &&
            (record.siteId !== caller.site.id ||
              (caller.role === 'visitor'
                ? record.conversationId !== caller.conversationId
                : !(await staffSees(caller, record.conversationId))))
          )
            record = undefined;
        }
        if (!record) throw new ApiError('not_found', 'No such attachment.');
        if (variant === 'reference') {
          sendReply(res, { status: 200, body: attachments.reference(record, baseUrl()) }, { aborted, headers }, cors);
          return;
        }
        // Signatures are only issued for what `<img>` shows.
        if (signed && variant === 'file' && !record.type.startsWith('image/')) throw new ApiError('url_invalid');
        await sendAttachment(res, attachments, record, variant, aborted, {
          ...cors,
          ...(signed
            ? {
                'cache-control': `private, max-age=${attachments.signer.ttlSeconds}`,
                'cross-origin-resource-policy': 'cross-origin',
              }
            : {}),
        });
      } catch (error) {
        if (aborted.value) return;
        if (Object.keys(cors).length === 0) cors = refusalCors(error, headers.origin);
        if (error instanceof ApiError) return sendApiError(res, error, aborted, cors);
        core.log.error('attachments: download failed', { error: String(error) });
        sendApiError(res, new ApiError('internal'), aborted, cors);
      }
    })();
  };
  app.get('/v1/attachments/:id', download('file'));
  app.get('/v1/attachments/:id/thumbnail', download('thumbnail'));
  app.get('/v1/attachments/:id/reference', download('reference'));

  // ---- preflight -------------------------------------------------------------------------------------------

  const preflight = (res: HttpResponse, req: HttpRequest): void => {
    const origin = req.getHeader('origin');
    const aborted: AbortFlag = { value: false };
    // A preflight grants nothing: the request itself is answered with CORS only for its caller's origins (a
    // preflight carries no token, so the site, and its origins, are not known yet).
    sendReply(
      res,
      { status: 204 },
      { aborted, headers: {} },
      origin === '' || origin === 'null'
        ? {}
        : {
            'access-control-allow-origin': origin,
            vary: 'origin',
            'access-control-allow-methods': 'GET, POST, OPTIONS',
            'access-control-allow-headers': 'authorization, content-type, x-parley-csrf',
            'access-control-max-age': '600',
          },
    );
  };
  app.options('/v1/attachments', preflight);
  app.options('/v1/attachments/*', preflight);
}

/**
 * Streams a stored file (or its thumbnail) as a download: nothing a browser could render as a page or run, images
 * inline, everything else as an attachment, `private, no-store` unless `extra` says otherwise. Throws `not_found`
 * (nothing written) when its bytes are gone. For other doors that decided the caller may have it (an API channel's
 * bridge, docs/api-channel.md).
 */
export async function sendAttachment(
  res: HttpResponse,
  attachments: Attachments,
  record: AttachmentRecord,
  variant: SignedVariant,
  aborted: AbortFlag,
  extra: Readonly<Record<string, string>> = {},
): Promise<void> {
  const blob = await attachments.open(record, variant);
  if (!blob) throw new ApiError('not_found', 'No such attachment.');
  const type = variant === 'thumbnail' ? 'image/webp' : safeContentType(record.type);
  const disposition = record.type.startsWith('image/') || variant === 'thumbnail' ? 'inline' : 'attachment';
  const all: Record<string, string> = {
    ...DOWNLOAD_HEADERS,
    'content-type': type,
    'content-disposition': `${disposition}; ${dispositionName(record.name, variant)}`,
    'cache-control': 'private, no-store',
    etag: `"${record.sha256.slice(0, 32)}${variant === 'thumbnail' ? '-t' : ''}"`,
    ...extra,
  };
  await streamBody(res, blob.body, aborted, () => writeHead(res, 200, all), blob.size);
}

function copyHeaders(req: HttpRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  req.forEach((name, value) => {
    headers[name] = value;
  });
  return headers;
}

/** The served type: text as UTF-8 (it was checked to be), everything else as stored. */
function safeContentType(type: string): string {
  return type.startsWith('text/') ? `${type}; charset=utf-8` : type;
}

/** `filename` (ASCII, quoted) and `filename*` (UTF-8) for Content-Disposition. */
function dispositionName(name: string, variant: SignedVariant): string {
  const full = variant === 'thumbnail' ? `${name.replace(/\.[^.]+$/, '')}.thumbnail.webp` : name;
  const ascii = full.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(full)}`;
}

/** Memory for upload chunks on their way to the disk, shared by every upload. */
const UPLOAD_CHUNKS = new ChunkPool();

/**
 * A request body written to a staging file as it arrives, never held whole. It refuses more than `length`
 * bytes (the announced `Content-Length`) with 413, and stores nothing when the connection is lost mid-body.
 *
 * uWS reads a socket until it is empty before the event loop turns, so a body sent on a fast link (loopback, a
 * LAN) reaches `onData` whole in one turn: 10 MiB as twenty 512 KiB chunks. A chunk's turn is therefore kept to a
 * copy and a queued write (about 0.1 ms); its SHA-256 is taken later, one chunk a turn ({@link BodyToFile.hashNext}),
 * so the loop stands still for 0.4 ms per chunk at most rather than for the whole body's hash.
 */
class BodyToFile {
  readonly done: Promise<void>;
  private readonly file: WriteStream;
  private readonly hash = createHash('sha256');
  /** Chunks received and not hashed yet, oldest first, each with the hand-back of its pooled memory. */
  private readonly unhashed: Array<{ readonly bytes: Buffer; readonly hashed: () => void }> = [];
  private hashing = false;
  private written = false;
  private received = 0;
  private finished = false;
  private settle: () => void = () => undefined;

  constructor(
    res: HttpResponse,
    readonly path: string,
    length: number,
    aborted: AbortFlag,
  ) {
    this.file = createWriteStream(path, { mode: 0o600 });
    let reject: (error: Error) => void = () => undefined;
    this.done = new Promise<void>((ok, fail) => {
      this.settle = () => {
        if (this.written && !this.hashing) ok();
      };
      reject = fail;
    });
    this.done.catch(() => undefined);
    this.file.on('error', (error) => {
      this.discard();
      reject(error);
    });
    aborted.onAbort = () => {
      this.discard();
      reject(new ApiError('upload_incomplete', 'The client went away before the whole file arrived.'));
    };
    res.onData((chunk, isLast) => {
      if (this.finished) return;
      this.received += chunk.byteLength;
      if (this.received > length) {
        this.discard();
        reject(new ApiError('attachment_too_large', 'The body is longer than its Content-Length.'));
        return;
      }
      // uWS reuses the chunk's memory after this callback: the write and the hash read a copy, in memory given back
      // once both are done with it.
      const copy = UPLOAD_CHUNKS.copy(chunk);
      let users = 2;
      const doneWith = (): void => {
        if (--users === 0) copy.release();
      };
      this.file.write(copy.bytes, doneWith);
      this.unhashed.push({ bytes: copy.bytes, hashed: doneWith });
      if (!this.hashing) {
        this.hashing = true;
        setImmediate(this.hashNext);
      }
      if (!isLast) return;
      this.finished = true;
      if (this.received !== length) {
        this.discard();
        reject(new ApiError('upload_incomplete', `The body ended after ${this.received} of ${length} bytes.`));
        return;
      }
      this.file.end(() => {
        this.written = true;
        this.settle();
      });
    });
  }

  /** Hashes the oldest chunk not hashed yet, and comes back on the loop's next turn for the one after it. */
  private readonly hashNext = (): void => {
    const next = this.unhashed.shift();
    if (!next) {
      this.hashing = false;
      this.settle();
      return;
    }
    this.hash.update(next.bytes);
    next.hashed();
    setImmediate(this.hashNext);
  };

  /** SHA-256 of the body as received, hex (once it is all in). */
  sha256(): string {
    return this.hash.digest('hex');
  }

  /** Stops writing and removes the staging file (nothing was stored). */
  discard(): void {
    this.finished = true;
    // Nothing more is hashed; a pump already scheduled finds the queue empty.
    this.unhashed.length = 0;
    // Removed once closed: a stream still opening its file would otherwise create it after the removal.
    const remove = (): void => void rm(this.path, { force: true });
    if (this.file.closed) remove();
    else {
      this.file.once('close', remove);
      this.file.destroy();
    }
  }
}
