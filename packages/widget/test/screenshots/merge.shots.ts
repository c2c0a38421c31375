import { waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import type { LitElement } from 'lit';
import { conversation, mount, open } from '../admin-fixture.js';
import { $, settle, showDeskPage } from '../helpers.js';

// "Merge into…" in the thread's header, and a contact's "Merge with…" on the Contacts page, at 1280 px and 390 px,
// light and dark (see web-test-runner.screenshots.config.mjs).

const shot = (name: string) => executeServerCommand('screenshot', { name });

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`merge screenshots, ${width} px, ${theme}`, () => {
      it('the thread’s Merge into… panel and the contact’s Merge with…', async () => {
        await setViewport({ width, height: 900 });
        const older = conversation('c_old', {
          visitor: conversation('c1').visitor,
          lastMessage: { seq: 2, text: 'I ordered the blue tent.', ts: Date.now() - 3_600_000, authorRole: 'visitor' },
        });
        const { el, api } = await mount([conversation('c1', { lastSeq: 3 }), older, conversation('c2')]);
        el.setAttribute('theme', theme);
        api.contactList[0]!.conversationIds = ['c_old', 'c1'];
        await open(el, 'c1');
        await waitUntil(() => $(el, 'chat-admin-merge .merge-open'), 'Merge into…');
        ($(el, 'chat-admin-merge .merge-open') as HTMLButtonElement).click();
        await waitUntil(() => $(el, 'chat-admin-merge .choice input'), 'the list');
        const search = $(el, 'chat-admin-merge input[type=search]') as HTMLInputElement;
        search.value = 'hello from c2';
        ($(el, 'chat-admin-merge form.find') as HTMLFormElement).requestSubmit();
        await waitUntil(
          () => $(el, 'chat-admin-merge [role=dialog]')!.querySelectorAll('fieldset').length === 2,
          'found',
        );
        ($(el, 'chat-admin-merge .choice input') as HTMLInputElement).click();
        await waitUntil(() => $(el, 'chat-admin-merge .preview'), 'the preview');
        await settle(el);
        await shot(`merge-panel-${width}-${theme}`);

        const page = await showDeskPage(el, 'Contacts', 'chat-admin-contacts');
        const root = page.shadowRoot!;
        await waitUntil(() => root.querySelector('button.contact[data-id="v_c1"]'), 'the contacts');
        root.querySelector<HTMLButtonElement>('button.contact[data-id="v_c1"]')!.click();
        await waitUntil(
          () => root.querySelector('chat-admin-contact-merge')?.shadowRoot?.querySelector('.open-merge'),
          'Merge with…',
        );
        const part = root.querySelector('chat-admin-contact-merge') as LitElement;
        const merge = part.shadowRoot!;
        merge.querySelector<HTMLButtonElement>('.open-merge')!.click();
        await settle(part);
        merge.querySelector<HTMLInputElement>('#contact-merge-q')!.value = 'v_c2';
        merge.querySelector<HTMLFormElement>('form.find')!.requestSubmit();
        await waitUntil(() => merge.querySelector('.choice input'), 'the match');
        merge.querySelector<HTMLInputElement>('.choice input')!.click();
        await waitUntil(() => merge.querySelector('.preview'), 'the preview');
        await settle(part);
        part.scrollIntoView({ block: 'end' });
        await shot(`contact-merge-${width}-${theme}`);
      });
    });
