import { waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import type { LitElement } from 'lit';
import { conversation, mount, open } from '../admin-fixture.js';
import { $, settle, showDeskPage } from '../helpers.js';

// Possible duplicates (issue #81): the visitor panel's suggestion, the thread's Merge into… with another contact's
// conversation chosen (both merges in one step), and the contact page's suggestion, at 1280 px and 390 px, light and
// dark (see web-test-runner.screenshots.config.mjs).

const shot = (name: string) => executeServerCommand('screenshot', { name });

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`duplicates screenshots, ${width} px, ${theme}`, () => {
      it('the suggestion in the visitor panel and on the contact page, and the one-step merge', async () => {
        await setViewport({ width, height: 900 });
        const { el, api } = await mount([conversation('c1', { lastSeq: 3 }), conversation('c2')]);
        el.setAttribute('theme', theme);
        api.duplicates['v_c1'] = [{ ...api.contactList[1], name: 'Ada Lovelace' }];
        await open(el, 'c1');
        const toggle = $(el, '#visitor-toggle') as HTMLButtonElement | null;
        if (width < 900 && toggle) toggle.click();
        const suggestion = () =>
          el
            .shadowRoot!.querySelector('chat-admin-duplicates chat-admin-contact-merge')
            ?.shadowRoot?.querySelector('.duplicate');
        await waitUntil(suggestion, 'the suggestion');
        await settle(el);
        suggestion()!.scrollIntoView({ block: 'center' });
        await shot(`duplicate-panel-${width}-${theme}`);
        (
          el
            .shadowRoot!.querySelector('chat-admin-duplicates chat-admin-contact-merge')!
            .shadowRoot!.querySelector('.suggest-merge') as HTMLButtonElement
        ).click();
        await waitUntil(
          () =>
            el
              .shadowRoot!.querySelector('chat-admin-duplicates chat-admin-contact-merge')
              ?.shadowRoot?.querySelector('.preview'),
          'the form',
        );
        await settle(el);
        await shot(`duplicate-panel-form-${width}-${theme}`);
        if (width < 900) (el.shadowRoot!.querySelector('.drawer-close') as HTMLButtonElement | null)?.click();

        await waitUntil(() => $(el, 'chat-admin-merge .merge-open'), 'Merge into…');
        ($(el, 'chat-admin-merge .merge-open') as HTMLButtonElement).click();
        await waitUntil(() => $(el, 'chat-admin-merge input[type=search]'), 'the panel');
        ($(el, 'chat-admin-merge input[type=search]') as HTMLInputElement).value = 'hello from c2';
        ($(el, 'chat-admin-merge form.find') as HTMLFormElement).requestSubmit();
        const dialog = $(el, 'chat-admin-merge [role=dialog]')!;
        await waitUntil(() => dialog.querySelectorAll('fieldset').length === 2, 'found');
        (dialog.querySelectorAll('fieldset')[1]!.querySelector('input') as HTMLInputElement).click();
        await waitUntil(() => $(el, 'chat-admin-merge .preview'), 'the preview');
        await settle(el);
        await shot(`merge-both-${width}-${theme}`);

        const page = await showDeskPage(el, 'Contacts', 'chat-admin-contacts');
        const root = page.shadowRoot!;
        await waitUntil(() => root.querySelector('button.contact[data-id="v_c1"]'), 'the contacts');
        root.querySelector<HTMLButtonElement>('button.contact[data-id="v_c1"]')!.click();
        await waitUntil(
          () => root.querySelector('chat-admin-contact-merge')?.shadowRoot?.querySelector('.duplicate'),
          'the suggestion',
        );
        const part = root.querySelector('chat-admin-contact-merge') as LitElement;
        await settle(part);
        part.scrollIntoView({ block: 'end' });
        await shot(`duplicate-contact-${width}-${theme}`);
      });
    });
