import { expect } from '@open-wc/testing';
import type { HelpArticle } from '@parley/protocol/admin';
import { sendKeys } from '@web/test-runner-commands';
import type { LitElement } from 'lit';
import { composer, mount, open } from './admin-fixture.js';
import { fakeMarkdown } from './fakes/help-fake.js';
import { $, settle, text, waitUntil } from './helpers.js';

// The composer's article links (issue #42): search the published articles, insert a link to one at the caret, by
// keyboard alone; the part comes in a chunk of its own.

function article(id: string, title: string, status: 'draft' | 'published' = 'published'): HelpArticle {
  return {
    id,
    collectionId: null,
    locale: 'en',
    slug: id,
    title,
    summary: null,
    status,
    authorId: 'staff_1',
    updatedBy: 'staff_1',
    createdAt: 1,
    updatedAt: 1,
    publishedAt: status === 'published' ? 1 : null,
    body: title,
    html: fakeMarkdown(title),
  };
}

async function shortcut(key: string): Promise<void> {
  await sendKeys({ down: 'Control' });
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: key });
  await sendKeys({ up: 'Shift' });
  await sendKeys({ up: 'Control' });
}

describe('<chat-admin> the composer’s article links', () => {
  it('opens with Ctrl+Shift+K, searches published articles, arrows and Enter insert the portal link at the caret', async () => {
    const { el, api } = await mount();
    api.helpArticles = [
      article('reset-password', 'Reset your password'),
      article('refunds', 'Refunds and returns'),
      article('secret', 'Reset the secret draft', 'draft'),
    ];
    expect(customElements.get('chat-admin-article-link')).to.equal(undefined, 'not fetched before it is opened');
    await open(el, 'c1');
    const input = composer(el);
    input.focus();
    await sendKeys({ type: 'Hi! See ' });
    await shortcut('K');
    await waitUntil(() => $(el, 'chat-admin-article-link')?.shadowRoot?.querySelector('[role=option]'), 'the part');
    const part = $(el, 'chat-admin-article-link') as LitElement;
    const root = part.shadowRoot!;
    await settle(part);
    expect(api.requests).to.include('GET /help/articles?status=published');
    expect(root.activeElement?.getAttribute('role'), 'focus in its search').to.equal('combobox');
    expect([...root.querySelectorAll('[role=option]')].map(text)).to.deep.equal([
      'Reset your password en',
      'Refunds and returns en',
    ]);

    await sendKeys({ type: 'ref' });
    await part.updateComplete;
    expect([...root.querySelectorAll('[role=option]')].map(text)).to.deep.equal(['Refunds and returns en']);
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ type: 're' });
    await part.updateComplete;
    await sendKeys({ press: 'ArrowDown' });
    await part.updateComplete;
    const search = root.querySelector('[role=combobox]')!;
    expect(search.getAttribute('aria-activedescendant')).to.equal('article-link-refunds');
    await sendKeys({ press: 'Enter' });
    await settle(el);

    expect($(el, 'chat-admin-article-link'), 'closed').to.equal(null);
    expect(input.value).to.equal('Hi! See Refunds and returns: https://relay.test/help/site_key/en/refunds');
    expect(el.shadowRoot!.activeElement, 'focus back in the composer').to.equal(input);
    await sendKeys({ type: ' ok' });
    expect(input.value).to.match(/refunds ok$/);
  });

  it('its button opens it; nothing matching is said; Escape closes it and focus goes back to the button', async () => {
    const { el, api } = await mount();
    api.helpArticles = [article('reset-password', 'Reset your password')];
    await open(el, 'c1');
    const button = $(el, '.article-link-button') as HTMLButtonElement;
    expect(button.getAttribute('aria-expanded')).to.equal('false');
    button.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => $(el, 'chat-admin-article-link')?.shadowRoot?.querySelector('[role=option]'), 'the part');
    expect(button.getAttribute('aria-expanded')).to.equal('true');
    const part = $(el, 'chat-admin-article-link') as LitElement;
    await sendKeys({ type: 'zzz' });
    await part.updateComplete;
    expect(text(part.shadowRoot!.querySelector('[role=status]'))).to.equal('No published article matches.');
    await sendKeys({ press: 'Escape' });
    await settle(el);
    expect($(el, 'chat-admin-article-link')).to.equal(null);
    expect(el.shadowRoot!.activeElement).to.equal(button);
    expect(composer(el).value).to.equal('');
  });
});
