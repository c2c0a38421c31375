import { html, nothing, type TemplateResult } from 'lit';
import { ModerationRegion } from './moderation-region.js';

/**
 * *Mark as spam* and *Not spam*, in the open conversation's header (a thread action, `thread-actions.ts`). Marking
 * hides the conversation from every view but Spam, keeps it out of reports and blocks its visitor and network for
 * the site's block time; *Not spam* undoes all of it.
 *
 * @summary Mark the open conversation as spam, or not.
 * @tag chat-admin-spam
 */
export class ChatAdminSpam extends ModerationRegion {
  protected override render(): TemplateResult | typeof nothing {
    const state = this.watchedState();
    if (!state) return nothing;
    const flags = state.current();
    if (!flags) return nothing;
    const t = this.strings();
    return flags.spam
      ? html`<button type="button" class="ghost not-spam" ?disabled=${state.busy} @click=${() => state.run((api, id) => api.notSpam(id))}>
          ${t.notSpam}
        </button>`
      : html`<button type="button" class="ghost mark-spam" ?disabled=${state.busy} @click=${() => state.run((api, id) => api.markSpam(id))}>
          ${t.markSpam}
        </button>`;
  }
}
