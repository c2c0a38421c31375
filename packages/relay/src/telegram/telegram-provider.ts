import { createHash, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import type { DeliveryOutcome } from '../outbox/outbox.js';
import {
  messagingProvider,
  type MessagingProvider,
  type OutboundFile,
  type ProviderCall,
  TOO_LARGE,
} from '../messaging/public.js';
import type { TelegramAnswer, TelegramApi } from './telegram-api.js';
import { parseTelegramUpdate } from './telegram-updates.js';

/** What an admin pastes to connect a bot: its token from @BotFather. */
export const TelegramCredentials = z.strictObject({
  token: z
    .string()
    .check(z.regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, 'must be a bot token from @BotFather (123456789:AAE…)')),
});
export type TelegramCredentials = z.output<typeof TelegramCredentials>;

/** The header Telegram sends a webhook's secret token in (`setWebhook`'s `secret_token`). */
export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** The largest update body taken: an update is a few kilobytes (a 4,096-character text, a photo's sizes). */
export const MAX_TELEGRAM_UPDATE_BYTES = 256 * 1024;

/** The largest file a bot may download (Telegram's limit for `getFile`). */
const MAX_BOT_DOWNLOAD_BYTES = 20 * 1024 * 1024;

/** The longest text `sendMessage` takes. */
const MAX_MESSAGE_LENGTH = 4096;

/** The feature's client of the Bot API, which the provider reaches through `use('telegram')`. */
function apiOf(call: ProviderCall): TelegramApi {
  const feature = call.use('telegram');
  if (!feature) throw new Error('telegram: the feature is not running');
  return feature.api;
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * An answer of Telegram's, for a reply, as the outbox's outcome: flood control (429) retried after its
 * `retry_after`; Telegram's own trouble (5xx) or no answer retried on the outbox's schedule; any other refusal
 * (403 "Forbidden: bot was blocked by the user", 400 "Bad Request: chat not found", 401 a revoked token) is one no
 * retry mends: the reply fails now, with Telegram's description.
 */
export function replyOutcome(answer: TelegramAnswer<unknown>, what: string): DeliveryOutcome | undefined {
  if (answer.ok) return undefined;
  const error = `Telegram refused ${what}: ${answer.description}`;
  if (answer.code === 429)
    return {
      status: 'failed',
      error,
      ...(answer.retryAfterMs !== undefined ? { retryAfterMs: answer.retryAfterMs } : {}),
    };
  if (!answer.reached || answer.code >= 500) return { status: 'failed', error: answer.description };
  return { status: 'failed', error, permanent: true };
}

/**
 * Telegram (Bot API) as a messaging provider (docs/channels.md, "Telegram"): a bot connected by its token
 * (`getMe`), its webhook registered with `setWebhook` and a secret token of the relay's, checked on every update in
 * constant time; customers' texts, photos and documents in; staff texts (`sendMessage`) and files (`sendPhoto`,
 * `sendDocument`, multipart) out.
 */
export const telegramProvider: MessagingProvider = messagingProvider<TelegramCredentials>({
  id: 'telegram',
  label: 'Telegram',
  credentials: TelegramCredentials,
  fields: [
    {
      name: 'token',
      label: 'Bot token',
      description: 'The token @BotFather gave when the bot was made (/newbot), like 123456789:AAE…',
    },
  ],
  setup:
    'In Telegram, talk to @BotFather: /newbot, choose a name and a username, and copy the token it gives. Paste it here: the relay checks it with Telegram (getMe) and registers its own webhook for the bot (setWebhook, with a secret token), so nothing else is to be set on Telegram’s side. The relay must be reachable from the internet over HTTPS (PARLEY_PUBLIC_URL, on port 443, 80, 88 or 8443). A bot has one webhook: connecting the same bot to another relay or tool takes it over. Customers find the bot by its username (t.me/<username>) and write to it in a private chat.',
  maxBodyBytes: MAX_TELEGRAM_UPDATE_BYTES,

  async check({ token }, call) {
    const answer = await apiOf(call).call<{ username?: string; first_name?: string; is_bot?: boolean }>(
      token,
      'getMe',
      {},
      call.signal,
    );
    if (answer.ok)
      return {
        account: answer.result.username ? `@${answer.result.username}` : 'bot',
        name: (answer.result.first_name ?? answer.result.username ?? 'Telegram').slice(0, 100),
      };
    if (answer.reached && (answer.code === 401 || answer.code === 404))
      return { error: 'The token was refused by Telegram: check it with @BotFather (/token).' };
    return { error: `Telegram did not take the token: ${answer.description}` };
  },

  async connect({ credentials, webhookUrl, webhookSecret }, call) {
    const answer = await apiOf(call).call<boolean>(
      credentials.token,
      'setWebhook',
      { url: webhookUrl, secret_token: webhookSecret, allowed_updates: ['message'] },
      call.signal,
    );
    if (!answer.ok)
      return { error: `Telegram did not take the relay’s webhook (${webhookUrl}): ${answer.description}` };
  },

  async disconnect({ credentials }, call) {
    const answer = await apiOf(call).call<boolean>(credentials.token, 'deleteWebhook', {}, call.signal);
    if (!answer.ok) call.log.warn('telegram: deleteWebhook failed', { error: answer.description });
  },

  verify({ headers }, { webhookSecret }) {
    const given = headers[SECRET_HEADER];
    if (given === undefined || given === '') return false;
    // Both digested first: equal lengths, so the comparison's time says nothing of the secret.
    return timingSafeEqual(digest(given), digest(webhookSecret));
  },

  parse: parseTelegramUpdate,

  async download(file, { token }, into, call) {
    const api = apiOf(call);
    const got = await api.call<{ file_path?: string; file_size?: number }>(
      token,
      'getFile',
      { file_id: file.ref },
      call.signal,
    );
    if (!got.ok) return { error: `getFile: ${got.description}` };
    if (!got.result.file_path) return { error: 'getFile gave no file_path' };
    const limit = Math.min(into.maxBytes, MAX_BOT_DOWNLOAD_BYTES);
    if ((got.result.file_size ?? 0) > limit) return { error: TOO_LARGE };
    const downloaded = await api.download(token, got.result.file_path, limit, call.signal, into.path);
    return 'error' in downloaded ? downloaded : { name: file.name };
  },

  async send(reply, { token }, call) {
    const api = apiOf(call);
    const parts: { what: string; send: () => Promise<TelegramAnswer<unknown>> }[] = [];
    const chatId = reply.handle;
    for (let at = 0; at < reply.text.length; at += MAX_MESSAGE_LENGTH) {
      const text = reply.text.slice(at, at + MAX_MESSAGE_LENGTH);
      parts.push({
        what: 'the text',
        send: () => api.call(token, 'sendMessage', { chat_id: chatId, text }, call.signal),
      });
    }
    for (const file of reply.files)
      parts.push({
        what: `the file ${file.name}`,
        send: async () => api.call(token, ...(await upload(chatId, file)), call.signal),
      });
    for (const [index, part] of parts.entries()) {
      if (index < reply.partsSent) continue;
      const outcome = replyOutcome(await part.send(), part.what);
      if (outcome) return outcome;
      await reply.partSent();
    }
    return { status: 'delivered', detail: `${parts.length} part(s) sent` };
  },
});

/** A file of a reply as a multipart call: images (not GIFs, which Telegram animates) with `sendPhoto`, others `sendDocument`. */
async function upload(chatId: string, file: OutboundFile): Promise<[string, FormData]> {
  const photo = /^image\/(jpeg|png|webp)$/.test(file.type) && file.size <= 10 * 1024 * 1024;
  const form = new FormData();
  form.set('chat_id', chatId);
  form.set(photo ? 'photo' : 'document', new Blob([await file.read()], { type: file.type }), file.name);
  return [photo ? 'sendPhoto' : 'sendDocument', form];
}
