import type { ComposerTool } from '../outlets.js';

/**
 * The AI tools (issue #83): Draft reply and Rewrite above the reply form, and what they leave (the draft's sources,
 * Undo, the agent's original beside a translation, a refusal) under it. One chunk for both
 * (chat-admin-ai-tools.component.ts defines both); each shows nothing while the site's AI tools are off.
 */
export const composerTools: readonly ComposerTool[] = [
  {
    tag: 'chat-admin-ai-tools',
    place: 'above',
    rank: 20,
    load: async () => (await import('./chat-admin-ai-tools.component.js')).ChatAdminAiTools,
  },
  {
    tag: 'chat-admin-ai-result',
    place: 'below',
    rank: 10,
    load: async () => (await import('./chat-admin-ai-tools.component.js')).ChatAdminAiResult,
  },
];
