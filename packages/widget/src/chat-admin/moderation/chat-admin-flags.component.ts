import { html, nothing, type TemplateResult } from 'lit';
import { ModerationRegion } from './moderation-region.js';

/**
 * The open conversation's banner under its header: why it is up for review (the content filter's words, patterns
 * and links; the spam limits' repeats and networks) with *Dismiss*, or that it is marked as spam and by whom, with
 * *Not spam*. Nothing when there is neither.
 *
 * @summary Why the open conversation is up for review, or marked as spam.
 * @tag chat-admin-flags
 */
export class ChatAdminFlags extends ModerationRegion {
  protected override render(): TemplateResult | typeof nothing {
    const state = this.watchedState();
    if (!state) return nothing;
    const flags = state.current();
    const error = state.error ? html`<span class="error" role="alert">${state.error}</span>` : nothing;
    if (!flags || flags.items.length === 0) return state.error ? html`<p class="flags">${error}</p>` : nothing;
    const t = this.strings();
    const spam = flags.items.find((flag) => flag.reason === 'spam');
    const review = flags.items.filter((flag) => flag.reason !== 'spam');
    if (spam)
      return html`<section class="flags spam" role="status" aria-label=${t.reasons.spam}>
        <strong>${t.markedBy(spam.detail)}</strong>
        <button type="button" class="ghost not-spam" ?disabled=${state.busy} @click=${() => state.run((api, id) => api.notSpam(id))}>
          ${t.notSpam}
        </button>
        ${error}
      </section>`;
    return html`<section class="flags" role="status" aria-label=${t.review}>
      <strong>${t.review}</strong>
      <ul>
        ${review.map(
          (flag) => html`<li>
            <span class="reason">${t.reasons[flag.reason]}</span>${flag.detail ? html`: <span class="detail" dir="auto">${flag.detail}</span>` : nothing}
          </li>`,
        )}
      </ul>
      <button type="button" class="ghost dismiss" ?disabled=${state.busy} @click=${() => state.run((api, id) => api.dismiss(id))}>
        ${t.dismiss}
      </button>
      ${error}
    </section>`;
  }
}
