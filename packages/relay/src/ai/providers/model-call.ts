import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { REFUSED_ADDRESS } from '../../outbound/address-guard.js';
import { anthropicProtocol } from './anthropic.js';
import type { CircuitBreaker } from './breaker.js';
import { openAiProtocol } from './openai.js';
import { providerLookup } from './provider-address.js';
import {
  ProviderError,
  type ModelAnswer,
  type ModelRequest,
  type ProviderProtocol,
  type ProviderTarget,
  type StreamState,
} from './provider.js';
import { SseError, SseReader } from '@parley/protocol';

/** Timeouts, retries and bounds of a call (the defaults are production's; tests shorten them). */
export interface CallLimits {
  /** From the request to the answer's status line: connecting, TLS, the provider's first byte (ms). */
  readonly firstByteMs: number;
  /** The longest pause between two pieces of the stream (ms). */
  readonly idleMs: number;
  /** The whole call, retries and their waits included (ms). */
  readonly totalMs: number;
  /** Tries after the first (429, 5xx, 529, a lost connection), never once text has been streamed. */
  readonly maxRetries: number;
  /** The first wait before a retry when the provider names none (ms), doubled each time, with jitter. */
  readonly backoffMs: number;
  /** The longest `Retry-After` waited for (ms): a provider asking for longer fails the call at once. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_CALL_LIMITS: CallLimits = {
  firstByteMs: 20_000,
  idleMs: 30_000,
  totalMs: 90_000,
  maxRetries: 2,
  backoffMs: 500,
  maxRetryAfterMs: 10_000,
};

/** The most of an error answer's body read (bytes): enough for its JSON, never a hostile megabyte. */
const MAX_ERROR_BODY = 16 * 1024;

const PROTOCOLS: Readonly<Record<ProviderTarget['provider'], ProviderProtocol>> = {
  openai: openAiProtocol,
  anthropic: anthropicProtocol,
};

/** What {@link callModel} is given besides the target and the request. */
export interface CallOptions {
  readonly allowPrivate: boolean;
  readonly limits: CallLimits;
  /** The most characters kept of the answer: the provider is stopped there. */
  readonly maxChars: number;
  readonly breaker: CircuitBreaker;
  /** Each piece of text as it comes (a streamed draft). */
  readonly onText?: ((piece: string) => void) | undefined;
  /** The name resolution (tests); default the system's. */
  readonly lookup?: LookupFunction | undefined;
  /** The caller gave up (the agent closed the stream): the call stops. */
  readonly signal?: AbortSignal | undefined;
  readonly now?: () => number;
}

/** `Retry-After` as a wait in ms: seconds, or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d{1,9}$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The refusal for an answer's status, in words an admin can act on. */
function statusError(status: number, detail: string | undefined, retryAfter: number | undefined): ProviderError {
  const options = { status, detail: `HTTP ${status}${detail ? ` ${detail}` : ''}` };
  if (status === 429)
    return new ProviderError('failed', 'The AI provider is rate limiting the relay (429); try again shortly.', {
      ...options,
      retryable: true,
      retryAfterMs: retryAfter,
    });
  if (status >= 500)
    return new ProviderError(
      'failed',
      status === 529
        ? 'The AI provider is overloaded (529); try again shortly.'
        : `The AI provider failed (${status}); try again shortly.`,
      { ...options, retryable: true, breaks: true, retryAfterMs: retryAfter },
    );
  if (status === 401 || status === 403)
    return new ProviderError('refused', `The AI provider refused the key (${status}): check the AI settings.`, options);
  if (status === 404)
    return new ProviderError(
      'refused',
      'The AI provider has no such endpoint or model (404): check the base URL and model in the AI settings.',
      options,
    );
  return new ProviderError('refused', `The AI provider refused the request (${status}).`, options);
}

/** The JSON of an error answer, read up to {@link MAX_ERROR_BODY} bytes (undefined when it is not JSON). */
function errorBody(response: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        resolve(undefined);
      }
    };
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ERROR_BODY) {
        response.destroy();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    response.on('end', finish);
    response.on('error', () => resolve(undefined));
  });
}

/**
 * One try: the request, then the stream read a piece at a time (only the current line held; each event's JSON parsed
 * on its own), cut at `maxChars`. `deliver` gets the text as it comes; `delivered()` says whether any came.
 */
