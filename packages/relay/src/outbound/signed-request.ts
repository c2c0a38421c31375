import { createHmac } from 'node:crypto';
import type { LookupFunction } from 'node:net';
import type { Agent, Dispatcher } from 'undici';
import { inPieces, REGULAR_STRING_CHARS } from '../regular-strings.js';
import { REFUSED_ADDRESS, refusedAddress, refusedError, safeLookup } from './address-guard.js';

/** Connections kept open to one receiver's origin (scheme, host, port). */
const CONNECTIONS_PER_ORIGIN = 16;

/**
 * The HTTP clients: undici's `Agent`, which keeps a pool of kept-alive connections per receiver origin
 * (docs/decisions/0024-webhook-http-client-undici.md: about half the CPU per request of `node:http`'s keep-alive
 * agent). A burst of events to one endpoint costs one TCP and TLS handshake per connection, not one per event.
 * Safe with the address checks: a socket is only ever opened through the checked lookup, and a pooled one stays
 * connected to the address that was checked when it opened; a name that resolves elsewhere later (DNS rebinding)
 * only affects new sockets, which are checked again. One agent per name resolution (tests pass their own) and per
 * `allowPrivate`, since the lookup is the connector's.
 */
const systemAgents = new Map<boolean, Agent>();
/** undici's `Agent` once {@link loadHttpClient} has loaded it. */
let AgentClass: typeof Agent | undefined;
let loadingHttpClient: Promise<typeof Agent> | undefined;

/**
 * Loads undici (~1 MB of code; its import holds the event loop 60–70 ms bundled, 100–130 ms unbundled) once: the
 * webhooks feature's `preload`, once the relay listens. A request before that waits for the same load.
 */
export function loadHttpClient(): Promise<typeof Agent> {
  return (loadingHttpClient ??= import('undici').then((undici) => (AgentClass = undici.Agent)));
}

/** Agents for a lookup of the caller's (tests): they go with it. */
const ownLookupAgents = new WeakMap<LookupFunction, Map<boolean, Agent>>();

function agentFor(UndiciAgent: typeof Agent, resolve: LookupFunction | undefined, allowPrivate: boolean): Agent {
  let byPrivate = resolve ? ownLookupAgents.get(resolve) : systemAgents;
  if (!byPrivate) ownLookupAgents.set(resolve!, (byPrivate = new Map()));
  let agent = byPrivate.get(allowPrivate);
  if (!agent) {
    const lookup = allowPrivate ? resolve : safeLookup(resolve);
    agent = new UndiciAgent({
      connections: CONNECTIONS_PER_ORIGIN,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 30_000,
      // The request's signal (the handler's 10 s) bounds every attempt; these only must not cut it shorter.
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: lookup ? { lookup } : {},
    });
    byPrivate.set(allowPrivate, agent);
  }
  return agent;
}

/** The most of a receiver's answer the relay reads; it stops reading (and closes the connection) after that. */
export const MAX_RESPONSE_BYTES = 4096;
/** The most of a receiver's answer kept in the delivery log. */
export const EXCERPT_CHARS = 512;

/**
 * The `Parley-Signature` header for `body` sent at `timestamp` (unix seconds): `t=<timestamp>,v1=<hex
 * HMAC-SHA256(secret, "<timestamp>.<body>")>`, as Stripe signs its webhooks.
 */
export function signatureHeader(secret: string, timestamp: number, body: string | Buffer): string {
  // In two parts: a batch's body is hundreds of KB, not copied into a new string to be signed.
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/**
 * The headers of a signed event POST (docs/webhooks.md, "The request"): its id and type, and `Parley-Signature` of
 * `body` under `secret` at `now` (ms). Webhook endpoints and API channels' reply webhooks send the same.
 */
export function signedEventHeaders(
  event: { readonly id: string; readonly type: string },
  secret: string,
  body: string,
  now: number,
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'Parley-Webhooks/1',
    'parley-event-id': event.id,
    'parley-event-type': event.type,
    'parley-signature': signatureHeader(secret, Math.floor(now / 1000), body),
  };
}

/**
 * The headers of a batching endpoint's request (ADR 0039): how many events it holds, and `Parley-Signature` of
 * `body` (the whole `{"events": [...]}`) under `secret` at `now` (ms). Each event carries its own id in the body.
 */
export function signedBatchHeaders(
  count: number,
  secret: string,
  body: string | Buffer,
  now: number,
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'Parley-Webhooks/1',
    'parley-event-count': String(count),
    'parley-signature': signatureHeader(secret, Math.floor(now / 1000), body),
  };
}

const BATCH_HEAD = '{"events":[';
const BATCH_TAIL = ']}';

/**
 * A batching endpoint's body, `{"events":[…]}`. The events are joined in pieces that stay inside V8's regular heap
 * ({@link REGULAR_STRING_CHARS}); a body of one piece is encoded as it is, a longer one piece by piece into one buffer
 * of its size (joined whole, a full batch cost five to eight times more: docs/performance.md, "Strings over 128 KiB").
 */
