/**
 * The one catalog of Parley's error codes (sent in `error` frames and HTTP error bodies) and WebSocket close
 * codes. A code, once published, keeps its meaning forever; retired codes stay listed and are never reused.
 * Clients use the slim copy in retry.ts (names and retry policies only), which the type checker and
 * test/retry.test.ts keep in lock-step with this one.
 */

/** How a client should react to an error or a close. */
export type Retry =
  /** Try again (with backoff for closes, or after `retryAfterMs` for errors). */
  | 'retry'
  /** Refresh the credential (visitor or staff token), then reconnect. */
  | 'refresh'
  /** Do not retry: the same request will fail the same way. */
  | 'never';

interface ErrorSpec {
  readonly message: string;
  readonly retry: Retry;
  readonly httpStatus: number;
}

/** Error codes carried by `error` frames and by HTTP error bodies (`{ "error": { "code", "message" } }`). */
export const ERRORS = {
  bad_frame: { message: 'The frame is not valid JSON or does not match its schema.', retry: 'never', httpStatus: 400 },
  unknown_frame: { message: 'This frame type is not known to the server.', retry: 'never', httpStatus: 400 },
  frame_too_large: { message: 'The frame is larger than the server accepts.', retry: 'never', httpStatus: 413 },
  hello_required: { message: 'The first frame on a connection must be hello.', retry: 'never', httpStatus: 401 },
  already_authenticated: { message: 'This connection has already said hello.', retry: 'never', httpStatus: 409 },
  unauthorized: { message: 'The credentials are missing or wrong.', retry: 'never', httpStatus: 401 },
  forbidden: { message: 'This credential may not access that resource.', retry: 'never', httpStatus: 403 },
  not_found: { message: 'No such resource.', retry: 'never', httpStatus: 404 },
  origin_refused: { message: 'This origin is not allowed for the site.', retry: 'never', httpStatus: 403 },
  identity_refused: { message: 'The user hash does not match the user id.', retry: 'never', httpStatus: 403 },
  token_expired: { message: 'The token has expired.', retry: 'refresh', httpStatus: 401 },
  unsupported_protocol: {
    message: 'None of the offered protocol versions is supported.',
    retry: 'never',
    httpStatus: 426,
  },
  rate_limited: { message: 'Too many requests; slow down.', retry: 'retry', httpStatus: 429 },
  too_many_connections: { message: 'Too many connections from this address.', retry: 'retry', httpStatus: 429 },
  conflict: { message: 'The request conflicts with the current state.', retry: 'never', httpStatus: 409 },
  store_unavailable: {
    message: 'The message store is unavailable; nothing was stored.',
    retry: 'retry',
    httpStatus: 503,
  },
  internal: { message: 'Internal server error.', retry: 'retry', httpStatus: 500 },
  bad_request: { message: 'The request is malformed or a field is invalid.', retry: 'never', httpStatus: 400 },
  payload_too_large: {
    message: 'The request body is larger than the server accepts.',
    retry: 'never',
    httpStatus: 413,
  },
  no_email: { message: 'No email address is known for this visitor.', retry: 'never', httpStatus: 422 },
  email_unavailable: { message: 'This relay sends no email.', retry: 'never', httpStatus: 503 },
  ai_unavailable: {
    message: 'No AI provider answered (none is set for this site, it is off, or it failed); nothing was changed.',
    retry: 'retry',
    httpStatus: 503,
  },
  ai_budget_exhausted: {
    message: 'This site has used its AI token budget for the month.',
    retry: 'never',
    httpStatus: 429,
  },
  invalid_email: {
    message: 'Not an email address: one address, name@example.com, at most 254 characters.',
    retry: 'never',
    httpStatus: 422,
  },
  link_expired: { message: 'This link has expired.', retry: 'never', httpStatus: 410 },
  link_used: { message: 'This link has been used already.', retry: 'never', httpStatus: 410 },
  attachment_too_large: {
    message: 'The file is larger than this site accepts, or would take the site past its storage quota.',
    retry: 'never',
    httpStatus: 413,
  },
  attachment_type_refused: {
    message: 'This kind of file is not accepted (its type is read from its bytes, not its name).',
    retry: 'never',
    httpStatus: 415,
  },
  attachment_unreadable: {
    message: 'The file is damaged, or is not what its first bytes say it is.',
    retry: 'never',
    httpStatus: 422,
  },
  content_refused: {
    message: 'The site does not accept this message (its content filter or link rules); nothing was stored.',
    retry: 'never',
    httpStatus: 422,
  },
  blocked: {
    message: 'The site has blocked this visitor for a while; nothing was stored.',
    retry: 'never',
    httpStatus: 403,
  },
  attachment_infected: { message: 'The virus scanner refused this file.', retry: 'never', httpStatus: 422 },
  scan_failed: {
    message: 'The virus scanner could not check the file; nothing was stored.',
    retry: 'retry',
    httpStatus: 503,
  },
  upload_incomplete: {
    message: 'The upload ended before the length it announced; nothing was stored.',
    retry: 'never',
    httpStatus: 400,
  },
  url_expired: { message: 'This signed address has expired; ask for a new one.', retry: 'never', httpStatus: 410 },
  url_invalid: { message: 'This signed address is not genuine.', retry: 'never', httpStatus: 403 },
  login_failed: { message: 'Wrong email or password.', retry: 'never', httpStatus: 401 },
  locked: {
    message: 'Too many failed sign-ins: this account is locked for a while.',
    retry: 'never',
    httpStatus: 423,
  },
  csrf_refused: {
    message: 'This change must come from the inbox (missing or wrong X-Parley-CSRF, or a foreign Origin).',
    retry: 'never',
    httpStatus: 403,
  },
  weak_password: {
    message: 'Choose a password of 10 to 256 characters that is not your email address.',
    retry: 'never',
    httpStatus: 400,
  },
  edit_window_closed: {
    message: 'A message can be edited or deleted only for 15 minutes after it was sent.',
    retry: 'never',
    httpStatus: 409,
  },
  reply_window_closed: {
    message:
      'The customer’s messaging channel takes free replies only for a while after they last wrote (WhatsApp: 24 hours): send one of its approved templates instead; nothing was stored.',
    retry: 'never',
    httpStatus: 409,
  },
  '2fa_required': {
    message: 'This site requires two-factor authentication: set it up first.',
    retry: 'never',
    httpStatus: 403,
  },
  mailbox_code_required: {
    message:
      'Accepting this invitation takes an existing account over, and its link was handed over, not emailed: enter the code emailed to the invited address.',
    retry: 'never',
    httpStatus: 403,
  },
  sso_required: {
    message: 'This site signs in through its identity provider: use its button, passwords are refused.',
    retry: 'never',
    httpStatus: 403,
  },
  sso_failed: {
    message:
      'Single sign-on did not complete (the sign-in expired, was used, or the provider’s answer was not genuine): sign in again.',
    retry: 'never',
    httpStatus: 401,
  },
  sso_refused: {
    message:
      'This identity may not sign in here: its email is not verified, not in an allowed domain, or the membership is deactivated.',
    retry: 'never',
    httpStatus: 403,
  },
} as const satisfies Record<string, ErrorSpec>;

