import { createHash } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import type { HttpResponse } from 'uWebSockets.js';
import { abortFlag, streamBody, type AbortFlag } from './body-stream.js';
import {
  CODING_SUFFIX,
  MIN_STATIC_COMPRESS_BYTES,
  compressForCache,
  isCompressible,
  negotiate,
  type ContentCoding,
} from './content-encoding.js';
import { ifNoneMatchHits, parseRange, type ByteRange } from './conditional.js';
import { respond, writeHead } from './respond.js';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
  '.tgz': 'application/gzip',
};

/** A content-hashed name as the build writes it (`chat-widget.3f9a0c1b2d.js`, `admin.0a1b2c3d4e.css.map`). */
const HASHED_NAME = /\.[0-9a-f]{10}\.[a-z0-9]+(?:\.map)?$/;

/** Cache-Control of a content-hashed file: its name changes with its bytes, so it never needs asking again. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Files up to this size are held in memory with their compressed forms; larger ones are streamed from disk. */
const MAX_MEMORY_FILE = 1024 * 1024;
/** All files held in memory by one folder, at most (least recently used go first). */
const MAX_MEMORY_TOTAL = 48 * 1024 * 1024;

/** What the folder serves, and how. */
export interface StaticFolderOptions {
  /** Cache-Control for files whose name is not content-hashed (hashed ones are always {@link IMMUTABLE}). */
  readonly cacheControl?: string;
  /** Extensions served (with the dot); anything else is 404. Default: every extension the folder knows a type for. */
  readonly extensions?: readonly string[];
  /** Rewrites HTML before it is sent (template values such as the demo site key); applied once per file version. */
  readonly transformHtml?: (html: string) => string;
  /** Headers of every HTML response (the page's Content-Security-Policy, framing). */
  readonly htmlHeaders?: Readonly<Record<string, string>>;
  /** Headers of every response (e.g. CORS for the widget's scripts, loaded by other sites). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Headers of one file's responses, by its path in the folder (a service worker's scope). */
  readonly fileHeaders?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * A variant of a file made for one request (a site's loader with its defaults, `/widget.js?site=…`): `transform`
 * rewrites the file's text; `key` names the variant, which is cached beside the file under it (keep keys few: one
 * per site, say) and made again when the file changes. Only files kept in memory (up to 1 MiB) have variants.
 */
export interface StaticVariant {
  readonly key: string;
  transform(text: string): string;
}

/** One version of a file, as the folder serves it. */
interface Entry {
  readonly path: string;
  /** The file's path, and the variant's key after a NUL for a variant. */
  readonly cacheKey: string;
  readonly mtimeMs: number;
  /** The file's size on disk (its version, with the time and inode). */
  readonly fileSize: number;
  /** The size of what is served (a transformed page differs from the file). */
  readonly size: number;
  readonly ino: number;
  readonly type: string;
  readonly etag: string;
  /** The bytes, when small enough to keep; else streamed from `path`. */
  readonly body: Buffer | undefined;
  /** Compressed forms: in memory, or a fresh precompressed sibling on disk (streamed). */
  readonly encoded: Partial<Record<Exclude<ContentCoding, 'identity'>, Buffer | { path: string; size: number }>>;
  /** Bytes this entry holds in memory. */
  readonly weight: number;
}

/** What the request asks, copied from uWS's `req` before anything asynchronous (it is invalid afterwards). */
export interface StaticRequest {
  readonly method: 'GET' | 'HEAD';
  /** The path below the folder, still percent-encoded. */
  readonly path: string;
  readonly acceptEncoding: string | undefined;
  readonly ifNoneMatch: string | undefined;
  readonly range: string | undefined;
  readonly ifRange: string | undefined;
}

/** Thrown for paths the folder refuses; answered with 404 so a probe learns nothing about the disk. */
class NotServed extends Error {}

/**
 * One folder served over HTTP, as a CDN would: precompressed or once-compressed brotli and gzip chosen by
 * `Accept-Encoding` (with `Vary`), strong `ETag`s answered with 304, `immutable` caching for
 * content-hashed names, `HEAD`, and single byte ranges.
 *
 * It refuses anything that is not a plain file inside the folder: paths that escape it, dotfiles (`.env`,
 * `.git/…`) and symbolic links are 404. Small files are kept in memory with their compressed forms, checked against
 * the disk (`stat`) on every request, so an edited file is served at once and no request compresses anything
 * that was compressed before.
 */
export class StaticFolder {
  private readonly cache = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry>>();
  private memory = 0;
  private rootReal: string | undefined;

  constructor(
    readonly root: string,
    private readonly options: StaticFolderOptions = {},
  ) {}

