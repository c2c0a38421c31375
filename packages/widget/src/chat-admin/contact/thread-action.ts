import type { OutletEntry } from '../outlets.js';

/** Where the contact is reached (a channel's handle): not an action, first in the thread header's row. */
export const threadAction: OutletEntry = {
  tag: 'chat-admin-reach',
  rank: 10,
  load: async () => (await import('./chat-admin-reach.component.js')).ChatAdminReach,
};
