import { AdminRegion } from '../admin-region.js';
import { moderationState, type ModerationState } from './moderation-state.js';
import { moderationEn, type ModerationStrings } from './moderation-strings.js';
import { adoptModerationStyles } from './moderation.styles.js';

/**
 * What the moderation parts share: their styles, and the inbox's {@link ModerationState}, watched from the first
 * render until the part leaves the page.
 */
export abstract class ModerationRegion extends AdminRegion {
  #unwatchState: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    adoptModerationStyles(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unwatchState?.();
    this.#unwatchState = undefined;
  }

  /** The open conversation's moderation state, watched; `undefined` while no conversation is open. */
  protected watchedState(): ModerationState | undefined {
    if (!this.inbox?.state.current) return undefined;
    const state = moderationState(this.inbox);
    this.#unwatchState ??= state.watch(this);
    return state;
  }

  /** The moderation strings in the inbox's language. */
  protected strings(): ModerationStrings {
    return { ...moderationEn, ...this.inbox?.strings.moderation };
  }
}
