import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/index.js';
import type { ChatWidget } from '../src/index.js';
import type { AttachmentRef, LocalMessage } from '@parley/sdk';
import type { WelcomeFrame } from '@parley/protocol';
import { FakeClient, mine, theirs } from './fake-client.js';
import { $$, $, text, waitUntil } from './helpers.js';

// A 1×1 transparent PNG, so the thumbnail loads without a network.
const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

function welcome(extra: Partial<WelcomeFrame> = {}): WelcomeFrame {
  return {
    type: 'welcome',
    protocol: 'parley.v3',
    site: { id: 's1', name: 'Acme' },
    staffOnline: 1,
    lastSeq: 0,
    attachments: { maxBytes: 1000, types: ['image/png', 'application/pdf'] },
    ...extra,
  } as WelcomeFrame;
}

function image(id: string): AttachmentRef {
  return {
    id,
    name: 'cat.png',
    type: 'image/png',
    size: 68,
    sha256: 'ab'.repeat(32),
    width: 1,
    height: 1,
    url: PIXEL,
    thumbnail: { url: PIXEL, width: 1, height: 1 },
  };
}

async function open(client: FakeClient): Promise<ChatWidget> {
  const el = await fixture<ChatWidget>(
    html`<chat-widget site-name="Acme" locale="en" .client=${client} open></chat-widget>`,
  );
  await el.updateComplete;
  return el;
}

/** The attachments part is fetched on demand: wait until `selector` is rendered. */
async function shown(el: ChatWidget, selector: string): Promise<HTMLElement> {
  await waitUntil(() => $(el, selector), `${selector} is shown`);
  await el.updateComplete;
  return $(el, selector)!;
}

function png(name = 'cat.png', size = 10): File {
  return new File([new Uint8Array(size)], name, { type: 'image/png' });
}

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});

