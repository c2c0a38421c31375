import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { aiComposerStore } from '../../src/chat-admin/ai/ai-composer-store.js';
import { forgetAiStatus } from '../../src/chat-admin/ai/ai-status.js';
import { composer, conversation, mount, open, stored } from '../admin-fixture.js';
import { $, settle, waitUntil } from '../helpers.js';

// The composer's AI tools (issue #83) at 1280 px and 390 px, light and dark (see
// web-test-runner.screenshots.config.mjs): Draft reply and Rewrite above the composer beside the other composer
// tools, the Rewrite menu open, and a finished draft with its sources and Undo under the composer.

const shot = (name: string) => executeServerCommand('screenshot', { name });

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`AI tools screenshots, ${width} px, ${theme}`, () => {
      async function setUp() {
        await setViewport({ width, height: 800 });
        forgetAiStatus('s1');
        // One store per inbox page: the previous shot's draft is forgotten.
        aiComposerStore.clear(undefined);
        const setup = await mount([conversation('c1', { lastSeq: 2 })]);
        setup.el.setAttribute('theme', theme);
        setup.api.aiStatus = { enabled: true, budgetExhausted: false, featuresExhausted: [] };
        setup.api.history.set('c1', [
          stored('c1', 1, 'Hi, I cannot sign in to my account since this morning.'),
          stored('c1', 2, 'Hello! Let me look.', 'staff'),
        ]);
        await open(setup.el, 'c1');
        await waitUntil(() => $(setup.el, 'chat-admin-ai-tools .ai-tools'), 'the AI tools');
        return setup;
      }

      it('the composer with its AI tools, and the Rewrite menu open', async () => {
        const { el } = await setUp();
        composer(el).value = 'sorry we cant see you account, can you send the email you used';
        await settle(el);
        await shot(`ai-tools-composer-${width}-${theme}`);
        ($(el, '.ai-rewrite') as HTMLButtonElement).click();
        await waitUntil(() => $(el, '#ai-rewrite-menu'), 'the menu');
        await settle(el);
        await shot(`ai-tools-menu-${width}-${theme}`);
        ($(el, '[data-style=translate]') as HTMLButtonElement).click();
        await waitUntil(() => composer(el).value.startsWith('[fr]'), 'the translation');
        await settle(el);
        await shot(`ai-tools-translated-${width}-${theme}`);
      });

      it('a finished draft with its sources and Undo', async () => {
        const { el } = await setUp();
        ($(el, '.ai-draft') as HTMLButtonElement).click();
        await waitUntil(() => $(el, '.ai-sources'), 'the draft and its sources');
        await settle(el);
        await shot(`ai-tools-draft-${width}-${theme}`);
      });
    });
