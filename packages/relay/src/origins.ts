import * as z from 'zod/mini';

/** True for an origin exactly as a browser sends it: `https://example.com`, `http://localhost:3000`. */
export function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

/** What an allowed origin must be, said the same way by the admin API and the configuration. */
export const ORIGIN_RULE = 'must be * or an origin such as https://example.com (scheme, host and port only)';

/** `*`, or an origin ({@link isOrigin}). */
export const AllowedOrigin = z.string().check(z.refine((value) => value === '*' || isOrigin(value), ORIGIN_RULE));
