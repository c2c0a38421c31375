import { expect } from '@open-wc/testing';
import { EDIT_WINDOW_MS } from '@parley/protocol';
import { conversation, live, mount, open, stored } from './admin-fixture.js';
import { text, waitUntil } from './helpers.js';

// Staff edit or delete their own messages for 15 minutes (issue #36): on the agent's own recent messages, a menu
// (hover or focus, keyboard reachable) with Edit (in place: Enter saves, Escape cancels) and Delete (after the
// inbox's confirm); the thread marks an edited message "Edited" (its time in the tooltip) and a deleted one "Message
// deleted"; colleagues' messages, visitors' and old ones get no actions.

/** The article of the message reading `words` in the open thread, once it is there. */
function article(el: HTMLElement, words: string): HTMLElement | undefined {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>('article.msg')].find((each) => text(each).includes(words));
}

/** Waits for `probe` to find something, and returns it. */
async function found<T>(probe: () => T | null | undefined, what = 'it'): Promise<T> {
  await waitUntil(() => probe(), what);
  return probe()!;
}

describe('<chat-admin> editing and deleting a message', () => {
  it('edits in place with Enter, cancels with Escape, and shows Edited with its time', async () => {
    const { el, client } = await mount([conversation('c1', { lastSeq: 2 })]);
    await open(el, 'c1');
    client.emit('message', live({ ...stored('c1', 2, 'It ships tomorow', 'staff'), ts: Date.now() - 60_000 }, true));
    client.emit('message', live(stored('c1', 3, 'Thanks!'), false));
    const button = await found(
      () => article(el, 'It ships tomorow')?.querySelector<HTMLButtonElement>('.message-actions-button'),
      'the actions of my message, once their chunk is in',
    );
    expect(article(el, 'Thanks!')?.querySelector('chat-admin-message-actions')).to.equal(null);
    expect(button.getAttribute('aria-label')).to.equal('Message actions');
    expect(button.getAttribute('aria-expanded')).to.equal('false');

    // Keyboard: the menu opens on the button, focus on its first item; Escape closes it back to the button.
    button.focus();
    button.click();
    const menu = await found(() => article(el, 'It ships tomorow')?.querySelector('[role=menu]'), 'the menu');
    const items = [...menu.querySelectorAll('[role=menuitem]')];
    expect(items.map((item) => text(item))).to.deep.equal(['Edit', 'Delete']);
    await waitUntil(() => el.shadowRoot!.activeElement === items[0], 'focus on Edit');
    menu.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    items[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    expect(el.shadowRoot!.activeElement).to.equal(items[1]);
    items[1]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await waitUntil(() => !article(el, 'It ships tomorow')?.querySelector('[role=menu]'), 'the menu closed');
    expect(el.shadowRoot!.activeElement?.classList.contains('message-actions-button')).to.equal(true);

    // Edit: the bubble gives way to a box holding the text; Escape cancels, changing nothing.
    button.click();
    (await found(() => article(el, 'It ships tomorow')?.querySelector<HTMLElement>('[role=menuitem]'))).click();
    const box = await found(
      () => el.shadowRoot!.querySelector<HTMLTextAreaElement>('chat-admin-message-actions textarea'),
      'the edit box',
    );
    expect(box.value).to.equal('It ships tomorow');
    expect(getComputedStyle(article(el, 'It ships tomorow')!.querySelector('.bubble')!).display).to.equal('none');
    await waitUntil(() => el.shadowRoot!.activeElement === box, 'focus in the box');
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await waitUntil(() => !el.shadowRoot!.querySelector('chat-admin-message-actions textarea'), 'the edit cancelled');
    expect(client.edits).to.deep.equal([]);

    // Again, and Enter saves: the thread shows the new text, marked Edited with its time.
    (article(el, 'It ships tomorow')?.querySelector('.message-actions-button') as HTMLButtonElement).click();
    (await found(() => article(el, 'It ships tomorow')?.querySelector<HTMLElement>('[role=menuitem]'))).click();
    const again = await found(() =>
      el.shadowRoot!.querySelector<HTMLTextAreaElement>('chat-admin-message-actions textarea'),
    );
    again.value = 'It ships tomorrow';
    again.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await waitUntil(() => client.edits.length === 1, 'the edit sent');
    expect(client.edits).to.deep.equal([{ id: 'm_c1_2', text: 'It ships tomorrow' }]);
    const edited = await found(() => article(el, 'It ships tomorrow')?.querySelector('.edited'), 'the mark');
    expect(text(edited)).to.equal('Edited');
    expect(edited.getAttribute('title')).to.match(/^Edited /);
    expect(text(article(el, 'It ships tomorrow')!.querySelector('.bubble'))).to.equal('It ships tomorrow');
  });

  it('deletes after the confirm, and says why a refusal changed nothing', async () => {
    const { el, client } = await mount([conversation('c1', { lastSeq: 1 })]);
    await open(el, 'c1');
    client.emit('message', live({ ...stored('c1', 1, 'Wrong customer', 'staff'), ts: Date.now() - 5_000 }, true));
    const button = await found(
      () => article(el, 'Wrong customer')?.querySelector<HTMLButtonElement>('.message-actions-button'),
      'the actions',
    );

    // A refusal (the window closed on the relay's clock) is said, and the message stays.
    client.refuseEdit = 'edit_window_closed';
    button.click();
    (await found(() => article(el, 'Wrong customer')?.querySelectorAll<HTMLElement>('[role=menuitem]')[1])).click();
    const confirm = await found(() => article(el, 'Wrong customer')?.querySelector('.confirm'), 'the confirm');
    expect(text(confirm.querySelector('[role=alert]')!)).to.contain('Delete this message?');
    await waitUntil(() => el.shadowRoot!.activeElement === confirm.querySelector('.cancel'), 'focus on Cancel');
    (confirm.querySelector('.ok') as HTMLButtonElement).click();
    await waitUntil(() => article(el, 'Wrong customer')?.querySelector('.error'), 'the refusal said');
    expect(text(article(el, 'Wrong customer')!.querySelector('.error'))).to.equal('Refused: edit_window_closed');

    // Then it goes through: "Message deleted", muted, and no actions any more.
    (article(el, 'Wrong customer')?.querySelector('.message-actions-button') as HTMLButtonElement).click();
    (await found(() => article(el, 'Wrong customer')?.querySelectorAll<HTMLElement>('[role=menuitem]')[1])).click();
    ((await found(() => article(el, 'Wrong customer')?.querySelector('.confirm .ok'))) as HTMLButtonElement).click();
    await waitUntil(() => el.shadowRoot!.querySelector('.bubble.deleted'), 'the deleted message');
    expect(client.edits).to.deep.equal([
      { id: 'm_c1_1', text: null },
      { id: 'm_c1_1', text: null },
    ]);
    const deleted = el.shadowRoot!.querySelector('.bubble.deleted')!;
    expect(text(deleted)).to.equal('Message deleted');
    expect(deleted.closest('article')!.querySelector('.message-actions-button')).to.equal(null);
    expect(deleted.closest('article')!.querySelector('.edited')).to.equal(null);
  });

  it('offers nothing on a colleague’s message, a visitor’s, or one past the window, and shows a colleague’s edit', async () => {
    const { el, client } = await mount([conversation('c1', { lastSeq: 3 })]);
    await open(el, 'c1');
    const colleague = {
      ...stored('c1', 1, 'From Bo', 'staff'),
      author: { role: 'staff' as const, id: 'staff_2', name: 'Bo' },
    };
    client.emit('message', live(colleague, false));
    client.emit('message', live({ ...stored('c1', 2, 'Old one', 'staff'), ts: Date.now() - EDIT_WINDOW_MS - 1 }, true));
    client.emit('message', live(stored('c1', 3, 'From the visitor'), false));
    await waitUntil(() => article(el, 'From the visitor'), 'the thread');
    expect(el.shadowRoot!.querySelector('chat-admin-message-actions')).to.equal(null);

    // Bo edits theirs: the thread shows it as it now is.
    const held = client.messages('c1').find((message) => message.id === colleague.id)!;
    Object.assign(held, { text: 'From Bo, fixed', editedAt: Date.now() });
    client.emit('messageUpdate', held);
    await waitUntil(() => article(el, 'From Bo, fixed')?.querySelector('.edited'), 'the colleague’s edit');
  });
});
