import { createHash, timingSafeEqual } from 'node:crypto';
import type { HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { InboundEmailJson, type InboundIgnoredBody, type InboundStored } from '@parley/protocol/admin';
import type { ErrorCode } from '@parley/protocol';
import { emailFromJson } from './inbound-message.js';
import type { InboundReplies } from './inbound-replies.js';
import type { InboundRefusal, InboundResult } from './inbound-result.js';
import type { Logger } from '../log.js';
import {
  ApiError,
  bearerToken,
  check,
  readAdminRequest,
  sendApiError,
  sendReply,
  type AdminRequest,
} from '../http/admin-http.js';
import { respond } from '../http/respond.js';

/** Where providers' inbound-parse webhooks post replies by email. */
export const INBOUND_EMAIL_PATH = '/v1/inbound/email';

/** What {@link registerInboundEmail} needs. */
export interface InboundEmailRouteOptions {
  /** `PARLEY_INBOUND_SECRET`: the bearer token the provider sends. */
  readonly secret: string;
  readonly trustProxy: boolean;
  readonly log: Logger;
}

/** Equal in constant time, whatever the lengths: the digests are compared, never the strings. */
function sameSecret(given: string, secret: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(secret));
}

/**
 * `POST /v1/inbound/email`: a reply by email, posted by a provider's inbound-parse webhook (docs/email.md, "Replies
 * by email"). Authenticated with `Authorization: Bearer <PARLEY_INBOUND_SECRET>` (compared in constant time); the
 * body is the raw message (`Content-Type: message/rfc822`) or JSON `{ from, to, subject, text, messageId }`, at
 * most 1 MiB. Answers 201 with the stored message (200 when it was stored before), or a JSON error: 401 without
 * the secret, 400 for a malformed, too complex (HTML nested past 400 levels) or empty email, or one with two
 * `From`s, 404 when no recipient is a valid reply address, 403 when the
 * sender is not the conversation's visitor, 413 over the size limit, 503 when the store is unavailable (retry).
 * Registered only when the secret is configured: without it the route does not exist (404).
 */
export function registerInboundEmail(
  app: TemplatedApp,
  inbound: InboundReplies,
  options: InboundEmailRouteOptions,
): void {
  app.post(INBOUND_EMAIL_PATH, (res, req) => {
    const request = readAdminRequest(res, req, options.trustProxy);
    void handle(res, request, inbound, options);
  });
  app.any(INBOUND_EMAIL_PATH, (res) =>
    respond(res, 405, JSON.stringify({ error: { code: 'bad_request', message: 'Only POST is allowed here.' } }), {
      allow: 'POST',
      'content-type': 'application/json; charset=utf-8',
    }),
  );
}

async function handle(
  res: HttpResponse,
  request: AdminRequest,
  inbound: InboundReplies,
  { secret, log }: InboundEmailRouteOptions,
): Promise<void> {
  try {
    const token = bearerToken(request.headers);
    if (token === undefined || !sameSecret(token, secret))
      throw new ApiError('unauthorized', 'Send the inbound secret: Authorization: Bearer <PARLEY_INBOUND_SECRET>.');
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const body = await request.body;
    let result: InboundResult;
    if (type === 'message/rfc822') result = await inbound.receiveRaw(body, 'http');
    else if (type === 'application/json') {
      let value: unknown;
      try {
        value = JSON.parse(body.toString('utf8'));
      } catch {
        throw new ApiError('bad_request', 'The body is not valid JSON.');
      }
      result = await inbound.receive(emailFromJson(check(InboundEmailJson, value, 'body')), 'http');
    } else throw new ApiError('bad_request', 'Send the email as message/rfc822, or as application/json.');
    sendReply(res, answer(result), request, {});
  } catch (error) {
    if (error instanceof ApiError) {
      if (error.code !== 'payload_too_large' || !request.aborted.value) sendApiError(res, error, request.aborted, {});
      return;
    }
    log.error('inbound email: request failed', { via: 'http', error: String(error) });
    sendApiError(res, new ApiError('internal'), request.aborted, {});
  }
}

function answer(result: InboundResult): { status: number; body: unknown; headers?: Record<string, string> } {
  if (result.status === 'stored') {
    const { message, duplicate } = result;
    return {
      status: duplicate ? 200 : 201,
      body: {
        conversationId: message.conversationId,
        messageId: message.id,
        seq: message.seq,
        duplicate,
      } satisfies InboundStored,
    };
  }
  if (result.status === 'unavailable') throw new ApiError('store_unavailable', result.detail, { 'retry-after': '5' });
  if (result.status === 'ignored')
    return { status: 202, body: { ignored: result.reason, detail: result.detail } satisfies InboundIgnoredBody };
  if (result.status === 'limited')
    throw new ApiError('rate_limited', result.detail, {
      'retry-after': String(Math.max(1, Math.ceil(result.retryAfterMs / 1000))),
    });
  const code = (
    {
      unknown_recipient: 'not_found',
      wrong_sender: 'forbidden',
      empty: 'bad_request',
      malformed: 'bad_request',
      too_complex: 'bad_request',
      too_large: 'payload_too_large',
      content_refused: 'content_refused',
      blocked: 'blocked',
    } as const satisfies Record<InboundRefusal, ErrorCode>
  )[result.reason];
  throw new ApiError(code, result.detail);
}
