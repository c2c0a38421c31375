import { html } from 'lit';
import type { MessageDecoration } from '../outlets.js';

/** Translate (AI) on a visitor's stored message, in its meta row: the element shows nothing while the AI tools are off. */
export const messageDecoration: MessageDecoration = {
  tag: 'chat-admin-ai-translate',
  place: 'meta',
  rank: 30,
  load: async () => (await import('./chat-admin-ai-translate.component.js')).ChatAdminAiTranslate,
  render: (message, inbox) =>
    message.author.role === 'visitor' && message.id
      ? html`<chat-admin-ai-translate .message=${message} .inbox=${inbox}></chat-admin-ai-translate>`
      : undefined,
};
