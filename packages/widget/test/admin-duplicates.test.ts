import { expect } from '@open-wc/testing';
import { conversation, mount, open } from './admin-fixture.js';
import { $, settle, showDeskPage, text, waitUntil } from './helpers.js';

// Duplicates are suggested (issue #81): where a contact shows, "Possible duplicate: <name> · Merge…" opens the contact
// merge with it chosen, for those who may merge contacts; and the conversation merge does both merges in one step for
// them, or links to the other contact for the others.

/** The visitor panel's suggestion (`<chat-admin-contact-merge quiet>`'s shadow root), once its chunks are in. */
const panelMerge = (el: HTMLElement) =>
  el.shadowRoot!.querySelector('chat-admin-duplicates chat-admin-contact-merge')?.shadowRoot ?? null;

describe('<chat-admin> possible duplicates', () => {
  it('suggests the duplicate in the visitor panel and merges it from there', async () => {
    const { el, api } = await mount([conversation('c1')]);
    api.duplicates['v_c1'] = [api.contactList[1]];
    await open(el, 'c1');
    await waitUntil(() => panelMerge(el)?.querySelector('.duplicate'), 'the suggestion, once its chunks are in');
    const merge = panelMerge(el)!;
    expect(text(merge.querySelector('.duplicate'))).to.equal('Possible duplicate: Visitor #v_c2 Merge…');
    merge.querySelector<HTMLButtonElement>('.suggest-merge')!.click();
    await waitUntil(() => merge.querySelector('.preview'), 'the merge, the duplicate chosen');
    expect(merge.querySelector<HTMLInputElement>('.choice input')!.checked).to.equal(true);
    expect(text(merge.querySelector('.preview'))).to.contain('will join Visitor c1');
    expect(text(merge.querySelector('.preview'))).to.contain('undo this for 24 hours');
    merge.querySelector<HTMLButtonElement>('.confirm')!.click();
    await waitUntil(() => api.contactMergeCalls.length === 1, 'the merge');
    expect(api.contactMergeCalls).to.deep.equal(['merge v_c2 into v_c1']);
    await waitUntil(() => merge.querySelector('[role=status]'), 'said');
    expect(text(merge.querySelector('[role=status]'))).to.contain('was merged into this contact');
  });

  it('suggests nothing to those who may not merge contacts, and asks the relay nothing', async () => {
    const { el, api } = await mount([conversation('c1')], false);
    api.role = 'agent';
    api.duplicates['v_c1'] = [api.contactList[1]];
    await el.signIn('st_agent_token_0123456789');
    await waitUntil(() => api.queries.length > 0, 'signed in');
    await open(el, 'c1');
    await waitUntil(() => $(el, 'chat-admin-contact-card .edit-contact'), 'the contact card');
    // The section takes contacts.manage (outlets.ts): an agent's card has no element of it to wait for.
    await settle(el);
    expect(el.shadowRoot!.querySelector('chat-admin-duplicates chat-admin-contact-merge')).to.equal(null);
    expect(api.requests.filter((request) => request.includes('/duplicates'))).to.deep.equal([]);
  });

  it('suggests the duplicate on the contact page, above Merge with…', async () => {
    const { el, api } = await mount();
    api.duplicates['v_c1'] = [api.contactList[1]];
    const page = await showDeskPage(el, 'Contacts', 'chat-admin-contacts');
    const root = page.shadowRoot!;
    await waitUntil(() => root.querySelector('button.contact[data-id="v_c1"]'), 'the contacts');
    root.querySelector<HTMLButtonElement>('button.contact[data-id="v_c1"]')!.click();
    await waitUntil(
      () => root.querySelector('chat-admin-contact-merge')?.shadowRoot?.querySelector('.duplicate'),
      'the suggestion',
    );
    const merge = root.querySelector('chat-admin-contact-merge')!.shadowRoot!;
    merge.querySelector<HTMLButtonElement>('.suggest-merge')!.click();
    await waitUntil(() => merge.querySelector('.preview'), 'the merge, the duplicate chosen');
    expect(text(merge.querySelector('.preview'))).to.contain('Visitor #v_c2’s conversations');
  });
});

describe('<chat-admin> merge into… another contact’s conversation', () => {
  const findOther = async (el: HTMLElement): Promise<Element> => {
    await waitUntil(() => $(el, 'chat-admin-merge .merge-open'), 'the Merge button');
    ($(el, 'chat-admin-merge .merge-open') as HTMLButtonElement).click();
    await waitUntil(() => $(el, 'chat-admin-merge input[type=search]'), 'the panel');
    ($(el, 'chat-admin-merge input[type=search]') as HTMLInputElement).value = 'hello from c2';
    ($(el, 'chat-admin-merge form.find') as HTMLFormElement).requestSubmit();
    const dialog = $(el, 'chat-admin-merge [role=dialog]')!;
    await waitUntil(() => dialog.querySelectorAll('fieldset').length === 2, 'the search');
    return dialog.querySelectorAll('fieldset')[1]!;
  };

  it('merges both contacts, then the conversations, in one confirmation that says it cannot be undone', async () => {
    const { el, api } = await mount([conversation('c1', { lastSeq: 3 }), conversation('c2')]);
    await open(el, 'c1');
    const found = await findOther(el);
    expect(text(found.querySelector('.choice'))).to.contain('(another contact: both will be merged)');
    (found.querySelector('input') as HTMLInputElement).click();
    await waitUntil(() => $(el, 'chat-admin-merge .preview'), 'what will happen');
    const preview = text($(el, 'chat-admin-merge .preview'));
    expect(preview).to.contain('#c2 is Visitor c2’s. First Visitor c2 and this contact become one contact');
    expect(preview).to.contain('the 3 messages of this conversation move into #c2');
    expect(preview).to.contain('This cannot be undone');
    const confirm = $(el, 'chat-admin-merge .confirm') as HTMLButtonElement;
    expect(text(confirm)).to.equal('Merge contacts and conversations');
    confirm.click();
    await waitUntil(() => api.mergeCalls.length === 1, 'the merge');
    expect(api.mergeCalls[0]).to.deep.equal(['c2', { from: 'c1', mergeContacts: true }]);
    await waitUntil(() => !$(el, 'chat-admin-merge [role=dialog]'), 'closed');
  });

  it('links to the other contact for those who may not merge contacts', async () => {
    const { el, api } = await mount([conversation('c1'), conversation('c2')], false);
    api.role = 'agent';
    await el.signIn('st_agent_token_0123456789');
    await waitUntil(() => api.queries.length > 0, 'signed in');
    await open(el, 'c1');
    const found = await findOther(el);
    expect(text(found.querySelector('.choice'))).to.contain('another contact: merge the contacts first');
    expect((found.querySelector('input') as HTMLInputElement).disabled).to.equal(true);
    const link = found.querySelector<HTMLButtonElement>('.open-contact')!;
    expect(text(link)).to.equal('Open Visitor c2’s contact');
    link.click();
    await waitUntil(() => el.shadowRoot!.querySelector('chat-admin-contacts'), 'the Contacts page');
    const root = el.shadowRoot!.querySelector('chat-admin-contacts')!.shadowRoot!;
    await waitUntil(() => root.querySelector('#contact-title'), 'the contact shown');
    expect(text(root.querySelector('#contact-title'))).to.equal('Visitor #v_c2');
    expect(api.mergeCalls).to.deep.equal([]);
  });
});
