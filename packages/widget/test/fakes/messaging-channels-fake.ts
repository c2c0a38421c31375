import type { MessagingChannel, MessagingProviderInfo } from '@parley/protocol/admin';
import { AdminApiError } from '../../src/chat-admin/chat-admin.js';
import type { FakeBase, FakeRoutes } from './fake-requests.js';

/** The token the fake Telegram takes (any other is refused, as Telegram's `getMe` refuses it). */
export const FAKE_TELEGRAM_TOKEN = '110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

/** The Auth Token the fake Twilio takes. */
export const FAKE_TWILIO_AUTH_TOKEN = '0f'.repeat(16);

/** The Page access token the fake Messenger and Instagram take. */
export const FAKE_META_TOKEN = 'EAAGm0PX4ZCpsBAPageTOKENforTHEfakeONLY0123456789';

/**
 * Messaging channels (`/messaging-providers`, `/messaging-channels`) of the fake admin API: Telegram as the relay's
 * provider; a channel's credentials are taken and never answered, as the relay does.
 */
export function withMessagingChannels<B extends FakeBase>(Base: B) {
  return class extends Base {
    messagingProviders: MessagingProviderInfo[] = [
      {
        id: 'telegram',
        label: 'Telegram',
        setup:
          'In Telegram, talk to @BotFather: /newbot, choose a name and a username, and copy the token it gives. Paste it here: the relay checks it with Telegram and registers its own webhook for the bot.',
        fields: [
          {
            name: 'token',
            label: 'Bot token',
            description: 'The token @BotFather gave when the bot was made (/newbot), like 123456789:AAE…',
          },
        ],
      },
      {
        id: 'twilio',
        label: 'SMS (Twilio)',
        setup:
          'Paste the Account SID and Auth Token from the Twilio Console and the number customers text, in E.164. Then set the number’s “A message comes in” to the channel’s webhook address, HTTP POST.',
        fields: [
          { name: 'accountSid', label: 'Account SID', description: 'AC followed by 32 characters.', secret: false },
          { name: 'authToken', label: 'Auth Token', description: 'Next to the Account SID (Show).' },
          { name: 'phoneNumber', label: 'Phone number', description: 'In E.164: +15550006666.', secret: false },
          {
            name: 'messagingServiceSid',
            label: 'Messaging Service SID (optional)',
            description: 'MG…: replies are sent through this Messaging Service.',
            secret: false,
            optional: true,
          },
        ],
        webhookHint:
          'In the Twilio Console, on this number’s page, set “A message comes in” to Webhook, this address, HTTP POST, and save.',
      },
    ];
    messagingChannelList: MessagingChannel[] = [];
    /** The credentials each create was sent (what the page sent, never answered). */
    messagingCredentials: Array<Record<string, string>> = [];

    constructor(...args: any[]) {
      super(...args);
      Object.assign(this.routes, {
        'GET /messaging-providers': async () => ({ items: this.messagingProviders }),
        'GET /messaging-channels': async () => ({
          items: this.messagingChannelList.map((channel) => ({ ...channel })),
        }),
        'POST /messaging-channels': async (c) => {
          const body = c.body as { provider: string; name?: string; credentials: Record<string, string> };
          this.messagingCredentials.push(body.credentials);
          if (body.provider === 'twilio') {
            if (body.credentials.authToken !== FAKE_TWILIO_AUTH_TOKEN)
              throw new AdminApiError(
                'bad_request',
                'The credentials were refused by Twilio: check the Account SID and Auth Token (Console, Account info).',
                400,
              );
            const id = `mch_${this.messagingChannelList.length + 1}`;
            const channel: MessagingChannel = {
              id,
              provider: 'twilio',
              name: body.name ?? 'Support line',
              account: body.credentials.phoneNumber ?? '',
              webhookUrl: `https://chat.example.com/v1/channels/twilio/${id}/webhook`,
              createdAt: Date.now(),
            };
            this.messagingChannelList.push(channel);
            return channel;
          }
          if (body.provider === 'messenger' || body.provider === 'instagram') {
            const label = body.provider === 'messenger' ? 'Messenger' : 'Instagram';
            if (body.credentials.accessToken !== FAKE_META_TOKEN)
              throw new AdminApiError(
                'bad_request',
                `The token was refused by ${label}: generate the Page’s access token again.`,
                400,
              );
            const id = `mch_${this.messagingChannelList.length + 1}`;
            const channel: MessagingChannel = {
              id,
              provider: body.provider,
              name: body.name ?? 'Parley Shop',
              account: body.provider === 'messenger' ? 'm.me/parleyshop' : '@parley.shop',
              webhookUrl: `https://chat.example.com/v1/channels/${body.provider}/${id}/webhook`,
              createdAt: Date.now(),
            };
            this.messagingChannelList.push(channel);
            return channel;
          }
          if (body.credentials.token !== FAKE_TELEGRAM_TOKEN)
            throw new AdminApiError(
              'bad_request',
              'The token was refused by Telegram: check it with @BotFather (/token).',
              400,
            );
          const id = `mch_${this.messagingChannelList.length + 1}`;
          const channel: MessagingChannel = {
            id,
            provider: body.provider,
            name: body.name ?? 'Parley Help',
            account: '@parley_help_bot',
            webhookUrl: `https://chat.example.com/v1/channels/telegram/${id}/webhook`,
            createdAt: Date.now(),
          };
          this.messagingChannelList.push(channel);
          return channel;
        },
        'DELETE /messaging-channels/{id}': async (c) => {
          const before = this.messagingChannelList.length;
          this.messagingChannelList = this.messagingChannelList.filter((channel) => channel.id !== c.ref);
          if (this.messagingChannelList.length === before)
            throw new AdminApiError('not_found', 'No such messaging channel on this site.', 404);
        },
      } satisfies FakeRoutes);
    }
  };
}
