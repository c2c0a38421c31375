import { expect } from '@open-wc/testing';
import type { ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { conversation, mount } from './admin-fixture.js';
import { settingsLinks, settle, showPage, text, waitUntil } from './helpers.js';

// The site's own words in its widget (issue #85): Settings → Widget words (a language picked, each word's default
// beside its field, saved per language, a refusal beside its field, reset to the default, admins only).

async function openWords(el: ChatAdmin) {
  const page = await showPage(el, 'Widget words', 'chat-admin-widget-strings');
  await waitUntil(() => page.shadowRoot?.querySelector('form[data-save=words]'), 'the words form');
  return { page, root: page.shadowRoot! };
}

function field<T extends HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

const submit = (root: ParentNode) =>
  field<HTMLButtonElement>(root, 'form[data-save=words] button[type=submit]').click();

describe('<chat-admin> Settings → Widget words', () => {
  it('shows each word’s default and the site’s own, and saves a language’s words', async () => {
    const { el, api } = await mount();
    api.widgetWords = { de: { send: 'Senden' } };
    const { root } = await openWords(el);
    // English first: no words of its own; every field shows the widget's word as its default.
    expect(field<HTMLInputElement>(root, 'input[name=send]').value).to.equal('');
    expect(field<HTMLInputElement>(root, 'input[name=send]').placeholder).to.equal('Send');
    expect(text(root.querySelector('#word-typing-default'))).to.equal('Default (English): {name} is typing…');
    expect(text(root.querySelector('#word-typing-keep'))).to.equal('Keep {name}: the widget fills it in.');
    expect(text(root.querySelector('#word-openChatUnread-default'))).to.equal(
      'Default (English): Open chat, {count} unread',
    );
    expect(text(root.querySelector('#word-email\\.title-default'))).to.equal(
      'Default (English): Get notified by email',
    );
    expect(field<HTMLTextAreaElement>(root, 'textarea[name=hello]').maxLength).to.equal(500);
    expect([...root.querySelectorAll('fieldset.group legend')].map(text)).to.deep.equal([
      'Chat',
      'Pre-chat and leave-a-message forms',
      'Email ask and menu',
      'Rating',
      'Help tab',
    ]);

    // German, from the list of languages with words: its word in its field.
    field<HTMLButtonElement>(root, '.saved-locales button').click();
    await waitUntil(() => field<HTMLInputElement>(root, 'input[name=send]').value === 'Senden', 'the German words');
    field<HTMLTextAreaElement>(root, 'textarea[name=hello]').value = 'Hallo! Wie können wir helfen?';
    field<HTMLInputElement>(root, 'input[name=typing]').value = '{name} schreibt…';
    submit(root);
    await waitUntil(() => api.savedWidgetWords.length === 1, 'the save');
    expect(api.savedWidgetWords[0]).to.deep.equal([
      'de',
      { hello: 'Hallo! Wie können wir helfen?', send: 'Senden', typing: '{name} schreibt…' },
    ]);
    await waitUntil(
      () => [...root.querySelectorAll('.save-state[role=status]')].some((r) => text(r) === 'Saved the words of de.'),
      'said saved',
    );
  });

  it('says a refusal beside its field and focuses it; reset saves the language without the word', async () => {
    const { el, api } = await mount();
    api.widgetWords = { fr: { send: 'Envoyer', placeholder: 'Écrivez…' } };
    const { root } = await openWords(el);
    field<HTMLInputElement>(root, 'input[name=locale]').value = 'FR';
    field<HTMLButtonElement>(root, '.locale-row button[type=submit]').click();
    await waitUntil(() => field<HTMLInputElement>(root, 'input[name=send]').value === 'Envoyer', 'the French words');

    field<HTMLInputElement>(root, 'input[name=typing]').value = 'Quelqu’un écrit…';
    submit(root);
    await waitUntil(() => root.querySelector('#typing-error'), 'the refusal');
    expect(text(root.querySelector('#typing-error'))).to.equal('keep the placeholder {name}');
    expect(field<HTMLInputElement>(root, 'input[name=typing]').getAttribute('aria-invalid')).to.equal('true');
    await waitUntil(() => root.activeElement?.getAttribute('name') === 'typing', 'focused');
    expect(api.savedWidgetWords).to.deep.equal([]);

    field<HTMLInputElement>(root, 'input[name=typing]').value = '';
    const reset = [...root.querySelectorAll<HTMLButtonElement>('button.reset')].find((b) =>
      b.closest('.field')!.querySelector('input[name=send]'),
    )!;
    expect(text(reset)).to.equal('Reset to default');
    reset.click();
    await waitUntil(() => api.savedWidgetWords.length === 1, 'the save');
    expect(api.savedWidgetWords[0]).to.deep.equal(['fr', { placeholder: 'Écrivez…' }]);
    await waitUntil(() => field<HTMLInputElement>(root, 'input[name=send]').value === '', 'the field emptied');
  });

  it('refuses a language that is not a tag before asking the relay', async () => {
    const { el, api } = await mount();
    const { root } = await openWords(el);
    field<HTMLInputElement>(root, 'input[name=locale]').value = 'Deutsch!';
    field<HTMLButtonElement>(root, '.locale-row button[type=submit]').click();
    await waitUntil(() => root.querySelector('#locale-error'), 'the refusal');
    expect(text(root.querySelector('#locale-error'))).to.equal('Enter a language tag, like de or pt-BR.');
    expect(api.requests.filter((r) => r.startsWith('PUT'))).to.deep.equal([]);
  });

  it('is for who may change the site’s settings, as the Site page is: agents do not see it', async () => {
    const { el, api } = await mount([conversation('c1')], false);
    api.role = 'agent';
    await el.signIn('st_agent');
    await settle(el);
    const links = (await settingsLinks(el)).map(text);
    expect(links).to.include('Safety');
    expect(links).not.to.include('Widget words');
  });
});
