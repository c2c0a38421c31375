/** An inclusive byte range of a representation, as `Range: bytes=start-end` names it. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * True when an `If-None-Match` header names the current version of a resource whose identity ETag is `etag`.
 * Compared weakly (RFC 9110 §13.1.2), and any coding of the same bytes matches (`"x-br"`, `"x-gzip"` stand for
 * the bytes of `"x"`): a client that cached the brotli form and now asks for gzip still has the current version.
 */
export function ifNoneMatchHits(header: string, etag: string): boolean {
  const base = etag.replace(/^W\//, '');
  for (const raw of header.split(',')) {
    const tag = raw.trim();
    if (tag === '*') return true;
    const opaque = tag.replace(/^W\//, '').replace(/-(br|gzip)"$/, '"');
    if (opaque === base) return true;
  }
  return false;
}

/**
 * Parses a `Range` header against a representation of `size` bytes. Only one range is served: several ranges, other
 * units or a malformed header return `undefined` (the whole representation is sent, as RFC 9110 §14.2 allows);
 * a range that starts past the end is `'unsatisfiable'` (416).
 */
export function parseRange(header: string, size: number): ByteRange | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, first, last] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    // A suffix: the last N bytes.
    const length = Number(last);
    if (length === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}
