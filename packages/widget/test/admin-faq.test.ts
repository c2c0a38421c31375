import { expect } from '@open-wc/testing';
import type { ChatAdmin } from '../src/chat-admin/chat-admin.js';
import type { FaqEntry } from '../src/chat-admin/admin-types.js';
import { conversation, mount } from './admin-fixture.js';
import { settingsLinks, settle, showPage, text, waitUntil } from './helpers.js';

function entry(id: string, language: string, question: string, counts = { answered: 0, helpful: 0, escalated: 0 }) {
  return {
    id,
    language,
    question,
    answer: `Answer to ${question}`,
    phrasings: ['another way'],
    keywords: ['word'],
    counts,
    createdAt: 1,
    updatedAt: 1,
  } satisfies FaqEntry;
}

async function openFaq(el: ChatAdmin) {
  const page = await showPage(el, 'FAQ', 'chat-admin-faq');
  await waitUntil(() => page.shadowRoot?.querySelector('.entries, .muted'), 'the FAQ page');
  await page.updateComplete;
  return { page, root: page.shadowRoot! };
}

function field<T extends HTMLElement>(root: ShadowRoot, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

describe('<chat-admin> FAQ', () => {
  it('lists entries with their counts, per language, adds, edits and deletes after a confirmation', async () => {
    const { el, api } = await mount();
    api.faqEntries = [
      entry('faq_a', 'en', 'Where is my order?', { answered: 12, helpful: 7, escalated: 2 }),
      entry('faq_b', 'fr', 'Où est ma commande ?'),
    ];
    const { page, root } = await openFaq(el);
    await waitUntil(() => root.querySelectorAll('.entry').length === 2, 'both entries');
    expect(text(root.querySelector('.entry[data-id=faq_a] .counts'))).to.equal(
      'Answered 12 · helpful 7 · passed to a person 2',
    );
    // Per language.
    const filter = field<HTMLSelectElement>(root, 'select[name=filter]');
    filter.value = 'fr';
    filter.dispatchEvent(new Event('change'));
    await page.updateComplete;
    expect([...root.querySelectorAll('.entry h3')].map(text)).to.deep.equal(['Où est ma commande ?']);
    filter.value = '';
    filter.dispatchEvent(new Event('change'));
    await page.updateComplete;

    // Add.
    field<HTMLSelectElement>(root, '#faq-language').value = 'en';
    field<HTMLInputElement>(root, '#faq-question').value = 'How do I return an item?';
    field<HTMLTextAreaElement>(root, '#faq-answer').value = 'Free within 30 days.';
    field<HTMLTextAreaElement>(root, '#faq-phrasings').value = 'send it back\n\nget a refund';
    field<HTMLInputElement>(root, '#faq-keywords').value = 'return, refund,';
    field<HTMLButtonElement>(root, 'form[data-editing] button[type=submit]').click();
    await waitUntil(() => api.faqCalls.length === 1, 'the create');
    expect(api.faqCalls[0]).to.deep.equal([
      'create',
      {
        language: 'en',
        question: 'How do I return an item?',
        answer: 'Free within 30 days.',
        phrasings: ['send it back', 'get a refund'],
        keywords: ['return', 'refund'],
      },
    ]);
    await waitUntil(() => root.querySelectorAll('.entry').length === 3, 'the new entry listed');
    expect(text(root.querySelector('[role=status]'))).to.equal('Saved.');

    // Edit: the form takes the entry, and saves the change.
    field<HTMLButtonElement>(root, 'button[aria-label="Edit: Where is my order?"]').click();
    await page.updateComplete;
    expect(field<HTMLInputElement>(root, '#faq-question').value).to.equal('Where is my order?');
    expect(root.activeElement?.id, 'focus moves to the form').to.equal('faq-question');
    field<HTMLTextAreaElement>(root, '#faq-answer').value = 'Follow the link in your email.';
    field<HTMLButtonElement>(root, 'form[data-editing] button[type=submit]').click();
    await waitUntil(() => api.faqCalls.length === 2, 'the update');
    expect(api.faqCalls[1]![0]).to.equal('update');
    expect(api.faqCalls[1]![1]).to.equal('faq_a');
    expect((api.faqCalls[1]![2] as { answer: string }).answer).to.equal('Follow the link in your email.');

    // Delete: asked first; Cancel keeps it.
    field<HTMLButtonElement>(root, 'button[aria-label="Delete: Où est ma commande ?"]').click();
    await page.updateComplete;
    expect(text(root.querySelector('.entry[data-id=faq_b] [role=alert]'))).to.contain('Delete “Où est ma commande ?”?');
    expect(api.faqCalls.length, 'nothing deleted before the confirmation').to.equal(2);
    const confirm = [...root.querySelectorAll<HTMLButtonElement>('.entry[data-id=faq_b] button')];
    expect(confirm.map(text)).to.deep.equal(['Delete', 'Cancel']);
    confirm[0]!.click();
    await waitUntil(() => api.faqCalls.length === 3, 'the delete');
    expect(api.faqCalls[2]).to.deep.equal(['delete', 'faq_b']);
    await waitUntil(() => !root.querySelector('.entry[data-id=faq_b]'), 'gone from the list');
  });

  it('turns FAQ answers on in the site’s automations, keeping the rest', async () => {
    const { el, api } = await mount();
    const { page, root } = await openFaq(el);
    const toggle = field<HTMLInputElement>(root, 'input[name=enabled]');
    expect(toggle.checked).to.equal(false);
    toggle.checked = true;
    toggle.dispatchEvent(new Event('change'));
    await waitUntil(() => api.savedAutomations.length === 1, 'the save');
    const before = structuredClone(api.savedAutomations[0]!);
    expect(before.faq).to.deep.equal({ enabled: true });
    expect(before.welcome, 'the other automations as they were').to.deep.equal(
      (await api.automations()).settings.welcome,
    );
    await page.updateComplete;
  });

  it('tries a question and says what the bot would do', async () => {
    const { el, api } = await mount();
    api.faqEntries = [entry('faq_a', 'en', 'Where is my order?'), entry('faq_b', 'en', 'How do I pay?')];
    api.faqMatch = { answer: null, suggestions: ['faq_a', 'faq_b'] };
    const { page, root } = await openFaq(el);
    field<HTMLInputElement>(root, '#faq-try').value = 'order payment';
    field<HTMLButtonElement>(root, '[aria-labelledby=faq-try-title] button[type=submit]').click();
    await waitUntil(() => api.faqCalls.length === 1, 'the try');
    expect(api.faqCalls[0]).to.deep.equal(['try', 'order payment', undefined]);
    await page.updateComplete;
    await waitUntil(() => text(root.querySelector('[aria-labelledby=faq-try-title] [aria-live]')) !== '', 'the result');
    expect(text(root.querySelector('[aria-labelledby=faq-try-title] [aria-live]'))).to.equal(
      'The bot suggests: “Where is my order?”, “How do I pay?”.',
    );
  });

  it('is for admins only', async () => {
    const { el, api } = await mount([conversation('c1')], false);
    api.role = 'agent';
    await el.signIn('st_agent');
    await settle(el);
    expect((await settingsLinks(el)).map(text)).to.not.include('FAQ');
  });
});
