import { fixture, html } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import '../../src/index.js';
import type { ChatWidget } from '../../src/index.js';
import { FakeClient } from '../fake-client.js';
import { $, visitorWelcome, waitUntil } from '../helpers.js';

// The visitor's widget (issue #81) at 1280 px and 390 px, light and dark (see web-test-runner.screenshots.config.mjs).

const shot = (name: string) => executeServerCommand('screenshot', { name });

const welcome = visitorWelcome({ attachments: { maxBytes: 1_000_000, types: ['image/png', 'text/plain'] } });

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`widget screenshots, ${width} px, ${theme}`, () => {
      it('a message longer than one holds, and its note', async () => {
        await setViewport({ width, height: 800 });
        const client = new FakeClient();
        client.welcome = welcome;
        const el = await fixture<ChatWidget>(
          html`<chat-widget site-name="Acme" locale="en" theme=${theme} .client=${client} open></chat-widget>`,
        );
        client.emit('welcome', welcome);
        await el.updateComplete;
        const input = $(el, 'textarea') as HTMLTextAreaElement;
        input.focus();
        document.execCommand('insertText', false, 'All about my order. '.repeat(500));
        await waitUntil(() => $(el, '.long-note'), 'the note');
        await el.updateComplete;
        await shot(`widget-long-text-${width}-${theme}`);
      });

      it('an empty chat: the greeting, and how fast the site typically replies (issue #81)', async () => {
        await setViewport({ width, height: 800 });
        const client = new FakeClient();
        const opened = visitorWelcome({ replySeconds: 600 });
        client.welcome = opened;
        const el = await fixture<ChatWidget>(
          html`<chat-widget site-name="Acme" locale="en" theme=${theme} .client=${client} open></chat-widget>`,
        );
        client.emit('welcome', opened);
        await waitUntil(() => $(el, '.msg .bubble'), 'the greeting');
        await el.updateComplete;
        await shot(`widget-greeting-${width}-${theme}`);
      });

      it('the greeting and the reply time in French, over the pre-chat form (its fields and buttons)', async () => {
        await setViewport({ width, height: 800 });
        const client = new FakeClient();
        const opened = visitorWelcome({ replySeconds: 3600 });
        client.welcome = opened;
        const el = await fixture<ChatWidget>(
          html`<chat-widget
            site-name="Acme"
            locale="fr"
            prechat="optional"
            theme=${theme}
            .client=${client}
            open
          ></chat-widget>`,
        );
        client.emit('welcome', opened);
        await waitUntil(() => $(el, '.msg .bubble')?.textContent?.includes('Bonjour'), 'the greeting in French');
        await waitUntil(() => $(el, 'form.form .secondary'), 'the pre-chat form');
        await el.updateComplete;
        await shot(`widget-greeting-fr-${width}-${theme}`);
      });
    });
