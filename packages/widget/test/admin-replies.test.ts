import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { LitElement } from 'lit';
import type { ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { mount } from './admin-fixture.js';
import { showDeskPage, text, waitUntil } from './helpers.js';

async function openReplies(el: ChatAdmin) {
  const page = await showDeskPage(el, 'Saved replies', 'chat-admin-replies');
  const root = page.shadowRoot!;
  await waitUntil(() => root.querySelectorAll('.reply').length > 0, 'the saved replies');
  return { page, root };
}

/** The focused element inside the page's shadow root. */
function focused(root: ShadowRoot): Element | null {
  return root.activeElement;
}

function shortcuts(root: ShadowRoot): string[] {
  return [...root.querySelectorAll('.reply code')].map(text);
}

describe('<chat-admin> Saved replies', () => {
  it('lists and searches saved replies, adds one from the keyboard with the relay’s refusal shown at the field', async () => {
    const { el, api } = await mount();
    const { page, root } = await openReplies(el);
    expect(shortcuts(root)).to.deep.equal(['/hello', '/refund']);
    // Search: by shortcut or text.
    const search = root.querySelector<HTMLInputElement>('#reply-search')!;
    search.focus();
    await sendKeys({ type: '5 working' });
    await page.updateComplete;
    expect(shortcuts(root)).to.deep.equal(['/refund']);
    expect(text(root.querySelector('#replies-list-title'))).to.equal('1 of 2 saved replies');
    await sendKeys({ type: 'zzz' });
    await page.updateComplete;
    expect([...root.querySelectorAll('.muted')].map(text)).to.include('No saved reply matches.');
    search.value = '';
    search.dispatchEvent(new Event('input'));
    await page.updateComplete;

    // A shortcut the relay refuses: its message beside the field, which gets the focus back.
    root.querySelector<HTMLInputElement>('#reply-shortcut')!.focus();
    await sendKeys({ type: 'not valid!' });
    await sendKeys({ press: 'Tab' });
    expect(focused(root)?.id).to.equal('reply-text');
    await sendKeys({ type: 'Thanks for writing!' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => root.querySelector('#reply-shortcut-error'), 'the refusal');
    expect(text(root.querySelector('#reply-shortcut-error'))).to.contain('Invalid body.shortcut');
    const field = root.querySelector<HTMLInputElement>('#reply-shortcut')!;
    expect(field.getAttribute('aria-invalid')).to.equal('true');
    expect(field.getAttribute('aria-describedby')).to.contain('reply-shortcut-error');
    expect(focused(root)).to.equal(field);
    expect(api.cannedList).to.have.length(2, 'nothing stored');

    // Corrected: stored, listed, and the composer's list follows.
    field.select();
    await sendKeys({ type: '/thanks' });
    root.querySelector<HTMLButtonElement>('form button[type=submit]')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => shortcuts(root).length === 3, 'the new reply listed');
    expect(api.deskCalls.at(-1)).to.deep.equal(['createCanned', { shortcut: 'thanks', text: 'Thanks for writing!' }]);
    expect(shortcuts(root)).to.deep.equal(['/hello', '/refund', '/thanks']);
    expect(text(root.querySelector('form [role=status]'))).to.equal('Saved.');
    expect(root.querySelector('#reply-shortcut-error')).to.equal(null);
    const inbox = (page as LitElement & { inbox: { state: { canned: Array<{ shortcut: string }> } } }).inbox;
    expect(inbox.state.canned.map((c) => c.shortcut)).to.deep.equal(['hello', 'refund', 'thanks']);

    // A taken shortcut: the relay's conflict, at the shortcut field.
    root.querySelector<HTMLInputElement>('#reply-shortcut')!.value = 'hello';
    root.querySelector<HTMLTextAreaElement>('#reply-text')!.value = 'Again';
    root.querySelector<HTMLButtonElement>('form button[type=submit]')!.click();
    await waitUntil(() => root.querySelector('#reply-shortcut-error'), 'the conflict');
    expect(text(root.querySelector('#reply-shortcut-error'))).to.equal('The shortcut "hello" is taken.');
  });

  it('edits a reply, and deletes one only after a confirmation that Escape cancels', async () => {
    const { el, api } = await mount();
    const { page, root } = await openReplies(el);
    root.querySelector<HTMLButtonElement>('button[aria-label="Edit: /hello"]')!.click();
    await page.updateComplete;
    expect(text(root.querySelector('#reply-form-title'))).to.equal('Editing /hello');
    const area = root.querySelector<HTMLTextAreaElement>('#reply-text')!;
    expect(area.value).to.equal('Hello! How can I help you today?');
    expect(focused(root)?.id).to.equal('reply-shortcut');
    area.value = 'Hi there!';
    root.querySelector<HTMLButtonElement>('form button[type=submit]')!.click();
    await waitUntil(() => api.deskCalls.length === 1, 'the update');
    expect(api.deskCalls[0]).to.deep.equal(['updateCanned', 'k1', { shortcut: 'hello', text: 'Hi there!' }]);
    await waitUntil(() => text(root.querySelector('.reply[data-id=k1] p')) === 'Hi there!', 'the change listed');
    expect(text(root.querySelector('#reply-form-title'))).to.equal('Add a saved reply');

    // Delete: the confirmation takes the focus (on Cancel); Escape closes it and nothing is deleted.
    const remove = root.querySelector<HTMLButtonElement>('button[aria-label="Delete: /refund"]')!;
    remove.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => root.querySelector('.confirm'), 'the confirmation');
    expect(text(root.querySelector('.confirm [role=alert]'))).to.equal(
      'Delete /refund? Agents can no longer insert it.',
    );
    expect(focused(root)?.classList.contains('cancel')).to.equal(true);
    await sendKeys({ press: 'Escape' });
    await page.updateComplete;
    await page.updateComplete;
    expect(root.querySelector('.confirm')).to.equal(null);
    expect(focused(root)?.getAttribute('aria-label')).to.equal('Delete: /refund');
    expect(api.deskCalls).to.have.length(1);
    // Again, confirmed with the keyboard.
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => root.querySelector('.confirm'), 'the confirmation again');
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => shortcuts(root).length === 1, 'the reply gone');
    expect(api.deskCalls.at(-1)).to.deep.equal(['deleteCanned', 'k2']);
    expect(text(root.querySelector('[data-save=replies] [role=status]'))).to.equal('Deleted.');
    expect(focused(root)?.id).to.equal('reply-search');
    // One left: counted in the singular (issue #36).
    expect(text(root.querySelector('#replies-list-title'))).to.equal('1 saved reply');
  });
});

describe('<chat-admin> Saved replies, live', () => {
  it('follows saved replies created, changed and deleted by a colleague while the page is open', async () => {
    const { el, client } = await mount();
    const { page, root } = await openReplies(el);
    expect(shortcuts(root)).to.deep.equal(['/hello', '/refund']);
    client.emit('canned', {
      response: { id: 'k9', shortcut: 'asap', text: 'Right away.', createdAt: 1, updatedAt: 1 },
    });
    await waitUntil(() => shortcuts(root).join() === '/asap,/hello,/refund', 'the new one, in order');
    client.emit('canned', {
      response: { id: 'k2', shortcut: 'refunds', text: 'Changed.', createdAt: 0, updatedAt: 2 },
    });
    await waitUntil(() => shortcuts(root).join() === '/asap,/hello,/refunds', 'the renamed one');
    client.emit('canned', { deleted: 'k1' });
    await waitUntil(() => shortcuts(root).join() === '/asap,/refunds', 'the deleted one gone');
    await page.updateComplete;
    expect(text(root.querySelector('#replies-list-title'))).to.include('2');
  });
});
