import * as z from 'zod/mini';
import {
  checkRefused,
  graphCredentials,
  graphFields,
  graphId,
  messagingProvider,
  type MessagingProvider,
} from '../messaging/public.js';
import { platformOf, platformProvider } from '../messenger/public.js';

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
    ...graphFields,
  ],
  setup:
    'Make the Instagram account a professional (business or creator) account, link it to a Facebook Page, and in the Instagram app turn on Settings › Messages and calls › Connected tools › Allow access to messages. In Meta’s developer dashboard, create a Business app with the Messenger product and its Instagram settings; generate the Page’s access token (instagram_basic, instagram_manage_messages, pages_manage_metadata). Paste the Page ID, the Instagram account ID, the token, the app secret (App settings › Basic) and a verify token of your choosing here: the relay checks that the Page is linked to that account and subscribes the app to the Page. Then, under Webhooks, choose the Instagram object, set the callback URL to the channel’s webhook address shown here and the verify token to the same phrase, verify, and subscribe to messages, messaging_postbacks, messaging_seen and message_reactions. The relay must be reachable from the internet over HTTPS (PARLEY_PUBLIC_URL). Replies go back for 24 hours after the customer’s last message, and for 7 days with the Human Agent tag, which the app must be granted in App Review.',

  async check({ pageId, instagramAccountId, accessToken }, call) {
    const answer = await platformOf(call, 'instagram').api.get<{
      instagram_business_account?: { id?: unknown; username?: unknown; name?: unknown };
    }>(accessToken, pageId, { fields: 'name,instagram_business_account{id,username,name}' }, call.signal);
    if (!answer.ok)
      return checkRefused(answer, {
        provider: 'Instagram',
        id: `the Page ID ${pageId}`,
        thing: 'the account',
        newToken: 'generate the Page’s access token again (instagram_manage_messages).',
      });
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
  },

  // The professional account's events read from `instagram` webhooks; replies sent with `use('instagram')`.
  ...platformProvider<InstagramCredentials>('instagram', 'messages', ({ instagramAccountId }) => ({
    object: 'instagram',
    id: instagramAccountId,
    label: 'Instagram',
  })),
});
