import type { OutletEntry } from '../outlets.js';

/** Summarise (AI), in the open conversation's header: shows nothing while the site's AI tools are off. */
export const threadAction: OutletEntry = {
  tag: 'chat-admin-ai-summary',
  rank: 30,
  load: async () => (await import('./chat-admin-ai-summary.component.js')).ChatAdminAiSummary,
};
