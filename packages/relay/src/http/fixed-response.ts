import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';
import type { HttpResponse } from 'uWebSockets.js';
import { ifNoneMatchHits } from './conditional.js';
import { MIN_COMPRESS_BYTES, negotiate, type ContentCoding } from './content-encoding.js';
import { respond } from './respond.js';

/** The request facts a {@link FixedResponse} depends on, copied from uWS's `req` in the handler. */
export interface FixedRequest {
  readonly method: 'GET' | 'HEAD';
  readonly acceptEncoding: string | undefined;
  readonly ifNoneMatch: string | undefined;
}

/** Copies what {@link FixedResponse.send} needs from uWS's request (valid only until the handler returns). */
export function readFixedRequest(req: { getMethod(): string; getHeader(name: string): string }): FixedRequest {
  return {
    method: req.getMethod() === 'head' ? 'HEAD' : 'GET',
    acceptEncoding: req.getHeader('accept-encoding') || undefined,
    ifNoneMatch: req.getHeader('if-none-match') || undefined,
  };
}

/** Above this size a body is compressed on libuv's threads, not on the event loop (see {@link FixedResponse}). */
const COMPRESS_ASYNC_BYTES = 64 * 1024;
const brotliOptions = { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } };

/**
 * A body made by the relay that does not change while it runs (the OpenAPI document, the front page): compressed
 * once, when made, into brotli and gzip, and served by `Accept-Encoding` with an `ETag` answered with 304.
 *
 * A large body (the OpenAPI document: brotli 11 takes a third of a second of CPU or more) is compressed on libuv's
 * threads, so that a relay starting up listens and answers meanwhile; a request for it that comes before
 * {@link ready} waits for it (on no thread: the loop goes on). A build may have compressed it already: with
 * `precompressedDir`, the forms found there under the body's hash (`<hash>.br`, `<hash>.gz`, written by
 * scripts/bundle.mjs) are used as they are, and nothing is compressed at start.
 */
export class FixedResponse {
  private readonly forms: Partial<Record<ContentCoding, Buffer>>;
  private readonly etag: string;
  /** Resolves once every compressed form exists (at once for a small body; never rejects). */
  readonly ready: Promise<void>;
  #settled = false;

  constructor(
    body: string,
    private readonly headers: Readonly<Record<string, string>>,
    precompressedDir?: string,
  ) {
    const identity = Buffer.from(body);
    const forms: Partial<Record<ContentCoding, Buffer>> = { identity };
    this.forms = forms;
    const hash = fixedResponseHash(identity);
    this.etag = `"${hash}"`;
    const built = precompressedDir === undefined ? undefined : readPrecompressed(precompressedDir, hash);
    if (identity.byteLength < MIN_COMPRESS_BYTES) {
      this.ready = Promise.resolve();
    } else if (built) {
      forms.br = built.br;
      forms.gzip = built.gzip;
      this.ready = Promise.resolve();
    } else if (identity.byteLength <= COMPRESS_ASYNC_BYTES) {
      forms.br = brotliCompressSync(identity, brotliOptions);
      forms.gzip = gzipSync(identity, { level: 9 });
      this.ready = Promise.resolve();
    } else {
      this.ready = Promise.all([
        promisify(brotliCompress)(identity, brotliOptions).then((br) => void (forms.br = br)),
        promisify(gzip)(identity, { level: 9 }).then((gz) => void (forms.gzip = gz)),
      ]).then(
        () => undefined,
        // Out of memory or the like: the body still goes out, uncompressed.
        () => undefined,
      );
    }
    // Sync forms (small, precompressed) are there now; async ones once `ready` settles.
    if (forms.br || identity.byteLength < MIN_COMPRESS_BYTES) this.#settled = true;
    else void this.ready.then(() => (this.#settled = true));
  }

  /** Answers GET or HEAD; `extra` headers go on top (CORS, the page's CSP). */
  send(res: HttpResponse, request: FixedRequest, extra: Record<string, string> = {}): void {
    if (!this.#settled) {
      // Compressing still (the first moments after a start): answered once the forms exist.
      const aborted = { value: false };
      res.onAborted(() => (aborted.value = true));
      void this.ready.then(() => {
        if (!aborted.value) this.#send(res, request, extra, aborted);
      });
      return;
    }
    this.#send(res, request, extra);
  }

  #send(
    res: HttpResponse,
    request: FixedRequest,
    extra: Record<string, string>,
    aborted: { value: boolean } = { value: false },
  ): void {
    const coding = negotiate(request.acceptEncoding, Object.keys(this.forms) as ContentCoding[]);
    const body = this.forms[coding]!;
    const headers: Record<string, string> = {
      ...this.headers,
      vary: 'accept-encoding',
      etag: coding === 'identity' ? this.etag : `${this.etag.slice(0, -1)}-${coding}"`,
      ...(coding === 'identity' ? {} : { 'content-encoding': coding }),
      ...extra,
    };
    if (request.ifNoneMatch !== undefined && ifNoneMatchHits(request.ifNoneMatch, this.etag)) {
      delete headers['content-type'];
      respond(res, 304, undefined, headers, aborted);
      return;
    }
    respond(res, 200, request.method === 'HEAD' ? undefined : body, headers, aborted, body.byteLength);
  }
}

/** The hash that names a body: its ETag (quoted) and, in a build, its precompressed forms' file names. */
export function fixedResponseHash(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('base64url').slice(0, 22);
}

/** The brotli and gzip forms a build wrote for the body with this hash, if both are there. */
function readPrecompressed(dir: string, hash: string): { br: Buffer; gzip: Buffer } | undefined {
  try {
    return { br: readFileSync(join(dir, `${hash}.br`)), gzip: readFileSync(join(dir, `${hash}.gz`)) };
  } catch {
    return undefined;
  }
}
