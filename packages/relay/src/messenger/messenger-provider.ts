import * as z from 'zod/mini';
import {
  checkRefused,
  graphCredentials,
  graphFields,
  graphId,
  messagingProvider,
  type MessagingProvider,
} from '../messaging/public.js';
import { platformOf, platformProvider } from './platform-provider.js';

/**
 * What an admin pastes to connect a Facebook Page, from Meta's app dashboard (Messenger › Messenger API Settings) and
 * the app's basic settings: the Page's id, a Page access token with `pages_messaging` (and `pages_manage_metadata`,
 * which subscribes the app to the Page), the app's secret (which signs webhooks), and the verify token they choose
 * for the webhook's subscription.
 */
export const MessengerCredentials = z.strictObject({ pageId: graphId('Page ID'), ...graphCredentials });
export type MessengerCredentials = z.output<typeof MessengerCredentials>;

/** The webhook fields the app is subscribed to on the Page. */
const FIELDS = 'messages,messaging_postbacks,message_deliveries,message_reads,message_reactions';

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
    ...graphFields,
  ],
  setup:
    'In Meta’s developer dashboard, create a Business app and add the Messenger product. Under Messenger › Messenger API Settings, add the Facebook Page and generate its access token (pages_messaging, pages_manage_metadata). Paste the Page ID, the token, the app secret (App settings › Basic) and a verify token of your choosing here: the relay checks them with the Graph API and subscribes the app to the Page’s messages. Then, under Messenger › Messenger API Settings › Webhooks, set the callback URL to the channel’s webhook address shown here and the verify token to the same phrase, verify, and subscribe to messages, messaging_postbacks, message_deliveries and message_reads. The relay must be reachable from the internet over HTTPS (PARLEY_PUBLIC_URL). Replies go back for 24 hours after the customer’s last message, and for 7 days with the Human Agent tag, which the app must be granted in App Review.',

  async check({ pageId, accessToken }, call) {
    const answer = await platformOf(call, 'messenger').api.get<{ name?: unknown; username?: unknown }>(
      accessToken,
      pageId,
      { fields: 'id,name,username' },
      call.signal,
    );
    if (!answer.ok)
      return checkRefused(answer, {
        provider: 'Messenger',
        id: `the Page ID ${pageId}`,
        thing: 'the Page',
        newToken: 'generate the Page’s access token again (pages_messaging).',
      });
    const name = typeof answer.result.name === 'string' ? answer.result.name.slice(0, 100) : '';
    const username = typeof answer.result.username === 'string' ? answer.result.username.slice(0, 80) : '';
    return { account: username ? `m.me/${username}` : `Page ${pageId}`, name: name || 'Messenger' };
  },

  async disconnect({ credentials }, call) {
    const answer = await platformOf(call, 'messenger').api.delete(
      credentials.accessToken,
      `${credentials.pageId}/subscribed_apps`,
      call.signal,
    );
    if (!answer.ok) call.log.warn('messenger: the app was not unsubscribed from the Page', { error: answer.message });
  },

  // The Page's events read from `page` webhooks; replies sent with `use('messenger')`.
  ...platformProvider<MessengerCredentials>('messenger', FIELDS, ({ pageId }) => ({
    object: 'page',
    id: pageId,
    label: 'Messenger',
  })),
});