export function batchBody(events: readonly string[]): Buffer {
  const pieces = inPieces(events, (event) => event.length + 1, REGULAR_STRING_CHARS).map((run) => run.join(','));
  if (pieces.length <= 1) return Buffer.from(`${BATCH_HEAD}${pieces[0] ?? ''}${BATCH_TAIL}`);
  let length = BATCH_HEAD.length + BATCH_TAIL.length + pieces.length - 1;
  for (const piece of pieces) length += Buffer.byteLength(piece);
  const body = Buffer.allocUnsafe(length);
  let at = body.write(BATCH_HEAD, 0, 'latin1');
  for (let i = 0; i < pieces.length; i++) {
    if (i > 0) body[at++] = 0x2c;
    at += body.write(pieces[i]!, at, 'utf8');
  }
  body.write(BATCH_TAIL, at, 'latin1');
  return body;
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

/** What {@link exchange} came back with: the final status, its `Retry-After`, and up to {@link MAX_RESPONSE_BYTES}. */
interface Answer {
  readonly statusCode: number;
  readonly retryAfter: string | undefined;
  readonly bytes: Buffer;
}

/** `Retry-After` among undici's raw headers (name, value, name, value…), if there is one. */
function retryAfterOf(rawHeaders: readonly Buffer[]): string | undefined {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length === 11 && name.toString('latin1').toLowerCase() === 'retry-after')
      return rawHeaders[i + 1]!.toString('latin1');
  }
  return undefined;
}

/**
 * One POST through `agent`, with a handler of its own (undici's `dispatch`) rather than `request()`'s response
 * stream: a webhook's answer is a status, one header and a few bytes, and the stream, its parsed headers and its
 * listeners were about a fifth of what a request cost the relay (docs/performance.md, "Targets 1 and 5 on the same
 * VM"). Reads at most {@link MAX_RESPONSE_BYTES} of the answer, then lets the rest go (the connection is closed). An
 * abort of `signal` ends the request, whenever it comes; rejects with undici's error or the signal's reason.
 */
function exchange(agent: Agent, url: URL, options: WebhookRequest): Promise<Answer> {
  const { signal } = options;
  return new Promise<Answer>((resolve, reject) => {
    let settled = false;
    let cancel: ((reason: Error) => void) | undefined;
    let statusCode = 0;
    let retryAfter: string | undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    const reasonOf = (): Error =>
      signal.reason instanceof Error ? signal.reason : new Error('the request was aborted');
    const onAbort = (): void => cancel?.(reasonOf());
    const settle = (error: Error | undefined): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else {
        const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        resolve({ statusCode, retryAfter, bytes: bytes.subarray(0, MAX_RESPONSE_BYTES) });
      }
    };
    if (signal.aborted) {
      reject(reasonOf());
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    const handler: Dispatcher.DispatchHandler = {
      onConnect(abort) {
        if (signal.aborted) abort(reasonOf());
        else cancel = abort;
      },
      onHeaders(code, rawHeaders) {
        // An informational answer (1xx) is not the answer.
        if (code >= 200) {
          statusCode = code;
          retryAfter = retryAfterOf(rawHeaders);
        }
        return true;
      },
      onData(chunk) {
        chunks.push(chunk);
        size += chunk.length;
        if (size < MAX_RESPONSE_BYTES) return true;
        settle(undefined);
        // Not reading the rest: the connection is closed rather than drained.
        cancel?.(new Error('the answer is longer than the relay reads'));
        return false;
      },
      onComplete() {
        settle(undefined);
      },
      onError(error) {
        // Once the status has come, the receiver has answered: a body cut short (or the deadline during it) leaves
        // the answer as read so far.
        settle(statusCode >= 200 ? undefined : error);
      },
    };
    agent.dispatch(
      {
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: options.headers,
        body: options.body,
      },
      handler,
    );
  });
}

/**
 * POSTs one webhook body and reports what came of it; never throws. Redirects are not followed (a 3xx is the
 * receiver's answer like any other), the answer is read up to {@link MAX_RESPONSE_BYTES}, and the connection goes
 * only to an address {@link safeLookup} let through (a literal IP is checked before connecting).
 */
export async function postWebhook(options: WebhookRequest): Promise<WebhookResponse> {
  const now = options.now ?? Date.now;
  const started = now();
  const latency = (): number => Math.max(0, Math.round(now() - started));
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    return { ok: false, error: 'invalid URL', refused: true, latencyMs: 0 };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, error: 'only http: and https: URLs', refused: true, latencyMs: 0 };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivate) {
    // A literal address never reaches `lookup`; a name (`localhost` too) is judged by what it resolves to.
    const literal = refusedAddress(host);
    if (literal !== 'not an IP address' && literal !== undefined)
      return { ok: false, error: refusedError(host, host, literal).message, refused: true, latencyMs: 0 };
  }
  try {
    const agent = agentFor(AgentClass ?? (await loadHttpClient()), options.lookup, options.allowPrivate);
    const answer = await exchange(agent, url, options);
    return {
      ok: true,
      statusCode: answer.statusCode,
      retryAfterMs: retryAfterMs(answer.retryAfter, now()),
      excerpt: excerptOf(answer.bytes),
      latencyMs: latency(),
    };
  } catch (caught) {
    const error = caught as NodeJS.ErrnoException;
    const refused =
      error.code === REFUSED_ADDRESS || (error.cause as NodeJS.ErrnoException | undefined)?.code === REFUSED_ADDRESS;
    const reason: unknown = options.signal.reason;
    const message = options.signal.aborted
      ? reason instanceof Error && reason.name !== 'TimeoutError'
        ? `cancelled after ${latency()} ms: ${reason.message}`
        : `timed out after ${latency()} ms`
      : refused
        ? (error.code === REFUSED_ADDRESS ? error : (error.cause as Error)).message
        : `${error.code ? `${error.code}: ` : ''}${error.message}`;
    return { ok: false, error: message, refused, latencyMs: latency() };
  }
}
