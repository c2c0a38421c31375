import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { conversation, live, mount, open, stored } from '../admin-fixture.js';
import { $, settle, waitUntil } from '../helpers.js';

// Conversations of messaging providers (issue #84, ADR 2026-11-30-channel-providers), at 1280 px and 390 px, light
// and dark: a WhatsApp conversation badged “WhatsApp” in the list beside an SMS one, an API channel's and a chat; its
// thread with the badge in the header, a reply WhatsApp refused marked with its reason, and the customer's number in
// the visitor panel.

const shot = (name: string) => executeServerCommand('screenshot', { name });

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`channel provider screenshots, ${width} px, ${theme}`, () => {
      it('a WhatsApp conversation in the list and its thread', async () => {
        await setViewport({ width, height: 800 });
        const { el, api, client } = await mount([
          conversation('c1', {
            channel: 'api',
            provider: { id: 'whatsapp', label: 'WhatsApp' },
            visitor: { id: 'v_c1', name: 'Sheena Nelson', verified: false, online: false },
            lastSeq: 3,
            lastMessage: { seq: 3, text: 'Are you still there?', ts: Date.now() - 60_000, authorRole: 'staff' },
          }),
          conversation('c2', {
            channel: 'api',
            provider: { id: 'twilio', label: 'SMS' },
            visitor: { id: 'v_c2', name: 'Tom Okafor', verified: false, online: false },
          }),
          conversation('c3', {
            channel: 'api',
            visitor: { id: 'v_c3', name: 'Orders API', verified: false, online: false },
          }),
          conversation('c4'),
        ]);
        api.contactList = api.contactList.map((contact) =>
          contact.id === 'v_c1'
            ? { ...contact, reach: [{ channel: 'whatsapp', label: 'Parley Help', handle: '+1 555-010-4477' }] }
            : contact,
        );
        el.setAttribute('theme', theme);
        await waitUntil(() => $(el, '#option-c1 .channel'), 'the list’s badges');
        await settle(el);
        await shot(`providers-list-${width}-${theme}`);
        api.replyDeliveries.set('c1', [
          { messageId: 'm_c1_2', status: 'sent', error: null, updatedAt: 1 },
          {
            messageId: 'm_c1_3',
            status: 'failed',
            error:
              'WhatsApp refused the message: (#131047) More than 24 hours have passed since the customer last replied',
            updatedAt: 2,
          },
        ]);
        await open(el, 'c1');
        client.emit('message', live(stored('c1', 1, 'Is my parcel on its way?')));
        client.emit('message', live(stored('c1', 2, 'It left the warehouse today.', 'staff')));
        client.emit('message', live(stored('c1', 3, 'Are you still there?', 'staff')));
        await waitUntil(() => $(el, '.reply-failed'), 'the failed reply’s mark');
        await waitUntil(() => $(el, '.conversation-head .channel'), 'the thread’s badge');
        await waitUntil(() => $(el, 'chat-admin-reach .reach-handle'), 'the header’s reach');
        await settle(el);
        await shot(`providers-thread-${width}-${theme}`);
        if (width < 1100) ($(el, '#visitor-toggle') as HTMLButtonElement).click();
        await waitUntil(() => $(el, 'chat-admin-contact-card .contact-reach'), 'the panel’s reach');
        await settle(el);
        await shot(`providers-panel-${width}-${theme}`);
      });
    });
