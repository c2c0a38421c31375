import { fixture, html } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import '../../src/index.js';
import type { ChatWidget } from '../../src/index.js';
import { mount } from '../admin-fixture.js';
import { attribute } from '../fakes/attributes-fake.js';
import { FakeClient } from '../fake-client.js';
import { $, settle, showPage, visitorWelcome, waitUntil } from '../helpers.js';

// The site's pre-chat form (issue #86): the visitor's form in French with its errors, and Settings → Pre-chat form,
// at 1280 px and 390 px, light and dark (see web-test-runner.screenshots.config.mjs).

const shot = (name: string) => executeServerCommand('screenshot', { name });

const form = {
  fields: [
    { key: 'name', type: 'text', required: true },
    { key: 'email', type: 'text', required: true },
    { key: 'phone', type: 'text' },
    { key: 'attribute:plan', type: 'choice', label: 'Formule', options: ['Free', 'Pro'], required: true },
    { key: 'attribute:newsletter', type: 'checkbox', label: 'Recevoir la lettre d’information' },
  ],
};

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`pre-chat form screenshots, ${width} px, ${theme}`, () => {
      it('the visitor’s form in French, then its errors', async () => {
        await setViewport({ width, height: 900 });
        const client = new FakeClient();
        const opened = visitorWelcome({ prechat: JSON.stringify(form) });
        client.welcome = opened;
        const el = await fixture<ChatWidget>(
          html`<chat-widget site-name="Acme" locale="fr" theme=${theme} .client=${client} open></chat-widget>`,
        );
        client.emit('welcome', opened);
        await waitUntil(() => $(el, 'form.form p')?.textContent?.startsWith('Dites-nous'), 'the French form');
        await el.updateComplete;
        await shot(`prechat-form-fr-${width}-${theme}`);
        ($(el, 'form.form') as HTMLFormElement).requestSubmit();
        await el.updateComplete;
        await shot(`prechat-form-fr-errors-${width}-${theme}`);
      });

      it('Settings → Pre-chat form', async () => {
        await setViewport({ width, height: 900 });
        const { el, api } = await mount();
        el.setAttribute('theme', theme);
        api.attributeDefinitions = [
          attribute('plan', 'list', { options: ['Free', 'Pro', 'Enterprise'] }),
          attribute('newsletter', 'checkbox'),
        ];
        api.prechatForm = {
          when: 'outside-hours',
          fields: [
            { key: 'name', type: 'text', required: true },
            {
              key: 'attribute:plan',
              type: 'choice',
              options: ['Free', 'Pro'],
              required: true,
              labels: { fr: 'Formule' },
            },
          ],
        };
        const page = await showPage(el, 'Pre-chat form', 'chat-admin-prechat-form');
        await waitUntil(() => page.shadowRoot?.querySelector('ol.fields'), 'the fields');
        await settle(page);
        await shot(`prechat-settings-${width}-${theme}`);
        page.shadowRoot!.querySelector('ol.fields li:nth-child(2)')!.scrollIntoView({ block: 'start' });
        await shot(`prechat-settings-field-${width}-${theme}`);
      });
    });
