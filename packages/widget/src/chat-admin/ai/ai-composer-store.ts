import type { AiSource } from '@parley/protocol/admin';

/** What the composer's AI tool is doing: nothing, drafting (a stream to stop), or rewriting. */
export type AiWork = 'idle' | 'draft' | 'rewrite';

/**
 * What the composer's two AI parts share (the buttons above the form, what they left below it): the conversation it
 * is about, the work under way, its refusal, the sources of the last draft, the agent's text before the last
 * replacement (Undo), and their original beside a translation. One per inbox page: the chunk's module.
 */
export class AiComposerStore {
  conversationId: string | undefined;
  work: AiWork = 'idle';
  error: string | undefined;
  /** Said after a draft was stopped. */
  note: string | undefined;
  sources: readonly AiSource[] = [];
  /** The agent's text before the tool replaced it (a draft, a rewrite): Undo puts it back. */
  previous: string | undefined;
  /** The agent's text beside its translation (`language` translated into): kept in view, restored with one click. */
  original: { text: string; language: string | null } | undefined;
  /** Stops the draft being streamed. */
  abort: AbortController | undefined;
  readonly #listeners = new Set<() => void>();

  /** Changes what it holds and tells the parts. */
  set(change: Partial<Omit<AiComposerStore, 'set' | 'watch' | 'clear'>>): void {
    Object.assign(this, change);
    for (const listener of this.#listeners) listener();
  }

  /** Everything forgotten (another conversation shown): a draft under way is stopped. */
  clear(conversationId: string | undefined): void {
    this.abort?.abort();
    this.set({
      conversationId,
      work: 'idle',
      error: undefined,
      note: undefined,
      sources: [],
      previous: undefined,
      original: undefined,
      abort: undefined,
    });
  }

  /** Calls `listener` on each change; returns the unsubscribe. */
  watch(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

export const aiComposerStore = new AiComposerStore();
