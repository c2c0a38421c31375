import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { AttachmentRef, WelcomeFrame } from '@parley/protocol';
import type { LocalMessage } from '@parley/sdk';
import type { ChatAdmin } from '../src/chat-admin/chat-admin.js';
import { FakeNotification, TOKEN, composer, live, mount, open, stored } from './admin-fixture.js';
import type { FakeStaffClient } from './fake-client.js';
import { $, $$, settle, staffWelcome, text, waitUntil } from './helpers.js';

// Files in the inbox (protocol 3): the composer's paper-clip, paste and drop, the files to send, a message's images
// and documents with the shared attachment UI, the lightbox, downloads with the staff token, uploads' progress,
// cancel and retry through the SDK's Attachments.

const welcome = staffWelcome;

const ACCEPTS = { maxBytes: 1_000_000, types: ['image/png', 'image/jpeg', 'application/pdf'] };

function png(name = 'shot.png', size = 68): File {
  return new File([new Uint8Array(size)], name, { type: 'image/png' });
}

/** A protocol-3 welcome, the files' chunk in, conversation c1 open. */
async function ready(client: FakeStaffClient, el: ChatAdmin, accepts: WelcomeFrame['attachments'] | null = ACCEPTS) {
  client.emit('welcome', welcome(accepts ?? undefined));
  await customElements.whenDefined('chat-admin-attach');
  await open(el, 'c1');
  if (accepts)
    await waitUntil(() => $(el, 'chat-admin-attach')?.shadowRoot?.querySelector('.attach'), 'the paper-clip');
}

type Part = HTMLElement & { updateComplete: Promise<unknown> };

/** The composer's files part, once it has rendered. */
async function attachPart(el: ChatAdmin): Promise<ShadowRoot> {
  const part = $(el, 'chat-admin-attach') as Part | null;
  if (!part) throw new Error('no chat-admin-attach');
  await part.updateComplete;
  return part.shadowRoot!;
}

function pending(el: ChatAdmin): string[] {
  const root = $(el, 'chat-admin-attach')?.shadowRoot;
  return [...(root?.querySelectorAll('.pending .file-name') ?? [])].map(text);
}

/** The files part of the `index`th message with files, once its chunk is in and it has rendered. */
async function filesPart(el: ChatAdmin, index = 0): Promise<ShadowRoot> {
  await customElements.whenDefined('chat-admin-files');
  await waitUntil(() => $$(el, 'chat-admin-files')[index], 'the files');
  const part = $$(el, 'chat-admin-files')[index] as Part;
  await part.updateComplete;
  return part.shadowRoot!;
}

/** Answers the page's `fetch` from `routes` (by URL) while the test runs, recording each request. */
function fakeFetch(routes: Record<string, () => Response>): { requests: Request[]; restore: () => void } {
  const original = window.fetch;
  const requests: Request[] = [];
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request);
    const route = routes[request.url];
    return route
      ? route()
      : new Response(JSON.stringify({ code: 'not_found', message: 'No such file.' }), { status: 404 });
  };
  return { requests, restore: () => (window.fetch = original) };
}

/** A 1×1 PNG. */
const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function imageRef(id: string, url: string): AttachmentRef {
  return {
    id,
    name: `${id}.png`,
    type: 'image/png',
    size: 2048,
    sha256: 'ab'.repeat(32),
    width: 640,
    height: 480,
    url,
    thumbnail: { url, width: 240, height: 180 },
    urlsExpireAt: Date.now() + 600_000,
  };
}

const PDF_REF: AttachmentRef = {
  id: 'att_pdf',
  name: 'invoice.pdf',
  type: 'application/pdf',
  size: 48_213,
  sha256: 'cd'.repeat(32),
};

