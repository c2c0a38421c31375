import { html } from 'lit';
import type { MessageDecoration } from '../outlets.js';

/**
 * Why the relay refused a reply outside WhatsApp's 24-hour window (`reply_window_closed`), in the meta row of the
 * reply that was not sent: its words, which point at the approved templates. The composer holds Send then, so this
 * is for a reply sent just as the window closed.
 */
export const messageDecoration: MessageDecoration = {
  tag: 'chat-admin-whatsapp-refused',
  place: 'meta',
  rank: 40,
  load: async () => (await import('./chat-admin-whatsapp-refused.component.js')).ChatAdminWhatsAppRefused,
  render: (message) =>
    message.status === 'failed' && message.error?.code === 'reply_window_closed'
      ? html`<chat-admin-whatsapp-refused .reason=${message.error.message}></chat-admin-whatsapp-refused>`
      : undefined,
};
