import { waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { mount } from '../admin-fixture.js';
import { settle, showPage } from '../helpers.js';

// Settings → Mailboxes (IMAP): the form with its two servers and the app-password guidance, the list with a
// working and a failing mailbox, and the form editing one; New email above the conversation list; at 1280 px and
// 390 px, light and dark.

const shot = (name: string) => executeServerCommand('screenshot', { name });

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`mailboxes screenshots, ${width} px, ${theme}`, () => {
      it('the form, and a working and a failing mailbox', async () => {
        await setViewport({ width, height: 900 });
        const { el, api } = await mount();
        api.mailboxList = [
          {
            id: 'mbx_1',
            address: 'support@shop.example',
            name: 'Shop support',
            imap: { host: 'imap.gmail.com', port: 993, tls: 'tls', user: 'support@shop.example' },
            smtp: { host: 'smtp.gmail.com', port: 465, tls: 'tls', user: 'support@shop.example' },
            afterImport: 'move',
            moveTo: 'Parley',
            lastError: null,
            checkedAt: Date.now(),
            createdAt: Date.now(),
          },
          {
            id: 'mbx_2',
            address: 'sales@shop.example',
            name: null,
            imap: { host: 'outlook.office365.com', port: 993, tls: 'tls', user: 'sales@shop.example' },
            smtp: { host: 'smtp.office365.com', port: 587, tls: 'starttls', user: 'sales@shop.example' },
            afterImport: 'seen',
            moveTo: null,
            lastError: 'the IMAP server refused the login',
            checkedAt: Date.now(),
            createdAt: Date.now(),
          },
        ];
        el.setAttribute('theme', theme);
        const page = await showPage(el, 'Mailboxes (IMAP)', 'chat-admin-mailboxes');
        const root = () => page.shadowRoot!;
        await waitUntil(() => root().querySelector('.mailbox'), 'the mailboxes');
        await settle(page);
        await shot(`mailboxes-form-${width}-${theme}`);
        root().querySelector('#mailboxes-title')!.scrollIntoView();
        await shot(`mailboxes-list-${width}-${theme}`);
        (root().querySelector('[data-id=mbx_1] .edit') as HTMLButtonElement).click();
        await settle(page);
        root().querySelector('#add-title')!.scrollIntoView();
        await shot(`mailboxes-edit-${width}-${theme}`);
      });

      it('New email above the conversation list, open', async () => {
        await setViewport({ width, height: 900 });
        const { el, api } = await mount();
        api.emailSenders = [
          { address: 'support@shop.example', name: 'Shop support', kind: 'mailbox' },
          { address: 'help@shop.example', name: null, kind: 'support' },
        ];
        el.setAttribute('theme', theme);
        const summary = () => el.shadowRoot!.querySelector('chat-admin-email-start summary') as HTMLElement | null;
        await waitUntil(() => summary(), 'the New email action');
        await shot(`email-start-closed-${width}-${theme}`);
        summary()!.click();
        await waitUntil(() => el.shadowRoot!.querySelector('chat-admin-email-start option'), 'the senders');
        await settle(el);
        await shot(`email-start-open-${width}-${theme}`);
      });
    });
