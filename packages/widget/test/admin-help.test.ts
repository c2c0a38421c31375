import { expect } from '@open-wc/testing';
import type { HelpArticle } from '@parley/protocol/admin';
import type { ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { fakeMarkdown } from './fakes/help-fake.js';
import { mount } from './admin-fixture.js';
import { settle, showPage, text, waitUntil } from './helpers.js';

function article(id: string, over: Partial<HelpArticle> = {}): HelpArticle {
  const body = over.body ?? `Body of ${id}`;
  return {
    id,
    collectionId: null,
    locale: 'en',
    slug: id.replace(/_/g, '-'),
    title: `Title ${id}`,
    summary: null,
    status: 'draft',
    authorId: 'staff_1',
    updatedBy: 'staff_1',
    createdAt: Date.UTC(2026, 10, 20),
    updatedAt: Date.UTC(2026, 10, 20),
    publishedAt: null,
    body,
    html: fakeMarkdown(body),
    ...over,
  };
}

async function openHelp(el: ChatAdmin) {
  const page = await showPage(el, 'Help center', 'chat-admin-help');
  await waitUntil(() => page.shadowRoot?.querySelector('table.articles, .card .muted'), 'the help center page');
  await settle(page);
  return { page, root: page.shadowRoot! };
}

function field<T extends HTMLElement>(root: ShadowRoot, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

function type(input: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

const titles = (root: ShadowRoot) => [...root.querySelectorAll('tr.article strong')].map(text);

describe('<chat-admin> help center', () => {
  it('lists articles by collection, locale and state with their author, reads and feedback', async () => {
    const { el, api } = await mount();
    api.helpCollections = [
      { id: 'hcol_1', name: 'Billing', slug: 'billing', description: null, position: 0, createdAt: 1, updatedAt: 1 },
    ];
    api.helpArticles = [
      article('hart_a', { collectionId: 'hcol_1', status: 'published', title: 'Pay by card' }),
      article('hart_b', { locale: 'de', title: 'Passwort ändern' }),
      article('hart_c', { title: 'Loose draft' }),
    ];
    api.helpReads.set('hart_a', 42);
    api.helpVotes.set('hart_a', { helpful: 7, notHelpful: 2 });
    const { page, root } = await openHelp(el);
    await waitUntil(
      () => root.querySelectorAll('tr.article').length === 3,
      `three articles: ${text(root.querySelector('[role=alert]'))} ${api.requests.join()}`,
    );
    const row = field(root, 'tr.article[data-id=hart_a]');
    expect(text(row.querySelector('.reads'))).to.equal('42');
    expect(text(row.querySelector('.feedback'))).to.equal('7 yes · 2 no');
    expect(text(row.querySelector('.state'))).to.equal('Published');
    expect(text(row.querySelector('td[data-label=Collection]'))).to.equal('Billing');
    await waitUntil(() => text(row.querySelector('td[data-label=Author]')) === 'Ada', 'the author by name');

    const choose = async (name: string, value: string) => {
      const select = field<HTMLSelectElement>(root, `select[name=${name}]`);
      select.value = value;
      select.dispatchEvent(new Event('change'));
      await page.updateComplete;
    };
    await choose('collection', 'hcol_1');
    expect(titles(root)).to.deep.equal(['Pay by card']);
    await choose('collection', '-');
    expect(titles(root)).to.deep.equal(['Passwort ändern', 'Loose draft']);
    await choose('locale', 'de');
    expect(titles(root)).to.deep.equal(['Passwort ändern']);
    expect(text(root.querySelector('#help-list-title'))).to.equal('Articles (1 of 3)');
    await choose('collection', '');
    await choose('locale', '');
    await choose('status', 'published');
    expect(titles(root)).to.deep.equal(['Pay by card']);
  });

  it('writes an article with a live preview from the relay, says bad input beside its field, publishes', async () => {
    const { el, api } = await mount();
    const { page, root } = await openHelp(el);
    field<HTMLButtonElement>(root, '.new-article').click();
    await page.updateComplete;
    await waitUntil(() => page.shadowRoot!.activeElement?.id === 'help-title', 'focus in the title');

    // The slug follows the title until it is typed.
    type(field(root, '#help-title'), 'Reset your Password!');
    expect(field<HTMLInputElement>(root, '#help-slug').value).to.equal('reset-your-password');

    // The preview is the relay's HTML, asked once typing pauses; raw HTML stays text.
    type(field(root, '#help-body'), 'Open **Settings**. <img src=x onerror=alert(1)>');
    await waitUntil(() => root.querySelector('.preview strong'), 'the preview');
    expect(text(root.querySelector('.preview strong'))).to.equal('Settings');
    expect(root.querySelector('.preview img'), 'no raw HTML').to.equal(null);
    expect(api.helpCalls.filter(([call]) => call === 'preview').length).to.equal(1);

    // A preview the relay refuses says why, in place of the preview.
    type(field(root, '#help-body'), 'x (((too complex');
    await waitUntil(() => root.querySelector('.preview-error'), 'the refusal');
    expect(text(root.querySelector('.preview-error'))).to.match(/too complex/);
    type(field(root, '#help-body'), 'Open **Settings**.');
    await waitUntil(() => root.querySelector('.preview strong'), 'the preview again');

    // Bad input is said beside its field, before any call.
    type(field(root, '#help-slug'), 'Bad Slug');
    field<HTMLInputElement>(root, '#help-locale').value = 'english';
    field<HTMLButtonElement>(root, 'button[value=publish]').click();
    await page.updateComplete;
    expect(text(root.querySelector('#help-slug-error'))).to.match(/lower-case/);
    expect(text(root.querySelector('#help-locale-error'))).to.match(/language code/);
    expect(field(root, '#help-slug').getAttribute('aria-invalid')).to.equal('true');
    expect(field(root, '#help-slug').getAttribute('aria-describedby')).to.contain('help-slug-error');
    expect(page.shadowRoot!.activeElement?.id).to.equal('help-slug');
    expect(api.helpCalls.some(([call]) => call === 'createArticle')).to.equal(false);

    // A slug taken (the relay's 409) is said beside the slug.
    api.helpArticles = [article('hart_x', { slug: 'taken' })];
    type(field(root, '#help-slug'), 'taken');
    field<HTMLInputElement>(root, '#help-locale').value = 'en';
    field<HTMLButtonElement>(root, 'button[value=draft]').click();
    await waitUntil(() => root.querySelector('#help-slug-error'), 'the conflict');
    await waitUntil(() => text(root.querySelector('#help-slug-error')).includes('taken'), 'the conflict said');

    type(field(root, '#help-slug'), 'reset-password');
    field<HTMLButtonElement>(root, 'button[value=publish]').click();
    await waitUntil(() => api.helpArticles.length === 2, 'written');
    expect(api.helpCalls.filter(([call]) => call === 'createArticle').at(-1)?.[1]).to.include({
      title: 'Reset your Password!',
      slug: 'reset-password',
      locale: 'en',
      body: 'Open **Settings**.',
      status: 'published',
    });
    await waitUntil(() => root.querySelector('tr.article[data-id=hart_2]'), 'listed');
    expect(text(root.querySelector('tr.article[data-id=hart_2] .state'))).to.equal('Published');
    expect(text(root.querySelector('#help-editor-title'))).to.equal('Editing “Reset your Password!”');
  });

  it('edits, unpublishes and publishes, deletes after a confirmation, and manages collections', async () => {
    const { el, api } = await mount();
    api.helpArticles = [article('hart_a', { status: 'published', body: 'Old **text**' })];
    const { page, root } = await openHelp(el);
    await waitUntil(() => root.querySelector('tr.article'), 'the article');

    field<HTMLButtonElement>(root, 'button[aria-label="Edit: Title hart_a"]').click();
    await waitUntil(() => root.querySelector<HTMLTextAreaElement>('#help-body')?.value === 'Old **text**', 'its body');
    expect(text(root.querySelector('.preview strong'))).to.equal('text');
    type(field(root, '#help-body'), 'New **text**');
    field<HTMLButtonElement>(root, 'button[value=publish]').click();
    await waitUntil(() => api.helpArticles[0]!.body === 'New **text**', 'saved');
    await waitUntil(() => text(root.querySelector('form[data-save=article] [role=status]')) === 'Published.', 'said');

    field<HTMLButtonElement>(root, 'button[aria-label="Unpublish: Title hart_a"]').click();
    await waitUntil(() => api.helpArticles[0]!.status === 'draft', 'unpublished');
    await waitUntil(() => text(root.querySelector('tr.article .state')) === 'Draft', 'shown as a draft');
    await waitUntil(
      () => !root.querySelector<HTMLButtonElement>('button[aria-label="Publish: Title hart_a"]')?.disabled,
    );
    field<HTMLButtonElement>(root, 'button[aria-label="Publish: Title hart_a"]').click();
    await waitUntil(() => api.helpArticles[0]!.status === 'published', 'published');
    await waitUntil(() => !(page as unknown as { busy: boolean }).busy, 'done');

    field<HTMLButtonElement>(root, 'button[aria-label="Delete: Title hart_a"]').click();
    await page.updateComplete;
    expect(
      api.helpCalls.some(([call]) => call === 'deleteArticle'),
      'not before the confirmation',
    ).to.equal(false);
    const ok = [...root.querySelectorAll<HTMLButtonElement>('tr.article button')].find((b) => text(b) === 'Delete')!;
    ok.click();
    await waitUntil(() => api.helpArticles.length === 0 && !root.querySelector('tr.article'), 'deleted');
    expect(root.querySelector('#help-editor-title'), 'the editor closed with it').to.equal(null);

    // Collections: add (a taken slug refused), then delete after a confirmation.
    type(field(root, '#help-collection-name'), 'Billing');
    type(field(root, '#help-collection-slug'), 'billing');
    field<HTMLButtonElement>(root, 'form[data-save=collection] button[type=submit]').click();
    await waitUntil(() => root.querySelector('.collection'), 'the collection');
    expect(text(root.querySelector('.collection h3'))).to.equal('Billing');
    expect([...root.querySelectorAll('select[name=collection] option')].map(text)).to.include('Billing');
    type(field(root, '#help-collection-name'), 'Billing again');
    type(field(root, '#help-collection-slug'), 'billing');
    const add = field<HTMLButtonElement>(root, 'form[data-save=collection] button[type=submit]');
    add.focus();
    add.click();
    await waitUntil(() => text(root.querySelector('form[data-save=collection] [role=alert]')) !== '', 'the refusal');
    expect(text(root.querySelector('form[data-save=collection] [role=alert]'))).to.match(/taken/);
    field<HTMLButtonElement>(root, 'button[aria-label="Delete: Billing"]').click();
    await page.updateComplete;
    [...root.querySelectorAll<HTMLButtonElement>('.collection button')].find((b) => text(b) === 'Delete')!.click();
    await waitUntil(() => !root.querySelector('.collection'), 'the collection deleted');
    expect(api.helpCollections).to.deep.equal([]);
  });
});

describe('<chat-admin> reports: help center feedback', () => {
  it('shows helpful and not helpful per article over the report’s range', async () => {
    const { el, api } = await mount();
    api.helpFeedbackItems = [
      { id: 'hart_a', title: 'Pay by card', locale: 'en', helpful: 3, notHelpful: 1 },
      { id: 'hart_b', title: 'Passwort ändern', locale: 'de', helpful: 0, notHelpful: 2 },
    ];
    const page = await showPage(el, 'Reports', 'chat-admin-reports');
    const table = () => page.shadowRoot!.querySelector('chat-admin-help-feedback')?.shadowRoot?.querySelector('table');
    await waitUntil(table, 'the feedback table');
    const card = table()!;
    const rows = [...card.querySelectorAll('tbody tr')].map((row) =>
      [...row.querySelectorAll('th, td')].map((cell) => text(cell)),
    );
    expect(rows).to.deep.equal([
      ['Pay by card en', '3', '1', '75%'],
      ['Passwort ändern de', '0', '2', '0%'],
    ]);
    const asked = api.requests.find((request) => request.startsWith('GET /reports/help-feedback?'))!;
    const query = new URLSearchParams(asked.split('?')[1]);
    expect(Number(query.get('to')) - Number(query.get('from'))).to.be.greaterThan(86_400_000);
  });
});

describe('<chat-admin> help center: the portal’s custom domain', () => {
  it('says where the portal is, checks the host before saving, says a refusal, and saves it', async () => {
    const { el, api } = await mount();
    api.helpArticles = [article('hart_a', { status: 'published' })];
    const { page, root } = await openHelp(el);
    await waitUntil(() => root.querySelector('#help-domain-title + .intro a'), 'the portal address');
    expect(text(root.querySelector('#help-domain-title + .intro a'))).to.equal('https://relay.test/help/site_key');
    const save = async (value: string) => {
      field<HTMLInputElement>(root, '#help-host').value = value;
      const button = field<HTMLButtonElement>(root, 'form[data-save=domain] button[type=submit]');
      button.focus();
      button.click();
      await page.updateComplete;
    };
    await save('help.example.com:8443');
    expect(text(root.querySelector('form[data-save=domain] [role=alert]'))).to.match(/host name such as/);
    expect(api.helpCalls.some(([call]) => call === 'domain')).to.equal(false);
    await save('taken.example.com');
    await waitUntil(() => text(root.querySelector('form[data-save=domain] [role=alert]')).includes('Another site'));
    await save('https://Help.Example.com/');
    await waitUntil(() => text(root.querySelector('form[data-save=domain] [role=status]')) === 'Saved.', 'saved');
    expect(api.helpCalls.filter(([call]) => call === 'domain').at(-1)).to.deep.equal(['domain', 'help.example.com']);
    expect(text(root.querySelector('#help-domain-title + .intro a'))).to.equal('https://help.example.com');
  });
});
