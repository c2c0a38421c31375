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
import {
  MAX_ATTACHMENT_BYTES,
  MAX_META_WEBHOOK_BYTES,
  parseMessagingEvents,
  parseMessagingReceipts,
  type MessengerPlatform,
  type WebhookAccount,
} from '../messenger/public.js';

/**
 * What an admin pastes to connect an Instagram professional account (through the Messenger API for Instagram): the
 * Facebook Page it is linked to and the account's id, a Page access token with `instagram_basic`,
 * `instagram_manage_messages` and `pages_manage_metadata`, the app's secret and the verify token they choose.
 */
export const InstagramCredentials = z.strictObject({
  pageId: graphId('Page ID'),
  instagramAccountId: graphId('Instagram account ID'),
  ...graphCredentials,
});
export type InstagramCredentials = z.output<typeof InstagramCredentials>;

/** The Instagram feature's running part, which the provider reaches through `use('instagram')`. */
function instagramOf(call: ProviderCall): MessengerPlatform {
  const feature = call.use('instagram');
  if (!feature) throw new Error('instagram: the feature is not running');
  return feature;
}

/** The account a channel's webhooks are read for: Meta's `instagram` object, entries of the professional account. */
const account = (credentials: InstagramCredentials): WebhookAccount => ({
  object: 'instagram',
  id: credentials.instagramAccountId,
  label: 'Instagram',
});

/**
 * Instagram direct messages (the Messenger API for Instagram, on Meta's Graph API) as a messaging provider
 * (docs/channels.md, "Instagram"): an Instagram professional account connected through its Facebook Page (checked
 * with `GET /<page id>?fields=instagram_business_account` on save, the app subscribed to the Page); Meta's handshake
 * and `X-Hub-Signature-256` as for Messenger; customers' messages in, `messaging_seen` as read receipts; staff texts
 * and images out within Meta's windows. Its webhooks and its Send API are Messenger's (`messenger/public.ts`).
 */
export const instagramProvider: MessagingProvider = messagingProvider<InstagramCredentials>({
  id: 'instagram',
  label: 'Instagram',
  credentials: InstagramCredentials,
  fields: [
    {
      name: 'pageId',
      label: 'Facebook Page ID',
      description: 'The ID (digits) of the Facebook Page the Instagram account is linked to.',
      secret: false,
    },
    {
      name: 'instagramAccountId',
      label: 'Instagram account ID',
      description:
        'The professional account’s ID (digits): Messenger › Instagram settings in Meta’s app dashboard, or GET /<page id>?fields=instagram_business_account.',
      secret: false,
    },
    {
      name: 'accessToken',
      label: 'Page access token',
      description:
        'The linked Page’s token with instagram_basic, instagram_manage_messages and pages_manage_metadata (a system user’s lasts).',
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
        'A phrase of your choosing (8 characters or more): paste the same into the app’s Instagram webhook settings.',
    },
  ],
  setup:
    'Make the Instagram account a professional (business or creator) account, link it to a Facebook Page, and in the Instagram app turn on Settings › Messages and calls › Connected tools › Allow access to messages. In Meta’s developer dashboard, create a Business app with the Messenger product and its Instagram settings; generate the Page’s access token (instagram_basic, instagram_manage_messages, pages_manage_metadata). Paste the Page ID, the Instagram account ID, the token, the app secret (App settings › Basic) and a verify token of your choosing here: the relay checks that the Page is linked to that account and subscribes the app to the Page. Then, under Webhooks, choose the Instagram object, set the callback URL to the channel’s webhook address shown here and the verify token to the same phrase, verify, and subscribe to messages, messaging_postbacks, messaging_seen and message_reactions. The relay must be reachable from the internet over HTTPS (PARLEY_PUBLIC_URL). Replies go back for 24 hours after the customer’s last message, and for 7 days with the Human Agent tag, which the app must be granted in App Review.',
  maxBodyBytes: MAX_META_WEBHOOK_BYTES,

  async check({ pageId, instagramAccountId, accessToken }, call) {
    const answer = await instagramOf(call).api.get<{
      instagram_business_account?: { id?: unknown; username?: unknown; name?: unknown };
    }>(accessToken, pageId, { fields: 'name,instagram_business_account{id,username,name}' }, call.signal);
    if (answer.ok) {
      const linked = answer.result.instagram_business_account;
      if (linked?.id === undefined)
        return {
          error: `The Page ${pageId} has no Instagram professional account linked: link it in the Page’s settings.`,
        };
      if (String(linked.id) !== instagramAccountId)
        return {
          error: `The Page ${pageId} is linked to the Instagram account ${String(linked.id).slice(0, 30)}, not ${instagramAccountId}.`,
        };
      const username = typeof linked.username === 'string' ? linked.username.slice(0, 80) : '';
      const name = typeof linked.name === 'string' ? linked.name.slice(0, 100) : '';
      return { account: username ? `@${username}` : instagramAccountId, name: name || username || 'Instagram' };
    }
    if (answer.reached && (answer.code === 190 || answer.status === 401))
      return {
        error:
          'The token was refused by Instagram: generate the Page’s access token again (instagram_manage_messages).',
      };
    if (answer.reached && (answer.code === 100 || answer.code === 803))
      return { error: `Instagram does not know the Page ID ${pageId} for this token: ${answer.message}` };
    return { error: `Instagram did not take the account: ${answer.message}` };
  },

  async connect({ credentials }, call) {
    const answer = await instagramOf(call).api.post<{ success?: boolean }>(
      credentials.accessToken,
      `${credentials.pageId}/subscribed_apps`,
      { subscribed_fields: 'messages' },
      call.signal,
    );
    if (!answer.ok) return { error: `Instagram did not subscribe the app to the Page: ${answer.message}` };
  },

  verify: ({ headers, body }, { credentials }) => signedByMeta(headers, body, credentials.appSecret),
  handshake: (query, { credentials }) => hubChallenge(query, credentials.verifyToken),

  // One body may carry an account's read reports and messages both: each read by its own part.
  receipts: ({ body }, { credentials }) => parseMessagingReceipts(body, account(credentials)),
  reportsWithMessages: true,
  parse: (body, { credentials }) => parseMessagingEvents(body, account(credentials)),

  async download(file, _credentials, maxBytes, call) {
    // The address is Meta's CDN's, from a signed webhook: fetched without the token.
    const limit = Math.min(maxBytes, MAX_ATTACHMENT_BYTES);
    const got = await instagramOf(call).api.download(undefined, file.ref, limit, call.signal);
    return 'error' in got ? got : { bytes: got.bytes, name: file.name };
  },

  send: (reply, { pageId, accessToken }, call) => instagramOf(call).send(pageId, accessToken, reply, call.signal),
});
