import { expect } from '@open-wc/testing';
import { AdminApiError } from '../src/chat-admin/chat-admin.js';
import { conversation, mount, open } from './admin-fixture.js';
import { $, text, waitUntil } from './helpers.js';

// Export a conversation (issue #40): a thread action in the open conversation's header — Print and Save as PDF draw
// the print view in a hidden frame and open the print dialog; the downloads fetch the export with the inbox's
// credentials and save a Blob (no URL with a secret).

/** Catches the downloads the region starts (a link's click), with what they hold. */
function catchDownloads(): { files: Array<{ name: string; href: string }>; restore: () => void } {
  const files: Array<{ name: string; href: string }> = [];
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    if (this.download) files.push({ name: this.download, href: this.href });
    else click.call(this);
  };
  return { files, restore: () => (HTMLAnchorElement.prototype.click = click) };
}

async function menu(el: HTMLElement): Promise<HTMLDetailsElement> {
  await waitUntil(() => $(el, 'chat-admin-export summary'), 'the Export menu, once its chunk is in');
  const details = $(el, 'chat-admin-export details') as HTMLDetailsElement;
  if (!details.open) ($(el, 'chat-admin-export summary') as HTMLElement).click();
  await waitUntil(() => details.open, 'the menu open');
  return details;
}

