import { html } from 'lit';
import type { MessageDecoration } from '../outlets.js';

/**
 * The AI on a stored message, in its meta row: Translate on a visitor's (while the AI tools are on), the articles a
 * bot's answer drew on (the AI agent's `sources`) as links. One element decides which, so the thread's chunk carries
 * one small template for both.
 */
export const messageDecoration: MessageDecoration = {
  tag: 'chat-admin-ai-message',
  place: 'meta',
  rank: 30,
  load: async () => (await import('./chat-admin-ai-message.component.js')).ChatAdminAiMessage,
  render: (message, inbox) =>
    message.author.role !== 'staff' && message.id
      ? html`<chat-admin-ai-message .message=${message} .inbox=${inbox}></chat-admin-ai-message>`
      : undefined,
};
