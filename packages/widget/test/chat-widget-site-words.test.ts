import { expect, fixture, html } from '@open-wc/testing';
import type { WelcomeFrame } from '@parley/sdk';
import '../src/index.js';
import type { ChatWidget } from '../src/index.js';
import { en } from '../src/i18n/en.js';
import { FakeClient, mine } from './fake-client.js';
import { $, $$, text, visitorWelcome, waitUntil } from './helpers.js';

// A site's own words (issue #85): `welcome.strings`, the overrides the relay picked for the widget's locale, over
// that locale's strings; placeholders filled; shown as text, never markup.

async function open(client: FakeClient, locale = 'en'): Promise<ChatWidget> {
  const el = await fixture<ChatWidget>(
    html`<chat-widget site-name="Acme" locale=${locale} .client=${client} open></chat-widget>`,
  );
  await el.updateComplete;
  return el;
}

/** The relay's welcome with the site's words of `locale`. */
function welcome(client: FakeClient, locale: string, texts: Record<string, string>, extra: Partial<WelcomeFrame> = {}) {
  const frame = visitorWelcome({ strings: { locale, texts }, ...extra });
  client.welcome = frame;
  client.staffOnline = frame.staffOnline;
  client.emit('welcome', frame);
}

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});

describe('<chat-widget>: the site’s own words', () => {
  it('shows them over the locale’s, as text: markup in a word stays letters', async () => {
    const client = new FakeClient();
    const el = await open(client);
    welcome(client, 'en', {
      hello: 'Howdy <b>partner</b> & <img src=x onerror="window.pwned=1">',
      placeholder: 'Ask away…',
      send: 'Go',
      online: 'Ready when you are',
    });
    // The site's words come with their part (fetched the first time a welcome carries some).
    await waitUntil(() => text($(el, '.presence')) === 'Ready when you are', 'the site’s words');
    const bubble = $(el, '.bubble')!;
    expect(text(bubble)).to.equal('Howdy <b>partner</b> & <img src=x onerror="window.pwned=1">');
    expect(bubble.querySelector('b, img')).to.equal(null);
    expect(($(el, 'textarea') as HTMLTextAreaElement).placeholder).to.equal('Ask away…');
    expect($(el, '[part=send-button]')!.getAttribute('aria-label')).to.equal('Go');
    expect(text($(el, '.presence'))).to.equal('Ready when you are');
    expect((window as { pwned?: number }).pwned).to.equal(undefined);
    // A word the site left alone is the locale's.
    expect($(el, '[part=launcher]')!.getAttribute('aria-label')).to.equal(en.closeChat);
  });

  it('fills the placeholders: the launcher’s unread count and who is typing', async () => {
    const client = new FakeClient();
    const el = await fixture<ChatWidget>(
      html`<chat-widget site-name="Acme" locale="en" .client=${client}></chat-widget>`,
    );
    welcome(client, 'en', { openChat: 'Talk to us', openChatUnread: 'Talk to us ({count} new)', typing: '✍ {name}' });
    const launcher = $(el, '.launcher')!;
    await waitUntil(() => launcher.getAttribute('aria-label') === 'Talk to us', 'the site’s label');
    client.emit('unreadChange', { count: 3 });
    await el.updateComplete;
    expect(launcher.getAttribute('aria-label')).to.equal('Talk to us (3 new)');
    el.open();
    await el.updateComplete;
    client.emit('typing', { conversationId: 'c1', author: { role: 'staff', id: 'st1', name: 'Anna' }, active: true });
    await el.updateComplete;
    expect($(el, '[part=typing]')!.textContent).to.equal('✍ Anna');
  });

  it('are the locale’s words over the resolved locale, and another language’s are not shown', async () => {
    const client = new FakeClient();
    const el = await open(client, 'fr');
    await waitUntil(() => text($(el, '.bubble')) === 'Bonjour ! Posez-nous vos questions.', 'French first');
    // Saved for fr-CA's language: shown over French.
    welcome(client, 'fr', { hello: 'Salut ! On vous écoute.' });
    await waitUntil(() => text($(el, '.bubble')) === 'Salut ! On vous écoute.', 'the site’s greeting');
    // The placeholder stays French: the site changed only the greeting.
    expect(($(el, 'textarea') as HTMLTextAreaElement).placeholder).to.equal('Écrivez un message…');
    // Words saved for German (the visitor switched language since hello) are not put over French.
    welcome(client, 'de', { hello: 'Hallo!' });
    await el.updateComplete;
    expect(text($(el, '.bubble'))).to.equal('Bonjour ! Posez-nous vos questions.');
  });

  it('reach a part’s words (the email card), the rest of the part staying the locale’s', async () => {
    const client = new FakeClient();
    client.timeline.push(mine('Is the blue one in stock?', 'sent', 1));
    const el = await open(client);
    welcome(
      client,
      'en',
      { 'email.title': 'Want an email when we answer?', 'email.submit': 'Yes, email me' },
      {
        staffOnline: 0,
        lastSeq: 1,
        email: true,
      },
    );
    await waitUntil(() => $(el, 'form[part=email-ask]'), 'the card');
    const form = $(el, 'form[part=email-ask]')!;
    expect(text(el.shadowRoot!.getElementById(form.getAttribute('aria-labelledby')!))).to.equal(
      'Want an email when we answer?',
    );
    expect(text(form.querySelector('button[type=submit]'))).to.equal('Yes, email me');
    expect(text(form.querySelector('input')!.closest('label'))).to.equal('Email');
    expect($$(el, 'form[part=email-ask] button').map(text)).to.include('Not now');
  });
});
