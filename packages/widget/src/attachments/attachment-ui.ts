import type { CSSResult, TemplateResult, css as litCss, html as litHtml, nothing as litNothing } from 'lit';
import type { AttachmentRef, LocalFile, LocalMessage } from '@parley/sdk';
import { formatBytes, isImage, typeLabel } from './attachment-format.js';
import { fill, type AttachmentStrings } from './attachment-strings.js';
import type { LightboxFocus } from './lightbox-focus.js';

/*
 * The attachment UI that the visitor's widget and the staff inbox share: a message's files (thumbnails, document
 * cards, upload progress, cancel and retry), the files waiting in a composer, the drop target and the lightbox. It
 * imports nothing at run time: the host passes its own lit (as `automation-ui.ts` does), so a lazily loaded chunk
 * carries no second copy of lit, and nothing here knows `<chat-widget>` or `<chat-admin>`. No inline style: sizes
 * are `width`/`height` attributes, progress a `<progress>` element (CSP without `unsafe-inline`).
 */

/** The host's lit. */
export interface AttachmentLit {
  readonly html: typeof litHtml;
  readonly css: typeof litCss;
  readonly nothing: typeof litNothing;
}

/** What the host does when the visitor (or staff member) acts on a file. */
export interface AttachmentActions {
  /** Open an image in the lightbox; `opener` gets focus back when it closes. */
  open(ref: AttachmentRef, opener: HTMLElement): void;
  /** Download a document (fetch with the token, then save the Blob: see `saveBlob`). */
  download(ref: AttachmentRef): void;
  /** An image's signed address failed to load (expired): fetch its reference again, once. */
  expired(ref: AttachmentRef): void;
  /** Cancel a message with files not sent yet. Absent: no cancel button. */
  cancel?(message: LocalMessage): void;
  /** Retry a failed message with files. Absent: no retry button. */
  retry?(message: LocalMessage): void;
  /** A local image's preview (`blob:` URL), e.g. `Attachments.preview`. */
  preview?(file: LocalFile): string | undefined;
}

/** The templates and styles, built on the host's lit. */
export interface AttachmentUi {
  /** A message's files: the relay's references once sent, else the local files with progress, cancel, retry. */
  message(message: LocalMessage, s: AttachmentStrings, actions: AttachmentActions, locale?: string): unknown;
  /** Files chosen but not sent, in a composer, each with a remove button. */
  pending(files: readonly File[], s: AttachmentStrings, remove: (index: number) => void, locale?: string): unknown;
  /** The overlay shown while files are dragged over a drop zone. */
  dropTarget(s: AttachmentStrings): TemplateResult;
  /** The lightbox: a modal dialog with the full image and a close button (keyboard: see `LightboxFocus`). */
  lightbox(ref: AttachmentRef, s: AttachmentStrings, focus: LightboxFocus): TemplateResult;
  readonly styles: CSSResult;
}