  /**
   * Answers `request` on `res`. Copy the request with {@link readStaticRequest} first: this is asynchronous.
   * `relativePath` overrides the request's path (e.g. `index.html` for `/admin`; a promise when it is only known after a
   * read: a site's loader); `variant`, when given, is served
   * in place of the file (see {@link StaticVariant}).
   */
  serve(
    res: HttpResponse,
    request: StaticRequest,
    relativePath: string | Promise<string> = request.path,
    variant?: StaticVariant | Promise<StaticVariant | undefined>,
  ): void {
    const aborted = abortFlag(res);
    this.answer(res, request, relativePath, aborted, variant).catch(() => {
      const body = request.method === 'HEAD' ? undefined : 'Not found';
      respond(res, 404, body, { 'content-type': 'text/plain; charset=utf-8' }, aborted, 9);
    });
  }

  private async answer(
    res: HttpResponse,
    request: StaticRequest,
    relativePath: string | Promise<string>,
    aborted: AbortFlag,
    variant: StaticVariant | Promise<StaticVariant | undefined> | undefined,
  ): Promise<void> {
    const path = await this.resolve(await relativePath);
    const entry = await this.entry(path, await variant);
    const hashed = HASHED_NAME.test(path);
    const compressible = isCompressible(entry.type);
    const headers: Record<string, string> = {
      'content-type': entry.type,
      'cache-control': hashed ? IMMUTABLE : (this.options.cacheControl ?? 'no-cache'),
      ...this.options.headers,
      ...(entry.type.startsWith('text/html') ? this.options.htmlHeaders : undefined),
      ...this.options.fileHeaders?.[
        path
          .slice(this.rootReal!.length + 1)
          .split(sep)
          .join('/')
      ],
    };
    if (compressible) headers.vary = 'accept-encoding';

    const ranged = request.method === 'GET' && request.range !== undefined && this.rangeApplies(request, entry);
    const coding = ranged
      ? 'identity'
      : negotiate(request.acceptEncoding, Object.keys(entry.encoded) as ContentCoding[]);
    const etag = coding === 'identity' ? entry.etag : `${entry.etag.slice(0, -1)}-${coding}"`;
    headers.etag = etag;

    if (this.notModified(request, entry)) {
      // A 304 carries what a cache needs to refresh its copy, not the representation's own metadata.
      const refresh = { ...headers };
      delete refresh['content-type'];
      respond(res, 304, undefined, refresh, aborted);
      return;
    }

    let range: ByteRange | 'unsatisfiable' | undefined;
    if (ranged) range = parseRange(request.range!, entry.size);
    if (range === 'unsatisfiable') {
      respond(res, 416, '', { ...headers, 'content-range': `bytes */${entry.size}` }, aborted);
      return;
    }

    const encoded = coding === 'identity' ? undefined : entry.encoded[coding];
    if (coding !== 'identity') headers['content-encoding'] = coding;
    const body = encoded ?? entry.body;
    const total = encoded ? (Buffer.isBuffer(encoded) ? encoded.byteLength : encoded.size) : entry.size;
    const status = range ? 206 : 200;
    if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${entry.size}`;
    const length = range ? range.end - range.start + 1 : total;

    if (request.method === 'HEAD') {
      respond(res, status, undefined, headers, aborted, length);
      return;
    }
    if (Buffer.isBuffer(body)) {
      respond(res, status, range ? body.subarray(range.start, range.end + 1) : body, headers, aborted);
      return;
    }
    const file = encoded && !Buffer.isBuffer(encoded) ? encoded.path : entry.path;
    const stream = createReadStream(file, range ? { start: range.start, end: range.end } : {});
    await streamBody(res, stream, aborted, () => writeHead(res, status, headers), length);
  }

  /** A `Range` is honoured only on a single range of the current version (`If-Range` naming it, or absent). */
  private rangeApplies(request: StaticRequest, entry: Entry): boolean {
    return request.ifRange === undefined || request.ifRange === entry.etag;
  }

  private notModified(request: StaticRequest, entry: Entry): boolean {
    return request.ifNoneMatch !== undefined && ifNoneMatchHits(request.ifNoneMatch, entry.etag);
  }

  /** The real path of a request inside the folder; throws {@link NotServed} for anything else. */
  private async resolve(relativePath: string): Promise<string> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(relativePath);
    } catch {
      throw new NotServed();
    }
    const segments = decoded.split(/[/\\]/).filter((segment) => segment !== '');
    // No dotfiles or dot-folders (`.env`, `.git`), which also rules out `..`; no NUL, which the OS would refuse.
    if (segments.some((segment) => segment.startsWith('.') || segment.includes('\0'))) throw new NotServed();
    this.rootReal ??= await realpath(this.root);
    let path = join(this.rootReal, ...segments);
    let info = await stat(path);
    if (info.isDirectory()) {
      path = join(path, 'index.html');
      info = await stat(path);
    }
    if (!info.isFile()) throw new NotServed();
    // A symbolic link anywhere below the root resolves elsewhere: refused, even when it points inside.
    if ((await realpath(path)) !== path || !path.startsWith(this.rootReal + sep)) throw new NotServed();
    const extension = extname(path).toLowerCase();
    if (!(extension in types)) throw new NotServed();
    if (this.options.extensions && !this.options.extensions.includes(extension)) throw new NotServed();
    return path;
  }

  /** The cached entry for `path` if the file has not changed, else a new one (loaded once for concurrent requests). */
  private async entry(path: string, variant: StaticVariant | undefined): Promise<Entry> {
    const info = await stat(path);
    const key = variant ? `${path}\0${variant.key}` : path;
    const cached = this.cache.get(key);
    if (cached && sameVersion(cached, info)) {
      // Least recently used goes first: re-inserting moves it to the end.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const pending = this.loading.get(key);
    if (pending) return pending;
    const load = this.load(path, key, info, variant).finally(() => this.loading.delete(key));
    this.loading.set(key, load);
    return load;
  }

  private async load(path: string, cacheKey: string, info: Stats, variant: StaticVariant | undefined): Promise<Entry> {
    const type = types[extname(path).toLowerCase()]!;
    const encoded: Entry['encoded'] = {};
    let body: Buffer | undefined;
    let etag: string;
    if (info.size <= MAX_MEMORY_FILE) {
      body = await readFile(path);
      if (this.options.transformHtml && type.startsWith('text/html'))
        body = Buffer.from(this.options.transformHtml(body.toString('utf8')));
      if (variant) body = Buffer.from(variant.transform(body.toString('utf8')));
      etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
    } else {
      // Hashing a large file on every change costs more than it saves: its size and time stand for its version.
      etag = `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
    }
    // A variant, or a page whose template values changed its length: its precompressed siblings are another text.
    const transformed = variant !== undefined || (body !== undefined && body.byteLength !== info.size);
    if (isCompressible(type) && (body?.byteLength ?? info.size) >= MIN_STATIC_COMPRESS_BYTES) {
      for (const coding of ['br', 'gzip'] as const) {
        const sibling = transformed ? undefined : await freshSibling(path + CODING_SUFFIX[coding], info);
        if (sibling) {
          encoded[coding] =
            sibling.size <= MAX_MEMORY_FILE ? await readFile(sibling.path) : { path: sibling.path, size: sibling.size };
        } else if (body) {
          // No precompressed file (a folder of the operator's, or a transformed page): compress once, keep it.
          encoded[coding] = await compressForCache(body, coding);
        }
      }
      // A coding that does not make the file smaller is not worth a Vary'd variant.
      for (const coding of ['br', 'gzip'] as const) {
        const value = encoded[coding];
        const size = value === undefined ? Infinity : Buffer.isBuffer(value) ? value.byteLength : value.size;
        if (size >= (body?.byteLength ?? info.size)) delete encoded[coding];
      }
    }
    const weight =
      (body?.byteLength ?? 0) +
      Object.values(encoded).reduce((sum, value) => sum + (Buffer.isBuffer(value) ? value.byteLength : 0), 0);
    const entry: Entry = {
      path,
      cacheKey,
      mtimeMs: info.mtimeMs,
      fileSize: info.size,
      size: body?.byteLength ?? info.size,
      ino: info.ino,
      type,
      etag,
      body,
      encoded,
      weight,
    };
    this.remember(entry);
    return entry;
  }

