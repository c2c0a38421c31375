import { LitElement, css, html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { attachmentUi } from '../attachments/attachment-ui.js';
import type { InboxSession } from './inbox-state.js';

/** What the composer's files use of the inbox (`InboxController` is one). */
type AttachInbox = Pick<InboxSession, 'files' | 'state'> & { watch(view: ReactiveControllerHost): () => void };

/** The shared attachment UI on the inbox's lit. */
export const ui = attachmentUi({ html, css, nothing });

/**
 * The inbox's colours for the shared attachment UI (inherited from `<chat-admin>`'s `--_x` variables, so light and
 * dark follow its theme), and its buttons.
 */
export const filesBase = css`
  :host {
    display: block;
    --chat-accent: var(--_accent);
    --chat-error: var(--_danger);
  }
  .ghost {
    font: inherit;
    color: inherit;
    cursor: pointer;
    border: 1px solid var(--_border);
    border-radius: 8px;
    padding: 6px 10px;
    background: var(--_raised);
  }
  .ghost:hover {
    border-color: var(--_muted);
  }
  .ghost:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
`;

/** Re-renders `element` on every change of the inbox while it is connected (the regions' `AdminRegion.watch`). */
export class InboxWatch {
  readonly #element: LitElement & { inbox: AttachInbox };
  #unwatch: (() => void) | undefined;

  constructor(element: LitElement & { inbox: AttachInbox }) {
    this.#element = element;
    element.addController({
      hostConnected: () => this.#watch(),
      hostDisconnected: () => {
        this.#unwatch?.();
        this.#unwatch = undefined;
      },
      // `inbox` may have been set before the element was defined: watch once it is.
      hostUpdate: () => this.#watch(),
    });
  }

  #watch(): void {
    const element = this.#element;
    if (element.inbox && element.isConnected) this.#unwatch ??= element.inbox.watch(element);
  }
}

/**
 * The composer's files (a chunk of their own, with `InboxFiles`, fetched after a protocol-3 welcome): the paper-clip
 * and its file picker, and the files the next reply or note will send (the shared attachment UI's `pending` list,
 * each with a remove button). Shown while the site accepts files. Paste and drop are the composer's and the
 * conversation's; all of them go through `InboxFiles.attach`.
 *
 * @summary The composer's paper-clip and files to send.
 * @tag chat-admin-attach
 *
 * @csspart attach-button - The paper-clip.
 * @csspart pending-files - The files to send.
 * @csspart file-card - A file to send.
 */
export class ChatAdminAttach extends LitElement {
  static override styles = [
    ui.styles,
    filesBase,
    css`
      .row {
        display: flex;
        align-items: start;
        gap: 8px;
      }
      .attach {
        display: grid;
        place-items: center;
        min-width: 36px;
        min-height: 36px;
        padding: 6px;
      }
      .attach svg {
        width: 20px;
        height: 20px;
      }
      @media (max-width: 600px) {
        .attach {
          min-width: 44px;
          min-height: 44px;
        }
      }
      .waiting {
        flex: 1;
        min-width: 0;
      }
      .waiting .pending {
        padding: 0;
      }
    `,
  ];

  static override properties = {
    inbox: { attribute: false },
  };

  /** The inbox's state and actions (set by the composer). */
  declare inbox: AttachInbox;

  constructor() {
    super();
    new InboxWatch(this);
  }

  #onPick = (event: Event): void => {
    const input = event.currentTarget as HTMLInputElement;
    if (input.files) this.inbox.files?.attach(input.files);
    // The same file may be picked again after it was removed.
    input.value = '';
  };

  #remove(index: number): void {
    this.inbox.files?.detach(index);
    // Back to the text: the button that had focus is gone.
    (this.getRootNode() as ParentNode).querySelector<HTMLElement>('#composer-input')?.focus();
  }

  protected override render(): TemplateResult | typeof nothing {
    const files = this.inbox.files;
    const { uploads, pendingFiles } = this.inbox.state;
    if (!files || !uploads) return nothing;
    const t = files.strings;
    return html`<div class="row">
      <input id="files" type="file" multiple hidden accept=${uploads.types.join(',')} @change=${this.#onPick} />
      <button
        type="button"
        class="ghost attach"
        part="attach-button"
        aria-label=${t.attach}
        title=${t.attach}
        @click=${() => this.renderRoot.querySelector<HTMLInputElement>('#files')?.click()}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path
            fill="none"
            stroke="currentColor"
            stroke-width="2"
            stroke-linecap="round"
            d="M20 11.5 12.2 19.3a5 5 0 0 1-7.1-7.1l8.1-8.1a3.3 3.3 0 0 1 4.7 4.7l-8.1 8.1a1.7 1.7 0 0 1-2.4-2.4L14.7 7"
          />
        </svg>
      </button>
      ${
        pendingFiles.length > 0
          ? html`<div class="waiting" role="group" aria-label=${t.filesToSend}>
              ${ui.pending(pendingFiles, t, (index) => this.#remove(index))}
            </div>`
          : nothing
      }
    </div>`;
  }
}

/**
 * The shared drop target, over the conversation while files are dragged over it (the conversation takes the drop;
 * this only shows where). Comes with `<chat-admin-attach>`.
 *
 * @summary The hint shown while files are dragged over the conversation.
 * @tag chat-admin-drop
 *
 * @csspart drop-target - The hint.
 */
export class ChatAdminDrop extends LitElement {
  static override styles = [
    ui.styles,
    filesBase,
    css`
      :host {
        position: absolute;
        inset: 8px;
        z-index: 3;
        pointer-events: none;
        border-radius: 12px;
      }
      .drop-target {
        color: var(--_fg);
        background: color-mix(in srgb, var(--_bg) 85%, transparent);
      }
    `,
  ];

  static override properties = {
    inbox: { attribute: false },
  };

  /** The inbox (its files' strings). */
  declare inbox: AttachInbox;

  protected override render(): TemplateResult | typeof nothing {
    const files = this.inbox.files;
    return files ? ui.dropTarget(files.strings) : nothing;
  }
}
