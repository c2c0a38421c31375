import type { ReactiveControllerHost } from 'lit';
import type { AttachmentRef, LocalMessage } from '@parley/sdk';
import { AttachmentError, Attachments, type AttachingClient } from '@parley/sdk/attachments';
import { attachmentUi, type AttachmentLit, type AttachmentUi } from '../attachments/attachment-ui.js';
import { formatBytes, saveBlob } from '../attachments/attachment-format.js';
import { attachmentStringsEn, fill, type AttachmentStrings } from '../attachments/attachment-strings.js';
import { LightboxFocus } from '../attachments/lightbox-focus.js';
import type { Strings } from '../i18n/en.js';

/*
 * The widget's attachments (protocol 3), fetched on first use (a file picked with the element's paper-clip, pasted
 * or dragged over the panel) or when the conversation holds a message with files (the outbox waits for this part to
 * upload them): the drop target, the files waiting in the composer, each message's files (progress, cancel, retry,
 * thumbnails, cards) and the lightbox. The element's first open stays within its budget. Like automation-ui.ts it imports no lit: the element passes its own. It carries the SDK's
 * `Attachments` (`@parley/sdk/attachments`), which the element's first load never downloads.
 */

/** The element, as this part sees it. */
export interface AttachmentsHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** One `Attachments` per client: several elements may share a page-wide client. */
const byClient = new WeakMap<object, Attachments>();

const MAX_PENDING = 10;

/** The part's state and templates for one element. */
export class AttachmentsPart {
  readonly files: Attachments;
  readonly #host: AttachmentsHost;
  readonly #ui: AttachmentUi;
  readonly #html: AttachmentLit['html'];
  readonly #focus: LightboxFocus;
  /** Files chosen, pasted or dropped, not sent yet. */
  pending: File[] = [];
  #dragging = false;
  #lightbox: AttachmentRef | undefined;
  /** Images whose reference was fetched again after their address failed: once each. */
  readonly #refreshed = new Set<string>();
  /** Read out by screen readers (a failed upload, a download that failed). */
  #announcement = '';
  /** Files refused when picked, pasted or dropped, and why: shown above the composer until the next files come. */
  #refused: string[] = [];
  readonly #off: () => void;
  #s: AttachmentStrings = attachmentStringsEn;
  #locale: string | undefined;

