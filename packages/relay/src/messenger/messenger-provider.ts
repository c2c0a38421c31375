import * as z from 'zod/mini';
import {
  graphCredentials,
  graphId,
  hubChallenge,
  messagingProvider,
  signedByMeta,
  type MessagingProvider,
  type ProviderCall,
} from '../messaging/public.js';
import { parseMessagingEvents, parseMessagingReceipts } from './messenger-events.js';
import type { MessengerPlatform } from './messenger-platform.js';

/**
 * What an admin pastes to connect a Facebook Page, from Meta's app dashboard (Messenger › Messenger API Settings) and
 * the app's basic settings: the Page's id, a Page access token with `pages_messaging` (and `pages_manage_metadata`,
 * which subscribes the app to the Page), the app's secret (which signs webhooks), and the verify token they choose
 * for the webhook's subscription.
 */
export const MessengerCredentials = z.strictObject({ pageId: graphId('Page ID'), ...graphCredentials });
export type MessengerCredentials = z.output<typeof MessengerCredentials>;

/** The largest webhook body taken: Meta batches a Page's events, a few kilobytes each. */
export const MAX_META_WEBHOOK_BYTES = 512 * 1024;

/** The largest file the relay downloads from Meta's CDN (Messenger's attachments are 25 MB at most). */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

/** The webhook fields the app is subscribed to on the Page. */
const FIELDS = 'messages,messaging_postbacks,message_deliveries,message_reads,message_reactions';

/** The Messenger feature's running part, which the provider reaches through `use('messenger')`. */
function messengerOf(call: ProviderCall): MessengerPlatform {
  const feature = call.use('messenger');
  if (!feature) throw new Error('messenger: the feature is not running');
  return feature;
}

/**
 * Facebook Messenger (the Messenger Platform on Meta's Graph API) as a messaging provider (docs/channels.md,
 * "Messenger"): a Page connected by its id, a Page access token and the app's secret (checked with
 * `GET /<page id>` on save, the app subscribed to the Page's messaging events); Meta's subscription handshake answered
 * with the verify token; every webhook's `X-Hub-Signature-256` checked over the raw body in constant time;
 * customers' messages in (text, files downloaded, locations, links, postbacks, reactions), deliveries as receipts;
 * staff texts and files out within Meta's windows.
 */
export const messengerProvider: MessagingProvider = messagingProvider<MessengerCredentials>({
  id: 'messenger',
  label: 'Messenger',
  credentials: MessengerCredentials,
  fields: [
    {
      name: 'pageId',
      label: 'Page ID',
      description:
        'The Facebook Page’s ID (digits): on the Page, About › Page transparency, or in Meta’s app dashboard.',
      secret: false,
    },
    {
      name: 'accessToken',
      label: 'Page access token',
      description:
        'Messenger › Messenger API Settings › Generate token for the Page (a system user’s token with pages_messaging and pages_manage_metadata lasts).',
    },
    {
      name: 'appSecret',
      label: 'App secret',
      description: 'App settings › Basic › App secret (32 characters): it signs every webhook Meta sends.',
    },
    {
      name: 'verifyToken',
      label: 'Verify token',
      description:
        'A phrase of your choosing (8 characters or more): paste the same into the app’s webhook settings with the callback URL.',
    },
  ],
  setup:
    'In Meta’s developer dashboard, create a Business app and add the Messenger product. Under Messenger › Messenger API Settings, add the Facebook Page and generate its access token (pages_messaging, pages_manage_metadata). Paste the Page ID, the token, the app secret (App settings › Basic) and a verify token of your choosing here: the relay checks them with the Graph API and subscribes the app to the Page’s messages. Then, under Messenger › Messenger API Settings › Webhooks, set the callback URL to the channel’s webhook address shown here and the verify token to the same phrase, verify, and subscribe to messages, messaging_postbacks, message_deliveries and message_reads. The relay must be reachable from the internet over HTTPS (PARLEY_PUBLIC_URL). Replies go back for 24 hours after the customer’s last message, and for 7 days with the Human Agent tag, which the app must be granted in App Review.',
  maxBodyBytes: MAX_META_WEBHOOK_BYTES,

  async check({ pageId, accessToken }, call) {
    const answer = await messengerOf(call).api.get<{ name?: unknown; username?: unknown }>(
      accessToken,
      pageId,
      { fields: 'id,name,username' },
      call.signal,
    );
    if (answer.ok) {
      const name = typeof answer.result.name === 'string' ? answer.result.name.slice(0, 100) : '';
      const username = typeof answer.result.username === 'string' ? answer.result.username.slice(0, 80) : '';
      return { account: username ? `m.me/${username}` : `Page ${pageId}`, name: name || 'Messenger' };
    }
    if (answer.reached && (answer.code === 190 || answer.status === 401))
      return { error: 'The token was refused by Messenger: generate the Page’s access token again (pages_messaging).' };
    if (answer.reached && (answer.code === 100 || answer.code === 803))
      return { error: `Messenger does not know the Page ID ${pageId} for this token: ${answer.message}` };
    return { error: `Messenger did not take the Page: ${answer.message}` };
  },

  async connect({ credentials }, call) {
    const answer = await messengerOf(call).api.post<{ success?: boolean }>(
      credentials.accessToken,
      `${credentials.pageId}/subscribed_apps`,
      { subscribed_fields: FIELDS },
      call.signal,
    );
    if (!answer.ok) return { error: `Messenger did not subscribe the app to the Page’s messages: ${answer.message}` };
  },

  async disconnect({ credentials }, call) {
    const answer = await messengerOf(call).api.delete(
      credentials.accessToken,
      `${credentials.pageId}/subscribed_apps`,
      call.signal,
    );
    if (!answer.ok) call.log.warn('messenger: the app was not unsubscribed from the Page', { error: answer.message });
  },

  verify: ({ headers, body }, { credentials }) => signedByMeta(headers, body, credentials.appSecret),
  handshake: (query, { credentials }) => hubChallenge(query, credentials.verifyToken),

  // One body may carry a Page's deliveries and messages both: each read by its own part.
  receipts: ({ body }, { credentials }) =>
    parseMessagingReceipts(body, { object: 'page', id: credentials.pageId, label: 'Messenger' }),
  reportsWithMessages: true,
  parse: (body, { credentials }) =>
    parseMessagingEvents(body, { object: 'page', id: credentials.pageId, label: 'Messenger' }),

  async download(file, _credentials, maxBytes, call) {
    // The address is Meta's CDN's, from a signed webhook: fetched without the token.
    const got = await messengerOf(call).api.download(
      undefined,
      file.ref,
      Math.min(maxBytes, MAX_ATTACHMENT_BYTES),
      call.signal,
    );
    return 'error' in got ? got : { bytes: got.bytes, name: file.name };
  },

  send: (reply, { pageId, accessToken }, call) => messengerOf(call).send(pageId, accessToken, reply, call.signal),
});
