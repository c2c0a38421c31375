import { waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { conversation, mount, open } from '../admin-fixture.js';
import { $, settle, showPage } from '../helpers.js';

// Messaging channels (issue #84), at 1280 px and 390 px, light and dark: Settings → Messaging channels with a bot
// connected and a refused token said beside the button; a Telegram customer's conversation, their handle in the
// thread's header.

const shot = (name: string) => executeServerCommand('screenshot', { name });

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`messaging channels screenshots, ${width} px, ${theme}`, () => {
      it('the settings page: a bot connected, a token refused', async () => {
        await setViewport({ width, height: 900 });
        const { el, api } = await mount();
        api.messagingChannelList = [
          {
            id: 'mch_1',
            provider: 'telegram',
            name: 'Parley Help',
            account: '@parley_help_bot',
            webhookUrl: 'https://chat.example.com/v1/channels/telegram/mch_1/webhook',
            createdAt: Date.now() - 86_400_000,
          },
        ];
        el.setAttribute('theme', theme);
        const page = await showPage(el, 'Messaging channels', 'chat-admin-messaging-channels');
        const root = page.shadowRoot!;
        await waitUntil(() => root.querySelector('[data-id=mch_1]'), 'the channels');
        const form = root.querySelector('form.connect') as HTMLFormElement;
        (form.querySelector('#connect-telegram-token') as HTMLInputElement).value = '1:wrong';
        (form.querySelector('details') as HTMLDetailsElement).open = true;
        const connect = form.querySelector('button[type=submit]') as HTMLButtonElement;
        connect.focus();
        connect.click();
        await waitUntil(() => form.querySelector('.save-state.error')?.textContent, 'the refusal');
        await settle(page);
        await shot(`messaging-settings-${width}-${theme}`);
      });

      it('a Telegram customer’s conversation: the handle in the header', async () => {
        await setViewport({ width, height: 800 });
        const { el, api } = await mount([
          conversation('c1', {
            channel: 'api',
            visitor: { id: 'v_c1', name: 'Test Firstname Test Lastname', verified: false, online: false },
          }),
          conversation('c2'),
        ]);
        api.contactList = api.contactList.map((contact) =>
          contact.id === 'v_c1'
            ? { ...contact, reach: [{ channel: 'telegram', label: 'Parley Help', handle: '@Testusername' }] }
            : contact,
        );
        el.setAttribute('theme', theme);
        await open(el, 'c1');
        await waitUntil(() => $(el, 'chat-admin-reach .reach-handle'), 'the header’s reach');
        await settle(el);
        await shot(`messaging-thread-${width}-${theme}`);
      });
    });