describe('<chat-widget>: attachments', () => {
  it('shows the paper-clip only when the welcome says the site accepts files', async () => {
    const client = new FakeClient();
    const el = await open(client);
    client.welcome = welcome({ protocol: 'parley.v2', attachments: undefined });
    client.emit('welcome', client.welcome);
    await el.updateComplete;
    expect($(el, '.clip')).to.equal(null);
    client.welcome = welcome();
    client.emit('welcome', client.welcome);
    const clip = await shown(el, '.clip input[type=file]');
    expect(clip.getAttribute('accept')).to.equal('image/png,application/pdf');
    expect(clip.getAttribute('aria-label')).to.equal('Attach files');
    expect(clip.hasAttribute('multiple')).to.equal(true);
  });

  it('queues picked files in the composer, removes one, and sends the rest with the text', async () => {
    const client = new FakeClient();
    client.welcome = welcome();
    const el = await open(client);
    const input = (await shown(el, '.clip input')) as HTMLInputElement;
    const picked = new DataTransfer();
    picked.items.add(png('a.png'));
    picked.items.add(new File(['%PDF'], 'b.pdf', { type: 'application/pdf' }));
    input.files = picked.files;
    input.dispatchEvent(new Event('change'));
    // The first file fetches the attachments part, which lists it.
    await waitUntil(() => $$(el, '.pending .file-name').length === 2, 'listed');
    expect($$(el, '.pending .file-name').map(text)).to.deep.equal(['a.png', 'b.pdf']);
    ($(el, '.pending li:first-child .file-action') as HTMLButtonElement).click();
    await el.updateComplete;
    expect($$(el, '.pending .file-name').map(text)).to.deep.equal(['b.pdf']);
    const textarea = $(el, 'textarea') as HTMLTextAreaElement;
    textarea.value = 'the invoice';
    ($(el, '.send') as HTMLButtonElement).click();
    await waitUntil(() => client.sent.length === 1, 'sent');
    expect(client.sent).to.deep.equal(['the invoice']);
    expect(client.sentOptions[0]?.files?.map((file) => file.name)).to.deep.equal(['b.pdf']);
    expect($(el, '.pending')).to.equal(null);
  });

  it('attaches a pasted image and dropped files, with a visible drop target', async () => {
    const client = new FakeClient();
    client.welcome = welcome();
    const el = await open(client);
    await shown(el, '.clip');
    const pasted = new DataTransfer();
    pasted.items.add(png('screenshot.png'));
    const paste = new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true, cancelable: true });
    $(el, 'textarea')!.dispatchEvent(paste);
    expect(paste.defaultPrevented).to.equal(true, 'the file is not pasted as text');
    await waitUntil(() => $(el, '.pending'), 'listed');
    expect($$(el, '.pending .file-name').map(text)).to.deep.equal(['screenshot.png']);

    const dropped = new DataTransfer();
    dropped.items.add(png('photo.png'));
    const panel = $(el, '.panel')!;
    // The browser repeats dragover while files are over the panel.
    await waitUntil(() => {
      panel.dispatchEvent(new DragEvent('dragover', { dataTransfer: dropped, bubbles: true, cancelable: true }));
      return $(el, '.drop-target');
    }, 'the drop target');
    expect(text($(el, '.drop-target'))).to.equal('Drop files to attach them');
    panel.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
    await el.updateComplete;
    expect($(el, '.drop-target')).to.equal(null);
    expect($$(el, '.pending .file-name').map(text)).to.deep.equal(['screenshot.png', 'photo.png']);
  });

  /** Shown on screen, not only to screen readers (a visually hidden element is 1 px and clipped). */
  const visible = (node: Element | null): boolean => {
    const box = node?.getBoundingClientRect();
    return !!node && node.checkVisibility() && !node.closest('.sr-only') && box!.width > 20 && box!.height > 8;
  };

  it('refuses a file over the site’s limit or of a type it does not take at once, and shows why (issue #36, 5)', async () => {
    const client = new FakeClient();
    client.welcome = welcome();
    const el = await open(client);
    await shown(el, '.clip');
    const pasted = new DataTransfer();
    pasted.items.add(png('huge.png', 5000));
    $(el, 'textarea')!.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true, cancelable: true }),
    );
    const refused = await shown(el, '[part=file-refused]');
    expect(text(refused)).to.equal('huge.png is larger than 1 kB, the most this site accepts.');
    expect(refused.getAttribute('role')).to.equal('alert');
    expect(visible(refused), 'shown, not only read out').to.equal(true);
    expect($(el, '.pending')).to.equal(null);

    // A type the site does not take, dropped with one it takes: that one waits, the other is refused, visibly.
    const dropped = new DataTransfer();
    dropped.items.add(new File(['hello'], 'notes.txt', { type: 'text/plain' }));
    dropped.items.add(png('ok.png'));
    const panel = $(el, '[part=panel]')!;
    panel.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
    await waitUntil(() => text($(el, '[part=file-refused]')).includes('notes.txt'), 'the type refused');
    expect(text($(el, '[part=file-refused]'))).to.equal('notes.txt: this type of file is not accepted');
    expect(visible($(el, '[part=file-refused]'))).to.equal(true);
    expect($$(el, '.pending .file-name').map(text)).to.deep.equal(['ok.png']);
  });

  it('shows a file the relay refused, for its type or the site’s full storage, on the message (issue #36, 5)', async () => {
    const client = new FakeClient();
    client.welcome = welcome();
    const files = (name: string) => [{ blob: png(name), name, type: 'image/png', size: 10, progress: 1 }];
    const typed: LocalMessage = { ...mine('', 'failed', undefined), clientId: 'f1', files: files('fake.png') };
    typed.error = { code: 'attachment_type_refused', message: 'The file is not a PNG image.' };
    const full: LocalMessage = { ...mine('', 'failed', undefined), clientId: 'f2', files: files('cat.png') };
    full.error = { code: 'attachment_too_large', message: 'This site has used up its storage for attachments.' };
    client.timeline.push(typed, full);
    const el = await open(client);
    await waitUntil(() => $$(el, '.file-error').length === 2, 'both failures shown');
    expect($$(el, '.file-error').map(text)).to.deep.equal([
      'Not sent: this type of file is not accepted',
      'Not sent: the file is too large, or this site has no room left for files',
    ]);
    expect($$(el, '.file-error').every(visible), 'shown, not only read out').to.equal(true);
  });

  it('shows upload progress, then a failure with its reason and Retry', async () => {
    const client = new FakeClient();
    client.welcome = welcome();
    const message: LocalMessage = {
      ...mine('', 'queued', undefined),
      files: [{ blob: png(), name: 'cat.png', type: 'image/png', size: 10, progress: 0.4 }],
    };
    client.timeline.push(message);
    const el = await open(client);
    const progress = (await shown(el, 'progress')) as HTMLProgressElement;
    expect(progress.value).to.equal(0.4);
    expect(progress.getAttribute('aria-label')).to.equal('Uploading cat.png');
    expect($(el, '.msg .bubble')).to.equal(null, 'no empty bubble for a message with files only');
    message.status = 'failed';
    message.error = { code: 'attachment_type_refused', message: 'No.' };
    client.emit('messageStatus', { message, previous: 'queued' });
    await waitUntil(() => $(el, '.file-error'), 'failed shown');
    expect(text($(el, '.file-error'))).to.equal('Not sent: this type of file is not accepted');
    await waitUntil(() => text($(el, '[role=alert]')).startsWith('Not sent'), 'announced');
    expect($$(el, '.file-button').map(text)).to.deep.equal(['Retry', 'Cancel sending']);
  });

  it('renders an image message’s thumbnail and opens and closes the lightbox with the keyboard', async () => {
    const client = new FakeClient();
    client.welcome = welcome();
    client.timeline.push({ ...theirs('', 1), attachments: [image('att_1')] });
    const el = await open(client);
    const thumb = (await shown(el, '.thumb')) as HTMLButtonElement;
    expect(thumb.getAttribute('aria-label')).to.equal('Open image cat.png');
    expect(thumb.querySelector('img')!.getAttribute('width')).to.equal('1');
    thumb.focus();
    await sendKeys({ press: 'Enter' });
    const dialog = await shown(el, '.lightbox[role=dialog]');
    expect(dialog.getAttribute('aria-modal')).to.equal('true');
    await waitUntil(() => el.shadowRoot!.activeElement === $(el, '.lightbox-close'), 'focus in the dialog');
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal($(el, '.lightbox-close'), 'Tab stays in the dialog');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect($(el, '.lightbox')).to.equal(null);
    expect(el.opened).to.equal(true, 'Escape closed the lightbox, not the chat');
    expect(el.shadowRoot!.activeElement).to.equal(thumb, 'focus back on the thumbnail');
  });

  it('renders a document as a card with its name, type and size, and a download button', async () => {
    const client = new FakeClient();
    client.welcome = welcome();
    const pdf: AttachmentRef = {
      id: 'att_2',
      name: 'invoice.pdf',
      type: 'application/pdf',
      size: 48213,
      sha256: 'cd'.repeat(32),
    };
    client.timeline.push({ ...theirs('Here it is', 1), attachments: [pdf] });
    const el = await open(client);
    const card = await shown(el, '.file-card');
    expect(text(card.querySelector('.file-name'))).to.equal('invoice.pdf');
    expect(text(card.querySelector('.file-meta'))).to.equal('PDF · 48 kB');
    expect(card.querySelector('.file-action')!.getAttribute('aria-label')).to.equal('Download invoice.pdf');
  });

  it('speaks the visitor’s language, right to left in Arabic', async () => {
    const client = new FakeClient();
    client.welcome = welcome();
    const el = await fixture<ChatWidget>(html`<chat-widget locale="ar" .client=${client} open></chat-widget>`);
    await waitUntil(() => $(el, '.clip input')?.getAttribute('aria-label') === 'إرفاق ملفات', 'Arabic label');
    expect($(el, '[dir]')!.getAttribute('dir')).to.equal('rtl');
  });
});
