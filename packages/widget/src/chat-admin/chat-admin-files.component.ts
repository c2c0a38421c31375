import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { AttachmentRef, LocalMessage } from '@parley/sdk';
import { saveBlob } from '../attachments/attachment-format.js';
import type { AttachmentActions } from '../attachments/attachment-ui.js';
import { LightboxFocus } from '../attachments/lightbox-focus.js';
import { InboxWatch, filesBase, ui } from './chat-admin-attach.component.js';
import { filesEn, type FilesStrings } from './files-strings.js';
import type { InboxController } from './inbox-controller.js';

/**
 * A message's files in `<chat-admin>`'s conversation, with the shared attachment UI (a chunk of its own, fetched
 * when a conversation first shows a message with files): images as thumbnails from their signed addresses (a
 * reference renewed once when one fails to load, e.g. expired), opened full size in the lightbox on click or Enter
 * (Escape or its close button gives focus back to the thumbnail); documents as cards whose download button fetches
 * the file with the staff token and saves it under its name; staff's own files while they upload (as cards), with
 * progress, cancel, and retry once failed. Replies and notes alike.
 *
 * @summary A message's images and documents.
 * @tag chat-admin-files
 *
 * @csspart thumbnail - An image's button.
 * @csspart file-card - A document's card.
 * @csspart file-error - Why staff's file was not sent.
 * @csspart lightbox - The image viewer.
 */
export class ChatAdminFiles extends LitElement {
  static override styles = [
    ui.styles,
    filesBase,
    css`
      .files {
        justify-items: start;
      }
      .file-card {
        min-width: 220px;
        max-width: 320px;
        background: var(--_raised);
      }
    `,
  ];

  static override properties = {
    message: { attribute: false },
    inbox: { attribute: false },
    _fresh: { state: true },
    _open: { state: true },
  };

  /** The message whose files are shown. */
  declare message: LocalMessage;
  /** The inbox (its `files` download with the staff token; its strings). */
  declare inbox: InboxController;
  /** References renewed after an image failed to load, by id. */
  declare private _fresh: ReadonlyMap<string, AttachmentRef>;
  /** The image in the lightbox. */
  declare private _open: AttachmentRef | undefined;
  /** Ids whose reference was renewed once already: a second failure is not retried. */
  readonly #renewed = new Set<string>();
  /** Images that failed before the files' code was in (just after sign-in): renewed once it is. */
  readonly #waiting = new Set<AttachmentRef>();
  readonly #focus = new LightboxFocus(() => (this._open = undefined));

  readonly #actions: AttachmentActions = {
    open: (ref, opener) => {
      this.#focus.opened(opener);
      this._open = ref;
    },
    download: (ref) => void this.#download(ref),
    expired: (ref) => void this.#renew(ref),
    cancel: (message) => this.inbox.files?.cancel(message),
    retry: (message) => this.inbox.files?.retry(message),
    // No `blob:` previews of staff's own images: /admin's policy allows images from 'self' and data: only. A card
    // stands in until the relay's thumbnail comes with the sent message.
  };

  constructor() {
    super();
    this._fresh = new Map();
    // Upload progress and status changes come through the inbox.
    new InboxWatch(this);
  }

  get #t(): FilesStrings {
    return this.inbox.files?.strings ?? this.inbox.strings.filesPart ?? filesEn;
  }

  protected override updated(changed: PropertyValues): void {
    if (this.inbox.files && this.#waiting.size > 0) {
      for (const ref of this.#waiting) void this.#renew(ref);
      this.#waiting.clear();
    }
    const lightbox = this.renderRoot.querySelector<HTMLElement>('.lightbox');
    if (changed.has('_open') && this._open && lightbox) this.#focus.enter(lightbox);
  }

  /** An image did not load (its signed address expired, say): fetch its reference again, once. */
  async #renew(ref: AttachmentRef): Promise<void> {
    const attachments = this.inbox.files?.attachments;
    if (!attachments) return void this.#waiting.add(ref);
    if (this.#renewed.has(ref.id)) return;
    this.#renewed.add(ref.id);
    try {
      this._fresh = new Map(this._fresh).set(ref.id, await attachments.reference(ref.id));
    } catch {
      // Erased, or the relay is unreachable: the broken image keeps its name as its text.
    }
  }

  async #download(ref: AttachmentRef): Promise<void> {
    try {
      const attachments = this.inbox.files?.attachments;
      if (!attachments) throw new Error('not connected');
      saveBlob(await attachments.download(ref.id), ref.name);
    } catch {
      this.inbox.set({ error: this.#t.downloadFailed(ref.name) });
    }
  }

  protected override render(): TemplateResult {
    const fresh = this._fresh;
    const message = this.message.attachments
      ? { ...this.message, attachments: this.message.attachments.map((ref) => fresh.get(ref.id) ?? ref) }
      : this.message;
    const open = this._open && (fresh.get(this._open.id) ?? this._open);
    return html`${ui.message(message, this.#t, this.#actions)}${open ? ui.lightbox(open, this.#t, this.#focus) : nothing}`;
  }
}