/** A stable error code. */
export type ErrorCode = keyof typeof ERRORS;

/** Every error code, for schemas and docs. */
export const ERROR_CODES = Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]];

interface CloseSpec {
  readonly code: number;
  readonly reason: string;
  readonly retry: Retry;
}

/**
 * WebSocket close codes. 1000–1015 are RFC 6455's; 4000–4999 are Parley's own.
 * Reasons are short (a close reason may hold at most 123 bytes).
 */
export const CLOSES = {
  normal: { code: 1000, reason: 'closed', retry: 'never' },
  going_away: { code: 1001, reason: 'server shutting down', retry: 'retry' },
  binary_frame: { code: 1003, reason: 'frames are JSON text, not binary', retry: 'never' },
  too_large: { code: 1009, reason: 'frame too large', retry: 'retry' },
  protocol_error: { code: 4000, reason: 'protocol violation', retry: 'retry' },
  unauthorized: { code: 4001, reason: 'unknown site key or token', retry: 'never' },
  identity_refused: { code: 4002, reason: 'user hash does not match', retry: 'never' },
  origin_refused: { code: 4003, reason: 'origin not allowed', retry: 'never' },
  token_expired: { code: 4004, reason: 'token expired', retry: 'refresh' },
  rate_limited: { code: 4008, reason: 'rate limit exceeded', retry: 'retry' },
  slow_consumer: { code: 4009, reason: 'slow consumer; resume by sequence', retry: 'retry' },
  hello_timeout: { code: 4010, reason: 'no hello in time', retry: 'retry' },
  too_many_connections: { code: 4011, reason: 'too many connections from this address', retry: 'retry' },
  server_error: { code: 4013, reason: 'server error', retry: 'retry' },
  revoked: { code: 4014, reason: 'credential revoked', retry: 'never' },
} as const satisfies Record<string, CloseSpec>;

/** A named close. */
export type CloseName = keyof typeof CLOSES;

/**
 * The close a visitor connection gets when its conversation was merged into another (docs/merge.md): reconnect, and
 * the relay's `welcome` names the resulting conversation. Kept out of {@link CLOSES} on purpose: clients retry any
 * code they do not know, so every client (the SDK core included, at no cost to its bundle) reconnects and follows.
 */
export const MERGED_CLOSE = { code: 4015, reason: 'conversation merged; reconnect to follow it' } as const;

/**
 * The close a staff connection gets when what its member may see changed (the site's visibility, docs/accounts.md):
 * reconnect, and the new `welcome` follows the new scope. Kept out of {@link CLOSES} like {@link MERGED_CLOSE}: every
 * client retries a code it does not know.
 */
export const ACCESS_CLOSE = { code: 4016, reason: 'access changed; reconnect' } as const;