describe('<chat-admin> composer files', () => {
  it('offers no paper-clip when the staff welcome accepts no files', async () => {
    const { el, client } = await mount();
    await ready(client, el, null);
    await settle(el);
    expect($(el, 'chat-admin-attach')).to.equal(null);
  });

  it('queues a picked file, listed with its size and a labelled remove button', async () => {
    const { el, client } = await mount();
    await ready(client, el);
    const root = await attachPart(el);
    const attach = root.querySelector('.attach') as HTMLButtonElement;
    expect(attach.getAttribute('aria-label')).to.equal('Attach files');
    const input = root.querySelector('input[type=file]') as HTMLInputElement;
    expect(input.accept).to.equal('image/png,image/jpeg,application/pdf');
    const transfer = new DataTransfer();
    transfer.items.add(png('picked.png', 2048));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await settle(el);
    await attachPart(el);
    expect(pending(el)).to.deep.equal(['picked.png']);
    expect(text(root.querySelector('.pending li'))).to.include('PNG · 2 kB');
    expect(root.querySelector('[role=group]')!.getAttribute('aria-label')).to.equal('Files to send');
    const remove = root.querySelector('.pending .file-action') as HTMLButtonElement;
    expect(remove.getAttribute('aria-label')).to.equal('Remove picked.png');
    remove.click();
    await settle(el);
    await attachPart(el);
    expect(pending(el)).to.deep.equal([]);
    expect(el.shadowRoot!.activeElement).to.equal(composer(el));
  });

  it('queues a pasted image, and refuses one over the site’s limit with a message', async () => {
    const { el, client } = await mount();
    await ready(client, el);
    const transfer = new DataTransfer();
    transfer.items.add(png('pasted.png'));
    composer(el).dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }),
    );
    await settle(el);
    await attachPart(el);
    expect(pending(el)).to.deep.equal(['pasted.png']);
    const big = new DataTransfer();
    big.items.add(png('huge.png', 2_000_000));
    composer(el).dispatchEvent(new ClipboardEvent('paste', { clipboardData: big, bubbles: true, cancelable: true }));
    await settle(el);
    expect(pending(el)).to.deep.equal(['pasted.png']);
    await waitUntil(() => $(el, '.error-bar'), 'the refusal shown');
    expect(text($(el, '.error-bar'))).to.include('huge.png is larger than 1 MB');
  });

  it('queues files dropped onto the conversation, with a hint while they are dragged over it', async () => {
    const { el, client } = await mount();
    await ready(client, el);
    const conversation = $(el, 'main.conversation')!;
    const transfer = new DataTransfer();
    transfer.items.add(png('dropped.png'));
    transfer.items.add(new File(['%PDF-1.4'], 'terms.pdf', { type: 'application/pdf' }));
    const over = new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true });
    conversation.dispatchEvent(over);
    await settle(el);
    expect(over.defaultPrevented, 'a drop target').to.equal(true);
    const hint = $(el, 'chat-admin-drop') as Part;
    await hint.updateComplete;
    expect(text(hint.shadowRoot!.querySelector('.drop-target'))).to.equal('Drop files to attach them');
    expect(hint.shadowRoot!.querySelector('.drop-target')!.getAttribute('aria-hidden')).to.equal('true');
    conversation.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    await settle(el);
    await attachPart(el);
    expect($(el, 'chat-admin-drop')).to.equal(null);
    expect(pending(el)).to.deep.equal(['dropped.png', 'terms.pdf']);
    // Another conversation starts with none.
    await open(el, 'c2');
    await attachPart(el);
    expect(pending(el)).to.deep.equal([]);
  });

  it('sends the files through the SDK in one reply with the text, and takes at most ten', async () => {
    const { el, client } = await mount();
    await ready(client, el);
    const transfer = new DataTransfer();
    for (let n = 1; n <= 11; n++) transfer.items.add(png(`shot-${n}.png`));
    composer(el).dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }),
    );
    await settle(el);
    await attachPart(el);
    expect(pending(el)).to.have.length(10);
    expect(text($(el, '.error-bar'))).to.include('At most 10 files in one message.');
    composer(el).value = 'Screenshots';
    composer(el).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    await waitUntil(() => client.sent.length === 1, 'sent');
    const [sent] = client.sent;
    expect([sent!.text, sent!.conversationId, sent!.note]).to.deep.equal(['Screenshots', 'c1', false]);
    expect(sent!.files?.map((file) => file.name)).to.deep.equal(
      Array.from({ length: 10 }, (_, n) => `shot-${n + 1}.png`),
    );
    await settle(el);
    await attachPart(el);
    expect(pending(el)).to.deep.equal([]);
    expect(composer(el).value).to.equal('');
  });

  it('sends a note with a file', async () => {
    const { el, client } = await mount();
    await ready(client, el);
    el.shadowRoot!.querySelector<HTMLButtonElement>('.modes button[aria-keyshortcuts=n]')!.click();
    await settle(el);
    const transfer = new DataTransfer();
    transfer.items.add(png('internal.png'));
    composer(el).dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }),
    );
    await settle(el);
    composer(el).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    await waitUntil(() => client.sent.length === 1, 'sent');
    expect([client.sent[0]!.text, client.sent[0]!.note, client.sent[0]!.files?.[0]?.name]).to.deep.equal([
      '',
      true,
      'internal.png',
    ]);
  });

  it('shows an upload’s progress, cancels it, and retries a failed one', async () => {
    const { el, client } = await mount();
    await ready(client, el);
    const file = { blob: png('up.png', 500), name: 'up.png', type: 'image/png', size: 500, progress: 0.4 };
    const message = await client.send('', { conversationId: 'c1', files: [file] });
    await settle(el);
    const root = await filesPart(el);
    const bar = root.querySelector('progress')!;
    expect(bar.value).to.be.closeTo(0.4, 0.001);
    expect(bar.getAttribute('aria-label')).to.equal('Uploading up.png');

    // Failed: the reason, Retry and Cancel.
    const held = client.messages('c1').find((m) => m.clientId === message.clientId)! as LocalMessage;
    held.status = 'failed';
    held.error = { code: 'attachment_type_refused', message: 'Refused.' };
    client.emit('messageStatus', { message: held, previous: 'queued' });
    await settle(el);
    await (root.host as Part).updateComplete;
    expect(text(root.querySelector('.file-error'))).to.equal('Not sent: this type of file is not accepted');
    const retry = [...root.querySelectorAll<HTMLButtonElement>('.file-button')].find((b) => text(b) === 'Retry')!;
    retry.click();
    await waitUntil(() => client.sent.length === 2, 'sent again');
    expect(client.sent[1]!.files?.[0]?.name).to.equal('up.png');
    await settle(el);
    await (root.host as Part).updateComplete;

    const cancel = [...root.querySelectorAll<HTMLButtonElement>('.file-button')].find(
      (b) => text(b) === 'Cancel sending',
    )!;
    cancel.click();
    await waitUntil(() => client.sent.length === 3, 'rewritten without its files');
    expect(client.sent[2]!.files).to.deep.equal([]);
    await settle(el);
    await (root.host as Part).updateComplete;
    expect(root.querySelector('progress, .file-card, .preview')).to.equal(null);
  });
});

