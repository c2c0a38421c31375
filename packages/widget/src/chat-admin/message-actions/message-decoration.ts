import { html } from 'lit';
import type { MessageDecoration } from '../outlets.js';

/**
 * Edit and Delete on one of the agent's own recent messages, in its meta row: the element renders nothing once the
 * window to change it has closed.
 */
export const messageDecoration: MessageDecoration = {
  tag: 'chat-admin-message-actions',
  place: 'meta',
  rank: 20,
  load: async () => (await import('./chat-admin-message-actions.component.js')).ChatAdminMessageActions,
  render: (message, inbox) =>
    message.mine && message.id !== undefined && inbox.client?.canEdit(message)
      ? html`<chat-admin-message-actions .message=${message} .inbox=${inbox}></chat-admin-message-actions>`
      : undefined,
};
