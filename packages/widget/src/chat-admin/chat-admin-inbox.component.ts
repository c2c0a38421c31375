import { html, type TemplateResult } from 'lit';
import { AdminRegion } from './admin-region.js';
import { chatAdminInboxStyles } from './chat-admin-inbox.styles.js';

/**
 * The inbox page of `<chat-admin>`: three columns, `<chat-admin-list>`, `<chat-admin-thread>` and, while a
 * conversation is open, `<chat-admin-visitor>` (on narrow screens one column at a time, the visitor panel a
 * drawer). Renders into `<chat-admin>`'s shadow root (see `AdminRegion`).
 *
 * @summary The inbox page: list, conversation, visitor panel.
 * @tag chat-admin-inbox
 */
export class ChatAdminInbox extends AdminRegion {
  static override styles = chatAdminInboxStyles;

  protected override render(): TemplateResult {
    return html`<div class="columns">
      <chat-admin-list .inbox=${this.inbox}></chat-admin-list>
      <chat-admin-thread .inbox=${this.inbox}></chat-admin-thread>
      <chat-admin-visitor .inbox=${this.inbox}></chat-admin-visitor>
    </div>`;
  }
}
