const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

/**
 * The lightbox's keyboard behaviour, for any renderer: focus moves into the dialog when it opens, Tab and Shift+Tab
 * stay inside it, Escape closes it, and focus returns to what opened it (the thumbnail) when it closes.
 *
 * @example
 * const focus = new LightboxFocus(() => { this.open = undefined; this.requestUpdate(); });
 * focus.opened(thumbnailButton); // then, once rendered: focus.enter(dialogElement)
 */
export class LightboxFocus {
  #opener: HTMLElement | undefined;
  readonly #close: () => void;

  constructor(close: () => void) {
    this.#close = close;
  }

  /** Remembers the element focus returns to. */
  opened(opener: HTMLElement | undefined): void {
    this.#opener = opener;
  }

  /** Focuses the dialog's first control (its close button). Call once it is rendered. */
  enter(dialog: HTMLElement): void {
    dialog.querySelector<HTMLElement>(FOCUSABLE)?.focus();
  }

  /** The dialog's `keydown` handler: Escape closes, Tab cycles within. */
  readonly keydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      return this.close();
    }
    if (event.key !== 'Tab') return;
    const dialog = event.currentTarget as HTMLElement;
    const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (items.length === 0) return;
    const root = dialog.getRootNode() as Document | ShadowRoot;
    const index = items.indexOf(root.activeElement as HTMLElement);
    const next = event.shiftKey ? (index <= 0 ? items.length - 1 : index - 1) : (index + 1) % items.length;
    event.preventDefault();
    items[next]!.focus();
  };

  /** Closes and returns focus to the opener. */
  close(): void {
    this.#close();
    this.#opener?.focus();
    this.#opener = undefined;
  }
}