describe('<chat-admin> export', () => {
  it('offers Print, Save as PDF and the downloads, with private notes left out unless ticked', async () => {
    const { el, api } = await mount([conversation('c1', { lastSeq: 5 })]);
    await open(el, 'c1');
    const details = await menu(el);
    expect([...details.querySelectorAll('.export-menu button')].map((button) => text(button))).to.deep.equal([
      'Print',
      'Save as PDF',
      'Download JSON',
      'Download CSV',
    ]);
    expect(details.querySelector('.export-menu')!.getAttribute('aria-label')).to.equal('Export this conversation');
    const notes = details.querySelector('input.export-notes') as HTMLInputElement;
    expect(notes.checked).to.equal(false);
    expect(notes.closest('label')!.textContent!.trim()).to.equal('Include private notes');

    const downloads = catchDownloads();
    try {
      // Without notes by default: the JSON download asks for none, and holds none.
      (details.querySelector('.export-json') as HTMLButtonElement).click();
      await waitUntil(() => downloads.files.length === 1, 'the JSON download');
      expect(api.exportCalls.at(-1)).to.deep.equal(['c1', 'json', 'exclude']);
      expect(downloads.files[0]!.name).to.equal('conversation-c1.json');
      const saved = (await (await fetch(downloads.files[0]!.href)).json()) as {
        includesNotes: boolean;
        messages: Array<{ kind: string }>;
      };
      expect(saved.includesNotes).to.equal(false);
      expect(saved.messages.some((message) => message.kind === 'note')).to.equal(false);

      // Ticked: the CSV download asks for them.
      notes.click();
      expect(notes.checked).to.equal(true);
      (details.querySelector('.export-csv') as HTMLButtonElement).click();
      await waitUntil(() => downloads.files.length === 2, 'the CSV download');
      expect(api.exportCalls.at(-1)).to.deep.equal(['c1', 'csv', 'include']);
      expect(downloads.files[1]!.name).to.equal('conversation-c1.csv');
      expect(downloads.files[1]!.href).to.match(/^blob:/);
      expect(await (await fetch(downloads.files[1]!.href)).text()).to.contain('seq,time');
      await waitUntil(() => text($(el, 'chat-admin-export [role=status]')) === 'Downloaded conversation-c1.csv.');
    } finally {
      downloads.restore();
    }
    // Every call went through the API client (its credentials), none as a link with a token.
    expect(api.requests.filter((request) => request.includes('/export'))).to.deep.equal([
      'GET /conversations/c1/export?format=json&notes=exclude',
      'GET /conversations/c1/export?format=csv&notes=include',
    ]);
  });

  it('prints the print view: header, every message with author and time, notes and files marked, print rules', async () => {
    const { el, api } = await mount([conversation('c1', { lastSeq: 5 })]);
    await open(el, 'c1');
    const details = await menu(el);
    const title = document.title;
    // With the notes ticked (they are left out by default): the print view marks them.
    (details.querySelector('input.export-notes') as HTMLInputElement).click();
    (details.querySelector('.export-print') as HTMLButtonElement).click();
    await waitUntil(() => $(el, 'chat-admin-export iframe.export-print'), 'the print frame');
    expect(api.exportCalls.at(-1)).to.deep.equal(['c1', 'json', 'include']);
    const frame = $(el, 'chat-admin-export iframe.export-print') as HTMLIFrameElement;
    const doc = frame.contentDocument!;
    await waitUntil(() => doc.querySelector('h1'), 'the print view drawn');
    expect(doc.title).to.equal('conversation-c1');
    expect(doc.querySelector('h1')!.textContent).to.equal('Conversation with Jane Roe');
    expect(frame.getAttribute('aria-hidden')).to.equal('true');
    const facts = [...doc.querySelectorAll('dl.facts dt')].map((dt) => [
      dt.textContent,
      dt.nextElementSibling!.textContent,
    ]);
    expect(facts).to.deep.include(['Email', 'j***@ex***.com']);
    expect(facts).to.deep.include(['Assignee', 'Ana Agent']);
    expect(facts).to.deep.include(['Labels', 'billing']);
    const items = [...doc.querySelectorAll('li.message')] as HTMLElement[];
    expect(items.map((item) => item.dataset.seq)).to.deep.equal(['1', '2', '3', '4', '5']);
    expect(items[0]!.querySelector('.author')!.textContent).to.equal('Jane Roe');
    expect(items[0]!.querySelector('time')!.getAttribute('datetime')).to.equal('2026-11-20T09:30:00.000Z');
    // Arabic runs right to left: its paragraph takes its direction from its own text.
    const arabic = items[1]!.querySelector('p.text') as HTMLElement;
    expect(arabic.dir).to.equal('auto');
    expect(getComputedStyle(arabic).direction).to.equal('rtl');
    expect(items[1]!.querySelector('ul.files')!.textContent).to.contain('receipt.pdf');
    expect(items[1]!.querySelector('ul.files')!.textContent).to.contain('application/pdf, 47 KB');
    expect(items[2]!.classList.contains('note')).to.equal(true);
    expect(items[2]!.querySelector('.mark')!.textContent).to.equal('Private note');
    expect(items[4]!.textContent).to.contain('Redacted: card');
    expect(doc.querySelector('section.events')!.textContent).to.contain('Label added: billing (by Ana Agent)');
    // Its rules: light whatever the theme, no message split across pages, print margins.
    const rules = doc.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText)).join('\n');
    expect(rules).to.contain('break-inside: avoid');
    expect(rules).to.contain('@media print');
    expect(getComputedStyle(doc.documentElement).backgroundColor).to.equal('rgb(255, 255, 255)');
    expect(getComputedStyle(items[2]!).borderStyle).to.equal('dashed');
    // The menu closed, focus back on its button; the page's title is its own again.
    expect(details.open).to.equal(false);
    expect(document.title).to.equal(title);

    // Save as PDF: the same view, and a word on where the PDF comes from.
    ($(el, 'chat-admin-export summary') as HTMLElement).click();
    (details.querySelector('.export-pdf') as HTMLButtonElement).click();
    await waitUntil(
      () =>
        text($(el, 'chat-admin-export [role=status]')) ===
        'In the print dialog, choose “Save as PDF” as the destination.',
    );
    expect(el.shadowRoot!.querySelectorAll('chat-admin-export iframe').length).to.equal(1);
  });

  it('says why the relay refused, and closes on Escape', async () => {
    const { el, api } = await mount([conversation('c1', { lastSeq: 5 })]);
    await open(el, 'c1');
    const details = await menu(el);
    api.exportRefusal = new AdminApiError('not_found', 'No such conversation on this site.', 404);
    (details.querySelector('.export-csv') as HTMLButtonElement).click();
    await waitUntil(() => $(el, 'chat-admin-export [role=alert]'), 'the refusal');
    expect(text($(el, 'chat-admin-export [role=alert]'))).to.equal('No such conversation on this site.');
    details
      .querySelector('.export-print')!
      .dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(details.open).to.equal(false);
  });
});
