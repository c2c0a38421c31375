import { fixture, html } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import type { LocalMessage } from '@parley/sdk';
import '../../src/index.js';
import type { ChatWidget } from '../../src/index.js';
import { conversation, mount, open, stored } from '../admin-fixture.js';
import { FakeClient, theirs } from '../fake-client.js';
import { $, settle, showPage, visitorWelcome, waitUntil } from '../helpers.js';

// The AI agent (issue #83) at 1280 px and 390 px, light and dark (see web-test-runner.screenshots.config.mjs): its
// answer in the visitor's widget, with its sources and the hand-over button (English and Arabic), and the AI
// settings page's "AI agent" section, and the answer in the inbox's thread with its sources.

const shot = (name: string) => executeServerCommand('screenshot', { name });

const asked: LocalMessage = {
  ...theirs('How do I reset my password?', 1),
  author: { role: 'visitor', id: 'v1' },
  mine: true,
  status: 'read',
};

function answer(text: string, sources: LocalMessage['sources'], handover: string): LocalMessage {
  return {
    ...theirs(text, 2),
    author: { role: 'bot', id: 'bot', name: 'Ada' },
    automation: 'ai',
    sources,
    buttons: [{ label: handover, id: 'handover' }],
  };
}

const english = answer(
  'You can reset your password from the sign-in page: choose “Forgot password?” and follow the link we email you.',
  [
    { title: 'Resetting your password', url: 'https://help.example.com/articles/reset-password' },
    { title: 'Signing in with a magic link', url: 'https://help.example.com/articles/magic-link' },
  ],
  'Talk to a person',
);

const arabic = answer(
  'يمكنك إعادة تعيين كلمة المرور من صفحة تسجيل الدخول.',
  [{ title: 'إعادة تعيين كلمة المرور', url: 'https://help.example.com/ar/articles/reset-password' }],
  'التحدث إلى شخص',
);

for (const width of [1280, 390])
  for (const theme of ['light', 'dark'] as const)
    describe(`AI agent screenshots, ${width} px, ${theme}`, () => {
      for (const [locale, message] of [
        ['en', english],
        ['ar', arabic],
      ] as const)
        it(`the agent’s answer with its sources and the hand-over button (${locale})`, async () => {
          await setViewport({ width, height: 800 });
          const client = new FakeClient();
          const welcome = visitorWelcome();
          client.welcome = welcome;
          client.timeline.push(asked, message);
          const el = await fixture<ChatWidget>(
            html`<chat-widget site-name="Acme" locale=${locale} theme=${theme} .client=${client} open></chat-widget>`,
          );
          client.emit('welcome', welcome);
          await waitUntil(() => $(el, '[part=sources]') && $(el, '.quick-replies'), 'the sources and the button');
          // The bot typing again (a second question), as the visitor sees it while the agent works.
          client.emit('typing', { conversationId: 'c1', author: message.author, active: true });
          await el.updateComplete;
          await shot(`ai-agent-answer-${locale}-${width}-${theme}`);
        });

      it('the agent’s answer in the inbox’s thread, its sources under it', async () => {
        await setViewport({ width, height: 800 });
        const { el, api } = await mount([conversation('c1', { lastSeq: 2 })]);
        el.setAttribute('theme', theme);
        api.history.set('c1', [
          stored('c1', 1, 'How do I reset my password?'),
          {
            ...stored('c1', 2, english.text, 'staff'),
            author: { role: 'bot', id: 'bot', name: 'Ada' },
            automation: 'ai',
            sources: english.sources,
          },
        ]);
        await open(el, 'c1');
        await waitUntil(() => $(el, '.ai-message-sources a'), 'the sources');
        await settle(el);
        await shot(`ai-agent-thread-${width}-${theme}`);
      });

      it('the AI settings page’s “AI agent” section', async () => {
        await setViewport({ width, height: 1400 });
        const { el, api } = await mount([conversation('c1')]);
        el.setAttribute('theme', theme);
        api.aiSettings = {
          ...api.aiSettings,
          enabled: true,
          provider: 'openai',
          baseUrl: 'https://x.test/v1',
          model: 'gpt-4o-mini',
        };
        api.aiAgent = {
          enabled: true,
          name: 'Ada',
          tone: 'Warm and brief.',
          avoid: ['refunds', 'legal advice', 'pricing'],
        };
        const page = await showPage(el, 'AI', 'chat-admin-ai');
        await waitUntil(
          () => page.shadowRoot?.querySelector('chat-admin-ai-agent')?.shadowRoot?.querySelector('form'),
          'the agent’s form',
        );
        const root = page.shadowRoot!.querySelector('chat-admin-ai-agent')!.shadowRoot!;
        const section = root.querySelector('form')!;
        (root.querySelector('#agent-name') as HTMLInputElement).value = 'A'.repeat(61);
        section.requestSubmit();
        await waitUntil(() => root.querySelector('#agent-name-error'), 'the name refused');
        await settle(el);
        root.host.scrollIntoView();
        await shot(`ai-agent-settings-${width}-${theme}`);
      });
    });
