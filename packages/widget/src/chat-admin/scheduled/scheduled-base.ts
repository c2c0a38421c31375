import { AdminRegion } from '../admin-region.js';
import { ScheduledApi } from './scheduled-api.js';
import { scheduledEn, type ScheduledStrings } from './scheduled-strings.js';
import { scheduledStore } from './scheduled-store.js';
import { scheduledStyles } from './scheduled.styles.js';

/**
 * What both Send later elements share: their rules added to `<chat-admin>`'s shadow root (they render in it, as
 * `AdminRegion`s), their strings, their API client, and the store of the open conversation's scheduled messages.
 */
export class ScheduledRegion extends AdminRegion {
  #unwatch: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    const root = this.getRootNode();
    const sheet = scheduledStyles.styleSheet;
    if (root instanceof ShadowRoot && sheet && !root.adoptedStyleSheets.includes(sheet))
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    this.#unwatch = scheduledStore.watch(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unwatch?.();
  }

  protected get texts(): ScheduledStrings {
    return { ...scheduledEn, ...this.inbox.strings.scheduled };
  }

  protected get api(): ScheduledApi | undefined {
    const api = this.inbox.api;
    return api ? new ScheduledApi(api) : undefined;
  }

  /** Reads the conversation's scheduled messages again, into the store. */
  protected async reload(conversationId: string): Promise<void> {
    const api = this.api;
    if (!api) return;
    const list = await api.list(conversationId);
    if (this.inbox.state.current?.id === conversationId) scheduledStore.set(conversationId, list.items);
  }
}
