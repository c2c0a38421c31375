import { html } from 'lit';
import type { MessageDecoration } from '../outlets.js';

/** A message the site's safety settings changed (redacted, or hidden): said instead of its text. */
export const messageDecoration: MessageDecoration = {
  tag: 'chat-admin-redacted',
  place: 'body',
  rank: 10,
  load: async () => (await import('./chat-admin-redacted.component.js')).ChatAdminRedacted,
  render: (message, inbox) =>
    message.redacted || message.hidden
      ? html`<chat-admin-redacted .message=${message} .inbox=${inbox}></chat-admin-redacted>`
      : undefined,
};