/** Builds the attachment UI on the host's lit. */
export function attachmentUi({ html, css, nothing }: AttachmentLit): AttachmentUi {
  const card = (name: string, type: string, size: number, locale: string | undefined, action: unknown) => html`
    <div class="file-card" part="file-card">
      <span class="file-icon" aria-hidden="true">${typeLabel(type, name)}</span>
      <span class="file-text"
        ><span class="file-name">${name}</span
        ><span class="file-meta">${typeLabel(type, name)} · ${formatBytes(size, locale)}</span></span
      >
      ${action}
    </div>
  `;

  const sent = (ref: AttachmentRef, s: AttachmentStrings, actions: AttachmentActions, locale?: string) => {
    const image = isImage(ref.type) && (ref.thumbnail?.url ?? ref.url);
    if (!image) {
      return card(
        ref.name,
        ref.type,
        ref.size,
        locale,
        html`<button
          type="button"
          class="file-action"
          aria-label=${fill(s.download, { name: ref.name })}
          @click=${() => actions.download(ref)}
        >
          ↓
        </button>`,
      );
    }
    const thumbnail = ref.thumbnail;
    return html`<button
      type="button"
      class="thumb"
      part="thumbnail"
      aria-label=${fill(s.openImage, { name: ref.name })}
      @click=${(event: Event) => actions.open(ref, event.currentTarget as HTMLElement)}
    >
      <img
        src=${image}
        alt=${ref.name}
        width=${thumbnail?.width ?? ref.width ?? nothing}
        height=${thumbnail?.height ?? ref.height ?? nothing}
        loading="lazy"
        referrerpolicy="no-referrer"
        @error=${() => actions.expired(ref)}
      />
    </button>`;
  };

  const local = (
    message: LocalMessage,
    file: LocalFile,
    s: AttachmentStrings,
    actions: AttachmentActions,
    locale?: string,
  ) => {
    const preview = isImage(file.type) ? actions.preview?.(file) : undefined;
    const uploading = message.status === 'queued' && file.progress !== undefined && !file.ref;
    return html`<div class="local">
      ${
        preview
          ? html`<img class="preview" src=${preview} alt=${file.name} />`
          : card(file.name, file.type, file.size, locale, nothing)
      }
      ${
        uploading
          ? html`<progress max="1" .value=${file.progress ?? 0} aria-label=${fill(s.uploading, { name: file.name })}></progress>`
          : nothing
      }
    </div>`;
  };

  return {
    message(message, s, actions, locale) {
      const refs = message.attachments;
      if (refs?.length) return html`<div class="files">${refs.map((ref) => sent(ref, s, actions, locale))}</div>`;
      const files = message.files;
      if (!files?.length) return nothing;
      const failed = message.status === 'failed';
      const unsent = message.status === 'queued' || message.status === 'sending' || failed;
      const reason = message.error && (s.reasons[message.error.code] ?? message.error.message);
      return html`<div class="files">
        ${files.map((file) => local(message, file, s, actions, locale))}
        ${failed ? html`<p class="file-error" part="file-error">${fill(s.failed, { reason: reason ?? '' })}</p>` : nothing}
        <div class="file-buttons">
          ${
            failed && actions.retry
              ? html`<button type="button" class="file-button" @click=${() => actions.retry!(message)}>${s.retry}</button>`
              : nothing
          }
          ${
            unsent && actions.cancel
              ? html`<button type="button" class="file-button" @click=${() => actions.cancel!(message)}>
                ${s.cancelUpload}
              </button>`
              : nothing
          }
        </div>
      </div>`;
    },

    pending(files, s, remove, locale) {
      if (files.length === 0) return nothing;
      return html`<ul class="pending" part="pending-files">
        ${files.map(
          (file, index) =>
            html`<li>
              ${card(
                file.name,
                file.type,
                file.size,
                locale,
                html`<button
                  type="button"
                  class="file-action"
                  aria-label=${fill(s.removeFile, { name: file.name })}
                  @click=${() => remove(index)}
                >
                  ×
                </button>`,
              )}
            </li>`,
        )}
      </ul>`;
    },

    dropTarget(s) {
      return html`<div class="drop-target" part="drop-target" aria-hidden="true">${s.dropHere}</div>`;
    },

    lightbox(ref, s, focus) {
      return html`<div
        class="lightbox"
        part="lightbox"
        role="dialog"
        aria-modal="true"
        aria-label=${ref.name}
        @keydown=${focus.keydown}
        @click=${(event: Event) => event.target === event.currentTarget && focus.close()}
      >
        <button type="button" class="lightbox-close" aria-label=${s.closeImage} @click=${() => focus.close()}>×</button>
        <img src=${ref.url ?? ref.thumbnail?.url ?? ''} alt=${ref.name} referrerpolicy="no-referrer" />
      </div>`;
    },

    styles: css`
      .files {
        display: grid;
        gap: 6px;
        margin-top: 4px;
      }
      .thumb {
        padding: 0;
        border: 0;
        background: none;
        cursor: zoom-in;
        border-radius: 8px;
        overflow: hidden;
        max-width: 100%;
      }
      .thumb img,
      .preview {
        display: block;
        max-width: 100%;
        max-height: 240px;
        height: auto;
        object-fit: cover;
        border-radius: 8px;
      }
      .thumb:focus-visible,
      .file-action:focus-visible,
      .file-button:focus-visible,
      .lightbox-close:focus-visible {
        outline: 2px solid var(--chat-accent, #2563eb);
        outline-offset: 2px;
      }
      .file-card {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 8px;
        border-radius: 8px;
        border: 1px solid color-mix(in srgb, currentColor 20%, transparent);
        min-width: 0;
      }
      .file-icon {
        flex: none;
        font-size: 10px;
        font-weight: 700;
        padding: 6px 4px;
        border-radius: 4px;
        background: color-mix(in srgb, currentColor 12%, transparent);
      }
      .file-text {
        display: grid;
        min-width: 0;
        flex: 1;
      }
      .file-name {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .file-meta {
        font-size: 12px;
        opacity: 0.75;
      }
      .file-action,
      .file-button,
      .lightbox-close {
        font: inherit;
        color: inherit;
        cursor: pointer;
        border-radius: 6px;
        border: 1px solid color-mix(in srgb, currentColor 30%, transparent);
        background: transparent;
        min-width: 32px;
        min-height: 32px;
      }
      .file-buttons {
        display: flex;
        gap: 6px;
      }
      .file-buttons:empty {
        display: none;
      }
      .file-error {
        margin: 0;
        font-size: 12px;
        color: var(--chat-error, #b91c1c);
      }
      /* Files refused when picked, one line each, above the composer (aligned with the waiting files). */
      .refused {
        display: grid;
        gap: 2px;
        padding: 8px 14px 0;
      }
      progress {
        width: 100%;
        height: 6px;
      }
      .pending {
        list-style: none;
        margin: 0;
        padding: 6px 8px 0;
        display: grid;
        gap: 4px;
      }
      .drop-target {
        position: absolute;
        inset: 0;
        display: grid;
        place-items: center;
        z-index: 2;
        border: 2px dashed var(--chat-accent, #2563eb);
        border-radius: inherit;
        background: color-mix(in srgb, Canvas 85%, transparent);
        color: CanvasText;
        font-weight: 600;
        pointer-events: none;
      }
      .lightbox {
        position: fixed;
        inset: 0;
        z-index: 2147483647;
        display: grid;
        place-items: center;
        background: rgb(0 0 0 / 0.8);
        padding: 24px;
      }
      .lightbox img {
        max-width: 100%;
        max-height: calc(100dvh - 96px);
        object-fit: contain;
      }
      .lightbox-close {
        position: absolute;
        top: 12px;
        inset-inline-end: 12px;
        color: #fff;
        background: rgb(0 0 0 / 0.5);
        font-size: 20px;
      }
    `,
  };
}
