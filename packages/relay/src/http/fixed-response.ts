import { createHash } from 'node:crypto';
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
 * A large body (the OpenAPI document: brotli 11 takes half a second of CPU) is compressed on libuv's threads, so
 * that a relay starting up listens and answers meanwhile; until {@link ready}, it goes out uncompressed.
 */
export class FixedResponse {
  private readonly forms: Partial<Record<ContentCoding, Buffer>>;
  private readonly etag: string;
  /** Resolves once every compressed form exists (at once for a small body; never rejects). */
  readonly ready: Promise<void>;

  constructor(
    body: string,
    private readonly headers: Readonly<Record<string, string>>,
  ) {
    const identity = Buffer.from(body);
    const forms: Partial<Record<ContentCoding, Buffer>> = { identity };
    this.forms = forms;
    this.etag = `"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`;
    if (identity.byteLength < MIN_COMPRESS_BYTES) {
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
  }

  /** Answers GET or HEAD; `extra` headers go on top (CORS, the page's CSP). */
  send(res: HttpResponse, request: FixedRequest, extra: Record<string, string> = {}): void {
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
      respond(res, 304, undefined, headers);
      return;
    }
    respond(res, 200, request.method === 'HEAD' ? undefined : body, headers, undefined, body.byteLength);
  }
}