  private remember(entry: Entry): void {
    const previous = this.cache.get(entry.cacheKey);
    if (previous) this.memory -= previous.weight;
    this.cache.delete(entry.cacheKey);
    this.cache.set(entry.cacheKey, entry);
    this.memory += entry.weight;
    for (const [key, old] of this.cache) {
      if (this.memory <= MAX_MEMORY_TOTAL || key === entry.cacheKey) break;
      this.cache.delete(key);
      this.memory -= old.weight;
    }
  }
}

function sameVersion(entry: Entry, info: Stats): boolean {
  return entry.mtimeMs === info.mtimeMs && entry.ino === info.ino && entry.fileSize === info.size;
}

/** A precompressed sibling that is a plain file at least as new as its source; a stale one is ignored. */
async function freshSibling(path: string, source: Stats): Promise<{ path: string; size: number } | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile() || info.mtimeMs < source.mtimeMs) return undefined;
    if ((await realpath(path)) !== path) return undefined;
    return { path, size: info.size };
  } catch {
    return undefined;
  }
}

/** Copies what {@link StaticFolder.serve} needs from uWS's request, which is only valid until the handler returns. */
export function readStaticRequest(
  req: { getMethod(): string; getUrl(): string; getHeader(name: string): string },
  prefixLength: number,
): StaticRequest {
  const header = (name: string): string | undefined => req.getHeader(name) || undefined;
  return {
    method: req.getMethod().toUpperCase() === 'HEAD' ? 'HEAD' : 'GET',
    path: req.getUrl().slice(prefixLength),
    acceptEncoding: header('accept-encoding'),
    ifNoneMatch: header('if-none-match'),
    range: header('range'),
    ifRange: header('if-range'),
  };
}
