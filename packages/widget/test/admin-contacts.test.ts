import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { LitElement } from 'lit';
import type { ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { conversation, mount, open } from './admin-fixture.js';
import { $, showDeskPage, text, waitUntil } from './helpers.js';

async function openContacts(el: ChatAdmin) {
  const page = await showDeskPage(el, 'Contacts', 'chat-admin-contacts');
  const root = page.shadowRoot!;
  await waitUntil(() => root.querySelectorAll('button.contact').length > 0, 'the contacts');
  return { page, root };
}

async function openProfile(page: LitElement, root: ShadowRoot, id: string) {
  root.querySelector<HTMLButtonElement>(`button.contact[data-id="${id}"]`)!.click();
  await waitUntil(() => root.querySelector('#contact-title'), 'the profile');
  await waitUntil(() => root.querySelector('.conversations, #contact-conversations-title + .muted'), 'conversations');
  await page.updateComplete;
}

const names = (root: ShadowRoot) => [...root.querySelectorAll('button.contact strong')].map(text);

describe('<chat-admin> Contacts', () => {
  it('searches and pages contacts, shows a profile, reveals the email (audited by the relay), opens a conversation', async () => {
    const { el, api } = await mount();
    const { page, root } = await openContacts(el);
    expect(names(root)).to.deep.equal(['Visitor c1']);
    root.querySelector<HTMLButtonElement>('.card button:not(.contact):not([type=submit])')!.click();
    await waitUntil(() => names(root).length === 2, 'the next page');
    // Without a name or an email: "Visitor #" and the end of the id, as everywhere in the inbox (issue #36).
    expect(names(root)).to.deep.equal(['Visitor c1', 'Visitor #v_c2']);
    expect(api.requests).to.deep.equal(['GET /contacts', 'GET /contacts?cursor=1']);

    // Search from the keyboard.
    root.querySelector<HTMLInputElement>('#contact-search')!.focus();
    await sendKeys({ type: 'visitor c1' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => api.requests.length === 3, 'the search');
    expect(api.requests[2]).to.equal('GET /contacts?q=visitor+c1');
    await waitUntil(() => names(root).length === 1, 'one match');

    await openProfile(page, root, 'v_c1');
    expect(root.activeElement?.id).to.equal('contact-title');
    expect(text(root.querySelector('#contact-title'))).to.equal('Visitor c1');
    expect(text(root.querySelector('.email'))).to.equal('a***@ex***.com');
    const terms = [...root.querySelectorAll('.profile dt')].map(text);
    expect(terms).to.include.members(['Email', 'Verified by your site', 'First seen', 'Last seen', 'Last page']);
    root.querySelector<HTMLButtonElement>('button.reveal')!.click();
    await waitUntil(() => text(root.querySelector('.email')) === 'ada@example.com', 'the revealed email');
    expect(api.reveals).to.deep.equal(['v_c1']);

    // Their conversations: the one stored (a conversation never written in is left out); it opens in the inbox.
    expect([...root.querySelectorAll('.conversations li')].map((li) => li.getAttribute('data-id'))).to.deep.equal([
      'c1',
    ]);
    root.querySelector<HTMLButtonElement>('.conversations button.open')!.click();
    const inbox = (page as LitElement & { inbox: { state: { page: string; current?: { id: string } } } }).inbox;
    await waitUntil(() => inbox.state.page === 'inbox' && inbox.state.current?.id === 'c1', 'the conversation open');
  });

  it('downloads the export with the API’s credentials, and erases only after the word is typed', async () => {
    const { el, api } = await mount();
    const { page, root } = await openContacts(el);
    await openProfile(page, root, 'v_c1');

    // The download: a blob of the JSON the API answered (never a URL carrying a token).
    const downloads: Array<{ href: string; name: string }> = [];
    root.addEventListener(
      'click',
      (event) => {
        const link = event.target as HTMLAnchorElement;
        if (link.tagName === 'A' && link.download) {
          downloads.push({ href: link.href, name: link.download });
          event.preventDefault();
        }
      },
      true,
    );
    root.querySelector<HTMLButtonElement>('button.export')!.click();
    await waitUntil(() => downloads.length === 1, 'the download');
    expect(downloads[0]!.name).to.equal('contact-v_c1.json');
    expect(downloads[0]!.href).to.match(/^blob:/);
    expect(JSON.parse(await (await fetch(downloads[0]!.href)).text())).to.deep.equal({
      exportedAt: 1,
      contact: { id: 'v_c1', email: 'ada@example.com' },
      messages: [],
    });
    expect(api.requests).to.include('GET /contacts/v_c1/export');
    await waitUntil(() => text(root.querySelector('[role=status]')) === 'Downloaded contact-v_c1.json.', 'said');

    // Erase: Escape closes the confirmation; the button stays disabled until the word is typed.
    const open = root.querySelector<HTMLButtonElement>('button.open-erase')!;
    open.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => root.activeElement?.id === 'erase-word', 'the word field focused');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !root.querySelector('form.erase'), 'the confirmation closed');
    await page.updateComplete;
    expect(root.activeElement?.classList.contains('open-erase')).to.equal(true);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => root.activeElement?.id === 'erase-word', 'the word field again');
    await sendKeys({ type: 'eras' });
    await sendKeys({ press: 'Enter' });
    await page.updateComplete;
    expect(root.querySelector<HTMLButtonElement>('form.erase button[type=submit]')!.disabled).to.equal(true);
    expect(api.deskCalls.filter(([name]) => name === 'eraseContact')).to.deep.equal([]);
    await sendKeys({ type: 'e' });
    await page.updateComplete;
    expect(root.querySelector<HTMLButtonElement>('form.erase button[type=submit]')!.disabled).to.equal(false);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => api.deskCalls.some(([name]) => name === 'eraseContact'), 'the erasure');
    expect(api.requests).to.include('DELETE /contacts/v_c1');
    await waitUntil(() => !root.querySelector('#contact-title'), 'back to the list');
    expect(text(root.querySelector('[role=status]'))).to.equal('Visitor c1 was erased.');
    expect(names(root)).to.not.include('Visitor c1');
    expect(root.activeElement?.id).to.equal('contact-search');
  });

  it('offers agents neither the export nor the erasure (the API refuses both), but the reveal', async () => {
    const { el, api } = await mount(undefined, false);
    api.role = 'agent';
    await el.signIn('st_agent_token_0123456789');
    await waitUntil(() => api.queries.length > 0, 'signed in');
    const { page, root } = await openContacts(el);
    await openProfile(page, root, 'v_c1');
    expect(root.querySelector('button.reveal')).to.not.equal(null);
    expect(root.querySelector('button.export')).to.equal(null);
    expect(root.querySelector('button.open-erase')).to.equal(null);
  });
});

