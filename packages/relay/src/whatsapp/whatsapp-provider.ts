import * as z from 'zod/mini';
import type { DeliveryOutcome } from '../outbox/outbox.js';
import {
  checkRefused,
  graphCredentials,
  graphFields,
  graphId,
  messagingProvider,
  metaWebhook,
  type MessagingProvider,
  type OutboundFile,
  type ProviderCall,
  TOO_LARGE,
} from '../messaging/public.js';
import type { GraphAnswer, WhatsAppApi } from './whatsapp-api.js';
import { templatePayload } from './whatsapp-templates.js';
import { parseWhatsAppMessages, parseWhatsAppStatuses } from './whatsapp-webhook.js';
import type { WhatsApp } from './whatsapp.js';

/**
 * What an admin pastes to connect a number, from Meta's app dashboard (WhatsApp, "API Setup") and the app's basic
 * settings: the phone number's id and its business account's id, a (system user's) access token with
 * `whatsapp_business_messaging` and `whatsapp_business_management`, the app's secret (which signs webhooks), and
 * the verify token they choose for the webhook's subscription.
 */
export const WhatsAppCredentials = z.strictObject({
  phoneNumberId: graphId('phone number id'),
  businessAccountId: graphId('WhatsApp Business Account id'),
  ...graphCredentials,
});
export type WhatsAppCredentials = z.output<typeof WhatsAppCredentials>;

/** The largest webhook body taken: Meta batches up to a few hundred kilobytes of changes. */
export const MAX_WHATSAPP_WEBHOOK_BYTES = 512 * 1024;

/** The largest media file the Cloud API holds (documents: 100 MB). */
const MAX_MEDIA_BYTES = 100 * 1024 * 1024;

/** The longest text body a message takes. */
const MAX_TEXT_LENGTH = 4096;

/** Why a free text is refused after the window (the composer, the message path and the delivery say it alike). */
export const OUTSIDE_WINDOW =
  'Outside WhatsApp’s 24-hour customer service window: the customer last wrote more than 24 hours ago, so only an approved template can be sent until they write again (the composer’s “Send a WhatsApp template”). Nothing was sent.';

/** Meta's codes of a rate limit (retried later): the number's throughput, one customer's pair limit, the app's. */
const RATE_LIMITS = new Set([4, 80007, 130429, 131056]);
/** Meta's codes of its own trouble (retried). */
const TRANSIENT = new Set([1, 2, 131000, 131016, 133004]);

/** The WhatsApp feature's running part, which the provider reaches through `use('whatsapp')`. */
function whatsappOf(call: ProviderCall): WhatsApp {
  const feature = call.use('whatsapp');
  if (!feature) throw new Error('whatsapp: the feature is not running');
  return feature;
}

/**
 * An answer of Meta's, for a reply, as the outbox's outcome: a rate limit (130429, 131056, HTTP 429) retried later;
 * Meta's trouble (5xx, 131000) or no answer retried on the outbox's schedule; the window closed (131047) and any
 * other refusal (a revoked token, a number not on WhatsApp) end the reply now, with the reason.
 */
export function replyOutcome(answer: GraphAnswer<unknown>, what: string): DeliveryOutcome | undefined {
  if (answer.ok) return undefined;
  if (!answer.reached) return { status: 'failed', error: answer.message };
  const error = `WhatsApp refused ${what}: ${answer.message} (${answer.code})`;
  if (RATE_LIMITS.has(answer.code) || answer.status === 429)
    return { status: 'failed', error, retryAfterMs: answer.code === 131056 ? 6_000 : 60_000 };
  if (answer.status >= 500 || TRANSIENT.has(answer.code)) return { status: 'failed', error };
  if (answer.code === 131047) return { status: 'failed', error: OUTSIDE_WINDOW, permanent: true };
  if (answer.code === 190 || answer.status === 401)
    return { status: 'failed', error: `The access token was refused by WhatsApp: ${answer.message}`, permanent: true };
  return { status: 'failed', error, permanent: true };
}

