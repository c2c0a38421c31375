import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/index.js';
import type { ChatWidget } from '../src/index.js';
import type { LocalMessage } from '@parley/sdk';
import { FakeClient, theirs } from './fake-client.js';
import { $, $$, text, waitUntil } from './helpers.js';

// The AI agent's answers in the visitor's widget (issue #83): the articles an answer drew on as links under it, the
// "Talk to a person" button beside them, and the bot's typing indicator while the agent works.

const ada = { role: 'bot', id: 'bot', name: 'Ada' } as const;

function answer(textOf: string, seq: number, sources: LocalMessage['sources']): LocalMessage {
  return {
    ...theirs(textOf, seq),
    author: ada,
    automation: 'ai',
    sources,
    buttons: [{ label: 'Talk to a person', id: 'handover' }],
  };
}

/** The visitor's question, as their own message. */
const asked = (textOf: string, seq: number): LocalMessage => ({
  ...theirs(textOf, seq),
  author: { role: 'visitor', id: 'v1' },
  mine: true,
});

const reset = answer('You can reset your password from the sign-in page.', 2, [
  { title: 'Resetting your password', url: 'https://help.example.com/articles/reset-password' },
  { title: 'Signing in', url: 'http://help.example.com/articles/sign-in' },
]);

async function open(client: FakeClient, locale = 'en'): Promise<ChatWidget> {
  const el = await fixture<ChatWidget>(
    html`<chat-widget site-name="Acme" locale=${locale} .client=${client} open></chat-widget>`,
  );
  await el.updateComplete;
  return el;
}

/** The sources' list under the answer, once its part has come. */
async function sourcesOf(el: ChatWidget): Promise<HTMLElement> {
  await waitUntil(() => $(el, '.msg.bot [part=sources]'), 'the answer’s sources, once its part is fetched');
  return $(el, '.msg.bot [part=sources]')!;
}

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});

describe('<chat-widget>: the AI agent’s answers', () => {
  it('shows the articles an answer drew on as links under it, in a labelled list, opening in a new tab', async () => {
    const client = new FakeClient();
    client.timeline.push(asked('How do I reset my password?', 1), reset);
    const el = await open(client);
    const sources = await sourcesOf(el);
    const list = sources.querySelector('ul')!;
    const label = el.shadowRoot!.getElementById(list.getAttribute('aria-labelledby')!);
    expect(text(label), 'the list is named by its heading').to.equal('Sources');
    const links = [...list.querySelectorAll('a')];
    expect(links.map(text)).to.deep.equal(['Resetting your password', 'Signing in']);
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal([
      'https://help.example.com/articles/reset-password',
      'http://help.example.com/articles/sign-in',
    ]);
    for (const link of links) {
      expect(link.target).to.equal('_blank');
      expect(link.rel.split(' ')).to.include('noopener');
    }
    // Under the bubble, in the answer's own row; the hand-over button after it.
    const row = sources.closest('.msg')!;
    expect(text(row.querySelector('.bubble'))).to.equal('You can reset your password from the sign-in page.');
    expect(
      row.querySelector('.bubble')!.compareDocumentPosition(sources) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).to.not.equal(0);
    await waitUntil(() => $(el, '.quick-replies'), 'the hand-over button');
    expect(text($(el, '.quick-replies button'))).to.equal('Talk to a person');
  });

  it('reaches the links from the keyboard, after the message log', async () => {
    const client = new FakeClient();
    client.timeline.push(asked('How do I reset my password?', 1), reset);
    const el = await open(client);
    await sourcesOf(el);
    ($(el, '[role=log]') as HTMLElement).focus();
    await sendKeys({ press: 'Tab' });
    expect(text(el.shadowRoot!.activeElement)).to.equal('Resetting your password');
    await sendKeys({ press: 'Tab' });
    expect(text(el.shadowRoot!.activeElement)).to.equal('Signing in');
    await sendKeys({ press: 'Tab' });
    expect(text(el.shadowRoot!.activeElement), 'then the hand-over button').to.equal('Talk to a person');
  });

  it('links only https: and http: addresses: any other source is its title alone', async () => {
    const client = new FakeClient();
    client.timeline.push(
      answer('Here is what I found.', 1, [
        { title: 'Script', url: 'javascript:alert(document.cookie)' },
        { title: 'Data', url: 'data:text/html,<script>alert(1)</script>' },
        { title: 'Relative', url: '/help/articles/relative' },
        { title: 'Mail', url: 'mailto:help@example.com' },
        { title: 'Good', url: 'https://help.example.com/articles/good' },
      ]),
    );
    const el = await open(client);
    const sources = await sourcesOf(el);
    expect([...sources.querySelectorAll('li')].map(text)).to.deep.equal(['Script', 'Data', 'Relative', 'Mail', 'Good']);
    expect([...sources.querySelectorAll('a')].map((a) => a.getAttribute('href'))).to.deep.equal([
      'https://help.example.com/articles/good',
    ]);
    expect(sources.innerHTML).to.not.contain('javascript:');
  });

  it('shows no list under a bot’s message without sources, nor under the visitor’s', async () => {
    const client = new FakeClient();
    client.timeline.push(asked('Hello', 1), { ...theirs('We are away.', 2), author: ada, automation: 'away' });
    const el = await open(client);
    await waitUntil(() => $$(el, '.msg').length === 2, 'both messages');
    expect($(el, '[part=sources]')).to.equal(null);
  });

  it('says “Sources” in the visitor’s language, right to left in Arabic', async () => {
    for (const [locale, word] of [
      ['fr', 'Sources'],
      ['es', 'Fuentes'],
      ['ar', 'المصادر'],
    ] as const) {
      const client = new FakeClient();
      client.timeline.push(reset);
      const el = await open(client, locale);
      await waitUntil(() => text($(el, '.sources-label')) === word, `“${word}” in ${locale}`);
      expect(getComputedStyle($(el, '.sources ul')!).direction).to.equal(locale === 'ar' ? 'rtl' : 'ltr');
    }
  });

  it('shows the bot typing while the agent works, and stops when its answer comes', async () => {
    const client = new FakeClient();
    client.timeline.push(asked('How do I reset my password?', 1));
    const el = await open(client);
    client.emit('typing', { conversationId: 'c1', author: ada, active: true });
    await el.updateComplete;
    expect(text($(el, '[part=typing]'))).to.equal('Ada is typing…');
    client.timeline.push(reset);
    client.emit('message', reset);
    await el.updateComplete;
    expect(text($(el, '[part=typing]')), 'the answer ends it').to.equal('');
  });

  it('hands over from the answer’s button, naming it', async () => {
    const client = new FakeClient();
    client.timeline.push(asked('How do I reset my password?', 1), reset);
    const el = await open(client);
    await waitUntil(() => $(el, '.quick-replies button'), 'the hand-over button');
    ($(el, '.quick-replies button') as HTMLButtonElement).click();
    expect(client.chosen).to.deep.equal([{ seq: 2, id: 'handover', label: 'Talk to a person' }]);
  });
});
