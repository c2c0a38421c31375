import { waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { mount } from '../admin-fixture.js';
import { settle, showPage } from '../helpers.js';

// SMS through Twilio (issue #84), at 1280 px and 390 px, light and dark: Settings → Messaging channels with a
// Twilio number connected (the webhook address and where to paste it), its connect form open on the setup guide.

const shot = (name: string) => executeServerCommand('screenshot', { name });

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`messaging (Twilio) screenshots, ${width} px, ${theme}`, () => {
      it('the settings page: a Twilio number connected', async () => {
        await setViewport({ width, height: 1400 });
        const { el, api } = await mount();
        api.messagingChannelList = [
          {
            id: 'mch_2',
            provider: 'twilio',
            name: 'Support line',
            account: '+15550006666',
            webhookUrl: 'https://chat.example.com/v1/channels/twilio/mch_2/webhook',
            createdAt: Date.now() - 86_400_000,
          },
        ];
        el.setAttribute('theme', theme);
        const page = await showPage(el, 'Messaging channels', 'chat-admin-messaging-channels');
        const root = page.shadowRoot!;
        await waitUntil(() => root.querySelector('[data-id=mch_2]'), 'the channels');
        const form = root.querySelector('form.connect[data-provider=twilio]') as HTMLFormElement;
        (form.querySelector('#connect-twilio-accountSid') as HTMLInputElement).value = `AC${'1a'.repeat(16)}`;
        (form.querySelector('#connect-twilio-phoneNumber') as HTMLInputElement).value = '+15550007777';
        (form.querySelector('details') as HTMLDetailsElement).open = true;
        await settle(page);
        form.scrollIntoView();
        await shot(`messaging-twilio-form-${width}-${theme}`);
        root.querySelector('[data-id=mch_2]')!.scrollIntoView();
        await shot(`messaging-twilio-channel-${width}-${theme}`);
      });
    });
