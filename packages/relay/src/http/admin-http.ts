import { ERRORS, type ErrorCode } from '@parley/protocol';
import type { HttpRequest, HttpResponse } from 'uWebSockets.js';
import * as z from 'zod/mini';
import { Readable } from 'node:stream';
import { IN_ENGLISH } from '../english-issues.js';
import { streamBody, type AbortFlag } from './body-stream.js';
import { clientAddress } from './client-address.js';
import { requestOrigin } from './home-page.js';
import { json, jsonNegotiated, respond, writeHead } from './respond.js';
import { MAX_JSON_DEPTH, jsonExceeds } from './json-depth.js';
import { strictBody } from './strict-body.js';

/** Largest request body the admin API reads (a broadcast to a long list of ids or emails fits). */
export const maxAdminBodyBytes = 1024 * 1024;

/** What a handler gets: everything copied from the uWS request before the first `await`. */
export interface AdminRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
  /** The client's address ({@link clientAddress}: behind a trusted proxy, the address the proxy saw). */
  readonly ip: string;
  /** The raw body, for methods that carry one. */
  readonly body: Promise<Buffer>;
  readonly aborted: AbortFlag;
}

/** A refusal with a catalogued code; thrown by handlers and turned into the JSON error body. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly headers: Record<string, string> = {},
    /** The HTTP status, when it is not the catalog's (a code answered with two statuses: see the route). */
    readonly status?: number,
  ) {
    super(message ?? ERRORS[code].message);
  }
}

/** A handler's answer. */
export interface Reply {
  readonly status: number;
  /** A JSON body. */
  readonly body?: unknown;
  /** A text body instead (CSV), sent as it is: `headers` give its `content-type`. */
  readonly text?: string;
  /**
   * A body made while it is sent (a large export): its chunks are pulled one at a time as the socket drains, so
   * neither the whole body nor the work of making it is ever held at once. `headers` give its `content-type`.
   */
  readonly stream?: AsyncIterable<string>;
  readonly headers?: Record<string, string>;
}

/**
 * Copies what the admin API needs from `req` synchronously (uWS invalidates it when the callback returns),
 * registers `onAborted`, and starts reading the body with a size cap.
 */
export function readAdminRequest(res: HttpResponse, req: HttpRequest, trustProxy: boolean): AdminRequest {
  const headers: Record<string, string> = {};
  req.forEach((name, value) => {
    headers[name] = value;
  });
  const method = req.getMethod().toUpperCase();
  const path = req.getUrl();
  const query = new URLSearchParams(req.getQuery() ?? '');
  const ip = clientAddress(
    Buffer.from(res.getRemoteAddressAsText()).toString(),
    headers['x-forwarded-for'] ?? '',
    trustProxy,
  );
  const aborted: AbortFlag = { value: false };
  let failBody: ((error: Error) => void) | undefined;
  res.onAborted(() => {
    aborted.value = true;
    aborted.onAbort?.();
    failBody?.(new ApiError('bad_request', 'The client went away.'));
  });
  const hasBody = method === 'POST' || method === 'PATCH' || method === 'PUT' || method === 'DELETE';
  const body = hasBody
    ? new Promise<Buffer>((resolve, reject) => {
        failBody = reject;
        const parts: Buffer[] = [];
        let size = 0;
        let done = false;
        res.onData((chunk, isLast) => {
          if (done) return;
          size += chunk.byteLength;
          if (size > maxAdminBodyBytes) {
            done = true;
            reject(new ApiError('payload_too_large', `Request bodies are limited to ${maxAdminBodyBytes} bytes.`));
            return;
          }
          // uWS reuses the chunk’s memory after this callback: copy it (one memcpy, see BodyToFile).
          parts.push(Buffer.from(chunk.slice(0)));
          if (isLast) {
            done = true;
            resolve(Buffer.concat(parts));
          }
        });
      })
    : Promise.resolve(Buffer.alloc(0));
  body.catch(() => undefined);
  return { method, path, query, headers, ip, body, aborted };
}

/** The most fields one object of a body may hold: no route's body comes near (its records hold at most hundreds). */
export const MAX_BODY_OBJECT_FIELDS = 1000;

/** Parses a JSON body against a schema, unknown fields refused; a refusal names the first wrong or unknown field. */
export async function parseBody<T>(request: AdminRequest, schema: z.ZodMiniType<T>): Promise<T> {
  const raw = await request.body;
  const text = raw.toString('utf8');
  // Refused before JSON.parse spends its time: too deep, or an object too wide (one pass over the text).
  const exceeds = jsonExceeds(text, MAX_JSON_DEPTH, MAX_BODY_OBJECT_FIELDS);
  if (exceeds === 'depth')
    throw new ApiError('bad_request', `Invalid body: JSON nested deeper than ${MAX_JSON_DEPTH} levels.`);
  if (exceeds === 'members')
    throw new ApiError('bad_request', `Invalid body: more than ${MAX_BODY_OBJECT_FIELDS} fields in one object.`);
  let value: unknown;
  try {
    value = raw.length === 0 ? {} : JSON.parse(text);
  } catch {
    throw new ApiError('bad_request', 'The body is not valid JSON.');
  }
  // Every body refuses fields it does not know (strict-body.ts), naming them: none is dropped while the rest is acted on.
  return check(strictBody(schema), value, 'body');
}

