import { setImmediate as nextTurn } from 'node:timers/promises';
import type { HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { abortFlag, type AbortFlag } from '../http/body-stream.js';
import { jsonNestsDeeper, MAX_JSON_DEPTH } from '../http/json-depth.js';
import { respond } from '../http/respond.js';
import type { Logger } from '../log.js';
import type { SecretSealer } from '../store/secret-sealer.js';
import type { MessagingChannels } from './messaging-channels.js';
import type { MessagingInbox } from './messaging-inbox.js';
import {
  MalformedWebhook,
  type InboundMessage,
  type MessagingProvider,
  type WebhookRequest,
} from './messaging-provider.js';
import type { MessagingReplies } from './messaging-replies.js';

/** Where a provider posts a channel's webhook: `/v1/channels/<provider>/<channel id>/webhook`. */
export function webhookPath(provider: string, channelId: string): string {
  return `/v1/channels/${provider}/${encodeURIComponent(channelId)}/webhook`;
}

/** What {@link registerMessagingWebhooks} needs. */
export interface MessagingWebhookOptions {
  readonly providers: ReadonlyMap<string, MessagingProvider>;
  readonly channels: MessagingChannels;
  readonly inbox: MessagingInbox;
  /** Where a provider's reports on sent replies go ({@link MessagingProvider.receipts}). */
  readonly replies?: MessagingReplies;
  readonly sealer: SecretSealer;
  readonly log: Logger;
  /** The relay's public origin: a request's address as the provider knows it ({@link WebhookRequest.url}). */
  readonly baseUrl?: () => string;
}

/** How long one webhook's messages may take to store (downloads of files included) before it is answered 503. */
const webhookTimeoutMs = 25_000;

const CHANNEL_ID = /^mch_[A-Za-z0-9_-]{1,64}$/;

function answer(
  res: HttpResponse,
  aborted: AbortFlag,
  status: number,
  message: string,
  acknowledgement?: MessagingProvider['acknowledgement'],
): void {
  if (aborted.value) return;
  if (status < 300 && acknowledgement)
    return respond(res, status, acknowledgement.body, { 'content-type': acknowledgement.contentType }, aborted);
  respond(
    res,
    status,
    JSON.stringify(status < 300 ? { ok: true } : { error: { message } }),
    {
      'content-type': 'application/json; charset=utf-8',
    },
    aborted,
  );
}

/**
 * Each provider's webhook (docs/channels.md): `POST /v1/channels/<provider>/<channel id>/webhook`. Refused before
 * any work, in this order: a body over the provider's `maxBodyBytes` (413, reading stops there), a channel that is
 * not this provider's (404), a request the provider's `verify` does not take (401: the secret header or the
 * signature, compared in constant time), JSON nested deeper than 32 levels or not the provider's shape (400);
 * nothing is stored then. Its messages are then stored (200); 503 when they could not be (the provider retries,
 * and its message ids make the retry a duplicate).
 */
export function registerMessagingWebhooks(app: TemplatedApp, options: MessagingWebhookOptions): void {
  for (const provider of options.providers.values()) {
    app.get(`/v1/channels/${provider.id}/:channel/webhook`, (res, req) => {
      const channelId = req.getParameter(0) ?? '';
      const query = new URLSearchParams(req.getQuery() ?? '');
      const aborted = abortFlag(res);
      void handshake(res, aborted, provider, channelId, query, options);
    });
    app.post(`/v1/channels/${provider.id}/:channel/webhook`, (res, req) => {
      const channelId = req.getParameter(0) ?? '';
      const query = req.getQuery() ?? '';
      const url = `${options.baseUrl?.() ?? ''}${req.getUrl()}${query === '' ? '' : `?${query}`}`;
      const headers: Record<string, string> = {};
      req.forEach((name, value) => {
        headers[name] = value;
      });
      const aborted = abortFlag(res);
      const declared = Number(headers['content-length'] ?? '0');
      if (declared > provider.maxBodyBytes) {
        respond(res, 413, JSON.stringify({ error: { message: 'The body is too large.' } }), {
          'content-type': 'application/json; charset=utf-8',
          connection: 'close',
        });
        return;
      }
      const parts: Buffer[] = [];
      let size = 0;
      let done = false;
      res.onData((chunk, isLast) => {
        if (done) return;
        size += chunk.byteLength;
        if (size > provider.maxBodyBytes) {
          done = true;
          if (!aborted.value)
            respond(res, 413, JSON.stringify({ error: { message: 'The body is too large.' } }), {
              'content-type': 'application/json; charset=utf-8',
              connection: 'close',
            });
          return;
        }
        parts.push(Buffer.from(chunk.slice(0)));
        if (!isLast) return;
        done = true;
        void handle(res, aborted, provider, channelId, { headers, body: Buffer.concat(parts), url }, options);
      });
    });
  }
}

/** A provider's check of the webhook's address (`GET`, see {@link MessagingProvider.handshake}). */
async function handshake(
  res: HttpResponse,
  aborted: AbortFlag,
  provider: MessagingProvider,
  channelId: string,
  query: URLSearchParams,
  options: MessagingWebhookOptions,
): Promise<void> {
  try {
    if (!provider.handshake) return answer(res, aborted, 405, 'Only POST is allowed here.');
    const channel = CHANNEL_ID.test(channelId) ? await options.channels.byId(channelId) : undefined;
    if (!channel || channel.provider !== provider.id) return answer(res, aborted, 404, 'No such channel.');
    const said = provider.handshake(query, {
      credentials: JSON.parse(options.sealer.open(channel.credentialsSealed)) as unknown,
      webhookSecret: options.sealer.open(channel.webhookSecretSealed),
    });
    if (said === undefined) return answer(res, aborted, 403, 'The handshake’s token is wrong.');
    if (!aborted.value) respond(res, 200, said, { 'content-type': 'text/plain; charset=utf-8' }, aborted);
  } catch (error) {
    options.log.error('messaging: webhook handshake failed', { provider: provider.id, error: String(error) });
    answer(res, aborted, 500, 'Internal error.');
  }
}

async function handle(
  res: HttpResponse,
  aborted: AbortFlag,
  provider: MessagingProvider,
  channelId: string,
  request: WebhookRequest,
  options: MessagingWebhookOptions,
): Promise<void> {
  const taken = provider.acknowledgement;
  try {
    const channel = CHANNEL_ID.test(channelId) ? await options.channels.byId(channelId) : undefined;
    if (!channel || channel.provider !== provider.id) return answer(res, aborted, 404, 'No such channel.');
    const webhookSecret = options.sealer.open(channel.webhookSecretSealed);
    const credentials = JSON.parse(options.sealer.open(channel.credentialsSealed)) as unknown;
    if (!provider.verify(request, { webhookSecret, credentials }))
      return answer(res, aborted, 401, 'The webhook’s secret or signature is missing or wrong.');
    if (jsonNestsDeeper(request.body.toString('utf8')))
      return answer(res, aborted, 400, `JSON nested deeper than ${MAX_JSON_DEPTH} levels.`);
    let messages: readonly InboundMessage[];
    try {
      const receipts = provider.receipts?.(request, { credentials });
      if (receipts !== undefined) {
        for (const receipt of receipts) {
          // A turn of the loop per report: SQLite answers without one, and a batch of a hundred would hold it.
          await nextTurn();
          const moved = await options.replies?.receipt(channel, receipt);
          if (moved) await options.inbox.customerReceipt(channel, moved.messageId, moved.status);
        }
        if (provider.reportsWithMessages !== true) return answer(res, aborted, 200, '', taken);
      }
      messages = provider.parse(request.body, { credentials });
    } catch (error) {
      if (error instanceof MalformedWebhook) return answer(res, aborted, 400, error.message);
      throw error;
    }
    if (messages.length === 0) return answer(res, aborted, 200, '', taken);
    const signal = AbortSignal.timeout(webhookTimeoutMs);
    for (const message of messages) {
      // A turn of the loop per message, as per report: a batch sent again (all duplicates) would otherwise hold it.
      await nextTurn();
      const result = await options.inbox.receive(channel, provider, credentials, message, signal);
      if (result.status === 'unavailable')
        return answer(res, aborted, 503, 'The message could not be stored now; try again later.');
      if (result.status === 'refused')
        options.log.info('messaging: a message was refused by the screening', {
          siteId: channel.siteId,
          channelId: channel.id,
          code: result.refusal.code,
        });
    }
    answer(res, aborted, 200, '', taken);
  } catch (error) {
    options.log.error('messaging: webhook failed', { provider: provider.id, error: String(error) });
    answer(res, aborted, 500, 'Internal error.');
  }
}
