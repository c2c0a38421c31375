import { html, nothing, type TemplateResult } from 'lit';
import { AdminRegion } from '../admin-region.js';
import { moderationState } from './moderation-state.js';
import { moderationEn, type ModerationStrings } from './moderation-strings.js';
import { adoptModerationStyles } from './moderation.styles.js';

/**
 * *Mark as spam* and *Not spam*, in the open conversation's header (a thread action, `thread-actions.ts`). Marking
 * hides the conversation from every view but Spam, keeps it out of reports and blocks its visitor and network for
 * the site's block time; *Not spam* undoes all of it.
 *
 * @summary Mark the open conversation as spam, or not.
 * @tag chat-admin-spam
 */
export class ChatAdminSpam extends AdminRegion {
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

  protected override render(): TemplateResult | typeof nothing {
    if (!this.inbox?.state.current) return nothing;
    const state = moderationState(this.inbox);
    this.#unwatchState ??= state.watch(this);
    const flags = state.current();
    if (!flags) return nothing;
    const t: ModerationStrings = { ...moderationEn, ...this.inbox.strings.moderation };
    return flags.spam
      ? html`<button type="button" class="ghost not-spam" ?disabled=${state.busy} @click=${() => state.run((api, id) => api.notSpam(id))}>
          ${t.notSpam}
        </button>`
      : html`<button type="button" class="ghost mark-spam" ?disabled=${state.busy} @click=${() => state.run((api, id) => api.markSpam(id))}>
          ${t.markSpam}
        </button>`;
  }
}
