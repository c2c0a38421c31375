import { expect } from '@open-wc/testing';
import { AdminApiError } from '../src/chat-admin/chat-admin.js';
import { conversation, live, mount, open, stored } from './admin-fixture.js';
import { $, showDeskPage, text, waitUntil } from './helpers.js';

// "Merge into…" (issue #40): a thread action. The contact's other conversations first, a search for another, what
// will happen, then Merge; the chosen conversation opens. Another contact's conversations cannot be chosen.

describe('<chat-admin> merge into…', () => {
  const older = conversation('c_old', {
    visitor: conversation('c1').visitor,
    lastMessage: { seq: 2, text: 'Old question', ts: Date.now() - 3_600_000, authorRole: 'visitor' },
    lastSeq: 2,
  });

  it('lists the contact’s other conversations, says what will happen, merges and opens the result', async () => {
    const { el, api } = await mount([conversation('c1', { lastSeq: 3 }), older, conversation('c2')]);
    api.contactList[0]!.conversationIds = ['c_old', 'c1'];
    await open(el, 'c1');
    await waitUntil(() => $(el, 'chat-admin-merge .merge-open'), 'the Merge button, once its chunk is in');
    const opener = $(el, 'chat-admin-merge .merge-open') as HTMLButtonElement;
    opener.click();
    await waitUntil(() => $(el, 'chat-admin-merge .choice input'), 'the contact’s conversations');
    const dialog = $(el, 'chat-admin-merge [role=dialog]')!;
    expect(dialog.getAttribute('aria-labelledby')).to.equal('merge-title');
    const choices = [...dialog.querySelectorAll('.choice')].map((choice) => text(choice));
    expect(choices).to.deep.equal(['#c_old · Open · Old question']);
    // Nothing is chosen yet: no Merge.
    expect(($(el, 'chat-admin-merge .confirm') as HTMLButtonElement).disabled).to.equal(true);

    // A search finds another contact's conversation: an admin may merge both (docs: admin-duplicates.test.ts).
    const input = $(el, 'chat-admin-merge input[type=search]') as HTMLInputElement;
    input.value = 'hello from c2';
    ($(el, 'chat-admin-merge form.find') as HTMLFormElement).requestSubmit();
    await waitUntil(() => dialog.querySelectorAll('fieldset').length === 2, 'the search');
    const found = dialog.querySelectorAll('fieldset')[1]!;
    expect(text(found.querySelector('.choice'))).to.contain('another contact: both will be merged');

    (dialog.querySelector('.choice input') as HTMLInputElement).click();
    await waitUntil(() => $(el, 'chat-admin-merge .preview'), 'what will happen');
    expect(text($(el, 'chat-admin-merge .preview'))).to.contain(
      'The 3 messages of this conversation will move into #c_old',
    );
    ($(el, 'chat-admin-merge .confirm') as HTMLButtonElement).click();
    await waitUntil(() => api.mergeCalls.length === 1, 'the merge');
    expect(api.mergeCalls[0]).to.deep.equal(['c_old', { from: 'c1' }]);
    await waitUntil(
      () => el.shadowRoot!.querySelector('chat-admin-thread') && !$(el, 'chat-admin-merge [role=dialog]'),
      'closed',
    );
    await waitUntil(
      () => api.requests.some((request) => request.startsWith('GET /conversations/c_old')),
      'the result opened',
    );
  });

  it('says why the relay refused, and Escape closes with focus back on the button', async () => {
    const { el, api } = await mount([conversation('c1', { lastSeq: 3 }), older]);
    api.contactList[0]!.conversationIds = ['c_old', 'c1'];
    await open(el, 'c1');
    await waitUntil(() => $(el, 'chat-admin-merge .merge-open'), 'the Merge button');
    ($(el, 'chat-admin-merge .merge-open') as HTMLButtonElement).click();
    await waitUntil(() => $(el, 'chat-admin-merge .choice input'), 'the list');
    api.mergeRefusal = new AdminApiError('conflict', 'Conversation c1 was merged into c_x already.', 409);
    ($(el, 'chat-admin-merge .choice input') as HTMLInputElement).click();
    await waitUntil(() => !($(el, 'chat-admin-merge .confirm') as HTMLButtonElement).disabled, 'Merge enabled');
    ($(el, 'chat-admin-merge .confirm') as HTMLButtonElement).click();
    await waitUntil(() => $(el, 'chat-admin-merge [role=alert]'), 'the refusal');
    expect(text($(el, 'chat-admin-merge [role=alert]'))).to.equal('Conversation c1 was merged into c_x already.');
    ($(el, 'chat-admin-merge [role=dialog]') as HTMLElement).dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
    );
    await waitUntil(() => !$(el, 'chat-admin-merge [role=dialog]'), 'closed by Escape');
    await waitUntil(() => el.shadowRoot!.activeElement === $(el, 'chat-admin-merge .merge-open'), 'focus back');
  });
});

