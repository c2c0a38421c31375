// Companies in the inbox (issue #86, docs/companies.md): the Companies page (search, a new company, a company's
// attributes, contacts and conversations, its deletion) and the visitor panel's company card (shown, set, removed).
import { expect } from '@open-wc/testing';
import type { LitElement } from 'lit';
import type { ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { conversation, mount, open } from './admin-fixture.js';
import { company } from './fakes/companies-fake.js';
import { $, showDeskPage, text, waitUntil } from './helpers.js';

type Api = Awaited<ReturnType<typeof mount>>['api'];

function seed(api: Api): void {
  api.companies = [
    company('co_1', 'Acme Inc.', {
      externalId: 'acme',
      domains: ['acme.com'],
      attributes: { plan: 'Enterprise', seats: 120 },
      source: 'signed',
    }),
    company('co_2', 'Globex', { domains: ['globex.com'] }),
  ];
  api.companyOf.set('v_c1', { companyId: 'co_1', source: 'signed' });
  api.companyContacts.set('co_1', [
    {
      id: 'v_c1',
      name: 'Visitor c1',
      emailMasked: 'a***@ex***.com',
      verified: true,
      lastSeenAt: Date.now() - 60_000,
      source: 'signed',
      conversations: [{ id: 'c1', status: 'open', createdAt: 1, updatedAt: Date.now() - 60_000 }],
    },
  ]);
}

async function openCompanies(el: ChatAdmin): Promise<{ page: LitElement; root: ShadowRoot }> {
  const page = await showDeskPage(el, 'Companies', 'chat-admin-companies');
  const root = page.shadowRoot!;
  await waitUntil(() => root.querySelectorAll('button.company').length > 0, 'the companies');
  return { page, root };
}

const names = (root: ShadowRoot) => [...root.querySelectorAll('button.company strong')].map(text);

describe('<chat-admin> Companies', () => {
  it('searches companies, shows one with its attributes, contacts and conversations, and opens a conversation', async () => {
    const { el, api } = await mount();
    seed(api);
    const { page, root } = await openCompanies(el);
    expect(names(root)).to.deep.equal(['Acme Inc.', 'Globex']);
    expect(text(root.querySelector('button.company[data-id="co_1"] .muted'))).to.equal('acme.com · 1 contact');

    const search = root.querySelector<HTMLInputElement>('#company-search')!;
    search.value = 'glo';
    root.querySelector<HTMLFormElement>('form.search')!.requestSubmit();
    await waitUntil(() => names(root).length === 1, 'the search');
    expect(api.requests).to.include('GET /companies?q=glo');
    expect(names(root)).to.deep.equal(['Globex']);

    search.value = '';
    root.querySelector<HTMLFormElement>('form.search')!.requestSubmit();
    await waitUntil(() => names(root).length === 2, 'all again');
    root.querySelector<HTMLButtonElement>('button.company[data-id="co_1"]')!.click();
    await waitUntil(() => root.querySelector('#company-title'), 'the company');
    await page.updateComplete;
    expect(root.activeElement?.id).to.equal('company-title');
    expect(text(root.querySelector('#company-title'))).to.equal('Acme Inc.');
    const details = [...root.querySelectorAll('.details:not(.attributes) dt')].map(text);
    expect(details).to.include.members(['Your site’s id', 'Domains', 'Set by']);
    expect([...root.querySelectorAll('.attributes dd')].map(text)).to.deep.equal(['Enterprise', '120']);
    expect([...root.querySelectorAll('.contacts > li')].map((li) => li.getAttribute('data-id'))).to.deep.equal([
      'v_c1',
    ]);

    root.querySelector<HTMLButtonElement>('.conversations button.open')!.click();
    const inbox = (page as LitElement & { inbox: { state: { page: string; current?: { id: string } } } }).inbox;
    await waitUntil(() => inbox.state.page === 'inbox' && inbox.state.current?.id === 'c1', 'the conversation open');
  });

  it('creates a company, edits its attributes (typed, removed) and deletes it after asking', async () => {
    const { el, api } = await mount();
    seed(api);
    const { page, root } = await openCompanies(el);
    root.querySelector<HTMLButtonElement>('button.add-company')!.click();
    await waitUntil(() => root.querySelector('#company-name'), 'the form');
    expect(root.activeElement?.id).to.equal('company-name');
    root.querySelector<HTMLInputElement>('#company-name')!.value = 'Initech';
    root.querySelector<HTMLInputElement>('form.add [name=externalId]')!.value = 'initech';
    root.querySelector<HTMLInputElement>('form.add [name=domains]')!.value = 'Initech.com, initech.io';
    root.querySelector<HTMLFormElement>('form.add')!.requestSubmit();
    await waitUntil(() => text(root.querySelector('#company-title')) === 'Initech', 'the new company');
    expect(api.companyCalls[0]).to.deep.equal([
      'POST',
      '',
      { name: 'Initech', externalId: 'initech', domains: ['initech.com', 'initech.io'] },
    ]);

    // Edit: Acme's attributes keep their types; one removed goes as null.
    root.querySelector<HTMLButtonElement>('button.back')!.click();
    await waitUntil(() => root.querySelector('button.company[data-id="co_1"]'), 'the list');
    root.querySelector<HTMLButtonElement>('button.company[data-id="co_1"]')!.click();
    await waitUntil(() => root.querySelector('button.edit-company'), 'Acme');
    root.querySelector<HTMLButtonElement>('button.edit-company')!.click();
    await waitUntil(() => root.querySelectorAll('.attribute-row').length === 2, 'the attribute rows');
    const values = () => [...root.querySelectorAll<HTMLInputElement>('.attribute-row .attribute-value')];
    values()[1]!.value = '150';
    values()[1]!.dispatchEvent(new Event('input'));
    root.querySelectorAll<HTMLButtonElement>('.remove-attribute')[0]!.click();
    await page.updateComplete;
    root.querySelector<HTMLButtonElement>('button.add-attribute')!.click();
    await page.updateComplete;
    const keys = [...root.querySelectorAll<HTMLInputElement>('.attribute-row .attribute-key')];
    keys[1]!.value = 'region';
    keys[1]!.dispatchEvent(new Event('input'));
    values()[1]!.value = 'EMEA';
    values()[1]!.dispatchEvent(new Event('input'));
    root.querySelector<HTMLFormElement>('form.edit')!.requestSubmit();
    await waitUntil(() => root.querySelector('button.edit-company'), 'saved');
    const patch = api.companyCalls.find((call) => call[0] === 'PATCH')!;
    expect(patch[1]).to.equal('co_1');
    expect((patch[2] as { attributes: unknown }).attributes).to.deep.equal({ seats: 150, region: 'EMEA', plan: null });
    expect([...root.querySelectorAll('.attributes dd')].map(text)).to.deep.equal(['150', 'EMEA']);

    // Delete asks first; Cancel keeps it.
    root.querySelector<HTMLButtonElement>('button.delete-company')!.click();
    await waitUntil(() => root.querySelector('.confirm .cancel'), 'the question');
    root.querySelector<HTMLButtonElement>('.confirm .cancel')!.click();
    await page.updateComplete;
    expect(api.companies.some((each) => each.id === 'co_1')).to.equal(true);
    root.querySelector<HTMLButtonElement>('button.delete-company')!.click();
    await waitUntil(() => root.querySelector('.confirm button.danger'), 'the question again');
    root.querySelector<HTMLButtonElement>('.confirm button.danger')!.click();
    await waitUntil(() => !root.querySelector('#company-title'), 'back to the list');
    expect(api.companies.some((each) => each.id === 'co_1')).to.equal(false);
    expect(names(root)).to.not.include('Acme Inc.');
  });

  it('the visitor panel shows the contact’s company, sets another and removes it', async () => {
    const { el, api } = await mount([conversation('c1', { lastSeq: 1 })]);
    seed(api);
    api.companyOf.set('v_c1', { companyId: 'co_2', source: 'visitor' });
    await open(el, 'c1');
    await waitUntil(() => $(el, 'chat-admin-company-card .company-name'), 'the company card, once its chunk is in');
    const card = $(el, 'chat-admin-company-card')!;
    expect(text(card.querySelector('.company-name'))).to.equal('Globex');
    expect(text(card.querySelector('.unverified'))).to.equal('Unverified');

    card.querySelector<HTMLInputElement>('input.company-search')!.value = 'acme';
    card.querySelector<HTMLFormElement>('form')!.requestSubmit();
    await waitUntil(() => card.querySelector('button.set-company[data-id="co_1"]'), 'the found company');
    card.querySelector<HTMLButtonElement>('button.set-company[data-id="co_1"]')!.click();
    await waitUntil(() => text(card.querySelector('.company-name')) === 'Acme Inc.', 'set');
    expect(card.querySelector('.unverified')).to.equal(null);
    expect(api.companyCalls.at(-1)).to.deep.equal(['PUT', 'v_c1', { companyId: 'co_1' }]);

    card.querySelector<HTMLButtonElement>('button.remove-company')!.click();
    await waitUntil(() => !card.querySelector('.company-name'), 'removed');
    expect(text(card.querySelector('p.muted'))).to.equal('No company.');
    expect(api.companyOf.has('v_c1')).to.equal(false);
  });
});