  constructor(lit: AttachmentLit, client: AttachingClient, host: AttachmentsHost) {
    this.#host = host;
    this.#ui = attachmentUi(lit);
    this.#html = lit.html;
    let files = byClient.get(client);
    if (!files) byClient.set(client, (files = new Attachments(client)));
    this.files = files;
    this.#focus = new LightboxFocus(() => {
      this.#lightbox = undefined;
      host.requestUpdate();
    });
    const offs = [
      files.on('progress', () => host.requestUpdate()),
      client.on('messageStatus', ({ message }) => {
        if (message.status === 'failed' && message.files?.length && message.error) {
          this.#announce(fill(this.#s.failed, { reason: this.#reason(message.error) }));
        }
      }),
    ];
    this.#off = () => offs.forEach((off) => off());
  }

  /** The part's styles (the element adopts them). */
  get styles(): AttachmentUi['styles'] {
    return this.#ui.styles;
  }

  /** Stops listening (the element was unbound from its client). */
  disconnect(): void {
    this.#off();
  }

  /** Picks the strings of the element's locale (English when the locale has none). */
  strings(s: Strings): this {
    this.#s = s.attachments ?? attachmentStringsEn;
    return this;
  }

  // ---- templates -----------------------------------------------------------------------------------------

  /** The files refused (visible, and read out as an alert), then the files waiting in the composer. */
  waiting(locale: string): unknown {
    const html = this.#html;
    this.#locale = locale;
    return html`${
      this.#refused.length
        ? html`<p class="file-error refused" part="file-refused" role="alert">
            ${this.#refused.map((line) => html`<span>${line}</span>`)}
          </p>`
        : undefined
    }${this.#ui.pending(this.pending, this.#s, (index) => this.#remove(index), locale)}`;
  }

  /** A message's files. */
  message(message: LocalMessage, locale: string): unknown {
    return this.#ui.message(message, this.#s, this.#actions, locale);
  }

  /** What lies over the panel: the drop target while dragging, the lightbox, the announcements. */
  overlay(): unknown {
    const html = this.#html;
    return html`${this.#dragging ? this.#ui.dropTarget(this.#s) : undefined}
      ${this.#lightbox ? this.#ui.lightbox(this.#lightbox, this.#s, this.#focus) : undefined}
      <p class="sr-only" role="alert">${this.#announcement}</p>`;
  }

  // ---- composer ------------------------------------------------------------------------------------------

  /**
   * Adds files to the composer; a file the site refuses (too large, or of a type it does not take) is left out and
   * said, with its name and why, above the composer (issue #36: it was said to screen readers only).
   */
  add(files: readonly File[]): void {
    const refused: string[] = [];
    const limits = this.files.limits;
    for (const file of files) {
      // The relay checks types from the bytes; a type the browser names and the site does not take is refused now.
      const code =
        this.files.check(file) ??
        (limits && file.type && !limits.types.includes(file.type) ? 'attachment_type_refused' : undefined);
      if (code) refused.push(this.#refusal(file.name, code, limits?.maxBytes));
      else if (this.pending.length < MAX_PENDING) this.pending = [...this.pending, file];
    }
    this.#refused = refused;
    this.#host.requestUpdate();
  }

  #refusal(name: string, code: string, maxBytes = 0): string {
    if (code === 'attachment_too_large')
      return fill(this.#s.tooLarge, { name, max: formatBytes(maxBytes, this.#locale) });
    return `${name}: ${this.#reason({ code, message: code })}`;
  }

  /** Sends the files waiting with `text`, in one message. */
  async send(text: string): Promise<void> {
    const files = this.pending;
    this.pending = [];
    this.#refused = [];
    this.#host.requestUpdate();
    try {
      await this.files.send(files, text);
    } catch (error) {
      this.pending = files;
      this.#announce(error instanceof AttachmentError ? this.#reason(error) : String(error));
    }
  }

  /**
   * The panel's `dragover`, `dragleave` and `drop` with files (the element checks they are files, on a site that takes
   * them, and cancels the browser's default): the drop target shows while they are over the panel, and the files
   * dropped are attached.
   */
  drag(event: DragEvent): void {
    const panel = event.currentTarget as HTMLElement;
    const over =
      event.type === 'dragover' ||
      (event.type === 'dragleave' && event.relatedTarget instanceof Node && panel.contains(event.relatedTarget));
    if (event.type === 'drop') this.add([...(event.dataTransfer?.files ?? [])]);
    if (over !== this.#dragging) {
      this.#dragging = over;
      this.#host.requestUpdate();
    }
  }

  // ---- internals -----------------------------------------------------------------------------------------

  #remove(index: number): void {
    this.pending = this.pending.filter((_, i) => i !== index);
    this.#host.requestUpdate();
  }

  #reason(error: { code: string; message: string }): string {
    return this.#s.reasons[error.code] ?? error.message;
  }

  #announce(text: string): void {
    // Cleared first, so the same failure twice is read out twice.
    this.#announcement = '';
    this.#host.requestUpdate();
    void this.#host.updateComplete.then(() => {
      this.#announcement = text;
      this.#host.requestUpdate();
    });
  }

  readonly #actions = {
    open: (ref: AttachmentRef, opener: HTMLElement) => {
      this.#lightbox = ref;
      this.#focus.opened(opener);
      this.#host.requestUpdate();
      void this.#host.updateComplete.then(() => {
        const dialog = this.#host.renderRoot.querySelector<HTMLElement>('.lightbox');
        if (dialog) this.#focus.enter(dialog);
      });
    },
    download: (ref: AttachmentRef) => {
      this.files.download(ref.id).then(
        (blob) => saveBlob(blob, ref.name),
        (error: unknown) => this.#announce(String((error as Error).message ?? error)),
      );
    },
    expired: (ref: AttachmentRef) => {
      if (this.#refreshed.has(ref.id)) return;
      this.#refreshed.add(ref.id);
      this.files.reference(ref.id).then(
        (fresh) => {
          Object.assign(ref, fresh);
          this.#host.requestUpdate();
        },
        () => undefined,
      );
    },
    cancel: (message: LocalMessage) => void this.files.cancel(message.clientId),
    retry: (message: LocalMessage) => void this.files.retry(message.clientId),
    preview: (file: Parameters<Attachments['preview']>[0]) => this.files.preview(file),
  };
}

/** Builds the part for an element on its lit. */
export function attachmentsPart(lit: AttachmentLit, client: AttachingClient, host: AttachmentsHost): AttachmentsPart {
  return new AttachmentsPart(lit, client, host);
}
