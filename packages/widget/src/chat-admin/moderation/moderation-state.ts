import type { ConversationFlags } from '@parley/protocol/admin';
import type { InboxController } from '../inbox-controller.js';
import { errorText } from '../kit/error-text.js';
import { ModerationApi } from './moderation-api.js';

/**
 * The open conversation's flags and spam mark, shared by the banner and the thread's action (one read for both):
 * read again when the conversation changes (another message, a change told by the relay), and after each action.
 */
export class ModerationState {
  /** `id:updatedAt:lastSeq` of what `flags` was read for. */
  #key = '';
  #flags: (ConversationFlags & { readonly id: string }) | undefined;
  #error: string | undefined;
  #busy = false;
  readonly #views = new Set<{ requestUpdate(): void }>();

  constructor(private readonly inbox: InboxController) {}

  /** The open conversation's flags, once read; starts the read when it changed. */
  current(): ConversationFlags | undefined {
    const current = this.inbox.state.current;
    if (!current) return undefined;
    const key = `${current.id}:${current.updatedAt}:${current.lastSeq}`;
    if (key !== this.#key) {
      this.#key = key;
      void this.#read(current.id);
    }
    return this.#flags?.id === current.id ? this.#flags : undefined;
  }

  get error(): string | undefined {
    return this.#error;
  }

  get busy(): boolean {
    return this.#busy;
  }

  watch(view: { requestUpdate(): void }): () => void {
    this.#views.add(view);
    return () => this.#views.delete(view);
  }

  /** Runs an action on the open conversation, then reads its flags and the list again. */
  async run(work: (api: ModerationApi, id: string) => Promise<unknown>): Promise<void> {
    const api = this.#api;
    const id = this.inbox.state.current?.id;
    if (!api || !id || this.#busy) return;
    this.#busy = true;
    this.#error = undefined;
    this.#changed();
    try {
      await work(api, id);
      await this.#read(id);
      // Marked or not, dismissed or not: the views it is listed in change.
      void this.inbox.list.load();
    } catch (error) {
      this.#error = errorText(error);
    } finally {
      this.#busy = false;
      this.#changed();
    }
  }

  get #api(): ModerationApi | undefined {
    const api = this.inbox.api;
    return api ? new ModerationApi(api) : undefined;
  }

  async #read(id: string): Promise<void> {
    const api = this.#api;
    if (!api) return;
    try {
      const flags = await api.flags(id);
      if (this.inbox.state.current?.id === id) this.#flags = { ...flags, id };
    } catch {
      // The banner stays as it was: nothing to show is the safe answer.
    }
    this.#changed();
  }

  #changed(): void {
    for (const view of this.#views) view.requestUpdate();
  }
}

const states = new WeakMap<InboxController, ModerationState>();

/** The inbox's one {@link ModerationState}. */
export function moderationState(inbox: InboxController): ModerationState {
  let state = states.get(inbox);
  if (!state) states.set(inbox, (state = new ModerationState(inbox)));
  return state;
}
