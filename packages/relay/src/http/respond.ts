import { ERRORS, type ErrorCode } from '@parley/protocol';
import type { HttpRequest, HttpResponse } from 'uWebSockets.js';

const statusText: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  426: 'Upgrade Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Headers every response carries. */
const baseHeaders: ReadonlyArray<readonly [string, string]> = [
  ['x-content-type-options', 'nosniff'],
  ['referrer-policy', 'no-referrer'],
];

/**
 * Writes a whole response inside `cork`, as uWS requires for responses written outside the request callback.
 * Does nothing if the client has gone (`aborted.value`).
 */
export function respond(
  res: HttpResponse,
  status: number,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
  aborted: { value: boolean } = { value: false },
): void {
  if (aborted.value) return;
  res.cork(() => {
    res.writeStatus(`${status} ${statusText[status] ?? ''}`.trim());
    for (const [name, value] of baseHeaders) res.writeHeader(name, value);
    for (const [name, value] of Object.entries(headers)) res.writeHeader(name, value);
    res.end(body);
  });
}

/** Responds with JSON. */
export function json(
  res: HttpResponse,
  status: number,
  value: unknown,
  aborted?: { value: boolean },
  headers: Record<string, string> = {},
): void {
  respond(
    res,
    status,
    JSON.stringify(value),
    { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    aborted,
  );
}

/** Responds with a catalogued error: `{ "error": { "code", "message" } }` and the code's HTTP status. */
export function jsonError(res: HttpResponse, code: ErrorCode, message?: string, aborted?: { value: boolean }): void {
  json(res, ERRORS[code].httpStatus, { error: { code, message: message ?? ERRORS[code].message } }, aborted);
}

/** Reads what a handler needs from `req` synchronously: uWS invalidates `req` once the handler returns. */
export function readRequest(req: HttpRequest): { method: string; url: string; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  req.forEach((name, value) => {
    headers[name] = value;
  });
  return { method: req.getMethod(), url: req.getUrl(), headers };
}
