import { html, LitElement, type TemplateResult } from 'lit';

/**
 * The relay's reason for refusing a reply outside WhatsApp's 24-hour window, beside the reply's "Not sent" (the
 * message decoration of message-decoration.ts). Renders into the thread's root, as the inbox's regions do.
 *
 * @summary Why a WhatsApp reply was not sent.
 * @tag chat-admin-whatsapp-refused
 */
export class ChatAdminWhatsAppRefused extends LitElement {
  static override properties = { reason: { attribute: false } };

  /** The relay's words (`reply_window_closed`'s message). */
  declare reason: string;

  constructor() {
    super();
    this.reason = '';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render(): TemplateResult {
    return html`<span class="error whatsapp-refused" role="note">${this.reason}</span>`;
  }
}
