import type { HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { ApiChannelMessage, type ApiChannelStored } from '@parley/protocol/admin';
import {
  ApiError,
  bearerToken,
  parseBody,
  readAdminRequest,
  sendApiError,
  sendReply,
  type AdminRequest,
} from '../http/admin-http.js';
import { respond } from '../http/respond.js';
import type { Logger } from '../log.js';
import type { ApiChannelInbox } from './api-channel-inbox.js';
import type { ApiChannels } from './api-channels.js';

/** Where an API channel's bridge posts its contacts' messages. */
export const API_CHANNEL_MESSAGES_PATH = '/v1/channels/api/messages';

/** The largest body the route reads: a message of 4,000 characters and its ids fit many times over. */
export const MAX_API_CHANNEL_BODY_BYTES = 64 * 1024;

/** What {@link registerApiChannelRoute} needs. */
export interface ApiChannelRouteOptions {
  readonly channels: ApiChannels;
  readonly inbox: ApiChannelInbox;
  readonly trustProxy: boolean;
  readonly log: Logger;
}

/**
 * `POST /v1/channels/api/messages` (docs/api-channel.md): a contact's message, posted by an API channel's bridge with
 * `Authorization: Bearer <the channel's token>`, as JSON (`ApiChannelMessage`, at most 64 KiB). Answers 201 with
 * where it was stored, 200 when the same message id was stored before, 400 for a body that is not one, 401 without
 * a channel's token, 413 over the size, 429 over the channel's rate, 503 when the store is unavailable.
 */
export function registerApiChannelRoute(app: TemplatedApp, options: ApiChannelRouteOptions): void {
  app.post(API_CHANNEL_MESSAGES_PATH, (res, req) => {
    const request = readAdminRequest(res, req, options.trustProxy);
    void handle(res, request, options);
  });
  app.any(API_CHANNEL_MESSAGES_PATH, (res) =>
    respond(res, 405, JSON.stringify({ error: { code: 'bad_request', message: 'Only POST is allowed here.' } }), {
      allow: 'POST',
      'content-type': 'application/json; charset=utf-8',
    }),
  );
}

async function handle(res: HttpResponse, request: AdminRequest, options: ApiChannelRouteOptions): Promise<void> {
  try {
    const token = bearerToken(request.headers);
    const channel = token === undefined ? undefined : await options.channels.byToken(token);
    if (!channel)
      throw new ApiError('unauthorized', "Send the channel's token: Authorization: Bearer <API channel token>.");
    const body = await request.body;
    if (body.length > MAX_API_CHANNEL_BODY_BYTES)
      throw new ApiError('payload_too_large', `Messages are limited to ${MAX_API_CHANNEL_BODY_BYTES} bytes.`);
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') throw new ApiError('bad_request', 'Send the message as application/json.');
    // Parsed as every body of the API is: depth bounded, unknown fields refused by name.
    const input = await parseBody(request, ApiChannelMessage);
    const result = await options.inbox.receive(channel, input);
    if (result.status === 'limited')
      throw new ApiError('rate_limited', 'This channel posts too many messages; retry later.', {
        'retry-after': String(Math.max(1, Math.ceil(result.retryAfterMs / 1000))),
      });
    if (result.status === 'refused') {
      const { code, message, retryAfterMs } = result.refusal;
      throw new ApiError(
        code,
        message,
        retryAfterMs === undefined ? undefined : { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
      );
    }
    if (result.status === 'unavailable')
      throw new ApiError('store_unavailable', 'The message could not be stored now; try again later.', {
        'retry-after': '5',
      });
    const { message, duplicate } = result;
    const answer: ApiChannelStored = {
      conversationId: message.conversationId,
      messageId: message.id,
      seq: message.seq,
      duplicate,
    };
    sendReply(res, { status: duplicate ? 200 : 201, body: answer }, request, {});
  } catch (error) {
    if (error instanceof ApiError) {
      if (error.code !== 'payload_too_large' || !request.aborted.value) sendApiError(res, error, request.aborted, {});
      return;
    }
    options.log.error('api channel: request failed', { error: String(error) });
    sendApiError(res, new ApiError('internal'), request.aborted, {});
  }
}
