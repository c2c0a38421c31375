import { LitElement, type PropertyValues } from 'lit';
import type { InboxController } from './inbox-controller.js';

/**
 * The base of `<chat-admin>`'s regions (sign-in, list, thread, composer, visitor panel, the inbox page): a view
 * of the {@link InboxController} passed as `inbox`, re-rendered whenever it changes.
 *
 * Regions render into `<chat-admin>`'s shadow root (no shadow root of their own, `display: contents`), because
 * the inbox's ARIA references cross regions: the thread's visitor toggle has `aria-controls` on the visitor
 * panel, and focus moves between the list, the thread and the composer by id. ID references do not cross
 * shadow roots. Their styles (`x.styles.ts`, as `static styles`) are adopted by `<chat-admin>`.
 */
export class AdminRegion extends LitElement {
  static override properties = {
    inbox: { attribute: false },
  };

  /** The inbox's state and actions. */
  declare inbox: InboxController;

  #unwatch: (() => void) | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#watch();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unwatch?.();
    this.#unwatch = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('inbox')) {
      this.#unwatch?.();
      this.#unwatch = undefined;
    }
    this.#watch();
  }

  protected override updated(): void {
    this.inbox.focusIn(this);
  }

  #watch(): void {
    if (this.inbox && this.isConnected && !this.#unwatch) this.#unwatch = this.inbox.watch(this);
  }
}