// Issue #36: a contact's name, email and notes are edited from the Contacts page and from the visitor panel, and the
// inbox names a contact the same way everywhere (name, else masked email, else "Visitor #" and the end of the id).
describe('<chat-admin> editing a contact', () => {
  const form = (root: ParentNode) => root.querySelector('chat-admin-contact-form')!;
  const field = (root: ParentNode, id: string) =>
    form(root).shadowRoot!.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#${id}`)!;

  it('edits the name and notes on the Contacts page; a bad email is said beside its field and saves nothing', async () => {
    const { el, api } = await mount();
    const { page, root } = await openContacts(el);
    await openProfile(page, root, 'v_c1');
    root.querySelector<HTMLButtonElement>('button.edit-contact')!.click();
    await waitUntil(() => form(root)?.shadowRoot?.querySelector('#contact-name'), 'the form');
    await waitUntil(() => form(root).shadowRoot!.activeElement?.id === 'contact-name', 'focus on the name');
    expect(field(root, 'contact-name').value).to.equal('Visitor c1');
    // The email is masked: its box starts empty and says what it holds now.
    expect(field(root, 'contact-email').value).to.equal('');
    expect(text(form(root).shadowRoot!.querySelector('#contact-email-help'))).to.contain('a***@ex***.com');

    // A bad address: refused by the relay, said beside the field, focused; nothing saved.
    field(root, 'contact-name').value = 'Ada Lovelace';
    field(root, 'contact-email').value = 'ada at example';
    form(root).shadowRoot!.querySelector('form')!.requestSubmit();
    await waitUntil(() => form(root).shadowRoot!.querySelector('#contact-email-error'), 'the field error');
    const email = field(root, 'contact-email');
    expect(email.getAttribute('aria-invalid')).to.equal('true');
    expect(email.getAttribute('aria-describedby')).to.contain('contact-email-error');
    expect(text(form(root).shadowRoot!.querySelector('#contact-email-error'))).to.equal(
      'Enter an email address, like name@example.com.',
    );
    expect(form(root).shadowRoot!.activeElement).to.equal(email);
    expect(api.contactList[0]!.name).to.equal('Visitor c1');

    // Fixed: only what changed is sent.
    email.value = '';
    field(root, 'contact-notes').value = 'Prefers email.\nOrder #1042 was late.';
    form(root).shadowRoot!.querySelector('form')!.requestSubmit();
    await waitUntil(() => !root.querySelector('chat-admin-contact-form'), 'the profile again');
    expect(api.deskCalls.filter(([call]) => call === 'updateContact').at(-1)).to.deep.equal([
      'updateContact',
      'v_c1',
      { name: 'Ada Lovelace', notes: 'Prefers email.\nOrder #1042 was late.' },
    ]);
    expect(text(root.querySelector('#contact-title'))).to.equal('Ada Lovelace');
    expect(root.querySelector('.profile dd.notes')!.textContent).to.equal('Prefers email.\nOrder #1042 was late.');
    expect(text(root.querySelector('[role=status]'))).to.equal('Contact saved.');
    expect(root.activeElement).to.equal(root.querySelector('button.edit-contact'));

    // Escape closes the form without saving.
    root.querySelector<HTMLButtonElement>('button.edit-contact')!.click();
    await waitUntil(() => form(root)?.shadowRoot?.querySelector('#contact-name'), 'the form again');
    field(root, 'contact-name').dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
    );
    await waitUntil(() => !root.querySelector('chat-admin-contact-form'), 'closed');
    expect(api.deskCalls.filter(([call]) => call === 'updateContact')).to.have.length(2);
  });

  it('removes the email with its checkbox (email: null); a contact without one is offered none', async () => {
    const { el, api } = await mount();
    const { page, root } = await openContacts(el);
    await openProfile(page, root, 'v_c1');
    root.querySelector<HTMLButtonElement>('button.edit-contact')!.click();
    await waitUntil(() => form(root)?.shadowRoot?.querySelector('#contact-name'), 'the form');
    const remove = field(root, 'contact-remove-email') as HTMLInputElement;
    expect(remove.type).to.equal('checkbox');
    expect(text(remove.closest('label'))).to.contain('Remove the email');
    remove.click();
    await form(root).updateComplete;
    expect(field(root, 'contact-email').disabled).to.equal(true);
    form(root).shadowRoot!.querySelector('form')!.requestSubmit();
    await waitUntil(() => !root.querySelector('chat-admin-contact-form'), 'the profile again');
    expect(api.deskCalls.filter(([call]) => call === 'updateContact').at(-1)).to.deep.equal([
      'updateContact',
      'v_c1',
      { email: null },
    ]);
    expect(api.contactList[0]!.emailMasked).to.equal(undefined);
    root.querySelector<HTMLButtonElement>('button.edit-contact')!.click();
    await waitUntil(() => form(root)?.shadowRoot?.querySelector('#contact-name'), 'the form again');
    expect(form(root).shadowRoot!.querySelector('#contact-remove-email')).to.equal(null);
  });

  it('edits from the visitor panel; the relay’s conversation frame renames them in the list, header and panel', async () => {
    const { el, api, client } = await mount([conversation('c1')]);
    await open(el, 'c1');
    await waitUntil(() => $(el, 'chat-admin-contact-card .edit-contact'), 'the contact card, once its chunk is in');
    expect(text($(el, 'chat-admin-contact-card .notes-text'))).to.equal('No notes yet.');
    ($(el, 'chat-admin-contact-card .edit-contact') as HTMLButtonElement).click();
    await waitUntil(() => form(el.shadowRoot!)?.shadowRoot?.querySelector('#contact-name'), 'the form');
    // Its own shadow root takes the inbox's palette (light here; dark in a dark inbox).
    expect(form(el.shadowRoot!).getAttribute('theme')).to.equal(el.getAttribute('theme'));
    field(el.shadowRoot!, 'contact-name').value = 'Grace Hopper';
    field(el.shadowRoot!, 'contact-notes').value = 'VIP';
    form(el.shadowRoot!).shadowRoot!.querySelector('form')!.requestSubmit();
    await waitUntil(() => text($(el, 'chat-admin-contact-card .notes-text')) === 'VIP', 'the notes');
    expect(api.deskCalls.find(([call]) => call === 'updateContact')).to.deep.equal([
      'updateContact',
      'v_c1',
      { name: 'Grace Hopper', notes: 'VIP' },
    ]);
    expect(text($(el, 'chat-admin-contact-card [role=status]'))).to.equal('Contact saved.');
    // What the relay sends every open inbox.
    const renamed = conversation('c1');
    client.emit('conversation', { ...renamed, visitor: { ...renamed.visitor, name: 'Grace Hopper' } });
    await waitUntil(() => text($(el, '#conversation-title')) === 'Grace Hopper', 'the header');
    expect(text($(el, '#option-c1 .name'))).to.equal('Grace Hopper');
    expect(text($(el, '.visitor-name span:not(.dot):not(.muted)'))).to.equal('Grace Hopper');
  });

  it('shows the email a visitor gives in the chat as soon as the relay tells (issue #36), without a reload', async () => {
    const base = conversation('c1');
    const { el, client } = await mount([{ ...base, visitor: { ...base.visitor, emailMasked: undefined } }]);
    await open(el, 'c1');
    expect($(el, '.email')).to.equal(null);
    // The visitor filled in "Get notified by email": the relay sends every open inbox the conversation again.
    client.emit('conversation', { ...base, visitor: { ...base.visitor, emailMasked: 'g***@ex***.com' } });
    await waitUntil(() => text($(el, '.email')) === 'g***@ex***.com', 'the address in the visitor panel');
  });

  it('reads the notes again when the relay says the contact changed elsewhere (another inbox, the API)', async () => {
    const { el, api, client } = await mount([conversation('c1')]);
    await open(el, 'c1');
    await waitUntil(() => $(el, 'chat-admin-contact-card .notes-text'), 'the contact card');
    expect(text($(el, 'chat-admin-contact-card .notes-text'))).to.equal('No notes yet.');
    // A colleague saves notes in their inbox: the relay sends every staff socket the contact's id.
    api.contactList = api.contactList.map((c) => (c.id === 'v_c1' ? { ...c, notes: 'Called about the refund' } : c));
    client.emit('contact', { contactId: 'v_other' });
    client.emit('contact', { contactId: 'v_c1' });
    await waitUntil(
      () => text($(el, 'chat-admin-contact-card .notes-text')) === 'Called about the refund',
      'the notes, read again',
    );
  });

  it('the Contacts page reads a shown profile again when the relay says the contact changed', async () => {
    const { el, api, client } = await mount();
    const { page, root } = await openContacts(el);
    await openProfile(page, root, 'v_c1');
    expect(text(root.querySelector('.profile dd.notes'))).to.equal('No notes yet.');
    api.contactList = api.contactList.map((c) => (c.id === 'v_c1' ? { ...c, notes: 'Wants a callback' } : c));
    client.emit('contact', { contactId: 'v_c1' });
    await waitUntil(
      () => root.querySelector('.profile dd.notes')?.textContent === 'Wants a callback',
      'the notes, read again',
    );
  });

  it('names two contacts without a name at one domain apart: "Visitor #" and their id’s end, the mask kept beside it (issue #81)', async () => {
    const masked = { verified: false, online: false, emailMasked: 's***@ex***.test' };
    const { el } = await mount([
      conversation('c1', { visitor: { id: 'v_3k9dSam1', ...masked } }),
      conversation('c2', { visitor: { id: 'v_7q2wSue2', ...masked } }),
    ]);
    // Before, both read "s***@ex***.test": the list, the thread and the panel could not tell them apart.
    expect(text($(el, '#option-c1 .name'))).to.equal('Visitor #Sam1');
    expect(text($(el, '#option-c2 .name'))).to.equal('Visitor #Sue2');
    await open(el, 'c1');
    expect(text($(el, '#conversation-title'))).to.equal('Visitor #Sam1');
    expect(text($(el, '.visitor-name span:not(.dot):not(.muted)'))).to.equal('Visitor #Sam1');
    // The email is still there, masked, where it is asked for.
    await waitUntil(() => text($(el, '.email')) === 's***@ex***.test', 'the masked email in the visitor panel');
    await open(el, 'c2');
    expect(text($(el, '#conversation-title'))).to.equal('Visitor #Sue2');
  });
});