describe('<chat-admin> thread files', () => {
  it('shows a visitor’s image as a thumbnail and a document as a card; the list says 📎 and the name', async () => {
    const { el, api, client } = await mount();
    api.history.set('c1', [
      { ...stored('c1', 1, ''), attachments: [imageRef('att_img', PIXEL)] },
      { ...stored('c1', 2, 'Here is the invoice', 'staff', 'note'), attachments: [PDF_REF] },
    ]);
    await ready(client, el);
    const image = await filesPart(el);
    const thumb = image.querySelector('.thumb') as HTMLButtonElement;
    expect(thumb.getAttribute('aria-label')).to.equal('Open image att_img.png');
    const img = thumb.querySelector('img')!;
    expect(img.alt).to.equal('att_img.png');
    expect(img.getAttribute('src')).to.equal(PIXEL);
    // No empty bubble for a message without text.
    expect($$(el, 'article.msg')[0]!.querySelector('.bubble')).to.equal(null);
    // A note with a file.
    const note = $$(el, 'article.msg')[1]!;
    expect(note.classList.contains('note')).to.equal(true);
    const card = (await filesPart(el, 1)).querySelector('.file-card')!;
    expect(text(card)).to.include('invoice.pdf');
    expect(text(card)).to.include('PDF · 48 kB');
    // A live message with only a file: the list shows the file's name.
    client.emit('message', live({ ...stored('c1', 3, ''), attachments: [PDF_REF] }));
    await settle(el);
    expect(text($(el, '#option-c1 .preview'))).to.equal('📎 invoice.pdf');
  });

  it('announces a visitor’s message with only a file by the file’s name', async () => {
    const { el, client } = await mount();
    FakeNotification.shown = [];
    await el.notifier.set('message', 'desktop', true);
    client.emit('message', live({ ...stored('c2', 2, ''), attachments: [PDF_REF] }));
    await settle(el);
    expect(FakeNotification.shown).to.deep.equal([{ title: 'New message from Visitor c2', body: '📎 invoice.pdf' }]);
    expect(text($(el, '#option-c2 .preview'))).to.equal('📎 invoice.pdf');
  });

  it('downloads a document with the staff token in the header, under its name', async () => {
    const { el, api, client } = await mount();
    api.history.set('c1', [{ ...stored('c1', 1, 'See attached'), attachments: [PDF_REF] }]);
    await ready(client, el);
    const root = await filesPart(el);
    const saved: Array<{ name: string; href: string }> = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      saved.push({ name: this.download, href: this.href });
    };
    const fetched = fakeFetch({
      'https://relay.test/v1/attachments/att_pdf': () => new Response(new Blob(['%PDF-1.4'])),
    });
    try {
      (root.querySelector('button[aria-label="Download invoice.pdf"]') as HTMLButtonElement).click();
      await waitUntil(() => saved.length === 1, 'the download');
    } finally {
      HTMLAnchorElement.prototype.click = click;
      fetched.restore();
    }
    expect(fetched.requests.map((r) => [r.url, r.headers.get('authorization')])).to.deep.equal([
      ['https://relay.test/v1/attachments/att_pdf', `Bearer ${TOKEN}`],
    ]);
    expect(saved[0]!.name).to.equal('invoice.pdf');
    expect(saved[0]!.href).to.match(/^blob:/);
  });

  it('says so when a download fails', async () => {
    const { el, api, client } = await mount();
    api.history.set('c1', [{ ...stored('c1', 1, 'See attached'), attachments: [PDF_REF] }]);
    await ready(client, el);
    const root = await filesPart(el);
    const fetched = fakeFetch({});
    try {
      (root.querySelector('button[aria-label="Download invoice.pdf"]') as HTMLButtonElement).click();
      await waitUntil(() => $(el, '.error-bar'), 'the failure');
    } finally {
      fetched.restore();
    }
    expect(text($(el, '.error-bar'))).to.include('invoice.pdf could not be downloaded.');
  });

  it('renews an image’s reference once when it fails to load', async () => {
    const { el, api, client } = await mount();
    api.history.set('c1', [
      { ...stored('c1', 1, ''), attachments: [imageRef('att_old', 'data:image/png;base64,AAAA')] },
    ]);
    const fetched = fakeFetch({
      'https://relay.test/v1/attachments/att_old/reference': () => Response.json(imageRef('att_old', PIXEL)),
    });
    try {
      await ready(client, el);
      const root = await filesPart(el);
      await waitUntil(() => root.querySelector('img')?.getAttribute('src') === PIXEL, 'the fresh address', {
        timeout: 4000,
      });
    } finally {
      fetched.restore();
    }
    expect(fetched.requests.map((r) => r.url)).to.deep.equal(['https://relay.test/v1/attachments/att_old/reference']);
  });

  it('opens an image in the lightbox with Enter, closes it with Escape and gives focus back', async () => {
    const { el, api, client } = await mount();
    api.history.set('c1', [{ ...stored('c1', 1, ''), attachments: [imageRef('att_img', PIXEL)] }]);
    await ready(client, el);
    const root = await filesPart(el);
    const part = root.host as Part;
    const thumb = root.querySelector('.thumb') as HTMLButtonElement;
    thumb.focus();
    await sendKeys({ press: 'Enter' });
    await part.updateComplete;
    const lightbox = root.querySelector('.lightbox')!;
    expect(lightbox.getAttribute('role')).to.equal('dialog');
    expect(lightbox.getAttribute('aria-modal')).to.equal('true');
    expect(lightbox.getAttribute('aria-label')).to.equal('att_img.png');
    expect(root.activeElement?.getAttribute('aria-label')).to.equal('Close image');
    expect(lightbox.querySelector('img')!.getAttribute('src')).to.equal(PIXEL);
    // Tab stays inside.
    await sendKeys({ press: 'Tab' });
    expect(root.activeElement?.getAttribute('aria-label')).to.equal('Close image');
    await sendKeys({ press: 'Escape' });
    await part.updateComplete;
    expect(root.querySelector('.lightbox')).to.equal(null);
    expect(root.activeElement).to.equal(thumb);
    // And with a click, closed by its button.
    thumb.click();
    await part.updateComplete;
    (root.querySelector('.lightbox-close') as HTMLButtonElement).click();
    await part.updateComplete;
    expect(root.querySelector('.lightbox')).to.equal(null);
    expect(root.activeElement).to.equal(thumb);
  });
});

