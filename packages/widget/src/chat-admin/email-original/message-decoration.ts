import { html } from 'lit';
import type { MessageDecoration } from '../outlets.js';

/** "Show original" on a message that came in by email, in its meta row. */
export const messageDecoration: MessageDecoration = {
  tag: 'chat-admin-email-original',
  place: 'meta',
  rank: 10,
  load: async () => (await import('./chat-admin-email-original.component.js')).ChatAdminEmailOriginal,
  render: (message, inbox) =>
    message.via === 'email' && message.seq !== undefined
      ? html`<chat-admin-email-original .message=${message} .inbox=${inbox}></chat-admin-email-original>`
      : undefined,
};
