import type { OutletEntry } from '../outlets.js';

/** Snooze, in the open conversation's header. */
export const threadAction: OutletEntry = {
  tag: 'chat-admin-snooze',
  rank: 20,
  load: async () => (await import('./chat-admin-snooze.component.js')).ChatAdminSnooze,
};