describe('<chat-admin> the thread shows its newest message (issue #36, point 6)', () => {
  /** How far the message log is from its end, in pixels (0: the newest message is in view). */
  const fromEnd = (el: ChatAdmin): number => {
    const log = $(el, '.log')!;
    return log.scrollHeight - log.scrollTop - log.clientHeight;
  };
  /** Two frames: what a resize observer does after layout is done. */
  const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  /** Every thumbnail of the thread has loaded. */
  const loaded = (el: ChatAdmin): boolean =>
    $$(el, 'chat-admin-files').every((part) =>
      [...(part.shadowRoot?.querySelectorAll('img') ?? [])].every((img) => img.complete && img.naturalWidth > 0),
    );

  it('is scrolled to the end when a conversation opens, and after a message with an image, once it is drawn', async () => {
    const { el, api, client } = await mount();
    // A phone-sized inbox, so that the history is taller than the log.
    el.style.display = 'block';
    el.style.height = '600px';
    const history = Array.from({ length: 24 }, (_, i) => stored('c1', i + 1, `Message ${i + 1} `.repeat(6)));
    history.push({ ...stored('c1', 25, ''), attachments: [imageRef('att_last', PIXEL)] });
    api.history.set('c1', history);
    await ready(client, el);
    await filesPart(el);
    await waitUntil(() => loaded(el), 'the thumbnail drawn');
    await settle(el);
    await frames();
    expect($(el, '.log')!.scrollHeight).to.be.greaterThan($(el, '.log')!.clientHeight + 200);
    expect(fromEnd(el)).to.be.lessThan(2);

    // Another conversation, opened from the list, then back: each at its end.
    api.history.set(
      'c2',
      Array.from({ length: 24 }, (_, i) => stored('c2', i + 1, `Other ${i + 1} `.repeat(6))),
    );
    await open(el, 'c2');
    await frames();
    expect(fromEnd(el)).to.be.lessThan(2);

    // A message with an image arrives while the newest is in view: it stays in view once the image is drawn.
    await open(el, 'c1');
    client.emit('message', live({ ...stored('c1', 26, ''), attachments: [imageRef('att_new', PIXEL)] }));
    await settle(el);
    await filesPart(el, 1);
    await waitUntil(() => loaded(el), 'the new thumbnail drawn');
    await settle(el);
    await frames();
    expect(fromEnd(el)).to.be.lessThan(2);

    // A file attached in the composer: the composer grows, the log shrinks, the newest message stays in view.
    const transfer = new DataTransfer();
    transfer.items.add(png('pasted.png'));
    composer(el).dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }),
    );
    await settle(el);
    await attachPart(el);
    expect(pending(el)).to.deep.equal(['pasted.png']);
    await frames();
    expect(fromEnd(el)).to.be.lessThan(2);
  });
});
