import { waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { conversation, mount, open } from '../admin-fixture.js';
import { whatsappWindow } from '../fakes/whatsapp-fake.js';
import { $, $$, settle, showPage } from '../helpers.js';

// WhatsApp (issue #84), at 1280 px and 390 px, light and dark: connecting a number on Settings → Messaging channels,
// with its setup guidance open; a WhatsApp customer's conversation outside the 24-hour window, a template picked and
// filled in above the composer, whose Send is held with the reason.

const shot = (name: string) => executeServerCommand('screenshot', { name });

const WHATSAPP = {
  id: 'whatsapp',
  label: 'WhatsApp',
  setup:
    'In Meta’s developer dashboard, add the WhatsApp product to a Business app. Create a system user’s permanent access token with whatsapp_business_messaging and whatsapp_business_management. Paste the IDs, the token, the app secret and a verify token here; then, in the app’s WhatsApp › Configuration, set the callback URL to the channel’s webhook address and the same verify token, and subscribe to “messages”.',
  fields: [
    {
      name: 'phoneNumberId',
      label: 'Phone number ID',
      description: 'WhatsApp › API Setup: the number’s ID (digits).',
      secret: false,
    },
    {
      name: 'businessAccountId',
      label: 'WhatsApp Business Account ID',
      description: 'On the same page (digits).',
      secret: false,
    },
    { name: 'accessToken', label: 'Access token', description: 'A system user’s permanent token.' },
    { name: 'appSecret', label: 'App secret', description: 'App settings › Basic › App secret.' },
    { name: 'verifyToken', label: 'Verify token', description: 'A phrase of your choosing, pasted in Meta too.' },
  ],
};

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`WhatsApp screenshots, ${width} px, ${theme}`, () => {
      it('the settings page: connecting a WhatsApp number', async () => {
        await setViewport({ width, height: 1200 });
        const { el, api } = await mount();
        api.messagingProviders = [WHATSAPP];
        api.messagingChannelList = [
          {
            id: 'mch_1',
            provider: 'whatsapp',
            name: 'Parley Help',
            account: '+1 555-078-3881',
            webhookUrl: 'https://chat.example.com/v1/channels/whatsapp/mch_1/webhook',
            createdAt: Date.now() - 86_400_000,
          },
        ];
        el.setAttribute('theme', theme);
        const page = await showPage(el, 'Messaging channels', 'chat-admin-messaging-channels');
        const root = page.shadowRoot!;
        await waitUntil(() => root.querySelector('[data-id=mch_1]'), 'the channels');
        const form = root.querySelector('form[data-provider=whatsapp]') as HTMLFormElement;
        (form.querySelector('#connect-whatsapp-phoneNumberId') as HTMLInputElement).value = '106540352242922';
        (form.querySelector('#connect-whatsapp-businessAccountId') as HTMLInputElement).value = '102290129340398';
        (form.querySelector('details') as HTMLDetailsElement).open = true;
        await settle(page);
        await shot(`whatsapp-settings-${width}-${theme}`);
      });

      it('a WhatsApp conversation outside the window: a template picked', async () => {
        await setViewport({ width, height: 900 });
        const { el, api } = await mount([
          conversation('c1', {
            channel: 'api',
            visitor: { id: 'v_c1', name: 'Sheena Nelson', verified: false, online: false },
          }),
          conversation('c2'),
        ]);
        api.whatsappConversations.set('c1', whatsappWindow(false));
        el.setAttribute('theme', theme);
        await open(el, 'c1');
        await waitUntil(() => $(el, 'chat-admin-whatsapp select'), 'the templates');
        const select = $(el, 'chat-admin-whatsapp select') as HTMLSelectElement;
        select.value = select.options[1]!.value;
        select.dispatchEvent(new Event('change'));
        await waitUntil(() => $$(el, 'chat-admin-whatsapp input').length === 2, 'the fields');
        const [first] = $$(el, 'chat-admin-whatsapp input') as HTMLInputElement[];
        first!.value = 'Sheena';
        first!.dispatchEvent(new Event('input'));
        await waitUntil(() => $(el, '#send-held'), 'Send held');
        await settle(el);
        await shot(`whatsapp-thread-${width}-${theme}`);
      });
    });
