import { html } from 'lit';
import type { MessageDecoration } from '../outlets.js';

/**
 * "Not delivered: …" in the meta row of a staff reply that the conversation's channel did not deliver (a messaging
 * provider's, an API channel's: ADR 2026-11-30-channel-providers), with the provider's or the bridge's reason.
 */
export const messageDecoration: MessageDecoration = {
  tag: 'chat-admin-reply-delivery',
  place: 'meta',
  rank: 40,
  load: async () => (await import('./chat-admin-reply-delivery.component.js')).ChatAdminReplyDelivery,
  render: (message, inbox) =>
    inbox.state.current?.channel === 'api' &&
    message.author.role === 'staff' &&
    message.kind === 'text' &&
    message.id !== undefined
      ? html`<chat-admin-reply-delivery .message=${message} .inbox=${inbox}></chat-admin-reply-delivery>`
      : undefined,
};
