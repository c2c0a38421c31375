import { html } from 'lit';
import type { MessageDecoration } from '../../outlets.js';

/**
 * A rule's AI classification suggested in a private note (`ai_classify` in `suggest` mode, docs/ai.md “Classify”):
 * shown instead of the note's text, in words, with Apply. The note is read in the element's own chunk.
 */
export const messageDecoration: MessageDecoration = {
  tag: 'chat-admin-ai-classify-suggestion',
  place: 'body',
  rank: 20,
  load: async () => (await import('./chat-admin-ai-classify-suggestion.component.js')).ChatAdminAiClassifySuggestion,
  render: (message, inbox) =>
    message.kind === 'note' && message.automation === 'ai_classify'
      ? html`<chat-admin-ai-classify-suggestion
          .message=${message}
          .inbox=${inbox}
        ></chat-admin-ai-classify-suggestion>`
      : undefined,
};
