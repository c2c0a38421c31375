import { waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { mount } from '../admin-fixture.js';
import { settle, showPage } from '../helpers.js';

// Settings → Widget words (issue #85): a language's words, with a refusal beside its field, at 1280 px and 390 px,
// light and dark (see web-test-runner.screenshots.config.mjs).

const shot = (name: string) => executeServerCommand('screenshot', { name });

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`widget words screenshots, ${width} px, ${theme}`, () => {
      it('the Widget words page, German, a refusal beside its field', async () => {
        await setViewport({ width, height: 900 });
        const { el, api } = await mount();
        el.setAttribute('theme', theme);
        api.widgetWords = {
          de: { hello: 'Hallo! Wie können wir helfen?', send: 'Senden', 'email.title': 'Per E-Mail benachrichtigen' },
          'pt-BR': { send: 'Enviar' },
        };
        const page = await showPage(el, 'Widget words', 'chat-admin-widget-strings');
        await waitUntil(() => page.shadowRoot?.querySelector('.saved-locales button'), 'the languages');
        (page.shadowRoot!.querySelector('.saved-locales button') as HTMLButtonElement).click();
        await waitUntil(
          () => (page.shadowRoot!.querySelector('input[name=send]') as HTMLInputElement | null)?.value === 'Senden',
          'the German words',
        );
        (page.shadowRoot!.querySelector('input[name=typing]') as HTMLInputElement).value = 'Jemand schreibt…';
        (page.shadowRoot!.querySelector('form[data-save=words] button[type=submit]') as HTMLButtonElement).click();
        await waitUntil(() => page.shadowRoot!.querySelector('#typing-error'), 'the refusal');
        await settle(page);
        await shot(`widget-words-${width}-${theme}`);
        page.shadowRoot!.querySelector('#typing-error')!.scrollIntoView({ block: 'center' });
        await shot(`widget-words-refusal-${width}-${theme}`);
      });
    });