describe('<chat-admin> Contacts: merge with…', () => {
  it('finds the other record, says what will happen, merges, and undoes it', async () => {
    const { el, api } = await mount();
    const page = await showDeskPage(el, 'Contacts', 'chat-admin-contacts');
    const root = page.shadowRoot!;
    await waitUntil(() => root.querySelector('button.contact[data-id="v_c1"]'), 'the contacts');
    root.querySelector<HTMLButtonElement>('button.contact[data-id="v_c1"]')!.click();
    await waitUntil(
      () => root.querySelector('chat-admin-contact-merge')?.shadowRoot?.querySelector('.open-merge'),
      'Merge with…',
    );
    const merge = root.querySelector('chat-admin-contact-merge')!.shadowRoot!;
    merge.querySelector<HTMLButtonElement>('.open-merge')!.click();
    await waitUntil(() => merge.activeElement?.id === 'contact-merge-q', 'focus in the search');
    merge.querySelector<HTMLInputElement>('#contact-merge-q')!.value = 'v_c2';
    merge.querySelector<HTMLFormElement>('form.find')!.requestSubmit();
    await waitUntil(() => merge.querySelector('.choice input'), 'the match');
    expect(merge.querySelector<HTMLButtonElement>('.confirm')!.disabled).to.equal(true);
    merge.querySelector<HTMLInputElement>('.choice input')!.click();
    await waitUntil(() => merge.querySelector('.preview'), 'what will happen');
    expect(text(merge.querySelector('.preview'))).to.contain('will join Visitor c1');
    expect(text(merge.querySelector('.preview'))).to.contain('undo this for 24 hours');
    merge.querySelector<HTMLButtonElement>('.confirm')!.click();
    await waitUntil(() => api.contactMergeCalls.length === 1, 'the merge');
    expect(api.contactMergeCalls).to.deep.equal(['merge v_c2 into v_c1']);
    await waitUntil(() => merge.querySelector('button.undo'), 'Undo');
    expect(text(merge.querySelector('[role=status]'))).to.contain('was merged into this contact');
    merge.querySelector<HTMLButtonElement>('button.undo')!.click();
    await waitUntil(() => api.contactMergeCalls.length === 2, 'the undo');
    expect(api.contactMergeCalls[1]).to.equal('undo cm_1');
    await waitUntil(() => !merge.querySelector('button.undo'), 'nothing left to undo');
  });

  it('is not offered to agents', async () => {
    const { el, api } = await mount(undefined, false);
    api.role = 'agent';
    await el.signIn('st_agent_token_0123456789');
    await waitUntil(() => api.queries.length > 0, 'signed in');
    const page = await showDeskPage(el, 'Contacts', 'chat-admin-contacts');
    const root = page.shadowRoot!;
    await waitUntil(() => root.querySelector('button.contact[data-id="v_c1"]'), 'the contacts');
    root.querySelector<HTMLButtonElement>('button.contact[data-id="v_c1"]')!.click();
    await waitUntil(() => root.querySelector('#contact-title'), 'the profile');
    expect(root.querySelector('chat-admin-contact-merge')).to.equal(null);
  });
});

describe('<chat-admin> messages moved by a merge', () => {
  it('raise no "New message" toast, sound or unread: they are not new (issue #81)', async () => {
    const { el, client, played } = await mount([conversation('c1', { unread: 0 }), conversation('c2', { unread: 0 })]);
    const notified: string[] = [];
    el.addEventListener('chat-admin-notify', (event) => notified.push(event.detail.text));
    // The merge's moved messages come as the result's new ones, each with where it was written.
    for (const seq of [2, 3])
      client.emit('message', { ...live(stored('c1', seq, `moved ${seq}`)), origin: { from: 'c_old', seq: seq - 1 } });
    // Then a message the visitor writes now: the one that is new.
    client.emit('message', live(stored('c1', 4, 'And another thing')));
    await waitUntil(() => notified.length === 1, 'the new message told');
    await el.updateComplete;
    expect(notified).to.deep.equal(['New message from Visitor c1']);
    expect(played).to.deep.equal(['message']);
    expect(text($(el, '#option-c1 .badge'))).to.equal('1');
    expect(text($(el, '.notices'))).to.equal('New message from Visitor c1');
  });
});
