import { metaWebhook, type MessagingProvider, type ProviderCall } from '../messaging/public.js';
import { parseMessagingEvents, parseMessagingReceipts, type WebhookAccount } from './messenger-events.js';
import { MAX_META_WEBHOOK_BYTES, type MessengerPlatform } from './messenger-platform.js';

/** What every provider on the Messenger Platform is connected with: a Page, its token, the app's secret. */
export interface PlatformCredentials {
  readonly pageId: string;
  readonly accessToken: string;
  readonly appSecret: string;
  readonly verifyToken: string;
}

/** The members a provider on the Messenger Platform shares with the others (see {@link platformProvider}). */
type Shared =
  | 'maxBodyBytes'
  | 'connect'
  | 'verify'
  | 'handshake'
  | 'receipts'
  | 'reportsWithMessages'
  | 'parse'
  | 'download'
  | 'profile'
  | 'send';

/** The running part of the feature `name` (`use('messenger')`, `use('instagram')`). */
export function platformOf(call: ProviderCall, name: 'messenger' | 'instagram'): MessengerPlatform {
  const feature = call.use(name);
  if (!feature) throw new Error(`${name}: the feature is not running`);
  return feature;
}

/**
 * The members of a provider on the Messenger Platform (Messenger, Instagram) that are the same for each: the app
 * subscribed to the Page's webhook `fields` on connecting, Meta's signature and handshake, the webhook's events read
 * for the channel's `account` (deliveries and reads, then messages, from one body), files downloaded from Meta's CDN
 * customers' names from the User Profile API, and replies sent with the feature's {@link MessengerPlatform}. A provider adds its id, words, credentials and check.
 */
export function platformProvider<Credentials extends PlatformCredentials>(
  name: 'messenger' | 'instagram',
  fields: string,
  account: (credentials: Credentials) => WebhookAccount,
): Pick<MessagingProvider<Credentials>, Shared> {
  return {
    maxBodyBytes: MAX_META_WEBHOOK_BYTES,
    connect: ({ credentials }, call) =>
      platformOf(call, name).subscribe(credentials.pageId, credentials.accessToken, fields, call.signal),
    ...metaWebhook,
    receipts: ({ body }, { credentials }) => parseMessagingReceipts(body, account(credentials)),
    // One body may carry reports and messages both (Meta batches an account's events): each read by its own part.
    reportsWithMessages: true,
    parse: (body, { credentials }) => parseMessagingEvents(body, account(credentials)),
    download: (file, _credentials, into, call) => platformOf(call, name).download(file, into, call.signal),
    // The customer's name, once per new contact, by the outbox (off the message's path).
    profile: (handle, { accessToken }, call) => platformOf(call, name).profile(handle, accessToken, call.signal),
    send: (reply, { pageId, accessToken }, call) =>
      platformOf(call, name).send(pageId, accessToken, reply, call.signal),
  };
}
