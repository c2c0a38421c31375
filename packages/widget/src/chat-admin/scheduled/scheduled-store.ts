import type { ScheduledMessage } from '@parley/protocol/admin';

/**
 * What the two Send later elements share (the composer's menu schedules, the list above it shows): the open
 * conversation's messages still to send, and who to tell when they change. One per inbox page: the chunk's module.
 */
export class ScheduledStore {
  #conversationId: string | undefined;
  #items: readonly ScheduledMessage[] = [];
  readonly #listeners = new Set<() => void>();

  get conversationId(): string | undefined {
    return this.#conversationId;
  }

  get items(): readonly ScheduledMessage[] {
    return this.#items;
  }

  set(conversationId: string, items: readonly ScheduledMessage[]): void {
    this.#conversationId = conversationId;
    this.#items = [...items].sort((a, b) => a.sendAt - b.sendAt);
    for (const listener of this.#listeners) listener();
  }

  /** Calls `listener` on each change; returns the unsubscribe. */
  watch(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

export const scheduledStore = new ScheduledStore();
