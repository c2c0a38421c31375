import { request } from 'node:http';

/** A response as it came over the wire: no decompression, headers lower-cased. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/**
 * An HTTP request with `node:http`, which (unlike `fetch`) neither decompresses nor adds `Accept-Encoding`, so a
 * test sees the exact bytes and headers the relay sent. `path` is sent as written (no normalisation of `..`).
 */
export function rawRequest(
  baseUrl: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** What {@link adminCaller}'s function answers: the status, and the JSON body (`undefined` when empty). */
export interface AdminAnswer {
  readonly status: number;
  readonly body: any; // the tests read its fields as they assert them
}

/**
 * A caller of a relay's admin API (`/v1/admin/…` and the other JSON routes) with a staff token in the
 * `Authorization` header: `token` unless a call names another.
 *
 * @example
 * const call = adminCaller(adminToken);
 * const saved = await call(relay, 'PUT', '/v1/admin/routing', settings);
 */
export function adminCaller(token: string) {
  return async function call(
    relay: { readonly httpUrl: string },
    method: string,
    path: string,
    body?: unknown,
    as = token,
  ): Promise<AdminAnswer> {
    const response = await fetch(`${relay.httpUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${as}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
}
