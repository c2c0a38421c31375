import { waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { mount } from '../admin-fixture.js';
import { settle, showPage } from '../helpers.js';

// Messenger and Instagram (issue #84), at 1280 px and 390 px, light and dark: Settings → Messaging channels with a
// Page and an Instagram account connected, Instagram's form filled in and its setup guidance open.

const shot = (name: string) => executeServerCommand('screenshot', { name });

const secret = (name: string, label: string, description: string) => ({ name, label, description });
const shown = (name: string, label: string, description: string) => ({ name, label, description, secret: false });

const PROVIDERS = [
  {
    id: 'messenger',
    label: 'Messenger',
    setup:
      'In Meta’s developer dashboard, create a Business app and add the Messenger product. Under Messenger › Messenger API Settings, add the Facebook Page and generate its access token. Paste the Page ID, the token, the app secret and a verify token here; then set the callback URL to the channel’s webhook address and subscribe to messages, messaging_postbacks, message_deliveries and message_reads.',
    fields: [
      shown('pageId', 'Page ID', 'The Facebook Page’s ID (digits).'),
      secret('accessToken', 'Page access token', 'Generate token for the Page (pages_messaging).'),
      secret('appSecret', 'App secret', 'App settings › Basic › App secret (32 characters).'),
      secret('verifyToken', 'Verify token', 'A phrase of your choosing, pasted in Meta too.'),
    ],
  },
  {
    id: 'instagram',
    label: 'Instagram',
    setup:
      'Make the Instagram account a professional account, link it to a Facebook Page, and allow access to messages. In Meta’s developer dashboard, generate the Page’s token (instagram_basic, instagram_manage_messages). Paste the IDs, the token, the app secret and a verify token here; then choose the Instagram object under Webhooks and subscribe to messages and messaging_seen.',
    fields: [
      shown('pageId', 'Facebook Page ID', 'The Page the account is linked to (digits).'),
      shown('instagramAccountId', 'Instagram account ID', 'The professional account’s ID (digits).'),
      secret('accessToken', 'Page access token', 'The linked Page’s token.'),
      secret('appSecret', 'App secret', 'App settings › Basic › App secret (32 characters).'),
      secret('verifyToken', 'Verify token', 'A phrase of your choosing, pasted in Meta too.'),
    ],
  },
];

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`Messenger and Instagram screenshots, ${width} px, ${theme}`, () => {
      it('the settings page: a Page and an account connected, an account being connected', async () => {
        await setViewport({ width, height: 1400 });
        const { el, api } = await mount();
        api.messagingProviders = PROVIDERS;
        api.messagingChannelList = [
          ['mch_1', 'messenger', 'Parley Help', 'm.me/parleyhelp'],
          ['mch_2', 'instagram', 'Parley Shop', '@parley.shop'],
        ].map(([id, provider, name, account]) => ({
          id: id!,
          provider: provider!,
          name: name!,
          account: account!,
          webhookUrl: `https://chat.example.com/v1/channels/${provider}/${id}/webhook`,
          createdAt: Date.now() - 86_400_000,
        }));
        el.setAttribute('theme', theme);
        const page = await showPage(el, 'Messaging channels', 'chat-admin-messaging-channels');
        const root = page.shadowRoot!;
        await waitUntil(() => root.querySelector('[data-id=mch_2]'), 'the channels');
        const form = root.querySelector('form[data-provider=instagram]') as HTMLFormElement;
        (form.querySelector('#connect-instagram-pageId') as HTMLInputElement).value = '104567890123499';
        (form.querySelector('#connect-instagram-instagramAccountId') as HTMLInputElement).value = '17841405822304914';
        (form.querySelector('details') as HTMLDetailsElement).open = true;
        await settle(page);
        await shot(`messaging-meta-settings-${width}-${theme}`);
      });
    });
