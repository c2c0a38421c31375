import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** A content coding the relay can send: brotli, gzip, or the bytes as they are. */
export type ContentCoding = 'br' | 'gzip' | 'identity';

/** The file extension of a precompressed sibling (`app.js.br`, `app.js.gz`). */
export const CODING_SUFFIX = { br: '.br', gzip: '.gz' } as const satisfies Record<
  Exclude<ContentCoding, 'identity'>,
  string
>;

/** Below this size compression saves less than a packet and costs a round of CPU: sent as they are. */
export const MIN_COMPRESS_BYTES = 1024;

/**
 * The same for a file of a served folder: compressed once and kept with it (`StaticFolder`), so every request after
 * the first saves its bytes for nothing. The inbox's page and its manifest are a few hundred bytes each.
 */
export const MIN_STATIC_COMPRESS_BYTES = 256;

/** Media types worth compressing (text, JSON, JavaScript, SVG); images and archives are compressed already. */
export function isCompressible(contentType: string): boolean {
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type === 'application/javascript' ||
    type === 'application/manifest+json' ||
    type === 'image/svg+xml'
  );
}

/**
 * Picks the coding to send for an `Accept-Encoding` header, among those `available` (identity always is).
 * Brotli wins over gzip at equal weight; `q=0` refuses a coding, `*` stands for any coding not named, and an
 * absent or empty header means identity (RFC 9110 §12.5.3).
 *
 * @example negotiate('gzip, deflate, br;q=0.9', ['br', 'gzip']) // 'gzip'
 */
export function negotiate(acceptEncoding: string | undefined, available: readonly ContentCoding[]): ContentCoding {
  if (!acceptEncoding) return 'identity';
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [rawName, ...params] = part.split(';');
    const name = rawName!.trim().toLowerCase();
    if (!name) continue;
    let q = 1;
    for (const param of params) {
      const match = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(param);
      if (match) q = Math.min(1, Math.max(0, Number(match[1]) || 0));
    }
    weights.set(name, q);
  }
  const weight = (coding: ContentCoding): number => weights.get(coding) ?? weights.get('*') ?? 0;
  let best: ContentCoding = 'identity';
  let bestWeight = 0;
  for (const coding of ['br', 'gzip'] as const) {
    if (!available.includes(coding)) continue;
    const q = weight(coding);
    if (q > bestWeight) {
      best = coding;
      bestWeight = q;
    }
  }
  return best;
}

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/**
 * Compresses once, for files kept in memory: the highest settings, since the result is reused for every request
 * (brotli through {@link smallestBrotli}). Runs on libuv's thread pool, not the event loop.
 */
export async function compressForCache(body: Uint8Array, coding: Exclude<ContentCoding, 'identity'>): Promise<Buffer> {
  return coding === 'br' ? smallestBrotli(body) : gz(body, { level: 9 });
}

/**
 * Brotli at its best quality with the window size that gives the fewest bytes, for bodies compressed once and
 * served many times (the relay's files, and the build's precompressed siblings). On a small file a window of a few
 * KiB often beats the default 4 MiB one by tens of bytes, and which one wins moves with the input (a new hash in the
 * loader's text once moved its size by 22 B), so under 64 KiB every window from 1 KiB up to the file's size is tried
 * and the smallest kept; larger bodies get the default window, within a few bytes of the best. Every window
 * decodes in every browser.
 */
export async function smallestBrotli(body: Uint8Array): Promise<Buffer> {
  let best: Buffer | undefined;
  const from = body.byteLength < 65_536 ? 10 : constants.BROTLI_DEFAULT_WINDOW;
  for (let lgwin = from; lgwin <= constants.BROTLI_DEFAULT_WINDOW; lgwin++) {
    // A window larger than the file compresses it no better.
    if (best && 1 << (lgwin - 1) > body.byteLength) break;
    const compressed = await brotli(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_LGWIN]: lgwin,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
      },
    });
    if (!best || compressed.byteLength < best.byteLength) best = compressed;
  }
  return best!;
}

/**
 * Compresses a response made for one request (an admin API page): fast settings, as the work is per request.
 * Brotli at quality 4 compresses JSON about as well as gzip -6, at a similar cost.
 */
export async function compressForResponse(
  body: Uint8Array,
  coding: Exclude<ContentCoding, 'identity'>,
): Promise<Buffer> {
  return coding === 'br'
    ? brotli(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 4,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
        },
      })
    : gz(body, { level: 6 });
}