/** The Cloud API's message type for a file of a reply: what WhatsApp plays or shows, else a document. */
function mediaType(file: OutboundFile): 'image' | 'video' | 'audio' | 'document' {
  if (/^image\/(jpeg|png)$/.test(file.type) && file.size <= 5 * 1024 * 1024) return 'image';
  if (/^video\/(mp4|3gpp)$/.test(file.type) && file.size <= 16 * 1024 * 1024) return 'video';
  if (/^audio\/(aac|amr|mpeg|mp4|ogg)$/.test(file.type) && file.size <= 16 * 1024 * 1024) return 'audio';
  return 'document';
}

/**
 * WhatsApp Business (Meta's Cloud API) as a messaging provider (docs/channels.md, "WhatsApp"): a number connected
 * by its ids, an access token and the app's secret (checked with `GET /<phone number id>` on save, the app
 * subscribed to the business account's webhooks); Meta's subscription handshake answered with the verify token;
 * every webhook's `X-Hub-Signature-256` checked over the raw body in constant time; customers' messages in (text,
 * media downloaded, location, contacts, replies to buttons and lists), statuses of replies to receipts; staff
 * texts and files out, free text only within the 24-hour window and approved templates after it.
 */
export const whatsappProvider: MessagingProvider = messagingProvider<WhatsAppCredentials>({
  id: 'whatsapp',
  label: 'WhatsApp',
  credentials: WhatsAppCredentials,
  fields: [
    {
      name: 'phoneNumberId',
      label: 'Phone number ID',
      description: 'In Meta’s app dashboard, WhatsApp › API Setup: the “Phone number ID” of the number (digits).',
      secret: false,
    },
    {
      name: 'businessAccountId',
      label: 'WhatsApp Business Account ID',
      description: 'On the same page: the “WhatsApp Business Account ID” (digits); its approved templates are offered.',
      secret: false,
    },
    {
      name: 'accessToken',
      label: 'Access token',
      description:
        'A system user’s permanent token with the permissions whatsapp_business_messaging and whatsapp_business_management (Business settings › System users).',
    },
    ...graphFields,
  ],
  setup:
    'In Meta’s developer dashboard, add the WhatsApp product to a Business app and a phone number to its WhatsApp Business Account. Create a system user’s permanent access token with the permissions whatsapp_business_messaging and whatsapp_business_management. Paste the phone number ID, the business account ID, the token, the app secret and a verify token of your choosing here: the relay checks them with the Graph API and subscribes the app to the account’s webhooks. Then, in the app’s WhatsApp › Configuration, set the callback URL to the channel’s webhook address shown here and the verify token to the same phrase, verify, and subscribe to the “messages” field. The relay must be reachable from the internet over HTTPS (PARLEY_PUBLIC_URL). Customers write to the number; replies go back for 24 hours after their last message, and after that only an approved template can be sent.',
  maxBodyBytes: MAX_WHATSAPP_WEBHOOK_BYTES,

  async check({ phoneNumberId, accessToken }, call) {
    const answer = await whatsappOf(call).api.get<{ display_phone_number?: unknown; verified_name?: unknown }>(
      accessToken,
      phoneNumberId,
      { fields: 'display_phone_number,verified_name' },
      call.signal,
    );
    if (answer.ok) {
      const number = typeof answer.result.display_phone_number === 'string' ? answer.result.display_phone_number : '';
      const name = typeof answer.result.verified_name === 'string' ? answer.result.verified_name : '';
      return { account: (number || phoneNumberId).slice(0, 100), name: (name || number || 'WhatsApp').slice(0, 100) };
    }
    return checkRefused(answer, {
      provider: 'WhatsApp',
      id: `the phone number ID ${phoneNumberId}`,
      thing: 'the number',
      newToken: 'make a new one for the system user, with whatsapp_business_messaging.',
    });
  },

  async connect({ credentials }, call) {
    const answer = await whatsappOf(call).api.post<{ success?: boolean }>(
      credentials.accessToken,
      `${credentials.businessAccountId}/subscribed_apps`,
      {},
      call.signal,
    );
    if (!answer.ok)
      return { error: `WhatsApp did not subscribe the app to the business account’s webhooks: ${answer.message}` };
  },

  ...metaWebhook,

  // One body may carry statuses and messages both (Meta batches a number's changes): each read by its own part.
  receipts: ({ body }, { credentials }) => parseWhatsAppStatuses(body, credentials.phoneNumberId),
  reportsWithMessages: true,
  parse: (body, { credentials }) => parseWhatsAppMessages(body, credentials.phoneNumberId),

  async download(file, { accessToken }, into, call) {
    const api = whatsappOf(call).api;
    const got = await api.get<{ url?: unknown; file_size?: unknown }>(accessToken, file.ref, {}, call.signal);
    if (!got.ok) return { error: `media ${file.ref}: ${got.message}` };
    if (typeof got.result.url !== 'string') return { error: 'WhatsApp gave no url for the media' };
    const limit = Math.min(into.maxBytes, MAX_MEDIA_BYTES);
    if (Number(got.result.file_size ?? 0) > limit) return { error: TOO_LARGE };
    const downloaded = await api.download(accessToken, got.result.url, limit, call.signal, into.path);
    return 'error' in downloaded ? downloaded : { name: file.name };
  },

  // Free text only within the window; a template the inbox sent (recorded before it is stored) at any time.
  async replyRefused({ channelId, handle, conversationId, clientId }, _credentials, call) {
    const whatsapp = whatsappOf(call);
    if (await whatsapp.sends.recorded(conversationId, clientId)) return undefined;
    return (await whatsapp.windowOpen(channelId, handle)) ? undefined : OUTSIDE_WINDOW;
  },

  async send(reply, credentials, call) {
    const whatsapp = whatsappOf(call);
    const { api } = whatsapp;
    const { accessToken, phoneNumberId } = credentials;
    const to = reply.handle;
    const message = (body: Record<string, unknown>) =>
      api.post<{ messages?: Array<{ id?: unknown }> }>(
        accessToken,
        `${phoneNumberId}/messages`,
        { messaging_product: 'whatsapp', recipient_type: 'individual', to, ...body },
        call.signal,
      );
    const parts: { what: string; send: () => Promise<GraphAnswer<{ messages?: Array<{ id?: unknown }> }>> }[] = [];
    const template = await whatsapp.sends.forMessage(reply.messageId);
    if (template) {
      const payload = templatePayload(template.name, template.language, template.variables, template.values);
      parts.push({
        what: `the template ${template.name}`,
        send: () => message({ type: 'template', template: payload }),
      });
    } else {
      if (reply.partsSent === 0 && !(await whatsapp.windowOpen(reply.channelId, reply.handle)))
        return { status: 'failed', error: OUTSIDE_WINDOW, permanent: true };
      for (let at = 0; at < reply.text.length; at += MAX_TEXT_LENGTH) {
        const body = reply.text.slice(at, at + MAX_TEXT_LENGTH);
        parts.push({ what: 'the text', send: () => message({ type: 'text', text: { preview_url: false, body } }) });
      }
      for (const file of reply.files)
        parts.push({
          what: `the file ${file.name}`,
          send: async () => {
            const uploaded = await upload(api, credentials, file, call.signal);
            if (!uploaded.ok) return uploaded;
            const type = mediaType(file);
            const media = { id: uploaded.result.id, ...(type === 'document' ? { filename: file.name } : {}) };
            return message({ type, [type]: media });
          },
        });
    }
    for (const [index, part] of parts.entries()) {
      if (index < reply.partsSent) continue;
      const answer = await part.send();
      const outcome = replyOutcome(answer, part.what);
      if (outcome) return outcome;
      const wamid = answer.ok ? answer.result.messages?.[0]?.id : undefined;
      await reply.partSent(typeof wamid === 'string' ? wamid.slice(0, 256) : undefined);
    }
    return { status: 'delivered', detail: `${parts.length} part(s) sent` };
  },
});

/** Uploads a reply's file to the number's media (`POST /<phone number id>/media`, multipart): its id. */
async function upload(
  api: WhatsAppApi,
  { accessToken, phoneNumberId }: WhatsAppCredentials,
  file: OutboundFile,
  signal: AbortSignal,
): Promise<GraphAnswer<{ id: string }>> {
  const form = new FormData();
  form.set('messaging_product', 'whatsapp');
  form.set('type', file.type);
  form.set('file', new Blob([await file.read()], { type: file.type }), file.name);
  const answer = await api.post<{ id?: unknown }>(accessToken, `${phoneNumberId}/media`, form, signal);
  if (!answer.ok) return answer;
  return typeof answer.result.id === 'string'
    ? { ok: true, result: { id: answer.result.id } }
    : { ok: false, reached: true, status: 200, code: 0, message: 'the upload gave no media id' };
}