function attempt(
  target: ProviderTarget,
  request: ModelRequest,
  options: CallOptions,
  deadline: number,
  deliver: (piece: string) => void,
): Promise<ModelAnswer> {
  const protocol = PROTOCOLS[target.provider];
  const url = new URL(protocol.url(target.baseUrl));
  const guard = providerLookup(url, options.allowPrivate, options.lookup);
  if ('refused' in guard)
    return Promise.reject(new ProviderError('refused', `The AI provider’s address is refused: ${guard.refused}.`));
  const now = options.now ?? Date.now;
  const body = JSON.stringify(protocol.body(target.model, request));
  return new Promise<ModelAnswer>((resolve, reject) => {
    let settled = false;
    let text = '';
    let cut = false;
    const state: StreamState = {
      text: (piece) => {
        if (cut) return;
        const room = options.maxChars - text.length;
        const kept = piece.length > room ? piece.slice(0, room) : piece;
        text += kept;
        if (kept !== '') deliver(kept);
        if (text.length >= options.maxChars) cut = true;
      },
      inputTokens: undefined,
      outputTokens: undefined,
      done: false,
    };
    const timers: Array<ReturnType<typeof setTimeout>> = [];
    let idle: ReturnType<typeof setTimeout> | undefined;
    const finish = (error: ProviderError | undefined) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      clearTimeout(idle);
      options.signal?.removeEventListener('abort', aborted);
      if (error) {
        req.destroy();
        reject(error);
        return;
      }
      // Stopped at the bound: the rest is not wanted (and not paid for longer than needed).
      if (cut) req.destroy();
      resolve({
        text,
        // A provider that gave no usage (a stream cut short, a server that does not count): estimated, ~4 characters a token.
        inputTokens:
          state.inputTokens ??
          Math.ceil((request.system.length + request.messages.reduce((n, m) => n + m.content.length, 0)) / 4),
        outputTokens: state.outputTokens ?? Math.ceil(text.length / 4),
        cut,
      });
    };
    const timeout = (what: string) =>
      finish(
        new ProviderError('timeout', `The AI provider did not answer in time (${what}).`, {
          retryable: text === '',
          breaks: true,
          detail: `timeout: ${what}`,
        }),
      );
    const aborted = () =>
      finish(new ProviderError('failed', 'The call was stopped.', { detail: 'stopped by the caller' }));
    const resetIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => timeout('a pause in its answer'), options.limits.idleMs);
    };
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      'content-length': String(Buffer.byteLength(body)),
      ...protocol.headers(target.apiKey),
    };
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      { method: 'POST', headers, lookup: guard.lookup },
      (response) => {
        clearTimeout(timers.shift());
        const status = response.statusCode ?? 502;
        if (status !== 200) {
          const wait = retryAfterMs(
            typeof response.headers['retry-after'] === 'string' ? response.headers['retry-after'] : undefined,
            now(),
          );
          void errorBody(response).then((json) => finish(statusError(status, protocol.errorDetail(json), wait)));
          return;
        }
        response.setEncoding('utf8');
        const reader = new SseReader();
        resetIdle();
        response.on('data', (piece: string) => {
          if (settled) return;
          resetIdle();
          try {
            for (const event of reader.push(piece)) {
              protocol.read(event, state);
              if (cut || state.done) break;
            }
          } catch (error) {
            finish(
              error instanceof ProviderError
                ? new ProviderError(error.failure, error.message, {
                    ...error.options,
                    retryable: (error.options.retryable ?? false) && text === '',
                  })
                : new ProviderError('failed', 'The AI provider sent a malformed stream.', {
                    breaks: true,
                    detail: error instanceof SseError ? error.message : 'unreadable stream',
                  }),
            );
            return;
          }
          if (cut || state.done) finish(undefined);
        });
        response.on('end', () => {
          if (state.done || cut) finish(undefined);
          else
            finish(
              new ProviderError('failed', 'The AI provider’s answer broke off before it was complete.', {
                breaks: true,
                retryable: text === '',
                detail: 'stream ended early',
              }),
            );
        });
        response.on('error', () =>
          finish(
            new ProviderError('failed', 'The connection to the AI provider was lost.', {
              breaks: true,
              retryable: text === '',
              detail: 'response error',
            }),
          ),
        );
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === REFUSED_ADDRESS)
        finish(
          new ProviderError(
            'refused',
            'The AI provider’s address is refused: it resolves to an address the relay does not call.',
            { detail: 'address refused by the guard' },
          ),
        );
      else
        finish(
          new ProviderError('failed', 'The relay could not reach the AI provider.', {
            breaks: true,
            retryable: text === '',
            detail: error.code ?? 'connection error',
          }),
        );
    });
    timers.push(setTimeout(() => timeout('no answer'), options.limits.firstByteMs));
    timers.push(setTimeout(() => timeout('the whole call'), Math.max(0, deadline - now())));
    options.signal?.addEventListener('abort', aborted);
    if (options.signal?.aborted) aborted();
    else req.end(body);
  });
}

/**
 * Calls a provider (streaming), through the endpoint's circuit breaker, retrying on 429, 5xx, 529 and a lost
 * connection (at most `maxRetries` times, honouring `Retry-After` up to `maxRetryAfterMs`, never once text has been
 * streamed). Throws a {@link ProviderError}.
 */
export async function callModel(
  target: ProviderTarget,
  request: ModelRequest,
  options: CallOptions,
): Promise<ModelAnswer> {
  const now = options.now ?? Date.now;
  const deadline = now() + options.limits.totalMs;
  let delivered = false;
  const deliver = (piece: string) => {
    delivered = true;
    options.onText?.(piece);
  };
  for (let tries = 0; ; tries += 1) {
    const admitted = options.breaker.admit();
    if (!admitted.ok)
      throw new ProviderError(
        'failed',
        `The AI provider failed several times in a row; the relay tries it again in ${Math.ceil(admitted.retryInMs / 1000)} s.`,
        { detail: 'circuit open' },
      );
    try {
      const answer = await attempt(target, request, options, deadline, deliver);
      options.breaker.succeeded();
      return answer;
    } catch (error) {
      const failure =
        error instanceof ProviderError
          ? error
          : new ProviderError('failed', 'The AI call failed.', { detail: String(error) });
      if (failure.options.breaks) options.breaker.failed();
      else options.breaker.released();
      if (!failure.options.retryable || delivered || tries >= options.limits.maxRetries || options.signal?.aborted)
        throw failure;
      const asked = failure.options.retryAfterMs;
      if (asked !== undefined && asked > options.limits.maxRetryAfterMs) throw failure;
      const wait = asked ?? options.limits.backoffMs * 2 ** tries * (0.75 + Math.random() * 0.5);
      if (now() + wait >= deadline) throw failure;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
