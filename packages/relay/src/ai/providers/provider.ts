import type { AiProvider } from '@parley/protocol/admin';
import type { SseEvent } from '@parley/protocol';

/** Where a call goes: the protocol, the endpoint's base URL, the model and the key (absent: a local server). */
export interface ProviderTarget {
  readonly provider: AiProvider;
  readonly baseUrl: string;
  readonly model: string;
  readonly apiKey: string | undefined;
}

/** What a call asks: the system prompt, the turns (the last one the user's), and the most tokens to answer with. */
export interface ModelRequest {
  readonly system: string;
  readonly messages: ReadonlyArray<{ readonly role: 'user' | 'assistant'; readonly content: string }>;
  readonly maxTokens: number;
}

/** What a call answered: the text (cut at the bounds) and the provider's token counts (estimated when it gave none). */
export interface ModelAnswer {
  readonly text: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** The text was cut at the answer's bound (the provider was stopped there). */
  readonly cut: boolean;
}

/**
 * How a call failed: `timeout` (no first byte, a pause between chunks or the whole call too long), `refused` (the
 * provider refused the request: 400, 401, 403, 404…, or the address guard refused the address), `failed` (429, 5xx,
 * 529, a broken or malformed stream, the connection lost).
 */
export type ProviderFailure = 'timeout' | 'refused' | 'failed';

/**
 * A call that did not answer. Its message is a sentence for the admin (never the provider's own words, which may
 * quote the request); `detail` is for the log (the provider's error type and code, no text of theirs).
 */
export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    readonly failure: ProviderFailure,
    message: string,
    readonly options: {
      /** The HTTP status, when the provider answered one. */
      readonly status?: number | undefined;
      /** The wait the provider asked for before a retry (ms), from `Retry-After`. */
      readonly retryAfterMs?: number | undefined;
      /** Worth trying again (429, 5xx, 529, a connection lost before any text). */
      readonly retryable?: boolean | undefined;
      /** Counts against the endpoint's circuit breaker (the provider is down or failing, not refusing us). */
      readonly breaks?: boolean | undefined;
      readonly detail?: string | undefined;
    } = {},
  ) {
    super(message);
  }
}

/** What a stream's events have said so far. */
export interface StreamState {
  /** Called with each piece of text, in order. */
  readonly text: (piece: string) => void;
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  /** The provider said the answer is complete (`[DONE]`, `message_stop`). */
  done: boolean;
}

/** One provider protocol: its request, and how its stream's events and errors read. */
export interface ProviderProtocol {
  url(baseUrl: string): string;
  headers(apiKey: string | undefined): Record<string, string>;
  body(model: string, request: ModelRequest): unknown;
  /** Reads one event of the stream into `state`; throws a {@link ProviderError} for an error event or bad data. */
  read(event: SseEvent, state: StreamState): void;
  /** The error type and code of an error answer's JSON, for the log. */
  errorDetail(json: unknown): string | undefined;
}

/** An event's JSON, or a `failed` {@link ProviderError} naming the event when it is not JSON of an object. */
export function eventJson(event: SseEvent): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(event.data);
  } catch {
    throw new ProviderError('failed', 'The AI provider sent a malformed event.', {
      breaks: true,
      detail: `malformed ${event.event} event`,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new ProviderError('failed', 'The AI provider sent a malformed event.', {
      breaks: true,
      detail: `${event.event} event not an object`,
    });
  return parsed as Record<string, unknown>;
}

/** A value of a JSON object read as an object (or an empty one). */
export const objectAt = (value: unknown, key: string): Record<string, unknown> => {
  const inner = (value as Record<string, unknown> | null | undefined)?.[key];
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as Record<string, unknown>) : {};
};

/** A whole, non-negative number of a JSON object, or undefined. */
export const countAt = (value: Record<string, unknown>, key: string): number | undefined => {
  const count = value[key];
  return typeof count === 'number' && Number.isSafeInteger(count) && count >= 0 ? count : undefined;
};

/** A short word of a JSON object (an error's type or code), safe for the log. */
export const wordAt = (value: Record<string, unknown>, key: string): string | undefined => {
  const word = value[key];
  return typeof word === 'string' && /^[\w.-]{1,64}$/.test(word) ? word : undefined;
};

/** The base URL with its trailing slashes taken off, then `path`. */
export const joinUrl = (baseUrl: string, path: string): string => baseUrl.replace(/\/+$/, '') + path;
