import type { OutletEntry } from '../outlets.js';

/** Mark as spam and Not spam, in the open conversation's header. */
export const threadAction: OutletEntry = {
  tag: 'chat-admin-spam',
  rank: 50,
  load: async () => (await import('./chat-admin-spam.component.js')).ChatAdminSpam,
};
