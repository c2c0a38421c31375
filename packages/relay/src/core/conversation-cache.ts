import type { Store } from '../store/store.js';

/** The conversation facts the hot path needs, cached so staff sends do not read the store each time. */
export interface ConversationRef {
  readonly id: string;
  readonly siteId: string;
  readonly visitorId: string;
}

/** Conversations the relay has seen lately, read through from the store; the oldest go first past `max`. */
export class ConversationCache {
  readonly #refs = new Map<string, ConversationRef>();

  constructor(
    private readonly store: Pick<Store, 'getConversation'>,
    private readonly max = 10_000,
  ) {}

  /** The conversation, from the cache or the store; `undefined` when it does not exist. */
  async get(id: string): Promise<ConversationRef | undefined> {
    const cached = this.#refs.get(id);
    if (cached) return cached;
    const found = await this.store.getConversation(id);
    if (!found) return undefined;
    const ref = { id: found.id, siteId: found.siteId, visitorId: found.visitorId };
    this.remember(ref);
    return ref;
  }

  /** Caches a conversation a message was just stored in. */
  remember(ref: ConversationRef): void {
    if (this.#refs.size >= this.max && !this.#refs.has(ref.id)) {
      const oldest = this.#refs.keys().next();
      if (!oldest.done) this.#refs.delete(oldest.value);
    }
    this.#refs.set(ref.id, ref);
  }

  /** Drops a conversation (it was erased). */
  forget(id: string): void {
    this.#refs.delete(id);
  }
}
