import { ERRORS, type ErrorCode } from '@parley/protocol';
import { Readable, type Transform } from 'node:stream';
import { constants, createBrotliCompress, createGzip } from 'node:zlib';
import type { HttpRequest, HttpResponse } from 'uWebSockets.js';
import { streamBody, type AbortFlag } from './body-stream.js';
import { compressForResponse, negotiate } from './content-encoding.js';
import { TimeSlice } from '../time-slice.js';

const statusText: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  206: 'Partial Content',
  302: 'Found',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  426: 'Upgrade Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Headers every response carries. (`Referrer-Policy` matters only for documents: it is one of the page headers,
 * not paid for again on every script a visitor's browser fetches.)
 */
const baseHeaders: ReadonlyArray<readonly [string, string]> = [['x-content-type-options', 'nosniff']];

/**
 * Writes a whole response inside `cork`, as uWS requires for responses written outside the request callback.
 * Does nothing if the client has gone (`aborted.value`).
 *
 * A `body` of `undefined` sends no body: a 304, or the answer to `HEAD`, which states the `Content-Length` the
 * body would have had (`headLength`).
 */
export function respond(
  res: HttpResponse,
  status: number,
  body: string | Uint8Array | undefined,
  headers: Record<string, string> = {},
  aborted: { value: boolean } = { value: false },
  headLength?: number,
): void {
  if (aborted.value) return;
  res.cork(() => {
    writeHead(res, status, headers);
    if (body === undefined) {
      // uWS's `endWithoutBody(length)` leaves a kept-alive connection unusable for the next request (Node's
      // client reports a hang-up): state the length as a header and end without one.
      if (headLength !== undefined) res.writeHeader('content-length', String(headLength));
      res.endWithoutBody();
    } else res.end(body);
  });
}

/** Writes the status line and headers (the base headers first); call inside `cork`, then send the body. */
export function writeHead(res: HttpResponse, status: number, headers: Record<string, string>): void {
  res.writeStatus(`${status} ${statusText[status] ?? ''}`.trim());
  for (const [name, value] of baseHeaders) res.writeHeader(name, value);
  for (const [name, value] of Object.entries(headers)) res.writeHeader(name, value);
}

/** Responds with JSON. */
export function json(
  res: HttpResponse,
  status: number,
  value: unknown,
  aborted?: { value: boolean },
  headers: Record<string, string> = {},
): void {
  jsonText(res, status, JSON.stringify(value), aborted, headers);
}

function jsonText(
  res: HttpResponse,
  status: number,
  text: string,
  aborted?: { value: boolean },
  headers: Record<string, string> = {},
): void {
  respond(
    res,
    status,
    text,
    { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    aborted,
  );
}

/** JSON bodies below this size are sent as they are: compressing them saves less than it costs. */
const COMPRESS_JSON_FROM = 2048;
/** JSON bodies from this size are compressed as a stream, sent chunk by chunk while the compressor works. */
const STREAM_JSON_FROM = 512 * 1024;

/**
 * A reply whose top-level array has this many items is written a slice at a time ({@link jsonInSlices}): a
 * thousand FAQ entries are 6 MB of JSON, and `JSON.stringify` of them held the loop 50–90 ms at once.
 */
const SLICE_JSON_FROM_ITEMS = 256;

/**
 * Responds with JSON, compressed with brotli or gzip when `acceptEncoding` allows it and the body is large enough
 * to gain (at least 2 kB); from 512 kB on, the compressed body streams out (chunked) while it is produced, with
 * backpressure, instead of being held whole. Compression runs on libuv's thread pool, never on the event loop.
 * A body with a long list (a top-level array of {@link SLICE_JSON_FROM_ITEMS} items or more) is also made as it
 * streams: its items are stringified a few milliseconds' worth at a time.
 */
export function jsonNegotiated(
  res: HttpResponse,
  status: number,
  value: unknown,
  acceptEncoding: string | undefined,
  aborted: AbortFlag,
  headers: Record<string, string> = {},
): void {
  const list = longList(value);
  if (list !== undefined) {
    const coding = negotiate(acceptEncoding, ['br', 'gzip']);
    const text = Readable.from(jsonInSlices(value as Record<string, unknown>, list));
    void streamBody(res, coding === 'identity' ? text : text.pipe(compressorFor(coding)), aborted, () =>
      writeHead(res, status, jsonHeaders(headers, coding)),
    );
    return;
  }
  const text = JSON.stringify(value);
  const coding = text.length >= COMPRESS_JSON_FROM ? negotiate(acceptEncoding, ['br', 'gzip']) : 'identity';
  if (coding === 'identity') {
    jsonText(res, status, text, aborted, headers);
    return;
  }
  const all = jsonHeaders(headers, coding);
  const body = Buffer.from(text, 'utf8');
  if (body.byteLength < STREAM_JSON_FROM) {
    compressForResponse(body, coding).then(
      (compressed) => respond(res, status, compressed, all, aborted),
      () => respond(res, 500, '', {}, aborted),
    );
    return;
  }
  void streamBody(res, Readable.from(slices(body, 64 * 1024)).pipe(compressorFor(coding)), aborted, () =>
    writeHead(res, status, all),
  );
}

/** The headers of a JSON reply in `coding`. */
function jsonHeaders(headers: Record<string, string>, coding: string): Record<string, string> {
  const all: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  };
  if (coding === 'identity') return all;
  return {
    ...all,
    'content-encoding': coding,
    vary: headers.vary ? `${headers.vary}, accept-encoding` : 'accept-encoding',
  };
}

function compressorFor(coding: string): Transform {
  return coding === 'br'
    ? createBrotliCompress({
        params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
      })
    : createGzip({ level: 6 });
}

/** The key of `value`'s first top-level array of {@link SLICE_JSON_FROM_ITEMS} items or more, if it has one. */
function longList(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return undefined;
  for (const [key, item] of Object.entries(value))
    if (Array.isArray(item) && item.length >= SLICE_JSON_FROM_ITEMS) return key;
  return undefined;
}

/**
 * `value` as JSON, made a piece at a time: the other properties first, then the list under `key`, item by item,
 * pausing for the loop every few milliseconds ({@link TimeSlice}) and handing on about 64 kB at a time. The text
 * parses to what `JSON.stringify(value)` gives (the list's key comes last).
 */
export async function* jsonInSlices(value: Record<string, unknown>, key: string): AsyncGenerator<string> {
  const { [key]: items, ...rest } = value;
  const head = JSON.stringify(rest);
  let piece = `${head === '{}' ? '{' : `${head.slice(0, -1)},`}${JSON.stringify(key)}:[`;
  const slice = new TimeSlice();
  const list = items as readonly unknown[];
  for (let i = 0; i < list.length; i += 1) {
    // As JSON.stringify writes an array's undefined, function or symbol: null.
    piece += `${i === 0 ? '' : ','}${JSON.stringify(list[i]) ?? 'null'}`;
    if (piece.length >= 64 * 1024) {
      yield piece;
      piece = '';
    }
    await slice.pass();
  }
  yield `${piece}]}`;
}

function* slices(body: Buffer, size: number): Generator<Buffer> {
  for (let offset = 0; offset < body.byteLength; offset += size) yield body.subarray(offset, offset + size);
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
