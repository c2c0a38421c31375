import type { CLOSES, CloseName, ERRORS, ErrorCode, Retry } from './codes.js';

/*
 * What a client needs of the code catalog (codes.ts): which error codes to retry, and the name and retry policy
 * of each close code, without the messages, HTTP statuses and close reasons the relay sends along anyway. It keeps
 * a client bundle small. The types below make the type checker refuse any drift from codes.ts (a missing, extra or renamed code, a
 * different policy); test/retry.test.ts checks it again at run time.
 */

/** The error codes of {@link ERRORS} whose retry policy is `R`. */
type ErrorCodeWith<R extends Retry> = {
  [K in ErrorCode]: (typeof ERRORS)[K]['retry'] extends R ? K : never;
}[ErrorCode];

/**
 * The error codes a client retries (policy `retry`: send again after `retryAfterMs`), in catalog order. Any other
 * code is not retried, and that includes a code this build does not know: `code` is an open enum (a newer relay
 * may add codes within v1), and an unknown code is a generic error with the policy `never`.
 *
 * @example
 * if ((RETRYABLE_ERRORS as readonly string[]).includes(frame.code)) retryLater(frame.retryAfterMs);
 */
export const RETRYABLE_ERRORS = [
  'rate_limited',
  'too_many_connections',
  'store_unavailable',
  'internal',
  'ai_unavailable',
  'scan_failed',
] as const satisfies readonly ErrorCodeWith<'retry'>[];

/** Every close code of {@link CLOSES}, by number: its name and how a client should react to it. */
export const CLOSE_RETRY = {
  1000: ['normal', 'never'],
  1001: ['going_away', 'retry'],
  1003: ['binary_frame', 'never'],
  1009: ['too_large', 'retry'],
  4000: ['protocol_error', 'retry'],
  4001: ['unauthorized', 'never'],
  4002: ['identity_refused', 'never'],
  4003: ['origin_refused', 'never'],
  4004: ['token_expired', 'refresh'],
  4008: ['rate_limited', 'retry'],
  4009: ['slow_consumer', 'retry'],
  4010: ['hello_timeout', 'retry'],
  4011: ['too_many_connections', 'retry'],
  4013: ['server_error', 'retry'],
  4014: ['revoked', 'never'],
} as const satisfies {
  readonly [K in CloseName as (typeof CLOSES)[K]['code']]: readonly [K, (typeof CLOSES)[K]['retry']];
};

/**
 * A close code's catalog name, if it has one, and what a client should do after the socket closed with it. Codes
 * not in the catalog (1006 after a network drop, 1011, …) are retried.
 *
 * @example
 * const [name, retry] = closeInfo(event.code); // [undefined, 'retry'] for 1006
 */
export function closeInfo(code: number): readonly [CloseName | undefined, Retry] {
  return Object.hasOwn(CLOSE_RETRY, code) ? CLOSE_RETRY[code as keyof typeof CLOSE_RETRY] : [undefined, 'retry'];
}
