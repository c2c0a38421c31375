// A message longer than one holds, in <chat-widget> (issue #81): never cut and sent without a word (224,000 pasted
// characters became the first 4,000, sent); said before sending, with the ways to send it: in parts, or as a file.
import { expect, fixture, html } from '@open-wc/testing';
import '../src/index.js';
import type { ChatWidget } from '../src/index.js';
import type { WelcomeFrame } from '@parley/protocol';
import { FakeClient } from './fake-client.js';
import { $, $$, text, visitorWelcome, waitUntil } from './helpers.js';

const welcome = (attachments?: WelcomeFrame['attachments']): WelcomeFrame =>
  visitorWelcome(attachments && { attachments });

async function open(welcomed: WelcomeFrame): Promise<{ el: ChatWidget; client: FakeClient }> {
  const client = new FakeClient();
  client.welcome = welcomed;
  const el = await fixture<ChatWidget>(
    html`<chat-widget site-name="Acme" locale="en" .client=${client} open></chat-widget>`,
  );
  client.emit('welcome', welcomed);
  await el.updateComplete;
  return { el, client };
}

const textarea = (el: ChatWidget): HTMLTextAreaElement => $(el, 'textarea')! as HTMLTextAreaElement;

/** Pastes `value` as a visitor would: an edit of the field (which a `maxlength` cuts), not a script's assignment. */
function paste(el: ChatWidget, value: string): void {
  textarea(el).focus();
  document.execCommand('insertText', false, value);
}

/** A long text of words and paragraphs. */
const long = (length: number): string => {
  const paragraph = `${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(20)}\n\n`;
  return paragraph
    .repeat(Math.ceil(length / paragraph.length))
    .slice(0, length)
    .trim();
};

describe('<chat-widget> a message longer than one holds', () => {
  it('keeps 224,000 pasted characters, sends none of them, and says so with a file to send them as', async () => {
    const { el, client } = await open(welcome({ maxBytes: 1_000_000, types: ['image/png', 'text/plain'] }));
    const pasted = long(224_000);
    paste(el, pasted);
    expect(textarea(el).value.length, 'nothing cut').to.equal(pasted.length);
    ($(el, '.send') as HTMLButtonElement).click();
    await waitUntil(() => $(el, '.long-note'), 'the note');
    expect(client.sent, 'nothing sent').to.deep.equal([]);
    expect(text($(el, '.long-note p'))).to.equal(
      `Your message is ${pasted.length.toLocaleString('en')} characters; one message holds 4,000. It has not been sent.`,
    );
    // 56 messages would be too many: only the file is offered.
    const buttons = $$(el, '.long-note button');
    expect(buttons.map(text)).to.deep.equal(['Send as a text file']);
    buttons[0]!.click();
    await waitUntil(() => $$(el, '.pending .file-name').length === 1, 'the file waits to be sent');
    expect(text($(el, '.pending .file-name'))).to.equal('message.txt');
    expect(textarea(el).value).to.equal('');
    expect($(el, '.long-note')).to.equal(null);
    ($(el, '.send') as HTMLButtonElement).click();
    await waitUntil(() => client.sent.length === 1, 'sent with the file');
    expect(client.sentOptions[0]!.files!.map((file) => [file.name, file.size])).to.deep.equal([
      ['message.txt', new Blob([pasted]).size],
    ]);
  });

  it('offers a text of 9,000 characters in three messages, and sends them in order', async () => {
    const { el, client } = await open(welcome());
    const pasted = long(9_000);
    paste(el, pasted);
    await waitUntil(() => $(el, '.long-note'), 'the note, as soon as it is pasted');
    expect($$(el, '.long-note button').map(text)).to.deep.equal(['Send in 3 messages']);
    ($(el, '.long-note button') as HTMLButtonElement).click();
    await waitUntil(() => client.sent.length === 3, 'three messages');
    const sent = client.sent as string[];
    expect(sent.every((part) => part.length <= 4000)).to.equal(true);
    expect(sent.join(' ').replace(/\s+/g, ' ')).to.equal(pasted.replace(/\s+/g, ' '));
    expect(textarea(el).value).to.equal('');
    await el.updateComplete;
    expect($(el, '.long-note')).to.equal(null);
  });

  it('sends a text of 4,000 characters as it is, with no note', async () => {
    const { el, client } = await open(welcome());
    const pasted = long(4_000);
    paste(el, pasted);
    ($(el, '.send') as HTMLButtonElement).click();
    await waitUntil(() => client.sent.length === 1, 'sent');
    expect(client.sent).to.deep.equal([pasted]);
    expect($(el, '.long-note')).to.equal(null);
  });
});
