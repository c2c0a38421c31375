import { css, html, nothing, type ReactiveControllerHost } from 'lit';
import type { AttachmentsPart } from './attachments-part.js';
import type { AutomationUi } from './automation-ui.js';
import type { ChatClient } from './client-registry.js';
import type { EmojiPart } from './emoji-part.js';
import type { FormsPart } from './forms.js';

/*
 * The element's parts fetched from beside its own script when first needed (scripts/bundle.mjs names the files):
 * the automation UI (quick-reply buttons, the rating form, how opening hours are worded, the mark of a message staff
 * edited or deleted), the attachments (the files waiting in the composer, the drop target, each message's files, the
 * lightbox), the pre-chat and leave-a-message forms, and the composer's emoji picker. Until a part has come, what it
 * shows is not shown; a failed fetch (offline) is asked again by the next call. A part that comes adds its stylesheet
 * to the element's and renders the element again.
 */

/** The element, as its parts see it. */
export interface PartsHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** The element's lazily fetched parts. */
export class LazyParts {
  readonly #host: PartsHost;
  readonly #client: () => ChatClient | undefined;
  #ui: AutomationUi | undefined;
  #uiLoading: Promise<void> | undefined;
  #files: AttachmentsPart | undefined;
  #filesLoading: Promise<void> | undefined;
  #forms: FormsPart | undefined;
  #formsLoading: Promise<void> | undefined;
  /** The emoji picker, once fetched. */
  emojiUi: EmojiPart | undefined;
  #emojiLoading: Promise<void> | undefined;

  /**
   * @param host - the element.
   * @param client - its client, when bound: the attachments part is made for it.
   */
  constructor(host: PartsHost, client: () => ChatClient | undefined) {
    this.#host = host;
    this.#client = client;
  }

  /**
   * The quick-reply buttons and the rating form (`automation-ui.ts`), once fetched: the first render that needs them
   * asks for them.
   */
  automation(): AutomationUi | undefined {
    if (!this.#ui && !this.#uiLoading) {
      this.#uiLoading = import('./automation-ui.js').then(
        ({ automationUi }) => {
          this.#adopt((this.#ui = automationUi({ html, css })).styles.styleSheet);
        },
        () => {
          this.#uiLoading = undefined;
        },
      );
    }
    return this.#ui;
  }

  /**
   * The attachments (`attachments-part.ts`), once fetched: asked for on first use (a file picked, pasted or dragged
   * over the panel), or when the conversation holds a message with files (the outbox waits for it to upload them).
   */
  attachments(): AttachmentsPart | undefined {
    const client = this.#client();
    if (!this.#files && !this.#filesLoading && client) {
      this.#filesLoading = import('./attachments-part.js').then(
        ({ attachmentsPart }) => {
          if (client !== this.#client() || this.#files) return;
          this.#adopt((this.#files = attachmentsPart({ html, css, nothing }, client, this.#host)).styles.styleSheet);
        },
        () => {
          this.#filesLoading = undefined;
        },
      );
    }
    return this.#files;
  }

  /**
   * The pre-chat and leave-a-message forms (`forms.ts`), once fetched: the first render that shows one asks for them
   * (the footer is empty until they come: one request, then cached with the element).
   */
  forms(): FormsPart | undefined {
    if (!this.#formsLoading)
      this.#formsLoading = import('./forms.js').then(
        ({ formsPart }) => this.#adopt(void (this.#forms = formsPart({ html, nothing }))),
        () => (this.#formsLoading = undefined),
      );
    return this.#forms;
  }

  /** The composer's emoji button: the first click fetches the picker (`emoji-part.ts`), which opens; then it toggles. */
  emoji = (): void => {
    if (this.emojiUi) return this.emojiUi.toggle();
    if (!this.#emojiLoading)
      this.#emojiLoading = import('./emoji-part.js').then(
        ({ emojiPart }) => this.#adopt((this.emojiUi = emojiPart({ html, css }, this.#host)).styles.styleSheet),
        () => (this.#emojiLoading = undefined),
      );
  };

  /** The attachments, if they have come (without asking for them). */
  get files(): AttachmentsPart | undefined {
    return this.#files;
  }

  /** Files picked, pasted or dropped: handed to the attachments once they have come. */
  add(files: File[]): void {
    this.attachments();
    void this.#filesLoading?.then(() => this.#files?.add(files));
  }

  /** Files dragged over the panel: the first fetches the attachments, which show the drop target and take the drop. */
  drag = (event: DragEvent): void => {
    if (!this.#client()?.canAttach || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    if (this.#files) this.#files.drag(event);
    else if (event.type === 'drop') this.add([...event.dataTransfer.files]);
    else this.attachments();
  };

  /** The element lets its client go: the attachments made for it go too. */
  disconnect(): void {
    this.#files?.disconnect();
    this.#files = this.#filesLoading = undefined;
  }

  /** Adds a part's stylesheet to the element's shadow root, and renders the element with it. */
  #adopt(sheet: CSSStyleSheet | undefined): void {
    const root = this.#host.renderRoot as ShadowRoot;
    if (sheet) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    this.#host.requestUpdate();
  }
}
