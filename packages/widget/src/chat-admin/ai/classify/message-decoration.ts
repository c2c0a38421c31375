import { html } from 'lit';
import type { MessageDecoration } from '../../outlets.js';

/**
 * A rule's AI classification suggested in a private note (`ai_classify` in `suggest` mode, docs/ai.md “Classify”):
 * shown instead of the note's text, in words, with Apply. Only such notes carry `automation: 'ai_classify'`; the
 * note's data is read in the element's own chunk. Kept to the fewest bytes: it is in the inbox's first load.
 */
export const messageDecoration: MessageDecoration = {
  tag: 'chat-admin-ai-suggestion',
  place: 'body',
  rank: 20,
  load: async () => (await import('./chat-admin-ai-suggestion.component.js')).ChatAdminAiSuggestion,
  render: (message, inbox) =>
    message.automation === 'ai_classify'
      ? html`<chat-admin-ai-suggestion .message=${message} .inbox=${inbox}></chat-admin-ai-suggestion>`
      : undefined,
};
