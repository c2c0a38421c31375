import { expect } from '@open-wc/testing';
import type { ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { composer, mount, open } from './admin-fixture.js';
import { $, $$, settle, staffWelcome, text, waitUntil } from './helpers.js';

// A reply longer than a message holds, in the inbox's composer (issue #81): never cut at 4,000 characters and sent
// without a word; said before sending, with the ways to send it: in parts, or as a text file.

const welcome = staffWelcome;

/** Pastes `value` as staff would: an edit of the field (which a `maxlength` cuts), not a script's assignment. */
function paste(el: ChatAdmin, value: string): void {
  composer(el).focus();
  document.execCommand('insertText', false, value);
}

const long = (length: number): string => {
  const paragraph = `${'Thanks for writing in, here is everything about your order. '.repeat(20)}\n\n`;
  return paragraph
    .repeat(Math.ceil(length / paragraph.length))
    .slice(0, length)
    .trim();
};

describe('<chat-admin> a reply longer than a message holds', () => {
  it('keeps 224,000 pasted characters, sends none, says so, and attaches them as a text file', async () => {
    const { el, client } = await mount();
    client.emit('welcome', welcome({ maxBytes: 1_000_000, types: ['image/png', 'text/plain'] }));
    await customElements.whenDefined('chat-admin-attach');
    await open(el, 'c1');
    const pasted = long(224_000);
    paste(el, pasted);
    expect(composer(el).value.length, 'nothing cut').to.equal(pasted.length);
    composer(el).form!.requestSubmit();
    await settle(el);
    await waitUntil(() => $(el, '.long-note'), 'the note');
    expect(client.sent, 'nothing sent').to.deep.equal([]);
    expect(text($(el, '.long-note p'))).to.equal(
      `This message is ${pasted.length.toLocaleString()} characters; one message holds 4,000. Nothing has been sent.`,
    );
    const buttons = $$(el, '.long-note button');
    expect(buttons.map(text)).to.deep.equal(['Attach as a text file']);
    buttons[0]!.click();
    const pending = (): string[] =>
      [...($(el, 'chat-admin-attach')?.shadowRoot?.querySelectorAll('.pending .file-name') ?? [])].map(text);
    await waitUntil(() => pending().length === 1, 'the file waits to be sent');
    expect(pending()).to.deep.equal(['message.txt']);
    expect(composer(el).value).to.equal('');
    await settle(el);
    expect($(el, '.long-note')).to.equal(null);
  });

  it('sends a reply of 9,000 characters in three messages, in order', async () => {
    const { el, client } = await mount();
    await open(el, 'c1');
    const pasted = long(9_000);
    paste(el, pasted);
    await settle(el);
    await waitUntil(() => $(el, '.long-note'), 'the note, as soon as it is pasted');
    expect($$(el, '.long-note button').map(text)).to.deep.equal(['Send in 3 messages']);
    ($(el, '.long-note button') as HTMLButtonElement).click();
    await waitUntil(() => client.sent.length === 3, 'three messages');
    const sent = client.sent.map((each) => each.text);
    expect(sent.every((part) => part.length <= 4000)).to.equal(true);
    expect(sent.join(' ').replace(/\s+/g, ' ')).to.equal(pasted.replace(/\s+/g, ' '));
    expect(client.sent.every((each) => each.conversationId === 'c1')).to.equal(true);
    expect(composer(el).value).to.equal('');
  });
});
