import { expect, fixture, html } from '@open-wc/testing';
import '../src/index.js';
import type { ChatWidget } from '../src/index.js';
import { en } from '../src/i18n/en.js';
import { FakeClient, theirs } from './fake-client.js';
import { $, $$, text, visitorWelcome, waitUntil } from './helpers.js';

// The greeting an empty chat opens on, and "Typically replies in …" in the header from the relay's figure
// (`welcome.replySeconds`, issue #81).

async function open(client: FakeClient, locale = 'en'): Promise<ChatWidget> {
  const el = await fixture<ChatWidget>(
    html`<chat-widget site-name="Acme" locale=${locale} .client=${client} open></chat-widget>`,
  );
  await el.updateComplete;
  return el;
}

const presence = (el: ChatWidget): string => text($(el, '.presence'));

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});

describe('<chat-widget>: the greeting', () => {
  it('opens an empty chat on the widget’s own greeting, from the site, while the site has none', async () => {
    const client = new FakeClient();
    const el = await open(client);
    client.emit('welcome', visitorWelcome());
    await el.updateComplete;
    const rows = $$(el, '.msg');
    expect(rows).to.have.length(1);
    expect(text(rows[0]!.querySelector('.author'))).to.equal('Acme');
    expect(text(rows[0]!.querySelector('.bubble'))).to.equal('Hi there! Ask us anything.');
    // Once the conversation has a message, the log is the conversation's.
    client.timeline.push(theirs('Hello, I’m Anna.', 1));
    client.emit('message', client.timeline[0]!);
    await el.updateComplete;
    expect($$(el, '.bubble').map(text)).to.deep.equal(['Hello, I’m Anna.']);
  });

  it('is the site’s own greeting when it has one', async () => {
    const client = new FakeClient();
    const el = await open(client);
    client.emit('welcome', visitorWelcome({ greeting: { text: 'Welcome to the shop!', name: 'Ada' } }));
    await el.updateComplete;
    expect($$(el, '.bubble').map(text)).to.deep.equal(['Welcome to the shop!']);
  });

  it('speaks the visitor’s language', async () => {
    for (const [locale, hello] of [
      ['fr', 'Bonjour ! Posez-nous vos questions.'],
      ['es', '¡Hola! Pregúntanos lo que quieras.'],
      ['ar', 'مرحبًا! اسألنا عن أي شيء.'],
    ]) {
      const el = await open(new FakeClient(), locale);
      await waitUntil(() => text($(el, '.bubble')) === hello, `the greeting in ${locale}`);
    }
  });
});

describe('<chat-widget>: how fast the site typically replies', () => {
  it('says the relay’s bucket in the header while someone is online, and "We’re online" without one', async () => {
    const client = new FakeClient();
    const el = await open(client);
    client.emit('welcome', visitorWelcome());
    await el.updateComplete;
    expect(presence(el)).to.equal(en.online);
    for (const [seconds, said] of [
      [600, 'Typically replies in a few minutes'],
      [3600, 'Typically replies in under an hour'],
      [21_600, 'Typically replies in a few hours'],
      [86_400, 'Typically replies within a day'],
    ] as const) {
      client.emit('welcome', visitorWelcome({ replySeconds: seconds }));
      await el.updateComplete;
      expect(presence(el)).to.equal(said);
    }
    // A figure this widget has no words for says nothing of it.
    client.emit('welcome', visitorWelcome({ replySeconds: 120 }));
    await el.updateComplete;
    expect(presence(el)).to.equal(en.online);
  });

  it('gives way to "We’ll reply by email" with nobody online, and to the hours out of hours', async () => {
    const client = new FakeClient();
    const el = await open(client);
    client.emit('welcome', visitorWelcome({ replySeconds: 600, staffOnline: 0 }));
    await el.updateComplete;
    expect(presence(el)).to.equal(en.away);
    client.emit('welcome', visitorWelcome({ replySeconds: 600, hours: { open: false } }));
    await el.updateComplete;
    expect(presence(el)).to.equal(en.closed);
  });

  it('speaks the visitor’s language', async () => {
    const client = new FakeClient();
    const el = await open(client, 'fr');
    client.emit('welcome', visitorWelcome({ replySeconds: 3600 }));
    await waitUntil(() => presence(el) === 'Répond généralement en moins d’une heure', 'the line in French');
  });
});
