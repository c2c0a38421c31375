import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { conversation, mount, open } from '../admin-fixture.js';
import { $, settle, waitUntil } from '../helpers.js';

// Where an API channel's contact is reached (issue #81), at 1280 px and 390 px, light and dark: the thread's header
// and the visitor panel (a drawer on a phone).

const shot = (name: string) => executeServerCommand('screenshot', { name });

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`reach screenshots, ${width} px, ${theme}`, () => {
      it('an API channel’s conversation: the handle in the header and the visitor panel', async () => {
        await setViewport({ width, height: 800 });
        const { el, api } = await mount([
          conversation('c1', {
            channel: 'api',
            visitor: { id: 'v_c1', name: 'Maria', verified: false, online: false },
          }),
          conversation('c2'),
        ]);
        api.contactList = api.contactList.map((contact) =>
          contact.id === 'v_c1'
            ? { ...contact, reach: [{ channel: 'api', label: 'Twilio SMS', handle: '+15550001111' }] }
            : contact,
        );
        el.setAttribute('theme', theme);
        await open(el, 'c1');
        await waitUntil(() => $(el, 'chat-admin-reach .reach-handle'), 'the header’s reach');
        await settle(el);
        await shot(`reach-thread-${width}-${theme}`);
        if (width < 1100) ($(el, '#visitor-toggle') as HTMLButtonElement).click();
        await waitUntil(() => $(el, 'chat-admin-contact-card .contact-reach'), 'the panel’s reach');
        await settle(el);
        await shot(`reach-panel-${width}-${theme}`);
      });
    });