/** The first few of `keys`, and how many more: a hostile body's 70,000 unknown keys make no 1 MB message. */
function namedKeys(keys: readonly string[], shown = 5): string {
  const named = keys.slice(0, shown).join(', ');
  return keys.length > shown ? `${named} and ${(keys.length - shown).toLocaleString('en-US')} more` : named;
}

/** Validates a value (a body, or query parameters as an object); throws `bad_request` naming the field. */
export function check<T>(schema: z.ZodMiniType<T>, value: unknown, where: string): T {
  const parsed = z.safeParse(schema, value, IN_ENGLISH);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? `${where}.${issue.path.join('.')}` : where;
  // A strict object names the fields it does not know (zod's own message says only "Invalid input").
  const message =
    issue?.code === 'unrecognized_keys'
      ? `unknown field ${namedKeys(issue.keys)}`
      : (issue?.message ?? 'invalid value');
  throw new ApiError('bad_request', `Invalid ${field}: ${message}.`);
}

/**
 * Writes a reply (inside cork, unless the client has gone). A JSON body of a few kilobytes or more is compressed
 * when the request accepts it (history pages, exports, reports); see {@link jsonNegotiated}.
 */
export function sendReply(
  res: HttpResponse,
  reply: Reply,
  request: Pick<AdminRequest, 'aborted' | 'headers'>,
  headers: Record<string, string>,
): void {
  const all = { ...headers, ...reply.headers };
  if (reply.stream !== undefined)
    void streamBody(res, Readable.from(reply.stream, { objectMode: false }), request.aborted, () =>
      writeHead(res, reply.status, { 'cache-control': 'no-store', ...all }),
    );
  else if (reply.text !== undefined)
    respond(res, reply.status, reply.text, { 'cache-control': 'no-store', ...all }, request.aborted);
  else if (reply.body === undefined) respond(res, reply.status, '', all, request.aborted);
  else jsonNegotiated(res, reply.status, reply.body, request.headers['accept-encoding'], request.aborted, all);
}

/** Writes a catalogued error. */
export function sendApiError(
  res: HttpResponse,
  error: ApiError,
  aborted: { value: boolean },
  headers: Record<string, string>,
): void {
  json(
    res,
    error.status ?? ERRORS[error.code].httpStatus,
    { error: { code: error.code, message: error.message } },
    aborted,
    {
      ...headers,
      ...error.headers,
    },
  );
}

/** The staff token of an `Authorization: Bearer …` header, if well-formed. */
export function bearerToken(headers: Readonly<Record<string, string>>): string | undefined {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,1024})$/i.exec(headers.authorization ?? '');
  return match?.[1];
}

/** An origin in the form browsers send it (`https://host[:port]`, default port left out), or `undefined`. */
function normalOrigin(text: string): string | undefined {
  if (text === '' || text === 'null') return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The relay's own origins for a request: the one it was sent to — the scheme from `X-Forwarded-Proto` behind a
 * trusted proxy, else `http` (the relay itself speaks plain HTTP), the host and port from `Host` — and
 * `PARLEY_PUBLIC_URL`'s, which the operator stated.
 */
export function ownOrigins(
  headers: { readonly host?: string | undefined; readonly 'x-forwarded-proto'?: string | undefined },
  trustProxy: boolean,
  publicUrl?: string | undefined,
): string[] {
  const own = requestOrigin(headers.host ?? '', trustProxy ? headers['x-forwarded-proto'] : undefined);
  return [own, publicUrl].flatMap((text) => normalOrigin(text ?? '') ?? []);
}

/**
 * True when `origin` is one of the relay's own ({@link ownOrigins}): scheme, host and port all match, so a page
 * of `https://host` is not taken for the relay at `http://host`, nor the reverse.
 */
export function sameOrigin(origin: string, own: readonly string[]): boolean {
  const normal = normalOrigin(origin);
  return normal !== undefined && own.includes(normal);
}

/**
 * True when `origin` may use the inbox's cookie-authenticated routes: the relay's own origin, or one of
 * `PARLEY_ADMIN_ORIGINS` listed by name (`*` never counts here, nor a missing or `null` origin); scheme, host and
 * port are compared.
 */
export function inboxOrigin(allowed: readonly string[], origin: string, own: readonly string[]): boolean {
  const normal = normalOrigin(origin);
  if (normal === undefined) return false;
  return own.includes(normal) || allowed.some((entry) => normalOrigin(entry) === normal);
}
