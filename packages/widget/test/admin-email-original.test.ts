import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { conversation, live, mount, open, stored } from './admin-fixture.js';
import { text, waitUntil } from './helpers.js';

// "Show original" (issue #38): on a message that came in by email, a link opens a dialog with the email's headers
// and whole text as the relay kept them, as text (never HTML), closed by Escape or Close, focus back on the link.

/** The article of the message reading `words` in the open thread, once it is there. */
function article(el: HTMLElement, words: string): HTMLElement | undefined {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>('article.msg')].find((each) => text(each).includes(words));
}

async function found<T>(probe: () => T | null | undefined, what = 'it'): Promise<T> {
  await waitUntil(() => probe(), what);
  return probe()!;
}

describe('<chat-admin> the original of a reply by email', () => {
  it('shows the headers and whole text as text, and closes with Escape, focus back on the link', async () => {
    const { el, api, client } = await mount([conversation('c1', { lastSeq: 3 })]);
    api.originals.set('c1/2', {
      source: 'raw',
      headers: [
        { name: 'From', value: 'Jane <jane@example.com>' },
        { name: 'Subject', value: 'Re: <b>order</b>' },
      ],
      text: 'It is 4411.\n\nOn Mon, Acme wrote:\n> <img src=x onerror=alert(1)> Could you send the number?',
      receivedAt: Date.now(),
      truncated: { headers: false, text: true },
    });
    await open(el, 'c1');
    client.emit('message', live({ ...stored('c1', 2, 'It is 4411.'), via: 'email' }));
    client.emit('message', live(stored('c1', 3, 'Typed in the widget')));
    const link = await found(
      () => article(el, 'It is 4411.')?.querySelector<HTMLButtonElement>('.email-original-open'),
      'the link, once its chunk is in',
    );
    expect(text(link)).to.equal('Show original');
    expect(article(el, 'Typed in the widget')?.querySelector('chat-admin-email-original')).to.equal(null);

    link.focus();
    link.click();
    const dialog = await found(() => el.shadowRoot!.querySelector<HTMLDialogElement>('dialog.email-original'));
    await waitUntil(() => dialog.open && dialog.querySelector('.email-original-text'), 'the original, loaded');
    expect(api.requests).to.include('GET /conversations/c1/messages/2/original');
    expect(text(dialog.querySelector('h2'))).to.equal('Original email');
    expect(text(dialog.querySelector('.email-original-headers'))).to.equal(
      'From: Jane <jane@example.com> Subject: Re: <b>order</b>',
    );
    const body = dialog.querySelector('.email-original-text')!;
    expect(body.textContent).to.equal(
      'It is 4411.\n\nOn Mon, Acme wrote:\n> <img src=x onerror=alert(1)> Could you send the number?',
    );
    // Text, never markup: nothing in the text or a header became an element.
    expect(body.children.length).to.equal(0);
    expect(dialog.querySelectorAll('img').length).to.equal(0);
    expect([...dialog.querySelectorAll('.email-original-headers b')].map((b) => text(b))).to.deep.equal([
      'From:',
      'Subject:',
    ]);
    expect(getComputedStyle(body).fontFamily).to.match(/monospace/);
    expect(text(dialog.querySelector('.note'))).to.equal('Cut: the email was longer than what is kept.');

    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !el.shadowRoot!.querySelector('dialog.email-original'), 'the dialog closed');
    await waitUntil(() => el.shadowRoot!.activeElement === link, 'focus back on the link');

    // Opened again, it shows what it read, without asking again; Close closes it.
    link.click();
    const again = await found(() => el.shadowRoot!.querySelector<HTMLDialogElement>('dialog.email-original[open]'));
    expect(again.querySelector('.email-original-text')?.textContent).to.contain('It is 4411.');
    expect(api.requests.filter((each) => each.endsWith('/original')).length).to.equal(1);
    again.querySelector<HTMLButtonElement>('form button')!.click();
    await waitUntil(() => !el.shadowRoot!.querySelector('dialog.email-original'), 'closed by Close');
  });

  it('says so when the relay keeps no original for the message', async () => {
    const { el, client } = await mount([conversation('c1', { lastSeq: 2 })]);
    await open(el, 'c1');
    client.emit('message', live({ ...stored('c1', 2, 'Before originals were kept'), via: 'email' }));
    const link = await found(
      () => article(el, 'Before originals')?.querySelector<HTMLButtonElement>('.email-original-open'),
      'the link',
    );
    link.click();
    const alert = await found(() => el.shadowRoot!.querySelector('dialog.email-original [role=alert]'), 'the answer');
    expect(text(alert)).to.equal('No original is kept for this message.');
  });
});
