import { createHmac } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { REFUSED_ADDRESS, refusedAddress, refusedError, safeLookup } from './webhook-address.js';

/**
 * Connections to receivers are kept open between deliveries (a burst of events to one endpoint costs one TCP and TLS
 * handshake, not one per event). Safe with the address checks: a socket is only ever opened through the checked
 * lookup, and a pooled one stays connected to the address that was checked when it opened; a name that resolves
 * elsewhere later (DNS rebinding) only affects new sockets, which are checked again.
 */
const agents = {
  'http:': new HttpAgent({ keepAlive: true, maxSockets: 16, timeout: 30_000 }),
  'https:': new HttpsAgent({ keepAlive: true, maxSockets: 16, timeout: 30_000 }),
};

/** The most of a receiver's answer the relay reads; it stops reading (and closes the connection) after that. */
export const MAX_RESPONSE_BYTES = 4096;
/** The most of a receiver's answer kept in the delivery log. */
export const EXCERPT_CHARS = 512;

/**
 * The `Parley-Signature` header for `body` sent at `timestamp` (unix seconds): `t=<timestamp>,v1=<hex
 * HMAC-SHA256(secret, "<timestamp>.<body>")>`, as Stripe signs its webhooks.
 */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What one POST to a receiver came to. */
export type WebhookResponse =
  | {
      readonly ok: true;
      readonly statusCode: number;
      /** The `Retry-After` header in ms, when there was a valid one. */
      readonly retryAfterMs: number | undefined;
      readonly excerpt: string;
      readonly latencyMs: number;
    }
  | {
      readonly ok: false;
      readonly error: string;
      /** The relay refused the address: trying again will not help. */
      readonly refused: boolean;
      readonly latencyMs: number;
    };

/** What {@link postWebhook} sends. */
export interface WebhookRequest {
  readonly url: string;
  readonly body: string | Buffer;
  readonly headers: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
  /** Let the request reach loopback, private, link-local and metadata addresses. */
  readonly allowPrivate: boolean;
  /** Name resolution (tests pass their own); checked by {@link safeLookup} unless `allowPrivate`. */
  readonly lookup?: LookupFunction;
  readonly now?: () => number;
}

/** `Retry-After` as seconds or an HTTP date, in ms from `now`; `undefined` when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d{1,9}$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]+/g;

/** The first {@link EXCERPT_CHARS} characters of a receiver's answer, without control characters. */
export function excerptOf(bytes: Buffer): string {
  return bytes.toString('utf8').replace(controlCharacters, ' ').trim().slice(0, EXCERPT_CHARS);
}

/** Reads at most {@link MAX_RESPONSE_BYTES} of the answer, then lets the rest go. */
function readCapped(response: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => {
      response.removeAllListeners('data');
      resolve(Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES));
    };
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= MAX_RESPONSE_BYTES) {
        done();
        // Not reading the rest: the connection is closed rather than drained.
        response.destroy();
      }
    });
    response.on('end', done);
    response.on('error', done);
    response.on('close', done);
  });
}

/**
 * POSTs one webhook body and reports what came of it; never throws. Redirects are not followed (a 3xx is the
 * receiver's answer like any other), the answer is read up to {@link MAX_RESPONSE_BYTES}, and the connection goes
 * only to an address {@link safeLookup} let through (a literal IP is checked before connecting).
 */
export function postWebhook(options: WebhookRequest): Promise<WebhookResponse> {
  const now = options.now ?? Date.now;
  const started = now();
  const latency = (): number => Math.max(0, Math.round(now() - started));
  return new Promise<WebhookResponse>((resolve) => {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      resolve({ ok: false, error: 'invalid URL', refused: true, latencyMs: 0 });
      return;
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!options.allowPrivate) {
      // A literal address never reaches `lookup`; a name (`localhost` too) is judged by what it resolves to.
      const literal = refusedAddress(host);
      if (literal !== 'not an IP address' && literal !== undefined) {
        resolve({ ok: false, error: refusedError(host, host, literal).message, refused: true, latencyMs: 0 });
        return;
      }
    }
    const lookup = options.allowPrivate ? options.lookup : safeLookup(options.lookup);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, {
      method: 'POST',
      headers: { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) },
      signal: options.signal,
      ...(lookup ? { lookup } : {}),
      agent: url.protocol === 'https:' ? agents['https:'] : agents['http:'],
    });
    request.on('response', (response) => {
      void readCapped(response).then((bytes) =>
        resolve({
          ok: true,
          statusCode: response.statusCode ?? 0,
          retryAfterMs: retryAfterMs(response.headers['retry-after'], now()),
          excerpt: excerptOf(bytes),
          latencyMs: latency(),
        }),
      );
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      const refused = error.code === REFUSED_ADDRESS;
      const reason: unknown = options.signal.reason;
      const message = options.signal.aborted
        ? reason instanceof Error && reason.name !== 'TimeoutError'
          ? `cancelled after ${latency()} ms: ${reason.message}`
          : `timed out after ${latency()} ms`
        : refused
          ? error.message
          : `${error.code ? `${error.code}: ` : ''}${error.message}`;
      resolve({ ok: false, error: message, refused, latencyMs: latency() });
    });
    request.end(options.body);
  });
}
